import { describe, expect, it } from "vitest";
import { describeState, kindLabel, logTime, shortHash } from "./reviewText";

describe("review words", () => {
  it("names every state in plain words", () => {
    expect(describeState("submitted")).toBe("Waiting for review");
    expect(describeState("draft")).toBe("Draft");
    expect(describeState("rejected")).toBe("Rejected");
  });

  it("shortens hashes and formats log times", () => {
    expect(shortHash("0123456789abcdef0123")).toBe("0123456789ab");
    expect(logTime("2026-01-31T12:34:56.789Z")).toBe("2026-01-31 12:34:56 UTC");
    expect(logTime("not a time")).toBe("not a time");
  });

  it("labels event kinds", () => {
    expect(kindLabel("review.approved")).toBe("Review approved");
    expect(kindLabel("finding.overridden")).toBe("Finding overridden");
  });
});

import { describe, expect, it } from "vitest";
import { blockingCount, categoryLabel, countCharacters, sortFindings, spanStillMatches, type Finding } from "./phi";

const finding = (over: Partial<Finding>): Finding => ({
  start: 0, end: 4, utf16_start: 0, utf16_end: 4, category: "name", confidence: 0.9, text: "John",
  reason: "a first name", suggestion: "[name]", suppressed: false, severity: "blocking", ...over,
});

describe("findings", () => {
  it("labels categories in plain words, even unknown ones", () => {
    expect(categoryLabel("phone_number")).toBe("Phone number");
    expect(categoryLabel("age_over_89")).toBe("Age over 89");
    expect(categoryLabel("new_kind_of_thing")).toBe("New kind of thing");
  });
  it("sorts by position, blocking first at the same place", () => {
    const a = finding({ utf16_start: 10, severity: "warning", category: "date" });
    const b = finding({ utf16_start: 10, severity: "blocking" });
    const c = finding({ utf16_start: 2 });
    expect(sortFindings([a, b, c])).toEqual([c, b, a]);
  });
  it("counts only blocking findings", () => {
    expect(blockingCount([finding({}), finding({ severity: "warning" }), finding({ severity: "suppressed" })])).toBe(1);
  });
  it("offers a fix only while the span still holds the scanned text", () => {
    const f = finding({ utf16_start: 4, utf16_end: 8, text: "John" });
    expect(spanStillMatches("Our John came", f)).toBe(true);
    expect(spanStillMatches("Our Joan came", f)).toBe(false);
  });
  it("counts an emoji as one character", () => {
    expect(countCharacters("hi 👋🏽")).toBe(4);
  });
});

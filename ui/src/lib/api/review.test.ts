// The Review panel reloads on an event the Rust commands emit: the two sides
// must agree on its name, or the panel silently stops following changes.
import { describe, expect, it } from "vitest";
import { REVIEW_CHANGED_EVENT } from "./review";
import rust from "../../../../src-tauri/src/review.rs?raw";

describe("the review-changed event", () => {
  it("has the name the Rust side emits", () => {
    const emitted = /pub const REVIEW_CHANGED_EVENT: &str = "([^"]+)";/.exec(rust)?.[1];
    expect(emitted).toBeDefined();
    expect(REVIEW_CHANGED_EVENT).toBe(emitted);
  });
});

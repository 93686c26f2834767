import { describe, expect, it } from "vitest";
import { covers, draftAllowed } from "./draftAllow";
import type { Finding } from "./phi";

const finding = (over: Partial<Finding>): Finding => ({
  start: 0, end: 4, utf16_start: 0, utf16_end: 4, category: "name", confidence: 0.9, text: "John",
  reason: "a first name", suggestion: "[name]", suppressed: false, severity: "blocking", ...over,
});

describe("the draft's own allow-list", () => {
  it("matches phrases the way the scanner's allow-list does", () => {
    expect(covers("St  Aldric's", "st aldric's")).toBe(true);
    expect(covers("St Aldric's Hospital", "St Aldric's")).toBe(true);
    expect(covers("(602) 555-0147", "602.555.0147")).toBe(true);
    expect(covers("(602) 555-0147", "(602) 555-0148")).toBe(false);
    expect(covers("Mary", "John Whitaker")).toBe(false);
    expect(covers("  ", "John")).toBe(false);
  });

  it("reports each allowed phrase with the suppressed findings it covers, never the flagged ones", () => {
    const allowed = finding({ text: "Wren Halloway", severity: "suppressed", suppressed: true, utf16_start: 3 });
    const again = finding({ text: "wren halloway", severity: "suppressed", suppressed: true, utf16_start: 40 });
    const flagged = finding({ text: "Wren Halloway", severity: "blocking", utf16_start: 80 });
    const other = finding({ text: "John Whitaker", severity: "suppressed", suppressed: true });
    const report = draftAllowed([allowed, flagged, again, other], ["Wren Halloway", "Ward 7"]);
    expect(report.map((r) => r.phrase)).toEqual(["Wren Halloway", "Ward 7"]);
    expect(report[0]?.suppressed).toEqual([allowed, again]);
    expect(report[1]?.suppressed).toEqual([]);
  });
});

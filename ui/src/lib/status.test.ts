import { describe, expect, it } from "vitest";
import { initials, summariseModels } from "./status";

const model = (name: string, present: boolean) => ({ name, purpose: "p", path: `/m/${name}`, present });

describe("summariseModels", () => {
  it("says all models are ready when every file is present", () => {
    expect(summariseModels([model("centerface", true), model("ppocr-det", true)])).toBe("2/2 models ready");
  });
  it("names the missing models and how to fetch them", () => {
    const text = summariseModels([model("centerface", false), model("ppocr-det", true), model("ppocr-rec", false)]);
    expect(text).toBe("1/3 models ready — missing centerface, ppocr-rec (run scripts/fetch-models)");
  });
  it("copes with an empty list", () => {
    expect(summariseModels([])).toBe("no models known");
  });
});

describe("initials", () => {
  it("takes the first and last word's first letters", () => {
    expect(initials("dana maria reyes")).toBe("DR");
    expect(initials("  Sam ")).toBe("S");
    expect(initials("")).toBe("?");
  });
});

import { describe, expect, it } from "vitest";
import { initials, summariseModels, wordListWarning } from "./status";

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

describe("wordListWarning", () => {
  it("is silent when every list is present", () => {
    expect(wordListWarning([model("census-surnames", true), model("geonames-cities5000", true)])).toBeNull();
    expect(wordListWarning(undefined)).toBeNull();
  });
  it("names the missing lists, what is lost and the fix", () => {
    const text = wordListWarning([model("census-surnames", false), model("geonames-cities5000", true)]);
    expect(text).toBe(
      "PHI name and place lists missing (census-surnames): names and towns are not checked — run scripts/fetch-models",
    );
  });
});

describe("initials", () => {
  it("takes the first and last word's first letters", () => {
    expect(initials("dana maria reyes")).toBe("DR");
    expect(initials("  Sam ")).toBe("S");
    expect(initials("")).toBe("?");
  });
});

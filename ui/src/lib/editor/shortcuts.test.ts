import { describe, expect, it } from "vitest";
import { shortcutFor } from "./shortcuts";

const keys = (key: string, extra: Partial<KeyboardEvent> = {}) => ({
  key,
  ctrlKey: true,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...extra,
});

describe("shortcutFor", () => {
  it("maps Ctrl+N, Ctrl+F and Ctrl+S outside the editor", () => {
    expect(shortcutFor(keys("n"), false)).toBe("new-draft");
    expect(shortcutFor(keys("F"), false)).toBe("search-drafts");
    expect(shortcutFor(keys("s"), false)).toBe("save");
  });

  it("leaves Ctrl+F and Ctrl+S to CodeMirror inside the editor", () => {
    expect(shortcutFor(keys("f"), true)).toBeNull();
    expect(shortcutFor(keys("s"), true)).toBeNull();
    expect(shortcutFor(keys("n"), true)).toBe("new-draft");
  });

  it("ignores plain keys and other modifiers", () => {
    expect(shortcutFor(keys("n", { ctrlKey: false }), false)).toBeNull();
    expect(shortcutFor(keys("n", { shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(keys("x"), false)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { hoverCardStyle } from "./hoverCardTheme";

// app.css as written: Vitest blanks CSS imports (even ?raw), so the file is
// read with Node's fs, imported by a computed name because the UI's type
// check has no Node types.
const fs = await import(/* @vite-ignore */ ["node", "fs"].join(":"));
const appCss: string = fs.readFileSync(new URL("../../app.css", import.meta.url), "utf8");

/** The colour variables of app.css: the light ones, then the dark overrides. */
function themes(): { light: Record<string, string>; dark: Record<string, string> } {
  const vars = (block: string) =>
    Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map((m) => [m[1], m[2]]));
  const darkStart = appCss.indexOf("@media (prefers-color-scheme: dark)");
  expect(darkStart).toBeGreaterThan(0);
  const light = vars(appCss.slice(0, darkStart));
  return { light, dark: { ...light, ...vars(appCss.slice(darkStart, appCss.indexOf("}\n}", darkStart))) } };
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (at: number) => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string | undefined, b: string | undefined): number {
  if (!a || !b) throw new Error(`a colour is missing: ${a} on ${b}`);
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const card = hoverCardStyle["&.cm-editor .cm-tooltip.cm-tooltip-hover"];
const variable = (value: string) => /^var\(--([\w-]+)\)$/.exec(value)?.[1];

describe("the PHI hover card's colours", () => {
  it("come from the app's theme variables, not fixed colours", () => {
    expect(variable(card.backgroundColor)).toBe("panel");
    expect(variable(card.color)).toBe("text");
  });

  it("are readable in the light and the dark theme (text and the muted reason)", () => {
    for (const [name, vars] of Object.entries(themes())) {
      const background = vars[variable(card.backgroundColor)!];
      expect(background, name).toMatch(/^#/);
      expect(contrast(vars[variable(card.color)!], background), `${name} text`).toBeGreaterThanOrEqual(7);
      // The reason line is var(--muted) (app.css .cp-phi-card p).
      expect(contrast(vars.muted, background), `${name} reason`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("would not be readable on CodeMirror's own light tooltip grey in the dark theme", () => {
    // What the card looked like before: the dark theme's text on #f5f5f5.
    expect(contrast(themes().dark.text, "#f5f5f5")).toBeLessThan(1.5);
  });
});

import { describe, expect, it } from "vitest";
import { writable } from "svelte/store";
import { ensureSettings, followRedactionStyle, publishSettings, settingsStore } from "./settings";
import type { RedactionStyle, Settings } from "./api";

const settings = (over: Partial<Settings> = {}): Settings => ({
  display_name: "Ana",
  allow_list: [],
  redaction_style: "blur",
  blocking: { min_confidence: 0.5, non_blocking_categories: [] },
  theme: "system",
  ...over,
});

describe("the shared settings", () => {
  it("tells the photos panel each new redaction style, and only real changes", () => {
    const store = writable<Settings | null>(null);
    const seen: RedactionStyle[] = [];
    const stop = followRedactionStyle(store, (s) => seen.push(s));
    expect(seen).toEqual([]);
    store.set(settings());
    store.set(settings({ theme: "dark" }));
    store.set(settings({ redaction_style: "pixelate" }));
    store.set(settings({ redaction_style: "pixelate", allow_list: ["St Luke's"] }));
    store.set(settings({ redaction_style: "solid_box" }));
    expect(seen).toEqual(["blur", "pixelate", "solid_box"]);
    stop();
    store.set(settings({ redaction_style: "blur" }));
    expect(seen).toEqual(["blur", "pixelate", "solid_box"]);
  });

  it("loads once, then follows what the settings dialog publishes", async () => {
    let loads = 0;
    const load = async () => (loads++, settings({ redaction_style: "pixelate" }));
    const seen: RedactionStyle[] = [];
    const stop = followRedactionStyle(settingsStore, (s) => seen.push(s));
    await ensureSettings(load);
    await ensureSettings(load);
    expect(loads).toBe(1);
    publishSettings(settings({ redaction_style: "solid_box" }));
    expect(seen).toEqual(["pixelate", "solid_box"]);
    stop();
  });
});

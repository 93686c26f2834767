// The settings as the whole window shares them: loaded once, replaced when
// the Settings dialog saves, so panels that depend on a setting (the Photos
// panel's redaction style) follow a change without being reopened.
import { get, writable, type Readable } from "svelte/store";
import type { RedactionStyle, Settings } from "./api";

const current = writable<Settings | null>(null);

/** The latest settings (null until first loaded). */
export const settingsStore: Readable<Settings | null> = { subscribe: current.subscribe };

/** Publishes settings just read from or written to disk. */
export function publishSettings(settings: Settings): void {
  current.set(settings);
}

/** Loads the settings into the store once (later calls keep what is there). */
export async function ensureSettings(load: () => Promise<Settings>): Promise<void> {
  if (get(current) === null) publishSettings(await load());
}

/** Calls `onStyle` with the redaction style now and whenever a save changes
 * it; saves that leave it as it was (theme, allow-list) do not call it, so a
 * style the author picked in the panel for this session is not reset by an
 * unrelated change. Returns the unsubscribe function. */
export function followRedactionStyle(
  store: Readable<Settings | null>,
  onStyle: (style: RedactionStyle) => void,
): () => void {
  let last: RedactionStyle | null = null;
  return store.subscribe((settings) => {
    const style = settings?.redaction_style;
    if (!style || style === last) return;
    last = style;
    onStyle(style);
  });
}

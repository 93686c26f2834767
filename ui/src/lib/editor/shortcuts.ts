// The app's keyboard shortcuts, as a pure function so they can be tested.
// Inside the editor, Ctrl+F is CodeMirror's own search; elsewhere it searches
// the drafts. Ctrl+S saves now everywhere (the editor also binds it).

export type ShortcutAction = "new-draft" | "search-drafts" | "save";

type Keys = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

export function shortcutFor(event: Keys, inEditor: boolean): ShortcutAction | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  switch (event.key.toLowerCase()) {
    case "n":
      return "new-draft";
    case "f":
      return inEditor ? null : "search-drafts";
    case "s":
      return inEditor ? null : "save";
    default:
      return null;
  }
}

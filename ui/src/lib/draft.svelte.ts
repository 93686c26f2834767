// The open draft's live state, shared by the editor and the findings panel.
import type { EditorView } from "@codemirror/view";
import type { Finding } from "./phi";

class DraftState {
  /** Findings from the latest scan of the current text. */
  findings: Finding[] = $state([]);
  /** Why the last scan failed, if it did. */
  scanError: string | null = $state(null);
  /** Characters in the draft, as people count them. */
  characters = $state(0);
  /** The editor, once mounted (the findings panel jumps to spans through it). */
  view: EditorView | null = null;
}

export const draft = new DraftState();

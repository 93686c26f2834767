// The open draft's live state, shared by the editor, the findings panel, the
// draft list and the preview; plus who is signed in.
import type { EditorView } from "@codemirror/view";
import type { Finding } from "./phi";
import type { DraftSummary, WorkingCopy } from "./api/drafts";
import type { Session } from "./api/profiles";
import type { SaveStatus } from "./editor/autosave";

class DraftState {
  /** Findings from the latest scan of the current text. */
  findings: Finding[] = $state([]);
  /** Why the PHI text check cannot run at all (word lists or model failed to
   * load), or null. While set, the window says so and Submit stays disabled. */
  textCheckProblem: string | null = $state(null);
  /** Why the last scan failed, if it did. */
  scanError: string | null = $state(null);
  /** Characters in the draft, as people count them. */
  characters = $state(0);
  /** The editor, once mounted (the findings panel jumps to spans through it). */
  view: EditorView | null = null;
  /** The draft open in the editor (null: a scratch pad that is not saved). */
  open: WorkingCopy | null = $state(null);
  /** Bumped when the editor must reload `open` (another draft was opened). */
  openSeq = $state(0);
  /** The autosave's status for the open draft. */
  saveStatus: SaveStatus = $state("saved");
  /** Why the last save failed. */
  saveError: string | null = $state(null);
  /** The draft list as last loaded. */
  list: DraftSummary[] = $state([]);
  /** Bumped to ask the draft list to reload. */
  listSeq = $state(0);
  /** Profiles on this machine and who is unlocked. */
  session: Session | null = $state(null);
  /** Whether the preview pane is shown beside the editor. */
  showPreview = $state(false);
  /** Saves the open draft now (set by the editor). */
  flush: () => Promise<void> = async () => {};
  /** Scans the editor's text again now, e.g. after the draft's allow-list changed (set by the editor). */
  rescan: () => Promise<void> = async () => {};
}

export const draft = new DraftState();

/** True when the author kept this finding with a reason. */
export function isOverridden(finding: Pick<Finding, "category" | "text">, open: WorkingCopy | null): boolean {
  return !!open?.overrides.some((o) => o.category === finding.category && o.text === finding.text);
}

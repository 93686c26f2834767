// Draft commands (src-tauri/src/drafts.rs) over the core's working copy. The
// types and the typed calls are generated from the Rust side (../bindings.ts);
// this module only names them as the panels use them.
import { commands } from "../bindings";

export type {
  AttachmentRef,
  AuthorOverride,
  DraftSummary,
  Saved,
  State as DraftState,
  WorkingCopy_Serialize as WorkingCopy,
} from "../bindings";

export const draftsApi = {
  list: (query?: string) => commands.draftsList(query ?? null),
  create: (title?: string) => commands.draftCreate(title ?? null),
  load: commands.draftLoad,
  autosave: commands.draftAutosave,
  rename: commands.draftRename,
  duplicate: commands.draftDuplicate,
  trash: commands.draftTrash,
  restore: commands.draftRestore,
  override: commands.draftOverride,
  removeOverride: commands.draftRemoveOverride,
  /** Allows a phrase in this draft only (its findings are then reported as suppressed). */
  allowInDraft: commands.draftAllow,
  /** Takes a phrase off this draft's allow-list: it is flagged again. */
  disallowInDraft: commands.draftDisallow,
  /** Sanitised HTML of the draft's Markdown and photos (rendered in Rust). */
  preview: commands.draftPreview,
};

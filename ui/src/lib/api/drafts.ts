// Draft commands (src-tauri/src/drafts.rs) over the core's working copy.
import { invoke } from "@tauri-apps/api/core";

export type DraftState = "draft" | "submitted" | "approved" | "rejected" | "exported";

/** A line of the draft list. */
export interface DraftSummary {
  id: string;
  author: string;
  title: string;
  state: DraftState;
  updated_at: string;
  trashed: boolean;
}

export interface AttachmentRef {
  sha256: string;
  name: string;
}

/** A flagged phrase the author chose to keep, with the reason. */
export interface AuthorOverride {
  category: string;
  text: string;
  reason: string;
  author: string;
  time: string;
}

/** A draft as the editor opens it. */
export interface WorkingCopy {
  id: string;
  author: string;
  title: string;
  text: string;
  attachments: AttachmentRef[];
  overrides: AuthorOverride[];
  allow_list: string[];
  state: DraftState;
  submission: string | null;
  trashed_at: string | null;
  saved_at: string;
}

/** What an autosave did. */
export interface Saved {
  saved_at: string;
  state: DraftState;
  /** The draft was under review or approved and is back to draft. */
  review_voided: boolean;
}

export const draftsApi = {
  list: (query?: string) => invoke<DraftSummary[]>("drafts_list", { query: query ?? null }),
  create: (title?: string) => invoke<WorkingCopy>("draft_create", { title: title ?? null }),
  load: (id: string) => invoke<WorkingCopy>("draft_load", { id }),
  autosave: (id: string, text: string) => invoke<Saved>("draft_autosave", { id, text }),
  rename: (id: string, title: string) => invoke<WorkingCopy>("draft_rename", { id, title }),
  duplicate: (id: string) => invoke<WorkingCopy>("draft_duplicate", { id }),
  trash: (id: string) => invoke<WorkingCopy>("draft_trash", { id }),
  restore: (id: string) => invoke<WorkingCopy>("draft_restore", { id }),
  override: (id: string, category: string, text: string, reason: string) =>
    invoke<WorkingCopy>("draft_override", { id, category, text, reason }),
  removeOverride: (id: string, category: string, text: string) =>
    invoke<WorkingCopy>("draft_remove_override", { id, category, text }),
  /** Allows a phrase in this draft only (its findings are then reported as suppressed). */
  allowInDraft: (id: string, phrase: string) => invoke<WorkingCopy>("draft_allow", { id, phrase }),
  /** Takes a phrase off this draft's allow-list: it is flagged again. */
  disallowInDraft: (id: string, phrase: string) => invoke<WorkingCopy>("draft_disallow", { id, phrase }),
  /** Sanitised HTML of the draft's Markdown and photos (rendered in Rust). */
  preview: (id: string, text: string) => invoke<string>("draft_preview", { id, text }),
};

// Typed calls to the Review panel's commands (src-tauri/src/review.rs).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

/** Emitted by the Rust commands that change a draft's review state (submit,
 * approve/reject, import, export, an edit that voids a review); the payload
 * is the draft id when known. See src-tauri/src/review.rs. */
export const REVIEW_CHANGED_EVENT = "review-changed";

export type DraftState = "draft" | "submitted" | "approved" | "rejected" | "exported";
export type Verdict = "approve" | "reject";

/** One thing that stops a submission, in plain words. */
export interface Blocker {
  finding: string;
  category: string;
  text: string | null;
  line: number | null;
  utf16_start: number | null;
  utf16_end: number | null;
  message: string;
}

export type SubmitOutcome =
  | { outcome: "submitted"; submission: string; state: DraftState; findings: number; overrides: number }
  | { outcome: "blocked"; summary: string; blockers: Blocker[] };

export interface DecisionView {
  verdict: Verdict;
  reviewer: string;
  reviewer_id: string;
  comment: string;
  time: string;
}

export interface DraftReview {
  draft: string;
  state: DraftState;
  submission: string | null;
  decisions: DecisionView[];
  required_approvers: number;
  approved_content: boolean;
  approved_text: string | null;
}

export interface QueueItem {
  submission: string;
  draft: string;
  author: string;
  submitted_at: string;
  findings: number;
  overrides: number;
  approvals: number;
  required_approvers: number;
  excerpt: string;
}

export interface ReviewQueue {
  may_review: boolean;
  items: QueueItem[];
}

export interface AttachmentView {
  name: string;
  sha256: string;
  data_url: string;
}

export interface FindingView {
  id: string;
  category: string;
  description: string;
  excerpt: string | null;
  reason: string | null;
  blocking: boolean;
  attachment: string | null;
  kept_by: string | null;
  kept_reason: string | null;
  kept_at: string | null;
}

export interface SubmissionView {
  submission: string;
  draft: string;
  author: string;
  author_id: string;
  submitted_at: string;
  content_hash: string;
  text: string;
  /** The text rendered and sanitised in Rust (safe to inject). */
  html: string;
  attachments: AttachmentView[];
  findings: FindingView[];
  decisions: DecisionView[];
  required_approvers: number;
  state: DraftState | null;
  may_decide: boolean;
  why_not: string | null;
}

export interface DecisionOutcome {
  verdict: Verdict;
  state: DraftState | null;
}

export type ImportOutcome =
  | { kind: "bundle"; submission: string; author: string }
  | { kind: "decision"; submission: string; verdict: Verdict; reviewer: string; state: DraftState | null };

export interface PostExport {
  folder: string;
  files: string[];
}

export const reviewApi = {
  submit: (draftId: string) => invoke<SubmitOutcome>("submit_draft", { draftId }),
  draftReview: (draftId: string) => invoke<DraftReview>("draft_review", { draftId }),
  queue: () => invoke<ReviewQueue>("review_queue"),
  submission: (submission: string) => invoke<SubmissionView>("submission_view", { submission }),
  decide: (submission: string, approve: boolean, comment: string) =>
    invoke<DecisionOutcome>("decide_submission", { submission, approve, comment }),
  /** The dialog-opening calls return null when the user cancels. */
  exportBundle: (submission: string) => invoke<string | null>("export_review_bundle", { submission }),
  exportDecision: (submission: string) => invoke<string | null>("export_decision", { submission }),
  importFile: () => invoke<ImportOutcome | null>("import_review_file"),
  exportPost: (draftId: string) => invoke<PostExport | null>("export_post", { draftId }),
  /** Calls `handler` whenever review state changes anywhere in the app. */
  onReviewChanged: (handler: (draftId: string | null) => void): Promise<UnlistenFn> =>
    listen<string | null>(REVIEW_CHANGED_EVENT, (event) => handler(event.payload)),
};

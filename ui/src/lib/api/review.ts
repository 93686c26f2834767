// Typed calls to the Review panel's commands (src-tauri/src/review.rs),
// generated from the Rust side (../bindings.ts).
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { commands, REVIEW_CHANGED_EVENT } from "../bindings";

export type {
  AttachmentView,
  Blocker_Serialize as Blocker,
  DecisionOutcome_Serialize as DecisionOutcome,
  DecisionView,
  DraftReview_Serialize as DraftReview,
  State as DraftState,
  FindingView_Serialize as FindingView,
  Imported_Serialize as ImportOutcome,
  PostExport,
  QueueItem,
  ReviewQueue,
  SubmissionView_Serialize as SubmissionView,
  SubmitOutcome_Serialize as SubmitOutcome,
  Verdict,
} from "../bindings";

/** Emitted by the Rust commands that change a draft's review state (submit,
 * approve/reject, import, export, an edit that voids a review); the payload
 * is the draft id when known. See src-tauri/src/review.rs. */
export { REVIEW_CHANGED_EVENT };

export const reviewApi = {
  submit: commands.submitDraft,
  draftReview: commands.draftReview,
  queue: commands.reviewQueue,
  submission: commands.submissionView,
  decide: commands.decideSubmission,
  /** The dialog-opening calls return null when the user cancels. */
  exportBundle: commands.exportReviewBundle,
  exportDecision: commands.exportDecision,
  importFile: commands.importReviewFile,
  exportPost: commands.exportPost,
  /** Calls `handler` whenever review state changes anywhere in the app. */
  onReviewChanged: (handler: (draftId: string | null) => void): Promise<UnlistenFn> =>
    listen<string | null>(REVIEW_CHANGED_EVENT, (event) => handler(event.payload)),
};

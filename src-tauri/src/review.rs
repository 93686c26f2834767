//! The Review panel's commands over `clearpost_core::review_desk`: submit a
//! draft (or hear what blocks it), the reviewer's queue and view of a
//! submission, approve/reject, offline review bundles and decision files, and
//! the export of an approved post. Files are reached only through dialogs.

use clearpost_core::context::Context;
use clearpost_core::review::Verdict;
use clearpost_core::review_desk::{
    self, short, DecisionOutcome, DraftReview, PostExport, ReviewQueue, SubmissionView,
    SubmitOutcome,
};
use clearpost_core::review_files::Imported;
use tauri::{AppHandle, Emitter as _, State};

use crate::error::CommandResult;
use crate::file_dialog;
use crate::people;

/// The event the app emits when a draft's review state changed (submitted,
/// decided, imported, exported, or voided by an edit); the Review panel
/// reloads on it instead of polling the log. The payload is the draft id
/// when it is known.
pub const REVIEW_CHANGED_EVENT: &str = "review-changed";

/// Tells the window that review state changed. A failed emit only means no
/// window listens (the app is closing), so it is logged, not raised.
pub fn announce_review_change(app: &AppHandle, draft_id: Option<&str>) {
    if let Err(err) = app.emit(REVIEW_CHANGED_EVENT, draft_id) {
        eprintln!("clearpost: could not announce a review change: {err}");
    }
}

/// Submits the open draft, or says what blocks it (nothing is recorded then).
#[tauri::command]
#[specta::specta]
pub async fn submit_draft(
    app: AppHandle,
    context: State<'_, Context>,
    draft_id: String,
) -> CommandResult<SubmitOutcome> {
    let outcome = review_desk::submit_draft(&context, &draft_id).await?;
    if matches!(outcome, SubmitOutcome::Submitted { .. }) {
        announce_review_change(&app, Some(&draft_id));
    }
    Ok(outcome)
}

/// Where a draft is in its review.
#[tauri::command]
#[specta::specta]
pub async fn draft_review(
    context: State<'_, Context>,
    draft_id: String,
) -> CommandResult<DraftReview> {
    Ok(review_desk::draft_review(&context, &draft_id).await?)
}

/// Submissions that await a decision by the current profile, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn review_queue(context: State<'_, Context>) -> CommandResult<ReviewQueue> {
    Ok(review_desk::queue(&context).await?)
}

/// Everything a reviewer needs to decide on a submission.
#[tauri::command]
#[specta::specta]
pub async fn submission_view(
    context: State<'_, Context>,
    submission: String,
) -> CommandResult<SubmissionView> {
    Ok(review_desk::submission_view(&context, &submission).await?)
}

/// Approves or rejects a submission as the current profile.
#[tauri::command]
#[specta::specta]
pub async fn decide_submission(
    app: AppHandle,
    context: State<'_, Context>,
    submission: String,
    approve: bool,
    comment: String,
) -> CommandResult<DecisionOutcome> {
    let verdict = if approve {
        Verdict::Approve
    } else {
        Verdict::Reject
    };
    let outcome = review_desk::decide(&context, &submission, verdict, &comment).await?;
    announce_review_change(&app, outcome.draft.as_deref());
    Ok(outcome)
}

/// Writes a submission as a review bundle to a file the user picks (for a
/// reviewer on another machine). None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_review_bundle(
    app: AppHandle,
    context: State<'_, Context>,
    submission: String,
) -> CommandResult<Option<String>> {
    context.signer()?;
    let name = format!("review-{}.clearpost", short(&submission));
    let filter = ("Clearpost review bundle", &["clearpost"][..]);
    let title = "Save the review bundle";
    let Some(path) = file_dialog::pick_save_file(&app, title, &name, filter).await? else {
        return Ok(None);
    };
    review_desk::write_bundle(&context, &submission, &path).await?;
    Ok(Some(path.display().to_string()))
}

/// Writes the current profile's signed decision to a file the user picks,
/// to carry back to the author's machine. None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_decision(
    app: AppHandle,
    context: State<'_, Context>,
    submission: String,
) -> CommandResult<Option<String>> {
    // Refused before the dialog when there is no decision to write.
    review_desk::own_decision(&context, &submission).await?;
    let name = format!("decision-{}.json", short(&submission));
    let filter = ("Clearpost decision", &["json"][..]);
    let title = "Save the signed decision";
    let Some(path) = file_dialog::pick_save_file(&app, title, &name, filter).await? else {
        return Ok(None);
    };
    review_desk::write_decision(&context, &submission, &path).await?;
    Ok(Some(path.display().to_string()))
}

/// Opens a review bundle or a signed decision file the user picks; every
/// hash and signature is checked before anything is recorded. None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_review_file(
    app: AppHandle,
    context: State<'_, Context>,
) -> CommandResult<Option<Imported>> {
    context.signer()?;
    let title = "Open a review bundle or decision file";
    let filter = ("Clearpost review files", &["clearpost", "json"][..]);
    let Some(path) = file_dialog::pick_open_file(&app, title, filter).await? else {
        return Ok(None);
    };
    let outcome = review_desk::import(&context, &path)
        .await
        .map_err(people::untrusted_in_app_terms)?;
    announce_review_change(&app, None);
    Ok(Some(outcome))
}

/// Exports an approved post into a new folder inside the one the user picks.
/// None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_post(
    app: AppHandle,
    context: State<'_, Context>,
    draft_id: String,
) -> CommandResult<Option<PostExport>> {
    context.signer()?;
    let title = "Export the approved post to…";
    let Some(parent) = file_dialog::pick_folder(&app, title).await? else {
        return Ok(None);
    };
    let export = review_desk::export_post(&context, &draft_id, &parent).await?;
    announce_review_change(&app, Some(&draft_id));
    Ok(Some(export))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clearpost_core::error::{Doing as _, Error};
    use clearpost_core::review::{ReviewError, SignedFile};

    /// A file from someone this machine does not trust: the core's refusal
    /// names the CLI's command; the app says what to do in its own terms.
    #[test]
    fn an_untrusted_author_is_named_with_the_way_to_trust_in_the_app() {
        let refused = ReviewError::NotTrusted {
            file: SignedFile::Bundle,
            name: "Ana Souza".into(),
            id: "0123456789abcdef".into(),
        };
        assert!(refused.to_string().contains("clearpost profile trust"));
        let wrapped = Err::<(), _>(refused).doing("opening the file").unwrap_err();
        let shown = format!("{:#}", people::untrusted_in_app_terms(wrapped));
        assert!(
            shown.contains("Ask Ana Souza for their key file and trust it in Settings → People"),
            "{shown}"
        );
        assert!(!shown.contains("clearpost profile"), "{shown}");
        // Other errors are passed through as they are.
        let other = people::untrusted_in_app_terms(Error::Stopped("the scan"));
        assert_eq!(other.to_string(), "the scan stopped unexpectedly");
    }
}

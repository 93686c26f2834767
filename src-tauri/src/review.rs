//! The Review panel's commands: submit a draft (or hear what blocks it), the
//! reviewer's queue and view of a submission, approve/reject, offline review
//! bundles and decision files, and the export of an approved post.

use std::collections::BTreeMap;

use anyhow::Context as _;
use clearpost_core::audit::profiles;
use clearpost_core::audit::store::AttachmentStore;
use clearpost_core::audit::Database;
use clearpost_core::review::{self, SignedDecision, State as DraftState, Verdict};
use clearpost_core::review_files::{self, Imported};
use clearpost_core::{export, preview, submit};
use serde::Serialize;
use tauri::{AppHandle, Emitter as _, State};

use clearpost_core::submission::{attachment_of, blocked_summary, describe_submitted, Blocker};

use crate::error::CommandResult;
use crate::file_dialog;
use crate::people;
use crate::state::AppState;

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

/// What pressing Submit did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SubmitOutcome {
    /// Sent for review.
    Submitted {
        submission: String,
        state: DraftState,
        findings: usize,
        overrides: usize,
    },
    /// Refused: nothing was recorded; `blockers` say what to fix or keep with a reason.
    Blocked {
        summary: String,
        blockers: Vec<Blocker>,
    },
}

/// Submits the open draft: scans its saved text under the organisation's
/// policy (with the draft's allow-list, its photos' findings and the author's
/// kept phrases) and freezes it for review. When something blocks, nothing is
/// recorded and the blockers come back. The rules are in
/// `clearpost_core::submit`.
#[tauri::command]
#[specta::specta]
pub async fn submit_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    draft_id: String,
) -> CommandResult<SubmitOutcome> {
    let me = state.signer()?;
    let db = state.db().await?.clone();
    let (scanner, policy, id) = (state.scanner()?, state.phi_policy(), draft_id.clone());
    // The PHI scan is CPU work: off the async runtime.
    let prepared = tauri::async_runtime::spawn_blocking(move || {
        tauri::async_runtime::block_on(submit::prepare_draft(&db, &scanner, &policy, &id))
    })
    .await
    .context("the PHI scan stopped unexpectedly")??;
    let blocking = prepared.blockers();
    if !blocking.is_empty() {
        return Ok(SubmitOutcome::Blocked {
            summary: blocked_summary(&blocking),
            blockers: blocking,
        });
    }
    let (findings, overrides) = (prepared.findings.len(), prepared.overrides.len());
    let submitted = submit::record_draft(state.db().await?, &me, prepared).await?;
    announce_review_change(&app, Some(&draft_id));
    Ok(SubmitOutcome::Submitted {
        submission: submitted.submission,
        state: DraftState::Submitted,
        findings,
        overrides,
    })
}

/// A decision as the panels show it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DecisionView {
    pub verdict: Verdict,
    pub reviewer: String,
    pub reviewer_id: String,
    pub comment: String,
    pub time: String,
}

/// The review of one draft, for its status line and the author's buttons.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DraftReview {
    pub draft: String,
    pub state: DraftState,
    pub submission: Option<String>,
    pub decisions: Vec<DecisionView>,
    pub required_approvers: u32,
    /// Approved, and the draft is exactly the approved content: export and copy allowed.
    pub approved_content: bool,
    /// The approved text (for "Copy text"), when `approved_content`.
    pub approved_text: Option<String>,
}

fn decision_view(d: &SignedDecision) -> DecisionView {
    DecisionView {
        verdict: d.body.verdict,
        reviewer: d.body.reviewer.name.clone(),
        reviewer_id: d.body.reviewer.id.clone(),
        comment: d.body.comment.clone(),
        time: d.body.time.clone(),
    }
}

/// Where a draft is in its review.
#[tauri::command]
#[specta::specta]
pub async fn draft_review(
    state: State<'_, AppState>,
    draft_id: String,
) -> CommandResult<DraftReview> {
    let db = state.db().await?;
    let status = review::status(db, &draft_id).await?;
    let draft = status
        .draft
        .with_context(|| format!("no draft {draft_id} on this machine"))?;
    let covers = status.approval_covers_current_content;
    Ok(DraftReview {
        draft: draft.id,
        state: draft.state,
        submission: status.submission_hash,
        decisions: status.decisions.iter().map(decision_view).collect(),
        required_approvers: status.required_approvers,
        approved_content: covers,
        approved_text: status.submission.filter(|_| covers).map(|s| s.text),
    })
}

/// A submission waiting for the current reviewer.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct QueueItem {
    pub submission: String,
    pub draft: String,
    pub author: String,
    pub submitted_at: String,
    pub findings: usize,
    pub overrides: usize,
    pub approvals: usize,
    pub required_approvers: u32,
    /// First words of the text, to recognise it.
    pub excerpt: String,
}

/// The reviewer's queue, and whether the current profile may review at all.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ReviewQueue {
    pub may_review: bool,
    pub items: Vec<QueueItem>,
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX {
        flat
    } else {
        format!("{}…", flat.chars().take(MAX).collect::<String>())
    }
}

async fn names(db: &Database) -> anyhow::Result<BTreeMap<String, String>> {
    Ok(profiles::list(db)
        .await
        .context("reading the profiles")?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

/// Submissions (made here or opened from a bundle) that await a decision by
/// the current profile, oldest first (the rule: `clearpost_core::review::queue`).
#[tauri::command]
#[specta::specta]
pub async fn review_queue(state: State<'_, AppState>) -> CommandResult<ReviewQueue> {
    let me = state.signer()?;
    let db = state.db().await?;
    let names = names(db).await?;
    let items = review::queue(db, &me.profile.public())
        .await?
        .into_iter()
        .map(|waiting| {
            let body = waiting.submission;
            QueueItem {
                submission: waiting.hash,
                author: names.get(&body.author).cloned().unwrap_or(body.author),
                draft: body.draft,
                submitted_at: body.submitted_at,
                findings: body.findings.len(),
                overrides: body.overrides.len(),
                approvals: waiting.approvals,
                required_approvers: waiting.required_approvers,
                excerpt: excerpt(&body.text),
            }
        })
        .collect();
    Ok(ReviewQueue {
        may_review: me.profile.role.may_review(),
        items,
    })
}

/// A sanitised photo of a submission, ready for an `<img>`.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AttachmentView {
    pub name: String,
    pub sha256: String,
    pub data_url: String,
}

/// A finding with the override that kept it, if any.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FindingView {
    pub id: String,
    pub category: String,
    /// "a phone number on line 3"
    pub description: String,
    pub excerpt: Option<String>,
    pub reason: Option<String>,
    pub blocking: bool,
    /// The photo's file name, for a finding in a photo.
    pub attachment: Option<String>,
    pub kept_by: Option<String>,
    pub kept_reason: Option<String>,
    pub kept_at: Option<String>,
}

/// Exactly what was submitted, for the reviewer.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SubmissionView {
    pub submission: String,
    pub draft: String,
    pub author: String,
    pub author_id: String,
    pub submitted_at: String,
    pub content_hash: String,
    pub text: String,
    /// The text rendered and sanitised as the preview shows it (safe to inject).
    pub html: String,
    pub attachments: Vec<AttachmentView>,
    pub findings: Vec<FindingView>,
    pub decisions: Vec<DecisionView>,
    pub required_approvers: u32,
    /// The draft's state here (None when it came from a bundle).
    pub state: Option<DraftState>,
    /// True when the current profile may approve or reject it now.
    pub may_decide: bool,
    /// Why not, when it may not.
    pub why_not: Option<String>,
}

/// Everything a reviewer needs to decide: the sanitised post (text and the
/// cleaned photos from the store), every finding with any override (who kept
/// it and why), and the decisions so far.
#[tauri::command]
#[specta::specta]
pub async fn submission_view(
    state: State<'_, AppState>,
    submission: String,
) -> CommandResult<SubmissionView> {
    let me = state.signer()?;
    let db = state.db().await?;
    let names = names(db).await?;
    let status = review::status(db, &submission).await?;
    let body = status
        .submission
        .with_context(|| format!("no submission {submission} on this machine"))?;
    let hash = status.submission_hash.unwrap_or(submission);
    let store = AttachmentStore::new(&state.data_dir);
    let mut attachments = vec![];
    for a in &body.attachments {
        let bytes = store
            .get(&a.sha256)
            .with_context(|| format!("reading the cleaned photo {}", a.name))?;
        attachments.push(AttachmentView {
            name: a.name.clone(),
            sha256: a.sha256.clone(),
            // Stored photos are PNG or JPEG (`vision::encode_clean`); anything
            // else shows as a broken image rather than hiding the submission.
            data_url: preview::image_data_url(&bytes).unwrap_or_default(),
        });
    }
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let findings = body
        .findings
        .iter()
        .map(|f| {
            let kept = body.overrides.iter().find(|o| o.finding == f.id);
            FindingView {
                id: f.id.clone(),
                category: f.category.clone(),
                description: describe_submitted(&body, f),
                excerpt: f.excerpt.clone(),
                reason: f.reason.clone(),
                blocking: f.blocking,
                attachment: attachment_of(&body, f).map(str::to_string),
                kept_by: kept.map(|o| name_of(&o.actor)),
                kept_reason: kept.map(|o| o.reason.clone()),
                kept_at: kept.map(|o| o.time.clone()),
            }
        })
        .collect();
    let html = {
        let markdown = body.text.clone();
        let photos: Vec<(String, String)> = attachments
            .iter()
            .map(|a| (a.sha256.clone(), a.data_url.clone()))
            .collect();
        tauri::async_runtime::spawn_blocking(move || {
            preview::render_with_attachments(&markdown, |sha256| {
                photos
                    .iter()
                    .find(|(hash, _)| hash == sha256)
                    .map(|(_, url)| url.clone())
            })
        })
        .await
        .context("rendering the submission stopped unexpectedly")?
    };
    let draft_state = status.draft.as_ref().map(|d| d.state);
    let why_not = review::why_not_decide(
        &me.profile.public(),
        &body.author,
        &hash,
        &status.decisions,
        status.draft.as_ref(),
    )
    .map(|reason| reason.advice());
    Ok(SubmissionView {
        submission: hash,
        draft: body.draft.clone(),
        author: name_of(&body.author),
        author_id: body.author.clone(),
        submitted_at: body.submitted_at.clone(),
        content_hash: body.content_hash.clone(),
        text: body.text.clone(),
        html,
        attachments,
        findings,
        decisions: status.decisions.iter().map(decision_view).collect(),
        required_approvers: status.required_approvers,
        state: draft_state,
        may_decide: why_not.is_none(),
        why_not,
    })
}

/// The draft's state after a decision (None when the submission came from a
/// bundle and its draft lives on the author's machine).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DecisionOutcome {
    pub verdict: Verdict,
    pub state: Option<DraftState>,
}

/// Approves or rejects a submission as the current profile. The core refuses
/// self-approval, authors, stale submissions and a second decision; its
/// message comes back as the error.
#[tauri::command]
#[specta::specta]
pub async fn decide_submission(
    app: AppHandle,
    state: State<'_, AppState>,
    submission: String,
    approve: bool,
    comment: String,
) -> CommandResult<DecisionOutcome> {
    let me = state.signer()?;
    let db = state.db().await?;
    let verdict = if approve {
        Verdict::Approve
    } else {
        Verdict::Reject
    };
    review::decide(db, &me, &submission, verdict, &comment).await?;
    let status = review::status(db, &submission).await?;
    announce_review_change(&app, status.draft.as_ref().map(|d| d.id.as_str()));
    Ok(DecisionOutcome {
        verdict,
        state: status.draft.map(|d| d.state),
    })
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Writes a submission as a review bundle to a file the user picks (for a
/// reviewer on another machine). None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_review_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
    submission: String,
) -> CommandResult<Option<String>> {
    let me = state.signer()?;
    let file_name = format!("review-{}.clearpost", short(&submission));
    let Some(path) = file_dialog::pick_save_file(
        &app,
        "Save the review bundle",
        &file_name,
        ("Clearpost review bundle", &["clearpost"]),
    )
    .await?
    else {
        return Ok(None);
    };
    let db = state.db().await?;
    review::write_bundle(db, &me, &submission, &path).await?;
    Ok(Some(path.display().to_string()))
}

/// Writes the current profile's signed decision on a submission to a file
/// the user picks, to carry back to the author's machine. None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_decision(
    app: AppHandle,
    state: State<'_, AppState>,
    submission: String,
) -> CommandResult<Option<String>> {
    let me = state.signer()?;
    let db = state.db().await?;
    let status = review::status(db, &submission).await?;
    let decision = status
        .decisions
        .into_iter()
        .find(|d| d.body.reviewer.id == me.profile.id)
        .context("you have not decided on this submission yet")?;
    let file_name = format!("decision-{}.json", short(&submission));
    let Some(path) = file_dialog::pick_save_file(
        &app,
        "Save the signed decision",
        &file_name,
        ("Clearpost decision", &["json"]),
    )
    .await?
    else {
        return Ok(None);
    };
    review_files::write_decision(&path, &decision)?;
    Ok(Some(path.display().to_string()))
}

/// Opens a review bundle (reviewer's machine) or a signed decision file
/// (author's machine) that the user picks; every hash and signature is
/// checked against keys trusted here before anything is recorded. None when
/// cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_review_file(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<Imported>> {
    let me = state.signer()?;
    let Some(path) = file_dialog::pick_open_file(
        &app,
        "Open a review bundle or decision file",
        ("Clearpost review files", &["clearpost", "json"]),
    )
    .await?
    else {
        return Ok(None);
    };
    let db = state.db().await?;
    let outcome = review_files::import(db, &me, &path)
        .await
        .map_err(|err| people::untrusted_in_app_terms(err.into()))?;
    announce_review_change(&app, None);
    Ok(Some(outcome))
}

/// Files written by an export of an approved post.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PostExport {
    pub folder: String,
    pub files: Vec<String>,
}

/// Exports an approved post (post.md and the cleaned photos, each written
/// atomically) into a new folder inside the one the user picks. Refused
/// unless the approval covers the draft's current content. None when
/// cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_post(
    app: AppHandle,
    state: State<'_, AppState>,
    draft_id: String,
) -> CommandResult<Option<PostExport>> {
    let me = state.signer()?;
    let Some(parent) = file_dialog::pick_folder(&app, "Export the approved post to…").await?
    else {
        return Ok(None);
    };
    let db = state.db().await?;
    let folder = export::folder_for(&parent, &draft_id)?;
    let files = export::export_post(db, &me, &draft_id, &folder).await?;
    announce_review_change(&app, Some(&draft_id));
    Ok(Some(PostExport {
        folder: folder.display().to_string(),
        files: files.iter().map(|p| p.display().to_string()).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let shown = format!("{:#}", people::untrusted_in_app_terms(refused.into()));
        assert!(
            shown.contains("Ask Ana Souza for their key file and trust it in Settings → People"),
            "{shown}"
        );
        assert!(!shown.contains("clearpost profile"), "{shown}");
        // Other errors are passed through as they are.
        let other = people::untrusted_in_app_terms(anyhow::anyhow!("disk full"));
        assert_eq!(other.to_string(), "disk full");
    }

    #[test]
    fn excerpts_are_one_line_and_short() {
        assert_eq!(excerpt("one\n two   three"), "one two three");
        assert_eq!(excerpt(&"x".repeat(100)).chars().count(), 81);
    }
}

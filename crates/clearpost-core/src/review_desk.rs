//! The review use cases as the app shows them, over a [`Context`]: submit a
//! draft (or hear what blocks it), where a draft is in its review, the
//! reviewer's queue and view of a submission, approve/reject, review bundles
//! and decision files, and the export of an approved post. The rules are in
//! [`crate::review`], [`crate::submit`] and [`crate::review_files`]; this
//! module assembles what a person sees.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::context::Context;
use crate::error::{off_runtime, Doing as _, Result};
use crate::review::{self, SignedDecision, State, Verdict};
use crate::review_files::{self, Imported};
use crate::submission::{attachment_of, blocked_summary, describe_submitted, Blocker};
use crate::{export, preview, submit};

/// What pressing Submit did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SubmitOutcome {
    /// Sent for review.
    Submitted {
        /// The submission's hash.
        submission: String,
        /// The draft's state now.
        state: State,
        /// Findings recorded with it.
        findings: usize,
        /// Findings kept with a reason.
        overrides: usize,
    },
    /// Refused: nothing was recorded; `blockers` say what to fix or keep with a reason.
    Blocked {
        /// One sentence.
        summary: String,
        /// Each thing that blocks.
        blockers: Vec<Blocker>,
    },
}

/// Submits a draft as the unlocked profile: scans its saved text under the
/// organisation's policy (with the draft's allow-list, its photos' findings
/// and the author's kept phrases) and freezes it for review. When something
/// blocks, nothing is recorded and the blockers come back.
pub async fn submit_draft(context: &Context, draft_id: &str) -> Result<SubmitOutcome> {
    let me = context.signer()?;
    let db = context.db().await?.clone();
    let (scanner, policy, id) = (
        context.scanner()?,
        context.phi_policy(),
        draft_id.to_string(),
    );
    let prepared = off_runtime("the PHI scan", move || {
        tokio::runtime::Handle::current()
            .block_on(async { submit::prepare_draft(&db, &scanner, &policy, &id).await })
    });
    let prepared = prepared.await??;
    let blocking = prepared.blockers();
    if !blocking.is_empty() {
        return Ok(SubmitOutcome::Blocked {
            summary: blocked_summary(&blocking),
            blockers: blocking,
        });
    }
    let (findings, overrides) = (prepared.findings.len(), prepared.overrides.len());
    let submitted = submit::record_draft(context.db().await?, &me, prepared).await?;
    Ok(SubmitOutcome::Submitted {
        submission: submitted.submission,
        state: State::Submitted,
        findings,
        overrides,
    })
}

/// A decision as the panels show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DecisionView {
    /// Approve or reject.
    pub verdict: Verdict,
    /// The reviewer's name.
    pub reviewer: String,
    /// The reviewer's profile id.
    pub reviewer_id: String,
    /// What they wrote.
    pub comment: String,
    /// When (UTC).
    pub time: String,
}

impl DecisionView {
    fn of(d: &SignedDecision) -> Self {
        DecisionView {
            verdict: d.body.verdict,
            reviewer: d.body.reviewer.name.clone(),
            reviewer_id: d.body.reviewer.id.clone(),
            comment: d.body.comment.clone(),
            time: d.body.time.clone(),
        }
    }
}

/// The review of one draft, for its status line and the author's buttons.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DraftReview {
    /// The draft's id.
    pub draft: String,
    /// Where it is.
    pub state: State,
    /// Its latest submission's hash.
    pub submission: Option<String>,
    /// The decisions on that submission.
    pub decisions: Vec<DecisionView>,
    /// Approvals needed.
    pub required_approvers: u32,
    /// Approved, and the draft is exactly the approved content: export and copy allowed.
    pub approved_content: bool,
    /// The approved text (for "Copy text"), when `approved_content`.
    pub approved_text: Option<String>,
}

/// Where a draft is in its review.
pub async fn draft_review(context: &Context, draft_id: &str) -> Result<DraftReview> {
    let status = review::status(context.db().await?, draft_id).await?;
    let draft = status.draft.ok_or_else(|| {
        review::ReviewError::NotFound(format!("no draft {draft_id} on this machine"))
    })?;
    let covers = status.approval_covers_current_content;
    Ok(DraftReview {
        draft: draft.id,
        state: draft.state,
        submission: status.submission_hash,
        decisions: status.decisions.iter().map(DecisionView::of).collect(),
        required_approvers: status.required_approvers,
        approved_content: covers,
        approved_text: status.submission.filter(|_| covers).map(|s| s.text),
    })
}

/// A submission waiting for the current reviewer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueItem {
    /// The submission's hash.
    pub submission: String,
    /// Its draft's id.
    pub draft: String,
    /// The author's name.
    pub author: String,
    /// When (UTC).
    pub submitted_at: String,
    /// Findings recorded with it.
    pub findings: usize,
    /// Findings kept with a reason.
    pub overrides: usize,
    /// Approvals so far.
    pub approvals: usize,
    /// Approvals needed.
    pub required_approvers: u32,
    /// First words of the text, to recognise it.
    pub excerpt: String,
}

/// The reviewer's queue, and whether the current profile may review at all.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewQueue {
    /// The unlocked profile's role may review.
    pub may_review: bool,
    /// Oldest first.
    pub items: Vec<QueueItem>,
}

/// One line of at most 80 characters, to recognise a text by.
fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX {
        flat
    } else {
        format!("{}…", flat.chars().take(MAX).collect::<String>())
    }
}

/// Display names by profile id (an id stands for itself when unknown here).
struct Names(BTreeMap<String, String>);

impl Names {
    async fn read(context: &Context) -> Result<Self> {
        let db = context.db().await?;
        let profiles = clearpost_audit::profiles::list(db)
            .await
            .map_err(|source| crate::people::PeopleError::Profile {
                doing: "reading the profiles",
                source,
            })?;
        Ok(Names(
            profiles.into_iter().map(|p| (p.id, p.name)).collect(),
        ))
    }

    fn of(&self, id: &str) -> String {
        self.0.get(id).cloned().unwrap_or_else(|| id.to_string())
    }
}

/// Submissions (made here or opened from a bundle) that await a decision by
/// the unlocked profile, oldest first (the rule: [`review::queue`]).
pub async fn queue(context: &Context) -> Result<ReviewQueue> {
    let me = context.signer()?;
    let names = Names::read(context).await?;
    let items = review::queue(context.db().await?, &me.profile.public())
        .await?
        .into_iter()
        .map(|waiting| {
            let body = waiting.submission;
            QueueItem {
                submission: waiting.hash,
                author: names.of(&body.author),
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
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AttachmentView {
    /// File name.
    pub name: String,
    /// SHA-256 of the cleaned photo.
    pub sha256: String,
    /// The photo as a `data:` URL.
    pub data_url: String,
}

/// A finding with the override that kept it, if any.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingView {
    /// Its id in the submission.
    pub id: String,
    /// What kind of identifier.
    pub category: String,
    /// "a phone number on line 3"
    pub description: String,
    /// The flagged text, when it is text.
    pub excerpt: Option<String>,
    /// Why it was flagged.
    pub reason: Option<String>,
    /// Must be fixed or kept with a reason.
    pub blocking: bool,
    /// The photo's file name, for a finding in a photo.
    pub attachment: Option<String>,
    /// Who kept it.
    pub kept_by: Option<String>,
    /// Why.
    pub kept_reason: Option<String>,
    /// When.
    pub kept_at: Option<String>,
}

/// Exactly what was submitted, for the reviewer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SubmissionView {
    /// The submission's hash.
    pub submission: String,
    /// Its draft's id.
    pub draft: String,
    /// The author's name.
    pub author: String,
    /// The author's profile id.
    pub author_id: String,
    /// When (UTC).
    pub submitted_at: String,
    /// Hash of the text and attachments.
    pub content_hash: String,
    /// The Markdown text.
    pub text: String,
    /// The text rendered and sanitised as the preview shows it (safe to inject).
    pub html: String,
    /// The cleaned photos.
    pub attachments: Vec<AttachmentView>,
    /// Every finding, with who kept it.
    pub findings: Vec<FindingView>,
    /// The decisions so far.
    pub decisions: Vec<DecisionView>,
    /// Approvals needed.
    pub required_approvers: u32,
    /// The draft's state here (None when it came from a bundle).
    pub state: Option<State>,
    /// True when the unlocked profile may approve or reject it now.
    pub may_decide: bool,
    /// Why not, when it may not.
    pub why_not: Option<String>,
}

/// Everything a reviewer needs to decide: the sanitised post (text and the
/// cleaned photos from the store), every finding with any override (who kept
/// it and why), the decisions so far, and whether the unlocked profile may
/// decide ([`review::why_not_decide`]).
pub async fn submission_view(context: &Context, submission: &str) -> Result<SubmissionView> {
    let me = context.signer()?;
    let names = Names::read(context).await?;
    let status = review::status(context.db().await?, submission).await?;
    let body = status.submission.ok_or_else(|| {
        review::ReviewError::NotFound(format!("no submission {submission} on this machine"))
    })?;
    let hash = status
        .submission_hash
        .unwrap_or_else(|| submission.to_string());
    let store = context.store();
    let mut attachments = vec![];
    for a in &body.attachments {
        let bytes = store
            .get(&a.sha256)
            .doing(format!("reading the cleaned photo {}", a.name))?;
        attachments.push(AttachmentView {
            name: a.name.clone(),
            sha256: a.sha256.clone(),
            // Stored photos are PNG or JPEG (`vision::encode_clean`); anything
            // else shows as a broken image rather than hiding the submission.
            data_url: preview::image_data_url(&bytes).unwrap_or_default(),
        });
    }
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
                kept_by: kept.map(|o| names.of(&o.actor)),
                kept_reason: kept.map(|o| o.reason.clone()),
                kept_at: kept.map(|o| o.time.clone()),
            }
        })
        .collect();
    let (markdown, photos): (String, Vec<(String, String)>) = (
        body.text.clone(),
        attachments
            .iter()
            .map(|a| (a.sha256.clone(), a.data_url.clone()))
            .collect(),
    );
    let html = off_runtime("rendering the submission", move || {
        preview::render_with_attachments(&markdown, |sha256| {
            photos
                .iter()
                .find(|(hash, _)| hash == sha256)
                .map(|(_, url)| url.clone())
        })
    })
    .await?;
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
        author: names.of(&body.author),
        author_id: body.author.clone(),
        submitted_at: body.submitted_at.clone(),
        content_hash: body.content_hash.clone(),
        text: body.text.clone(),
        html,
        attachments,
        findings,
        decisions: status.decisions.iter().map(DecisionView::of).collect(),
        required_approvers: status.required_approvers,
        state: status.draft.as_ref().map(|d| d.state),
        may_decide: why_not.is_none(),
        why_not,
    })
}

/// The draft's state after a decision.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DecisionOutcome {
    /// What was decided.
    pub verdict: Verdict,
    /// The draft's id and state here (None when the submission came from a
    /// bundle and its draft lives on the author's machine).
    pub draft: Option<String>,
    /// See `draft`.
    pub state: Option<State>,
}

/// Approves or rejects a submission as the unlocked profile. The workflow
/// refuses self-approval, authors, stale submissions and a second decision.
pub async fn decide(
    context: &Context,
    submission: &str,
    verdict: Verdict,
    comment: &str,
) -> Result<DecisionOutcome> {
    let me = context.signer()?;
    let db = context.db().await?;
    review::decide(db, &me, submission, verdict, comment).await?;
    let draft = review::status(db, submission).await?.draft;
    Ok(DecisionOutcome {
        verdict,
        state: draft.as_ref().map(|d| d.state),
        draft: draft.map(|d| d.id),
    })
}

/// The first 12 characters of a hash, for file names.
pub fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Writes a submission as a review bundle to `path` (for a reviewer on
/// another machine), signed by the unlocked profile.
pub async fn write_bundle(context: &Context, submission: &str, path: &Path) -> Result<()> {
    let me = context.signer()?;
    review::write_bundle(context.db().await?, &me, submission, path).await?;
    Ok(())
}

/// The unlocked profile's signed decision on a submission, refused when it
/// has not decided yet.
pub async fn own_decision(context: &Context, submission: &str) -> Result<SignedDecision> {
    let me = context.signer()?;
    let status = review::status(context.db().await?, submission).await?;
    Ok(status
        .decisions
        .into_iter()
        .find(|d| d.body.reviewer.id == me.profile.id)
        .ok_or_else(|| {
            review::ReviewError::BadInput("you have not decided on this submission yet".into())
        })?)
}

/// Writes the unlocked profile's decision on `submission` to `path`, to carry
/// back to the author's machine.
pub async fn write_decision(context: &Context, submission: &str, path: &Path) -> Result<()> {
    let decision = own_decision(context, submission).await?;
    review_files::write_decision(path, &decision)?;
    Ok(())
}

/// Opens a review bundle (reviewer's machine) or a signed decision file
/// (author's machine); every hash and signature is checked against keys
/// trusted here before anything is recorded.
pub async fn import(context: &Context, path: &Path) -> Result<Imported> {
    let me = context.signer()?;
    Ok(review_files::import(context.db().await?, &me, path).await?)
}

/// Files written by an export of an approved post.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostExport {
    /// The new folder.
    pub folder: String,
    /// Every file written in it.
    pub files: Vec<String>,
}

/// Exports an approved post (post.md and the cleaned photos, each written
/// atomically) into a new folder inside `parent`. Refused unless the approval
/// covers the draft's current content.
pub async fn export_post(context: &Context, draft_id: &str, parent: &Path) -> Result<PostExport> {
    let me = context.signer()?;
    let folder = export::folder_for(parent, draft_id)?;
    let files = export::export_post(context.db().await?, &me, draft_id, &folder).await?;
    Ok(PostExport {
        folder: folder.display().to_string(),
        files: files.iter().map(|p| p.display().to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_one_line_and_short() {
        assert_eq!(excerpt("one\n two   three"), "one two three");
        assert_eq!(excerpt(&"x".repeat(100)).chars().count(), 81);
    }

    /// The whole desk on one machine: a blocked submit records nothing, a
    /// clean one reaches the reviewer's queue, the reviewer sees it and may
    /// decide, the author may not, and the approval covers the draft.
    #[tokio::test]
    async fn submit_queue_view_and_decide_on_one_machine() {
        use crate::people::{self, Role};
        let Some(models) = crate::test_support::models_or_skip() else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let context = Context::with_dirs(dir.path().into(), models);
        let pass = crate::test_support::PASSPHRASE;
        let author = people::create_profile(&context, "Dana Author", Role::Author, pass)
            .await
            .unwrap()
            .unlocked
            .unwrap();
        let draft = crate::drafts::create(&context, None).await.unwrap();
        let leaky = "Call the ward on 555-201-3344 for a tour.";
        crate::drafts::autosave(&context, &draft.id, leaky)
            .await
            .unwrap();
        let blocked = submit_draft(&context, &draft.id).await.unwrap();
        assert!(
            matches!(&blocked, SubmitOutcome::Blocked { blockers, .. } if !blockers.is_empty()),
            "{blocked:?}"
        );
        assert_eq!(
            draft_review(&context, &draft.id).await.unwrap().state,
            State::Draft
        );
        let clean = "Our community garden opens to visitors this spring.";
        crate::drafts::autosave(&context, &draft.id, clean)
            .await
            .unwrap();
        let SubmitOutcome::Submitted { submission, .. } =
            submit_draft(&context, &draft.id).await.unwrap()
        else {
            panic!("a clean draft is submitted");
        };
        let author_view = submission_view(&context, &submission).await.unwrap();
        assert!(
            !author_view.may_decide,
            "an author never approves their own post"
        );
        people::create_profile(&context, "Rui Reviewer", Role::Reviewer, pass)
            .await
            .unwrap();
        let waiting = queue(&context).await.unwrap();
        assert!(waiting.may_review);
        assert_eq!(waiting.items.len(), 1);
        assert_eq!(waiting.items[0].author, "Dana Author");
        assert_eq!(waiting.items[0].excerpt, clean);
        let view = submission_view(&context, &submission).await.unwrap();
        assert!(view.may_decide, "{:?}", view.why_not);
        assert!(view.html.contains("community garden"));
        let outcome = decide(&context, &submission, Verdict::Approve, "fine")
            .await
            .unwrap();
        assert_eq!(outcome.state, Some(State::Approved));
        assert_eq!(outcome.draft.as_deref(), Some(draft.id.as_str()));
        assert!(queue(&context).await.unwrap().items.is_empty());
        people::unlock(&context, &author.id, pass).await.unwrap();
        let review = draft_review(&context, &draft.id).await.unwrap();
        assert!(review.approved_content);
        assert_eq!(review.approved_text.as_deref(), Some(clean));
    }

    #[test]
    fn file_names_take_the_start_of_a_hash() {
        assert_eq!(short("0123456789abcdef"), "0123456789ab");
        assert_eq!(short("abc"), "abc");
    }
}

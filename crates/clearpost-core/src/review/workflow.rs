//! The workflow's steps, each one database transaction that changes the
//! working tables and appends the matching event together.

use std::path::{Path, PathBuf};

use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqliteConnection;

use super::decision::{DecisionBody, SignedDecision, Verdict, DECISION_FORMAT};
use super::eligibility::{why_not_decide, CannotDecide};
use super::finding::{Finding, Location, Override, OverrideRequest};
use super::policy::{ReviewPolicy, SubmissionPolicy};
use super::state::{State, Step};
use super::submission::{content_hash, AttachmentRef, SubmissionBody, SUBMISSION_FORMAT};
use super::{ReviewError, SignedFile};
use clearpost_audit::events::{self, kind, now_utc, NewEvent, Signer};
use clearpost_audit::profiles::{self, UnlockedProfile};
use clearpost_audit::store::AttachmentStore;
use clearpost_audit::Database;

const REQUIRED_APPROVERS_SETTING: &str = "required_approvers";

/// A draft as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Random id (16 hex characters).
    pub id: String,
    /// Profile id of the author.
    pub author: String,
    /// Markdown text.
    pub text: String,
    /// Attachments in the store.
    pub attachments: Vec<AttachmentRef>,
    /// Findings of the latest submission.
    pub findings: Vec<Finding>,
    /// Overrides of the latest submission.
    pub overrides: Vec<Override>,
    /// Where it is in the review.
    pub state: State,
    /// Hash of the current submission (None while a draft never submitted or edited since).
    pub submission: Option<String>,
    /// Last change (UTC).
    pub updated_at: String,
}

impl Draft {
    /// The content hash of the draft as it is now.
    pub fn content_hash(&self) -> String {
        content_hash(&self.text, &self.attachments)
    }
}

/// Everything known about a draft's or a submission's review.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Status {
    /// The draft, when it lives on this machine.
    pub draft: Option<Draft>,
    /// The submission asked about, or the draft's current one.
    pub submission_hash: Option<String>,
    /// Its frozen body.
    pub submission: Option<SubmissionBody>,
    /// Decisions recorded for that submission.
    pub decisions: Vec<SignedDecision>,
    /// Approvals needed.
    pub required_approvers: u32,
    /// True when enough distinct reviewers approved that submission and the
    /// draft's current content is exactly the approved content.
    pub approval_covers_current_content: bool,
}

type DraftRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
);

fn draft_from_row(row: DraftRow) -> Result<Draft, ReviewError> {
    let (id, author, text, attachments, findings, overrides, state, submission, updated_at) = row;
    Ok(Draft {
        id,
        author,
        text,
        attachments: serde_json::from_str(&attachments)?,
        findings: serde_json::from_str(&findings)?,
        overrides: serde_json::from_str(&overrides)?,
        state: state.parse().map_err(ReviewError::BadInput)?,
        submission,
        updated_at,
    })
}

async fn load_draft(conn: &mut SqliteConnection, id: &str) -> Result<Option<Draft>, ReviewError> {
    let row: Option<DraftRow> = sqlx::query_as(
        "SELECT id, author, text, attachments, findings, overrides, state, submission, updated_at \
         FROM drafts WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(draft_from_row).transpose()
}

async fn save_draft(conn: &mut SqliteConnection, draft: &Draft) -> Result<(), ReviewError> {
    sqlx::query(
        "INSERT INTO drafts (id, author, text, attachments, findings, overrides, state, submission, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO UPDATE SET \
         text = ?3, attachments = ?4, findings = ?5, overrides = ?6, state = ?7, submission = ?8, updated_at = ?9",
    )
    .bind(&draft.id)
    .bind(&draft.author)
    .bind(&draft.text)
    .bind(serde_json::to_string(&draft.attachments)?)
    .bind(serde_json::to_string(&draft.findings)?)
    .bind(serde_json::to_string(&draft.overrides)?)
    .bind(draft.state.as_str())
    .bind(&draft.submission)
    .bind(&draft.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn load_submission(
    conn: &mut SqliteConnection,
    hash: &str,
) -> Result<Option<SubmissionBody>, ReviewError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT body FROM submissions WHERE hash = ?")
        .bind(hash)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some((body,)) => Ok(Some(serde_json::from_str(&body)?)),
        None => Ok(None),
    }
}

/// Stores a frozen submission (no-op when it is already there).
pub(crate) async fn insert_submission(
    conn: &mut SqliteConnection,
    body: &SubmissionBody,
) -> Result<String, ReviewError> {
    let hash = body.hash();
    sqlx::query(
        "INSERT OR IGNORE INTO submissions (hash, draft_id, author, body, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&hash)
    .bind(&body.draft)
    .bind(&body.author)
    .bind(body.canonical())
    .bind(now_utc())
    .execute(&mut *conn)
    .await?;
    Ok(hash)
}

async fn load_decisions(
    conn: &mut SqliteConnection,
    hash: &str,
) -> Result<Vec<SignedDecision>, ReviewError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT body FROM decisions WHERE submission = ? ORDER BY id")
            .bind(hash)
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter()
        .map(|(body,)| serde_json::from_str(&body).map_err(ReviewError::from))
        .collect()
}

fn count_approvals(decisions: &[SignedDecision]) -> u32 {
    let reviewers: std::collections::HashSet<&str> = decisions
        .iter()
        .filter(|d| d.body.verdict == Verdict::Approve)
        .map(|d| d.body.reviewer.id.as_str())
        .collect();
    reviewers.len() as u32
}

async fn read_policy(conn: &mut SqliteConnection) -> Result<ReviewPolicy, ReviewError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
        .bind(REQUIRED_APPROVERS_SETTING)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row.and_then(|(v,)| v.parse().ok()) {
        Some(required_approvers) => ReviewPolicy { required_approvers },
        None => ReviewPolicy::default(),
    })
}

fn store_of(db: &Database) -> AttachmentStore {
    AttachmentStore::new(db.path().parent().unwrap_or(Path::new(".")))
}

fn new_id() -> String {
    let mut bytes = [0u8; 8];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn check_attachments(db: &Database, attachments: &[AttachmentRef]) -> Result<(), ReviewError> {
    let store = store_of(db);
    for attachment in attachments {
        if !store.contains(&attachment.sha256) {
            return Err(ReviewError::BadInput(format!(
                "attachment {} ({}) is not in the store",
                attachment.sha256, attachment.name
            )));
        }
        // A first check as names come in; the full rule (device names,
        // control characters, length…) is `clearpost_core::safe_name`,
        // applied on export and bundle import, where this check moves with
        // drafts (issue 14).
        let plain = Path::new(&attachment.name)
            .file_name()
            .map(|n| n.to_string_lossy() == attachment.name);
        if plain != Some(true) || attachment.name.starts_with('.') {
            return Err(ReviewError::BadInput(format!(
                "attachment name {:?} must be a plain file name",
                attachment.name
            )));
        }
    }
    Ok(())
}

/// The review policy in force on this machine.
pub async fn policy(db: &Database) -> Result<ReviewPolicy, ReviewError> {
    let mut conn = db.pool().acquire().await?;
    read_policy(&mut conn).await
}

/// Sets how many distinct reviewers must approve (admins only; 1 to 5).
pub async fn set_required_approvers(
    db: &Database,
    admin: &UnlockedProfile,
    n: u32,
) -> Result<ReviewPolicy, ReviewError> {
    if admin.profile.role != profiles::Role::Admin {
        return Err(ReviewError::Refused(
            "only an admin may change the review policy".into(),
        ));
    }
    if !(1..=5).contains(&n) {
        return Err(ReviewError::BadInput(
            "the number of approvers must be between 1 and 5".into(),
        ));
    }
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
        .bind(REQUIRED_APPROVERS_SETTING)
        .bind(n.to_string())
        .execute(&mut *tx)
        .await?;
    events::append_in(
        &mut tx,
        &admin.signer(),
        NewEvent::new(
            kind::POLICY_CHANGED,
            "policy",
            json!({"required_approvers": n}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(ReviewPolicy {
        required_approvers: n,
    })
}

/// Creates a draft by `author` (attachments must already be in the store).
pub async fn create_draft(
    db: &Database,
    author: &UnlockedProfile,
    text: &str,
    attachments: Vec<AttachmentRef>,
) -> Result<Draft, ReviewError> {
    check_attachments(db, &attachments)?;
    let draft = Draft {
        id: new_id(),
        author: author.profile.id.clone(),
        text: text.to_string(),
        attachments,
        findings: vec![],
        overrides: vec![],
        state: State::Draft,
        submission: None,
        updated_at: now_utc(),
    };
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    save_draft(&mut tx, &draft).await?;
    events::append_in(
        &mut tx,
        &author.signer(),
        NewEvent::new(
            kind::DRAFT_CREATED,
            draft.id.clone(),
            json!({"draft": draft.id, "content_hash": draft.content_hash(), "attachments": draft.attachments}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(draft)
}

/// The draft with this id.
pub async fn find_draft(db: &Database, id: &str) -> Result<Draft, ReviewError> {
    let mut conn = db.pool().acquire().await?;
    load_draft(&mut conn, id)
        .await?
        .ok_or_else(|| ReviewError::NotFound(format!("no draft {id}")))
}

/// Changes a draft's content. Whatever its state, it returns to `draft`: a
/// pending submission or an approval no longer covers the new content (both
/// stay in the log).
pub async fn edit_draft(
    db: &Database,
    author: &UnlockedProfile,
    draft_id: &str,
    text: &str,
    attachments: Vec<AttachmentRef>,
) -> Result<Draft, ReviewError> {
    check_attachments(db, &attachments)?;
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    let mut draft = load_draft(&mut tx, draft_id)
        .await?
        .ok_or_else(|| ReviewError::NotFound(format!("no draft {draft_id}")))?;
    if draft.author != author.profile.id {
        return Err(ReviewError::Refused(
            "only the draft's author may edit it".into(),
        ));
    }
    let previous_state = draft.state;
    let voided = draft.submission.take();
    draft.state = draft.state.after(Step::Edit)?;
    draft.text = text.to_string();
    draft.attachments = attachments;
    draft.updated_at = now_utc();
    save_draft(&mut tx, &draft).await?;
    events::append_in(
        &mut tx,
        &author.signer(),
        NewEvent::new(
            kind::DRAFT_EDITED,
            draft.id.clone(),
            json!({
                "draft": draft.id,
                "content_hash": draft.content_hash(),
                "attachments": draft.attachments,
                "previous_state": previous_state,
                "voided_submission": voided,
            }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(draft)
}

fn check_findings(draft: &Draft, findings: &[Finding]) -> Result<(), ReviewError> {
    for finding in findings {
        match &finding.location {
            Location::Text { start, end } => {
                if start > end || *end > draft.text.len() {
                    return Err(ReviewError::BadInput(format!(
                        "finding {} points outside the text ({start}..{end} of {} bytes)",
                        finding.id,
                        draft.text.len()
                    )));
                }
            }
            Location::Image { attachment, .. } => {
                if !draft.attachments.iter().any(|a| &a.sha256 == attachment) {
                    return Err(ReviewError::BadInput(format!(
                        "finding {} points at attachment {attachment}, which the draft does not have",
                        finding.id
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Freezes the draft with its findings and the author's overrides into a
/// submission, if `policy` allows. Appends one `finding.overridden` event per
/// override and the `review.submitted` event (which carries the whole
/// submission). Returns the submission and its hash.
pub async fn submit(
    db: &Database,
    author: &UnlockedProfile,
    draft_id: &str,
    findings: Vec<Finding>,
    overrides: Vec<OverrideRequest>,
    policy: &dyn SubmissionPolicy,
) -> Result<(String, SubmissionBody), ReviewError> {
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    let mut draft = load_draft(&mut tx, draft_id)
        .await?
        .ok_or_else(|| ReviewError::NotFound(format!("no draft {draft_id}")))?;
    if draft.author != author.profile.id {
        return Err(ReviewError::Refused(
            "only the draft's author may submit it".into(),
        ));
    }
    let next = draft.state.after(Step::Submit)?;
    check_findings(&draft, &findings)?;
    let time = now_utc();
    let overrides: Vec<Override> = overrides
        .into_iter()
        .map(|o| Override {
            finding: o.finding,
            actor: author.profile.id.clone(),
            reason: o.reason.trim().to_string(),
            time: time.clone(),
        })
        .collect();
    policy.check(&findings, &overrides)?;
    let body = SubmissionBody {
        format: SUBMISSION_FORMAT.to_string(),
        draft: draft.id.clone(),
        author: author.profile.id.clone(),
        text: draft.text.clone(),
        attachments: draft.attachments.clone(),
        content_hash: draft.content_hash(),
        findings,
        overrides,
        submitted_at: time,
    };
    let hash = insert_submission(&mut tx, &body).await?;
    for o in &body.overrides {
        let category = body
            .findings
            .iter()
            .find(|f| f.id == o.finding)
            .map(|f| f.category.clone());
        events::append_in(
            &mut tx,
            &author.signer(),
            NewEvent::new(
                kind::FINDING_OVERRIDDEN,
                hash.clone(),
                json!({"draft": draft.id, "finding": o.finding, "category": category, "reason": o.reason}),
            ),
        )
        .await?;
    }
    events::append_in(
        &mut tx,
        &author.signer(),
        NewEvent::new(
            kind::SUBMITTED,
            hash.clone(),
            json!({"draft": draft.id, "submission": body}),
        ),
    )
    .await?;
    draft.state = next;
    draft.submission = Some(hash.clone());
    draft.findings = body.findings.clone();
    draft.overrides = body.overrides.clone();
    draft.updated_at = now_utc();
    save_draft(&mut tx, &draft).await?;
    tx.commit().await?;
    Ok((hash, body))
}

/// Checks a decision against the workflow's rules and records it with its
/// event, moving the local draft (if any) to its next state.
async fn record_decision(
    conn: &mut SqliteConnection,
    signer: &Signer<'_>,
    event_kind: &str,
    decision: &SignedDecision,
) -> Result<Option<State>, ReviewError> {
    let hash = &decision.body.submission;
    let submission = load_submission(conn, hash)
        .await?
        .ok_or_else(|| ReviewError::NotFound(format!("no submission {hash} on this machine")))?;
    if decision.body.content_hash != submission.content_hash {
        return Err(ReviewError::Tampered(
            "the decision's content hash differs from the submission's".into(),
        ));
    }
    let earlier = load_decisions(conn, hash).await?;
    let mut draft = load_draft(conn, &submission.draft).await?;
    // A closed draft is left to the state machine below, whose error names
    // the step (approve or reject).
    match why_not_decide(
        &decision.body.reviewer,
        &submission.author,
        hash,
        &earlier,
        draft.as_ref(),
    ) {
        None | Some(CannotDecide::Closed(_)) => {}
        Some(reason) => return Err(ReviewError::Refused(reason.to_string())),
    }
    if decision.body.verdict == Verdict::Reject && decision.body.comment.trim().is_empty() {
        return Err(ReviewError::BadInput(
            "a rejection needs a comment saying why".into(),
        ));
    }
    let mut new_state = None;
    if let Some(draft) = draft.as_mut() {
        let step = match decision.body.verdict {
            Verdict::Reject => Step::Reject,
            Verdict::Approve => {
                let required = read_policy(conn).await?.required_approvers;
                Step::Approve {
                    enough: count_approvals(&earlier) + 1 >= required,
                }
            }
        };
        draft.state = draft.state.after(step)?;
        draft.updated_at = now_utc();
        new_state = Some(draft.state);
    }
    let event = events::append_in(
        conn,
        signer,
        NewEvent::new(event_kind, hash.clone(), json!({"decision": decision})),
    )
    .await?;
    sqlx::query("INSERT INTO decisions (submission, reviewer, verdict, body, event_seq) VALUES (?, ?, ?, ?, ?)")
        .bind(hash)
        .bind(&decision.body.reviewer.id)
        .bind(decision.body.verdict.as_str())
        .bind(serde_json::to_string(decision)?)
        .bind(event.seq)
        .execute(&mut *conn)
        .await?;
    if let Some(draft) = draft {
        save_draft(conn, &draft).await?;
    }
    Ok(new_state)
}

/// A reviewer on this machine approves or rejects submission `hash`. Refused
/// for the submission's author, for authors, for a stale submission and for a
/// second decision by the same reviewer. Returns the signed decision (to carry
/// back to the author's machine when the submission came from a bundle).
pub async fn decide(
    db: &Database,
    reviewer: &UnlockedProfile,
    hash: &str,
    verdict: Verdict,
    comment: &str,
) -> Result<SignedDecision, ReviewError> {
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    let submission = load_submission(&mut tx, hash)
        .await?
        .ok_or_else(|| ReviewError::NotFound(format!("no submission {hash} on this machine")))?;
    // Who may decide is checked with the decision, in `record_decision`
    // (`why_not_decide`), the same rule as for a decision file.
    let decision = SignedDecision::sign(
        DecisionBody {
            format: DECISION_FORMAT.to_string(),
            submission: hash.to_string(),
            content_hash: submission.content_hash.clone(),
            verdict,
            comment: comment.trim().to_string(),
            reviewer: reviewer.profile.public(),
            time: now_utc(),
        },
        reviewer.signing_key(),
    );
    let event_kind = match verdict {
        Verdict::Approve => kind::APPROVED,
        Verdict::Reject => kind::REJECTED,
    };
    record_decision(&mut tx, &reviewer.signer(), event_kind, &decision).await?;
    tx.commit().await?;
    Ok(decision)
}

/// Records a decision file from a reviewer on another machine, after checking
/// that the reviewer's key is trusted here (the key in the file is never
/// trusted by itself), the signature, and that it covers exactly a submission
/// of this machine that is still current. Returns the draft's new state.
pub async fn import_decision(
    db: &Database,
    importer: &UnlockedProfile,
    decision: &SignedDecision,
) -> Result<Option<State>, ReviewError> {
    if decision.body.format != DECISION_FORMAT {
        return Err(ReviewError::BadInput(format!(
            "unknown decision format {:?}",
            decision.body.format
        )));
    }
    let claimed = &decision.body.reviewer;
    let known = match profiles::find(db, &claimed.id).await {
        Ok(profile) if profile.id == claimed.id => profile,
        _ => {
            return Err(ReviewError::NotTrusted {
                file: SignedFile::Decision,
                name: claimed.name.clone(),
                id: claimed.id.clone(),
            })
        }
    };
    if known.public_key != claimed.public_key {
        return Err(ReviewError::Untrusted(format!(
            "the decision claims to be by {:?} but carries a different key from the one trusted here",
            known.name
        )));
    }
    let key = known
        .public()
        .verifying_key()
        .map_err(profiles::ProfileError::from)?;
    decision.verify_with(&key).map_err(|_| {
        ReviewError::Tampered(format!(
            "the decision file was altered after {:?} signed it (signature check failed)",
            known.name
        ))
    })?;
    if !known.role.may_review() {
        return Err(ReviewError::Refused(format!(
            "{} is not a reviewer on this machine",
            known.name
        )));
    }
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    let state = record_decision(
        &mut tx,
        &importer.signer(),
        kind::DECISION_IMPORTED,
        decision,
    )
    .await?;
    tx.commit().await?;
    Ok(state)
}

/// The review status of a draft (by id) or a submission (by hash).
pub async fn status(db: &Database, id: &str) -> Result<Status, ReviewError> {
    let mut conn = db.pool().acquire().await?;
    let required_approvers = read_policy(&mut conn).await?.required_approvers;
    let (draft, submission_hash) = match load_draft(&mut conn, id).await? {
        Some(draft) => {
            let hash = draft.submission.clone();
            (Some(draft), hash)
        }
        None => match load_submission(&mut conn, id).await? {
            Some(body) => (
                load_draft(&mut conn, &body.draft).await?,
                Some(id.to_string()),
            ),
            None => {
                return Err(ReviewError::NotFound(format!(
                    "no draft or submission {id}"
                )))
            }
        },
    };
    let (submission, decisions) = match &submission_hash {
        Some(hash) => (
            load_submission(&mut conn, hash).await?,
            load_decisions(&mut conn, hash).await?,
        ),
        None => (None, vec![]),
    };
    let covers = match (&draft, &submission) {
        (Some(draft), Some(body)) => {
            count_approvals(&decisions) >= required_approvers
                && !decisions.iter().any(|d| d.body.verdict == Verdict::Reject)
                && draft.content_hash() == body.content_hash
        }
        _ => false,
    };
    Ok(Status {
        draft,
        submission_hash,
        submission,
        decisions,
        required_approvers,
        approval_covers_current_content: covers,
    })
}

/// True when submission `hash` is approved by enough distinct reviewers (and
/// rejected by none) and `text` + `attachments` are exactly its content. One
/// changed character, or a different attachment, and it is not covered.
pub async fn approval_covers(
    db: &Database,
    hash: &str,
    text: &str,
    attachments: &[AttachmentRef],
) -> Result<bool, ReviewError> {
    let mut conn = db.pool().acquire().await?;
    let Some(body) = load_submission(&mut conn, hash).await? else {
        return Ok(false);
    };
    let decisions = load_decisions(&mut conn, hash).await?;
    let required = read_policy(&mut conn).await?.required_approvers;
    Ok(count_approvals(&decisions) >= required
        && !decisions.iter().any(|d| d.body.verdict == Verdict::Reject)
        && body.content_hash == content_hash(text, attachments))
}

/// What an export writes: the approved submission and its attachments' bytes,
/// each re-read from the store and checked against its hash.
#[derive(Debug)]
pub struct ExportContent {
    /// The approved submission (its text and attachment names).
    pub body: SubmissionBody,
    /// The bytes of `body.attachments`, in the same order.
    pub files: Vec<Vec<u8>>,
}

/// Exports an approved draft for publishing: `write` puts the content where it
/// belongs and returns the paths it wrote (`clearpost_core::export` writes
/// them under checked names); the export is logged with those paths and the
/// draft becomes exported. Refused, before `write` is called, unless the
/// approval covers the draft's current content and every attachment still
/// has its hash; if `write` fails nothing is logged.
pub async fn export_with<W>(
    db: &Database,
    actor: &UnlockedProfile,
    draft_id: &str,
    write: W,
) -> Result<Vec<PathBuf>, ReviewError>
where
    W: FnOnce(&ExportContent) -> Result<Vec<PathBuf>, ReviewError>,
{
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    let mut draft = load_draft(&mut tx, draft_id)
        .await?
        .ok_or_else(|| ReviewError::NotFound(format!("no draft {draft_id}")))?;
    let next = draft.state.after(Step::Export)?;
    let hash = draft
        .submission
        .clone()
        .ok_or_else(|| ReviewError::Refused("the draft has no approved submission".into()))?;
    let body = load_submission(&mut tx, &hash)
        .await?
        .ok_or_else(|| ReviewError::NotFound(format!("no submission {hash}")))?;
    if body.content_hash != draft.content_hash() {
        return Err(ReviewError::Refused(
            "the draft's content differs from the approved submission".into(),
        ));
    }
    let store = store_of(db);
    let files = body
        .attachments
        .iter()
        .map(|attachment| store.get(&attachment.sha256))
        .collect::<Result<Vec<_>, _>>()?;
    let content = ExportContent { body, files };
    let written = write(&content)?;
    let body = content.body;
    events::append_in(
        &mut tx,
        &actor.signer(),
        NewEvent::new(
            kind::EXPORTED,
            hash.clone(),
            json!({"draft": draft.id, "content_hash": body.content_hash, "files": written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>()}),
        ),
    )
    .await?;
    draft.state = next;
    draft.updated_at = now_utc();
    save_draft(&mut tx, &draft).await?;
    tx.commit().await?;
    Ok(written)
}

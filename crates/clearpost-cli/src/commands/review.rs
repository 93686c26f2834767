//! `clearpost review`: submit drafts, approve or reject them, and carry them
//! between machines as review bundles and signed decision files.
//!
//! Exit codes: 0 ok; 1 refused (policy, separation of duties, a stale
//! submission, a tampered or untrusted file, a wrong passphrase); 2 bad input.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;
use clearpost_core::audit::profiles::{self, UnlockedProfile};
use clearpost_core::audit::store::AttachmentStore;
use clearpost_core::audit::Database;
use clearpost_core::phi::{Policy, Scanner};
use clearpost_core::review::workspace::{self, WorkingCopy};
use clearpost_core::review::{
    self, AttachmentRef, BlockingFindingsPolicy, Finding, OverrideRequest, ReviewError,
    SignedDecision, Verdict,
};
use clearpost_core::terminal::{self, one_line as line};
use clearpost_core::{export, input, meta, review_files, submission};

use super::profile::{passphrase_from_env, profile_outcome};
use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: ReviewCommand,
}

#[derive(Debug, clap::Args)]
struct Unlock {
    /// Environment variable holding the current profile's passphrase.
    #[arg(long, value_name = "VAR")]
    passphrase_env: String,
}

/// What `approve` and `reject` share: which submission, where the signed
/// decision goes, who signs.
#[derive(Debug, clap::Args)]
struct Decision {
    /// Submission hash.
    submission: String,
    /// Also write the signed decision to this file (for the author's machine).
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    unlock: Unlock,
}

#[derive(Debug, Subcommand)]
enum ReviewCommand {
    /// Submit a Markdown draft (with sanitised attachments) for review.
    Submit {
        /// The Markdown file.
        file: PathBuf,
        /// A sanitised attachment (repeatable); copied into the content store.
        #[arg(long = "attach", value_name = "FILE")]
        attachments: Vec<PathBuf>,
        /// Extra findings, e.g. from photos: a JSON list (id, category,
        /// location, excerpt, blocking, reason). The text itself is always
        /// scanned for PHI; these are added to what the scan finds.
        #[arg(long, value_name = "FILE")]
        findings: Option<PathBuf>,
        /// The organisation's PHI policy for the scan (JSON, as `clearpost scan --policy`).
        #[arg(long, value_name = "FILE")]
        policy: Option<PathBuf>,
        /// Keep a finding with a reason: `FINDING_ID=reason`, or the flagged
        /// text itself, `Jane=reason` (every finding with exactly that text).
        /// Repeatable.
        #[arg(long = "override", value_name = "ID_OR_TEXT=REASON")]
        overrides: Vec<String>,
        /// Update and resubmit this existing draft instead of creating one.
        #[arg(long)]
        draft: Option<String>,
        #[command(flatten)]
        unlock: Unlock,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Approve a submission as the current profile.
    Approve {
        #[command(flatten)]
        target: Decision,
        /// Optional comment.
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Reject a submission as the current profile, saying why.
    Reject {
        #[command(flatten)]
        target: Decision,
        /// Why (required).
        #[arg(long)]
        comment: String,
    },
    /// Show the review state of a draft (id) or a submission (hash).
    Status {
        /// Draft id or submission hash.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Pack a submission into one file for a reviewer on another machine.
    Bundle {
        /// Submission hash.
        submission: String,
        /// Output file (e.g. post.clearpost).
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        unlock: Unlock,
    },
    /// Check and open a review bundle from another machine.
    Open {
        /// The bundle file.
        file: PathBuf,
        #[command(flatten)]
        unlock: Unlock,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check and record a signed decision file from a reviewer's machine.
    Import {
        /// The decision file.
        file: PathBuf,
        #[command(flatten)]
        unlock: Unlock,
    },
    /// Export an approved draft for publishing (post.md and its attachments).
    Export {
        /// Draft id.
        draft: String,
        /// Output folder.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        unlock: Unlock,
    },
    /// Set how many distinct reviewers must approve (admins only).
    Policy {
        /// Number of approvers (1 to 5).
        #[arg(long)]
        approvers: u32,
        #[command(flatten)]
        unlock: Unlock,
    },
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    ctx.block_on(async {
        let db = Database::open(ctx.data_dir()).await?;
        let result = run_with(ctx, &db, args.command).await;
        db.close().await;
        match result {
            Ok(code) => Ok(code),
            Err(err) => match err.downcast::<ReviewError>() {
                Ok(review) if review.is_refusal() => {
                    // The error already says "refused", "tampered" or "untrusted".
                    eprintln!("clearpost: {}", line(&review.to_string()));
                    Ok(ExitCode::from(1))
                }
                Ok(review) => Err(review.into()),
                Err(other) => Err(other),
            },
        }
    })
}

async fn unlock(
    db: &Database,
    unlock: &Unlock,
) -> anyhow::Result<Result<UnlockedProfile, ExitCode>> {
    let passphrase = passphrase_from_env(&unlock.passphrase_env)?;
    profile_outcome(profiles::unlock_current(db, &passphrase).await)
}

macro_rules! unlocked {
    ($db:expr, $unlock:expr) => {
        match unlock($db, $unlock).await? {
            Ok(me) => me,
            Err(code) => return Ok(code),
        }
    };
}

/// `--override` items as override requests: each names a finding by its id
/// or by its exact flagged text (which may match several findings).
fn parse_overrides(items: &[String], findings: &[Finding]) -> anyhow::Result<Vec<OverrideRequest>> {
    let mut requests = Vec::new();
    for item in items {
        let (key, reason) = item.split_once('=').with_context(|| {
            format!("--override {item:?}: expected FINDING_ID=reason or TEXT=reason")
        })?;
        let key = key.trim();
        let by_id: Vec<&Finding> = findings.iter().filter(|f| f.id == key).collect();
        let matched = if by_id.is_empty() {
            findings
                .iter()
                .filter(|f| f.excerpt.as_deref() == Some(key))
                .collect()
        } else {
            by_id
        };
        anyhow::ensure!(
            !matched.is_empty(),
            "--override {key:?}: no finding has this id or text (found: {})",
            describe_findings(findings)
        );
        requests.extend(matched.into_iter().map(|f| OverrideRequest {
            finding: f.id.clone(),
            reason: reason.to_string(),
        }));
    }
    Ok(requests)
}

/// "text-1 name “Jane”, text-2 geographic_subdivision “Ward 4”"
fn describe_findings(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "none".into();
    }
    findings
        .iter()
        .map(|f| match &f.excerpt {
            Some(text) => format!("{} {} “{text}”", f.id, f.category),
            None => format!("{} {}", f.id, f.category),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The draft's text findings and the overrides that go with them: the PHI
/// scan under `policy` (or the default one) plus, for an existing draft, its
/// own allow-list and the phrases its author kept in the app
/// ([`submission::review_text`], as the app submits). The author's word is not
/// taken for what the text holds.
fn scan_text(
    text: &str,
    policy: Option<&Path>,
    workspace: Option<&WorkingCopy>,
) -> anyhow::Result<submission::TextReview> {
    let policy = match policy {
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read policy {}", path.display()))?;
            Policy::from_json(&json).with_context(|| format!("policy {}", path.display()))?
        }
        None => Policy::default(),
    };
    let scanner = Scanner::load_default().context(
        "loading the name and place lists the PHI scan needs (run scripts/fetch-models)",
    )?;
    let (allow_list, kept) = match workspace {
        Some(copy) => (copy.allow_list.as_slice(), copy.overrides.as_slice()),
        None => (&[][..], &[][..]),
    };
    Ok(submission::review_text(
        &scanner, text, &policy, allow_list, kept,
    ))
}

/// The overrides a submission records: `automatic` ones (kept phrases,
/// allow-lists) except where `--override` gives a finding a reason of its own.
fn merged_overrides(
    automatic: Vec<OverrideRequest>,
    explicit: Vec<OverrideRequest>,
) -> Vec<OverrideRequest> {
    let mut merged: Vec<OverrideRequest> = automatic
        .into_iter()
        .filter(|o| !explicit.iter().any(|e| e.finding == o.finding))
        .collect();
    merged.extend(explicit);
    merged
}

/// Refuses an attachment that is not a photo Clearpost can check or that
/// still carries identifying metadata: a submission only holds cleaned photos.
fn check_attachment_is_clean(path: &Path) -> anyhow::Result<()> {
    let bytes = input::read_photo(path)?;
    let report = meta::inspect(&bytes)
        .with_context(|| format!("{} is not a photo Clearpost can check", path.display()))?;
    if !report.is_clean() {
        let blocks: Vec<String> = report
            .removable_blocks()
            .map(|b| b.location.clone())
            .collect();
        anyhow::bail!(
            "{} still carries metadata ({}): run `clearpost strip` (or `clearpost redact`) on it first",
            path.display(),
            blocks.join(", ")
        );
    }
    Ok(())
}

fn store_attachments(data_dir: &Path, files: &[PathBuf]) -> anyhow::Result<Vec<AttachmentRef>> {
    let store = AttachmentStore::new(data_dir);
    files
        .iter()
        .map(|file| {
            let name = file
                .file_name()
                .with_context(|| format!("{} has no file name", file.display()))?
                .to_string_lossy()
                .to_string();
            let sha256 = store.put_file(file)?;
            Ok(AttachmentRef { sha256, name })
        })
        .collect()
}

fn write_decision(decision: &SignedDecision, output: Option<&Path>) -> anyhow::Result<()> {
    if let Some(path) = output {
        let bytes = serde_json::to_vec_pretty(decision)?;
        clearpost_core::audit::atomic_file::write_atomic(path, &bytes)
            .with_context(|| format!("writing {}", path.display()))?;
        println!("signed decision written to {}", path.display());
    }
    Ok(())
}

/// `approve` and `reject`: signs the verdict as the current profile, says
/// so, and writes the signed decision file when asked.
async fn decide(
    db: &Database,
    target: &Decision,
    verdict: Verdict,
    comment: &str,
) -> anyhow::Result<ExitCode> {
    let me = unlocked!(db, &target.unlock);
    let decision = review::decide(db, &me, &target.submission, verdict, comment).await?;
    let done = match verdict {
        Verdict::Approve => "approved",
        Verdict::Reject => "rejected",
    };
    println!(
        "{done} submission {} as {}",
        target.submission, me.profile.name
    );
    write_decision(&decision, target.output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

async fn run_with(
    ctx: &Context,
    db: &Database,
    command: ReviewCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        ReviewCommand::Submit {
            file,
            attachments,
            findings,
            policy,
            overrides,
            draft,
            unlock,
            json,
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            // A draft the app knows has a working copy: its allow-list and
            // kept phrases count here too. One made by the CLI has none.
            let workspace = match &draft {
                Some(id) => Some(workspace::load(db, id).await?),
                None => None,
            };
            let text_review = scan_text(&text, policy.as_deref(), workspace.as_ref())?;
            let mut all_findings: Vec<Finding> = text_review
                .findings
                .into_iter()
                .map(|(finding, _, _)| finding)
                .collect();
            if let Some(path) = findings {
                let bytes =
                    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
                let extra: Vec<Finding> = serde_json::from_slice(&bytes).with_context(|| {
                    format!("{} is not a JSON list of findings", path.display())
                })?;
                for finding in extra {
                    anyhow::ensure!(
                        !all_findings.iter().any(|f| f.id == finding.id),
                        "{}: finding id {:?} is used twice (the text scan names its findings text-N and allowed-N)",
                        path.display(),
                        finding.id
                    );
                    all_findings.push(finding);
                }
            }
            let findings = all_findings;
            for attachment in &attachments {
                check_attachment_is_clean(attachment)?;
            }
            let overrides = merged_overrides(
                text_review.overrides,
                parse_overrides(&overrides, &findings)?,
            );
            let me = unlocked!(db, &unlock);
            let attachments = store_attachments(ctx.data_dir(), &attachments)?;
            let draft = match draft {
                Some(id) => review::edit_draft(db, &me, &id, &text, attachments).await?,
                None => review::create_draft(db, &me, &text, attachments).await?,
            };
            let (hash, body) = review::submit(
                db,
                &me,
                &draft.id,
                findings,
                overrides,
                &BlockingFindingsPolicy,
            )
            .await?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"draft": draft.id, "submission": hash, "content_hash": body.content_hash})
                );
            } else {
                println!("draft {} submitted for review", draft.id);
                println!("submission {hash}");
            }
        }
        ReviewCommand::Approve { target, comment } => {
            return decide(db, &target, Verdict::Approve, &comment).await;
        }
        ReviewCommand::Reject { target, comment } => {
            return decide(db, &target, Verdict::Reject, &comment).await;
        }
        ReviewCommand::Status { id, json } => {
            let status = review::status(db, &id).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&status)?);
            } else {
                print_status(&status);
            }
        }
        ReviewCommand::Bundle {
            submission,
            output,
            unlock,
        } => {
            let me = unlocked!(db, &unlock);
            review::write_bundle(db, &me, &submission, &output).await?;
            println!("review bundle written to {}", output.display());
        }
        ReviewCommand::Open { file, unlock, json } => {
            let bundle = review_files::read_bundle(&file)?;
            let me = unlocked!(db, &unlock);
            let opened = review::open_bundle(db, &me, &bundle).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&opened)?);
            } else {
                println!(
                    "bundle checked: signed by {} ({}), content intact",
                    line(&opened.author.name),
                    line(&opened.author.id)
                );
                println!("submission {}", line(&opened.submission_hash));
                println!(
                    "--- text ---\n{}\n------------",
                    terminal::block(&opened.submission.text)
                );
                for a in &opened.submission.attachments {
                    println!("attachment {} ({})", line(&a.name), line(&a.sha256));
                }
                print_findings(&opened.submission);
            }
        }
        ReviewCommand::Import { file, unlock } => {
            let decision = review_files::read_decision(&file)?;
            let me = unlocked!(db, &unlock);
            let state = review::import_decision(db, &me, &decision).await?;
            println!(
                "recorded {} by {} for submission {}",
                decision.body.verdict.as_str(),
                line(&decision.body.reviewer.name),
                line(&decision.body.submission)
            );
            if let Some(state) = state {
                println!("draft is now {state}");
            }
        }
        ReviewCommand::Export {
            draft,
            output,
            unlock,
        } => {
            let me = unlocked!(db, &unlock);
            for path in export::export_post(db, &me, &draft, &output).await? {
                println!("{}", path.display());
            }
        }
        ReviewCommand::Policy { approvers, unlock } => {
            let me = unlocked!(db, &unlock);
            let policy = review::set_required_approvers(db, &me, approvers).await?;
            println!(
                "submissions now need {} approver(s)",
                policy.required_approvers
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_findings(submission: &review::SubmissionBody) {
    for finding in &submission.findings {
        let kept = submission
            .overrides
            .iter()
            .find(|o| o.finding == finding.id);
        println!(
            "finding {} [{}]{}{}{}",
            line(&finding.id),
            line(&finding.category),
            if finding.blocking { " blocking" } else { "" },
            finding
                .excerpt
                .as_ref()
                .map(|e| format!(" {e:?}"))
                .unwrap_or_default(),
            kept.map(|o| format!(" — kept by {}: {}", line(&o.actor), line(&o.reason)))
                .unwrap_or_default()
        );
    }
}

fn print_status(status: &review::Status) {
    if let Some(draft) = &status.draft {
        println!(
            "draft {} ({}), by {}",
            line(&draft.id),
            draft.state,
            line(&draft.author)
        );
    }
    match (&status.submission_hash, &status.submission) {
        (Some(hash), Some(body)) => {
            println!(
                "submission {} (submitted {})",
                line(hash),
                line(&body.submitted_at)
            );
            print_findings(body);
        }
        _ => println!("no current submission"),
    }
    println!("approvals needed: {}", status.required_approvers);
    for d in &status.decisions {
        println!(
            "  {} by {} at {} {}",
            d.body.verdict.as_str(),
            line(&d.body.reviewer.name),
            line(&d.body.time),
            line(&d.body.comment)
        );
    }
    println!(
        "approval covers the current content: {}",
        if status.approval_covers_current_content {
            "yes"
        } else {
            "no"
        }
    );
}

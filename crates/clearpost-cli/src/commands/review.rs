//! `clearpost review`: submit drafts, approve or reject them, and carry them
//! between machines as review bundles and signed decision files.
//!
//! Exit codes: 0 ok; 1 refused (policy, separation of duties, a stale
//! submission, a tampered or untrusted file, a wrong passphrase); 2 bad input.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;
use clearpost_core::context::Context as Core;
use clearpost_core::phi::Scanner;
use clearpost_core::review::{self, ReviewError, Verdict};
use clearpost_core::terminal::{self, one_line as line};
use clearpost_core::{export, review_files, submit, text_scan};

use super::profile::unlocked;
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
    let result = ctx.run(run_with(ctx.core(), args.command));
    match result.map_err(|err| err.downcast::<ReviewError>()) {
        Ok(code) => Ok(code),
        Err(Ok(review)) if review.is_refusal() => {
            // The error already says "refused", "tampered" or "untrusted".
            eprintln!("clearpost: {}", line(&review.to_string()));
            Ok(ExitCode::from(1))
        }
        Err(Ok(review)) => Err(review.into()),
        Err(Err(other)) => Err(other),
    }
}

/// `approve` and `reject`: signs the verdict as the current profile, says
/// so, and writes the signed decision file when asked.
async fn decide(
    core: &Core,
    target: &Decision,
    verdict: Verdict,
    comment: &str,
) -> anyhow::Result<ExitCode> {
    let me = unlocked!(core, &target.unlock.passphrase_env);
    let decision =
        review::decide(core.db().await?, &me, &target.submission, verdict, comment).await?;
    let done = match verdict {
        Verdict::Approve => "approved",
        Verdict::Reject => "rejected",
    };
    println!(
        "{done} submission {} as {}",
        target.submission, me.profile.name
    );
    if let Some(path) = &target.output {
        review_files::write_decision(path, &decision)?;
        println!("signed decision written to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

async fn run_with(core: &Core, command: ReviewCommand) -> anyhow::Result<ExitCode> {
    let db = core.db().await?;
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
            let policy = text_scan::load_policy(policy.as_deref())?;
            let scanner = Scanner::load_default().context(
                "loading the name and place lists the PHI scan needs (run scripts/fetch-models)",
            )?;
            let request = submit::Request {
                text: &text,
                attachments: &attachments,
                extra: findings.as_deref().map(submit::read_findings).transpose()?,
                overrides: &overrides,
                draft: draft.as_deref(),
            };
            let prepared = submit::prepare(db, &scanner, &policy, &request).await?;
            let me = unlocked!(core, &unlock.passphrase_env);
            let store = core.store();
            let done = submit::record(db, &store, &me, prepared).await?;
            let (draft, hash) = (done.draft, done.submission);
            if json {
                println!(
                    "{}",
                    serde_json::json!({"draft": draft, "submission": hash, "content_hash": done.content_hash})
                );
            } else {
                println!("draft {draft} submitted for review");
                println!("submission {hash}");
            }
        }
        ReviewCommand::Approve { target, comment } => {
            return decide(core, &target, Verdict::Approve, &comment).await;
        }
        ReviewCommand::Reject { target, comment } => {
            return decide(core, &target, Verdict::Reject, &comment).await;
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
            let me = unlocked!(core, &unlock.passphrase_env);
            review::write_bundle(db, &me, &submission, &output).await?;
            println!("review bundle written to {}", output.display());
        }
        ReviewCommand::Open { file, unlock, json } => {
            let bundle = review_files::read_bundle(&file)?;
            let me = unlocked!(core, &unlock.passphrase_env);
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
            let me = unlocked!(core, &unlock.passphrase_env);
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
            let me = unlocked!(core, &unlock.passphrase_env);
            for path in export::export_post(db, &me, &draft, &output).await? {
                println!("{}", path.display());
            }
        }
        ReviewCommand::Policy { approvers, unlock } => {
            let me = unlocked!(core, &unlock.passphrase_env);
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

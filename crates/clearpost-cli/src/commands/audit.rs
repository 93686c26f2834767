//! `clearpost audit`: read, verify and export the tamper-evident audit log.
//!
//! Exit codes: 0 ok; 1 verification failed; 2 bad input.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use clearpost_core::context::Context as Core;
use clearpost_core::log::{self, Query, VerifyReport};

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// List events in plain words.
    Log {
        /// First day (YYYY-MM-DD, UTC, inclusive).
        #[arg(long)]
        from: Option<String>,
        /// Last day (YYYY-MM-DD, UTC, inclusive).
        #[arg(long)]
        to: Option<String>,
        /// Only events about this submission hash, draft or profile id.
        #[arg(long)]
        subject: Option<String>,
        /// Only the latest N events.
        #[arg(long)]
        limit: Option<i64>,
        /// Print the raw events as JSON Lines.
        #[arg(long)]
        json: bool,
    },
    /// Check every hash and signature; name the first bad event.
    Verify {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export a date range as JSON Lines (verifiable elsewhere) and optionally CSV.
    Export {
        /// JSON Lines output file.
        #[arg(short, long)]
        output: PathBuf,
        /// Also write a human-readable CSV here.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// First day (YYYY-MM-DD, UTC, inclusive).
        #[arg(long)]
        from: Option<String>,
        /// Last day (YYYY-MM-DD, UTC, inclusive).
        #[arg(long)]
        to: Option<String>,
    },
    /// Check an exported JSON Lines file (works on any machine, no database needed).
    ImportVerify {
        /// The exported file.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

fn print_report(report: &VerifyReport, json: bool) -> anyhow::Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        match &report.problem {
            None => println!(
                "audit log OK: {} events, head {} (hash {})",
                report.events_ok, report.head_seq, report.head_hash
            ),
            Some(problem) => println!(
                "audit log FAILED verification at {problem}\n{} events before it are intact",
                report.events_ok
            ),
        }
    }
    Ok(if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    if let AuditCommand::ImportVerify { file, json } = &args.command {
        let report = log::import_verify(file, None)?;
        return print_report(&report, *json);
    }
    ctx.run(run_with(ctx.core(), args.command))
}

async fn run_with(core: &Core, command: AuditCommand) -> anyhow::Result<ExitCode> {
    let db = core.db().await?;
    match command {
        AuditCommand::Log {
            from,
            to,
            subject,
            limit,
            json,
        } => {
            let query = Query {
                from: from.as_deref(),
                to: to.as_deref(),
                subject,
                limit,
            };
            for entry in log::page(db, query).await? {
                if json {
                    println!("{}", serde_json::to_string(&entry.event)?);
                } else {
                    let event = &entry.event;
                    println!(
                        "{:>6} {} {:<16} {}",
                        event.seq, event.time, entry.who, entry.summary
                    );
                }
            }
        }
        AuditCommand::Verify { json } => {
            let report = log::verify(db).await?;
            return print_report(&report, json);
        }
        AuditCommand::Export {
            output,
            csv,
            from,
            to,
        } => {
            let export = log::Export::read(db, from.as_deref(), to.as_deref()).await?;
            export.write_jsonl(&output)?;
            println!(
                "{} events written to {}",
                export.events.len(),
                output.display()
            );
            if let Some(csv) = csv {
                export.write_csv(&csv)?;
                println!("CSV written to {}", csv.display());
            }
        }
        AuditCommand::ImportVerify { .. } => unreachable!("handled without a database"),
    }
    Ok(ExitCode::SUCCESS)
}

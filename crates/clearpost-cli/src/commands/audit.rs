//! `clearpost audit`: read, verify and export the tamper-evident audit log.
//!
//! Exit codes: 0 ok; 1 verification failed; 2 bad input.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use clearpost_core::audit::events::{self, EventFilter};
use clearpost_core::audit::export::{self, day_range};
use clearpost_core::audit::profiles;
use clearpost_core::audit::verify::{verify_database, VerifyReport};
use clearpost_core::audit::Database;

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
        let report = export::import_verify(file, None)?;
        return print_report(&report, *json);
    }
    ctx.block_on(async {
        let db = Database::open(ctx.data_dir()).await?;
        let code = run_with(&db, args.command).await;
        db.close().await;
        code
    })
}

async fn run_with(db: &Database, command: AuditCommand) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::Log {
            from,
            to,
            subject,
            limit,
            json,
        } => {
            let (since, until) = day_range(from.as_deref(), to.as_deref())?;
            let filter = EventFilter {
                since,
                until,
                subject,
                limit,
            };
            let names: BTreeMap<String, String> = profiles::list(db)
                .await?
                .into_iter()
                .map(|p| (p.id, p.name))
                .collect();
            for event in events::list(db.pool(), &filter).await? {
                if json {
                    println!("{}", serde_json::to_string(&event)?);
                } else {
                    let who = names
                        .get(&event.actor)
                        .cloned()
                        .unwrap_or_else(|| event.actor.clone());
                    println!(
                        "{:>6} {} {:<16} {}",
                        event.seq,
                        event.time,
                        who,
                        export::summarise(&event, &names)
                    );
                }
            }
        }
        AuditCommand::Verify { json } => {
            let report = verify_database(db).await?;
            return print_report(&report, json);
        }
        AuditCommand::Export {
            output,
            csv,
            from,
            to,
        } => {
            let (header, events) = export::export_range(db, from.as_deref(), to.as_deref()).await?;
            export::write_jsonl(&output, &header, &events)?;
            println!("{} events written to {}", events.len(), output.display());
            if let Some(csv) = csv {
                export::write_csv(&csv, &header, &events)?;
                println!("CSV written to {}", csv.display());
            }
        }
        AuditCommand::ImportVerify { .. } => unreachable!("handled without a database"),
    }
    Ok(ExitCode::SUCCESS)
}

//! `clearpost`: the same engine as the desktop app, for batch work and scripting.
//!
//! Exit codes: 0 ok; 1 refused by policy, findings at the blocking level, or a
//! verification failure; 2 bad input or an error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;
mod context;

use context::Context;

#[derive(Debug, Parser)]
#[command(
    name = "clearpost",
    version,
    about = "Stop patient privacy leaks before a post is published"
)]
struct Cli {
    /// Folder holding the database and the content store (default: the platform
    /// data directory, shared with the desktop app).
    #[arg(long, global = true, env = "CLEARPOST_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show the engine version, the data directory, the database and the models.
    Info(commands::info::Args),
    /// Say what metadata photos carry, in plain words.
    Inspect(commands::inspect::Args),
    /// Remove identifying metadata from photos, losslessly where possible.
    Strip(commands::strip::Args),
    /// Detect faces and text regions ("records") in photos.
    Detect(commands::detect::Args),
    /// Redact faces, records and manual boxes in photos irreversibly.
    Redact(commands::redact::Args),
    /// Scan text or Markdown for PHI (HIPAA Safe Harbor identifiers).
    Scan(commands::scan::Args),
    /// Manage local user profiles and their signing keys.
    Profile(commands::profile::Args),
    /// Submit drafts for review, approve, reject, exchange review bundles.
    Review(commands::review::Args),
    /// Read, verify and export the tamper-evident audit log.
    Audit(commands::audit::Args),
}

fn main() -> ExitCode {
    clearpost_core::terminal::restore_default_sigpipe();
    let cli = Cli::parse();
    let ctx = Context::new(cli.data_dir);
    let result = match cli.command {
        Command::Info(args) => commands::info::run(&ctx, args),
        Command::Inspect(args) => commands::inspect::run(&ctx, args),
        Command::Strip(args) => commands::strip::run(&ctx, args),
        Command::Detect(args) => commands::detect::run(&ctx, args),
        Command::Redact(args) => commands::redact::run(&ctx, args),
        Command::Scan(args) => commands::scan::run(&ctx, args),
        Command::Profile(args) => commands::profile::run(&ctx, args),
        Command::Review(args) => commands::review::run(&ctx, args),
        Command::Audit(args) => commands::audit::run(&ctx, args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // Errors can quote names and text from other machines: shown escaped.
            let message = format!("{err:#}");
            eprintln!(
                "clearpost: error: {}",
                clearpost_core::terminal::block(&message)
            );
            ExitCode::from(2)
        }
    }
}

//! `clearpost info`: version, data directory, database and models.

use std::process::ExitCode;

use anyhow::Context as _;

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    let info = ctx.run(async {
        let info = clearpost_core::info::engine_info(ctx.core()).await;
        info.context("reading the engine's state")
    })?;
    if args.json {
        println!("{}", serde_json::to_string(&info)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("Clearpost {}", info.version);
    println!("data directory: {}", info.data_dir.display());
    println!(
        "database:       {} (schema {})",
        info.database.display(),
        info.schema_version
    );
    println!("models folder:  {}", info.models_dir.display());
    for model in &info.models {
        let state = if model.present {
            "ok"
        } else {
            "MISSING (run scripts/fetch-models)"
        };
        println!("  {:<11} {:<30} {}", model.name, model.purpose, state);
    }
    Ok(ExitCode::SUCCESS)
}

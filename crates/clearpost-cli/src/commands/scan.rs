//! `clearpost scan`: not built yet; its issue fills this module in.

use std::process::ExitCode;

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_ctx: &Context, _args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`clearpost scan` is not available in this build yet")
}

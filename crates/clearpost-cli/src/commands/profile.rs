//! `clearpost profile`: local user profiles and their signing keys, and the
//! public keys of people on other machines.
//!
//! Passphrases are never command-line arguments (they would show in `ps` and
//! shell history): `--passphrase-env VAR` names an environment variable.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;
use clearpost_core::context::Context as Core;
use clearpost_core::people::{key_file, profiles};
use clearpost_core::people::{KeyError, ProfileError, Role, UnlockedProfile};
use clearpost_core::terminal::one_line as line;

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: ProfileCommand,
}

#[derive(Debug, Subcommand)]
enum ProfileCommand {
    /// Create a local profile with a new signing key sealed by a passphrase.
    Create {
        /// Display name (unique on this machine).
        name: String,
        /// author, reviewer or admin.
        #[arg(long, default_value = "author")]
        role: String,
        /// Environment variable holding the new passphrase (8+ characters).
        #[arg(long, value_name = "VAR")]
        passphrase_env: String,
    },
    /// List local and trusted profiles.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make another profile current (checks its passphrase).
    Switch {
        /// Profile name or id.
        name: String,
        /// Environment variable holding that profile's passphrase.
        #[arg(long, value_name = "VAR")]
        passphrase_env: String,
    },
    /// Write a profile's public key (no secret) to a file for another machine.
    ExportKey {
        /// Profile name or id (default: the current profile).
        name: Option<String>,
        /// Output file.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Trust a public key exported on another machine (signed by the current profile).
    Trust {
        /// File written by `clearpost profile export-key`.
        file: PathBuf,
        /// Environment variable holding the current profile's passphrase.
        #[arg(long, value_name = "VAR")]
        passphrase_env: String,
    },
    /// Replace the current profile's key pair (the old key signs the change).
    ChangeKey {
        /// Environment variable holding the current passphrase.
        #[arg(long, value_name = "VAR")]
        passphrase_env: String,
        /// Environment variable holding the new passphrase.
        #[arg(long, value_name = "VAR")]
        new_passphrase_env: String,
    },
}

/// Reads a passphrase from the environment variable `var`.
pub(crate) fn passphrase_from_env(var: &str) -> anyhow::Result<String> {
    std::env::var(var).with_context(|| {
        format!("the environment variable {var} (named by --passphrase-env) is not set")
    })
}

/// Turns refusals into exit code 1 with a message; other errors propagate (exit 2).
pub(crate) fn refused(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("clearpost: refused: {}", line(&message.to_string()));
    ExitCode::from(1)
}

/// Exit code 1 for a wrong passphrase, an error otherwise.
pub(crate) fn profile_outcome<T>(
    result: Result<T, ProfileError>,
) -> anyhow::Result<Result<T, ExitCode>> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(ProfileError::Key(KeyError::WrongPassphrase)) => Ok(Err(refused("wrong passphrase"))),
        Err(err) => Err(err.into()),
    }
}

/// Unlocks the current profile with the passphrase in the variable `var`
/// (a wrong passphrase: exit code 1).
pub(crate) async fn unlock_current(
    core: &Core,
    var: &str,
) -> anyhow::Result<Result<UnlockedProfile, ExitCode>> {
    let passphrase = passphrase_from_env(var)?;
    profile_outcome(profiles::unlock_current(core.db().await?, &passphrase).await)
}

/// The current profile unlocked, or return its exit code from the command.
macro_rules! unlocked {
    ($db:expr, $var:expr) => {
        match $crate::commands::profile::unlock_current($db, $var).await? {
            Ok(me) => me,
            Err(code) => return Ok(code),
        }
    };
}
pub(crate) use unlocked;

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<ExitCode> {
    ctx.run(run_with(ctx.core(), args.command))
}

async fn run_with(core: &Core, command: ProfileCommand) -> anyhow::Result<ExitCode> {
    let db = core.db().await?;
    match command {
        ProfileCommand::Create {
            name,
            role,
            passphrase_env,
        } => {
            let role: Role = role.parse()?;
            let passphrase = passphrase_from_env(&passphrase_env)?;
            let profile = profiles::create(db, &name, role, &passphrase).await?;
            println!(
                "created profile {} ({}, id {})",
                line(&profile.name),
                profile.role,
                profile.id
            );
        }
        ProfileCommand::List { json } => {
            let all = profiles::list(db).await?;
            let current = profiles::current(db).await?.map(|p| p.id);
            if json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else {
                for profile in all {
                    let mark = if Some(&profile.id) == current.as_ref() {
                        "*"
                    } else {
                        " "
                    };
                    let place = if profile.local {
                        "local"
                    } else {
                        "trusted remote"
                    };
                    // The fingerprint is what two people compare over the phone.
                    println!(
                        "{mark} {:<24} {:<8} {} ({place}) key {}",
                        line(&profile.name),
                        profile.role,
                        line(&profile.id),
                        profile.fingerprint()?
                    );
                }
            }
        }
        ProfileCommand::Switch {
            name,
            passphrase_env,
        } => {
            let passphrase = passphrase_from_env(&passphrase_env)?;
            match profile_outcome(profiles::switch(db, &name, &passphrase).await)? {
                Ok(profile) => {
                    println!(
                        "current profile: {} ({})",
                        line(&profile.name),
                        profile.role
                    )
                }
                Err(code) => return Ok(code),
            }
        }
        ProfileCommand::ExportKey { name, output } => {
            let profile = match name {
                Some(name) => profiles::find(db, &name).await?,
                None => profiles::current(db)
                    .await?
                    .ok_or(ProfileError::NoCurrentProfile)?,
            };
            key_file::write(&output, &profile.public())?;
            println!(
                "wrote the public key of {} to {}",
                line(&profile.name),
                output.display()
            );
            println!("key fingerprint: {}", profile.fingerprint()?);
        }
        ProfileCommand::Trust {
            file,
            passphrase_env,
        } => {
            let remote = key_file::read(&file)?;
            let me = unlocked!(core, &passphrase_env);
            let profile = profiles::trust(db, &me, &remote).await?;
            println!(
                "trusted {} ({}, id {})",
                line(&profile.name),
                profile.role,
                line(&profile.id)
            );
            println!(
                "key fingerprint: {} (compare it with the fingerprint its owner sees)",
                profile.fingerprint()?
            );
        }
        ProfileCommand::ChangeKey {
            passphrase_env,
            new_passphrase_env,
        } => {
            let passphrase = passphrase_from_env(&passphrase_env)?;
            let new_passphrase = passphrase_from_env(&new_passphrase_env)?;
            let me = match profile_outcome(profiles::unlock_current(db, &passphrase).await)? {
                Ok(me) => me,
                Err(code) => return Ok(code),
            };
            let renewed = profiles::change_key(db, &me, &new_passphrase).await?;
            println!(
                "new key for {}: {}",
                line(&renewed.profile.name),
                renewed.profile.public_key
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

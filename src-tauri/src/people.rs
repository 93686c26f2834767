//! Settings → People: sharing this profile's public key as a file and
//! trusting a colleague's key file, so bundles and decisions from another
//! laptop open here without the CLI. The key file format, the fingerprint and
//! every refusal come from clearpost-audit (`key_file`, `keys::fingerprint`,
//! `profiles::check_trust`/`trust`); files are reached only through dialogs
//! the user answered.

use anyhow::Context as _;
use clearpost_core::audit::key_file::{self, KEY_FILE_EXTENSION};
use clearpost_core::audit::profiles::{self, Profile, PublicProfile, Role, TrustStatus};
use clearpost_core::review::{ReviewError, SignedFile};
use clearpost_core::safe_name;
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::file_dialog;
use crate::state::AppState;

/// A person as Settings → People lists them.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// The key's fingerprint, as the CLI prints it, to compare over the phone.
    pub fingerprint: String,
    /// When they were trusted here (or, for you, created).
    pub since: String,
}

impl Person {
    fn of(profile: &Profile) -> anyhow::Result<Self> {
        Ok(Person {
            id: profile.id.clone(),
            name: profile.name.clone(),
            role: profile.role,
            fingerprint: profile
                .fingerprint()
                .with_context(|| format!("the stored key of {:?}", profile.name))?,
            since: profile.created_at.clone(),
        })
    }
}

/// You (the unlocked profile) and the people whose keys this machine trusts.
#[derive(Debug, Serialize, specta::Type)]
pub struct People {
    pub me: Option<Person>,
    pub trusted: Vec<Person>,
}

#[tauri::command]
#[specta::specta]
pub async fn people_list(state: State<'_, AppState>) -> CommandResult<People> {
    let db = state.db().await?;
    let me = state
        .session()
        .map(|s| Person::of(&s.profile))
        .transpose()?;
    let trusted = profiles::list(db)
        .await
        .context("listing trusted people")?
        .iter()
        .filter(|p| !p.local)
        .map(Person::of)
        .collect::<anyhow::Result<_>>()?;
    Ok(People { me, trusted })
}

/// Where "Share my key" saved the file, and the fingerprint to read out.
#[derive(Debug, Serialize, specta::Type)]
pub struct SharedKey {
    pub path: String,
    pub fingerprint: String,
}

/// Saves the unlocked profile's public key (no secret) to a file the user
/// picks, in the format `clearpost profile trust` reads. None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn people_share_key(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<SharedKey>> {
    let me = state.signer()?;
    let Some(path) = file_dialog::pick_save_file(
        &app,
        "Save your key to give to a colleague",
        &safe_name::file_name_for(&me.profile.name, KEY_FILE_EXTENSION, "my-key"),
        ("Clearpost key file", &[KEY_FILE_EXTENSION]),
    )
    .await?
    else {
        return Ok(None);
    };
    key_file::write(&path, &me.profile.public())?;
    Ok(Some(SharedKey {
        path: path.display().to_string(),
        fingerprint: me.profile.fingerprint()?,
    }))
}

/// A colleague's key file, read and checked, waiting for the user's "Trust".
#[derive(Debug, Serialize, specta::Type)]
pub struct KeyCandidate {
    /// What the user confirms (sent back to `people_trust` as is).
    pub key: PublicProfile,
    pub fingerprint: String,
    pub file: String,
    /// True when exactly this key is trusted here already.
    pub already_trusted: bool,
}

/// Opens a key file the user picks and checks it without trusting it yet:
/// a malformed file, one's own key, another key under a trusted id, a key
/// trusted under another name and a name in use are refused here, before the
/// user is asked to confirm. None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn people_read_key(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<KeyCandidate>> {
    let Some(path) = file_dialog::pick_open_file(
        &app,
        "Open a colleague's key file",
        ("Clearpost key file", &[KEY_FILE_EXTENSION, "json", "pub"]),
    )
    .await?
    else {
        return Ok(None);
    };
    let key = key_file::read(&path)?;
    let db = state.db().await?;
    let status = profiles::check_trust(db, &key).await?;
    Ok(Some(KeyCandidate {
        fingerprint: key.fingerprint()?,
        file: path.display().to_string(),
        already_trusted: matches!(status, TrustStatus::AlreadyTrusted(_)),
        key,
    }))
}

/// Trusts the key the user confirmed: a `profile.trusted` event signed by the
/// unlocked profile. The core checks the key again (the refusals of
/// `people_read_key` hold here too).
#[tauri::command]
#[specta::specta]
pub async fn people_trust(state: State<'_, AppState>, key: PublicProfile) -> CommandResult<Person> {
    let me = state.signer()?;
    let db = state.db().await?;
    let trusted = profiles::trust(db, &me, &key)
        .await
        .with_context(|| format!("trusting the key of {:?}", key.name))?;
    Ok(Person::of(&trusted)?)
}

/// The core's refusal of a file from someone not trusted here names the
/// CLI's command (its message is the CLI's); in the app the way is Settings →
/// People. Other errors pass through unchanged.
pub fn untrusted_in_app_terms(err: anyhow::Error) -> anyhow::Error {
    match err.downcast_ref::<ReviewError>() {
        Some(ReviewError::NotTrusted { file, name, .. }) => {
            let what = match file {
                SignedFile::Bundle => "review bundle",
                SignedFile::Decision => "decision",
            };
            anyhow::anyhow!(
                "This {what} is from {name}, whose key this computer does not trust yet. \
                 Ask {name} for their key file and trust it in Settings → People, \
                 then open the file again."
            )
        }
        _ => err,
    }
}

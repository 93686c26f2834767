//! Profile commands: who is using the app, creating a profile, unlocking or
//! switching to one with its passphrase, and locking. The unlocked key lives
//! only in memory (`AppState::set_session`).

use anyhow::Context as _;
use clearpost_core::audit::profiles::{self, Profile, Role};
use serde::Serialize;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// What the UI needs to decide between "create your profile", "unlock" and
/// the app itself.
#[derive(Debug, Serialize, specta::Type)]
pub struct Session {
    /// Every profile whose key is on this machine.
    pub profiles: Vec<Profile>,
    /// The machine's current profile, if any.
    pub current: Option<Profile>,
    /// The profile unlocked in this run of the app, if any.
    pub unlocked: Option<Profile>,
}

async fn session_of(state: &AppState) -> anyhow::Result<Session> {
    let db = state.db().await?;
    let profiles = profiles::list(db)
        .await
        .context("listing profiles")?
        .into_iter()
        .filter(|p| p.local)
        .collect();
    let current = profiles::current(db)
        .await
        .context("reading the current profile")?;
    let unlocked = state.session().map(|s| s.profile.clone());
    Ok(Session {
        profiles,
        current,
        unlocked,
    })
}

/// The profiles on this machine and who is signed in.
#[tauri::command]
#[specta::specta]
pub async fn profile_session(state: State<'_, AppState>) -> CommandResult<Session> {
    Ok(session_of(&state).await?)
}

/// Creates a local profile, makes it current and unlocks it.
#[tauri::command]
#[specta::specta]
pub async fn profile_create(
    state: State<'_, AppState>,
    name: String,
    role: Role,
    passphrase: String,
) -> CommandResult<Session> {
    let db = state.db().await?;
    let profile = profiles::create(db, name.trim(), role, &passphrase)
        .await
        .context("creating the profile")?;
    // The first profile is current already; a later one becomes current here
    // (a signed profile.switched event) since its owner just chose it.
    let current = profiles::current(db).await?;
    if current.map(|p| p.id) != Some(profile.id.clone()) {
        profiles::switch(db, &profile.id, &passphrase)
            .await
            .context("switching to the new profile")?;
    }
    let unlocked = profiles::unlock(db, &profile.id, &passphrase)
        .await
        .context("unlocking the new profile")?;
    state.set_session(Some(unlocked));
    Ok(session_of(&state).await?)
}

/// Unlocks a profile with its passphrase; when it is not the machine's
/// current profile it becomes current (a signed profile.switched event).
#[tauri::command]
#[specta::specta]
pub async fn profile_unlock(
    state: State<'_, AppState>,
    id: String,
    passphrase: String,
) -> CommandResult<Session> {
    let db = state.db().await?;
    let current = profiles::current(db).await?;
    if current.as_ref().map(|p| p.id.as_str()) != Some(id.as_str()) {
        profiles::switch(db, &id, &passphrase)
            .await
            .context("switching profile")?;
    }
    let unlocked = profiles::unlock(db, &id, &passphrase)
        .await
        .context("unlocking the profile")?;
    state.set_session(Some(unlocked));
    Ok(session_of(&state).await?)
}

/// Forgets the unlocked key (the next action asks for the passphrase).
#[tauri::command]
#[specta::specta]
pub async fn profile_lock(state: State<'_, AppState>) -> CommandResult<Session> {
    state.set_session(None);
    Ok(session_of(&state).await?)
}

//! Profile commands: who is using the app, creating a profile, unlocking or
//! switching to one with its passphrase, and locking
//! (`clearpost_core::people`). The unlocked key lives only in memory.

use clearpost_core::context::Context;
use clearpost_core::people::{self, Role, Session};
use tauri::State;

use crate::error::CommandResult;

/// The profiles on this machine and who is signed in.
#[tauri::command]
#[specta::specta]
pub async fn profile_session(context: State<'_, Context>) -> CommandResult<Session> {
    Ok(people::session(&context).await?)
}

/// Creates a local profile, makes it current and unlocks it.
#[tauri::command]
#[specta::specta]
pub async fn profile_create(
    context: State<'_, Context>,
    name: String,
    role: Role,
    passphrase: String,
) -> CommandResult<Session> {
    Ok(people::create_profile(&context, &name, role, &passphrase).await?)
}

/// Unlocks a profile with its passphrase (it becomes the machine's current one).
#[tauri::command]
#[specta::specta]
pub async fn profile_unlock(
    context: State<'_, Context>,
    id: String,
    passphrase: String,
) -> CommandResult<Session> {
    Ok(people::unlock(&context, &id, &passphrase).await?)
}

/// Forgets the unlocked key (the next action asks for the passphrase).
#[tauri::command]
#[specta::specta]
pub async fn profile_lock(context: State<'_, Context>) -> CommandResult<Session> {
    Ok(people::lock(&context).await?)
}

//! Settings → People: sharing this profile's public key as a file and
//! trusting a colleague's key file (`clearpost_core::people`), so bundles and
//! decisions from another laptop open here without the CLI. Files are reached
//! only through dialogs the user answered.

use clearpost_core::context::Context;
use clearpost_core::error::Error;
use clearpost_core::people::KEY_FILE_EXTENSION;
use clearpost_core::people::{self, KeyCandidate, People, Person, PublicProfile, SharedKey};
use clearpost_core::review::{ReviewError, SignedFile};
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::file_dialog;

/// You (the unlocked profile) and the people whose keys this machine trusts.
#[tauri::command]
#[specta::specta]
pub async fn people_list(context: State<'_, Context>) -> CommandResult<People> {
    Ok(people::list(&context).await?)
}

/// Saves the unlocked profile's public key (no secret) to a file the user
/// picks, in the format `clearpost profile trust` reads. None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn people_share_key(
    app: AppHandle,
    context: State<'_, Context>,
) -> CommandResult<Option<SharedKey>> {
    let name = people::key_file_name(&context)?;
    let title = "Save your key to give to a colleague";
    let filter = ("Clearpost key file", &[KEY_FILE_EXTENSION][..]);
    let Some(path) = file_dialog::pick_save_file(&app, title, &name, filter).await? else {
        return Ok(None);
    };
    Ok(Some(people::share_key(&context, &path)?))
}

/// Opens a key file the user picks and checks it without trusting it yet
/// (every refusal comes before the user is asked to confirm). None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn people_read_key(
    app: AppHandle,
    context: State<'_, Context>,
) -> CommandResult<Option<KeyCandidate>> {
    let title = "Open a colleague's key file";
    let filter = (
        "Clearpost key file",
        &[KEY_FILE_EXTENSION, "json", "pub"][..],
    );
    let Some(path) = file_dialog::pick_open_file(&app, title, filter).await? else {
        return Ok(None);
    };
    Ok(Some(people::read_key(&context, &path).await?))
}

/// Trusts the key the user confirmed (checked again in the core).
#[tauri::command]
#[specta::specta]
pub async fn people_trust(
    context: State<'_, Context>,
    key: PublicProfile,
) -> CommandResult<Person> {
    Ok(people::trust(&context, &key).await?)
}

/// The core's refusal of a file from someone not trusted here names the
/// CLI's command (its message is the CLI's); in the app the way is Settings →
/// People. Other errors pass through unchanged.
pub fn untrusted_in_app_terms(err: Error) -> anyhow::Error {
    match err.root() {
        Error::Review(ReviewError::NotTrusted { file, name, .. }) => {
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
        _ => err.into(),
    }
}

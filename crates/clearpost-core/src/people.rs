//! Profiles and people, as use cases over a [`Context`]: who uses this
//! machine (create, unlock or switch, lock), and the colleagues whose keys it
//! trusts (share one's key as a file, read a colleague's file and trust it).
//! The key file format, the fingerprint and every refusal come from the log
//! crate (`key_file`, `keys::fingerprint`, `profiles::check_trust`/`trust`).

use std::path::Path;

use serde::Serialize;

pub use clearpost_audit::key_file::{KeyFileError, KEY_FILE_EXTENSION};
pub use clearpost_audit::keys::KeyError;
pub use clearpost_audit::profiles::{
    Profile, ProfileError, PublicProfile, Role, TrustStatus, UnlockedProfile,
};
/// The profile store's own steps and the key file format, for a caller that
/// runs them one by one (the CLI's `profile` commands).
pub use clearpost_audit::{key_file, profiles};

use crate::context::{Context, ContextError};

/// Why a profile or people step failed.
#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    /// No database, or no unlocked profile.
    #[error(transparent)]
    Context(#[from] ContextError),
    /// The profile step itself was refused.
    #[error("{doing}")]
    Profile {
        /// What was being done, e.g. "unlocking the profile".
        doing: &'static str,
        /// Why it failed.
        #[source]
        source: ProfileError,
    },
    /// A key could not be read or fingerprinted.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A key file could not be read or written.
    #[error(transparent)]
    KeyFile(#[from] KeyFileError),
}

fn doing(what: &'static str) -> impl FnOnce(ProfileError) -> PeopleError {
    move |source| PeopleError::Profile {
        doing: what,
        source,
    }
}

/// What the app needs to choose between "create your profile", "unlock" and
/// the app itself.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Session {
    /// Every profile whose key is on this machine.
    pub profiles: Vec<Profile>,
    /// The machine's current profile, if any.
    pub current: Option<Profile>,
    /// The profile unlocked in this run, if any.
    pub unlocked: Option<Profile>,
}

/// The profiles on this machine and who is signed in.
pub async fn session(context: &Context) -> Result<Session, PeopleError> {
    let db = context.db().await?;
    let profiles = profiles::list(db)
        .await
        .map_err(doing("listing profiles"))?
        .into_iter()
        .filter(|p| p.local)
        .collect();
    let current = profiles::current(db)
        .await
        .map_err(doing("reading the current profile"))?;
    Ok(Session {
        profiles,
        current,
        unlocked: context.session().map(|s| s.profile.clone()),
    })
}

/// Creates a local profile, makes it current and unlocks it.
pub async fn create_profile(
    context: &Context,
    name: &str,
    role: Role,
    passphrase: &str,
) -> Result<Session, PeopleError> {
    let db = context.db().await?;
    let profile = profiles::create(db, name.trim(), role, passphrase)
        .await
        .map_err(doing("creating the profile"))?;
    unlock(context, &profile.id, passphrase).await
}

/// Unlocks a profile with its passphrase; when it is not the machine's current
/// profile it becomes current (a signed `profile.switched` event), since its
/// owner just chose it.
pub async fn unlock(context: &Context, id: &str, passphrase: &str) -> Result<Session, PeopleError> {
    let db = context.db().await?;
    let current = profiles::current(db)
        .await
        .map_err(doing("reading the current profile"))?;
    if current.as_ref().map(|p| p.id.as_str()) != Some(id) {
        profiles::switch(db, id, passphrase)
            .await
            .map_err(doing("switching profile"))?;
    }
    let unlocked = profiles::unlock(db, id, passphrase)
        .await
        .map_err(doing("unlocking the profile"))?;
    context.set_session(Some(unlocked));
    session(context).await
}

/// Forgets the unlocked key (the next signed step asks for the passphrase).
pub async fn lock(context: &Context) -> Result<Session, PeopleError> {
    context.set_session(None);
    session(context).await
}

/// A person as Settings → People lists them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Person {
    /// Profile id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// The key's fingerprint, as the CLI prints it, to compare over the phone.
    pub fingerprint: String,
    /// When they were trusted here (or, for you, created).
    pub since: String,
}

impl Person {
    fn of(profile: &Profile) -> Result<Self, KeyError> {
        Ok(Person {
            id: profile.id.clone(),
            name: profile.name.clone(),
            role: profile.role,
            fingerprint: profile.fingerprint()?,
            since: profile.created_at.clone(),
        })
    }
}

/// You (the unlocked profile) and the people whose keys this machine trusts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct People {
    /// The unlocked profile, if any.
    pub me: Option<Person>,
    /// Everyone trusted here from another machine.
    pub trusted: Vec<Person>,
}

/// The unlocked profile and the people trusted here.
pub async fn list(context: &Context) -> Result<People, PeopleError> {
    let me = context
        .session()
        .map(|s| Person::of(&s.profile))
        .transpose()?;
    let trusted = profiles::list(context.db().await?)
        .await
        .map_err(doing("listing trusted people"))?
        .iter()
        .filter(|p| !p.local)
        .map(Person::of)
        .collect::<Result<_, _>>()?;
    Ok(People { me, trusted })
}

/// Where "Share my key" saved the file, and the fingerprint to read out.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SharedKey {
    /// The file written.
    pub path: String,
    /// The key's fingerprint.
    pub fingerprint: String,
}

/// The file name offered for the unlocked profile's key file.
pub fn key_file_name(context: &Context) -> Result<String, PeopleError> {
    let me = context.signer()?;
    Ok(crate::safe_name::file_name_for(
        &me.profile.name,
        KEY_FILE_EXTENSION,
        "my-key",
    ))
}

/// Writes the unlocked profile's public key (no secret) to `path`, in the
/// format `clearpost profile trust` reads.
pub fn share_key(context: &Context, path: &Path) -> Result<SharedKey, PeopleError> {
    let me = context.signer()?;
    key_file::write(path, &me.profile.public())?;
    Ok(SharedKey {
        path: path.display().to_string(),
        fingerprint: me.profile.fingerprint()?,
    })
}

/// A colleague's key file, read and checked, waiting for the user's "Trust".
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KeyCandidate {
    /// What the user confirms (sent back to [`trust`] as is).
    pub key: PublicProfile,
    /// The key's fingerprint.
    pub fingerprint: String,
    /// The file it came from.
    pub file: String,
    /// True when exactly this key is trusted here already.
    pub already_trusted: bool,
}

/// Reads a key file and checks it without trusting it yet: a malformed file,
/// one's own key, another key under a trusted id, a key trusted under another
/// name and a name in use are refused here, before the user is asked.
pub async fn read_key(context: &Context, path: &Path) -> Result<KeyCandidate, PeopleError> {
    let key = key_file::read(path)?;
    let status = profiles::check_trust(context.db().await?, &key)
        .await
        .map_err(doing("checking the key"))?;
    Ok(KeyCandidate {
        fingerprint: key.fingerprint()?,
        file: path.display().to_string(),
        already_trusted: matches!(status, TrustStatus::AlreadyTrusted(_)),
        key,
    })
}

/// Trusts the key the user confirmed: a `profile.trusted` event signed by the
/// unlocked profile. The key is checked again (every refusal of [`read_key`]
/// holds here too).
pub async fn trust(context: &Context, key: &PublicProfile) -> Result<Person, PeopleError> {
    let me = context.signer()?;
    let trusted = profiles::trust(context.db().await?, &me, key)
        .await
        .map_err(doing("trusting the key"))?;
    Ok(Person::of(&trusted)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::PASSPHRASE;

    fn context(dir: &tempfile::TempDir) -> Context {
        Context::with_dirs(dir.path().into(), dir.path().into())
    }

    #[tokio::test]
    async fn a_new_profile_is_current_and_unlocked_and_locking_forgets_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let context = context(&dir);
        let first = create_profile(&context, "  Dana Author ", Role::Author, PASSPHRASE)
            .await
            .unwrap();
        assert_eq!(first.unlocked.as_ref().unwrap().name, "Dana Author");
        let second = create_profile(&context, "Rui Reviewer", Role::Reviewer, PASSPHRASE)
            .await
            .unwrap();
        // The newer profile was chosen by its owner: it becomes current.
        assert_eq!(second.current.as_ref().unwrap().name, "Rui Reviewer");
        assert_eq!(second.profiles.len(), 2);
        let locked = lock(&context).await.unwrap();
        assert!(locked.unlocked.is_none());
        assert!(matches!(
            share_key(&context, &dir.path().join("k.pub")),
            Err(PeopleError::Context(ContextError::Locked))
        ));
        let wrong = unlock(&context, &first.unlocked.unwrap().id, "not the passphrase").await;
        assert!(wrong
            .unwrap_err()
            .to_string()
            .starts_with("switching profile"));
    }

    #[tokio::test]
    async fn a_shared_key_is_read_checked_and_trusted_on_another_machine() {
        let (laptop, desk) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (author, reviewer) = (context(&laptop), context(&desk));
        create_profile(&author, "Dana Author", Role::Author, PASSPHRASE)
            .await
            .unwrap();
        create_profile(&reviewer, "Rui Reviewer", Role::Reviewer, PASSPHRASE)
            .await
            .unwrap();
        let file = laptop.path().join(key_file_name(&author).unwrap());
        let shared = share_key(&author, &file).unwrap();
        let candidate = read_key(&reviewer, &file).await.unwrap();
        assert_eq!(candidate.fingerprint, shared.fingerprint);
        assert!(!candidate.already_trusted);
        let person = trust(&reviewer, &candidate.key).await.unwrap();
        assert_eq!(person.name, "Dana Author");
        let people = list(&reviewer).await.unwrap();
        assert_eq!(people.me.unwrap().name, "Rui Reviewer");
        assert_eq!(people.trusted.len(), 1);
        assert!(read_key(&reviewer, &file).await.unwrap().already_trusted);
        // One's own key is refused before anyone is asked to confirm.
        let own = read_key(&author, &file).await.unwrap_err();
        assert!(matches!(
            own,
            PeopleError::Profile {
                source: ProfileError::OwnKey(_),
                ..
            }
        ));
    }
}

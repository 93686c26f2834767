//! Local users and the remote users this machine trusts: a display name, a
//! role, an Ed25519 key pair (the private half sealed with a passphrase, see
//! [`crate::keys`]). Creating a profile, trusting one, switching and changing
//! a key are all events in the log.

use std::fmt;
use std::str::FromStr;

use ed25519_dalek::{SigningKey, VerifyingKey};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use serde_json::json;
use unicode_normalization::UnicodeNormalization;

use crate::events::{self, kind, EventError, NewEvent, Signer};
use crate::keys::{self, KeyError, SealedKey};
use crate::Database;

/// What a profile may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Writes and submits drafts.
    Author,
    /// Approves or rejects other people's submissions.
    Reviewer,
    /// A reviewer who may also change the review policy.
    Admin,
}

impl Role {
    /// The role's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    /// Reviewers and admins may decide on submissions.
    pub fn may_review(self) -> bool {
        matches!(self, Role::Reviewer | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ProfileError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "author" => Ok(Role::Author),
            "reviewer" => Ok(Role::Reviewer),
            "admin" => Ok(Role::Admin),
            other => Err(ProfileError::BadRole(other.to_string())),
        }
    }
}

/// Why a profile operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// No profile has this name or id.
    #[error("no profile named {0:?} (see `clearpost profile list`)")]
    NotFound(String),
    /// The name is used by another profile (compared as [`name_key`] does:
    /// without case, extra spaces or Unicode look-alike forms); holds the
    /// name already in use.
    #[error("a profile named {0:?} already exists")]
    NameTaken(String),
    /// The name has the form of a profile id (16 hex characters), so it could
    /// be mistaken for one in `switch` and elsewhere.
    #[error("a profile name cannot look like a profile id (16 hex characters): {0:?}")]
    NameLikeId(String),
    /// Not one of author, reviewer, admin.
    #[error("unknown role {0:?} (expected author, reviewer or admin)")]
    BadRole(String),
    /// An empty or over-long display name.
    #[error("a profile name must be 1 to 100 characters without control characters")]
    BadName,
    /// The profile's private key lives on another machine.
    #[error("profile {0:?} is a trusted remote profile: its private key is not on this machine")]
    NotLocal(String),
    /// No profile is selected on this machine.
    #[error("no current profile: create one (`clearpost profile create`) or switch to one")]
    NoCurrentProfile,
    /// A key file for someone already trusted here under the same id carries
    /// another key: never replaced silently (it may be an impostor's).
    #[error(
        "{name:?} (id {id}) is already trusted on this machine with a different key; \
         the new key was not trusted (compare fingerprints with them before anything else)"
    )]
    KeyMismatch {
        /// The name as trusted here.
        name: String,
        /// The profile id both share.
        id: String,
    },
    /// The key (or its profile id) belongs to a profile on this machine.
    #[error(
        "this key file is for {0:?}, a profile on this machine: you cannot trust your own key"
    )]
    OwnKey(String),
    /// The same key is trusted here already under another profile id.
    #[error("this key is already trusted on this machine as {0:?} under another profile id")]
    KeyKnownAs(String),
    /// Passphrase or key problem.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Database or log problem.
    #[error(transparent)]
    Event(#[from] EventError),
}

impl From<sqlx::Error> for ProfileError {
    fn from(err: sqlx::Error) -> Self {
        ProfileError::Event(EventError::Sql(err))
    }
}

impl From<serde_json::Error> for ProfileError {
    fn from(err: serde_json::Error) -> Self {
        ProfileError::Event(EventError::Json(err))
    }
}

/// A profile as this machine knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Profile {
    /// Stable random id (16 hex characters); the `actor` of its events.
    pub id: String,
    /// Display name, unique on this machine.
    pub name: String,
    /// What the profile may do.
    pub role: Role,
    /// Current public key, hex.
    pub public_key: String,
    /// True when the private key is on this machine.
    pub local: bool,
    /// When the profile was created or trusted here (UTC).
    pub created_at: String,
}

/// What another machine needs to trust a profile: no secret in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PublicProfile {
    /// Profile id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Public key, hex.
    pub public_key: String,
}

impl Profile {
    /// The key's fingerprint for comparing over the phone ([`keys::fingerprint`]).
    pub fn fingerprint(&self) -> Result<String, KeyError> {
        self.public().fingerprint()
    }

    /// The shareable part of the profile.
    pub fn public(&self) -> PublicProfile {
        PublicProfile {
            id: self.id.clone(),
            name: self.name.clone(),
            role: self.role,
            public_key: self.public_key.clone(),
        }
    }
}

impl PublicProfile {
    /// The parsed public key.
    pub fn verifying_key(&self) -> Result<VerifyingKey, KeyError> {
        keys::parse_public_key(&self.public_key)
    }

    /// The key's fingerprint for comparing over the phone ([`keys::fingerprint`]).
    pub fn fingerprint(&self) -> Result<String, KeyError> {
        Ok(keys::fingerprint(&self.verifying_key()?))
    }
}

/// A local profile whose private key has been opened with its passphrase.
pub struct UnlockedProfile {
    /// The profile.
    pub profile: Profile,
    key: SigningKey,
}

impl UnlockedProfile {
    /// The signer for events appended by this profile.
    pub fn signer(&self) -> Signer<'_> {
        Signer {
            actor: &self.profile.id,
            key: &self.key,
        }
    }

    /// The private key, for signing decisions.
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }
}

const CURRENT_PROFILE_SETTING: &str = "current_profile";

type Row = (String, String, String, String, Option<String>, String);

fn from_row(row: Row) -> Result<Profile, ProfileError> {
    let (id, name, role, public_key, sealed, created_at) = row;
    Ok(Profile {
        id,
        name,
        role: role.parse()?,
        public_key,
        local: sealed.is_some(),
        created_at,
    })
}

pub(crate) fn check_name(name: &str) -> Result<(), ProfileError> {
    let len = name.chars().count();
    if name.trim().is_empty() || len > 100 || name.chars().any(char::is_control) {
        return Err(ProfileError::BadName);
    }
    if looks_like_id(name) {
        return Err(ProfileError::NameLikeId(name.to_string()));
    }
    Ok(())
}

/// The form in which two profile names are compared: Unicode NFKC (so `Ａｎａ`
/// and `Ana`, or a ligature and its letters, are one name), lower case, runs
/// of white space as one space, no space at either end. Two profiles never
/// share a key.
pub fn name_key(name: &str) -> String {
    let folded: String = name.nfkc().collect::<String>().to_lowercase();
    let folded: String = folded.nfkc().collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `name` (as [`name_key`] compares it) has the form of a profile
/// id: 16 hex characters. Such a name is refused, so a name never equals an
/// id, now or later.
fn looks_like_id(name: &str) -> bool {
    let key = name_key(name);
    key.len() == 16 && key.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The name of the profile already using `name` (or whose id it equals), if any.
async fn name_in_use(
    conn: &mut sqlx::SqliteConnection,
    name: &str,
) -> Result<Option<String>, ProfileError> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, name FROM profiles")
        .fetch_all(&mut *conn)
        .await?;
    let key = name_key(name);
    Ok(rows
        .into_iter()
        .find(|(id, existing)| name_key(existing) == key || name_key(id) == key)
        .map(|(_, existing)| existing))
}

/// Creates a local profile with a new key sealed by `passphrase`; its
/// self-signed `profile.created` event introduces the key to the log. The
/// first profile on a machine becomes the current one.
pub async fn create(
    db: &Database,
    name: &str,
    role: Role,
    passphrase: &str,
) -> Result<Profile, ProfileError> {
    check_name(name)?;
    let key = keys::generate_signing_key();
    let sealed = keys::seal(&key, passphrase)?;
    let mut id_bytes = [0u8; 8];
    OsRng.fill_bytes(&mut id_bytes);
    let id = hex::encode(id_bytes);
    let public_key = keys::public_key_hex(&key.verifying_key());
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    if let Some(existing) = name_in_use(&mut tx, name).await? {
        return Err(ProfileError::NameTaken(existing));
    }
    let event = events::append_in(
        &mut tx,
        &Signer {
            actor: &id,
            key: &key,
        },
        NewEvent::new(
            kind::PROFILE_CREATED,
            id.clone(),
            json!({"profile": id, "name": name, "role": role, "public_key": public_key}),
        ),
    )
    .await?;
    sqlx::query("INSERT INTO profiles (id, name, role, public_key, sealed_key, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&id)
        .bind(name)
        .bind(role.as_str())
        .bind(&public_key)
        .bind(serde_json::to_string(&sealed)?)
        .bind(&event.time)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)")
        .bind(CURRENT_PROFILE_SETTING)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Profile {
        id,
        name: name.to_string(),
        role,
        public_key,
        local: true,
        created_at: event.time,
    })
}

/// Every profile known here, local and trusted remote, by name.
pub async fn list(db: &Database) -> Result<Vec<Profile>, ProfileError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, role, public_key, sealed_key, created_at FROM profiles ORDER BY name",
    )
    .fetch_all(db.pool())
    .await?;
    rows.into_iter().map(from_row).collect()
}

/// The profile with this id, else this name (exactly, else the one profile
/// whose name compares equal as [`name_key`] does). An id always wins: a
/// name can never shadow another profile's id.
pub async fn find(db: &Database, name_or_id: &str) -> Result<Profile, ProfileError> {
    let by_id: Option<Row> = sqlx::query_as(
        "SELECT id, name, role, public_key, sealed_key, created_at FROM profiles WHERE id = ?",
    )
    .bind(name_or_id)
    .fetch_optional(db.pool())
    .await?;
    if let Some(row) = by_id {
        return from_row(row);
    }
    let all = list(db).await?;
    if let Some(exact) = all.iter().find(|p| p.name == name_or_id) {
        return Ok(exact.clone());
    }
    let key = name_key(name_or_id);
    let mut same = all.into_iter().filter(|p| name_key(&p.name) == key);
    match (same.next(), same.next()) {
        (Some(profile), None) => Ok(profile),
        _ => Err(ProfileError::NotFound(name_or_id.to_string())),
    }
}

/// Opens a local profile's key with its passphrase.
pub async fn unlock(
    db: &Database,
    name_or_id: &str,
    passphrase: &str,
) -> Result<UnlockedProfile, ProfileError> {
    let profile = find(db, name_or_id).await?;
    let (sealed,): (Option<String>,) =
        sqlx::query_as("SELECT sealed_key FROM profiles WHERE id = ?")
            .bind(&profile.id)
            .fetch_one(db.pool())
            .await?;
    let sealed: SealedKey = match sealed {
        Some(text) => {
            serde_json::from_str(&text).map_err(|e| KeyError::MalformedSealedKey(e.to_string()))?
        }
        None => return Err(ProfileError::NotLocal(profile.name)),
    };
    let public = keys::parse_public_key(&profile.public_key)?;
    let key = keys::open(&sealed, passphrase, &public)?;
    Ok(UnlockedProfile { profile, key })
}

/// The profile selected on this machine, if any.
pub async fn current(db: &Database) -> Result<Option<Profile>, ProfileError> {
    let id: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
        .bind(CURRENT_PROFILE_SETTING)
        .fetch_optional(db.pool())
        .await?;
    match id {
        Some((id,)) => Ok(Some(find(db, &id).await?)),
        None => Ok(None),
    }
}

/// Unlocks the current profile (the usual way a command gets its signer).
pub async fn unlock_current(
    db: &Database,
    passphrase: &str,
) -> Result<UnlockedProfile, ProfileError> {
    let profile = current(db).await?.ok_or(ProfileError::NoCurrentProfile)?;
    unlock(db, &profile.id, passphrase).await
}

/// Makes `name_or_id` the current profile after checking its passphrase.
pub async fn switch(
    db: &Database,
    name_or_id: &str,
    passphrase: &str,
) -> Result<Profile, ProfileError> {
    let unlocked = unlock(db, name_or_id, passphrase).await?;
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2")
        .bind(CURRENT_PROFILE_SETTING)
        .bind(&unlocked.profile.id)
        .execute(&mut *tx)
        .await?;
    events::append_in(
        &mut tx,
        &unlocked.signer(),
        NewEvent::new(
            kind::PROFILE_SWITCHED,
            unlocked.profile.id.clone(),
            json!({"profile": unlocked.profile.id}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(unlocked.profile)
}

/// Replaces a local profile's key pair (signed by the old key) and seals the
/// new private key with `new_passphrase`.
pub async fn change_key(
    db: &Database,
    unlocked: &UnlockedProfile,
    new_passphrase: &str,
) -> Result<UnlockedProfile, ProfileError> {
    let key = keys::generate_signing_key();
    let sealed = keys::seal(&key, new_passphrase)?;
    let public_key = keys::public_key_hex(&key.verifying_key());
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    events::append_in(
        &mut tx,
        &unlocked.signer(),
        NewEvent::new(
            kind::PROFILE_KEY_CHANGED,
            unlocked.profile.id.clone(),
            json!({"profile": unlocked.profile.id, "public_key": public_key}),
        ),
    )
    .await?;
    sqlx::query("UPDATE profiles SET public_key = ?, sealed_key = ? WHERE id = ?")
        .bind(&public_key)
        .bind(serde_json::to_string(&sealed)?)
        .bind(&unlocked.profile.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let mut profile = unlocked.profile.clone();
    profile.public_key = public_key;
    Ok(UnlockedProfile { profile, key })
}

/// Whether a key can be trusted here, as [`check_trust`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustStatus {
    /// Not known here yet: trusting it adds the person.
    New,
    /// Already trusted with exactly this key (trusting again changes nothing).
    AlreadyTrusted(Profile),
}

/// Checks, without changing anything, whether `remote` may be trusted here:
/// the refusals [`trust`] would give (an invalid name or key, one's own key,
/// another key under a trusted id, a key trusted under another id, a name in
/// use), so the app can refuse before asking the user to confirm.
pub async fn check_trust(
    db: &Database,
    remote: &PublicProfile,
) -> Result<TrustStatus, ProfileError> {
    let mut conn = db.pool().acquire().await?;
    trust_status_in(&mut conn, remote).await
}

async fn trust_status_in(
    conn: &mut sqlx::SqliteConnection,
    remote: &PublicProfile,
) -> Result<TrustStatus, ProfileError> {
    check_name(&remote.name)?;
    remote.verifying_key()?;
    let same_id_or_key: Vec<Row> = sqlx::query_as(
        "SELECT id, name, role, public_key, sealed_key, created_at FROM profiles \
         WHERE id = ? OR public_key = ?",
    )
    .bind(&remote.id)
    .bind(&remote.public_key)
    .fetch_all(&mut *conn)
    .await?;
    let known = same_id_or_key
        .into_iter()
        .map(from_row)
        .collect::<Result<Vec<_>, _>>()?;
    // Most telling refusal first: one's own profile, then a changed key.
    if let Some(mine) = known.iter().find(|p| p.local) {
        return Err(ProfileError::OwnKey(mine.name.clone()));
    }
    if let Some(same_id) = known.iter().find(|p| p.id == remote.id) {
        if same_id.public_key != remote.public_key {
            return Err(ProfileError::KeyMismatch {
                name: same_id.name.clone(),
                id: same_id.id.clone(),
            });
        }
        return Ok(TrustStatus::AlreadyTrusted(same_id.clone()));
    }
    if let Some(same_key) = known.first() {
        return Err(ProfileError::KeyKnownAs(same_key.name.clone()));
    }
    if let Some(existing) = name_in_use(conn, &remote.name).await? {
        return Err(ProfileError::NameTaken(existing));
    }
    Ok(TrustStatus::New)
}

/// Records that `by` trusts a remote user's public key (exchanged out of band,
/// from a key file: see [`crate::key_file`]), so their decisions and bundles
/// are accepted here. Trusting the same key again is a no-op; every refusal
/// of [`check_trust`] applies and leaves the database as it was.
pub async fn trust(
    db: &Database,
    by: &UnlockedProfile,
    remote: &PublicProfile,
) -> Result<Profile, ProfileError> {
    let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
    if let TrustStatus::AlreadyTrusted(known) = trust_status_in(&mut tx, remote).await? {
        return Ok(known);
    }
    let event = events::append_in(
        &mut tx,
        &by.signer(),
        NewEvent::new(
            kind::PROFILE_TRUSTED,
            remote.id.clone(),
            json!({"profile": remote.id, "name": remote.name, "role": remote.role, "public_key": remote.public_key}),
        ),
    )
    .await?;
    sqlx::query("INSERT INTO profiles (id, name, role, public_key, sealed_key, created_at) VALUES (?, ?, ?, ?, NULL, ?)")
        .bind(&remote.id)
        .bind(&remote.name)
        .bind(remote.role.as_str())
        .bind(&remote.public_key)
        .bind(&event.time)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Profile {
        id: remote.id.clone(),
        name: remote.name.clone(),
        role: remote.role,
        public_key: remote.public_key.clone(),
        local: false,
        created_at: event.time,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_spacing_or_unicode_forms() {
        for (a, b) in [
            ("Ana", "ana"),
            ("Ana Silva", "  ana   silva "),
            ("Ana", "\u{FF21}\u{FF4E}\u{FF41}"), // full-width Ａｎａ
            ("José", "Jose\u{301}"),             // precomposed and combining accent
            ("ﬁona", "Fiona"),                   // the fi ligature
            ("Ana\u{00A0}Silva", "ana silva"),   // a no-break space
        ] {
            assert_eq!(name_key(a), name_key(b), "{a:?} vs {b:?}");
        }
        assert_ne!(name_key("Ana"), name_key("Anna"));
    }

    #[test]
    fn names_shaped_like_ids_are_refused() {
        for name in [
            "0123456789abcdef",
            "0123456789ABCDEF",
            " 0123456789abcdef ",
            "０１２３４５６７８９ａｂｃｄｅｆ",
        ] {
            assert!(
                matches!(check_name(name), Err(ProfileError::NameLikeId(_))),
                "{name:?}"
            );
        }
        for name in [
            "0123456789abcde",
            "0123456789abcdef0",
            "Ana",
            "deadbeef cafe 12",
        ] {
            assert!(check_name(name).is_ok(), "{name:?}");
        }
    }

    #[tokio::test]
    async fn names_are_unique_after_normalisation_and_never_shadow_an_id() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).await.unwrap();
        let ana = create(&db, "Ana Silva", Role::Author, "pass one")
            .await
            .unwrap();
        for twin in ["ana silva", " ANA  SILVA", "Ａｎａ Ｓｉｌｖａ"] {
            let err = create(&db, twin, Role::Reviewer, "pass two")
                .await
                .unwrap_err();
            assert!(
                matches!(&err, ProfileError::NameTaken(name) if name == "Ana Silva"),
                "{twin:?}: {err}"
            );
        }
        let err = create(&db, &ana.id, Role::Reviewer, "pass two")
            .await
            .unwrap_err();
        assert!(matches!(err, ProfileError::NameLikeId(_)), "{err}");
        // A profile named like an id stored by an older version (or edited in
        // the table) does not shadow the profile with that id.
        let rui = create(&db, "Rui", Role::Reviewer, "pass two")
            .await
            .unwrap();
        sqlx::query("UPDATE profiles SET name = ? WHERE id = ?")
            .bind(&ana.id)
            .bind(&rui.id)
            .execute(db.pool())
            .await
            .unwrap();
        assert_eq!(find(&db, &ana.id).await.unwrap().id, ana.id);
        let switched = switch(&db, &ana.id, "pass one").await.unwrap();
        assert_eq!(switched.id, ana.id);
        // Names are found in any of their forms.
        assert_eq!(find(&db, "ANA  silva").await.unwrap().id, ana.id);
        assert!(list(&db).await.unwrap().len() == 2);
    }
}

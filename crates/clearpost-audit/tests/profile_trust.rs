//! Trusting a colleague's key from a key file: the happy path is one signed
//! `profile.trusted` event; every refusal (own key, a changed key under a
//! trusted id, a key known under another id, a name in use) leaves the
//! profiles and the log as they were, and `check_trust` gives the same answer
//! before anything is written.

mod common;

use clearpost_audit::events::{self, kind, EventFilter};
use clearpost_audit::key_file;
use clearpost_audit::keys;
use clearpost_audit::profiles::{self, ProfileError, PublicProfile, Role, TrustStatus};
use clearpost_audit::verify::verify_database;
use common::*;

/// Whether an error is the refusal a case expects.
type RefusalCheck = fn(&ProfileError) -> bool;

/// (profiles, events) on a laptop, to show a refusal changed nothing.
async fn snapshot(laptop: &Laptop) -> (Vec<profiles::Profile>, usize) {
    let all = profiles::list(&laptop.db).await.unwrap();
    let log = events::list(laptop.db.pool(), &EventFilter::default())
        .await
        .unwrap();
    (all, log.len())
}

/// Two laptops: the author Ana's and the reviewer Rui's, each with its profile unlocked.
async fn ana_and_rui() -> (
    Laptop,
    profiles::UnlockedProfile,
    Laptop,
    profiles::UnlockedProfile,
) {
    let ana_laptop = Laptop::new().await;
    let rui_laptop = Laptop::new().await;
    let ana = ana_laptop.profile("Ana", Role::Author, PASS_AUTHOR).await;
    let rui = rui_laptop
        .profile("Rui", Role::Reviewer, PASS_REVIEWER)
        .await;
    (ana_laptop, ana, rui_laptop, rui)
}

#[tokio::test]
async fn a_shared_key_file_is_trusted_once_with_a_signed_event() {
    let (ana_laptop, ana, rui_laptop, rui) = ana_and_rui().await;

    let file = ana_laptop.dir.path().join("Ana.clearpost-key");
    key_file::write(&file, &ana.profile.public()).unwrap();
    let received = key_file::read(&file).unwrap();
    assert_eq!(received, ana.profile.public());
    assert_eq!(
        received.fingerprint().unwrap(),
        ana.profile.fingerprint().unwrap(),
        "both laptops show the same fingerprint for the key"
    );

    assert_eq!(
        profiles::check_trust(&rui_laptop.db, &received)
            .await
            .unwrap(),
        TrustStatus::New
    );
    let trusted = profiles::trust(&rui_laptop.db, &rui, &received)
        .await
        .unwrap();
    assert_eq!(trusted.public(), ana.profile.public());
    assert!(!trusted.local);

    let log = events::list(rui_laptop.db.pool(), &EventFilter::default())
        .await
        .unwrap();
    let trusted_events: Vec<_> = log
        .iter()
        .filter(|e| e.kind == kind::PROFILE_TRUSTED)
        .collect();
    assert_eq!(trusted_events.len(), 1);
    assert_eq!(trusted_events[0].actor, rui.profile.id, "signed by Rui");
    assert_eq!(trusted_events[0].subject, ana.profile.id);
    verify_database(&rui_laptop.db).await.unwrap();

    // Again: reported as already trusted, and trusting again writes nothing.
    match profiles::check_trust(&rui_laptop.db, &received)
        .await
        .unwrap()
    {
        TrustStatus::AlreadyTrusted(known) => assert_eq!(known.name, "Ana"),
        other => panic!("expected AlreadyTrusted, got {other:?}"),
    }
    let before = snapshot(&rui_laptop).await;
    profiles::trust(&rui_laptop.db, &rui, &received)
        .await
        .unwrap();
    assert_eq!(snapshot(&rui_laptop).await, before);
}

#[tokio::test]
async fn refusals_change_nothing_and_are_reported_before_confirming() {
    let (_ana_laptop, ana, rui_laptop, rui) = ana_and_rui().await;
    profiles::trust(&rui_laptop.db, &rui, &ana.profile.public())
        .await
        .unwrap();
    let other_key = || keys::public_key_hex(&keys::generate_signing_key().verifying_key());

    // Rui's own key, and a file that reuses Rui's id with another key.
    let own = rui.profile.public();
    let own_id = PublicProfile {
        name: "Not Rui".into(),
        public_key: other_key(),
        ..rui.profile.public()
    };
    // Ana's id with a different key: an impostor or a changed key.
    let changed = PublicProfile {
        public_key: other_key(),
        ..ana.profile.public()
    };
    // Ana's key under a new id and name.
    let same_key_new_id = PublicProfile {
        id: "00000000000000aa".into(),
        name: "Ana again".into(),
        ..ana.profile.public()
    };
    // A new person whose name is already used here.
    let name_taken = PublicProfile {
        id: "00000000000000bb".into(),
        name: "Ana".into(),
        role: Role::Reviewer,
        public_key: other_key(),
    };

    let before = snapshot(&rui_laptop).await;
    let cases: Vec<(&str, PublicProfile, RefusalCheck)> = vec![
        (
            "own key",
            own,
            |e| matches!(e, ProfileError::OwnKey(name) if name == "Rui"),
        ),
        (
            "own id",
            own_id,
            |e| matches!(e, ProfileError::OwnKey(name) if name == "Rui"),
        ),
        (
            "changed key",
            changed,
            |e| matches!(e, ProfileError::KeyMismatch { name, .. } if name == "Ana"),
        ),
        (
            "same key, new id",
            same_key_new_id,
            |e| matches!(e, ProfileError::KeyKnownAs(name) if name == "Ana"),
        ),
        (
            "name taken",
            name_taken,
            |e| matches!(e, ProfileError::NameTaken(name) if name == "Ana"),
        ),
    ];
    for (what, remote, expected) in cases {
        let checked = profiles::check_trust(&rui_laptop.db, &remote)
            .await
            .unwrap_err();
        assert!(expected(&checked), "{what}: check_trust gave {checked}");
        let refused = profiles::trust(&rui_laptop.db, &rui, &remote)
            .await
            .unwrap_err();
        assert!(expected(&refused), "{what}: trust gave {refused}");
        assert_eq!(
            snapshot(&rui_laptop).await,
            before,
            "{what}: a refusal changed the profiles or the log"
        );
    }
    let still = profiles::find(&rui_laptop.db, &ana.profile.id)
        .await
        .unwrap();
    assert_eq!(
        still.public_key, ana.profile.public_key,
        "the trusted key was not replaced"
    );
    assert!(ProfileError::KeyMismatch {
        name: "Ana".into(),
        id: ana.profile.id.clone()
    }
    .to_string()
    .contains("different key"));
    verify_database(&rui_laptop.db).await.unwrap();
}

//! Offline review between two "laptops" (two data directories): bundle out,
//! signed decision back; tampered bundles and decisions, and decisions signed
//! by an unknown key, are refused with a clear message.

mod common;

use clearpost_core::audit::profiles::{self, Role, UnlockedProfile};
use clearpost_core::audit::verify::verify_database;
use clearpost_core::review::{self, ReviewError, SignedDecision, SignedFile, State, Verdict};
use common::*;

struct Pair {
    author_laptop: Laptop,
    reviewer_laptop: Laptop,
    author: UnlockedProfile,
    reviewer: UnlockedProfile,
    draft: String,
    hash: String,
    bundle_path: std::path::PathBuf,
}

/// Two laptops that have exchanged public keys; the author has submitted and
/// written a bundle.
async fn pair() -> Pair {
    let author_laptop = Laptop::new().await;
    let reviewer_laptop = Laptop::new().await;
    let author = author_laptop
        .profile("Ana", Role::Author, PASS_AUTHOR)
        .await;
    let reviewer = reviewer_laptop
        .profile("Rui", Role::Reviewer, PASS_REVIEWER)
        .await;
    profiles::trust(&author_laptop.db, &author, &reviewer.profile.public())
        .await
        .unwrap();
    profiles::trust(&reviewer_laptop.db, &reviewer, &author.profile.public())
        .await
        .unwrap();
    let (draft, hash) = submitted_draft(&author_laptop, &author).await;
    let bundle_path = author_laptop.dir.path().join("post.clearpost");
    review::write_bundle(&author_laptop.db, &author, &hash, &bundle_path)
        .await
        .unwrap();
    Pair {
        author_laptop,
        reviewer_laptop,
        author,
        reviewer,
        draft,
        hash,
        bundle_path,
    }
}

#[tokio::test]
async fn bundle_round_trip_between_two_data_dirs() {
    let p = pair().await;
    let bundle = read_bundle(&p.bundle_path);
    let opened = review::open_bundle(&p.reviewer_laptop.db, &p.reviewer, &bundle)
        .await
        .unwrap();
    assert_eq!(opened.submission_hash, p.hash);
    assert_eq!(opened.submission.text, TEXT);
    assert_eq!(opened.submission.overrides.len(), 1);
    assert_eq!(
        p.reviewer_laptop
            .store()
            .get(&opened.submission.attachments[0].sha256)
            .unwrap(),
        b"sanitised jpeg bytes"
    );
    let decision = review::decide(
        &p.reviewer_laptop.db,
        &p.reviewer,
        &p.hash,
        Verdict::Approve,
        "fine to post",
    )
    .await
    .unwrap();
    // The decision travels as a file.
    let file = p.reviewer_laptop.dir.path().join("decision.json");
    std::fs::write(&file, serde_json::to_vec(&decision).unwrap()).unwrap();
    let carried: SignedDecision = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let state = review::import_decision(&p.author_laptop.db, &p.author, &carried)
        .await
        .unwrap();
    assert_eq!(state, Some(State::Approved));
    // Importing the same decision twice is refused.
    assert!(
        review::import_decision(&p.author_laptop.db, &p.author, &carried)
            .await
            .is_err()
    );
    for laptop in [&p.author_laptop, &p.reviewer_laptop] {
        let report = verify_database(&laptop.db).await.unwrap();
        assert!(report.is_clean(), "{:?}", report.problem);
    }
    let out = tempfile::tempdir().unwrap();
    export(&p.author_laptop.db, &p.author, &p.draft, out.path())
        .await
        .unwrap();
}

/// The bundle file at `path`, parsed.
fn read_bundle(path: &std::path::Path) -> review::Bundle {
    review::parse_bundle(&std::fs::read(path).unwrap(), path).unwrap()
}

fn tampered(err: ReviewError) -> String {
    assert!(
        matches!(err, ReviewError::Tampered(_)),
        "expected tampering, got: {err}"
    );
    assert!(err.is_refusal());
    err.to_string()
}

#[tokio::test]
async fn tampered_bundles_are_refused() {
    let p = pair().await;
    let original = read_bundle(&p.bundle_path);

    let mut bundle = original.clone();
    bundle.submission.text = bundle.submission.text.replacen("Ward 4", "Ward 5", 1);
    let err = review::open_bundle(&p.reviewer_laptop.db, &p.reviewer, &bundle)
        .await
        .unwrap_err();
    assert!(tampered(err).contains("does not match its hash"));

    // Rewrite the submission consistently (new hashes): the author's signature no longer covers it.
    let mut bundle = original.clone();
    bundle.submission.overrides.clear();
    bundle.submission.findings.clear();
    bundle.submission_hash = bundle.submission.hash();
    bundle.submit_event.subject = bundle.submission_hash.clone();
    let err = review::open_bundle(&p.reviewer_laptop.db, &p.reviewer, &bundle)
        .await
        .unwrap_err();
    tampered(err);

    let mut bundle = original.clone();
    bundle.attachments[0].data = base64_of(b"unredacted photo");
    let err = review::open_bundle(&p.reviewer_laptop.db, &p.reviewer, &bundle)
        .await
        .unwrap_err();
    assert!(tampered(err).contains("attachment"));

    // A file edited on disk (one byte of the text) is refused too.
    let text =
        std::fs::read_to_string(&p.bundle_path)
            .unwrap()
            .replacen("wonderful", "wonderfull", 1);
    let edited = p.reviewer_laptop.dir.path().join("edited.clearpost");
    std::fs::write(&edited, text).unwrap();
    let bundle = read_bundle(&edited);
    assert!(
        review::open_bundle(&p.reviewer_laptop.db, &p.reviewer, &bundle)
            .await
            .is_err()
    );

    // Nothing was recorded, and the untouched bundle still opens.
    assert!(review::status(&p.reviewer_laptop.db, &p.hash)
        .await
        .is_err());
    review::open_bundle(&p.reviewer_laptop.db, &p.reviewer, &original)
        .await
        .unwrap();
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn bundle_from_an_untrusted_author_is_refused() {
    let p = pair().await;
    let stranger_laptop = Laptop::new().await;
    let stranger = stranger_laptop
        .profile("Eve", Role::Reviewer, PASS_SECOND)
        .await;
    let bundle = read_bundle(&p.bundle_path);
    let err = review::open_bundle(&stranger_laptop.db, &stranger, &bundle)
        .await
        .unwrap_err();
    match &err {
        ReviewError::NotTrusted { file, name, id } => {
            assert_eq!(*file, SignedFile::Bundle);
            assert_eq!(
                (name.as_str(), id.as_str()),
                ("Ana", p.author.profile.id.as_str())
            );
        }
        other => panic!("expected NotTrusted, got {other}"),
    }
    assert!(err.is_refusal());
    // The CLI prints this message as it is: it names the CLI's way to trust.
    assert!(
        err.to_string().contains("is not trusted on this machine")
            && err.to_string().contains("clearpost profile trust"),
        "{err}"
    );
}

#[tokio::test]
async fn decisions_by_unknown_keys_or_altered_are_refused() {
    let p = pair().await;
    let bundle = read_bundle(&p.bundle_path);

    // A reviewer the author's laptop never trusted.
    let stranger_laptop = Laptop::new().await;
    let stranger = stranger_laptop
        .profile("Eve", Role::Reviewer, PASS_SECOND)
        .await;
    profiles::trust(&stranger_laptop.db, &stranger, &p.author.profile.public())
        .await
        .unwrap();
    review::open_bundle(&stranger_laptop.db, &stranger, &bundle)
        .await
        .unwrap();
    let unknown = review::decide(
        &stranger_laptop.db,
        &stranger,
        &p.hash,
        Verdict::Approve,
        "",
    )
    .await
    .unwrap();
    let err = review::import_decision(&p.author_laptop.db, &p.author, &unknown)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ReviewError::NotTrusted {
                file: SignedFile::Decision,
                ..
            }
        ),
        "{err}"
    );

    // The stranger claims to be the trusted reviewer but signs with their own key.
    let mut forged = unknown.clone();
    forged.body.reviewer = p.reviewer.profile.public();
    forged = SignedDecision::sign(forged.body, stranger.signing_key());
    let err = review::import_decision(&p.author_laptop.db, &p.author, &forged)
        .await
        .unwrap_err();
    tampered(err);

    // A genuine decision, altered in transit.
    review::open_bundle(&p.reviewer_laptop.db, &p.reviewer, &bundle)
        .await
        .unwrap();
    let genuine = review::decide(
        &p.reviewer_laptop.db,
        &p.reviewer,
        &p.hash,
        Verdict::Reject,
        "Remove the name",
    )
    .await
    .unwrap();
    let mut altered = genuine.clone();
    altered.body.verdict = Verdict::Approve;
    let err = review::import_decision(&p.author_laptop.db, &p.author, &altered)
        .await
        .unwrap_err();
    assert!(tampered(err).contains("altered"));

    // Nothing above changed the draft; the genuine decision still applies.
    assert_eq!(
        review::find_draft(&p.author_laptop.db, &p.draft)
            .await
            .unwrap()
            .state,
        State::Submitted
    );
    let state = review::import_decision(&p.author_laptop.db, &p.author, &genuine)
        .await
        .unwrap();
    assert_eq!(state, Some(State::Rejected));
    assert!(verify_database(&p.author_laptop.db)
        .await
        .unwrap()
        .is_clean());
}

#[tokio::test]
async fn decision_for_an_edited_draft_is_refused() {
    let p = pair().await;
    let bundle = read_bundle(&p.bundle_path);
    review::open_bundle(&p.reviewer_laptop.db, &p.reviewer, &bundle)
        .await
        .unwrap();
    let decision = review::decide(
        &p.reviewer_laptop.db,
        &p.reviewer,
        &p.hash,
        Verdict::Approve,
        "",
    )
    .await
    .unwrap();
    let edited = TEXT.replacen('!', "?", 1);
    review::edit_draft(&p.author_laptop.db, &p.author, &p.draft, &edited, vec![])
        .await
        .unwrap();
    let err = review::import_decision(&p.author_laptop.db, &p.author, &decision)
        .await
        .unwrap_err();
    assert!(
        err.is_refusal() && err.to_string().contains("no longer current"),
        "{err}"
    );
}

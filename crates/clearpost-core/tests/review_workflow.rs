//! The review workflow on one machine: policy, separation of duties, approval
//! binding, two-tier review, export, and that every step lands in a log that
//! verifies.

mod common;

use clearpost_core::audit::events;
use clearpost_core::audit::keys::KeyError;
use clearpost_core::audit::profiles::{self, ProfileError, Role};
use clearpost_core::audit::verify::verify_database;
use clearpost_core::review::{self, BlockingFindingsPolicy, ReviewError, State, Verdict};
use common::*;

#[tokio::test]
async fn blocking_finding_without_reasoned_override_refuses_submission() {
    let laptop = Laptop::new().await;
    let author = laptop.profile("Ana", Role::Author, PASS_AUTHOR).await;
    let draft = review::create_draft(&laptop.db, &author, TEXT, vec![])
        .await
        .unwrap();
    let err = review::submit(
        &laptop.db,
        &author,
        &draft.id,
        vec![name_finding()],
        vec![],
        &BlockingFindingsPolicy,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ReviewError::Policy(_)), "{err}");
    assert!(err.is_refusal());
    assert!(err.to_string().contains("phi-1"), "{err}");
    assert_eq!(
        review::find_draft(&laptop.db, &draft.id)
            .await
            .unwrap()
            .state,
        State::Draft
    );
    let kinds: Vec<String> = events::list(laptop.db.pool(), &Default::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(!kinds.contains(&events::kind::SUBMITTED.to_string()));
}

#[tokio::test]
async fn nobody_approves_their_own_submission_and_authors_do_not_approve() {
    let laptop = Laptop::new().await;
    let admin = laptop.profile("Ada Admin", Role::Admin, PASS_AUTHOR).await;
    let other_author = laptop.profile("Otto", Role::Author, PASS_SECOND).await;
    let (draft, hash) = submitted_draft(&laptop, &admin).await;
    let err = review::decide(&laptop.db, &admin, &hash, Verdict::Approve, "")
        .await
        .unwrap_err();
    assert!(
        err.is_refusal() && err.to_string().contains("own submission"),
        "{err}"
    );
    let err = review::decide(&laptop.db, &other_author, &hash, Verdict::Approve, "")
        .await
        .unwrap_err();
    assert!(
        err.is_refusal() && err.to_string().contains("only reviewers"),
        "{err}"
    );
    assert_eq!(
        review::find_draft(&laptop.db, &draft).await.unwrap().state,
        State::Submitted
    );
}

#[tokio::test]
async fn approval_binds_the_exact_submission() {
    let laptop = Laptop::new().await;
    let author = laptop.profile("Ana", Role::Author, PASS_AUTHOR).await;
    let reviewer = laptop.profile("Rui", Role::Reviewer, PASS_REVIEWER).await;
    let second = laptop.profile("Sam", Role::Reviewer, PASS_SECOND).await;
    let (draft_id, hash) = submitted_draft(&laptop, &author).await;
    review::decide(&laptop.db, &reviewer, &hash, Verdict::Approve, "looks safe")
        .await
        .unwrap();
    let draft = review::find_draft(&laptop.db, &draft_id).await.unwrap();
    assert_eq!(draft.state, State::Approved);
    assert!(
        review::approval_covers(&laptop.db, &hash, &draft.text, &draft.attachments)
            .await
            .unwrap()
    );

    // One character changed: not covered, whatever the hash's approvals.
    let edited = TEXT.replacen('!', ".", 1);
    assert_eq!(edited.len(), TEXT.len());
    assert!(
        !review::approval_covers(&laptop.db, &hash, &edited, &draft.attachments)
            .await
            .unwrap()
    );
    // A different attachment: not covered either.
    let other_photo = laptop.attach(b"another photo", "ward4.jpg");
    assert!(
        !review::approval_covers(&laptop.db, &hash, TEXT, &[other_photo])
            .await
            .unwrap()
    );

    // Editing after approval returns to draft and voids the approval for the new content.
    let draft = review::edit_draft(&laptop.db, &author, &draft_id, &edited, draft.attachments)
        .await
        .unwrap();
    assert_eq!(draft.state, State::Draft);
    assert_eq!(draft.submission, None);
    let status = review::status(&laptop.db, &draft_id).await.unwrap();
    assert!(!status.approval_covers_current_content);
    let out = tempfile::tempdir().unwrap();
    let err = export(&laptop.db, &author, &draft_id, out.path())
        .await
        .unwrap_err();
    assert!(err.is_refusal(), "{err}");
    assert!(!out.path().join("post.md").exists());
    // The old submission can no longer be decided on.
    let err = review::decide(&laptop.db, &second, &hash, Verdict::Approve, "")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no longer current"), "{err}");
    // The old approval stays in the log, and the log verifies.
    let status = review::status(&laptop.db, &hash).await.unwrap();
    assert_eq!(status.decisions.len(), 1);
    assert!(verify_database(&laptop.db).await.unwrap().is_clean());
}

#[tokio::test]
async fn two_tier_review_then_export() {
    let laptop = Laptop::new().await;
    let author = laptop.profile("Ana", Role::Author, PASS_AUTHOR).await;
    let admin = laptop.profile("Ada", Role::Admin, PASS_REVIEWER).await;
    let reviewer = laptop.profile("Rui", Role::Reviewer, PASS_SECOND).await;
    let err = review::set_required_approvers(&laptop.db, &reviewer, 2)
        .await
        .unwrap_err();
    assert!(err.is_refusal());
    review::set_required_approvers(&laptop.db, &admin, 2)
        .await
        .unwrap();
    let (draft_id, hash) = submitted_draft(&laptop, &author).await;

    review::decide(&laptop.db, &reviewer, &hash, Verdict::Approve, "")
        .await
        .unwrap();
    assert_eq!(
        review::find_draft(&laptop.db, &draft_id)
            .await
            .unwrap()
            .state,
        State::Submitted
    );
    let err = review::decide(&laptop.db, &reviewer, &hash, Verdict::Approve, "")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already decided"), "{err}");
    let out = tempfile::tempdir().unwrap();
    assert!(export(&laptop.db, &author, &draft_id, out.path())
        .await
        .is_err());

    review::decide(&laptop.db, &admin, &hash, Verdict::Approve, "ok for me too")
        .await
        .unwrap();
    assert_eq!(
        review::find_draft(&laptop.db, &draft_id)
            .await
            .unwrap()
            .state,
        State::Approved
    );
    let files = export(&laptop.db, &author, &draft_id, out.path())
        .await
        .unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(
        std::fs::read_to_string(out.path().join("post.md")).unwrap(),
        TEXT
    );
    assert_eq!(
        std::fs::read(out.path().join("ward4.jpg")).unwrap(),
        b"sanitised jpeg bytes"
    );
    assert_eq!(
        review::find_draft(&laptop.db, &draft_id)
            .await
            .unwrap()
            .state,
        State::Exported
    );
    let report = verify_database(&laptop.db).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.problem);
}

#[tokio::test]
async fn rejection_needs_a_comment_and_allows_a_new_round() {
    let laptop = Laptop::new().await;
    let author = laptop.profile("Ana", Role::Author, PASS_AUTHOR).await;
    let reviewer = laptop.profile("Rui", Role::Reviewer, PASS_REVIEWER).await;
    let (draft_id, hash) = submitted_draft(&laptop, &author).await;
    let err = review::decide(&laptop.db, &reviewer, &hash, Verdict::Reject, "  ")
        .await
        .unwrap_err();
    assert!(matches!(err, ReviewError::BadInput(_)), "{err}");
    review::decide(
        &laptop.db,
        &reviewer,
        &hash,
        Verdict::Reject,
        "Remove the patient's name",
    )
    .await
    .unwrap();
    assert_eq!(
        review::find_draft(&laptop.db, &draft_id)
            .await
            .unwrap()
            .state,
        State::Rejected
    );
    let fixed = TEXT.replace("Jane Doe", "a patient");
    review::edit_draft(&laptop.db, &author, &draft_id, &fixed, vec![])
        .await
        .unwrap();
    let (new_hash, _) = review::submit(
        &laptop.db,
        &author,
        &draft_id,
        vec![],
        vec![],
        &BlockingFindingsPolicy,
    )
    .await
    .unwrap();
    assert_ne!(new_hash, hash);
    review::decide(&laptop.db, &reviewer, &new_hash, Verdict::Approve, "")
        .await
        .unwrap();
    let status = review::status(&laptop.db, &draft_id).await.unwrap();
    assert!(status.approval_covers_current_content);
}

#[tokio::test]
async fn profiles_need_their_passphrase_and_key_changes_keep_the_log_valid() {
    let laptop = Laptop::new().await;
    let author = laptop.profile("Ana", Role::Author, PASS_AUTHOR).await;
    laptop.profile("Rui", Role::Reviewer, PASS_REVIEWER).await;
    let err = profiles::switch(&laptop.db, "Rui", PASS_AUTHOR)
        .await
        .err()
        .unwrap();
    assert!(
        matches!(err, ProfileError::Key(KeyError::WrongPassphrase)),
        "{err}"
    );
    // The first profile created is current until a switch succeeds.
    assert_eq!(
        profiles::current(&laptop.db).await.unwrap().unwrap().name,
        "Ana"
    );
    profiles::switch(&laptop.db, "Rui", PASS_REVIEWER)
        .await
        .unwrap();
    assert_eq!(
        profiles::current(&laptop.db).await.unwrap().unwrap().name,
        "Rui"
    );
    assert!(matches!(
        profiles::create(&laptop.db, "Rui", Role::Author, PASS_SECOND).await,
        Err(ProfileError::NameTaken(_))
    ));

    let renewed = profiles::change_key(&laptop.db, &author, "a brand new passphrase")
        .await
        .unwrap();
    assert_ne!(renewed.profile.public_key, author.profile.public_key);
    assert!(profiles::unlock(&laptop.db, "Ana", PASS_AUTHOR)
        .await
        .is_err());
    let renewed = profiles::unlock(&laptop.db, "Ana", "a brand new passphrase")
        .await
        .unwrap();
    review::create_draft(&laptop.db, &renewed, "hello", vec![])
        .await
        .unwrap();
    let report = verify_database(&laptop.db).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.problem);
}

//! `clearpost profile|review` end to end on two data directories ("laptops"):
//! key exchange, submission refused by policy then accepted with an override,
//! self-approval refused, bundle out, decision back, export; tampered files and
//! wrong passphrases refused with exit code 1, bad input with 2.

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

use clearpost_core::submission;
use common::{
    approve, create_profile, reviewer_and_author, submission_hash, submit,
    submit_keeping_every_finding, succeeded as ok, switch_profile, with_segment, write_post,
    KEEP_EVERY_FINDING, POST_TEXT,
};

fn clearpost<S: AsRef<OsStr>>(data_dir: &Path, args: &[S]) -> Output {
    common::clearpost(data_dir, args)
        .env("WRONG_PASS", "not the passphrase")
        .output()
        .unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// A small JPEG as the image crate encodes it (no metadata but JFIF).
fn clean_jpeg() -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(48, 32, |x, y| image::Rgb([x as u8 * 5, y as u8 * 7, 90]));
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
        .encode_image(&picture)
        .unwrap();
    bytes
}

#[test]
fn two_laptops_review_round_trip_with_refusals() {
    let work = tempfile::tempdir().unwrap();
    let a = work.path().join("author-laptop");
    let b = work.path().join("reviewer-laptop");
    let p = |name: &str| work.path().join(name).to_string_lossy().to_string();

    ok(clearpost(
        &a,
        &create_profile("Ana", "author", "AUTHOR_PASS"),
    ));
    ok(clearpost(
        &b,
        &create_profile("Rui", "reviewer", "REVIEWER_PASS"),
    ));
    let exported = ok(clearpost(
        &a,
        &["profile", "export-key", "-o", &p("ana.pub")],
    ));
    ok(clearpost(
        &b,
        &["profile", "export-key", "Rui", "-o", &p("rui.pub")],
    ));
    ok(clearpost(
        &a,
        &[
            "profile",
            "trust",
            &p("rui.pub"),
            "--passphrase-env",
            "AUTHOR_PASS",
        ],
    ));
    let trusted = ok(clearpost(
        &b,
        &[
            "profile",
            "trust",
            &p("ana.pub"),
            "--passphrase-env",
            "REVIEWER_PASS",
        ],
    ));
    // Both laptops print the same fingerprint for Ana's key, to compare aloud.
    let fingerprint_in = |out: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix("key fingerprint: "))
            .map(|rest| rest.split(" (").next().unwrap().to_string())
            .unwrap_or_else(|| panic!("no fingerprint in {out:?}"))
    };
    let shown = fingerprint_in(&exported);
    assert_eq!(shown.split(' ').count(), 8, "{shown}");
    assert_eq!(fingerprint_in(&trusted), shown);
    let listed = ok(clearpost(&a, &["profile", "list"]));
    assert!(
        listed.contains("Ana") && listed.contains("Rui") && listed.contains("trusted remote"),
        "{listed}"
    );
    // The list shows each key's fingerprint too: Ana's on her own line.
    let ana_line = listed.lines().find(|l| l.contains("Ana")).unwrap();
    assert!(ana_line.ends_with(&format!("key {shown}")), "{listed}");

    let post = write_post(work.path());
    // A cleaned photo (what `strip`/`redact` write), and the same picture with
    // a JPEG comment naming the patient, which a submission must refuse.
    let photo_bytes = clean_jpeg();
    std::fs::write(p("photo.jpg"), &photo_bytes).unwrap();
    std::fs::write(
        p("tagged.jpg"),
        // A JPEG comment (COM segment) naming the patient.
        with_segment(&photo_bytes, 0xFE, b"Patient Jane Doe, bed 4"),
    )
    .unwrap();
    let photo = work.path().join("photo.jpg");
    let submit = |extra: &[&str], pass: &str| {
        let mut args = submit(&post, &photo, pass);
        args.extend(extra.iter().map(|a| a.to_string()));
        clearpost(&a, &args)
    };

    // The text is scanned whatever findings the author brings: "Jane", "Ward 4"
    // and the phone number block alongside the file's phi-1. Without reasoned overrides for
    // all of them the submission is refused (1).
    let refused = submit(&[], "AUTHOR_PASS");
    assert_eq!(code(&refused), 1, "{}", stderr(&refused));
    assert!(stderr(&refused).contains("phi-1"), "{}", stderr(&refused));
    let only_file_finding = submit(
        &["--override", "phi-1=staff member, consent on file"],
        "AUTHOR_PASS",
    );
    assert_eq!(
        code(&only_file_finding),
        1,
        "{}",
        stderr(&only_file_finding)
    );
    assert!(
        stderr(&only_file_finding).contains("text-"),
        "{}",
        stderr(&only_file_finding)
    );
    // An override must name a finding (by id or by its text).
    let unknown = submit(&["--override", "Bob=not in the text"], "AUTHOR_PASS");
    assert_eq!(code(&unknown), 2, "{}", stderr(&unknown));
    assert!(
        stderr(&unknown).contains("no finding has this id or text"),
        "{}",
        stderr(&unknown)
    );
    // A photo that still carries metadata is refused before anything is recorded.
    let tagged = p("tagged.jpg");
    let mut with_tagged = KEEP_EVERY_FINDING.to_vec();
    with_tagged.extend(["--attach", tagged.as_str()]);
    let unclean = submit(&with_tagged, "AUTHOR_PASS");
    assert_eq!(code(&unclean), 2, "{}", stderr(&unclean));
    assert!(
        stderr(&unclean).contains("still carries metadata"),
        "{}",
        stderr(&unclean)
    );
    // Wrong passphrase: refused (1). Missing variable: bad input (2).
    assert_eq!(
        code(&submit(
            &["--override", "phi-1=staff member, consent on file"],
            "WRONG_PASS"
        )),
        1
    );
    assert_eq!(
        code(&submit(
            &["--override", "phi-1=staff member, consent on file"],
            "UNSET_VAR_X"
        )),
        2
    );

    let submitted = ok(submit(&KEEP_EVERY_FINDING, "AUTHOR_PASS"));
    let hash = submission_hash(submitted.as_bytes());
    let submitted: serde_json::Value = serde_json::from_str(&submitted).unwrap();
    let draft = submitted["draft"].as_str().unwrap().to_string();

    // Separation of duties: the author cannot approve their own submission.
    let own = clearpost(&a, &approve(&hash, "AUTHOR_PASS"));
    assert_eq!(code(&own), 1);
    assert!(stderr(&own).contains("own submission"), "{}", stderr(&own));

    ok(clearpost(
        &a,
        &[
            "review",
            "bundle",
            &hash,
            "-o",
            &p("post.clearpost"),
            "--passphrase-env",
            "AUTHOR_PASS",
        ],
    ));
    // A tampered bundle is refused on the reviewer's laptop.
    let bundle = std::fs::read_to_string(p("post.clearpost")).unwrap();
    std::fs::write(
        p("tampered.clearpost"),
        bundle.replacen("Ward 4", "Ward 5", 1),
    )
    .unwrap();
    let tampered = clearpost(
        &b,
        &[
            "review",
            "open",
            &p("tampered.clearpost"),
            "--passphrase-env",
            "REVIEWER_PASS",
        ],
    );
    assert_eq!(code(&tampered), 1);
    assert!(
        stderr(&tampered).contains("tampered"),
        "{}",
        stderr(&tampered)
    );

    let opened = ok(clearpost(
        &b,
        &[
            "review",
            "open",
            &p("post.clearpost"),
            "--passphrase-env",
            "REVIEWER_PASS",
        ],
    ));
    assert!(
        opened.contains("Jane Doe") && opened.contains("written consent"),
        "{opened}"
    );
    ok(clearpost(
        &b,
        &[
            "review",
            "approve",
            &hash,
            "--comment",
            "ok",
            "-o",
            &p("decision.json"),
            "--passphrase-env",
            "REVIEWER_PASS",
        ],
    ));

    // A decision altered in transit is refused; the genuine one is recorded.
    let decision = std::fs::read_to_string(p("decision.json")).unwrap();
    std::fs::write(p("altered.json"), decision.replacen("\"ok\"", "\"OK\"", 1)).unwrap();
    let altered = clearpost(
        &a,
        &[
            "review",
            "import",
            &p("altered.json"),
            "--passphrase-env",
            "AUTHOR_PASS",
        ],
    );
    assert_eq!(code(&altered), 1, "{}", stderr(&altered));
    let imported = ok(clearpost(
        &a,
        &[
            "review",
            "import",
            &p("decision.json"),
            "--passphrase-env",
            "AUTHOR_PASS",
        ],
    ));
    assert!(imported.contains("approved"), "{imported}");

    let status: serde_json::Value =
        serde_json::from_str(&ok(clearpost(&a, &["review", "status", &draft, "--json"]))).unwrap();
    assert_eq!(status["draft"]["state"], "approved");
    assert_eq!(status["approval_covers_current_content"], true);

    ok(clearpost(
        &a,
        &[
            "review",
            "export",
            &draft,
            "-o",
            &p("publish"),
            "--passphrase-env",
            "AUTHOR_PASS",
        ],
    ));
    assert_eq!(
        std::fs::read_to_string(work.path().join("publish/post.md")).unwrap(),
        POST_TEXT
    );
    assert_eq!(
        std::fs::read(work.path().join("publish/photo.jpg")).unwrap(),
        photo_bytes
    );

    for laptop in [&a, &b] {
        let verified = ok(clearpost(laptop, &["audit", "verify"]));
        assert!(verified.contains("audit log OK"), "{verified}");
    }
    // Bad input: an unknown submission is exit 2, not a refusal.
    let unknown = clearpost(&b, &["review", "status", "nope"]);
    assert_eq!(code(&unknown), 2);
}

#[test]
fn reject_needs_a_reason_and_signs_a_rejection_that_approve_cannot_follow() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    for args in reviewer_and_author() {
        ok(clearpost(&data, &args));
    }
    let post = write_post(work.path());
    let photo = work.path().join("photo.jpg");
    std::fs::write(&photo, clean_jpeg()).unwrap();
    let hash = submission_hash(
        ok(clearpost(
            &data,
            &submit_keeping_every_finding(&post, &photo),
        ))
        .as_bytes(),
    );
    ok(clearpost(&data, &switch_profile("Rui", "REVIEWER_PASS")));

    // A rejection without a reason is bad input (2) and records nothing.
    let no_reason = clearpost(
        &data,
        &[
            "review",
            "reject",
            &hash,
            "--passphrase-env",
            "REVIEWER_PASS",
        ],
    );
    assert_eq!(code(&no_reason), 2, "{}", stderr(&no_reason));
    let before: serde_json::Value = serde_json::from_str(&ok(clearpost(
        &data,
        &["review", "status", &hash, "--json"],
    )))
    .unwrap();
    assert_eq!(before["draft"]["state"], "submitted");

    let decision = work.path().join("decision.json");
    let rejected = ok(clearpost(
        &data,
        &[
            "review",
            "reject",
            &hash,
            "--comment",
            "the ward number identifies the patient",
            "-o",
            &decision.display().to_string(),
            "--passphrase-env",
            "REVIEWER_PASS",
        ],
    ));
    assert!(
        rejected.contains(&format!("rejected submission {hash} as Rui")),
        "{rejected}"
    );
    let signed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&decision).unwrap()).unwrap();
    assert_eq!(signed["body"]["verdict"], "reject");
    assert_eq!(
        signed["body"]["comment"],
        "the ward number identifies the patient"
    );
    let after: serde_json::Value = serde_json::from_str(&ok(clearpost(
        &data,
        &["review", "status", &hash, "--json"],
    )))
    .unwrap();
    assert_eq!(after["draft"]["state"], "rejected");
    // The same submission cannot then be approved.
    let late = clearpost(&data, &approve(&hash, "REVIEWER_PASS"));
    assert_eq!(code(&late), 1, "{}", stderr(&late));
}

/// The submission's overrides by the flagged text they keep, from
/// `review status DRAFT --json`.
fn kept_reasons(data: &Path, draft: &str) -> Vec<(String, String, bool)> {
    let status: serde_json::Value =
        serde_json::from_str(&ok(clearpost(data, &["review", "status", draft, "--json"]))).unwrap();
    let submission = &status["submission"];
    let findings = submission["findings"].as_array().expect("a submission");
    submission["overrides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let finding = findings
                .iter()
                .find(|f| f["id"] == o["finding"])
                .expect("each override names a recorded finding");
            (
                finding["excerpt"].as_str().unwrap().to_string(),
                o["reason"].as_str().unwrap().to_string(),
                finding["blocking"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// A phone number on the draft's own allow-list (set in the app) no longer
/// blocks a resubmission from the CLI: it is recorded as kept with the fixed
/// draft-only reason, and the number the organisation's policy allows is
/// recorded as kept with the organisation's reason instead of being dropped.
#[test]
fn the_drafts_own_allow_list_and_the_organisations_are_recorded_as_kept() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("laptop");
    ok(clearpost(
        &data,
        &create_profile("Ana", "author", "AUTHOR_PASS"),
    ));
    let post = work.path().join("post.md");
    std::fs::write(
        &post,
        "Call our desk on (602) 555-0147 or the switchboard on (480) 555-0199.\n",
    )
    .unwrap();
    let policy = work.path().join("policy.json");
    std::fs::write(&policy, r#"{"allow": ["(480) 555-0199"]}"#).unwrap();
    let submit = |extra: &[&str]| {
        let mut args = vec![
            "review".to_string(),
            "submit".into(),
            post.display().to_string(),
            "--policy".into(),
            policy.display().to_string(),
            "--json".into(),
            "--passphrase-env".into(),
            "AUTHOR_PASS".into(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        clearpost(&data, &args)
    };

    // Without a reason the desk number blocks.
    let refused = submit(&[]);
    assert_eq!(code(&refused), 1, "{}", stderr(&refused));
    let first = submit(&["--override", "(602) 555-0147=the desk's public number"]);
    let submitted: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let draft = submitted["draft"].as_str().unwrap().to_string();
    let organisation = (
        "(480) 555-0199".to_string(),
        submission::ORGANISATION_ALLOWED_REASON.to_string(),
        false,
    );
    assert!(
        kept_reasons(&data, &draft).contains(&organisation),
        "the organisation's allowed number is in the record"
    );

    common::allow_in_draft(&data, &draft, "(602) 555-0147");
    let again = submit(&["--draft", &draft]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    let mut kept = kept_reasons(&data, &draft);
    kept.sort();
    assert_eq!(
        kept,
        vec![
            organisation,
            (
                "(602) 555-0147".to_string(),
                submission::DRAFT_ALLOWED_REASON.to_string(),
                true,
            ),
        ]
    );
}

//! `clearpost profile|review` end to end on two data directories ("laptops"):
//! key exchange, submission refused by policy then accepted with an override,
//! self-approval refused, bundle out, decision back, export; tampered files and
//! wrong passphrases refused with exit code 1, bad input with 2.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

const AUTHOR_PASS: &str = "author passphrase one";
const REVIEWER_PASS: &str = "reviewer passphrase two";

fn clearpost(data_dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("clearpost")
        .unwrap()
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("AUTHOR_PASS", AUTHOR_PASS)
        .env("REVIEWER_PASS", REVIEWER_PASS)
        .env("WRONG_PASS", "not the passphrase")
        .output()
        .unwrap()
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
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

/// `jpeg` with a COM segment holding `comment` right after SOI.
fn with_comment(jpeg: &[u8], comment: &str) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(comment.as_bytes());
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn two_laptops_review_round_trip_with_refusals() {
    let work = tempfile::tempdir().unwrap();
    let a = work.path().join("author-laptop");
    let b = work.path().join("reviewer-laptop");
    let p = |name: &str| work.path().join(name).to_string_lossy().to_string();

    ok(clearpost(
        &a,
        &[
            "profile",
            "create",
            "Ana",
            "--role",
            "author",
            "--passphrase-env",
            "AUTHOR_PASS",
        ],
    ));
    ok(clearpost(
        &b,
        &[
            "profile",
            "create",
            "Rui",
            "--role",
            "reviewer",
            "--passphrase-env",
            "REVIEWER_PASS",
        ],
    ));
    ok(clearpost(
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
    ok(clearpost(
        &b,
        &[
            "profile",
            "trust",
            &p("ana.pub"),
            "--passphrase-env",
            "REVIEWER_PASS",
        ],
    ));
    let listed = ok(clearpost(&a, &["profile", "list"]));
    assert!(
        listed.contains("Ana") && listed.contains("Rui") && listed.contains("trusted remote"),
        "{listed}"
    );

    let text = "Welcome back to Ward 4, Jane Doe!\n";
    std::fs::write(p("post.md"), text).unwrap();
    // A cleaned photo (what `strip`/`redact` write), and the same picture with
    // a JPEG comment naming the patient, which a submission must refuse.
    let photo_bytes = clean_jpeg();
    std::fs::write(p("photo.jpg"), &photo_bytes).unwrap();
    std::fs::write(
        p("tagged.jpg"),
        with_comment(&photo_bytes, "Patient Jane Doe, bed 4"),
    )
    .unwrap();
    let start = text.find("Jane Doe").unwrap();
    let findings = serde_json::json!([{
        "id": "phi-1", "category": "name", "blocking": true, "excerpt": "Jane Doe",
        "location": {"type": "text", "start": start, "end": start + 8}
    }]);
    std::fs::write(p("findings.json"), findings.to_string()).unwrap();
    let submit = |extra: &[&str], pass: &str| {
        let mut args = vec!["review", "submit"];
        let post = p("post.md");
        let photo = p("photo.jpg");
        let f = p("findings.json");
        let mut base = vec![
            post.as_str(),
            "--attach",
            photo.as_str(),
            "--findings",
            f.as_str(),
            "--json",
            "--passphrase-env",
            pass,
        ];
        args.append(&mut base);
        args.extend_from_slice(extra);
        clearpost(&a, &args)
    };

    // The text is scanned whatever findings the author brings: "Jane" and
    // "Ward 4" block alongside the file's phi-1. Without reasoned overrides for
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
    let keep_all = [
        "--override",
        "phi-1=Jane is our nurse; written consent on file",
        "--override",
        "Jane=Jane is our nurse; written consent on file",
        "--override",
        "Ward 4=the ward is named in our public newsletter",
    ];
    let tagged = p("tagged.jpg");
    let mut with_tagged = keep_all.to_vec();
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

    let submitted = ok(submit(&keep_all, "AUTHOR_PASS"));
    let submitted: serde_json::Value = serde_json::from_str(&submitted).unwrap();
    let hash = submitted["submission"].as_str().unwrap().to_string();
    let draft = submitted["draft"].as_str().unwrap().to_string();

    // Separation of duties: the author cannot approve their own submission.
    let own = clearpost(
        &a,
        &[
            "review",
            "approve",
            &hash,
            "--passphrase-env",
            "AUTHOR_PASS",
        ],
    );
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
        text
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

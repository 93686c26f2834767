//! Findings inside Markdown constructs map back to the exact source bytes, and
//! UTF-16 offsets are right around emoji. These need no word lists.

use clearpost_phi::{Category, Policy, Scanner};

fn scanner() -> Scanner {
    Scanner::without_lists()
}

#[test]
fn finding_in_link_url_maps_to_source_bytes() {
    let src = "Read [her story](https://example.org/patients/jane-doe?mrn=40917263) today.";
    let findings = scanner().scan(src, &Policy::default());
    let url = findings
        .iter()
        .find(|f| f.category == Category::Url)
        .expect("url finding");
    assert_eq!(
        &src[url.start..url.end],
        "https://example.org/patients/jane-doe?mrn=40917263"
    );
    assert_eq!(url.text, &src[url.start..url.end]);
    assert!(!url.text.contains(')'));
}

#[test]
fn finding_in_image_alt_text_and_title() {
    let src = "![Call 617-253-1000 for Mr. Jones](photo.jpg \"DOB 03/14/1931\")\n";
    let findings = scanner().scan(src, &Policy::default());
    let phone = findings
        .iter()
        .find(|f| f.category == Category::PhoneNumber)
        .expect("phone");
    assert_eq!(&src[phone.start..phone.end], "617-253-1000");
    let name = findings
        .iter()
        .find(|f| f.category == Category::Name)
        .expect("name after Mr.");
    assert_eq!(&src[name.start..name.end], "Jones");
    let date = findings
        .iter()
        .find(|f| f.category == Category::Date)
        .expect("date in title");
    assert_eq!(&src[date.start..date.end], "03/14/1931");
}

#[test]
fn finding_in_table_cell_and_code() {
    let src = "| Name | Contact |\n|---|---|\n| A | jane.doe@example.com |\n\n`SSN 529-31-4706`\n";
    let findings = scanner().scan(src, &Policy::default());
    let email = findings
        .iter()
        .find(|f| f.category == Category::EmailAddress)
        .expect("email");
    assert_eq!(&src[email.start..email.end], "jane.doe@example.com");
    let ssn = findings
        .iter()
        .find(|f| f.category == Category::SocialSecurityNumber)
        .expect("ssn");
    assert_eq!(&src[ssn.start..ssn.end], "529-31-4706");
}

#[test]
fn markdown_syntax_is_never_part_of_a_finding() {
    let src = "**Mrs. Alvarez** was in *room 412*; see <https://example.org/x>.\n";
    for f in scanner().scan(src, &Policy::default()) {
        assert!(
            !f.text.contains('*') && !f.text.contains('<') && !f.text.contains('>'),
            "{f:?}"
        );
    }
}

#[test]
fn utf16_offsets_are_right_after_emoji() {
    let src = "🎉🎉 Call 617-253-1000 ✨";
    let findings = scanner().scan(src, &Policy::default());
    let phone = findings
        .iter()
        .find(|f| f.category == Category::PhoneNumber)
        .expect("phone");
    assert_eq!(phone.start, 14); // two 4-byte emoji, a space, "Call "
    let utf16: Vec<u16> = src.encode_utf16().collect();
    assert_eq!(phone.utf16_start, 10);
    assert_eq!(
        String::from_utf16(&utf16[phone.utf16_start..phone.utf16_end]).unwrap(),
        "617-253-1000"
    );
}

#[test]
fn allow_listed_numbers_are_reported_as_suppressed() {
    let policy = Policy {
        allow: vec!["(617) 253-1000".to_string()],
        deny: vec!["Bed Bug".to_string()],
        ..Policy::default()
    };
    let findings = scanner().scan("Call us at 617-253-1000. Ask for bed bug.", &policy);
    let phone = findings
        .iter()
        .find(|f| f.category == Category::PhoneNumber)
        .expect("phone");
    assert!(phone.suppressed);
    assert!(!phone.is_blocking());
    let deny = findings
        .iter()
        .find(|f| f.text == "bed bug")
        .expect("deny-list term");
    assert!(deny.is_blocking());
}

#[test]
fn disabled_category_is_not_reported() {
    let policy =
        Policy::from_json(r#"{"categories": {"phone_number": {"enabled": false}}}"#).unwrap();
    let findings = scanner().scan("Call 617-253-1000", &policy);
    assert!(findings.iter().all(|f| f.category != Category::PhoneNumber));
}

#[test]
fn hostile_input_does_not_panic() {
    let s = scanner();
    let nasty = format!("{}{}", "9".repeat(5000), "[](".repeat(2000));
    let _ = s.scan(&nasty, &Policy::default());
    let _ = s.scan("\u{0}\u{feff}**[", &Policy::default());
    let _ = s.scan_plain("", &Policy::default());
}

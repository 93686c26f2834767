//! Submitting a post for review, as one use case the CLI (and, next, the app)
//! calls: scan the text with the organisation's policy, add the draft's own
//! allow-list and kept phrases, add findings from elsewhere (photos), take the
//! author's explicit overrides, check that attachments are clean photos, and
//! record the draft and its frozen submission. The rules of what blocks a
//! submission are in [`crate::submission`] and the policy in
//! [`crate::review::policy`]; this module only puts them in order.
//!
//! Two steps, so that everything that can be checked without the author's key
//! is checked before the passphrase is asked for: [`prepare`] (no key) and
//! [`record`] (signs).

use std::path::{Path, PathBuf};

use crate::audit::profiles::UnlockedProfile;
use crate::audit::store::AttachmentStore;
use crate::audit::Database;
use crate::input::{self, InputError};
use crate::meta::{self, MetaError};
use crate::phi::{Policy, Scanner};
use crate::review::workspace::{self, AuthorOverride};
use crate::review::{
    self, photos, AttachmentRef, BlockingFindingsPolicy, Finding, Location, OverrideRequest,
    ReviewError,
};
use crate::submission::{self, overrides_for};

/// Why a submission could not be prepared (bad input; never a refusal).
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    /// An override is not `KEY=reason`.
    #[error("--override {0:?}: expected FINDING_ID=reason or TEXT=reason")]
    OverrideSyntax(String),
    /// An override names no finding; `found` lists what there is.
    #[error("--override {key:?}: no finding has this id or text (found: {found})")]
    OverrideMatchesNothing {
        /// The id or text given.
        key: String,
        /// The findings, described ([`describe_findings`]).
        found: String,
    },
    /// A findings file could not be read.
    #[error("reading {}", .path.display())]
    ReadFindings {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A findings file is not a JSON list of findings.
    #[error("{} is not a JSON list of findings", .path.display())]
    FindingsJson {
        /// The file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
    /// Extra findings reuse an id.
    #[error("{from}: finding id {id:?} is used twice (the text scan names its findings text-N and allowed-N)")]
    DuplicateFinding {
        /// Where the extra findings came from.
        from: String,
        /// The id.
        id: String,
    },
    /// An attachment could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// An attachment is not a photo Clearpost can check.
    #[error("{} is not a photo Clearpost can check", .path.display())]
    NotAPhoto {
        /// The file.
        path: PathBuf,
        /// Why.
        source: MetaError,
    },
    /// An attachment still carries identifying metadata.
    #[error(
        "{} still carries metadata ({}): run `clearpost strip` (or `clearpost redact`) on it first",
        .path.display(),
        .blocks.join(", ")
    )]
    NotClean {
        /// The file.
        path: PathBuf,
        /// Where the metadata is.
        blocks: Vec<String>,
    },
    /// An attachment has no file name to record.
    #[error("{} has no file name", .0.display())]
    NoFileName(PathBuf),
    /// A photo of the draft has findings but no cleaned copy among its
    /// attachments: submitting would send findings about a photo the
    /// reviewer cannot see.
    #[error(
        "a photo of this draft has no cleaned copy saved yet: open it in Photos and save it first"
    )]
    PhotoNotSaved,
    /// Loading the draft failed.
    #[error(transparent)]
    Review(#[from] ReviewError),
}

/// Findings from elsewhere than the text (photos), added to the scan's.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// Where they come from, for messages (a file name, "the draft's photos").
    pub from: String,
    /// The findings.
    pub findings: Vec<Finding>,
}

/// What the author asks to submit.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    /// The Markdown text.
    pub text: &'a str,
    /// Sanitised photos to attach (copied into the store by [`record`]).
    pub attachments: &'a [PathBuf],
    /// Findings from elsewhere ([`read_findings`] reads them from a file).
    pub extra: Option<Extra>,
    /// `FINDING_ID=reason` or `TEXT=reason` items.
    pub overrides: &'a [String],
    /// An existing draft to update and resubmit, instead of a new one.
    pub draft: Option<&'a str>,
}

/// A submission checked and ready to record.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The text.
    pub text: String,
    /// Attachments to store.
    pub attachments: Vec<PathBuf>,
    /// Every finding (text scan first, then the extra ones), with the UTF-16
    /// span of a text finding (for the editor).
    pub findings: Vec<(Finding, Option<(usize, usize)>)>,
    /// The overrides that go with them.
    pub overrides: Vec<OverrideRequest>,
    /// The existing draft, if any.
    pub draft: Option<String>,
}

/// What was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    /// The draft id.
    pub draft: String,
    /// The submission hash.
    pub submission: String,
    /// The content hash (text and attachments).
    pub content_hash: String,
}

/// Everything before the key: scans `request.text` under `policy` (with the
/// existing draft's allow-list and kept phrases, as the app submits), adds the
/// findings file, checks every attachment is a clean photo, and resolves the
/// overrides. Nothing is recorded.
pub async fn prepare(
    db: &Database,
    scanner: &Scanner,
    policy: &Policy,
    request: &Request<'_>,
) -> Result<Prepared, PrepareError> {
    // A draft the app knows has a working copy: its allow-list and kept
    // phrases count here too. One made by the CLI has none.
    let copy = match request.draft {
        Some(id) => Some(workspace::load(db, id).await?),
        None => None,
    };
    let (allow_list, kept): (&[String], &[AuthorOverride]) = match &copy {
        Some(copy) => (&copy.allow_list, &copy.overrides),
        None => (&[], &[]),
    };
    let text_review = submission::review_text(scanner, request.text, policy, allow_list, kept);
    let mut findings: Vec<(Finding, Option<(usize, usize)>)> = text_review
        .findings
        .into_iter()
        .map(|(f, a, b)| (f, Some((a, b))))
        .collect();
    let mut automatic = text_review.overrides;
    if let Some(extra) = &request.extra {
        // The author's kept phrases cover text found elsewhere too (read in photos).
        automatic.extend(overrides_for(&extra.findings, kept));
        add_findings(&mut findings, extra)?;
    }
    for attachment in request.attachments {
        check_clean_photo(attachment)?;
    }
    let plain: Vec<Finding> = findings.iter().map(|(f, _)| f.clone()).collect();
    let explicit = resolve_overrides(request.overrides, &plain)?;
    Ok(Prepared {
        text: request.text.to_string(),
        attachments: request.attachments.to_vec(),
        overrides: merged_overrides(automatic, explicit),
        findings,
        draft: request.draft.map(str::to_string),
    })
}

/// Records a prepared submission as `me`: stores the attachments, creates or
/// updates the draft, and submits it under the blocking-findings policy (which
/// refuses a blocking finding without an override).
pub async fn record(
    db: &Database,
    store: &AttachmentStore,
    me: &UnlockedProfile,
    prepared: Prepared,
) -> Result<Submitted, ReviewError> {
    let attachments = store_attachments(store, &prepared.attachments)?;
    let draft = match &prepared.draft {
        Some(id) => review::edit_draft(db, me, id, &prepared.text, attachments).await?,
        None => review::create_draft(db, me, &prepared.text, attachments).await?,
    };
    let (hash, body) = review::submit(
        db,
        me,
        &draft.id,
        prepared.findings.into_iter().map(|(f, _)| f).collect(),
        prepared.overrides,
        &BlockingFindingsPolicy,
    )
    .await?;
    Ok(Submitted {
        draft: draft.id,
        submission: hash,
        content_hash: body.content_hash,
    })
}

/// The app's Submit: [`prepare`] for a draft's working copy as it is saved,
/// with its photos' findings (boxes the author kept, text read in them) as the
/// extra findings. Refused when a photo with findings has no cleaned copy
/// among the draft's attachments.
pub async fn prepare_draft(
    db: &Database,
    scanner: &Scanner,
    policy: &Policy,
    draft_id: &str,
) -> Result<Prepared, PrepareError> {
    let copy = workspace::load(db, draft_id).await?;
    let image = photos::image_findings(db, draft_id).await?;
    let unsaved = image.iter().any(|f| match &f.location {
        Location::Image { attachment, .. } => {
            !copy.attachments.iter().any(|a| &a.sha256 == attachment)
        }
        Location::Text { .. } => false,
    });
    if unsaved {
        return Err(PrepareError::PhotoNotSaved);
    }
    let request = Request {
        text: &copy.text,
        extra: Some(Extra {
            from: "the draft's photos".into(),
            findings: image,
        }),
        draft: Some(draft_id),
        ..Request::default()
    };
    prepare(db, scanner, policy, &request).await
}

/// Records a draft [`prepare_draft`] checked: puts its working copy on the
/// record and submits it under the blocking-findings policy. Refused when the
/// working copy's text changed since it was prepared (an autosave landed in
/// between), so the findings always belong to the text submitted.
pub async fn record_draft(
    db: &Database,
    me: &UnlockedProfile,
    prepared: Prepared,
) -> Result<Submitted, ReviewError> {
    let draft_id = prepared
        .draft
        .clone()
        .ok_or_else(|| ReviewError::BadInput("no draft to submit".into()))?;
    let recorded = workspace::sync_for_submit(db, me, &draft_id).await?;
    if recorded.text != prepared.text {
        return Err(ReviewError::Refused(
            "the draft changed while it was being submitted: submit again".into(),
        ));
    }
    let (hash, body) = review::submit(
        db,
        me,
        &draft_id,
        prepared.findings.into_iter().map(|(f, _)| f).collect(),
        prepared.overrides,
        &BlockingFindingsPolicy,
    )
    .await?;
    Ok(Submitted {
        draft: draft_id,
        submission: hash,
        content_hash: body.content_hash,
    })
}

impl Prepared {
    /// What stops this submission, in plain words (empty: nothing does).
    pub fn blockers(&self) -> Vec<submission::Blocker> {
        submission::blockers(&self.text, &self.findings, &self.overrides)
    }
}

/// A JSON list of findings from the file at `path`, as [`Extra`] findings.
pub fn read_findings(path: &Path) -> Result<Extra, PrepareError> {
    let bytes = std::fs::read(path).map_err(|source| PrepareError::ReadFindings {
        path: path.to_path_buf(),
        source,
    })?;
    let findings = serde_json::from_slice(&bytes).map_err(|source| PrepareError::FindingsJson {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(Extra {
        from: path.display().to_string(),
        findings,
    })
}

/// Adds the `extra` findings, refusing an id already used.
fn add_findings(
    findings: &mut Vec<(Finding, Option<(usize, usize)>)>,
    extra: &Extra,
) -> Result<(), PrepareError> {
    for finding in &extra.findings {
        if findings.iter().any(|(f, _)| f.id == finding.id) {
            return Err(PrepareError::DuplicateFinding {
                from: extra.from.clone(),
                id: finding.id.clone(),
            });
        }
        findings.push((finding.clone(), None));
    }
    Ok(())
}

/// Override items as override requests: each names a finding by its id or
/// by its exact flagged text (which may match several findings).
pub fn resolve_overrides(
    items: &[String],
    findings: &[Finding],
) -> Result<Vec<OverrideRequest>, PrepareError> {
    let mut requests = Vec::new();
    for item in items {
        let (key, reason) = item
            .split_once('=')
            .ok_or_else(|| PrepareError::OverrideSyntax(item.clone()))?;
        let key = key.trim();
        let by_id: Vec<&Finding> = findings.iter().filter(|f| f.id == key).collect();
        let matched = if by_id.is_empty() {
            findings
                .iter()
                .filter(|f| f.excerpt.as_deref() == Some(key))
                .collect()
        } else {
            by_id
        };
        if matched.is_empty() {
            return Err(PrepareError::OverrideMatchesNothing {
                key: key.to_string(),
                found: describe_findings(findings),
            });
        }
        requests.extend(matched.into_iter().map(|f| OverrideRequest {
            finding: f.id.clone(),
            reason: reason.to_string(),
        }));
    }
    Ok(requests)
}

/// "text-1 name “Jane”, text-2 geographic_subdivision “Ward 4”"
pub fn describe_findings(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "none".into();
    }
    findings
        .iter()
        .map(|f| match &f.excerpt {
            Some(text) => format!("{} {} “{text}”", f.id, f.category),
            None => format!("{} {}", f.id, f.category),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The overrides a submission records: `automatic` ones (kept phrases,
/// allow-lists) except where an explicit one gives a finding a reason of its own.
pub fn merged_overrides(
    automatic: Vec<OverrideRequest>,
    explicit: Vec<OverrideRequest>,
) -> Vec<OverrideRequest> {
    let mut merged: Vec<OverrideRequest> = automatic
        .into_iter()
        .filter(|o| !explicit.iter().any(|e| e.finding == o.finding))
        .collect();
    merged.extend(explicit);
    merged
}

/// Refuses an attachment that is not a photo Clearpost can check or that
/// still carries identifying metadata: a submission only holds cleaned photos.
pub fn check_clean_photo(path: &Path) -> Result<(), PrepareError> {
    let bytes = input::read_photo(path)?;
    let report = meta::inspect(&bytes).map_err(|source| PrepareError::NotAPhoto {
        path: path.to_path_buf(),
        source,
    })?;
    if report.is_clean() {
        return Ok(());
    }
    Err(PrepareError::NotClean {
        path: path.to_path_buf(),
        blocks: report
            .removable_blocks()
            .map(|b| b.location.clone())
            .collect(),
    })
}

fn store_attachments(
    store: &AttachmentStore,
    files: &[PathBuf],
) -> Result<Vec<AttachmentRef>, ReviewError> {
    files
        .iter()
        .map(|file| {
            let name = file
                .file_name()
                .ok_or_else(|| {
                    ReviewError::BadInput(format!("{} has no file name", file.display()))
                })?
                .to_string_lossy()
                .to_string();
            let sha256 = store.put_file(file)?;
            Ok(AttachmentRef { sha256, name })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Location;

    fn finding(id: &str, text: &str, blocking: bool) -> Finding {
        Finding {
            id: id.into(),
            category: "name".into(),
            location: Location::Text {
                start: 0,
                end: text.len(),
            },
            excerpt: Some(text.into()),
            blocking,
            reason: None,
        }
    }

    fn request(finding: &str, reason: &str) -> OverrideRequest {
        OverrideRequest {
            finding: finding.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn an_override_names_a_finding_by_id_or_by_every_finding_with_its_text() {
        let findings = vec![
            finding("text-1", "Odile Brannock", true),
            finding("text-2", "Quill Harrow", true),
            finding("text-3", "Odile Brannock", true),
        ];
        let by_id = resolve_overrides(&["text-2=ward clerk".into()], &findings).unwrap();
        assert_eq!(by_id, vec![request("text-2", "ward clerk")]);
        let by_text = resolve_overrides(&["Odile Brannock = consented".into()], &findings).unwrap();
        assert_eq!(
            by_text,
            vec![
                request("text-1", " consented"),
                request("text-3", " consented")
            ]
        );
    }

    #[test]
    fn an_override_that_matches_nothing_lists_what_there_is() {
        let findings = vec![finding("text-1", "Quill Harrow", true)];
        let err = resolve_overrides(&["Nobody=x".into()], &findings).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--override \"Nobody\": no finding has this id or text (found: text-1 name “Quill Harrow”)"
        );
        let err = resolve_overrides(&["no equals sign".into()], &findings).unwrap_err();
        assert!(matches!(err, PrepareError::OverrideSyntax(_)));
        assert_eq!(describe_findings(&[]), "none");
    }

    #[test]
    fn an_explicit_override_replaces_the_automatic_reason_for_its_finding() {
        let merged = merged_overrides(
            vec![
                request("text-1", "kept in the app"),
                request("allowed-1", "org list"),
            ],
            vec![request("text-1", "said on the command line")],
        );
        assert_eq!(
            merged,
            vec![
                request("allowed-1", "org list"),
                request("text-1", "said on the command line")
            ]
        );
    }

    #[test]
    fn extra_findings_may_not_reuse_an_id() {
        let mut findings = vec![(finding("text-1", "Quill Harrow", true), Some((0, 12)))];
        let extra = |f| Extra {
            from: "extra.json".into(),
            findings: vec![f],
        };
        add_findings(&mut findings, &extra(finding("photo-1", "badge", true))).unwrap();
        let err =
            add_findings(&mut findings, &extra(finding("text-1", "again", false))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "extra.json: finding id \"text-1\" is used twice (the text scan names its findings text-N and allowed-N)"
        );
        assert_eq!(findings.len(), 2);
    }

    #[test]
    fn an_attachment_that_is_not_a_photo_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.jpg");
        std::fs::write(&path, b"plain words, not a picture").unwrap();
        assert!(matches!(
            check_clean_photo(&path),
            Err(PrepareError::NotAPhoto { .. })
        ));
    }

    #[tokio::test]
    async fn prepare_scans_the_text_and_an_override_clears_its_blocker() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).await.unwrap();
        let scanner = Scanner::without_lists();
        let text = "Write to quill.harrow@example.org about the open day.";
        let mut request = Request {
            text,
            ..Request::default()
        };
        let blocked = prepare(&db, &scanner, &Policy::default(), &request)
            .await
            .unwrap();
        assert_eq!(blocked.findings[0].0.category, "email_address");
        assert!(
            blocked.findings[0].1.is_some(),
            "text findings carry their UTF-16 span"
        );
        assert_eq!(blocked.blockers().len(), 1);
        let overrides =
            vec!["quill.harrow@example.org=the events desk's public address".to_string()];
        request.overrides = &overrides;
        let kept = prepare(&db, &scanner, &Policy::default(), &request)
            .await
            .unwrap();
        assert!(kept.blockers().is_empty());
        assert_eq!(kept.overrides.len(), 1);
        db.close().await;
    }
}

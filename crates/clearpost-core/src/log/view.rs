//! The audit view's use cases over a [`Context`]: a filtered page of the log
//! as the table shows it, "Verify log" in plain words, and the export of the
//! whole log to a folder (JSON Lines, verifiable anywhere, and CSV).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::browse::{self, Browse};
use crate::context::Context;
use crate::error::{Doing as _, Result};

/// One event as the table shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditRow {
    /// Its place in the chain.
    pub seq: i64,
    /// When (UTC).
    pub time: String,
    /// Profile id of who did it.
    pub actor: String,
    /// Their display name (the id when unknown here).
    pub person: String,
    /// The event kind, e.g. `review.approved`.
    pub kind: String,
    /// The draft the event is about, when it is about one.
    pub draft: Option<String>,
    /// What the event is about (a draft, submission or profile id).
    pub subject: String,
    /// What happened, in plain words.
    pub summary: String,
}

/// A page of events, newest first, with what the filters can choose from.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditPage {
    /// This page's events.
    pub events: Vec<AuditRow>,
    /// Events matching the filters (all pages).
    pub total: usize,
    /// Events in the whole log.
    pub log_total: usize,
    /// Every kind present in the log, sorted.
    pub kinds: Vec<String>,
    /// Every person who appears in the log, sorted.
    pub people: Vec<String>,
}

/// Events of the log with filters and paging, newest first (filtered and
/// paged in the database by [`browse::browse`]).
pub async fn events(context: &Context, query: &Browse) -> Result<AuditPage> {
    let page = browse::browse(context.db().await?, query).await?;
    Ok(AuditPage {
        events: page
            .rows
            .into_iter()
            .map(|row| AuditRow {
                seq: row.event.seq,
                time: row.event.time,
                actor: row.event.actor,
                person: row.who,
                kind: row.event.kind,
                draft: row.draft,
                subject: row.event.subject,
                summary: row.summary,
            })
            .collect(),
        total: page.total,
        log_total: page.log_total,
        kinds: page.kinds,
        people: page.people,
    })
}

/// The outcome of "Verify log".
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VerifyOutcome {
    /// The whole chain holds.
    pub ok: bool,
    /// Events checked and intact (before the first bad one).
    pub events_ok: u64,
    /// The newest event's place.
    pub head_seq: i64,
    /// The newest event's hash.
    pub head_hash: String,
    /// The first bad event, when one is.
    pub bad_seq: Option<i64>,
    /// What is wrong with it.
    pub problem: Option<String>,
    /// One sentence for the banner.
    pub message: String,
}

/// How much of the chain before a bad event still holds, in plain words.
fn intact_before(events_ok: u64) -> String {
    match events_ok {
        0 => "No event before it could be checked.".to_string(),
        1 => "The 1 event before it is intact.".to_string(),
        n => format!("The {n} events before it are intact."),
    }
}

/// Walks the whole chain; names the first bad event.
pub async fn verify(context: &Context) -> Result<VerifyOutcome> {
    let report = super::verify(context.db().await?)
        .await
        .map_err(super::LogError::from)
        .doing("reading the audit log")?;
    let (bad_seq, problem) = match &report.problem {
        Some(p) => (Some(p.seq), Some(p.what.clone())),
        None => (None, None),
    };
    Ok(VerifyOutcome {
        ok: report.problem.is_none(),
        message: match &report.problem {
            None => format!("All {} events verified", report.events_ok),
            Some(p) => format!(
                "Event {} failed verification: {}. {}",
                p.seq,
                p.what,
                intact_before(report.events_ok)
            ),
        },
        events_ok: report.events_ok,
        head_seq: report.head_seq,
        head_hash: report.head_hash,
        bad_seq,
        problem,
    })
}

/// Files written by an export.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditExport {
    /// Events written.
    pub events: usize,
    /// The files written.
    pub files: Vec<String>,
}

/// Exports the whole log as JSON Lines (verifiable on any machine with
/// `clearpost audit import-verify`) and CSV into `folder`, named by the time
/// of the export.
pub async fn export_to(context: &Context, folder: &Path) -> Result<AuditExport> {
    let export = super::Export::read(context.db().await?, None, None)
        .await
        .doing("reading the audit log")?;
    let stem = format!(
        "clearpost-audit-{}",
        export
            .exported_at()
            .replace([':', '.'], "")
            .trim_end_matches('Z')
    );
    let jsonl: PathBuf = crate::safe_name::join(folder, &format!("{stem}.jsonl"))?;
    let csv: PathBuf = crate::safe_name::join(folder, &format!("{stem}.csv"))?;
    export
        .write_jsonl(&jsonl)
        .doing(format!("writing {}", jsonl.display()))?;
    export
        .write_csv(&csv)
        .doing(format!("writing {}", csv.display()))?;
    Ok(AuditExport {
        events: export.events.len(),
        files: vec![jsonl.display().to_string(), csv.display().to_string()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::{self, Role};

    #[test]
    fn the_intact_part_of_a_broken_chain_is_counted_in_plain_words() {
        assert_eq!(intact_before(0), "No event before it could be checked.");
        assert_eq!(intact_before(1), "The 1 event before it is intact.");
        assert_eq!(intact_before(41), "The 41 events before it are intact.");
    }

    #[tokio::test]
    async fn a_fresh_log_verifies_lists_and_exports_its_events() {
        let dir = tempfile::tempdir().unwrap();
        let context = Context::with_dirs(dir.path().into(), dir.path().into());
        people::create_profile(
            &context,
            "Dana Author",
            Role::Author,
            crate::test_support::PASSPHRASE,
        )
        .await
        .unwrap();
        let checked = verify(&context).await.unwrap();
        assert!(checked.ok, "{}", checked.message);
        assert!(checked.events_ok >= 1);
        let page = events(&context, &Browse::default()).await.unwrap();
        assert_eq!(page.total as u64, checked.events_ok);
        assert_eq!(page.events[0].person, "Dana Author");
        let out = tempfile::tempdir().unwrap();
        let written = export_to(&context, out.path()).await.unwrap();
        assert_eq!(written.events as u64, checked.events_ok);
        assert_eq!(written.files.len(), 2);
        assert!(written.files.iter().all(|f| Path::new(f).exists()));
    }
}

//! The Audit view's commands: list the log with filters, verify the chain,
//! export it to a folder the user picks.

use std::path::PathBuf;

use anyhow::Context as _;
use clearpost_core::log::{self, browse};
use clearpost_core::safe_name;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::file_dialog;
use crate::state::AppState;

/// Which events to show. Every filter is optional; they combine with AND.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(default)]
pub struct AuditQuery {
    /// A draft id (or its start): events about the draft and its submissions.
    pub draft: Option<String>,
    /// A person's name (or part of it, any case) or profile id.
    pub person: Option<String>,
    /// An event kind, exactly (`review.approved`) or by family (`review`).
    pub kind: Option<String>,
    /// Rows to skip (newest first).
    pub offset: Option<usize>,
    /// Rows to return.
    pub limit: Option<usize>,
}

/// One event as the table shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct AuditRow {
    pub seq: i64,
    pub time: String,
    /// Profile id of who did it.
    pub actor: String,
    /// Their display name (the id when unknown here).
    pub person: String,
    pub kind: String,
    /// The draft the event is about, when it is about one.
    pub draft: Option<String>,
    pub subject: String,
    /// What happened, in plain words.
    pub summary: String,
}

/// A page of events, newest first, with what the filters can choose from.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AuditPage {
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

/// The outcome of "Verify log".
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct VerifyOutcome {
    pub ok: bool,
    /// Events checked and intact (before the first bad one).
    pub events_ok: u64,
    pub head_seq: i64,
    pub head_hash: String,
    /// The first bad event, when one is.
    pub bad_seq: Option<i64>,
    /// What is wrong with it.
    pub problem: Option<String>,
    /// One sentence for the banner.
    pub message: String,
}

/// Files written by an export.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AuditExport {
    pub events: usize,
    pub files: Vec<String>,
}

/// Events of the log with filters and paging, newest first (filtered and
/// paged in the database by `clearpost_core::log::browse`).
#[tauri::command]
#[specta::specta]
pub async fn audit_events(
    state: State<'_, AppState>,
    query: Option<AuditQuery>,
) -> CommandResult<AuditPage> {
    let query = query.unwrap_or_default();
    let page = browse::browse(
        state.db().await?,
        &browse::Browse {
            draft: query.draft,
            person: query.person,
            kind: query.kind,
            offset: query.offset,
            limit: query.limit,
        },
    )
    .await?;
    Ok(AuditPage {
        events: page.rows.into_iter().map(row).collect(),
        total: page.total,
        log_total: page.log_total,
        kinds: page.kinds,
        people: page.people,
    })
}

fn row(row: browse::Row) -> AuditRow {
    let event = row.event;
    AuditRow {
        seq: event.seq,
        time: event.time,
        actor: event.actor,
        person: row.who,
        kind: event.kind,
        draft: row.draft,
        subject: event.subject,
        summary: row.summary,
    }
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
#[tauri::command]
#[specta::specta]
pub async fn audit_verify(state: State<'_, AppState>) -> CommandResult<VerifyOutcome> {
    let db = state.db().await?;
    let report = log::verify(db).await.context("reading the audit log")?;
    Ok(match report.problem {
        None => VerifyOutcome {
            ok: true,
            message: format!("All {} events verified", report.events_ok),
            events_ok: report.events_ok,
            head_seq: report.head_seq,
            head_hash: report.head_hash,
            bad_seq: None,
            problem: None,
        },
        Some(problem) => VerifyOutcome {
            ok: false,
            message: format!(
                "Event {} failed verification: {}. {}",
                problem.seq,
                problem.what,
                intact_before(report.events_ok)
            ),
            events_ok: report.events_ok,
            head_seq: report.head_seq,
            head_hash: report.head_hash,
            bad_seq: Some(problem.seq),
            problem: Some(problem.what),
        },
    })
}

/// Exports the whole log as JSON Lines (verifiable on any machine with
/// `clearpost audit import-verify`) and CSV into a folder the user picks.
/// Returns None when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn audit_export(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<AuditExport>> {
    let Some(folder) = file_dialog::pick_folder(&app, "Export the audit log to…").await? else {
        return Ok(None);
    };
    let db = state.db().await?;
    let export = log::Export::read(db, None, None)
        .await
        .context("reading the audit log")?;
    let stem = format!(
        "clearpost-audit-{}",
        export
            .exported_at()
            .replace([':', '.'], "")
            .trim_end_matches('Z')
    );
    let jsonl: PathBuf = safe_name::join(&folder, &format!("{stem}.jsonl"))?;
    let csv: PathBuf = safe_name::join(&folder, &format!("{stem}.csv"))?;
    export
        .write_jsonl(&jsonl)
        .with_context(|| format!("writing {}", jsonl.display()))?;
    export
        .write_csv(&csv)
        .with_context(|| format!("writing {}", csv.display()))?;
    Ok(Some(AuditExport {
        events: export.events.len(),
        files: vec![jsonl.display().to_string(), csv.display().to_string()],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_intact_part_of_a_broken_chain_is_counted_in_plain_words() {
        assert_eq!(intact_before(0), "No event before it could be checked.");
        assert_eq!(intact_before(1), "The 1 event before it is intact.");
        assert_eq!(intact_before(41), "The 41 events before it are intact.");
    }
}

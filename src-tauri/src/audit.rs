//! The Audit view's commands: list the log with filters, verify the chain,
//! export it to a folder the user picks.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use anyhow::Context as _;
use clearpost_core::audit::events::{self, kind, Event, EventFilter};
use clearpost_core::audit::export;
use clearpost_core::audit::profiles;
use clearpost_core::audit::verify::verify_database;
use clearpost_core::safe_name;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::file_dialog;
use crate::state::AppState;

/// Rows per page when the UI does not say.
const DEFAULT_PAGE: usize = 100;
/// The most rows one call returns.
const MAX_PAGE: usize = 1000;

/// Which events to show. Every filter is optional; they combine with AND.
#[derive(Debug, Clone, Default, Deserialize)]
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
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
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
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct AuditExport {
    pub events: usize,
    pub files: Vec<String>,
}

/// Events of the log with filters and paging, newest first.
#[tauri::command]
pub async fn audit_events(
    state: State<'_, AppState>,
    query: Option<AuditQuery>,
) -> CommandResult<AuditPage> {
    let db = state.db().await?;
    let names: BTreeMap<String, String> = profiles::list(db)
        .await
        .context("reading the profiles")?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let all = events::list(db.pool(), &EventFilter::default())
        .await
        .context("reading the audit log")?;
    Ok(page(&all, &names, &query.unwrap_or_default()))
}

/// Builds the rows for `all` events (in chain order) and applies the query.
fn page(all: &[Event], names: &BTreeMap<String, String>, query: &AuditQuery) -> AuditPage {
    let drafts_of_submissions = submission_drafts(all);
    let rows: Vec<AuditRow> = all
        .iter()
        .rev()
        .map(|event| row(event, names, &drafts_of_submissions))
        .collect();
    let mut kinds: Vec<String> = rows.iter().map(|r| r.kind.clone()).collect();
    kinds.sort();
    kinds.dedup();
    let mut people: Vec<String> = rows.iter().map(|r| r.person.clone()).collect();
    people.sort();
    people.dedup();
    let matching: Vec<AuditRow> = rows.into_iter().filter(|r| matches(r, query)).collect();
    let total = matching.len();
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let events = matching
        .into_iter()
        .skip(query.offset.unwrap_or(0))
        .take(limit)
        .collect();
    AuditPage {
        events,
        total,
        log_total: all.len(),
        kinds,
        people,
    }
}

/// Submission hash -> draft id, from the submissions in the log, so that
/// decisions (whose subject is the submission) are found under their draft.
fn submission_drafts(all: &[Event]) -> HashMap<String, String> {
    all.iter()
        .filter(|e| e.kind == kind::SUBMITTED)
        .filter_map(|e| {
            let payload: Value = serde_json::from_str(&e.payload).ok()?;
            Some((e.subject.clone(), payload["draft"].as_str()?.to_string()))
        })
        .collect()
}

fn row(
    event: &Event,
    names: &BTreeMap<String, String>,
    drafts_of_submissions: &HashMap<String, String>,
) -> AuditRow {
    let payload: Value = serde_json::from_str(&event.payload).unwrap_or(Value::Null);
    let draft = payload["draft"]
        .as_str()
        .map(str::to_string)
        .or_else(|| drafts_of_submissions.get(&event.subject).cloned());
    AuditRow {
        seq: event.seq,
        time: event.time.clone(),
        actor: event.actor.clone(),
        person: names
            .get(&event.actor)
            .cloned()
            .unwrap_or_else(|| event.actor.clone()),
        kind: event.kind.clone(),
        draft,
        subject: event.subject.clone(),
        summary: export::summarise(event, names),
    }
}

fn matches(row: &AuditRow, query: &AuditQuery) -> bool {
    let wanted = |filter: &Option<String>| {
        filter
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string)
    };
    if let Some(draft) = wanted(&query.draft) {
        let about_draft = row.draft.as_deref().is_some_and(|d| d.starts_with(&draft))
            || row.subject.starts_with(&draft);
        if !about_draft {
            return false;
        }
    }
    if let Some(person) = wanted(&query.person) {
        let person = person.to_lowercase();
        if !(row.person.to_lowercase().contains(&person) || row.actor == person) {
            return false;
        }
    }
    if let Some(wanted_kind) = wanted(&query.kind) {
        let family = row.kind.split('.').next().unwrap_or_default();
        if row.kind != wanted_kind && family != wanted_kind {
            return false;
        }
    }
    true
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
pub async fn audit_verify(state: State<'_, AppState>) -> CommandResult<VerifyOutcome> {
    let db = state.db().await?;
    let report = verify_database(db).await.context("reading the audit log")?;
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
pub async fn audit_export(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<AuditExport>> {
    let Some(folder) = file_dialog::pick_folder(&app, "Export the audit log to…").await? else {
        return Ok(None);
    };
    let db = state.db().await?;
    let (header, events) = export::export_range(db, None, None)
        .await
        .context("reading the audit log")?;
    let stem = format!(
        "clearpost-audit-{}",
        header
            .exported_at
            .replace([':', '.'], "")
            .trim_end_matches('Z')
    );
    let jsonl: PathBuf = safe_name::join(&folder, &format!("{stem}.jsonl"))?;
    let csv: PathBuf = safe_name::join(&folder, &format!("{stem}.csv"))?;
    export::write_jsonl(&jsonl, &header, &events)
        .with_context(|| format!("writing {}", jsonl.display()))?;
    export::write_csv(&csv, &header, &events)
        .with_context(|| format!("writing {}", csv.display()))?;
    Ok(Some(AuditExport {
        events: events.len(),
        files: vec![jsonl.display().to_string(), csv.display().to_string()],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: i64, actor: &str, kind: &str, subject: &str, payload: Value) -> Event {
        Event {
            seq,
            time: format!("2026-01-01T00:00:{seq:02}.000Z"),
            actor: actor.into(),
            kind: kind.into(),
            subject: subject.into(),
            payload: payload.to_string(),
            prev_hash: String::new(),
            hash: String::new(),
            signature: String::new(),
        }
    }

    fn log() -> (Vec<Event>, BTreeMap<String, String>) {
        let names = BTreeMap::from([
            ("a1".to_string(), "Dana Reyes".to_string()),
            ("r1".to_string(), "Rita Moreno".to_string()),
        ]);
        let events = vec![
            event(
                1,
                "a1",
                kind::DRAFT_CREATED,
                "d1",
                serde_json::json!({"draft": "d1"}),
            ),
            event(
                2,
                "a1",
                kind::SUBMITTED,
                "h1",
                serde_json::json!({"draft": "d1", "submission": {}}),
            ),
            event(
                3,
                "r1",
                kind::APPROVED,
                "h1",
                serde_json::json!({"decision": {"body": {"verdict": "approve", "reviewer": {"id": "r1"}, "comment": ""}}}),
            ),
            event(
                4,
                "a1",
                kind::DRAFT_CREATED,
                "d2",
                serde_json::json!({"draft": "d2"}),
            ),
        ];
        (events, names)
    }

    #[test]
    fn the_intact_part_of_a_broken_chain_is_counted_in_plain_words() {
        assert_eq!(intact_before(0), "No event before it could be checked.");
        assert_eq!(intact_before(1), "The 1 event before it is intact.");
        assert_eq!(intact_before(41), "The 41 events before it are intact.");
    }

    fn seqs(page: &AuditPage) -> Vec<i64> {
        page.events.iter().map(|r| r.seq).collect()
    }

    #[test]
    fn decisions_are_listed_under_their_draft_newest_first() {
        let (events, names) = log();
        let query = AuditQuery {
            draft: Some("d1".into()),
            ..Default::default()
        };
        let page = page(&events, &names, &query);
        assert_eq!(seqs(&page), vec![3, 2, 1]);
        assert_eq!(page.events[0].draft.as_deref(), Some("d1"));
        assert_eq!(page.events[0].person, "Rita Moreno");
        assert_eq!(page.total, 3);
        assert_eq!(page.log_total, 4);
    }

    #[test]
    fn filters_by_person_and_kind_family_and_pages() {
        let (events, names) = log();
        let by_person = page(
            &events,
            &names,
            &AuditQuery {
                person: Some("rita".into()),
                ..Default::default()
            },
        );
        assert_eq!(seqs(&by_person), vec![3]);
        let by_family = page(
            &events,
            &names,
            &AuditQuery {
                kind: Some("draft".into()),
                ..Default::default()
            },
        );
        assert_eq!(seqs(&by_family), vec![4, 1]);
        let paged = page(
            &events,
            &names,
            &AuditQuery {
                offset: Some(1),
                limit: Some(2),
                ..Default::default()
            },
        );
        assert_eq!(seqs(&paged), vec![3, 2]);
        assert_eq!(paged.total, 4);
        assert_eq!(
            paged.kinds,
            vec!["draft.created", "review.approved", "review.submitted"]
        );
        assert_eq!(paged.people, vec!["Dana Reyes", "Rita Moreno"]);
    }
}

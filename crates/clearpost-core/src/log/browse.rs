//! The audit view's table: the log newest first, filtered by draft, person
//! and kind, one page at a time. Filtering and paging run in SQLite, so a
//! long log is never loaded whole to show fifty rows.

use std::collections::BTreeMap;

use crate::audit::events::{kind, Event};
use crate::audit::export;
use crate::audit::profiles;
use crate::audit::Database;

use super::LogError;

/// Rows per page when the caller does not say.
pub const DEFAULT_PAGE: usize = 100;
/// The most rows one page holds.
pub const MAX_PAGE: usize = 1000;

/// Which events to show. Every filter is optional (blank counts as not
/// given); they combine with AND. The app's audit view sends it as is.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct Browse {
    /// A draft id (or its start): events about the draft and its submissions.
    pub draft: Option<String>,
    /// A person's name (or part of it, any case) or profile id.
    pub person: Option<String>,
    /// An event kind, exactly (`review.approved`) or by family (`review`).
    pub kind: Option<String>,
    /// Rows to skip (newest first).
    pub offset: Option<usize>,
    /// Rows to return ([`DEFAULT_PAGE`] when not given, at most [`MAX_PAGE`]).
    pub limit: Option<usize>,
}

/// One event as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The event as stored.
    pub event: Event,
    /// The actor's name (their id when the log does not know them).
    pub who: String,
    /// The draft the event is about: its own `draft`, or for an event about
    /// a submission (a decision), the draft that submission was made from.
    pub draft: Option<String>,
    /// What happened, in plain words.
    pub summary: String,
}

/// A page of rows, newest first, with what the filters can choose from.
#[derive(Debug, Clone)]
pub struct Page {
    /// The rows of this page.
    pub rows: Vec<Row>,
    /// Events matching the filters (all pages).
    pub total: usize,
    /// Events in the whole log.
    pub log_total: usize,
    /// Every kind present in the log, sorted.
    pub kinds: Vec<String>,
    /// Every person who appears in the log, sorted.
    pub people: Vec<String>,
}

/// Every event with the draft it is about (see [`Row::draft`]); a payload
/// that is not JSON has no draft rather than failing the query.
const WITH_DRAFT: &str = "WITH listed AS (
    SELECT e.*, COALESCE(
        CASE WHEN json_valid(e.payload) AND json_type(e.payload, '$.draft') = 'text'
             THEN json_extract(e.payload, '$.draft') END,
        (SELECT json_extract(s.payload, '$.draft') FROM events s
          WHERE s.subject = e.subject AND s.kind = ?1 AND json_valid(s.payload)
            AND json_type(s.payload, '$.draft') = 'text'
          ORDER BY s.seq DESC LIMIT 1)
    ) AS draft
    FROM events e)";

/// The filters: ?2 draft start, ?3 JSON list of actor ids, ?4 kind or family.
const MATCHING: &str = "FROM listed WHERE
    (?2 IS NULL OR substr(draft, 1, length(?2)) = ?2 OR substr(subject, 1, length(?2)) = ?2)
    AND (?3 IS NULL OR actor IN (SELECT value FROM json_each(?3)))
    AND (?4 IS NULL OR kind = ?4 OR (instr(?4, '.') = 0 AND substr(kind, 1, length(?4) + 1) = ?4 || '.'))";

type EventWithDraft = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
);

/// The page of the log `query` selects.
pub async fn browse(db: &Database, query: &Browse) -> Result<Page, LogError> {
    let wanted = |filter: &Option<String>| {
        filter
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string)
    };
    let names: BTreeMap<String, String> = profiles::list(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let pool = db.pool();
    let actors: Vec<String> = sqlx::query_scalar("SELECT DISTINCT actor FROM events")
        .fetch_all(pool)
        .await?;
    // Names live in the profiles and compare in any case (Unicode, which
    // SQLite's lower() is not): the person filter becomes the actor ids whose
    // name matches, chosen here from the few actors there are.
    let person_actors = wanted(&query.person).map(|person| {
        let person = person.to_lowercase();
        let chosen: Vec<&String> = actors
            .iter()
            .filter(|actor| name_of(actor).to_lowercase().contains(&person) || **actor == person)
            .collect();
        serde_json::to_string(&chosen).expect("a list of strings is JSON")
    });
    let (draft, kind_filter) = (wanted(&query.draft), wanted(&query.kind));
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let rows: Vec<EventWithDraft> = sqlx::query_as(&format!(
        "{WITH_DRAFT} SELECT seq, time, actor, kind, subject, payload, prev_hash, hash, signature, draft \
         {MATCHING} ORDER BY seq DESC LIMIT ?5 OFFSET ?6"
    ))
    .bind(kind::SUBMITTED)
    .bind(&draft)
    .bind(&person_actors)
    .bind(&kind_filter)
    .bind(limit as i64)
    .bind(query.offset.unwrap_or(0) as i64)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar(&format!("{WITH_DRAFT} SELECT COUNT(*) {MATCHING}"))
        .bind(kind::SUBMITTED)
        .bind(&draft)
        .bind(&person_actors)
        .bind(&kind_filter)
        .fetch_one(pool)
        .await?;
    let log_total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(pool)
        .await?;
    let kinds: Vec<String> = sqlx::query_scalar("SELECT DISTINCT kind FROM events ORDER BY kind")
        .fetch_all(pool)
        .await?;
    let mut people: Vec<String> = actors.iter().map(|a| name_of(a)).collect();
    people.sort();
    people.dedup();
    let rows = rows
        .into_iter()
        .map(
            |(seq, time, actor, kind, subject, payload, prev_hash, hash, signature, draft)| {
                let event = Event {
                    seq,
                    time,
                    actor,
                    kind,
                    subject,
                    payload,
                    prev_hash,
                    hash,
                    signature,
                };
                Row {
                    who: name_of(&event.actor),
                    summary: export::summarise(&event, &names),
                    draft,
                    event,
                }
            },
        )
        .collect();
    Ok(Page {
        rows,
        total: total as usize,
        log_total: log_total as usize,
        kinds,
        people,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Writes events as rows (the chain does not matter for browsing).
    async fn log_of(
        events: &[(&str, &str, &str, serde_json::Value)],
    ) -> (tempfile::TempDir, Database) {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).await.unwrap();
        for (n, (actor, kind, subject, payload)) in events.iter().enumerate() {
            sqlx::query(
                "INSERT INTO events (seq, time, actor, kind, subject, payload, prev_hash, hash, signature) \
                 VALUES (?, ?, ?, ?, ?, ?, '', '', '')",
            )
            .bind(n as i64 + 1)
            .bind(format!("2026-01-01T00:00:{:02}.000Z", n + 1))
            .bind(actor)
            .bind(kind)
            .bind(subject)
            .bind(payload.to_string())
            .execute(db.pool())
            .await
            .unwrap();
        }
        (dir, db)
    }

    /// Dana (a1) drafts d1, submits it as h1, Rita (r1) approves h1, Dana
    /// drafts d2; one more event by an actor the log does not name, with a
    /// payload that is not JSON.
    async fn sample_log() -> (tempfile::TempDir, Database) {
        let (dir, db) = log_of(&[
            ("a1", kind::DRAFT_CREATED, "d1", json!({"draft": "d1"})),
            ("a1", kind::SUBMITTED, "h1", json!({"draft": "d1", "submission": {}})),
            (
                "r1",
                kind::APPROVED,
                "h1",
                json!({"decision": {"body": {"verdict": "approve", "reviewer": {"id": "r1"}, "comment": ""}}}),
            ),
            ("a1", kind::DRAFT_CREATED, "d2", json!({"draft": "d2"})),
        ])
        .await;
        for (id, name) in [("a1", "Dana Reyes"), ("r1", "Rita Moreno")] {
            sqlx::query(
                "INSERT INTO profiles (id, name, role, public_key, sealed_key, created_at) \
                 VALUES (?, ?, 'author', '', NULL, '')",
            )
            .bind(id)
            .bind(name)
            .execute(db.pool())
            .await
            .unwrap();
        }
        (dir, db)
    }

    fn seqs(page: &Page) -> Vec<i64> {
        page.rows.iter().map(|r| r.event.seq).collect()
    }

    #[tokio::test]
    async fn decisions_are_listed_under_their_draft_newest_first() {
        let (_dir, db) = sample_log().await;
        let query = Browse {
            draft: Some("d1".into()),
            ..Default::default()
        };
        let page = browse(&db, &query).await.unwrap();
        assert_eq!(seqs(&page), vec![3, 2, 1]);
        assert_eq!(page.rows[0].draft.as_deref(), Some("d1"));
        assert_eq!(page.rows[0].who, "Rita Moreno");
        assert_eq!((page.total, page.log_total), (3, 4));
        db.close().await;
    }

    #[tokio::test]
    async fn filters_by_person_and_kind_family_and_pages() {
        let (_dir, db) = sample_log().await;
        let by = |query: Browse| {
            let db = &db;
            async move { browse(db, &query).await.unwrap() }
        };
        let by_person = by(Browse {
            person: Some("RITA".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(seqs(&by_person), vec![3]);
        let by_family = by(Browse {
            kind: Some("draft".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(seqs(&by_family), vec![4, 1]);
        let not_a_family = by(Browse {
            kind: Some("review.approved.x".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(not_a_family.total, 0);
        let paged = by(Browse {
            offset: Some(1),
            limit: Some(2),
            person: Some("  ".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(seqs(&paged), vec![3, 2]);
        assert_eq!(paged.total, 4);
        assert_eq!(
            paged.kinds,
            vec!["draft.created", "review.approved", "review.submitted"]
        );
        assert_eq!(paged.people, vec!["Dana Reyes", "Rita Moreno"]);
        db.close().await;
    }

    #[tokio::test]
    async fn an_unknown_actor_and_a_payload_that_is_not_json_still_list() {
        let (_dir, db) = log_of(&[("x9", kind::DRAFT_EDITED, "d7", json!("ignored"))]).await;
        sqlx::query("INSERT INTO events (seq, time, actor, kind, subject, payload, prev_hash, hash, signature) VALUES (2, '2026-01-02T00:00:00.000Z', 'x9', 'draft.edited', 'd7', 'not json', '', '', '')")
            .execute(db.pool())
            .await
            .unwrap();
        let page = browse(
            &db,
            &Browse {
                draft: Some("d7".into()),
                person: Some("x9".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(seqs(&page), vec![2, 1]);
        assert_eq!(page.rows[0].who, "x9");
        assert_eq!(page.rows[0].draft, None);
        db.close().await;
    }
}

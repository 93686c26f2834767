//! The audit log as people read it: a page of events filtered by day range,
//! subject and count, each with who did it and what in plain words;
//! verification; and the export of a day range. The filter runs in the
//! database ([`EventFilter`]), never over the whole log in memory.

use std::collections::BTreeMap;
use std::path::Path;

use crate::audit::events::{self, Event, EventError, EventFilter};
use crate::audit::export::{self, ExportError, ExportHeader};
use crate::audit::profiles::{self, ProfileError};
use crate::audit::Database;

pub mod browse;
pub mod view;

pub use crate::audit::export::import_verify;
pub use crate::audit::verify::{verify_database as verify, VerifyReport};

/// Why the log could not be read or written out.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// A bad date, a database or file problem.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The profiles could not be read.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// The events could not be read.
    #[error(transparent)]
    Event(#[from] EventError),
    /// A query of the log failed.
    #[error("reading the audit log: {0}")]
    Database(#[from] sqlx::Error),
}

/// Which events to show.
#[derive(Debug, Clone, Default)]
pub struct Query<'a> {
    /// First day (YYYY-MM-DD, UTC, inclusive).
    pub from: Option<&'a str>,
    /// Last day (YYYY-MM-DD, UTC, inclusive).
    pub to: Option<&'a str>,
    /// Only events about this submission hash, draft or profile id.
    pub subject: Option<String>,
    /// Only the latest N events.
    pub limit: Option<i64>,
}

/// One event as shown.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The event as stored.
    pub event: Event,
    /// The actor's name (their id when the log does not know them).
    pub who: String,
    /// What happened, in plain words.
    pub summary: String,
}

/// The events `query` selects, in chain order, with names and summaries.
pub async fn page(db: &Database, query: Query<'_>) -> Result<Vec<Entry>, LogError> {
    let (since, until) = export::day_range(query.from, query.to)?;
    let filter = EventFilter {
        since,
        until,
        subject: query.subject,
        limit: query.limit,
    };
    let names: BTreeMap<String, String> = profiles::list(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(events::list(db.pool(), &filter)
        .await?
        .into_iter()
        .map(|event| Entry {
            who: names
                .get(&event.actor)
                .cloned()
                .unwrap_or_else(|| event.actor.clone()),
            summary: export::summarise(&event, &names),
            event,
        })
        .collect())
}

/// A day range of the log, read for export.
#[derive(Debug, Clone)]
pub struct Export {
    header: ExportHeader,
    /// The events, in chain order.
    pub events: Vec<Event>,
}

impl Export {
    /// Reads the events from day `from` to day `to` (inclusive, UTC) with the
    /// header that lets them be verified elsewhere.
    pub async fn read(
        db: &Database,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Self, LogError> {
        let (header, events) = export::export_range(db, from, to).await?;
        Ok(Export { header, events })
    }

    /// When the export was read (UTC, RFC 3339), for naming its files.
    pub fn exported_at(&self) -> &str {
        &self.header.exported_at
    }

    /// Writes the verifiable JSON Lines file.
    pub fn write_jsonl(&self, path: &Path) -> Result<(), LogError> {
        Ok(export::write_jsonl(path, &self.header, &self.events)?)
    }

    /// Writes the human-readable CSV.
    pub fn write_csv(&self, path: &Path) -> Result<(), LogError> {
        Ok(export::write_csv(path, &self.header, &self.events)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::profiles::Role;

    #[tokio::test]
    async fn a_page_names_the_actor_and_filters_in_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(dir.path()).await.unwrap();
        let first = profiles::create(&db, "Quill Harrow", Role::Author, "a long passphrase 1")
            .await
            .unwrap();
        profiles::create(&db, "Odile Brannock", Role::Reviewer, "a long passphrase 2")
            .await
            .unwrap();
        let all = page(&db, Query::default()).await.unwrap();
        assert!(all.len() >= 2);
        assert!(all.iter().any(|e| e.who == "Quill Harrow"));
        let latest = page(
            &db,
            Query {
                limit: Some(1),
                ..Query::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(latest.len(), 1);
        assert_eq!(latest[0].event.seq, all.last().unwrap().event.seq);
        let about_first = page(
            &db,
            Query {
                subject: Some(first.id.clone()),
                ..Query::default()
            },
        )
        .await
        .unwrap();
        assert!(about_first.iter().all(|e| e.event.subject == first.id));
        assert!(matches!(
            page(
                &db,
                Query {
                    from: Some("yesterday"),
                    ..Query::default()
                }
            )
            .await,
            Err(LogError::Export(ExportError::BadDate(_)))
        ));
        assert!(verify(&db).await.unwrap().is_clean());
        db.close().await;
    }
}

//! Exporting the log (or a date range of it) so it can be checked on another
//! machine: JSON Lines (a header with the chain link and the signers' public
//! keys, then one event per line, exactly as stored) and a CSV for people.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::atomic_file::write_atomic;
use crate::events::{kind, Event, EventError};
use crate::keys;
use crate::verify::{ChainVerifier, Problem, VerifyReport};
use crate::Database;

/// The `format` of export headers written by this version.
pub const EXPORT_FORMAT: &str = "clearpost-audit-export/1";

/// Why an export could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Database problem.
    #[error(transparent)]
    Event(#[from] EventError),
    /// A date that is not YYYY-MM-DD.
    #[error("not a date (expected YYYY-MM-DD): {0:?}")]
    BadDate(String),
    /// The file is not an export.
    #[error("not a Clearpost audit export: {0}")]
    BadFile(String),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl From<sqlx::Error> for ExportError {
    fn from(err: sqlx::Error) -> Self {
        ExportError::Event(EventError::Sql(err))
    }
}

/// The first line of a JSON Lines export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportHeader {
    /// [`EXPORT_FORMAT`].
    pub format: String,
    /// When the export was made (UTC).
    pub exported_at: String,
    /// First day asked for, if any (inclusive).
    pub from: Option<String>,
    /// Last day asked for, if any (inclusive).
    pub to: Option<String>,
    /// Sequence number of the first exported event (0 with no events).
    pub first_seq: i64,
    /// Sequence number of the last exported event.
    pub last_seq: i64,
    /// Hash of the event before the first (the genesis hash from the start).
    pub prev_hash: String,
    /// Every signer's public key valid at the first exported event, by profile id,
    /// as established by the chain before it.
    pub keys: BTreeMap<String, String>,
    /// Profile names by id, for people reading the export.
    pub names: BTreeMap<String, String>,
}

/// Turns inclusive days into the `[since, until)` times the log filters on.
pub fn day_range(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<String>, Option<String>), ExportError> {
    let day = |text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| ExportError::BadDate(text.into()))
    };
    let since = from
        .map(day)
        .transpose()?
        .map(|d| format!("{}T00:00:00.000Z", d.format("%Y-%m-%d")));
    let until = to
        .map(day)
        .transpose()?
        .map(|d| d.succ_opt().unwrap_or(d))
        .map(|d| format!("{}T00:00:00.000Z", d.format("%Y-%m-%d")));
    Ok((since, until))
}

const SELECT_EVENTS: &str =
    "SELECT seq, time, actor, kind, subject, payload, prev_hash, hash, signature FROM events";

/// Reads the events of a day range (contiguous in the chain: from the first
/// event on `from` to the last before the end of `to`) with the header that
/// lets them be verified elsewhere.
pub async fn export_range(
    db: &Database,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(ExportHeader, Vec<Event>), ExportError> {
    let (since, until) = day_range(from, to)?;
    let (first, last): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT MIN(seq) FROM events WHERE ?1 IS NULL OR time >= ?1), \
                (SELECT MAX(seq) FROM events WHERE ?2 IS NULL OR time < ?2)",
    )
    .bind(&since)
    .bind(&until)
    .fetch_one(db.pool())
    .await?;
    let (first, last) = match (first, last) {
        (Some(f), Some(l)) if f <= l => (f, l),
        _ => (0, -1),
    };
    // Walk the chain before the range to learn the keys valid at its start.
    let before: Vec<Event> = sqlx::query_as(&format!("{SELECT_EVENTS} WHERE seq < ? ORDER BY seq"))
        .bind(first.max(1))
        .fetch_all(db.pool())
        .await?;
    let mut verifier = ChainVerifier::new();
    let mut names = BTreeMap::new();
    let mut prev_hash = crate::events::GENESIS_HASH.to_string();
    for event in &before {
        // A broken prefix is reported by `audit verify`; the export still
        // carries what it can, and the importer will find the break.
        let _ = verifier.check(event);
        collect_name(event, &mut names);
        prev_hash = event.hash.clone();
    }
    let events: Vec<Event> = sqlx::query_as(&format!(
        "{SELECT_EVENTS} WHERE seq >= ? AND seq <= ? ORDER BY seq"
    ))
    .bind(first)
    .bind(last)
    .fetch_all(db.pool())
    .await?;
    for event in &events {
        collect_name(event, &mut names);
    }
    let header = ExportHeader {
        format: EXPORT_FORMAT.to_string(),
        exported_at: crate::events::now_utc(),
        from: from.map(str::to_string),
        to: to.map(str::to_string),
        first_seq: if events.is_empty() { 0 } else { first },
        last_seq: if events.is_empty() { 0 } else { last },
        prev_hash,
        keys: verifier
            .keys()
            .iter()
            .map(|(id, key)| (id.clone(), keys::public_key_hex(key)))
            .collect(),
        names,
    };
    Ok((header, events))
}

fn collect_name(event: &Event, names: &mut BTreeMap<String, String>) {
    if matches!(
        event.kind.as_str(),
        kind::PROFILE_CREATED | kind::PROFILE_TRUSTED
    ) {
        if let Ok(payload) = serde_json::from_str::<Value>(&event.payload) {
            if let (Some(id), Some(name)) = (payload["profile"].as_str(), payload["name"].as_str())
            {
                names.insert(id.to_string(), name.to_string());
            }
        }
    }
}

/// Writes the header and events as JSON Lines, atomically.
pub fn write_jsonl(
    path: &Path,
    header: &ExportHeader,
    events: &[Event],
) -> Result<(), ExportError> {
    let mut out = serde_json::to_vec(header).expect("header serialises");
    out.push(b'\n');
    for event in events {
        serde_json::to_writer(&mut out, event).expect("event serialises");
        out.push(b'\n');
    }
    write_atomic(path, &out).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes a CSV for people (one row per event, with a plain-words summary),
/// atomically.
pub fn write_csv(path: &Path, header: &ExportHeader, events: &[Event]) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(vec![]);
    let io = |e: csv::Error| ExportError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    };
    writer
        .write_record([
            "seq", "time_utc", "actor", "actor_id", "kind", "subject", "summary", "hash",
        ])
        .map_err(io)?;
    for event in events {
        let name = header
            .names
            .get(&event.actor)
            .map(String::as_str)
            .unwrap_or("");
        let seq = event.seq.to_string();
        let summary = summarise(event, &header.names);
        writer
            .write_record([
                seq.as_str(),
                &event.time,
                name,
                &event.actor,
                &event.kind,
                &event.subject,
                &summary,
                &event.hash,
            ])
            .map_err(io)?;
    }
    let bytes = writer.into_inner().map_err(|e| io(e.into_error().into()))?;
    write_atomic(path, &bytes).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// A one-line description of an event in plain words.
pub fn summarise(event: &Event, names: &BTreeMap<String, String>) -> String {
    let payload: Value = serde_json::from_str(&event.payload).unwrap_or(Value::Null);
    let text = |v: &Value| v.as_str().unwrap_or("?").to_string();
    let name_of = |id: &Value| {
        let id = text(id);
        names.get(&id).cloned().unwrap_or(id)
    };
    match event.kind.as_str() {
        kind::PROFILE_CREATED => format!(
            "created profile {} ({})",
            text(&payload["name"]),
            text(&payload["role"])
        ),
        kind::PROFILE_TRUSTED => format!(
            "trusted the key of {} ({}) from another machine",
            text(&payload["name"]),
            text(&payload["role"])
        ),
        kind::PROFILE_KEY_CHANGED => "changed their signing key".into(),
        kind::PROFILE_SWITCHED => "switched to this profile".into(),
        kind::POLICY_CHANGED => format!(
            "set required approvers to {}",
            payload["required_approvers"]
        ),
        kind::DRAFT_CREATED => format!("created draft {}", text(&payload["draft"])),
        kind::DRAFT_EDITED => match payload["voided_submission"].as_str() {
            Some(old) => format!(
                "edited draft {}; submission {} no longer covers it",
                text(&payload["draft"]),
                old
            ),
            None => format!("edited draft {}", text(&payload["draft"])),
        },
        kind::FINDING_OVERRIDDEN => format!(
            "kept flagged {} finding {}: {}",
            text(&payload["category"]),
            text(&payload["finding"]),
            text(&payload["reason"])
        ),
        kind::SUBMITTED => {
            let submission = &payload["submission"];
            format!(
                "submitted draft {} ({} finding(s), {} override(s), {} attachment(s))",
                text(&payload["draft"]),
                submission["findings"].as_array().map_or(0, Vec::len),
                submission["overrides"].as_array().map_or(0, Vec::len),
                submission["attachments"].as_array().map_or(0, Vec::len)
            )
        }
        kind::APPROVED | kind::REJECTED | kind::DECISION_IMPORTED => {
            let body = &payload["decision"]["body"];
            let how = if event.kind == kind::DECISION_IMPORTED {
                " (imported from a decision file)"
            } else {
                ""
            };
            let comment = text(&body["comment"]);
            format!(
                "{} by {}{}{}",
                if body["verdict"] == "approve" {
                    "approved"
                } else {
                    "rejected"
                },
                name_of(&body["reviewer"]["id"]),
                how,
                if comment.is_empty() {
                    String::new()
                } else {
                    format!(": {comment}")
                }
            )
        }
        kind::BUNDLE_CREATED => format!("wrote review bundle {}", text(&payload["file"])),
        kind::BUNDLE_OPENED => format!(
            "opened a review bundle from {}",
            name_of(&payload["author"])
        ),
        kind::EXPORTED => format!(
            "exported approved draft {} for publishing",
            text(&payload["draft"])
        ),
        other => other.to_string(),
    }
}

/// Checks a JSON Lines export on any machine: the chain from the header's
/// link, every hash and signature, and the header's range. With `pinned`
/// (profile id → public key hex obtained some other way), the header's keys
/// must agree with them: without pinning, the keys are the export's own claim.
pub fn import_verify(
    path: &Path,
    pinned: Option<&HashMap<String, String>>,
) -> Result<VerifyReport, ExportError> {
    let file = std::fs::File::open(path).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut lines = std::io::BufReader::new(file).lines();
    let read_err = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let header_line = lines
        .next()
        .ok_or_else(|| ExportError::BadFile("the file is empty".into()))?
        .map_err(read_err)?;
    let header: ExportHeader = serde_json::from_str(&header_line)
        .map_err(|e| ExportError::BadFile(format!("header: {e}")))?;
    if header.format != EXPORT_FORMAT {
        return Err(ExportError::BadFile(format!(
            "unknown format {:?}",
            header.format
        )));
    }
    let mut keys_at_start = HashMap::new();
    for (id, key) in &header.keys {
        let parsed =
            keys::parse_public_key(key).map_err(|e| ExportError::BadFile(e.to_string()))?;
        if let Some(pinned_key) = pinned.and_then(|p| p.get(id)) {
            if pinned_key != key {
                return Ok(ChainVerifier::new().report(Some(Problem {
                    seq: header.first_seq,
                    what: format!("the export's key for {id} differs from the pinned key"),
                })));
            }
        }
        keys_at_start.insert(id.clone(), parsed);
    }
    let first = if header.first_seq == 0 {
        1
    } else {
        header.first_seq
    };
    let mut verifier = ChainVerifier::resume(first, header.prev_hash.clone(), keys_at_start);
    for (index, line) in lines.enumerate() {
        let line = line.map_err(read_err)?;
        if line.trim().is_empty() {
            continue;
        }
        let event: Event = match serde_json::from_str(&line) {
            Ok(event) => event,
            Err(e) => {
                let seq = first + index as i64;
                return Ok(verifier.report(Some(Problem {
                    seq,
                    what: format!("line {} is not an event: {e}", index + 2),
                })));
            }
        };
        if let Err(problem) = verifier.check(&event) {
            return Ok(verifier.report(Some(problem)));
        }
    }
    if let Err(problem) = verifier.finish() {
        return Ok(verifier.report(Some(problem)));
    }
    let report = verifier.report(None);
    if header.first_seq != 0 && report.head_seq != header.last_seq {
        let seq = report.head_seq + 1;
        return Ok(verifier.report(Some(Problem {
            seq,
            what: format!(
                "the export ends at event {} but its header says it holds events up to {} (events were removed)",
                report.head_seq, header.last_seq
            ),
        })));
    }
    Ok(report)
}

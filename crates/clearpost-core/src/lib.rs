//! Clearpost's engine, with no GUI dependency. The domain lives in focused crates
//! (so each builds and tests on its own); this crate gathers them under the module
//! names the app and the CLI use, and holds what spans them.
//!
//! - [`meta`]: per-format photo metadata inspect/strip.
//! - [`vision`]: face and record detection, redaction.
//! - [`phi`]: the PHI text scanner.
//! - [`audit`]: the SQLite database and the hash-chained signed event log.
//! - [`review`]: drafts, workspaces, photos and the review workflow (submit, decide, bundles).
//! - [`submission`]: a draft's findings as a submission records them, and what blocks it.
//! - [`preview`]: the draft's Markdown preview, sanitised (nothing executable, nothing remote).
//! - [`safe_name`]: the one way a stored or imported name becomes a path.
//! - [`atomic_file`]: the one way a file is written (temporary file, `O_EXCL`, fsync, rename).
//! - [`review_files`]: review bundles and decision files read with a size cap.
//! - [`export`]: an approved post written out under checked names.
//! - [`terminal`]: text from other machines made harmless for a terminal.
//!
//! The use cases the app and the CLI share, as plain functions (each rule once),
//! most of them over a [`context::Context`] (data folder, database, store,
//! scanner, policy, unlocked profile) and failing with [`error::Error`]:
//! - [`drafts`]: the author's drafts (list, create, save, rename, trash, kept phrases).
//! - [`photo_desk`]: a draft's photos (attach, list, boxes, preview, save, remove).
//! - [`people`]: profiles (create, unlock, lock) and the people trusted here.
//! - [`review_desk`]: submit, the review of a draft, the reviewer's queue and
//!   view, decisions, bundles and decision files, the export of a post.
//! - [`submit`]: submit a post (scan with the organisation's policy, extra
//!   findings, overrides, clean attachments, record).
//! - [`photo_files`]: inspect, strip, detect and redact photo files.
//! - [`photo_edit`]: a draft's photo looked at when attached (faces, records,
//!   the PHI they show) and saved redacted.
//! - [`text_scan`]: the policy file, a text file under the limit, its format.
//! - [`log`]: a filtered page of the audit log (and the audit view's
//!   [`log::browse`]), verification, export.
//! - [`limits`]: the one set of input limits (photo bytes and pixels, text bytes).
//! - [`settings`]: what the person's and organisation's settings may hold,
//!   and the PHI scan policy they make.

pub use clearpost_assets as assets;
pub use clearpost_audit as audit;
/// The one atomic file write (also at `audit::atomic_file`, which needs it itself).
pub use clearpost_audit::atomic_file;
pub use clearpost_meta as meta;
pub use clearpost_phi as phi;
pub use clearpost_vision as vision;

pub mod context;
pub mod drafts;
pub mod error;
pub mod export;
pub mod info;
pub mod input;
pub mod limits;
pub mod log;
pub mod paths;
pub mod people;
pub mod photo_desk;
pub mod photo_edit;
pub mod photo_files;
pub mod preview;
pub mod review;
pub mod review_desk;
pub mod review_files;
pub mod safe_name;
pub mod settings;
pub mod submission;
pub mod submit;
pub mod terminal;
#[cfg(test)]
mod test_support;
pub mod text_scan;

/// The engine's version, as shown in the app and by `clearpost --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

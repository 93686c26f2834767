//! What the engine reports about itself: version, models and database.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::assets::{self, AssetStatus};
use crate::audit::{Database, DbError};

/// A summary of the engine for status screens and `clearpost info`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EngineInfo {
    pub version: &'static str,
    pub data_dir: PathBuf,
    pub database: PathBuf,
    pub schema_version: i64,
    pub models_dir: PathBuf,
    pub models: Vec<AssetStatus>,
    /// The PHI scanner's name and place lists (same folder as the models): without
    /// them the scanner still runs but misses most names and towns, which the app
    /// must say rather than show a reassuringly short list of findings.
    pub word_lists: Vec<AssetStatus>,
}

/// Opens the database in `data_dir` (creating and migrating it if needed) and
/// reports the engine's state. For one-shot callers (the CLI).
pub async fn engine_info(data_dir: &Path) -> Result<EngineInfo, DbError> {
    let db = Database::open(data_dir).await?;
    let info = engine_info_of(&db, data_dir).await;
    db.close().await;
    info
}

/// The engine's state, with a database the caller already holds open. The app
/// uses this: a second `Database::open` racing the first one's migrations on a
/// fresh data folder is exactly what it must avoid.
pub async fn engine_info_of(db: &Database, data_dir: &Path) -> Result<EngineInfo, DbError> {
    let schema_version = db.schema_version().await?;
    let models_dir = assets::assets_dir();
    Ok(EngineInfo {
        version: crate::VERSION,
        data_dir: data_dir.to_path_buf(),
        database: db.path().to_path_buf(),
        schema_version,
        models: assets::model_status_in(&models_dir),
        word_lists: assets::word_list_status_in(&models_dir),
        models_dir,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reports_version_database_and_every_model() {
        let dir = tempfile::tempdir().unwrap();
        let info = engine_info(dir.path()).await.unwrap();
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(info.schema_version, 4);
        assert!(info.database.starts_with(dir.path()));
        let names: Vec<_> = info.models.iter().map(|m| m.name).collect();
        assert_eq!(names, ["centerface", "ppocr-det", "ppocr-rec", "ppocr-cls"]);
        let lists: Vec<_> = info.word_lists.iter().map(|l| l.name).collect();
        assert!(lists.contains(&"census-surnames"), "{lists:?}");
        assert!(lists.contains(&"geonames-cities5000"), "{lists:?}");
    }
}

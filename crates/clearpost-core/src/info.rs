//! What the engine reports about itself: version, models and database.

use std::path::PathBuf;

use serde::Serialize;

use crate::assets::{self, AssetStatus};
use crate::context::{Context, ContextError};

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

/// The engine's state: version, data folder, database schema, models and
/// word lists (opening the context's database, migrated, if it is not yet).
pub async fn engine_info(context: &Context) -> Result<EngineInfo, ContextError> {
    let data_dir = context.data_dir();
    let db = context.db().await?;
    let schema_version = db
        .schema_version()
        .await
        .map_err(|source| ContextError::Database {
            dir: data_dir.to_path_buf(),
            source,
        })?;
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
        let context = Context::with_dirs(dir.path().into(), dir.path().into());
        let info = engine_info(&context).await.unwrap();
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

//! What the use-case tests share: the real models folder (or a skip that
//! says why, which fails under `CI=true`) and a passphrase long enough.

use std::path::PathBuf;

/// A passphrase every profile rule accepts.
pub const PASSPHRASE: &str = "long enough phrase";

/// The models folder when the PHI scanner loads from it; otherwise `None`
/// after printing why (outside CI) or a panic (under `CI=true`: nothing
/// skips silently there).
pub fn models_or_skip() -> Option<PathBuf> {
    let models = crate::assets::assets_dir();
    match crate::phi::Scanner::load_from(&models) {
        Ok(_) => Some(models),
        Err(err) => {
            assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI=true: {err}");
            eprintln!("SKIP: the PHI word lists or tagger are not available ({err})");
            None
        }
    }
}

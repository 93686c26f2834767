//! Photo metadata: inspect what a photo carries and strip it losslessly.
//!
//! One module per container format behind the same two operations (inspect,
//! strip), chosen by magic bytes. Filled in by the metadata issue.

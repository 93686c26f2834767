//! Strips every file of a folder (recursively) and reports per-file times.
//!
//! Usage: `cargo bench -p clearpost-meta --bench strip_corpus -- IN_DIR OUT_DIR`
//! (or run the built binary directly). Writes `OUT_DIR/<relative path>` for each
//! file stripped, and `OUT_DIR/../clearpost-times.tsv` with one line per file:
//! `status  path  micros  orientation  message`. Prints the median and total.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("md" | "tsv")
        ) {
            out.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (Some(input), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!("usage: strip_corpus IN_DIR OUT_DIR");
        return;
    };
    let (input, output) = (PathBuf::from(input), PathBuf::from(output));
    let mut list = Vec::new();
    files(&input, &mut list);
    let mut times = Vec::new();
    let mut lines = Vec::new();
    let (mut ok, mut failed) = (0, 0);
    let started = Instant::now();
    for path in &list {
        let rel = path.strip_prefix(&input).unwrap_or(path);
        let t = Instant::now();
        let result = std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| clearpost_meta::strip(&bytes).map_err(|e| e.to_string()));
        let result = result.and_then(|stripped| {
            let target = output.join(rel);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            std::fs::write(&target, &stripped.bytes).map_err(|e| e.to_string())?;
            Ok(stripped)
        });
        let micros = t.elapsed().as_micros();
        times.push(micros);
        match result {
            Ok(s) => {
                ok += 1;
                let how = serde_json::to_string(&s.orientation).unwrap_or_default();
                lines.push(format!("ok\t{}\t{micros}\t{how}\t", rel.display()));
            }
            Err(e) => {
                failed += 1;
                lines.push(format!("error\t{}\t{micros}\t\t{e}", rel.display()));
            }
        }
    }
    let total = started.elapsed();
    times.sort_unstable();
    let median = times.get(times.len() / 2).copied().unwrap_or(0);
    let tsv = output.with_file_name("clearpost-times.tsv");
    let _ = std::fs::write(&tsv, lines.join("\n") + "\n");
    println!(
        "clearpost strip: {} files, {ok} stripped, {failed} refused; median {:.3} ms/file, total {:.3} s",
        list.len(),
        median as f64 / 1000.0,
        total.as_secs_f64()
    );
}

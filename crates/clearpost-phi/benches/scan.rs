//! Full rescan of a 2,000-word health-news-style Markdown draft (the editor rescans
//! on every pause of typing). Needs the word lists (`scripts/fetch-models`).
//!
//! Run: `cargo bench -p clearpost-phi --bench scan`

use clearpost_phi::{Policy, Scanner};
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

fn full_rescan(c: &mut Criterion) {
    let scanner = match Scanner::load_default() {
        Ok(scanner) => scanner,
        Err(err) => {
            eprintln!("skipping the scan benchmark: {err}");
            return;
        }
    };
    let draft = include_str!("health_news_draft.md");
    let policy = Policy::default();
    c.bench_function("scan_2000_word_markdown_draft", |b| {
        b.iter(|| scanner.scan(black_box(draft), black_box(&policy)))
    });
    c.bench_function("scan_2000_word_draft_plain_text", |b| {
        b.iter(|| scanner.scan_plain(black_box(draft), black_box(&policy)))
    });
}

criterion_group!(benches, full_rescan);
criterion_main!(benches);

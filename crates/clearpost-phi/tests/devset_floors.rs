//! The scanner's scores on every development set of `../shared/corpus/phi` must not
//! fall below the floors in [`DEVSET_FLOORS`]: a rule or list change that loses
//! recall or precision fails here (in CI, where `../shared` exists).
//!
//! Scored exactly like `phi-eval --all` (`clearpost_phi::devset::score`): the real
//! scanner with its word lists, `scan_plain`, the default policy, both parts of the
//! fixed split. The floors hold the held-out part (records whose id's SHA-256 has a
//! first byte divisible by 5), which is only ever scored; the tune part's scores are
//! printed too. Under `CI=true` a missing set or missing word lists fail the test;
//! elsewhere the test prints "SKIP: <why>" and passes (`tests/support/skip.rs`).

mod common;

use clearpost_phi::devset::score::{Pred, Tally};
use clearpost_phi::devset::sets::{DevSet, SETS};
use clearpost_phi::devset::Part;
use clearpost_phi::Policy;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Floors for one set's held-out part.
struct Floor {
    set: &'static str,
    /// Binary recall counting blocking findings only (what stops a post).
    min_blocking_recall: f64,
    /// Precision of all findings.
    min_precision: f64,
    /// Precision of blocking findings.
    min_blocking_precision: f64,
    /// False findings per 1,000 words (sets without labels only; else unused).
    max_false_per_1k: f64,
    /// Blocking false findings per 1,000 words (sets without labels only).
    max_blocking_false_per_1k: f64,
}

/// The floors (and, for text without identifiers, ceilings) of the held-out parts:
/// the values `phi-eval --all` measured on 2026-12-02 at 06:45 UTC (tagger trained
/// with lower-case copies, tagger-only spans of everyday, medical and regional
/// words dropped) minus 0.02, rounded down to two decimals; the medquad ceilings
/// are that run's false findings per 1,000 words (0.50, 0.48 blocking) plus 0.2,
/// rounded up. presidio_synth's floors went down by 0.01: the retrained tagger
/// scores 0.008 less recall and 0.013 less precision there, and more on the tweet
/// sets (chosen on the validation fold of the tune part, `phi-train --validate`).
/// Raise them as the scanner improves; never lower one to make a change pass
/// without saying why in the commit.
const DEVSET_FLOORS: &[Floor] = &[
    Floor {
        set: "presidio_synth",
        min_blocking_recall: 0.91,
        min_precision: 0.95,
        min_blocking_precision: 0.95,
        max_false_per_1k: f64::INFINITY,
        max_blocking_false_per_1k: f64::INFINITY,
    },
    Floor {
        set: "btc",
        min_blocking_recall: 0.65,
        min_precision: 0.50,
        min_blocking_precision: 0.50,
        max_false_per_1k: f64::INFINITY,
        max_blocking_false_per_1k: f64::INFINITY,
    },
    Floor {
        set: "wnut17",
        min_blocking_recall: 0.69,
        min_precision: 0.26,
        min_blocking_precision: 0.26,
        max_false_per_1k: f64::INFINITY,
        max_blocking_false_per_1k: f64::INFINITY,
    },
    Floor {
        set: "tab",
        min_blocking_recall: 0.94,
        min_precision: 0.94,
        min_blocking_precision: 0.95,
        max_false_per_1k: f64::INFINITY,
        max_blocking_false_per_1k: f64::INFINITY,
    },
    Floor {
        set: "asq_phi",
        min_blocking_recall: 0.96,
        min_precision: 0.94,
        min_blocking_precision: 0.97,
        max_false_per_1k: f64::INFINITY,
        max_blocking_false_per_1k: f64::INFINITY,
    },
    Floor {
        set: "medquad",
        min_blocking_recall: 0.0,
        min_precision: 0.0,
        min_blocking_precision: 0.0,
        max_false_per_1k: 0.7,
        max_blocking_false_per_1k: 0.7,
    },
];

fn fmt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

#[test]
fn every_development_set_stays_above_its_floors() {
    let Some(dir) = common::skip::shared("corpus/phi") else {
        return;
    };
    let what = "the development sets cannot be scored";
    let Some(devsets) = common::skip::require(what, DevSet::load_all(&dir)) else {
        return;
    };
    let Some(scanner) = common::scanner_with_lists() else {
        return;
    };
    let policy = Policy::default();
    assert_eq!(
        DEVSET_FLOORS.iter().map(|f| f.set).collect::<Vec<_>>(),
        SETS.iter().map(|s| s.name).collect::<Vec<_>>(),
        "one floor per development set"
    );

    // Two workers take records in turn (the debug build is slow; CI has two cores).
    let jobs: Vec<(usize, usize)> = devsets
        .iter()
        .enumerate()
        .flat_map(|(s, d)| (0..d.records.len()).map(move |i| (s, i)))
        .collect();
    let next = AtomicUsize::new(0);
    let scanned: Vec<(usize, usize, Vec<Pred>)> = std::thread::scope(|scope| {
        let worker = || {
            let mut out = Vec::new();
            while let Some(&(s, i)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                let findings = scanner.scan_plain(&devsets[s].records[i].text, &policy);
                out.push((s, i, findings.iter().map(Pred::from_finding).collect()));
            }
            out
        };
        let handles = [scope.spawn(worker), scope.spawn(worker)];
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("scan worker"))
            .collect()
    });
    let mut tallies: Vec<[Tally; 2]> = devsets.iter().map(|_| Default::default()).collect();
    for (s, i, preds) in &scanned {
        let r = &devsets[*s].records[*i];
        tallies[*s][usize::from(r.part() == Part::HeldOut)].add(r, preds);
    }

    let mut failures = Vec::new();
    for ((d, floor), [tune, held]) in devsets.iter().zip(DEVSET_FLOORS).zip(&tallies) {
        for (name, t) in [("tune", tune), ("held-out", held)] {
            eprintln!(
                "{:<15} {:<8} recall {} (blocking {}), precision {} (blocking {}), false/1k words {} (blocking {})",
                d.spec.name,
                name,
                fmt(t.recall(false)),
                fmt(t.recall(true)),
                fmt(t.precision(false)),
                fmt(t.precision(true)),
                fmt(t.false_per_1k_words(false)),
                fmt(t.false_per_1k_words(true)),
            );
        }
        let mut check = |what: &str, value: Option<f64>, ok: fn(f64, f64) -> bool, bound: f64| {
            let value = value.unwrap_or(0.0);
            if !ok(value, bound) {
                failures.push(format!(
                    "{} held-out: {what} {value:.3}, bound {bound:.3}",
                    d.spec.name
                ));
            }
        };
        let at_least = |v: f64, b: f64| v >= b;
        let at_most = |v: f64, b: f64| v <= b;
        if d.spec.labelled {
            check(
                "blocking recall",
                held.recall(true),
                at_least,
                floor.min_blocking_recall,
            );
            check(
                "precision",
                held.precision(false),
                at_least,
                floor.min_precision,
            );
            check(
                "blocking precision",
                held.precision(true),
                at_least,
                floor.min_blocking_precision,
            );
        } else {
            check(
                "false findings per 1,000 words",
                held.false_per_1k_words(false),
                at_most,
                floor.max_false_per_1k,
            );
            check(
                "blocking false findings per 1,000 words",
                held.false_per_1k_words(true),
                at_most,
                floor.max_blocking_false_per_1k,
            );
        }
    }
    assert!(
        failures.is_empty(),
        "below the floors of DEVSET_FLOORS:\n{}",
        failures.join("\n")
    );
}

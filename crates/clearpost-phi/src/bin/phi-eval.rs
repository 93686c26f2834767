//! Evaluates the PHI scanner on every development set of `../shared/corpus/phi` in one
//! run, per set and per part of the fixed split (`clearpost_phi::devset::part_of`:
//! SHA-256 of the record id, first byte mod 5 == 0 is held out), and, when given, a
//! peer's findings (Presidio, from `scripts/peers/presidio-scan.py`) scored by the same
//! code (`clearpost_phi::devset::score`).
//!
//! ```text
//! phi-eval --all [--shared DIR] [--peer NAME=FILE]... [--repeat N]
//! phi-eval --set NAME [--shared DIR] [--part tune --dump]
//! phi-eval --peer-input FILE [--peer-sample N] [--shared DIR]
//! ```
//!
//! `--all` prints one table for all sets (binary recall and precision over all findings
//! and over blocking findings, false findings per 1,000 words on text without
//! identifiers), recall per gold label, precision per finding category, the 30 most
//! frequent false findings of medquad's tune part, and throughput (MB/s of CPU time).
//! `--dump` prints the misses and false alarms of the **tune** part of one set (for
//! the engineers tuning rules); the text of held-out records is never printed, only
//! counted. `--peer-input` writes the records a peer should scan (every record, or
//! with `--peer-sample N` the held-out ones plus a fixed subsample of about N/256 of
//! the tune ones), one JSON line `{"set","index","text"}` each.
//!
//! A peer file has one JSON line per scanned record, `{"set","index","findings":
//! [{"start","end","category"}]}` with byte offsets, and may have one line
//! `{"timing": {"bytes", "cpu_seconds", "seconds"}}`. A peer has no notion of
//! blocking: every finding of a peer counts as blocking.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use clearpost_phi::devset::score::{Pred, Tally, Verdict};
use clearpost_phi::devset::sets::{self, DevSet, SETS};
use clearpost_phi::devset::{in_peer_sample, Part};
use clearpost_phi::{Policy, Scanner};
use serde::Deserialize;

const PARTS: [Part; 2] = [Part::Tune, Part::HeldOut];

fn part_name(part: Part) -> &'static str {
    match part {
        Part::Tune => "tune",
        Part::HeldOut => "held-out",
    }
}

/// Findings per record: `preds[set][index]`.
type Preds = Vec<Vec<Option<Vec<Pred>>>>;

struct Args {
    all: bool,
    set: Option<String>,
    part: Option<Part>,
    dump: bool,
    shared: PathBuf,
    peers: Vec<(String, String)>,
    repeat: usize,
    peer_input: Option<String>,
    peer_sample: Option<u16>,
}

fn usage() -> ! {
    eprintln!(
        "usage: phi-eval --all [--shared DIR] [--peer NAME=FILE]... [--repeat N]\n       \
         phi-eval --set NAME [--shared DIR] [--part tune --dump]\n       \
         phi-eval --peer-input FILE [--peer-sample N] [--shared DIR]\n\
         sets: {}",
        SETS.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
    );
    std::process::exit(2);
}

fn parse_args() -> Args {
    let mut a = Args {
        all: false,
        set: None,
        part: None,
        dump: false,
        shared: sets::default_dir(),
        peers: Vec::new(),
        repeat: 1,
        peer_input: None,
        peer_sample: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--all" => a.all = true,
            "--set" => a.set = Some(value()),
            "--part" => {
                a.part = Some(match value().as_str() {
                    "tune" => Part::Tune,
                    "held-out" | "heldout" => Part::HeldOut,
                    _ => usage(),
                })
            }
            "--dump" => a.dump = true,
            "--shared" => {
                // Either the shared folder or its corpus/phi folder.
                let dir = PathBuf::from(value());
                let phi = dir.join("corpus/phi");
                a.shared = if phi.is_dir() { phi } else { dir };
            }
            "--peer" => {
                let spec = value();
                let (name, path) = spec.split_once('=').unwrap_or(("peer", &spec));
                a.peers.push((name.to_string(), path.to_string()));
            }
            "--repeat" => a.repeat = value().parse().unwrap_or_else(|_| usage()),
            "--peer-input" => a.peer_input = Some(value()),
            "--peer-sample" => a.peer_sample = Some(value().parse().unwrap_or_else(|_| usage())),
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    if !a.all && a.set.is_none() && a.peer_input.is_none() {
        usage();
    }
    a
}

/// CPU time of the calling thread in seconds (the scan runs on the main thread):
/// `/proc/thread-self/schedstat` in nanoseconds, else `/proc/self/stat` in ticks.
fn cpu_seconds() -> Option<f64> {
    if let Ok(s) = std::fs::read_to_string("/proc/thread-self/schedstat") {
        if let Some(ns) = s
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<f64>().ok())
        {
            return Some(ns / 1e9);
        }
    }
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("phi-eval: {msg}");
    std::process::exit(2);
}

fn main() {
    let args = parse_args();
    let chosen: Vec<&'static sets::SetSpec> = match &args.set {
        Some(name) => vec![sets::spec(name).unwrap_or_else(|| usage())],
        None => SETS.iter().collect(),
    };
    let devsets: Vec<DevSet> = chosen
        .iter()
        .map(|spec| DevSet::load(&args.shared, spec).unwrap_or_else(|e| fail(e)))
        .collect();
    if let Some(path) = &args.peer_input {
        write_peer_input(&devsets, path, args.peer_sample);
        return;
    }
    if args.dump && args.part != Some(Part::Tune) {
        fail("--dump needs --part tune: held-out records are only ever counted, never shown");
    }

    let load = Instant::now();
    let scanner = Scanner::load_default().unwrap_or_else(|e| fail(e));
    let load_s = load.elapsed().as_secs_f64();
    let policy = Policy::default();

    // Scan everything (timed), then score (not timed).
    let mut ours: Preds = devsets
        .iter()
        .map(|d| vec![None; d.records.len()])
        .collect();
    let bytes: usize = devsets
        .iter()
        .flat_map(|d| &d.records)
        .map(|r| r.text.len())
        .sum();
    let repeat = args.repeat.max(1);
    let wall = Instant::now();
    let cpu0 = cpu_seconds();
    for round in 0..repeat {
        for (d, out) in devsets.iter().zip(ours.iter_mut()) {
            for (r, slot) in d.records.iter().zip(out.iter_mut()) {
                let findings = scanner.scan_plain(&r.text, &policy);
                if round == 0 {
                    *slot = Some(findings.iter().map(Pred::from_finding).collect());
                }
            }
        }
    }
    let wall_s = wall.elapsed().as_secs_f64() / repeat as f64;
    let cpu_s = cpu0
        .zip(cpu_seconds())
        .map(|(a, b)| (b - a) / repeat as f64);

    if args.dump {
        dump(&devsets[0], &ours[0]);
        return;
    }

    let peers: Vec<Peer> = args
        .peers
        .iter()
        .map(|(name, path)| Peer::load(name, path, &devsets))
        .collect();

    println!(
        "PHI scanner evaluation: {} ({} records, {:.2} MB of text)",
        args.shared.display(),
        devsets.iter().map(|d| d.records.len()).sum::<usize>(),
        bytes as f64 / 1e6
    );
    println!(
        "split: SHA-256 of the record id, first byte mod 5 == 0 is held out (only scored, \
         never read); the rest is the tune part"
    );
    println!(
        "scoring: binary recall (a gold span is found when a finding overlaps it), precision \
         (findings overlapping a scored gold span); ORG/OTHER/TITLE/NRP, TAB ignore spans and \
         non-Safe-Harbor gold (country/state, age <= 89, bare year/weekday/duration) are \
         neutral; blk = blocking findings only (default policy)"
    );

    let ours_tallies = tally(&devsets, &ours, |_, _| true);
    print_main_table(&devsets, &ours_tallies, &peers, &ours);
    print_per_label(&devsets, &ours_tallies, &peers);
    print_per_category(&devsets, &ours_tallies);
    if let Some(i) = devsets.iter().position(|d| d.spec.name == "medquad") {
        print_top_false(&devsets[i], &ours[i], 30);
    }

    println!("\n== throughput (scan_plain, default policy, one thread) ==");
    println!("clearpost: word lists loaded in {load_s:.2} s");
    let ours_cpu_mbs = cpu_s.map(|c| bytes as f64 / c / 1e6);
    println!(
        "clearpost: {:.2} MB in {wall_s:.2} s wall ({:.2} MB/s){} per pass, {repeat} pass(es)",
        bytes as f64 / 1e6,
        bytes as f64 / wall_s / 1e6,
        match (cpu_s, ours_cpu_mbs) {
            (Some(c), Some(m)) => format!(", {c:.2} s CPU ({m:.2} MB/s of CPU time)"),
            _ => String::new(),
        }
    );
    for peer in &peers {
        let Some(t) = &peer.timing else {
            println!("{}: no timing in its file", peer.name);
            continue;
        };
        let peer_mbs = t.bytes as f64 / t.cpu_seconds / 1e6;
        println!(
            "{}: {:.2} MB in {:.1} s wall ({:.4} MB/s), {:.1} s CPU ({:.4} MB/s of CPU time)",
            peer.name,
            t.bytes as f64 / 1e6,
            t.seconds,
            t.bytes as f64 / t.seconds / 1e6,
            t.cpu_seconds,
            peer_mbs
        );
        // Clearpost timed again on exactly the records the peer scanned: the ratio is
        // then over the same text (short snippets and long documents differ in speed).
        let same: Vec<&str> = devsets
            .iter()
            .zip(&peer.preds)
            .flat_map(|(d, p)| d.records.iter().zip(p))
            .filter(|(_, p)| p.is_some())
            .map(|(r, _)| r.text.as_str())
            .collect();
        let same_bytes: usize = same.iter().map(|t| t.len()).sum();
        let cpu0 = cpu_seconds();
        for _ in 0..repeat {
            for text in &same {
                std::hint::black_box(scanner.scan_plain(text, &policy));
            }
        }
        let same_cpu = cpu0
            .zip(cpu_seconds())
            .map(|(a, b)| (b - a) / repeat as f64);
        if let Some(c) = same_cpu {
            let m = same_bytes as f64 / c / 1e6;
            println!(
                "clearpost on the same {:.2} MB {} scanned: {c:.2} s CPU ({m:.2} MB/s of CPU time)",
                same_bytes as f64 / 1e6,
                peer.name
            );
            println!(
                "THROUGHPUT RATIO by CPU time, same text: clearpost {:.0}x {}",
                m / peer_mbs,
                peer.name
            );
        }
    }
}

/// Tallies per set and part over the records `keep(set, index)` selects.
fn tally(
    devsets: &[DevSet],
    preds: &Preds,
    keep: impl Fn(usize, usize) -> bool,
) -> Vec<[Tally; 2]> {
    devsets
        .iter()
        .enumerate()
        .map(|(s, d)| {
            let mut parts = [Tally::default(), Tally::default()];
            for (i, r) in d.records.iter().enumerate() {
                let Some(p) = &preds[s][i] else { continue };
                if !keep(s, i) {
                    continue;
                }
                let slot = usize::from(r.part() == Part::HeldOut);
                parts[slot].add(r, p);
            }
            parts
        })
        .collect()
}

#[derive(Deserialize)]
struct PeerLine {
    #[serde(default)]
    set: String,
    #[serde(default)]
    index: usize,
    #[serde(default)]
    findings: Vec<PeerFinding>,
    #[serde(default)]
    timing: Option<Timing>,
}

#[derive(Deserialize)]
struct PeerFinding {
    start: usize,
    end: usize,
    category: String,
}

#[derive(Deserialize, Clone)]
struct Timing {
    bytes: usize,
    seconds: f64,
    cpu_seconds: f64,
}

struct Peer {
    name: String,
    preds: Preds,
    timing: Option<Timing>,
    /// Tallies over the records the peer scanned.
    tallies: Vec<[Tally; 2]>,
    /// Whether it scanned every record.
    complete: bool,
}

impl Peer {
    fn load(name: &str, path: &str, devsets: &[DevSet]) -> Peer {
        let content = std::fs::read_to_string(path)
            .unwrap_or_else(|e| fail(format!("cannot read peer findings {path}: {e}")));
        let mut preds: Preds = devsets
            .iter()
            .map(|d| vec![None; d.records.len()])
            .collect();
        let mut timing = None;
        for (n, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let rec: PeerLine = serde_json::from_str(line)
                .unwrap_or_else(|e| fail(format!("{path}:{}: {e}", n + 1)));
            if let Some(t) = rec.timing {
                timing = Some(t);
                continue;
            }
            let Some(s) = devsets.iter().position(|d| d.spec.name == rec.set) else {
                continue; // a set not chosen in this run
            };
            let Some(slot) = preds[s].get_mut(rec.index) else {
                fail(format!(
                    "{path}:{}: no record {} in {}",
                    n + 1,
                    rec.index,
                    rec.set
                ));
            };
            *slot = Some(
                rec.findings
                    .into_iter()
                    .map(|f| Pred {
                        start: f.start,
                        end: f.end,
                        category: f.category,
                        blocking: true, // a peer has no notion of blocking
                    })
                    .collect(),
            );
        }
        let complete = preds.iter().flatten().all(Option::is_some);
        let tallies = tally(devsets, &preds, |_, _| true);
        Peer {
            name: name.to_string(),
            preds,
            timing,
            tallies,
            complete,
        }
    }
}

fn fmt_ratio(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn fmt_rate(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}

fn print_main_table(devsets: &[DevSet], ours: &[[Tally; 2]], peers: &[Peer], ours_preds: &Preds) {
    let any_labelled = devsets.iter().any(|d| d.spec.labelled);
    if any_labelled {
        println!("\n== labelled sets: binary recall / precision (clearpost: all findings and blocking only) ==");
    }
    let mut header = format!(
        "{:<15} {:<8} {:>5} {:>6} | {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "set", "part", "recs", "spans", "rec", "rec.bk", "prec", "prec.bk", "p-url", "p.kind"
    );
    for _ in peers {
        header.push_str(&format!(
            " | {:>5} {:>6} {:>6} {:>6} {:>6}",
            "recs", "c.rec", "c.prec", "p.rec", "p.prec"
        ));
    }
    if any_labelled {
        println!("{header}");
    }
    let mut peers_same: Vec<Vec<[Tally; 2]>> = Vec::new();
    for p in peers {
        // Ours on exactly the records the peer scanned, for a fair side by side.
        peers_same.push(tally(devsets, ours_preds, |s, i| p.preds[s][i].is_some()));
    }
    for (s, d) in devsets.iter().enumerate() {
        if !d.spec.labelled {
            continue;
        }
        for (k, part) in PARTS.iter().enumerate() {
            let t = &ours[s][k];
            let mut line = format!(
                "{:<15} {:<8} {:>5} {:>6} | {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
                d.spec.name,
                part_name(*part),
                t.records,
                t.scored_gold().spans,
                fmt_ratio(t.recall(false)),
                fmt_ratio(t.recall(true)),
                fmt_ratio(t.precision(false)),
                fmt_ratio(t.precision(true)),
                fmt_ratio(t.precision_without("url", false)),
                fmt_ratio(t.precision_of(d.spec.annotated, true)),
            );
            for (p, same) in peers.iter().zip(&peers_same) {
                let pt = &p.tallies[s][k];
                let ct = &same[s][k];
                line.push_str(&format!(
                    " | {:>5} {:>6} {:>6} {:>6} {:>6}",
                    pt.records,
                    fmt_ratio(ct.recall(true)),
                    fmt_ratio(ct.precision(true)),
                    fmt_ratio(pt.recall(true)),
                    fmt_ratio(pt.precision(true)),
                ));
            }
            println!("{line}");
        }
    }
    if any_labelled {
        println!(
            "p-url: precision of all findings leaving out `url` ones (btc and wnut17 do not label \
         URLs, so every url finding there counts as a false alarm)"
        );
        println!(
            "p.kind: precision of blocking findings of the kinds the set labels (btc and wnut17: \
         names, handles included, and places; their dates, links and numbers are not labelled)"
        );
    }
    if any_labelled && !peers.is_empty() {
        for p in peers {
            println!(
                "{}: p.rec / p.prec are {} over ALL its findings (it has no notion of blocking, so \
                 all = blocking); c.rec / c.prec are clearpost's BLOCKING recall / precision on \
                 the same {} records{}",
                p.name,
                p.name,
                p.tallies.iter().flatten().map(|t| t.records).sum::<usize>(),
                if p.complete {
                    " (every record)".to_string()
                } else {
                    format!(
                        " ({} scanned every held-out record and a fixed subsample of the tune \
                         records, not all of them)",
                        p.name
                    )
                }
            );
        }
    }
    if devsets.iter().all(|d| d.spec.labelled) {
        return;
    }
    println!("\n== text without identifiers: false findings per 1,000 words ==");
    let mut header = format!(
        "{:<15} {:<8} {:>5} {:>8} | {:>8} {:>8} {:>8}",
        "set", "part", "recs", "words", "false", "all/1k", "blk/1k"
    );
    for _ in peers {
        header.push_str(&format!(
            " | {:>5} {:>8} {:>8}",
            "recs", "c.blk/1k", "p.all/1k"
        ));
    }
    println!("{header}");
    for (s, d) in devsets.iter().enumerate() {
        if d.spec.labelled {
            continue;
        }
        for (k, part) in PARTS.iter().enumerate() {
            let t = &ours[s][k];
            let mut line = format!(
                "{:<15} {:<8} {:>5} {:>8} | {:>8} {:>8} {:>8}",
                d.spec.name,
                part_name(*part),
                t.records,
                t.words,
                t.all.false_alarms,
                fmt_rate(t.false_per_1k_words(false)),
                fmt_rate(t.false_per_1k_words(true)),
            );
            for (p, same) in peers.iter().zip(&peers_same) {
                let pt = &p.tallies[s][k];
                line.push_str(&format!(
                    " | {:>5} {:>8} {:>8}",
                    pt.records,
                    fmt_rate(same[s][k].false_per_1k_words(true)),
                    fmt_rate(pt.false_per_1k_words(false)),
                ));
            }
            println!("{line}");
        }
    }
}

fn print_per_label(devsets: &[DevSet], ours: &[[Tally; 2]], peers: &[Peer]) {
    if !devsets.iter().any(|d| d.spec.labelled) {
        return;
    }
    println!("\n== binary recall per gold label (tune | held-out); lines in (...) are not Safe Harbor identifiers, neutral for precision ==");
    let mut header = format!(
        "{:<15} {:<34} | {:>5} {:>6} {:>6} | {:>5} {:>6} {:>6}",
        "set", "label", "spans", "rec", "rec.bk", "spans", "rec", "rec.bk"
    );
    for _ in peers {
        header.push_str(&format!(" | {:>8} {:>8}", "p.rec", "p.rec.ho"));
    }
    println!("{header}");
    for (s, d) in devsets.iter().enumerate() {
        if !d.spec.labelled {
            continue;
        }
        let mut classes: Vec<&String> = ours[s].iter().flat_map(|t| t.gold.keys()).collect();
        classes.sort_by_key(|c| (c.contains('('), c.to_string()));
        classes.dedup();
        for class in classes {
            let [tune, held] = &ours[s];
            let g = |t: &Tally| t.gold.get(class).copied().unwrap_or_default();
            let (a, b) = (g(tune), g(held));
            let mut line = format!(
                "{:<15} {:<34} | {:>5} {:>6} {:>6} | {:>5} {:>6} {:>6}",
                d.spec.name,
                class,
                a.spans,
                fmt_ratio(a.recall(false)),
                fmt_ratio(a.recall(true)),
                b.spans,
                fmt_ratio(b.recall(false)),
                fmt_ratio(b.recall(true)),
            );
            for p in peers {
                let pg = |t: &Tally| t.gold.get(class).copied().unwrap_or_default();
                line.push_str(&format!(
                    " | {:>8} {:>8}",
                    fmt_ratio(pg(&p.tallies[s][0]).recall(false)),
                    fmt_ratio(pg(&p.tallies[s][1]).recall(false)),
                ));
            }
            println!("{line}");
        }
    }
}

fn print_per_category(devsets: &[DevSet], ours: &[[Tally; 2]]) {
    println!("\n== clearpost precision per finding category (tune | held-out): findings counted (hits + false), precision; blocking ==");
    println!(
        "{:<15} {:<26} | {:>6} {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6} {:>6}",
        "set", "category", "n", "prec", "n.bk", "p.bk", "n", "prec", "n.bk", "p.bk"
    );
    for (s, d) in devsets.iter().enumerate() {
        let mut cats: Vec<&String> = ours[s].iter().flat_map(|t| t.by_category.keys()).collect();
        cats.sort();
        cats.dedup();
        for cat in cats {
            let mut line = format!("{:<15} {:<26}", d.spec.name, cat);
            for t in &ours[s] {
                let (all, blk) = t.by_category.get(cat).copied().unwrap_or_default();
                if d.spec.labelled {
                    line.push_str(&format!(
                        " | {:>6} {:>6} {:>6} {:>6}",
                        all.counted(),
                        fmt_ratio(all.precision()),
                        blk.counted(),
                        fmt_ratio(blk.precision())
                    ));
                } else {
                    line.push_str(&format!(
                        " | {:>6} {:>6} {:>6} {:>6}",
                        all.false_alarms, "false", blk.false_alarms, "false"
                    ));
                }
            }
            println!("{line}");
        }
    }
}

/// The most frequent false-finding strings of a set's TUNE part only.
fn print_top_false(d: &DevSet, preds: &[Option<Vec<Pred>>], n: usize) {
    let mut counts: HashMap<(String, String, bool), usize> = HashMap::new();
    for (i, r) in d.part(Part::Tune) {
        let Some(p) = &preds[i] else { continue };
        let scored = clearpost_phi::devset::score::score_record(r, p);
        for (f, v) in p.iter().zip(&scored.verdicts) {
            if *v == Verdict::FalseAlarm {
                let text = r.text[f.start..f.end].to_string();
                *counts
                    .entry((text, f.category.clone(), f.blocking))
                    .or_default() += 1;
            }
        }
    }
    let mut top: Vec<_> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    println!(
        "\n== {}: the {n} most frequent false findings of the TUNE part (count, category, blocking?) ==",
        d.spec.name
    );
    for ((text, cat, blocking), count) in top.into_iter().take(n) {
        println!(
            "{count:>5}  {cat:<24} {:<8} {text:?}",
            if blocking { "blocking" } else { "warning" }
        );
    }
}

/// Misses and false alarms of the TUNE part of one set (never the held-out part).
fn dump(d: &DevSet, preds: &[Option<Vec<Pred>>]) {
    let context = |text: &str, start: usize, end: usize| {
        let mut a = start.saturating_sub(50);
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (end + 50).min(text.len());
        while !text.is_char_boundary(b) {
            b += 1;
        }
        format!(
            "{}[{}]{}",
            &text[a..start],
            &text[start..end],
            &text[end..b]
        )
        .replace('\n', " ")
    };
    let mut tally = Tally::default();
    for (i, r) in d.part(Part::Tune) {
        let Some(p) = &preds[i] else { continue };
        let scored = tally.add(r, p);
        for (g, &(any, blocking)) in scored.golds.iter().zip(&scored.found) {
            if g.kind != clearpost_phi::devset::score::GoldKind::Scored || blocking {
                continue;
            }
            let what = if any { "WARN-ONLY" } else { "MISS" };
            println!(
                "{what:<9} {:<12} {:<20} {:?}",
                g.class,
                r.id,
                context(&r.text, g.start, g.end)
            );
        }
        for (f, v) in p.iter().zip(&scored.verdicts) {
            if *v == Verdict::FalseAlarm {
                println!(
                    "FALSE     {:<12} {:<20} {:?} ({})",
                    f.category,
                    r.id,
                    context(&r.text, f.start, f.end),
                    if f.blocking { "blocking" } else { "warning" }
                );
            }
        }
    }
    if !d.spec.labelled {
        print_top_false(d, preds, 30);
    }
    if !d.spec.labelled {
        println!(
            "\n{} tune: {} records, {} words; false findings per 1,000 words {} (blocking {})",
            d.spec.name,
            tally.records,
            tally.words,
            fmt_rate(tally.false_per_1k_words(false)),
            fmt_rate(tally.false_per_1k_words(true)),
        );
        return;
    }
    println!(
        "\n{} tune: {} records; recall {} (blocking {}), precision {} (blocking {}); false/1k words {} (blocking {})",
        d.spec.name,
        tally.records,
        fmt_ratio(tally.recall(false)),
        fmt_ratio(tally.recall(true)),
        fmt_ratio(tally.precision(false)),
        fmt_ratio(tally.precision(true)),
        fmt_rate(tally.false_per_1k_words(false)),
        fmt_rate(tally.false_per_1k_words(true)),
    );
}

/// Writes the records a peer should scan.
fn write_peer_input(devsets: &[DevSet], path: &str, sample: Option<u16>) {
    let mut out = String::new();
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in devsets {
        for (i, r) in d.records.iter().enumerate() {
            let c = counts.entry(d.spec.name).or_default();
            c.1 += 1;
            if sample.is_some_and(|k| !in_peer_sample(&r.id, k)) {
                continue;
            }
            c.0 += 1;
            out.push_str(
                &serde_json::json!({"set": d.spec.name, "index": i, "text": r.text}).to_string(),
            );
            out.push('\n');
        }
    }
    std::fs::write(path, out).unwrap_or_else(|e| fail(format!("cannot write {path}: {e}")));
    for (name, (kept, total)) in counts {
        eprintln!("phi-eval: peer input {name}: {kept} of {total} records");
    }
}

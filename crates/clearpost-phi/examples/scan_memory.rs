//! Memory and latency of the scanner on a 5,000-word draft (the benchmark's 2,000-word
//! health-news draft's paragraphs repeated, each copy numbered): resident memory
//! after loading the word lists and the peak after scanning, then
//! keystroke-to-highlights (one character typed, then a full rescan) as the median
//! and worst of 50 edits, the CPU time of rescanning the 2,000-word draft after a
//! one-character edit and cold, and the memory after a hostile draft.
//!
//! Run: `cargo run --release -p clearpost-phi --example scan_memory`

use std::time::{Duration, Instant};

use clearpost_phi::{Policy, Scanner};

/// VmRSS and VmHWM (peak) from /proc/self/status, in MiB (Linux only).
fn rss_mib() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// CPU time of this process (user + system, clock ticks of 1/100 s), Linux only.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn report(stage: &str) {
    match rss_mib() {
        Some((rss, peak)) => println!("{stage:<36} RSS {rss:7.1} MiB   peak {peak:7.1} MiB"),
        None => println!("{stage:<36} (no /proc/self/status)"),
    }
}

fn main() {
    report("start");
    let scanner = match Scanner::load_default() {
        Ok(scanner) => scanner,
        Err(err) => {
            eprintln!("scan_memory: {err}");
            std::process::exit(2);
        }
    };
    report("word lists loaded");
    let base = include_str!("../benches/health_news_draft.md");
    // The 5,000-word draft: the benchmark draft's paragraphs, repeated with a copy
    // number in each so that no paragraph repeats (a real draft's do not, and the
    // scanner remembers the tagger's result per paragraph).
    let paragraphs: Vec<&str> = base
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut draft = String::new();
    let mut copy = 0;
    while draft.split_whitespace().count() < 5_000 {
        copy += 1;
        for paragraph in &paragraphs {
            draft.push_str(paragraph);
            draft.push_str(&format!(" (copy {copy})\n\n"));
        }
    }
    let policy = Policy::default();
    let findings = scanner.scan(&draft, &policy);
    report("after one 5,000-word scan");
    let mut times: Vec<Duration> = Vec::new();
    let mut text = draft.clone();
    for i in 0..50 {
        // Type one character in the middle, as the editor would, then rescan.
        let at = text.len() / 2 + i;
        let at = (at..text.len())
            .find(|&p| text.is_char_boundary(p))
            .unwrap_or(0);
        text.insert(at, 'e');
        let start = Instant::now();
        let found = scanner.scan(&text, &policy);
        times.push(start.elapsed());
        std::hint::black_box(found);
    }
    report("after 50 keystroke rescans");
    // CPU time of rescanning the benchmark's 2,000-word draft: on a machine busy
    // with other work, wall-clock benchmarks drift; CPU time much less. Two cases:
    // after a one-character edit (what typing does: one paragraph is new), and
    // cold (every paragraph new: a draft opened or pasted).
    let base_rounds = 300;
    let mut edited = base.to_string();
    let cold: Vec<String> = (0..base_rounds)
        .map(|round| base.replace("\n\n", &format!(" [{round}]\n\n")))
        .collect();
    let per_round = |run: &mut dyn FnMut(usize)| -> Option<f64> {
        let cpu_start = cpu_seconds()?;
        for round in 0..base_rounds {
            run(round);
        }
        Some((cpu_seconds()? - cpu_start) * 1e3 / base_rounds as f64)
    };
    let after_edit = per_round(&mut |round| {
        // One character typed into a different paragraph each time.
        let at = (round * 977) % edited.len();
        let at = (at..edited.len())
            .find(|&p| edited.is_char_boundary(p))
            .unwrap_or(0);
        edited.insert(at, 'e');
        std::hint::black_box(scanner.scan(&edited, &policy));
    });
    let cold_scan = per_round(&mut |round| {
        std::hint::black_box(scanner.scan(&cold[round], &policy));
    });
    if let (Some(after_edit), Some(cold_scan)) = (after_edit, cold_scan) {
        println!(
            "2,000-word draft: {after_edit:.2} ms of CPU per rescan after a one-character edit, \
             {cold_scan:.2} ms per cold scan (every paragraph new) ({base_rounds} rounds each)"
        );
    }
    // A hostile draft: digits, capitals, accented letters and punctuation in a
    // pseudo-random mix, which drives the lazy DFAs into as many states as they can.
    let alphabet: Vec<char> =
        "0123456789 -./()+:#,ABCDEFGHIJKLMNOPQRSTUVWXYZÉÖŁabcdefghijklmnopqrstuvwxyzéöł\n@_"
            .chars()
            .collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let hostile: String = (0..200_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            alphabet[(seed % alphabet.len() as u64) as usize]
        })
        .collect();
    let start = Instant::now();
    let hostile_findings = scanner.scan_plain(&hostile, &policy).len();
    println!(
        "hostile 200,000-character draft: {hostile_findings} findings in {:.0} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    report("after the hostile draft");
    times.sort();
    println!(
        "5,000-word draft ({} bytes, {} findings): keystroke-to-highlights median {:.2} ms, worst {:.2} ms",
        draft.len(),
        findings.len(),
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}

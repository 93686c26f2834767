//! Evaluates the PHI scanner on a labelled JSONL corpus (the development set is
//! `shared/corpus/phi/presidio_synth_v2.jsonl`) and, when given, a peer's findings
//! on the same corpus (from `scripts/peers/presidio-scan.py`), side by side.
//!
//! Span-level scoring with overlap: a gold span is found when any finding touches
//! it ("binary recall"); a finding is correct when it touches a scored gold span.
//! ORG, TITLE and NRP spans are not identifiers: findings touching only them are
//! neither right nor wrong. LOCATION spans that are only a country or US state, AGE
//! spans of 89 or less, and DATE spans that are only a year or a weekday are not
//! Safe Harbor identifiers either: they are reported on separate lines and treated
//! like ORG for precision.
//!
//! Usage: phi-eval [CORPUS.jsonl] [--peer NAME=FINDINGS.jsonl]... [--repeat N] [--dump]
//! [--findings-out FILE]
//!
//! `--findings-out` writes every finding of the first pass (offsets, category,
//! confidence, reason, suggestion), one JSON line per record: diffing two such files
//! shows whether a speed change altered what the scanner reports.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use clearpost_phi::{Category, Policy, Scanner};
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    id: String,
    text: String,
    spans: Vec<GoldSpan>,
}

#[derive(Deserialize, Clone)]
struct GoldSpan {
    start: usize,
    end: usize,
    label: String,
}

#[derive(Deserialize)]
struct PeerRecord {
    id: String,
    findings: Vec<PeerFinding>,
}

#[derive(Deserialize)]
struct PeerFinding {
    start: usize,
    end: usize,
    category: String,
}

/// A finding reduced to what scoring needs: byte range and category name.
#[derive(Clone)]
struct Pred {
    start: usize,
    end: usize,
    category: String,
}

/// A gold span in bytes, with its scoring class.
struct Gold {
    start: usize,
    end: usize,
    class: String,
}

const EXCLUDED: &[&str] = &["ORG", "TITLE", "NRP"];

const STATES_AND_COUNTRIES: &str = "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|rhode island|south carolina|south dakota|west virginia|district of columbia|afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia botswana brazil brunei bulgaria burundi cambodia cameroon canada chad chile china colombia comoros congo croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia germany ghana greece grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe greenland|united states|united kingdom|united states of america|usa|uk|england|scotland|wales|northern ireland|south africa|south korea|north korea|new zealand|saudi arabia|sri lanka|costa rica|el salvador|puerto rico|czech republic|dominican republic|ivory coast|united arab emirates|papua new guinea|sierra leone|burkina faso|east timor|cape verde|san marino|vatican city|hong kong|faroe islands|french guiana|martinique|guadeloupe|southern tunisia";

fn is_country_or_state(text: &str) -> bool {
    let lower = text
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    STATES_AND_COUNTRIES
        .split('|')
        .flat_map(|group| {
            if group.contains(' ')
                && !group.starts_with("alabama")
                && !group.starts_with("afghanistan")
            {
                vec![group]
            } else {
                group.split(' ').collect()
            }
        })
        .any(|name| name == lower)
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The scoring class of a gold span: its label, a "not Safe Harbor" class, or None
/// for excluded labels.
fn class_of(label: &str, text: &str) -> Option<String> {
    if EXCLUDED.contains(&label) {
        return None;
    }
    let class = match label {
        "LOCATION" if is_country_or_state(text) => "LOCATION (country/state only)",
        "AGE" => match text.trim().parse::<u32>() {
            Ok(age) if age <= 89 => "AGE (89 or less)",
            _ => "AGE",
        },
        "DATE" => {
            let t = text.trim().to_lowercase();
            let year_only = t.len() == 4 && t.chars().all(|c| c.is_ascii_digit());
            let weekday = WEEKDAYS.contains(&t.as_str());
            if year_only || weekday {
                "DATE (year or weekday only)"
            } else {
                "DATE"
            }
        }
        other => other,
    };
    Some(class.to_string())
}

fn is_scored(class: &str) -> bool {
    !class.contains('(')
}

/// Which gold label a finding category is meant to find (for per-label precision).
fn label_for(category: &str) -> &'static str {
    match category {
        "name" => "NAME",
        "geographic_subdivision" => "ADDRESS/LOCATION/ZIP",
        "date" => "DATE",
        "phone_number" | "fax_number" => "PHONE",
        "email_address" => "EMAIL",
        "social_security_number" => "SSN",
        "ip_address" => "IP",
        "url" => "URL",
        "account_number" => "ACCOUNT",
        "certificate_license_number" => "LICENSE",
        "age_over_89" => "AGE",
        _ => "OTHER",
    }
}

fn label_group(class: &str) -> &'static str {
    match class {
        "ADDRESS" | "LOCATION" | "ZIP" => "ADDRESS/LOCATION/ZIP",
        "NAME" => "NAME",
        "DATE" => "DATE",
        "PHONE" => "PHONE",
        "EMAIL" => "EMAIL",
        "SSN" => "SSN",
        "IP" => "IP",
        "URL" => "URL",
        "ACCOUNT" => "ACCOUNT",
        "LICENSE" => "LICENSE",
        "AGE" => "AGE",
        _ => "OTHER",
    }
}

fn char_to_byte(text: &str, char_offset: usize) -> usize {
    text.char_indices()
        .nth(char_offset)
        .map_or(text.len(), |(b, _)| b)
}

fn touches(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[derive(Default)]
struct Tally {
    gold: BTreeMap<String, (usize, usize, usize)>, // class -> (total, touched by any, touched by same kind)
    preds: BTreeMap<&'static str, (usize, usize)>, // label group -> (counted, correct)
    overall_pred: (usize, usize),
}

fn score<'a>(
    records: impl IntoIterator<Item = &'a (Record, Vec<Gold>)>,
    preds: &HashMap<String, Vec<Pred>>,
) -> Tally {
    let mut t = Tally::default();
    for (record, golds) in records {
        let empty = Vec::new();
        let found = preds.get(&record.id).unwrap_or(&empty);
        for g in golds {
            let entry = t.gold.entry(g.class.clone()).or_default();
            entry.0 += 1;
            let touching: Vec<&Pred> = found
                .iter()
                .filter(|p| touches((p.start, p.end), (g.start, g.end)))
                .collect();
            if !touching.is_empty() {
                entry.1 += 1;
            }
            if touching
                .iter()
                .any(|p| label_for(&p.category) == label_group(&g.class))
            {
                entry.2 += 1;
            }
        }
        for p in found {
            let span = (p.start, p.end);
            let scored_hit = golds
                .iter()
                .any(|g| is_scored(&g.class) && touches(span, (g.start, g.end)));
            let unscored_hit = golds
                .iter()
                .any(|g| !is_scored(&g.class) && touches(span, (g.start, g.end)));
            let excluded_hit = record.spans.iter().any(|s| {
                EXCLUDED.contains(&s.label.as_str())
                    && touches(
                        span,
                        (
                            char_to_byte(&record.text, s.start),
                            char_to_byte(&record.text, s.end),
                        ),
                    )
            });
            if !scored_hit && (unscored_hit || excluded_hit) {
                continue; // neither right nor wrong
            }
            t.overall_pred.0 += 1;
            if scored_hit {
                t.overall_pred.1 += 1;
            }
            let group = label_for(&p.category);
            let e = t.preds.entry(group).or_default();
            e.0 += 1;
            if golds.iter().any(|g| {
                is_scored(&g.class)
                    && label_group(&g.class) == group
                    && touches(span, (g.start, g.end))
            }) {
                e.1 += 1;
            }
        }
    }
    t
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        f64::NAN
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn print_tally(name: &str, t: &Tally) {
    println!("\n== {name} ==");
    println!(
        "{:<30} {:>6} {:>10} {:>10} {:>10} {:>10}",
        "gold class", "spans", "bin.recall", "typed rec", "precision", "F1"
    );
    let mut groups: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for (class, (n, any, typed)) in &t.gold {
        println!(
            "{:<30} {:>6} {:>10.3} {:>10.3}",
            class,
            n,
            ratio(*any, *n),
            ratio(*typed, *n)
        );
        if is_scored(class) {
            let g = groups.entry(label_group(class)).or_default();
            g.0 += n;
            g.1 += any;
            g.2 += typed;
        }
    }
    println!("-- per category (typed recall, precision of findings of that kind, F1) --");
    for (group, (n, _any, typed)) in &groups {
        let (counted, correct) = t.preds.get(group).copied().unwrap_or_default();
        let r = ratio(*typed, *n);
        let p = ratio(correct, counted);
        println!(
            "{:<30} {:>6} {:>10} {:>10.3} {:>10.3} {:>10.3}   ({} findings)",
            group,
            n,
            "",
            r,
            p,
            f1(p, r),
            counted
        );
    }
    print_overall(t);
}

/// The one-line summary: binary recall, precision and F1 over the scored spans.
fn print_overall(t: &Tally) {
    let (n, any): (usize, usize) = t
        .gold
        .iter()
        .filter(|(c, _)| is_scored(c))
        .fold((0, 0), |acc, (_, v)| (acc.0 + v.0, acc.1 + v.1));
    let recall = ratio(any, n);
    let precision = ratio(t.overall_pred.1, t.overall_pred.0);
    println!(
        "OVERALL (scored spans {n}): binary recall {recall:.3}, precision {precision:.3} ({} of {} findings), F1 {:.3}",
        t.overall_pred.1,
        t.overall_pred.0,
        f1(precision, recall)
    );
}

/// The same summary on the two halves of the corpus (even and odd record numbers):
/// tune rules on the even half and read the odd half as held out; a rule that only
/// fits the data it was tuned on shows as a gap between the two.
fn print_halves(records: &[(Record, Vec<Gold>)], preds: &HashMap<String, Vec<Pred>>) {
    for (label, parity) in [
        ("even records (dev half)", 0),
        ("odd records (test half)", 1),
    ] {
        print!("{label}: ");
        print_overall(&score(
            records
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 2 == parity)
                .map(|(_, r)| r),
            preds,
        ));
    }
}

/// CPU time of this process (user + system) from /proc/self/stat, on Linux; the
/// kernel reports it in clock ticks of 1/100 s.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/phi/presidio_synth_v2.jsonl"
    )
    .to_string();
    let mut peers: Vec<(String, String)> = Vec::new();
    let mut repeat = 5usize;
    let mut dump = false;
    let mut findings_out: Option<String> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--peer" => {
                let spec = args.next().unwrap_or_default();
                let (name, path) = spec.split_once('=').unwrap_or(("peer", &spec));
                peers.push((name.to_string(), path.to_string()));
            }
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(5),
            "--dump" => dump = true,
            "--findings-out" => findings_out = args.next(),
            other => corpus = other.to_string(),
        }
    }
    let content = match std::fs::read_to_string(&corpus) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("phi-eval: cannot read {corpus}: {e}");
            std::process::exit(2);
        }
    };
    let records: Vec<(Record, Vec<Gold>)> = content
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let r: Record = serde_json::from_str(l).expect("corpus line");
            let golds = r
                .spans
                .iter()
                .filter_map(|s| {
                    let (start, end) =
                        (char_to_byte(&r.text, s.start), char_to_byte(&r.text, s.end));
                    class_of(&s.label, &r.text[start..end]).map(|class| Gold { start, end, class })
                })
                .collect();
            (r, golds)
        })
        .collect();
    let load = Instant::now();
    let scanner = match Scanner::load_default() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("phi-eval: {e}");
            std::process::exit(2);
        }
    };
    let load_s = load.elapsed().as_secs_f64();
    let policy = Policy::default();
    let bytes: usize = records.iter().map(|(r, _)| r.text.len()).sum();
    let mut ours: HashMap<String, Vec<Pred>> = HashMap::new();
    let start = Instant::now();
    let cpu_start = cpu_seconds();
    for round in 0..repeat.max(1) {
        for (r, _) in &records {
            let findings = scanner.scan_plain(&r.text, &policy);
            if round == 0 {
                ours.insert(
                    r.id.clone(),
                    findings
                        .iter()
                        .map(|f| Pred {
                            start: f.start,
                            end: f.end,
                            category: f.category.as_str().to_string(),
                        })
                        .collect(),
                );
            }
        }
    }
    let secs = start.elapsed().as_secs_f64() / repeat.max(1) as f64;
    let cpu_secs = cpu_start
        .zip(cpu_seconds())
        .map(|(a, b)| (b - a) / repeat.max(1) as f64);
    println!(
        "corpus: {corpus} ({} records, {bytes} bytes)",
        records.len()
    );
    println!("clearpost: lists loaded in {load_s:.2} s; scan {:.4} s per pass ({repeat} passes), {:.2} MB/s", secs, bytes as f64 / secs / 1e6);
    if let Some(cpu) = cpu_secs {
        println!(
            "clearpost: CPU {cpu:.4} s per pass, {:.2} MB/s of CPU time (comparable on a busy machine)",
            bytes as f64 / cpu / 1e6
        );
    }
    if let Some(path) = &findings_out {
        // A separate pass, so that writing JSON is not timed.
        let mut lines = String::new();
        for (r, _) in &records {
            let findings = scanner.scan_plain(&r.text, &policy);
            lines.push_str(&serde_json::json!({"id": r.id, "findings": findings}).to_string());
            lines.push('\n');
        }
        if let Err(e) = std::fs::write(path, &lines) {
            eprintln!("phi-eval: cannot write {path}: {e}");
            std::process::exit(2);
        }
    }
    if dump {
        for (r, golds) in &records {
            let found = ours.get(&r.id).cloned().unwrap_or_default();
            for g in golds.iter().filter(|g| is_scored(&g.class)) {
                if !found
                    .iter()
                    .any(|p| touches((p.start, p.end), (g.start, g.end)))
                {
                    println!("MISS {} {:?}", g.class, &r.text[g.start..g.end]);
                }
            }
            for p in &found {
                let hit = golds
                    .iter()
                    .any(|g| touches((p.start, p.end), (g.start, g.end)))
                    || r.spans.iter().any(|s| {
                        touches(
                            (p.start, p.end),
                            (char_to_byte(&r.text, s.start), char_to_byte(&r.text, s.end)),
                        )
                    });
                if !hit {
                    println!(
                        "FP   {} {:?}  in {:?}",
                        p.category,
                        &r.text[p.start..p.end],
                        r.text.chars().take(120).collect::<String>()
                    );
                }
            }
        }
    }
    print_tally("clearpost", &score(&records, &ours));
    print_halves(&records, &ours);
    for (name, path) in peers {
        let Ok(content) = std::fs::read_to_string(&path) else {
            eprintln!("phi-eval: cannot read peer findings {path}");
            continue;
        };
        let mut map = HashMap::new();
        for line in content.lines().filter(|l| !l.trim().is_empty()) {
            let rec: PeerRecord = serde_json::from_str(line).expect("peer line");
            map.insert(
                rec.id,
                rec.findings
                    .into_iter()
                    .map(|f| Pred {
                        start: f.start,
                        end: f.end,
                        category: f.category,
                    })
                    .collect(),
            );
        }
        print_tally(&name, &score(&records, &map));
        print_halves(&records, &map);
    }
    let _ = Category::ALL;
}

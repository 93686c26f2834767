//! Where tract spends CenterFace's inference time, operator by operator (for
//! BENCHMARKS.md). Release build only.
//!
//! ```text
//! profile_ops [--width W] [--height H] [--runs N] [--threads 1|2] [--model PATH]
//! ```
//! Compiles the plan for a 1×3×H×W input (default 1024×768, the face set's
//! usual size), runs it N times on a fixed pseudo-random input and prints,
//! for the last N−1 runs, the total time per operator kind and the ten
//! slowest nodes.

use std::collections::HashMap;
use std::time::Instant;

use clearpost_vision::assets::{self, CENTERFACE};
use tract_linalg::multithread::Executor;
use tract_onnx::prelude::*;
use tract_onnx::tract_core::plan::{eval, SimpleState};
use tract_onnx::tract_core::runtime::RunOptions;

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> TractResult<()> {
    let args: Vec<String> = std::env::args().collect();
    let (width, height) = (arg(&args, "--width", 1024), arg(&args, "--height", 768));
    let runs = arg(&args, "--runs", 4).max(2);
    let threads = arg(&args, "--threads", 1);
    // `--model PATH` profiles another export of CenterFace (e.g. a quantised copy).
    let path = match args.iter().position(|a| a == "--model") {
        Some(i) => std::path::PathBuf::from(&args[i + 1]),
        None => assets::locate(&CENTERFACE).expect("run scripts/fetch-models first"),
    };

    let started = Instant::now();
    let options = RunOptions {
        executor: Some(if threads > 1 {
            Executor::multithread(threads)
        } else {
            Executor::SingleThread
        }),
        ..Default::default()
    };
    let plan = tract_onnx::onnx()
        .with_ignore_output_shapes(true)
        .model_for_path(&path)?
        .with_input_names(["input.1"])?
        .with_input_fact(0, f32::fact([1, 3, height, width]).into())?
        .into_optimized()?
        .into_runnable_with_options(&options)?;
    eprintln!("compiled {width}x{height} in {:.0} ms", ms(started));

    let mut seed = 0x2545_f491_u32;
    let data: Vec<f32> = (0..3 * height * width)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            (seed % 256) as f32 - 128.0
        })
        .collect();
    let input = Tensor::from_shape(&[1, 3, height, width], &data)?;

    let mut by_node: HashMap<usize, f64> = HashMap::new();
    let mut totals = Vec::new();
    for run in 0..runs {
        let mut state = SimpleState::new(&plan)?;
        let run_started = Instant::now();
        let mut timings: Vec<(usize, f64)> = Vec::new();
        state.run_plan_with_eval(
            tvec!(input.clone().into()),
            |ctx, op_state, node, inputs| {
                let started = Instant::now();
                let out = eval(ctx, op_state, node, inputs);
                timings.push((node.id, ms(started)));
                out
            },
        )?;
        let total = ms(run_started);
        eprintln!("run {run}: {total:.1} ms");
        if run > 0 {
            totals.push(total);
            for (id, t) in timings {
                *by_node.entry(id).or_default() += t / (runs - 1) as f64;
            }
        }
    }
    let model = plan.model();
    let mut by_op: HashMap<String, (f64, usize)> = HashMap::new();
    for (&id, &t) in &by_node {
        let entry = by_op
            .entry(model.node(id).op().name().to_string())
            .or_default();
        entry.0 += t;
        entry.1 += 1;
    }
    let sum: f64 = by_node.values().sum();
    println!(
        "mean per run {:.1} ms (sum of nodes {sum:.1} ms)",
        totals.iter().sum::<f64>() / totals.len() as f64
    );
    let mut ops: Vec<_> = by_op.into_iter().collect();
    ops.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
    println!("| operator | nodes | ms per run | share |\n|---|---|---|---|");
    for (name, (t, n)) in ops {
        println!("| {name} | {n} | {t:.1} | {:.1}% |", 100.0 * t / sum);
    }
    let mut nodes: Vec<_> = by_node.into_iter().collect();
    nodes.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!("\nslowest nodes:");
    for (id, t) in nodes.iter().take(15) {
        let node = model.node(*id);
        let fact = model
            .outlet_fact(OutletId::new(*id, 0))
            .map(|f| format!("{f:?}"))
            .unwrap_or_default();
        println!(
            "{t:7.1} ms  {} ({})  -> {fact}",
            node.name,
            node.op().name()
        );
    }
    Ok(())
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

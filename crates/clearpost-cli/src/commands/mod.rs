//! One module per subcommand, each with its clap `Args` and a `run` function
//! returning the process exit code.

pub mod audit;
pub mod detect;
pub mod info;
pub mod inspect;
pub mod profile;
pub mod redact;
pub mod review;
pub mod scan;
pub mod strip;

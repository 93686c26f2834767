// The package's manifest is the repository root's Cargo.toml (next to
// tauri.conf.json), so tauri-build runs with the root as its working
// directory: point it at the capabilities kept in src-tauri/capabilities
// instead of its default ./capabilities. With a custom pattern tauri-build
// leaves the rerun-if-changed instruction to us.
const CAPABILITIES_DIR: &str = "src-tauri/capabilities";

fn main() {
    println!("cargo:rerun-if-changed={CAPABILITIES_DIR}");
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    if let Err(error) = tauri_build::try_build(attributes) {
        // tauri_build::build() prints the error and exits the same way.
        println!("{error:#}");
        std::process::exit(1);
    }
}

// The one typed module through which the UI talks to the Rust side. Every call
// is a Tauri command implemented in src-tauri over clearpost-core.
import { invoke } from "@tauri-apps/api/core";
import type { Finding } from "./phi";

/** One model the engine knows about, and whether its file is present. */
export interface ModelStatus {
  name: string;
  purpose: string;
  path: string;
  present: boolean;
}

/** What the engine reports about itself. */
export interface EngineInfo {
  version: string;
  data_dir: string;
  database: string;
  schema_version: number;
  models_dir: string;
  models: ModelStatus[];
}

/** User settings persisted by tauri-plugin-store. */
export interface Settings {
  display_name: string;
}

export const api = {
  engineInfo: () => invoke<EngineInfo>("engine_info"),
  getSettings: () => invoke<Settings>("get_settings"),
  setDisplayName: (name: string) => invoke<Settings>("set_display_name", { name }),
  /** PHI findings in Markdown text (runs on every pause in typing). */
  scanText: (text: string) => invoke<Finding[]>("scan_text", { text }),
};

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
  /** The PHI scanner's name and place lists (same shape as a model's status). */
  word_lists: ModelStatus[];
}

/** How photos are covered (the Photos panel reads it). */
export type RedactionStyle = "blur" | "pixelate" | "solid_box";
/** Light, dark, or follow the system. */
export type Theme = "system" | "light" | "dark";

/** Which PHI findings stop a submission. */
export interface BlockingLevels {
  min_confidence: number;
  non_blocking_categories: string[];
}

/** User and organisation settings persisted by tauri-plugin-store. */
export interface Settings {
  display_name: string;
  allow_list: string[];
  redaction_style: RedactionStyle;
  blocking: BlockingLevels;
  theme: Theme;
}

export const api = {
  engineInfo: () => invoke<EngineInfo>("engine_info"),
  getSettings: () => invoke<Settings>("get_settings"),
  setDisplayName: (name: string) => invoke<Settings>("set_display_name", { name }),
  updateSettings: (settings: Settings) => invoke<Settings>("update_settings", { settings }),
  /** Adds a phrase to the organisation's allow-list (editor quick fix). */
  allowPhrase: (phrase: string) => invoke<Settings>("allow_phrase", { phrase }),
  /** PHI findings in Markdown text (runs on every pause in typing); `draftAllow`
   * is the open draft's own allow-list (what it covers comes back suppressed). */
  /** Why the PHI text check cannot run (its lists or model failed to load), or null. */
  textCheckProblem: () => invoke<string | null>("text_check_problem"),
  scanText: (text: string, draftAllow: string[] = []) => invoke<Finding[]>("scan_text", { text, draftAllow }),
};

// The Photos panel's calls and types.
export * from "./api/photos";

// The Review panel and the Audit view: calls and types.
export * from "./api/review";
export * from "./api/audit";

// Settings → People: sharing and trusting keys.
export * from "./api/people";

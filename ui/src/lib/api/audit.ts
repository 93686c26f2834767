// Typed calls to the Audit view's commands (src-tauri/src/audit.rs).
import { invoke } from "@tauri-apps/api/core";

/** Which events to list; every filter is optional. */
export interface AuditQuery {
  /** A draft id (or its start). */
  draft?: string;
  /** Part of a person's name, or their profile id. */
  person?: string;
  /** An event kind ("review.approved") or family ("review"). */
  kind?: string;
  offset?: number;
  limit?: number;
}

/** One event of the log, as the table shows it. */
export interface AuditRow {
  seq: number;
  time: string;
  actor: string;
  person: string;
  kind: string;
  draft: string | null;
  subject: string;
  summary: string;
}

export interface AuditPage {
  events: AuditRow[];
  total: number;
  log_total: number;
  kinds: string[];
  people: string[];
}

/** The outcome of "Verify log". */
export interface VerifyOutcome {
  ok: boolean;
  events_ok: number;
  head_seq: number;
  head_hash: string;
  bad_seq: number | null;
  problem: string | null;
  message: string;
}

export interface AuditExport {
  events: number;
  files: string[];
}

export const auditApi = {
  events: (query: AuditQuery = {}) => invoke<AuditPage>("audit_events", { query }),
  verify: () => invoke<VerifyOutcome>("audit_verify"),
  /** Opens a native folder dialog; null when the user cancels. */
  exportLog: () => invoke<AuditExport | null>("audit_export"),
};

// Typed calls to the Audit view's commands (src-tauri/src/audit.rs), generated
// from the Rust side (../bindings.ts).
import { commands, type Browse_Deserialize as AuditQuery } from "../bindings";

export type {
  AuditExport,
  AuditPage_Serialize as AuditPage,
  Browse_Deserialize as AuditQuery,
  AuditRow_Serialize as AuditRow,
  VerifyOutcome_Serialize as VerifyOutcome,
} from "../bindings";

export const auditApi = {
  events: (query: AuditQuery = {}) => commands.auditEvents(query),
  verify: commands.auditVerify,
  /** Opens a native folder dialog; null when the user cancels. */
  exportLog: commands.auditExport,
};

// Profile commands (src-tauri/src/profiles.rs): create, unlock/switch, lock.
// Types and calls are generated from the Rust side (../bindings.ts).
import { commands } from "../bindings";

export type { Profile, Role, Session_Serialize as Session } from "../bindings";

export const profilesApi = {
  session: commands.profileSession,
  create: commands.profileCreate,
  /** Unlocks (and, if another one was current, switches to) a profile. */
  unlock: commands.profileUnlock,
  lock: commands.profileLock,
};

// Profile commands (src-tauri/src/profiles.rs): create, unlock/switch, lock.
import { invoke } from "@tauri-apps/api/core";

export type Role = "author" | "reviewer" | "admin";

/** A profile as the Rust side reports it. */
export interface Profile {
  id: string;
  name: string;
  role: Role;
  public_key: string;
  local: boolean;
  created_at: string;
}

/** Who may use the app right now. */
export interface Session {
  profiles: Profile[];
  current: Profile | null;
  unlocked: Profile | null;
}

export const profilesApi = {
  session: () => invoke<Session>("profile_session"),
  create: (name: string, role: Role, passphrase: string) =>
    invoke<Session>("profile_create", { name, role, passphrase }),
  /** Unlocks (and, if another one was current, switches to) a profile. */
  unlock: (id: string, passphrase: string) => invoke<Session>("profile_unlock", { id, passphrase }),
  lock: () => invoke<Session>("profile_lock"),
};

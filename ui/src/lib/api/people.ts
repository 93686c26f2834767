// Settings → People (src-tauri/src/people.rs): share this profile's public key
// as a file, trust a colleague's key file after comparing its fingerprint.
import { invoke } from "@tauri-apps/api/core";
import type { Role } from "./profiles";

/** A person with the fingerprint of their key (the text the CLI prints). */
export interface Person {
  id: string;
  name: string;
  role: Role;
  /** 8 groups of 4 hex characters, to compare over the phone. */
  fingerprint: string;
  /** When they were trusted here (for you: created). */
  since: string;
}

/** You (the unlocked profile) and the people whose keys this machine trusts. */
export interface People {
  me: Person | null;
  trusted: Person[];
}

/** The public part of a profile, as a key file carries it. */
export interface PublicKey {
  id: string;
  name: string;
  role: Role;
  public_key: string;
}

/** Where "Share my key" saved the key file. */
export interface SharedKey {
  path: string;
  fingerprint: string;
}

/** A key file read and checked, waiting for the user's confirmation. */
export interface KeyCandidate {
  key: PublicKey;
  fingerprint: string;
  file: string;
  already_trusted: boolean;
}

export const peopleApi = {
  list: () => invoke<People>("people_list"),
  /** Opens a save dialog; null when the user cancels. */
  shareKey: () => invoke<SharedKey | null>("people_share_key"),
  /** Opens a file dialog and checks the key without trusting it; null when cancelled. */
  readKey: () => invoke<KeyCandidate | null>("people_read_key"),
  /** Trusts the confirmed key (a signed event by the unlocked profile). */
  trust: (key: PublicKey) => invoke<Person>("people_trust", { key }),
};

// Settings → People (src-tauri/src/people.rs): share this profile's public key
// as a file, trust a colleague's key file after comparing its fingerprint.
// Types and calls are generated from the Rust side (../bindings.ts).
import { commands } from "../bindings";

export type {
  KeyCandidate,
  People_Serialize as People,
  Person,
  PublicProfile as PublicKey,
  SharedKey,
} from "../bindings";

export const peopleApi = {
  list: commands.peopleList,
  /** Opens a save dialog; null when the user cancels. */
  shareKey: commands.peopleShareKey,
  /** Opens a file dialog and checks the key without trusting it; null when cancelled. */
  readKey: commands.peopleReadKey,
  /** Trusts the confirmed key (a signed event by the unlocked profile). */
  trust: commands.peopleTrust,
};

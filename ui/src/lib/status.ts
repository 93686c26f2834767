import type { ModelStatus } from "./api";

/** A one-line summary of the models for the status bar. */
export function summariseModels(models: ModelStatus[]): string {
  if (models.length === 0) return "no models known";
  const missing = models.filter((m) => !m.present).map((m) => m.name);
  const loaded = models.length - missing.length;
  if (missing.length === 0) return `${loaded}/${models.length} models ready`;
  return `${loaded}/${models.length} models ready — missing ${missing.join(", ")} (run scripts/fetch-models)`;
}

/**
 * A warning for the status bar when the PHI scanner's name and place lists are
 * missing (it then still runs, but misses most names and towns), or null.
 */
export function wordListWarning(lists: ModelStatus[] | undefined): string | null {
  const missing = (lists ?? []).filter((l) => !l.present).map((l) => l.name);
  if (missing.length === 0) return null;
  return `PHI name and place lists missing (${missing.join(", ")}): names and towns are not checked — run scripts/fetch-models`;
}

/** Initials for the avatar next to the user's display name. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = words[0]!.charAt(0);
  const last = words.length > 1 ? words[words.length - 1]!.charAt(0) : "";
  return (first + last).toUpperCase();
}

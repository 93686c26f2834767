// Plain words for the Review and Audit views (pure, unit-tested).
import type { DraftState } from "./api/review";

/** A draft's review state as the author reads it. */
export function describeState(state: DraftState): string {
  switch (state) {
    case "draft":
      return "Draft";
    case "submitted":
      return "Waiting for review";
    case "approved":
      return "Approved";
    case "rejected":
      return "Rejected";
    case "exported":
      return "Exported";
  }
}

/** The first 12 characters of a hash or id: enough to tell them apart. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** A log time ("2026-01-31T12:00:00.000Z") as "2026-01-31 12:00:00 UTC". */
export function logTime(time: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(time);
  return match ? `${match[1]} ${match[2]} UTC` : time;
}

/** Event kinds in plain words for the kind filter ("review.approved" → "Review approved"). */
export function kindLabel(kind: string): string {
  const words = kind.replace(/[._]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// The open draft's own allow-list as the findings panel reports it: each
// allowed phrase with the findings it suppresses in the current scan, so a
// finding allowed this way is shown as suppressed, never silently dropped.
import type { Finding } from "./phi";

export interface DraftAllowed {
  phrase: string;
  /** The scan's suppressed findings this phrase covers. */
  suppressed: Finding[];
}

const normal = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();
const digits = (text: string) => text.replace(/\D/g, "");

/** Whether `phrase` covers the finding's text the way the scanner's allow-list
 * does: the same words (case and spacing aside), one inside the other, or the
 * same number written another way ("602-555-0147" and "(602) 555 0147"). */
export function covers(phrase: string, text: string): boolean {
  const [p, t] = [normal(phrase), normal(text)];
  if (!p || !t) return false;
  if (p.includes(t) || t.includes(p)) return true;
  const [pd, td] = [digits(phrase), digits(text)];
  return pd.length >= 7 && pd === td;
}

/** Each phrase of the draft's allow-list with the suppressed findings it covers. */
export function draftAllowed(findings: Finding[], allowList: string[]): DraftAllowed[] {
  const suppressed = findings.filter((f) => f.severity === "suppressed");
  return allowList.map((phrase) => ({ phrase, suppressed: suppressed.filter((f) => covers(phrase, f.text)) }));
}

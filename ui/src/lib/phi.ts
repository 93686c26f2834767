// PHI findings as the Rust scanner (clearpost-phi) reports them, and the pure
// helpers the editor uses to show and fix them.

import type { Category, Finding, Severity } from "./bindings";

/** A finding and its severity as the Rust scanner reports them (generated types). */
export type { Category, Finding, Severity } from "./bindings";

/** Category identifiers in plain words (every generated `Category`, as the
 * scanner writes it and submissions record it). */
const CATEGORY_LABELS: Record<Category, string> = {
  name: "Name",
  geographic_subdivision: "Address or place",
  date: "Date",
  phone_number: "Phone number",
  fax_number: "Fax number",
  email_address: "Email address",
  social_security_number: "Social Security number",
  medical_record_number: "Medical record number",
  health_plan_beneficiary_number: "Health plan number",
  account_number: "Account number",
  certificate_license_number: "Certificate or licence number",
  vehicle_identifier: "Vehicle identifier",
  device_identifier: "Device identifier",
  url: "Web address",
  ip_address: "IP address",
  biometric_identifier: "Biometric identifier",
  full_face_photo: "Face photo",
  other_unique_identifier: "Identifying number",
  age_over_89: "Age over 89",
  patient_context: "Patient story",
};

/** The category in plain words ("phone_number" → "Phone number"). */
export function categoryLabel(category: string): string {
  return CATEGORY_LABELS[category as Category] ?? category.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** Findings in reading order, blocking before warning at the same place. */
export function sortFindings(findings: Finding[]): Finding[] {
  const rank: Record<Severity, number> = { blocking: 0, warning: 1, suppressed: 2 };
  return [...findings].sort((a, b) => a.utf16_start - b.utf16_start || rank[a.severity] - rank[b.severity]);
}

/** How many findings still block submission. */
export function blockingCount(findings: Finding[]): number {
  return findings.filter((f) => f.severity === "blocking").length;
}

/** Whether the finding's span still holds the text the scanner saw: a fix is
 * only offered while it does, so a stale finding never overwrites new typing. */
export function spanStillMatches(doc: string, finding: Finding): boolean {
  return doc.slice(finding.utf16_start, finding.utf16_end) === finding.text;
}

/** Common platform limits, as a hint while writing. */
export const PLATFORM_LIMITS = [
  { name: "X", limit: 280 },
  { name: "Instagram", limit: 2200 },
  { name: "LinkedIn", limit: 3000 },
] as const;

/** Characters as people count them (grapheme clusters where the platform
 * supports it, so an emoji counts once). */
export function countCharacters(text: string): number {
  const Segmenter = (Intl as unknown as { Segmenter?: new (l?: string, o?: object) => { segment(t: string): Iterable<unknown> } }).Segmenter;
  if (Segmenter) {
    let n = 0;
    for (const _ of new Segmenter(undefined, { granularity: "grapheme" }).segment(text)) n++;
    return n;
  }
  return [...text].length;
}

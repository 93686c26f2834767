// The editor's live PHI scan: a keystroke scans at once when no scan is in
// flight; keystrokes typed while one is in flight are coalesced into a single
// follow-up scan of the latest text (one scan in flight, latest text wins).
// A result that comes back for text that has changed since is not thrown away:
// its spans are mapped through the edits made meanwhile (CodeMirror's
// ChangeSet), so underlines stay on their words until the follow-up scan's
// result replaces them. There is no typing pause: the scan (a few ms in Rust)
// is cheaper than waiting for the author to stop.
import type { ChangeDesc } from "@codemirror/state";
import type { Finding } from "../phi";

/** What the live scan needs from the editor. */
export interface LiveScanHooks<F extends Finding = Finding> {
  /** The editor's text now. */
  text(): string;
  /** Scans one version of the text (the IPC round trip to the Rust scanner). */
  scan(text: string): Promise<F[]>;
  /** Shows findings whose offsets are in the current text; `fresh` is false
   * when they come from an older text and were mapped (a newer scan follows). */
  show(findings: F[], fresh: boolean): void;
  /** A scan failed (the next change or `rescan` tries again). */
  failed(error: unknown): void;
}

/**
 * Moves findings of an older text onto the current one through the edits made
 * since (`changes`: from the scanned text to the current one). A finding whose
 * span was edited, or touched at its edge, is dropped: its text may have
 * changed, and the follow-up scan reports it again if it still applies.
 */
export function mapFindings<F extends Finding>(findings: F[], changes: ChangeDesc): F[] {
  const mapped: F[] = [];
  for (const finding of findings) {
    const { utf16_start: from, utf16_end: to } = finding;
    if (from >= to || to > changes.length || changes.touchesRange(from, to)) continue;
    const start = changes.mapPos(from, 1);
    const end = changes.mapPos(to, -1);
    mapped.push(start === from && end === to ? finding : { ...finding, utf16_start: start, utf16_end: end });
  }
  return mapped;
}

export class LiveScan<F extends Finding = Finding> {
  private inFlight = false;
  /** Edits made since the in-flight scan read the text (null: none). */
  private sinceScan: ChangeDesc | null = null;
  /** A rescan was asked for while a scan was in flight (e.g. the allow-list changed). */
  private forced = false;
  /** Callers waiting for a scan that starts after they asked. */
  private waitingForNext: Array<() => void> = [];
  /** Callers waiting for the scan in flight. */
  private waitingForCurrent: Array<() => void> = [];

  constructor(private readonly hooks: LiveScanHooks<F>) {}

  /** Call on every document change, with the transaction's changes. */
  changed(changes: ChangeDesc): void {
    if (!this.inFlight) {
      this.start();
      return;
    }
    this.sinceScan = this.sinceScan ? this.sinceScan.composeDesc(changes) : changes;
  }

  /** Scans the current text now (or right after the scan in flight); resolves
   * once a scan that read the text after this call has been shown. */
  rescan(): Promise<void> {
    const done = new Promise<void>((resolve) => this.waitingForNext.push(resolve));
    if (this.inFlight) this.forced = true;
    else this.start();
    return done;
  }

  /** True while a scan is in flight. */
  get busy(): boolean {
    return this.inFlight;
  }

  private start(): void {
    this.inFlight = true;
    this.sinceScan = null;
    this.forced = false;
    this.waitingForCurrent.push(...this.waitingForNext);
    this.waitingForNext = [];
    let text: string;
    try {
      text = this.hooks.text();
    } catch (error) {
      this.finish(null, error);
      return;
    }
    this.hooks.scan(text).then(
      (findings) => this.finish(findings, null),
      (error: unknown) => this.finish(null, error),
    );
  }

  private finish(findings: F[] | null, error: unknown): void {
    const since = this.sinceScan;
    const again = since !== null || this.forced;
    this.inFlight = false;
    this.sinceScan = null;
    if (findings) this.hooks.show(since ? mapFindings(findings, since) : findings, since === null);
    else this.hooks.failed(error);
    const waiting = this.waitingForCurrent;
    this.waitingForCurrent = [];
    for (const resolve of waiting) resolve();
    if (again) this.start();
  }
}

// Autosave that loses no keystroke: every change asks for a save; at most one
// save is in flight, and when it ends the next one carries the latest text
// (intermediate versions are skipped, never the last one). `flush` resolves
// once the latest text is on disk.

export type SaveStatus = "saved" | "pending" | "saving" | "error";

export class Autosaver {
  private latest: string | null = null;
  private inFlight: Promise<void> | null = null;
  private lastSaved: string;
  private waiters: Array<() => void> = [];

  /** `save` writes one version; `onStatus` hears every change of status. */
  constructor(
    initial: string,
    private readonly save: (text: string) => Promise<void>,
    private readonly onStatus: (status: SaveStatus, error?: unknown) => void = () => {},
  ) {
    this.lastSaved = initial;
  }

  /** Asks for `text` to be saved (call on every change). */
  change(text: string): void {
    this.latest = text;
    if (text === this.lastSaved && !this.inFlight) {
      this.latest = null;
      this.onStatus("saved");
      return;
    }
    if (this.inFlight) {
      this.onStatus("pending");
      return;
    }
    this.run();
  }

  /** Resolves when the latest text asked for is saved (or failed). */
  flush(): Promise<void> {
    if (!this.inFlight && this.latest === null) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** True while a change is not yet on disk. */
  get dirty(): boolean {
    return this.inFlight !== null || this.latest !== null;
  }

  private run(): void {
    const text = this.latest;
    if (text === null) return;
    this.latest = null;
    this.onStatus("saving");
    this.inFlight = this.save(text).then(
      () => {
        this.lastSaved = text;
        this.finish(null);
      },
      (err: unknown) => {
        // Keep the unsaved text so the next change or flush retries it.
        if (this.latest === null) this.latest = text;
        this.finish(err);
      },
    );
  }

  private finish(error: unknown): void {
    this.inFlight = null;
    if (error !== null) {
      this.onStatus("error", error);
      this.release();
      return;
    }
    if (this.latest !== null && this.latest !== this.lastSaved) {
      this.run();
      return;
    }
    this.latest = null;
    this.onStatus("saved");
    this.release();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Retries a failed save now (e.g. on blur). */
  retry(): void {
    if (!this.inFlight && this.latest !== null) this.run();
  }
}

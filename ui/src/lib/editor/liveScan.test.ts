import { describe, expect, it } from "vitest";
import { ChangeSet, Text } from "@codemirror/state";
import type { Finding } from "../phi";
import { LiveScan, mapFindings } from "./liveScan";

/** A finding of `text` at its first occurrence in `doc`. */
function findingIn(doc: string, text: string): Finding {
  const at = doc.indexOf(text);
  if (at < 0) throw new Error(`${text} not in ${doc}`);
  return {
    start: at,
    end: at + text.length,
    utf16_start: at,
    utf16_end: at + text.length,
    category: "name",
    confidence: 0.9,
    text,
    reason: "a name",
    suggestion: "[name]",
    suppressed: false,
    severity: "blocking",
  };
}

/** A tiny editor: a document plus the changes each edit made. */
class FakeEditor {
  doc: Text;
  constructor(initial: string) {
    this.doc = Text.of(initial.split("\n"));
  }
  edit(spec: { from: number; to?: number; insert?: string }): ChangeSet {
    const changes = ChangeSet.of(spec, this.doc.length);
    this.doc = changes.apply(this.doc);
    return changes;
  }
  get text(): string {
    return this.doc.toString();
  }
}

/** A scanner that finds the given words and answers only when told to. */
class ManualScanner {
  calls: string[] = [];
  private pending: Array<() => void> = [];
  constructor(private readonly words: string[]) {}
  scan = (text: string): Promise<Finding[]> => {
    this.calls.push(text);
    return new Promise((resolve) =>
      this.pending.push(() => resolve(this.words.filter((w) => text.includes(w)).map((w) => findingIn(text, w)))),
    );
  };
  /** Answers the oldest scan and lets its continuation run. */
  async answer(): Promise<void> {
    const next = this.pending.shift();
    if (!next) throw new Error("no scan in flight");
    next();
    await new Promise((r) => setTimeout(r, 0));
  }
  get inFlight(): number {
    return this.pending.length;
  }
}

function setup(initial: string, words: string[]) {
  const editor = new FakeEditor(initial);
  const scanner = new ManualScanner(words);
  const shown: Array<{ findings: Finding[]; fresh: boolean }> = [];
  const errors: unknown[] = [];
  const live = new LiveScan({
    text: () => editor.text,
    scan: scanner.scan,
    show: (findings, fresh) => shown.push({ findings, fresh }),
    failed: (e) => errors.push(e),
  });
  return { editor, scanner, shown, errors, live };
}

describe("LiveScan", () => {
  it("scans at once when idle, and keeps one scan in flight with the latest text next", async () => {
    const { editor, scanner, shown, live } = setup("Call ", ["Jane Doe"]);
    for (const ch of "Jane Doe") live.changed(editor.edit({ from: editor.doc.length, insert: ch }));
    // The first keystroke scanned at once; the other seven wait for it.
    expect(scanner.calls).toEqual(["Call J"]);
    expect(scanner.inFlight).toBe(1);
    await scanner.answer();
    // One follow-up scan, of the latest text, not one per keystroke.
    expect(scanner.calls).toEqual(["Call J", "Call Jane Doe"]);
    await scanner.answer();
    expect(scanner.inFlight).toBe(0);
    const last = shown[shown.length - 1]!;
    expect(last.fresh).toBe(true);
    expect(last.findings.map((f) => [f.utf16_start, f.utf16_end])).toEqual([[5, 13]]);
  });

  it("maps a stale result through the edits made meanwhile, then rescans", async () => {
    const { editor, scanner, shown, live } = setup("Call Jane Doe today", ["Jane Doe"]);
    void live.rescan();
    live.changed(editor.edit({ from: 0, insert: "Please " }));
    await scanner.answer();
    // The result of "Call Jane Doe today" lands on the same words in the new text.
    expect(shown[0]!.fresh).toBe(false);
    const moved = shown[0]!.findings[0]!;
    expect(editor.text.slice(moved.utf16_start, moved.utf16_end)).toBe("Jane Doe");
    expect(moved.utf16_start).toBe(12);
    expect(scanner.calls[1]).toBe("Please Call Jane Doe today");
    await scanner.answer();
    expect(shown[1]!.fresh).toBe(true);
  });

  it("drops a stale finding whose span was edited", () => {
    const editor = new FakeEditor("Call Jane Doe today");
    const before = editor.text;
    const finding = findingIn(before, "Jane Doe");
    const keep = findingIn(before, "today");
    const changes = editor.edit({ from: 9, insert: "t" }); // "Janet Doe"
    const mapped = mapFindings([finding, keep], changes);
    expect(mapped.map((f) => f.text)).toEqual(["today"]);
    expect(editor.text.slice(mapped[0]!.utf16_start, mapped[0]!.utf16_end)).toBe("today");
  });

  it("reports a failed scan and scans again on the next change", async () => {
    const editor = new FakeEditor("Jane");
    const errors: unknown[] = [];
    let calls = 0;
    const live = new LiveScan({
      text: () => editor.text,
      scan: async () => {
        calls++;
        if (calls === 1) throw new Error("scanner unavailable");
        return [];
      },
      show: () => {},
      failed: (e) => errors.push(e),
    });
    await live.rescan();
    expect(errors.map(String)).toEqual(["Error: scanner unavailable"]);
    live.changed(editor.edit({ from: 4, insert: "t" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
    expect(live.busy).toBe(false);
  });

  it("rescan while a scan is in flight scans once more after it", async () => {
    const { scanner, live } = setup("Jane Doe", ["Jane Doe"]);
    void live.rescan();
    let done = false;
    void live.rescan().then(() => (done = true));
    await scanner.answer();
    expect(done).toBe(false);
    expect(scanner.calls).toHaveLength(2);
    await scanner.answer();
    expect(done).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { Autosaver, type SaveStatus } from "./autosave";

function deferredSaver() {
  const calls: { text: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const save = (text: string) =>
    new Promise<void>((resolve, reject) => calls.push({ text, resolve, reject }));
  return { calls, save };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("Autosaver", () => {
  it("keeps one save in flight and sends the latest text next", async () => {
    const { calls, save } = deferredSaver();
    const statuses: SaveStatus[] = [];
    const saver = new Autosaver("", save, (s) => statuses.push(s));
    saver.change("a");
    saver.change("ab");
    saver.change("abc");
    expect(calls.map((c) => c.text)).toEqual(["a"]);
    calls[0]!.resolve();
    await tick();
    expect(calls.map((c) => c.text)).toEqual(["a", "abc"]);
    const flushed = saver.flush();
    calls[1]!.resolve();
    await flushed;
    expect(saver.dirty).toBe(false);
    expect(statuses.at(-1)).toBe("saved");
  });

  it("keeps the text after a failed save and retries it", async () => {
    const { calls, save } = deferredSaver();
    const statuses: SaveStatus[] = [];
    const saver = new Autosaver("", save, (s) => statuses.push(s));
    saver.change("hello");
    calls[0]!.reject(new Error("disk full"));
    await tick();
    expect(statuses.at(-1)).toBe("error");
    expect(saver.dirty).toBe(true);
    saver.retry();
    expect(calls.map((c) => c.text)).toEqual(["hello", "hello"]);
    calls[1]!.resolve();
    await tick();
    expect(saver.dirty).toBe(false);
  });

  it("does not save text that is already saved", () => {
    const { calls, save } = deferredSaver();
    const saver = new Autosaver("same", save);
    saver.change("same");
    expect(calls).toHaveLength(0);
    expect(saver.dirty).toBe(false);
  });
});

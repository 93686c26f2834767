// Desktop-app measurements for BENCHMARKS.md ("Desktop app"), on the real
// binary over WebDriver. Not part of `npm test`: run it through the same
// harness as the tests, e.g.
//
//   scripts/tauri build --no-bundle      # release build (once; slow)
//   E2E_SCRIPT=bench-app.mjs BENCH_STARTS=3 flock /tmp/clearpost-e2e.lock \
//     tests/e2e/run.sh "$PWD/target/release/clearpost-app"
//
// It prints one JSON line per measurement:
//  - cold start: from asking tauri-driver for a session to an editable editor
//    (the app process starts, WebKit paints, the first profile form is up),
//    as WebDriver sees it (polling) and as the page marks it ("cp-editor-ready",
//    set by the editor on its first painted frame), split into the time before
//    the page's navigation starts (process, GTK, WebKit processes) and after it
//    (loading, parsing and running the UI);
//  - idle memory: the app and every WebKit child process, each and summed (Pss
//    where the kernel offers it, so shared pages are not counted twice), 10 s
//    after start;
//  - scan round trip: the scan_text command on a 5,000-word draft, invoked from
//    the page (IPC both ways + the scan), 20 runs, with the payload sizes;
//  - keystroke to highlights: one key typed at the end of a 5,000-word draft
//    until the underlines are redrawn (the editor scans at once, no pause).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import { application, startApp, stopApp } from "./helpers.mjs";

assert.ok(application && existsSync(application), `CLEARPOST_APP must point at the built app (got ${application})`);
const runs = Number(process.env.BENCH_STARTS ?? 3);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const report = (what, fields) => console.log(JSON.stringify({ what, ...fields }));

/** Every process under `pid` (the app and its WebKit helpers), with itself. */
function tree(pid) {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number));
  const all = [pid];
  for (let i = 0; i < all.length; i++) for (const [child, parent] of rows) if (parent === all[i]) all.push(child);
  return all;
}

function memoryKiB(pid) {
  const rollup = `/proc/${pid}/smaps_rollup`;
  const text = existsSync(rollup) ? readFileSync(rollup, "utf8") : "";
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
  return { rss: field("Rss"), pss: field("Pss") };
}

/** The app's own process: the one running exactly the binary under test. */
function appPid() {
  const binary = realpathSync(application);
  const pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  const mine = pids.filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/exe`) === binary;
    } catch {
      return false;
    }
  });
  assert.ok(mine.length > 0, `no running process of ${binary}`);
  return Number(mine[mine.length - 1]);
}

// Cold starts.
const starts = [];
const marked = [];
for (let i = 0; i < runs; i++) {
  const begin = performance.now();
  const beginEpoch = performance.timeOrigin + begin;
  const browser = await startApp();
  await browser.waitUntil(
    async () =>
      (await browser.$('[data-testid="editor-input"]').isDisplayed().catch(() => false)) ||
      (await browser.$('[data-testid="profile-create"]').isDisplayed().catch(() => false)) ||
      (await browser.$('[data-testid="profile-unlock"]').isDisplayed().catch(() => false)),
    { timeout: 120_000, interval: 25 },
  );
  starts.push(performance.now() - begin);
  // The page's own clock: when its navigation began and when the editor marked
  // its first painted frame (epoch ms on the same machine as ours).
  const page = await browser.executeAsync((done) => {
    const read = () => {
      const mark = performance.getEntriesByName("cp-editor-ready")[0];
      if (!mark) return void setTimeout(read, 5);
      done({ origin: performance.timeOrigin, ready: mark.startTime });
    };
    read();
  });
  marked.push({
    before_page_ms: page.origin - beginEpoch,
    page_to_editor_ms: page.ready,
    total_ms: page.origin + page.ready - beginEpoch,
  });
  if (i < runs - 1) await stopApp(browser);
  else {
    // Idle memory of the last one.
    await browser.pause(10_000);
    const pids = tree(appPid());
    const mem = pids.map(memoryKiB);
    const names = pids.map((p) => readFileSync(`/proc/${p}/comm`, "utf8").trim());
    report("idle memory", {
      processes: names,
      per_process: names.map((name, k) => ({
        name,
        pss_mib: +(mem[k].pss / 1024).toFixed(1),
        rss_mib: +(mem[k].rss / 1024).toFixed(1),
      })),
      rss_mib: +(mem.reduce((s, m) => s + m.rss, 0) / 1024).toFixed(1),
      pss_mib: +(mem.reduce((s, m) => s + m.pss, 0) / 1024).toFixed(1),
    });

    // A 5,000-word draft (the PHI bench fixture, repeated).
    const fixture = readFileSync(
      path.resolve(import.meta.dirname, "../../crates/clearpost-phi/benches/health_news_draft.md"),
      "utf8",
    );
    let text = "";
    while (text.split(/\s+/).filter(Boolean).length < 5000) text += fixture + "\n\n";
    text = text.split(/(\s+)/).reduce(
      (acc, part) => (acc.words >= 5000 ? acc : { out: acc.out + part, words: acc.words + (/\S/.test(part) ? 1 : 0) }),
      { out: "", words: 0 },
    ).out;
    const words = text.split(/\s+/).filter(Boolean).length;

    const times = await browser.executeAsync(async (text, done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      const out = [];
      let findings = 0;
      let replyBytes = 0;
      for (let i = 0; i < 21; i++) {
        const t0 = performance.now();
        const result = await invoke("scan_text", { text });
        if (i > 0) out.push(performance.now() - t0);
        findings = result.length;
        replyBytes = JSON.stringify(result).length;
      }
      done({ out, findings, requestBytes: JSON.stringify({ text }).length, replyBytes });
    }, text);
    assert.ok(times.findings > 0, "the 5,000-word draft has findings");
    report("scan_text round trip", {
      words,
      findings: times.findings,
      request_bytes: times.requestBytes,
      reply_bytes: times.replyBytes,
      runs: times.out.length,
      median_ms: +median(times.out).toFixed(1),
      max_ms: +Math.max(...times.out).toFixed(1),
    });

    // Keystroke to highlights: needs a profile and a draft holding the text.
    const unlocked = await browser.$('[data-testid="profile-create"]').isDisplayed().catch(() => false);
    if (unlocked) {
      await browser.$('[data-testid="profile-name"]').setValue("Bench Author");
      await browser.$('[data-testid="profile-passphrase"]').setValue("bench passphrase");
      await browser.$('[data-testid="profile-passphrase-confirm"]').setValue("bench passphrase");
      await browser.$('[data-testid="profile-create-save"]').click();
    }
    console.error("bench: profile ready, creating the long draft");
    const draftNew = await browser.$('[data-testid="draft-new"]');
    const canWrite = await draftNew.waitForClickable({ timeout: 30_000 }).then(
      () => true,
      () => false,
    );
    if (canWrite) {
      await draftNew.click();
      const current = await browser.$("li.current[data-testid='draft-item']");
      await current.waitForExist({ timeout: 30_000 });
      const id = await current.getAttribute("data-draft-id");
      await browser.executeAsync(async (id, text, done) => {
        await window.__TAURI_INTERNALS__.invoke("draft_autosave", { id, text });
        done();
      }, id, text);
      // Open another draft and come back, so the editor loads the long text.
      const currentId = () => browser.$("li.current[data-testid='draft-item']").getAttribute("data-draft-id").catch(() => null);
      await browser.$('[data-testid="draft-new"]').click();
      await browser.waitUntil(async () => ![null, id].includes(await currentId()), { timeout: 30_000 });
      await browser.$(`[data-draft-id="${id}"] [data-testid="draft-open"]`).click();
      await browser.waitUntil(async () => (await currentId()) === id, { timeout: 30_000 });
      const editor = await browser.$('[data-testid="editor-input"]');
      await browser
        // CodeMirror renders only the lines in view: wait for the long text, not for underlines.
        .waitUntil(
          async () => (await browser.execute(() => document.querySelector(".cm-content")?.textContent.length ?? 0)) > 2000,
          { timeout: 60_000 },
        )
        .catch(async (err) => {
          await browser.saveScreenshot(path.join(process.env.E2E_ARTIFACTS ?? ".", "bench-failure.png"));
          throw err;
        });
      console.error("bench: long draft open");
      await browser.pause(1000);
      await editor.click();
      const latencies = [];
      // Phone numbers with no doubled character (WebKitWebDriver collapses
      // repeats inside one key sequence), each new to the text.
      const numbers = ["(602) 519-4738", "(480) 731-2946", "(520) 947-3618", "(623) 481-7359", "(928) 613-4705",
        "(602) 847-1936", "(480) 196-2473", "(520) 374-6819", "(623) 915-2847", "(928) 140-3762"];
      for (const number of numbers) {
        await browser.keys(["Control", "End"]);
        await browser.execute((number) => {
          const host = document.querySelector(".cm-content");
          window.__cpLastKey = performance.now();
          host.addEventListener("keydown", () => (window.__cpLastKey = performance.now()), { capture: true });
          window.__cpMarks = new Promise((resolve) => {
            // Syntax highlighting may split one underline into several spans.
            const shown = () =>
              Array.from(host.querySelectorAll('[data-testid="phi-mark"]'), (m) => m.textContent)
                .join("")
                .includes(number);
            const observer = new MutationObserver(() => {
              if (shown()) {
                observer.disconnect();
                resolve(performance.now() - window.__cpLastKey);
              }
            });
            observer.observe(host, { childList: true, subtree: true, characterData: true, attributes: true });
          });
        }, number);
        await browser.keys(["Enter"]);
        await browser.keys(`Phone ${number}`);
        const ms = await browser
          .executeAsync((done) => Promise.race([window.__cpMarks, new Promise((r) => setTimeout(() => r(null), 15_000))]).then(done));
        if (ms === null) {
          await browser.saveScreenshot(path.join(process.env.E2E_ARTIFACTS ?? ".", "bench-failure.png"));
          const tail = await browser.execute(() => document.querySelector(".cm-content")?.textContent.slice(-200));
          throw new Error(`the underline of ${number} never appeared; the text ends with: ${tail}`);
        }
        latencies.push(ms);
      }
      report("keystroke to highlights", {
        words,
        runs: latencies.length,
        median_ms: +median(latencies).toFixed(1),
        max_ms: +Math.max(...latencies).toFixed(1),
        note: "from the last key of a typed phone number to its underline",
      });
    }
    await stopApp(browser);
  }
}
report("cold start to an editable window", {
  runs: starts.length,
  median_ms: Math.round(median(starts)),
  all_ms: starts.map(Math.round),
  page_mark_median_ms: Math.round(median(marked.map((m) => m.total_ms))),
  page_mark: marked.map((m) => ({
    total_ms: Math.round(m.total_ms),
    before_page_ms: Math.round(m.before_page_ms),
    page_to_editor_ms: Math.round(m.page_to_editor_ms),
  })),
});

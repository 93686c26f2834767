// A tampered audit log, found by the app: with the app closed, one event's
// payload is rewritten in the SQLite file (the update-refusing trigger
// dropped first, as a tamperer with file access could); after a restart,
// "Verify log" fails and names that event, and its row is marked.
//
// Runs on a fresh data folder (set aside and restored), so later tests keep
// an intact log.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import {
  appDataDir, artifacts, byTestId, clickTestId, createProfile, newDraftWithText, setDataDirAside, startApp,
  stopAll, stopApp, unlockProfile, waitForText,
} from "./helpers.mjs";
import { skipOrFail } from "./skip.mjs";

after(stopAll);

const sqlite = (db, sql) => execFileSync("sqlite3", [db, sql], { encoding: "utf8", timeout: 30_000 }).trim();

test("verify names the event that was altered while the app was closed", async (t) => {
  try {
    execFileSync("sqlite3", ["-version"]);
  } catch (err) {
    return skipOrFail(t, `the sqlite3 CLI is needed to tamper with the log (Debian: sqlite3, installed by scripts/install-deps): ${err.message}`);
  }
  const restore = setDataDirAside();
  try {
    const who = { name: "Tess Tamper", passphrase: "tamper passphrase 1" };
    let browser = await startApp();
    await byTestId(browser, "draft-list");
    await createProfile(browser, who.name, "author", who.passphrase);
    const draftId = await newDraftWithText(browser, "An ordinary post about the garden.");
    await clickTestId(browser, "open-audit");
    await clickTestId(browser, "audit-verify");
    const before = await waitForText(browser, "audit-verify-result", /verified|failed/);
    assert.match(before, /All \d+ events verified/, "the log verifies before it is touched");
    await stopApp(browser);

    const db = path.join(appDataDir, "clearpost.db");
    const seq = Number(sqlite(db, `SELECT seq FROM events WHERE kind = 'draft.created' AND subject = '${draftId}';`));
    assert.ok(seq > 0, `the draft's creation event is in the log (got ${seq})`);
    const total = Number(sqlite(db, "SELECT count(*) FROM events;"));
    sqlite(
      db,
      "DROP TRIGGER IF EXISTS events_refuse_update; " +
        `UPDATE events SET payload = replace(payload, '${draftId}', 'someone-elses-draft') WHERE seq = ${seq};`,
    );
    assert.match(sqlite(db, `SELECT payload FROM events WHERE seq = ${seq};`), /someone-elses-draft/, "the payload was altered");

    browser = await startApp();
    await byTestId(browser, "draft-list");
    await unlockProfile(browser, who.name, who.passphrase);
    await clickTestId(browser, "open-audit");
    await byTestId(browser, "audit-table");
    await clickTestId(browser, "audit-verify");
    const verdict = await waitForText(browser, "audit-verify-result", /verified|failed/);
    const intact = seq === 2 ? "The 1 event before it is intact" : `The ${seq - 1} events before it are intact`;
    assert.match(verdict, new RegExp(`^✗ Event ${seq} failed verification: .+\\. ${intact}\\.$`));
    assert.ok(seq <= total);
    const marked = await browser.execute(
      () => Array.from(document.querySelectorAll('[data-testid="audit-row"].bad'), (r) => r.textContent ?? "").length,
    );
    assert.equal(marked, 1, "exactly one row is marked as the broken event");
    await browser.saveScreenshot(path.join(artifacts, "audit-tampered.png"));
    await stopApp(browser);
  } finally {
    await stopAll();
    restore();
  }
});

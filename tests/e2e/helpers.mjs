// Shared helpers for the end-to-end tests: start and stop the real app over
// tauri-driver, wait for content, type text the way WebKitWebDriver needs,
// and kill the app process hard (crash tests).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { remote } from "webdriverio";

export const application = process.env.CLEARPOST_APP;
export const dataHome = process.env.XDG_DATA_HOME;
export const artifacts = process.env.E2E_ARTIFACTS ?? path.resolve("artifacts");
assert.ok(application && existsSync(application), `CLEARPOST_APP must point at the built app (got ${application})`);
assert.ok(dataHome, "XDG_DATA_HOME must be a throw-away folder");
mkdirSync(artifacts, { recursive: true });

export const appDataDir = path.join(dataHome, "org.clearpost.desktop");
const sessions = [];

export async function startApp() {
  // tauri-driver runs one session at a time: a test that failed before its
  // stopApp must not make every later test fail with "maximum sessions".
  await stopAll();
  const browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "warn",
    connectionRetryTimeout: 120_000,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application },
    },
  });
  sessions.push(browser);
  return browser;
}

export async function stopApp(browser) {
  sessions.splice(sessions.indexOf(browser), 1);
  await browser.deleteSession().catch(() => {});
}

/** Ends every session still open (call from `after`). */
export async function stopAll() {
  for (const browser of [...sessions]) await stopApp(browser);
}

/** The element with this data-testid, once displayed. */
export async function byTestId(browser, testId, timeout = 60_000) {
  const el = await browser.$(`[data-testid="${testId}"]`);
  await el.waitForDisplayed({ timeout });
  return el;
}

// WebKitWebDriver collapses a repeated character inside one key sequence
// ("555" arrives as "5"), so send runs that never repeat a character.
export async function typeText(browser, text) {
  let run = "";
  for (const ch of text) {
    if (run.endsWith(ch)) {
      await browser.keys(run);
      run = "";
    }
    run += ch;
  }
  if (run) await browser.keys(run);
}

/** Process ids of the app under test (argv[0] is the built binary), found
 * through /proc so only this binary's processes are touched. */
export function appPids() {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv0 = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0")[0];
      if (argv0 && path.resolve(argv0) === path.resolve(application)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Kills the app under test with SIGKILL (no chance to save anything). */
export function killAppHard() {
  const pids = appPids();
  assert.ok(pids.length > 0, "the app process was not found");
  for (const pid of pids) process.kill(pid, "SIGKILL");
  return pids;
}

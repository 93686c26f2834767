// Shared helpers for the end-to-end tests: start and stop the real app over
// tauri-driver, wait for content, type text the way WebKitWebDriver needs,
// and kill the app process hard (crash tests).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
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

/** Starts the app (or `binary`, a wrapper that starts it in another setting). */
export async function startApp(binary = application) {
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
      "tauri:options": { application: binary },
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

/** Puts `text` into the editor as a paste would (typing would go through
 * CodeMirror's bracket auto-closing and change the text); returns the editor. */
export async function pasteText(browser, text) {
  const editor = await byTestId(browser, "editor-input");
  await editor.click();
  await browser.execute((value) => {
    const target = document.querySelector('[data-testid="editor-input"] .cm-content') ?? document.activeElement;
    const data = new DataTransfer();
    data.setData("text/plain", value);
    target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  return editor;
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

// ---- Additions for review.test.mjs and audit.test.mjs ----

/** Clicks the element with this data-testid once it is clickable. */
export async function clickTestId(browser, testId, timeout = 30_000) {
  const el = await browser.$(`[data-testid="${testId}"]`);
  await el.waitForClickable({ timeout, timeoutMsg: `${testId} was not clickable` });
  await el.click();
}

/** Waits until the element's text matches `pattern`; returns the text. */
export async function waitForText(browser, testId, pattern, timeout = 30_000) {
  const el = await byTestId(browser, testId, timeout);
  await browser.waitUntil(async () => pattern.test(await el.getText()), {
    timeout,
    timeoutMsg: `${testId} never matched ${pattern} (last: ${await el.getText().catch(() => "?")})`,
  });
  return el.getText();
}

/** Creates a profile from the first-run form or "New profile…" and waits until it is signed in. */
export async function createProfile(browser, name, role, passphrase) {
  const $id = (testId) => browser.$(`[data-testid="${testId}"]`);
  await browser.waitUntil(
    async () => (await (await $id("profile-create")).isDisplayed()) || (await (await $id("profile-unlock")).isDisplayed()),
    { timeout: 60_000, timeoutMsg: "neither the create nor the unlock profile form appeared" },
  );
  if (await (await $id("profile-unlock")).isDisplayed()) await clickTestId(browser, "profile-new");
  await (await byTestId(browser, "profile-name")).setValue(name);
  await (await $id("profile-role")).selectByAttribute("value", role);
  await (await $id("profile-passphrase")).setValue(passphrase);
  await (await $id("profile-passphrase-confirm")).setValue(passphrase);
  await clickTestId(browser, "profile-create-save");
  await waitForText(browser, "profile-switcher", new RegExp(name));
}

/** Unlocks a profile from the start-up form (after a restart). */
export async function unlockProfile(browser, name, passphrase) {
  const choice = await byTestId(browser, "profile-choice");
  const value = await browser.execute(
    (wanted) =>
      Array.from(document.querySelectorAll('[data-testid="profile-choice"] option')).find((o) =>
        o.textContent.startsWith(wanted),
      )?.value ?? "",
    name,
  );
  assert.ok(value, `${name} is offered in the unlock form`);
  await choice.selectByAttribute("value", value);
  await (await byTestId(browser, "unlock-passphrase")).setValue(passphrase);
  await clickTestId(browser, "unlock-save");
  await waitForText(browser, "profile-switcher", new RegExp(name));
}

/** Switches to another local profile with its passphrase (profile menu). */
export async function switchProfile(browser, name, passphrase) {
  await clickTestId(browser, "profile-switcher");
  const choice = await byTestId(browser, "switch-choice");
  const value = await browser.execute(
    (wanted) =>
      Array.from(document.querySelectorAll('[data-testid="switch-choice"] option')).find((o) =>
        o.textContent.startsWith(wanted),
      )?.value ?? "",
    name,
  );
  assert.ok(value, `${name} is offered in the profile switcher`);
  await choice.selectByAttribute("value", value);
  await (await browser.$('[data-testid="switch-passphrase"]')).setValue(passphrase);
  await clickTestId(browser, "switch-save");
  await waitForText(browser, "profile-switcher", new RegExp(name));
}

/** Locks the current profile (the start-up form comes back). */
export async function lockProfile(browser) {
  await clickTestId(browser, "profile-switcher");
  await clickTestId(browser, "profile-lock");
}

/** Creates a draft, types `text` into it and waits until it is saved; returns its id. */
export async function newDraftWithText(browser, text) {
  await clickTestId(browser, "draft-new");
  const editor = await byTestId(browser, "editor-input");
  await browser.waitUntil(async () => (await browser.$("li.current[data-testid='draft-item']").isExisting()), {
    timeout: 20_000,
    timeoutMsg: "the new draft did not open",
  });
  const draftId = await browser.$("li.current[data-testid='draft-item']").getAttribute("data-draft-id");
  await editor.click();
  await typeText(browser, text);
  await browser.waitUntil(async () => (await editor.getText()) === text, {
    timeout: 10_000,
    timeoutMsg: "the editor did not receive the typed text",
  });
  await waitForText(browser, "save-status", /^Saved/, 20_000);
  return draftId;
}

/** Opens a draft from the draft list. */
export async function openDraft(browser, draftId) {
  const open = await browser.$(`[data-draft-id="${draftId}"] [data-testid="draft-open"]`);
  await open.waitForClickable({ timeout: 20_000 });
  await open.click();
  await browser.waitUntil(
    async () => (await browser.$("li.current[data-testid='draft-item']").getAttribute("data-draft-id")) === draftId,
    { timeout: 20_000, timeoutMsg: `draft ${draftId} did not open` },
  );
}

/** The reviewer's queue entry whose text contains `needle`, clicked open. */
export async function openQueueItem(browser, needle, timeout = 30_000) {
  let found = null;
  await browser.waitUntil(
    async () => {
      for (const item of await browser.$$('[data-testid="queue-item"]')) {
        // textContent: the excerpt is clipped with an ellipsis, which getText leaves out.
        if ((await item.getProperty("textContent")).includes(needle)) {
          found = item;
          return true;
        }
      }
      return false;
    },
    { timeout, timeoutMsg: `no submission in the queue mentions ${needle}` },
  );
  await found.click();
  await byTestId(browser, "submission-view");
}

/** Moves the app's data folder aside (the app must be stopped) so the next
 * start is a fresh machine; the returned function (app stopped again) throws
 * the fresh data away and puts the saved folder back. */
let asideCount = 0;
export function setDataDirAside() {
  // Unique per call, so a fresh folder can itself be set aside (two machines).
  const saved = `${appDataDir}.aside-${process.pid}-${++asideCount}`;
  const had = existsSync(appDataDir);
  if (had) renameSync(appDataDir, saved);
  return () => {
    rmSync(appDataDir, { recursive: true, force: true });
    if (had) renameSync(saved, appDataDir);
  };
}

/** Hovers the first underline of `category` and presses the hover card's `action` button. */
export async function hoverAction(browser, category, action) {
  const mark = await browser.$(`[data-testid="phi-mark"][data-category="${category}"]`);
  await mark.waitForDisplayed({ timeout: 20_000 });
  const button = await browser.$(`[data-testid="${action}"]`);
  // The hover card opens on a pointer move onto the mark: move away first so
  // the move is a real one even if the pointer was already there.
  for (let attempt = 0; attempt < 3; attempt++) {
    await (await browser.$('[data-testid="editor-title"]')).moveTo();
    await browser.pause(150);
    await mark.moveTo();
    if (await button.waitForDisplayed({ timeout: 5_000 }).catch(() => false)) break;
  }
  await button.waitForDisplayed({ timeout: 5_000, timeoutMsg: `the hover card of the ${category} has no ${action}` });
  await button.click();
}

/** Categories of the underlines the editor shows now. */
export function marksShown(browser) {
  return browser.execute(() =>
    Array.from(document.querySelectorAll('[data-testid="phi-mark"]'), (mark) => mark.getAttribute("data-category")),
  );
}

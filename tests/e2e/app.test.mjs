// End-to-end test of the real Clearpost app: tauri-driver starts the built
// binary inside Xvfb and WebdriverIO drives its WebKit webview.
//
// Run through tests/e2e/run.sh, which builds nothing: it expects the app built
// with `npx tauri build --debug --no-bundle` and sets up Xvfb, tauri-driver and
// a throw-away XDG_DATA_HOME.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { appDataDir, artifacts, startApp, stopAll, stopApp, typeText } from "./helpers.mjs";

// Under load the window appears quickly but paints late: wait for content.
async function textOf(browser, testId, timeout = 60_000) {
  const el = await browser.$(`[data-testid="${testId}"]`);
  await el.waitForDisplayed({ timeout });
  return el.getText();
}

after(stopAll);

const displayName = "Dana Reyes";

test("the window shows the app frame and the engine round trip", async () => {
  const browser = await startApp();
  for (const panel of ["draft-list", "editor", "attachments", "review", "status-bar"]) {
    assert.ok(await (await browser.$(`[data-testid="${panel}"]`)).waitForDisplayed({ timeout: 60_000 }), panel);
  }
  // The status bar is filled by a Tauri command that calls clearpost-core.
  const version = await textOf(browser, "engine-version");
  assert.match(version, /^Engine \d+\.\d+\.\d+$/);
  const models = await textOf(browser, "engine-models");
  assert.match(models, /^\d+\/4 models ready/);
  if (process.env.E2E_EXPECT_MODELS === "1") assert.equal(models, "4/4 models ready");
  assert.match(await textOf(browser, "engine-schema"), /^database schema [1-9]\d*$/);
  // The command opened (and migrated) the database in the platform data folder.
  assert.ok(existsSync(path.join(appDataDir, "clearpost.db")), "database created in the app data dir");
  // WebKit under Xvfb can hand out the previous frame: give it a moment to paint.
  await browser.pause(750);
  await browser.saveScreenshot(path.join(artifacts, "main-window.png"));
  await stopApp(browser);
});

test("the display name setting survives a restart", async () => {
  let browser = await startApp();
  await (await browser.$('[data-testid="profile-button"]')).waitForClickable({ timeout: 60_000 });
  await (await browser.$('[data-testid="profile-button"]')).click();
  const input = await browser.$('[data-testid="display-name-input"]');
  await input.waitForDisplayed({ timeout: 10_000 });
  await input.setValue(displayName);
  await (await browser.$('[data-testid="display-name-save"]')).click();
  const shown = await browser.$('[data-testid="display-name"]');
  await shown.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await shown.getText(), displayName);
  assert.ok(existsSync(path.join(appDataDir, "settings.json")), "settings saved to the store file");
  await stopApp(browser);

  browser = await startApp();
  const el = await browser.$('[data-testid="display-name"]');
  await el.waitUntil(async () => (await el.getText()) === displayName, {
    timeout: 60_000,
    timeoutMsg: "the display name did not come back after a restart",
  });
  await textOf(browser, "engine-version");
  await browser.pause(750);
  await browser.saveScreenshot(path.join(artifacts, "main-window-named.png"));
  await stopApp(browser);
});

test("PHI is underlined as the author types, and a quick fix replaces it", async () => {
  const browser = await startApp();
  const editor = await browser.$('[data-testid="editor-input"]');
  await editor.waitForDisplayed({ timeout: 60_000 });
  await editor.click();
  const typed = "Our patient John Whitaker can be reached at (602) 555-0147 after lunch.";
  await typeText(browser, typed);
  await browser.waitUntil(async () => (await editor.getText()) === typed, {
    timeout: 10_000,
    timeoutMsg: "the editor did not receive the typed text",
  });

  const categoriesShown = () =>
    browser.execute(() =>
      Array.from(document.querySelectorAll('[data-testid="phi-mark"]'), (mark) => mark.getAttribute("data-category")),
    );
  await browser.waitUntil(
    async () => {
      const categories = await categoriesShown();
      return categories.includes("name") && categories.includes("phone_number");
    },
    { timeout: 20_000, timeoutMsg: "the name and the phone number were not both underlined" },
  );
  const listed = await browser.execute(() => document.querySelectorAll('[data-testid="finding-item"]').length);
  assert.ok(listed >= 2, "the findings panel lists the findings");

  // Hover the phone number, take the one-click fix from the hover card.
  const phone = await browser.$('[data-testid="phi-mark"][data-category="phone_number"]');
  await phone.moveTo();
  const fix = await browser.$('[data-testid="phi-fix"]');
  await fix.waitForDisplayed({ timeout: 10_000 });
  const label = await fix.getText();
  await browser.pause(500);
  await browser.saveScreenshot(path.join(artifacts, "editor-findings.png"));
  await fix.click();
  await browser.waitUntil(async () => !(await editor.getText()).includes("555-0147"), {
    timeout: 10_000,
    timeoutMsg: "the quick fix did not replace the phone number",
  });
  const suggestion = label.match(/“(.*)”/)[1];
  assert.ok((await editor.getText()).includes(suggestion), `the text now holds the suggestion ${suggestion}`);
  await browser.waitUntil(async () => !(await categoriesShown()).includes("phone_number"), {
    timeout: 10_000,
    timeoutMsg: "the phone number stayed underlined after the fix",
  });
  assert.ok((await categoriesShown()).includes("name"), "the name is still flagged");
  await stopApp(browser);
});

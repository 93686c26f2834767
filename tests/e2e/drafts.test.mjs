// End-to-end tests of drafts, profiles, autosave, quick fixes, preview and
// settings in the real app (run through tests/e2e/run.sh, after app.test.mjs).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { artifacts, byTestId, killAppHard, startApp, stopAll, stopApp, typeText } from "./helpers.mjs";

after(stopAll);

const passphrase = "correct horse battery";

async function items(browser) {
  return browser.execute(() =>
    Array.from(document.querySelectorAll('[data-testid="draft-item"]'), (li) => ({
      id: li.getAttribute("data-draft-id"),
      title: li.querySelector('[data-testid="draft-title"]')?.textContent ?? "",
      state: li.querySelector('[data-testid="draft-state"]')?.textContent ?? "",
    })),
  );
}

async function waitItems(browser, predicate, message) {
  await browser.waitUntil(async () => predicate(await items(browser)), { timeout: 15_000, timeoutMsg: message });
  return items(browser);
}

async function clickIn(browser, id, testId) {
  await (await browser.$(`[data-draft-id="${id}"] [data-testid="${testId}"]`)).click();
}

const ids = (list) => list.map((d) => d.id);

async function waitSaved(browser) {
  const status = await byTestId(browser, "save-status");
  await status.waitUntil(async () => (await status.getText()) === "Saved", {
    timeout: 15_000,
    timeoutMsg: "the editor never said Saved",
  });
}

/** Creates a draft with the New button; returns its id, with the editor focused. */
async function newDraft(browser) {
  const before = ids(await items(browser));
  await (await byTestId(browser, "draft-new")).click();
  const list = await waitItems(browser, (l) => l.some((d) => !before.includes(d.id)), "the new draft did not appear in the list");
  const created = list.find((d) => !before.includes(d.id));
  const editor = await byTestId(browser, "editor-input");
  await editor.click();
  return { id: created.id, editor };
}

// Other test files create profiles of their own in the same data folder:
// this file makes its own author and unlocks it by name afterwards.
const profileName = `Drafts Tester ${Date.now()}`;
let created = false;

async function signIn(browser) {
  const form = await browser.$('[data-testid="profile-create"], [data-testid="profile-unlock"]');
  await form.waitForDisplayed({ timeout: 60_000 });
  if (!created) {
    if ((await form.getAttribute("data-testid")) === "profile-unlock") await (await byTestId(browser, "profile-new")).click();
    await (await byTestId(browser, "profile-name")).setValue(profileName);
    await (await byTestId(browser, "profile-passphrase")).setValue(passphrase);
    await (await byTestId(browser, "profile-passphrase-confirm")).setValue(passphrase);
    await (await byTestId(browser, "profile-create-save")).click();
    created = true;
  } else {
    await (await byTestId(browser, "profile-choice")).selectByVisibleText(`${profileName} (author)`);
    await (await byTestId(browser, "unlock-passphrase")).setValue(passphrase);
    await (await byTestId(browser, "unlock-save")).click();
  }
  const newButton = await browser.$('[data-testid="draft-new"]');
  await newButton.waitForEnabled({ timeout: 20_000, timeoutMsg: "signing in did not enable New" });
}

let firstDraft = null;

test("profile, then drafts: create, type, rename, duplicate, trash and restore, search", async () => {
  const browser = await startApp();
  await signIn(browser);
  const { id } = await newDraft(browser);
  firstDraft = id;
  await typeText(browser, "Spring gala at the clinic");
  await waitSaved(browser);

  await clickIn(browser, id, "draft-rename");
  const rename = await byTestId(browser, "draft-rename-input");
  await rename.setValue("Spring gala");
  await (await byTestId(browser, "draft-rename-save")).click();
  await waitItems(browser, (l) => l.find((d) => d.id === id)?.title === "Spring gala", "the rename did not show");
  const heading = await browser.execute(() => document.querySelector('[data-testid="editor-title"]')?.textContent);
  assert.equal(heading, "Spring gala", "the editor shows the new title");

  const before = ids(await items(browser));
  await clickIn(browser, id, "draft-duplicate");
  let list = await waitItems(browser, (l) => l.some((d) => !before.includes(d.id)), "the duplicate did not appear");
  const copy = list.find((d) => !before.includes(d.id));
  assert.equal(copy.title, "Spring gala (copy)");
  assert.equal(copy.state, "draft");
  assert.equal(list.find((d) => d.id === id).state, "draft");

  await clickIn(browser, copy.id, "draft-trash");
  await waitItems(browser, (l) => !ids(l).includes(copy.id), "the trashed draft stayed in the list");
  await (await byTestId(browser, "trash-toggle")).click();
  await waitItems(browser, (l) => ids(l).includes(copy.id) && !ids(l).includes(id), "the trash does not show (only) the trashed draft");
  await clickIn(browser, copy.id, "draft-restore");
  await waitItems(browser, (l) => !ids(l).includes(copy.id), "the restored draft stayed in the trash");
  await (await byTestId(browser, "trash-toggle")).click();
  await waitItems(browser, (l) => ids(l).includes(copy.id) && ids(l).includes(id), "the restored draft is not back among the drafts");

  const search = await byTestId(browser, "draft-search");
  await search.setValue("GALA AT THE CLINIC");
  await waitItems(browser, (l) => l.length === 2 && ids(l).includes(id) && ids(l).includes(copy.id), "searching the text (any case) did not find exactly both drafts");
  await search.setValue("spring gala (copy)");
  await waitItems(browser, (l) => l.length === 1 && l[0].id === copy.id, "searching the title failed");
  await search.setValue("no such words anywhere");
  await waitItems(browser, (l) => l.length === 0, "a search for absent words listed drafts");
  await search.setValue("Spring gala");
  await clickIn(browser, id, "draft-open");
  const editor = await byTestId(browser, "editor-input");
  await editor.waitUntil(async () => (await editor.getText()) === "Spring gala at the clinic", {
    timeout: 15_000,
    timeoutMsg: "opening the draft did not load its text",
  });
  await browser.pause(500);
  await browser.saveScreenshot(path.join(artifacts, "drafts.png"));
  await stopApp(browser);
});

test("autosaved text survives kill -9 of the app", async () => {
  let browser = await startApp();
  await signIn(browser);
  const { id } = await newDraft(browser);
  const typed = "Crash safe text 42";
  await typeText(browser, typed);
  await waitSaved(browser);
  killAppHard();
  await stopApp(browser);

  browser = await startApp();
  await signIn(browser);
  await waitItems(browser, (l) => ids(l).includes(id), "the draft did not come back after the crash");
  await clickIn(browser, id, "draft-open");
  const editor = await byTestId(browser, "editor-input");
  await editor.waitUntil(async () => (await editor.getText()) === typed, {
    timeout: 15_000,
    timeoutMsg: "the text typed before the crash is not in the draft",
  });
  if (firstDraft) {
    await clickIn(browser, firstDraft, "draft-open");
    await editor.waitUntil(async () => (await editor.getText()) === "Spring gala at the clinic", {
      timeout: 15_000,
      timeoutMsg: "the first draft's text did not come back",
    });
  }
  await stopApp(browser);
});

test("the allow-list quick fix removes the underline; the preview shows rendered Markdown", async () => {
  const browser = await startApp();
  await signIn(browser);
  const { editor } = await newDraft(browser);
  await typeText(browser, "# Gala night call (602) 555-0199 for **tickets**");
  const phoneMarks = () =>
    browser.execute(() => document.querySelectorAll('[data-testid="phi-mark"][data-category="phone_number"]').length);
  await browser.waitUntil(async () => (await phoneMarks()) > 0, { timeout: 20_000, timeoutMsg: "the phone number was not underlined" });
  await (await browser.$('[data-testid="phi-mark"][data-category="phone_number"]')).moveTo();
  const allow = await byTestId(browser, "phi-allow", 10_000);
  await allow.click();
  await browser.waitUntil(async () => (await phoneMarks()) === 0, {
    timeout: 15_000,
    timeoutMsg: "the phone number stayed underlined after it was allowed",
  });
  assert.ok((await editor.getText()).includes("555-0199"), "allowing keeps the text as it is");
  const listed = await browser.execute(() =>
    Array.from(document.querySelectorAll('[data-testid="finding-item"]'), (b) => b.textContent).join(" | "),
  );
  assert.ok(!listed.includes("555-0199"), `the allowed phrase is not listed as a finding (${listed})`);

  await (await byTestId(browser, "preview-toggle")).click();
  const body = await byTestId(browser, "preview-body");
  await browser.waitUntil(
    async () =>
      browser.execute(() => {
        const h1 = document.querySelector('[data-testid="preview-body"] h1');
        return !!h1 && h1.textContent.includes("Gala night") && !!h1.querySelector("strong");
      }),
    { timeout: 15_000, timeoutMsg: "the preview did not render the heading with bold text" },
  );
  assert.match(await body.getText(), /tickets/);
  await browser.pause(500);
  await browser.saveScreenshot(path.join(artifacts, "preview.png"));

  await (await byTestId(browser, "settings-open")).click();
  const allowList = await byTestId(browser, "settings-allow-list");
  assert.match(await allowList.getValue(), /555-0199/);
  await browser.pause(300);
  await browser.saveScreenshot(path.join(artifacts, "settings.png"));
  await (await byTestId(browser, "settings-theme")).selectByAttribute("value", "dark");
  await (await byTestId(browser, "settings-save")).click();
  await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.dataset.theme)) === "dark", {
    timeout: 10_000,
    timeoutMsg: "the dark theme was not applied",
  });
  await stopApp(browser);
});

test("clicking a finding selects it; override with a reason shows it as kept", async () => {
  const browser = await startApp();
  await signIn(browser);
  await newDraft(browser);
  await typeText(browser, "Thanks to our patient Odalys Brenneman for her story");
  const nameMark = '[data-testid="phi-mark"][data-category="name"]';
  await (await browser.$(nameMark)).waitForDisplayed({ timeout: 20_000, timeoutMsg: "the name was not underlined" });

  // Jump: the findings panel selects the span in the editor.
  const flagged = await browser.execute(
    () => document.querySelector('[data-testid="finding-item"] .finding-text')?.textContent ?? "",
  );
  assert.ok(flagged.length > 0, "the findings panel lists a finding");
  await (await browser.$('[data-testid="finding-item"]')).click();
  await browser.waitUntil(async () => (await browser.execute(() => String(document.getSelection()))) === flagged, {
    timeout: 10_000,
    timeoutMsg: `clicking the finding did not select “${flagged}” in the editor`,
  });

  await (await browser.$(nameMark)).moveTo();
  await (await byTestId(browser, "phi-override", 10_000)).click();
  const reason = await byTestId(browser, "override-reason");
  await reason.setValue("Shared with written consent");
  await (await byTestId(browser, "override-save")).click();
  await browser.waitUntil(
    async () => (await (await browser.$(nameMark)).getAttribute("data-state")) === "overridden",
    { timeout: 10_000, timeoutMsg: "the kept name is still shown as a finding to fix" },
  );
  const states = await browser.execute(() =>
    Array.from(document.querySelectorAll('[data-testid="finding-item"]'), (b) => [b.getAttribute("data-state"), b.textContent]),
  );
  const kept = states.find(([, text]) => text.includes("Odalys Brenneman"));
  assert.ok(kept && kept[0] === "overridden" && kept[1].includes("Shared with written consent"), JSON.stringify(states));
  await stopApp(browser);
});

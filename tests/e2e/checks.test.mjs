// A check that cannot run never passes silently: started without the PHI word
// lists and model, the app says so in the window, refuses to check text, and
// keeps Submit disabled (it used to fall back to a weaker scanner with only a
// line on stderr).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  byTestId,
  createProfile,
  newDraftWithText,
  startApp,
  stopAll,
  waitForText,
} from "./helpers.mjs";

after(stopAll);

const withoutLists = path.resolve(import.meta.dirname, "without-word-lists.sh");

test("without its word lists the window says the text check cannot run and Submit stays disabled", async () => {
  const browser = await startApp(withoutLists);
  await byTestId(browser, "draft-list");
  await createProfile(browser, "Quill Ansgar", "author", "a long enough passphrase 7");
  const problem = await waitForText(browser, "text-check-problem", /PHI text check cannot run/);
  assert.match(problem, /submitting are blocked/);

  // Typing still works and is saved, but the scan refuses with the same reason.
  await newDraftWithText(browser, "Visiting hours change on the third floor.");
  await waitForText(browser, "scan-error", /PHI text check cannot run/);

  const submit = await byTestId(browser, "submit-draft");
  assert.equal(await submit.isEnabled(), false, "Submit must stay disabled while the check cannot run");
  await waitForText(browser, "submit-blocked-check", /Submitting is blocked/);
});

// End-to-end test of the Photos panel in the real app: attach a photo that
// carries a GPS position, see the position reported in plain words and a
// face found, draw a box, save, and check the saved attachment (read straight
// from the app's content store) has no GPS left.
//
// The picture is the repository's docs/redaction-before.png with a GPS
// position added by exiftool at test time.
//
// The GTK file dialog cannot be driven over WebDriver: run.sh sets
// CLEARPOST_E2E_PICK (honoured by debug builds only) to a path this test
// fills before pressing "Attach".
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startApp, stopAll } from "./helpers.mjs";
import { skipOrFail } from "./skip.mjs";

const application = process.env.CLEARPOST_APP;
const dataHome = process.env.XDG_DATA_HOME;
const pickPath = process.env.CLEARPOST_E2E_PICK;
const artifacts = process.env.E2E_ARTIFACTS ?? path.resolve("artifacts");
// The repository's own before/after picture (NASA portrait, public domain, and a
// made-up patient record): a face and a record with PHI, safe to show in docs.
const sourcePhoto = fileURLToPath(new URL("../../docs/redaction-before.png", import.meta.url));

function skipReason() {
  if (!existsSync(sourcePhoto)) return `the test picture is missing (${sourcePhoto})`;
  if (!pickPath) return "CLEARPOST_E2E_PICK is not set (run through tests/e2e/run.sh)";
  try {
    execFileSync("exiftool", ["-ver"], { stdio: "ignore" });
  } catch {
    return "exiftool is not installed (Debian: libimage-exiftool-perl)";
  }
  return null;
}

after(stopAll);

const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

// WebKitWebDriver collapses a repeated character inside one key sequence:
// set input values through setValue, one field at a time.
async function fill(browser, id, value) {
  const input = await byTestId(browser, id);
  await input.waitForDisplayed({ timeout: 30_000 });
  await input.setValue(value);
}

/** A fresh author profile and a new draft, through the drafts UI. */
async function openNewDraft(browser) {
  const create = await byTestId(browser, "profile-create");
  const unlock = await byTestId(browser, "profile-unlock");
  await browser.waitUntil(async () => (await create.isDisplayed()) || (await unlock.isDisplayed()), {
    timeout: 60_000,
    timeoutMsg: "neither the create-profile nor the unlock form appeared",
  });
  if (await unlock.isDisplayed()) await (await byTestId(browser, "profile-new")).click();
  await fill(browser, "profile-name", `Photo Tester ${Date.now()}`);
  await fill(browser, "profile-passphrase", "a long photo passphrase");
  await fill(browser, "profile-passphrase-confirm", "a long photo passphrase");
  await (await byTestId(browser, "profile-create-save")).click();
  const newDraft = await byTestId(browser, "draft-new");
  await newDraft.waitForClickable({ timeout: 60_000 });
  await newDraft.click();
}

test("a photo's GPS is reported, faces boxed, a drawn box kept, and the saved copy is clean", async (t) => {
  const reason = skipReason();
  if (reason) return skipOrFail(t, `the Photos e2e test: ${reason}`);
  // The test photo: a face and a patient record, with a GPS position written in.
  mkdirSync(path.dirname(pickPath), { recursive: true });
  copyFileSync(sourcePhoto, pickPath);
  execFileSync("exiftool", [
    "-q",
    "-overwrite_original",
    "-GPSLatitude=33.4942",
    "-GPSLatitudeRef=N",
    "-GPSLongitude=111.9261",
    "-GPSLongitudeRef=W",
    pickPath,
  ]);
  assert.match(execFileSync("exiftool", ["-GPSPosition", pickPath]).toString(), /33 deg/);

  const browser = await startApp();
  await openNewDraft(browser);

  const attach = await byTestId(browser, "attach-photos");
  await attach.waitForClickable({ timeout: 30_000 });
  const started = Date.now();
  await attach.click();
  // Detection runs in a debug build: allow it time, the panel shows progress meanwhile.
  const card = await byTestId(browser, "photo-card");
  await card.waitForDisplayed({ timeout: 180_000 });
  console.log(`photo attached and analysed in ${Date.now() - started} ms (click to card)`);

  const metadata = await (await byTestId(browser, "photo-metadata")).getText();
  assert.match(metadata, /GPS position.*33\.49.*N.*111\.92.*W.*will be removed/s);

  const faces = await browser.$$('[data-testid="photo-box"][data-kind="face"]');
  assert.ok(faces.length >= 1, "at least one face box is drawn over the photo");
  // The record's text is read and its PHI listed.
  const text = await (await byTestId(browser, "photo-text")).getText();
  assert.match(text, /must not be published/);

  // Draw a box by dragging across the photo's lower left corner.
  const stage = await byTestId(browser, "photo-stage");
  const size = await stage.getSize();
  await browser
    .action("pointer", { parameters: { pointerType: "mouse" } })
    .move({ origin: stage, x: -Math.round(size.width * 0.4), y: Math.round(size.height * 0.2) })
    .down({ button: 0 })
    .move({ origin: stage, x: -Math.round(size.width * 0.2), y: Math.round(size.height * 0.4), duration: 200 })
    .up({ button: 0 })
    .perform();
  const drawn = await browser.$('[data-testid="photo-box"][data-kind="manual"]');
  await drawn.waitForExist({ timeout: 10_000 });

  // The new box is selected: Shift+Right widens it from the keyboard.
  const outline = await drawn.$("rect");
  const widthBefore = Number(await outline.getAttribute("width"));
  await browser.keys(["Shift", "ArrowRight"]);
  await browser.waitUntil(async () => Number(await outline.getAttribute("width")) > widthBefore, {
    timeout: 5_000,
    timeoutMsg: "Shift+ArrowRight did not widen the selected box",
  });

  await (await byTestId(browser, "photo-save")).click();
  const note = await byTestId(browser, "photo-saved-note");
  await note.waitForDisplayed({ timeout: 120_000 });
  assert.match(await note.getText(), /free of metadata/);

  // Independent check: the stored attachment, read by exiftool, has no GPS.
  const sha256 = await card.getAttribute("data-sanitised");
  assert.match(sha256, /^[0-9a-f]{64}$/);
  const stored = path.join(dataHome, "org.clearpost.desktop", "attachments", sha256.slice(0, 2), sha256.slice(2));
  assert.ok(existsSync(stored), `the saved photo is in the content store (${stored})`);
  const tags = execFileSync("exiftool", ["-a", "-G1", "-s", stored]).toString();
  assert.doesNotMatch(tags, /GPS/i);
  // The user's own file still has its GPS: it was only read.
  assert.match(execFileSync("exiftool", ["-GPSPosition", pickPath]).toString(), /33 deg/);

  mkdirSync(artifacts, { recursive: true });
  const shot = path.join(artifacts, "photos-panel.png");
  await card.scrollIntoView();
  await card.saveScreenshot(shot);
  assert.ok(statSync(shot).size > 0);
  await browser.saveScreenshot(path.join(artifacts, "photos-window.png"));
});

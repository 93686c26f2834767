// A hostile draft in the real app's preview: every payload below would set
// window.__xss (or navigate) if it ran. The preview HTML comes from
// clearpost_core::preview (pulldown-cmark + ammonia) and the page's CSP forbids
// inline script; this test checks what actually reaches the DOM and that
// nothing ran.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { byTestId, pasteText, startApp, stopAll } from "./helpers.mjs";

after(stopAll);

const passphrase = "xss probe passphrase";
const profileName = `XSS Tester ${Date.now()}`;

const payloads = [
  "<script>window.__xss = 1</script>",
  '<img src=x onerror="window.__xss = 2">',
  '<svg onload="window.__xss = 3"><script>window.__xss = 4</script></svg>',
  "[plain js link](javascript:window.__xss=5)",
  "[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9Njwvc2NyaXB0Pg==)",
  '<a href="jAvAsCrIpT:window.__xss=7">mixed case</a>',
  '<iframe src="javascript:window.__xss=8"></iframe>',
  '<div style="background:url(javascript:window.__xss=9)">styled</div>',
  '<details open ontoggle="window.__xss=10">details</details>',
  '<body onload="window.__xss=11">',
  '<a href="&#106;avascript:window.__xss=13">entity link</a>',
  "![image](javascript:window.__xss=14)",
  '<object data="javascript:window.__xss=15"></object><embed src="javascript:window.__xss=16">',
  '<form action="javascript:window.__xss=17"><button formaction="javascript:window.__xss=18">go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=19">',
  '<a href=" javascript:window.__xss=20">leading space</a>',
  "<!--><img src=x onerror=window.__xss=21>-->",
  '<svg><a xlink:href="javascript:window.__xss=22"><text x="20" y="20">svg link</text></a></svg>',
  '<input autofocus onfocus="window.__xss=23">',
  "![remote](https://example.com/track.png)",
  "[an ordinary remote link](https://example.org/)",
  // Last: an unclosed <style> swallows the rest of the preview as raw text.
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=12">',
];
const hostile = ["# XSS probe", "", ...payloads.flatMap((p) => [p, ""]), "Closing line."].join("\n");

/** Pastes the hostile draft and waits until the editor holds all of it. */
async function pasteIntoEditor(browser, text) {
  const editor = await pasteText(browser, text);
  await browser.waitUntil(async () => (await editor.getText()).includes("Closing line."), {
    timeout: 15_000,
    timeoutMsg: "the hostile draft did not reach the editor",
  });
}

test("a hostile Markdown draft renders in the preview with nothing executable", async () => {
  const browser = await startApp();
  const form = await browser.$('[data-testid="profile-create"], [data-testid="profile-unlock"]');
  await form.waitForDisplayed({ timeout: 60_000 });
  if ((await form.getAttribute("data-testid")) === "profile-unlock") await (await byTestId(browser, "profile-new")).click();
  await (await byTestId(browser, "profile-name")).setValue(profileName);
  await (await byTestId(browser, "profile-passphrase")).setValue(passphrase);
  await (await byTestId(browser, "profile-passphrase-confirm")).setValue(passphrase);
  await (await byTestId(browser, "profile-create-save")).click();
  const newButton = await browser.$('[data-testid="draft-new"]');
  await newButton.waitForEnabled({ timeout: 20_000 });
  await newButton.click();

  const appUrl = await browser.execute(() => window.location.href);
  await pasteIntoEditor(browser, hostile);
  await (await byTestId(browser, "preview-toggle")).click();
  await byTestId(browser, "preview-body");
  await browser.waitUntil(
    () => browser.execute(() => !!document.querySelector('[data-testid="preview-body"] h1')?.textContent.includes("XSS probe")),
    { timeout: 15_000, timeoutMsg: "the preview did not render the hostile draft" },
  );
  // Give anything that could fire (onerror, onload, autofocus, meta refresh) time to.
  await browser.pause(1500);

  const seen = await browser.execute(() => {
    const body = document.querySelector('[data-testid="preview-body"]');
    const all = Array.from(body.querySelectorAll("*"));
    const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"];
    return {
      xss: window.__xss ?? null,
      location: window.location.href,
      dangerousTags: all
        .map((el) => el.tagName.toLowerCase())
        .filter((t) => ["script", "iframe", "object", "embed", "form", "input", "button", "meta", "style", "svg", "math", "base", "link"].includes(t)),
      handlerAttrs: all.flatMap((el) => Array.from(el.attributes).filter((a) => a.name.toLowerCase().startsWith("on")).map((a) => `${el.tagName}.${a.name}`)),
      styleAttrs: all.filter((el) => el.hasAttribute("style")).length,
      badUrls: all.flatMap((el) =>
        urlAttrs
          .map((name) => el.getAttribute(name))
          .filter((v) => v !== null && /^\s*(javascript|vbscript|data:text)/i.test(v) && !/^data:image\//i.test(v.trim())),
      ),
      remoteImages: Array.from(body.querySelectorAll("img")).map((img) => img.getAttribute("src")).filter((src) => /^\s*(https?:)?\/\//i.test(src ?? "")),
      text: body.textContent,
    };
  });
  assert.equal(seen.xss, null, "no payload ran");
  assert.equal(seen.location, appUrl, "the app did not navigate away");
  assert.deepEqual(seen.dangerousTags, [], "no script, frame, object, form, style or svg element survives");
  assert.deepEqual(seen.handlerAttrs, [], "no event-handler attribute survives");
  assert.equal(seen.styleAttrs, 0, "no style attribute survives");
  assert.deepEqual(seen.badUrls, [], "no javascript:, vbscript: or data:text URL survives");
  assert.deepEqual(seen.remoteImages, [], "no remote image is loaded");
  // The harmless text around the payloads is still shown.
  assert.match(seen.text, /mixed case/);
  assert.match(seen.text, /leading space/);
  // Clicking every link left in the preview runs nothing and stays in the app.
  const links = await browser.execute(() => {
    const anchors = Array.from(document.querySelectorAll('[data-testid="preview-body"] a'));
    for (const a of anchors) a.click();
    return anchors.length;
  });
  await browser.pause(1000);
  assert.equal(await browser.execute(() => window.__xss ?? null), null, "clicking the links ran nothing");
  assert.equal(await browser.execute(() => window.location.href), appUrl, `clicking ${links} links did not navigate`);
  console.log(`# ${payloads.length} XSS vectors rendered in the preview, none executed`);
});

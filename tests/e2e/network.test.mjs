// The real app makes no network connection. run.sh starts this file with
// CLEARPOST_APP pointing at network-trace.sh, which runs the app (and every
// WebKit process it starts) under `strace -f -e trace=network`. The session
// below does what a user does on a normal day: create a profile (key
// generation, the audit log), write a draft full of PHI with a remote image
// and links in it (live scan, preview), attach a photo (face and text
// detection) and save it (redaction, metadata strip). Then every connect/
// sendto/sendmsg of every traced process is read back: anything but a unix
// socket, netlink or the loopback WebDriver link fails the test.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { artifacts, byTestId, pasteText, startApp, stopApp, stopAll } from "./helpers.mjs";
import { skipOrFail } from "./skip.mjs";
import { describe, destinationOf, inspectorPortOf, isAllowed, outgoingCalls } from "./network-trace.mjs";

after(stopAll);

const traceDir = process.env.CLEARPOST_NET_TRACE;
const tracedApp = process.env.CLEARPOST_TRACED_APP;
const pickPath = process.env.CLEARPOST_E2E_PICK;
const wrapper = fileURLToPath(new URL("./network-trace.sh", import.meta.url));
const photo = fileURLToPath(new URL("../../docs/redaction-before.png", import.meta.url));

test("the trace reader tells the automation link, unix and netlink from the network", () => {
  const inspector = { inspectorPort: 4444 };
  const cases = [
    ['3<TCP:[0]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16', false],
    ['3<UDP:[0]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16', false],
    ['3<TCP:[0]>, {sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr("127.0.0.1")}, 16', true],
    ['3<TCP:[0]>, {sa_family=AF_INET, sin_port=htons(3128), sin_addr=inet_addr("127.0.0.1")}, 16', false],
    [
      '3<TCPv6:[0]>, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2606:2800:220:1::", &sin6_addr), sin6_scope_id=0}, 28',
      false,
    ],
    [
      '3<TCPv6:[0]>, {sa_family=AF_INET6, sin6_port=htons(4444), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28',
      true,
    ],
    ['5<UNIX-STREAM:[123]>, {sa_family=AF_UNIX, sun_path=@"/tmp/.X11-unix/X99"}, 21', true],
    ['5<UNIX-STREAM:[124]>, {sa_family=AF_UNIX, sun_path="/run/systemd/resolve/io.systemd.Resolve"}, 41', false],
    ["7<NETLINK:[ROUTE:1]>, {nl_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12", true],
    ['9<TCP:[10.0.0.2:41000->93.184.216.34:443]>, "GET / HTTP/1.1", 14, MSG_NOSIGNAL, NULL, 0', false],
    // The web view answering WebKitWebDriver on its inspector port.
    ['9<TCP:[127.0.0.1:4444->127.0.0.1:39710]>, "{}", 2, MSG_NOSIGNAL, NULL, 0', true],
    ['9<TCP:[127.0.0.1:41000->127.0.0.1:8080]>, "{}", 2, MSG_NOSIGNAL, NULL, 0', false],
    ['9<UDPv6:[[fe80::1]:5353->[ff02::fb]:5353]>, "x", 1, 0, NULL, 0', false],
    ['11<UNIX-STREAM:[4567->4568]>, {msg_name=NULL, msg_namelen=0, msg_iov=[]}, 0', true],
    ["12, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL)}, 20", false],
    ["13<socket:[99]>, NULL, 0", false],
  ];
  for (const [args, allowed] of cases) {
    const to = destinationOf(args);
    assert.equal(isAllowed(to, inspector), allowed, `${args} -> ${describe(to)}`);
  }
  // nscd also resolves host names: allowed only when nobody answered.
  const nscd = destinationOf('21<UNIX-STREAM:[7]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110');
  assert.equal(isAllowed(nscd, { ...inspector, failed: true }), true);
  assert.equal(isAllowed(nscd, inspector), false);
  // Without a known inspector port no loopback connection is allowed.
  assert.equal(isAllowed(destinationOf(cases[2][0])), false);
  assert.equal(inspectorPortOf("127.0.0.1:55377"), 55377);
  assert.equal(inspectorPortOf("192.0.2.1:55377"), null);
  const log = [
    "101   socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3<TCP:[777]>",
    '101   connect(3<TCP:[777]>, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("192.0.2.7")}, 16 <unfinished ...>',
    "102   sendmsg(4<UNIX-STREAM:[1->2]>, {msg_name=NULL}, 0) = 8",
    "101   <... connect resumed>) = -1 ENETUNREACH",
    '103   connect(21<UNIX-STREAM:[8]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)',
    '104   connect(22<UNIX-STREAM:[9]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 EAGAIN (Resource temporarily unavailable)',
    '105   connect(23<UNIX-STREAM:[10]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110 <unfinished ...>',
    "101   sendmsg(3<UNIX-STREAM:[11->12]>, {msg_name=NULL}, 0) = 1",
    "105   <... connect resumed>) = -1 ENOENT (No such file or directory)",
  ].join("\n");
  const calls = outgoingCalls(log);
  assert.deepEqual(
    calls.map((c) => [c.pid, c.call, describe(c.destination), c.failed, isAllowed(c.destination, { ...inspector, failed: c.failed })]),
    [
      [101, "connect", "inet 192.0.2.7:80", true, false],
      [102, "sendmsg", "unix 1->2", false, true],
      [103, "connect", 'unix "/var/run/nscd/socket"', true, true],
      [104, "connect", 'unix "/var/run/nscd/socket"', false, false],
      [105, "connect", 'unix "/var/run/nscd/socket"', true, true],
      [101, "sendmsg", "unix 11->12", false, true],
    ],
  );
});

function straceProblem() {
  try {
    execFileSync("strace", ["-f", "--seccomp-bpf", "-qq", "-o", "/dev/null", "true"], { stdio: "pipe" });
    return null;
  } catch (e) {
    return `strace is missing or not permitted here (${String(e.stderr ?? e.message).trim()}); scripts/install-deps installs it`;
  }
}

function skipReason() {
  if (!traceDir || !tracedApp) return "CLEARPOST_NET_TRACE/CLEARPOST_TRACED_APP not set (run through tests/e2e/run.sh)";
  if (path.resolve(process.env.CLEARPOST_APP ?? "") !== wrapper) return "CLEARPOST_APP is not network-trace.sh";
  return straceProblem();
}

/** The strace processes still writing into the trace folder: strace ends
 * (and has written its last line) once every traced process has ended. */
function tracers() {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (path.basename(argv[0]) === "strace" && argv.some((a) => a.startsWith(traceDir))) pids.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return pids;
}

test("control: the wrapper's strace records a child process's connection", (t) => {
  const reason = straceProblem();
  if (reason) return skipOrFail(t, reason);
  // The same strace options as network-trace.sh, on a shell whose child opens
  // a loopback TCP connection (refused or not, the connect is recorded).
  const dir = mkdtempSync(path.join(os.tmpdir(), "net-control-"));
  const log = path.join(dir, "control.strace");
  execFileSync("strace", [
    ...["-f", "--seccomp-bpf", "-qq", "-yy", "-e", "trace=network", "-e", "signal=none", "-o", log],
    ...["bash", "-c", "(exec 3<>/dev/tcp/127.0.0.1/9) 2>/dev/null; true"],
  ]);
  const seen = outgoingCalls(readFileSync(log, "utf8")).map((c) => describe(c.destination));
  assert.ok(seen.includes("inet 127.0.0.1:9"), `strace saw ${JSON.stringify(seen)}`);
});

test("a day's work in the app sends nothing to the network", async (t) => {
  const reason = skipReason();
  if (reason) return skipOrFail(t, `the app network check: ${reason}`);
  mkdirSync(traceDir, { recursive: true });
  const browser = await startApp();
  try {
    const form = await browser.$('[data-testid="profile-create"], [data-testid="profile-unlock"]');
    await form.waitForDisplayed({ timeout: 120_000 });
    if ((await form.getAttribute("data-testid")) === "profile-unlock") await (await byTestId(browser, "profile-new")).click();
    await (await byTestId(browser, "profile-name")).setValue(`Offline Tester ${Date.now()}`);
    await (await byTestId(browser, "profile-passphrase")).setValue("offline test passphrase");
    await (await byTestId(browser, "profile-passphrase-confirm")).setValue("offline test passphrase");
    await (await byTestId(browser, "profile-create-save")).click();
    const newDraft = await browser.$('[data-testid="draft-new"]');
    await newDraft.waitForEnabled({ timeout: 30_000 });
    await newDraft.click();

    // PHI, a remote image, links and an e-mail address: nothing may be fetched.
    const text = [
      "# Ward 7 update",
      "",
      "Jane Roe (MRN 4481-2270, born 03/14/1931) was seen at 221B Baker Street.",
      "Call her daughter on 555-867-5309 or mail jane.roe@example.com.",
      "",
      "![ward](https://example.com/ward.png) [site](https://example.org/) <https://tracker.example.net/p.gif>",
    ].join("\n");
    await pasteText(browser, text);
    const count = await byTestId(browser, "findings-count");
    await browser.waitUntil(async () => /[1-9]/.test(await count.getText()), {
      timeout: 30_000,
      timeoutMsg: "the draft's PHI was not flagged",
    });
    await (await byTestId(browser, "preview-toggle")).click();
    await browser.waitUntil(
      () => browser.execute(() => !!document.querySelector('[data-testid="preview-body"] h1')?.textContent.includes("Ward 7")),
      { timeout: 15_000, timeoutMsg: "the preview did not render" },
    );

    if (pickPath && existsSync(photo)) {
      mkdirSync(path.dirname(pickPath), { recursive: true });
      copyFileSync(photo, pickPath);
      const attach = await browser.$('[data-testid="attach-photos"]');
      await attach.waitForClickable({ timeout: 30_000 });
      await attach.click();
      await (await byTestId(browser, "photo-card", 240_000)).waitForDisplayed({ timeout: 240_000 });
      await (await byTestId(browser, "photo-save")).click();
      await byTestId(browser, "photo-saved-note", 180_000);
      console.log("photo attached, analysed and saved under strace");
    } else {
      console.log("photo steps not run: CLEARPOST_E2E_PICK or docs/redaction-before.png missing");
    }
    // Time for anything deferred (prefetch, telemetry, update checks) to fire.
    await browser.pause(3_000);
  } finally {
    await stopApp(browser);
  }
  const deadline = Date.now() + 30_000;
  while (tracers().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  assert.deepEqual(tracers(), [], "strace (and so the app) still running 30 s after the session ended");

  const logs = readdirSync(traceDir).filter((f) => f.endsWith(".strace"));
  // Kept for reading after the run (run.sh deletes its scratch folder).
  const kept = path.join(artifacts, "network-trace");
  rmSync(kept, { recursive: true, force: true });
  cpSync(traceDir, kept, { recursive: true });
  assert.ok(logs.length > 0, `no strace log in ${traceDir}: the app did not start through network-trace.sh`);
  // network-trace.sh wrote the app's WEBKIT_INSPECTOR_SERVER beside each log.
  const envs = readdirSync(traceDir).filter((f) => f.endsWith(".env"));
  const ports = new Set(
    envs.map((f) => inspectorPortOf(readFileSync(path.join(traceDir, f), "utf8").match(/^WEBKIT_INSPECTOR_SERVER=(.*)$/m)?.[1])),
  );
  assert.equal(ports.size, 1, `one inspector port for the session (got ${[...ports]})`);
  const [inspectorPort] = ports;
  assert.ok(inspectorPort, "WebKitWebDriver gave the app a loopback inspector port");
  console.log(`WebDriver automation link: 127.0.0.1:${inspectorPort}`);
  const calls = logs.flatMap((f) => outgoingCalls(readFileSync(path.join(traceDir, f), "utf8")));
  const pids = new Set(calls.map((c) => c.pid));
  const seen = new Map();
  for (const c of calls) {
    const key = `${c.call} ${describe(c.destination)}${c.failed ? " (failed)" : ""}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  console.log(`network calls of the app (${calls.length} outgoing in ${pids.size} process(es)):`);
  for (const [key, n] of [...seen].sort()) console.log(`  ${n}× ${key}`);
  // Without a single traced call the check would prove nothing: the app talks
  // to the X server and its WebKit processes over unix sockets.
  assert.ok(calls.length > 0, "strace recorded no outgoing call at all");
  const offending = calls.filter((c) => !isAllowed(c.destination, { inspectorPort, failed: c.failed })).map((c) => c.line);
  assert.deepEqual(offending, [], "the app tried to reach the network");
});

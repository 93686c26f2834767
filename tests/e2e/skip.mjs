// Skips that cannot pass silently, for the end-to-end tests (the Rust tests
// have the same rule in tests/support/skip.rs).
import assert from "node:assert/strict";

/** True under CI (CI=true or CI=1), where nothing may skip. */
export const inCi = process.env.CI === "true" || process.env.CI === "1";

/** Something a test needs is missing (a tool, a file, the harness's
 * environment). Under CI=true the test fails with `reason`. Elsewhere it
 * prints one "SKIP: <reason> [<test>]" line (counted by scripts/test-all) and
 * marks the test skipped, or, with `{ part: true }`, only prints (the test
 * goes on without that part). The caller then returns or leaves the part out. */
export function skipOrFail(t, reason, { part = false } = {}) {
  if (inCi) assert.fail(`CI=true, so this test may not skip: ${reason}`);
  console.log(`SKIP: ${reason} [${t.name}]`);
  if (!part) t.skip(reason);
}

// Settings → People calls Rust commands by name: a command the UI calls but
// the app does not register fails only at run time, so check both sides agree.
import { describe, expect, it } from "vitest";
import client from "./people.ts?raw";
import commands from "../../../../src-tauri/src/people.rs?raw";
import handlers from "../../../../src-tauri/src/lib.rs?raw";

const called = [...client.matchAll(/invoke<[^>]+>\("([a-z_]+)"/g)].map((m) => m[1]);

describe("the People API", () => {
  it("calls four commands", () => {
    expect(new Set(called)).toEqual(new Set(["people_list", "people_share_key", "people_read_key", "people_trust"]));
  });

  it.each(called)("%s is a command in people.rs and registered in lib.rs", (name) => {
    expect(commands).toMatch(new RegExp(`#\\[tauri::command\\]\\s*pub async fn ${name}\\(`));
    expect(handlers).toContain(`people::${name},`);
  });

  it("sends the confirmed key under the argument name the command takes", () => {
    expect(client).toContain('invoke<Person>("people_trust", { key })');
    expect(commands).toMatch(/pub async fn people_trust\([^)]*\bkey: PublicProfile/);
  });
});

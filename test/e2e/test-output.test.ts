// `npm test` output stays readable: reading a form body must not make workerd warn
// ("Called .text() on an HTTP body which does not appear to be text"), which it once did
// for every webhook of every test — 12,000 lines. Runs the form reader's own tests in the
// workers project and reads what vitest printed.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./harness";

describe("the workers project's output", () => {
  it("has no workerd warning about reading form bodies", async () => {
    const vitest = `${REPO_ROOT}/node_modules/.bin/vitest`;
    const { PATH, HOME, TMPDIR } = process.env;
    const run = await promisify(execFile)(vitest, ["run", "--project", "workers", "src/twilio/form.test.ts"], {
      cwd: REPO_ROOT,
      env: { PATH, HOME, TMPDIR, NO_COLOR: "1", CI: "true" },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const output = run.stdout + run.stderr;
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).not.toMatch(/does not appear to be text/);
  });
});

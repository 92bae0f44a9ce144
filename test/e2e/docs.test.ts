// The repository stands on its own: README and docs/ link only files that exist in it, and
// README's Scripts table names every npm script.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./harness";

const docs = ["README.md", ...readdirSync(join(REPO_ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`), "test/e2e/harness/README.md"];

describe("docs", () => {
  it.each(docs)("%s links only files inside the repository that exist", (file) => {
    const text = readFileSync(join(REPO_ROOT, file), "utf8");
    const links = [...text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/i.test(l));
    for (const link of links) {
      const target = resolve(REPO_ROOT, dirname(file), link);
      expect(target.startsWith(REPO_ROOT + "/"), `${file} links ${link}, outside the repository`).toBe(true);
      expect(existsSync(target), `${file} links ${link}, which does not exist`).toBe(true);
    }
  });

  it("README's Scripts table names every npm script", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("## Scripts"));
    const scripts = Object.keys((JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    const missing = scripts.filter((name) => !new RegExp(`\`(npm (run )?)?${name.replace(/[:]/g, "\\:")}\``).test(table) && !table.includes(` ${name}\``));
    expect(missing).toEqual([]);
  });
});

describe("the full-depth end-to-end files", () => {
  it("every file vitest.e2e.config.ts leaves out of `npm test` is run by .ci/run, and exists", () => {
    const config = readFileSync(join(REPO_ROOT, "vitest.e2e.config.ts"), "utf8");
    const list = config.slice(config.indexOf("FULL_DEPTH_FILES"), config.indexOf("];", config.indexOf("FULL_DEPTH_FILES")));
    const files = [...list.matchAll(/"(test\/e2e\/[^"]+)"/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(0);
    const ci = readFileSync(join(REPO_ROOT, ".ci/run"), "utf8");
    for (const file of files) {
      expect(existsSync(join(REPO_ROOT, file)), `${file} does not exist`).toBe(true);
      expect(ci, `.ci/run does not run ${file}`).toContain(file);
    }
  });
});

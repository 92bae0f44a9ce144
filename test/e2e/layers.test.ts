// The layers of src/, held by a test: queries live in src/db (the only importer of
// drizzle-orm), each folder imports only from the layers below it, and no module imports
// itself through others (no cycles). docs/architecture.md names the layers.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./harness";

const SRC = join(REPO_ROOT, "src");

/** What each folder may import from (besides itself). Type-only imports of db/schema are allowed everywhere: the shapes of the data. */
const MAY_IMPORT: Record<string, string[]> = {
  domain: [],
  twilio: ["domain"],
  db: ["domain"],
  sms: ["db", "twilio", "domain"],
  series: ["sms", "db", "twilio", "domain"],
  inbound: ["series", "sms", "db", "twilio", "domain"],
  http: ["inbound", "series", "sms", "db", "twilio", "domain", "env"],
  page: ["series", "domain"],
  ".": ["http", "series", "env", "domain"],
};

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
  line: string;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

export function importsOf(file: string, source: string): Import[] {
  const found: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["'];?/gm;
  for (const m of source.matchAll(re)) {
    const spec = m[3]!;
    const to = spec.startsWith(".") ? relative(SRC, resolve(dirname(file), spec)).replace(/\\/g, "/") : spec;
    found.push({ from: relative(SRC, file).replace(/\\/g, "/"), to: spec.startsWith(".") ? `${to}.ts` : to, typeOnly: Boolean(m[2]), line: m[0].trim() });
  }
  return found;
}

const layerOf = (path: string) => (path.includes("/") ? path.split("/")[0]! : ".");
const sources = files(SRC);
const imports = sources.flatMap((file) => importsOf(file, readFileSync(file, "utf8")));

describe("src/ layers", () => {
  it("finds the modules and their imports (the test reads what it checks)", () => {
    expect(sources.length).toBeGreaterThan(60);
    expect(imports.filter((i) => i.to === "drizzle-orm").length).toBeGreaterThan(5);
  });

  it("only src/db imports drizzle-orm: every query is a named function there", () => {
    const outside = imports.filter((i) => i.to.startsWith("drizzle-orm") && layerOf(i.from) !== "db");
    expect(outside.map((i) => `${i.from}: ${i.line}`)).toEqual([]);
  });

  it("each folder imports only from the layers below it", () => {
    const wrong = imports.filter((i) => {
      if (!i.to.endsWith(".ts")) return false; // packages
      const from = layerOf(i.from);
      const to = layerOf(i.to);
      if (from === to) return false;
      if (i.typeOnly && i.to === "db/schema.ts") return false;
      return !(MAY_IMPORT[from] ?? []).includes(to === "." ? i.to.replace(/\.ts$/, "") : to);
    });
    expect(wrong.map((i) => `${i.from} → ${i.to}`)).toEqual([]);
  });

  it("no module imports itself through others", () => {
    const graph = new Map<string, string[]>();
    for (const i of imports) if (i.to.endsWith(".ts") && !i.typeOnly) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (node: string, path: string[]) => {
      if (state.get(node) === "done") return;
      if (state.get(node) === "open") {
        cycles.push([...path.slice(path.indexOf(node)), node].join(" → "));
        return;
      }
      state.set(node, "open");
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, "done");
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});

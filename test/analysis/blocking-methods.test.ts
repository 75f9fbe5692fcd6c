// The text scans that decide which member calls blocking-call-in-async follows run over every
// project file, generated one-line files included: they must stay linear. A 100 KB string of one
// letter took 85 s in two regular expressions (found by the fuzz harness: the language server
// stopped answering). The scan is synchronous, so no test timeout can interrupt it: the test
// measures it instead, with a bound hundreds of times what a linear scan takes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { blockingMethodNames } from "../../server/src/analysis/blocking-methods";
import type { ProjectFiles } from "../../server/src/analysis/project-files";

const projectOf = (files: Record<string, string>): ProjectFiles =>
  ({
    derived: (_key, part, combine) => combine(Object.entries(files).map(([f, text]) => part(f, text))),
  }) as ProjectFiles;

test("a file with a 100 KB string of one letter before its ...Sync call is scanned in linear time", () => {
  const generated = `import fs from "node:fs";\nexport const big = "${"x".repeat(100_000)}";\nexport class Gen {\n  read() { return fs.readFileSync("a"); }\n}\n`;
  const started = performance.now();
  assert.deepEqual([...blockingMethodNames(projectOf({ "/p/generated.ts": generated }), [])], ["read"]);
  const ms = performance.now() - started;
  assert.ok(ms < 5_000, `scanning 100 KB took ${Math.round(ms)} ms: a regular expression backtracks quadratically`);
});

test("method names declared next to a blocking call are still found, parameters over several lines included", () => {
  const store = [
    `import { readFileSync } from "node:fs";`,
    `export class Store {`,
    `  private format(`,
    `    name: string,`,
    `  ): string { return readFileSync(name, "utf8"); }`,
    `  save = async (x: string) => this.format(x);`,
    `}`,
  ].join("\n");
  assert.deepEqual([...blockingMethodNames(projectOf({ "/p/store.ts": store }), [])].sort(), ["format", "save"]);
});

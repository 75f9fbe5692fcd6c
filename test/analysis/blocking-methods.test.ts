// The text scans that decide which member calls blocking-call-in-async follows run over every
// project file, generated one-line files included: they must stay linear. A 100 KB string of one
// letter took 85 s in two regular expressions (found by the fuzz harness: the language server
// stopped answering); the test's timeout turns a relapse into a failure, not a hang.
import { test } from "node:test";
import assert from "node:assert/strict";
import { blockingMethodNames } from "../../server/src/analysis/blocking-methods";
import type { ProjectFiles } from "../../server/src/analysis/project-files";

const projectOf = (files: Record<string, string>): ProjectFiles => ({
  derived: (_key, compute) => compute(Object.entries(files)),
} as ProjectFiles);

test("a file with a 100 KB string of one letter before its ...Sync call is scanned in linear time", { timeout: 20_000 }, () => {
  const generated = `import fs from "node:fs";\nexport const big = "${"x".repeat(100_000)}";\nexport class Gen {\n  read() { return fs.readFileSync("a"); }\n}\n`;
  assert.deepEqual([...blockingMethodNames(projectOf({ "/p/generated.ts": generated }), [])], ["read"]);
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

// The output channel describes each project once, at its first lint: its tsconfig, how many files
// it has, how its options were translated for TypeScript 7, and how long the first lint took.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ensureServerBuilt, makeProject, TestLspClient } from "./lspClient";

const source = `export async function handler() {\n  return 1;\n}\n`;
let project: ReturnType<typeof makeProject>;
before(() => {
  ensureServerBuilt();
  project = makeProject({
    // "node" module resolution was removed in TypeScript 7: the server translates it and says so.
    "tsconfig.json": JSON.stringify({
      compilerOptions: { target: "es2022", module: "commonjs", moduleResolution: "node", strict: true, types: [], noEmit: true },
      include: ["src/**/*.ts"],
    }),
    "src/a.ts": source,
    "src/b.ts": source,
    "src/c.ts": source,
  });
});
after(() => project.dispose());

test("the log names each project's tsconfig, its file count, its option translations and its first lint's time, once", async () => {
  const client = await TestLspClient.start({ settings: () => ({}) });
  try {
    for (const name of ["src/a.ts", "src/b.ts"]) {
      await client.open(project.uri(name), source);
      await client.waitForPublish(project.uri(name));
    }
    const lines = client.logs.map(l => l.message);
    const described = lines.filter(l => l.startsWith(`Project ${project.path("tsconfig.json")}:`));
    assert.equal(described.length, 1, `one description of the project:\n${lines.join("\n")}`);
    assert.match(described[0]!, /: 3 files \(\d+ with libraries and dependencies\); first lint \(a\.ts\) took \d+ ms$/);
    assert.ok(
      lines.some(l => l.startsWith(project.path("tsconfig.json")) && /moduleResolution "node" was removed in TypeScript 7/.test(l)),
      "the translation is logged",
    );
  } finally {
    await client.stop();
  }
});

// Facts cached per syntax tree must be those of the tree the editor has now: edit after edit,
// each new text is a new tree, and nothing found in an older one may stand in for it.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { Linter } from "../../server/src/analysis/linter";
import { scratchFolder } from "../helpers/scratch";
import { blockingOnConfig } from "../helpers/blocking-on";

const { write } = scratchFolder("edit-caches");

test("edit after edit, the callers' facts follow a helper to where the newest text declares it (declarations are indexed per tree)", () => {
  write("moves/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
  write("moves/loopscope.config.json", blockingOnConfig);
  // Two rules' call graphs (blocking-call-in-async, unbounded-concurrency) follow load() in the same edited tree.
  const handler = write(
    "moves/handler.ts",
    `import { viaMid } from "./mid.js";\nexport class H { async handler(req: unknown, res: unknown) { return viaMid(); } }\n`,
  );
  write("moves/mid.ts", `import { load } from "./helper.js";\nexport function viaMid() { return load(); }\n`);
  const original = `import fs from "node:fs";\nexport function load() { return fs.readFileSync("x", "utf8"); }\n`;
  const helper = write("moves/helper.ts", original);
  const linter = new Linter();
  const proto = Linter.prototype as unknown as { analyzeOtherFile: (this: Linter, file: string, collect: unknown) => unknown };
  const analyze = proto.analyzeOtherFile;
  const analysed: string[] = [];
  proto.analyzeOtherFile = function (file, collect) {
    analysed.push(file.slice(file.lastIndexOf("/") + 1));
    return analyze.call(this, file, collect);
  };
  const message = () => linter.lintFile(handler)!.findings.find(f => f.ruleId === "blocking-call-in-async")?.message ?? "";
  try {
    assert.match(message(), /fs\.readFileSync \(helper\.ts:2\)/);
    analysed.length = 0;
    let text = original;
    for (let line = 3; line <= 6; line++) {
      // Each edit adds a declaration named `load` too (a method), so the lookup by name has more than one candidate.
      text = text.replace("\nexport function load", `\nexport class K${line} { load() { return ${line}; } }\nexport function load`);
      linter.setOverlay(helper, text);
      assert.match(message(), new RegExp(`fs\\.readFileSync \\(helper\\.ts:${line}\\)`), `after edit ${line - 2}`);
    }
    // Found again in each new tree, mid.ts's facts were re-keyed, never computed again.
    assert.ok(!analysed.includes("mid.ts"), `mid.ts analysed again: ${analysed.join(", ")}`);
    linter.setOverlay(
      helper,
      text.replace("export function load()", "export function loadAll()").replace(/$/, 'export const load = (): string => "inline";\n'),
    );
    assert.equal(message(), "", "load is another declaration now: no blocking call");
    linter.setOverlay(helper, original);
    assert.match(message(), /fs\.readFileSync \(helper\.ts:2\)/, "back to the first text");
  } finally {
    proto.analyzeOtherFile = analyze;
    linter.close();
  }
});

test("a loop's statements are judged again after an edit adds or removes an await in it (settled scopes are kept per tree)", () => {
  write("loops/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: [] } }));
  write("loops/package.json", JSON.stringify({ name: "loops", type: "module" }));
  write("loops/loopscope.config.json", JSON.stringify({ rules: { "unbounded-concurrency": "warning" } }));
  const loop = (inside: string) =>
    `declare const db: { insert(row: unknown): Promise<void>; audit(row: unknown): Promise<void> };\nexport async function save(req: { body: { rows: unknown[] } }) {\n  for (const row of req.body.rows) {\n    db.insert(row);\n    db.audit(row);\n${inside}  }\n}\n`;
  const file = write("loops/save.ts", loop("    await db.insert(null);\n"));
  const linter = new Linter();
  const lines = () =>
    linter
      .lintFile(file)!
      .findings.filter(f => f.ruleId === "unbounded-concurrency")
      .map(f => f.range.start.line + 1);
  try {
    assert.deepEqual(lines(), [], "an await in the body waits per row");
    linter.setOverlay(file, loop(""));
    const unbounded = lines();
    assert.ok(unbounded.length > 0, "without it, the loop starts work per row without waiting");
    linter.setOverlay(file, loop("    await db.insert(null);\n"));
    assert.deepEqual(lines(), [], "the await is back");
  } finally {
    linter.close();
  }
});

test("after an edit, project-wide summaries are those of the new texts, and only the edited files are read again", () => {
  write("summaries/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
  write("summaries/loopscope.config.json", blockingOnConfig);
  write("summaries/package.json", JSON.stringify({ name: "summaries", type: "module" }));
  // `store.save()` is followed into Store.save only while some file declares a method of that name
  // next to a blocking call (blocking-methods.ts: a fact made of one part per project file).
  const storeText = (body: string) => `import fs from "node:fs";\nexport class Store {\n  save(): string { ${body} }\n}\n`;
  const store = write("summaries/store.ts", storeText(`return "kept in memory";`));
  const handler = write(
    "summaries/handler.ts",
    `import type { Store } from "./store.js";\nexport async function handler(req: { body: string }, res: unknown, store: Store) {\n  return store.save();\n}\n`,
  );
  const other = write("summaries/other.ts", `export const other = 1;\n`);
  for (let i = 0; i < 5; i++) write(`summaries/filler${i}.ts`, `export const filler${i} = ${i};\n`);
  const linter = new Linter();
  const lint = (file: string) => linter.lintFile(file)!;
  const blocking = () => lint(handler).findings.filter(f => f.ruleId === "blocking-call-in-async").length;
  const syntax = (file: string) => lint(file).problems.filter(p => p.kind === "syntax").length;
  // Which files' syntax errors are asked (undefined: the whole project's).
  const asked: (string | undefined)[] = [];
  try {
    assert.equal(blocking(), 0, "save() does not block yet");
    assert.equal(syntax(other), 0);
    const program = (linter as unknown as { ts: { projectFor(f: string): { program: object } } }).ts.projectFor(other).program;
    const proto = Object.getPrototypeOf(program) as { getSyntacticDiagnostics(file?: string): unknown };
    const original = proto.getSyntacticDiagnostics;
    proto.getSyntacticDiagnostics = function (this: unknown, file?: string) {
      asked.push(file && file.slice(file.lastIndexOf("/") + 1));
      return original.call(this, file);
    };
    after(() => (proto.getSyntacticDiagnostics = original));
    linter.setOverlay(store, storeText(`return fs.readFileSync("db.json", "utf8");`));
    assert.equal(blocking(), 1, "the edit made save() block: the names are those of the new text");
    linter.setOverlay(other, `export const other = (;\n`);
    assert.equal(syntax(other), 1, "the edited file's syntax error");
    assert.equal(syntax(store), 0, "the other files' are kept");
    linter.setOverlay(store, storeText(`return "kept in memory";`));
    assert.equal(blocking(), 0, "and back");
    linter.setOverlay(other, `export const other = 1;\n`);
    assert.equal(syntax(other), 0);
    // The edited file's, once per snapshot, never the whole project's again (store.ts is also
    // read when it is opened for its first lint).
    assert.deepEqual(asked, ["store.ts", "other.ts", "store.ts", "store.ts", "other.ts"]);
  } finally {
    linter.close();
  }
});

test("after an edit, the parent names of symbols declared in files the edit did not change are not asked of the compiler again; the edited file's are", () => {
  write("parents/tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] } }));
  write("parents/loopscope.config.json", JSON.stringify({ rules: { "blocking-call-in-async": "warning", "missing-timeout": "warning" } }));
  // Its own package: under our test/ folder it would be a test file, which some rules skip.
  write("parents/package.json", `{ "name": "parents" }\n`);
  write("parents/helper.ts", `export class Store { load() { return 1; } }\n`);
  // Calls the rules classify by their callee's owner (a property holding fs's function, a method of another file's class).
  const original = `import { readFileSync } from "node:fs";\nimport { Store } from "./helper.js";\nconst r = { readFileSync };\nexport async function handler(store: Store, urls: string[]) {\n  r.readFileSync("x");\n  store.load();\n  await Promise.all(urls.map(u => fetch(u)));\n}\n`;
  const file = write("parents/handler.ts", original);
  const linter = new Linter();
  const asked = () => linter.requestsByMethod.get("getParentOfSymbol") ?? 0;
  const lint = () => linter.lintFile(file)!.findings.map(f => `${f.ruleId}@${f.range.start.line}`);
  try {
    const first = lint();
    const askedFirst = asked();
    assert.ok(askedFirst >= 1, "the first lint asks callees' owners");
    assert.deepEqual(first, ["missing-timeout@6"]);
    // A keystroke (a line added above the calls): the same finding, one line down, and no owner asked again.
    linter.setOverlay(file, original.replace("export async", "// edited\nexport async"));
    assert.deepEqual(lint(), ["missing-timeout@7"]);
    // `r.readFileSync` is a property declared in the edited file: its owner is asked again; Store's load() and Node's are not.
    const again = asked() - askedFirst;
    assert.ok(again >= 1 && again < askedFirst, `asked ${again} parent names again after the edit, ${askedFirst} the first time`);
  } finally {
    linter.close();
  }
});

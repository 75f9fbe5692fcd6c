// One construct, two rules: an async callback passed to `forEach` whose work reaches a limited
// resource per item of an input-sized list is unbounded-concurrency's finding (work as wide as
// the input, waited for by nobody) and promise-in-void-callback's (its rejections are dropped).
// promise-in-void-callback declares that unbounded-concurrency's finding about the same `forEach`
// call supersedes its own (RuleMeta.supersededBy, Report.about): with both rules on, the forEach
// gets one finding; with unbounded-concurrency off, or where it reports nothing, or where a
// suppression comment hides its finding, promise-in-void-callback's is shown.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Linter } from "../../server/src/analysis/linter";
import type { Finding } from "../../server/src/analysis/findings";
import { repoRoot } from "../helpers/built";

let root: string;
let linter: Linter;
let counter = 0;

before(() => {
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  root = mkdtempSync(join(repoRoot, "test/.tmp", "superseded-"));
  linter = new Linter({ cwd: root });
});
after(() => {
  linter.close();
  rmSync(root, { recursive: true, force: true });
});

const both = { "promise-in-void-callback": { severity: "warning" }, "unbounded-concurrency": { severity: "warning" } } as const;
const onlyVoidCallback = { "promise-in-void-callback": { severity: "warning" } } as const;

/** Lints `code` as its own package (a file under test/ would count as a test file of ours) with these rules on. */
function lint(code: string, rules: Record<string, { severity: "warning"; options?: Record<string, unknown> }>): Finding[] {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `{"name":"case","type":"module"}`);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", types: ["node"], noEmit: true } }),
  );
  const file = join(dir, "case.ts");
  writeFileSync(file, code);
  const result = linter.lintFile(file, { settings: { rules } });
  assert.ok(result, "lint was not cancelled");
  assert.deepEqual(
    result.problems.filter(p => p.kind === "rule-crashed"),
    [],
    "no rule crashed",
  );
  assert.deepEqual(linter.compilerErrors(file), [], `the case compiles:\n${code}`);
  return result.findings;
}

const where = (findings: Finding[]) => findings.map(f => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.messageId}`);

// One HTTP request per command-line argument, and a throw on a failed one.
const fetchPerArgument = `export function download() {
  process.argv.slice(2).forEach(async url => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(String(res.status));
  });
}
`;

test("both rules on: the async forEach gets unbounded-concurrency's finding only", () => {
  const findings = lint(fetchPerArgument, both);
  assert.deepEqual(where(findings), ["2:25 unbounded-concurrency forEachAsync"]);
  // What supersedes is engine-internal: results carry the public shape of a finding only.
  for (const f of findings) assert.ok(!("about" in f), "no `about` in a result's finding");
});

test("unbounded-concurrency off: promise-in-void-callback still reports the forEach", () => {
  assert.deepEqual(where(lint(fetchPerArgument, onlyVoidCallback)), ["2:33 promise-in-void-callback forEach"]);
});

test("both rules on, a child process per item: no promise-in-void-callback finding besides unbounded-concurrency's", () => {
  const code = `import { spawn } from "node:child_process";
import { once } from "node:events";
export function convertAll() {
  process.argv.slice(2).forEach(async file => {
    const child = spawn("convert", [file]);
    const [code] = await once(child, "exit");
    if (code) throw new Error(\`convert failed: \${code}\`);
  });
}
`;
  assert.deepEqual(where(lint(code, both)), ["4:25 unbounded-concurrency forEachAsync", "5:19 unbounded-concurrency process"]);
  assert.deepEqual(where(lint(code, onlyVoidCallback)), ["4:33 promise-in-void-callback forEach"]);
});

test("both rules on, a forEach unbounded-concurrency does not report (a caller's list): promise-in-void-callback does", () => {
  const code = `declare const db: { insert(row: unknown): Promise<void> };
export function save(rows: unknown[]) {
  rows.forEach(async row => {
    await db.insert(row);
  });
}
`;
  assert.deepEqual(where(lint(code, both)), ["3:16 promise-in-void-callback forEach"]);
  // With weak sources, unbounded-concurrency reports it, and its finding is the one.
  const weak = { ...both, "unbounded-concurrency": { severity: "warning" as const, options: { weakSources: true } } };
  assert.deepEqual(where(lint(code, weak)), ["3:8 unbounded-concurrency forEachAsync"]);
});

test("a suppressed unbounded-concurrency finding supersedes nothing; a suppression of promise-in-void-callback stays used", () => {
  const ignoreFanOut = fetchPerArgument.replace("  process.argv", "  // loopscope-ignore-next-line unbounded-concurrency -- a few URLs\n  process.argv");
  assert.deepEqual(where(lint(ignoreFanOut, both)), ["3:33 promise-in-void-callback forEach"]);
  const ignoreRejection = fetchPerArgument.replace(
    "  process.argv",
    "  // loopscope-ignore-next-line promise-in-void-callback -- the process may end\n  process.argv",
  );
  assert.deepEqual(where(lint(ignoreRejection, both)), ["3:25 unbounded-concurrency forEachAsync"]);
});

test("other callees are not superseded: a listener and a timer next to the forEach are still reported", () => {
  const code = `import { EventEmitter } from "node:events";
declare function save(x: unknown): Promise<void>;
export function wire(e: EventEmitter) {
  e.on("data", async x => { await save(x); });
  setTimeout(async () => { await save(null); }, 10);
  process.argv.slice(2).forEach(async url => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(String(res.status));
  });
}
`;
  assert.deepEqual(where(lint(code, both)), [
    "4:16 promise-in-void-callback listener",
    "5:14 promise-in-void-callback timer",
    "6:25 unbounded-concurrency forEachAsync",
  ]);
});

// Deeply nested code (generated files) must not overflow the stack anywhere: not in building
// syntax nodes, not in the rules' walks, not in the start-up path analysis. Each shape below
// overflowed before; one file's failure also used to lose every other file's results.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBuilt, repoRoot } from "../helpers/built";

let cli: string;
let dir: string;
before(() => {
  cli = ensureBuilt("cli");
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  dir = mkdtempSync(join(repoRoot, "test/.tmp", "deep-"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "es2022", module: "nodenext", types: ["node"] } }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const head = `import fs from "node:fs";\ndeclare const a: boolean; declare function g<T>(x: T): T;\n`;
/** Checked after the deep part: the file was linted to its end. */
const tail = `\nexport async function after(req, res) { return fs.readFileSync("x"); }\n`;
const nested = (n: number, open: (i: number) => string, inner: string, close: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => open(i)).join("") + inner + Array.from({ length: n }, (_, i) => close(n - 1 - i)).join("");

/** The depths are the smallest round ones that overflowed before the fix (10,000 blocks as in the report). */
const shapes: Record<string, string> = {
  "blocks.ts": `export async function f(req, res) {${nested(
    10_000,
    () => "{",
    `fs.readFileSync("x");`,
    () => "}",
  )}}`,
  "ternary.ts": `export async function f(req, res) { return ${nested(
    10_000,
    () => "a ? ",
    "1",
    () => " : 0",
  )}; }`,
  "calls.ts": `export async function f(req, res) { return ${nested(
    3000,
    () => "g(",
    "1",
    () => ")",
  )}; }`,
  "arrays.ts": `export async function f(req, res) { return ${nested(
    3000,
    () => "[",
    "1",
    () => "]",
  )}; }`,
  "then-chain.ts": `export async function f(p: Promise<number>) { await p${".then(() => 1)".repeat(3000)}; }`,
  // Private functions declared inside each other: the start-up analysis asks each enclosing one.
  "functions.ts": `export async function f(req, res) { ${nested(
    3000,
    i => `async function f${i}() { `,
    `fs.readFileSync("x");`,
    i => ` } await f${i}();`,
  )} }`,
};

test("deep nesting of every shape: each file linted to its end, next to an ordinary file, exit 0", { timeout: 240_000 }, () => {
  for (const [name, body] of Object.entries(shapes)) writeFileSync(join(dir, name), head + body + tail);
  writeFileSync(join(dir, "normal.ts"), `import fs from "node:fs";\nexport async function h(req, res) { return fs.readFileSync("y"); }\n`);
  // The deep private functions reach the handler only through 3,000 callers: evidence that counts with every kind on.
  writeFileSync(join(dir, "loopscope.config.json"), JSON.stringify({ rules: { "blocking-call-in-async": ["warning", { callerEvidence: "all" }] } }));
  const r = spawnSync(process.execPath, [cli, "lint", ".", "--format", "json"], { cwd: dir, encoding: "utf8", timeout: 230_000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.error, undefined, `loopscope lint did not finish: ${r.error?.message}`);
  assert.doesNotMatch(r.stderr, /Maximum call stack|RangeError/);
  assert.equal(r.status, 0, r.stderr);
  const files = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[];
  const byName = new Map(files.map(f => [f.filePath.slice(dir.length + 1), f.messages]));
  assert.deepEqual([...byName.keys()].sort(), [...Object.keys(shapes), "normal.ts"].sort());
  assert.deepEqual(
    byName.get("normal.ts")!.map(m => [m.ruleId, m.line]),
    [["blocking-call-in-async", 2]],
  );
  for (const name of Object.keys(shapes)) {
    const messages = byName.get(name)!;
    assert.deepEqual(
      messages.filter(m => m.ruleId === null),
      [],
      `${name}: no file problem`,
    );
    assert.ok(
      messages.some(m => m.ruleId === "blocking-call-in-async" && m.line === 4),
      `${name}: the code after the deep part is checked: ${JSON.stringify(messages.map(m => [m.ruleId, m.line]))}`,
    );
  }
  assert.ok(
    byName.get("functions.ts")!.some(m => m.line === 3),
    "the blocking call 3,000 functions deep is reported",
  );
});

test("expression chains in statements (`(p, (p, ...))`, `p.finally().finally()...`), with a tenth of the stack: checked, not crashed", {
  timeout: 180_000,
}, () => {
  // Node runs with --stack-size=100 (about a tenth of the default): a recursion that would need
  // 10,000 levels at the default overflows at 1,500 here, and the compiler checks 1,500 fast.
  const n = 1500;
  const files: Record<string, string> = {
    "small-stack/comma.ts": `export async function f(p: number) { ${"(p, ".repeat(n)}fetch("x", { signal: AbortSignal.timeout(1) })${")".repeat(n)}; }`,
    "small-stack/finally.ts": `export async function f() { fetch("x", { signal: AbortSignal.timeout(1) })${".finally(() => 1)".repeat(n)}; }`,
  };
  mkdirSync(join(dir, "small-stack"), { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), head + body + tail);
  const r = spawnSync(process.execPath, ["--stack-size=100", cli, "lint", "small-stack", "--format", "json"], {
    cwd: dir,
    encoding: "utf8",
    timeout: 170_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.error, undefined, `loopscope lint did not finish: ${r.error?.message}`);
  assert.doesNotMatch(r.stderr, /Maximum call stack|RangeError/);
  assert.equal(r.status, 0, r.stderr);
  const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; line: number }[] }[];
  for (const file of results) {
    // The blocking call after the chain is found, and nothing crashed. The dropped promise on line 3
    // may go unreported: floating-promise needs evidence that it can reject, and its evidence search
    // is bounded in depth (a 1,500-deep chain is past the bound: quiet, never a crash).
    const found = file.messages.map(m => [m.ruleId, m.line]);
    assert.deepEqual(
      found.filter(([rule]) => rule !== "floating-promise"),
      [["blocking-call-in-async", 4]],
      file.filePath,
    );
    assert.ok(
      found.every(([rule, line]) => rule !== "floating-promise" || line === 3),
      file.filePath,
    );
  }
  assert.equal(results.length, 2);
});

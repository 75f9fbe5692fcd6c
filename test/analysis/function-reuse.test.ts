// Per-function reuse (engine/function-reuse.ts): after a keystroke inside one function, a
// function-scoped rule's findings in the other functions are carried over, moved by the lines
// the edit added. Whatever is carried, the findings must be those of a lint from scratch of the
// same text, with every rule on: edits that move the functions below, that make a callee able to
// reject or make it block (its callers' findings in other functions must follow), that drop a
// return type (the function's type is then inferred from its body), and edits outside functions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Linter } from "../../server/src/analysis/linter";
import type { FileResult } from "../../server/src/analysis/findings";
import { allRules } from "../../server/src/rules/registry";
import { scratchFolder } from "../helpers/scratch";

const folder = scratchFolder("function-reuse");
const settings = { rules: Object.fromEntries(allRules.map(r => [r.meta.id, { severity: "warning" as const }])) };

const original = `import { readFileSync } from "node:fs";
import http from "node:http";

interface Connection {
  query(q: string): Promise<string>;
}

declare function connect(): Promise<Connection>;

let connection: Connection | undefined;
const cache = new Map<string, string>();

export async function db(): Promise<Connection> {
  if (!connection) connection = await connect();
  return connection;
}

export async function cached(key: string): Promise<string> {
  if (!cache.has(key)) cache.set(key, await load(key));
  return cache.get(key)!;
}

async function load(key: string): Promise<string> {
  return key;
}

function readSettings(): string {
  return "{}";
}

export function onTick(): void {
  load("a");
}

http
  .createServer(async (req, res) => {
    res.end(readSettings());
  })
  .listen(3000);
`;

/** What must be equal: every finding's rule, place, message, related places and fixes. */
function shape(result: FileResult | undefined): string {
  if (!result) return "(cancelled)";
  return [
    ...result.findings.map(f =>
      JSON.stringify([f.ruleId, f.range, f.message, f.related.map(r => [r.fileName, r.range, r.message]), f.fixes.map(x => [x.title, x.edits])]),
    ),
    ...result.problems.map(p => `${p.kind}:${p.message}`),
  ].join("\n");
}

/** The texts from `from` to `to`, one piece at a time: what was there deleted, then the new text typed. */
function steps(from: string, to: string): string[] {
  let common = 0;
  while (common < from.length && from[common] === to[common]) common++;
  let suffix = 0;
  while (suffix < from.length - common && suffix < to.length - common && from[from.length - 1 - suffix] === to[to.length - 1 - suffix]) suffix++;
  const head = from.slice(0, common);
  const tail = from.slice(from.length - suffix);
  const removed = from.slice(common, from.length - suffix);
  const added = to.slice(common, to.length - suffix);
  const out: string[] = [];
  for (let k = 1; k <= 2; k++) out.push(head + removed.slice(0, Math.round(removed.length * (1 - k / 2))) + tail);
  for (let k = 1; k <= 3; k++) out.push(head + added.slice(0, Math.round((added.length * k) / 3)) + tail);
  return [...new Set(out)].filter(t => t !== from);
}

/** Lines (0-based) of a rule's findings. */
const linesOf = (result: FileResult, ruleId: string) => result.findings.filter(f => f.ruleId === ruleId).map(f => f.range.start.line);

test("an edit inside one function: the other functions' findings are reused, and every lint equals a lint from scratch", () => {
  const file = folder.write("service.ts", original);
  folder.write("package.json", `{ "name": "reuse-example", "type": "module" }\n`);
  folder.write(
    "tsconfig.json",
    `{ "compilerOptions": { "strict": true, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext", "types": ["node"] }, "include": ["*.ts"] }\n`,
  );
  const incremental = new Linter({ cwd: folder.root });
  const lint = (linter: Linter) => linter.lintFile(file, { settings })!;
  let text = original;
  let compared = 0;
  /** Types `find` → `replace` in, one piece at a time, comparing each lint with a fresh engine's; returns the last result. */
  const edit = (find: string, replace: string): FileResult => {
    assert.ok(text.includes(find), `${JSON.stringify(find)} not in the text`);
    const target = text.replace(find, replace);
    let last: FileResult | undefined;
    for (const step of steps(text, target)) {
      incremental.setOverlay(file, step);
      last = lint(incremental);
      const fresh = new Linter({ cwd: folder.root });
      try {
        fresh.setOverlay(file, step);
        assert.equal(shape(last), shape(lint(fresh)), `typing ${JSON.stringify(replace)}: the findings differ from a fresh lint of\n${step}`);
        compared++;
      } finally {
        fresh.close();
      }
    }
    text = target;
    return last!;
  };
  try {
    const first = lint(incremental);
    assert.deepEqual(linesOf(first, "check-then-act-across-await"), [13, 18], "the two races are found");
    assert.deepEqual(linesOf(first, "floating-promise"), [], "load() cannot reject yet");
    assert.deepEqual(linesOf(first, "blocking-call-in-async"), [], "readSettings() does not block yet");

    // Lines typed into the first function: every function below moves two lines down.
    let result = edit("  if (!connection) connection", "  const started = Date.now();\n  console.log(started);\n  if (!connection) connection");
    assert.deepEqual(linesOf(result, "check-then-act-across-await"), [15, 20]);
    assert.ok(incremental.reusedFunctions > 0, "the functions the edit did not touch were not checked again");

    // The callee becomes able to reject: its caller in another function now drops a rejection.
    result = edit("  return key;\n", '  const r = await fetch(key);\n  if (!r.ok) throw new Error("download failed");\n  return key;\n');
    assert.deepEqual(linesOf(result, "floating-promise"), [35], "onTick's dropped load() is found once load() can reject");

    // The helper becomes blocking: the request handler that calls it now blocks.
    result = edit('  return "{}";', '  return readFileSync("settings.json", "utf8");');
    assert.deepEqual(linesOf(result, "blocking-call-in-async"), [40], "the handler's readSettings() call is found once it blocks");

    // A function's return type dropped (now inferred from its body), then its body edited.
    edit("export async function cached(key: string): Promise<string> {", "export async function cached(key: string) {");
    edit("  return cache.get(key)!;", "  return cache.get(key) ?? key;");

    // The race in the first function goes away: only its own finding goes.
    result = edit("if (!connection) connection = await connect();", "connection = await connect();");
    assert.deepEqual(linesOf(result, "check-then-act-across-await"), [20]);

    // Outside any function: the module variable renamed, then back.
    edit("const cache = new Map", "const store = new Map");
    edit("const store = new Map", "const cache = new Map");
  } finally {
    incremental.close();
  }
  assert.ok(compared >= 20, `only ${compared} comparisons`);
});

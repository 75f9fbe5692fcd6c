// After any edit, the editor's findings must be those a lint from scratch gives for the same
// texts: whatever the engine carries from one keystroke to the next (call-graph facts re-keyed
// or dropped, project summaries, syntax errors, per-tree caches) may only save work, never
// change a finding. The example project (examples/: a handler file calling a blocking helper in
// another file, floating promises, fetch without timeout) is edited at many points, keystroke by
// keystroke, in one long-lived engine; at every few steps each file's findings are compared with
// those of a new engine that sees the same unsaved texts. Nothing is written to disk.
//
// Per-function reuse (engine/function-reuse.ts), second test: after a keystroke inside one
// function, a function-scoped rule's findings in the other functions are carried over, moved by
// the lines the edit added. In a scratch project with every rule on, edits that move the functions
// below, make a callee able to reject or make it block (its callers' findings in other functions
// must follow), drop a return type (the type is then inferred from the body), and edits outside
// functions are typed one piece at a time, every lint compared with a fresh engine's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Linter } from "../../server/src/analysis/linter";
import type { FileResult } from "../../server/src/analysis/findings";
import { repoRoot } from "../helpers/built";
import { allRules } from "../../server/src/rules/registry";
import { scratchFolder } from "../helpers/scratch";
import type { Rule } from "../../server/src/rules/rule";
import { SyntaxKind, type Node } from "../../server/src/analysis/typescript";
import { SiteFreeUnits } from "../../server/src/rules/unbounded-concurrency/site-free-units";

const dir = join(repoRoot, "examples");
const files = readdirSync(join(dir, "src"))
  .filter(f => f.endsWith(".ts"))
  .sort()
  .map(f => join(dir, "src", f));
const original = new Map(files.map(f => [f, readFileSync(f, "utf8")]));

/** What must be equal: every finding's rule, place, message, related places and fixes. */
function shape(result: FileResult | undefined): string {
  if (!result) return "(cancelled)";
  const findings = result.findings.map(f =>
    JSON.stringify([f.ruleId, f.range, f.message, f.related.map(r => [r.fileName, r.range, r.message]), f.fixes.map(x => [x.title, x.edits])]),
  );
  const problems = result.problems.map(p => `${p.kind}:${p.message}`);
  return [...findings, ...problems].join("\n");
}

/** One edit: in `file`, `find` (its first occurrence) becomes `replace`, typed or deleted one piece at a time. */
interface Edit {
  file: string;
  find: string;
  replace: string;
}

const at = (name: string) => files.find(f => f.endsWith(`/${name}`))!;
/** Statements typed at the start of every function body, and edits of the helpers other files call. */
const snippets = ['fetch("https://example.com/");', 'readFileSync("x");', "await Promise.reject(new Error());", "return;"];

function edits(): Edit[] {
  const list: Edit[] = [];
  let n = 0;
  for (const file of files) {
    const lines = original.get(file)!.split("\n");
    lines.forEach((line, i) => {
      // A body's first line: after a line that opens a block.
      if (i === 0 || !/\{\s*$/.test(lines[i - 1]!) || !line.trim()) return;
      list.push({ file, find: `${lines[i - 1]}\n${line}`, replace: `${lines[i - 1]}\n  ${snippets[n++ % snippets.length]}\n${line}` });
    });
  }
  // The blocking helper's read goes away and comes back: its callers in reports.ts follow.
  list.push({ file: at("config.ts"), find: 'readFileSync(path, "utf8")', replace: '"{}"' });
  // The async helper becomes a blocking one under the same name.
  list.push({ file: at("config.ts"), find: 'await readFile(path, "utf8")', replace: 'readFileSync(path, "utf8")' });
  return list;
}

/** The texts between `from` and `to`, one piece at a time: deleting to the common prefix, then typing. */
function steps(from: string, to: string, pieces: number): string[] {
  let common = 0;
  while (common < from.length && from[common] === to[common]) common++;
  let suffix = 0;
  while (suffix < from.length - common && suffix < to.length - common && from[from.length - 1 - suffix] === to[to.length - 1 - suffix]) suffix++;
  const removed = from.slice(common, from.length - suffix);
  const added = to.slice(common, to.length - suffix);
  const head = from.slice(0, common),
    tail = from.slice(from.length - suffix);
  const out: string[] = [];
  for (let k = 1; k <= pieces; k++) {
    const keep = removed.slice(0, Math.round(removed.length * (1 - k / pieces)));
    out.push(head + keep + tail);
  }
  for (let k = 1; k <= pieces; k++) out.push(head + added.slice(0, Math.round((added.length * k) / pieces)) + tail);
  return [...new Set(out)];
}

/**
 * Which of an edit's pieces a fresh engine checks: the last (the edit typed in) and one half-typed
 * piece, a different one from edit to edit. The long-lived engine lints every piece; a fresh engine
 * per piece (half a second each: a compiler process and a project) made these the suite's slowest
 * tests, and a carried fact that goes wrong on a half-typed text still shows at the edit's end or
 * at the next edit's half-typed piece checked.
 */
function checkedPieces(pieces: number, edit: number): Set<number> {
  return new Set([pieces - 1, ...(pieces > 1 ? [edit % (pieces - 1)] : [])]);
}

test("edited at many points, keystroke after keystroke, every file's findings equal a lint from scratch of the same texts", () => {
  const incremental = new Linter({ cwd: dir });
  const texts = new Map(original);
  const lintAll = (linter: Linter) => files.map(f => shape(linter.lintFile(f)));
  let compared = 0,
    findingsSeen = 0;
  try {
    const before = lintAll(incremental);
    findingsSeen += before.join("\n").split("\n").filter(Boolean).length;
    const plan = edits();
    assert.ok(plan.length >= 10, `only ${plan.length} edit points found in examples/`);
    plan.forEach((edit, e) => {
      const base = texts.get(edit.file)!;
      assert.ok(base.includes(edit.find), `edit ${e}: ${JSON.stringify(edit.find)} not in ${edit.file}`);
      const target = base.replace(edit.find, edit.replace);
      // Typed in, then taken out again: both ways go through half-typed, unparsable texts.
      const path = [...steps(base, target, 3), ...steps(target, base, 2)];
      path.forEach((text, s) => {
        texts.set(edit.file, text);
        incremental.setOverlay(edit.file, text);
        const got = lintAll(incremental);
        // Compared when typed in, and on every other edit half-way or back at the start (a new engine per comparison).
        if (s !== 2 && !(e % 4 === 0 && s === 1) && !(e % 4 === 2 && s === path.length - 1)) return;
        const fresh = new Linter({ cwd: dir });
        try {
          for (const [file, t] of texts) if (t !== original.get(file)) fresh.setOverlay(file, t);
          const expected = lintAll(fresh);
          files.forEach((file, i) => {
            assert.equal(
              got[i],
              expected[i],
              `edit ${e} step ${s} (${edit.file.slice(dir.length + 1)}): findings in ${file.slice(dir.length + 1)} differ from a fresh lint`,
            );
          });
          findingsSeen += expected.join("\n").split("\n").filter(Boolean).length;
          compared++;
        } finally {
          fresh.close();
        }
      });
    });
  } finally {
    incremental.close();
  }
  // The comparisons saw findings (a rule set that finds nothing would compare nothing).
  assert.ok(compared >= 20, `only ${compared} comparisons`);
  console.log(`${compared} comparisons, ${findingsSeen} findings`);
  assert.ok(findingsSeen > compared, `only ${findingsSeen} findings over ${compared} comparisons`);
});

const folder = scratchFolder("function-reuse");
// floating-promise also counts a throw in the called function itself (reportCalleeThrows): the edits
// below make a callee throw, and the test is about reuse, not about which evidence is on by default.
const settings = {
  rules: Object.fromEntries(
    allRules.map(r => [r.meta.id, { severity: "warning" as const, ...(r.meta.id === "floating-promise" ? { options: { reportCalleeThrows: true } } : {}) }]),
  ),
};

const reuseOriginal = `import { readFileSync } from "node:fs";
import http from "node:http";

interface Connection {
  query(q: string): Promise<string>;
}

declare function sessionOf(response: Response): Connection;

let connection: Connection | undefined;
const cache = new Map<string, string>();

export async function db(): Promise<Connection> {
  if (!connection) connection = sessionOf(await fetch("https://db.example/session"));
  return connection;
}

export async function cached(key: string): Promise<string> {
  if (!cache.has(key)) cache.set(key, await (await fetch(key)).text());
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

/** Lines (0-based) of a rule's findings. */
const linesOf = (result: FileResult, ruleId: string) => result.findings.filter(f => f.ruleId === ruleId).map(f => f.range.start.line);

test("an edit inside one function: the other functions' findings are reused, and every lint equals a lint from scratch", () => {
  const file = folder.write("service.ts", reuseOriginal);
  folder.write("package.json", `{ "name": "reuse-example", "type": "module" }\n`);
  folder.write(
    "tsconfig.json",
    `{ "compilerOptions": { "strict": true, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext", "types": ["node"] }, "include": ["*.ts"] }\n`,
  );
  const incremental = new Linter({ cwd: folder.root });
  const lint = (linter: Linter) => linter.lintFile(file, { settings })!;
  let text = reuseOriginal;
  let compared = 0,
    edits = 0;
  /** Types `find` → `replace` in, one piece at a time, comparing lints with a fresh engine's (checkedPieces); returns the last result. */
  const edit = (find: string, replace: string): FileResult => {
    assert.ok(text.includes(find), `${JSON.stringify(find)} not in the text`);
    const target = text.replace(find, replace);
    let last: FileResult | undefined;
    const pieces = steps(text, target, 3).filter(t => t !== text);
    const checked = checkedPieces(pieces.length, edits++);
    for (const [i, step] of pieces.entries()) {
      incremental.setOverlay(file, step);
      last = lint(incremental);
      if (!checked.has(i)) continue;
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
    result = edit(
      'if (!connection) connection = sessionOf(await fetch("https://db.example/session"));',
      'connection = sessionOf(await fetch("https://db.example/session"));',
    );
    assert.deepEqual(linesOf(result, "check-then-act-across-await"), [20]);

    // A brace left open swallows the functions below (a syntax error that reaches past its function), then closed.
    const beforeBrace = incremental.reusedFunctions;
    edit("export function onTick(): void {\n", "export function onTick(): void {\n  if (Date.now()) {\n");
    edit("  if (Date.now()) {\n", "  if (Date.now()) {}\n");
    assert.ok(incremental.reusedFunctions > beforeBrace, "reused again once the brace is closed");

    // Outside any function: the module variable renamed, then back.
    edit("const cache = new Map", "const store = new Map");
    edit("const store = new Map", "const cache = new Map");
  } finally {
    incremental.close();
  }
  assert.ok(compared >= 15, `only ${compared} comparisons`);
});

test("check-then-act-across-await reads a private method's lock from its class's other methods: an edit there changes the method's finding", () => {
  folder.write("package.json", `{ "name": "reuse-example", "type": "module" }\n`);
  folder.write(
    "tsconfig.json",
    `{ "compilerOptions": { "strict": true, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext", "types": ["node"] }, "include": ["*.ts"] }\n`,
  );
  // The work is a request sent directly (no call graph asked): the rule stays function-scoped.
  const source = `export class Session {
  #id?: string;
  #op: Promise<unknown> = Promise.resolve();
  get() {
    return this.#chained(() => this.#getId());
  }
  peek(): number {
    return 1;
  }
  async #getId() {
    if (!this.#id) this.#id = await (await fetch("https://api.example/session", { method: "POST" })).text();
    return this.#id;
  }
  #chained<T>(op: () => Promise<T>): Promise<T> {
    const result = this.#op.then(op);
    this.#op = result.then(() => undefined);
    return result;
  }
}
`;
  const file = folder.write("session.ts", source);
  const incremental = new Linter({ cwd: folder.root });
  const lint = (linter: Linter) => linter.lintFile(file, { settings })!;
  try {
    assert.deepEqual(linesOf(lint(incremental), "check-then-act-across-await"), [], "every call of #getId runs inside #chained");
    // A call outside the chain, typed into another method: #getId's own text is unchanged.
    const edited = source.replace("    return 1;", "    void this.#getId();\n    return 1;");
    incremental.setOverlay(file, edited);
    const result = lint(incremental);
    assert.deepEqual(linesOf(result, "check-then-act-across-await"), [11], "the race in #getId is found once a call runs outside the chain");
    const fresh = new Linter({ cwd: folder.root });
    try {
      fresh.setOverlay(file, edited);
      assert.equal(shape(result), shape(lint(fresh)));
    } finally {
      fresh.close();
    }
  } finally {
    incremental.close();
  }
});

test("a function-scoped rule that asks for a call graph only when deciding is run again on the whole file, not reused", () => {
  folder.write("package.json", `{ "name": "reuse-example", "type": "module" }\n`);
  folder.write(
    "tsconfig.json",
    `{ "compilerOptions": { "strict": true, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext" }, "include": ["*.ts"] }\n`,
  );
  const file = folder.write(
    "calls.ts",
    `export function a(): number {\n  return 1;\n}\nexport function b(): number {\n  return a();\n}\nexport function c(): number {\n  return b();\n}\n`,
  );
  /** The calls each lint's rule instance saw: one list per instance. */
  const seen: string[][] = [];
  const rule: Rule<object> = {
    meta: { id: "test-calls", description: "every call", defaultSeverity: "warning", fixable: false, messages: { call: "a call" } },
    defaultOptions: {},
    validateOptions: () => [],
    scope: "function",
    create(context) {
      const calls: Node[] = [];
      seen.push([]);
      const mine = seen[seen.length - 1]!;
      return {
        visitKinds: [SyntaxKind.CallExpression],
        visit(node) {
          calls.push(node);
          mine.push(node.getText());
        },
        decide() {
          // Summaries read while deciding: the engine cannot know beforehand.
          context.callGraph(fa => ({ visit() {}, finish: () => ({ facts: { fileName: fa.fileName, functions: new Map(), dependsOn: new Set<string>() } }) }));
          for (const call of calls) context.report({ node: call, messageId: "call" });
        },
      };
    },
  };
  const linter = new Linter({ cwd: folder.root, extraRules: [rule] });
  try {
    const first = linter
      .lintFile(file)!
      .findings.filter(f => f.ruleId === "test-calls")
      .map(f => f.range.start.line);
    assert.deepEqual(first, [4, 7]);
    seen.length = 0;
    linter.setOverlay(
      file,
      `export function a(): number {\n  const x = 2;\n  return x;\n}\nexport function b(): number {\n  return a();\n}\nexport function c(): number {\n  return b();\n}\n`,
    );
    const second = linter
      .lintFile(file)!
      .findings.filter(f => f.ruleId === "test-calls")
      .map(f => f.range.start.line);
    assert.deepEqual(second, [5, 8]);
    // The first instance saw only the edited function (no calls); the second, run whole, saw both calls.
    assert.deepEqual(seen, [[], ["a()", "b()"]]);
  } finally {
    linter.close();
  }
});

test("a rule run again on the whole file asks the compiler again in its visit (a second batch), and does not crash", () => {
  folder.write("package.json", `{ "name": "reuse-example", "type": "module" }\n`);
  folder.write(
    "tsconfig.json",
    `{ "compilerOptions": { "strict": true, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext" }, "include": ["*.ts"] }\n`,
  );
  const original = `export function a(): number {\n  return 1;\n}\nexport function b(): number {\n  return a();\n}\nexport function c(): number {\n  return b();\n}\n`;
  const file = folder.write("asks.ts", original);
  // Like check-then-act-across-await: symbols asked in visit, a call graph read only in decide.
  const rule: Rule<object> = {
    meta: {
      id: "test-asks",
      description: "every call, by its callee's symbol",
      defaultSeverity: "warning",
      fixable: false,
      messages: { call: "calls {{name}}" },
    },
    defaultOptions: {},
    validateOptions: () => [],
    scope: "function",
    create(context) {
      const calls: Node[] = [];
      return {
        visitKinds: [SyntaxKind.CallExpression],
        visit(node) {
          calls.push(node);
          context.queries.needSymbol((node as unknown as { expression: Node }).expression);
        },
        decide() {
          context.callGraph(fa => ({ visit() {}, finish: () => ({ facts: { fileName: fa.fileName, functions: new Map(), dependsOn: new Set<string>() } }) }));
          for (const call of calls) {
            const name = context.queries.symbolOf((call as unknown as { expression: Node }).expression)?.name ?? "?";
            context.report({ node: call, messageId: "call", data: { name } });
          }
        },
      };
    },
  };
  const linter = new Linter({ cwd: folder.root, extraRules: [rule] });
  try {
    const lint = () => {
      const result = linter.lintFile(file)!;
      return {
        messages: result.findings.filter(f => f.ruleId === "test-asks").map(f => `${f.range.start.line}:${f.message}`),
        problems: result.problems.map(p => `${p.kind}: ${p.message}`),
      };
    };
    assert.deepEqual(lint(), { messages: ["4:calls a", "7:calls b"], problems: [] });
    // An edit of a(): the rule first runs on a() alone, reads the call graph, and runs again on the whole file.
    linter.setOverlay(file, original.replace("return 1;", "const x = 2;\n  return x;"));
    assert.deepEqual(lint(), { messages: ["5:calls a", "8:calls b"], problems: [] });
  } finally {
    linter.close();
  }
});

// Collectors' per-function results carried over an edit of another function (engine/unit-carry.ts):
// blocking-call-in-async's classified calls, the callees of missing-timeout's project calls, and
// its calls that reach no module export (a Map's get beside a fetch that is still found).
// The callers are carried, their callees' summaries are not: an edit that makes a callee block or
// stop forwarding its options, in the same file or in another one, must change the callers'
// findings in functions whose results were carried.
const carryHelper = `export function helper(): string {\n  return "";\n}\n`;
const carryService = `import { readFileSync } from "node:fs";
import { exec } from "node:child_process";
import { promisify } from "node:util";
import http from "node:http";
import { helper } from "./helper.js";

const execAsync = promisify(exec);

export function edited(): number {
  return 1;
}

function sh(cmd: string, opts?: { cwd?: string; timeout?: number }): Promise<{ stdout: string }> {
  return execAsync(cmd, opts);
}

function load(): string {
  return "x";
}

export async function ping(url: string): Promise<string | undefined> {
  const seen = new Map<string, string>();
  return seen.get(url) ?? (await fetch(url)).statusText;
}

http
  .createServer(async (req, res) => {
    await sh("git pull", { cwd: "." });
    res.end(load() + helper() + String(readFileSync.length));
  })
  .listen(3000);

declare function glob(pattern: string): Promise<string[]>;

async function read(p: string): Promise<string> {
  return p;
}

export async function readAll(dir: string): Promise<string[]> {
  const files = await glob(dir + "/**/*");
  return Promise.all(files.map(f => read(f)));
}
`;

test("carried per-function collector results: callee summaries edited in the same file and in another file reach the carried callers, and every lint equals a lint from scratch", () => {
  strictModuleProject("carry");
  const file = folder.write("carry/service.ts", carryService);
  const helperFile = folder.write("carry/helper.ts", carryHelper);
  const root = join(folder.root, "carry");
  const { incremental, edit, compared, lint } = editingSession(
    root,
    file,
    new Map([
      [file, carryService],
      [helperFile, carryHelper],
    ]),
    settings,
  );
  try {
    const first = lint();
    assert.deepEqual(linesOf(first, "missing-timeout"), [22, 27], "fetch() in ping(), and sh() handing its options on to exec, without a timeout");
    assert.deepEqual(linesOf(first, "blocking-call-in-async"), [], "nothing blocks yet");

    // Statements typed into the first function: the functions below move (lines and node indices).
    let result = edit(file, "  return 1;\n", "  const started = Date.now();\n  console.log(started);\n  return 1;\n");
    assert.ok(incremental.carriedFunctions > 0, "the other functions' calls were carried, not classified again");
    assert.deepEqual(linesOf(result, "missing-timeout"), [24, 29]);

    // A callee in the same file starts to block: the handler's call of it (carried) is now found, then not again.
    result = edit(file, '  return "x";\n', '  return readFileSync("x", "utf8");\n');
    assert.deepEqual(linesOf(result, "blocking-call-in-async"), [30], "the handler's load() blocks once load() does");
    result = edit(file, '  return readFileSync("x", "utf8");\n', '  return "x";\n');
    assert.deepEqual(linesOf(result, "blocking-call-in-async"), []);

    // A callee in another file starts to block; then a keystroke in this file carries the handler again.
    result = edit(helperFile, '  return "";\n', '  return readFileSync("y", "utf8");\n');
    assert.deepEqual(linesOf(result, "blocking-call-in-async"), [], "helper.ts does not import readFileSync yet: it does not compile, nothing blocks");
    result = edit(helperFile, "export function helper", 'import { readFileSync } from "node:fs";\nexport function helper');
    assert.deepEqual(linesOf(result, "blocking-call-in-async"), [30], "the handler's helper() blocks once helper() does");
    const carriedBefore = incremental.carriedFunctions;
    result = edit(file, "  console.log(started);\n", "");
    assert.ok(incremental.carriedFunctions > carriedBefore, "carried again once only this file changes");
    assert.deepEqual(linesOf(result, "blocking-call-in-async"), [29]);

    // The wrapper sets a timeout itself: the call that hands it options without one is no longer found, then is again.
    result = edit(file, "  return execAsync(cmd, opts);", "  return execAsync(cmd, { timeout: 30000, ...opts });");
    assert.deepEqual(linesOf(result, "missing-timeout"), [23], "sh() now brings its own timeout");
    result = edit(file, "  return execAsync(cmd, { timeout: 30000, ...opts });", "  return execAsync(cmd, opts);");
    assert.deepEqual(linesOf(result, "missing-timeout"), [23, 28]);

    // The work of a fan-out (a carried call of read()) starts and stops reading files: the I/O
    // summary's carried facts (io-call-collector.ts) reach the fan-out, then a keystroke elsewhere carries them.
    assert.deepEqual(linesOf(result, "unbounded-concurrency"), [], "read() does no I/O yet");
    result = edit(file, "  return p;\n", '  return readFileSync(p, "utf8");\n');
    assert.deepEqual(linesOf(result, "unbounded-concurrency"), [], "a blocking read is no concurrent I/O");
    result = edit(file, '  return readFileSync(p, "utf8");\n', "  return (await fetch(p)).text();\n");
    assert.deepEqual(linesOf(result, "unbounded-concurrency"), [41], "read() now fetches: the fan-out over it is found");
    result = edit(file, "  return 1;\n", "  return 2;\n");
    assert.deepEqual(linesOf(result, "unbounded-concurrency"), [41], "carried with the other functions");
    result = edit(file, "  return (await fetch(p)).text();\n", "  return p;\n");
    assert.deepEqual(linesOf(result, "unbounded-concurrency"), []);
  } finally {
    incremental.close();
  }
  assert.ok(compared() >= 20, `only ${compared()} comparisons`);
});

test("the first keystroke after a file is opened carries as many functions' results as the next: its own facts, asked for by its call graph on opening, were recorded per function too", () => {
  strictModuleProject("carry-first");
  const file = folder.write("carry-first/service.ts", carryService);
  folder.write("carry-first/helper.ts", carryHelper);
  const linter = new Linter({ cwd: join(folder.root, "carry-first") });
  try {
    linter.lintFile(file, { settings });
    const carriedBy = (text: string) => {
      const before = linter.carriedFunctions;
      linter.setOverlay(file, text);
      linter.lintFile(file, { settings });
      return linter.carriedFunctions - before;
    };
    const first = carriedBy(carryService.replace("  return 1;\n", "  return 12;\n"));
    const second = carriedBy(carryService.replace("  return 1;\n", "  return 123;\n"));
    assert.ok(second > 0, "the second keystroke carries the unchanged functions' results");
    assert.equal(first, second, "the first keystroke carries as many as the second");
  } finally {
    linter.close();
  }
});

/** A scratch ES-module project `name` with strict TypeScript settings, for the carry tests' files. */
function strictModuleProject(name: string): void {
  folder.write(`${name}/package.json`, `{ "name": "${name}-example", "type": "module" }\n`);
  folder.write(
    `${name}/tsconfig.json`,
    `{ "compilerOptions": { "strict": true, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext", "types": ["node"] }, "include": ["*.ts"] }\n`,
  );
}

/**
 * A long-lived engine linting `file` while `edit` types `find` → `replace` into one of `texts`' files
 * one piece at a time; after the pieces checkedPieces names, the lint is compared with a fresh engine's.
 */
function editingSession(root: string, file: string, texts: Map<string, string>, lintSettings: NonNullable<Parameters<Linter["lintFile"]>[1]>["settings"]) {
  const incremental = new Linter({ cwd: root });
  const lint = (linter: Linter) => linter.lintFile(file, { settings: lintSettings })!;
  let compared = 0,
    edits = 0;
  const edit = (target: string, find: string, replace: string): FileResult => {
    const text = texts.get(target)!;
    assert.ok(text.includes(find), `${JSON.stringify(find)} not in ${target}`);
    const next = text.replace(find, replace);
    let last: FileResult | undefined;
    const pieces = steps(text, next, 3).filter(t => t !== text);
    const checked = checkedPieces(pieces.length, edits++);
    for (const [i, step] of pieces.entries()) {
      texts.set(target, step);
      incremental.setOverlay(target, step);
      last = lint(incremental);
      if (!checked.has(i)) continue;
      const fresh = new Linter({ cwd: root });
      try {
        for (const [f, t] of texts) fresh.setOverlay(f, t);
        assert.equal(shape(last), shape(lint(fresh)), `typing ${JSON.stringify(replace)} in ${target}: the findings differ from a fresh lint`);
        compared++;
      } finally {
        fresh.close();
      }
    }
    texts.set(target, next);
    return last!;
  };
  return { incremental, edit, compared: () => compared, lint: () => lint(incremental) };
}

// floating-promise's type verdicts carried over an edit of another function (unhandled-promise.ts):
// what a statement's own type says is carried, what else decides is not (a callee that stops
// throwing: rejection evidence), and a constructor whose assignments give an untyped property its
// type carries nothing (function-units.ts `fixedInterface`).
const promiseService = `async function fail(): Promise<void> {
  throw new Error("x");
}

export function edited(): number {
  return 1;
}

export class Jobs {
  runner;
  constructor() {
    this.runner = async (): Promise<void> => {};
  }
  tick(): void {
    this.runner();
  }
  start(): void {
    fail();
    void fail();
    fail().then(() => {});
  }
}
`;

test("carried floating-promise verdicts: a statement's type is carried, its evidence is not, and every lint equals a lint from scratch", () => {
  strictModuleProject("fp-carry");
  const file = folder.write("fp-carry/service.ts", promiseService);
  const promiseSettings = { rules: { "floating-promise": { severity: "warning" as const, options: { reportUnproven: true } } } } as unknown as typeof settings;
  const { incremental, edit, compared, lint } = editingSession(join(folder.root, "fp-carry"), file, new Map([[file, promiseService]]), promiseSettings);
  try {
    const lines = (result: FileResult) => linesOf(result, "floating-promise");
    assert.deepEqual(lines(lint()), [14, 17, 19], "this.runner(), fail(), fail().then()");
    // Typed into another function: start() and tick() are carried, their findings moved.
    let result = edit(file, "  return 1;\n", "  const x = 2;\n  return x;\n");
    assert.deepEqual(lines(result), [15, 18, 20]);
    // fail() stops throwing (it cannot reject now): the verdicts are carried, the evidence is not.
    result = edit(file, '  throw new Error("x");\n', "  return;\n");
    assert.deepEqual(lines(result), [15]);
    result = edit(file, "  const x = 2;\n", "  const x = 3;\n");
    result = edit(file, "  return;\n", '  throw new Error("x");\n');
    assert.deepEqual(lines(result), [15, 18, 20]);
    // The constructor gives runner a type that makes no promise: nothing is carried over its edit.
    result = edit(file, "this.runner = async (): Promise<void> => {};", "this.runner = (): void => {};");
    assert.deepEqual(lines(result), [18, 20]);
    result = edit(file, "  const x = 3;\n", "  const x = 4;\n");
    assert.deepEqual(lines(result), [18, 20]);
  } finally {
    incremental.close();
  }
  assert.ok(compared() >= 10, `only ${compared()} comparisons`);
});

// Type verdicts carried over an edit of another function (analysis/carried-callees.ts
// CarriedVerdicts): unbounded-concurrency's "this pushed value is thenable" and "this map makes
// an array of promises", promise-in-void-callback's "this listener returns a thenable". What the
// work reaches and whether the listener can reject are summaries: judged again, so a callee that
// stops fetching or throwing changes the carried functions' findings.
const verdictService = `import { EventEmitter } from "node:events";

declare function glob(pattern: string): Promise<string[]>;

export function edited(): number {
  return 1;
}

async function send(name: string): Promise<string> {
  return (await fetch(name)).text();
}

async function onEvent(): Promise<void> {
  throw new Error("x");
}

export function listen(emitter: EventEmitter): void {
  emitter.on("data", onEvent);
}

export async function pushAll(dir: string): Promise<void> {
  const names = await glob(dir + "/**/*");
  const pending: Promise<string>[] = [];
  for (const name of names) pending.push(send(name));
  await Promise.all(pending);
}

export async function mapAll(dir: string): Promise<string[]> {
  const names = await glob(dir + "/**/*");
  return Promise.all(names.map(name => send(name)));
}
`;

test("carried type verdicts: a node's own type is carried, what its work reaches is not, and every lint equals a lint from scratch", () => {
  strictModuleProject("verdict-carry");
  const file = folder.write("verdict-carry/service.ts", verdictService);
  const { incremental, edit, compared, lint } = editingSession(join(folder.root, "verdict-carry"), file, new Map([[file, verdictService]]), settings);
  try {
    const lines = (result: FileResult) => [linesOf(result, "unbounded-concurrency"), linesOf(result, "promise-in-void-callback")];
    assert.deepEqual(lines(lint()), [[23, 29], [17]], "the pushed send(), the map over send(), the throwing listener");
    // Typed into another function: the other functions' verdicts are carried, their findings moved.
    let result = edit(file, "  return 1;\n", "  const x = 2;\n  return x;\n");
    assert.ok(incremental.carriedFunctions > 0, "the other functions' verdicts were carried");
    assert.deepEqual(lines(result), [[24, 30], [18]]);
    // send() stops fetching: the fan-outs' carried verdicts stay, what their work reaches does not.
    result = edit(file, "  return (await fetch(name)).text();\n", "  return name;\n");
    assert.deepEqual(lines(result), [[], [18]]);
    result = edit(file, "  const x = 2;\n", "  const x = 3;\n");
    result = edit(file, "  return name;\n", "  return (await fetch(name)).text();\n");
    assert.deepEqual(lines(result), [[24, 30], [18]]);
    // onEvent() stops throwing: the listener's carried verdict stays, its rejection does not.
    result = edit(file, '  throw new Error("x");\n', "  return;\n");
    assert.deepEqual(lines(result), [[24, 30], []]);
    result = edit(file, "  const x = 3;\n", "  const x = 4;\n");
    result = edit(file, "  return;\n", '  throw new Error("x");\n');
    assert.deepEqual(lines(result), [[24, 30], [18]]);
  } finally {
    incremental.close();
  }
  assert.ok(compared() >= 10, `only ${compared()} comparisons`);
});

// A call started per item whose carried verdict says it is no thenable is not even collected
// (unbounded-concurrency's phase 1 asks nothing about it); one whose verdict says it is, is, and
// what its work reaches is judged again.
const startedService = `declare function glob(pattern: string): Promise<string[]>;

export function edited(): number {
  return 1;
}

async function send(name: string): Promise<string> {
  return (await fetch(name)).text();
}

function count(name: string): number {
  return name.length;
}

export async function notifyAll(dir: string): Promise<void> {
  const names = await glob(dir + "/**/*");
  for (const name of names) {
    count(name);
    void send(name);
  }
  names.forEach(name => count(name));
  names.forEach(name => send(name));
}
`;

test("carried type verdicts: a call per item carried as no thenable is skipped, one carried as thenable is judged again", () => {
  strictModuleProject("started-carry");
  const file = folder.write("started-carry/service.ts", startedService);
  const { incremental, edit, compared, lint } = editingSession(join(folder.root, "started-carry"), file, new Map([[file, startedService]]), settings);
  try {
    assert.deepEqual(linesOf(lint(), "unbounded-concurrency"), [18, 21], "the send() started per item, not count()");
    let result = edit(file, "  return 1;\n", "  const x = 2;\n  return x;\n");
    assert.ok(incremental.carriedFunctions > 0, "the other functions' verdicts were carried");
    assert.deepEqual(linesOf(result, "unbounded-concurrency"), [19, 22]);
    result = edit(file, "  return (await fetch(name)).text();\n", "  return name;\n");
    assert.deepEqual(linesOf(result, "unbounded-concurrency"), []);
    result = edit(file, "  const x = 2;\n", "  const x = 3;\n");
    result = edit(file, "  return name;\n", "  return (await fetch(name)).text();\n");
    assert.deepEqual(linesOf(result, "unbounded-concurrency"), [19, 22]);
    result = edit(file, "  const x = 3;\n", "  const x = 4;\n");
    assert.deepEqual(linesOf(result, "unbounded-concurrency"), [19, 22]);
  } finally {
    incremental.close();
  }
  assert.ok(compared() >= 6, `only ${compared()} comparisons`);
});

// promise-in-void-callback: a listener carried as returning no thenable is no candidate (its type
// is not asked); one carried as returning one is, and whether it can reject is judged again.
const listenerService = `import { EventEmitter } from "node:events";

export function edited(): number {
  return 1;
}

async function onEvent(): Promise<void> {
  throw new Error("x");
}

function count(): number {
  return 1;
}

export function listen(emitter: EventEmitter): void {
  emitter.on("data", () => onEvent());
  emitter.on("tick", () => count());
}
`;

test("carried type verdicts: a listener carried as returning no thenable is skipped, one returning a thenable is judged again", () => {
  strictModuleProject("listener-carry");
  const file = folder.write("listener-carry/service.ts", listenerService);
  const { incremental, edit, compared, lint } = editingSession(join(folder.root, "listener-carry"), file, new Map([[file, listenerService]]), settings);
  try {
    assert.deepEqual(linesOf(lint(), "promise-in-void-callback"), [15], "the listener that returns onEvent()'s promise, not count()'s number");
    let result = edit(file, "  return 1;\n}\n\nasync", "  const x = 2;\n  return x;\n}\n\nasync");
    assert.ok(incremental.carriedFunctions > 0, "the other functions' verdicts were carried");
    assert.deepEqual(linesOf(result, "promise-in-void-callback"), [16]);
    result = edit(file, '  throw new Error("x");\n', "  return;\n");
    assert.deepEqual(linesOf(result, "promise-in-void-callback"), []);
    result = edit(file, "  const x = 2;\n", "  const x = 3;\n");
    result = edit(file, "  return;\n", '  throw new Error("x");\n');
    assert.deepEqual(linesOf(result, "promise-in-void-callback"), [16]);
    result = edit(file, "  const x = 3;\n", "  const x = 4;\n");
    assert.deepEqual(linesOf(result, "promise-in-void-callback"), [16]);
  } finally {
    incremental.close();
  }
  assert.ok(compared() >= 6, `only ${compared()} comparisons`);
});

// promise-in-void-callback: a forEach whose callback was carried as returning no thenable is no
// candidate, and its callee is not asked about either. On a new snapshot's checker every such
// question checks the call around it again: after a keystroke in a large file, the other
// functions' forEach calls were half of the symbols asked.
const forEachService = `declare function count(item: string): number;
declare function save(item: string): Promise<void>;

export function edited(): number {
  return 1;
}

export function tally(a: string[], b: string[], c: string[]): void {
  a.forEach(item => count(item));
  b.forEach(item => count(item));
  c.forEach(item => count(item));
}

export function store(items: string[]): void {
  items.forEach(async item => {
    await save(item);
    throw new Error(item);
  });
}
`;

test("carried type verdicts: a forEach whose callback was carried as returning no thenable asks nothing about its callee", () => {
  strictModuleProject("foreach-carry");
  const file = folder.write("foreach-carry/service.ts", forEachService);
  const only = {
    rules: Object.fromEntries(allRules.map(r => [r.meta.id, { severity: r.meta.id === "promise-in-void-callback" ? ("warning" as const) : ("off" as const) }])),
  };
  const { incremental, edit, compared, lint } = editingSession(join(folder.root, "foreach-carry"), file, new Map([[file, forEachService]]), only);
  const symbolsAsked = () => incremental.requestsByMethod.get("getSymbolsAtLocations") ?? 0;
  try {
    assert.deepEqual(linesOf(lint(), "promise-in-void-callback"), [14], "the async callback that throws, not count()'s");
    const before = symbolsAsked();
    // Typed in edited(): tally's three callbacks were carried as returning a number; store's async
    // callback is a candidate whatever its type, and its forEach (and the summaries its rejection
    // reads) are asked about again.
    const result = edit(file, "  return 1;\n", "  const x = 2;\n  return x;\n");
    assert.ok(incremental.carriedFunctions > 0, "the other functions' verdicts were carried");
    assert.deepEqual(linesOf(result, "promise-in-void-callback"), [15]);
    assert.ok(symbolsAsked() > before, "store's forEach is asked about");
    // With store's callback made synchronous, no callee is left to ask about after a keystroke.
    edit(file, "async item => {\n    await save(item);\n    throw new Error(item);\n  }", "item => count(item)");
    const quiet = symbolsAsked();
    const last = edit(file, "  const x = 2;\n", "  const x = 3;\n");
    assert.deepEqual(linesOf(last, "promise-in-void-callback"), []);
    assert.equal(symbolsAsked() - quiet, 0, "no symbol asked: every forEach's callback was carried as returning no thenable");
  } finally {
    incremental.close();
  }
  assert.ok(compared() >= 3, `only ${compared()} comparisons`);
});

// missing-timeout's options-flow facts: a call that hands on a parameter and reached no module
// export last time, in a function the edit did not touch, is not prepared again (its callee's
// symbol unasked), as the rule's own calls are not; one that reaches a checked API still counts.
const flowService = `import { get } from "node:https";

declare function helper(options: { a: number }): number;

export function edited(): number {
  return 1;
}

export function wrap(options: { a: number }): number {
  return helper(options);
}

export function fetchWith(options: { host: string }): void {
  get(options, () => {});
}

export function caller(): void {
  fetchWith({ host: "example.com" });
}
`;

test("carried options-flow calls: a call that reached no module export asks nothing again, and every lint equals a lint from scratch", () => {
  strictModuleProject("flow-carry");
  const file = folder.write("flow-carry/service.ts", flowService);
  const only = {
    rules: Object.fromEntries(allRules.map(r => [r.meta.id, { severity: r.meta.id === "missing-timeout" ? ("warning" as const) : ("off" as const) }])),
  };
  const { incremental, edit, compared, lint } = editingSession(join(folder.root, "flow-carry"), file, new Map([[file, flowService]]), only);
  const symbolsAsked = () => incremental.requestsByMethod.get("getSymbolsAtLocations") ?? 0;
  try {
    const first = linesOf(lint(), "missing-timeout");
    assert.ok(first.length > 0, "the request whose options come from a caller is found");
    edit(file, "  return 1;\n", "  const x = 2;\n  return x;\n");
    assert.ok(incremental.carriedFunctions > 0, "the other functions' results were carried");
    // The https call (it reaches a module export) is prepared again; helper(options) is not.
    const once = symbolsAsked();
    const result = edit(file, "  const x = 2;\n", "  const x = 3;\n");
    assert.deepEqual(
      linesOf(result, "missing-timeout"),
      first.map(l => l + 1),
    );
    const again = symbolsAsked() - once;
    edit(file, "  get(options, () => {});\n", "");
    const quiet = symbolsAsked();
    const last = edit(file, "  const x = 3;\n", "  const x = 4;\n");
    assert.deepEqual(linesOf(last, "missing-timeout"), []);
    assert.equal(symbolsAsked() - quiet, 0, `no symbol asked once no call reaches a module export (${again} with the https call)`);
  } finally {
    incremental.close();
  }
  assert.ok(compared() >= 3, `only ${compared()} comparisons`);
});

// unbounded-concurrency judges a fan-out in a function the edit did not touch again (where its
// collection comes from, what its work reaches through the summaries), but the calls of its work
// keep their classification (WorkIo's carry): their callees are not asked about again.
const workService = `import { readFile } from "node:fs/promises";

declare function upload(name: string, body: string): Promise<void>;
declare function glob(pattern: string): Promise<string[]>;

export function edited(): number {
  return 1;
}

async function store(name: string): Promise<void> {
  await upload(name, await readFile(name, "utf8"));
}

export async function sendAll(dir: string): Promise<void> {
  const names = await glob(dir + "/**/*");
  await Promise.all(names.map(async name => store(name)));
}
`;

test("carried work classifications: a fan-out judged again asks nothing about its work's calls, and every lint equals a lint from scratch", () => {
  strictModuleProject("work-carry");
  const file = folder.write("work-carry/service.ts", workService);
  const only = {
    rules: Object.fromEntries(allRules.map(r => [r.meta.id, { severity: r.meta.id === "unbounded-concurrency" ? ("warning" as const) : ("off" as const) }])),
  };
  const { incremental, edit, compared, lint } = editingSession(join(folder.root, "work-carry"), file, new Map([[file, workService]]), only);
  const symbolNodes = () => incremental.locationsByMethod.get("getSymbolsAtLocations") ?? 0;
  try {
    assert.deepEqual(linesOf(lint(), "unbounded-concurrency"), [15], "the fan-out over a glob's names");
    edit(file, "  return 1;\n", "  const x = 2;\n  return x;\n");
    assert.ok(incremental.carriedFunctions > 0, "sendAll's results were carried");
    const before = symbolNodes();
    const result = edit(file, "  const x = 2;\n", "  const x = 3;\n");
    assert.deepEqual(linesOf(result, "unbounded-concurrency"), [16]);
    // Without the carry: the work's callees' symbols asked again.
    assert.equal(symbolNodes() - before, 0, "no symbol asked: the work's calls kept their classification");
    // What a carried call reaches is still followed anew: store() stops reading files, and the
    // fan-out's work then reaches only a declared function.
    const changed = edit(file, '  await upload(name, await readFile(name, "utf8"));\n', '  await upload(name, "");\n');
    assert.deepEqual(linesOf(changed, "unbounded-concurrency"), [], "the work no longer reaches a known resource");
  } finally {
    incremental.close();
  }
  assert.ok(compared() >= 2, `only ${compared()} comparisons`);
});

// unbounded-concurrency: the functions an edit did not touch that held no fan-out place are not
// visited again; the variables they make by calls are carried, so a limiter made in one of them
// still bounds a fan-out in another, and a place typed into the edited function is found.
const limiterService = `declare function glob(pattern: string): Promise<string[]>;
declare function gateOf(width: number): <T>(work: () => Promise<T>) => Promise<T>;

export function edited(): number {
  return 1;
}

async function send(name: string): Promise<string> {
  return (await fetch(name)).text();
}

export class Sender {
  private gate = gateOf(1);
  setUp(): void {
    this.gate = pLimit(4);
  }
  async sendAll(dir: string): Promise<void> {
    const names = await glob(dir + "/**/*");
    await Promise.all(names.map(name => this.gate(() => send(name))));
  }
}

declare function pLimit(width: number): <T>(work: () => Promise<T>) => Promise<T>;
`;

test("carried site-free functions: unbounded-concurrency skips them, their limiter variables still count, and every lint equals a lint from scratch", () => {
  strictModuleProject("site-free");
  const file = folder.write("site-free/service.ts", limiterService);
  const ucSettings = { rules: { "unbounded-concurrency": { severity: "warning" as const } } } as unknown as typeof settings;
  const { incremental, edit, compared, lint } = editingSession(join(folder.root, "site-free"), file, new Map([[file, limiterService]]), ucSettings);
  try {
    const lines = (result: FileResult) => linesOf(result, "unbounded-concurrency");
    assert.deepEqual(lines(lint()), [], "the map goes through this.gate, made by pLimit() in setUp()");
    const skippedBefore = SiteFreeUnits.skippedUnits;
    // Typed into another function: setUp() is skipped, its `this.gate = pLimit(4)` carried.
    let result = edit(file, "  return 1;\n", "  const x = 2;\n  return x;\n");
    assert.ok(SiteFreeUnits.skippedUnits > skippedBefore, "the untouched site-free functions were skipped");
    assert.deepEqual(lines(result), []);
    // setUp() edited: gate is no longer made by a limiter, the fan-out in sendAll() is reported.
    result = edit(file, "this.gate = pLimit(4);", "this.gate = gateOf(4);");
    assert.deepEqual(lines(result), [19]);
    result = edit(file, "  const x = 2;\n", "  const x = 3;\n");
    assert.deepEqual(lines(result), [19]);
    // A fan-out typed into the edited function is found; the others stay.
    result = edit(file, "  const x = 3;\n", '  const x = 3;\n  void Promise.all((await glob("*")).map(n => send(n)));\n');
    result = edit(file, "this.gate = gateOf(4);", "this.gate = pLimit(4);");
    assert.deepEqual(lines(result), []);
  } finally {
    incremental.close();
  }
  assert.ok(compared() >= 6, `only ${compared()} comparisons`);
});

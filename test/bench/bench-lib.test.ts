// Smoke test of the benchmark helpers (bench/lib, bench/run.mjs): the numbers the bench prints are
// only as good as the parsing, process-tree accounting and diffing underneath. No timing targets here.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { TextDocument } from "vscode-languageserver-textdocument";

// bench/ is plain .mjs (run by node directly, no build step): load it untyped and state the shape used here.
const load = async <T>(rel: string): Promise<T> => (await import(new URL(`../../bench/${rel}`, import.meta.url).href)) as T;
interface Column {
  key: string;
  title: string;
  align?: "left" | "right";
}
interface TableLib {
  formatTable(columns: Column[], rows: Record<string, unknown>[]): string;
  percentile(values: number[], p: number): number | undefined;
  median(values: number[]): number | undefined;
  ratio(a: number, b: number): string;
  seconds(ms: number): string;
  mib(bytes: number): string;
}
interface Measured {
  wallMs: number;
  cpuMs: number;
  peakBytes: number;
  processes: number;
  exitCode: number;
  stdout: string;
}
interface MeasureLib {
  parseTimeOutput(text: string): { wallMs: number; cpuMs: number; maxRssBytes: number; exitCode: number } | undefined;
  parseProcStat(text: string): { ppid: number; cpuTicks: number; rssPages: number };
  measureCommand(cmd: string, args: string[], opts?: { cwd?: string }): Promise<Measured>;
}
interface FindingsLib {
  fromEslintJson(json: string, root: string, ruleIds?: string[]): string[];
  fromOxlintJson(json: string, root: string): string[];
  diffFindings(a: string[], b: string[]): { onlyA: string[]; onlyB: string[]; both: number };
  compareLoopscopeJson(a: string, b: string, root: string): { same: boolean; files: number; differing: string[] };
}
interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface EditsLib {
  typedText: string;
  insertionLine(lines: string[]): number;
  keystroke(i: number, line: number): { range: Range; text: string };
}
interface RunLib {
  parseArgs(argv: string[]): { help: boolean; selected: string[]; forwarded: string[] };
}

describe("table", () => {
  test("aligns columns and formats numbers", async () => {
    const t = await load<TableLib>("lib/table.mjs");
    const text = t.formatTable(
      [
        { key: "tool", title: "tool", align: "left" },
        { key: "wall", title: "wall" },
      ],
      [
        { tool: "tsc", wall: t.seconds(18_800) },
        { tool: "loopscope", wall: t.seconds(2_345) },
      ],
    );
    assert.equal(text, ["| tool      |   wall |", "|:----------|-------:|", "| tsc       | 18.8 s |", "| loopscope | 2.35 s |"].join("\n"));
    assert.equal(t.ratio(6, 2), "3.00x");
    assert.equal(t.ratio(6, 0), "n/a");
    assert.equal(t.mib(3 * 2 ** 20), "3 MiB");
  });
  test("median and nearest-rank percentiles", async () => {
    const t = await load<TableLib>("lib/table.mjs");
    assert.equal(t.median([3, 1, 2]), 2);
    assert.equal(t.median([4, 1, 2, 3]), 2.5);
    const xs = Array.from({ length: 200 }, (_, i) => i + 1);
    assert.equal(t.percentile(xs, 50), 100);
    assert.equal(t.percentile(xs, 95), 190);
    assert.equal(t.percentile([], 95), undefined);
  });
});

describe("measure", () => {
  test("parses GNU time's line and /proc stat lines with odd command names", async () => {
    const m = await load<MeasureLib>("lib/measure.mjs");
    assert.deepEqual(m.parseTimeOutput("Command exited with non-zero status 2\nloopscope-time 18.81 27.02 8.90 2748312 2\n"), {
      wallMs: 18810,
      cpuMs: 35920,
      maxRssBytes: 2748312 * 1024,
      exitCode: 2,
    });
    assert.equal(m.parseTimeOutput("nothing"), undefined);
    const stat = "4242 (tsgo (api) x) S 4200 4242 4200 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 9 0 12345 1000000 5000 18446744073709551615";
    assert.deepEqual(m.parseProcStat(stat), { ppid: 4200, cpuTicks: 280, rssPages: 5000 });
  });
  test("counts the CPU and memory of a child its parent never reaps", async t => {
    if (!existsSync("/proc/self/stat")) return t.skip("no /proc on this system");
    const m = await load<MeasureLib>("lib/measure.mjs");
    // The parent exits without waiting: like a CLI that leaves its compiler process to die on its own.
    // The child burns a fixed amount of CPU time (not wall time, so a busy machine does not change it),
    // then stays alive until the parent, 500 ms later, kills it and exits without reaping it.
    const burn = "const b = Buffer.alloc(150 * 2 ** 20, 1); while (process.cpuUsage().user < 400_000); console.log('done'); setInterval(() => {}, 1000);";
    const parent = `const c = require("child_process").spawn(process.execPath, ["-e", ${JSON.stringify(burn)}], { stdio: ["ignore", "pipe", "inherit"] });
      c.stdout.once("data", () => setTimeout(() => { c.kill("SIGKILL"); process.exit(0); }, 500));`;
    const r = await m.measureCommand(process.execPath, ["-e", parent]);
    assert.equal(r.exitCode, 0);
    assert.ok(r.processes >= 2, `saw ${r.processes} processes`);
    assert.ok(r.cpuMs >= 400, `CPU ${r.cpuMs} ms should include the child's 400 ms of CPU`);
    assert.ok(r.peakBytes >= 150 * 2 ** 20, `peak ${r.peakBytes} bytes should include the child's 150 MiB buffer`);
  });
});

describe("findings", () => {
  const root = "/corpus";
  test("normalizes ESLint-shaped and oxlint JSON to file:line and diffs them as multisets", async () => {
    const f = await load<FindingsLib>("lib/findings.mjs");
    const eslint = JSON.stringify([
      {
        filePath: "/corpus/b.ts",
        messages: [
          { ruleId: "@typescript-eslint/no-floating-promises", line: 9 },
          { ruleId: null, line: 1 },
        ],
      },
      {
        filePath: "/corpus/a.ts",
        messages: [
          { ruleId: "@typescript-eslint/no-floating-promises", line: 12 },
          { ruleId: "other", line: 3 },
        ],
      },
    ]);
    const ox = JSON.stringify({
      diagnostics: [
        { code: "typescript(no-floating-promises)", filename: "a.ts", labels: [{ span: { line: 12 } }] },
        { code: "typescript(no-floating-promises)", filename: "a.ts", labels: [{ span: { line: 2 } }] },
        { code: "eslint(no-debugger)", filename: "c.ts", labels: [{ span: { line: 1 } }] },
      ],
    });
    const a = f.fromEslintJson(eslint, root, ["@typescript-eslint/no-floating-promises"]);
    const b = f.fromOxlintJson(ox, root);
    assert.deepEqual(a, ["a.ts:12", "b.ts:9"]);
    assert.deepEqual(b, ["a.ts:2", "a.ts:12"]);
    assert.deepEqual(f.diffFindings(a, b), { onlyA: ["b.ts:9"], onlyB: ["a.ts:2"], both: 1 });
    assert.deepEqual(f.diffFindings(["x.ts:1", "x.ts:1"], ["x.ts:1"]), { onlyA: ["x.ts:1"], onlyB: [], both: 1 });
  });
  test("two loopscope JSON outputs agree when every file has the same messages, in any file order", async () => {
    const f = await load<FindingsLib>("lib/findings.mjs");
    const m = (line: number) => ({ ruleId: "floating-promise", line, column: 1, message: "x" });
    const a = [
      { filePath: "/r/a.ts", messages: [m(1)] },
      { filePath: "/r/b.ts", messages: [] },
    ];
    assert.deepEqual(f.compareLoopscopeJson(JSON.stringify(a), JSON.stringify([a[1], a[0]]), "/r"), { same: true, files: 2, differing: [] });
    assert.deepEqual(f.compareLoopscopeJson(JSON.stringify(a), JSON.stringify([{ filePath: "/r/a.ts", messages: [m(2)] }]), "/r"), {
      same: false,
      files: 2,
      differing: ["a.ts", "b.ts"],
    });
  });
});

describe("LSP keystrokes", () => {
  test("typing then deleting the statement returns to the original text", async () => {
    const e = await load<EditsLib>("lib/edits.mjs");
    const original = "import x from 'y'\nexport async function f(\n  client: C,\n): Promise<void> {\n  const a = 1\n}\n";
    const line = e.insertionLine(original.split("\n"));
    assert.equal(line, 4);
    let doc = TextDocument.create("file:///f.ts", "typescript", 1, original);
    const n = e.typedText.length;
    for (let i = 0; i < n; i++) doc = TextDocument.update(doc, [e.keystroke(i, line)], i + 2);
    assert.equal(doc.getText().split("\n")[line] + "\n", e.typedText);
    for (let i = n; i < 2 * n; i++) doc = TextDocument.update(doc, [e.keystroke(i, line)], i + 2);
    assert.equal(doc.getText(), original);
  });
  test("a file without an exported async function (a class) is edited in its first async method", async () => {
    const e = await load<EditsLib>("lib/edits.mjs");
    const lines = "export class Q {\n    sync(): number { return 1 }\n    async getMany<T = any>(): Promise<T[]> {\n        return []\n    }\n}\n".split("\n");
    assert.equal(e.insertionLine(lines), 3);
    assert.throws(() => e.insertionLine(["export const a = 1"]), /no exported async function or async method/);
  });
});

describe("bench/run.mjs", () => {
  test("selects groups and single benchmarks and forwards the shared flags", async () => {
    const run = await load<RunLib>("run.mjs");
    assert.deepEqual(run.parseArgs(["lint", "--runs", "1"]), { help: false, selected: ["lint-speed", "lsp", "lint-mongodb"], forwarded: ["--runs", "1"] });
    assert.deepEqual(run.parseArgs(["webview-frame.mjs"]).selected, ["webview"]);
    assert.deepEqual(run.parseArgs(["ts-client-pipeline.mjs"]).selected, ["ts-client"]);
    assert.deepEqual(run.parseArgs([]).selected, [
      "lint-speed",
      "lsp",
      "lint-mongodb",
      "lint-typeorm",
      "lsp-mongodb",
      "lsp-typeorm",
      "speed-summary",
      "long-session",
      "tracer",
      "tracer-frameworks",
      "long-run",
      "webview",
      "ts-client",
    ]);
    assert.deepEqual(run.parseArgs(["speed", "--tools", "tsc,oxlint"]), {
      help: false,
      selected: ["lint-speed", "lint-mongodb", "lint-typeorm", "lsp", "lsp-mongodb", "lsp-typeorm", "speed-summary"],
      forwarded: ["--tools", "tsc,oxlint"],
    });
    assert.throws(() => run.parseArgs(["nope"]), /unknown benchmark 'nope'/);
    const r = spawnSync(process.execPath, [new URL("../../bench/run.mjs", import.meta.url).pathname, "nope"], { encoding: "utf8" });
    assert.equal(r.status, 2);
  });
});

describe("tracer overhead on frameworks (bench/tracer-overhead-frameworks.mjs)", () => {
  test("states issue 13's targets, pins both frameworks, and reads a process's CPU from /proc", async () => {
    const bench = await load<{ TARGETS: Record<string, number>; FRAMEWORK_VERSIONS: Record<string, string>; median: (xs: number[]) => number }>(
      "tracer-overhead-frameworks.mjs",
    );
    assert.deepEqual(bench.TARGETS, { throughputLossPct: 3, cpuPerRequestPct: 8, idleCorePct: 0.5 });
    assert.deepEqual(Object.keys(bench.FRAMEWORK_VERSIONS).sort(), ["express", "fastify"]);
    for (const v of Object.values(bench.FRAMEWORK_VERSIONS)) assert.match(v, /^\d+\.\d+\.\d+$/, "an exact version");
    assert.equal(bench.median([3, 1, 2]), 2);
    const { cpuMs } = await load<{ cpuMs: (pid: number) => number }>("lib/process-cpu.mjs");
    if (process.platform === "linux") assert.ok(cpuMs(process.pid) > 0);
    assert.ok(Number.isNaN(cpuMs(2 ** 30)), "a process that does not exist");
  });

  test("counts only the rounds other processes left quiet, when there are enough of them", async () => {
    const { quietRoundsOr, QUIET_OTHERS_CORES } = await load<{
      quietRoundsOr: <T>(pairs: T[], atLeast: number) => T[];
      QUIET_OTHERS_CORES: number;
    }>("tracer-overhead-frameworks.mjs");
    const pair = (round: number, plain: number, traced: number) => ({ round, plain: { othersCores: plain }, traced: { othersCores: traced } });
    const busy = QUIET_OTHERS_CORES + 0.5;
    const mixed = [pair(1, 0, 0.1), pair(2, busy, 0), pair(3, 0.2, 0.1), pair(4, 0, busy)];
    assert.deepEqual(
      quietRoundsOr(mixed, 2).map(p => p.round),
      [1, 3],
      "a round is quiet only when both runs were",
    );
    const mostlyBusy = [pair(1, 0, 0), pair(2, busy, busy), pair(3, busy, 0)];
    assert.deepEqual(
      quietRoundsOr(mostlyBusy, 2).map(p => p.round),
      [1, 2, 3],
      "too few quiet rounds: all count (and the verdict says not conclusive)",
    );
    assert.deepEqual(
      quietRoundsOr([pair(1, Number.NaN, 0)], 1).map(p => p.round),
      [1],
      "without /proc/stat: all count",
    );
  });

  test("a loaded pair is clean when others were quiet and every server had its whole core", async () => {
    const { cleanPair, cleanPairsOr, QUIET_OTHERS_CORES, SATURATED_CORE_SHARE } = await load<{
      cleanPair: (p: object) => boolean;
      cleanPairsOr: <T>(pairs: T[], atLeast: number) => T[];
      QUIET_OTHERS_CORES: number;
      SATURATED_CORE_SHARE: number;
    }>("tracer-overhead-frameworks.mjs");
    const run = (others: number, core: number) => ({ othersCores: others, serverCoreShare: core });
    const ok = run(0, 0.99);
    assert.equal(cleanPair({ plain: ok, traced: ok }), true);
    assert.equal(cleanPair({ plain: ok, traced: run(QUIET_OTHERS_CORES + 0.1, 0.99) }), false, "others were busy");
    assert.equal(cleanPair({ plain: run(0, SATURATED_CORE_SHARE - 0.2), traced: ok }), false, "the plain server did not use its core");
    assert.equal(cleanPair({ plain: ok, traced: ok, baseline: run(0, 0.5) }), false, "the baseline's window counts too");
    // Loaded together, the servers meet the same moment: each must have wanted the CPU all the window, others' load aside.
    const together = (others: number, core: number, wanted: number) => ({ ...run(others, core), mainDemandShare: wanted });
    assert.equal(cleanPair({ concurrent: true, plain: together(1.2, 0.3, 0.99), traced: together(1.2, 0.3, 0.97) }), true);
    assert.equal(
      cleanPair({ concurrent: true, plain: together(0, 0.3, 0.6), traced: together(0, 0.5, 0.99) }),
      false,
      "the plain server ran out of requests: the load generator did not keep it busy",
    );
    const pairs = [1, 2, 3].map(round => ({ round, plain: ok, traced: round === 2 ? run(1, 0.5) : ok }));
    assert.deepEqual(
      cleanPairsOr(pairs, 2).map(p => p.round),
      [1, 3],
    );
    assert.deepEqual(
      cleanPairsOr(pairs, 3).map(p => p.round),
      [1, 2, 3],
      "too few clean: all (and not conclusive)",
    );
  });

  test("the idle target is met by rounds all within it, on a busy machine too (others' load only adds CPU time), and judged only when quiet otherwise", async () => {
    type Verdict = { verdict: string; why?: string };
    const { judgeIdle } = await load<{ judgeIdle: (perRound: number[], quiet: boolean, othersCores: number, rounds: number) => Verdict }>(
      "tracer-overhead-frameworks.mjs",
    );
    assert.equal(judgeIdle([], true, 0, 0).verdict, "not measured");
    assert.deepEqual(judgeIdle([0.1, 0.3], true, 0.1, 2), { verdict: "met" });
    const busyWithin = judgeIdle([0.167, 0.1, 0.2], false, 1.66, 3);
    assert.equal(busyWithin.verdict, "met");
    assert.match(busyWithin.why ?? "", /1\.66 cores/);
    assert.equal(judgeIdle([0.4, 0.9], false, 1.2, 2).verdict, "not conclusive", "over the target on a busy machine says nothing");
    assert.equal(judgeIdle([0.6, 0.9], true, 0.1, 2).verdict, "not met");
    assert.equal(judgeIdle([0.4, 0.9], true, 0.1, 2).verdict, "not conclusive");
  });

  test("concurrent mode rotates the servers' start and load order so that every mode takes every position equally often", async () => {
    const { slotOrder } = await load<{ slotOrder: (modes: string[], round: number, w: number) => string[] }>("tracer-overhead-frameworks.mjs");
    const modes = ["plain", "traced", "baseline"];
    for (const round of [1, 2, 5]) {
      // Any three consecutive windows put each mode once in each position.
      const windows = [0, 1, 2].map(w => slotOrder(modes, round, w));
      for (let position = 0; position < 3; position++)
        assert.deepEqual(windows.map(order => order[position]).sort(), [...modes].sort(), `round ${round}, position ${position}`);
      for (const order of windows) assert.deepEqual([...order].sort(), [...modes].sort(), "each order is a permutation");
    }
    // The middle slot moves too (a reversal, A B C then C B A, would leave it in place).
    assert.notDeepEqual(slotOrder(modes, 1, 0)[1], slotOrder(modes, 1, 1)[1]);
    // Start order: each round starts a different mode first.
    assert.deepEqual(
      [1, 2, 3].map(round => slotOrder(modes, round, -1)[0]),
      ["plain", "traced", "baseline"],
    );
    assert.deepEqual(slotOrder(["plain", "traced"], 1, 0), ["traced", "plain"]);
  });

  test("alternates the order window by window across rounds, and pins servers and the load generator apart", async () => {
    const { windowOrder, pinning } = await load<{
      windowOrder: (modes: string[], round: number, w: number, windows: number) => string[];
      pinning: (option: string, cores: number, haveTaskset: boolean) => { server: string; client: string } | undefined;
    }>("tracer-overhead-frameworks.mjs");
    const m = ["plain", "traced"];
    const orders = [1, 2].flatMap(round => [0, 1, 2].map(w => windowOrder(m, round, w, 3).join(" ")));
    assert.deepEqual(orders, ["plain traced", "traced plain", "plain traced", "traced plain", "plain traced", "traced plain"]);
    assert.deepEqual(windowOrder(["a", "b", "c"], 1, 1, 2), ["c", "b", "a"]);
    assert.deepEqual(pinning("auto", 2, true), { server: "0", client: "1" });
    assert.deepEqual(pinning("auto", 8, true), { server: "0", client: "1-7" });
    assert.equal(pinning("off", 8, true), undefined);
    assert.equal(pinning("auto", 1, true), undefined, "one core: nothing to pin apart");
    assert.equal(pinning("auto", 4, false), undefined, "no taskset");
  });
});

interface PrecisionCorpus {
  slug: string;
  version: string;
  set: string;
  heldOutUntil?: string;
}
interface CorporaLib {
  corpusDir(root: string, c: PrecisionCorpus): string;
  selectCorpora(opts: { set?: string; names?: string[] }): PrecisionCorpus[];
  runKey(rules: string[], ruleOptions?: Record<string, object>): string;
  lintRuleArgs(scored: string[], all: string[], ruleOptions?: Record<string, object>): string[];
  parseRuleOptions(values?: string[]): Record<string, object>;
  parseFlags(argv: string[], spec?: { booleans?: string[]; repeatable?: string[] }): Record<string, unknown>;
}

describe("precision corpora (bench/precision/corpora.mjs)", () => {
  test("a corpus is installed with its package's entry points (main, bin, exports) and type, not its scripts", async () => {
    const { installManifest } = await load<{ installManifest: (c: object, pkg: object) => Record<string, unknown> }>("precision/fetch.mjs");
    const c = { slug: "demo", extraDevDependencies: { tsx: "4.0.0" } };
    const pkg = {
      name: "demo",
      type: "module",
      main: "./dist/index.js",
      bin: { demo: "./dist/cli.js" },
      exports: { ".": "./dist/index.js" },
      scripts: { postinstall: "node evil.js" },
      dependencies: { a: "^1.0.0" },
      peerDependencies: { b: "^2.0.0", c: "^3.0.0" },
      peerDependenciesMeta: { c: { optional: true } },
    };
    const m = installManifest(c, pkg);
    assert.equal(m.name, "demo-precision-corpus");
    assert.equal(m.type, "module");
    assert.equal(m.main, "./dist/index.js");
    assert.deepEqual(m.bin, { demo: "./dist/cli.js" });
    assert.deepEqual(m.exports, { ".": "./dist/index.js" });
    assert.equal(m.scripts, undefined, "no lifecycle script of the package");
    assert.deepEqual(m.dependencies, { b: "^2.0.0", a: "^1.0.0" }, "runtime dependencies and required peers");
    const bare = installManifest(c, { name: "bare", bin: "cli.js" });
    assert.equal(bare.bin, "cli.js");
    assert.ok(!("main" in bare) && !("exports" in bare) && !("type" in bare));
  });

  test("a corpus that left the held-out set is found where it was fetched before, else under its set", async () => {
    const { mkdtempSync, mkdirSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { corpusDir } = await load<CorporaLib>("precision/corpora.mjs");
    const root = mkdtempSync(join(tmpdir(), "precision-dirs-"));
    try {
      const rotated = { slug: "r", version: "1.0.0", set: "tuning", heldOutUntil: "session 7" };
      const plain = { slug: "p", version: "2.0.0", set: "tuning" };
      assert.equal(corpusDir(root, rotated), join(root, "tuning", "r-1.0.0"), "nothing fetched yet: its set's folder");
      mkdirSync(join(root, "heldout", "r-1.0.0"), { recursive: true });
      mkdirSync(join(root, "heldout", "p-2.0.0"), { recursive: true });
      assert.equal(corpusDir(root, rotated), join(root, "heldout", "r-1.0.0"), "fetched while held out: used there");
      assert.equal(corpusDir(root, plain), join(root, "tuning", "p-2.0.0"), "only rotated corpora look in heldout/");
      mkdirSync(join(root, "tuning", "r-1.0.0"), { recursive: true });
      assert.equal(corpusDir(root, rotated), join(root, "tuning", "r-1.0.0"), "its set's folder wins when both exist");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("the held-out set has no corpus of the tuning set, and every rotated corpus is in the tuning set", async () => {
    const { selectCorpora } = await load<CorporaLib>("precision/corpora.mjs");
    const tuning = selectCorpora({ set: "tuning" });
    const heldout = selectCorpora({ set: "heldout" });
    // The held-out set is empty between a rotation and the next draw (the start of a session).
    assert.ok(tuning.length > 0, "a tuning set");
    const slugs = new Set(tuning.map(c => c.slug));
    assert.deepEqual(
      heldout.filter(c => slugs.has(c.slug)).map(c => c.slug),
      [],
    );
    assert.deepEqual(
      heldout.filter(c => c.heldOutUntil).map(c => c.slug),
      [],
    );
  });

  test("a saved run's name stays readable for a few rules and under the file-name limit for all of them", async () => {
    const { runKey } = await load<CorporaLib>("precision/corpora.mjs");
    assert.equal(runKey(["timer-lifecycle", "race-timeout-leak"]), "timer-lifecycle+race-timeout-leak");
    const many = Array.from({ length: 12 }, (_, i) => `a-rule-with-a-long-name-${i}`);
    const key = runKey(many);
    assert.ok(Buffer.byteLength(`matrix-js-sdk-43.0.0.${key}.json`) < 255, key);
    assert.notEqual(key, runKey(many.slice(1)), "another list of rules, another run");
    assert.equal(key, runKey([...many]), "the same list, the same run");
    const rules = ["floating-promise"];
    assert.notEqual(runKey(rules, { "floating-promise": { reportDeepEvidence: true } }), runKey(rules), "other options, another run");
    assert.notEqual(runKey(rules, { "floating-promise": { reportDeepEvidence: true } }), runKey(rules, { "floating-promise": { reportDeepEvidence: false } }));
  });

  test("--rule-options lints a scored rule with its options (score.mjs), the other default rules off", async () => {
    const { lintRuleArgs, parseRuleOptions, parseFlags } = await load<CorporaLib>("precision/corpora.mjs");
    const flags = parseFlags(["--rule-options", 'floating-promise={"reportDeepEvidence":true}', '--rule-options=x={"a":"b=c"}'], {
      repeatable: ["rule-options"],
    });
    const options = parseRuleOptions(flags["rule-options"] as string[]);
    assert.deepEqual(options, { "floating-promise": { reportDeepEvidence: true }, x: { a: "b=c" } }, "a value split at the first = only");
    assert.deepEqual(lintRuleArgs(["floating-promise"], ["floating-promise", "missing-timeout"], { "floating-promise": { reportDeepEvidence: true } }), [
      "--rule",
      'floating-promise=["warning",{"reportDeepEvidence":true}]',
      "--rule",
      "missing-timeout=off",
    ]);
    assert.throws(() => lintRuleArgs(["missing-timeout"], ["missing-timeout"], { "floating-promise": {} }), /not scored/);
    assert.throws(() => parseRuleOptions(["floating-promise=[1]"]), /must be an object/);
    assert.throws(() => parseRuleOptions(["floating-promise={x"]), /not valid JSON/);
    assert.throws(() => parseRuleOptions(["nothing"]), /needs id=JSON/);
  });
});

describe("rule selection (bench/lib/rule-selection.mjs)", () => {
  interface RuleSelectionLib {
    builtInRuleIds(rulesDir: string): string[];
    ruleSelectionFlags(spec: string | undefined, known: string[]): string[];
  }
  test("--rules all turns on every registered rule, also those off by default; unknown ids are refused", async () => {
    const { fileURLToPath } = await import("node:url");
    const { builtInRuleIds, ruleSelectionFlags } = await load<RuleSelectionLib>("lib/rule-selection.mjs");
    const { allRules } = await import("../../server/src/rules/registry");
    const known = builtInRuleIds(fileURLToPath(new URL("../../server/src/rules", import.meta.url)));
    assert.deepEqual(known, allRules.map(r => r.meta.id).sort());
    const offByDefault = allRules.filter(r => r.meta.enabledByDefault === false).map(r => r.meta.id);
    assert.ok(offByDefault.length > 0, "some rule is off by default (else this option has nothing to turn on)");
    const all = ruleSelectionFlags("all", known);
    for (const id of known) assert.ok(all.includes(`${id}=warning`), id);
    assert.deepEqual(ruleSelectionFlags(undefined, known), []);
    assert.deepEqual(ruleSelectionFlags("default", known), []);
    assert.deepEqual(ruleSelectionFlags(`${offByDefault[0]}`, known), ["--rule", `${offByDefault[0]}=warning`]);
    assert.throws(() => ruleSelectionFlags("no-such-rule", known), /unknown: no-such-rule/);
  });

  test("--help and -h print the script's usage (its opening comment) and exit 0, for every script that takes flags", () => {
    for (const script of ["bench/precision/score.mjs", "bench/precision/fetch.mjs", "bench/fix-roundtrip.mjs"]) {
      for (const flag of ["--help", "-h"]) {
        const r = spawnSync(process.execPath, [script, flag], { cwd: new URL("../..", import.meta.url), encoding: "utf8", timeout: 30_000 });
        assert.equal(r.status, 0, `${script} ${flag}: ${r.stderr}`);
        assert.match(r.stdout, /usage: node /, `${script} ${flag} prints its usage`);
        assert.equal(r.stderr, "");
      }
    }
  });
});

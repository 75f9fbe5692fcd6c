// What keeps the compiler process usable: input it can take (well-formed text, names with a
// script kind) and a deadline that can end a request it never answers.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Linter } from "../../server/src/analysis/linter";
import { compilerCanOpen, wellFormed } from "../../server/src/analysis/typescript/compiler-input";
import { Deadline } from "../../server/src/analysis/typescript/deadline";
import { CompilerFailure, TsService } from "../../server/src/analysis/typescript";
import { compilerDeadlineMs } from "../../server/src/analysis/typescript/service";
import { repoRoot } from "../helpers/built";
import { blockingOnConfig } from "../helpers/blocking-on";

describe("input the compiler can take", () => {
  test("wellFormed replaces each lone surrogate by U+FFFD, one unit for one, and keeps pairs", () => {
    const cases: [string, string][] = [
      ["a\uD800b", "a\uFFFDb"],
      ["\uDC00x", "\uFFFDx"],
      ["x\uD83D", "x\uFFFD"],
      ["\uD800\uD800\uDC00", "\uFFFD\uD800\uDC00"],
      ["\uD83D\uDE00 ok", "\uD83D\uDE00 ok"],
      ["\uDE00\uD83D", "\uFFFD\uFFFD"],
    ];
    for (const [input, expected] of cases) {
      assert.equal(wellFormed(input), expected, JSON.stringify(input));
      assert.equal(wellFormed(input).length, input.length);
    }
    const plain = "no surrogates here";
    assert.equal(wellFormed(plain), plain);
  });

  test("compilerCanOpen: only names whose extension gives a script kind", () => {
    for (const name of ["/a/x.ts", "/a/x.TSX", "/a/x.mjs", "/a/x.d.cts", "/a/tsconfig.json"]) assert.equal(compilerCanOpen(name), true, name);
    for (const name of ["/a/README.md", "/a/tool", "/a/x.es6", "/a/proxy.pac", "/a/x.ts.bak"]) assert.equal(compilerCanOpen(name), false, name);
  });
});

describe("the engine never opens a file the compiler cannot parse", () => {
  let root: string;
  before(() => {
    mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
    root = mkdtempSync(join(repoRoot, "test/.tmp", "kinds-"));
    writeFileSync(join(root, "loopscope.config.json"), blockingOnConfig);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test("README.md, an extensionless script and .es6 are skipped, and the same compiler lints the next file", () => {
    const write = (name: string, text: string) => {
      writeFileSync(join(root, name), text);
      return join(root, name);
    };
    const linter = new Linter({ cwd: root });
    try {
      const ts = write("ok.ts", `import fs from "node:fs";\nexport class C { async f() { return fs.readFileSync("x"); } }\n`);
      assert.equal(linter.lintFile(ts)!.findings.length, 1);
      const pid = linter.compilerPid;
      for (const name of ["README.md", "tool", "legacy.es6"]) {
        const file = write(name, "#!/usr/bin/env node\nconsole.log(1);\n");
        const result = linter.lintFile(file)!;
        assert.deepEqual(
          result.problems.map(p => p.reason),
          ["not-loaded"],
          name,
        );
      }
      assert.equal(linter.compilerPid, pid, "no new compiler: the old one never panicked");
      assert.equal(linter.lintFile(ts)!.findings.length, 1);
    } finally {
      linter.close();
    }
  });
});

describe("Deadline", () => {
  const sleeper = () => spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
  const exited = (child: ReturnType<typeof sleeper>) => new Promise<string | null>(resolve => child.once("exit", (_code, signal) => resolve(signal)));
  const block = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

  test("kills the process when the deadline passes while this thread is blocked", async () => {
    const deadline = new Deadline();
    const child = sleeper();
    try {
      const ended = exited(child);
      deadline.arm(child.pid!, 200);
      block(1_500);
      assert.equal(deadline.fired, true);
      assert.equal(await ended, "SIGKILL");
    } finally {
      deadline.dispose();
      child.kill("SIGKILL");
    }
  });

  test("disarmed in time, or paused while a project loads, it kills nothing", async () => {
    const deadline = new Deadline();
    const child = sleeper();
    try {
      deadline.arm(child.pid!, 400);
      deadline.suspend(5_000, () => block(800));
      block(200);
      deadline.disarm();
      block(600);
      assert.equal(deadline.fired, false);
      assert.equal(child.exitCode === null && child.signalCode === null, true);
    } finally {
      deadline.dispose();
      child.kill("SIGKILL");
    }
  });
});

test("a compiler that keeps dying is not restarted in a tight loop: the sixth restart within a minute is refused", () => {
  const logs: string[] = [];
  const service = new TsService({ cwd: repoRoot, log: line => logs.push(line) });
  try {
    const pids = new Set([service.compilerPid]);
    for (let i = 0; i < 5; i++) {
      service.restart("died in a test");
      pids.add(service.compilerPid);
    }
    assert.equal(pids.size, 6, "five new compilers");
    assert.throws(
      () => service.restart("died in a test"),
      (e: unknown) => e instanceof CompilerFailure && !e.restarted && /stopped 6 times within 60 s/.test(e.message),
    );
    assert.equal(logs.filter(l => l.includes("starting a new one")).length, 6);
  } finally {
    service.close();
  }
});

describe("the compiler is reaped", () => {
  test("a process that closes the engine and ends waits for the compiler's exit (so time and benchmarks count it)", async () => {
    // In a child process: the engine is created, one file linted, closed, and the process left to
    // end by itself, as the CLI does. Its exit handler says whether the compiler's exit was seen.
    const dir = mkdtempSync(join(repoRoot, "test", ".tmp-reap-"));
    try {
      writeFileSync(join(dir, "a.ts"), "export async function f() { await Promise.resolve(1); }\n");
      const script = [
        `import { Linter } from ${JSON.stringify(join(repoRoot, "server/src/analysis/linter.ts"))};`,
        `const linter = new Linter({ cwd: ${JSON.stringify(dir)} });`,
        `linter.lintFiles([${JSON.stringify(join(dir, "a.ts"))}], {}, () => {});`,
        `const pid = linter.compilerPid;`,
        `linter.close();`,
        `process.on("exit", () => { let alive = true; try { process.kill(pid, 0); } catch { alive = false; } console.log(JSON.stringify({ pid, alive })); });`,
      ].join("\n");
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
      let out = "",
        err = "";
      child.stdout.on("data", d => (out += d));
      child.stderr.on("data", d => (err += d));
      const code = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          reject(new Error(`the reaping script did not end in 60 s: ${err}`));
        }, 60_000);
        child.on("exit", c => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      assert.equal(code, 0, err);
      const { pid, alive } = JSON.parse(out.trim().split("\n").at(-1)!) as { pid: number; alive: boolean };
      assert.ok(Number.isInteger(pid), `the compiler's pid: ${out}`);
      // Reaped by us: gone (not a zombie waiting for init) by the time our process ends.
      assert.equal(alive, false, `compiler ${pid} still exists (unreaped) when the process ends`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("big unsaved texts are never part of a project load", () => {
  let root: string;
  before(() => {
    mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
    root = mkdtempSync(join(repoRoot, "test/.tmp", "bigtext-"));
    writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext" }, include: ["**/*.ts"] }));
    writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(join(root, "loopscope.config.json"), blockingOnConfig);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  // 1.2 MB of same-named functions: about 0.45 s of the compiler's time on a quiet machine, seconds
  // under load (a project load has 120 s): a 150 ms budget is passed either way.
  const slowText = "export async function handler(x: number) { return x + 1; }\n".repeat(20_000);

  for (const [kind, name] of [
    ["configured", "slow.ts"],
    ["inferred", "loose/slow.mts"],
  ] as const) {
    test(`the compiler's time on the file's own text counts for its budget, also when its ${kind} project is loaded with it`, () => {
      if (kind === "inferred") mkdirSync(join(root, "loose"), { recursive: true });
      const file = join(root, name);
      const service = new TsService({ cwd: root, log: () => undefined, editorBuffers: true });
      try {
        service.setOverlay(file, slowText);
        const started = Date.now();
        assert.throws(
          () => service.withBudget(file, 150, () => service.projectFor(file)),
          (error: Error) => error instanceof CompilerFailure && error.kind === "too-slow",
          "stopped as too slow, not waited for as a project load",
        );
        assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
      } finally {
        service.close();
      }
    });
  }

  test("the compiler still gets the whole text: a finding at the end of a big unsaved file, in a configured and an inferred project", () => {
    mkdirSync(join(root, "loose"), { recursive: true });
    const blocking = `import fs from "node:fs";\nexport async function f(req, res) { return fs.readFileSync("x"); }\n`;
    const big = `// ${"x".repeat(300_000)}\n${blocking}`;
    for (const name of ["big.ts", "loose/big.mts"]) {
      const linter = new Linter();
      try {
        const file = join(root, name);
        linter.setOverlay(file, big);
        assert.deepEqual(
          linter.lintFile(file, { budgetMs: 60_000 })!.findings.map(f => `${f.range.start.line + 1}:${f.ruleId}`),
          ["3:blocking-call-in-async"],
          name,
        );
      } finally {
        linter.close();
      }
    }
  });
});

describe("loading again what a compiler of ours loaded before is the file's time", () => {
  let root: string;
  before(() => {
    mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
    root = mkdtempSync(join(repoRoot, "test/.tmp", "reload-"));
    // Node's types make the load take a few hundred milliseconds of the compiler's time.
    writeFileSync(
      join(root, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", types: ["node"] }, include: ["**/*.ts"] }),
    );
    writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(join(root, "a.ts"), `import { readFileSync } from "node:fs";\nexport const a = readFileSync("x", "utf8");\n`);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const gone = async (pid: number) => {
    for (let i = 0; i < 250; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    throw new Error(`compiler ${pid} still running 5 s after SIGKILL`);
  };

  test("after the compiler died, starting a new one and loading the project again count for the file's budget (the first load does not)", async () => {
    const file = join(root, "a.ts");
    const service = new TsService({ cwd: root, log: () => undefined });
    const budgetMs = 60_000;
    const deadlineMs = compilerDeadlineMs(budgetMs);
    // What the deadline has left after `work`, and how long the whole call took (Date.now, as the deadline counts).
    const measure = () => {
      const started = Date.now();
      const left = service.withBudget(file, budgetMs, () => {
        service.projectFor(file);
        return service.budgetLeftMs;
      });
      return { left, elapsed: Date.now() - started };
    };
    try {
      const first = measure();
      assert.ok(first.left > deadlineMs - first.elapsed + 50, `a first load is not the file's time (${JSON.stringify(first)})`);
      const pid = service.compilerPid!;
      process.kill(pid, "SIGKILL");
      await gone(pid);
      // The exit event, so that the service knows its compiler died.
      await new Promise(resolve => setTimeout(resolve, 100));
      const again = measure();
      assert.notEqual(service.compilerPid, pid, "a new compiler");
      assert.ok(
        again.left <= deadlineMs - again.elapsed + 50,
        `the editor waited ${again.elapsed} ms for the restart and the reload, and the compiler's deadline has ${again.left} ms of ${deadlineMs} left`,
      );
    } finally {
      service.close();
    }
  });
});

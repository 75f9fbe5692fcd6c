// `loopscope lint` on inputs a user can hand it by mistake or by circumstance: files that are not
// source, devices, FIFOs, symlinks, a BOM, ignore globs that match everything, files deleted
// mid-run, an output nobody reads. Never a stack trace, never a hang, never a lost result.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { lintCommand } from "../../server/src/cli/lint";
import { ensureBuilt, repoRoot } from "../helpers/built";
import { blockingOnConfig } from "../helpers/blocking-on";
import { runCli } from "./run-cli";

let cli: string;
let dir: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
  return join(dir, rel);
};
const mkfifo = (rel: string) => {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  const r = spawnSync("mkfifo", [join(dir, rel)]);
  assert.equal(r.status, 0, "mkfifo");
};
const blocking = `import fs from "node:fs";\nexport async function h(req, res) { return fs.readFileSync("y"); }\n`;
const lint = (args: string[], timeoutMs = 40_000) => runCli(cli, ["lint", ...args], { cwd: dir, timeoutMs });
/** Stack traces of Node or Go (panics) in the output. */
const noStacks = (text: string) => assert.doesNotMatch(text, /\n\s+at |panic:|goroutine|Unhandled/, text);
const unix = process.platform === "win32" ? "FIFOs, devices and symlinks are Unix things" : false;

before(() => {
  cli = ensureBuilt("cli");
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  dir = mkdtempSync(join(repoRoot, "test/.tmp", "inputs-"));
  write("tsconfig.json", JSON.stringify({ compilerOptions: { target: "es2022", module: "nodenext", types: ["node"] } }));
  // blocking-call-in-async is off by default: the project turns it on (its findings are the results kept here).
  write("loopscope.config.json", blockingOnConfig);
  write("normal.ts", blocking);
  write("README.md", "# Read me\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("files that are not source", () => {
  test("a README and /dev/null next to a source file: skipped with a note, the source file's results kept, exit 0", { skip: unix }, async () => {
    const r = await lint(["normal.ts", "README.md", "/dev/null", "--format", "json"]);
    noStacks(r.stderr);
    assert.equal(r.code, 0, r.stderr);
    const files = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
    const by = new Map(
      files.map(f => [f.filePath.startsWith(dir) ? f.filePath.slice(dir.length + 1) : f.filePath, f.messages.map(m => m.ruleId ?? m.message)]),
    );
    assert.deepEqual(by.get("normal.ts"), ["blocking-call-in-async"]);
    assert.deepEqual(by.get("README.md"), ["File skipped: not a TypeScript or JavaScript file (.ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs)"]);
    assert.deepEqual(by.get("/dev/null"), ["File skipped: not a regular file (a character device)"]);
  });

  test("/dev/zero alone: never read; no files to lint, exit 2", {
    skip: unix || (process.env.LOOPSCOPE_TEST_NO_DEV_ZERO ? "LOOPSCOPE_TEST_NO_DEV_ZERO is set" : false),
  }, async () => {
    const r = await lint(["/dev/zero"], 20_000);
    noStacks(r.stderr);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /skipped \/dev\/zero: not a regular file \(a character device\)\nloopscope lint: no files to lint/);
  });

  test("a FIFO named as a path, and one with a source name inside a folder: skipped, not opened (no writer would ever come)", { skip: unix }, async () => {
    mkfifo("fifo/named.ts");
    mkfifo("fifo/inside/pipe.ts");
    write("fifo/inside/ok.ts", blocking);
    const r = await lint(["normal.ts", "fifo/named.ts", "fifo/inside"], 30_000);
    noStacks(r.stderr);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /fifo\/named\.ts\n\s+1:1\s+warning\s+File skipped: not a regular file \(a FIFO\)/);
    assert.match(r.stdout, /fifo\/inside\/pipe\.ts\n\s+1:1\s+warning\s+File skipped: not a regular file \(a FIFO\)/);
    assert.match(r.stdout, /fifo\/inside\/ok\.ts\n\s+2:44\s+warning/);
  });

  test("a 64 MB file named next to a source file: skipped by its size without the compiler reading it", async () => {
    // Its own project holds only the small file, so nothing but the CLI could hand the big one over.
    write("big/tsconfig.json", JSON.stringify({ compilerOptions: { types: ["node"] }, files: ["normal.ts"] }));
    write("big/normal.ts", blocking);
    const huge = write("big/huge.ts", "");
    truncateSync(huge, 64 * 1024 * 1024); // sparse: NUL bytes that take no disk space
    try {
      // Read by the compiler, this file takes it minutes and gigabytes: the deadline is generous for a skip.
      const r = await lint(["big/normal.ts", "big/huge.ts"], 30_000);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /big\/huge\.ts\n\s+1:1\s+warning\s+File skipped: 64\.0 MB is over the 2\.0 MB limit/);
      assert.match(r.stdout, /big\/normal\.ts\n\s+2:44\s+warning/);
    } finally {
      // The folder's tsconfig (at its root) would include it in the other tests' project.
      unlinkSync(huge);
    }
  });

  test("a FIFO as loopscope.config.json: a configuration error, exit 2, no hang", { skip: unix }, async () => {
    write("fifo-config/a.ts", blocking);
    mkfifo("fifo-config/loopscope.config.json");
    const r = await lint(["fifo-config"], 30_000);
    noStacks(r.stderr);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /fifo-config\/loopscope\.config\.json: cannot read it: not a regular file \(a FIFO\)/);
  });
});

describe("output nobody reads", () => {
  test("a closed pipe (| head -c 10): exit 141 as with SIGPIPE, nothing on stderr", { skip: unix }, async () => {
    const child = spawn(process.execPath, [cli, "lint", "normal.ts"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout.destroy(); // the reader is gone before the first byte
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    }, 40_000);
    const [code] = await new Promise<[number | null]>(resolve => child.on("close", c => resolve([c])));
    clearTimeout(timer);
    assert.equal(stderr, "");
    assert.equal(code, 141);
  });

  test("a full device (> /dev/full): one line saying so, exit 2", { skip: process.platform !== "linux" ? "/dev/full is Linux's" : false }, async () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = await runCli(cli, ["lint", "normal.ts"], { cwd: dir, stdio: ["ignore", full, "pipe"], timeoutMs: 40_000 });
      assert.equal(r.stderr, "loopscope: cannot write the output: ENOSPC\n");
      assert.equal(r.code, 2);
    } finally {
      closeSync(full);
    }
  });
});

describe("smaller ones", () => {
  test("symlinked source files inside folders are linted; a symlinked folder is named and not followed", { skip: unix }, async () => {
    write("links/real/x.ts", blocking);
    mkdirSync(join(dir, "links/src"), { recursive: true });
    symlinkSync("../real/x.ts", join(dir, "links/src/linked.ts"));
    symlinkSync("../real", join(dir, "links/src/folder"));
    const r = await lint(["links/src"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /links\/src\/linked\.ts\n\s+2:44\s+warning/);
    assert.match(r.stderr, /not followed: a symbolic link to a folder \(links\/src\/folder\); name it on the command line/);
  });

  test("-- ends the options: a file whose name starts with a dash", async () => {
    write("-dash.ts", blocking);
    const r = await lint(["--format", "json", "--", "-dash.ts"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { messages: unknown[] }[])[0]!.messages.length, 1);
  });

  test("a byte order mark in loopscope.config.json is accepted", async () => {
    write("bom/a.ts", blocking);
    write("bom/loopscope.config.json", `\uFEFF${JSON.stringify({ rules: { "blocking-call-in-async": "error" } })}`);
    const r = await lint(["bom"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /2:44\s+error/);
  });

  test("ignore globs that match every file: 'no files to lint' naming the config, exit 2", async () => {
    write("ignored/a.ts", blocking);
    write("ignored/b.ts", blocking);
    write("ignored/loopscope.config.json", JSON.stringify({ ignore: ["**"] }));
    const r = await lint(["ignored"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /no files to lint: all 2 files found are ignored by the "ignore" globs of ignored\/loopscope\.config\.json/);
  });

  test("files deleted while the run starts: one summary line, not one warning per file", { timeout: 60_000 }, () => {
    const files = Array.from({ length: 30 }, (_, i) => write(`vanish/f${i}.ts`, blocking));
    const writes: string[] = [];
    let stdout = "";
    // Progress shows in a terminal for 20 files or more: it says when the project opens, after
    // the files were collected. Then 25 of them go, as a build cleaning its output would.
    const code = lintCommand(["vanish", "--format", "json"], {
      cwd: dir,
      isTTY: true,
      env: { NO_COLOR: "1" },
      stdout: t => {
        stdout += t;
      },
      stderr: t => {
        writes.push(t);
        if (t.includes("opening the TypeScript project")) for (const f of files.slice(5)) if (existsSync(f)) unlinkSync(f);
      },
    });
    // Progress redraws start with a carriage return; everything else is a message.
    const lines = writes
      .filter(w => !w.startsWith("\r"))
      .join("")
      .split("\n")
      .filter(Boolean);
    assert.equal(code, 0, lines.join("\n"));
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(
      lines[0]!,
      /^loopscope lint: 25 files disappeared while linting \(deleted or moved\) and were not checked: (vanish\/f\d+\.ts, ){4}vanish\/f\d+\.ts and 20 more$/,
    );
    assert.equal((JSON.parse(stdout) as unknown[]).length, 5, "the files still there are reported");
  });

  test("--project with paths: the files under them that the tsconfig leaves out are named (count and the first few), not linted", async () => {
    write("proj/tsconfig.json", JSON.stringify({ compilerOptions: { module: "nodenext", types: ["node"] }, include: ["src"] }));
    write("proj/src/in.ts", blocking);
    for (let i = 0; i < 7; i++) write(`proj/scripts/s${i}.ts`, blocking);
    const r = await lint(["--project", "proj/tsconfig.json", "proj", "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { filePath: string }[]).map(f => f.filePath.slice(dir.length + 1)),
      ["proj/src/in.ts"],
    );
    assert.equal(
      r.stderr,
      "loopscope lint: 7 files under the given paths are not in proj/tsconfig.json's project and were not linted: proj/scripts/s0.ts, proj/scripts/s1.ts, proj/scripts/s2.ts, proj/scripts/s3.ts, proj/scripts/s4.ts and 2 more (lint them without --project, or add them to the tsconfig's \"include\")\n",
    );
  });
});

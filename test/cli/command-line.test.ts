// Every command parses its arguments the same way (node:util parseArgs): `--help`/`-h`, `--x=v`
// and `--x v`, `--` before operands, and a usage error that names the option.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCommandLine, usageExit } from "../../server/src/cli/command-line";
import { parseLintArgs } from "../../server/src/cli/lint-args";
import { parseRunArgs } from "../../server/src/cli/run";
import { parseReportArgs } from "../../server/src/cli/report";

test("lint: options in both spellings, repeatable --rule, operands after --", () => {
  const args = parseLintArgs([
    "src",
    "-p",
    "tsconfig.json",
    "--format=json",
    "--max-warnings",
    "3",
    "--rule",
    "floating-promise=error",
    "--rule=missing-timeout=off",
    "--",
    "--odd-name.ts",
    "-",
  ]);
  assert.deepEqual(args, {
    paths: ["src", "--odd-name.ts", "-"],
    project: "tsconfig.json",
    format: "json",
    maxWarnings: 3,
    help: false,
    rules: { "floating-promise": { severity: "error" }, "missing-timeout": { severity: "off" } },
  });
});

test("lint: --rule takes a setting with options in JSON, as a config file spells it", () => {
  const args = parseLintArgs(["--rule", 'floating-promise=["warning",{"reportDeepEvidence":true}]', "--rule", 'missing-timeout={"options":{"x":1}}']);
  assert.deepEqual((args as { rules: unknown }).rules, {
    "floating-promise": { severity: "warning", options: { reportDeepEvidence: true } },
    "missing-timeout": { options: { x: 1 } },
  });
  assert.match(parseLintArgs(["--rule", "floating-promise=[warning]"]) as string, /^--rule floating-promise: the setting is not valid JSON/);
  assert.equal(parseLintArgs(["--rule", 'floating-promise=["loud"]']), "--rule floating-promise: 'loud' is not a severity (off, info, warning, error)");
  assert.equal(parseLintArgs(["--rule", 'floating-promise=["warning",[1]]']), "--rule floating-promise: options must be an object");
});

test("lint: usage errors are sentences naming the option", () => {
  assert.equal(parseLintArgs(["--bogus"]), "unknown option '--bogus'");
  assert.equal(parseLintArgs(["-x"]), "unknown option '-x'");
  assert.equal(parseLintArgs(["--project"]), "--project needs a value");
  assert.equal(parseLintArgs(["--format", "xml"]), "--format must be stylish, json or sarif (got xml)");
  assert.equal(parseLintArgs(["--max-warnings", "-1"]), "--max-warnings needs a whole number (got -1)");
  assert.equal(parseLintArgs(["--rule", "loud"]), "--rule needs id=severity, e.g. --rule floating-promise=error (got loud)");
  assert.equal(parseLintArgs(["--help=yes"]), "--help takes no value");
});

test("--help and -h mean the same in every command, wherever they stand among the options", () => {
  for (const argv of [["--help"], ["-h"], ["src", "--help"]]) {
    assert.equal((parseLintArgs(argv) as { help: boolean }).help, true, argv.join(" "));
    assert.deepEqual(parseReportArgs(argv), { help: true }, argv.join(" "));
  }
  assert.deepEqual(parseRunArgs(["--out", "t.json", "-h"]), { help: true });
});

test("run: options end at the command; the command's own options are its own", () => {
  assert.deepEqual(parseRunArgs(["--out", "t.json", "--live=2", "node", "app.js", "--help", "--out", "x"]), {
    out: "t.json",
    blockThresholdMs: 50,
    liveIntervalS: 2,
    command: ["node", "app.js", "--help", "--out", "x"],
  });
  assert.deepEqual(parseRunArgs(["--live", "--block-threshold=20", "--", "-weird", "a"]), { blockThresholdMs: 20, liveIntervalS: 5, command: ["-weird", "a"] });
  assert.equal(parseRunArgs(["--live=0"]), "--live takes a positive number of seconds (--live=2), got '0'");
  assert.equal(parseRunArgs(["--block-threshold", "x", "node"]), "--block-threshold must be a positive number of ms, got 'x'");
  assert.equal(parseRunArgs(["--out"]), "--out needs a value");
  assert.equal(parseRunArgs(["--inspect", "node"]), "unknown option '--inspect'");
  assert.equal(parseRunArgs(["--out", "t.json"]), "no command given");
  assert.equal(parseRunArgs(["--"]), "no command given");
});

test("report: one trace file, --out/-o and --title", () => {
  assert.deepEqual(parseReportArgs(["t.json", "-o", "t.html", "--title=Run 1"]), { input: "t.json", out: "t.html", title: "Run 1" });
  assert.equal(parseReportArgs([]), "no trace file given");
  assert.equal(parseReportArgs(["a.json", "b.json"]), "expected one trace file, got 'a.json' and 'b.json'");
  assert.equal(parseReportArgs(["a.json", "--out"]), "--out needs a value");
  assert.equal(parseReportArgs(["a.json", "--out="]), "--out needs a value");
  assert.equal(parseReportArgs(["a.json", "--bogus"]), "unknown option '--bogus'");
});

test("a boolean option takes no value unless it is declared to take one inline", () => {
  const spec = { verbose: { type: "boolean" as const } };
  assert.equal(parseCommandLine(["--verbose=2"], spec), "--verbose takes no value");
  assert.deepEqual(parseCommandLine(["--verbose", "x"], spec), { options: { verbose: [true] }, positionals: ["x"], help: false, rest: [] });
});

test("usage: help on stdout with exit 0, an error on stderr with the usage and exit 2", () => {
  const out: string[] = [],
    err: string[] = [];
  const io = {
    stdout: (t: string) => {
      out.push(t);
    },
    stderr: (t: string) => {
      err.push(t);
    },
  };
  assert.equal(usageExit("loopscope x", "usage: loopscope x", undefined, io), 0);
  assert.deepEqual([out, err], [["usage: loopscope x\n"], []]);
  assert.equal(usageExit("loopscope x", "usage: loopscope x", "no such thing", io), 2);
  assert.deepEqual(err, ["loopscope x: no such thing\n\nusage: loopscope x\n"]);
});

// `loopscope lint --evidence trace.json` on a real traced run of the example service (DESIGN
// section 7): the lines that blocked the loop are reported as observed-block (info), findings
// whose code blocked during a request say so (and rank first in SARIF), findings whose code
// blocked only at start-up say that; a file changed since the run loses its evidence; broken,
// hostile and odd trace files end with one clear line and exit code 2, never a crash or a hang.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ensureBuilt } from "../helpers/built";
import { runCli } from "../cli/run-cli";
import { tracedExampleRun, type TracedExample } from "./traced-example";

interface JsonMessage {
  ruleId: string | null;
  messageId?: string;
  severity: number;
  message: string;
  line: number;
  column: number;
}
interface JsonFile {
  filePath: string;
  messages: JsonMessage[];
  warningCount: number;
}
interface SarifResult {
  ruleId: string;
  level: string;
  rank?: number;
  message: { text: string };
  relatedLocations?: Array<{ message: { text: string }; physicalLocation: { artifactLocation: { uri: string } } }>;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
}

describe("lint --evidence on a traced run of the example service", { timeout: 240_000 }, () => {
  let cli: string;
  let run: TracedExample;
  before(async () => {
    cli = ensureBuilt("cli");
    run = await tracedExampleRun();
  });
  const lint = (...args: string[]) => runCli(cli, ["lint", "src", ...args], { cwd: run.dir, timeoutMs: 120_000 });

  it("text: observed-block on the blocking lines, request-path and start-up evidence on the findings", async () => {
    const plain = await lint();
    const withEvidence = await lint("--evidence", run.tracePath);
    assert.equal(withEvidence.code, 0, withEvidence.stderr);
    const hashLine = run.line("src/passwords.ts", "pbkdf2Sync");
    const out = withEvidence.stdout;
    // The line that blocked, during GET /hash-blocking (sampled at least once of three requests).
    assert.match(
      out,
      new RegExp(
        `\\n  ${hashLine}:3 +info +blocked the event loop (once|twice|3 times), max [\\d.]+ m?s, total [\\d.]+ m?s in the last run \\(GET /hash-blocking\\)  observed-block\\n`,
      ),
    );
    // The static finding on the same call: observed on a request path.
    assert.match(
      out,
      new RegExp(
        `\\n  ${hashLine}:10 +warning +crypto\\.pbkdf2Sync blocks the event loop[^\\n]*Observed on a request path in the last run: on the stack of \\d+ blocks? of the event loop over 10 ms \\(GET /hash-blocking\\)`,
      ),
    );
    // greeting() → loadConfigSync() ran once, at start-up, and no request asked for it.
    const greetingLine = run.line("src/reports.ts", "loadConfigSync(configPath)");
    assert.match(
      out,
      new RegExp(
        `\\n  ${greetingLine}:\\d+ +warning +loadConfigSync\\(\\) blocks the event loop[^\\n]*Ran only at start-up in the last run \\(on the stack of 1 block of the event loop over 10 ms, [\\d.]+ m?s in all, before the first request\\)\\.  blocking-call-in-async`,
      ),
    );
    // Without the trace: the same findings, none of the evidence.
    assert.equal(plain.code, 0, plain.stderr);
    assert.doesNotMatch(plain.stdout, /observed-block|in the last run/);
    assert.match(plain.stdout, /crypto\.pbkdf2Sync blocks the event loop/);
  });

  it("json: ESLint's shape, observed-block messages at severity 1", async () => {
    const r = await lint("--evidence", run.tracePath, "--format", "json");
    assert.equal(r.code, 0, r.stderr);
    const files = JSON.parse(r.stdout) as JsonFile[];
    const passwords = files.find(f => f.filePath.endsWith("src/passwords.ts"))!;
    const observed = passwords.messages.filter(m => m.ruleId === "observed-block");
    assert.equal(observed.length, 1, JSON.stringify(passwords.messages));
    assert.equal(observed[0]!.severity, 1);
    assert.equal(observed[0]!.messageId, "blocked");
    assert.equal(observed[0]!.line, run.line("src/passwords.ts", "pbkdf2Sync"));
    assert.match(observed[0]!.message, /^blocked the event loop .* in the last run \(GET \/hash-blocking\)$/);
    const reports = files.find(f => f.filePath.endsWith("src/reports.ts"))!;
    const gzip = reports.messages.find(m => m.ruleId === "blocking-call-in-async" && m.message.startsWith("zlib.gzipSync"));
    assert.match(gzip?.message ?? "", /Observed on a request path in the last run: .*\(GET \/report-blocking\)/);
  });

  it("sarif: observed findings rank above the rest, start-up ones below; observed-block is described without a rule page", async () => {
    const r = await lint("--evidence", run.tracePath, "--format", "sarif");
    assert.equal(r.code, 0, r.stderr);
    const sarif = JSON.parse(r.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } }; results: SarifResult[] }> };
    const { results, tool } = sarif.runs[0]!;
    const observedRule = tool.driver.rules.find(rule => rule.id === "observed-block");
    assert.ok(observedRule && observedRule.helpUri === undefined, "observed-block is in the rule list, with no rule page");
    const at = (file: string, line: number, ruleId: string) =>
      results.find(
        x =>
          x.ruleId === ruleId &&
          x.locations[0]!.physicalLocation.artifactLocation.uri.endsWith(file) &&
          x.locations[0]!.physicalLocation.region.startLine === line,
      );
    const hash = at("src/passwords.ts", run.line("src/passwords.ts", "pbkdf2Sync"), "blocking-call-in-async");
    const greeting = at("src/reports.ts", run.line("src/reports.ts", "loadConfigSync(configPath)"), "blocking-call-in-async");
    const observed = at("src/passwords.ts", run.line("src/passwords.ts", "pbkdf2Sync"), "observed-block");
    assert.equal(hash?.rank, 90);
    assert.equal(greeting?.rank, 10);
    // greeting() blocked in loadConfigSync's file: the finding points there.
    const blockedThere = greeting?.relatedLocations?.find(l => l.message.text.startsWith("The event loop was blocked here in the last run"));
    assert.match(blockedThere?.physicalLocation.artifactLocation.uri ?? "", /src\/config\.ts$/, JSON.stringify(greeting?.relatedLocations));
    assert.equal(observed?.level, "note");
    const unobserved = results.filter(x => x.ruleId === "missing-timeout");
    assert.ok(unobserved.length > 0 && unobserved.every(x => x.rank === undefined), "findings the run says nothing about keep SARIF's default rank");
  });

  it("a file changed after the run loses its evidence, and stderr says so", async () => {
    const file = join(run.dir, "src/passwords.ts");
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    try {
      const r = await lint("--evidence", run.tracePath);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /--evidence: 1 file was changed after the run, so its evidence is left out: .*src\/passwords\.ts/);
      const passwords = /\nsrc\/passwords\.ts\n[^]*?\n\n/.exec(r.stdout)?.[0] ?? "";
      assert.match(passwords, /crypto\.pbkdf2Sync blocks the event loop/);
      assert.doesNotMatch(passwords, /observed-block|in the last run/, "passwords.ts shows no evidence");
      assert.match(r.stdout, /Observed on a request path in the last run: .*\(GET \/report-blocking\)/, "the other files keep theirs");
    } finally {
      const past = new Date(0);
      utimesSync(file, past, past);
    }
  });

  it("broken, hostile and odd trace files: one clear line, exit code 2, no hang", async () => {
    const cases: Array<[string, (path: string) => void, RegExp]> = [
      ["missing.json", () => undefined, /Cannot use .*missing\.json as runtime evidence: no such file\./],
      ["not-json.json", p => writeFileSync(p, "<html>not a trace</html>"), /as runtime evidence: The trace file is not valid JSON/],
      ["cut.json", p => writeFileSync(p, '{"traceEvents":[{"ph":"X","cat":"loopscope.bl'), /as runtime evidence: The trace file is truncated/],
      [
        "broken.json.gz",
        p => writeFileSync(p, Buffer.concat([gzipSync('{"traceEvents":[]}').subarray(0, 12), Buffer.from("garbage that is not deflate")])),
        /as runtime evidence: The trace file is gzip, but its compressed data is broken/,
      ],
      ["folder.json", p => execFileSync("mkdir", [p]), /as runtime evidence: it is not a regular file \(a folder\)\./],
      ["fifo.json", p => execFileSync("mkfifo", [p]), /as runtime evidence: it is not a regular file \(a FIFO\)\./],
    ];
    for (const [name, make, expected] of cases) {
      const path = join(run.dir, name);
      make(path);
      const r = await lint("--evidence", path);
      assert.equal(r.code, 2, `${name}: ${r.stderr}`);
      assert.match(r.stderr, expected, name);
      assert.equal(r.stderr.trim().split("\n").length, 1, `${name}: one line: ${r.stderr}`);
      assert.equal(r.stdout, "", name);
    }
    const usage = await lint("--evidence");
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--evidence/);
  });
});

// `loopscope report` end to end through the built CLI, and `writeReport` as `run --report` uses it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ReportError, writeReport } from "../../server/src/cli/report";
import { ensureBuilt } from "../helpers/built";
import { fixturesDir } from "./make-fixtures";
import { generateTrace } from "./trace-generator";

let cli: string;
let dir: string;
before(() => {
  ensureBuilt("webview");
  cli = ensureBuilt("cli");
  dir = mkdtempSync(join(tmpdir(), "loopscope-report-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [cli, "report", ...args], { encoding: "utf8", cwd: dir });

describe("loopscope report", () => {
  it("writes one self-contained HTML file with a strict CSP", () => {
    const out = join(dir, "timeline.html");
    const r = run(join(fixturesDir, "server-run.json"), "--out", out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Wrote .*timeline\.html \(\d+ KB, 2,013 events\)/);
    const html = readFileSync(out, "utf8");
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, "csp");
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+'; img-src data:/);
    assert.ok(
      html.includes(`<script nonce="${nonce}">`) && html.includes(`<style nonce="${nonce}">`),
      'html.includes(`<script nonce="${nonce}">`) && html.includes(`<style nonce="${nonce}">`)',
    );
    assert.ok(
      html.includes('<script type="application/json" id="loopscope-trace" data-source="server-run.json">'),
      'html.includes(\'<script type="application/json" id="loopscope-trace" data-source="server...',
    );
    assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?(https?:)?\/\//i, "no network resources");
    // Data blocks (JSON, the snapshot's base64) are never run; every script that runs carries the nonce.
    assert.doesNotMatch(html, /<script(?![^>]*(nonce=|type="application\/(json|octet-stream)"))/, "every script carries the nonce");
    assert.ok(html.includes('<script type="application/json" id="loopscope-snapshot-header">'), "a small report is drawn from a snapshot too");
    assert.ok(html.includes("\\u003cimg src=x onerror=alert(1)>"), "hostile names are escaped inside the JSON");
  });

  it("names the output after the trace when --out is not given", () => {
    const trace = join(dir, "run-1.json");
    writeFileSync(trace, readFileSync(join(fixturesDir, "server-run.json")));
    const r = run(trace);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(
      readFileSync(join(dir, "run-1.html"), "utf8").startsWith("<!DOCTYPE html>"),
      'readFileSync(join(dir, "run-1.html"), "utf8").startsWith("<!DOCTYPE html>")',
    );
  });

  it("exits 2 with a clear message for unreadable or malformed input", () => {
    const cases: [string, RegExp][] = [
      ["missing.json", /cannot read missing\.json: no such file/],
      ["truncated.json", /truncated: it ends in the middle of the JSON/],
      ["not-a-trace.json", /not a trace file: expected a JSON object with a "traceEvents" array/],
      ["invalid.json", /not valid JSON/],
      ["bad-events.json", /None of the 4 entries of "traceEvents" is a usable trace event/],
    ];
    for (const [name, message] of cases) {
      const input = name === "missing.json" ? name : join(fixturesDir, name);
      const r = run(input, "--out", join(dir, "x.html"));
      assert.equal(r.status, 2, name);
      assert.match(r.stderr, message, name);
      assert.equal(r.stdout, "", name);
    }
    const directory = run(dir, "--out", join(dir, "y.html"));
    assert.equal(directory.status, 2);
    assert.match(directory.stderr, /it is a directory/);
  });

  it("exits 2 on usage errors and 0 for --help", () => {
    assert.equal(run().status, 2);
    assert.match(run().stderr, /no trace file given/);
    assert.match(run("a.json", "b.json").stderr, /expected one trace file/);
    assert.match(run("a.json", "--out").stderr, /--out needs a value/);
    assert.match(run("a.json", "--bogus").stderr, /unknown option '--bogus'/);
    const help = run("--help");
    assert.equal(help.status, 0);
    assert.match(help.stdout, /usage: loopscope report <trace.json>/);
  });
});

describe("writeReport", () => {
  it("writes a report from an in-memory trace, as `run --report` does", () => {
    const out = join(dir, "from-memory.html");
    const result = writeReport(generateTrace({ durationSec: 2 }), out);
    assert.equal(result.outFile, out);
    assert.ok(result.events > 100, "result.events > 100");
    assert.equal(result.bytes, readFileSync(out).length);
  });

  it("refuses traces it cannot show", () => {
    assert.throws(
      () => writeReport({ foo: 1 }, join(dir, "no.html")),
      (e: unknown) => e instanceof ReportError && /not a trace file/.test(e.message),
    );
    assert.throws(() => writeReport({ traceEvents: [] }, join(dir, "no.html")), /no events/);
    assert.throws(() => writeReport(generateTrace({ durationSec: 1 }), join(dir, "missing-dir", "x.html")), /cannot write/);
  });
});

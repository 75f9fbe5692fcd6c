// Runtime evidence in the language server, over real stdio (DESIGN section 7): after a real
// traced run of the example service, `loopscope/loadRuntimeEvidence` makes the blocking lines show
// an `observed-block` information diagnostic, a hover and a CodeLens; findings observed on a
// request path come first and say so; the evidence moves with an edit and goes with a rewrite;
// bad params and broken trace files get a clear answer and the server keeps serving; a trace
// written into .loopscope/ (what `loopscope run` writes by default) is read on its own.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CodeLensRequest, HoverRequest, type CodeLens, type Diagnostic, type Hover, type MarkupContent } from "vscode-languageserver-protocol/node";
import { loadRuntimeEvidenceRequest, type LoadRuntimeEvidenceResult } from "../../protocol/src/languageServer";
import { ensureServerBuilt, TestLspClient } from "../lsp/lspClient";
import { tracedExampleRun, type TracedExample } from "./traced-example";

describe("language server: runtime evidence from a traced run of the example service", { timeout: 300_000 }, () => {
  let run: TracedExample;
  let client: TestLspClient;
  const uri = (file: string) => pathToFileURL(join(run.dir, file)).href;
  const text = (file: string) => readFileSync(join(run.dir, file), "utf8");

  before(async () => {
    ensureServerBuilt();
    run = await tracedExampleRun();
    client = await TestLspClient.start({ pull: true, workspaceFolder: run.dir });
  });
  after(async () => {
    await client?.stop();
  });

  const load = (params: unknown) =>
    client.answerWithin(
      "loopscope/loadRuntimeEvidence",
      client.connection.sendRequest(loadRuntimeEvidenceRequest, params as { traceFile: string }),
    ) as Promise<LoadRuntimeEvidenceResult>;
  const pullItems = async (file: string): Promise<Diagnostic[]> => {
    const report = await client.pull(uri(file));
    assert.equal(report.kind, "full");
    return (report as { items: Diagnostic[] }).items;
  };
  const hover = (file: string, line: number) =>
    client.answerWithin(
      "hover",
      client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri(file) }, position: { line, character: 4 } }),
    ) as Promise<Hover | null>;
  const lenses = (file: string) =>
    client.answerWithin("codeLens", client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri(file) } })) as Promise<CodeLens[] | null>;
  const message = (d: Diagnostic) => (typeof d.message === "string" ? d.message : d.message.value);
  const observed = (items: Diagnostic[]) => items.filter(d => d.code === "observed-block");

  it("shows the lines that blocked: diagnostic, hover, CodeLens; findings on a request path first", async () => {
    await client.open(uri("src/passwords.ts"), text("src/passwords.ts"));
    await client.open(uri("src/reports.ts"), text("src/reports.ts"));
    const hashLine = run.line("src/passwords.ts", "pbkdf2Sync") - 1;
    const before = await pullItems("src/reports.ts");
    assert.equal(observed(before).length, 0);
    assert.equal(await hover("src/passwords.ts", hashLine), null, "no evidence, no hover");
    const blockingOrder = (items: Diagnostic[]) => items.filter(d => d.code === "blocking-call-in-async").map(d => message(d).split(" ")[0]);
    assert.deepEqual(blockingOrder(before), ["fs.readFileSync", "zlib.gzipSync", "loadConfigSync()"], "in line order without evidence");

    const loaded = await load({ traceFile: run.tracePath });
    assert.ok(loaded.ok, JSON.stringify(loaded));
    assert.ok(loaded.blocks > 0 && loaded.files >= 3, JSON.stringify(loaded));

    const items = await pullItems("src/passwords.ts");
    const [diagnostic, ...others] = observed(items);
    assert.equal(others.length, 0);
    assert.equal(diagnostic!.severity, 3, "information");
    assert.equal(diagnostic!.range.start.line, hashLine);
    assert.match(
      message(diagnostic!),
      /^blocked the event loop (once|twice|\d+ times), max [\d.]+ m?s, total [\d.]+ m?s in the last run \(GET \/hash-blocking\)$/,
    );
    const finding = items.find(d => d.code === "blocking-call-in-async")!;
    assert.match(message(finding), /Observed on a request path in the last run: .*\(GET \/hash-blocking\)/);

    const shown = await hover("src/passwords.ts", hashLine);
    assert.equal((shown?.contents as MarkupContent).kind, "plaintext");
    assert.match(
      (shown?.contents as MarkupContent).value,
      /^Loopscope runtime evidence \(hashPasswordBlocking\): This line blocked the event loop .* in the last run \(GET \/hash-blocking\)\.\n\nTrace: .*trace\.json \(run started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)$/,
    );
    const lens = await lenses("src/passwords.ts");
    assert.deepEqual(
      lens?.map(l => [l.range.start.line, /^Loopscope: blocked the event loop .* \(GET \/hash-blocking\)$/.test(l.command!.title)]),
      [[hashLine, true]],
    );

    // Observed on a request path ranks first; seen only at start-up ranks last.
    const after = await pullItems("src/reports.ts");
    assert.deepEqual(blockingOrder(after), ["zlib.gzipSync", "fs.readFileSync", "loadConfigSync()"]);
    assert.match(message(after.find(d => message(d).startsWith("loadConfigSync()"))!), /Ran only at start-up in the last run/);
  });

  it("the evidence moves with an edit above it, and is dropped when the line is rewritten", async () => {
    const hashLine = run.line("src/passwords.ts", "pbkdf2Sync") - 1;
    await client.change(uri("src/passwords.ts"), 2, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "// one\n// two\n" },
    ]);
    const moved = observed(await pullItems("src/passwords.ts"));
    assert.deepEqual(
      moved.map(d => d.range.start.line),
      [hashLine + 2],
    );
    assert.ok(await hover("src/passwords.ts", hashLine + 2));
    assert.equal(await hover("src/passwords.ts", hashLine), null);
    assert.deepEqual(
      (await lenses("src/passwords.ts"))?.map(l => l.range.start.line),
      [hashLine + 2],
    );

    const rewritten = text("src/passwords.ts").replace(
      'crypto.pbkdf2Sync(password, salt, 100_000, 32, "sha256")',
      'crypto.pbkdf2Sync(password, salt, 1_000, 32, "sha256")',
    );
    assert.notEqual(rewritten, text("src/passwords.ts"));
    await client.change(uri("src/passwords.ts"), 3, [{ text: rewritten }]);
    assert.deepEqual(observed(await pullItems("src/passwords.ts")), []);
    assert.equal(await hover("src/passwords.ts", hashLine), null);
    assert.deepEqual(await lenses("src/passwords.ts"), []);
    // The other files keep theirs.
    assert.equal(observed(await pullItems("src/reports.ts")).length, 1);
  });

  it("bad params and broken, hostile or odd trace files: a clear answer, the last evidence kept, the server serving", async () => {
    const broken = join(run.dir, "broken.json");
    writeFileSync(
      broken,
      `{"traceEvents":[{"ph":"X","cat":"loopscope.block","ts":1,"pid":1,"tid":1,"dur":5e5,"args":{"stack":[{"file":"/etc/passwd","line":1}]}}, oops]}`,
    );
    const answers: Array<[unknown, RegExp]> = [
      [{ traceFile: 5 }, /^Runtime evidence: traceFile is not a non-empty string\.$/],
      [{ traceFile: "relative/trace.json" }, /^Runtime evidence: traceFile is not an absolute path\.$/],
      [[], /^Runtime evidence: the params are not an object\.$/],
      [{ traceFile: join(run.dir, "none.json") }, /as runtime evidence: no such file\.$/],
      [{ traceFile: broken }, /as runtime evidence: The trace file is not valid JSON: .* \(in entry \d+ of "traceEvents"\)\.$/],
      [{ traceFile: join(run.dir, "src") }, /as runtime evidence: it is not a regular file \(a folder\)\.$/],
    ];
    for (const [params, expected] of answers) {
      const answer = await load(params);
      assert.equal(answer.ok, false, JSON.stringify(params));
      assert.match((answer as { error: string }).error, expected);
    }
    assert.equal(observed(await pullItems("src/reports.ts")).length, 1, "the last good evidence is still shown");
  });

  it("reads a trace written into the workspace's .loopscope folder (loopscope run's default) when the file watcher reports it", async () => {
    const folder = join(run.dir, ".loopscope");
    mkdirSync(folder, { recursive: true });
    const copy = join(folder, "trace-20261203-210000.json");
    copyFileSync(run.tracePath, copy);
    const from = client.logs.length;
    await client.filesChanged([{ uri: pathToFileURL(copy).href, type: 1 }]);
    await client.waitFor(
      () => client.logs.slice(from).find(l => l.message.startsWith("Runtime evidence: ") && l.message.includes(` blocks in ${copy}, `)),
      "the server to read the watched trace",
    );
    // passwords.ts is still open with its rewritten line: the evidence read again does not match it either.
    assert.equal(observed(await pullItems("src/reports.ts")).length, 1);
    assert.equal(observed(await pullItems("src/passwords.ts")).length, 0, "the open document's edited line does not match what ran");
  });

  it("push mode (an editor without pulled diagnostics): loading the evidence publishes the observed block", async () => {
    const push = await TestLspClient.start({ workspaceFolder: run.dir });
    try {
      await push.open(uri("src/reports.ts"), text("src/reports.ts"));
      const first = await push.waitForPublish(uri("src/reports.ts"), p => p.diagnostics.some(d => d.code === "blocking-call-in-async"), 0, 60_000);
      assert.equal(observed(first.diagnostics).length, 0);
      const from = push.published.length;
      const loaded = await push.answerWithin(
        "loopscope/loadRuntimeEvidence",
        push.connection.sendRequest(loadRuntimeEvidenceRequest, { traceFile: run.tracePath }),
      );
      assert.ok(loaded.ok, JSON.stringify(loaded));
      const after = await push.waitForPublish(uri("src/reports.ts"), p => observed(p.diagnostics).length > 0, from, 60_000);
      assert.match(message(observed(after.diagnostics)[0]!), /\(GET \/report-blocking\)$/);
    } finally {
      await push.stop();
    }
  });
});

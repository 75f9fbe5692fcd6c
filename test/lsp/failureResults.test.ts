// No silent empties: a lint that fails for any reason answers (pull) or publishes (push) a
// file-level diagnostic saying the file was not checked and why. Here with failures no real input
// produces on purpose (an exception out of the engine, out of the pipeline itself).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "vscode-languageserver";
import { DiagnosticsPipeline, type OpenDocument } from "../../server/src/lsp/diagnosticsPipeline";
import { DocumentLinter } from "../../server/src/lsp/documentLinter";
import { ReceivedMessages } from "../../server/src/lsp/receivedMessages";
import { SettingsCache } from "../../server/src/lsp/settings";
import type { Linter } from "../../server/src/analysis/linter";
import { repoRoot } from "../helpers/built";

function pipelineWith(linter: DocumentLinter, doc: OpenDocument, published: { version: number | undefined; diagnostics: Diagnostic[] }[]): DiagnosticsPipeline {
  return new DiagnosticsPipeline({
    document: uri => (uri === doc.uri ? doc : undefined),
    openDocuments: () => [doc],
    received: new ReceivedMessages(),
    settings: new SettingsCache(
      undefined,
      () => [],
      () => undefined,
    ),
    linter,
    diagnosticOptions: () => ({ relatedInformation: true, codeDescription: true }),
    publish: (_uri, version, diagnostics) => published.push({ version, diagnostics }),
    log: () => undefined,
    debounceMs: 0,
  });
}

test("an exception out of the lint itself: pull answers and push publishes 'not checked' with the reason", async () => {
  const throwing = {
    cached: () => undefined,
    lint: () => {
      throw new Error("the engine broke");
    },
  } as unknown as DocumentLinter;
  const doc: OpenDocument = { uri: "file:///p/a.ts", version: 7, getText: () => "" };
  const published: { version: number | undefined; diagnostics: Diagnostic[] }[] = [];
  const pipeline = pipelineWith(throwing, doc, published);
  const outcome = await pipeline.diagnose(doc.uri, 7, undefined, () => false);
  assert.equal(outcome.kind, "diagnostics");
  const items = outcome.kind === "diagnostics" ? outcome.diagnostics : [];
  assert.deepEqual(
    items.map(d => [d.code, d.message]),
    [["not-checked", "Loopscope did not check this file: the engine broke"]],
  );
  pipeline.schedule(doc.uri, 0);
  await new Promise(resolve => setTimeout(resolve, 50));
  assert.deepEqual(
    published.map(p => [p.version, p.diagnostics.map(d => d.code)]),
    [[7, ["not-checked"]]],
  );
  pipeline.dispose();
});

test("the engine throwing on a file (not the compiler): the result says the file was not checked, and the error is logged once", async () => {
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  const dir = mkdtempSync(join(repoRoot, "test/.tmp", "fail-"));
  const logs: string[] = [];
  const linter = new DocumentLinter({ log: line => logs.push(line), status: () => undefined, compilerRestarted: () => assert.fail("no compiler restart") });
  try {
    const file = join(dir, "a.ts");
    writeFileSync(file, "export const a = 1;\n");
    linter.start({ cwd: dir });
    // The engine's own failure (e.g. a stack overflow in a tree walk), not a rule's: rules are guarded.
    const engine = (linter as unknown as { linter: Linter }).linter;
    engine.lintFile = () => {
      throw new RangeError("Maximum call stack size exceeded");
    };
    linter.setText(file, "export const a = 2;\n", "typescript");
    for (let version = 1; version <= 2; version++) {
      const result = linter.lint("file:///a.ts", file, version, "k", {}, () => false)!;
      assert.deepEqual(result.findings, []);
      assert.deepEqual(
        result.problems.map(p => [p.reason, p.message.split(";")[0]]),
        [["failed", "not checked: linting this file failed (RangeError: Maximum call stack size exceeded)"]],
      );
    }
    assert.equal(logs.filter(l => l.includes("Maximum call stack size exceeded")).length, 1, logs.join("\n"));
  } finally {
    linter.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

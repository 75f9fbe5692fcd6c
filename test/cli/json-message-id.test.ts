// The JSON output names each finding's message id (as ESLint's does), so tools can match on it
// rather than on the message text; file problems have none. A finding's basis (what kind of
// evidence made the rule report) rides along for the precision benchmark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatJson } from "../../server/src/cli/formatters/json";
import { toFileReport } from "../../server/src/cli/formatters/report";
import type { FileResult } from "../../server/src/analysis/findings";

test("json output: a finding carries its messageId, a file problem does not", () => {
  const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } };
  const result: FileResult = {
    fileName: "/p/a.ts",
    findings: [
      { ruleId: "floating-promise", messageId: "floatingInBrowser", severity: "warning", message: "text", fileName: "/p/a.ts", range, related: [], fixes: [] },
      {
        ruleId: "floating-promise",
        messageId: "floating",
        basis: "library-io",
        severity: "warning",
        message: "text",
        fileName: "/p/a.ts",
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } },
        related: [],
        fixes: [],
      },
    ],
    problems: [{ kind: "config", message: "bad config" }],
  };
  const [file] = JSON.parse(formatJson([toFileReport(result)])) as { messages: { ruleId: string | null; messageId?: string; basis?: string }[] }[];
  assert.deepEqual(
    file!.messages.map(m => [m.ruleId, m.messageId, m.basis]),
    [
      [null, undefined, undefined],
      ["floating-promise", "floatingInBrowser", undefined],
      ["floating-promise", "floating", "library-io"],
    ],
  );
});

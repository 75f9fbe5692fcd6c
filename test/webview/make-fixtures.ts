// Regenerates test/fixtures/traces/ from the deterministic generator:
//   node --import tsx test/webview/make-fixtures.ts
// A test checks the committed files still match, so a generator change cannot drift silently.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateTrace } from "./trace-generator";

export const fixturesDir = fileURLToPath(new URL("../fixtures/traces/", import.meta.url));

export function fixtureFiles(): Record<string, string> {
  const full = JSON.stringify(generateTrace(), null, 0).replace(/\},\{"/g, '},\n{"');
  return {
    "server-run.json": full + "\n",
    // Cut in the middle of an event, as a crashed writer leaves it.
    "truncated.json": full.slice(0, Math.floor(full.length * 0.6)),
    "not-a-trace.json": JSON.stringify({ name: "loopscope", version: "0.1.0", dependencies: {} }, null, 2) + "\n",
    "bad-events.json": JSON.stringify({ traceEvents: [{ ph: "X", name: "no time" }, 42, "text", { ph: "C", ts: 1, pid: 1, name: "no args" }] }) + "\n",
    "invalid.json": '{ "traceEvents": [ { "ph": "X", "ts": 1, } ] }\n',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, text] of Object.entries(fixtureFiles())) writeFileSync(join(fixturesDir, name), text);
  console.log(`wrote ${Object.keys(fixtureFiles()).length} fixtures to ${fixturesDir}`);
}

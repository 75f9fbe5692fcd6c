// What a stack sample costs the blocked thread (capture-hook.ts runs inside it): Node's source-map
// lookup is asked once per file, not once per frame of every sample (it turns the path into a
// URL each time: with the CallSite reads, most of a 40-frame sample's 300-800 µs; after, 90-210 µs
// on the shared 2-core machine). The hook runs as the tracer does, bundled as CommonJS.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { root } from "./helpers";

const entry = `
const nodeModule = require("node:module");
const original = nodeModule.findSourceMap;
const asked = [];
nodeModule.findSourceMap = file => (asked.push(file), original(file));
const { installCaptureHook, CAPTURE_KEY } = require(${JSON.stringify(join(root, "tracer/src/capture-hook.ts"))});
installCaptureHook();
const capture = globalThis[Symbol.for(CAPTURE_KEY)];
let frames = 0;
const deep = n => {
  if (n > 0) return deep(n - 1) + 0;
  for (let i = 0; i < 20; i++) frames = JSON.parse(capture()).s.length;
  return 0;
};
deep(30);
console.log(JSON.stringify({ frames, asked, self: __filename }));
`;

test("a sample asks for each file's source map once, however many frames and samples", async () => {
  const dir = mkdtempSync(join(root, "test", ".tmp-capture-"));
  try {
    writeFileSync(join(dir, "entry.js"), entry);
    const outfile = join(dir, "capture.cjs");
    await build({ entryPoints: [join(dir, "entry.js")], outfile, bundle: true, platform: "node", format: "cjs", logLevel: "error" });
    const { frames, asked, self } = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: "utf8" })) as {
      frames: number;
      asked: string[];
      self: string;
    };
    assert.ok(frames >= 30, `a deep stack: ${frames} frames`);
    const files = new Set(asked);
    assert.ok(files.has(self), `the program's frames were looked up: ${[...files].join(", ")}`);
    assert.equal(asked.length, files.size, `once per file: ${asked.length} lookups for ${files.size} files`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

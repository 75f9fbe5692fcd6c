// `npm run package`: the .vsix holds exactly the runtime files (bundles, rule docs, README,
// LICENSE, manifest, TypeScript 7 and its native compiler) — no tests, sources, maps or dev deps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageVsix, repoRoot } from "./codeServer";
import { readZip } from "../helpers/zip";

/** Entry names of a zip file, from its central directory. */
const zipEntries = (file: string): string[] => readZip(file).entries.map(e => e.name);

test("the .vsix ships the runtime files only", { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-vsix-"));
  try {
    const vsix = join(dir, "loopscope.vsix");
    packageVsix(vsix);
    const files = zipEntries(vsix)
      .filter(n => n.startsWith("extension/"))
      .map(n => n.slice("extension/".length));
    const top = new Set(files.map(f => f.split("/")[0]));
    // vsce stores README.md as readme.md, CHANGELOG.md as changelog.md and LICENSE as LICENSE.txt.
    assert.deepEqual([...top].sort(), [
      "LICENSE.txt",
      "changelog.md",
      "dist",
      "docs",
      "loopscope.config.schema.json",
      "node_modules",
      "package.json",
      "readme.md",
    ]);
    for (const required of [
      "package.json",
      "dist/client/extension.cjs",
      "dist/server.mjs",
      "node_modules/typescript/package.json",
      "node_modules/typescript/lib/getExePath.js",
      "docs/rules/blocking-call-in-async.md",
      "loopscope.config.schema.json",
    ]) {
      assert.ok(files.includes(required), `${required} is shipped`);
    }
    assert.ok(
      files.some(f => /^node_modules\/@typescript\/typescript-[a-z0-9]+-[a-z0-9]+\/lib\/tsc(\.exe)?$/.test(f)),
      "the native compiler binary is shipped",
    );
    const forbidden = files.filter(
      f =>
        /\.map$|(^|\/)test\/|^(server|client|protocol|tracer|webview|scripts|bench|examples)\/|\.ts$(?<!\.d\.ts)|^node_modules\/(?!typescript\/|@typescript\/typescript-)/.test(
          f,
        ) ||
        (f.startsWith("node_modules/typescript/") && f.endsWith(".d.ts")),
    );
    assert.deepEqual(forbidden, [], "no tests, sources, source maps, dev dependencies or TypeScript's own .d.ts");
    const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    for (const dev of Object.keys(manifest.devDependencies)) assert.ok(!files.some(f => f.startsWith(`node_modules/${dev}/`)), `${dev} is not shipped`);
    const size = statSync(vsix).size;
    console.log(`# vsix: ${(size / 1048576).toFixed(1)} MB, ${files.length} files`);
    assert.ok(size < 20 * 1048576, "under 20 MB");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

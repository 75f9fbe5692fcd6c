// The CLI and the language server as an npm package (`npx loopscope lint`). The repository's
// package.json is the VS Code extension's manifest (private, contributes, dev dependencies), so
// the npm package gets its own manifest, generated here from it, in a staging folder.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const shippedFiles = [
  "README.md",
  "LICENSE",
  "CHANGELOG.md",
  "dist/cli.mjs",
  "dist/server.mjs",
  "dist/tracer.cjs",
  "dist/webview/timeline.js",
  "dist/webview/timeline.css",
  "docs/rules",
  "loopscope.config.schema.json",
];

export function npmManifest(extension) {
  return {
    name: extension.name,
    version: extension.version,
    description:
      "Lints concurrency mistakes in TypeScript/JavaScript for Node.js with TypeScript 7's native compiler (CLI and language server), and records event-loop timelines of running programs.",
    keywords: extension.keywords,
    license: extension.license,
    type: "module",
    bin: { loopscope: "dist/cli.mjs", "loopscope-language-server": "dist/server.mjs" },
    engines: { node: extension.engines.node },
    // TypeScript pulls in its native compiler for the installing machine (optionalDependencies).
    dependencies: extension.dependencies,
    files: ["dist/", "docs/rules/", "loopscope.config.schema.json", "CHANGELOG.md"],
  };
}

/** Writes <outDir>/loopscope-<version>.tgz with `npm pack`; returns its path. */
export function packNpm(root, outDir) {
  const extension = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  // The CLI's commands and their shared chunks beside dist/cli.mjs (scripts/build.mjs splits it).
  const cliParts = existsSync(join(root, "dist"))
    ? readdirSync(join(root, "dist"))
        .filter(f => /^cli-[A-Za-z0-9_-]+\.mjs$/.test(f))
        .map(f => `dist/${f}`)
    : [];
  const shipped = [...shippedFiles, ...cliParts];
  const missing = [...shippedFiles, "dist/cli-run.mjs", "dist/cli-lint.mjs", "dist/cli-report.mjs"].filter(f => !existsSync(join(root, f)));
  if (missing.length) throw new Error(`npm package: missing (run \`npm run build\` first): ${missing.join(", ")}`);
  const stage = mkdtempSync(join(tmpdir(), "loopscope-npm-"));
  try {
    for (const f of shipped) cpSync(join(root, f), join(stage, f), { recursive: true });
    writeFileSync(join(stage, "package.json"), JSON.stringify(npmManifest(extension), null, 2) + "\n");
    mkdirSync(outDir, { recursive: true });
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const pack = spawnSync(npm, ["pack", "--json", "--silent", "--pack-destination", outDir], {
      cwd: stage,
      encoding: "utf8",
      timeout: 120_000,
      shell: process.platform === "win32",
    });
    if (pack.error || pack.status !== 0) throw new Error(`npm pack failed: ${pack.error?.message ?? pack.stderr}`);
    const [result] = JSON.parse(pack.stdout);
    return { path: join(outDir, result.filename), files: result.files.map(f => f.path), size: result.size };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

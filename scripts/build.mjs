// Bundles every shipped piece with esbuild. `tsc -b` (run after this by `npm run build`) type-checks.
// usage: node scripts/build.mjs [target ...]   (targets: server cli client tracer webview; default all)
import { build } from "esbuild";
import { existsSync, mkdirSync, copyFileSync, chmodSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// ESM bundles of CommonJS dependencies (vscode-languageserver) need a real `require`.
const esmRequireBanner = "import { createRequire as __loopscopeCreateRequire } from 'node:module'; const require = __loopscopeCreateRequire(import.meta.url);";

const nodeEsm = (entry, outfile, shebang) => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // typescript@7 locates its native compiler binary relative to its own package: it must stay a real package.
  external: ["typescript", "typescript/*"],
  banner: { js: (shebang ? "#!/usr/bin/env node\n" : "") + esmRequireBanner },
  sourcemap: "linked",
});

const targets = {
  server: nodeEsm("server/src/server.ts", "dist/server.mjs", true),
  cli: nodeEsm("server/src/cli.ts", "dist/cli.mjs", true),
  // The extension, and the worker thread in which it reads trace files (client/src/timeline/snapshotWorker.ts).
  client: {
    entryPoints: { extension: "client/src/extension.ts", "trace-snapshot-worker": "client/src/timeline/snapshotWorker.ts" },
    outdir: "dist/client",
    outExtension: { ".js": ".cjs" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode"],
    sourcemap: "linked",
  },
  // The tracer runs inside users' programs on Node 18+, loaded with --require: CommonJS, old syntax target.
  tracer: {
    entryPoints: ["tracer/src/index.ts"],
    outfile: "dist/tracer.cjs",
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node18",
    sourcemap: false,
  },
  webview: {
    entryPoints: ["webview/src/main.ts"],
    outfile: "dist/webview/timeline.js",
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "chrome110",
    sourcemap: false,
    minify: true,
  },
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(targets);
let failed = false;
for (const name of wanted) {
  const options = targets[name];
  if (!options) {
    console.error(`build: unknown target '${name}' (known: ${Object.keys(targets).join(", ")})`);
    process.exit(2);
  }
  const entry = Object.values(options.entryPoints)[0];
  if (!existsSync(join(root, entry))) {
    console.log(`build: skip ${name} (${entry} does not exist yet)`);
    continue;
  }
  mkdirSync(options.outdir ? join(root, options.outdir) : dirname(join(root, options.outfile)), { recursive: true });
  try {
    await build({ ...options, absWorkingDir: root, logLevel: "warning" });
    if (options.banner?.js.startsWith("#!")) chmodSync(join(root, options.outfile), 0o755);
    if (name === "webview" && existsSync(join(root, "webview/src/timeline.css"))) {
      copyFileSync(join(root, "webview/src/timeline.css"), join(root, "dist/webview/timeline.css"));
    }
  } catch {
    failed = true; // esbuild already printed the errors
  }
}
if (failed) process.exit(1);

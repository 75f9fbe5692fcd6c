// Bundles every shipped piece with esbuild. `tsc -b` (run after this by `npm run build`) type-checks.
// usage: node scripts/build.mjs [target ...]   (targets: server cli client tracer webview; default all)
import { build } from "esbuild";
import { existsSync, mkdirSync, copyFileSync, chmodSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
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

/** The CLI's files in dist/: cli.mjs (the bin), one file per command, and the chunks they share. */
export const cliOutput = /^cli(-[A-Za-z0-9_-]+)?\.mjs(\.map)?$/;

export const targets = {
  server: nodeEsm("server/src/server.ts", "dist/server.mjs", true),
  // Split per command (server/src/cli.ts imports each command when it runs): `loopscope run` is the
  // recorder beside a traced program for as long as that runs, and must not carry the linter and
  // TypeScript (about 6 MB of heap, and the memory reducer's collection of it while the program
  // idles: test/tracer/recorder-bundle.test.ts). Everything lands in dist/ itself, so that files
  // found next to the code (tracer.cjs, webview/) are found from every chunk.
  cli: {
    ...nodeEsm(undefined, undefined, true),
    entryPoints: {
      cli: "server/src/cli.ts",
      "cli-lint": "server/src/cli/lint.ts",
      "cli-run": "server/src/cli/run.ts",
      "cli-report": "server/src/cli/report.ts",
    },
    outfile: undefined,
    outdir: "dist",
    splitting: true,
    chunkNames: "cli-chunk-[hash]",
    outExtension: { ".js": ".mjs" },
  },
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

// Run as a script (not imported for its `targets`, as test/tracer/recorder-bundle.test.ts does);
// real paths, so that a symlinked checkout still builds.
const invoked = process.argv[1] && existsSync(process.argv[1]) ? realpathSync(process.argv[1]) : undefined;
if (invoked === realpathSync(fileURLToPath(import.meta.url))) await main();

async function main() {
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
      const result = await build({ ...options, absWorkingDir: root, logLevel: "warning", metafile: name === "cli" });
      // A split build's chunks are named by their hash: an earlier build's must not stay (and ship)
      // beside them. Removed after the build, so that a CLI running meanwhile finds its files.
      if (name === "cli") {
        const written = new Set(Object.keys(result.metafile.outputs).map(f => basename(f)));
        for (const f of readdirSync(join(root, "dist"))) if (cliOutput.test(f) && !written.has(f)) rmSync(join(root, "dist", f));
      }
      if (options.banner?.js.startsWith("#!")) chmodSync(join(root, options.outfile ?? "dist/cli.mjs"), 0o755);
      if (name === "webview" && existsSync(join(root, "webview/src/timeline.css"))) {
        copyFileSync(join(root, "webview/src/timeline.css"), join(root, "dist/webview/timeline.css"));
      }
    } catch {
      failed = true; // esbuild already printed the errors
    }
  }
  if (failed) process.exit(1);
}

// Tests of shipped bundles run the real build output. `npm test` builds first; running one test
// file alone builds what it needs here (esbuild takes a fraction of a second).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const built = new Set<string>();

/** Builds a target of scripts/build.mjs once per test process and returns the bundle's path. */
export function ensureBuilt(target: "cli" | "server" | "client" | "tracer" | "webview"): string {
  if (!built.has(target) && !process.env.LOOPSCOPE_SKIP_BUILD) {
    const r = spawnSync(process.execPath, [join(repoRoot, "scripts/build.mjs"), target], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`build ${target} failed:\n${r.stdout}${r.stderr}`);
    built.add(target);
  }
  const outputs = {
    cli: "dist/cli.mjs",
    server: "dist/server.mjs",
    client: "dist/client/extension.cjs",
    tracer: "dist/tracer.cjs",
    webview: "dist/webview/timeline.js",
  };
  return join(repoRoot, outputs[target]);
}

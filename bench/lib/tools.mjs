// The commands the lint benchmarks time: Loopscope's CLI, the TypeScript 7 type check (the floor)
// and the anchor linters, all run on the corpus directory with the corpus's tsconfig.json.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { measureCommand } from "./measure.mjs";
import { builtInRuleIds } from "./rule-selection.mjs";
import { anchorsDir, anchorBin } from "../anchors.mjs";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const builtCliPath = join(repoRoot, "dist", "cli.mjs");
export const builtServerPath = join(repoRoot, "dist", "server.mjs");
// What the benchmarks run: a copy of dist/ taken when they start (see snapshotBuild).
export let cliPath = builtCliPath;
export let serverPath = builtServerPath;

/**
 * Copies dist/cli.mjs (with the rest of the split CLI, dist/cli-*.mjs) and dist/server.mjs to bench/.work/build-snapshot/ and measures those, so that
 * a rebuild by someone else during a long run cannot mix two builds in one table. The copies still
 * resolve `typescript` from this repository's node_modules (bench/.work is inside the repository).
 */
let snapshotDescription;
export function snapshotBuild() {
  snapshotDescription = describeBuild() + " (copies taken at the start of the run)";
  const dir = join(repoRoot, "bench", ".work", "build-snapshot");
  mkdirSync(dir, { recursive: true });
  for (const [src, set] of [
    [builtCliPath, p => (cliPath = p)],
    [builtServerPath, p => (serverPath = p)],
  ]) {
    if (!existsSync(src)) continue;
    const dest = join(dir, basename(src));
    copyFileSync(src, dest);
    if (existsSync(src + ".map")) copyFileSync(src + ".map", dest + ".map");
    set(dest);
  }
  // The CLI is split per command (scripts/build.mjs): cli.mjs imports the other parts beside it.
  const dist = dirname(builtCliPath);
  if (existsSync(dist)) for (const f of readdirSync(dist)) if (/^cli-.+\.mjs(\.map)?$/.test(f)) copyFileSync(join(dist, f), join(dir, f));
}
export const tscPath = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
export const ruleIds = ["blocking-call-in-async", "floating-promise", "unbounded-concurrency", "missing-timeout"];
/** Every rule of the source tree (one folder each), the eight of issue 14 included. */
export const everyRuleId = builtInRuleIds(join(repoRoot, "server", "src", "rules"));

/** Rule ids (of `ids`) the built CLI knows: an unknown `--rule id=...` is a usage error (exit 2). */
export function availableRules(ids = ruleIds) {
  if (!existsSync(cliPath)) return [];
  const dir = mkdtempSync(join(tmpdir(), "loopscope-rules-"));
  try {
    writeFileSync(join(dir, "a.ts"), "export const a = 1;\n");
    return ids.filter(id => {
      const r = spawnSync(process.execPath, [cliPath, "lint", "--rule", `${id}=warning`, "--format", "json", "a.ts"], {
        cwd: dir,
        encoding: "utf8",
        timeout: 60_000,
      });
      return r.status === 0 || r.status === 1;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--rule` flags that turn on exactly `enabled` among the known rules. */
export const ruleFlags = (enabled, known) => known.flatMap(id => ["--rule", `${id}=${enabled.includes(id) ? "warning" : "off"}`]);

export const loopscopeLint = (corpusDir, flags, stdoutFile, cli = cliPath) =>
  measureCommand(process.execPath, [cli, "lint", "--project", "tsconfig.json", "--format", "json", ...flags], { cwd: corpusDir, stdoutFile });

/** The same without --project: the paths a user would name (`loopscope lint src test`). */
export const loopscopeLintPaths = (corpusDir, paths, flags, stdoutFile) =>
  measureCommand(process.execPath, [cliPath, "lint", "--format", "json", ...flags, "--", ...paths], { cwd: corpusDir, stdoutFile });

export const tscNoEmit = corpusDir => measureCommand(process.execPath, [tscPath, "--noEmit", "-p", "tsconfig.json"], { cwd: corpusDir });

/** ESLint's flat config is resolved against its own folder, so the bench-only config lives in the corpus. */
export function writeEslintConfig(corpusDir) {
  const file = join(corpusDir, "eslint.config.bench.mjs");
  writeFileSync(
    file,
    `// written by bench/lib/tools.mjs: typed linting with the project service, one rule
import { createRequire } from "node:module";
const require = createRequire(${JSON.stringify(join(anchorsDir, "package.json"))});
const tseslint = require("typescript-eslint");
export default [{
  files: ["**/*.ts"],
  languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  plugins: { "@typescript-eslint": tseslint.plugin },
  rules: { "@typescript-eslint/no-floating-promises": "error" },
  // The corpus's own disable comments name rules that are not configured here: not findings.
  linterOptions: { reportUnusedDisableDirectives: "off" },
}];
`,
  );
  return file;
}

export const eslintFloating = (corpusDir, stdoutFile) =>
  measureCommand(anchorBin("eslint"), ["-c", writeEslintConfig(corpusDir), "-f", "json", "**/*.ts"], { cwd: corpusDir, stdoutFile });

export const oxlintFloating = (corpusDir, stdoutFile) =>
  measureCommand(anchorBin("oxlint"), ["--type-aware", "-A", "all", "-D", "typescript/no-floating-promises", "-f", "json", "."], {
    cwd: corpusDir,
    stdoutFile,
    env: { OXLINT_TSGOLINT_PATH: anchorBin("tsgolint") },
  });

/** Which Loopscope was measured: the commit, whether the work tree differed from it, when dist/ was built. */
export const buildInfo = () => snapshotDescription ?? describeBuild();
function describeBuild() {
  const git = (...a) => spawnSync("git", a, { cwd: repoRoot, encoding: "utf8" }).stdout?.trim() ?? "";
  const commit = git("rev-parse", "--short", "HEAD") || "unknown";
  const dirty = git("status", "--porcelain", "--untracked-files=no", "--", "server", "protocol") !== "";
  const built = f =>
    existsSync(f)
      ? statSync(f)
          .mtime.toISOString()
          .replace(/\.\d+Z$/, "Z")
      : "not built";
  return `loopscope: commit ${commit}${dirty ? " plus uncommitted changes under server/ or protocol/" : ""}; dist/cli.mjs built ${built(builtCliPath)}, dist/server.mjs built ${built(builtServerPath)}`;
}

export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}

// The commands the lint benchmarks time: Loopscope's CLI, the TypeScript 7 type check (the floor)
// and the anchor linters, all run on the corpus directory with the corpus's tsconfig.json.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { measureCommand } from "./measure.mjs";
import { anchorsDir, anchorBin } from "../anchors.mjs";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const cliPath = join(repoRoot, "dist", "cli.mjs");
export const serverPath = join(repoRoot, "dist", "server.mjs");
export const tscPath = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
export const ruleIds = ["blocking-call-in-async", "floating-promise", "unbounded-concurrency", "missing-timeout"];

/** Rule ids the built CLI knows: an unknown `--rule id=...` is a usage error (exit 2). */
export function availableRules() {
  if (!existsSync(cliPath)) return [];
  const dir = mkdtempSync(join(tmpdir(), "loopscope-rules-"));
  try {
    writeFileSync(join(dir, "a.ts"), "export const a = 1;\n");
    return ruleIds.filter((id) => {
      const r = spawnSync(process.execPath, [cliPath, "lint", "--rule", `${id}=warning`, "--format", "json", "a.ts"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      return r.status === 0 || r.status === 1;
    });
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** `--rule` flags that turn on exactly `enabled` among the known rules. */
export const ruleFlags = (enabled, known) => known.flatMap((id) => ["--rule", `${id}=${enabled.includes(id) ? "warning" : "off"}`]);

export const loopscopeLint = (corpusDir, flags, stdoutFile) =>
  measureCommand(process.execPath, [cliPath, "lint", "--project", "tsconfig.json", "--format", "json", ...flags], { cwd: corpusDir, stdoutFile });

export const tscNoEmit = (corpusDir) => measureCommand(process.execPath, [tscPath, "--noEmit", "-p", "tsconfig.json"], { cwd: corpusDir });

/** ESLint's flat config is resolved against its own folder, so the bench-only config lives in the corpus. */
export function writeEslintConfig(corpusDir) {
  const file = join(corpusDir, "eslint.config.bench.mjs");
  writeFileSync(file, `// written by bench/lib/tools.mjs: typed linting with the project service, one rule
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
`);
  return file;
}

export const eslintFloating = (corpusDir, stdoutFile) =>
  measureCommand(anchorBin("eslint"), ["-c", writeEslintConfig(corpusDir), "-f", "json", "**/*.ts"], { cwd: corpusDir, stdoutFile });

export const oxlintFloating = (corpusDir, stdoutFile) =>
  measureCommand(anchorBin("oxlint"), ["--type-aware", "-A", "all", "-D", "typescript/no-floating-promises", "-f", "json", "."],
    { cwd: corpusDir, stdoutFile, env: { OXLINT_TSGOLINT_PATH: anchorBin("tsgolint") } });

export function ensureDir(dir) { mkdirSync(dir, { recursive: true }); return dir; }

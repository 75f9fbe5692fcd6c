// Fix round-trip on the precision benchmark's real code bases: copy a corpus to a temp folder,
// apply every safe fix (`loopscope lint --fix`), and compare before and after: the project's own
// type check (TypeScript 7's tsc with the corpus tsconfig, noEmit) and a fresh lint. A fix must
// add no compile error and no finding of any rule (issue 12); the table counts both.
// "findings fixed": findings before that the fixed code no longer has (compared as the new ones are).
//
// usage: node bench/fix-roundtrip.mjs [--corpus slug]... [--set tuning|heldout|all] [--dir DIR]
//                                     [--check-js] [--keep] [--timeout-s N] [--rules all|default|ID,ID]
//   --rules      lint and fix with these rules on: all (every built-in rule, also those off by
//                default), default (the CLI's defaults; the default) or ids separated by commas
//   --check-js   type-check JavaScript too (tsc --checkJs): the corpus configs leave it off, so
//                without it a JS corpus's type check sees syntax errors only
//   --keep       keep the fixed copies (printed) to read the diffs
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { corporaRoot, corpusDir, parseFlags, repoRoot, selectCorpora } from "./precision/corpora.mjs";
import { formatTable, seconds } from "./lib/table.mjs";
import { builtInRuleIds, ruleSelectionFlags } from "./lib/rule-selection.mjs";

const flags = parseFlags(process.argv.slice(2), { booleans: ["check-js", "keep"], repeatable: ["corpus"] });
const root = corporaRoot(flags.dir);
const timeoutMs = Number(flags["timeout-s"] ?? 900) * 1000;
const cli = join(repoRoot, "dist", "cli.mjs");
const tsc = join(repoRoot, "node_modules", ".bin", "tsc");
let ruleFlags;
try {
  ruleFlags = ruleSelectionFlags(flags.rules, builtInRuleIds(join(repoRoot, "server", "src", "rules")));
} catch (error) {
  console.error(`fix-roundtrip: ${error.message}`);
  process.exit(2);
}

const build = spawnSync(process.execPath, [join(repoRoot, "scripts", "build.mjs"), "cli"], { encoding: "utf8" });
if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);

const corpora = selectCorpora({ set: flags.set ?? "tuning", names: flags.corpus ?? [] }).filter(c => existsSync(corpusDir(root, c)));
if (!corpora.length) {
  console.error(`fix-roundtrip: no installed corpus matches (looked in ${root})`);
  process.exit(2);
}

const run = (cmd, args, cwd, what) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: timeoutMs, maxBuffer: 512 * 2 ** 20, env: { ...process.env, NO_COLOR: "1" } });
  if (r.error) throw new Error(`${what}: ${r.error.message} (stuck for ${timeoutMs} ms?)`);
  return r;
};

/** tsc's errors as "file: TSnnnn: message" (no positions: fixes move lines), one entry per error. */
function typeCheck(dir) {
  const r = run(tsc, ["-p", "tsconfig.json", "--noEmit", "--pretty", "false", ...(flags["check-js"] ? ["--checkJs"] : [])], dir, "tsc");
  return (r.stdout + r.stderr)
    .split("\n")
    .map(l => /^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/.exec(l))
    .filter(Boolean)
    .map(m => `${m[1]}: ${m[2]}: ${m[3]}`);
}

/** Findings as "file: rule: message" with numbers blanked (line numbers in call chains move). */
function lintKeys(dir) {
  const r = run(process.execPath, [cli, "lint", "--project", "tsconfig.json", "--format", "json", ...ruleFlags], dir, "lint");
  if (r.status === 2) throw new Error(`lint failed in ${dir}: ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout).flatMap(f =>
    f.messages.filter(m => m.ruleId).map(m => `${relative(dir, f.filePath)}: ${m.ruleId}: ${m.message.replace(/\d+/g, "#")}`),
  );
}

/** What `after` has beyond `before`, counting repeats. */
function added(before, after) {
  const left = new Map();
  for (const k of before) left.set(k, (left.get(k) ?? 0) + 1);
  const out = [];
  for (const k of after) {
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(k);
  }
  return out;
}

const rows = [];
for (const corpus of corpora) {
  const source = corpusDir(root, corpus);
  const dir = mkdtempSync(join(tmpdir(), `fix-roundtrip-${corpus.slug}-`));
  const started = Date.now();
  try {
    for (const name of readdirSync(source)) {
      if (name === "node_modules") symlinkSync(join(source, name), join(dir, name));
      else cpSync(join(source, name), join(dir, name), { recursive: true });
    }
    const errorsBefore = typeCheck(dir);
    const findingsBefore = lintKeys(dir);
    const fix = run(process.execPath, [cli, "lint", "--project", "tsconfig.json", "--fix", "--format", "json", ...ruleFlags], dir, "lint --fix");
    if (fix.status === 2) throw new Error(`lint --fix failed: ${fix.stderr.slice(0, 2000)}`);
    const filesFixed = Number(/fixed (\d+) file/.exec(fix.stderr)?.[1] ?? 0);
    const errorsAfter = typeCheck(dir);
    const findingsAfter = lintKeys(dir);
    const newErrors = added(errorsBefore, errorsAfter);
    const newFindings = added(findingsBefore, findingsAfter);
    const row = {
      corpus: `${corpus.slug}@${corpus.version}`,
      language: corpus.language,
      filesFixed,
      findingsFixed: added(findingsAfter, findingsBefore).length,
      findingsBefore: findingsBefore.length,
      findingsAfter: findingsAfter.length,
      newFindings: newFindings.length,
      errorsBefore: errorsBefore.length,
      errorsAfter: errorsAfter.length,
      newErrors: newErrors.length,
      time: seconds(Date.now() - started),
    };
    rows.push(row);
    // One line per corpus as it ends: a long run that is stopped keeps what it measured.
    console.error(`fix-roundtrip row: ${JSON.stringify(row)}`);
    for (const e of newErrors.slice(0, 10)) console.error(`  new compile error (${corpus.slug}): ${e}`);
    for (const f of newFindings.slice(0, 10)) console.error(`  new finding (${corpus.slug}): ${f}`);
    if (flags.keep) console.error(`  kept: ${dir}`);
  } catch (error) {
    rows.push({ corpus: `${corpus.slug}@${corpus.version}`, language: corpus.language, filesFixed: "error", time: String(error.message).slice(0, 80) });
  } finally {
    if (!flags.keep) rmSync(dir, { recursive: true, force: true });
  }
  console.error(`fix-roundtrip: ${corpus.slug} done`);
}

console.log(
  formatTable(
    [
      { key: "corpus", title: "code base", align: "left" },
      { key: "language", title: "lang", align: "left" },
      { key: "filesFixed", title: "files fixed" },
      { key: "findingsFixed", title: "findings fixed" },
      { key: "findingsBefore", title: "findings before" },
      { key: "findingsAfter", title: "after" },
      { key: "newFindings", title: "new findings" },
      { key: "errorsBefore", title: `tsc errors before${flags["check-js"] ? " (checkJs)" : ""}` },
      { key: "errorsAfter", title: "after" },
      { key: "newErrors", title: "new errors" },
      { key: "time", title: "time" },
    ],
    rows,
  ),
);

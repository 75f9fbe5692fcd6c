// Re-lints the precision benchmark's code bases with all four rules and scores the findings
// against the labels in bench/precision/labels/. Builds nothing: run `node scripts/build.mjs cli`
// first (it lints with dist/cli.mjs), and `node bench/precision/fetch.mjs` to install the corpora.
//
// usage: node bench/precision/score.mjs [--set tuning|heldout|all] [--corpus slug ...] [--dir DIR]
//          [--allow-unjudged] [--write-unjudged FILE] [--drift N] [--isolation] [--reuse-runs] [--json FILE]
//   Exit 1 when a finding has no label (unless --allow-unjudged), 2 when a corpus cannot be linted.
//   --write-unjudged FILE  Markdown with each unjudged finding, its code and a label stub to fill in
//   --drift N              match a label up to N lines away (same file and rule; default 0)
//   --rules ID,ID          lint and score these rules only (the others off), e.g. rules that are off
//                          by default: they run only when named here (default: the four rules)
//   --rule-options ID=JSON lint a scored rule with these options (repeatable), e.g.
//                          --rule-options floating-promise='{"reportDeepEvidence":true}'
//   --by-evidence          also print precision per rule and kind of evidence (message id / evidence
//                          tag), with how many corpora have the kind and how many have a false one
//   --isolation            also lint each scored rule alone and list the findings that differ from the
//                          run of all of them together (a finding must not depend on other rules)
//   --reuse-runs           score the last run's saved findings instead of linting again (saved per
//                          checkout in bench/.work/precision-runs/: a run belongs to the CLI that made it)
// Rule of the game: tune on the tuning set; run the held-out set only to measure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatTable } from "../lib/table.mjs";
import {
  corporaRoot,
  corpusDir,
  labelsFileOf,
  lintRuleArgs,
  parseFlags,
  parseRuleOptions,
  repoRoot,
  runKey,
  selectCorpora,
  sets,
  tsconfigOf,
} from "./corpora.mjs";
import { addRows, findingsFromLintJson, isolationDiff, matchFindings, precisionOf, ruleIds, scoreByEvidence, scoreMatch, totalOf } from "./match.mjs";

const lintTimeoutMs = 20 * 60_000;
const runsDir = join(repoRoot, "bench", ".work", "precision-runs");

function lintCorpus(root, c, { reuse, rules: scored, ruleOptions }) {
  const custom = scored !== ruleIds || Object.keys(ruleOptions).length > 0;
  const saved = join(runsDir, `${c.slug}-${c.version}${custom ? `.${runKey(scored, ruleOptions)}` : ""}.json`);
  if (reuse && existsSync(saved)) return JSON.parse(readFileSync(saved, "utf8"));
  const dir = corpusDir(root, c);
  if (!existsSync(join(dir, ".loopscope-precision-ready"))) throw new Error(`not installed in ${dir}: run node bench/precision/fetch.mjs --corpus ${c.slug}`);
  const cli = join(repoRoot, "dist", "cli.mjs");
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run node scripts/build.mjs cli`);
  // Named rules on (also those off by default), the four off when not named.
  const rules = lintRuleArgs(scored, ruleIds, ruleOptions);
  const started = Date.now();
  const res = spawnSync(process.execPath, [cli, "lint", "--project", tsconfigOf(root, c), "--format", "json", ...rules], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: lintTimeoutMs,
  });
  if (res.error) throw new Error(`loopscope lint on ${c.slug} did not finish: ${res.error.message}`);
  if (res.status !== 0 && res.status !== 1) throw new Error(`loopscope lint on ${c.slug} exited ${res.status}:\n${res.stderr.slice(0, 2000)}`);
  const findings = findingsFromLintJson(JSON.parse(res.stdout), dir, scored);
  const fatal = JSON.parse(res.stdout).flatMap(r => r.messages.filter(m => m.fatal).map(m => `${r.filePath}: ${m.message}`));
  const run = { corpus: c.slug, version: c.version, seconds: (Date.now() - started) / 1000, findings, fatal, stderr: res.stderr.slice(0, 4000) };
  mkdirSync(runsDir, { recursive: true });
  writeFileSync(saved, JSON.stringify(run, null, 1) + "\n");
  return run;
}

function readLabels(c) {
  const file = labelsFileOf(c);
  if (!existsSync(file)) return { corpus: c.slug, version: c.version, findings: [], misses: [] };
  const labels = JSON.parse(readFileSync(file, "utf8"));
  if (labels.version !== c.version) throw new Error(`${file} labels ${c.slug}@${labels.version}, the pinned version is ${c.version}`);
  return labels;
}

function codeContext(dir, f, before = 6, after = 6) {
  let lines;
  try {
    lines = readFileSync(join(dir, f.file), "utf8").split("\n");
  } catch {
    return "(file unreadable)";
  }
  const from = Math.max(1, f.line - before),
    to = Math.min(lines.length, f.line + after);
  const out = [];
  for (let n = from; n <= to; n++) out.push(`${n === f.line ? ">" : " "}${String(n).padStart(5)}  ${lines[n - 1]}`);
  return out.join("\n");
}

/** The labels of the rules scored (the others' true labels are not "lost": those rules did not run). */
function onlyRules(labels, rules) {
  const keep = l => rules.includes(l.rule);
  return { ...labels, findings: (labels.findings ?? []).filter(keep), misses: (labels.misses ?? []).filter(keep) };
}

const pct = r => {
  const p = precisionOf(r);
  return p === undefined ? "n/a" : p.toFixed(2);
};
const column = (key, title, align) => ({ key, title, ...(align ? { align } : {}) });
/** findings, judged, true, precision: the counts both tables lead with. */
const countColumns = [column("findings", "findings"), column("judged", "judged"), column("true", "true"), column("precision", "precision")];
const columns = [
  column("scope", "set / corpus", "left"),
  column("rule", "rule", "left"),
  ...countColumns,
  column("lost", "true lost"),
  column("unjudged", "unjudged"),
  column("missesFound", "misses found"),
];
const evidenceColumns = [
  column("rule", "rule", "left"),
  column("kind", "message id / evidence", "left"),
  ...countColumns,
  column("corpora", "corpora"),
  column("falseIn", "false in"),
  column("unjudged", "unjudged"),
];
let scoredRules = ruleIds;
const rowsOf = (scope, table) => [
  ...scoredRules.map(rule => ({ scope, rule, ...table[rule], precision: pct(table[rule]) })),
  { scope, rule: "all", ...totalOf(table), precision: pct(totalOf(table)) },
];

export function main(argv) {
  const flags = parseFlags(argv, { booleans: ["allow-unjudged", "reuse-runs", "by-evidence", "isolation"], repeatable: ["corpus", "rule-options"] });
  const root = corporaRoot(flags.dir);
  const drift = Number(flags.drift ?? 0);
  if (flags.rules)
    scoredRules = flags.rules
      .split(",")
      .map(r => r.trim())
      .filter(Boolean);
  const ruleOptions = parseRuleOptions(flags["rule-options"]);
  for (const id of Object.keys(ruleOptions)) if (!scoredRules.includes(id)) throw new Error(`--rule-options ${id}: that rule is not scored (see --rules)`);
  const chosen = selectCorpora({ set: flags.set ?? "all", names: flags.corpus ?? [] });
  const perCorpus = [];
  const dump = [];
  const isolation = [];
  let broken = 0;
  for (const c of chosen) {
    let run;
    try {
      run = lintCorpus(root, c, { reuse: !!flags["reuse-runs"], rules: scoredRules, ruleOptions });
    } catch (error) {
      broken++;
      console.error(`precision: ${error.message}`);
      continue;
    }
    if (run.fatal.length) console.error(`precision: ${c.slug}: ${run.fatal.length} files could not be linted, e.g. ${run.fatal[0]}`);
    const labels = onlyRules(readLabels(c), scoredRules);
    const match = matchFindings(run.findings, labels, { drift });
    perCorpus.push({ c, table: scoreMatch(match, run.findings, scoredRules), match, seconds: run.seconds });
    for (const f of match.unjudged) dump.push({ c, f });
    // Each scored rule again on its own: a finding must not depend on which other rules ran.
    if (flags.isolation && scoredRules.length > 1)
      for (const rule of scoredRules) {
        const alone = lintCorpus(root, c, { reuse: !!flags["reuse-runs"], rules: [rule], ruleOptions: ruleOptions[rule] ? { [rule]: ruleOptions[rule] } : {} });
        for (const d of isolationDiff(run.findings, alone.findings, rule)) isolation.push({ c, ...d });
      }
  }
  const out = [];
  for (const set of sets) {
    const inSet = perCorpus.filter(p => p.c.set === set);
    if (!inSet.length) continue;
    const rows = [];
    for (const p of inSet) rows.push({ scope: `${set} / ${p.c.slug}`, rule: "all", ...totalOf(p.table), precision: pct(totalOf(p.table)) });
    out.push(`## ${set} set (${inSet.map(p => p.c.slug).join(", ")})\n`);
    out.push(formatTable(columns, [...rowsOf(set, addRows(...inSet.map(p => p.table))), ...rows]) + "\n");
  }
  if (perCorpus.length) {
    out.push(`## all selected corpora\n`);
    out.push(formatTable(columns, rowsOf("all", addRows(...perCorpus.map(p => p.table)))) + "\n");
  }
  if (flags["by-evidence"] && perCorpus.length) {
    const kinds = scoreByEvidence(perCorpus.map(p => ({ slug: p.c.slug, match: p.match })));
    out.push(`## per kind of evidence (all selected corpora)\n`);
    out.push(
      formatTable(
        evidenceColumns,
        kinds.map(k => ({ ...k, precision: pct(k) })),
      ) + "\n",
    );
  }
  console.log(out.join("\n"));
  for (const p of perCorpus)
    for (const l of p.match.lost) console.log(`lost (judged true, no longer found): ${p.c.slug} ${l.file}:${l.line} ${l.rule}: ${l.why}`);
  if (flags.isolation) {
    for (const d of isolation)
      console.log(
        `isolation: ${d.c.slug} ${d.where} ${d.rule}: reported ${d.only === "together" ? "with the other rules, not alone" : "alone, not with the other rules"}`,
      );
    console.log(
      `isolation: ${isolation.length} findings depend on which other rules ran (${perCorpus.length} corpora, each rule alone and all ${scoredRules.length} together)`,
    );
  }
  if (flags["write-unjudged"]) {
    const md = [
      `# Unjudged findings (${dump.length})\n`,
      "Judge each with the criteria in bench/precision/README.md and add the stub, with `true` and `why`, to the corpus's labels file.\n",
    ];
    for (const { c, f } of dump) {
      md.push(`## ${c.slug} ${f.file}:${f.line} ${f.rule}\n\n${f.message}\n\n\`\`\`\n${codeContext(corpusDir(root, c), f)}\n\`\`\`\n`);
      md.push("```json\n" + JSON.stringify({ file: f.file, line: f.line, rule: f.rule, true: null, why: "" }) + "\n```\n");
    }
    writeFileSync(flags["write-unjudged"], md.join("\n"));
    console.log(`wrote ${dump.length} unjudged findings to ${flags["write-unjudged"]}`);
  }
  if (flags.json)
    writeFileSync(
      flags.json,
      JSON.stringify(
        perCorpus.map(p => ({ corpus: p.c.slug, set: p.c.set, seconds: p.seconds, rules: p.table })),
        null,
        2,
      ) + "\n",
    );
  if (broken) return 2;
  if (dump.length && !flags["allow-unjudged"]) {
    console.error(`precision: ${dump.length} findings have no label (judge them, or pass --allow-unjudged while tuning)`);
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));

// Lint throughput on a real code base (issue 2 item 10 and issue 3 "Speed"):
//   A. full-project `loopscope lint` (all rules) against TypeScript 7's `tsc --noEmit` (the floor);
//   B. `loopscope lint` with only floating-promise against ESLint + typescript-eslint
//      no-floating-promises (typed linting, project service) and `oxlint --type-aware` with only
//      typescript/no-floating-promises; plus all four rules together.
// Each tool's findings are written to bench/.work/findings/ as sorted `file:line` lists and the
// differences are printed with the code line, so each one can be explained.
// C. the same Loopscope runs without --project (the corpus's paths, as a user types them), and a
//    check that every mode gives the same findings.
// usage: node bench/lint-speed.mjs [--runs N] [--no-anchors] [--corpus viem|mongodb|typeorm] [--max-wait S]
//   --max-wait S: before each run wait up to S seconds (default 20) for other processes to leave the CPUs.
//   --tools a,b: measure only these (tsc, loopscope-all, loopscope-every, loopscope-fp, loopscope-all-paths, loopscope-fp-paths, eslint, oxlint,
//     loopscope-baseline); others print "not run".
//   --baseline CLI: also run an older build's dist/cli.mjs with the same four rules, interleaved, and
//     print this build's cost against it (issue 10: the summaries may cost at most 10%). Build it in a
//     detached worktree: git worktree add --detach /tmp/base <rev> && cd /tmp/base && npm ci && node scripts/build.mjs cli
import { writeFileSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { ensureCorpus, corpora, corpusStats, workDir } from "./corpus.mjs";
import { ensureAnchors, anchorVersions } from "./anchors.mjs";
import { formatTable, seconds, mib, ratio } from "./lib/table.mjs";
import { formatMachine, machineInfo } from "./lib/machine.mjs";
import { measureRepeated, waitForQuiet } from "./lib/measure.mjs";
import { fromEslintJson, fromOxlintJson, diffFindings, withCode, countByRule, eslintFatalCount, compareLoopscopeJson } from "./lib/findings.mjs";
import {
  buildInfo,
  snapshotBuild,
  cliPath,
  availableRules,
  everyRuleId,
  ruleFlags,
  loopscopeLint,
  loopscopeLintPaths,
  tscNoEmit,
  eslintFloating,
  oxlintFloating,
  ensureDir,
  repoRoot,
} from "./lib/tools.mjs";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) > 0 && args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 3;
const withAnchors = !args.includes("--no-anchors");
const maxWaitMs = (args.includes("--max-wait") ? Number(args[args.indexOf("--max-wait") + 1]) : 20) * 1000;
const corpusName = args.includes("--corpus") ? args[args.indexOf("--corpus") + 1] : "viem";
const corpus = corpora[corpusName];
if (!corpus) {
  console.error(`lint-speed: unknown corpus '${corpusName}' (known: ${Object.keys(corpora).join(", ")})`);
  process.exit(2);
}
const log = s => process.stderr.write(s + "\n");
const baselineCli = args.includes("--baseline") ? args[args.indexOf("--baseline") + 1] : undefined;
if (baselineCli !== undefined && !existsSync(baselineCli)) {
  console.error(`lint-speed: --baseline ${baselineCli}: no such file (give a built dist/cli.mjs of the older revision)`);
  process.exit(2);
}
const machineAtStart = machineInfo();

const dir = ensureCorpus({ log, corpus });
if (withAnchors) ensureAnchors({ log });
const stats = corpusStats(dir, corpus);
const outDir = ensureDir(join(workDir, "findings", corpus.name));
const tsVersion = JSON.parse(readFileSync(join(repoRoot, "node_modules", "typescript", "package.json"), "utf8")).version;
snapshotBuild();
const haveCli = existsSync(cliPath);
const rules = haveCli ? availableRules() : [];
if (haveCli) log(`lint-speed: loopscope rules available: ${rules.join(", ") || "(none)"}`);
// Every rule, the eight of issue 14 (off by default) included: issue 14 allows them at most 1.3x the four rules' time.
const everyRule = haveCli ? availableRules(everyRuleId) : [];

// Every tool once per round, rounds one after another: noise from the shared machine spreads evenly.
const tools = [
  { id: "tsc", title: `tsc --noEmit (TypeScript ${tsVersion}, floor)`, run: () => tscNoEmit(dir) },
  ...(haveCli
    ? [
        {
          id: "loopscope-all",
          title: `loopscope lint, the four rules of issue 15 (${rules.length})`,
          out: "loopscope-all.json",
          run: o => loopscopeLint(dir, ruleFlags(rules, rules), o),
        },
        ...(everyRule.length > rules.length
          ? [
              {
                id: "loopscope-every",
                title: `loopscope lint, every rule (${everyRule.length})`,
                out: "loopscope-every.json",
                run: o => loopscopeLint(dir, ruleFlags(everyRule, everyRule), o),
              },
            ]
          : []),
        ...(rules.includes("floating-promise")
          ? [
              {
                id: "loopscope-fp",
                title: "loopscope lint, floating-promise only",
                out: "loopscope-fp.json",
                run: o => loopscopeLint(dir, ruleFlags(["floating-promise"], rules), o),
              },
            ]
          : []),
        ...(corpus.lintPaths
          ? [
              {
                id: "loopscope-all-paths",
                title: `loopscope lint ${corpus.lintPaths.join(" ")} (no --project), all rules`,
                out: "loopscope-all-paths.json",
                run: o => loopscopeLintPaths(dir, corpus.lintPaths, ruleFlags(rules, rules), o),
              },
              ...(rules.includes("floating-promise")
                ? [
                    {
                      id: "loopscope-fp-paths",
                      title: `loopscope lint ${corpus.lintPaths.join(" ")} (no --project), floating-promise only`,
                      out: "loopscope-fp-paths.json",
                      run: o => loopscopeLintPaths(dir, corpus.lintPaths, ruleFlags(["floating-promise"], rules), o),
                    },
                  ]
                : []),
            ]
          : []),
      ]
    : []),
  ...(haveCli && baselineCli
    ? [
        {
          id: "loopscope-baseline",
          title: `the baseline build (${baselineCli}), the same rules`,
          out: "loopscope-baseline.json",
          run: o => loopscopeLint(dir, ruleFlags(rules, rules), o, baselineCli),
        },
      ]
    : []),
  ...(withAnchors
    ? [
        {
          id: "eslint",
          title: `ESLint ${anchorVersions.eslint} + typescript-eslint ${anchorVersions["typescript-eslint"]} (TS ${anchorVersions.typescript}), no-floating-promises`,
          out: "eslint.json",
          run: o => eslintFloating(dir, o),
        },
        {
          id: "oxlint",
          title: `oxlint ${anchorVersions.oxlint} --type-aware (tsgolint ${anchorVersions["oxlint-tsgolint"]}), no-floating-promises`,
          out: "oxlint.json",
          run: o => oxlintFloating(dir, o),
        },
      ]
    : []),
];

const onlyTools = args.includes("--tools") ? args[args.indexOf("--tools") + 1].split(",") : undefined;
if (onlyTools) tools.splice(0, tools.length, ...tools.filter(t => onlyTools.includes(t.id)));
const samples = new Map(tools.map(t => [t.id, []]));
for (let round = 0; round < runs; round++) {
  for (const tool of tools) {
    const others = maxWaitMs > 0 ? await waitForQuiet({ maxWaitMs }) : undefined;
    log(`lint-speed: round ${round + 1}/${runs}: ${tool.id}${others === undefined ? "" : ` (others using ${others.toFixed(1)} cores)`}`);
    const r = await tool.run(tool.out ? join(outDir, tool.out) : undefined);
    if (r.exitCode > 1 && tool.id !== "tsc") log(`lint-speed: ${tool.id} exited ${r.exitCode}: ${r.stderr.slice(-2000)}`);
    samples.get(tool.id).push(r);
  }
}
const result = {};
for (const tool of tools) result[tool.id] = await measureRepeated(samples.get(tool.id).length, async i => samples.get(tool.id)[i]);

// Findings, normalized.
const readOut = name => {
  try {
    return readFileSync(join(outDir, name), "utf8");
  } catch {
    return undefined;
  }
};
const lists = {},
  counts = {};
const parse = (id, name, fn) => {
  // Only files this run wrote: a file from an earlier run would pair old findings with new timings.
  if (!tools.some(t => t.out === name)) return;
  const text = readOut(name);
  if (!text) return;
  try {
    lists[id] = fn(text);
  } catch (e) {
    log(`lint-speed: cannot parse ${name}: ${e.message}`);
  }
};
parse("loopscope-fp", "loopscope-fp.json", t => fromEslintJson(t, dir, ["floating-promise"]));
parse("loopscope-all", "loopscope-all.json", t => {
  counts["loopscope-all"] = countByRule(t);
  return fromEslintJson(t, dir);
});
parse("loopscope-every", "loopscope-every.json", t => {
  counts["loopscope-every"] = countByRule(t);
  return fromEslintJson(t, dir, everyRule);
});
parse("loopscope-baseline", "loopscope-baseline.json", t => fromEslintJson(t, dir));
parse("loopscope-all-fp", "loopscope-all.json", t => fromEslintJson(t, dir, ["floating-promise"]));
parse("eslint", "eslint.json", t => {
  counts.eslintFatal = eslintFatalCount(t);
  return fromEslintJson(t, dir, ["@typescript-eslint/no-floating-promises"]);
});
parse("oxlint", "oxlint.json", t => fromOxlintJson(t, dir));
for (const [id, list] of Object.entries(lists)) writeFileSync(join(outDir, `${id}.txt`), list.join("\n") + (list.length ? "\n" : ""));
const tscErrors = result.tsc ? (result.tsc.last.stdout.match(/error TS\d+/g) ?? []).length : undefined;
const tscTitle = `tsc --noEmit (TypeScript ${tsVersion}, floor)`;
const titleOf = (id, fallback) => tools.find(t => t.id === id)?.title ?? fallback;

const fmt = (id, extra = {}) => {
  const r = result[id];
  // The run with the least other load: on a shared machine the closest to a quiet-machine number.
  const quiet = r?.runs.reduce((a, b) => ((b.othersCores ?? 0) < (a.othersCores ?? 0) ? b : a));
  return r
    ? {
        wall: seconds(r.wallMs),
        quietWall: quiet ? `${seconds(quiet.wallMs)} (${(quiet.othersCores ?? 0).toFixed(1)})` : "",
        cpu: seconds(r.cpuMs),
        mem: mib(r.peakBytes),
        others: r.othersCores === undefined ? "n/a" : r.othersCores.toFixed(1),
        ...extra,
      }
    : { wall: "not run", ...extra };
};
const cols = [
  { key: "tool", title: "tool", align: "left" },
  { key: "wall", title: "wall" },
  { key: "quietWall", title: "wall, quietest run (others' load)" },
  { key: "cpu", title: "CPU" },
  { key: "mem", title: "peak memory" },
  { key: "findings", title: "findings" },
  { key: "vs", title: "ratio (wall)", align: "left" },
  { key: "vsCpu", title: "ratio (CPU)", align: "left" },
  { key: "others", title: "others' load (cores)" },
];
const w = id => result[id]?.wallMs;
const c = id => result[id]?.cpuMs;
const notes = [
  `corpus: ${corpus.name}@${corpus.version} ` +
    (corpus.git
      ? `from its repository at ${corpus.git.commit.slice(0, 12)} (${corpus.git.paths.join(", ")}; its own tsconfig)`
      : `from the npm registry (its shipped TypeScript sources; tsconfig: ${corpus.tsconfig === "viem" ? "the repository's own options" : "the shipped one" + (corpus.tsconfigEdit ? ", minus options TypeScript 7 removed" : "")})`) +
    `: ${stats.files} files, ${stats.lines.toLocaleString("en-US")} lines of TypeScript; without --project: \`loopscope lint ${corpus.lintPaths?.join(" ") ?? "(not run)"}\`.`,
  `median of ${runs} runs each, tools interleaved per round; CPU = user+system of the whole process tree; peak memory = sum of each process's peak RSS in the tree;` +
    ` others' load = cores kept busy by other processes during the run (0 = quiet machine; wall times with a high value are inflated, CPU times much less so).`,
  buildInfo(),
  formatMachine(machineAtStart),
];

console.log(`\n## Lint on ${corpus.name}@${corpus.version}: full project against the type check (issue 2 item 10; target < 1.5x tsc)\n`);
console.log(
  formatTable(cols, [
    { tool: tscTitle, ...fmt("tsc", { findings: tscErrors === undefined ? "" : `${tscErrors} type errors`, vs: "1.00x (floor)", vsCpu: "1.00x" }) },
    haveCli
      ? {
          tool: titleOf("loopscope-all", "loopscope lint, all rules"),
          ...fmt("loopscope-all", {
            findings: lists["loopscope-all"]?.length,
            vs: `${ratio(w("loopscope-all"), w("tsc"))} of tsc`,
            vsCpu: `${ratio(c("loopscope-all"), c("tsc"))} of tsc`,
          }),
        }
      : { tool: "loopscope lint, all rules", wall: "dist/cli.mjs not built yet" },
    ...(result["loopscope-every"]
      ? [
          {
            tool: titleOf("loopscope-every", "loopscope lint, every rule"),
            ...fmt("loopscope-every", {
              findings: lists["loopscope-every"]?.length,
              vs: `${ratio(w("loopscope-every"), w("tsc"))} of tsc; ${ratio(w("loopscope-every"), w("loopscope-all"))} of the four (issue 14: <= 1.3x)`,
              vsCpu: `${ratio(c("loopscope-every"), c("tsc"))} of tsc; ${ratio(c("loopscope-every"), c("loopscope-all"))} of the four`,
            }),
          },
        ]
      : []),
  ]),
);
if (counts["loopscope-all"])
  console.log(
    `\nfindings per rule (all rules run): ${Object.entries(counts["loopscope-all"])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
if (counts["loopscope-every"])
  console.log(
    `findings per rule (every rule run): ${Object.entries(counts["loopscope-every"])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
console.log("\n" + notes.join("\n"));

console.log(
  `\n## Lint on ${corpus.name}@${corpus.version}: floating promises side by side (issue 3 Speed; targets >= 6x faster than typescript-eslint, <= 2x oxlint's wall)\n`,
);
const rowsB = [];
if (haveCli && result["loopscope-fp"])
  rowsB.push({
    tool: titleOf("loopscope-fp", "loopscope lint, floating-promise only"),
    ...fmt("loopscope-fp", { findings: lists["loopscope-fp"]?.length, vs: "1.00x", vsCpu: "1.00x" }),
  });
else
  rowsB.push({
    tool: "loopscope lint, floating-promise only",
    wall: !haveCli ? "dist/cli.mjs not built yet" : rules.includes("floating-promise") ? "not run" : "rule not available yet",
  });
const base = w("loopscope-fp");
if (withAnchors) {
  rowsB.push({
    tool: titleOf("eslint", "ESLint + typescript-eslint, no-floating-promises"),
    ...fmt("eslint", {
      findings: lists.eslint?.length,
      vs: base ? `loopscope is ${ratio(w("eslint"), base)} faster (target >= 6x)` : "",
      vsCpu: base ? `loopscope uses 1/${ratio(c("eslint"), c("loopscope-fp"))}` : "",
    }),
  });
  rowsB.push({
    tool: titleOf("oxlint", "oxlint --type-aware, no-floating-promises"),
    ...fmt("oxlint", {
      findings: lists.oxlint?.length,
      vs: base ? `loopscope takes ${ratio(base, w("oxlint"))} of oxlint (target <= 2x)` : "",
      vsCpu: base ? `loopscope uses ${ratio(c("loopscope-fp"), c("oxlint"))}` : "",
    }),
  });
}
if (haveCli)
  rowsB.push({
    tool: titleOf("loopscope-all", "loopscope lint, all rules"),
    ...fmt("loopscope-all", {
      findings: lists["loopscope-all"]?.length,
      vs: base ? `${ratio(w("loopscope-all"), base)} of floating-promise only` : "",
      vsCpu: base ? ratio(c("loopscope-all"), c("loopscope-fp")) : "",
    }),
  });
rowsB.push({
  tool: tscTitle,
  ...fmt("tsc", {
    findings: tscErrors === undefined ? "" : `${tscErrors} type errors`,
    vs: base ? `loopscope fp takes ${ratio(base, w("tsc"))} of tsc` : "",
    vsCpu: base ? ratio(c("loopscope-fp"), c("tsc")) : "",
  }),
});
console.log(formatTable(cols, rowsB));
console.log("\n" + notes.join("\n"));
if (result["loopscope-baseline"] && result["loopscope-all"]) {
  const costWall = w("loopscope-all") / w("loopscope-baseline");
  const costCpu = c("loopscope-all") / c("loopscope-baseline");
  console.log(`\n## This build against the baseline on ${corpus.name} (issue 10: at most 10% slower)\n`);
  console.log(
    formatTable(cols, [
      { tool: titleOf("loopscope-baseline"), ...fmt("loopscope-baseline", { findings: lists["loopscope-baseline"]?.length, vs: "1.00x", vsCpu: "1.00x" }) },
      {
        tool: titleOf("loopscope-all"),
        ...fmt("loopscope-all", {
          findings: lists["loopscope-all"]?.length,
          vs: `${ratio(w("loopscope-all"), w("loopscope-baseline"))} of the baseline${costWall > 1.1 ? " (over 1.10x)" : ""}`,
          vsCpu: `${ratio(c("loopscope-all"), c("loopscope-baseline"))}${costCpu > 1.1 ? " (over 1.10x)" : ""}`,
        }),
      },
    ]),
  );
}
if (counts.eslintFatal) console.log(`note: ESLint reported ${counts.eslintFatal} messages without a rule (parse/project-service problems).`);

// Differences, with samples and their code.
const pairs = [
  ["loopscope-fp", "eslint"],
  ["loopscope-fp", "oxlint"],
  ["eslint", "oxlint"],
  ["loopscope-fp", "loopscope-all-fp"],
];
const diffs = [];
for (const [a, b] of pairs) {
  if (!lists[a] || !lists[b]) continue;
  const d = diffFindings(lists[a], lists[b]);
  diffs.push({ a, b, ...d });
  writeFileSync(join(outDir, `only-in-${a}-not-${b}.txt`), d.onlyA.map(k => withCode(dir, k)).join("\n") + "\n");
  writeFileSync(join(outDir, `only-in-${b}-not-${a}.txt`), d.onlyB.map(k => withCode(dir, k)).join("\n") + "\n");
}
if (diffs.length) {
  console.log(`\n### Finding differences on ${corpus.name} (file:line lists in bench/.work/findings/${corpus.name}/)\n`);
  console.log(
    formatTable(
      [
        { key: "pair", title: "A vs B", align: "left" },
        { key: "both", title: "in both" },
        { key: "a", title: "only in A" },
        { key: "b", title: "only in B" },
      ],
      diffs.map(d => ({ pair: `${d.a} vs ${d.b}`, both: d.both, a: d.onlyA.length, b: d.onlyB.length })),
    ),
  );
  for (const d of diffs) {
    for (const [label, list] of [
      [`only in ${d.a} (not ${d.b})`, d.onlyA],
      [`only in ${d.b} (not ${d.a})`, d.onlyB],
    ]) {
      if (!list.length) continue;
      console.log(`\n${label}: ${list.length}${list.length > 8 ? ", first 8" : ""}`);
      for (const k of list.slice(0, 8)) console.log("  " + withCode(dir, k));
    }
  }
}
// C. Every mode of Loopscope against the anchors, and whether the modes agree.
const modeRows = [];
const agreement = {};
for (const [id, pathsId] of [
  ["loopscope-all", "loopscope-all-paths"],
  ["loopscope-fp", "loopscope-fp-paths"],
]) {
  const a = tools.some(t => t.id === id) ? readOut(`${id}.json`) : undefined,
    b = tools.some(t => t.id === pathsId) ? readOut(`${pathsId}.json`) : undefined;
  if (a && b) {
    try {
      agreement[`${id} vs ${pathsId}`] = compareLoopscopeJson(a, b, dir);
    } catch (e) {
      agreement[`${id} vs ${pathsId}`] = { same: false, error: e.message, differing: [] };
    }
  }
}
for (const id of ["loopscope-all", "loopscope-all-paths", "loopscope-fp", "loopscope-fp-paths"]) {
  if (!result[id]) continue;
  modeRows.push({
    tool: titleOf(id, id),
    ...fmt(id, {
      findings: fromEslintJson(readOut(`${id}.json`) ?? "[]", dir).length,
      vs: `${ratio(w(id), w("oxlint"))} of oxlint, ${ratio(w(id), w("tsc"))} of tsc`,
      vsCpu: `${ratio(c(id), c("oxlint"))} of oxlint, ${ratio(c(id), c("tsc"))} of tsc`,
    }),
  });
}
if (modeRows.length) {
  for (const id of ["oxlint", "tsc"])
    if (result[id])
      modeRows.push({
        tool: titleOf(id, id),
        ...fmt(id, { findings: id === "tsc" ? `${tscErrors} type errors` : lists.oxlint?.length, vs: "anchor", vsCpu: "anchor" }),
      });
  console.log(
    `\n## Lint on ${corpus.name}@${corpus.version}: with and without --project, against the anchors (issue 15; targets: all rules <= 1.5x oxlint and <= 1.0x tsc, plain paths <= 1.2x --project)\n`,
  );
  console.log(formatTable(cols, modeRows));
  for (const [pair, r] of Object.entries(agreement)) {
    console.log(
      `same findings, ${pair}: ${r.same ? `yes (${r.files} files)` : `NO: ${r.error ?? `${r.differing.length} of ${r.files} files differ: ${r.differing.slice(0, 5).join(", ")}`}`}`,
    );
  }
  const paths = id => (w(`${id}-paths`) && w(id) ? `${ratio(w(`${id}-paths`), w(id))} wall, ${ratio(c(`${id}-paths`), c(id))} CPU` : "n/a");
  console.log(`plain paths against --project: all rules ${paths("loopscope-all")}; floating-promise ${paths("loopscope-fp")}`);
  console.log("\n" + notes.join("\n"));
}

writeFileSync(
  join(ensureDir(join(workDir, "results")), `lint-speed-${corpus.name}.json`),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      corpus: { ...corpus, ...stats },
      runs,
      rules,
      tscErrors,
      results: Object.fromEntries(
        Object.entries(result).map(([k, v]) => [
          k,
          {
            wallMs: v.wallMs,
            cpuMs: v.cpuMs,
            peakBytes: v.peakBytes,
            othersCores: v.othersCores,
            runs: v.runs.map(r => ({ wallMs: r.wallMs, cpuMs: r.cpuMs, peakBytes: r.peakBytes, othersCores: r.othersCores, exitCode: r.exitCode })),
          },
        ]),
      ),
      findings: Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v.length])),
      counts,
      agreement: Object.fromEntries(Object.entries(agreement).map(([k, v]) => [k, { same: v.same, files: v.files, differing: v.differing.slice(0, 50) }])),
      titles: Object.fromEntries(tools.map(t => [t.id, t.title])),
    },
    null,
    2,
  ),
);

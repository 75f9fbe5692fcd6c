// One table of issue 15's speed targets on every corpus, from the results the lint-speed and
// lsp-latency benchmarks saved in bench/.work/results/ (run them first: `npm run bench -- speed`).
// usage: node bench/speed-summary.mjs [corpus ...]
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { corpora, workDir } from "./corpus.mjs";
import { formatTable, seconds, millis, mib, ratio, percentile, median } from "./lib/table.mjs";

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(corpora);
const read = file => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined);
const rows = [],
  lspRows = [],
  notes = [];
for (const name of names) {
  const lint = read(join(workDir, "results", `lint-speed-${name}.json`));
  const lsp = read(join(workDir, "results", `lsp-latency-${name}.json`));
  if (!lint && !lsp) {
    notes.push(`${name}: no results yet`);
    continue;
  }
  if (lint) {
    const r = lint.results;
    const wall = id => r[id]?.wallMs,
      cpu = id => r[id]?.cpuMs;
    const cell = id => (r[id] ? `${seconds(wall(id))} / ${seconds(cpu(id))} / ${mib(r[id].peakBytes)}` : "not run");
    const same = Object.entries(lint.agreement ?? {}).map(([, v]) => (v.same ? "yes" : `NO (${v.differing.length} files)`));
    const load = Object.values(r)
      .map(x => x.othersCores)
      .filter(x => x !== undefined);
    rows.push({
      corpus: `${name} (${lint.corpus.files} files, ${Math.round(lint.corpus.lines / 1000)}k lines)`,
      tsc: cell("tsc"),
      oxlint: cell("oxlint"),
      all: cell("loopscope-all"),
      allPaths: cell("loopscope-all-paths"),
      fp: cell("loopscope-fp"),
      vsOx: `${ratio(wall("loopscope-all"), wall("oxlint"))} / ${ratio(cpu("loopscope-all"), cpu("oxlint"))}`,
      vsTsc: `${ratio(wall("loopscope-all"), wall("tsc"))} / ${ratio(cpu("loopscope-all"), cpu("tsc"))}`,
      fpVsOx: `${ratio(wall("loopscope-fp"), wall("oxlint"))} / ${ratio(cpu("loopscope-fp"), cpu("oxlint"))}`,
      paths: `${ratio(wall("loopscope-all-paths"), wall("loopscope-all"))} / ${ratio(cpu("loopscope-all-paths"), cpu("loopscope-all"))}`,
      same: same.length ? same.join(", ") : "not compared",
      load: load.length ? `${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}` : "n/a",
      runs: lint.runs,
      date: lint.date.slice(11, 16),
    });
  }
  if (lsp) {
    for (const mode of [...new Set(lsp.results.map(x => x.mode))]) {
      const rs = lsp.results.filter(x => x.mode === mode);
      const all = rs.flatMap(x => x.latencies);
      lspRows.push({
        corpus: `${name}: ${lsp.corpus.latencyFile} (${lsp.corpus.latencyLines} lines)`,
        mode,
        edits: all.length,
        p50: millis(percentile(all, 50)),
        p95: millis(percentile(all, 95)),
        p99: millis(percentile(all, 99)),
        cpu: millis(median(rs.map(x => x.cpuPerEditMs))),
        open: seconds(median(rs.map(x => x.openMs))),
        mem: mib(median(rs.map(x => x.peakBytes))),
        load: median(rs.map(x => x.othersCores))?.toFixed(1) ?? "n/a",
        date: lsp.date.slice(11, 16),
      });
    }
  }
}
console.log("\n## Issue 15: speed on every corpus (wall / CPU / peak memory of the whole process tree, compiler included; medians)\n");
console.log(
  formatTable(
    [
      { key: "corpus", title: "corpus", align: "left" },
      { key: "tsc", title: "tsc --noEmit (TS 7)" },
      { key: "oxlint", title: "oxlint --type-aware, 1 rule" },
      { key: "all", title: "loopscope, 4 rules, --project" },
      { key: "allPaths", title: "same, plain paths" },
      { key: "fp", title: "loopscope, floating-promise" },
      { key: "vsOx", title: "4 rules / oxlint (wall / CPU; target 1.5x)" },
      { key: "fpVsOx", title: "fp / oxlint (target 1.2x)" },
      { key: "vsTsc", title: "4 rules / tsc (target 1.0x)" },
      { key: "paths", title: "paths / --project (target 1.2x)" },
      { key: "same", title: "same findings in every mode" },
      { key: "load", title: "others' load (cores)" },
      { key: "runs", title: "runs" },
      { key: "date", title: "UTC" },
    ],
    rows,
  ),
);
if (lspRows.length) {
  console.log(
    "\n## Issue 15: diagnostics after a keystroke (blocking-call-in-async and missing-timeout unless the mode says otherwise; target p95 <= 100 ms, open -> first diagnostics <= 2.5 s)\n",
  );
  console.log(
    formatTable(
      [
        { key: "corpus", title: "file", align: "left" },
        { key: "mode", title: "mode", align: "left" },
        { key: "edits", title: "edits" },
        { key: "p50", title: "p50" },
        { key: "p95", title: "p95" },
        { key: "p99", title: "p99" },
        { key: "cpu", title: "server CPU per edit" },
        { key: "open", title: "open -> first diagnostics" },
        { key: "mem", title: "peak memory" },
        { key: "load", title: "others' load (cores)" },
        { key: "date", title: "UTC" },
      ],
      lspRows,
    ),
  );
}
console.log(
  "\nothers' load = cores other processes kept busy during the runs (2 cores in all); wall times and latencies under load are inflated, CPU less so.",
);
for (const n of notes) console.log(n);

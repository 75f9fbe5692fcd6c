// Where one keystroke's lint goes, without the language server around it: the engine (`Linter`)
// opens the corpus's latency file, lints it once, then applies the keystrokes the LSP latency
// bench sends (bench/lib/edits.mjs) as unsaved text and lints after each, timing every phase and
// rule (`timePhases`) and counting the compiler requests per method. Prints per-keystroke
// p50/p95, the CPU time per keystroke (this process and the compiler's, from /proc: what a
// busy machine inflates least) and the per-phase milliseconds per keystroke, so a change to the engine can be judged
// on the phase it targets. `--check N`: every N keystrokes, also lint the same text in a fresh
// engine and fail when the findings differ (incremental results must equal a from-scratch lint).
// `--profile FILE`: a CPU profile of the keystrokes alone (not the first lint), written to FILE (.cpuprofile).
// The counts that a loaded machine does not change: our CPU per keystroke (p50/p95), the compiler
// requests per keystroke with the bytes each way, and (KEYSTROKE_TIMES=1) per keystroke the wall
// and CPU times and how many functions' collector results were carried (0: the whole file ran again,
// e.g. after an unclosed quote whose recovery took in the next methods).
// usage: node --import tsx bench/keystroke-phases.ts [--corpus typeorm | --dir D --file F] [--edits 100] [--check 0] [--rules id,...] [--profile FILE] [--heap-profile FILE]
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { cpus } from "node:os";
import { join } from "node:path";
import { Linter } from "../server/src/analysis/linter";
import { corpora, ensureCorpus } from "./corpus.mjs";
import { insertionLine, keystroke } from "./lib/edits.mjs";

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const corpus = (corpora as Record<string, { latencyFile: string; name: string }>)[flag("--corpus", "typeorm")]!;
const edits = Number(flag("--edits", "100"));
const checkEvery = Number(flag("--check", "0"));
// `--dir D --file F`: any project's file instead (e.g. a precision corpus whose file has findings,
// so that `--check` compares findings, not only their absence).
const dir = args.includes("--dir") ? flag("--dir", "") : (ensureCorpus({ corpus } as never) as string);
const latencyFile = args.includes("--file") ? flag("--file", "") : corpus.latencyFile;
const file = join(dir, latencyFile);
let text = readFileSync(file, "utf8");
const line = insertionLine(text.split("\n"));

/** Applies an LSP content change (line/character range) to a text. */
function apply(source: string, change: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }) {
  const lines = source.split("\n");
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return source.slice(0, offset(change.range.start)) + change.text + source.slice(offset(change.range.end));
}

const key = (f: { ruleId: string; range: { start: { line: number; character: number } }; message: string }) =>
  `${f.ruleId}@${f.range.start.line}:${f.range.start.character} ${f.message}`;

// The rules lsp-latency measures: blocking-call-in-async (off by default since session 16) and
// missing-timeout, the default set of sessions 10 to 15.
// `--rules a,b`: these rules instead (the four of issue 15: blocking-call-in-async,floating-promise,unbounded-concurrency,missing-timeout).
const ruleList = flag("--rules", "blocking-call-in-async,missing-timeout").split(",");
const settings = { rules: Object.fromEntries(ruleList.map(id => [id, { severity: "warning" as const }])) };
const linter = new Linter({ cwd: dir, timePhases: true });
const opened = performance.now();
const first = linter.lintFile(file, { settings })!;
const openMs = performance.now() - opened;
process.stderr.write(`first lint ${Math.round(openMs)} ms, ${first.findings.length} findings\n`);
/** CPU ms of a process from /proc (utime + stime), 0 when it cannot be read. */
const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
      .replace(/^.*\) /s, "")
      .split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
  } catch {
    return 0;
  }
}
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const loadBefore = load();
const compilerBefore = processCpuMs(linter.compilerPid);
const selfBefore = process.cpuUsage();
const phasesBefore = new Map(linter.timeByPhase);
const requestsBefore = new Map(linter.requestsByMethod);

const reusedBefore = linter.rootFileListsReused;
const nodesBuiltBefore = linter.treeNodesBuilt;
const trafficBefore = new Map([...linter.trafficByMethod].map(([m, t]) => [m, { ...t }]));
const times: number[] = [];
/** This process's CPU per keystroke (ms): what the load inflates least, per keystroke (KEYSTROKE_TIMES). */
const cpuTimes: number[] = [];
/** Nodes asked about in symbol and type batches, per keystroke (each is checker work on the new snapshot). */
const locationsPer: number[] = [];
/** Units carried (unit-carry) per keystroke: 0 where a keystroke's lint ran every collector on the whole file. */
const carriedPer: number[] = [];
/** Per keystroke, the phases' milliseconds (KEYSTROKE_TIMES: printed for the slowest keystrokes). */
const phasesPer: Map<string, number>[] = [];
/** Functions whose findings of a function-scoped rule were reused, per keystroke. */
const reusedPer: number[] = [];
const profileFile = args.includes("--profile") ? flag("--profile", "") : undefined;
const profiler = profileFile ? new Session() : undefined;
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => profiler!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
// `--heap-profile FILE`: where the keystrokes allocate (sampled, .heapprofile), for the collector's share of the CPU.
const heapProfileFile = args.includes("--heap-profile") ? flag("--heap-profile", "") : undefined;
if (profiler) {
  profiler.connect();
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 200 });
  await post("Profiler.start");
}
const heapProfiler = heapProfileFile ? new Session() : undefined;
const postHeap = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => heapProfiler!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
if (heapProfiler) {
  heapProfiler.connect();
  // Objects collected since are kept in the sample: the collector's work is what is measured.
  await postHeap("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}
// `--compiler-profile DIR`: the compiler's own CPU profile of the keystrokes (Go pprof, written to DIR by the API's
// internal profiler): where its share of a keystroke goes (applying the edit, encoding the tree, checking, GC).
const compilerProfileDir = args.includes("--compiler-profile") ? flag("--compiler-profile", "") : undefined;
const compilerProfiler = compilerProfileDir ? linter.compilerProfiler : undefined;
compilerProfiler?.startCPUProfile(compilerProfileDir!);
// `--compiler-heap DIR`: the compiler's heap profiles before and after the keystrokes (their alloc_space
// difference is what the keystrokes allocated, which its garbage collector then has to mark and sweep).
const compilerHeapDir = args.includes("--compiler-heap") ? flag("--compiler-heap", "") : undefined;
if (compilerHeapDir) process.stderr.write(`compiler heap before: ${linter.compilerProfiler.saveHeapProfile(compilerHeapDir)}\n`);
let mismatches = 0;
for (let i = 0; i < edits; i++) {
  text = apply(text, keystroke(i, line));
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const carriedBefore = linter.carriedFunctions;
  const locationsBefore = [...linter.locationsByMethod.values()].reduce((n, k) => n + k, 0);
  const reusedBefore = linter.reusedFunctions;
  const keyPhasesBefore = process.env.KEYSTROKE_TIMES ? new Map(linter.timeByPhase) : undefined;
  linter.setOverlay(file, text);
  const result = linter.lintFile(file, { settings })!;
  times.push(performance.now() - started);
  const cpu = process.cpuUsage(cpuStarted);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  carriedPer.push(linter.carriedFunctions - carriedBefore);
  locationsPer.push([...linter.locationsByMethod.values()].reduce((n, k) => n + k, 0) - locationsBefore);
  reusedPer.push(linter.reusedFunctions - reusedBefore);
  if (keyPhasesBefore) phasesPer.push(new Map([...linter.timeByPhase].map(([p, ms]) => [p, ms - (keyPhasesBefore.get(p) ?? 0)])));
  if (checkEvery && (i + 1) % checkEvery === 0) {
    const fresh = new Linter({ cwd: dir });
    fresh.setOverlay(file, text);
    const expected = fresh.lintFile(file, { settings })!.findings.map(key).join("\n");
    fresh.close();
    const got = result.findings.map(key).join("\n");
    if (got !== expected) {
      mismatches++;
      process.stderr.write(`keystroke ${i}: incremental findings differ from a fresh lint\n--- fresh\n${expected}\n--- incremental\n${got}\n`);
    }
  }
}
const self = process.cpuUsage(selfBefore);
if (compilerHeapDir) process.stderr.write(`compiler heap after: ${linter.compilerProfiler.saveHeapProfile(compilerHeapDir)}\n`);
if (compilerProfiler) process.stderr.write(`compiler profile: ${compilerProfiler.stopCPUProfile()}\n`);
if (profiler) {
  const { profile } = (await post("Profiler.stop")) as { profile: unknown };
  writeFileSync(profileFile!, JSON.stringify(profile));
  profiler.disconnect();
}
if (heapProfiler) {
  const { profile } = (await postHeap("HeapProfiler.stopSampling")) as { profile: unknown };
  writeFileSync(heapProfileFile!, JSON.stringify(profile));
  heapProfiler.disconnect();
}
const selfCpuMs = (self.user + self.system) / 1000 / edits;
const compilerCpuMs = (processCpuMs(linter.compilerPid) - compilerBefore) / edits;
if (process.env.KEYSTROKE_TIMES) {
  console.log(`wall: ${times.map(t => t.toFixed(0)).join(" ")}`);
  console.log(`our CPU: ${cpuTimes.map(t => t.toFixed(0)).join(" ")}`);
  console.log(`units carried: ${carriedPer.join(" ")}`);
  console.log(`functions' findings reused: ${reusedPer.join(" ")}`);
  // The tail (what p95 is made of): where each of the six slowest keystrokes' (wall) time went.
  const slowest = times
    .map((_, i) => i)
    .sort((a, b) => times[b]! - times[a]!)
    .slice(0, 6);
  for (const i of slowest) {
    const ms = cpuTimes[i]!;
    const top = [...phasesPer[i]!].filter(([, t]) => t >= 1).sort((a, b) => b[1] - a[1]);
    // Outside every phase: mostly the snapshot update (the compiler applying the edit) before the lint starts.
    const outside = times[i]! - [...phasesPer[i]!.values()].reduce((n, t) => n + t, 0);
    top.push(["not in a phase", outside]);
    console.log(
      `keystroke ${i} (our CPU ${ms.toFixed(0)} ms, wall ${times[i]!.toFixed(0)} ms, ${carriedPer[i]} units carried): ${top.map(([p, t]) => `${p} ${t.toFixed(0)}`).join(", ")}`,
    );
  }
}
const cpuSorted = [...cpuTimes].sort((a, b) => a - b);
const cpuPct = (p: number) => cpuSorted[Math.min(cpuSorted.length - 1, Math.floor((p / 100) * cpuSorted.length))]!;
const sorted = [...times].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
console.log(
  `${args.includes("--dir") ? dir : corpus.name}: ${latencyFile}, ${edits} keystrokes: p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; first lint ${Math.round(openMs)} ms`,
);
console.log(`our CPU per keystroke: p50 ${cpuPct(50).toFixed(1)} ms, p95 ${cpuPct(95).toFixed(1)} ms, max ${cpuSorted.at(-1)!.toFixed(1)} ms`);
console.log(
  `CPU per keystroke: ours ${selfCpuMs.toFixed(1)} ms + compiler ${compilerCpuMs.toFixed(1)} ms (the fresh lints of --check included); load before ${loadBefore}, after ${load()} on ${cpus().length} cores`,
);
console.log("per keystroke (ms):");
for (const [phase, ms] of [...linter.timeByPhase].sort((a, b) => b[1] - a[1])) {
  const per = (ms - (phasesBefore.get(phase) ?? 0)) / edits;
  if (per >= 0.05) console.log(`  ${phase.padEnd(40)} ${per.toFixed(2)}`);
}
console.log("compiler requests per keystroke (requests, KiB sent, KiB received, ms waited one at a time):");
for (const [method, n] of [...linter.requestsByMethod].sort((a, b) => b[1] - a[1])) {
  const per = (n - (requestsBefore.get(method) ?? 0)) / edits;
  const t = linter.trafficByMethod.get(method);
  const t0 = trafficBefore.get(method);
  const kib = (now: number | undefined, before: number | undefined) => (((now ?? 0) - (before ?? 0)) / 1024 / edits).toFixed(1).padStart(7);
  const waited = (((t?.waitMs ?? 0) - (t0?.waitMs ?? 0)) / edits).toFixed(1).padStart(6);
  if (per > 0) console.log(`  ${method.padEnd(40)} ${per.toFixed(1).padStart(5)} ${kib(t?.sent, t0?.sent)} ${kib(t?.received, t0?.received)} ${waited}`);
}
{
  const sortedLocations = [...locationsPer].sort((a, b) => a - b);
  console.log(
    `nodes asked about in symbol and type batches per keystroke: p50 ${sortedLocations[Math.floor(sortedLocations.length / 2)]}, max ${sortedLocations.at(-1)} (${locationsPer.join(" ")})`,
  );
}
console.log(`syntax tree nodes (and node lists) built per keystroke: ${((linter.treeNodesBuilt - nodesBuiltBefore) / edits).toFixed(0)}`);
console.log(
  `updateSnapshot answers whose root-file lists were the last answer's (not decoded again): ${linter.rootFileListsReused - reusedBefore} of ${edits}`,
);
if (checkEvery) console.log(`checked every ${checkEvery} keystrokes against a fresh lint: ${mismatches} mismatches`);
linter.close();
process.exit(mismatches ? 1 : 0);

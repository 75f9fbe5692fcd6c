// An 8-hour run, simulated (issue 13, 1.6): a server's wire-event stream at 5k requests/s goes
// through the recorder (bench/long-run-sim.ts, a process of its own: its memory is the
// recorder's) for 8 hours of simulated time, then `loopscope report` (the built CLI) opens the
// trace. Prints the recorder's memory and the trace's size per simulated hour, and the report's
// time and memory, against the bounds below. With --live, the editor's live view of the run (its
// feed, events file and model, as in the extension host) runs in the recorder's process, and the
// bounds on the recorder's memory are those of both together.
// usage: node bench/long-run.mjs [--hours 8] [--rate 5000] [--live] [--max-wait S]
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatTable, mib, seconds } from "./lib/table.mjs";
import { formatMachine, machineInfo } from "./lib/machine.mjs";
import { measureCommand, waitForQuiet } from "./lib/measure.mjs";
import { builtCliPath, repoRoot } from "./lib/tools.mjs";

const args = process.argv.slice(2);
const flag = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const hours = Number(flag("--hours", 8));
const rate = Number(flag("--rate", 5000));
const maxWaitMs = Number(flag("--max-wait", 20)) * 1000;
const live = args.includes("--live");
const log = s => process.stderr.write(s + "\n");

/** The bounds the run must stay within (issue 13: "trace size, recorder memory and report time"). */
const BOUNDS = {
  // Well under V8's 512 MiB string limit, so every reader (browsers included) opens it.
  traceBytes: 200 * 2 ** 20,
  // Growth after the first hour (the burst of full-detail spans is spent by then).
  growthPerHourBytes: 12 * 2 ** 20,
  // Flat: the recorder's resident memory after hour 8 at most this much above hour 1.
  rssGrowthBytes: 32 * 2 ** 20,
  heapGrowthBytes: 8 * 2 ** 20,
  reportMs: 180_000,
  reportPeakBytes: 2 * 2 ** 30,
};

const workDir = join(repoRoot, "bench", ".work", "long-run");
mkdirSync(workDir, { recursive: true });
const tracePath = join(workDir, `trace-${hours}h.json`);
const htmlPath = join(workDir, `trace-${hours}h.html`);
const machineAtStart = machineInfo();
await waitForQuiet({ maxWaitMs });

log(`long-run: simulating ${hours} h at ${rate} requests/s through the recorder${live ? " and the live view" : ""}...`);
const sim = spawn(
  process.execPath,
  [
    "--expose-gc",
    "--import",
    "tsx",
    join(repoRoot, "bench", "long-run-sim.ts"),
    tracePath,
    "--hours",
    String(hours),
    "--rate",
    String(rate),
    ...(live ? ["--live"] : []),
  ],
  { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
);
const rows = [];
let done;
for await (const line of createInterface({ input: sim.stdout })) {
  const m = JSON.parse(line);
  if (m.kind === "progress") {
    rows.push(m);
    if (Number.isInteger(m.simulatedHours))
      log(
        `  ${m.simulatedHours} h simulated in ${seconds(m.wallMs)}: rss ${mib(m.rss)}, heap ${mib(m.heapUsed)}, spilled ${mib(m.spilledBytes)}${live ? `, live: ${m.liveEvents} events in its file, ${m.liveHeldRecords} records held` : ""}`,
      );
  } else done = m;
}
const code = await new Promise(resolve => (sim.exitCode !== null ? resolve(sim.exitCode) : sim.once("exit", resolve)));
if (code !== 0 || !done) {
  log(`long-run: the simulation failed (exit ${code})`);
  process.exit(1);
}

log(`long-run: loopscope report on the ${mib(done.bytes)} trace...`);
await waitForQuiet({ maxWaitMs });
const report = await measureCommand(process.execPath, [builtCliPath, "report", tracePath, "--out", htmlPath], { cwd: repoRoot });
if (report.exitCode !== 0) log(report.stderr);

const hourly = rows.filter(r => Number.isInteger(r.simulatedHours));
const at = h => hourly.find(r => r.simulatedHours === h);
const first = at(1),
  last = hourly.at(-1);
const growthPerHour = last && first && last.simulatedHours > 1 ? (last.spilledBytes - first.spilledBytes) / (last.simulatedHours - 1) : undefined;
const verdict = ok => (ok === undefined ? "n/a" : ok ? "ok" : "OVER");

console.log(
  `\n## Long run: ${hours} h simulated at ${rate.toLocaleString("en-US")} requests/s through the recorder${live ? " and the editor's live view (memory: both)" : ""}\n`,
);
console.log(
  formatTable(
    [
      { key: "h", title: "simulated", align: "left" },
      { key: "requests", title: "requests" },
      { key: "wire", title: "wire events" },
      { key: "spilled", title: "trace (spilled) so far" },
      { key: "rss", title: "recorder RSS" },
      { key: "heap", title: "heap (after GC)" },
      ...(live
        ? [
            { key: "liveEvents", title: "live events (in file)" },
            { key: "held", title: "live records held" },
          ]
        : []),
      { key: "wall", title: "wall" },
    ],
    hourly.map(r => ({
      h: `${r.simulatedHours} h`,
      requests: r.requests.toLocaleString("en-US"),
      wire: r.wireEvents.toLocaleString("en-US"),
      spilled: mib(r.spilledBytes),
      rss: mib(r.rss),
      heap: mib(r.heapUsed),
      liveEvents: r.liveEvents?.toLocaleString("en-US"),
      held: r.liveHeldRecords?.toLocaleString("en-US"),
      wall: seconds(r.wallMs),
    })),
  ),
);
const t = done.thinning;
const rowsOut = [
  { what: "trace size after the run", value: mib(done.bytes), bound: `≤ ${mib(BOUNDS.traceBytes)}`, verdict: verdict(done.bytes <= BOUNDS.traceBytes) },
  {
    what: "trace growth per hour after hour 1",
    value: growthPerHour === undefined ? "n/a" : mib(growthPerHour),
    bound: `≤ ${mib(BOUNDS.growthPerHourBytes)}`,
    verdict: verdict(growthPerHour === undefined ? undefined : growthPerHour <= BOUNDS.growthPerHourBytes),
  },
  {
    what: `recorder${live ? " + live view" : ""} RSS growth, hour 1 → last`,
    value: first ? mib(last.rss - first.rss) : "n/a",
    bound: `≤ ${mib(BOUNDS.rssGrowthBytes)}`,
    verdict: verdict(first ? last.rss - first.rss <= BOUNDS.rssGrowthBytes : undefined),
  },
  {
    what: `recorder${live ? " + live view" : ""} heap growth (after GC), hour 1 → last`,
    value: first ? mib(last.heapUsed - first.heapUsed) : "n/a",
    bound: `≤ ${mib(BOUNDS.heapGrowthBytes)}`,
    verdict: verdict(first ? last.heapUsed - first.heapUsed <= BOUNDS.heapGrowthBytes : undefined),
  },
  { what: "recorder RSS while writing the trace", value: mib(done.rss), bound: "", verdict: "" },
  {
    what: "`loopscope report` time",
    value: seconds(report.wallMs),
    bound: `≤ ${seconds(BOUNDS.reportMs)}`,
    verdict: verdict(report.exitCode === 0 && report.wallMs <= BOUNDS.reportMs),
  },
  {
    what: "`loopscope report` peak memory",
    value: mib(report.peakBytes),
    bound: `≤ ${mib(BOUNDS.reportPeakBytes)}`,
    verdict: verdict(report.exitCode === 0 && report.peakBytes <= BOUNDS.reportPeakBytes),
  },
  { what: "report HTML", value: report.exitCode === 0 ? mib(statSync(htmlPath).size) : `failed (exit ${report.exitCode})`, bound: "", verdict: "" },
];
console.log(
  "\n" +
    formatTable(
      [
        { key: "what", title: "measure", align: "left" },
        { key: "value", title: "value" },
        { key: "bound", title: "bound" },
        { key: "verdict", title: "" },
      ],
      rowsOut,
    ),
);
if (t) {
  console.log(
    `\nThinning (from the trace's metadata): ${Object.entries(t.kinds)
      .map(([k, c]) => `${k} ${c.kept.toLocaleString("en-US")} kept of ${c.received.toLocaleString("en-US")}`)
      .join(
        "; ",
      )}; counters ${t.counters.written.toLocaleString("en-US")} written of ${t.counters.received.toLocaleString("en-US")}${t.capReachedAtMs !== undefined ? `; size cap reached at ${(t.capReachedAtMs / 3600e3).toFixed(2)} h` : "; size cap not reached"}. ${done.blocks} blocks, all kept.`,
  );
  console.log(
    `Simulation: ${seconds(done.wallMs)} wall for ${done.wireEvents.toLocaleString("en-US")} wire events (${done.requests.toLocaleString("en-US")} requests); trace written in ${seconds(done.writeMs)}. Others kept ${report.othersCores?.toFixed(2) ?? "?"} cores busy during the report.`,
  );
}
console.log(`\n${formatMachine(machineAtStart)}`);
rmSync(htmlPath, { force: true });
const over = rowsOut.some(r => r.verdict === "OVER");
process.exit(over || report.exitCode !== 0 ? 1 : 0);

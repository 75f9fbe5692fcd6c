// Tracer overhead on real frameworks (issue 13, "Done when"): fastify and express servers doing
// the same JSON work, loaded by autocannon over loopback, plain (A) and under `loopscope run`
// with default settings (B) in interleaved rounds (A B, B A, A B, ...: drift and other load hit
// both sides alike). Every measured run first waits (up to 15 s) until other processes use under 0.3
// cores, and records what they used during it: the machine's busy CPU (/proc/stat) minus the
// server's, the recorder's and this process's (autocannon). Then each server idle
// (started, warmed up, no requests), plain and traced in interleaved rounds too: its CPU (user +
// sys of the whole process, /proc/<pid>/stat) over the idle period, and the recorder's, as a share
// of one core; the tracer's idle cost is the traced server's minus the plain one's, plus the
// recorder's (median over the rounds).
// Targets: throughput loss ≤ 3%, server CPU per request ≤ +8%, idle ≤ 0.5% of a core (tracer +
// recorder). When other processes used more than 0.3 cores during any run the verdict says so: the
// numbers are then not conclusive.
//
// With `--baseline <dir>` (a folder holding another build's cli.mjs and tracer.cjs, e.g. main's
// dist/ copied aside into bench/.work/, inside the repository so that its cli.mjs finds
// `typescript`; since session 18 the CLI is split: copy `dist/cli*.mjs`, every part of it) each round runs a third server traced by that build, interleaved with the other
// two, so a change is measured before and after in one sitting: the table gets a row per build.
//
// usage: node bench/tracer-overhead-frameworks.mjs [--frameworks fastify,express] [--rounds 6]
//          [--duration 10] [--connections 50] [--idle 30] [--idle-rounds 3] [--baseline <dir>] [--json]
//        (installs the pinned frameworks into bench/.work/tracer-frameworks from the npm registry,
//        builds dist/ when stale)

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { cpuMs, ensureTracerBuilt, rssMb } from "./lib/process-cpu.mjs";
import { machineBusyMs, waitForQuiet } from "./lib/measure.mjs";
import { formatMachine, machineInfo } from "./lib/machine.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const frameworksDir = join(here, ".work", "tracer-frameworks");
export const FRAMEWORK_VERSIONS = { fastify: "5.6.1", express: "4.21.2" };
export const TARGETS = { throughputLossPct: 3, cpuPerRequestPct: 8, idleCorePct: 0.5 };
/** Other processes' CPU (cores) during a run up to which the numbers count as measured on a quiet machine. */
export const QUIET_OTHERS_CORES = 0.3;
// Each measured run first waits this long at most for others to go quiet.
const quietWaitMs = 15_000;
const quietPair = p =>
  p.plain.othersCores <= QUIET_OTHERS_CORES && p.traced.othersCores <= QUIET_OTHERS_CORES && !(p.baseline?.othersCores > QUIET_OTHERS_CORES);

/** The A/B rounds whose both runs were quiet, when they are at least half (and `atLeast`); else all of them. */
export function quietRoundsOr(pairs, atLeast) {
  const quiet = pairs.filter(quietPair);
  return quiet.length >= Math.max(atLeast, pairs.length / 2) ? quiet : pairs;
}

function serve(framework) {
  const require = createRequire(join(frameworksDir, "package.json"));
  const catalog = Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item-${i}`, price: (i * 7.3) % 100, tags: ["a", "b", "c"].slice(0, (i % 3) + 1) }));
  const page = offset => {
    const from = (Number(offset) || 0) % 180;
    const items = catalog.slice(from, from + 20).map(it => ({ ...it, total: Math.round(it.price * 1.2 * 100) / 100 }));
    return { offset: from, count: items.length, items, at: Date.now() };
  };
  const ready = (port, close) => {
    console.log(`listening ${port} ${process.pid}`);
    process.on("SIGTERM", () => close(() => process.exit(0)));
  };
  if (framework === "fastify") {
    const app = require("fastify")({ logger: false });
    app.get("/items", async request => page(request.query.offset));
    app.listen({ port: 0, host: "127.0.0.1" }).then(() => ready(app.server.address().port, done => app.close().then(done)));
  } else if (framework === "express") {
    const app = require("express")();
    app.get("/items", (req, res) => res.json(page(req.query.offset)));
    const server = app.listen(0, "127.0.0.1", () => ready(server.address().port, done => server.close(done)));
  } else {
    throw new Error(`unknown framework ${framework}`);
  }
}

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function installFrameworks() {
  const have = Object.keys(FRAMEWORK_VERSIONS).every(name => existsSync(join(frameworksDir, "node_modules", name, "package.json")));
  if (have) return;
  mkdirSync(frameworksDir, { recursive: true });
  writeFileSync(join(frameworksDir, "package.json"), JSON.stringify({ private: true, dependencies: FRAMEWORK_VERSIONS }, null, 2));
  console.error(
    `installing ${Object.entries(FRAMEWORK_VERSIONS)
      .map(([n, v]) => `${n}@${v}`)
      .join(", ")} into ${frameworksDir}`,
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: frameworksDir, stdio: ["ignore", "inherit", "inherit"] });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

async function main() {
  const frameworks = option("frameworks", "fastify,express").split(",").filter(Boolean);
  const rounds = Number(option("rounds", 6));
  const duration = Number(option("duration", 10));
  const connections = Number(option("connections", 50));
  const idleSeconds = Number(option("idle", 30));
  const idleRounds = Number(option("idle-rounds", 3));
  const asJson = process.argv.includes("--json");
  const baselineDir = option("baseline", undefined);
  if (baselineDir && !existsSync(join(baselineDir, "cli.mjs"))) throw new Error(`--baseline ${baselineDir}: no cli.mjs there`);
  const modes = baselineDir ? ["plain", "traced", "baseline"] : ["plain", "traced"];
  const started = machineInfo();
  ensureTracerBuilt(root);
  installFrameworks();
  const { default: autocannon } = await import("autocannon");
  const work = mkdtempSync(join(tmpdir(), "loopscope-fw-bench-"));

  const startServer = async (framework, mode) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const serverArgs = [fileURLToPath(import.meta.url), "--server", framework];
    const [cmd, args] =
      mode === "plain"
        ? [process.execPath, serverArgs]
        : [
            process.execPath,
            [
              join(mode === "baseline" ? baselineDir : join(root, "dist"), "cli.mjs"),
              "run",
              "--out",
              join(work, `trace-${framework}-${Date.now()}.json`),
              "--",
              process.execPath,
              ...serverArgs,
            ],
          ];
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const server = { framework, mode, child, stderr: "" };
    child.stderr.on("data", d => (server.stderr += d));
    [server.port, server.pid] = await new Promise((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`${framework} ${mode} server did not start in 60 s: ${server.stderr}`)), 60_000);
      child.stdout.on("data", d => {
        out += d;
        const m = out.match(/listening (\d+) (\d+)/);
        if (m) {
          clearTimeout(timer);
          resolve([Number(m[1]), Number(m[2])]);
        }
      });
      child.on("exit", code => reject(new Error(`${framework} ${mode} server exited ${code}: ${server.stderr}`)));
    });
    // The traced side's recorder is the `loopscope run` process itself.
    server.recorderPid = mode === "plain" ? undefined : child.pid;
    return server;
  };
  const stopServer = async server => {
    const closed = new Promise(resolve => server.child.on("close", resolve));
    server.child.kill("SIGTERM");
    const timer = setTimeout(() => server.child.kill("SIGKILL"), 20_000);
    await closed;
    clearTimeout(timer);
    const events = server.stderr.match(/events: (\d+) received, (\d+|\d+ DROPPED)/);
    return events ? { events: Number(events[1]), dropped: Number.parseInt(events[2]) } : {};
  };
  // Resident memory (VmRSS, MB) of the server (the traced program on the traced sides) and of the recorder.
  const rssOf = server => ({ serverRssMb: rssMb(server.pid), recorderRssMb: server.recorderPid ? rssMb(server.recorderPid) : 0 });
  const cpuOf = server => ({ server: cpuMs(server.pid), recorder: server.recorderPid ? cpuMs(server.recorderPid) : 0 });
  // Others' load: what the machine did besides the server, the recorder and this process (which
  // runs autocannon), in cores. The load average counts our own busy processes too, so it can
  // never say quiet while the server is saturated.
  const window = server => ({ machine: machineBusyMs(), self: process.cpuUsage(), cpu: cpuOf(server), t: performance.now() });
  const othersCores = (server, from) => {
    const to = window(server);
    if (from.machine === undefined || to.machine === undefined) return NaN;
    const selfMs = (to.self.user + to.self.system - from.self.user - from.self.system) / 1000;
    const ours = to.cpu.server - from.cpu.server + (to.cpu.recorder - from.cpu.recorder) + selfMs;
    return Math.max(0, to.machine - from.machine - ours) / (to.t - from.t);
  };

  const loaded = async (framework, mode) => {
    const server = await startServer(framework, mode);
    const url = `http://127.0.0.1:${server.port}/items?offset=7`;
    await autocannon({ url, connections, duration: Math.min(2, duration) }); // warm-up: JIT, sockets
    await waitForQuiet({ maxWaitMs: quietWaitMs, thresholdCores: 0.3 });
    const loadBefore = loadavg()[0];
    const from = window(server);
    const before = from.cpu;
    const r = await autocannon({ url, connections, duration });
    const after = cpuOf(server);
    const rss = rssOf(server);
    const others = othersCores(server, from);
    const requests = r.requests.total || 1;
    const result = {
      mode,
      rps: r.requests.average,
      p99: r.latency.p99,
      errors: r.errors + r.non2xx,
      serverCpuUs: ((after.server - before.server) * 1e3) / requests,
      recorderCpuUs: ((after.recorder - before.recorder) * 1e3) / requests,
      load1m: [loadBefore, loadavg()[0]],
      othersCores: others,
      ...rss,
    };
    return { ...result, ...(await stopServer(server)) };
  };
  const idle = async (framework, mode) => {
    const server = await startServer(framework, mode);
    await sleep(2000); // start-up work (module loading, the tracer's own start) is not idling
    const from = window(server);
    const before = from.cpu,
      t0 = from.t;
    await sleep(idleSeconds * 1000);
    const after = cpuOf(server),
      wallMs = performance.now() - t0;
    const others = othersCores(server, from);
    const rss = rssOf(server);
    await stopServer(server);
    return {
      mode,
      ...rss,
      serverCorePct: ((after.server - before.server) / wallMs) * 100,
      recorderCorePct: ((after.recorder - before.recorder) / wallMs) * 100,
      load1m: loadavg()[0],
      othersCores: others,
    };
  };

  // Alternate the order each round (A B, B A, ...; with a baseline: A B C, C B A, ...).
  const orderOf = round => (round % 2 ? modes : [...modes].reverse());
  const baselineNote = (pair, f) => (pair.baseline ? ` | baseline ${f(pair.baseline)}` : "");
  /** The traced build's figures against plain (`side`: "traced", or "baseline" for the other build). */
  const figures = (side, counted, countedIdle, pairs) => ({
    throughputLossPct: (1 - median(counted.map(p => p[side].rps / p.plain.rps))) * 100,
    cpuPerRequestPct: (median(counted.map(p => p[side].serverCpuUs / p.plain.serverCpuUs)) - 1) * 100,
    recorderCpuUsPerRequest: median(counted.map(p => p[side].recorderCpuUs)),
    idleCorePct: median(countedIdle.map(p => p.tracerCorePct[side])),
    idlePerRound: countedIdle.map(p => p.tracerCorePct[side]),
    dropped: pairs.reduce((n, p) => n + (p[side].dropped ?? 0), 0),
    // Medians of the idle rounds' end (after idleSeconds) and of the loaded runs' end.
    idleRssMb: {
      server: median(countedIdle.map(p => p[side].serverRssMb)),
      plainServer: median(countedIdle.map(p => p.plain.serverRssMb)),
      recorder: median(countedIdle.map(p => p[side].recorderRssMb)),
    },
    loadedRssMb: {
      server: median(counted.map(p => p[side].serverRssMb)),
      plainServer: median(counted.map(p => p.plain.serverRssMb)),
      recorder: median(counted.map(p => p[side].recorderRssMb)),
    },
  });
  const results = [];
  for (const framework of frameworks) {
    const pairs = [];
    for (let round = 1; round <= rounds; round++) {
      const pair = { round };
      for (const mode of orderOf(round)) pair[mode] = await loaded(framework, mode);
      pairs.push(pair);
      if (!asJson)
        console.error(
          `${framework} round ${round}: plain ${pair.plain.rps.toFixed(0)} req/s ${pair.plain.serverCpuUs.toFixed(1)} µs/req | traced ${pair.traced.rps.toFixed(0)} req/s ${pair.traced.serverCpuUs.toFixed(1)} µs/req (+${pair.traced.recorderCpuUs.toFixed(1)} recorder)${baselineNote(pair, b => `${b.rps.toFixed(0)} req/s ${b.serverCpuUs.toFixed(1)} µs/req (+${b.recorderCpuUs.toFixed(1)} recorder)`)} | others' load ${modes.map(m => pair[m].othersCores.toFixed(2)).join(" / ")} cores`,
        );
    }
    const idlePairs = [];
    for (let round = 1; round <= idleRounds; round++) {
      const pair = { round };
      for (const mode of orderOf(round)) pair[mode] = await idle(framework, mode);
      pair.tracerCorePct = {};
      for (const side of modes.slice(1))
        pair.tracerCorePct[side] = Math.max(0, pair[side].serverCorePct - pair.plain.serverCorePct) + pair[side].recorderCorePct;
      idlePairs.push(pair);
      if (!asJson)
        console.error(
          `${framework} idle round ${round}: plain ${pair.plain.serverCorePct.toFixed(3)}% | traced ${pair.traced.serverCorePct.toFixed(3)}% + recorder ${pair.traced.recorderCorePct.toFixed(3)}% of a core${baselineNote(pair, b => `${b.serverCorePct.toFixed(3)}% + recorder ${b.recorderCorePct.toFixed(3)}%`)} | others' load ${modes.map(m => pair[m].othersCores.toFixed(2)).join(" / ")} cores`,
        );
    }
    // A round another process loaded says little about the tracer: the figures come from the quiet
    // rounds when there are at least half of them (and two), else from all (then not conclusive).
    const counted = quietRoundsOr(pairs, 2);
    const countedIdle = quietRoundsOr(idlePairs, 1);
    const traced = figures("traced", counted, countedIdle, pairs);
    results.push({
      framework,
      version: FRAMEWORK_VERSIONS[framework],
      rounds: pairs,
      countedRounds: counted.map(p => p.round),
      countedIdleRounds: countedIdle.map(p => p.round),
      idle: idlePairs,
      throughputLossPct: traced.throughputLossPct,
      cpuPerRequestPct: traced.cpuPerRequestPct,
      recorderCpuUsPerRequest: traced.recorderCpuUsPerRequest,
      idleCorePct: traced.idleCorePct,
      idlePerRound: traced.idlePerRound,
      errors: pairs.reduce((n, p) => n + modes.reduce((m, mode) => m + p[mode].errors, 0), 0),
      dropped: traced.dropped,
      idleRssMb: traced.idleRssMb,
      loadedRssMb: traced.loadedRssMb,
      ...(baselineDir ? { baseline: figures("baseline", counted, countedIdle, pairs) } : {}),
    });
  }
  rmSync(work, { recursive: true, force: true });

  const loads = results.flatMap(r => [...r.rounds.flatMap(p => modes.flatMap(m => p[m].load1m)), ...r.idle.flatMap(p => modes.map(m => p[m].load1m))]);
  const maxLoad = Math.max(...loads);
  // Only the rounds the figures come from.
  const countedPairs = r => [...r.rounds.filter(p => r.countedRounds.includes(p.round)), ...r.idle.filter(p => r.countedIdleRounds.includes(p.round))];
  const others = results.flatMap(r => countedPairs(r).flatMap(p => modes.map(m => p[m].othersCores)));
  const maxOthers = Math.max(...others);
  // Without /proc/stat only the load average is left, which counts the bench's own processes.
  const quiet = Number.isNaN(maxOthers) ? maxLoad <= started.cores * 0.7 : maxOthers <= QUIET_OTHERS_CORES;
  const verdict = results.map(r => ({
    framework: r.framework,
    throughput: r.throughputLossPct <= TARGETS.throughputLossPct,
    cpu: r.cpuPerRequestPct <= TARGETS.cpuPerRequestPct,
    idle: r.idle.length ? r.idleCorePct <= TARGETS.idleCorePct : undefined,
  }));
  if (asJson) {
    console.log(
      JSON.stringify(
        {
          machine: started,
          targets: TARGETS,
          baseline: baselineDir,
          connections,
          duration,
          rounds,
          idleSeconds,
          idleRounds,
          maxLoad,
          maxOthers,
          quiet,
          results,
          verdict,
        },
        null,
        2,
      ),
    );
    return;
  }
  console.log(
    `\ntracer overhead on frameworks — autocannon ${connections} connections, ${duration} s per run, ${rounds} interleaved A/B rounds; idle: ${idleRounds} interleaved A/B rounds of ${idleSeconds} s`,
  );
  console.log(
    "framework | throughput loss | server CPU/request | recorder µs/request | idle (% of a core, tracer + recorder; median) | idle per round | RSS MB idle: server (plain) / recorder | RSS MB loaded: server (plain) / recorder | errors | dropped",
  );
  const mb = r => `${r.server.toFixed(1)} (${r.plainServer.toFixed(1)}) / ${r.recorder.toFixed(1)}`;
  const row = (label, f, r) =>
    `${label} | ${f.throughputLossPct.toFixed(1)}% | ${f.cpuPerRequestPct >= 0 ? "+" : ""}${f.cpuPerRequestPct.toFixed(1)}% | ${f.recorderCpuUsPerRequest.toFixed(1)} | ${r.idle.length ? `${f.idleCorePct.toFixed(3)}%` : "not measured"} | ${f.idlePerRound.map(x => x.toFixed(3)).join(", ")} | ${r.idle.length ? mb(f.idleRssMb) : "-"} | ${mb(f.loadedRssMb)} | ${r.errors} | ${f.dropped}`;
  for (const r of results) {
    console.log(row(`${r.framework}@${r.version}${r.baseline ? " (this build)" : ""}`, r, r));
    if (r.baseline) console.log(row(`${r.framework}@${r.version} (baseline ${baselineDir})`, r.baseline, r));
  }
  console.log(
    `targets: throughput loss ≤ ${TARGETS.throughputLossPct}%, CPU/request ≤ +${TARGETS.cpuPerRequestPct}%, idle ≤ ${TARGETS.idleCorePct}% of a core: ` +
      verdict
        .map(
          v =>
            `${v.framework} ${[v.throughput ? "" : "throughput", v.cpu ? "" : "CPU", v.idle === false ? "idle" : ""].filter(Boolean).join("+") || "met"}${v.idle === undefined ? " (idle not measured)" : ""}`,
        )
        .join(", "),
  );
  if (!quiet)
    console.log(
      Number.isNaN(maxOthers)
        ? `NOT CONCLUSIVE: the 1-minute load reached ${maxLoad.toFixed(1)} on ${started.cores} cores during the runs (quiet means ≤ ${(started.cores * 0.7).toFixed(1)})`
        : `NOT CONCLUSIVE: other processes used up to ${maxOthers.toFixed(2)} cores during a run (quiet means ≤ ${QUIET_OTHERS_CORES})`,
    );
  else console.log(`others' load: at most ${maxOthers.toFixed(2)} cores during the counted runs (quiet: ≤ ${QUIET_OTHERS_CORES})`);
  for (const r of results)
    if (r.countedRounds.length < r.rounds.length || r.countedIdleRounds.length < r.idle.length)
      console.log(
        `${r.framework}: counted the quiet rounds only: loaded ${r.countedRounds.join(", ") || "none"} of ${r.rounds.length}, idle ${r.countedIdleRounds.join(", ") || "none"} of ${r.idle.length}`,
      );
  console.log(formatMachine(started));
}

// ---- entry: the bench, or the server under test (this same file, started with --server <framework>) ----
// Last in the file: every top-level binding above is initialised by then.
if (process.argv[2] === "--server") {
  serve(process.argv[3]);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}

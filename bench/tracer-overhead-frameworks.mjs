// Tracer overhead on real frameworks (issue 13, "Done when"): fastify and express servers doing
// the same JSON work, loaded by autocannon over loopback, plain (A) and under `loopscope run`
// with default settings (B).
//
// Design (session 23), for a 2-core machine shared with other jobs, where a server's throughput
// alone swings by 40% between runs of one build:
// - Pinned: when `taskset` exists and there are at least 2 cores, every server (plain or traced:
//   all its threads, the tracer's watchdog included) runs on core 0, and this process (autocannon)
//   and the recorder (`loopscope run`) on core 1 (`--pin off`: no pinning). The server is
//   then the bottleneck, alone on its core, and its A and B runs meet the same machine. Each
//   server and each recorder also runs in a session of its own (`setsid`), so that the kernel's
//   autogroup scheduling gives it a session's share of its core, as any service has, instead of a
//   part of this bench's one share.
// - Interleaved in pairs: each round starts fresh servers (plain, traced, and with `--baseline`
//   the baseline build's), warms each up, then measures `--windows` windows of `--duration`
//   seconds per server, the order alternating window by window and round by round (A B, B A, ...;
//   with a baseline A B C, C B A), so that each B window has an A window next to it in time.
// - `--concurrent`: instead, each window loads every server of the round at the same time, all on
//   the server core: the scheduler gives each session an equal share of it, so each server's CPU
//   per request and throughput are measured under the same moment's machine (this VM's host makes
//   a clean window's CPU per request swing by ±30% from one few-second window to the next, which
//   pairs of windows a few seconds apart do not cancel). A traced server's extra threads (the
//   watchdog) take their time out of its own share, so they count as throughput loss. A pair is
//   then one window, and it counts when every server was saturated: its main thread on the CPU or
//   runnable and waiting for it (schedstat) at least 90% of the window. Others' load hits the
//   servers of a window alike, so it does not disqualify a window here (it is still recorded).
//   The order in which the servers start and their loads start rotates round by round and window
//   by window (slotOrder), so that no mode keeps a position.
// - `--window-wait 0`: windows follow each other without waiting for others to go quiet (pairs
//   closer in time; others' load is still measured per window).
// - Paired statistics (bench/lib/paired-stats.mjs): per window pair, the traced server's change
//   against plain (throughput loss, server CPU per request); reported as the median of the pairs
//   with a distribution-free 95% interval of that median (sign-test order statistics) and the
//   interquartile range. A target is "met" when the whole interval is within it, "not met" when
//   the whole interval is beyond it, else "not conclusive" (the interval straddles it).
// - CPU per request is the server process's own CPU time (all its threads, from
//   /proc/<pid>/task/*/schedstat in ns; /proc/<pid>/stat ticks without it) over the requests
//   autocannon completed in the window, not wall time. The recorder's is reported apart.
// - Load recorded per window: other processes' CPU (the machine's busy CPU from /proc/stat minus
//   the server's, the recorder's and this process's), and the server's share of its core. Each
//   window first waits (up to 5 s) for others to use under 0.3 cores. A pair is clean when others
//   used at most 0.3 cores in each of its windows and each server used at least 90% of its core
//   (saturated: neither the load generator nor another process took its time; this machine's
//   other jobs run in their own autogroups, so their `nice` does not keep them off our cores).
//   The figures come from the clean pairs when there are at least 8, else from all pairs and the
//   verdict is "not conclusive (why)"; with `--max-rounds` the bench runs more rounds (up to that
//   many) while fewer than 8 pairs are clean.
// - Idle: each server started, warmed up 2 s, then idle for `--idle` seconds, plain and traced in
//   interleaved rounds: its CPU (user + sys of the whole process, /proc/<pid>/stat) over the idle
//   period, and the recorder's, as a share of one core; the tracer's idle cost is the traced
//   server's minus the plain one's, plus the recorder's (median over the rounds; "met" when every
//   round is within the target, "not met" when none is).
// Targets: throughput loss ≤ 3%, server CPU per request ≤ +8%, idle ≤ 0.5% of a core (tracer +
// recorder).
//
// With `--baseline <dir>` (a folder holding another build's cli.mjs and tracer.cjs, e.g. main's
// dist/ copied aside into bench/.work/, inside the repository so that its cli.mjs finds
// `typescript`; since session 18 the CLI is split: copy `dist/cli*.mjs`, every part of it) each
// round runs a third server traced by that build, interleaved with the other two, so a change is
// measured before and after in one sitting: the table gets a row per build, and a line compares
// this build with the baseline pair by pair.
//
// usage: node bench/tracer-overhead-frameworks.mjs [--frameworks fastify,express] [--rounds 8]
//          [--max-rounds <n>] [--windows 3] [--duration 4] [--warmup 2] [--window-wait 5] [--concurrent] [--connections 50] [--idle 30]
//          [--idle-rounds 3] [--pin auto|off] [--baseline <dir>] [--json]
//        (`--rounds 0 --max-rounds 0`: the idle rounds alone; `--idle-rounds 0`: the loaded windows alone)
//        (installs the pinned frameworks into bench/.work/tracer-frameworks from the npm registry,
//        builds dist/ when stale)

import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { cpuMs, ensureTracerBuilt, rssMb, threadDemandMs, threadsCpuMs } from "./lib/process-cpu.mjs";
import { judge, medianAndQuartiles, medianInterval, pairedChanges } from "./lib/paired-stats.mjs";
import { machineBusyMs, waitForQuiet } from "./lib/measure.mjs";
import { formatMachine, machineInfo } from "./lib/machine.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const frameworksDir = join(here, ".work", "tracer-frameworks");
export const FRAMEWORK_VERSIONS = { fastify: "5.6.1", express: "4.21.2" };
export const TARGETS = { throughputLossPct: 3, cpuPerRequestPct: 8, idleCorePct: 0.5 };
/** Other processes' CPU (cores) during a run up to which the numbers count as measured on a quiet machine. */
export const QUIET_OTHERS_CORES = 0.3;
// Each measured window first waits this long at most for others to go quiet (--window-wait, seconds).
const defaultQuietWaitMs = 5_000;
/** Clean pairs needed before the loaded figures count (and before extra rounds stop, see --max-rounds). */
export const MIN_CLEAN_PAIRS = 8;
/** A server using less of its core than this in a window was not saturated (the load generator or other processes took the time). */
export const SATURATED_CORE_SHARE = 0.9;
const quietPair = p =>
  p.plain.othersCores <= QUIET_OTHERS_CORES && p.traced.othersCores <= QUIET_OTHERS_CORES && !(p.baseline?.othersCores > QUIET_OTHERS_CORES);
/** A loaded pair counts when others left the machine quiet and every server in it had its core to itself and used it all. */
export const cleanPair = p =>
  p.concurrent
    ? // Loaded together at the same moment, the servers meet the same machine, others' load included:
      // each must have been saturated (its main thread on the CPU or waiting for it the whole window).
      ["plain", "traced", "baseline"].every(m => !p[m] || !(p[m].mainDemandShare < SATURATED_CORE_SHARE))
    : quietPair(p) && ["plain", "traced", "baseline"].every(m => !p[m] || !(p[m].serverCoreShare < SATURATED_CORE_SHARE));

/** The A/B rounds whose every run was quiet, when they are at least half (and `atLeast`); else all of them (idle rounds). */
export function quietRoundsOr(pairs, atLeast) {
  const quiet = pairs.filter(quietPair);
  return quiet.length >= Math.max(atLeast, pairs.length / 2) ? quiet : pairs;
}

/**
 * The idle target's verdict from the rounds' tracer cost (% of a core). Others' load can add to a
 * process's CPU time (caches, wake-up latency) but not take from it, so rounds all within the
 * target on a busy machine meet it too; rounds over it on a busy machine say nothing.
 */
export function judgeIdle(perRound, quiet, othersCores, rounds) {
  if (!rounds) return { verdict: "not measured" };
  const within = perRound.every(x => x <= TARGETS.idleCorePct);
  if (!quiet)
    return within
      ? { verdict: "met", why: `every round within it although others used up to ${othersCores.toFixed(2)} cores` }
      : { verdict: "not conclusive", why: `others used up to ${othersCores.toFixed(2)} cores in the idle rounds` };
  if (within) return { verdict: "met" };
  return perRound.every(x => x > TARGETS.idleCorePct)
    ? { verdict: "not met" }
    : { verdict: "not conclusive", why: `rounds on both sides of ${TARGETS.idleCorePct}%` };
}

/** The clean loaded pairs when there are at least `atLeast`; else all of them (and the verdict is not conclusive). */
export function cleanPairsOr(pairs, atLeast) {
  const clean = pairs.filter(cleanPair);
  return clean.length >= atLeast ? clean : pairs;
}

/** The order of the modes in window `w` (0-based) of round `round` (1-based): A B, B A, ... continuing across rounds. */
export function windowOrder(modes, round, w, windows) {
  const i = (round - 1) * windows + w;
  return i % 2 ? [...modes].reverse() : [...modes];
}

/**
 * Concurrent mode: the order in which a round starts its servers (`w` = -1) and its window `w`
 * (0-based) starts their loads, a rotation of the modes moving by one each round and each window,
 * so that every mode takes every position equally often. With a fixed order, or a reversal (which
 * leaves the middle of three in place), one slot's build came out 2.8% dearer than the same build
 * in the other slot (session 23's A/A run): a position had a cost of its own.
 */
export function slotOrder(modes, round, w) {
  const shift = (round - 1 + w + 1) % modes.length;
  return [...modes.slice(shift), ...modes.slice(0, shift)];
}

/** Which cores the servers and the load generator run on: { server: "0", client: "1" }, or undefined when not pinned. */
export function pinning(option, cores, haveTaskset) {
  if (option === "off" || cores < 2 || !haveTaskset) return undefined;
  return { server: "0", client: cores === 2 ? "1" : `1-${cores - 1}` };
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
  const rounds = Number(option("rounds", 8));
  // On a busy machine: more rounds (up to this many) while fewer than MIN_CLEAN_PAIRS pairs are clean.
  const maxRounds = Math.max(rounds, Number(option("max-rounds", rounds)));
  const windows = Number(option("windows", 3));
  const duration = Number(option("duration", 4));
  const warmup = Number(option("warmup", 2));
  // 0: windows follow each other at once (the pairs closest in time; others' load is still measured per window).
  const quietWaitMs = Number(option("window-wait", defaultQuietWaitMs / 1000)) * 1000;
  // All servers of a round loaded at the same time, sharing the server core (see the header).
  const concurrent = process.argv.includes("--concurrent");
  const connections = Number(option("connections", 50));
  const idleSeconds = Number(option("idle", 30));
  const idleRounds = Number(option("idle-rounds", 3));
  const asJson = process.argv.includes("--json");
  const baselineDir = option("baseline", undefined);
  if (baselineDir && !existsSync(join(baselineDir, "cli.mjs"))) throw new Error(`--baseline ${baselineDir}: no cli.mjs there`);
  const modes = baselineDir ? ["plain", "traced", "baseline"] : ["plain", "traced"];
  const started = machineInfo();
  const haveTaskset = spawnSync("taskset", ["--version"], { stdio: "ignore" }).status === 0;
  const pin = pinning(option("pin", "auto"), started.cores, haveTaskset);
  // This process runs autocannon: on the load generator's cores, every thread of it.
  if (pin) execFileSync("taskset", ["-a", "-p", "-c", pin.client, String(process.pid)], { stdio: "ignore" });
  ensureTracerBuilt(root);
  installFrameworks();
  const { default: autocannon } = await import("autocannon");
  const work = mkdtempSync(join(tmpdir(), "loopscope-fw-bench-"));
  // Servers still running when the bench is interrupted are stopped with it.
  const live = new Set();
  for (const signal of ["SIGINT", "SIGTERM"])
    process.once(signal, () => {
      for (const child of live) child.kill("SIGTERM");
      process.exit(130);
    });
  // Each server, and each recorder, in a session of its own (setsid): with the kernel's autogroups
  // a session's processes share one group's CPU weight against every other session's, so a server
  // sharing this bench's session would get a fraction of its core whenever another session's job
  // (whatever its nice value) runs there. setsid execs in place (its caller is no group leader).
  const haveSetsid = pin && spawnSync("setsid", ["--version"], { stdio: "ignore" }).status === 0;
  const ownSession = (cmd, args) => (haveSetsid ? ["setsid", [cmd, ...args]] : [cmd, args]);
  const onServerCore = (cmd, args) => (pin ? ownSession("taskset", ["-c", pin.server, cmd, ...args]) : [cmd, args]);

  const startServer = async (framework, mode) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const serverArgs = [fileURLToPath(import.meta.url), "--server", framework];
    // The recorder (`loopscope run`) inherits this process's cores; the program it starts goes to the server's.
    const [cmd, args] =
      mode === "plain"
        ? onServerCore(process.execPath, serverArgs)
        : ownSession(process.execPath, [
            join(mode === "baseline" ? baselineDir : join(root, "dist"), "cli.mjs"),
            "run",
            "--out",
            join(work, `trace-${framework}-${mode}-${Date.now()}.json`),
            "--",
            ...onServerCore(process.execPath, serverArgs).flat(),
          ]);
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    live.add(child);
    child.on("exit", () => live.delete(child));
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
  // CPU (ms) of the server's threads (schedstat, ns resolution) and, as a check, of the whole process (10 ms ticks).
  const cpuOf = server => ({
    server: cpuMs(server.pid),
    serverThreads: threadsCpuMs(server.pid),
    recorder: server.recorderPid ? cpuMs(server.recorderPid) : 0,
    main: threadDemandMs(server.pid),
  });
  const serverCpuBetween = (from, to) => {
    const ticks = to.server - from.server;
    const threads = to.serverThreads - from.serverThreads;
    // A thread that exited in between takes its time out of the schedstat sum: then the ticks count.
    return Math.abs(threads - ticks) <= 30 + ticks * 0.02 ? threads : ticks;
  };
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

  const urlOf = server => `http://127.0.0.1:${server.port}/items?offset=7`;
  /** Loads the given servers at the same time (one of them: an interleaved window) and measures each. */
  const measureTogether = async list => {
    if (quietWaitMs > 0) await waitForQuiet({ maxWaitMs: quietWaitMs, thresholdCores: QUIET_OTHERS_CORES });
    const loadBefore = loadavg()[0];
    const machine0 = machineBusyMs();
    const self0 = process.cpuUsage();
    const t0 = performance.now();
    const from = list.map(cpuOf);
    const runs = await Promise.all(list.map(server => autocannon({ url: urlOf(server), connections, duration })));
    const to = list.map(cpuOf);
    const wallMs = performance.now() - t0;
    const machine1 = machineBusyMs();
    const selfUs = process.cpuUsage(self0);
    const selfMs = (selfUs.user + selfUs.system) / 1000;
    // Others' load: what the machine did besides the servers, their recorders and this process
    // (which runs autocannon), in cores.
    const ours = list.reduce((n, _, i) => n + to[i].server - from[i].server + (to[i].recorder - from[i].recorder), selfMs);
    const others = machine0 === undefined || machine1 === undefined ? NaN : Math.max(0, machine1 - machine0 - ours) / wallMs;
    return list.map((server, i) => {
      const r = runs[i];
      const requests = r.requests.total || 1;
      const serverMs = serverCpuBetween(from[i], to[i]);
      return {
        mode: server.mode,
        rps: r.requests.average,
        requests: r.requests.total,
        p99: r.latency.p99,
        errors: r.errors + r.non2xx,
        serverCpuUs: (serverMs * 1e3) / requests,
        recorderCpuUs: ((to[i].recorder - from[i].recorder) * 1e3) / requests,
        serverCoreShare: serverMs / wallMs,
        // The main thread's share of the window spent on the CPU or waiting for it (1: it always had work).
        mainDemandShare: from[i].main && to[i].main ? (to[i].main.runMs - from[i].main.runMs + to[i].main.waitMs - from[i].main.waitMs) / wallMs : NaN,
        clientCoreShare: selfMs / wallMs,
        load1m: [loadBefore, loadavg()[0]],
        othersCores: others,
        ...rssOf(server),
      };
    });
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

  const baselineNote = (pair, f) => (pair.baseline ? ` | baseline ${f(pair.baseline)}` : "");
  const stat = (pairs, side, metric, kind) => {
    const changes = pairedChanges(pairs, "plain", side, metric, kind);
    return { ...medianInterval(changes), ...medianAndQuartiles(changes) };
  };
  /** The traced build's figures against plain (`side`: "traced", or "baseline" for the other build). */
  const figures = (side, counted, countedIdle, pairs) => {
    const throughput = stat(counted, side, "rps", "loss");
    const cpu = stat(counted, side, "serverCpuUs", "more");
    return {
      throughputLossPct: throughput.median,
      throughputLoss: throughput,
      cpuPerRequestPct: cpu.median,
      cpuPerRequest: cpu,
      serverCpuUs: median(counted.map(p => p[side].serverCpuUs)),
      plainServerCpuUs: median(counted.map(p => p.plain.serverCpuUs)),
      recorderCpuUsPerRequest: median(counted.map(p => p[side].recorderCpuUs)),
      idleCorePct: median(countedIdle.map(p => p.tracerCorePct[side])),
      idlePerRound: countedIdle.map(p => p.tracerCorePct[side]),
      dropped: pairs.reduce((n, p) => n + (p[side].dropped ?? 0), 0),
      // Medians of the idle rounds' end (after idleSeconds) and of the loaded windows' end.
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
    };
  };
  const results = [];
  for (const framework of frameworks) {
    const pairs = [];
    for (let round = 1; round <= rounds || (round <= maxRounds && pairs.filter(cleanPair).length < MIN_CLEAN_PAIRS); round++) {
      // Fresh servers each round (a server's JIT and heap layout are part of the noise), all on the server core.
      const servers = {};
      for (const mode of concurrent ? slotOrder(modes, round, -1) : modes) servers[mode] = await startServer(framework, mode);
      if (concurrent) await Promise.all(slotOrder(modes, round, -1).map(mode => autocannon({ url: urlOf(servers[mode]), connections, duration: warmup })));
      else for (const mode of windowOrder(modes, round, 0, windows)) await autocannon({ url: urlOf(servers[mode]), connections, duration: warmup }); // JIT, sockets
      const roundPairs = [];
      for (let w = 0; w < windows; w++) {
        const pair = { round, window: w + 1, ...(concurrent ? { concurrent: true } : {}) };
        if (concurrent) {
          const measured = await measureTogether(slotOrder(modes, round, w).map(mode => servers[mode]));
          for (const m of measured) pair[m.mode] = m;
        } else for (const mode of windowOrder(modes, round, w, windows)) pair[mode] = (await measureTogether([servers[mode]]))[0];
        roundPairs.push(pair);
        if (!asJson)
          console.error(
            `${framework} round ${round}.${w + 1}: plain ${pair.plain.rps.toFixed(0)} req/s ${pair.plain.serverCpuUs.toFixed(1)} µs/req (core ${(pair.plain.serverCoreShare * 100).toFixed(0)}%, wanted ${(pair.plain.mainDemandShare * 100).toFixed(0)}%) | traced ${pair.traced.rps.toFixed(0)} req/s ${pair.traced.serverCpuUs.toFixed(1)} µs/req (core ${(pair.traced.serverCoreShare * 100).toFixed(0)}%, +${pair.traced.recorderCpuUs.toFixed(1)} recorder)${baselineNote(pair, b => `${b.rps.toFixed(0)} req/s ${b.serverCpuUs.toFixed(1)} µs/req (+${b.recorderCpuUs.toFixed(1)} recorder)`)} | others' load ${modes.map(m => pair[m].othersCores.toFixed(2)).join(" / ")} cores${cleanPair(pair) ? "" : " (not clean)"}`,
          );
      }
      const stopped = {};
      for (const mode of modes) stopped[mode] = await stopServer(servers[mode]);
      // Drops are known when the recorder ends: the round's, on its last pair.
      for (const mode of modes) Object.assign(roundPairs[roundPairs.length - 1][mode], stopped[mode]);
      pairs.push(...roundPairs);
    }
    const idlePairs = [];
    for (let round = 1; round <= idleRounds; round++) {
      const pair = { round };
      for (const mode of windowOrder(modes, round, 0, 1)) pair[mode] = await idle(framework, mode);
      pair.tracerCorePct = {};
      for (const side of modes.slice(1))
        pair.tracerCorePct[side] = Math.max(0, pair[side].serverCorePct - pair.plain.serverCorePct) + pair[side].recorderCorePct;
      idlePairs.push(pair);
      if (!asJson)
        console.error(
          `${framework} idle round ${round}: plain ${pair.plain.serverCorePct.toFixed(3)}% | traced ${pair.traced.serverCorePct.toFixed(3)}% + recorder ${pair.traced.recorderCorePct.toFixed(3)}% of a core${baselineNote(pair, b => `${b.serverCorePct.toFixed(3)}% + recorder ${b.recorderCorePct.toFixed(3)}%`)} | others' load ${modes.map(m => pair[m].othersCores.toFixed(2)).join(" / ")} cores`,
        );
    }
    // A pair another process loaded, or whose server did not get or use its whole core, says little
    // about the tracer: the figures come from the clean pairs when there are MIN_CLEAN_PAIRS, else from all (then not conclusive).
    const counted = cleanPairsOr(pairs, MIN_CLEAN_PAIRS);
    const countedIdle = quietRoundsOr(idlePairs, 1);
    const traced = figures("traced", counted, countedIdle, pairs);
    const key = p => `${p.round}.${p.window}`;
    results.push({
      framework,
      version: FRAMEWORK_VERSIONS[framework],
      rounds: pairs,
      countedPairs: counted.map(key),
      countedIdleRounds: countedIdle.map(p => p.round),
      idle: idlePairs,
      ...traced,
      plainCoreShare: median(counted.map(p => p.plain.serverCoreShare)),
      clientCoreShare: median(counted.flatMap(p => modes.map(m => p[m].clientCoreShare))),
      errors: pairs.reduce((n, p) => n + modes.reduce((m, mode) => m + p[mode].errors, 0), 0),
      ...(baselineDir
        ? {
            baseline: figures("baseline", counted, countedIdle, pairs),
            // This build against the baseline build, pair by pair: negative is better.
            againstBaseline: {
              cpuPerRequest: medianInterval(pairedChanges(counted, "baseline", "traced", "serverCpuUs", "more")),
              throughputLoss: medianInterval(pairedChanges(counted, "baseline", "traced", "rps", "loss")),
            },
          }
        : {}),
    });
  }
  rmSync(work, { recursive: true, force: true });

  const loads = results.flatMap(r => [...r.rounds.flatMap(p => modes.flatMap(m => p[m].load1m)), ...r.idle.flatMap(p => modes.map(m => p[m].load1m))]);
  const maxLoad = Math.max(...loads);
  // Only the pairs the figures come from.
  const countedPairs = r => [
    ...r.rounds.filter(p => r.countedPairs.includes(`${p.round}.${p.window}`)),
    ...r.idle.filter(p => r.countedIdleRounds.includes(p.round)),
  ];
  const othersOf = r => countedPairs(r).flatMap(p => modes.map(m => p[m].othersCores));
  const maxOthers = Math.max(...results.flatMap(othersOf));
  const verdicts = results.map(r => {
    const counted = r.rounds.filter(p => r.countedPairs.includes(`${p.round}.${p.window}`));
    const clean = counted.length >= MIN_CLEAN_PAIRS && counted.every(cleanPair);
    const unclean = clean
      ? undefined
      : `only ${r.rounds.filter(cleanPair).length} of ${r.rounds.length} pairs clean (need ${MIN_CLEAN_PAIRS}: ${concurrent ? `every server's main thread wanting the CPU ≥ ${SATURATED_CORE_SHARE * 100}% of the window` : `others' load ≤ ${QUIET_OTHERS_CORES} cores and every server ≥ ${SATURATED_CORE_SHARE * 100}% of its core`}; others used up to ${Math.max(...counted.flatMap(p => modes.map(m => p[m].othersCores))).toFixed(2)} cores, the plain server ${(r.plainCoreShare * 100).toFixed(0)}% of its core, median)`;
    const loaded = j =>
      !r.rounds.length ? { verdict: "not measured" } : unclean && j.verdict !== "not conclusive" ? { verdict: "not conclusive", why: unclean } : j;
    const throughput = loaded(judge(r.throughputLoss, TARGETS.throughputLossPct));
    const cpu = loaded(judge(r.cpuPerRequest, TARGETS.cpuPerRequestPct));
    const idleCounted = r.idle.filter(p => r.countedIdleRounds.includes(p.round));
    const idleOthers = Math.max(...idleCounted.flatMap(p => modes.map(m => p[m].othersCores)));
    // Without /proc/stat only the load average is left, which counts the bench's own processes.
    const idleQuiet = Number.isNaN(idleOthers) ? maxLoad <= started.cores * 0.7 : idleOthers <= QUIET_OTHERS_CORES;
    const idleRounds = r.idlePerRound;
    const idleVerdict = judgeIdle(idleRounds, r.idle.length ? idleQuiet : true, idleOthers, r.idle.length);
    return { framework: r.framework, throughput, cpu, idle: idleVerdict };
  });
  if (asJson) {
    console.log(
      JSON.stringify(
        {
          machine: started,
          targets: TARGETS,
          baseline: baselineDir,
          pinning: pin ?? "none",
          ownSessions: haveSetsid,
          connections,
          duration,
          rounds,
          maxRounds,
          windows,
          warmup,
          windowWaitMs: quietWaitMs,
          concurrent,
          idleSeconds,
          idleRounds,
          maxLoad,
          maxOthers,
          results,
          verdicts,
        },
        null,
        2,
      ),
    );
    return;
  }
  const pct = x => `${x >= 0 ? "+" : ""}${x.toFixed(1)}%`;
  const interval = i => `${i.low.toFixed(1)} to ${i.high.toFixed(1)} (${(i.coverage * 100).toFixed(0)}%)`;
  const iqr = i => `${i.q1.toFixed(1)} to ${i.q3.toFixed(1)}`;
  console.log(
    `\ntracer overhead on frameworks — autocannon ${connections} connections; ${rounds} rounds of fresh servers × ${windows} ${concurrent ? "concurrent" : "interleaved"} windows of ${duration} s (warm-up ${warmup} s); ` +
      `${pin ? `pinned: servers on core ${pin.server}, autocannon and the recorder on core ${pin.client} (taskset)${haveSetsid ? ", each server and recorder in its own session (setsid)" : ""}` : "not pinned"}; idle: ${idleRounds} interleaved A/B rounds of ${idleSeconds} s`,
  );
  console.log(
    "framework | throughput loss | server CPU/request | recorder µs/request | idle (% of a core, tracer + recorder; median) | idle per round | RSS MB idle: server (plain) / recorder | RSS MB loaded: server (plain) / recorder | errors | dropped | throughput loss: 95% interval, IQR | CPU/request: 95% interval, IQR | server µs/request: plain, traced (medians) | pairs counted",
  );
  const mb = r => `${r.server.toFixed(1)} (${r.plainServer.toFixed(1)}) / ${r.recorder.toFixed(1)}`;
  const row = (label, f, r) =>
    !r.rounds.length
      ? `${label} | not measured | not measured | - | ${r.idle.length ? `${f.idleCorePct.toFixed(3)}%` : "not measured"} | ${f.idlePerRound.map(x => x.toFixed(3)).join(", ")} | ${r.idle.length ? mb(f.idleRssMb) : "-"} | - | ${r.errors} | ${f.dropped} | - | - | - | 0 of 0`
      : `${label} | ${f.throughputLossPct.toFixed(1)}% | ${pct(f.cpuPerRequestPct)} | ${f.recorderCpuUsPerRequest.toFixed(1)} | ${r.idle.length ? `${f.idleCorePct.toFixed(3)}%` : "not measured"} | ${f.idlePerRound.map(x => x.toFixed(3)).join(", ")} | ${r.idle.length ? mb(f.idleRssMb) : "-"} | ${mb(f.loadedRssMb)} | ${r.errors} | ${f.dropped} | ${interval(f.throughputLoss)}, ${iqr(f.throughputLoss)} | ${interval(f.cpuPerRequest)}, ${iqr(f.cpuPerRequest)} | ${f.plainServerCpuUs.toFixed(1)}, ${f.serverCpuUs.toFixed(1)} | ${r.countedPairs.length} of ${r.rounds.length}`;
  for (const r of results) {
    console.log(row(`${r.framework}@${r.version}${r.baseline ? " (this build)" : ""}`, r, r));
    if (r.baseline) console.log(row(`${r.framework}@${r.version} (baseline ${baselineDir})`, r.baseline, r));
  }
  for (const r of results)
    if (r.againstBaseline)
      console.log(
        `${r.framework}: this build against the baseline, pair by pair: server CPU/request ${pct(r.againstBaseline.cpuPerRequest.median)} (95% interval ${interval(r.againstBaseline.cpuPerRequest)}), throughput loss ${r.againstBaseline.throughputLoss.median.toFixed(1)}% (${interval(r.againstBaseline.throughputLoss)})`,
      );
  const says = j => `${j.verdict}${j.why ? ` (${j.why})` : ""}`;
  console.log(
    `targets: throughput loss ≤ ${TARGETS.throughputLossPct}%, CPU/request ≤ +${TARGETS.cpuPerRequestPct}%, idle ≤ ${TARGETS.idleCorePct}% of a core`,
  );
  for (const v of verdicts) console.log(`verdict ${v.framework}: throughput ${says(v.throughput)}; CPU/request ${says(v.cpu)}; idle ${says(v.idle)}`);
  for (const r of results)
    console.log(
      `${r.framework}: ${r.rounds.length ? `plain server ${(r.plainCoreShare * 100).toFixed(0)}% of its core, load generator ${(r.clientCoreShare * 100).toFixed(0)}% of a core (medians); ` : "no loaded rounds; "}counted pairs ${r.countedPairs.length} of ${r.rounds.length}, idle rounds ${r.countedIdleRounds.length} of ${r.idle.length}; others' load at most ${Math.max(...othersOf(r)).toFixed(2)} cores in them`,
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

// Tracer overhead: a real node:http server doing JSON work, loaded by autocannon over loopback,
// run plain and under `loopscope run` (tracer + recorder, default settings): both at once
// (concurrent A/B, the most robust on a shared machine) and in alternating sequential rounds of
// the same invocation; then an ablation (everything on vs everything but one source, via
// LOOPSCOPE_DISABLE) to show what each source costs. Throughput on a shared 2-core machine is
// noisy, so the server's CPU time per request (/proc) is reported too. Prints tables and the machine.
//
// usage: node bench/tracer-overhead.mjs [--ab-rounds 3] [--rounds 3] [--duration 5] [--connections 50]
//                                        [--source-rounds 2] [--block-rounds 4] [--no-sources] [--json]
//        (builds dist/cli.mjs and dist/tracer.cjs first when they are missing)

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import http from "node:http";
import { cpuMs, ensureTracerBuilt } from "./lib/process-cpu.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const SOURCES = ["blocks", "stacks", "loop", "gc", "http", "net", "user", "workers", "children"];

// ---- the server under test (this same file, started with --server) ----
if (process.argv[2] === "--server") {
  const catalog = Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item-${i}`, price: (i * 7.3) % 100, tags: ["a", "b", "c"].slice(0, (i % 3) + 1) }));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const offset = Number(url.searchParams.get("offset") ?? 0) % 180;
    const items = catalog.slice(offset, offset + 20).map(it => ({ ...it, total: Math.round(it.price * 1.2 * 100) / 100 }));
    const body = JSON.stringify({ offset, count: items.length, items, at: Date.now() });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port} ${process.pid}`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
} else {
  await main();
}

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main() {
  const rounds = Number(option("rounds", 3));
  const duration = Number(option("duration", 5));
  const connections = Number(option("connections", 50));
  const withSources = !process.argv.includes("--no-sources");
  const asJson = process.argv.includes("--json");
  ensureTracerBuilt(root);
  const { default: autocannon } = await import("autocannon");
  const work = mkdtempSync(join(tmpdir(), "loopscope-bench-"));

  const startServer = async (mode, disable) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    if (disable) env.LOOPSCOPE_DISABLE = disable;
    const cmd =
      mode === "plain"
        ? [process.execPath, [fileURLToPath(import.meta.url), "--server"]]
        : [
            process.execPath,
            [
              join(root, "dist/cli.mjs"),
              "run",
              "--out",
              join(work, `trace-${Math.random().toString(36).slice(2)}.json`),
              "--",
              process.execPath,
              fileURLToPath(import.meta.url),
              "--server",
            ],
          ];
    const child = spawn(cmd[0], cmd[1], { env, stdio: ["ignore", "pipe", "pipe"] });
    const server = { mode, child, stderr: "" };
    child.stderr.on("data", d => (server.stderr += d));
    [server.port, server.pid] = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", d => {
        out += d;
        const m = out.match(/listening (\d+) (\d+)/);
        if (m) resolve([Number(m[1]), Number(m[2])]);
      });
      child.on("exit", code => reject(new Error(`server exited ${code}: ${server.stderr}`)));
    });
    return server;
  };
  const stopServer = async server => {
    const closed = new Promise(resolve => server.child.on("close", resolve));
    server.child.kill("SIGTERM");
    await closed;
    const events = server.stderr.match(/events: (\d+) received, (\d+|\d+ DROPPED)/);
    return { events: events ? Number(events[1]) : undefined, dropped: events ? Number.parseInt(events[2]) : undefined };
  };
  /** Loads every server at once (each with its own autocannon) and measures each. */
  const load = async servers => {
    const url = server => `http://127.0.0.1:${server.port}/items?offset=7`;
    await Promise.all(servers.map(server => autocannon({ url: url(server), connections, duration: 1 }))); // warm-up (JIT, sockets)
    const cpu = server => [cpuMs(server.pid), server.mode === "plain" ? 0 : cpuMs(server.child.pid)];
    const before = servers.map(cpu);
    const results = await Promise.all(servers.map(server => autocannon({ url: url(server), connections, duration })));
    const after = servers.map(cpu);
    return results.map((r, i) => {
      const requests = r.requests.total || 1;
      return {
        rps: r.requests.average,
        p99: r.latency.p99,
        serverCpuUs: ((after[i][0] - before[i][0]) * 1e3) / requests,
        recorderCpuUs: ((after[i][1] - before[i][1]) * 1e3) / requests,
        errors: r.errors + r.non2xx,
      };
    });
  };
  const measure = async (mode, disable) => {
    const server = await startServer(mode, disable);
    const [result] = await load([server]);
    return { ...result, ...(await stopServer(server)) };
  };

  // Concurrent A/B: both servers under load at the same time, so whatever else the machine is
  // doing hits both alike (on a shared machine the sequential rounds below swing by ±20%).
  const abRounds = Number(option("ab-rounds", 3));
  const ab = [];
  for (let round = 1; round <= abRounds; round++) {
    const servers = [await startServer("plain"), await startServer("traced")];
    const [plain, traced] = await load(servers);
    for (const server of servers) await stopServer(server);
    ab.push({ round, plain, traced });
    if (!asJson)
      console.error(
        `A/B round ${round}: plain ${plain.rps.toFixed(0)} req/s ${plain.serverCpuUs.toFixed(1)} µs/req | traced ${traced.rps.toFixed(0)} req/s ${traced.serverCpuUs.toFixed(1)} µs/req`,
      );
  }

  const rows = [];
  for (let round = 1; round <= rounds; round++) {
    // alternate the order so drift (thermal, other load) hits both sides alike
    const order = round % 2 ? ["plain", "traced"] : ["traced", "plain"];
    const results = {};
    for (const mode of order) results[mode] = await measure(mode);
    rows.push({ round, plain: results.plain, traced: results.traced });
    if (!asJson)
      console.error(
        `round ${round}: plain ${results.plain.rps.toFixed(0)} req/s p99 ${results.plain.p99} ms | traced ${results.traced.rps.toFixed(0)} req/s p99 ${results.traced.p99} ms`,
      );
  }

  // Per source: ablation. Each round runs plain, everything on, and everything but one source,
  // in a rotating order; a source's cost is the median CPU per request with everything on minus
  // the median without that source.
  const sourceRows = [];
  const sourceRounds = withSources ? Number(option("source-rounds", 2)) : 0;
  if (sourceRounds > 0) {
    const modes = ["plain", "all", ...SOURCES.map(s => `-${s}`)];
    const samples = Object.fromEntries(modes.map(m => [m, []]));
    for (let round = 0; round < sourceRounds; round++) {
      const order = modes.map((_, i) => modes[(i + round * 3) % modes.length]);
      for (const mode of order) {
        // without "blocks" there is no heartbeat for the watchdog, so "-blocks" also drops "stacks"
        const disable = mode === "-blocks" ? "blocks,stacks" : mode.startsWith("-") ? mode.slice(1) : undefined;
        samples[mode].push(await measure(mode === "plain" ? "plain" : "traced", disable));
        if (!asJson) console.error(`sources round ${round + 1}: ${mode} ${samples[mode].at(-1).serverCpuUs.toFixed(1)} µs/req`);
      }
    }
    const med = (mode, key) => median(samples[mode].map(r => r[key]));
    const plainCpu = med("plain", "serverCpuUs");
    const allCpu = med("all", "serverCpuUs");
    sourceRows.push({ source: "(plain, no tracer)", cpuUs: plainCpu, costUs: 0, costPct: 0, rps: med("plain", "rps") });
    sourceRows.push({
      source: "everything (default)",
      cpuUs: allCpu,
      costUs: allCpu - plainCpu,
      costPct: ((allCpu - plainCpu) / plainCpu) * 100,
      rps: med("all", "rps"),
    });
    for (const source of SOURCES) {
      const without = med(`-${source}`, "serverCpuUs");
      sourceRows.push({
        source: source === "stacks" ? "stacks (watchdog)" : source,
        cpuUs: without,
        costUs: allCpu - without,
        costPct: ((allCpu - without) / plainCpu) * 100,
        rps: med(`-${source}`, "rps"),
      });
    }
  }
  const blockCost = withSources ? await measureSampleCost(work, Number(option("block-rounds", 4))) : undefined;
  rmSync(work, { recursive: true, force: true });

  const rpsRatio = median(rows.map(r => r.traced.rps / r.plain.rps));
  const p99Ratio = median(rows.map(r => r.traced.p99 / Math.max(r.plain.p99, 0.5)));
  const cpuRatio = median(rows.map(r => r.traced.serverCpuUs / r.plain.serverCpuUs));
  const abRps = median(ab.map(r => r.traced.rps / r.plain.rps));
  const abCpu = median(ab.map(r => r.traced.serverCpuUs / r.plain.serverCpuUs));
  const abP99 = median(ab.map(r => r.traced.p99 / Math.max(r.plain.p99, 0.5)));
  const machine = {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    node: process.version,
    loadavg1m: loadavg()[0],
    connections,
    durationS: duration,
    rounds,
  };
  const result = {
    machine,
    rounds: rows,
    throughputRatio: rpsRatio,
    p99Ratio,
    throughputLossPct: (1 - rpsRatio) * 100,
    serverCpuPerRequestRatio: cpuRatio,
    concurrent: { rounds: ab, throughputRatio: abRps, p99Ratio: abP99, serverCpuPerRequestRatio: abCpu },
    sources: sourceRows,
    blockCost,
  };
  if (asJson) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(
    `\ntracer overhead — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadavg1m.toFixed(1)}; autocannon ${connections} connections, ${duration} s per run, ${rounds} rounds`,
  );
  if (ab.length) {
    console.log("concurrent A/B (both servers loaded at the same time)");
    console.log("round | plain req/s | traced req/s | ratio | plain p99 ms | traced p99 ms | server CPU µs/req plain → traced");
    for (const r of ab)
      console.log(
        `${String(r.round).padStart(5)} | ${r.plain.rps.toFixed(0).padStart(11)} | ${r.traced.rps.toFixed(0).padStart(12)} | ${(r.traced.rps / r.plain.rps).toFixed(3)} | ${String(r.plain.p99).padStart(12)} | ${String(r.traced.p99).padStart(13)} | ${r.plain.serverCpuUs.toFixed(1).padStart(15)} → ${r.traced.serverCpuUs.toFixed(1)}`,
      );
    console.log(
      `median: throughput ratio ${abRps.toFixed(3)} (loss ${((1 - abRps) * 100).toFixed(1)}%, target ≤ 5%), p99 ratio ${abP99.toFixed(2)}, server CPU per request ratio ${abCpu.toFixed(3)}\n`,
    );
  }
  if (rows.length) console.log("sequential rounds (alternating order)");
  console.log(
    "round | plain req/s | traced req/s | ratio | plain p99 ms | traced p99 ms | server CPU µs/req plain → traced | recorder µs/req | events | dropped",
  );
  for (const r of rows) {
    console.log(
      `${String(r.round).padStart(5)} | ${r.plain.rps.toFixed(0).padStart(11)} | ${r.traced.rps.toFixed(0).padStart(12)} | ${(r.traced.rps / r.plain.rps).toFixed(3)} | ${String(r.plain.p99).padStart(12)} | ${String(r.traced.p99).padStart(13)} | ${r.plain.serverCpuUs.toFixed(1).padStart(15)} → ${r.traced.serverCpuUs.toFixed(1).padEnd(14)} | ${r.traced.recorderCpuUs.toFixed(2).padStart(15)} | ${String(r.traced.events ?? "?").padStart(6)} | ${r.traced.dropped ?? "?"}`,
    );
  }
  if (rows.length) console.log(`median server CPU per request ratio ${cpuRatio.toFixed(3)} (less sensitive to other load on the machine than throughput)`);
  if (rows.length)
    console.log(
      `median throughput ratio ${rpsRatio.toFixed(3)} (loss ${result.throughputLossPct.toFixed(1)}%, target ≤ 5%), median p99 ratio ${p99Ratio.toFixed(2)}`,
    );
  if (sourceRows.length) {
    console.log(`\nper source: server CPU per request, median of ${sourceRounds} rounds; cost = (everything on) − (everything but that source)`);
    console.log("source               | CPU µs/req | cost µs/req | cost % of plain | req/s");
    for (const r of sourceRows)
      console.log(
        `${r.source.padEnd(20)} | ${r.cpuUs.toFixed(1).padStart(10)} | ${r.costUs.toFixed(2).padStart(11)} | ${r.costPct.toFixed(1).padStart(15)} | ${r.rps.toFixed(0)}`,
      );
  }
  if (blockCost) {
    console.log(
      `\nblock call sites: a ~${blockCost.blockMsWithout.toFixed(0)} ms block took ${blockCost.blockMsWithSampling.toFixed(1)} ms with ${blockCost.samplesPerBlock} watchdog samples vs ${blockCost.blockMsWithout.toFixed(1)} ms without: ${blockCost.msPerSample.toFixed(2)} ms per sample (samples every 25 ms past the threshold); median request→answer time of a sample ${blockCost.sampleRoundTripMs?.toFixed(3)} ms (an upper bound of its cost to the blocked thread)`,
    );
  }
}

// What sampling a blocked main thread costs: the same fixed CPU-bound loop (about 400 ms, so the
// watchdog samples it ~15 times) with stack sampling on and off, alternating; the difference in
// the loop's duration divided by the samples taken is the cost of one sample.
function blockProgram() {
  return `
  const { performance } = require("node:perf_hooks");
  function work() { let x = 0; for (let i = 0; i < 5e7; i++) x = (x + i * 7) % 1000003; return x; }
  setTimeout(() => { const t0 = performance.now(); work(); console.log("elapsed " + (performance.now() - t0)); }, 500);
`;
}

async function measureSampleCost(work, rounds) {
  const run = async disable => {
    const out = join(work, "block.json");
    const env = { ...process.env, ...(disable ? { LOOPSCOPE_DISABLE: disable } : {}) };
    delete env.NODE_OPTIONS;
    const r = spawnSync(process.execPath, [join(root, "dist/cli.mjs"), "run", "--out", out, "--", process.execPath, "-e", blockProgram()], {
      env,
      encoding: "utf8",
    });
    const elapsed = Number(r.stdout.match(/elapsed ([\d.]+)/)?.[1]);
    const trace = JSON.parse(readFileSync(out, "utf8"));
    const block = trace.traceEvents.filter(e => e.cat === "loopscope.block").sort((a, b) => b.dur - a.dur)[0];
    return { elapsed, samples: block?.args?.samples ?? 0, roundTripMs: block?.args?.sampleRoundTripMs };
  };
  const on = [];
  const off = [];
  for (let i = 0; i < rounds; i++) {
    on.push(await run());
    off.push(await run("stacks"));
  }
  const msOn = median(on.map(r => r.elapsed));
  const msOff = median(off.map(r => r.elapsed));
  const samples = median(on.map(r => r.samples));
  const roundTrip = median(on.map(r => r.roundTripMs).filter(x => typeof x === "number"));
  return {
    blockMsWithSampling: msOn,
    blockMsWithout: msOff,
    samplesPerBlock: samples,
    msPerSample: (msOn - msOff) / Math.max(1, samples),
    sampleRoundTripMs: roundTrip,
  };
}

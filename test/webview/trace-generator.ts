// Deterministic, realistic Loopscope traces for the timeline's tests, fixtures and benchmark, in
// the shape tracer/src/recorder/trace-builder.ts writes: a server process (main thread + two
// resize workers) that forks a traced Node report job and spawns `git`; blocks with call sites
// and stacks, HTTP/DNS/user-timing async spans, GC, counters, lane spans, flows, a tracer drop
// note, and hostile strings that must be shown as text.
import type { RunMetadata, TraceEvent, TraceFile } from "../../protocol/src/trace";

export const HOSTILE_FUNCTION = "<img src=x onerror=alert(1)>";
export const HOSTILE_URL = "/search?q=<script>alert('x')</script>";
export const HOSTILE_THREAD = "worker 2 <b onmouseover=alert(2)>resize</b>";
export const SERVER_PID = 4242;
export const CHILD_PID = 4317;
/** The recorder writes times relative to the run's start (µs); the first lane starts a little after 0. */
export const BASE_TS = 1_500;

export interface GenerateOptions {
  seed?: number;
  durationSec?: number;
  /** HTTP requests per second on the server. */
  requestsPerSec?: number;
  /** Short event-loop tasks per second per thread (the format allows them; today's tracer writes only blocks). */
  tasksPerSec?: number;
  /** Random blocks per second per thread, besides the known ones. */
  blocksPerSec?: number;
  /** Counter samples per second per thread. */
  countersPerSec?: number;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Blocks placed at known times so tests can find them (`at` is µs after BASE_TS). */
export const KNOWN_BLOCKS = [
  { at: 1_200_000, dur: 412_000, worker: 0, fn: "loadReportTemplate", file: "/srv/app/src/routes/report.ts", line: 42, column: 17 },
  { at: 3_050_000, dur: 180_000, worker: 0, fn: "hashPassword", file: "/srv/app/src/auth.ts", line: 17, column: 10 },
  { at: 5_400_000, dur: 260_000, worker: 0, fn: HOSTILE_FUNCTION, file: "/srv/app/src/<evil>.ts", line: 7, column: 3 },
  { at: 2_500_000, dur: 95_000, worker: 1, fn: "resizeImage", file: "/srv/app/src/workers/resize.ts", line: 28, column: 5 },
] as const;

const shortFile = (f: string) => f.split("/").pop() ?? f;

export function generateTrace(options: GenerateOptions = {}): TraceFile {
  const random = rng(options.seed ?? 7);
  const durationUs = Math.round((options.durationSec ?? 8) * 1e6);
  const requestsPerSec = options.requestsPerSec ?? 40;
  const tasksPerSec = options.tasksPerSec ?? 0;
  const blocksPerSec = options.blocksPerSec ?? 0.8;
  const countersPerSec = options.countersPerSec ?? 10;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const exp = (mean: number) => -Math.log(1 - random()) * mean;
  const streams = new Map<string, TraceEvent[]>();
  const emit = (e: TraceEvent) => {
    const key = `${e.pid}:${e.tid}`;
    let s = streams.get(key);
    if (!s) streams.set(key, (s = []));
    s.push(e);
  };
  const ts = (offset: number) => Math.round((BASE_TS + offset) * 1000) / 1000;
  let nextId = 1;
  const id = (prefix: string) => `${prefix}${nextId++}`;
  const main = { pid: SERVER_PID, tid: SERVER_PID };
  const workers = [
    { threadId: 1, name: "worker 1 resize.js", created: 300_000, online: 318_000, exit: durationUs - 50_000, code: 0 },
    { threadId: 2, name: HOSTILE_THREAD, created: 350_000, online: 371_000, exit: Math.round(durationUs * 0.8), code: 1 },
  ];
  const forkAt = Math.round(durationUs * 0.45),
    forkOnline = forkAt + 40_000,
    forkEnd = Math.round(durationUs * 0.75);

  const meta: TraceEvent[] = [
    { ph: "M", name: "process_name", ts: 0, ...main, args: { name: `node server.js [${SERVER_PID}]` } },
    { ph: "M", name: "process_sort_index", ts: 0, ...main, args: { sort_index: 0 } },
    { ph: "M", name: "process_labels", ts: 0, ...main, args: { labels: "node v20.19.0" } },
    { ph: "M", name: "process_name", ts: 0, pid: CHILD_PID, tid: CHILD_PID, args: { name: `node report-job.js --month=11 [${CHILD_PID}]` } },
    { ph: "M", name: "process_sort_index", ts: 0, pid: CHILD_PID, tid: CHILD_PID, args: { sort_index: 1 } },
    { ph: "M", name: "process_labels", ts: 0, pid: CHILD_PID, tid: CHILD_PID, args: { labels: "node v20.19.0" } },
    { ph: "M", name: "thread_name", ts: 0, ...main, args: { name: "main thread" } },
    { ph: "M", name: "thread_sort_index", ts: 0, ...main, args: { sort_index: 0 } },
    ...workers.flatMap((w): TraceEvent[] => [
      { ph: "M", name: "thread_name", ts: 0, pid: SERVER_PID, tid: w.threadId, args: { name: w.name } },
      { ph: "M", name: "thread_sort_index", ts: 0, pid: SERVER_PID, tid: w.threadId, args: { sort_index: w.threadId } },
    ]),
    { ph: "M", name: "thread_name", ts: 0, pid: CHILD_PID, tid: CHILD_PID, args: { name: "main thread" } },
    { ph: "M", name: "thread_sort_index", ts: 0, pid: CHILD_PID, tid: CHILD_PID, args: { sort_index: 0 } },
  ];

  // Lane spans: each traced thread from its first to its last event.
  const lane = (pid: number, tid: number, threadId: number, start: number, end: number, argv: string[]) =>
    emit({
      ph: "X",
      cat: threadId === 0 ? "loopscope.child" : "loopscope.worker",
      name: threadId === 0 ? "process" : "thread",
      ts: ts(start),
      dur: end - start,
      pid,
      tid,
      args: { pid, threadId, role: threadId === 0 ? "main" : "worker", argv, nodeVersion: "v20.19.0", complete: true },
    });
  lane(SERVER_PID, SERVER_PID, 0, 0, durationUs, ["/usr/bin/node", "/srv/app/server.js"]);
  for (const w of workers) lane(SERVER_PID, w.threadId, w.threadId, w.online, w.exit, ["/usr/bin/node", "/srv/app/server.js"]);
  lane(CHILD_PID, CHILD_PID, 0, forkOnline, forkEnd, ["/usr/bin/node", "/srv/app/scripts/report-job.js", "--month=11"]);

  const blockEvent = (pid: number, tid: number, at: number, dur: number, site: { fn: string; file: string; line: number; column: number }) => {
    const source = { file: site.file, line: site.line, column: site.column, functionName: site.fn };
    emit({
      ph: "X",
      cat: "loopscope.block",
      name: `block ${Math.round(dur / 1000)} ms ${site.fn} ${shortFile(site.file)}:${site.line}`,
      ts: ts(at),
      dur,
      pid,
      tid,
      args: {
        thresholdMs: 50,
        durationMs: dur / 1000,
        samples: Math.max(1, Math.round(dur / 10_000)),
        source,
        stack: [
          source,
          { file: "/srv/app/src/server.ts", line: 88, column: 12, functionName: "handleRequest" },
          { file: "node:internal/process/task_queues", line: 95, column: 5, functionName: "processTicksAndRejections" },
        ],
      },
    });
  };
  const randomSites = [
    { fn: "renderInvoice", file: "/srv/app/src/routes/invoice.ts", line: 64, column: 9 },
    { fn: "compressBody", file: "/srv/app/src/lib/compress.ts", line: 12, column: 20 },
    { fn: "parseCsv", file: "/srv/app/src/lib/csv.ts", line: 31, column: 14 },
  ];
  const blockedIntervals = new Map<string, [number, number][]>();
  const loopThread = (pid: number, tid: number, worker: number, from: number, to: number) => {
    const taken: [number, number][] = [];
    for (const b of KNOWN_BLOCKS)
      if (pid === SERVER_PID && b.worker === worker && b.at + b.dur < to) {
        blockEvent(pid, tid, b.at, b.dur, b);
        taken.push([b.at, b.at + b.dur]);
      }
    const free = (a: number, b: number) => !taken.some(([x, y]) => a < y + 2000 && b > x - 2000);
    for (let t = from + exp(1e6 / blocksPerSec); t < to - 200_000; t += exp(1e6 / blocksPerSec)) {
      const dur = Math.round(52_000 + exp(40_000));
      if (free(t, t + dur)) {
        blockEvent(pid, tid, t, dur, pick(randomSites));
        taken.push([t, t + dur]);
      }
    }
    if (tasksPerSec > 0)
      for (let t = from + exp(1e6 / tasksPerSec); t < to; t += exp(1e6 / tasksPerSec)) {
        const dur = Math.round(Math.max(50, exp(4000)));
        if (dur < 50_000 && free(t, t + dur))
          emit({ ph: "X", cat: "loopscope.task", name: pick(["timers", "I/O callbacks", "immediates"]), ts: ts(t), dur, pid, tid });
      }
    blockedIntervals.set(`${pid}:${tid}`, taken);
  };
  loopThread(SERVER_PID, SERVER_PID, 0, 0, durationUs);
  for (const w of workers) loopThread(SERVER_PID, w.threadId, w.threadId, w.online, w.exit);
  loopThread(CHILD_PID, CHILD_PID, 0, forkOnline, forkEnd);

  const span = (cat: string, name: string, prefix: string, at: number, dur: number, args: Record<string, unknown>, where = main) => {
    const spanId = id(prefix);
    emit({ ph: "b", cat, name, id: spanId, ts: ts(at), ...where, args });
    emit({ ph: "e", cat, name, id: spanId, ts: ts(at + dur), ...where });
  };

  // HTTP server requests (overlapping), a few errors; client calls to an upstream with DNS lookups.
  const routes = [
    { method: "GET", url: "/api/items?page=2", slow: 0 },
    { method: "GET", url: "/api/items/17", slow: 0 },
    { method: "POST", url: "/api/orders", slow: 4_000 },
    { method: "GET", url: "/report/monthly", slow: 60_000 },
    { method: "GET", url: HOSTILE_URL, slow: 0 },
  ];
  for (let t = 20_000 + exp(1e6 / requestsPerSec); t < durationUs - 200_000; t += exp(1e6 / requestsPerSec)) {
    const r = pick(routes);
    const dur = Math.round(600 + exp(9_000) + r.slow);
    const x = random();
    const status = x < 0.03 ? 500 : x < 0.07 ? 404 : r.method === "POST" ? 201 : 200;
    span("loopscope.http", `⇦ ${r.method} ${r.url}`, "http", t, dur, { side: "server", method: r.method, url: r.url, status, durationMs: dur / 1000 });
    if (random() < 0.12) {
      const cdur = Math.round(2000 + random() * 30_000);
      const up = random() < 0.05 ? { status: 503 } : random() < 0.02 ? { error: "ECONNRESET" } : { status: 200 };
      span("loopscope.http", "⇨ GET https://upstream.internal/prices", "http", t + 200, cdur, {
        side: "client",
        method: "GET",
        url: "https://upstream.internal/prices",
        ...up,
        durationMs: cdur / 1000,
      });
      if (random() < 0.25)
        span("loopscope.net", "dns upstream.internal", "net", t + 210, Math.round(300 + random() * 4000), { op: "dns", host: "upstream.internal" });
    }
  }

  // GC pauses and user timings on the main thread.
  for (let t = 150_000; t < durationUs; t += 200_000 + random() * 500_000) {
    const major = random() < 0.2;
    emit({
      ph: "X",
      cat: "loopscope.gc",
      name: `GC ${major ? "major" : "minor"}`,
      ts: ts(t),
      dur: Math.round(major ? 3000 + random() * 9000 : 300 + random() * 1500),
      ...main,
      args: { kind: major ? "major" : "minor" },
    });
  }
  for (let t = 400_000; t < durationUs - 500_000; t += 900_000 + random() * 800_000) {
    const dur = Math.round(20_000 + random() * 80_000);
    span("loopscope.user", "render-report", "measure", t, dur, { durationMs: dur / 1000 });
    emit({ ph: "i", s: "t", cat: "loopscope.user", name: "cache-warm", ts: ts(t + 5000), ...main });
  }

  // Workers: created on the main thread (marker with the call site, async span, flow to the lane).
  for (const w of workers) {
    const site = { file: "/srv/app/src/pool.ts", line: 23, column: 18, functionName: "startPool" };
    emit({
      ph: "X",
      cat: "loopscope.worker",
      name: "new Worker /srv/app/src/workers/resize.js",
      ts: ts(w.created),
      dur: 1,
      ...main,
      args: { threadId: w.threadId, source: site },
    });
    const spanId = id("worker");
    emit({
      ph: "b",
      cat: "loopscope.worker",
      name: `worker ${w.threadId}`,
      id: spanId,
      ts: ts(w.created),
      ...main,
      args: { threadId: w.threadId, file: "/srv/app/src/workers/resize.js", source: site },
    });
    emit({ ph: "e", cat: "loopscope.worker", name: `worker ${w.threadId}`, id: spanId, ts: ts(w.exit + 2000), ...main, args: { exitCode: w.code } });
    const flowId = id("flow");
    emit({ ph: "s", cat: "loopscope.flow", name: "started", id: flowId, ts: ts(w.created), ...main });
    emit({ ph: "f", bp: "e", cat: "loopscope.flow", name: "started", id: flowId, ts: ts(w.online), pid: SERVER_PID, tid: w.threadId });
  }
  emit({
    ph: "i",
    s: "t",
    cat: "loopscope.worker",
    name: "worker 2 error",
    ts: ts(workers[1].exit - 1000),
    ...main,
    args: { error: "Error: unsupported image format <svg onload=alert(3)>" },
  });
  emit({
    ph: "i",
    s: "t",
    cat: "loopscope.tracer",
    name: "tracer dropped 12 events",
    ts: ts(workers[1].exit),
    pid: SERVER_PID,
    tid: 2,
    args: { dropped: 12, lost: 0 },
  });

  // A forked, traced Node child (own lane) and a spawned `git` (parent's lane only).
  const child = (
    at: number,
    end: number,
    childPid: number,
    file: string,
    args: string[],
    exitCode: number,
    traced: boolean,
    site: { file: string; line: number; column: number; functionName: string },
  ) => {
    const label = [file, ...args].join(" ");
    emit({ ph: "X", cat: "loopscope.child", name: `spawn ${label}`, ts: ts(at), dur: 1, ...main, args: { childPid, source: site } });
    const spanId = id("child");
    emit({
      ph: "b",
      cat: "loopscope.child",
      name: `child ${childPid} ${label}`,
      id: spanId,
      ts: ts(at),
      ...main,
      args: { childPid, file, args, source: site, traced },
    });
    emit({ ph: "e", cat: "loopscope.child", name: `child ${childPid} ${label}`, id: spanId, ts: ts(end), ...main, args: { exitCode, signal: null } });
  };
  child(forkAt, forkEnd + 3000, CHILD_PID, "/usr/bin/node", ["/srv/app/scripts/report-job.js", "--month=11"], 0, true, {
    file: "/srv/app/src/routes/report.ts",
    line: 58,
    column: 3,
    functionName: "startReportJob",
  });
  const flowId = id("flow");
  emit({ ph: "s", cat: "loopscope.flow", name: "spawned", id: flowId, ts: ts(forkAt), ...main });
  emit({ ph: "f", bp: "e", cat: "loopscope.flow", name: "spawned", id: flowId, ts: ts(forkOnline), pid: CHILD_PID, tid: CHILD_PID });
  const gitAt = Math.round(durationUs * 0.2);
  child(gitAt, gitAt + 38_000, 4400, "git", ["rev-parse", "HEAD"], 128, false, {
    file: "/srv/app/src/version.ts",
    line: 9,
    column: 20,
    functionName: "gitVersion",
  });

  // Counters per thread while it runs, named as the recorder names them.
  const counterThreads = [
    { pid: SERVER_PID, tid: SERVER_PID, worker: 0, from: 0, to: durationUs, heap: 38 },
    ...workers.map(w => ({ pid: SERVER_PID, tid: w.threadId, worker: w.threadId, from: w.online, to: w.exit, heap: 9 })),
    { pid: CHILD_PID, tid: CHILD_PID, worker: 0, from: forkOnline, to: forkEnd, heap: 14 },
  ];
  for (const c of counterThreads) {
    const suffix = c.worker ? ` (worker ${c.worker})` : "";
    const blocked = blockedIntervals.get(`${c.pid}:${c.tid}`) ?? [];
    let heap = c.heap;
    let queue = 0;
    for (let t = c.from + 100_000; t < c.to; t += 1e6 / countersPerSec) {
      const hit = blocked.find(([a, b]) => b > t - 1e6 / countersPerSec && a < t);
      const worst = hit ? (hit[1] - hit[0]) / 1000 : 0;
      const p50 = round2(10 + random() * 1.5);
      emit({
        ph: "C",
        name: `event loop delay (ms)${suffix}`,
        ts: ts(t),
        pid: c.pid,
        tid: c.tid,
        args: { p50, p99: round2(hit ? worst : p50 + random() * 8), max: round2(hit ? worst + 1 : p50 + random() * 15) },
      });
      emit({
        ph: "C",
        name: `event loop utilization (%)${suffix}`,
        ts: ts(t),
        pid: c.pid,
        tid: c.tid,
        args: { utilization: Math.round(Math.min(100, 12 + random() * 30 + (hit ? 55 : 0)) * 10) / 10 },
      });
      heap = Math.max(c.heap * 0.6, heap + (random() - 0.45) * 1.5);
      emit({
        ph: "C",
        name: `memory (MB)${suffix}`,
        ts: ts(t),
        pid: c.pid,
        tid: c.tid,
        args: { heapUsed: round2(heap), heapTotal: round2(heap * 1.6), ...(c.worker ? {} : { rss: round2(heap * 2.4 + 30) }) },
      });
      emit({
        ph: "C",
        name: `active resources${suffix}`,
        ts: ts(t),
        pid: c.pid,
        tid: c.tid,
        args: { handles: 8 + Math.round(random() * 20), requests: Math.round(random() * 6) },
      });
      if (c.worker)
        emit({
          ph: "C",
          name: `worker messages ${c.worker}`,
          ts: ts(t),
          pid: c.pid,
          tid: c.pid,
          args: { toWorker: Math.round(random() * 12), toWorkerKB: round2(random() * 300) },
        });
      if (c.tid === SERVER_PID) {
        queue = Math.max(0, queue + Math.round((random() - 0.48) * 6));
        emit({ ph: "C", name: "queue depth", ts: ts(t), pid: c.pid, tid: c.tid, args: { depth: queue } });
      }
    }
  }

  // Interleave streams in 250 ms batches, as a recorder receives them: each stream in order, not globally sorted.
  const ordered: TraceEvent[] = [...meta];
  const lists = [...streams.values()].map(s => s.sort((a, b) => a.ts - b.ts));
  const cursor = lists.map(() => 0);
  for (let until = 250_000; cursor.some((c, i) => c < lists[i].length); until += 250_000) {
    lists.forEach((list, i) => {
      while (cursor[i] < list.length && list[cursor[i]].ts < until) ordered.push(list[cursor[i]++]);
    });
  }
  const metadata: RunMetadata = {
    version: "0.1.0",
    command: ["node", "server.js"],
    cwd: "/srv/app",
    startedAtEpochMs: 1_764_000_000_000,
    durationMs: durationUs / 1000,
    exitCode: 0,
    signal: null,
    blockThresholdMs: 50,
    eventsReceived: ordered.length,
    eventsDropped: 12,
    dropsByStream: { [`${SERVER_PID}:2`]: 12 },
  };
  return { traceEvents: ordered, displayTimeUnit: "ms", metadata: { loopscope: metadata } };
}

/** About `events` events of the same shape: a server under load (≈ 8,300 events per second of trace; 1,000,000 ≈ 2 min, ~110 MB of JSON). */
export function generateLargeTrace(events: number, seed = 11): TraceFile {
  const perSec = 8_330;
  return generateTrace({ seed, durationSec: Math.max(2, events / perSec), requestsPerSec: 4_000, blocksPerSec: 1.5, countersPerSec: 10 });
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

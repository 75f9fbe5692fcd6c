// Runs a command and measures its whole process tree: wall time, CPU time (user+system) and peak
// memory. CPU comes from GNU time (rusage of the command and every descendant it reaped), checked
// against /proc samples of the tree (covers children that are not reaped by their parent); peak
// memory is the sum over the tree of each process's own peak RSS (VmHWM) as last sampled, which
// is what the machine had to have free when everything runs at once (an upper bound: peaks of
// different processes need not coincide).
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, mkdtempSync, rmSync, openSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "./table.mjs";

export const gnuTime = "/usr/bin/time";
const TIME_FORMAT = "loopscope-time %e %U %S %M %x";
const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux x86-64/arm64

/** Parses the last "loopscope-time" line GNU time wrote (-f TIME_FORMAT). */
export function parseTimeOutput(text) {
  const lines = text.split("\n").filter(l => l.startsWith("loopscope-time "));
  if (!lines.length) return undefined;
  const [elapsed, user, sys, maxRssKiB, exit] = lines[lines.length - 1].split(/\s+/).slice(1).map(Number);
  return { wallMs: elapsed * 1000, cpuMs: (user + sys) * 1000, maxRssBytes: maxRssKiB * 1024, exitCode: exit };
}

/** Fields of /proc/<pid>/stat that matter here; the command name may contain spaces and parentheses. */
export function parseProcStat(text) {
  const close = text.lastIndexOf(")");
  const rest = text.slice(close + 2).split(" ");
  // rest[0] is field 3 (state): ppid = field 4, utime = 14, stime = 15, rss = 24.
  return { ppid: Number(rest[1]), cpuTicks: Number(rest[11]) + Number(rest[12]), rssPages: Number(rest[21]) };
}

function readProcTable() {
  const table = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      table.set(Number(name), parseProcStat(readFileSync(`/proc/${name}/stat`, "utf8")));
    } catch {
      /* exited meanwhile */
    }
  }
  return table;
}

function descendants(rootPid, table) {
  const children = new Map();
  for (const [pid, s] of table) (children.get(s.ppid) ?? children.set(s.ppid, []).get(s.ppid)).push(pid);
  const out = [rootPid],
    queue = [rootPid];
  while (queue.length)
    for (const c of children.get(queue.pop()) ?? []) {
      out.push(c);
      queue.push(c);
    }
  return out.filter(pid => table.has(pid));
}

const peakRssBytes = pid => {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return undefined;
  }
};

/** CPU time the whole machine spent busy so far (all cores, from /proc/stat), in ms; undefined without /proc. */
export function machineBusyMs(text) {
  try {
    const fields = (text ?? readFileSync("/proc/stat", "utf8")).split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/**
 * On a shared machine: waits (up to maxWaitMs) until other processes use less than thresholdCores
 * over a one-second window. Returns the cores others used in the last window.
 */
export async function waitForQuiet({ maxWaitMs = 20_000, thresholdCores = 0.5 } = {}) {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const before = machineBusyMs(),
      self0 = process.cpuUsage(),
      t0 = performance.now();
    await new Promise(r => setTimeout(r, 1000));
    const after = machineBusyMs();
    if (before === undefined || after === undefined) return undefined;
    const self = process.cpuUsage(self0);
    const others = Math.max(0, after - before - (self.user + self.system) / 1000) / (performance.now() - t0);
    if (others < thresholdCores || Date.now() >= deadline) return others;
  }
}

/** Current resident memory (VmRSS) of each live process in the tree, root first: [{ pid, command, rssBytes }]. */
export function treeMemory(rootPid) {
  const table = readProcTable();
  return descendants(rootPid, table).map(pid => {
    let status = "";
    try {
      status = readFileSync(`/proc/${pid}/status`, "utf8");
    } catch {
      /* exited meanwhile */
    }
    return { pid, command: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? "?", rssBytes: Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024 };
  });
}

/** Samples a process tree every intervalMs: per-pid last CPU ticks and peak RSS. */
export function sampleTree(rootPid, intervalMs = 100) {
  const seen = new Map(); // pid -> { cpuTicks, peak }
  const tick = () => {
    const table = readProcTable();
    for (const pid of descendants(rootPid, table)) {
      const prev = seen.get(pid) ?? { cpuTicks: 0, peak: 0 };
      const peak = peakRssBytes(pid);
      seen.set(pid, { cpuTicks: Math.max(prev.cpuTicks, table.get(pid).cpuTicks), peak: Math.max(prev.peak, peak ?? 0) });
    }
  };
  const totals = () => {
    let cpuTicks = 0,
      peak = 0;
    for (const s of seen.values()) {
      cpuTicks += s.cpuTicks;
      peak += s.peak;
    }
    return { cpuMs: (cpuTicks * 1000) / CLOCK_TICKS, treePeakBytes: peak, processes: seen.size };
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    sampleNow: tick,
    /** Samples now and returns the tree's totals so far. */
    snapshot() {
      tick();
      return totals();
    },
    stop() {
      clearInterval(timer);
      return totals();
    },
  };
}

/**
 * Runs cmd with args; resolves { wallMs, cpuMs, peakBytes, maxSingleRssBytes, processes, exitCode, stdout, stderr }.
 * stdout/stderr are kept in memory (capped by maxBuffer) unless stdoutFile is given.
 */
export function measureCommand(cmd, args, { cwd, env, stdoutFile, timeoutMs = 30 * 60_000, input } = {}) {
  const haveTime = existsSync(gnuTime);
  const dir = mkdtempSync(join(tmpdir(), "loopscope-bench-"));
  const timeFile = join(dir, "time.txt");
  const [file, argv] = haveTime ? [gnuTime, ["-o", timeFile, "-f", TIME_FORMAT, cmd, ...args]] : [cmd, args];
  const outFd = stdoutFile ? openSync(stdoutFile, "w") : undefined;
  return new Promise((resolve, reject) => {
    const busyAtStart = machineBusyMs();
    const started = performance.now();
    const child = spawn(file, argv, { cwd, env: { ...process.env, ...env }, stdio: [input === undefined ? "ignore" : "pipe", outFd ?? "pipe", "pipe"] });
    if (input !== undefined) child.stdin.end(input);
    const sampler = sampleTree(child.pid);
    const out = [],
      err = [];
    child.stdout?.on("data", d => out.push(d));
    child.stderr.on("data", d => err.push(d));
    const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", e => {
      clearTimeout(killer);
      sampler.stop();
      reject(e);
    });
    child.on("close", (code, signal) => {
      const wallMs = performance.now() - started;
      clearTimeout(killer);
      const sampled = sampler.stop();
      if (outFd !== undefined) closeSync(outFd);
      const timed = haveTime && existsSync(timeFile) ? parseTimeOutput(readFileSync(timeFile, "utf8")) : undefined;
      rmSync(dir, { recursive: true, force: true });
      const cpuMs = Math.max(timed?.cpuMs ?? 0, sampled.cpuMs);
      const busyAtEnd = machineBusyMs();
      resolve({
        wallMs,
        cpuMs,
        // Cores kept busy by everything else on the machine during the run (this bench process included, ~1%).
        othersCores: busyAtStart === undefined || busyAtEnd === undefined ? undefined : Math.max(0, busyAtEnd - busyAtStart - cpuMs) / wallMs,
        peakBytes: Math.max(timed?.maxRssBytes ?? 0, sampled.treePeakBytes),
        maxSingleRssBytes: timed?.maxRssBytes,
        processes: sampled.processes,
        exitCode: timed?.exitCode ?? code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

/** Runs the same measurement `runs` times (one after another) and keeps the median of each number. */
export async function measureRepeated(runs, once) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(i));
  const pick = k => median(results.map(r => r[k]));
  return {
    wallMs: pick("wallMs"),
    cpuMs: pick("cpuMs"),
    peakBytes: pick("peakBytes"),
    othersCores: pick("othersCores"),
    runs: results,
    last: results[results.length - 1],
  };
}

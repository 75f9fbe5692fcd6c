// Runs real programs under `loopscope run` and reads back what it wrote.
// The CLI command runs from source (tsx) in its own process, exactly as a user would start it;
// the tracer is a fresh esbuild bundle of tracer/src (same options as scripts/build.mjs) so the
// tests never see a stale dist/.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { TraceFile, TraceEvent, CompleteEvent } from "../../protocol/src/trace";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const programs = join(root, "test", "fixtures", "programs");
const tmpRoot = join(root, "test", ".tmp");

let tracerBundle: Promise<string> | undefined;
const created: string[] = [];
// Leave test/.tmp as it was: every temp dir this process made goes when it exits.
process.on("exit", () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A tracer bundle private to this test process. */
export function tracerPath(): Promise<string> {
  tracerBundle ??= (async () => {
    mkdirSync(tmpRoot, { recursive: true });
    const dir = mkdtempSync(join(tmpRoot, "tracer-"));
    created.push(dir);
    const outfile = join(dir, "tracer.cjs");
    await build({
      entryPoints: [join(root, "tracer/src/index.ts")],
      outfile,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node18",
      logLevel: "error",
    });
    return outfile;
  })();
  return tracerBundle;
}

export function tempDir(prefix: string): string {
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, `${prefix}-`));
  created.push(dir);
  return dir;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  trace: TraceFile | undefined;
  tracePath: string;
}

export interface RunOptions {
  cwd?: string;
  threshold?: number;
  env?: NodeJS.ProcessEnv;
  /** Called once the loopscope process is started (e.g. to send it signals). */
  onStart?: (child: ChildProcess) => void;
  timeoutMs?: number;
  /** More `loopscope run` options, before the `--`. */
  args?: string[];
}

/** `loopscope run --out <tmp> -- <command...>` in a child process. */
export async function loopscopeRun(command: string[], options: RunOptions = {}): Promise<RunResult> {
  const tracePath = join(tempDir("trace"), "trace.json");
  const args = [
    "--import",
    "tsx",
    join(root, "test/tracer/run-entry.ts"),
    "--out",
    tracePath,
    ...(options.threshold ? ["--block-threshold", String(options.threshold)] : []),
    ...(options.args ?? []),
    "--",
    ...command,
  ];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? programs,
    env: { ...process.env, ...options.env, LOOPSCOPE_TRACER_PATH: await tracerPath() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  options.onStart?.(child);
  const stdout: Buffer[] = [];
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => stdout.push(d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  // On a hang: SIGTERM first (loopscope passes it on to the program), then SIGKILL.
  const timer = setTimeout(() => {
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 3000).unref();
  }, options.timeoutMs ?? 60_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve => child.on("close", (c, s) => resolve([c, s])));
  clearTimeout(timer);
  const trace = existsSync(tracePath) ? (JSON.parse(readFileSync(tracePath, "utf8")) as TraceFile) : undefined;
  return { code, signal, stdout: Buffer.concat(stdout), stderr, trace, tracePath };
}

/** The same program without loopscope, for comparisons. */
export async function plainRun(command: string[], cwd = programs): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const child = spawn(command[0]!, command.slice(1), { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const stdout: Buffer[] = [];
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => stdout.push(d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const code = await new Promise<number | null>(resolve => child.on("close", c => resolve(c)));
  return { code, stdout: Buffer.concat(stdout), stderr };
}

export const blocksOf = (trace: TraceFile) => trace.traceEvents.filter((e): e is CompleteEvent => e.ph === "X" && e.cat === "loopscope.block");
/** A block the machine caused: the process got no CPU for most of it (no stack to attribute). */
export const gotNoCpu = (block: TraceEvent): boolean => !!(block.args as { noCpu?: boolean } | undefined)?.noCpu;
/**
 * The machine runs more than it has cores (1-minute load average): a traced program's watchdog may
 * then get no CPU while the blocked thread runs, and a block ends before its first sample.
 */
export function machineOverloaded(): boolean {
  return loadavg()[0] > availableParallelism();
}

/**
 * `loopscopeRun`, run again (up to `attempts` in all) while the machine starved the run: a block of
 * the trace says the process got no CPU, or `sampled` (what the test needs the watchdog to have
 * seen: a block's stack, a live line's location) is false while the machine is overloaded. That
 * measures the machine's load, not the tracer. On a machine that is not overloaded a missing sample
 * is not retried, so a broken tracer still fails the test. The last run is returned whatever it says.
 */
export async function loopscopeRunGivenCpu(
  command: string[],
  options: RunOptions = {},
  attempts = 3,
  sampled?: (result: RunResult) => boolean,
): Promise<RunResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await loopscopeRun(command, options);
    const starved = result.trace
      ? blocksOf(result.trace)
          .filter(gotNoCpu)
          .map(b => b.name)
      : [];
    if (sampled && !sampled(result) && machineOverloaded()) starved.push(`not sampled at load ${loadavg()[0]!.toFixed(1)}`);
    if (!starved.length || attempt >= attempts) return result;
    console.log(`# ${command.join(" ")}: ${starved.join("; ")}; the machine is busy, run ${attempt + 1} of ${attempts}`);
  }
}

/** Whether the trace has a block whose stack goes through `line` of a file named `fileEnd`. */
export function hasBlockAt(trace: TraceFile | undefined, fileEnd: string, line: number): boolean {
  return (
    !!trace && blocksOf(trace).some(b => (b.args as { stack?: { file: string; line: number }[] }).stack?.some(f => f.line === line && f.file.endsWith(fileEnd)))
  );
}
export const byCat = (trace: TraceFile, cat: string, ph?: string) => trace.traceEvents.filter(e => e.cat === cat && (!ph || e.ph === ph));
export const threadNames = (trace: TraceFile) =>
  trace.traceEvents
    .filter((e): e is TraceEvent & { args: { name: string } } => e.ph === "M" && e.name === "thread_name")
    .map(e => ({ pid: e.pid, tid: e.tid, name: e.args.name }));
export const processNames = (trace: TraceFile) =>
  trace.traceEvents
    .filter((e): e is TraceEvent & { args: { name: string } } => e.ph === "M" && e.name === "process_name")
    .map(e => ({ pid: e.pid, name: e.args.name }));

/** 1-based line of the fixture line containing `marker`. */
export function markerLine(file: string, marker: string): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const i = lines.findIndex(l => l.includes(marker));
  if (i < 0) throw new Error(`marker ${marker} not in ${file}`);
  return i + 1;
}

// `loopscope run [--out trace.json] [--report timeline.html] [--block-threshold ms] [--live[=s]] -- <command...>`
// Runs a command with the tracer preloaded into every Node process it starts, records what the
// tracers send, prints a summary to stderr, writes a Chrome Trace Event Format file, and exits with
// the command's exit code (128 + signal number when it was killed). SIGINT/SIGTERM are forwarded.
// The command's stdin/stdout/stderr are inherited untouched.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { TracedRun } from "../../../tracer/src/recorder/traced-run";
import { SourceMapper } from "../../../tracer/src/recorder/source-maps";
import { formatSummary } from "../../../tracer/src/recorder/summary";
import { LiveReport } from "../../../tracer/src/recorder/live-report";
import { lastValue, parseCommandLine, processIo, usageExit, type OptionSpec } from "./command-line";
import type { RunMetadata, RunSummary, TraceFile } from "../../../protocol/src/trace";

/** Where traces go when `--out` is not given: a folder of their own, never the project's top level. */
export const DEFAULT_TRACE_DIR = ".loopscope";

/** `.loopscope/trace-2026-12-03T14-05-09-123Z.json` under `cwd`: a new name per run, so no run overwrites another's trace. */
export function defaultTracePath(cwd: string, now = new Date()): string {
  return join(cwd, DEFAULT_TRACE_DIR, `trace-${now.toISOString().replace(/[:.]/g, "-")}.json`);
}

/** Creates the default trace folder, with a .gitignore so that traces are not committed by accident. */
function prepareDefaultTraceDir(cwd: string): void {
  const dir = join(cwd, DEFAULT_TRACE_DIR);
  mkdirSync(dir, { recursive: true });
  const ignore = join(dir, ".gitignore");
  if (!existsSync(ignore)) writeFileSync(ignore, "# Traces written by `loopscope run`\n*\n");
}

const USAGE = `usage: loopscope run [--out <trace.json>] [--report <timeline.html>] [--block-threshold <ms>] [--live[=<s>]] -- <command> [args...]
  --out <file>             trace file to write (default ./${DEFAULT_TRACE_DIR}/trace-<time>.json)
  --report <file>          also write a self-contained HTML timeline (as \`loopscope report\`)
  --block-threshold <ms>   report event-loop blocks longer than this (default 50)
  --live[=<s>]             print blocks, workers, child processes and uncaught errors to stderr as
                           they happen, and the loop and HTTP numbers every <s> seconds (default 5)
`;

interface RunOptions {
  out?: string;
  report?: string;
  blockThresholdMs: number;
  liveIntervalS?: number;
  command: string[];
}

const runOptions = {
  out: { type: "string" },
  report: { type: "string" },
  "block-threshold": { type: "string" },
  // The interval only inline (`--live=2`): a separate word would be taken for the command.
  live: { type: "boolean", inlineValue: true },
} as const satisfies Record<string, OptionSpec>;

/** The options, `{ help: true }`, or a usage error. Options end at the command (the `--` is optional). */
export function parseRunArgs(argv: readonly string[]): RunOptions | { help: true } | string {
  const line = parseCommandLine(argv, runOptions, { stopAtPositional: true });
  if (typeof line === "string") return line;
  if (line.help) return { help: true };
  const out = lastValue(line, "out"),
    report = lastValue(line, "report");
  let blockThresholdMs = 50;
  const threshold = lastValue(line, "block-threshold");
  if (typeof threshold === "string") {
    blockThresholdMs = Number(threshold);
    if (!Number.isFinite(blockThresholdMs) || blockThresholdMs <= 0) return `--block-threshold must be a positive number of ms, got '${threshold}'`;
  }
  let liveIntervalS: number | undefined;
  const live = lastValue(line, "live");
  if (live !== undefined) {
    liveIntervalS = live === true ? 5 : Number(live);
    if (!Number.isFinite(liveIntervalS) || liveIntervalS <= 0) return `--live takes a positive number of seconds (--live=2), got '${live}'`;
  }
  if (!line.rest.length) return "no command given";
  return {
    ...(typeof out === "string" ? { out } : {}),
    ...(typeof report === "string" ? { report } : {}),
    blockThresholdMs,
    ...(liveIntervalS !== undefined ? { liveIntervalS } : {}),
    command: line.rest,
  };
}

/** dist/tracer.cjs next to the bundled CLI, or the repository's dist/ when running from source. */
export function findTracerBundle(): string | undefined {
  const candidates = [
    process.env.LOOPSCOPE_TRACER_PATH,
    fileURLToPath(new URL("./tracer.cjs", import.meta.url)),
    fileURLToPath(new URL("../../../dist/tracer.cjs", import.meta.url)),
  ];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export async function runCommand(argv: string[]): Promise<number> {
  const parsed = parseRunArgs(argv);
  if (typeof parsed === "string" || "help" in parsed) return usageExit("loopscope run", USAGE, typeof parsed === "string" ? parsed : undefined, processIo);
  const tracerPath = findTracerBundle();
  if (!tracerPath) {
    process.stderr.write("loopscope run: tracer bundle not found (build it with `node scripts/build.mjs tracer`)\n");
    return 2;
  }
  const outPath = parsed.out ? resolve(parsed.out) : defaultTracePath(process.cwd());
  // The report's code (dist/cli-report.mjs) only with --report, loaded now: what writes the report
  // at the end is the installation that recorded, even if the package is replaced meanwhile.
  const reportCode = parsed.report ? import("./report").catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))) : undefined;
  let live: LiveReport | undefined;
  const run = await TracedRun.start({
    command: parsed.command[0]!,
    args: parsed.command.slice(1),
    cwd: process.cwd(),
    env: process.env,
    tracerPath,
    stdio: "inherit",
    recorder: {
      blockThresholdMs: parsed.blockThresholdMs,
      ...(parsed.liveIntervalS !== undefined
        ? {
            onHello: stream => live?.hello(stream),
            onEvent: (stream, event) => live?.event(stream, event),
          }
        : {}),
    },
  });
  if (parsed.liveIntervalS !== undefined)
    live = new LiveReport({ originUs: run.recorder.originUs, cwd: process.cwd(), write: line => process.stderr.write(line) });
  const nowUs = () => {
    const [s, ns] = process.hrtime();
    return s * 1e6 + ns / 1e3;
  };
  const ticker = live && setInterval(() => live!.tick(nowUs()), parsed.liveIntervalS! * 1000);
  ticker?.unref();

  const child = run.child;
  const forward = (signal: NodeJS.Signals) => () => {
    // Ctrl+C in a terminal already signals the whole foreground process group, the command
    // included: forwarding it as well would deliver it twice (and many programs treat a second
    // SIGINT as "force quit"). Only a SIGINT sent to loopscope alone needs passing on.
    if (signal === "SIGINT" && process.stdin.isTTY) return;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const onSigint = forward("SIGINT");
  const onSigterm = forward("SIGTERM");
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  const exit = await run.exited;
  process.off("SIGINT", onSigint);
  process.off("SIGTERM", onSigterm);
  if (ticker) clearInterval(ticker);
  live = undefined;

  if (exit.error) {
    await run.close();
    process.stderr.write(`loopscope run: ${exit.error}\n`);
    return exit.notFound ? 127 : 126;
  }
  let written: string | undefined = outPath;
  let meta: RunMetadata, summary: RunSummary;
  let unwritten: TraceFile | undefined;
  try {
    if (!parsed.out) prepareDefaultTraceDir(process.cwd());
    ({ metadata: meta, summary } = await run.writeTrace(outPath, exit, new SourceMapper()));
  } catch (err) {
    written = undefined;
    process.stderr.write(`loopscope run: could not write ${outPath}: ${(err as Error).message}\n`);
    const built = run.build(exit, new SourceMapper());
    unwritten = built.trace;
    meta = built.trace.metadata!.loopscope!;
    summary = built.summary;
  }
  await run.close();
  process.stderr.write(formatSummary(meta, summary, written, process.cwd()));
  if (parsed.report) {
    try {
      // Read back from the file as `loopscope report` reads it: a long run's trace is never one string.
      const loaded = await reportCode!;
      if (loaded instanceof Error) throw loaded;
      const { writeReport, writeReportFromFile } = loaded;
      const result = written ? await writeReportFromFile(written, resolve(parsed.report)) : writeReport(unwritten, resolve(parsed.report));
      process.stderr.write(`  report: ${result.outFile}\n`);
    } catch (err) {
      process.stderr.write(`loopscope run: could not write the report: ${(err as Error).message}\n`);
    }
  }
  if (exit.code !== null) return exit.code;
  const signalNumber = exit.signal ? constants.signals[exit.signal] : undefined;
  return 128 + (signalNumber ?? 1);
}

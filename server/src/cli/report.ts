// `loopscope report trace.json --out timeline.html`: one self-contained HTML file showing the
// trace with the same timeline code as the VS Code panel (script, stylesheet and trace inlined,
// strict CSP, no network), openable offline in any browser. `writeReport` is shared with
// `loopscope run --report`.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { createGzip, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { validateTrace, type TraceCheck } from "../../../protocol/src/trace-validate";
import { readTraceFile, traceByteStream } from "../../../tracer/src/recorder/read-trace";
import { makeNonce, timelinePageHtml } from "../../../protocol/src/webview-page";
import { packageRoot } from "../package-root";
import { lastValue, parseCommandLine, processIo, usageExit, type OptionSpec } from "./command-line";
import { modelOfTrace } from "../../../timeline-model/src/timeline-model";
import { encodeSnapshot } from "../../../timeline-model/src/snapshot";

const USAGE = `usage: loopscope report <trace.json> [--out <timeline.html>] [--title <text>]
  Writes a self-contained HTML timeline of a trace (from \`loopscope run\`, or any Chrome
  Trace Event Format file; \`.json.gz\` too). Opens offline in any browser.
  --out <file>     HTML file to write (default: the trace's name with .html)
  --title <text>   page title (default: the run's command or the trace's file name)
`;

/** A problem the user can fix (bad input, missing build): printed without a stack, exit code 2. */
export class ReportError extends Error {}

export interface ReportResult {
  outFile: string;
  bytes: number;
  events: number;
  warnings: string[];
}

/** Where dist/webview is: next to the bundled CLI (dist/cli.mjs), or in the repository when run from sources. */
export function findWebviewBundle(): { script: string; style: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = packageRoot();
  const dirs = [
    process.env.LOOPSCOPE_WEBVIEW_DIR,
    join(here, "webview"),
    root && join(root, "dist", "webview"),
    join(here, "..", "..", "..", "dist", "webview"),
  ].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const script = join(dir, "timeline.js"),
      style = join(dir, "timeline.css");
    if (existsSync(script) && existsSync(style)) return { script, style };
  }
  throw new ReportError(
    `the timeline bundle (dist/webview/timeline.js) was not found; build it with \`node scripts/build.mjs webview\` (looked in ${dirs.join(", ")})`,
  );
}

/**
 * Writes the report for a trace: `trace` is the JSON value of a trace file (as `loopscope run`
 * holds it). `options.json` is the file's original text, embedded as is when given.
 * Throws ReportError when the trace is not usable or the bundle is missing.
 */
export function writeReport(
  trace: unknown,
  outFile: string,
  options: { json?: string; gzipped?: Buffer; source?: string; title?: string; check?: TraceCheck } = {},
): ReportResult {
  const check = options.check ?? validateTrace(trace);
  if (!check.ok) throw new ReportError(check.error);
  if (check.events.length === 0) throw new ReportError("the trace has no events");
  const bundle = findWebviewBundle();
  const embedded = options.gzipped
    ? { gzipBase64: options.gzipped.toString("base64"), source: options.source }
    : embed(options.json ?? JSON.stringify(trace), options.source);
  const meta = check.metadata?.loopscope as { command?: unknown } | undefined;
  const command = Array.isArray(meta?.command) ? meta.command.filter(s => typeof s === "string").join(" ") : "";
  const title = options.title ?? `Loopscope timeline — ${command || (options.source ? basename(options.source) : "trace")}`;
  const html = timelinePageHtml({
    nonce: makeNonce(),
    title,
    assets: { kind: "inline", script: readFileSync(bundle.script, "utf8"), style: readFileSync(bundle.style, "utf8") },
    embeddedTrace: embedded,
    // Every report is drawn from a snapshot; the page serves its events from the embedded trace.
    embeddedSnapshot: snapshotOf(check),
  });
  try {
    writeFileSync(outFile, html);
  } catch (error) {
    throw new ReportError(`cannot write ${outFile}: ${(error as NodeJS.ErrnoException).code ?? ""} ${(error as Error).message}`.trim());
  }
  return { outFile, bytes: Buffer.byteLength(html), events: check.events.length, warnings: check.warnings };
}

/** Traces above this size are embedded gzip+base64: ~10× smaller, and the browser reads them far quicker. */
export const COMPRESS_ABOVE_CHARS = 2 * 1024 * 1024;

function embed(json: string, source: string | undefined): { json: string; source?: string } | { gzipBase64: string; source?: string } {
  if (json.length <= COMPRESS_ABOVE_CHARS) return { json, source };
  return { gzipBase64: gzipSync(json, { level: 6 }).toString("base64"), source };
}

/**
 * The report of a trace file, read as a stream (plain or gzip, read-trace.ts): the file is never
 * one string. A big file is embedded gzip-compressed from its bytes (a gzip file as it is).
 */
export async function writeReportFromFile(input: string, outFile: string, options: { title?: string } = {}): Promise<ReportResult> {
  const { check, gzip, chars } = await readTraceFile(input);
  if (!check.ok) throw new ReportError(check.error);
  let json: string | undefined, gzipped: Buffer | undefined;
  if (gzip) gzipped = readFileSync(input);
  else if (chars > COMPRESS_ABOVE_CHARS || statSync(input).size > COMPRESS_ABOVE_CHARS) gzipped = await gzipOf(input);
  else json = readFileSync(input, "utf8");
  return writeReport(undefined, outFile, {
    ...(json !== undefined ? { json } : {}),
    ...(gzipped ? { gzipped } : {}),
    source: basename(input),
    title: options.title,
    check,
  });
}

async function gzipOf(path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of traceByteStream(path).pipe(createGzip({ level: 6 })) as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts);
}

/**
 * The timeline's model of the trace, laid out here so the page's first frame does not wait for
 * the browser to parse the trace's JSON (the page indexes the trace afterwards, for details).
 */
function snapshotOf(check: Extract<TraceCheck, { ok: true }>): { headerJson: string; blobGzipBase64: string } {
  // Built as the page and the panel's worker build it: run metadata only when it is Loopscope's own.
  const { header, blob } = encodeSnapshot(modelOfTrace(check));
  return { headerJson: JSON.stringify(header), blobGzipBase64: gzipSync(blob, { level: 6 }).toString("base64") };
}

interface ReportArgs {
  input: string;
  out: string | undefined;
  title: string | undefined;
}

const reportOptions = {
  out: { type: "string", short: "o" },
  title: { type: "string" },
} as const satisfies Record<string, OptionSpec>;

/** The arguments, `{ help: true }`, or a usage error. */
export function parseReportArgs(argv: readonly string[]): ReportArgs | { help: true } | string {
  const line = parseCommandLine(argv, reportOptions);
  if (typeof line === "string") return line;
  if (line.help) return { help: true };
  const [input, second] = line.positionals;
  if (second !== undefined) return `expected one trace file, got '${input}' and '${second}'`;
  if (input === undefined) return "no trace file given";
  const out = lastValue(line, "out"),
    title = lastValue(line, "title");
  return { input, out: typeof out === "string" ? out : undefined, title: typeof title === "string" ? title : undefined };
}

export async function reportCommand(argv: string[]): Promise<number> {
  const args = parseReportArgs(argv);
  if (typeof args === "string" || "help" in args) return usageExit("loopscope report", USAGE, typeof args === "string" ? args : undefined, processIo);
  const input = resolve(args.input);
  const stem = basename(input).replace(/\.gz$/i, "");
  const out = resolve(args.out ?? join(dirname(input), `${basename(stem, extname(stem)) || "timeline"}.html`));
  if (out === input) {
    process.stderr.write(`loopscope report: the output would overwrite the trace file ${args.input}; give --out\n`);
    return 2;
  }
  try {
    const result = await writeReportFromFile(input, out, { title: args.title });
    for (const w of result.warnings) process.stderr.write(`loopscope report: note: ${w}\n`);
    process.stdout.write(
      `Wrote ${out} (${formatBytes(result.bytes)}, ${result.events.toLocaleString("en-US")} events). Open it in any browser; it needs no network.\n`,
    );
    return 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof ReportError) {
      // Messages about the trace's content name the file; the others (bundle, output) say what they are about.
      process.stderr.write(`loopscope report: ${/^The trace|^This is not|^None of/.test(error.message) ? `${args.input}: ` : ""}${error.message}\n`);
      return 2;
    }
    if (code === "ENOENT" || code === "EISDIR" || code === "EACCES") {
      const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : "permission denied";
      process.stderr.write(`loopscope report: cannot read ${args.input}: ${why}\n`);
      return 2;
    }
    throw error;
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

// Reads a trace file as a stream: plain JSON or gzip (`.json.gz`, known by its magic bytes, not
// its name), decoded as the page decodes a file (TextDecoder: a byte order mark dropped, bad
// sequences U+FFFD) and parsed in chunks (protocol/src/trace-stream.ts), so no trace is ever one
// string. Used by `loopscope report` and `loopscope run --report`; the editor's worker reads
// files the same way (client/src/timeline/snapshotWorker.ts).
import { createReadStream, openSync, readSync, closeSync } from "node:fs";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { TraceTextStream, type TraceStreamOptions } from "../../../protocol/src/trace-stream";
import type { TraceCheck } from "../../../protocol/src/trace-validate";

export function isGzipFile(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes as text, decompressed when it is gzip. */
export function traceByteStream(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  if (!isGzipFile(path)) return file;
  const gunzip = createGunzip();
  // A reader that stops early destroys the gunzip stream: the file goes with it (pipe leaves it open).
  gunzip.on("close", () => file.destroy());
  return file.pipe(gunzip);
}

export interface ReadTrace {
  check: TraceCheck;
  gzip: boolean;
  /** Characters of (decompressed) text read. */
  chars: number;
}

/** Reads and validates a trace file chunk by chunk. Throws the fs error when the file cannot be read. */
export async function readTraceFile(
  path: string,
  options: TraceStreamOptions & {
    /** Stop with an error past this many characters of (decompressed) text: a reader that must stay quick (or a gzip bomb). */
    maxChars?: number;
  } = {},
): Promise<ReadTrace> {
  const gzip = isGzipFile(path);
  const parser = new TraceTextStream(options);
  const decoder = new TextDecoder();
  let chars = 0;
  const source = traceByteStream(path);
  try {
    for await (const bytes of source as AsyncIterable<Buffer>) {
      const text = decoder.decode(bytes, { stream: true });
      chars += text.length;
      if (options.maxChars !== undefined && chars > options.maxChars) {
        source.destroy();
        return {
          check: {
            ok: false,
            error: `The trace file is too large: more than ${options.maxChars.toLocaleString("en-US")} characters${gzip ? " once decompressed" : ""}.`,
          },
          gzip,
          chars,
        };
      }
      parser.write(text);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Cut off while it was written: what was decompressed is salvaged like a cut plain file.
    if (gzip && code === "Z_BUF_ERROR") return { check: finish(), gzip, chars };
    if (gzip && code?.startsWith("Z_")) {
      return { check: { ok: false, error: `The trace file is gzip, but its compressed data is broken: ${(error as Error).message}.` }, gzip, chars };
    }
    throw error;
  }
  return { check: finish(), gzip, chars };
  function finish(): TraceCheck {
    const tail = decoder.decode();
    chars += tail.length;
    parser.write(tail);
    return parser.end();
  }
}

// The spill's two lines of an HTTP span, written directly instead of converted to objects and
// stringified (the `http` converter in event-converters.ts; test/tracer/http-span-lines.test.ts
// checks that both give the same JSON value for every shape of span).
//
// Why: HTTP spans are the recorder's highest-rate event (up to 1,000 a second per thread), and
// every span's name starts with an arrow ("⇦ GET /"), a character past Latin-1. One such character
// makes V8 build the whole line, the spill's joined chunk and its UTF-8 encoding as two-byte
// strings, on their slow path. Written with a \u escape (the same JSON value) the lines stay
// one-byte, and no objects are built for them. Measured with 40,000 spans sent through the socket
// to a recorder that keeps them all (`LOOPSCOPE_SPANS_BURST=100000000 node --import tsx
// bench/recorder-span-cost.ts`, median of 3, shared machine at load ~20): 7.7 → 6.1 µs of the
// recorder's CPU per span; a span past the thinning burst costs ~2.3 µs either way.

import type { WireEvent } from "../../../protocol/src/tracer-wire";
import type { ConvertContext, EventPlace } from "./event-converters";
import { round } from "./event-converters";

type HttpEvent = Extract<WireEvent, { t: "http" }>;

/** The arrows of the span names, as JSON escapes. */
const SERVER_ARROW = "\\u21e6";
const CLIENT_ARROW = "\\u21e8";
/** Characters the escape takes over the character it stands for. */
export const ARROW_ESCAPE_EXTRA = SERVER_ARROW.length - 1;

/** A number as JSON.stringify writes it. */
const num = (n: number) => (Number.isFinite(n) ? String(n) : "null");

/**
 * The span's begin and end lines: JSON.parse of each equals the converter's event (same fields,
 * same order, same values). Takes the span id from `ctx` as the converter does.
 */
export function httpSpanLines(ctx: Pick<ConvertContext, "ts" | "id">, event: HttpEvent, at: EventPlace): [begin: string, end: string] {
  const method = JSON.stringify(event.method);
  const url = JSON.stringify(event.url);
  // `${arrow} ${method} ${url}`: the arrow escaped, the rest as JSON.stringify writes it.
  const name = `"${event.side === "server" ? SERVER_ARROW : CLIENT_ARROW}${JSON.stringify(` ${event.method} ${event.url}`).slice(1)}`;
  const id = JSON.stringify(ctx.id("http"));
  const start = ctx.ts(event.ts);
  const end = ctx.ts(event.ts + event.dur);
  const head = `{"ph":"b","cat":"loopscope.http","name":${name},"id":${id},"ts":${num(start)},"pid":${num(at.pid)},"tid":${num(at.tid)},`;
  let args = `{"side":${JSON.stringify(event.side)},"method":${method},"url":${url}`;
  if (event.status !== undefined) args += `,"status":${num(event.status)}`;
  if (event.error) args += `,"error":${JSON.stringify(event.error)}`;
  args += `,"durationMs":${num(round(event.dur / 1e3))}}`;
  return [
    `${head}"args":${args}}`,
    `{"ph":"e","cat":"loopscope.http","name":${name},"id":${id},"ts":${num(Math.max(start, end))},"pid":${num(at.pid)},"tid":${num(at.tid)}}`,
  ];
}

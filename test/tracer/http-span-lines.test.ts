// The spill's directly written HTTP span lines (tracer/src/recorder/http-span-lines.ts) say what
// the `http` converter says: for every shape of span, JSON.parse of each line equals the
// converter's event, the lines are ASCII when the program's text is, and the spill counts them at
// the size JSON.stringify would have written (so a long run's size cap is reached where it was).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARROW_ESCAPE_EXTRA, httpSpanLines } from "../../tracer/src/recorder/http-span-lines";
import { convertEvent, type ConvertContext, type EventPlace } from "../../tracer/src/recorder/event-converters";
import { Spill } from "../../tracer/src/recorder/spill";
import type { TraceEvent } from "../../protocol/src/trace";
import type { WireEvent } from "../../protocol/src/tracer-wire";

type HttpEvent = Extract<WireEvent, { t: "http" }>;

const ORIGIN = 1e9;
const place: EventPlace = { pid: 4242, threadId: 0, tid: 4242 };

/** What the converter needs for an HTTP span: the clock and the ids (a fresh sequence each). */
function context(): ConvertContext {
  let next = 1;
  return {
    out: [],
    ts: (us: number) => Math.round(Math.max(0, us - ORIGIN) * 1000) / 1000,
    id: (prefix: string) => `${prefix}-${next++}`,
  } as unknown as ConvertContext;
}

const spans: HttpEvent[] = [
  { t: "http", seq: 1, side: "server", ts: ORIGIN + 1234.5678, dur: 812.25, method: "GET", url: "/items?offset=7", status: 200 },
  { t: "http", seq: 2, side: "server", ts: ORIGIN + 5e6, dur: 12_345.678, method: "POST", url: "/upload", status: 503 },
  { t: "http", seq: 3, side: "client", ts: ORIGIN + 7e6, dur: 3, method: "GET", url: "http://127.0.0.1:9/x", error: "connect ECONNREFUSED 127.0.0.1:9" },
  // Text that JSON must escape, and text past ASCII from the program itself.
  { t: "http", seq: 4, side: "server", ts: ORIGIN + 8e6, dur: 0, method: 'WEIRD"\\', url: '/q?a="b"\n\t\u0001', status: 404 },
  { t: "http", seq: 5, side: "client", ts: ORIGIN + 9e6, dur: 1, method: "GET", url: "/café/😀" },
  // Rounding and a start before the run's origin (clamped to 0).
  { t: "http", seq: 6, side: "server", ts: ORIGIN - 10, dur: 0.0004, method: "GET", url: "/", status: 200 },
];

test("every HTTP span's spill lines parse to the converter's events", () => {
  const converterCtx = context();
  const linesCtx = context();
  for (const span of spans) {
    convertEvent(converterCtx, span, place);
    const expected = converterCtx.out.splice(0);
    const lines = httpSpanLines(linesCtx, span, place);
    assert.deepEqual(
      lines.map(line => JSON.parse(line) as TraceEvent),
      expected,
      `span ${span.seq}`,
    );
    // Same keys in the same order: the trace file reads the same to anything that looks at it.
    assert.deepEqual(
      lines.map(line => Object.keys(JSON.parse(line) as object)),
      expected.map(e => Object.keys(e)),
    );
  }
});

test("the lines are ASCII when the program's method and URL are, and stand for the arrows by \\u escapes", () => {
  const [begin, end] = httpSpanLines(context(), spans[0]!, place);
  for (const line of [begin, end]) {
    assert.match(line, /^[\x20-\x7e]*$/, line);
    assert.ok(line.includes('"name":"\\u21e6 GET /items?offset=7"'), line);
  }
  const [client] = httpSpanLines(context(), spans[2]!, place);
  assert.ok(client.includes('"name":"\\u21e8 GET http://127.0.0.1:9/x"'), client);
});

test("the spill counts a span's lines at the size JSON.stringify would have written", () => {
  const direct = new Spill();
  const stringified = new Spill();
  const converterCtx = context();
  const linesCtx = context();
  for (const span of spans) {
    for (const line of httpSpanLines(linesCtx, span, place)) direct.appendJson(line, ARROW_ESCAPE_EXTRA);
    convertEvent(converterCtx, span, place);
    for (const event of converterCtx.out.splice(0)) stringified.append(event);
  }
  assert.equal(direct.bytes, stringified.bytes);
  assert.equal(direct.events, stringified.events);
  assert.deepEqual(direct.readAll(), stringified.readAll());
});

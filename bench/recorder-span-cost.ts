// The recorder's CPU per HTTP span, the highest-rate event a traced server sends (up to 1,000 a
// second per thread): a child process sends N spans through the real socket and wire format
// (Transport, 200 per write, as the tracer's 200 ms batches do), the recorder (Recorder, a long
// run's TraceBuilder with its spill file) takes them; its process's CPU over the whole feed is
// divided by N. Spans past the thinning burst are counted and dropped, the rest converted and
// spilled: LOOPSCOPE_SPANS_BURST (read by the recorder) chooses which, e.g. 100000000 to keep all.
// usage: node --import tsx bench/recorder-span-cost.ts [--spans 40000] [--runs 3]
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Recorder } from "../tracer/src/recorder/recorder";
import { Transport } from "../tracer/src/transport";
import { WIRE_VERSION, type HelloMessage, type WireEventInput } from "../protocol/src/tracer-wire";

const option = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const spans = option("spans", 40_000);
const BATCH = 200;

async function sender(socketPath: string, token: string): Promise<void> {
  const [s, ns] = process.hrtime();
  const hello: HelloMessage = {
    t: "hello",
    v: WIRE_VERSION,
    token,
    pid: process.pid,
    ppid: process.ppid,
    tid: 0,
    role: "main",
    argv: [],
    execPath: process.execPath,
    nodeVersion: process.version,
    ts: s * 1e6 + ns / 1e3,
    blockThresholdMs: 50,
  };
  const transport = new Transport(socketPath, hello);
  let ts = hello.ts;
  for (let sent = 0; sent < spans; ) {
    for (let j = 0; j < BATCH && sent < spans; j++, sent++) {
      ts += 50;
      transport.send({ t: "http", side: "server", ts, dur: 1234.567, method: "GET", url: "/items?offset=7", status: 200 });
    }
    transport.flush();
    await new Promise(r => setTimeout(r, 5));
  }
  const final: WireEventInput = { t: "stats", ts, dropped: 0, errors: 0, final: true };
  transport.flushAtExit(final);
}

async function recorderRun(): Promise<{ usPerSpan: number; received: number }> {
  const recorder = await Recorder.start({ blockThresholdMs: 50 });
  const before = process.cpuUsage();
  const child = fork(fileURLToPath(import.meta.url), ["--sender", recorder.socketPath, recorder.token, "--spans", String(spans)], {
    execArgv: ["--import", "tsx"],
  });
  await new Promise(resolve => child.on("exit", resolve));
  await recorder.waitForIdle(5000);
  const cpu = process.cpuUsage(before);
  const received = recorder.builder.received;
  await recorder.close();
  return { usPerSpan: (cpu.user + cpu.system) / spans, received };
}

if (process.argv[2] === "--sender") {
  await sender(process.argv[3]!, process.argv[4]!);
} else {
  const results = [];
  for (let run = 0; run < option("runs", 3); run++) results.push(await recorderRun());
  const sorted = results.map(r => r.usPerSpan).sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      spans,
      burst: process.env.LOOPSCOPE_SPANS_BURST ?? "default",
      usPerSpan: sorted.map(x => Math.round(x * 100) / 100),
      median: Math.round(sorted[Math.floor(sorted.length / 2)]! * 100) / 100,
      received: results[0]!.received,
    }),
  );
}

// Timeline webview benchmark: opens a report of a 1,000,000-event trace in headless Chromium and
// measures the open time (page navigation → first frame drawn, with its parts) and the cost of
// frames while zooming and panning (programmatic steps at several zoom levels, and real wheel/drag
// input through d3-zoom). Targets: open < 2 s, frames < 16 ms.
// usage: node bench/webview-frame.mjs [--events N] [--runs N]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { formatMachine, machineInfo } from "./lib/machine.mjs";
import { formatTable, millis, percentile, median } from "./lib/table.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const workDir = join(root, "bench", ".work", "webview");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const EVENTS = opt("--events", 1_000_000);
const RUNS = opt("--runs", 3);
const machine = machineInfo();

const build = spawnSync(process.execPath, [join(root, "scripts/build.mjs"), "webview"], { stdio: "inherit" });
if (build.status !== 0) process.exit(1);
const { generateLargeTrace } = await tsImport("../test/webview/trace-generator.ts", import.meta.url);
const { writeReport } = await tsImport("../server/src/cli/report.ts", import.meta.url);
const { launchChromium, chromiumMissing } = await tsImport("../test/webview/browser.ts", import.meta.url);
const missing = chromiumMissing();
if (missing) {
  console.log(`webview benchmark skipped: ${missing}`);
  process.exit(0);
}

mkdirSync(workDir, { recursive: true });
const reportFile = join(workDir, `report-${EVENTS}.html`);
const traceFile = join(workDir, `trace-${EVENTS}.json`);
if (!existsSync(reportFile) || statSync(reportFile).mtimeMs < statSync(join(root, "dist/webview/timeline.js")).mtimeMs) {
  console.error(`bench: generating a trace of ~${EVENTS.toLocaleString("en-US")} events…`);
  const trace = generateLargeTrace(EVENTS);
  const json = JSON.stringify(trace);
  writeFileSync(traceFile, json);
  writeReport(trace, reportFile, { json, source: `trace-${EVENTS}.json` });
}
const traceBytes = statSync(traceFile).size;
const traceEvents = JSON.parse(
  readFileSync(traceFile, "utf8")
    .slice(-4000)
    .match(/"eventsReceived":(\d+)/)?.[0]
    .split(":")[1] ?? "0",
);

const browser = await launchChromium({ width: 1600, height: 1000 });
const chromiumVersion = browser.context.browser()?.version() ?? spawnSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" }).stdout.trim();
const opens = [];
let frames;
let textPath;
try {
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.context.newPage();
    const errors = [];
    page.on("pageerror", e => errors.push(e.message));
    // Main-thread tasks over 50 ms (Chromium's long tasks): the page cannot answer input meanwhile.
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver(list => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, dur: e.duration });
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(pathToFileURL(reportFile).href, { timeout: 120_000 });
    await page.waitForFunction(() => window.loopscopeTimeline?.timings.detailsReadyMs !== undefined, undefined, { timeout: 120_000, polling: 100 });
    const t = await page.evaluate(() => {
      const timings = window.loopscopeTimeline.timings;
      const after = window.__longTasks.filter(l => l.start >= timings.firstFrameAtMs);
      return {
        ...timings,
        longestTaskAfterFirstFrameMs: Math.max(0, ...after.map(l => l.dur)),
        heapMiB: (performance.memory?.usedJSHeapSize ?? NaN) / 2 ** 20,
        info: window.loopscopeTimeline.debugInfo(),
      };
    });
    if (errors.length) throw new Error(errors.join("\n"));
    opens.push(t);
    if (run === RUNS - 1) frames = await measureFrames(page);
    if (run === RUNS - 1) {
      // A page with the VS Code host stubbed, so posted messages are accepted.
      const host = await browser.context.newPage();
      await host.addInitScript("window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });");
      await host.goto(pathToFileURL(reportFile).href, { timeout: 120_000 });
      await host.waitForFunction(() => window.loopscopeTimeline?.timings.detailsReadyMs !== undefined, undefined, { timeout: 120_000, polling: 200 });
      await host.evaluate(() => {
        delete window.loopscopeTimeline.timings.openMs;
      });
      textPath = await measureTextPath(host);
      await host.close();
    }
    await page.close();
  }
} finally {
  await browser.close();
}

/** The text path (a file opened in the report page): the page parses the trace's text and builds the model. */
async function measureTextPath(page) {
  return page.evaluate(async () => {
    const el = document.getElementById("loopscope-trace");
    const binary = atob(el.textContent.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
    const view = window.loopscopeTimeline;
    const t0 = performance.now();
    view.onLocalFile(text, "posted.json");
    await new Promise(resolve => {
      const poll = () => (view.timings.openMs !== undefined && performance.now() - t0 > view.timings.openMs - 1 ? resolve() : setTimeout(poll, 20));
      poll();
    });
    return { total: performance.now() - t0, parse: view.timings.parseMs, model: view.timings.modelMs, frame: view.timings.firstFrameMs };
  });
}

async function measureFrames(page) {
  // Programmatic steps: set the view, draw synchronously, time the draw.
  const programmatic = await page.evaluate(() => {
    const view = window.loopscopeTimeline;
    const { view: whole } = view.debugInfo();
    const span = whole.t1 - whole.t0;
    const results = {};
    const run = (name, steps) => {
      const times = [];
      for (const [a, b] of steps) {
        view.setViewOffset(a, b);
        times.push(view.renderNow());
      }
      results[name] = { times, scanned: view.debugInfo().lastFrame.scanned };
    };
    const full = Array.from({ length: 30 }, () => [whole.t0, whole.t1]);
    run("whole trace (all events visible)", full);
    const zoom = Array.from({ length: 60 }, (_, i) => {
      const w = span * Math.pow(0.001, i / 59);
      const c = whole.t0 + span * 0.5;
      return [c - w / 2, c + w / 2];
    });
    run("zoom in 1x → 1000x", zoom);
    for (const [label, frac] of [
      ["pan at 10% of the trace", 0.1],
      ["pan at 1%", 0.01],
      ["pan at 0.05%", 0.0005],
    ]) {
      const w = span * frac;
      run(
        label,
        Array.from({ length: 60 }, (_, i) => {
          const a = whole.t0 + (span - w) * (i / 59);
          return [a, a + w];
        }),
      );
    }
    view.setViewOffset(whole.t0, whole.t1);
    return results;
  });
  // Real input through d3-zoom: wheel zooms and a drag pan; each event's frame is drawn in rAF.
  await page.evaluate(() => {
    const view = window.loopscopeTimeline;
    const original = view.renderNow.bind(view);
    window.__frameTimes = [];
    window.__frameStarts = [];
    view.renderNow = () => {
      window.__frameStarts.push(performance.now());
      const ms = original();
      window.__frameTimes.push(ms);
      return ms;
    };
  });
  const box = await page.locator(".ls-viewport").boundingBox();
  const cx = box.x + box.width / 2,
    cy = box.y + 120;
  await page.mouse.move(cx, cy);
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, -120);
    await page.waitForTimeout(16);
  }
  await page.mouse.down();
  for (let i = 0; i < 40; i++) {
    await page.mouse.move(cx - i * 12, cy);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(16);
  }
  const input = await page.evaluate(() => ({ times: window.__frameTimes, starts: window.__frameStarts }));
  return { programmatic, input };
}

const last = opens[opens.length - 1];
const info = last.info;
const col = k => opens.map(o => o[k]);
console.log(
  `## Timeline webview: ${traceEvents.toLocaleString("en-US")} trace events (${info.eventCount.toLocaleString("en-US")} drawn spans, instants and samples; ${(traceBytes / 2 ** 20).toFixed(0)} MiB of JSON, report ${(statSync(reportFile).size / 2 ** 20).toFixed(0)} MiB), ${info.rows.length} lanes/rows, headless Chromium ${chromiumVersion} (--disable-gpu: software canvas), viewport 1600×1000\n`,
);
console.log("### Opening the report (median of " + RUNS + " runs; target < 2 s to the first frame)\n");
console.log(
  formatTable(
    [
      { key: "what", title: "step", align: "left" },
      { key: "ms", title: "median" },
      { key: "all", title: "runs", align: "left" },
    ],
    [
      { what: "navigation start → first frame (everything)", ms: millis(median(col("firstFrameAtMs"))), all: col("firstFrameAtMs").map(millis).join(", ") },
      {
        what: "  of which: Chromium reads the page (script, snapshot, compressed trace)",
        ms: millis(median(opens.map(o => o.firstFrameAtMs - o.bootToFirstFrameMs))),
        all: "",
      },
      {
        what: "  decode the embedded model snapshot (base64, gunzip, typed-array views)",
        ms: millis(median(col("snapshotMs"))),
        all: col("snapshotMs").map(millis).join(", "),
      },
      { what: "  first frame drawn (layout, DOM labels, canvas)", ms: millis(median(col("firstFrameMs"))), all: col("firstFrameMs").map(millis).join(", ") },
      {
        what: "event details ready in the background (gunzip, then an index of the events' places in the text)",
        ms: millis(median(col("detailsReadyMs"))),
        all: col("detailsReadyMs").map(millis).join(", "),
      },
      {
        what: "  longest main-thread task meanwhile (the page cannot answer input)",
        ms: millis(median(col("longestTaskAfterFirstFrameMs"))),
        all: col("longestTaskAfterFirstFrameMs").map(millis).join(", "),
      },
      {
        what: "  JavaScript heap once the details are ready (MiB, not ms)",
        ms: median(col("heapMiB")).toFixed(0),
        all: col("heapMiB")
          .map(m => m.toFixed(0))
          .join(", "),
      },
      { what: "whole-trace statistics (after the first frame)", ms: millis(median(col("statsMs"))), all: "" },
    ],
  ),
);
if (opens.some(o => o.snapshotFailed)) console.log("\nWARNING: the snapshot could not be used; the page fell back to parsing the trace.");
console.log(
  `\nA page given the trace's text instead (a file opened in the report page; the VS Code panel posts a snapshot, see bench/vscode-open-trace.mjs): parse ${millis(textPath.parse)} + model ${millis(textPath.model)} + first frame ${millis(textPath.frame)} = ${millis(textPath.total)} from the message to the first frame.`,
);
console.log("\n### Frame cost while zooming and panning (draw time per frame; target < 16 ms)\n");
const rows = Object.entries(frames.programmatic).map(([name, r]) => ({
  what: name,
  n: r.times.length,
  p50: millis(percentile(r.times, 50)),
  p95: millis(percentile(r.times, 95)),
  max: millis(Math.max(...r.times)),
  scanned: r.scanned.toLocaleString("en-US"),
}));
const inputTimes = frames.input.times;
const intervals = frames.input.starts
  .slice(1)
  .map((t, i) => t - frames.input.starts[i])
  .filter(d => d < 100);
rows.push({
  what: "real wheel zoom + drag pan (d3-zoom, rAF)",
  n: inputTimes.length,
  p50: millis(percentile(inputTimes, 50)),
  p95: millis(percentile(inputTimes, 95)),
  max: millis(Math.max(...inputTimes)),
  scanned: "",
});
console.log(
  formatTable(
    [
      { key: "what", title: "scenario", align: "left" },
      { key: "n", title: "frames" },
      { key: "p50", title: "p50" },
      { key: "p95", title: "p95" },
      { key: "max", title: "max" },
      { key: "scanned", title: "spans scanned (last)" },
    ],
    rows,
  ),
);
console.log(
  `\nframe interval during real input (rAF to rAF, gaps under 100 ms): p50 ${millis(percentile(intervals, 50))}, p95 ${millis(percentile(intervals, 95))} (input arrives every ~16 ms + playwright overhead)`,
);
console.log(`\n${formatMachine(machine)}`);

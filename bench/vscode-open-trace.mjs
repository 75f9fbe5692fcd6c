// Opening a big trace file in the VS Code timeline panel, in a real VS Code (code-server, the
// packaged .vsix, headless Chromium): the time from accepting the file in "Loopscope: Open Trace
// File..." to the panel's first frame of the timeline, and to event details (hover, click to
// source) being ready. Each run closes the panel first, so it includes creating the webview.
// Whether the extension host stays responsive meanwhile: its longest event-loop stall during the
// open (perf_hooks.monitorEventLoopDelay in the extension host, through Node's inspector, which
// SIGUSR1 opens on 127.0.0.1:9229): while it stalls, every extension waits.
// usage: node bench/vscode-open-trace.mjs [--events N] [--runs N] [--vsix file.vsix]
//   --vsix   measure a given package (e.g. one built from an older commit) instead of building this tree
// Needs LOOPSCOPE_CODE_SERVER_ENTRY (see test/vscode/codeServer.ts); not part of `npm run bench`
// (a run takes minutes).
import { spawnSync } from "node:child_process";
import { WebSocket } from "undici";
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";
import { formatMachine, machineInfo } from "./lib/machine.mjs";
import { formatTable, median, millis } from "./lib/table.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const EVENTS = Number(opt("--events", 1_000_000));
const RUNS = Number(opt("--runs", 3));
const givenVsix = opt("--vsix", undefined);
const machine = machineInfo();

const { CodeServer, codeServerSkipReason, packageVsix } = await tsImport("../test/vscode/codeServer.ts", import.meta.url);
const ui = await tsImport("../test/vscode/workbenchUi.ts", import.meta.url);
const skip = codeServerSkipReason();
if (skip) {
  console.log(`VS Code open-trace benchmark skipped: ${skip}`);
  process.exit(0);
}

const runDir = mkdtempSync(join(tmpdir(), "loopscope-bench-open-"));
process.on("exit", () => rmSync(runDir, { recursive: true, force: true }));
let vsix = givenVsix && resolve(givenVsix);
if (!vsix) {
  const build = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
  if (build.status !== 0) process.exit(1);
  vsix = join(runDir, "loopscope.vsix");
  packageVsix(vsix);
}

// The trace: the webview benchmark's file when it is there (same generator, same size), else a new one.
const workDir = join(root, "bench", ".work", "webview");
const traceFile = join(workDir, `trace-${EVENTS}.json`);
if (!existsSync(traceFile)) {
  console.error(`bench: generating a trace of ~${EVENTS.toLocaleString("en-US")} events…`);
  const { generateLargeTrace } = await tsImport("../test/webview/trace-generator.ts", import.meta.url);
  mkdirSync(workDir, { recursive: true });
  writeFileSync(traceFile, JSON.stringify(generateLargeTrace(EVENTS)));
}
const folder = join(runDir, "workspace");
mkdirSync(folder);
const opened = join(folder, "big.trace.json");
try {
  linkSync(traceFile, opened);
} catch {
  copyFileSync(traceFile, opened);
}

const userSettings = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "git.enabled": false,
};
const server = await CodeServer.start({ entry: process.env.LOOPSCOPE_CODE_SERVER_ENTRY, runDir, folder, vsix, workspaceTrust: false, userSettings });
const results = [];
let extensionHost;
try {
  const page = await server.openWorkbench();
  await ui.waitForCommand(page, "Loopscope: Open Trace File...");
  extensionHost = await inspectExtensionHost(server).catch(error => {
    console.error(`no event-loop monitor in the extension host: ${error.message}`);
    return undefined;
  });
  for (let run = 0; run < RUNS; run++) {
    await runCommand(page, "View: Close All Editors");
    await runCommand(page, "Loopscope: Open Trace File...", false);
    // VS Code's own file dialog (the simple one in the browser): it starts in the workspace folder.
    await ui.typeInFileDialog(page, folder, opened, 500);
    await extensionHost?.evaluate(
      "globalThis.__loopscopeBenchDelay?.disable(); globalThis.__loopscopeBenchDelay = require('perf_hooks').monitorEventLoopDelay({ resolution: 10 }); globalThis.__loopscopeBenchDelay.enable(); true",
    );
    const t0 = Date.now();
    await page.keyboard.press("Enter");
    const frame = await ui.timelineFrame(page, 120_000, 50);
    // The first animation frame after the timeline has rows: the panel has painted them.
    await frame.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { timeout: 180_000, polling: "raf" });
    const firstFrame = Date.now() - t0;
    // Details: a record in the middle of the trace complete with its event (asked of the host, or
    // from a trace the page parsed itself), as when the user hovers it.
    await frame.waitForFunction(
      () => {
        const m = window.loopscopeTimeline?.model;
        return !!m && m.record(Math.floor(m.recordCount / 2)) !== undefined;
      },
      undefined,
      { timeout: 180_000, polling: 50 },
    );
    const details = Date.now() - t0;
    const info = await frame.evaluate(() => ({ events: window.loopscopeTimeline.debugInfo().eventCount, timings: window.loopscopeTimeline.timings }));
    const stallMs = await extensionHost?.evaluate("(() => { const h = globalThis.__loopscopeBenchDelay; h.disable(); return h.max / 1e6; })()");
    results.push({ firstFrame, details, stall: stallMs, events: info.events, timings: info.timings });
    console.error(`run ${run + 1}: first frame ${firstFrame} ms, details ${details} ms, longest extension host stall ${stallMs} ms`);
  }
} finally {
  extensionHost?.close();
  await server.stop();
}
// The extension's own account of each open (this tree's extension logs how the worker spent its time).
const hostLines = findFiles(join(runDir, "ud"), name => name.endsWith("Loopscope.log"))
  .flatMap(f => readFileSync(f, "utf8").split("\n"))
  .filter(l => l.includes("laid out in"));

const col = k => results.map(r => r[k]);
const traceMiB = statSync(traceFile).size / 2 ** 20;
console.log(
  `## VS Code timeline panel: opening a ${traceMiB.toFixed(0)} MiB trace (${results[0].events.toLocaleString("en-US")} drawn events), code-server + headless Chromium, ${givenVsix ? `package ${givenVsix}` : "this tree"}\n`,
);
console.log(
  formatTable(
    [
      { key: "what", title: "from accepting the file in Open Trace File...", align: "left" },
      { key: "ms", title: "median" },
      { key: "all", title: "runs", align: "left" },
    ],
    [
      { what: "to the first frame in the panel", ms: millis(median(col("firstFrame"))), all: col("firstFrame").map(millis).join(", ") },
      { what: "to event details ready (hover, click to source)", ms: millis(median(col("details"))), all: col("details").map(millis).join(", ") },
      { what: "longest extension host event-loop stall meanwhile", ms: millis(median(col("stall"))), all: col("stall").map(millis).join(", ") },
    ],
  ),
);
const pageSteps = r =>
  ["snapshotMs", "firstFrameMs", "detailsReadyMs"]
    .filter(k => r.timings[k] !== undefined)
    .map(k => `${k} ${millis(r.timings[k])}`)
    .join(", ");
if (results.some(r => pageSteps(r))) console.log(`\nIn the page (per run): ${results.map(pageSteps).join("; ")}`);
if (hostLines.length) console.log(`\nIn the extension host:\n${hostLines.map(l => `  ${l.replace(/^.*timeline: /, "")}`).join("\n")}`);
console.log(`\n${formatMachine(machine)}`);
process.exit(0);

async function runCommand(page, title, waitClosed = true) {
  try {
    return await ui.runCommand(page, title, waitClosed);
  } catch (e) {
    await page.screenshot({ path: join(root, "test-results/bench-open-trace-failure.png") });
    throw e;
  }
}
/**
 * Node's inspector in code-server's extension host (found in code-server's process group), for
 * Runtime.evaluate; SIGUSR1 makes Node open it on the default port. Checks it reached that process.
 */
async function inspectExtensionHost(server) {
  const ps = spawnSync("ps", ["-eo", "pid=,pgid=,args="], { encoding: "utf8" })
    .stdout.split("\n")
    .map(l => l.trim().split(/\s+/));
  const host = ps.find(([, pgid, ...argv]) => Number(pgid) === server.process.pid && argv.includes("--type=extensionHost"));
  if (!host) throw new Error("extension host process not found");
  const pid = Number(host[0]);
  process.kill(pid, "SIGUSR1");
  let targets;
  for (let i = 0; i < 50 && !targets; i++) {
    targets = await fetch("http://127.0.0.1:9229/json/list").then(
      r => r.json(),
      () => undefined,
    );
    if (!targets) await new Promise(r => setTimeout(r, 100));
  }
  if (!targets?.[0]) throw new Error("the inspector did not open on 127.0.0.1:9229");
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  const pending = new Map();
  let nextId = 0;
  ws.onmessage = event => {
    const m = JSON.parse(String(event.data));
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  };
  const evaluate = async expression => {
    const id = ++nextId;
    const answer = await new Promise(resolve => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method: "Runtime.evaluate", params: { expression, includeCommandLineAPI: true, returnByValue: true } }));
    });
    if (answer.error || answer.result.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(answer.error ?? answer.result.exceptionDetails)}`);
    return answer.result.result.value;
  };
  if ((await evaluate("process.pid")) !== pid) {
    ws.close();
    throw new Error("port 9229 belongs to another process");
  }
  return { evaluate, close: () => ws.close() };
}

function findFiles(dir, wanted) {
  const out = [];
  const walk = d => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (wanted(entry.name)) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

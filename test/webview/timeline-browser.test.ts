// The timeline in real headless Chromium: a report of the fixture trace (lanes, block marks on
// the canvas, hover, range statistics, click-to-source, keyboard), hostile strings staying text,
// malformed traces explained in the panel, live mode, and state restored after a reload.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, afterEach, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { parseTraceText } from "../../protocol/src/trace-validate";
import { makeNonce, timelinePageHtml } from "../../protocol/src/webview-page";
import { writeReport } from "../../server/src/cli/report";
import { formatDuration } from "../../timeline-model/src/format";
import { DEFAULT_SIZES } from "../../timeline-model/src/layout";
import { rangeStats } from "../../timeline-model/src/stats";
import { modelOfTrace, TimelineModel } from "../../timeline-model/src/timeline-model";
import { LiveHost } from "./live-host";
import { encodeSnapshot } from "../../timeline-model/src/snapshot";
import type { TimelineView } from "../../webview/src/render/timeline-view";
import { ensureBuilt, repoRoot } from "../helpers/built";
import { gzipSync } from "node:zlib";
import { TraceBuilder } from "../../tracer/src/recorder/trace-builder";
import { DEFAULT_THINNING } from "../../tracer/src/recorder/thinning";
import { SourceMapper } from "../../tracer/src/recorder/source-maps";
import { canvasPixel, chromiumMissing, launchChromium, type LaunchedBrowser } from "./browser";
import { fixturesDir } from "./make-fixtures";
import { CHILD_PID, HOSTILE_FUNCTION, HOSTILE_THREAD, KNOWN_BLOCKS, SERVER_PID, generateTrace } from "./trace-generator";

declare global {
  interface Window {
    loopscopeTimeline?: TimelineView;
  }
}

const skip = chromiumMissing();
if (skip) console.log(`# skipping the Chromium timeline tests: ${skip}`);

const fixtureText = readFileSync(join(fixturesDir, "server-run.json"), "utf8");
const check = parseTraceText(fixtureText);
if (!check.ok) throw new Error(check.error);
const model = new TimelineModel({ metadata: check.metadata?.loopscope });
model.addEvents(check.events);
model.finish();
model.prepare();
const MAIN_LOOP = `${SERVER_PID}:${SERVER_PID}:loop`;
/** µs from the trace start to the middle of a known block. */
const blockMiddle = (b: (typeof KNOWN_BLOCKS)[number]) => {
  const loop = model.row(b.worker === 0 ? MAIN_LOOP : `${SERVER_PID}:${b.worker}:loop`)!;
  for (let i = 0; i < loop.store.n; i++) {
    if (loop.kind === "spans" && loop.store.end[i] - loop.store.start[i] === b.dur) return loop.store.start[i] - model.startUs + b.dur / 2;
  }
  throw new Error("block not in the model");
};

let browser: LaunchedBrowser;
let dir: string;
let reportUrl: string;
let emptyReportUrl: string;
let webviewUrl: string;

before(async () => {
  if (skip) return;
  ensureBuilt("webview");
  dir = mkdtempSync(join(tmpdir(), "loopscope-webview-"));
  const report = join(dir, "timeline.html");
  writeReport(undefined, report, { json: fixtureText, source: "server-run.json", check });
  reportUrl = pathToFileURL(report).href;
  const assets = {
    kind: "inline" as const,
    script: readFileSync(join(repoRoot, "dist/webview/timeline.js"), "utf8"),
    style: readFileSync(join(repoRoot, "dist/webview/timeline.css"), "utf8"),
  };
  // A page like the VS Code panel's: no embedded trace; the (stubbed) host posts it.
  writeFileSync(join(dir, "webview.html"), timelinePageHtml({ nonce: makeNonce(), assets }));
  webviewUrl = pathToFileURL(join(dir, "webview.html")).href;
  writeFileSync(join(dir, "empty-report.html"), timelinePageHtml({ nonce: makeNonce(), assets }));
  emptyReportUrl = pathToFileURL(join(dir, "empty-report.html")).href;
  browser = await launchChromium();
});
// A failed test leaves its page open; a page left in front would stop the next one's animation frames.
afterEach(async () => {
  if (skip) return;
  for (const p of browser.context.pages()) if (p.url() !== "about:blank") await p.close().catch(() => undefined);
});
after(async () => {
  if (skip) return;
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  dialogs: string[];
  problems: string[];
  posted(): Promise<Array<Record<string, unknown>>>;
}

/** Opens a page; with `vscode`, a stub `acquireVsCodeApi` records posted messages and state like VS Code does. */
async function open(url: string, options: { vscode?: boolean; state?: unknown; waitForTimeline?: boolean } = {}): Promise<Opened> {
  const page = await browser.context.newPage();
  const dialogs: string[] = [];
  const problems: string[] = [];
  page.on("dialog", d => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", e => problems.push(`pageerror: ${e.message}`));
  page.on("console", m => {
    if (m.type() === "error" || /Content.Security.Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  // A string, not a function: tsx's transform would add helpers the page does not have.
  await page.addInitScript(`
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
    if (${JSON.stringify(!!options.vscode)}) {
      window.__posted = [];
      window.__state = ${JSON.stringify(options.state ?? null)} ?? undefined;
      window.acquireVsCodeApi = () => ({
        postMessage: m => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => window.__state,
        setState: s => { window.__state = s; },
      });
    }
  `);
  await page.goto(url);
  if (options.waitForTimeline !== false)
    await page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50 });
  return { page, dialogs, problems, posted: () => page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted) };
}

async function finish(o: Opened): Promise<void> {
  const violations = await o.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  await o.page.close();
  assert.deepEqual(violations, [], "no CSP violations");
  assert.deepEqual(o.problems, [], "no page errors");
  assert.deepEqual(o.dialogs, [], "no dialogs");
}

/** Page coordinates of a time (µs from the trace start) on a row's level, scrolling the row into view. */
async function pointOn(page: Page, rowId: string, offsetUs: number, level = 0): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ rowId, offsetUs, level, sizes }) => {
      const view = window.loopscopeTimeline!;
      let info = view.debugInfo();
      const row = info.rows.find(r => r.id === rowId)!;
      const scroller = document.querySelector(".ls-scroller")!;
      if (row.y < info.viewport.scrollTop || row.y + row.height > info.viewport.scrollTop + info.viewport.height) {
        scroller.scrollTop = Math.max(0, row.y - 40);
        view.renderNow();
        info = view.debugInfo();
      }
      return {
        x: view.clientX(offsetUs),
        y: info.viewport.top + row.y - info.viewport.scrollTop + sizes.rowPadding / 2 + level * sizes.levelHeight + sizes.levelHeight / 2 - 1,
      };
    },
    { rowId, offsetUs, level, sizes: DEFAULT_SIZES },
  );
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

describe("timeline in Chromium", { skip }, () => {
  it("draws a lane per process with its threads' rows and the block marks", async () => {
    const o = await open(reportUrl);
    const { page } = o;
    const lanes = await page.locator(".ls-lane-name").allTextContents();
    assert.deepEqual(lanes, [`node server.js [${SERVER_PID}]`, "node report-job.js --month=11 [4317]"]);
    const summary = await page.locator("[data-testid=lanes-summary] > li").allTextContents();
    assert.equal(summary.length, 2);
    assert.match(summary[0], /main thread — event loop: \d+ events, \d+ blocks \(longest 412 ms\)/);
    assert.match(summary[0], /main thread — HTTP server: \d+ events/);
    const threads = await page.locator(".ls-row-label .ls-thread").allTextContents();
    assert.deepEqual(threads, ["main thread", "worker 1 resize.js", HOSTILE_THREAD, "main thread"]);
    // Block marks on the canvas: red where the known blocks are, background between them.
    for (const b of KNOWN_BLOCKS.filter(k => k.worker === 0)) {
      const [r, g, bl] = await canvasPixel(page, await pointOn(page, MAIN_LOOP, blockMiddle(b)));
      assert.ok(r > 120 && g < 110 && bl < 110 && r > g * 1.8, `block at ${b.at} µs is drawn red, got rgb(${r}, ${g}, ${bl})`);
    }
    const between = await canvasPixel(page, await pointOn(page, MAIN_LOOP, 1_100_000));
    assert.ok(
      between.every(c => c > 200),
      `no mark between blocks, got ${between}`,
    );
    const info = await page.evaluate(() => window.loopscopeTimeline!.debugInfo());
    assert.ok(info.lastFrame.rows > 10 && info.lastFrame.rects > 10, "info.lastFrame.rows > 10 && info.lastFrame.rects > 10");
    assert.equal(await page.locator(".ls-badge-drops").innerText(), "⚠ 12 events dropped");
    await finish(o);
  });

  it("shows details on hover and pins them on click, with file:line in the report", async () => {
    const o = await open(reportUrl);
    const { page } = o;
    const p = await pointOn(page, MAIN_LOOP, blockMiddle(KNOWN_BLOCKS[0]));
    await page.mouse.move(p.x, p.y);
    const tooltip = page.locator("[data-testid=tooltip]");
    await tooltip.waitFor({ state: "visible" });
    const tip = await tooltip.innerText();
    assert.match(tip, /block 412 ms loadReportTemplate report\.ts:42/);
    assert.match(tip, /Duration: 412 ms/);
    assert.match(tip, /Source: \/srv\/app\/src\/routes\/report\.ts:42:17/);
    await page.mouse.click(p.x, p.y);
    assert.equal(await text(page, "[data-testid=source]"), "/srv/app/src/routes/report.ts:42:17");
    assert.match(await text(page, "[data-testid=details]"), /Function\s+loadReportTemplate/);
    assert.match(await text(page, "[data-testid=details]"), /handleRequest/, "the stack is listed");
    await page.mouse.move(p.x, 5);
    await tooltip.waitFor({ state: "hidden" });
    await finish(o);
  });

  it("computes statistics for a range selected on the time axis", async () => {
    const o = await open(reportUrl);
    const { page } = o;
    const a = await page.evaluate(() => window.loopscopeTimeline!.clientX(1_000_000));
    const b = await page.evaluate(() => window.loopscopeTimeline!.clientX(3_500_000));
    const axis = await page.locator(".ls-axis").boundingBox();
    await page.mouse.move(a, axis!.y + 15);
    await page.mouse.down();
    await page.mouse.move((a + b) / 2, axis!.y + 15, { steps: 4 });
    await page.mouse.move(b, axis!.y + 15, { steps: 4 });
    await page.mouse.up();
    await page.locator("[data-testid=stats] h2", { hasText: "Selection" }).waitFor();
    const sel = (await page.evaluate(() => window.loopscopeTimeline!.debugInfo().selection))!;
    assert.ok(Math.abs(sel.t0 - 1_000_000) < 20_000 && Math.abs(sel.t1 - 3_500_000) < 20_000, JSON.stringify(sel));
    const expected = rangeStats(model, model.startUs + sel.t0, model.startUs + sel.t1);
    assert.equal(
      await text(page, "[data-testid=stats-range]"),
      `${formatDuration(expected.t0 - model.startUs)} – ${formatDuration(expected.t1 - model.startUs)} (${formatDuration(expected.durationUs)})`,
      "the range line says where the selection starts and ends, and how long it is",
    );
    for (const c of expected.categories) {
      const card = page.locator(`[data-testid=stats-table] [data-category="${c.category}"]`);
      assert.match(await card.locator(".ls-stat-count").innerText(), new RegExp(`^${c.count.toLocaleString("en-US")} · `), c.category);
      assert.equal(await card.locator("[data-stat=p50]").innerText(), `p50 ${formatDuration(c.p50)}`);
      assert.equal(await card.locator("[data-stat=p99]").innerText(), `p99 ${formatDuration(c.p99)}`);
    }
    const blocks = expected.categories.find(c => c.category === "blocks")!;
    assert.ok(blocks.count >= 2, "the 412 ms and 180 ms blocks are in the range");
    const http = expected.categories.find(c => c.category === "http-server")!;
    if (http.errors) assert.match(await page.locator('[data-category="http-server"] .ls-stat-count').innerText(), /% errors/);
    assert.match(await text(page, "[data-testid=blocked]"), /Event loop blocked/);
    // The selection is drawn on the overlay.
    await page.getByRole("button", { name: "Zoom to selection" }).click();
    const view = await page.evaluate(() => window.loopscopeTimeline!.debugInfo().view);
    assert.ok(Math.abs(view.t0 - sel.t0) < 1 && Math.abs(view.t1 - sel.t1) < 1, "Math.abs(view.t0 - sel.t0) < 1 && Math.abs(view.t1 - sel.t1) < 1");
    await finish(o);
  });

  it("posts openSource to VS Code when an event with a source location is clicked, or Enter pressed", async () => {
    const o = await open(reportUrl, { vscode: true });
    const { page } = o;
    const p = await pointOn(page, MAIN_LOOP, blockMiddle(KNOWN_BLOCKS[1]));
    await page.mouse.click(p.x, p.y);
    const posted = await o.posted();
    assert.deepEqual(posted[0], { type: "ready", protocolVersion: 1 });
    assert.deepEqual(
      posted.filter(m => m.type === "openSource"),
      [{ type: "openSource", file: "/srv/app/src/auth.ts", line: 17, column: 10 }],
    );
    // Keyboard: the clicked row has the focus; step to the next block in it and open its source.
    await page.focus(".ls-viewport");
    await page.keyboard.press("]");
    const stepped = await text(page, "[data-testid=source]");
    assert.notEqual(stepped, "/srv/app/src/auth.ts:17:10", "moved to another block");
    await page.keyboard.press("Enter");
    const opened = (await o.posted()).filter(m => m.type === "openSource");
    assert.equal(opened.length, 2);
    assert.equal(`${opened[1].file}:${opened[1].line}:${opened[1].column}`, stepped);
    assert.equal(await text(page, "[data-testid=announcer]"), `Opening ${stepped}`);
    await page.keyboard.press("[");
    assert.equal(await text(page, "[data-testid=source]"), "/srv/app/src/auth.ts:17:10", "[ steps back");
    const before = await page.evaluate(() => window.loopscopeTimeline!.debugInfo().view);
    await page.keyboard.press("+");
    await page.keyboard.press("ArrowRight");
    const zoomed = await page.evaluate(() => window.loopscopeTimeline!.debugInfo().view);
    assert.ok(zoomed.t1 - zoomed.t0 < (before.t1 - before.t0) * 0.6, "+ zooms in");
    await page.keyboard.press("0");
    const all = await page.evaluate(() => window.loopscopeTimeline!.debugInfo().view);
    assert.ok(all.t0 <= 0 && all.t1 >= model.endUs - model.startUs, "all.t0 <= 0 && all.t1 >= model.endUs - model.startUs");
    await finish(o);
  });

  it("opens a recorded trace and jumps to the line that blocked", async () => {
    const text = readFileSync(join(fixturesDir, "recorded-blocking-server.json"), "utf8");
    const file = join(dir, "recorded.html");
    writeReport(JSON.parse(text), file, { json: text, source: "recorded-blocking-server.json" });
    const o = await open(pathToFileURL(file).href, { vscode: true });
    const recorded = new TimelineModel({});
    const rc = parseTraceText(text);
    assert.ok(rc.ok, "the recorded fixture parses");
    recorded.addEvents(rc.events);
    recorded.finish();
    recorded.prepare();
    const loop = recorded.rows().find(r => r.kind === "spans" && r.category === "loop") as import("../../timeline-model/src/timeline-model").SpanRow;
    const i = [...Array(loop.store.n).keys()].find(j => recorded.records[loop.store.ref[j]].name.includes("hashPassword"))!;
    // Just inside the block's left edge: its middle carries its name as text.
    const p = await pointOn(o.page, loop.id, loop.store.start[i] - recorded.startUs);
    p.x += 2;
    const [r, g] = await canvasPixel(o.page, p);
    assert.ok(r > 120 && r > g * 1.8, `the 3 s block is drawn red (${r}, ${g})`);
    await o.page.mouse.click(p.x, p.y);
    const opened = (await o.posted()).filter(m => m.type === "openSource");
    assert.equal(opened.length, 1);
    assert.match(String(opened[0].file), /test\/fixtures\/programs\/blocking-server\.mjs$/);
    assert.deepEqual([opened[0].line, opened[0].column], [21, 10]);
    await finish(o);
  });

  it("shows hostile strings from the trace as text and runs nothing", async () => {
    const o = await open(reportUrl, { vscode: true });
    const { page } = o;
    const p = await pointOn(page, MAIN_LOOP, blockMiddle(KNOWN_BLOCKS[2]));
    await page.mouse.move(p.x, p.y);
    await page.locator("[data-testid=tooltip]").waitFor({ state: "visible" });
    assert.ok(
      (await page.locator("[data-testid=tooltip]").textContent())!.includes(`block 260 ms ${HOSTILE_FUNCTION} <evil>.ts:7`),
      '(await page.locator("[data-testid=tooltip]").textContent())!.includes(`block 260 ms ${H...',
    );
    await page.mouse.click(p.x, p.y);
    assert.ok(
      (await page.locator("[data-testid=details]").textContent())!.includes(`Function${HOSTILE_FUNCTION}`),
      '(await page.locator("[data-testid=details]").textContent())!.includes(`Function${HOSTIL...',
    );
    assert.ok(
      (await page.locator("[data-testid=details]").textContent())!.includes("/srv/app/src/<evil>.ts:7:3"),
      '(await page.locator("[data-testid=details]").textContent())!.includes("/srv/app/src/<ev...',
    );
    const lifecycle = await pointOn(page, `${SERVER_PID}:${SERVER_PID}:http-server`, 1000);
    await page.mouse.move(lifecycle.x, lifecycle.y);
    await page.waitForTimeout(300);
    const counts = await page.evaluate(() => ({
      img: document.querySelectorAll("img").length,
      b: document.querySelectorAll("b").length,
      svg: document.querySelectorAll("svg").length,
      scripts: document.querySelectorAll("script").length,
      handlers: [...document.querySelectorAll("*")].filter(e => [...e.attributes].some(a => a.name.startsWith("on"))).length,
    }));
    // The page's own scripts only: the embedded trace, the snapshot's header and blob, and the timeline.
    assert.deepEqual(counts, { img: 0, b: 0, svg: 1, scripts: 4, handlers: 0 });
    assert.ok(
      (await page.locator(".ls-row-label .ls-thread").allTextContents()).includes(HOSTILE_THREAD),
      '(await page.locator(".ls-row-label .ls-thread").allTextContents()).includes(HOSTILE_THR...',
    );
    assert.deepEqual(
      (await o.posted()).filter(m => m.type === "openSource").map(m => m.file),
      ["/srv/app/src/<evil>.ts"],
    );
    await finish(o);
  });

  it("explains malformed and truncated traces inside the panel, and recovers", async () => {
    const o = await open(webviewUrl, { vscode: true, waitForTimeline: false });
    const { page } = o;
    await page.waitForFunction(() => !!window.loopscopeTimeline, undefined, { polling: 50 });
    const post = (m: unknown) => page.evaluate(m => window.postMessage(m, "*"), m);
    // A file the page reads itself (the host's worker says the same through `showError`).
    const openFile = (text: string, name: string) => page.evaluate(([t, n]) => window.loopscopeTimeline!.onLocalFile!(t!, n!), [text, name]);
    await openFile(readFileSync(join(fixturesDir, "invalid.json"), "utf8"), "invalid.json");
    const error = page.locator("[data-testid=error]");
    await error.waitFor();
    assert.match(await error.innerText(), /This trace cannot be shown\s+The trace file is not valid JSON/);
    await openFile(readFileSync(join(fixturesDir, "not-a-trace.json"), "utf8"), "not-a-trace.json");
    assert.match(await error.innerText(), /not a trace file/);
    await openFile("", "empty.json");
    assert.match(await error.innerText(), /The trace file is empty/);
    await post({ type: "showError", message: "Could not read /tmp/t.json: EACCES" });
    assert.match(await error.innerText(), /EACCES/);
    // A truncated file shows what it has, with a banner saying so.
    await openFile(readFileSync(join(fixturesDir, "truncated.json"), "utf8"), "truncated.json");
    await page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50 });
    assert.equal(await error.count(), 0);
    assert.match(await text(page, ".ls-banner"), /The trace file is truncated .*showing the \d+ complete events before the cut/);
    // Malformed messages are ignored (and logged to the host), never fatal.
    await post({ type: "snapshotDelta", serial: 1, header: {}, blob: "nope" });
    await post({ hello: 1 });
    await page.waitForTimeout(50);
    assert.equal((await o.posted()).filter(m => m.type === "log" && /malformed message/.test(String(m.message))).length, 2);
    o.problems.length = 0; // the page logged nothing as errors, but be explicit about what is expected
    await finish(o);
    // A report page without a trace says so instead of staying blank.
    const empty = await open(emptyReportUrl, { waitForTimeline: false });
    await empty.page.locator("[data-testid=error]").waitFor();
    assert.match(await empty.page.locator("[data-testid=error]").innerText(), /No trace in this page/);
    await finish(empty);
  });

  it("live mode: follows the newest events, stops following when panned away, pauses and shows drops", async () => {
    const o = await open(webviewUrl, { vscode: true, waitForTimeline: false });
    const { page } = o;
    await page.waitForFunction(() => !!window.loopscopeTimeline, undefined, { polling: 50 });
    const host = new LiveHost(page);
    const events = check.events;
    await host.start();
    assert.equal(await page.locator(".ls-badge-live").innerText(), "LIVE");
    const info = () => page.evaluate(() => window.loopscopeTimeline!.debugInfo());
    const chunk = Math.ceil(events.length / 10);
    for (let i = 0; i < 4; i++) await host.add(events.slice(i * chunk, (i + 1) * chunk));
    await page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50 });
    let d = await info();
    assert.equal(d.follow, true);
    const lastTs = Math.max(...events.slice(0, 4 * chunk).map(e => e.ts + ("dur" in e ? e.dur : 0))) - model.startUs;
    assert.ok(d.view.t1 >= lastTs, `view ends at the newest event (${d.view.t1} ≥ ${lastTs})`);
    // Pan away: following stops, new events do not move the view.
    await page.focus(".ls-viewport");
    await page.keyboard.press("+");
    await page.keyboard.press("Shift+ArrowLeft");
    d = await info();
    assert.equal(d.follow, false);
    await host.add(events.slice(4 * chunk, 5 * chunk));
    const still = await info();
    assert.deepEqual(still.view, d.view);
    await page.keyboard.press("f");
    d = await info();
    assert.equal(d.follow, true);
    // Pause: updates are buffered, not drawn, until resumed.
    await page.getByRole("button", { name: "Pause the live view (Space)" }).click();
    const count = (await info()).eventCount;
    await host.add(events.slice(5 * chunk, 6 * chunk));
    d = await info();
    assert.equal(d.paused, true);
    assert.equal(d.eventCount, count);
    assert.ok(d.pending > 0, `events waiting: ${d.pending}`);
    assert.match(await page.locator(".ls-badge-paused").innerText(), /PAUSED · [\d,]+ waiting/);
    await page.getByRole("button", { name: "Resume the live view (Space)" }).click();
    const resumed = await info();
    assert.ok(resumed.eventCount === count + d.pending && resumed.pending === 0, `${resumed.eventCount} = ${count} + ${d.pending}`);
    assert.deepEqual(
      (await o.posted()).filter(m => m.type === "livePaused").map(m => m.paused),
      [true, false],
    );
    await host.drops(7, { [`${SERVER_PID}:2`]: 7 });
    assert.equal(await page.locator(".ls-badge-drops").innerText(), "⚠ 7 events dropped");
    assert.match((await page.locator(".ls-badge-drops").getAttribute("title"))!, /worker 2 .*: 7/);
    for (let i = 6; i < 10; i++) await host.add(events.slice(i * chunk, (i + 1) * chunk));
    // A live block's details are served by the host on request, as a trace file's are.
    await page.focus(".ls-viewport");
    await page.keyboard.press("0");
    const p = await pointOn(page, MAIN_LOOP, blockMiddle(KNOWN_BLOCKS[0]));
    await page.mouse.move(p.x, p.y);
    await page.waitForFunction(
      () => ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some(m => m.type === "requestEvents"),
      undefined,
      {
        polling: 50,
      },
    );
    assert.ok((await host.answer()) > 0, "the page asked for the hovered block's events");
    await page.mouse.move(p.x + 1, p.y);
    await page.locator("[data-testid=tooltip]").waitFor({ state: "visible" });
    await page.waitForFunction(() => /Source:/.test(document.querySelector("[data-testid=tooltip]")?.textContent ?? ""), undefined, { polling: 50 });
    assert.match(
      await page.locator("[data-testid=tooltip]").innerText(),
      /block 412 ms loadReportTemplate[\s\S]*Source: \/srv\/app\/src\/routes\/report\.ts:42:17/,
    );
    await host.end(check.metadata);
    d = await info();
    assert.equal(d.live, false);
    assert.equal(await page.locator(".ls-badge-live").isVisible(), false);
    assert.equal(d.eventCount, model.eventCount, "nothing lost");
    await finish(o);
  });

  it("after Stop, the view is the saved trace's, opened as a file, with the run's zoom and scroll", async () => {
    const o = await open(webviewUrl, { vscode: true, waitForTimeline: false });
    const { page } = o;
    await page.setViewportSize({ width: 1000, height: 300 });
    await page.waitForFunction(() => !!window.loopscopeTimeline, undefined, { polling: 50 });
    const host = new LiveHost(page, "run.trace.json");
    await host.start(1);
    const events = check.events;
    const chunk = Math.ceil(events.length / 5);
    for (let i = 0; i < 4; i++) await host.add(events.slice(i * chunk, (i + 1) * chunk));
    // The user zooms into the run and scrolls down to the child's lane.
    await page.focus(".ls-viewport");
    await page.keyboard.press("+");
    await page.keyboard.press("+");
    await page.evaluate(() => {
      document.querySelector(".ls-scroller")!.scrollTop = 120;
      window.loopscopeTimeline!.renderNow();
    });
    const zoomed = await page.evaluate(() => window.loopscopeTimeline!.debugInfo());
    assert.ok(zoomed.viewport.scrollTop > 0, "scrolled");
    // Events keep arriving: the zoom and the scroll stay.
    await host.add(events.slice(4 * chunk));
    const during = await page.evaluate(() => window.loopscopeTimeline!.debugInfo());
    assert.ok(during.eventCount > zoomed.eventCount, "the run grew");
    assert.equal(during.viewport.scrollTop, zoomed.viewport.scrollTop, "the scroll stays while events arrive");
    assert.ok(Math.abs(during.view.t1 - during.view.t0 - (zoomed.view.t1 - zoomed.view.t0)) < 1, "the zoom stays while events arrive");
    await host.end(check.metadata);
    const ended = await page.evaluate(() => window.loopscopeTimeline!.debugInfo());
    // The panel then shows the trace file written for the run: its snapshot, its events served.
    const { header, blob } = encodeSnapshot(modelOfTrace(check));
    const showFile = (p: Page) =>
      p.evaluate(
        ({ header, bytes }) => {
          window.postMessage({ type: "loadSnapshot", header, blob: new Uint8Array(bytes), source: "run.trace.json" }, "*");
          window.postMessage({ type: "eventsServed", serial: 2 }, "*");
        },
        { header, bytes: Array.from(blob) },
      );
    await showFile(page);
    await page.waitForFunction(() => window.loopscopeTimeline?.debugInfo().timings.firstFrameAtMs !== undefined, undefined, { polling: 50 });
    const after = await page.evaluate(() => window.loopscopeTimeline!.debugInfo());
    assert.deepEqual(after.view, during.view, "the zoom is kept while the run ends and after");
    assert.equal(after.viewport.scrollTop, during.viewport.scrollTop, "the scroll is kept");
    // Nothing lost or changed: the run's last view has the rows of the saved trace.
    const rows = (d: typeof after) => d.rows.map(r => ({ id: r.id, label: r.label, count: r.count, levels: r.levels, height: r.height }));
    assert.deepEqual(rows(ended), rows(after));
    assert.equal(ended.eventCount, after.eventCount);
    // And it is what opening the saved trace in a fresh panel shows.
    const fresh = await open(webviewUrl, { vscode: true, waitForTimeline: false });
    await fresh.page.setViewportSize({ width: 1000, height: 300 });
    await fresh.page.waitForFunction(() => !!window.loopscopeTimeline, undefined, { polling: 50 });
    await showFile(fresh.page);
    await fresh.page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50 });
    const opened = await fresh.page.evaluate(() => window.loopscopeTimeline!.debugInfo());
    assert.deepEqual(rows(after), rows(opened));
    assert.equal(after.eventCount, opened.eventCount);
    await finish(fresh);
    await finish(o);
  });

  it("opens a big report whose trace is embedded compressed", async () => {
    const big = generateTrace({ durationSec: 40, requestsPerSec: 300 });
    const file = join(dir, "big.html");
    const json = JSON.stringify(big);
    writeReport(big, file, { json, source: "big.json" });
    const html = readFileSync(file, "utf8");
    // The trace and its snapshot are embedded compressed: the page is a quarter of the trace, besides its own script.
    const script = readFileSync(join(repoRoot, "dist/webview/timeline.js"), "utf8").length;
    assert.ok(json.length > 2 * 1024 * 1024 && html.length - script < json.length / 4, `${html.length} - ${script} < ${json.length} / 4`);
    assert.match(
      html,
      /<script type="application\/octet-stream" id="loopscope-trace" data-encoding="gzip\+base64" data-source="big.json">[A-Za-z0-9+/=]+<\/script>/,
    );
    const o = await open(pathToFileURL(file).href);
    await o.page.waitForFunction(() => window.loopscopeTimeline!.timings.detailsReadyMs !== undefined, undefined, { polling: 50 });
    const t = await o.page.evaluate(() => window.loopscopeTimeline!.debugInfo());
    assert.ok(t.timings.snapshotMs !== undefined && t.timings.detailsReadyMs !== undefined, "drawn from the embedded snapshot, details read afterwards");
    const m = new TimelineModel({});
    m.addEvents(big.traceEvents);
    assert.equal(t.eventCount, m.eventCount);
    // Details come from the trace read after the first frame.
    const p = await pointOn(o.page, MAIN_LOOP, 1_200_000 + 206_000);
    await o.page.mouse.move(p.x, p.y);
    await o.page.locator("[data-testid=tooltip]").waitFor({ state: "visible" });
    assert.match(
      await o.page.locator("[data-testid=tooltip]").innerText(),
      /block 412 ms loadReportTemplate[\s\S]*Source: \/srv\/app\/src\/routes\/report\.ts:42:17/,
    );
    // The page indexed the text and parses only the events it shows (no whole-trace parse, no freeze).
    const served = await o.page.evaluate(() => {
      const view = window.loopscopeTimeline! as unknown as {
        model: { lazy?: { served?: { arrived: Map<number, unknown> } } };
        timings: Record<string, number>;
      };
      return { indexMs: view.timings.indexMs, parsedWhole: view.timings.parseMs !== undefined, arrived: view.model.lazy?.served?.arrived.size ?? -1 };
    });
    assert.ok(served.indexMs !== undefined && !served.parsedWhole && served.arrived >= 1 && served.arrived < 10, JSON.stringify(served));
    await finish(o);
  });

  it("a big report whose trace had malformed events reads it whole, and says what it skipped", async () => {
    const big = generateTrace({ durationSec: 40, requestsPerSec: 300 });
    big.traceEvents.splice(5, 0, { ph: "X", name: 42 } as unknown as (typeof big.traceEvents)[number]);
    const file = join(dir, "big-filtered.html");
    writeReport(big, file, { source: "filtered.json" });
    const o = await open(pathToFileURL(file).href);
    await o.page.waitForFunction(() => window.loopscopeTimeline!.timings.detailsReadyMs !== undefined, undefined, { polling: 50 });
    assert.match(await text(o.page, ".ls-banner"), /Skipped 1 malformed event/);
    assert.ok(await o.page.evaluate(() => window.loopscopeTimeline!.timings.parseMs !== undefined), "the page parsed the trace whole");
    // The records point past the skipped event: details still match their marks.
    const p = await pointOn(o.page, MAIN_LOOP, 1_200_000 + 206_000);
    await o.page.mouse.move(p.x, p.y);
    await o.page.locator("[data-testid=tooltip]", { hasText: "loadReportTemplate" }).waitFor({ timeout: 5000 });
    await finish(o);
  });

  it("asks the host for the events it shows when the host keeps the trace: tooltip fills in, a click opens the source once it arrives", async () => {
    const o = await open(webviewUrl, { vscode: true, waitForTimeline: false });
    const { page } = o;
    await page.waitForFunction(() => !!window.loopscopeTimeline, undefined, { polling: 50 });
    const { header, blob } = encodeSnapshot(model);
    const events = (JSON.parse(fixtureText) as { traceEvents: unknown[] }).traceEvents;
    await page.evaluate(
      ({ header, bytes }) => {
        window.postMessage({ type: "loadSnapshot", header, blob: new Uint8Array(bytes), source: "snap.json" }, "*");
        window.postMessage({ type: "eventsServed", serial: 7, warnings: ["Served <b>note</b>."] }, "*");
      },
      { header, bytes: Array.from(blob) },
    );
    await page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50 });
    assert.equal(await text(page, ".ls-banner"), "Served <b>note</b>.", "the host's warnings, as text");
    const requests = async () => (await o.posted()).filter(m => m.type === "requestEvents") as { serial: number; indices: number[] }[];
    const answer = async (serial: number, indices: number[]) =>
      page.evaluate(m => window.postMessage(m, "*"), { type: "events", serial, indices, events: indices.map(i => events[i] ?? null) });
    // Hover: loading, one request for the block's event, and the tooltip fills in when it arrives.
    const p = await pointOn(page, MAIN_LOOP, blockMiddle(KNOWN_BLOCKS[0]));
    await page.mouse.move(p.x, p.y);
    await page.locator("[data-testid=tooltip]").waitFor({ state: "visible" });
    assert.match(await page.locator("[data-testid=tooltip]").innerText(), /Details are loading/);
    let asked = await requests();
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.serial, 7);
    // An answer for another trace changes nothing.
    await answer(6, asked[0]!.indices);
    assert.match(await page.locator("[data-testid=tooltip]").innerText(), /Details are loading/);
    await answer(7, asked[0]!.indices);
    await page.locator("[data-testid=tooltip]", { hasText: "report.ts:42" }).waitFor({ timeout: 5000 });
    // Another block clicked before its details arrived: its source opens when they do.
    const q = await pointOn(page, MAIN_LOOP, blockMiddle(KNOWN_BLOCKS[1]));
    await page.mouse.click(q.x, q.y);
    assert.deepEqual(
      (await o.posted()).filter(m => m.type === "openSource"),
      [],
      "nothing to open yet",
    );
    asked = await requests();
    assert.equal(asked.length, 2, "one more request, for the clicked block");
    await answer(7, asked[1]!.indices);
    await page.waitForFunction(() => /Function/.test(document.querySelector("[data-testid=details]")?.textContent ?? ""), undefined, { polling: 50 });
    const opened = (await o.posted()).filter(m => m.type === "openSource");
    assert.equal(opened.length, 1, JSON.stringify(opened));
    await finish(o);
  });

  it("folds a launcher process (npm, tsx...) by default, after the program; a click unfolds it", async () => {
    const trace = JSON.parse(fixtureText) as { traceEvents: Array<{ ph: string; name: string; pid: number; args?: Record<string, unknown> }> };
    for (const e of trace.traceEvents) {
      if (e.ph === "M" && e.pid === CHILD_PID && e.name === "process_labels") e.args = { labels: "node v20.19.0, launcher (npm)" };
    }
    const text = JSON.stringify(trace);
    const launcherCheck = parseTraceText(text);
    assert.ok(launcherCheck.ok);
    const file = join(dir, "launcher.html");
    writeReport(undefined, file, { json: text, source: "launcher.json", check: launcherCheck });
    const o = await open(pathToFileURL(file).href);
    const rowsOf = async () =>
      (await o.page.evaluate(() => window.loopscopeTimeline!.debugInfo())).rows.filter(r => r.id === `p:${4317}` || r.id.startsWith("4317:"));
    assert.deepEqual(
      (await rowsOf()).map(r => r.id),
      ["p:4317"],
      "only the launcher's header shows",
    );
    const toggle = o.page.locator(".ls-lane-toggle").nth(1);
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await toggle.click();
    await o.page.waitForFunction(() => window.loopscopeTimeline!.debugInfo().rows.some(r => r.id.startsWith("4317:")), undefined, {
      polling: 50,
      timeout: 5000,
    });
    assert.ok((await rowsOf()).length > 1, "unfolded: its rows show");
    await finish(o);
  });

  it("opens a gzip trace picked with the file button, and says when a long run's spans were thinned", async () => {
    const builder = new TraceBuilder(1e9, 50, { thinning: { ...DEFAULT_THINNING, burst: 50, perSecond: 2, outlierBurst: 5, outlierPerSecond: 1 } });
    const stream = builder.open("7:0:0", {
      t: "hello",
      v: 1,
      token: "x",
      pid: 7,
      ppid: 1,
      tid: 0,
      role: "main",
      argv: ["node", "busy.js"],
      execPath: "node",
      nodeVersion: "v22.0.0",
      ts: 1e9,
      blockThresholdMs: 50,
    });
    let seq = 0;
    for (let i = 0; i < 3000; i++)
      builder.add(stream, { t: "http", seq: seq++, ts: 1e9 + i * 2000, dur: 1000, side: "server", method: "GET", url: `/r/${i}`, status: 200 });
    builder.add(stream, { t: "stats", seq: seq++, ts: 1e9 + 6e6, dropped: 0, errors: 0, final: true });
    const { trace } = builder.build(
      { version: "t", command: ["node", "busy.js"], cwd: "/", startedAtEpochMs: 0, durationMs: 6000, exitCode: 0, signal: null },
      1e9 + 6e6,
      new SourceMapper(),
    );
    const thinned = trace.metadata!.loopscope!.thinning!.kinds["http server"]!.thinned;
    assert.ok(thinned > 2000, `${thinned} thinned`);
    const o = await open(emptyReportUrl, { waitForTimeline: false });
    await o.page.locator("input[type=file]").setInputFiles({ name: "busy.json.gz", mimeType: "application/gzip", buffer: gzipSync(JSON.stringify(trace)) });
    await o.page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50 });
    assert.equal(await o.page.locator(".ls-badge-thinned").innerText(), `${thinned.toLocaleString("en-US")} of 3,000 spans thinned`);
    assert.match((await o.page.locator(".ls-badge-thinned").getAttribute("title")) ?? "", /http server: \d+ kept of 3,000/);
    await finish(o);
  });

  it("restores the view, selection and collapsed lanes after a reload (VS Code state)", async () => {
    const o = await open(reportUrl, { vscode: true });
    const { page } = o;
    await page.evaluate(() => {
      window.loopscopeTimeline!.setViewOffset(1_000_000, 2_000_000);
    });
    await page.focus(".ls-viewport");
    await page.keyboard.press("a");
    await page.locator(".ls-lane-toggle").nth(1).click();
    await page.waitForTimeout(400);
    const state = await page.evaluate(() => (window as unknown as { __state: { view: { t0: number; t1: number }; collapsed: string[] } }).__state);
    assert.deepEqual(state.view, { t0: 1_000_000, t1: 2_000_000 });
    assert.deepEqual(state.collapsed, ["p:4317"]);
    await finish(o);
    const reloaded = await open(reportUrl, { vscode: true, state });
    const d = await reloaded.page.evaluate(() => window.loopscopeTimeline!.debugInfo());
    assert.deepEqual(d.view, { t0: 1_000_000, t1: 2_000_000 });
    assert.deepEqual(d.selection, { t0: 1_000_000, t1: 2_000_000 });
    assert.equal(d.rows.filter(r => r.id === "p:4317" || r.id.startsWith("4317:")).length, 1, "the child lane stays collapsed");
    assert.deepEqual((await reloaded.posted())[0], { type: "ready", protocolVersion: 1, restoredSource: "server-run.json" });
    await finish(reloaded);
  });
});

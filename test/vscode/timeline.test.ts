// The timeline in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) through headless
// Chromium, with the packaged .vsix: "Loopscope: Run Current File with Timeline" on a program that
// blocks its event loop; live blocks appear in the panel; clicking one moves the editor to the
// blocking line; stopping the run leaves the recorded trace. "Open Trace File..." on a big
// generated trace draws it from the model snapshot the extension lays out in a worker, then shows
// event details once the page has the file too; truncated and broken files explain themselves. And
// in Restricted Mode the command explains that it is disabled. Skips with the reason where
// code-server is missing.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { CodeServer, codeServerSkipReason, packageVsix, repoRoot } from "./codeServer";
import { openFile, runCommand, timelineFrame, typeInFileDialog, waitForCommand } from "./workbenchUi";
import { canvasPixel } from "../webview/browser";
import { DEFAULT_SIZES } from "../../timeline-model/src/layout";
import { TimelineModel } from "../../timeline-model/src/timeline-model";
import { BASE_TS, generateLargeTrace, HOSTILE_THREAD, KNOWN_BLOCKS, SERVER_PID } from "../webview/trace-generator";

const skip = codeServerSkipReason();
if (skip) console.log(`# skipped: ${skip}`);

// The busy loop is on line 5: that is where the editor must land.
const BUSY_JS = `// Blocks the event loop inside blockFor() every 400 ms, for up to 30 s.
function blockFor(ms) {
  const end = Date.now() + ms;
  let spins = 0;
  while (Date.now() < end) spins++;
  return spins;
}
console.log("busy.js started");
let runs = 0;
const timer = setInterval(() => {
  blockFor(200);
  if (++runs === 75) clearInterval(timer);
}, 400);
`;
const BLOCKING_LINE = 5;

const userSettings = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "security.workspace.trust.startupPrompt": "always",
  "security.workspace.trust.untrustedFiles": "open",
};

describe("code-server: the timeline panel", { skip, timeout: 400_000 }, () => {
  let vsix: string;
  let packDir: string;
  const timings: string[] = [];
  before(() => {
    packDir = mkdtempSync(join(tmpdir(), "loopscope-vsix-"));
    vsix = join(packDir, "loopscope.vsix");
    const t0 = Date.now();
    packageVsix(vsix);
    timings.push(`packaged ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  });
  after(() => {
    rmSync(packDir, { recursive: true, force: true });
    console.log(`# code-server timeline: ${timings.join(", ")}`);
  });

  it("runs the current file with live blocks; clicking one opens the blocking line", { timeout: 240_000 }, async () => {
    await withWorkbench(
      "run",
      vsix,
      false,
      async ({ page, folder, runDir, mark }) => {
        await openFile(page, "busy.js");
        mark("file open");
        await runCommand(page, "Loopscope: Run Current File with Timeline");

        // Live blocks in the panel, while the program runs.
        const webview = page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
        await webview.locator(".ls-badge-live").waitFor({ state: "visible", timeout: 60_000 });
        mark("panel live");
        const frame = await timelineFrame(page);
        await frame.waitForFunction(
          () => {
            const v = window.loopscopeTimeline as unknown as { layout: { items: Array<{ id: string; row?: { store: { n: number } } }> } };
            return v.layout.items.some(it => it.id.endsWith(":loop") && (it.row?.store.n ?? 0) >= 3);
          },
          undefined,
          { timeout: 60_000, polling: 200 },
        );
        mark("live blocks");
        assert.equal(await webview.locator(".ls-badge-live").innerText(), "LIVE");
        // The program's lane counts its events, and the count grows while it runs.
        const laneCount = () => frame.evaluate(() => Number(document.querySelector(".ls-lane-meta")?.textContent?.replace(/[^\d]/g, "") || 0));
        const firstCount = await laneCount();
        await frame.waitForFunction(n => Number(document.querySelector(".ls-lane-meta")?.textContent?.replace(/[^\d]/g, "") || 0) > n, firstCount, {
          timeout: 30_000,
          polling: 200,
        });

        // Pause (the view stops following), then click the newest block that has a call site.
        await webview.getByRole("button", { name: "Pause the live view (Space)" }).click();
        await webview.locator(".ls-badge-paused").waitFor();
        // A live block's details are served by the extension on request, as a trace file's are: the
        // first look asks for them, and they arrive a moment later.
        let point = await blockPoint(frame);
        for (const deadline = Date.now() + 15_000; !point && Date.now() < deadline; point = await blockPoint(frame)) await page.waitForTimeout(200);
        assert.ok(point, "a live block with a source location is on screen");
        await webview.locator(".ls-viewport").click({ position: { x: point.x - point.left, y: point.y - point.top } });
        assert.match(await webview.locator("[data-testid=source]").first().innerText(), new RegExp(`busy\\.js:${BLOCKING_LINE}:\\d+$`));
        // The editor jumped to the blocking line.
        await page
          .locator(".statusbar-item")
          .filter({ hasText: new RegExp(`^Ln ${BLOCKING_LINE}, Col \\d+`) })
          .first()
          .waitFor({ timeout: 15_000 });
        const active = await page.locator(".tabs-container .tab.active").first().innerText();
        assert.match(active, /busy\.js/);
        mark("jumped to source");
        mkdirSync(join(repoRoot, "test-results"), { recursive: true });
        await page.screenshot({ path: join(repoRoot, "test-results/code-server-timeline.png") });

        // Resume, stop the run: the panel leaves live mode and the trace file is written.
        await webview.getByRole("button", { name: "Resume the live view (Space)" }).click();
        const viewOf = () => frame.evaluate(() => window.loopscopeTimeline!.debugInfo().view);
        // Zoomed to 2 s around the block (above): the width stays while following, and after Stop.
        const zoomed = await viewOf();
        await runCommand(page, "Loopscope: Stop Timeline Run");
        await webview.locator(".ls-badge-live").waitFor({ state: "hidden", timeout: 30_000 });
        // The written trace file replaces the run (drawn from its snapshot), at the run's zoom.
        await frame.waitForFunction(() => window.loopscopeTimeline!.debugInfo().timings.firstFrameAtMs !== undefined, undefined, {
          timeout: 30_000,
          polling: 100,
        });
        const after = await viewOf();
        assert.ok(
          Math.abs(after.t1 - after.t0 - (zoomed.t1 - zoomed.t0)) < 1_000,
          `the zoom is kept after Stop (${zoomed.t1 - zoomed.t0} µs, now ${after.t1 - after.t0} µs)`,
        );
        const traces = findTraces(join(runDir, "ud"));
        assert.equal(traces.length, 1, `one recorded trace: ${traces.join(", ")}`);
        const trace = JSON.parse(readFileSync(traces[0]!, "utf8")) as {
          traceEvents: Array<{ cat?: string; args?: { source?: { file: string; line: number } } }>;
          metadata: { loopscope: { signal: string | null } };
        };
        const blocks = trace.traceEvents.filter(e => e.cat === "loopscope.block" && e.args?.source);
        const sites = blocks.map(b => `${b.args!.source!.file}:${b.args!.source!.line}`);
        // Every block attributed to the program is at the busy loop. (A sample that lands between two
        // timer callbacks has only Node's own frames, e.g. node:internal/timers: tolerated, if rare.)
        const own = sites.filter(site => site.startsWith(folder));
        assert.ok(own.length >= 3 && own.length >= sites.length / 2, `blocks with a call site in the trace: ${sites.join(", ")}`);
        assert.deepEqual([...new Set(own)], [`${join(folder, "busy.js")}:${BLOCKING_LINE}`]);
        assert.equal(trace.metadata.loopscope.signal, "SIGTERM");
        mark("stopped, trace written");

        // Save Trace As: VS Code's own save dialog, proposed in the workspace folder under the trace's name.
        await runCommand(page, "Loopscope: Save Trace As...", false);
        const saveInput = page.locator(".quick-input-widget input");
        await saveInput.waitFor();
        const saved = join(folder, basename(traces[0]!));
        await page.waitForFunction(
          ([selector, want]) => (document.querySelector(selector) as HTMLInputElement | null)?.value.endsWith(want) ?? false,
          [".quick-input-widget input", basename(saved)] as const,
          { timeout: 15_000 },
        );
        await page.keyboard.press("Enter");
        const savedBy = Date.now() + 15_000;
        while (!existsSync(saved) && Date.now() < savedBy) await page.waitForTimeout(200);
        assert.equal(readFileSync(saved, "utf8"), readFileSync(traces[0]!, "utf8"), "the saved file is the recorded trace");
        mark("saved as");

        // A window reload brings the panel back (WebviewPanelSerializer) with the same trace. Through
        // the command, as a user does: the workbench saves its state first (a bare page reload may
        // not get to write it).
        const reloaded = page.waitForEvent("framenavigated", { predicate: f => f === page.mainFrame(), timeout: 60_000 });
        await runCommand(page, "Developer: Reload Window", false);
        await reloaded;
        await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
        const restored = await timelineFrame(page, 60_000);
        await restored.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { timeout: 30_000, polling: 200 });
        assert.match(
          await page.frameLocator("iframe.webview.ready").frameLocator("#active-frame").locator(".ls-lane-name").first().innerText(),
          /node busy\.js \[\d+\]/,
        );
        mark("restored after reload");

        // An npm script from the quick pick: npm and the script's node process are both traced.
        await runCommand(page, "Loopscope: Run npm Script with Timeline", false);
        await page.locator(".quick-input-list .monaco-list-row").filter({ hasText: "node busy.js" }).first().waitFor({ timeout: 15_000 });
        await page.keyboard.type("busy");
        await page.keyboard.press("Enter");
        const again = page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
        await again.locator(".ls-badge-live").waitFor({ state: "visible", timeout: 60_000 });
        await again
          .locator(".ls-lane-name")
          .filter({ hasText: /node busy\.js/ })
          .first()
          .waitFor({ timeout: 60_000 });
        await runCommand(page, "Loopscope: Stop Timeline Run");
        await again.locator(".ls-badge-live").waitFor({ state: "hidden", timeout: 30_000 });
        mark("npm script");
      },
      timings,
    );
  });

  it("opens a big trace file: drawn from the snapshot first, details asked of the host as they are needed; broken files explain themselves", {
    timeout: 240_000,
  }, async () => {
    // ~300,000 events (~60 MB of JSON): big enough that the page would take seconds to parse it first.
    const trace = generateLargeTrace(300_000);
    const json = JSON.stringify(trace);
    const expected = new TimelineModel({ metadata: trace.metadata?.loopscope });
    expected.addEvents(trace.traceEvents);
    await withWorkbench(
      "open",
      vsix,
      false,
      async ({ page, folder, mark }) => {
        writeFileSync(join(folder, "big.trace.json"), json);
        writeFileSync(join(folder, "cut.trace.json"), json.slice(0, Math.floor(json.length * 0.7)));
        writeFileSync(join(folder, "broken.trace.json"), "<html><script>alert(1)</script> is not a trace");
        await waitForCommand(page, "Loopscope: Open Trace File...");
        mark("extension ready");
        await openTrace(page, folder, "big.trace.json");
        const frame = await timelineFrame(page, 60_000);
        await frame.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { timeout: 60_000, polling: 100 });
        mark("first frame");
        const first = await frame.evaluate(() => window.loopscopeTimeline!.debugInfo());
        assert.ok(
          first.timings.snapshotMs !== undefined && first.timings.parseMs === undefined,
          `drawn from the host's snapshot, not by parsing the text: ${JSON.stringify(first.timings)}`,
        );
        assert.equal(first.eventCount, expected.eventCount);
        assert.ok(first.lastFrame.rows > 10 && first.lastFrame.rects > 10, `the first frame drew rows and marks: ${JSON.stringify(first.lastFrame)}`);
        const threads = await frame.locator(".ls-row-label .ls-thread").allTextContents();
        assert.ok(threads.includes(HOSTILE_THREAD), `hostile thread name shown as text: ${threads.join(" | ")}`);
        assert.equal(await frame.locator(".ls-row-label b, .ls-row-label img").count(), 0, "no markup from the trace");

        // Details: the host keeps the trace and sends an event's details when the page needs them
        // (eventsServed, requestEvents → events). Hover the known hashPassword block.
        await frame.waitForFunction(() => window.loopscopeTimeline!.timings.detailsReadyMs !== undefined, undefined, { timeout: 90_000, polling: 100 });
        mark("details ready");
        const block = KNOWN_BLOCKS[1];
        const point = await knownBlockPoint(frame, BASE_TS + block.at + block.dur / 2 - expected.startUs);
        const [r, g, b] = await canvasPixel(frame, point);
        assert.ok(r > 120 && g < 110 && b < 110, `the block is drawn red, got rgb(${r}, ${g}, ${b})`);
        const webview = page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
        await webview.locator(".ls-viewport").hover({ position: { x: point.x - point.left, y: point.y - point.top } });
        const tooltip = webview.locator("[data-testid=tooltip]");
        await tooltip.waitFor({ state: "visible" });
        // "Details are loading…" until the host's answer arrives: the tooltip then fills in where it is.
        await webview.locator("[data-testid=tooltip]", { hasText: "Source:" }).waitFor({ timeout: 15_000 });
        assert.match(await tooltip.innerText(), /block 180 ms hashPassword auth\.ts:17[\s\S]*Source: \/srv\/app\/src\/auth\.ts:17:10/);
        await webview.locator(".ls-viewport").click({ position: { x: point.x - point.left, y: point.y - point.top } });
        await webview.locator("[data-testid=details]", { hasText: "Function" }).waitFor({ timeout: 15_000 });
        assert.match(await webview.locator("[data-testid=details]").innerText(), /Function\s+hashPassword/);
        mark("details shown");

        // A file cut off mid-write: the events before the cut, and a note saying so.
        await openTrace(page, folder, "cut.trace.json");
        await frame.waitForFunction(() => /truncated/.test(document.querySelector(".ls-banner")?.textContent ?? ""), undefined, {
          timeout: 60_000,
          polling: 100,
        });
        const cut = await frame.evaluate(() => window.loopscopeTimeline!.debugInfo());
        assert.ok(cut.rows.length > 0 && cut.eventCount > 0 && cut.eventCount < expected.eventCount, `part of the trace drawn: ${cut.eventCount}`);
        mark("truncated shown");

        // Not a trace: a clear message in the panel, its text kept as text.
        await openTrace(page, folder, "broken.trace.json");
        const error = webview.locator("[data-testid=error]");
        await error.waitFor({ timeout: 30_000 });
        const explained = await error.innerText();
        assert.match(explained, /This trace cannot be shown[\s\S]*not valid JSON/);
        assert.ok(explained.includes("<html><scr"), `the file's text shown as text: ${explained}`);
        assert.equal(await error.locator("script, html").count(), 0, "no markup from the file");
        mark("broken explained");
      },
      timings,
    );
  });

  it("clicking a block in a maximized timeline keeps it maximized; the source opens at its line in the other group", { timeout: 240_000 }, async () => {
    await withWorkbench(
      "maximized",
      vsix,
      false,
      async ({ page, folder, mark }) => {
        // The fixture's 412 ms block (1.2 s into the run) has its call site at report.ts:42: point it into the workspace.
        const source = join(folder, "report.ts");
        writeFileSync(source, Array.from({ length: 60 }, (_, i) => `export const line${i + 1} = ${i + 1};\n`).join(""));
        const fixture = readFileSync(join(repoRoot, "test/fixtures/traces/server-run.json"), "utf8");
        writeFileSync(join(folder, "server.trace.json"), fixture.replaceAll("/srv/app/src/routes/report.ts", source));
        await waitForCommand(page, "Loopscope: Open Trace File...");
        await openFile(page, "package.json");
        await openTrace(page, folder, "server.trace.json");
        const frame = await timelineFrame(page, 60_000);
        await frame.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { timeout: 60_000, polling: 100 });
        assert.equal(await visibleGroups(page), 2, "the timeline opened beside the editor");
        mark("trace open");

        // Maximize the timeline's group, as a user does from its tab.
        await page.locator(".tabs-container .tab").filter({ hasText: "Loopscope Timeline" }).first().click();
        await runCommand(page, "View: Toggle Maximize Editor Group");
        await waitFor(page, async () => (await visibleGroups(page)) === 1, "the timeline's group is maximized");
        mark("maximized");

        const point = await knownBlockPoint(frame, 1_500 + 1_200_000 + 206_000);
        const webview = page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
        await webview.locator(".ls-viewport").click({ position: { x: point.x - point.left, y: point.y - point.top } });
        assert.match(await webview.locator("[data-testid=source]").first().innerText(), /report\.ts:42:\d+$/);
        // The source opened (its tab exists, in the hidden group) and the timeline is maximized still.
        await page.locator(".tabs-container .tab").filter({ hasText: "report.ts" }).first().waitFor({ state: "attached", timeout: 15_000 });
        await page
          .locator(".statusbar-item")
          .filter({ hasText: /opened report\.ts:42 in the other editor group/ })
          .first()
          .waitFor({ timeout: 15_000 });
        await page.waitForTimeout(1000);
        assert.equal(await visibleGroups(page), 1, "the timeline stayed maximized");
        mark("clicked, still maximized");

        // Back to both groups: the source is there at the block's line.
        await runCommand(page, "View: Toggle Maximize Editor Group");
        await waitFor(page, async () => (await visibleGroups(page)) === 2, "both groups shown again");
        const sourceGroup = page.locator(".editor-group-container").filter({ has: page.locator(".tab.active", { hasText: "report.ts" }) });
        await sourceGroup.locator(".line-numbers.active-line-number").filter({ hasText: /^42$/ }).first().waitFor({ timeout: 15_000 });
        mark("source at line 42");
      },
      timings,
    );
  });

  it("explains in Restricted Mode that running with the timeline is disabled", { timeout: 240_000 }, async () => {
    await withWorkbench(
      "trust",
      vsix,
      true,
      async ({ page, mark }) => {
        await page.getByRole("button", { name: "No, I don't trust the authors" }).click({ timeout: 30_000 });
        await page.locator(".statusbar-item").filter({ hasText: "Restricted Mode" }).first().waitFor({ timeout: 15_000 });
        await openFile(page, "busy.js");
        await runCommand(page, "Loopscope: Run Current File with Timeline");
        const toast = page.locator(".notifications-toasts").getByText(/disabled in Restricted Mode/);
        await toast.first().waitFor({ timeout: 30_000 });
        assert.match(
          await toast.first().innerText(),
          /Run Current File with Timeline.*runs your program, so it is disabled in Restricted Mode\. Trust this workspace/,
        );
        assert.equal(await page.frameLocator("iframe.webview.ready").locator("#active-frame").count(), 0, "no timeline panel opened");
        mark("restricted explained");
      },
      timings,
    );
  });
});

interface Session {
  page: Page;
  folder: string;
  runDir: string;
  mark(what: string): void;
}

async function withWorkbench(name: string, vsix: string, workspaceTrust: boolean, body: (s: Session) => Promise<void>, timings: string[]): Promise<void> {
  const started = Date.now();
  const marks: string[] = [];
  const mark = (what: string) => marks.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  const runDir = mkdtempSync(join(tmpdir(), "loopscope-e2e-"));
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  const copyRoot = mkdtempSync(join(repoRoot, "test/.tmp/e2e-timeline-"));
  const folder = join(copyRoot, "examples");
  cpSync(join(repoRoot, "examples"), folder, { recursive: true, filter: source => !/[/\\](node_modules|\.build)$/.test(source) });
  writeFileSync(join(folder, "busy.js"), BUSY_JS);
  const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  writeFileSync(join(folder, "package.json"), JSON.stringify({ ...manifest, scripts: { busy: "node busy.js" } }, null, 2));
  let server: CodeServer | undefined;
  let page: Page | undefined;
  try {
    server = await CodeServer.start({ entry: process.env.LOOPSCOPE_CODE_SERVER_ENTRY!, runDir, folder, vsix, workspaceTrust, userSettings });
    mark("code-server up");
    page = await server.openWorkbench();
    mark("workbench");
    await body({ page, folder, runDir, mark });
    timings.push(`${name}: ${marks.join(", ")}`);
  } catch (error) {
    const shot = join(repoRoot, `test-results/code-server-timeline-${name}-failure.png`);
    if (page) {
      mkdirSync(join(repoRoot, "test-results"), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
    }
    const extensionLog = findFiles(join(runDir, "ud"), name => /Loopscope\.log$/.test(name))
      .map(f => readFileSync(f, "utf8"))
      .join("\n");
    throw new Error(
      `${(error as Error).message}\n(timings: ${marks.join(", ")}; screenshot: ${shot})\nLoopscope log (tail):\n${extensionLog.slice(-3000)}\ncode-server output (tail):\n${server?.output.join("").slice(-3000) ?? ""}`,
      { cause: error },
    );
  } finally {
    await server?.stop();
    rmSync(runDir, { recursive: true, force: true });
    rmSync(copyRoot, { recursive: true, force: true });
  }
}

/** "Loopscope: Open Trace File..." and VS Code's own file dialog, as a user picks a file in the workspace folder. */
async function openTrace(page: Page, folder: string, name: string): Promise<void> {
  await runCommand(page, "Loopscope: Open Trace File...", false);
  await typeInFileDialog(page, folder, join(folder, name));
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 15_000 });
}

/** Frame coordinates of a point on the server's main event-loop row, `offsetUs` from the trace start, with 2 s around it in view. */
async function knownBlockPoint(frame: Frame, offsetUs: number): Promise<{ x: number; y: number; left: number; top: number }> {
  return frame.evaluate(
    ({ offsetUs, rowId, sizes }) => {
      const view = window.loopscopeTimeline!;
      view.setViewOffset(offsetUs - 1_000_000, offsetUs + 1_000_000);
      let info = view.debugInfo();
      const row = info.rows.find(r => r.id === rowId)!;
      document.querySelector(".ls-scroller")!.scrollTop = Math.max(0, row.y - 40);
      view.renderNow();
      info = view.debugInfo();
      return {
        x: view.clientX(offsetUs),
        y: info.viewport.top + row.y - info.viewport.scrollTop + sizes.rowPadding / 2 + sizes.levelHeight / 2 - 1,
        left: info.viewport.left,
        top: info.viewport.top,
      };
    },
    { offsetUs, rowId: `${SERVER_PID}:${SERVER_PID}:loop`, sizes: DEFAULT_SIZES },
  );
}

/** Frame coordinates of the middle of the newest block located in busy.js, scrolled into view. */
async function blockPoint(frame: Frame): Promise<{ x: number; y: number; left: number; top: number } | undefined> {
  return frame.evaluate(sizes => {
    interface Item {
      id: string;
      y: number;
      row?: { store: { n: number; start: Float64Array; end: Float64Array; ref: Int32Array; level: Uint8Array } };
    }
    const view = window.loopscopeTimeline! as unknown as {
      layout: { items: Item[] };
      model: { startUs: number; record(ref: number): { args?: { source?: unknown } } | undefined };
      debugInfo(): { viewport: { left: number; top: number; scrollTop: number; height: number } };
      clientX(offsetUs: number): number;
      setViewOffset(t0: number, t1: number): void;
      renderNow(): void;
    };
    const item = view.layout.items.find(it => it.id.endsWith(":loop") && it.row);
    if (!item?.row) return undefined;
    const store = item.row.store;
    for (let i = store.n - 1; i >= 0; i--) {
      const source = view.model.record(store.ref[i]!)?.args?.source as { file?: string } | undefined;
      if (store.end[i]! - store.start[i]! < 150_000 || !source?.file?.endsWith("/busy.js")) continue;
      // Show the 2 s around it, the row in view.
      const mid = (store.start[i]! + store.end[i]!) / 2 - view.model.startUs;
      view.setViewOffset(mid - 1_000_000, mid + 1_000_000);
      const scroller = document.querySelector(".ls-scroller")!;
      scroller.scrollTop = Math.max(0, item.y - 40);
      view.renderNow();
      const info = view.debugInfo();
      return {
        x: view.clientX(mid),
        y: info.viewport.top + item.y - info.viewport.scrollTop + sizes.rowPadding / 2 + store.level[i]! * sizes.levelHeight + sizes.levelHeight / 2 - 1,
        left: info.viewport.left,
        top: info.viewport.top,
      };
    }
    return undefined;
  }, DEFAULT_SIZES);
}

/** Editor groups the workbench shows (a maximized group hides the others). */
async function visibleGroups(page: Page): Promise<number> {
  return page.evaluate(
    () => [...document.querySelectorAll<HTMLElement>(".part.editor .editor-group-container")].filter(g => g.offsetWidth > 0 && g.offsetHeight > 0).length,
  );
}

async function waitFor(page: Page, condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await page.waitForTimeout(100);
  }
}

function findTraces(dir: string): string[] {
  return findFiles(dir, name => name.endsWith(".trace.json"));
}

function findFiles(dir: string, wanted: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (wanted(entry.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

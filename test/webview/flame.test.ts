// A block's call tree as a flame chart (issue 13, 2.1): the layout model under Node (shares,
// nesting, hostile trees), and the details panel in headless Chromium showing the bars with
// their total and self time, and the self-time table.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { flameOf, flameRectsUnder } from "../../timeline-model/src/flame";
import { validateTrace } from "../../protocol/src/trace-validate";
import { writeReport } from "../../server/src/cli/report";
import type { CallTreeNode, TraceFile } from "../../protocol/src/trace";
import type { TimelineView } from "../../webview/src/render/timeline-view";
import { ensureBuilt, repoRoot } from "../helpers/built";
import { chromiumMissing, launchChromium, type LaunchedBrowser } from "./browser";

declare global {
  interface Window {
    loopscopeTimeline?: TimelineView;
  }
}

const node = (fn: string, line: number, totalMs: number, selfMs: number, children?: CallTreeNode[]): CallTreeNode => ({
  fn,
  file: "/srv/app/report.js",
  line,
  column: 3,
  totalMs,
  selfMs,
  ...(children ? { children } : {}),
});
// A 650 ms block: main → buildReport → busyWait(120) at line 35, and → render (500 ms).
const TREE: CallTreeNode = {
  fn: "(block)",
  totalMs: 650,
  selfMs: 0,
  children: [node("main", 5, 650, 30, [node("buildReport", 20, 620, 0, [node("render", 40, 500, 500), node("busyWait", 35, 120, 120)])])],
};

describe("flameOf", () => {
  it("lays out each node under its parent, as wide as its share of the block, after its elder siblings", () => {
    const flame = flameOf(TREE)!;
    assert.equal(flame.depth, 3);
    const bars = Object.fromEntries(flame.bars.map(b => [b.fn, [b.depth, +b.x.toFixed(4), +b.width.toFixed(4), b.totalMs, b.selfMs, b.source?.line]]));
    assert.deepEqual(bars, {
      main: [0, 0, 1, 650, 30, 5],
      buildReport: [1, 0, 0.9538, 620, 0, 20],
      render: [2, 0, 0.7692, 500, 500, 40],
      busyWait: [2, 0.7692, 0.1846, 120, 120, 35],
    });
  });

  it("under a block: each bar spans its share of the block's width, one bar height per depth below it; sub-pixel bars left out", () => {
    const flame = flameOf(TREE)!;
    const rects = flameRectsUnder(flame, { x: 100, y: 50, w: 650, h: 14 }, 13);
    assert.deepEqual(
      rects.map(r => [r.bar.fn, Math.round(r.x), r.y, Math.round(r.w), r.h]),
      [
        ["main", 100, 65, 650, 12],
        ["buildReport", 100, 78, 620, 12],
        ["render", 100, 91, 500, 12],
        ["busyWait", 600, 91, 120, 12],
      ],
    );
    assert.deepEqual(
      flameRectsUnder(flame, { x: 0, y: 0, w: 3, h: 14 }, 13).map(r => r.bar.fn),
      ["main", "buildReport", "render"],
      "busyWait is under a pixel wide",
    );
  });

  it("hostile trees: no crash, bounded, nothing wider than the block, nonsense skipped", () => {
    assert.equal(flameOf(undefined), undefined);
    assert.equal(flameOf({ fn: "(block)", totalMs: 0, children: [] }), undefined);
    assert.equal(flameOf({ totalMs: 10, children: "x" }), undefined);
    let deep: Record<string, unknown> = { fn: "leaf", totalMs: 10, selfMs: 10 };
    for (let i = 0; i < 100_000; i++) deep = { fn: `f${i}`, totalMs: 10, selfMs: 0, children: [deep] };
    const tall = flameOf({ fn: "(block)", totalMs: 10, children: [deep] })!;
    assert.ok(tall.depth <= 64 && tall.bars.length <= 400, `bounded: depth ${tall.depth}, ${tall.bars.length} bars`);
    const odd = flameOf({
      totalMs: 100,
      children: [{ fn: "<img src=x>", totalMs: 1e9, selfMs: -5, file: 42, line: "7" }, null, "x", { fn: "", totalMs: NaN }, { fn: "late", totalMs: 50 }],
    })!;
    assert.deepEqual(
      odd.bars.map(b => [b.fn, b.x, b.width, b.totalMs, b.selfMs, b.source]),
      [["<img src=x>", 0, 1, 100, 0, undefined]],
    );
  });
});

const skip = chromiumMissing();
if (skip) console.log(`# skipping the flame chart in Chromium: ${skip}`);

describe("the details panel's flame chart, in Chromium", { skip }, () => {
  let browser: LaunchedBrowser;
  let dir: string;
  before(async () => {
    ensureBuilt("webview");
    dir = mkdtempSync(join(tmpdir(), "loopscope-flame-"));
    browser = await launchChromium({ width: 1200, height: 800 });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows what ran during the selected block, with total and self time", async () => {
    const trace: TraceFile = {
      traceEvents: [
        { ph: "M", name: "thread_name", pid: 1, tid: 1, ts: 0, args: { name: "main thread" } },
        {
          ph: "X",
          cat: "loopscope.block",
          name: "block 650 ms render report.js:40",
          ts: 1_000_000,
          dur: 650_000,
          pid: 1,
          tid: 1,
          args: { thresholdMs: 50, source: { file: "/srv/app/report.js", line: 40, column: 3, functionName: "render" }, callTree: TREE },
        },
      ],
      metadata: { loopscope: { blockThresholdMs: 50 } as never },
    };
    const json = JSON.stringify(trace);
    const check = validateTrace(trace);
    assert.ok(check.ok);
    writeReport(undefined, join(dir, "timeline.html"), { json, source: "flame.json", check });
    const page = await browser.context.newPage();
    try {
      await page.goto(pathToFileURL(join(dir, "timeline.html")).href);
      await page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50, timeout: 10_000 });
      const row = await page.evaluate(() => window.loopscopeTimeline!.debugInfo().rows.find(r => r.id.endsWith(":loop"))!);
      const vp = (await page.locator(".ls-viewport").boundingBox())!;
      // Under the block on the track overlay: nothing before it is selected.
      const overlayPixel = (x: number, y: number) =>
        page.evaluate(
          ({ x, y }) => {
            const canvas = document.querySelectorAll<HTMLCanvasElement>(".ls-viewport canvas")[1]!;
            const r = canvas.getBoundingClientRect();
            const dpr = canvas.width / r.width;
            return [...canvas.getContext("2d")!.getImageData(Math.round((x - r.left) * dpr), Math.round((y - r.top) * dpr), 1, 1).data];
          },
          { x, y },
        );
      const [x0, x1] = await page.evaluate(() => [window.loopscopeTimeline!.clientX(0), window.loopscopeTimeline!.clientX(650_000)]);
      // busyWait: depth 2 under the block (its box: the row's first level, 14 px), 77–95% of its width.
      const busyAt = { x: x0 + (x1 - x0) * 0.86, y: vp.y + row.y + 2 + 14 + 1 + 2 * 13 + 6 };
      await page.mouse.move(busyAt.x, busyAt.y + 60);
      assert.equal((await overlayPixel(busyAt.x, busyAt.y))[3], 0, "no flame before the block is selected");
      await page.mouse.click(await page.evaluate(() => window.loopscopeTimeline!.clientX(325_000)), vp.y + row.y + 10);
      const bars = page.locator("[data-testid=flame] [data-testid=flame-bar]");
      await bars.first().waitFor({ timeout: 5_000 });
      assert.deepEqual(await bars.allTextContents(), ["main", "buildReport", "render", "busyWait"]);
      assert.equal(await page.locator("[data-testid=flame-bar][aria-label='busyWait report.js:35: total 120 ms, self 120 ms']").count(), 1);
      // The short call is drawn where it belongs: right of render, about a fifth of the chart wide.
      const chart = (await page.locator(".ls-flame").boundingBox())!;
      const busy = (await bars.nth(3).boundingBox())!,
        render = (await bars.nth(2).boundingBox())!;
      assert.ok(busy.width > 0.15 * chart.width && busy.width < 0.22 * chart.width, `busyWait is ${busy.width} of ${chart.width} px`);
      assert.ok(busy.x >= render.x + render.width - 1 && busy.y === render.y, "busyWait next to render, at the same depth");
      const table = await page.locator("[data-testid=self-time] tr").allInnerTexts();
      assert.deepEqual(
        table.slice(1).map(r => r.split("\t").map(c => c.trim())),
        [
          ["render /srv/app/report.js:40:3", "500 ms", "500 ms"],
          ["busyWait /srv/app/report.js:35:3", "120 ms", "120 ms"],
          ["main /srv/app/report.js:5:3", "30 ms", "650 ms"],
        ],
      );
      assert.equal(await page.locator("[data-testid=details]").getByText("callTree").count(), 0, "the tree is not dumped as a field");
      await page.mouse.move(busyAt.x, busyAt.y + 60);
      const [r, g, b, a] = await overlayPixel(busyAt.x, busyAt.y);
      assert.equal(a, 255, "busyWait's bar is drawn under the block");
      assert.ok(b > r && b > 100, `in the accent colour: rgb(${r}, ${g}, ${b})`);
      mkdirSync(join(repoRoot, "test-results"), { recursive: true });
      await page.screenshot({ path: join(repoRoot, "test-results/flame-under-block.png") });
      await page.locator(".ls-side").screenshot({ path: join(repoRoot, "test-results/flame-details.png") });
    } finally {
      await page.close();
    }
  });
});

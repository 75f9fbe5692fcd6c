// The timeline in a 700 px wide VS Code side panel, in headless Chromium, checked on its layout
// (bounding boxes): row labels are not cut, the details pane of a selected event fits under the
// tracks without pushing the toolbar and the time axis out of view, axis ticks fall on round
// offsets, lane headers count a live run's events as they arrive, and the recorded trace that
// replaces a run keeps the run's zoom.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { parseTraceText } from "../../protocol/src/trace-validate";
import { makeNonce, timelinePageHtml } from "../../protocol/src/webview-page";
import { writeReport } from "../../server/src/cli/report";
import { encodeSnapshot } from "../../timeline-model/src/snapshot";
import { modelOfTrace } from "../../timeline-model/src/timeline-model";
import type { TimelineView } from "../../webview/src/render/timeline-view";
import { ensureBuilt, repoRoot } from "../helpers/built";
import { chromiumMissing, launchChromium, type LaunchedBrowser } from "./browser";
import { fixturesDir } from "./make-fixtures";
import { LiveHost } from "./live-host";
import { SERVER_PID } from "./trace-generator";

declare global {
  interface Window {
    loopscopeTimeline?: TimelineView;
  }
}

const skip = chromiumMissing();
if (skip) console.log(`# skipping the side-panel layout tests: ${skip}`);
const fixtureText = readFileSync(join(fixturesDir, "server-run.json"), "utf8");
const check = parseTraceText(fixtureText);
if (!check.ok) throw new Error(check.error);
const PANEL = { width: 700, height: 620 };

let browser: LaunchedBrowser;
let dir: string;
let reportUrl: string;
let webviewUrl: string;

before(async () => {
  if (skip) return;
  ensureBuilt("webview");
  dir = mkdtempSync(join(tmpdir(), "loopscope-side-panel-"));
  writeReport(undefined, join(dir, "timeline.html"), { json: fixtureText, source: "server-run.json", check });
  reportUrl = pathToFileURL(join(dir, "timeline.html")).href;
  const assets = {
    kind: "inline" as const,
    script: readFileSync(join(repoRoot, "dist/webview/timeline.js"), "utf8"),
    style: readFileSync(join(repoRoot, "dist/webview/timeline.css"), "utf8"),
  };
  writeFileSync(join(dir, "webview.html"), timelinePageHtml({ nonce: makeNonce(), assets }));
  webviewUrl = pathToFileURL(join(dir, "webview.html")).href;
  browser = await launchChromium(PANEL);
});
after(async () => {
  if (skip) return;
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
});

type Box = { x: number; y: number; width: number; height: number };
const box = async (page: Page, selector: string): Promise<Box> => {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is on the page`);
  return b;
};
const inView = (b: Box, what: string) => {
  assert.ok(b.y >= 0 && b.y + b.height <= PANEL.height + 0.5, `${what} is inside the ${PANEL.height} px panel (y ${b.y}..${b.y + b.height})`);
};

async function openVsCodePage(page: Page): Promise<(m: unknown) => Promise<void>> {
  await page.addInitScript(`window.acquireVsCodeApi = () => ({ postMessage: () => {}, getState: () => undefined, setState: () => {} });`);
  await page.goto(webviewUrl);
  await page.waitForFunction(() => !!window.loopscopeTimeline, undefined, { polling: 50, timeout: 10_000 });
  return async m => {
    await page.evaluate(m => window.postMessage(m, "*"), m);
  };
}

describe("timeline in a 700 px side panel", { skip }, () => {
  it("shows every row label whole, and ticks on round offsets", async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(reportUrl);
      await page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50, timeout: 10_000 });
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".ls-row-label span")]
          // The fixture's hostile 40-character thread name may be cut (with an ellipsis and a title); no ordinary label is.
          .filter(s => s.scrollWidth > s.clientWidth + 1 && (s.textContent ?? "").length <= 30)
          .map(s => s.textContent),
      );
      assert.deepEqual(cut, [], "no row label is cut");
      const viewport = await box(page, ".ls-viewport");
      assert.ok(viewport.width >= PANEL.width * 0.55, `the tracks keep most of the panel (${viewport.width} px)`);
      const ticks = await page.locator(".ls-axis .tick text").allTextContents();
      assert.ok(ticks.length >= 3, `ticks: ${ticks.join(", ")}`);
      const values = ticks.map(t => {
        const m = /^(-?\d+(?:\.\d+)?) (s|ms|µs)$/.exec(t);
        assert.ok(m, `tick "${t}" is a number and a unit`);
        return Number(m[1]);
      });
      const step = values[1] - values[0];
      assert.ok(
        [1, 2, 2.5, 5].some(m => Math.abs(step / 10 ** Math.floor(Math.log10(step)) - m) < 1e-9),
        `a round step (${step})`,
      );
      for (const v of values) assert.ok(Math.abs(v / step - Math.round(v / step)) < 1e-6, `tick ${v} is a multiple of ${step}`);
      // The last tick's label ends inside the axis.
      const axis = await box(page, ".ls-axis");
      const last = await page.locator(".ls-axis .tick text").last().boundingBox();
      assert.ok(last && last.x + last.width <= axis.x + axis.width + 0.5, "the last tick label is not cut");
    } finally {
      await page.close();
    }
  });

  it("opens the details pane without moving the toolbar or the time axis", async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(reportUrl);
      await page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50, timeout: 10_000 });
      const toolbar = await box(page, ".ls-toolbar"),
        axis = await box(page, ".ls-axis-row");
      const row = await page.evaluate(id => window.loopscopeTimeline!.debugInfo().rows.find(r => r.id === id)!, `${SERVER_PID}:${SERVER_PID}:loop`);
      const vp = await box(page, ".ls-viewport");
      // The fixture's 412 ms block on the main thread, 1.2 s into the run.
      await page.mouse.click(await page.evaluate(us => window.loopscopeTimeline!.clientX(us), 1_500 + 1_200_000 + 206_000), vp.y + row.y + 10);
      await page.waitForFunction(() => /412 ms/.test(document.querySelector(".ls-side")?.textContent ?? ""), undefined, { polling: 50, timeout: 5_000 });
      assert.deepEqual(await box(page, ".ls-toolbar"), toolbar, "the toolbar did not move");
      assert.deepEqual(await box(page, ".ls-axis-row"), axis, "the time axis did not move");
      inView(await box(page, ".ls-toolbar"), "the toolbar");
      inView(await box(page, ".ls-axis-row"), "the time axis");
      const side = await box(page, ".ls-side");
      inView(side, "the details pane");
      const tracks = await box(page, ".ls-scroller");
      assert.ok(tracks.height >= 150 && tracks.y + tracks.height <= side.y + 0.5, `the tracks keep room above the details (${tracks.height} px)`);
      assert.deepEqual(
        await page.evaluate(() => [
          document.scrollingElement!.scrollTop,
          document.querySelector(".ls-root")!.scrollTop,
          document.querySelector(".ls-body")!.scrollTop,
        ]),
        [0, 0, 0],
        "nothing scrolled the page",
      );
      // Inside the pane: the source is a row like the others (its value in line with theirs), and the stack's heading keeps its distance.
      const pane = await page.evaluate(() => {
        const details = document.querySelector("[data-testid=details]")!;
        const values = [...details.querySelectorAll(".ls-kv dd")].map(dd => Math.round(dd.getBoundingClientRect().left));
        const source = details.querySelector("[data-testid=source]")!.getBoundingClientRect();
        const heading = [...details.querySelectorAll("h2")].find(h => /stack/i.test(h.textContent ?? ""))?.getBoundingClientRect();
        return { values, gap: heading ? heading.top - source.bottom : undefined };
      });
      assert.equal(new Set(pane.values).size, 1, `every value starts at the same x: ${pane.values.join(", ")}`);
      assert.ok(pane.gap !== undefined && pane.gap >= 8, `the stack heading is apart from the source row (${pane.gap} px)`);
    } finally {
      await page.close();
    }
  });

  it("counts a live run's events in the lane header as they arrive, and keeps the zoom when the recorded trace replaces the run", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("console", m => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", e => errors.push(e.message));
    try {
      await openVsCodePage(page);
      const host = new LiveHost(page);
      await host.start();
      const events = check.events;
      const half = Math.floor(events.length / 2);
      await host.add(events.slice(0, half));
      await page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50, timeout: 5_000 });
      const header = page.locator(".ls-lane-header[data-lane='p:" + SERVER_PID + "'] .ls-lane-meta");
      const count = async () => Number((await header.innerText()).replace(/[^\d]/g, ""));
      const before = await count();
      assert.ok(before > 0, `the lane counts its events (${before})`);
      await host.add(events.slice(half));
      await page.waitForFunction(
        ([sel, n]) => Number(document.querySelector(sel as string)?.textContent?.replace(/[^\d]/g, "")) > (n as number),
        [`.ls-lane-header[data-lane='p:${SERVER_PID}'] .ls-lane-meta`, before] as const,
        { polling: 50, timeout: 5_000 },
      );
      // Zoom in, stop the run; the host then sends the recorded trace.
      await page.focus(".ls-viewport");
      await page.keyboard.press("+");
      await page.keyboard.press("+");
      const zoomed = await page.evaluate(() => window.loopscopeTimeline!.debugInfo().view);
      await host.end(check.metadata);
      // As the panel sends a file: its snapshot, its events served on request.
      const { header: snapshotHeader, blob } = encodeSnapshot(modelOfTrace(check));
      await page.evaluate(
        ({ header, bytes }) => {
          window.postMessage({ type: "loadSnapshot", header, blob: new Uint8Array(bytes), source: "live run" }, "*");
          window.postMessage({ type: "eventsServed", serial: 1 }, "*");
        },
        { header: snapshotHeader, bytes: Array.from(blob) },
      );
      await page.waitForFunction(() => window.loopscopeTimeline?.debugInfo().live === false, undefined, { polling: 50, timeout: 5_000 });
      const view = await page.evaluate(() => window.loopscopeTimeline!.debugInfo().view);
      assert.ok(Math.abs(view.t1 - view.t0 - (zoomed.t1 - zoomed.t0)) < 1_000, `the zoom is kept (${zoomed.t1 - zoomed.t0} µs, now ${view.t1 - view.t0} µs)`);
      assert.deepEqual(errors, [], "no errors in the page");
    } finally {
      await page.close();
    }
  });
});

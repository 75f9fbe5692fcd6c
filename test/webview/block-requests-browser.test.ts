// A block's request in the timeline, in headless Chromium (issue 13, 2.2): the details of a block
// name the request it ran for and the requests it delayed, and the statistics show a "Blocks by
// route" table, in a standalone report (`loopscope report`'s page).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { TraceFile } from "../../protocol/src/trace";
import { validateTrace } from "../../protocol/src/trace-validate";
import { writeReport } from "../../server/src/cli/report";
import type { TimelineView } from "../../webview/src/render/timeline-view";
import { ensureBuilt } from "../helpers/built";
import { chromiumMissing, launchChromium, type LaunchedBrowser } from "./browser";

declare global {
  interface Window {
    loopscopeTimeline?: TimelineView;
  }
}

const skip = chromiumMissing();
if (skip) console.log(`# skipping the block-request browser tests: ${skip}`);
const PID = 4242;

/** A server thread: /users/7 blocks for 300 ms (ran for it), two /wait requests in flight the whole time; a start-up block with no request. */
function trace(): TraceFile {
  const span = (id: string, ts: number, end: number, url: string) => [
    { ph: "b" as const, cat: "loopscope.http", name: `⇦ GET ${url}`, id, ts, pid: PID, tid: PID, args: { side: "server", method: "GET", url } },
    { ph: "e" as const, cat: "loopscope.http", name: `⇦ GET ${url}`, id, ts: end, pid: PID, tid: PID },
  ];
  return {
    traceEvents: [
      { ph: "M", name: "process_name", ts: 0, pid: PID, tid: PID, args: { name: "node server.js" } },
      { ph: "M", name: "thread_name", ts: 0, pid: PID, tid: PID, args: { name: "main" } },
      { ph: "X", cat: "loopscope.block", name: "startup block 80 ms", ts: 1_000, dur: 80_000, pid: PID, tid: PID, args: { thresholdMs: 50, startup: true } },
      ...span("h1", 500_000, 1_300_000, "/wait"),
      ...span("h2", 510_000, 1_310_000, "/wait"),
      ...span("h3", 700_000, 1_000_000, "/users/7?full=1"),
      {
        ph: "X",
        cat: "loopscope.block",
        name: "block 300 ms spin server.js:13",
        ts: 700_100,
        dur: 299_900,
        pid: PID,
        tid: PID,
        args: { thresholdMs: 50, request: { method: "GET", url: "/users/7?full=1", route: "/users/:id", startTs: 700_000, sampledMs: 280 } },
      },
    ],
  } as TraceFile;
}

let browser: LaunchedBrowser;
let dir: string;
let reportUrl: string;

before(async () => {
  if (skip) return;
  ensureBuilt("webview");
  dir = mkdtempSync(join(tmpdir(), "loopscope-block-requests-"));
  const value = trace();
  const check = validateTrace(value);
  assert.ok(check.ok);
  writeReport(value, join(dir, "timeline.html"), { check });
  reportUrl = pathToFileURL(join(dir, "timeline.html")).href;
  browser = await launchChromium({ width: 1200, height: 800 });
});
after(async () => {
  if (skip) return;
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("block requests in the timeline", { skip }, () => {
  it("shows blocks by route, and a block's cause and the requests it delayed", async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(reportUrl);
      await page.waitForFunction(() => !!document.querySelector("[data-testid=blocks-by-route]"), undefined, { polling: 50, timeout: 10_000 });
      const rows = await page.evaluate(() =>
        [...document.querySelectorAll("[data-testid=blocks-by-route] tbody tr")].map(tr => [...tr.querySelectorAll("td")].map(td => td.textContent)),
      );
      assert.equal(rows.length, 2, JSON.stringify(rows));
      assert.equal(rows[0]![0], "GET /users/:id");
      assert.equal(rows[0]![1], "1");
      assert.match(rows[0]![4] ?? "", /^2 \(\+/, "two requests delayed");
      assert.equal(rows[1]![0], "(no request context)", "the start-up block comes last");

      const row = await page.evaluate(id => window.loopscopeTimeline!.debugInfo().rows.find(r => r.id === id)!, `${PID}:${PID}:loop`);
      assert.ok(row, "the loop row is drawn");
      const vp = (await page.locator(".ls-viewport").boundingBox())!;
      await page.mouse.click(await page.evaluate(us => window.loopscopeTimeline!.clientX(us), 850_000), vp.y + row.y + 10);
      await page.waitForFunction(() => !!document.querySelector("[data-testid=block-cause]"), undefined, { polling: 50, timeout: 5_000 });
      const details = await page.evaluate(() => ({
        cause: document.querySelector("[data-testid=block-cause]")!.textContent,
        delayed: document.querySelector("[data-testid=block-delayed]")!.textContent,
        list: [...document.querySelectorAll("[data-testid=block-requests] li")].map(li => li.textContent),
      }));
      assert.equal(details.cause, "GET /users/7?full=1");
      assert.match(details.delayed ?? "", /^2 requests, \+/);
      assert.equal(details.list.length, 2);
      for (const item of details.list) assert.match(item ?? "", /^⇦ GET \/wait \+/);
    } finally {
      await page.close();
    }
  });
});

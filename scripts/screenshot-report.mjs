// Saves a screenshot of a standalone timeline report (`loopscope report` / `run --report`) as the
// README shows it: headless Debian Chromium through playwright-core, a block selected so the
// details panel shows its call site. usage: node scripts/screenshot-report.mjs report.html out.png
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export async function screenshotReport(reportPath, outPath, { width = 1400, height = 600 } = {}) {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(resolve(reportPath)).href);
    await page.waitForFunction(() => (window.loopscopeTimeline?.debugInfo().rows.length ?? 0) > 0, undefined, { polling: 50, timeout: 30_000 });
    // Select the longest block of the first main thread: the details show its function and file:line.
    const point = await page.evaluate(() => {
      const view = window.loopscopeTimeline;
      const item = view.layout.items.find(it => it.id.endsWith(":loop") && it.row?.store.n);
      if (!item) return undefined;
      const s = item.row.store;
      let best = 0;
      for (let i = 1; i < s.n; i++) if (s.end[i] - s.start[i] > s.end[best] - s.start[best]) best = i;
      const info = view.debugInfo();
      const mid = (s.start[best] + s.end[best]) / 2 - view.model.startUs;
      return { x: view.clientX(mid), y: info.viewport.top + item.y - info.viewport.scrollTop + 3 + s.level[best] * 14 + 6 };
    });
    if (point) {
      await page.mouse.click(point.x, point.y);
      await page.mouse.move(point.x, 5);
    }
    await page.waitForTimeout(300);
    mkdirSync(dirname(resolve(outPath)), { recursive: true });
    await page.screenshot({ path: outPath });
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [report, out] = process.argv.slice(2);
  if (!report || !out) {
    console.error("usage: node scripts/screenshot-report.mjs report.html out.png");
    process.exit(2);
  }
  await screenshotReport(report, out);
}

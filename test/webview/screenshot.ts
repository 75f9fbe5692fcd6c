// Writes docs/images/timeline.png: the report of the fixture trace with a selected block and a
// range selection, as the README shows it.   node --import tsx test/webview/screenshot.ts [light|dark]
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseTraceText } from "../../protocol/src/trace-validate";
import { writeReport } from "../../server/src/cli/report";
import { ensureBuilt, repoRoot } from "../helpers/built";
import { launchChromium } from "./browser";
import { fixturesDir } from "./make-fixtures";

const scheme = process.argv[2] === "dark" ? "dark" : "light";
ensureBuilt("webview");
const dir = mkdtempSync(join(tmpdir(), "loopscope-shot-"));
const text = readFileSync(join(fixturesDir, "server-run.json"), "utf8");
const check = parseTraceText(text);
const report = join(dir, "timeline.html");
writeReport(undefined, report, { json: text, source: "server-run.json", check });
const browser = await launchChromium({ width: 1500, height: 900, colorScheme: scheme });
try {
  const page = await browser.context.newPage();
  await page.goto(pathToFileURL(report).href);
  await page.waitForFunction(
    () => (window as unknown as { loopscopeTimeline?: { debugInfo(): { rows: unknown[] } } }).loopscopeTimeline?.debugInfo().rows.length,
    undefined,
    { polling: 50 },
  );
  // Select 1.0–3.6 s on the axis, then pin the 412 ms block.
  const x = (us: number) => page.evaluate(`window.loopscopeTimeline.clientX(${us})`) as Promise<number>;
  const axis = (await page.locator(".ls-axis").boundingBox())!;
  await page.mouse.move(await x(1_000_000), axis.y + 15);
  await page.mouse.down();
  await page.mouse.move(await x(3_600_000), axis.y + 15, { steps: 5 });
  await page.mouse.up();
  const row = (await page.evaluate(`window.loopscopeTimeline.debugInfo().rows.find(r => r.id === "4242:4242:loop")`)) as { y: number };
  const vp = (await page.locator(".ls-viewport").boundingBox())!;
  const bx = await x(1_500 + 1_200_000 + 206_000),
    by = vp.y + row.y + 3 + 7;
  await page.mouse.click(bx, by);
  await page.mouse.move(await x(1_500 + 3_050_000 + 90_000), by);
  await page.waitForTimeout(300);
  const out = join(repoRoot, "docs", "images", scheme === "dark" ? "timeline-dark.png" : "timeline.png");
  mkdirSync(join(repoRoot, "docs", "images"), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}

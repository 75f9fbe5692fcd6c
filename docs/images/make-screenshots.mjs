// Renders the images of the extension page and README with headless Chromium (playwright-core):
//   icon.png                   docs/images/icon.svg at 256 px (the extension's icon)
//   timeline-700.png           the timeline report of the fixture trace in a 700 px wide panel, a block selected
//   timeline-700-counters.png  the same, scrolled to the counter tracks (units in their scale notes)
//   timeline-live-{1,2,3}.png  a live run filling the 700 px panel, three moments (the README's image sequence)
//   extension-page-700.png     the extension's page in a real VS Code (code-server, the .vsix installed),
//                              a 700 px wide editor; needs LOOPSCOPE_CODE_SERVER_ENTRY (see
//                              test/vscode/codeServer.ts), else README.extension.md rendered the same way
// usage: npm run build && node docs/images/make-screenshots.mjs [icon|timeline|live|extension ...]
// Chromium: LOOPSCOPE_CHROMIUM, else Debian's /usr/bin/chromium.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import MarkdownIt from "markdown-it";
import { chromium } from "playwright-core";

const images = dirname(fileURLToPath(import.meta.url));
const root = join(images, "..", "..");
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ["icon", "timeline", "live", "extension"];
const scratch = mkdtempSync(join(tmpdir(), "loopscope-screenshots-"));
const profile = mkdtempSync(join(tmpdir(), "loopscope-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.LOOPSCOPE_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-dev-shm-usage"],
  viewport: { width: 700, height: 900 },
  deviceScaleFactor: 1,
});

async function icon() {
  const page = await context.newPage();
  await page.setViewportSize({ width: 256, height: 256 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${readFileSync(join(images, "icon.svg"), "utf8")}</body></html>`);
  await page.locator("svg").screenshot({ path: join(images, "icon.png"), omitBackground: true });
  await page.close();
}

async function timeline() {
  const report = join(scratch, "timeline.html");
  execFileSync(process.execPath, [join(root, "dist/cli.mjs"), "report", join(root, "test/fixtures/traces/server-run.json"), "--out", report], { stdio: "ignore", timeout: 60_000 });
  const page = await context.newPage();
  await page.setViewportSize({ width: 700, height: 620 });
  await page.goto(pathToFileURL(report).href);
  await page.waitForFunction(() => window.loopscopeTimeline?.debugInfo().rows.length, undefined, { polling: 50, timeout: 20_000 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(images, "timeline-700.png") });
  // Select the fixture's 412 ms block on the main thread's event loop (1.2 s into the run): the details pane opens.
  const row = await page.evaluate(() => window.loopscopeTimeline.debugInfo().rows.find(r => r.id === "4242:4242:loop"));
  const vp = await page.locator(".ls-viewport").boundingBox();
  await page.mouse.click(await page.evaluate(us => window.loopscopeTimeline.clientX(us), 1_500 + 1_200_000 + 206_000), vp.y + row.y + 10);
  // The pointer leaves the tracks: the picture shows the pinned details, not a hover tooltip over the labels.
  await page.mouse.move(5, 5);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(images, "timeline-700-selected.png") });
  // The counter tracks, with their units.
  await page.keyboard.press("Escape");
  await page.mouse.move(5, 5);
  await page.evaluate(() => {
    const row = window.loopscopeTimeline.debugInfo().rows.find(r => r.kind === "row" && r.label.startsWith("event loop delay"));
    document.querySelector(".ls-scroller").scrollTop = row ? row.y - 4 : 0;
  });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(images, "timeline-700-counters.png") });
  await page.close();
}

async function live() {
  // The VS Code panel's page (no embedded trace), fed the fixture's events as the host does during a run:
  // the extension's LiveView keeps the run and sends the page snapshot deltas.
  const { tsImport } = await import("tsx/esm/api");
  const { makeNonce, timelinePageHtml } = await tsImport(join(root, "protocol/src/webview-page.ts"), import.meta.url);
  const { LiveView } = await tsImport(join(root, "client/src/timeline/liveView.ts"), import.meta.url);
  const assets = { kind: "inline", script: readFileSync(join(root, "dist/webview/timeline.js"), "utf8"), style: readFileSync(join(root, "dist/webview/timeline.css"), "utf8") };
  const file = join(scratch, "webview.html");
  writeFileSync(file, timelinePageHtml({ nonce: makeNonce(), assets }));
  const trace = JSON.parse(readFileSync(join(root, "test/fixtures/traces/server-run.json"), "utf8"));
  const events = (Array.isArray(trace) ? trace : trace.traceEvents).slice().sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  const page = await context.newPage();
  await page.setViewportSize({ width: 700, height: 520 });
  await page.addInitScript("window.acquireVsCodeApi = () => ({ postMessage: () => {}, getState: () => undefined, setState: () => {} });");
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => !!window.loopscopeTimeline, undefined, { polling: 50, timeout: 10_000 });
  const outbox = [];
  const deliver = async () => {
    for (const m of outbox.splice(0)) {
      if (m.blob) await page.evaluate(({ m, bytes }) => window.postMessage({ ...m, blob: new Uint8Array(bytes) }, "*"), { m: { ...m, blob: undefined }, bytes: Array.from(m.blob) });
      else await page.evaluate(m => window.postMessage(m, "*"), m);
    }
  };
  const view = new LiveView("node server.js", 50, 0);
  view.attach(m => outbox.push(m), 1);
  await deliver();
  // As during a run: an event arrives when it has ended (spans at their end), metadata first.
  const start = Math.min(...events.filter(e => e.ph !== "M" && typeof e.ts === "number").map(e => e.ts));
  const end = e => (e.ts ?? start) + (e.dur ?? 0);
  const sent = new Set();
  for (const [i, seconds] of [2.5, 5, 8.2].entries()) {
    const batch = events.filter(e => !sent.has(e) && (e.ph === "M" || end(e) - start <= seconds * 1e6));
    for (const e of batch) sent.add(e);
    view.add(batch);
    await new Promise(resolve => setTimeout(resolve, 0));
    await deliver();
    await page.waitForTimeout(300);
    // The whole run so far (Fit), as a user zoomed out to watch it grow.
    await page.focus(".ls-viewport");
    await page.keyboard.press("0");
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(images, `timeline-live-${i + 1}.png`) });
  }
  await page.close();
}

async function extension() {
  const entry = process.env.LOOPSCOPE_CODE_SERVER_ENTRY;
  if (entry) return extensionInCodeServer(entry);
  console.log("LOOPSCOPE_CODE_SERVER_ENTRY is not set: rendering README.extension.md like VS Code's extension page instead");
  return extensionRendered();
}

async function extensionInCodeServer(entry) {
  const { tsImport } = await import("tsx/esm/api");
  const { CodeServer, packageVsix } = await tsImport(join(root, "test/vscode/codeServer.ts"), import.meta.url);
  const runDir = join(scratch, "code-server");
  const folder = join(scratch, "project");
  execFileSync("cp", ["-r", join(root, "examples"), folder]);
  const vsix = join(scratch, "loopscope.vsix");
  packageVsix(vsix);
  const server = await CodeServer.start({ entry, runDir, folder, vsix, userSettings: { "workbench.startupEditor": "none", "workbench.tips.enabled": false }, workspaceTrust: false });
  try {
    const page = await server.openWorkbench();
    // The side bar (~300 px) and a 700 px editor.
    await page.setViewportSize({ width: 1050, height: 1000 });
    // The Extensions view's search box has the focus once the view opens.
    await page.keyboard.press("Control+Shift+X");
    await page.waitForTimeout(1500);
    await page.keyboard.type("@installed loopscope");
    const item = page.locator(".monaco-list-row").filter({ hasText: "Loopscope" }).first();
    await item.waitFor({ timeout: 60_000 });
    await item.click();
    await page.locator(".extension-editor").first().waitFor({ timeout: 30_000 });
    // The README is a webview inside the details editor: let it and its images load.
    await page.waitForTimeout(4000);
    await page.screenshot({ path: join(images, "extension-page-700.png") });
  } finally {
    await server.stop();
  }
}

async function extensionRendered() {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const md = new MarkdownIt({ html: false, linkify: true });
  const body = md.render(readFileSync(join(root, "README.extension.md"), "utf8"));
  const html = `<!doctype html><html><head><meta charset="utf-8"><base href="${pathToFileURL(root + "/").href}"><style>
    body { margin: 0; font: 13px/1.5 system-ui, sans-serif; color: #cccccc; background: #1e1e1e; }
    header { display: flex; gap: 16px; padding: 20px; border-bottom: 1px solid #333; }
    header img { width: 96px; height: 96px; }
    header h1 { margin: 0; font-size: 24px; font-weight: 600; color: #fff; }
    header .meta { color: #9d9d9d; }
    header .button { display: inline-block; margin-top: 8px; background: #0e639c; color: #fff; padding: 2px 10px; }
    main { padding: 0 20px 20px; } main img { max-width: 100%; }
    a { color: #3794ff; } code { background: #2d2d2d; padding: 1px 3px; }
    table { border-collapse: collapse; } td, th { border: 1px solid #444; padding: 3px 6px; text-align: left; vertical-align: top; }
    h1, h2, h3 { color: #fff; border-bottom: 1px solid #333; }
  </style></head><body>
    <header><img src="docs/images/icon.png"><div><h1>${pkg.displayName}</h1>
      <div class="meta">${pkg.publisher} · v${pkg.version} · ${pkg.categories.join(", ")}</div>
      <div>${pkg.description}</div><span class="button">Install</span></div></header>
    <main>${body}</main></body></html>`;
  const file = join(scratch, "extension.html");
  writeFileSync(file, html);
  const page = await context.newPage();
  await page.setViewportSize({ width: 700, height: 1400 });
  await page.goto(pathToFileURL(file).href);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(images, "extension-page-700.png") });
  await page.close();
}

try {
  for (const name of wanted) {
    await { icon, timeline, live, extension }[name]();
    console.log(`made ${name}`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}

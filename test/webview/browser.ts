// Headless Chromium for the timeline's tests, screenshot and benchmark: Debian's chromium through
// playwright-core, a fresh profile per launch, no network features.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Frame, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.LOOPSCOPE_CHROMIUM ?? "/usr/bin/chromium";

/** Why Chromium tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `no Chromium at ${CHROMIUM_PATH} (install Debian's chromium: apt-get install -y chromium, as .ci/run does)`;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(options: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {}): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "loopscope-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
    viewport: { width: options.width ?? 1400, height: options.height ?? 860 },
    colorScheme: options.colorScheme ?? "light",
    deviceScaleFactor: 1,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The timeline canvas's colour at a point (CSS pixels of the page or frame given), as [r, g, b]. */
export async function canvasPixel(target: Pick<Page, "evaluate"> | Pick<Frame, "evaluate">, p: { x: number; y: number }): Promise<[number, number, number]> {
  return (target as Pick<Page, "evaluate">).evaluate(({ x, y }) => {
    const canvas = document.querySelector<HTMLCanvasElement>(".ls-viewport canvas")!;
    const r = canvas.getBoundingClientRect();
    const dpr = canvas.width / r.width;
    const d = canvas.getContext("2d")!.getImageData(Math.round((x - r.left) * dpr), Math.round((y - r.top) * dpr), 1, 1).data;
    return [d[0], d[1], d[2]] as [number, number, number];
  }, p);
}

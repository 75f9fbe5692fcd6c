// Driving VS Code's workbench in code-server as a user does: the command palette, the simple
// file dialog, the timeline's webview frame. Shared by the code-server tests and
// bench/vscode-open-trace.mjs (which loads it with tsx).
import type { Frame, Page } from "playwright-core";

/** Runs a command from the palette (F1), by its title; waits for the palette to close unless told not to (a dialog follows). */
export async function runCommand(page: Page, title: string, waitClosed = true): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const input = await openPalette(page);
    // The palette closes again when a webview's frame takes the focus just after F1 (its tab was
    // clicked a moment before): then it is opened again, with no frame focused.
    const typed = await input.fill(`>${title}`, { timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (typed) break;
    if (attempt === 3) throw new Error(`the command palette closed before "${title}" could be typed, three times`);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  }
  await page.locator(".quick-input-list .monaco-list-row").filter({ hasText: title }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press("Enter");
  if (waitClosed) await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 15_000 });
}

/**
 * Opens the command palette. F1 is lost now and then while a webview's frame has the focus (the
 * key goes to the frame, which forwards it to the workbench only once it is ready): then the
 * frame is blurred, so that the workbench's own keybinding gets the key, and F1 is pressed again.
 */
async function openPalette(page: Page): Promise<ReturnType<Page["locator"]>> {
  const input = page.locator(".quick-input-widget input");
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("F1");
    const shown = await input.waitFor({ timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (shown) return input;
    if (attempt === 3) throw new Error("the command palette did not open after F1, three times (the last time with no frame focused)");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  }
}

/** The extension host starts after the workbench: waits until the command palette lists `title`. */
export async function waitForCommand(page: Page, title: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const input = await openPalette(page);
    await input.fill(`>${title}`);
    const found = await page
      .locator(".quick-input-list .monaco-list-row")
      .filter({ hasText: title })
      .first()
      .waitFor({ timeout: 3000 })
      .then(
        () => true,
        () => false,
      );
    await page.keyboard.press("Escape");
    if (found) return;
    if (Date.now() > deadline) throw new Error(`the command palette never listed ${title}`);
  }
}

/**
 * Types a path into VS Code's own file dialog (the simple one in the browser), once it shows
 * `folder`, and lets its completion settle. The caller presses Enter (and may time from there).
 */
export async function typeInFileDialog(page: Page, folder: string, path: string, settleMs = 300): Promise<void> {
  await page.waitForFunction(want => document.querySelector<HTMLInputElement>(".quick-input-widget input")?.value === want, `${folder}/`, { timeout: 30_000 });
  await page.locator(".quick-input-widget input").fill(path);
  await page.waitForTimeout(settleMs);
}

/** The timeline page's frame inside the webview (to read its state; clicks go through locators). */
export async function timelineFrame(page: Page, timeoutMs = 30_000, pollMs = 200): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.evaluate(() => !!(window as { loopscopeTimeline?: unknown }).loopscopeTimeline).catch(() => false)) return frame;
    }
    if (Date.now() > deadline) throw new Error("no frame with the timeline");
    await page.waitForTimeout(pollMs);
  }
}

/**
 * Opens a workspace file by name through Quick Open (Ctrl+P), as a user does, and waits for its
 * tab to be the active one and its text to be drawn. On a loaded machine the list sometimes takes
 * the Enter before it has settled on the file (nothing opens): then the picker is closed and the
 * file asked for once more, its row clicked this time.
 */
export async function openFile(page: Page, name: string): Promise<void> {
  const activeTab = page.locator(".tabs-container .tab.active").filter({ hasText: name }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("Control+P");
    await page.locator(".quick-input-widget input").waitFor();
    await page.keyboard.type(name);
    const row = page.locator(".quick-input-list .monaco-list-row").filter({ hasText: name }).first();
    await row.waitFor({ timeout: 30_000 });
    if (attempt === 1) await page.keyboard.press("Enter");
    else await row.click();
    try {
      await activeTab.waitFor({ timeout: 15_000 });
      break;
    } catch (error) {
      if (attempt === 2) throw new Error(`Quick Open did not open ${name} in two tries`, { cause: error });
      await page.keyboard.press("Escape");
    }
  }
  await page.locator(".monaco-editor .view-lines").first().waitFor({ timeout: 30_000 });
}

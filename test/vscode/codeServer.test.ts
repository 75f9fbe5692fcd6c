// End to end in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) through headless Chromium:
// install the packaged .vsix, open a copy of examples/ (untrusted: Restricted Mode), open a file
// with a blocking call, read the diagnostic in the Problems panel, apply the quick-fix, and check
// the file on disk. Skips with the reason (and how to enable it) where code-server is missing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Page } from "playwright-core";
import { CodeServer, codeServerSkipReason, packageVsix, repoRoot } from "./codeServer";
import { expectedFix } from "./expectedFix";

test("code-server: the packaged extension shows the diagnostic in the Problems panel and its quick-fix changes the file", { timeout: 300_000 }, async t => {
  const skip = codeServerSkipReason();
  if (skip) {
    console.log(`# skipped: ${skip}`);
    t.skip(skip);
    return;
  }
  const started = Date.now();
  const timings: string[] = [];
  const mark = (what: string) => timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  const runDir = mkdtempSync(join(tmpdir(), "loopscope-e2e-"));
  // The workspace copy lives under test/.tmp (git-ignored) so Node's types resolve from the repo's node_modules.
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  const copyRoot = mkdtempSync(join(repoRoot, "test/.tmp/e2e-"));
  const folder = join(copyRoot, "examples");
  cpSync(join(repoRoot, "examples"), folder, { recursive: true, filter: source => !/[/\\](node_modules|\.build)$/.test(source) });
  let server: CodeServer | undefined;
  let page: Page | undefined;
  try {
    const expected = expectedFix(folder);
    const relativeFile = relative(folder, expected.file);
    const { line, character } = expected.finding.range.start;
    mark("expected computed");
    const vsix = join(runDir, "loopscope.vsix");
    packageVsix(vsix);
    mark("packaged");
    server = await CodeServer.start({
      entry: process.env.LOOPSCOPE_CODE_SERVER_ENTRY!,
      runDir,
      folder,
      vsix,
      workspaceTrust: true,
      userSettings: {
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "telemetry.telemetryLevel": "off",
        "extensions.autoUpdate": false,
        "extensions.autoCheckUpdates": false,
        "git.enabled": false,
        "git.openRepositoryInParentFolders": "never",
        "security.workspace.trust.startupPrompt": "always",
        "security.workspace.trust.untrustedFiles": "open",
      },
    });
    mark("code-server up");
    page = await server.openWorkbench();
    mark("workbench");

    // Workspace Trust: decline. Linting must work in Restricted Mode (capabilities.untrustedWorkspaces = limited).
    await page.getByRole("button", { name: "No, I don't trust the authors" }).click({ timeout: 30_000 });
    await page.locator(".statusbar-item").filter({ hasText: "Restricted Mode" }).first().waitFor({ timeout: 15_000 });

    // Open the file through Quick Open.
    await page.keyboard.press("Control+P");
    await page.locator(".quick-input-widget input").waitFor();
    await page.keyboard.type(relativeFile);
    await page
      .locator(".quick-input-list .monaco-list-row")
      .filter({ hasText: relativeFile.split("/").pop()! })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.keyboard.press("Enter");
    await page.locator(".monaco-editor .view-lines").first().waitFor({ timeout: 30_000 });
    mark("file open");

    // The Problems panel shows Loopscope's message, rule and position.
    await page.keyboard.press("Control+Shift+M");
    const panel = page.locator(".markers-panel");
    const messageStart = expected.finding.message.slice(0, 60);
    await panel.getByText(messageStart).first().waitFor({ timeout: 90_000 });
    mark("diagnostic shown");
    const panelText = await panel.innerText();
    assert.ok(panelText.includes(expected.finding.message), `the full message is in the Problems panel:\n${panelText}`);
    assert.match(panelText, /blocking-call-in-async/);
    assert.ok(panelText.includes(`[Ln ${line + 1}, Col ${character + 1}]`), `the position is shown:\n${panelText}`);
    const before = occurrences(panelText, expected.finding.message);

    // The status bar item reports the server's state.
    await page
      .getByRole("button", { name: /^Loopscope (ready|linting)/ })
      .first()
      .waitFor({ timeout: 30_000 });
    mark("status bar");

    // Go to the finding and apply its quick-fix from the Ctrl+. menu.
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+G");
    await page.locator(".quick-input-widget input").waitFor();
    await page.keyboard.type(`${line + 1}:${character + 1}`);
    await page.keyboard.press("Enter");
    // The cursor is there (status bar) and the editor has the focus back (quick input closed).
    await page
      .locator(".statusbar-item")
      .filter({ hasText: `Ln ${line + 1}, Col ${character + 1}` })
      .first()
      .waitFor({ timeout: 15_000 });
    await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 15_000 });
    // Let the automatic code action request for the new cursor position finish first (the light
    // bulb shows): a Ctrl+. racing it gets cancelled by the editor and says "No code actions available".
    await page
      .locator(".monaco-editor .lightBulbWidget")
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    mark("cursor at finding");
    await chooseCodeAction(page, expected.fix.title);
    mark("quick-fix applied");
    await page.keyboard.press("Control+S");

    // The file on disk is exactly the original with the fix's edits.
    const deadline = Date.now() + 20_000;
    while (readFileSync(expected.file, "utf8") !== expected.fixedText && Date.now() < deadline) await page.waitForTimeout(200);
    assert.equal(readFileSync(expected.file, "utf8"), expected.fixedText);
    mark("file saved");

    // And the finding is gone from the Problems panel.
    const goneBy = Date.now() + 30_000;
    while (occurrences(await panel.innerText(), expected.finding.message) >= before && Date.now() < goneBy) await page.waitForTimeout(250);
    assert.equal(occurrences(await panel.innerText(), expected.finding.message), before - 1, "the fixed finding left the Problems panel");
    mark("diagnostic gone");
    console.log(`# code-server e2e (${relativeFile}:${line + 1}:${character + 1}, "${expected.fix.title}"): ${timings.join(", ")}`);
  } catch (error) {
    if (page) {
      mkdirSync(join(repoRoot, "test-results"), { recursive: true });
      await page.screenshot({ path: join(repoRoot, "test-results/code-server-e2e-failure.png") }).catch(() => undefined);
    }
    throw new Error(
      `${(error as Error).message}\n(timings: ${timings.join(", ")}; screenshot: test-results/code-server-e2e-failure.png)\ncode-server output (tail):\n${server?.output.join("").slice(-3000) ?? ""}`,
      { cause: error },
    );
  } finally {
    await server?.stop();
    rmSync(runDir, { recursive: true, force: true });
    rmSync(copyRoot, { recursive: true, force: true });
  }
});

/** Opens the code action menu at the cursor and runs the action with this title (retrying while the menu is still empty). */
async function chooseCodeAction(page: Page, title: string): Promise<void> {
  const widget = page.locator(".action-widget");
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press("Control+.");
    try {
      // The menu opens once every code action provider answered, TypeScript's own included (slow on a busy machine).
      await widget.getByText(title, { exact: true }).first().waitFor({ timeout: 20_000 });
    } catch {
      await page.keyboard.press("Escape");
      await page.waitForTimeout(1000);
      continue;
    }
    // The menu's pointer shield swallows clicks: move the keyboard focus to the row instead.
    for (let step = 0; step < 20; step++) {
      const focused = (
        await widget
          .locator(".monaco-list-row.focused")
          .first()
          .innerText()
          .catch(() => "")
      ).trim();
      if (focused === title) {
        await page.keyboard.press("Enter");
        return;
      }
      await page.keyboard.press("ArrowDown");
    }
    throw new Error(`could not focus "${title}" in the code action menu: ${await widget.innerText()}`);
  }
  throw new Error(`the code action menu never offered "${title}"`);
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

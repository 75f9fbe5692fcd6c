// "Fix all" end to end in a real VS Code (code-server through headless Chromium), the way the
// README tells users to turn it on: `"editor.codeActionsOnSave": { "source.fixAll.loopscope":
// "explicit" }`. The file mixes what broke fix-all before (issue 12): an existing
// `import { execSync } from 'node:child_process'`, single quotes, no semicolons, `15_000`, in a
// project with `noUnusedLocals`. After one save the file must compile under the project's own
// tsconfig and no rule may find anything in it, in the editor or on the command line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { ensureBuilt } from "../helpers/built";
import { CodeServer, codeServerSkipReason, packageVsix, repoRoot } from "./codeServer";

const original = [
  "import { execSync } from 'node:child_process'",
  "",
  "export async function head(req: unknown, res: unknown): Promise<string> {",
  "  const rev = execSync('git rev-parse HEAD').toString().trim()",
  "  const page = await fetch('https://example.com/' + rev)",
  "  return rev + ' ' + page.status",
  "}",
  "",
  "export async function notifyAll(req: { body: { urls: string[] } }) {",
  "  const all = await Promise.all(req.body.urls.map(u => fetch(u, { signal: AbortSignal.timeout(15_000) })))",
  "  return all.length",
  "}",
  "",
].join("\n");
const tsconfig = {
  compilerOptions: { strict: true, target: "es2022", module: "nodenext", types: ["node"], noEmit: true, noUnusedLocals: true },
  include: ["src"],
};
const ruleIds = ["blocking-call-in-async", "missing-timeout", "unbounded-concurrency"];

test("code-server: fix all on save fixes a file with mixed import styles; it then compiles under noUnusedLocals and no rule finds anything", {
  timeout: 300_000,
}, async t => {
  const skip = codeServerSkipReason();
  if (skip) {
    console.log(`# skipped: ${skip}`);
    t.skip(skip);
    return;
  }
  const cli = ensureBuilt("cli");
  const runDir = mkdtempSync(join(tmpdir(), "loopscope-e2e-fixall-"));
  // Outside the repository (its test/ folder counts as tests, which rules skip); Node's types come through a link.
  const folder = mkdtempSync(join(tmpdir(), "loopscope-fixall-project-"));
  mkdirSync(join(folder, "src"));
  symlinkSync(join(repoRoot, "node_modules"), join(folder, "node_modules"), "dir");
  writeFileSync(join(folder, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  // All but missing-timeout are off by default: the three named in the project, as a user would.
  writeFileSync(
    join(folder, "loopscope.config.json"),
    JSON.stringify({ rules: { "unbounded-concurrency": "warning", "blocking-call-in-async": "warning", "missing-timeout": "warning" } }),
  );
  const file = join(folder, "src/jobs.ts");
  writeFileSync(file, original);
  let server: CodeServer | undefined;
  let page: Page | undefined;
  try {
    // The starting point is what the test claims: it compiles, and each rule finds something.
    assert.equal(tsc(folder).status, 0, `the original compiles: ${tsc(folder).stdout}`);
    const before = lintJson(cli, folder);
    assert.deepEqual([...new Set(before.map(m => m.ruleId))].sort(), ruleIds, "every rule finds something before the fix");

    const vsix = join(runDir, "loopscope.vsix");
    packageVsix(vsix);
    server = await CodeServer.start({
      entry: process.env.LOOPSCOPE_CODE_SERVER_ENTRY!,
      runDir,
      folder,
      vsix,
      workspaceTrust: false,
      userSettings: {
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "telemetry.telemetryLevel": "off",
        "extensions.autoUpdate": false,
        "extensions.autoCheckUpdates": false,
        "git.enabled": false,
        "git.openRepositoryInParentFolders": "never",
        "editor.codeActionsOnSave": { "source.fixAll.loopscope": "explicit" },
        // Only Loopscope's fix-all may change the file: no formatter, no editor-side whitespace edits.
        "editor.formatOnSave": false,
        "files.trimTrailingWhitespace": false,
        "files.insertFinalNewline": false,
      },
    });
    page = await server.openWorkbench();
    await page.keyboard.press("Control+P");
    await page.locator(".quick-input-widget input").waitFor();
    await page.keyboard.type("src/jobs.ts");
    await page.locator(".quick-input-list .monaco-list-row").filter({ hasText: "jobs.ts" }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press("Enter");
    await page.locator(".monaco-editor .view-lines").first().waitFor({ timeout: 30_000 });

    // The three findings are in the Problems panel: the server has linted the file.
    await page.keyboard.press("Control+Shift+M");
    const panel = page.locator(".markers-panel");
    for (const rule of ruleIds) await panel.getByText(rule).first().waitFor({ timeout: 90_000 });

    // An explicit save of a changed file runs the code actions on save. The change is an empty
    // line at the end, which changes nothing the rules or the compiler look at.
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+S");
    const deadline = Date.now() + 60_000;
    // The save truncates and then writes the file: wait for a changed text that stays the same for 300 ms.
    let fixed = readFileSync(file, "utf8");
    for (let settled = false; !settled && Date.now() < deadline; ) {
      await page.waitForTimeout(300);
      const now = readFileSync(file, "utf8");
      settled = now === fixed && now !== original && now !== "";
      fixed = now;
    }
    assert.notEqual(fixed, original, "saving applied fix all");

    // The file's own style: one import of node:child_process (extended, not a second one), single quotes, no semicolons, 10_000.
    assert.equal(fixed.match(/from 'node:child_process'/g)?.length, 1, `one import of node:child_process:\n${fixed}`);
    assert.doesNotMatch(fixed, /"/, `no double quotes:\n${fixed}`);
    assert.doesNotMatch(fixed, /;\s*$/m, `no semicolons at line ends:\n${fixed}`);
    assert.doesNotMatch(fixed, /\b\d{5,}\b/, `numbers keep the file's separators:\n${fixed}`);
    assert.doesNotMatch(fixed, /\bexecSync\b/, `the blocking call and its import are gone:\n${fixed}`);

    // It compiles under the project's own tsconfig (noUnusedLocals included) and no rule finds anything.
    const compiled = tsc(folder);
    assert.equal(compiled.status, 0, `tsc -p ${folder}:\n${compiled.stdout}${compiled.stderr}\n${fixed}`);
    assert.deepEqual(lintJson(cli, folder), [], `no finding left on the command line:\n${fixed}`);
    // And the editor agrees: Loopscope's findings leave the Problems panel.
    const goneBy = Date.now() + 60_000;
    let lastPanel = await panel.innerText();
    while (ruleIds.some(r => lastPanel.includes(r)) && Date.now() < goneBy) {
      await page.waitForTimeout(250);
      lastPanel = await panel.innerText();
    }
    assert.ok(!ruleIds.some(r => lastPanel.includes(r)), `no Loopscope finding in the Problems panel:\n${lastPanel}`);
  } catch (error) {
    if (page) {
      mkdirSync(join(repoRoot, "test-results"), { recursive: true });
      await page.screenshot({ path: join(repoRoot, "test-results/code-server-fix-all-failure.png") }).catch(() => undefined);
    }
    throw new Error(
      `${(error as Error).message}\n(screenshot: test-results/code-server-fix-all-failure.png)\ncode-server output (tail):\n${server?.output.join("").slice(-3000) ?? ""}`,
      { cause: error },
    );
  } finally {
    await server?.stop();
    rmSync(runDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  }
});

function tsc(folder: string) {
  return spawnSync(join(repoRoot, "node_modules/.bin/tsc"), ["-p", folder], { encoding: "utf8", timeout: 120_000 });
}

/** Every finding of every rule in the folder's src/, from the built CLI's JSON output. */
function lintJson(cli: string, folder: string): { ruleId: string; message: string }[] {
  const r = spawnSync(process.execPath, [cli, "lint", "--format", "json", "src"], { cwd: folder, encoding: "utf8", timeout: 120_000 });
  if (r.error) throw new Error(`loopscope lint did not finish: ${r.error.message}`);
  const report = JSON.parse(r.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return report.flatMap(f => f.messages);
}

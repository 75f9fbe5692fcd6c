// Runs INSIDE VS Code (Electron) as the --extensionTestsPath module of @vscode/test-electron:
// the same flow as the code-server test, through the VS Code API instead of the UI.
// Bundled to CommonJS by electron.test.ts; `vscode` is provided by the extension host.
import * as vscode from "vscode";
import { readFileSync } from "node:fs";

interface Expected {
  file: string;
  message: string;
  line: number;
  character: number;
  title: string;
  fixedText: string;
}

export async function run(): Promise<void> {
  const expected = JSON.parse(readFileSync(process.env.LOOPSCOPE_E2E_EXPECTED!, "utf8")) as Expected;
  const extension = vscode.extensions.getExtension("loopscope.loopscope");
  if (!extension) throw new Error("the installed Loopscope extension is not there");
  const uri = vscode.Uri.file(expected.file);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  if (!extension.isActive) await extension.activate();

  const diagnostic = await poll(
    () =>
      vscode.languages
        .getDiagnostics(uri)
        .find(
          d =>
            d.source === "loopscope" &&
            d.message === expected.message &&
            d.range.start.line === expected.line &&
            d.range.start.character === expected.character,
        ),
    90_000,
    "the Loopscope diagnostic",
  );
  const code = typeof diagnostic.code === "object" ? diagnostic.code.value : diagnostic.code;
  if (code !== "blocking-call-in-async") throw new Error(`unexpected rule id ${String(code)}`);

  const actions = await poll(
    async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        "vscode.executeCodeActionProvider",
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      return all?.find(a => a.title === expected.title);
    },
    30_000,
    `the quick-fix "${expected.title}"`,
  );
  if (!actions.edit || !(await vscode.workspace.applyEdit(actions.edit))) throw new Error("applying the quick-fix failed");
  if (!(await document.save())) throw new Error("saving failed");
  const onDisk = readFileSync(expected.file, "utf8");
  if (onDisk !== expected.fixedText) throw new Error(`the fixed file differs:\n--- expected\n${expected.fixedText}\n--- actual\n${onDisk}`);
  await poll(
    () =>
      vscode.languages.getDiagnostics(uri).some(d => d.source === "loopscope" && d.message === expected.message && d.range.start.line === expected.line)
        ? undefined
        : true,
    30_000,
    "the diagnostic to go away",
  );
}

async function poll<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

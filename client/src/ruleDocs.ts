// "Show documentation for <rule>": the rule's page rendered (VS Code's Markdown preview, read-only),
// not the .md file of the extension's folder opened as editable text.
import * as vscode from "vscode";
import { readdir } from "node:fs/promises";

export const showRuleDocumentationCommand = "loopscope.showRuleDocumentation";

export function registerRuleDocs(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(showRuleDocumentationCommand, async (ruleId?: unknown) => {
    const docsDir = context.asAbsolutePath("docs/rules");
    let id = typeof ruleId === "string" && /^[a-z0-9-]+$/.test(ruleId) ? ruleId : undefined;
    if (!id) {
      // From the command palette: pick a rule.
      const ids = (await readdir(docsDir))
        .filter(f => f.endsWith(".md"))
        .map(f => f.slice(0, -3))
        .sort();
      id = await vscode.window.showQuickPick(ids, { placeHolder: "Which rule's documentation?" });
      if (!id) return;
    }
    await vscode.commands.executeCommand("markdown.showPreview", vscode.Uri.file(`${docsDir}/${id}.md`));
  });
}

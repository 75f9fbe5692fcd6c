// Workspace Trust: commands that run the user's program (under the tracer) need a trusted
// workspace. package.json hides their menu entries in Restricted Mode (`when: isWorkspaceTrusted`);
// the commands themselves stay in the Command Palette (a disabled `enablement` would hide them
// there, leaving no explanation) and explain here why they do nothing. Linting never runs user
// code and works in Restricted Mode.
import * as vscode from "vscode";

export function restrictedModeMessage(action: string): string {
  return `Loopscope: “${action}” runs your program, so it is disabled in Restricted Mode. Trust this workspace to use it; linting works either way.`;
}

/** True when the workspace is trusted; otherwise tells the user why `action` is disabled. */
export function ensureTrusted(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = "Manage Workspace Trust";
  void vscode.window.showWarningMessage(restrictedModeMessage(action), manage).then(choice => {
    if (choice === manage) void vscode.commands.executeCommand("workbench.trust.manage");
  });
  return false;
}

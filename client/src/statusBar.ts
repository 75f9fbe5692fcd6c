// The status bar item: one glance tells whether Loopscope is starting, ready, linting or broken.
// Clicking it shows the output channel, where the server's log is.
import * as vscode from "vscode";
import type { ServerState } from "../../protocol/src/languageServer";

const looks: Record<ServerState, { icon: string; label: string }> = {
  starting: { icon: "$(loading~spin)", label: "starting" },
  ready: { icon: "$(pulse)", label: "ready" },
  linting: { icon: "$(sync~spin)", label: "linting" },
  error: { icon: "$(error)", label: "error" },
};

// Most lints take tens of milliseconds; showing "linting" for those would only make the bar flicker.
const lintingShownAfterMs = 300;

export class LoopscopeStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private pendingLinting: ReturnType<typeof setTimeout> | undefined;
  state: ServerState = "starting";

  constructor(showLogCommand: string) {
    this.item = vscode.window.createStatusBarItem("loopscope.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "Loopscope";
    this.item.command = showLogCommand;
    this.render("starting");
    this.item.show();
  }

  set(state: ServerState, detail?: string): void {
    if (this.pendingLinting) { clearTimeout(this.pendingLinting); this.pendingLinting = undefined; }
    this.state = state;
    if (state === "linting") {
      this.pendingLinting = setTimeout(() => { this.pendingLinting = undefined; this.render("linting", detail); }, lintingShownAfterMs);
      return;
    }
    this.render(state, detail);
  }

  private render(state: ServerState, detail?: string): void {
    const look = looks[state];
    this.item.text = `${look.icon} Loopscope`;
    this.item.tooltip = `Loopscope: ${look.label}${detail ? ` — ${detail}` : ""}\nClick to show the log.`;
    this.item.backgroundColor = state === "error" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    this.item.accessibilityInformation = { label: `Loopscope ${look.label}` };
  }

  dispose(): void {
    if (this.pendingLinting) clearTimeout(this.pendingLinting);
    this.item.dispose();
  }
}

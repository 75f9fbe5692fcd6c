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
/** How long a notice (e.g. "the compiler was restarted") stays on the item. */
const noticeShownMs = 20_000;

export class LoopscopeStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private pendingLinting: ReturnType<typeof setTimeout> | undefined;
  private notice: { message: string; timer: ReturnType<typeof setTimeout> } | undefined;
  private detail: string | undefined;
  state: ServerState = "starting";

  constructor(showLogCommand: string) {
    this.item = vscode.window.createStatusBarItem("loopscope.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "Loopscope";
    this.item.command = showLogCommand;
    this.render("starting");
    this.item.show();
  }

  set(state: ServerState, detail?: string): void {
    if (this.pendingLinting) {
      clearTimeout(this.pendingLinting);
      this.pendingLinting = undefined;
    }
    this.state = state;
    this.detail = detail;
    if (state === "linting") {
      this.pendingLinting = setTimeout(() => {
        this.pendingLinting = undefined;
        this.render("linting", detail);
      }, lintingShownAfterMs);
      return;
    }
    this.render(state, detail);
  }

  /** Something the user should see once, though the server carries on: shown on the item for a while. */
  showNotice(message: string): void {
    if (this.notice) clearTimeout(this.notice.timer);
    this.notice = {
      message,
      timer: setTimeout(() => {
        this.notice = undefined;
        this.render(this.state, this.detail);
      }, noticeShownMs),
    };
    this.render(this.state, this.detail);
  }

  private render(state: ServerState, detail?: string): void {
    const look = looks[state];
    const notice = state === "error" ? undefined : this.notice?.message;
    this.item.text = `${notice ? "$(warning)" : look.icon} Loopscope`;
    this.item.tooltip = `Loopscope: ${look.label}${detail ? ` — ${detail}` : ""}${notice ? `\n${notice}` : ""}\nClick to show the log.`;
    this.item.backgroundColor =
      state === "error"
        ? new vscode.ThemeColor("statusBarItem.errorBackground")
        : notice
          ? new vscode.ThemeColor("statusBarItem.warningBackground")
          : undefined;
    this.item.accessibilityInformation = { label: `Loopscope ${look.label}` };
  }

  dispose(): void {
    if (this.pendingLinting) clearTimeout(this.pendingLinting);
    if (this.notice) clearTimeout(this.notice.timer);
    this.item.dispose();
  }
}

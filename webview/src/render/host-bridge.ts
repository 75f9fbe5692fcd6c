// What the page needs from whoever hosts it: a VS Code webview (messages to the extension, state
// that survives a hidden panel) or the standalone report (no host: nothing to post or keep).
import type { WebviewToHostMessage } from "../../../protocol/src/webview-messages";

export interface HostBridge {
  kind: "vscode" | "report";
  post(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

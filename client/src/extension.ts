// The extension: starts the language server (IPC), mirrors its state in the status bar and
// sends its log to the "Loopscope" output channel. All analysis happens in the server process.
import * as vscode from "vscode";
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import {
  lintWorkspaceRequest,
  loadRuntimeEvidenceRequest,
  serverNoticeNotification,
  serverStatusNotification,
  settingsSection,
} from "../../protocol/src/languageServer";
import { LoopscopeStatusBar } from "./statusBar";
import { registerTimeline } from "./timeline/commands";
import { registerRuleDocs, showRuleDocumentationCommand } from "./ruleDocs";

const showLogCommand = "loopscope.showLog";
const restartCommand = "loopscope.restartServer";
const lintWorkspaceCommand = "loopscope.lintWorkspace";
const languages = ["typescript", "typescriptreact", "javascript", "javascriptreact"];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel("Loopscope", { log: true });
  const status = new LoopscopeStatusBar(showLogCommand);
  context.subscriptions.push(log, status);
  // Before the server starts: the timeline commands and the panel serializer do not need it.
  registerTimeline(context, log, traceFile => void showRuntimeEvidence(traceFile, log));

  const serverModule = context.asAbsolutePath("dist/server.mjs");
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6011"] } },
  };
  const clientOptions: LanguageClientOptions = {
    // The analysis reads files from disk next to the open one (tsconfig, imports): real files only.
    documentSelector: languages.map(language => ({ scheme: "file", language })),
    outputChannel: log,
    synchronize: {
      configurationSection: settingsSection,
      // Files changed outside the editor (git checkout, generated code) and the configs that shape projects.
      // And the traces `loopscope run` writes by default: their runtime evidence is shown in the editor.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher(
          "**/{*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs,tsconfig*.json,jsconfig*.json,package.json,loopscope.config.json}",
        ),
        vscode.workspace.createFileSystemWatcher("**/.loopscope/*.{json,gz}"),
      ],
    },
    initializationOptions: { statusNotifications: true, showDocumentationCommand: showRuleDocumentationCommand },
    diagnosticPullOptions: { onChange: true, onSave: true },
  };
  client = new LanguageClient("loopscope", "Loopscope", serverOptions, clientOptions);

  context.subscriptions.push(
    client.onDidChangeState(event => {
      if (event.newState === State.Starting) status.set("starting");
      // The server reports "ready" (or "error") itself right after this; this covers servers that don't.
      else if (event.newState === State.Running && status.state === "starting") status.set("ready");
      else if (event.newState === State.Stopped) status.set("error", "the language server stopped");
    }),
    client.onNotification(serverStatusNotification, params => status.set(params.state, params.detail)),
    client.onNotification(serverNoticeNotification, params => {
      if (typeof params?.message !== "string") return;
      log.warn(params.message);
      status.showNotice(params.message);
    }),
    vscode.commands.registerCommand(showLogCommand, () => log.show(true)),
    registerRuleDocs(context),
    // Every file of the workspace into the Problems panel (the server reports progress while it works).
    vscode.commands.registerCommand(lintWorkspaceCommand, async () => {
      if (!client?.isRunning()) {
        void vscode.window.showWarningMessage("Loopscope: the language server is not running.");
        return;
      }
      const r = await client.sendRequest(lintWorkspaceRequest, {});
      const notes = [
        r.cancelled ? "cancelled" : "",
        r.truncated ? "stopped at the file limit" : "",
        r.problems ? `${r.problems} files not fully checked (see the Problems panel)` : "",
      ].filter(Boolean);
      void vscode.window.showInformationMessage(
        `Loopscope linted ${r.files} files of the workspace: ${r.findings} problems${notes.length ? ` (${notes.join("; ")})` : ""}.`,
      );
    }),
    vscode.commands.registerCommand(restartCommand, async () => {
      status.set("starting");
      await client?.restart();
    }),
  );

  // Not awaited: activation (and so the first command, e.g. a timeline run) must not wait for the
  // language server, which reports its own state in the status bar.
  client.start().then(
    () => log.info(`Loopscope ${context.extension.packageJSON.version} language server started (${serverModule})`),
    error => {
      status.set("error", String(error));
      log.error(`Loopscope could not start its language server: ${String(error)}`);
    },
  );
}

/** Has the language server read a run's trace and show its evidence (the server reads files only: fine in Restricted Mode too). */
async function showRuntimeEvidence(traceFile: string, log: vscode.LogOutputChannel): Promise<void> {
  if (!client) return;
  try {
    // A run may end before the server is ready: the request waits for it.
    if (!client.isRunning()) await client.start();
    const result = await client.sendRequest(loadRuntimeEvidenceRequest, { traceFile });
    if (result.ok)
      log.info(
        `runtime evidence: ${result.blocks} blocks, ${result.lines} source lines in ${result.files} files from ${traceFile}${result.notes.length ? ` (${result.notes.join("; ")})` : ""}`,
      );
    else log.warn(result.error);
  } catch (error) {
    log.warn(`runtime evidence from ${traceFile} was not shown: ${String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.isRunning()) await running.stop();
}

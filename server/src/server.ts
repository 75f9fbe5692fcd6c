// The language server's LSP wiring, and nothing else: every decision lives in ./lsp/.
// Started by the extension over IPC (`--node-ipc`) or by other editors with `--stdio`.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  checkLoadRuntimeEvidenceParams,
  fixAllCodeActionKind,
  lintWorkspaceRequest,
  loadRuntimeEvidenceRequest,
  serverNoticeNotification,
  serverStatusNotification,
  settingsSection,
  type ServerState,
} from "../../protocol/src/languageServer";
import { codeActionsFor } from "./lsp/codeActions";
import { findingToDiagnostic, type DiagnosticOptions } from "./lsp/diagnostics";
import { problemDiagnostics } from "./lsp/fileProblems";
import { lintWorkspace } from "./lsp/workspaceLint";
import { DiagnosticsPipeline } from "./lsp/diagnosticsPipeline";
import { DocumentLinter } from "./lsp/documentLinter";
import { ReceivedMessages } from "./lsp/receivedMessages";
import { ruleOptionShapes } from "./lsp/rules";
import { allRules } from "./rules/registry";
import { noRuleOnAdvice } from "./config/no-rule-on";
import { SettingsCache } from "./lsp/settings";
import { testOnlyRules } from "./lsp/testHooks";
import { redirectConsole, transportFromArgs } from "./lsp/transport";
import { fileNameOf, uriOf } from "./lsp/uris";
import { configTargetFor } from "./lsp/allowList";
import { defaultKnownSafeCalls } from "./rules/floating-promise";
import { isRunTraceFile, RuntimeEvidence } from "./lsp/runtimeEvidence";

let shutdownRequested = false;
const received = new ReceivedMessages();
const transport = transportFromArgs(process.argv, received, () => process.exit(shutdownRequested ? 0 : 1));
const connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (line: string) => connection.console.log(line);
if (transport?.kind !== "ipc") redirectConsole(log);
// Never die on bad input: whatever escapes a handler is logged and the server keeps serving.
process.on("uncaughtException", error => connection.console.error(`Unexpected error: ${error.stack ?? error}`));
process.on("unhandledRejection", reason => connection.console.error(`Unhandled rejection: ${String(reason)}`));

let sendStatus = false;
const status = (state: ServerState, detail?: string) => {
  if (sendStatus) void connection.sendNotification(serverStatusNotification, { state, detail });
};
let pullDiagnostics = false;
let diagnosticRefresh = false;
let documentChanges = false;
let snippetEdits = false;
let showDocumentationCommand: string | undefined;
let dynamicConfigurationRegistration = false;
let workspaceRoot: string | undefined;
/** Every workspace folder, for "Lint Workspace". */
let workspaceRoots: string[] = [];
let workDoneProgress = false;
/** Files whose diagnostics "Lint Workspace" published (pushed), to clear when the editor opens them. */
const workspacePublished = new Set<string>();
let diagnosticOptions: DiagnosticOptions = { relatedInformation: false, codeDescription: false };
let lintBudgetMs: number | undefined;
let lastNoticeAt = 0;
/** Said once per session: a user who turned nothing on sees no diagnostics, and should know why. */
let toldNoRuleOn = false;

const linter = new DocumentLinter({
  log,
  status: (state, detail) => status(state, detail),
  compilerRestarted: message => {
    connection.console.warn(`Loopscope: ${message}`);
    // Once, not per file: a burst of restarts is one thing to know (the log has each).
    if (sendStatus && Date.now() - lastNoticeAt > 30_000) void connection.sendNotification(serverNoticeNotification, { message });
    lastNoticeAt = Date.now();
    // The new compiler knows nothing of the old one's results: every open document again.
    pipeline?.edited();
    if (!pullDiagnostics) pipeline?.scheduleAll();
    else if (diagnosticRefresh) void connection.languages.diagnostics.refresh();
  },
  noRuleOn: (fileName, configFile) => {
    if (toldNoRuleOn) return;
    toldNoRuleOn = true;
    const message = `no rule is on for ${fileName}${configFile ? ` (${configFile})` : ""}, so nothing is checked: ${noRuleOnAdvice(allRules, "with the loopscope.rules.<id> settings or in loopscope.config.json")}`;
    connection.console.info(`Loopscope: ${message}`);
    if (sendStatus) void connection.sendNotification(serverNoticeNotification, { message });
  },
});
let settings = new SettingsCache(undefined, ruleOptionShapes, log);
const evidence = new RuntimeEvidence({
  log,
  openText: fileName => documents.get(uriOf(fileName))?.getText(),
  loaded: () => {
    if (!pullDiagnostics) pipeline.scheduleAll();
    else if (diagnosticRefresh) void connection.languages.diagnostics.refresh();
    if (codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type);
  },
});
let codeLensRefresh = false;
let pipeline: DiagnosticsPipeline;

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  const init = (params.initializationOptions ?? {}) as {
    debounceMs?: unknown;
    statusNotifications?: unknown;
    lintBudgetMs?: unknown;
    showDocumentationCommand?: unknown;
  };
  if (typeof init.showDocumentationCommand === "string" && init.showDocumentationCommand) showDocumentationCommand = init.showDocumentationCommand;
  if (typeof init.lintBudgetMs === "number" && init.lintBudgetMs > 0) lintBudgetMs = init.lintBudgetMs;
  sendStatus = init.statusNotifications === true;
  workspaceRoot = fileNameOf(params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? "");
  workspaceRoots = (params.workspaceFolders?.map(f => fileNameOf(f.uri)) ?? [workspaceRoot]).filter((r): r is string => !!r);
  workDoneProgress = caps.window?.workDoneProgress === true;
  pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
  diagnosticRefresh = caps.workspace?.diagnostics?.refreshSupport === true;
  documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
  snippetEdits = documentChanges && (caps.workspace?.workspaceEdit as { snippetEditSupport?: boolean } | undefined)?.snippetEditSupport === true;
  dynamicConfigurationRegistration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  codeLensRefresh = caps.workspace?.codeLens?.refreshSupport === true;
  diagnosticOptions = {
    relatedInformation: caps.textDocument?.publishDiagnostics?.relatedInformation === true,
    codeDescription: caps.textDocument?.publishDiagnostics?.codeDescriptionSupport === true,
  };
  if (caps.workspace?.configuration) {
    settings = new SettingsCache(uri => connection.workspace.getConfiguration({ scopeUri: uri, section: settingsSection }), ruleOptionShapes, log);
  }
  pipeline = new DiagnosticsPipeline({
    document: uri => documents.get(uri),
    openDocuments: () => documents.all(),
    received,
    settings,
    linter,
    evidence,
    diagnosticOptions: () => diagnosticOptions,
    publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
    log,
    // Long enough to merge the bursts of changes one command makes (paste, format, multi-cursor),
    // shorter than the lint it delays (~35 ms after an edit to a 2,000-line file).
    debounceMs: typeof init.debounceMs === "number" && init.debounceMs >= 0 ? init.debounceMs : 25,
  });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: caps.textDocument?.codeAction?.codeActionLiteralSupport ? { codeActionKinds: [CodeActionKind.QuickFix, fixAllCodeActionKind] } : true,
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      ...(pullDiagnostics ? { diagnosticProvider: { identifier: "loopscope", interFileDependencies: true, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: "loopscope" },
  };
});

connection.onInitialized(() => {
  // Ask for configuration-change notifications (VS Code's client also sends them unasked).
  if (dynamicConfigurationRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: settingsSection }).catch(() => undefined);
  }
  try {
    linter.start({ ...(workspaceRoot ? { cwd: workspaceRoot } : {}), extraRules: testOnlyRules(), ...(lintBudgetMs ? { budgetMs: lintBudgetMs } : {}) });
    status("ready");
  } catch (error) {
    connection.console.error(`The analysis engine did not start: ${error instanceof Error ? error.stack : String(error)}`);
    status("error", "the analysis engine did not start");
  }
});

documents.onDidChangeContent(({ document }) => {
  // Pulled diagnostics take over from the ones "Lint Workspace" pushed (else the Problems panel lists both).
  if (pullDiagnostics && workspacePublished.delete(document.uri)) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  const fileName = fileNameOf(document.uri);
  if (fileName) linter.setText(fileName, document.getText(), document.languageId);
  if (fileName) evidence.documentText(fileName, document.getText());
  pipeline.edited();
  if (!pullDiagnostics) pipeline.scheduleAfterEdit(document.uri);
});

documents.onDidClose(({ document }) => {
  const fileName = fileNameOf(document.uri);
  if (fileName) linter.setText(fileName, undefined);
  if (fileName) void evidence.documentClosed(fileName);
  linter.forget(document.uri);
  settings.forget(document.uri);
  pipeline.edited();
  if (!pullDiagnostics) {
    pipeline.cancel(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  }
});

connection.onDidChangeConfiguration(params => {
  const pushed = (params.settings as Record<string, unknown> | null | undefined)?.[settingsSection];
  settings.changed(pushed);
  if (!pullDiagnostics) pipeline.scheduleAll();
  else if (diagnosticRefresh) void connection.languages.diagnostics.refresh();
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  // A run's trace written by `loopscope run` (default .loopscope/trace-<time>.json): the newest is the last run.
  const trace = changes
    .filter(c => c.type !== FileChangeType.Deleted)
    .map(c => fileNameOf(c.uri))
    .filter(f => !!f && isRunTraceFile(f))
    .pop();
  if (trace) evidence.loadSoon(trace);
  // Open documents' content comes from the editor; their saves change nothing here.
  const fromDisk = changes.filter(change => !documents.get(change.uri));
  for (const change of fromDisk) {
    const fileName = fileNameOf(change.uri);
    if (fileName) linter.fileChanged(fileName);
  }
  if (!fromDisk.length) return;
  pipeline.edited();
  if (!pullDiagnostics) pipeline.scheduleAll(50);
  else if (diagnosticRefresh) void connection.languages.diagnostics.refresh();
});

connection.languages.diagnostics.on(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  const outcome = await pipeline.diagnose(doc.uri, doc.version, params.previousResultId, () => token.isCancellationRequested);
  switch (outcome.kind) {
    case "diagnostics":
      return outcome.unchanged
        ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId: outcome.resultId }
        : { kind: DocumentDiagnosticReportKind.Full, resultId: outcome.resultId, items: outcome.diagnostics };
    case "cancelled":
      throw new ResponseError(LSPErrorCodes.RequestCancelled, "cancelled");
    case "stale":
      throw new ResponseError(LSPErrorCodes.ServerCancelled, "the document changed", { retriggerRequest: true });
  }
});

connection.onRequest(lintWorkspaceRequest, async (_params, token) => {
  const progress = workDoneProgress ? await connection.window.createWorkDoneProgress() : undefined;
  progress?.begin("Loopscope: linting the workspace", 0, undefined, true);
  // Each folder's settings, asked once (not once per file).
  const rootSettings = new Map<string, Awaited<ReturnType<typeof settings.get>>>();
  for (const root of workspaceRoots) rootSettings.set(root, await settings.get(uriOf(root)));
  const settingsOf = (fileName: string) => rootSettings.get(workspaceRoots.find(r => fileName.startsWith(`${r}/`)) ?? workspaceRoots[0] ?? "") ?? {};
  const cancelled = () => token.isCancellationRequested || !!progress?.token.isCancellationRequested;
  try {
    return await lintWorkspace({
      roots: workspaceRoots,
      openFiles: documents
        .all()
        .map(d => fileNameOf(d.uri))
        .filter((f): f is string => !!f),
      lint: fileName => linter.lintSaved(fileName, settingsOf(fileName), cancelled),
      publish: (fileName, result) => {
        const uri = uriOf(fileName);
        if (documents.get(uri)) return; // opened meanwhile: its own diagnostics count
        workspacePublished.add(uri);
        void connection.sendDiagnostics({
          uri,
          diagnostics: [...problemDiagnostics(result), ...result.findings.map((f, i) => findingToDiagnostic(f, i, diagnosticOptions))],
        });
      },
      progress: (done, total, fileName) =>
        progress?.report(Math.floor((done / Math.max(total, 1)) * 100), `${done}/${total} ${fileName.slice(fileName.lastIndexOf("/") + 1)}`),
      isCancelled: cancelled,
    });
  } finally {
    progress?.done();
  }
});

connection.onRequest(loadRuntimeEvidenceRequest, async params => {
  const checked = checkLoadRuntimeEvidenceParams(params);
  if (typeof checked === "string") return { ok: false, error: `Runtime evidence: ${checked}.` };
  return evidence.load(checked.traceFile);
});

connection.onHover(params => {
  const fileName = documents.get(params.textDocument.uri) && fileNameOf(params.textDocument.uri);
  return fileName ? evidence.hover(fileName, params.position.line) : null;
});

connection.onCodeLens(params => {
  const fileName = documents.get(params.textDocument.uri) && fileNameOf(params.textDocument.uri);
  return fileName ? evidence.codeLenses(fileName) : [];
});

connection.onCodeAction(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  const fileName = doc && fileNameOf(doc.uri);
  if (!doc || !fileName) return [];
  const version = doc.version;
  const outcome = await pipeline.diagnose(doc.uri, version, undefined, () => token.isCancellationRequested);
  if (outcome.kind !== "diagnostics" || !outcome.result || token.isCancellationRequested) return [];
  const text = doc.getText();
  const override = await settings.get(doc.uri);
  return codeActionsFor({
    uri: doc.uri,
    version,
    text,
    result: outcome.result,
    range: params.range,
    diagnostics: params.context.diagnostics,
    ...(params.context.only ? { only: params.context.only } : {}),
    documentChanges,
    snippetEdits,
    diagnosticOptions,
    ...(showDocumentationCommand ? { showDocumentationCommand } : {}),
    relint: linter.relinter(fileName, () => documents.get(doc.uri)?.getText(), override),
    // Read synchronously on purpose: a small loopscope.config.json, and only for a file with a finding the 'allow everywhere' action applies to.
    ...allowListFor(fileName, outcome.result),
  });
});

/** The config target for "allow dropping f() everywhere", only when a finding can use it (no disk reads otherwise). */
function allowListFor(fileName: string, result: { findings: { subject?: unknown }[] }) {
  if (!result.findings.some(f => f.subject)) return {};
  const target = configTargetFor(fileName, linter.configFileFor(fileName), workspaceRoot, path => documents.get(uriOf(path))?.getText());
  return target ? { allowList: { target, defaults: defaultKnownSafeCalls } } : {};
}

connection.onShutdown(() => {
  shutdownRequested = true;
  pipeline?.dispose();
  evidence.dispose();
  linter.close();
});

documents.listen(connection);
connection.listen();

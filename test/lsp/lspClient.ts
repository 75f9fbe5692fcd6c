// A real LSP client for tests: spawns the BUILT server (`node dist/server.mjs --stdio`) and
// speaks JSON-RPC to it over stdio with vscode-languageserver-protocol. No mocks.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  CancellationTokenSource,
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  DiagnosticRefreshRequest,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";
import { serverStatusNotification, type ServerStatusParams } from "../../protocol/src/languageServer";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const serverBundle = join(repoRoot, "dist/server.mjs");

/** Builds dist/server.mjs when it is missing (npm test builds everything first anyway). */
export function ensureServerBuilt(): void {
  if (existsSync(serverBundle) && process.env.LOOPSCOPE_TEST_REBUILD !== "1") return;
  const build = spawnSync(process.execPath, [join(repoRoot, "scripts/build.mjs"), "server"], { cwd: repoRoot, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`building the server failed:\n${build.stdout}${build.stderr}`);
}

/** How long a test waits for any one answer of the server (a busy CI machine included). */
export const requestTimeoutMs = Number(process.env.LOOPSCOPE_TEST_REQUEST_TIMEOUT_MS ?? 60_000);

export interface ClientOptions {
  /** Advertise pull diagnostics (textDocument/diagnostic); otherwise the server pushes. */
  pull?: boolean;
  /** Answers workspace/configuration for the `loopscope` section per resource; undefined: the capability is not advertised. */
  settings?: (scopeUri: string | undefined) => unknown;
  env?: Record<string, string>;
  initializationOptions?: Record<string, unknown>;
  /** The server is killed and start() rejects when initialize takes longer (default: no limit). */
  initializeTimeoutMs?: number;
  /** A workspace folder (a path); default none. */
  workspaceFolder?: string;
  /** More workspace folders after `workspaceFolder`. */
  moreWorkspaceFolders?: string[];
  /** Advertise window.workDoneProgress: the server may create progress tokens (answered) and report `$/progress` (recorded). */
  workDoneProgress?: boolean;
}

export interface LogLine {
  type: number;
  message: string;
}

export class TestLspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  /** When each entry of `published` arrived (Date.now()). */
  readonly publishedAt: number[] = [];
  readonly logs: LogLine[] = [];
  /** `$/progress` values, in order. */
  readonly progress: unknown[] = [];
  /** `loopscope/status` notifications (sent when initializationOptions.statusNotifications is true). */
  readonly statuses: ServerStatusParams[] = [];
  readonly stderr: string[] = [];
  refreshRequests = 0;
  initializeResult!: InitializeResult;
  private readonly waiters = new Set<() => void>();
  private exitCode: number | null | undefined;

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: ClientOptions = {}): Promise<TestLspClient> {
    const child = spawn(process.execPath, [serverBundle, "--stdio"], { env: { ...process.env, ...options.env }, stdio: "pipe" });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new TestLspClient(child, connection);
    child.stderr.on("data", chunk => client.stderr.push(String(chunk)));
    child.on("exit", code => {
      client.exitCode = code;
      client.notify();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, params => {
      client.published.push(params);
      client.publishedAt.push(Date.now());
      client.notify();
    });
    connection.onNotification(LogMessageNotification.type, params => {
      client.logs.push(params);
      client.notify();
    });
    connection.onNotification(serverStatusNotification, params => {
      client.statuses.push(params);
      client.notify();
    });
    connection.onRequest(ConfigurationRequest.type, params => params.items.map(item => options.settings?.(item.scopeUri) ?? null));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest("window/workDoneProgress/create", () => null);
    connection.onNotification("$/progress", (params: { value: unknown }) => {
      client.progress.push(params.value);
      client.notify();
    });
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      client.refreshRequests++;
      client.notify();
    });
    connection.listen();
    const initialize = connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.workspaceFolder ? pathToFileURL(options.workspaceFolder).href : null,
      workspaceFolders: options.workspaceFolder
        ? [options.workspaceFolder, ...(options.moreWorkspaceFolders ?? [])].map((f, i) => ({ uri: pathToFileURL(f).href, name: `workspace${i || ""}` }))
        : null,
      capabilities: capabilities(options),
      ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
    });
    try {
      client.initializeResult = await client.answerWithin("initialize", initialize, options.initializeTimeoutMs ?? requestTimeoutMs);
    } catch (error) {
      child.kill("SIGKILL");
      connection.dispose();
      throw error;
    }
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  async open(uri: string, text: string, languageId = "typescript", version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async configurationChanged(settings: unknown = null): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  pull(uri: string, token?: CancellationTokenSource["token"], previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.answerWithin(
      `textDocument/diagnostic for ${uri}`,
      this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) }, token),
    );
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.answerWithin(
      `textDocument/codeAction for ${uri}`,
      this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } }) as Promise<
        CodeAction[]
      >,
    );
  }

  /** A request the server never answers fails the test and names the request, instead of hanging it. */
  answerWithin<T>(what: string, answer: Promise<T>, timeoutMs = requestTimeoutMs): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `the language server did not answer ${what} within ${timeoutMs} ms (server ${this.exited ? `exited with ${this.exitCode}` : "still running"}; last stderr: ${this.stderr.join("").slice(-500)})`,
            ),
          ),
        timeoutMs,
      );
    });
    return Promise.race([answer, stuck]).finally(() => clearTimeout(timer));
  }

  /** Resolves with the first published diagnostics for `uri` (after index `from`) that satisfy `accept`. */
  async waitForPublish(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean = () => true,
    from = 0,
    timeoutMs = 20_000,
  ): Promise<PublishDiagnosticsParams> {
    return this.waitFor(() => this.published.slice(from).find(p => p.uri === uri && accept(p)), `diagnostics for ${uri}`, timeoutMs);
  }

  async waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (this.exited) throw new Error(`server exited (code ${this.exitCode}) while waiting for ${what}; stderr: ${this.stderr.join("")}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; logs: ${this.logs.map(l => l.message).join(" | ")}`);
      await new Promise<void>(resolve => {
        const timer = setTimeout(done, Math.min(left, 250));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  /** Quiet period: lets the server finish (debounce + lint) so "nothing else was published" can be asserted. */
  sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms));
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), this.sleep(5000)]);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        /* the server may already be gone */
      }
      await Promise.race([this.waitFor(() => this.exited || undefined, "server exit", 5000).catch(() => undefined), this.sleep(5000)]);
    }
    if (!this.exited) this.process.kill("SIGKILL");
    this.connection.dispose();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      waiter();
    }
  }
}

function capabilities(options: ClientOptions): ClientCapabilities {
  return {
    workspace: {
      configuration: options.settings !== undefined,
      didChangeConfiguration: { dynamicRegistration: true },
      workspaceEdit: { documentChanges: true },
      ...(options.pull ? { diagnostics: { refreshSupport: true } } : {}),
    },
    ...(options.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: true },
      publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true, dataSupport: true },
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source", "source.fixAll"] } },
        isPreferredSupport: true,
        dataSupport: true,
      },
      ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
  };
}

/** A throwaway project inside the repo (test/.tmp is git-ignored), so `@types/node` resolves from the repo's node_modules. */
export function makeProject(files: Record<string, string>): {
  dir: string;
  uri: (name: string) => string;
  path: (name: string) => string;
  dispose: () => void;
} {
  const base = join(repoRoot, "test/.tmp");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, "lsp-"));
  const all: Record<string, string> = {
    "tsconfig.json": JSON.stringify({
      compilerOptions: { target: "es2022", module: "nodenext", moduleResolution: "nodenext", strict: true, types: ["node"], noEmit: true },
      include: ["**/*.ts"],
    }),
    "package.json": JSON.stringify({ name: "lsp-fixture", type: "module", private: true }),
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, path: name => join(dir, name), uri: name => pathToFileURL(join(dir, name)).href, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Applies one document's edits the way an editor does: all at once, against the original text. */
export function applyTextEdits(text: string, edits: { range: Range; newText: string }[]): string {
  return TextDocument.applyEdits(TextDocument.create("file:///x.ts", "typescript", 0, text), edits);
}

/** The edits a code action makes to `uri` (from documentChanges or changes). */
export function editsFor(action: CodeAction, uri: string): { range: Range; newText: string }[] {
  const edit = action.edit;
  if (!edit) return [];
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap(change => ("textDocument" in change && change.textDocument.uri === uri ? change.edits : []));
  return [...fromChanges, ...fromDocumentChanges].map(e => ({ range: e.range, newText: "newText" in e ? e.newText : e.snippet.value }));
}

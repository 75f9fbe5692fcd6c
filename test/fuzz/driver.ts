// Executes steps against one server and checks every answer; throws FailureError on the first
// failure. The session generates steps through it, replay and shrinking re-run them with it.
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol";
import { actionEdits, applyAction, checkActions, checkDiagnostics, checkFixParses } from "./checks";
import { moreFindingsCode, notCheckedCode, partlyCheckedCode } from "../../server/src/lsp/fileProblems";
import { FailureError } from "./failures";
import { clampRange, singleChange } from "./lspText";
import type { ServerUnderTest } from "./serverUnderTest";
import type { Step } from "./steps";

/** A fresh server's diagnostics for a text: the reference a suspicious empty answer is compared with. */
export type Reference = (name: string, languageId: string, text: string) => Promise<Diagnostic[] | string>;

interface Doc {
  uri: string;
  languageId: string;
  text: string;
  version: number;
  diagnostics: Diagnostic[];
}

/** A diagnostic saying the file was not (fully) checked, and why. */
const notCheckedMessage = /could not|did not check|not (be )?(fully )?checked|skipped|failed|threw|crash/i;
const messageOf = (d: Diagnostic) => (typeof d.message === "string" ? d.message : (d.message as { value: string }).value);

/**
 * Logged failures that may concern the document: "Skipped <file>: ..." lines name their file, and
 * one about another open document (a .pac file too slow to check) says nothing about this one.
 */
export function aboutThisDocument(lines: readonly string[], uri: string): string[] {
  const path = decodeURIComponent(new URL(uri).pathname);
  return lines.filter(line => !line.startsWith("Skipped ") || line.startsWith(`Skipped ${path}:`));
}

/**
 * The findings among a server's diagnostics: not the file-level ones saying the file was not
 * (fully) checked. A fresh server that could not check a text (too slow on a busy machine) is no
 * evidence that findings were due in it.
 */
export function findingsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter(d => !fileLevelCodes.has(String(d.code)));
}
const fileLevelCodes = new Set<string>([notCheckedCode, partlyCheckedCode, moreFindingsCode]);

/** Actions whose fixes are applied to the text and parsed, per request (esbuild is fast, not free). */
const parsedActionsPerRequest = 8;

export interface StepResult {
  diagnostics?: Diagnostic[];
  actions?: CodeAction[];
  fixes?: { title: string; text: string }[];
}

export class Driver {
  private readonly docs = new Map<string, Doc>();
  /** Push mode: how many publications had arrived when each document's current version was sent. */
  private readonly publishedFrom = new Map<string, number>();
  /** The server's log when each document's current version was sent: what it logs later concerns that version. */
  private readonly logMarks = new Map<string, number>();

  constructor(
    private readonly server: ServerUnderTest,
    private readonly uriOf: (name: string) => string,
    private readonly reference: Reference,
  ) {}

  text(name: string): string | undefined {
    return this.docs.get(name)?.text;
  }

  async closeAll(): Promise<void> {
    for (const name of [...this.docs.keys()]) await this.exec({ op: "close", name });
  }

  async exec(step: Step): Promise<StepResult> {
    const server = this.server;
    switch (step.op) {
      case "open": {
        const doc: Doc = { uri: this.uriOf(step.name), languageId: step.languageId, text: step.text, version: 1, diagnostics: [] };
        this.docs.set(step.name, doc);
        this.publishedFrom.set(doc.uri, server.client.published.length);
        this.logMarks.set(doc.uri, server.logMark());
        await server.client.open(doc.uri, doc.text, doc.languageId, doc.version);
        server.checkAlive(`open ${step.name}`);
        return {};
      }
      case "change": {
        const doc = this.doc(step.name);
        const change = step.wholeDocument ? { text: step.text } : singleChange(doc.text, step.text);
        doc.text = step.text;
        doc.version++;
        this.publishedFrom.set(doc.uri, server.client.published.length);
        this.logMarks.set(doc.uri, server.logMark());
        await server.client.change(doc.uri, doc.version, [change]);
        return {};
      }
      case "close": {
        const doc = this.doc(step.name);
        this.docs.delete(step.name);
        await server.client.close(doc.uri);
        return {};
      }
      case "diagnose":
        return { diagnostics: await this.diagnose(step.name) };
      case "codeActions":
        return this.codeActions(step.name, step);
    }
  }

  private async diagnose(name: string): Promise<Diagnostic[]> {
    const doc = this.doc(name);
    const op = `${this.server.mode === "pull" ? "textDocument/diagnostic" : "textDocument/publishDiagnostics"} v${doc.version} of ${name}`;
    const mark = this.logMarks.get(doc.uri) ?? this.server.logMark();
    // Push mode: the publication for this version may already have arrived; search from the change on.
    const diagnostics =
      this.server.mode === "pull"
        ? await this.server.pull(doc.uri, op)
        : await this.server.published(doc.uri, doc.version, this.publishedFrom.get(doc.uri) ?? 0, op);
    const failures = checkDiagnostics(doc.text, doc.uri, diagnostics, op);
    if (failures.length) throw new FailureError(failures[0]!);
    // What the user sees first (an empty or incomplete list), then the cause (a compiler that died).
    if (!diagnostics.length) await this.checkNotSilentlyEmpty(doc, name, op, mark);
    else this.checkNotSilentlyPartial(diagnostics, doc.uri, op, mark);
    this.checkStoppedSaysSo(name, diagnostics, op, mark);
    this.server.checkAlive(op);
    doc.diagnostics = diagnostics;
    return diagnostics;
  }

  /**
   * [] is suspicious after findings, or when the server logged a failure meanwhile. It is a
   * failure when a fresh server finds something in the same text (this session lost its way),
   * or when the lint failed and nothing in the answer says the file could not be checked.
   */
  private async checkNotSilentlyEmpty(doc: Doc, name: string, op: string, mark: number): Promise<void> {
    // One round trip, so that what the server logged while answering has arrived.
    await this.server.ping();
    const logged = aboutThisDocument(this.server.failuresLoggedSince(mark), doc.uri);
    if (logged.length) {
      throw new FailureError({
        kind: "silent-empty",
        op,
        message: `[] with no diagnostic saying the file could not be checked, while the server logged: ${logged[0]}`,
      });
    }
    if (!doc.diagnostics.length) return;
    const answer = await this.reference(name, doc.languageId, doc.text);
    const fresh = typeof answer === "string" ? answer : findingsOf(answer);
    if (typeof fresh !== "string" && fresh.length) {
      throw new FailureError({
        kind: "silent-empty",
        op,
        message: `[] after ${doc.diagnostics.length} diagnostics, while a fresh server reports ${fresh.length} for the same text (${fresh
          .slice(0, 3)
          .map(d => d.code)
          .join(", ")})`,
      });
    }
    if (typeof fresh === "string") {
      throw new FailureError({
        kind: "silent-empty",
        op,
        message: `[] after ${doc.diagnostics.length} diagnostics, and a fresh server cannot check the same text: ${fresh}`,
      });
    }
  }

  /**
   * The supervision stopped the compiler because it took too long on this version of this
   * document: the answer must say the file was not checked (an intended restart, not a silent one).
   */
  private checkStoppedSaysSo(name: string, diagnostics: readonly Diagnostic[], op: string, mark: number): void {
    const stopped = this.server.restartsLoggedSince(mark).find(line => line.includes(" on ") && line.includes(`${name} and was stopped`));
    if (!stopped || diagnostics.some(d => notCheckedMessage.test(messageOf(d)))) return;
    throw new FailureError({
      kind: "silent-partial",
      op,
      message: `the server stopped the compiler on this file ("${stopped}"), and no diagnostic says the file was not checked (${diagnostics.length} diagnostics)`,
    });
  }

  /** Findings, while the server logged that part of the check failed: the editor must be told the list is incomplete. */
  private checkNotSilentlyPartial(diagnostics: readonly Diagnostic[], uri: string, op: string, mark: number): void {
    const logged = aboutThisDocument(this.server.failuresLoggedSince(mark), uri);
    if (!logged.length || diagnostics.some(d => notCheckedMessage.test(messageOf(d)))) return;
    throw new FailureError({
      kind: "silent-partial",
      op,
      message: `${diagnostics.length} diagnostics and none says the check was incomplete, while the server logged: ${logged[0]}`,
    });
  }

  private async codeActions(name: string, step: Extract<Step, { op: "codeActions" }>): Promise<StepResult> {
    const doc = this.doc(name);
    const range = clampRange(doc.text, step.range);
    const op = `textDocument/codeAction v${doc.version} of ${name} at ${JSON.stringify(range)}`;
    const inRange = doc.diagnostics.filter(d => d.range.start.line <= range.end.line && d.range.end.line >= range.start.line);
    const actions = await this.server.codeActions(doc.uri, range, inRange, step.only, op);
    this.server.checkAlive(op);
    const failures = checkActions(doc.text, doc.uri, doc.version, actions, op);
    if (failures.length) throw new FailureError(failures[0]!);
    const fixes: { title: string; text: string }[] = [];
    for (const action of actions) {
      if (fixes.length >= parsedActionsPerRequest) break;
      const { edits } = actionEdits(action, doc.uri);
      if (!edits.length) continue;
      const fixed = applyAction(doc.text, edits);
      if (fixed === undefined) continue;
      const broken = checkFixParses(doc.text, fixed, name, action.title, op);
      if (broken) throw new FailureError(broken);
      fixes.push({ title: action.title, text: fixed });
    }
    return { actions, fixes };
  }

  private doc(name: string): Doc {
    const doc = this.docs.get(name);
    if (!doc) throw new Error(`step on ${name}, which is not open`);
    return doc;
  }
}

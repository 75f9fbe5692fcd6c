// Runtime evidence in the editor (DESIGN section 7): the last loaded trace's evidence, kept on
// the lines it was observed on while documents are edited, and what the editor shows of it
// (hover, CodeLens, `observed-block` diagnostics, findings joined). No LSP connection here.
import { DiagnosticSeverity, MarkupKind, type CodeLens, type Diagnostic, type Hover } from "vscode-languageserver";
import type { LoadRuntimeEvidenceResult } from "../../../protocol/src/languageServer";
import type { Finding } from "../analysis/findings";
import { withEvidence, type EvidencedResult } from "../evidence/annotate";
import { blockedText, formatMs, whenText } from "../evidence/evidence-text";
import { loadEvidence, readSourceAsRun, type LoadedEvidence } from "../evidence/read-evidence";
import { diagnosticSource } from "./diagnostics";

/** A trace `loopscope run` writes by default (`.loopscope/trace-<time>.json`), or any trace in such a folder. */
export function isRunTraceFile(fileName: string): boolean {
  return /[\\/]\.loopscope[\\/][^\\/]+\.json(?:\.gz)?$/i.test(fileName);
}

export class RuntimeEvidence {
  private loaded: LoadedEvidence | undefined;
  /** Changes when other evidence is loaded: diagnostics computed with the old one are not current. */
  generation = 0;
  /** Loads in order: a slow read of an old trace must not replace a newer one. */
  private loading = 0;

  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deps: {
      log(line: string): void;
      /** An open document's text. */
      openText(fileName: string): string | undefined;
      /** Other evidence is shown now: diagnostics and lenses are to be asked again. */
      loaded(): void;
    },
  ) {}

  /** A trace file is written over some time (watched files): read it once the writes have stopped for a moment. */
  loadSoon(traceFile: string, delayMs = 500): void {
    this.dispose();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.load(traceFile);
    }, delayMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  async load(traceFile: string): Promise<LoadRuntimeEvidenceResult> {
    const ticket = ++this.loading;
    const load = await loadEvidence(traceFile);
    if (!load.ok) {
      this.deps.log(`Runtime evidence: ${load.error}`);
      return { ok: false, error: load.error };
    }
    const { evidence } = load;
    if (ticket !== this.loading) return { ok: false, error: `A newer trace was asked for while ${traceFile} was read.` };
    // Open documents may hold unsaved edits since the run: the evidence follows them from the saved text.
    for (const [fileName, file] of evidence.files) {
      const text = this.deps.openText(fileName);
      if (text !== undefined) file.follow(text);
    }
    this.loaded = evidence;
    this.generation++;
    let lines = 0;
    for (const file of evidence.files.values()) lines += file.lines.length;
    for (const note of evidence.notes) this.deps.log(`Runtime evidence: ${note}`);
    this.deps.log(`Runtime evidence: ${evidence.run.blocks} blocks in ${traceFile}, ${lines} source lines in ${evidence.files.size} files`);
    this.deps.loaded();
    return { ok: true, traceFile, blocks: evidence.run.blocks, files: evidence.files.size, lines, notes: evidence.notes };
  }

  /** An open document's text changed (or it was opened): the evidence moves with the edit, or is dropped. */
  documentText(fileName: string, text: string): void {
    this.loaded?.files.get(fileName)?.follow(text);
  }

  /** Closed: the file is what is on disk again (unsaved edits were discarded or saved). */
  async documentClosed(fileName: string): Promise<void> {
    const loaded = this.loaded;
    const file = loaded?.files.get(fileName);
    if (!loaded || !file) return;
    const text = await readSourceAsRun(fileName, undefined);
    // Reopened meanwhile: the editor's text is the one to follow.
    if (this.loaded !== loaded || this.deps.openText(fileName) !== undefined) return;
    if (text === undefined || text === "changed") loaded.files.delete(fileName);
    else file.follow(text);
  }

  join(fileName: string, findings: readonly Finding[]): EvidencedResult {
    const loaded = this.loaded;
    return withEvidence({ fileName, findings: [...findings] }, loaded?.files.get(fileName), loaded?.run.blockThresholdMs, file => loaded?.files.get(file));
  }

  /** Plain text: request labels come from the trace, and must not render as markdown or links. */
  hover(fileName: string, line: number): Hover | null {
    const text = this.hoverText(fileName, line);
    return text ? { contents: { kind: MarkupKind.PlainText, value: text } } : null;
  }

  hoverText(fileName: string, line: number): string | undefined {
    const anchor = this.loaded?.files.get(fileName)?.at(line);
    if (!anchor) return undefined;
    const { blocked, onStack, functionName } = anchor.observation;
    const said = blocked
      ? `This line ${blockedText(blocked)}.`
      : `This line was on the stack when the event loop was blocked ${onStack.count === 1 ? "once" : `${onStack.count} times`}, max ${formatMs(onStack.maxMs)}, total ${formatMs(onStack.totalMs)} in the last run${whenText(onStack)}.`;
    const also = blocked && onStack.count > blocked.count ? ` It was on the stack of ${onStack.count} blocks in all.` : "";
    return `Loopscope runtime evidence${functionName ? ` (${functionName})` : ""}: ${said}${also}\n\nTrace: ${this.loaded!.traceFile}${this.startedText()}`;
  }

  /** A title only: the lens says what happened; there is nothing to run. */
  codeLenses(fileName: string): CodeLens[] {
    const file = this.loaded?.files.get(fileName);
    if (!file) return [];
    return file.lines
      .filter(a => a.observation.blocked)
      .map(a => {
        const at = { line: a.line, character: 0 };
        return { range: { start: at, end: at }, command: { title: `Loopscope: ${blockedText(a.observation.blocked!)}`, command: "" } };
      });
  }

  private startedText(): string {
    const at = this.loaded?.run.startedAtEpochMs;
    return at === undefined ? "" : ` (run started ${new Date(at).toISOString().replace("T", " ").slice(0, 19)} UTC)`;
  }
}

/** An `observed-block` finding as a diagnostic: information, no fixes (it is a fact, not a rule). */
export function observedBlockDiagnostic(finding: Finding): Diagnostic {
  return { range: finding.range, severity: DiagnosticSeverity.Information, source: diagnosticSource, code: finding.ruleId, message: finding.message };
}

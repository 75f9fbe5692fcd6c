// From "a document changed" to diagnostics in the editor, never showing a stale result.
//
// Push (publishDiagnostics): per-document debounce; a newer edit resets the timer.
// Pull (textDocument/diagnostic): the client asks and cancels; no debounce here.
// In both, a result is only delivered if its version is still the newest one *received*
// after the lint (see ReceivedMessages): lintFile is synchronous, so edits typed during it are
// only seen afterwards.
import type { Diagnostic } from "vscode-languageserver";
import type { FileResult } from "../analysis/findings";
import type { SettingsOverride } from "../config/config";
import { findingToDiagnostic, type DiagnosticOptions } from "./diagnostics";
import { maxDiagnosticsPerFile, moreFindingsDiagnostic, notCheckedDiagnostic, problemDiagnostics } from "./fileProblems";
import type { DocumentLinter } from "./documentLinter";
import type { ReceivedMessages } from "./receivedMessages";
import type { SettingsCache } from "./settings";
import { fileNameOf } from "./uris";
import { observedBlockDiagnostic, type RuntimeEvidence } from "./runtimeEvidence";
import type { EvidencedFinding } from "../evidence/annotate";

export interface OpenDocument {
  uri: string;
  version: number;
  getText(): string;
}

export interface PipelineDeps {
  document(uri: string): OpenDocument | undefined;
  openDocuments(): OpenDocument[];
  received: ReceivedMessages;
  settings: SettingsCache;
  linter: DocumentLinter;
  diagnosticOptions: () => DiagnosticOptions;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  log(line: string): void;
  debounceMs: number;
  /** The last run's evidence, joined with each file's findings. */
  evidence?: Pick<RuntimeEvidence, "generation" | "join">;
}

export type Outcome =
  | { kind: "diagnostics"; diagnostics: Diagnostic[]; resultId: string; unchanged: boolean; result?: FileResult }
  | { kind: "cancelled" } // the client cancelled the request
  | { kind: "stale" }; // a newer version arrived; its own lint will answer

/** Other open files are re-checked this much later than the edited one (cross-file rules). */
const dependantsDelayFactor = 5;

export class DiagnosticsPipeline {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Any edit, open or close anywhere: results of other files may depend on it. */
  private editGeneration = 0;

  constructor(private readonly deps: PipelineDeps) {}

  edited(): void {
    this.editGeneration++;
  }

  /** Push mode: lint `uri` after the debounce, re-checking other open files a little later. */
  scheduleAfterEdit(uri: string): void {
    this.schedule(uri, this.deps.debounceMs);
    for (const doc of this.deps.openDocuments()) {
      if (doc.uri !== uri) this.schedule(doc.uri, this.deps.debounceMs * dependantsDelayFactor);
    }
  }

  scheduleAll(delayMs = 0): void {
    for (const doc of this.deps.openDocuments()) this.schedule(doc.uri, delayMs);
  }

  schedule(uri: string, delayMs: number): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.push(uri).catch(error => this.deps.log(`Publishing diagnostics for ${uri} failed: ${String(error)}`));
      }, delayMs),
    );
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async push(uri: string): Promise<void> {
    const doc = this.deps.document(uri);
    if (!doc) return;
    const outcome = await this.diagnose(uri, doc.version, undefined, () => false);
    if (outcome.kind === "diagnostics") this.deps.publish(uri, doc.version, outcome.diagnostics);
  }

  /**
   * Pull mode entry, and the shared path of push mode. Never throws: whatever goes wrong, the
   * answer for a current version says the file was not checked (in push mode, the old squiggles
   * must not stay as if they were this version's; in pull mode, an error reply shows nothing).
   */
  async diagnose(uri: string, version: number, previousResultId: string | undefined, isCancelled: () => boolean): Promise<Outcome> {
    try {
      return await this.diagnoseOrThrow(uri, version, previousResultId, isCancelled);
    } catch (error) {
      this.deps.log(`Diagnostics for ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return (
        this.check(uri, version, isCancelled) ?? {
          kind: "diagnostics",
          resultId: `${version}:failed`,
          unchanged: false,
          diagnostics: [notCheckedDiagnostic(`not checked: ${error instanceof Error ? error.message : String(error)}`)],
        }
      );
    }
  }

  private async diagnoseOrThrow(uri: string, version: number, previousResultId: string | undefined, isCancelled: () => boolean): Promise<Outcome> {
    const fileName = fileNameOf(uri);
    if (!fileName) return { kind: "diagnostics", diagnostics: [], resultId: "none", unchanged: false };
    const settings: SettingsOverride = await this.deps.settings.get(uri);
    const key = `${this.editGeneration}:${this.deps.settings.generation}`;
    // Not part of the lint's cache key: other evidence changes the diagnostics, not the findings.
    const resultId = `${version}:${key}:${this.deps.evidence?.generation ?? 0}`;
    const early = this.check(uri, version, isCancelled);
    if (early) return early;
    const cached = this.deps.linter.cached(uri, version, key);
    if (cached && previousResultId === resultId) return { kind: "diagnostics", diagnostics: [], resultId, unchanged: true };
    const result = cached?.result ?? this.deps.linter.lint(uri, fileName, version, key, settings, () => isCancelled() || !this.isCurrent(uri, version));
    if (!result) {
      return (
        this.check(uri, version, isCancelled) ?? {
          kind: "diagnostics",
          diagnostics: [notCheckedDiagnostic("not checked: the analysis engine is not running (see the Loopscope log)")],
          resultId: `${resultId}:failed`,
          unchanged: false,
        }
      );
    }
    await this.deps.received.settle();
    const late = this.check(uri, version, isCancelled);
    if (late) return late;
    const options = this.deps.diagnosticOptions();
    // One answer is bounded: thousands of squiggles (one generated line can hold them) help
    // nobody, and converting, sending and drawing them held the editor for seconds.
    const shown = result.findings.length > maxDiagnosticsPerFile ? result.findings.slice(0, maxDiagnosticsPerFile) : result.findings;
    const joined = this.deps.evidence?.join(fileName, shown) ?? { findings: shown as EvidencedFinding[], observed: [] };
    // Findings observed on a request path first (sort is stable; `index` still finds the finding for code actions).
    const ranked = joined.findings
      .map((finding, index) => ({ finding, index }))
      .sort((a, b) => (b.finding.evidence?.rank ?? 0) - (a.finding.evidence?.rank ?? 0));
    const diagnostics = [
      ...problemDiagnostics(result),
      ...(shown.length < result.findings.length ? [moreFindingsDiagnostic(shown.length, result.findings.length)] : []),
      ...ranked.map(({ finding, index }) => findingToDiagnostic(finding, index, options)),
      ...joined.observed.map(observedBlockDiagnostic),
    ];
    return { kind: "diagnostics", diagnostics, resultId, unchanged: false, result };
  }

  /** The document is open, at `version`, and no newer version was received. */
  isCurrent(uri: string, version: number): boolean {
    const doc = this.deps.document(uri);
    return !!doc && doc.version === version && this.deps.received.latestVersion(uri, doc.version) === version;
  }

  private check(uri: string, version: number, isCancelled: () => boolean): Outcome | undefined {
    if (isCancelled()) return { kind: "cancelled" };
    if (!this.isCurrent(uri, version)) return { kind: "stale" };
    return undefined;
  }
}

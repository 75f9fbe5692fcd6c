// The checks on what the server answers, pure functions of (document text, answer).
import { transformSync } from "esbuild";
import type { CodeAction, Diagnostic, Range } from "vscode-languageserver-protocol";
import { applyTextEdits } from "../lsp/lspClient";
import type { Failure } from "./failures";
import { compare, lineLengths, rangeProblem } from "./lspText";

/** More actions than this in one answer is a defect: no menu shows them (issue 16 saw 12,379). */
export const maxActionsPerRequest = 1000;

export function checkDiagnostics(text: string, uri: string, diagnostics: readonly Diagnostic[], op: string): Failure[] {
  const lengths = lineLengths(text);
  const out: Failure[] = [];
  for (const d of diagnostics) {
    const problem = rangeProblem(text, d.range, lengths);
    if (problem) out.push({ kind: "diagnostic-range", op, message: `${d.code ?? d.source}: ${problem}` });
    for (const info of d.relatedInformation ?? []) {
      const relatedProblem = info.location.uri === uri ? rangeProblem(text, info.location.range, lengths) : undefined;
      if (relatedProblem) out.push({ kind: "diagnostic-range", op, message: `${d.code} related "${info.message}": ${relatedProblem}` });
    }
  }
  return out;
}

export interface Edit {
  range: Range;
  newText: string;
}

/** Edits of one action to one document: no part of the text changed twice (inserts at one place, or at a replaced range's end, are fine). */
export function overlapProblem(edits: readonly Edit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => compare(a.range.start, b.range.start) || compare(a.range.end, b.range.end));
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!,
      b = sorted[i]!;
    if (compare(a.range.end, b.range.start) > 0) return `${JSON.stringify(a.range)} overlaps ${JSON.stringify(b.range)}`;
  }
  return undefined;
}

export interface ActionEdits {
  action: CodeAction;
  edits: Edit[];
  version: number | null | undefined;
}

/** The edits an action makes to `uri`, with the version it was computed for (documentChanges). */
export function actionEdits(action: CodeAction, uri: string): ActionEdits {
  const edit = action.edit;
  const edits: Edit[] = [...(edit?.changes?.[uri] ?? [])];
  let version: number | null | undefined;
  for (const change of edit?.documentChanges ?? []) {
    if (!("textDocument" in change) || change.textDocument.uri !== uri) continue;
    version = change.textDocument.version;
    for (const e of change.edits) edits.push({ range: e.range, newText: "newText" in e ? e.newText : e.snippet.value });
  }
  return { action, edits, version };
}

export function checkActions(text: string, uri: string, version: number, actions: readonly CodeAction[], op: string): Failure[] {
  const out: Failure[] = [];
  if (actions.length > maxActionsPerRequest)
    out.push({ kind: "too-many-actions", op, message: `${actions.length} actions in one answer (more than ${maxActionsPerRequest})` });
  const lengths = lineLengths(text);
  for (const action of actions) {
    const { edits, version: editVersion } = actionEdits(action, uri);
    const where = `"${action.title}"`;
    for (const e of edits) {
      const problem = rangeProblem(text, e.range, lengths);
      if (problem) out.push({ kind: "edit-range", op, message: `${where}: ${problem}` });
    }
    const overlap = overlapProblem(edits);
    if (overlap) out.push({ kind: "edit-overlap", op, message: `${where}: ${overlap}` });
    if (editVersion !== undefined && editVersion !== null && editVersion !== version) {
      out.push({ kind: "edit-version", op, message: `${where}: edits version ${editVersion}, the document is at ${version}` });
    }
  }
  return out;
}

/** Why `text` does not parse (esbuild's TypeScript parser, a cheap independent one), or undefined. */
export function parseError(text: string, fileName: string): string | undefined {
  const loader = /\.[cm]?tsx$|\.jsx$/.test(fileName) ? "tsx" : /\.[cm]?js$/.test(fileName) ? "js" : "ts";
  try {
    transformSync(text, { loader, logLevel: "silent" });
    return undefined;
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors?.[0];
    return first ? `${first.text} (line ${first.location?.line}, column ${first.location?.column})` : String(error);
  }
}

/** Applies an action whose edits are all inside the document; undefined when any is not (already reported). */
export function applyAction(text: string, edits: readonly Edit[]): string | undefined {
  const lengths = lineLengths(text);
  if (edits.some(e => rangeProblem(text, e.range, lengths)) || overlapProblem(edits)) return undefined;
  return applyTextEdits(
    text,
    edits.map(e => ({ range: e.range, newText: e.newText })),
  );
}

/** A fix applied to text that parsed must give text that parses. */
export function checkFixParses(before: string, after: string, fileName: string, title: string, op: string): Failure | undefined {
  if (parseError(before, fileName)) return undefined;
  const error = parseError(after, fileName);
  return error ? { kind: "fix-parse", op, message: `"${title}" made code that parsed fail to parse: ${error}` } : undefined;
}

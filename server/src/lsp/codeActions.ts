// Code actions for Loopscope findings: each finding's own fixes, "ignore this line" (a
// suppression comment), "fix all <rule> problems in this file", and source.fixAll.loopscope.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range as LspRange, type WorkspaceEdit } from "vscode-languageserver";
import type { FileResult, Finding, Fix, TextEdit } from "../analysis/findings";
import { fixAllCodeActionKind } from "../../../protocol/src/languageServer";
import { findingToDiagnostic, isLoopscopeDiagnostic, type DiagnosticOptions } from "./diagnostics";
import { fixAllInText, fixForFixAll } from "./fixAll";
import { unusedSuppressionRuleId } from "../analysis/suppressions";
import { comparePositions, eolOf, lineIndent, lineText, minimalEdit, rangesIntersect } from "./textEdits";
import { uriOf } from "./uris";
import { allowListText, type ConfigTarget } from "./allowList";

export interface CodeActionInput {
  uri: string;
  version: number;
  text: string;
  result: FileResult;
  range: LspRange;
  /** The client's diagnostics at the range (reused so the editor links actions to its squiggles). */
  diagnostics: Diagnostic[];
  only?: string[];
  /** Versioned `documentChanges` are supported: a stale edit is then refused by the editor instead of corrupting the file. */
  documentChanges: boolean;
  diagnosticOptions: DiagnosticOptions;
  /** Lints `text` as the file's content (for fix-all passes after conflicting fixes). */
  relint: (text: string) => FileResult | undefined;
  /** The config file for "allow dropping f() everywhere" (floating-promise), and the rule's default allow list. */
  allowList?: { target: ConfigTarget; defaults: readonly string[] };
}

export function codeActionsFor(input: CodeActionInput): CodeAction[] {
  const wants = (kind: string) => !input.only || input.only.some(only => kind === only || kind.startsWith(only + "."));
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    const here = input.result.findings
      .map((finding, index) => ({ finding, index }))
      .filter(({ finding }) => rangesIntersect(finding.range, input.range));
    for (const { finding, index } of here) {
      const diagnostic = matchingDiagnostic(input, finding) ?? findingToDiagnostic(finding, index, input.diagnosticOptions);
      for (const fix of finding.fixes) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, edit: workspaceEdit(input, fix.edits) });
      }
    }
    for (const ruleId of unique(here.map(({ finding }) => finding.ruleId))) {
      const all = input.result.findings.filter(f => f.ruleId === ruleId && fixForFixAll(f));
      if (all.length < 2) continue;
      const edit = fixAllEdit(input, f => (f.ruleId === ruleId ? fixForFixAll(f) : undefined));
      if (edit) actions.push({ title: `Fix all ${ruleId} problems in this file`, kind: CodeActionKind.QuickFix, diagnostics: here.filter(h => h.finding.ruleId === ruleId).map(h => matchingDiagnostic(input, h.finding) ?? findingToDiagnostic(h.finding, h.index, input.diagnosticOptions)), edit });
    }
    // One action for every call of the callee, in every file (after the fixes of this call).
    for (const { finding, index } of here) {
      const action = allowEverywhereAction(input, finding, matchingDiagnostic(input, finding) ?? findingToDiagnostic(finding, index, input.diagnosticOptions));
      if (action) actions.push(action);
    }
    // Suppressions last: fixing the code is the better answer.
    for (const { finding, index } of here) {
      if (finding.ruleId === unusedSuppressionRuleId) continue;
      const diagnostic = matchingDiagnostic(input, finding) ?? findingToDiagnostic(finding, index, input.diagnosticOptions);
      actions.push({ title: `Ignore ${finding.ruleId} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(input, [ignoreLineEdit(input, finding)]) });
    }
  }

  // Only on explicit request (codeActionsOnSave, the Source Action menu), never in the light-bulb menu.
  if (input.only?.some(only => fixAllCodeActionKind === only || fixAllCodeActionKind.startsWith(only + "."))) {
    const edit = fixAllEdit(input, f => { const fix = fixForFixAll(f); return fix?.isPreferred ? fix : undefined; });
    if (edit) actions.push({ title: "Fix all Loopscope problems in this file", kind: fixAllCodeActionKind, edit });
  }
  return dedupeByTitle(actions);
}

/**
 * `// loopscope-ignore-next-line <rule> -- reason` above the finding's first line, with that
 * line's indentation; when the line above already suppresses other rules, the rule joins its list.
 */
export function ignoreLineEdit(input: Pick<CodeActionInput, "text">, finding: Finding): Omit<TextEdit, "fileName"> {
  const line = finding.range.start.line;
  const above = line > 0 ? lineText(input.text, line - 1) : "";
  const existing = /^(\s*\/\/\s*loopscope-ignore-next-line\s+[\w-]+(?:\s*,\s*[\w-]+)*)/.exec(above);
  if (existing) {
    const at = { line: line - 1, character: existing[1]!.length };
    return { range: { start: at, end: at }, newText: `, ${finding.ruleId}` };
  }
  const comment = `${lineIndent(input.text, line)}// loopscope-ignore-next-line ${finding.ruleId} -- reason${eolOf(input.text)}`;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: comment };
}

function fixAllEdit(input: CodeActionInput, pick: (finding: Finding) => Fix | undefined): WorkspaceEdit | undefined {
  const fixed = fixAllInText(input.text, input.result, pick, input.relint);
  const edit = minimalEdit(input.text, fixed);
  return edit ? workspaceEdit(input, [edit]) : undefined;
}

function workspaceEdit(input: CodeActionInput, edits: readonly (Omit<TextEdit, "fileName"> & { fileName?: string })[]): WorkspaceEdit {
  const byUri = new Map<string, { range: LspRange; newText: string }[]>();
  for (const edit of edits) {
    const uri = edit.fileName === undefined || edit.fileName === input.result.fileName ? input.uri : uriOf(edit.fileName);
    if (!byUri.has(uri)) byUri.set(uri, []);
    byUri.get(uri)!.push({ range: edit.range, newText: edit.newText });
  }
  if (!input.documentChanges) return { changes: Object.fromEntries(byUri) };
  return {
    documentChanges: [...byUri].map(([uri, textEdits]) => ({
      // Other files are edited as they are on disk (their version is unknown here).
      textDocument: { uri, version: uri === input.uri ? input.version : null },
      edits: textEdits,
    })),
  };
}

/** "Allow dropping the promise of publish() everywhere": the callee into the config's allow list. */
function allowEverywhereAction(input: CodeActionInput, finding: Finding, diagnostic: Diagnostic): CodeAction | undefined {
  const subject = finding.subject;
  if (finding.ruleId !== "floating-promise" || !subject || !input.allowList) return undefined;
  const { target, defaults } = input.allowList;
  const newText = allowListText(target, subject.name, defaults);
  if (newText === undefined) return undefined;
  const uri = uriOf(target.path);
  const title = `Allow dropping the promise of ${subject.label} everywhere (loopscope.config.json)`;
  if (target.text === undefined) {
    // Creating a file needs documentChanges; without them the action is not offered.
    if (!input.documentChanges) return undefined;
    const start = { line: 0, character: 0 };
    return {
      title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic],
      edit: { documentChanges: [{ kind: "create", uri, options: { ignoreIfExists: true } }, { textDocument: { uri, version: null }, edits: [{ range: { start, end: start }, newText }] }] },
    };
  }
  const end = endOf(target.text);
  const edits = [{ range: { start: { line: 0, character: 0 }, end }, newText }];
  return {
    title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic],
    edit: input.documentChanges ? { documentChanges: [{ textDocument: { uri, version: null }, edits }] } : { changes: { [uri]: edits } },
  };
}

function endOf(text: string): { line: number; character: number } {
  const lines = text.split("\n");
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

function matchingDiagnostic(input: CodeActionInput, finding: Finding): Diagnostic | undefined {
  return input.diagnostics.find(d => isLoopscopeDiagnostic(d) && d.code === finding.ruleId
    && comparePositions(d.range.start, finding.range.start) === 0 && comparePositions(d.range.end, finding.range.end) === 0);
}

const unique = <T>(items: T[]) => [...new Set(items)];

function dedupeByTitle(actions: CodeAction[]): CodeAction[] {
  const seen = new Set<string>();
  return actions.filter(action => {
    const key = `${action.kind}\u0000${action.title}\u0000${JSON.stringify(action.diagnostics?.map(d => d.range))}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

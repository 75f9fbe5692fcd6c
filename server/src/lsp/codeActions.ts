// Code actions for Loopscope findings: each finding's own fixes, "ignore this line" (a
// suppression comment), "fix all <rule> problems in this file", and source.fixAll.loopscope.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range as LspRange, type WorkspaceEdit } from "vscode-languageserver";
import type { FileResult, Finding, Fix, TextEdit } from "../analysis/findings";
import { fixAllCodeActionKind } from "../../../protocol/src/languageServer";
import { findingToDiagnostic, isLoopscopeDiagnostic, type DiagnosticOptions } from "./diagnostics";
import { applyFixEdits, fixAllInText, fixForFixAll } from "./fixAll";
import { unusedSuppressionRuleId } from "../analysis/suppressions";
import { comparePositions, eolOf, lineIndent, lineText, minimalEdit, rangesIntersect } from "./textEdits";
import { uriOf } from "./uris";
import { allowListText, type ConfigTarget } from "./allowList";
import { lineMapOf } from "../analysis/positions";

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
  /**
   * The client applies snippet edits in workspace edits (LSP 3.18 `workspace.workspaceEdit.snippetEditSupport`):
   * a suppression comment's reason is then a placeholder, selected to type over.
   */
  snippetEdits?: boolean;
  /** The client command that shows a rule's page rendered (the VS Code extension's); without one, no "Show documentation" action. */
  showDocumentationCommand?: string;
  /** The config file for "allow dropping f() everywhere" (floating-promise), and the rule's default allow list. */
  allowList?: { target: ConfigTarget; defaults: readonly string[] };
}

/**
 * Bounds on one request's answer. A range over one huge generated line can hold thousands of
 * findings; a menu of thousands of entries helps nobody, and building it blocked the server.
 */
export const actionLimits = {
  /** Quick-fixes of individual findings (identical ones, e.g. the same edit from two findings, count once). */
  findingFixes: 20,
  /** "Ignore <rule> on this line" actions: one per rule and line. */
  ignores: 10,
  /** Diagnostics one action lists as the ones it resolves. */
  linkedDiagnostics: 20,
  /** "Allow dropping the promise of f() everywhere" actions: one per callee. */
  allowEverywhere: 10,
} as const;

/**
 * The actions for a range, in a fixed order: the findings' own fixes (by position), one "fix all
 * <rule>" per rule, one "ignore <rule> on this line" per rule and line, then source.fixAll.
 */
export function codeActionsFor(input: CodeActionInput): CodeAction[] {
  const wants = (kind: string) => !input.only || input.only.some(only => kind === only || kind.startsWith(only + "."));
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    const here = input.result.findings
      .map((finding, index) => ({ finding, index }))
      .filter(({ finding }) => rangesIntersect(finding.range, input.range))
      .sort(
        (a, b) =>
          comparePositions(a.finding.range.start, b.finding.range.start) ||
          comparePositions(a.finding.range.end, b.finding.range.end) ||
          (a.finding.ruleId < b.finding.ruleId ? -1 : a.finding.ruleId > b.finding.ruleId ? 1 : 0) ||
          a.index - b.index,
      );
    const diagnosticOf = diagnosticFinder(input);
    const link = (action: CodeAction, diagnostic: Diagnostic) => {
      const linked = (action.diagnostics ??= []);
      if (linked.length < actionLimits.linkedDiagnostics && !linked.includes(diagnostic)) linked.push(diagnostic);
    };

    const fixActions = new Map<string, CodeAction>();
    for (const { finding, index } of here) {
      for (const fix of finding.fixes) {
        const key = `${fix.title}\u0000${JSON.stringify(fix.edits.map(e => [e.fileName, e.range, e.newText]))}`;
        let action = fixActions.get(key);
        if (!action) {
          if (fixActions.size >= actionLimits.findingFixes) continue;
          action = {
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [],
            ...(fix.isPreferred && !fix.suggestion ? { isPreferred: true } : {}),
            edit: workspaceEdit(input, fixEdits(input, fix)),
          };
          fixActions.set(key, action);
        }
        link(action, diagnosticOf(finding, index));
      }
    }
    actions.push(...fixActions.values());

    for (const ruleId of unique(here.map(({ finding }) => finding.ruleId))) {
      let fixable = 0;
      for (const f of input.result.findings) if (f.ruleId === ruleId && fixForFixAll(f) && ++fixable === 2) break;
      if (fixable < 2) continue;
      const edit = fixAllEdit(input, f => (f.ruleId === ruleId ? fixForFixAll(f) : undefined));
      if (!edit) continue;
      const action: CodeAction = { title: `Fix all ${ruleId} problems in this file`, kind: CodeActionKind.QuickFix, diagnostics: [], edit };
      for (const h of here) if (h.finding.ruleId === ruleId) link(action, diagnosticOf(h.finding, h.index));
      actions.push(action);
    }

    // One action for every call of the callee, in every file (after the fixes of this call): one per
    // callee, however many of its calls the range holds.
    const allows = new Map<string, CodeAction>();
    for (const { finding, index } of here) {
      const callee = finding.ruleId === "floating-promise" ? finding.subject?.name : undefined;
      if (callee === undefined) continue;
      const existing = allows.get(callee);
      if (existing) {
        link(existing, diagnosticOf(finding, index));
        continue;
      }
      if (allows.size >= actionLimits.allowEverywhere) continue;
      const action = allowEverywhereAction(input, finding, diagnosticOf(finding, index));
      if (action) allows.set(callee, action);
    }
    actions.push(...allows.values());

    // Suppressions last: fixing the code is the better answer. One comment covers the rule on the whole line.
    const ignores = new Map<string, CodeAction>();
    for (const { finding, index } of here) {
      if (finding.ruleId === unusedSuppressionRuleId) continue;
      const key = `${finding.ruleId}\u0000${finding.range.start.line}`;
      let action = ignores.get(key);
      if (!action) {
        if (ignores.size >= actionLimits.ignores) continue;
        action = {
          title: `Ignore ${finding.ruleId} on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [],
          edit: workspaceEdit(input, [ignoreLineEdit(input, finding)]),
        };
        ignores.set(key, action);
      }
      link(action, diagnosticOf(finding, index));
    }
    actions.push(...ignores.values());

    // Per rule of the range: turn it off for the file, read its page.
    for (const ruleId of unique(here.map(({ finding }) => finding.ruleId))
      .filter(id => id !== unusedSuppressionRuleId)
      .slice(0, actionLimits.ignores)) {
      const action: CodeAction = {
        title: `Disable ${ruleId} for this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [],
        edit: workspaceEdit(input, [ignoreFileEdit(input, ruleId)]),
      };
      for (const h of here) if (h.finding.ruleId === ruleId) link(action, diagnosticOf(h.finding, h.index));
      actions.push(action);
    }
    if (input.showDocumentationCommand) {
      for (const ruleId of unique(here.map(({ finding }) => finding.ruleId)).slice(0, actionLimits.ignores)) {
        const title = `Show documentation for ${ruleId}`;
        actions.push({ title, kind: CodeActionKind.QuickFix, command: { title, command: input.showDocumentationCommand, arguments: [ruleId] } });
      }
    }
  }

  // Only on explicit request (codeActionsOnSave, the Source Action menu), never in the light-bulb menu.
  if (input.only?.some(only => fixAllCodeActionKind === only || fixAllCodeActionKind.startsWith(only + "."))) {
    const edit = fixAllEdit(input, f => {
      const fix = fixForFixAll(f);
      return fix?.isPreferred ? fix : undefined;
    });
    if (edit) actions.push({ title: "Fix all Loopscope problems in this file", kind: fixAllCodeActionKind, edit });
  }
  return actions;
}

/** An edit that may carry a snippet (`${1:reason}`), applied as one where the client supports it. */
type ActionEdit = Omit<TextEdit, "fileName"> & { fileName?: string; snippet?: string };

/**
 * `// loopscope-ignore-next-line <rule> -- reason` above the finding's first line, with that
 * line's indentation; when the line above already suppresses other rules, the rule joins its list.
 * The reason is a snippet placeholder to type over; as plain text (clients without snippet
 * edits) the comment ends at `-- `, where the reason goes.
 */
export function ignoreLineEdit(input: Pick<CodeActionInput, "text">, finding: Finding): ActionEdit {
  const line = finding.range.start.line;
  const above = line > 0 ? lineText(input.text, line - 1) : "";
  const existing = /^(\s*\/\/\s*loopscope-ignore-next-line\s+[\w-]+(?:\s*,\s*[\w-]+)*)/.exec(above);
  if (existing) {
    const at = { line: line - 1, character: existing[1]!.length };
    return { range: { start: at, end: at }, newText: `, ${finding.ruleId}` };
  }
  const comment = `${lineIndent(input.text, line)}// loopscope-ignore-next-line ${finding.ruleId} -- `;
  const eol = eolOf(input.text);
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${comment}${eol}`, snippet: `${snippetText(comment)}\${1:reason}${snippetText(eol)}` };
}

/** `// loopscope-ignore-file <rule> -- reason` at the top of the file (after a shebang), or the rule joins such a comment there. */
export function ignoreFileEdit(input: Pick<CodeActionInput, "text">, ruleId: string): ActionEdit {
  const lines = lineMapOf(input.text);
  const first = input.text.startsWith("#!") ? 1 : 0;
  for (let line = first; line < Math.min(lines.lineCount, first + 20); line++) {
    const text = lineText(input.text, line);
    const existing = /^(\s*\/\/\s*loopscope-ignore-file\s+[\w-]+(?:\s*,\s*[\w-]+)*)/.exec(text);
    if (existing) {
      const at = { line, character: existing[1]!.length };
      return { range: { start: at, end: at }, newText: `, ${ruleId}` };
    }
    if (text.trim() && !/^\s*\/\//.test(text)) break;
  }
  const eol = eolOf(input.text);
  const comment = `// loopscope-ignore-file ${ruleId} -- `;
  if (first && lines.lineCount === 1) {
    const end = { line: 0, character: lineText(input.text, 0).length };
    return { range: { start: end, end }, newText: `${eol}${comment}`, snippet: `${snippetText(eol + comment)}\${1:reason}` };
  }
  const at = { line: first, character: 0 };
  return { range: { start: at, end: at }, newText: `${comment}${eol}`, snippet: `${snippetText(comment)}\${1:reason}${snippetText(eol)}` };
}

/** Text inside a snippet: `$`, `}` and `\` are literal. */
const snippetText = (text: string) => text.replace(/[$}\\]/g, c => `\\${c}`);

/** A fix's edits; one that may leave an import unused becomes one edit of the text after the fix and the import's removal. */
function fixEdits(input: CodeActionInput, fix: Fix): readonly ActionEdit[] {
  if (!fix.mayLeaveUnused?.length || fix.edits.some(e => e.fileName !== input.result.fileName)) return fix.edits;
  const edit = minimalEdit(input.text, applyFixEdits(input.text, fix.edits, [fix]));
  return edit ? [edit] : fix.edits;
}

function fixAllEdit(input: CodeActionInput, pick: (finding: Finding) => Fix | undefined): WorkspaceEdit | undefined {
  const fixed = fixAllInText(input.text, input.result, pick, input.relint);
  const edit = minimalEdit(input.text, fixed);
  return edit ? workspaceEdit(input, [edit]) : undefined;
}

function workspaceEdit(input: CodeActionInput, edits: readonly ActionEdit[]): WorkspaceEdit {
  const byUri = new Map<string, ActionEdit[]>();
  for (const edit of edits) {
    const uri = edit.fileName === undefined || edit.fileName === input.result.fileName ? input.uri : uriOf(edit.fileName);
    if (!byUri.has(uri)) byUri.set(uri, []);
    byUri.get(uri)!.push(edit);
  }
  const plain = (e: ActionEdit) => ({ range: e.range, newText: e.newText });
  if (!input.documentChanges) return { changes: Object.fromEntries([...byUri].map(([uri, list]) => [uri, list.map(plain)])) };
  return {
    documentChanges: [...byUri].map(([uri, list]) => ({
      // Other files are edited as they are on disk (their version is unknown here).
      textDocument: { uri, version: uri === input.uri ? input.version : null },
      edits: list.map(e =>
        e.snippet !== undefined && input.snippetEdits ? { range: e.range, snippet: { kind: "snippet" as const, value: e.snippet } } : plain(e),
      ),
    })),
  };
}

/** The client's own diagnostic for a finding (so the editor links the action to its squiggle), else one made from the finding. */
function diagnosticFinder(input: CodeActionInput): (finding: Finding, index: number) => Diagnostic {
  const key = (code: unknown, r: LspRange) => `${String(code)}\u0000${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  const clients = new Map<string, Diagnostic>();
  for (const d of input.diagnostics) if (isLoopscopeDiagnostic(d) && !clients.has(key(d.code, d.range))) clients.set(key(d.code, d.range), d);
  const made = new Map<number, Diagnostic>();
  return (finding, index) => {
    const client = clients.get(key(finding.ruleId, finding.range));
    if (client) return client;
    if (!made.has(index)) made.set(index, findingToDiagnostic(finding, index, input.diagnosticOptions));
    return made.get(index)!;
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
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: {
        documentChanges: [
          { kind: "create", uri, options: { ignoreIfExists: true } },
          { textDocument: { uri, version: null }, edits: [{ range: { start, end: start }, newText }] },
        ],
      },
    };
  }
  const end = lineMapOf(target.text).positionAt(target.text.length);
  const edits = [{ range: { start: { line: 0, character: 0 }, end }, newText }];
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: input.documentChanges ? { documentChanges: [{ textDocument: { uri, version: null }, edits }] } : { changes: { [uri]: edits } },
  };
}

const unique = <T>(items: T[]) => [...new Set(items)];

// Building blocks for quick-fixes: adding an import in the file's own style, and wrapping an
// expression so that a new `await` binds as intended.
import { SyntaxKind, type Node } from "./typescript";
import type { Fix, TextEdit } from "./findings";
import type { FileAnalysis } from "../rules/rule";
import { beforeJavaScriptLineBreak, eolOf, spanRange, withEol } from "./positions";

export interface ImportResult {
  /** The name to use in code (the existing binding, or the new one). */
  localName: string;
  /** Empty when the file already binds the name. */
  edits: TextEdit[];
}

/**
 * Makes `name` from `module` available, reusing an existing import of it. Returns undefined when
 * the name is already taken by something else (the fix would not compile).
 */
export function ensureNamedImport(fa: FileAnalysis, module: string, name: string): ImportResult | undefined {
  const existing = fa.bindings.all.find(b => b.module === module && b.imported === name);
  if (existing) return { localName: existing.localName, edits: [] };
  if (new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(fa.sourceFile.text)) return undefined;
  const text = fa.sourceFile.text;
  const prefix = fa.bindings.all.length === 0 || fa.bindings.usesNodePrefix() ? "node:" : "";
  const useRequire = fa.bindings.usesRequire() || (fa.bindings.all.length === 0 && /\.c[jt]s$/.test(fa.fileName));
  const statement = useRequire ? `const { ${name} } = require("${prefix}${module}");` : `import { ${name} } from "${prefix}${module}";`;
  let at: number;
  let newText: string;
  if (fa.bindings.lastImportEnd >= 0) {
    at = fa.bindings.lastImportEnd;
    newText = `\n${statement}`;
  } else {
    at = prologueEnd(text);
    newText = at === 0 ? `${statement}\n` : `\n${statement}`;
  }
  return { localName: name, edits: [{ fileName: fa.fileName, range: spanRange(fa.sourceFile, at, at), newText }] };
}

/** After a shebang line and "use strict"-style directives: where a first import goes. */
function prologueEnd(text: string): number {
  const m = /^(#![^\r\n\u2028\u2029]*(\r\n|[\r\n\u2028\u2029]))?(\s*(["'])use [\w ]+\4;?[^\S\r\n\u2028\u2029]*(\r\n|[\r\n\u2028\u2029]|$))*/.exec(text);
  // Before the last line break: the import goes on a line of its own after it.
  return beforeJavaScriptLineBreak(text, m ? m[0].length : 0);
}

/** Whether an expression put at `node`'s place needs parentheses once it starts with `await`. */
export function needsParensForAwait(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.kind) {
    case SyntaxKind.PropertyAccessExpression:
    case SyntaxKind.ElementAccessExpression:
    case SyntaxKind.NonNullExpression:
    case SyntaxKind.TaggedTemplateExpression:
      return (parent as unknown as { expression?: Node }).expression === node;
    case SyntaxKind.CallExpression:
    case SyntaxKind.NewExpression:
      return (parent as unknown as { expression: Node }).expression === node;
    default:
      return false;
  }
}

/**
 * Rules write the lines they add with "\n"; a file with "\r\n" or "\r" gets its own line break
 * instead (one place, so no rule can forget). `textOf` gives an edited file's text.
 */
export function fixesInFileEol(fixes: readonly Fix[], textOf: (fileName: string) => string | undefined): Fix[] {
  const eols = new Map<string, string>();
  const eol = (fileName: string) => {
    if (!eols.has(fileName)) eols.set(fileName, eolOf(textOf(fileName) ?? ""));
    return eols.get(fileName)!;
  };
  return fixes.map(fix => ({ ...fix, edits: fix.edits.map(e => ({ ...e, newText: withEol(e.newText, eol(e.fileName)) })) }));
}

/** De-duplicates identical edits (several fixes adding the same import) and sorts them. */
export function mergeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  const out: TextEdit[] = [];
  for (const e of edits) {
    const key = `${e.fileName}|${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}|${e.newText}`;
    if (!seen.has(key)) { seen.add(key); out.push(e); }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

// Building blocks for quick-fixes: adding an import in the file's own style, and wrapping an
// expression so that a new `await` binds as intended.
import { SyntaxKind, type Node } from "./typescript";
import type { Fix, TextEdit } from "./findings";
import type { FileAnalysis } from "../rules/rule";
import { beforeJavaScriptLineBreak, eolOf, spanRange, withEol } from "./positions";
import { fileStyleOf, quoted } from "./file-style";
import type { ModuleBinding } from "./module-bindings";

export interface ImportResult {
  /** The name to use in code (the existing binding, or the new one). */
  localName: string;
  /** Empty when the file already binds the name. */
  edits: TextEdit[];
}

/**
 * Makes `name` from `module` available, reusing what the file has: an import of the name, the
 * module's namespace (`cp.exec`), or an import list of the module that the name joins
 * (`import { execSync, exec }`, `const { execSync, exec } = require(...)`). Only when there is
 * none, a new import in the file's style (quotes, semicolons, `node:`, ESM or require).
 * Returns undefined when the name is already taken by something else (the fix would not compile).
 */
export function ensureNamedImport(fa: FileAnalysis, module: string, name: string): ImportResult | undefined {
  const existing = fa.bindings.all.find(b => b.module === module && b.imported === name);
  if (existing) return { localName: existing.localName, edits: [] };
  const namespace = fa.bindings.namespaceOf(module);
  if (namespace && isModuleObject(namespace)) return { localName: `${namespace.localName}.${name}`, edits: [] };
  if (new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(fa.sourceFile.text)) return undefined;
  const list = importListOf(fa, module);
  if (list) return { localName: name, edits: [{ fileName: fa.fileName, range: spanRange(fa.sourceFile, list.end, list.end), newText: `, ${name}` }] };
  const text = fa.sourceFile.text;
  const style = fileStyleOf(fa.sourceFile, text);
  const prefix = fa.bindings.all.length === 0 || fa.bindings.usesNodePrefix() ? "node:" : "";
  const useRequire = fa.bindings.usesRequire() || (fa.bindings.all.length === 0 && /\.c[jt]s$/.test(fa.fileName));
  const specifier = quoted(`${prefix}${module}`, style);
  const end = style.semicolons ? ";" : "";
  const statement = useRequire ? `const { ${name} } = require(${specifier})${end}` : `import { ${name} } from ${specifier}${end}`;
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

/** A namespace binding that is the module object (`import * as`, `import x =`, `require`; a builtin's default import is too). */
function isModuleObject(binding: ModuleBinding): boolean {
  return binding.declaration.kind !== SyntaxKind.ImportClause || /^[a-z_/]+$/.test(binding.module);
}

/** The end of the last element of a value import list of `module` (`import { a }` or `const { a } = require()`), where a name joins it. */
function importListOf(fa: FileAnalysis, module: string): { end: number } | undefined {
  for (const binding of fa.bindings.all) {
    if (binding.module !== module || binding.imported === "*") continue;
    const list = binding.declaration.parent as (Node & { elements?: readonly Node[] }) | undefined;
    if (!list?.elements?.length) continue;
    if (list.kind === SyntaxKind.NamedImports) {
      const clause = list.parent as (Node & { isTypeOnly?: boolean }) | undefined;
      if (clause?.isTypeOnly) continue;
    } else if (list.kind !== SyntaxKind.ObjectBindingPattern) continue;
    const last = list.elements[list.elements.length - 1]!;
    if ((last as unknown as { dotDotDotToken?: Node }).dotDotDotToken) continue;
    return { end: last.end };
  }
  return undefined;
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
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

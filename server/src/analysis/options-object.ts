// What an options argument visibly says: has one of some keys, lacks all of them, or can't be
// seen (a parameter, a spread, a call result). Rules report only what they can see: an options
// object whose content is unknown is assumed to be fine.
import { SyntaxKind, type Node, type ObjectLiteralExpression } from "./typescript";
import { identifierPattern, memberName, objectMembers, skipOuterExpressions, textOf, isConstList } from "./syntax";
import type { FileAnalysis } from "../rules/rule";
import type { TextEdit } from "./findings";
import { indentAt, spanRange } from "./positions";

export type OptionsState =
  | { kind: "absent" }
  | { kind: "has"; key: string }
  /** A visible object literal without any of the keys; `literal` is where a fix adds one. */
  | { kind: "lacks"; literal: ObjectLiteralExpression; elsewhere?: boolean }
  | { kind: "unknown" };

/** Phase 1: ask for what `optionsState` needs to follow a variable to its object literal. */
export function prepareOptions(fa: FileAnalysis, node: Node | undefined): void {
  if (!node) return;
  const n = skipOuterExpressions(node);
  if (n.kind === SyntaxKind.Identifier) fa.queries.needSymbol(n);
}

export function optionsState(fa: FileAnalysis, node: Node | undefined, keys: readonly string[], depth = 0): OptionsState {
  if (!node) return { kind: "absent" };
  const n = skipOuterExpressions(node);
  if (n.kind === SyntaxKind.ObjectLiteralExpression) return literalState(fa, n as ObjectLiteralExpression, keys, depth);
  if (n.kind === SyntaxKind.Identifier) {
    if (textOf(n) === "undefined") return { kind: "absent" };
    // Asked in phase 1 for the options argument itself; spreads inside a literal are rare and asked late.
    const symbol = depth === 0 ? fa.queries.localSymbolOf(n) : fa.queries.lateSymbolOf(n);
    const target = symbol ? fa.queries.resolveAlias(symbol) : undefined;
    const where = target ? fa.queries.declarationOf(target) : undefined;
    // A variable of this file, or a constant of another project file (`import { defaults } from "./http.js"`).
    if (!target || !where || where.isExternal || where.isDeclarationFile || depth > 3) return { kind: "unknown" };
    const decl = fa.queries.declarationNode(target);
    if (!decl || decl.kind !== SyntaxKind.VariableDeclaration) return { kind: "unknown" };
    const own = decl.getSourceFile() === fa.sourceFile;
    if (!own && !isConstList(decl.parent)) return { kind: "unknown" };
    const init = (decl as unknown as { initializer?: Node }).initializer;
    if (!init || skipOuterExpressions(init).kind !== SyntaxKind.ObjectLiteralExpression) return { kind: "unknown" };
    // Changed after it was made? `opts.timeout = 5`, `opts[k] = v`, `Object.assign(opts, ...)`.
    const name = identifierPattern(textOf((decl as unknown as { name: Node }).name) ?? textOf(n)!);
    const text = decl.getSourceFile().text;
    const assigned = new RegExp(`(?<![\\w$.])${name}\\s*(\\?\\.|\\.)\\s*(${keys.join("|")})\\s*=[^=]`).exec(text);
    if (assigned) return { kind: "has", key: assigned[2]! };
    if (new RegExp(`(?<![\\w$.])${name}\\s*\\[|Object\\.assign\\(\\s*${name}\\b|(?<!(?:const|let|var)\\s+)(?<![\\w$.])${name}\\s*=[^=>]`).test(text))
      return { kind: "unknown" };
    const state = literalState(fa, skipOuterExpressions(init) as ObjectLiteralExpression, keys, depth + 1);
    // A fix edits this file only: another file's literal is reported without one.
    return state.kind === "lacks" && !own ? { kind: "lacks", literal: state.literal, elsewhere: true } : state;
  }
  return { kind: "unknown" };
}

function literalState(fa: FileAnalysis, literal: ObjectLiteralExpression, keys: readonly string[], depth: number): OptionsState {
  let unknown = false;
  for (const member of objectMembers(literal)) {
    if (member.kind === SyntaxKind.SpreadAssignment) {
      // `{ ...defaults, cwd }`: a constant of the project is followed.
      const spread = optionsState(fa, (member as unknown as { expression: Node }).expression, keys, depth + 1);
      if (spread.kind === "has") return spread;
      if (spread.kind === "unknown") unknown = true;
      continue;
    }
    const name = memberName(member);
    if (name === undefined) {
      unknown = true;
      continue;
    }
    if (keys.includes(name)) return { kind: "has", key: name };
  }
  return unknown ? { kind: "unknown" } : { kind: "lacks", literal };
}

/** Adds `property` (e.g. `timeout: 10000`) to an object literal, keeping its layout. */
export function addPropertyEdit(fa: FileAnalysis, literal: ObjectLiteralExpression, property: string): TextEdit {
  const { sourceFile, fileName } = fa;
  const text = sourceFile.text;
  const members = objectMembers(literal);
  const open = literal.getStart(sourceFile);
  if (!members.length) {
    return { fileName, range: spanRange(sourceFile, open, literal.end), newText: `{ ${property} }` };
  }
  const last = members[members.length - 1]!;
  const trailingComma = (literal.properties as unknown as { hasTrailingComma?: boolean }).hasTrailingComma === true;
  const afterLast = trailingComma ? text.indexOf(",", last.end) + 1 : last.end;
  const multiLine =
    /[\r\n\u2028\u2029]/.test(text.slice(last.end, literal.end)) || /[\r\n\u2028\u2029]/.test(text.slice(open, members[0]!.getStart(sourceFile)));
  if (multiLine) {
    const indent = indentAt(text, last.getStart(sourceFile));
    return {
      fileName,
      range: spanRange(sourceFile, afterLast, afterLast),
      newText: `${trailingComma ? "" : ","}\n${indent}${property}${trailingComma ? "," : ""}`,
    };
  }
  return { fileName, range: spanRange(sourceFile, afterLast, afterLast), newText: trailingComma ? ` ${property},` : `, ${property}` };
}

/** Inserts a new argument at `index` (before the argument now there, or at the end). */
export function insertArgumentEdit(fa: FileAnalysis, call: Node, index: number, argument: string): TextEdit {
  const { sourceFile, fileName } = fa;
  const args = (call as unknown as { arguments: readonly Node[] }).arguments;
  if (index < args.length) {
    const at = args[index]!.getStart(sourceFile);
    return { fileName, range: spanRange(sourceFile, at, at), newText: `${argument}, ` };
  }
  if (!args.length) {
    const open = sourceFile.text.indexOf("(", (call as unknown as { expression: Node }).expression.end);
    return { fileName, range: spanRange(sourceFile, open + 1, open + 1), newText: argument };
  }
  const at = args[args.length - 1]!.end;
  return { fileName, range: spanRange(sourceFile, at, at), newText: `, ${argument}` };
}

// What a checked call's first arguments are (a URL, an options object, a callback...), by syntax
// first and by type where syntax cannot say: it decides where a call's options sit.
import { SyntaxKind, TypeFlags, type CallExpression, type Node, type SourceFile, type Type } from "../../analysis/typescript";
import { prepareOptions } from "../../analysis/options-object";
import { callArguments, identifierPattern, skipOuterExpressions, textOf, type CalleeParts } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";

const checkedModules = new Set(["http", "https", "net", "tls", "child_process", "undici", "axios", "got", "node-fetch"]);

export function mayNeedArgTypes(fa: FileAnalysis, parts: CalleeParts): boolean {
  if (parts.nameNode.text === "fetch") return true;
  const bound = fa.bindings.forLocalName(parts.receiver?.text ?? parts.nameNode.text);
  if (bound) return checkedModules.has(bound.module);
  if (parts.receiverExpression) return parts.receiverExpression.kind === SyntaxKind.CallExpression; // require("http").get(...)
  const file = memberAliasesOf(fa.sourceFile);
  if (file.promisifies) return true;
  // `const exec = require("child_process").exec`, `var exec = cp.exec`
  const name = parts.nameNode.text;
  if (/[\s=]/.test(name)) return new RegExp(memberAlias(identifierPattern(name))).test(fa.sourceFile.text);
  return file.names.has(name);
}

/** The pattern of `const NAME = require("m").member` or `= object.member`, ended by `;`, `,` or a line break. */
const memberAlias = (namePattern: string) =>
  `\\b(const|let|var)\\s+${namePattern}\\s*=\\s*(require\\(\\s*["'][^"']+["']\\s*\\)|[\\w$]+)\\s*\\.\\s*[\\w$]+\\s*[;,\\r\\n]`;

/**
 * What `mayNeedArgTypes` asks of the whole file, found in one scan per tree: the names declared
 * as a member alias (the scan for each call's name, one per call and keystroke, was most of the
 * rule's time in a large file), and whether it promisifies. `[^\\s=]+` captures exactly the
 * names whose own pattern could match (a name with neither white space nor `=`); each match is
 * looked for from one character after the last one's start, so overlapping ones count too.
 */
const memberAliases = new WeakMap<SourceFile, { promisifies: boolean; names: ReadonlySet<string> }>();
function memberAliasesOf(sourceFile: SourceFile): { promisifies: boolean; names: ReadonlySet<string> } {
  let found = memberAliases.get(sourceFile);
  if (!found) {
    const text = sourceFile.text;
    const names = new Set<string>();
    const pattern = new RegExp(memberAlias("([^\\s=]+)"), "g");
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      names.add(m[2]!);
      pattern.lastIndex = m.index + 1;
    }
    found = { promisifies: /promisify\s*\(/.test(text), names };
    memberAliases.set(sourceFile, found);
  }
  return found;
}

/** Phase 1: types of the first arguments (URL or options?) and symbols of option variables. */
export function prepareArgs(fa: FileAnalysis, call: CallExpression): void {
  const args = callArguments(call);
  args.slice(0, 4).forEach(arg => {
    const a = skipOuterExpressions(arg);
    // Every argument `argKind` cannot tell by its syntax is asked by type in phase 2
    // (`fetch((await urlOf(id))!)`, `http.get(cond ? a : b)`).
    if (!kindBySyntax.has(a.kind)) fa.queries.needType(a);
    prepareOptions(fa, a);
  });
}

/** Argument kinds `argKind` decides by syntax alone (no type asked). */
const kindBySyntax: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateExpression,
  SyntaxKind.BinaryExpression,
  SyntaxKind.NumericLiteral,
  SyntaxKind.ObjectLiteralExpression,
  SyntaxKind.ArrayLiteralExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.FunctionExpression,
  SyntaxKind.NewExpression,
]);

export type ArgKind = "url" | "request" | "function" | "array" | "object" | "number" | "unknown";

export function argKind(fa: FileAnalysis, arg: Node | undefined): ArgKind | undefined {
  if (!arg) return undefined;
  const a = skipOuterExpressions(arg);
  switch (a.kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.TemplateExpression:
    case SyntaxKind.BinaryExpression:
      return "url";
    case SyntaxKind.NumericLiteral:
      return "number";
    case SyntaxKind.ObjectLiteralExpression:
      return "object";
    case SyntaxKind.ArrayLiteralExpression:
      return "array";
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.FunctionExpression:
      return "function";
    case SyntaxKind.NewExpression: {
      const name = textOf(skipOuterExpressions((a as unknown as { expression: Node }).expression));
      return name === "URL" ? "url" : name === "Request" ? "request" : "unknown";
    }
  }
  const type = fa.queries.typeOf(a);
  return type ? kindOfType(fa, type) : "unknown";
}

function kindOfType(fa: FileAnalysis, type: Type): ArgKind {
  if (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return "unknown";
  if (type.flags & TypeFlags.StringLike) return "url";
  if (type.flags & TypeFlags.NumberLike) return "number";
  const parts = type.isUnionType() ? type.getTypes().filter(t => !(t.flags & (TypeFlags.Undefined | TypeFlags.Null))) : [type];
  if (parts.length === 0) return "unknown";
  const kinds = new Set(
    parts.map(part => {
      if (part.flags & TypeFlags.StringLike) return "url";
      if (part.flags & TypeFlags.NumberLike) return "number";
      const symbolName = part.getSymbol()?.name;
      if (symbolName === "URL") return "url";
      if (symbolName === "Request") return "request";
      if (fa.queries.checker.isArrayType(part) || fa.queries.checker.isTupleType(part)) return "array";
      if (fa.queries.checker.getSignaturesOfType(part, 0 as never).length > 0) return "function";
      return "object";
    }),
  );
  return kinds.size === 1 ? ([...kinds][0] as ArgKind) : kinds.has("request") ? "request" : "unknown";
}

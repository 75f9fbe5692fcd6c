// What a checked call's first arguments are (a URL, an options object, a callback...), by syntax
// first and by type where syntax cannot say: it decides where a call's options sit.
import { SyntaxKind, TypeFlags, type CallExpression, type Node, type Type } from "../../analysis/typescript";
import { prepareOptions } from "../../analysis/options-object";
import { callArguments, identifierPattern, skipOuterExpressions, textOf, type CalleeParts } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";

const checkedModules = new Set(["http", "https", "net", "tls", "child_process", "undici", "axios", "got", "node-fetch"]);

export function mayNeedArgTypes(fa: FileAnalysis, parts: CalleeParts): boolean {
  if (parts.nameNode.text === "fetch") return true;
  const bound = fa.bindings.forLocalName(parts.receiver?.text ?? parts.nameNode.text);
  if (bound) return checkedModules.has(bound.module);
  if (parts.receiverExpression) return parts.receiverExpression.kind === SyntaxKind.CallExpression; // require("http").get(...)
  if (/promisify\s*\(/.test(fa.sourceFile.text)) return true;
  // `const exec = require("child_process").exec`, `var exec = cp.exec`
  return new RegExp(
    `\\b(const|let|var)\\s+${identifierPattern(parts.nameNode.text)}\\s*=\\s*(require\\(\\s*["'][^"']+["']\\s*\\)|[\\w$]+)\\s*\\.\\s*[\\w$]+\\s*[;,\\r\\n]`,
  ).test(fa.sourceFile.text);
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

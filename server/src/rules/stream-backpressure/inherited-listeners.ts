// A `this.x` end whose 'error' listener a base class adds: `class Usbmux extends BaseSocketService`
// pipes `this._socketClient`, and the base class's constructor did `this._socketClient.on('error',
// ...)`. The listener is there at run time though the subclass's file does not show it.
import type { Node } from "../../analysis/typescript";
import { enclosingClass, extendsExpression, isClassLike, skipOuterExpressions } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import { nameHandlesErrors } from "./stream-ends";

/** How many base classes up the chain are read: deep hierarchies are rare and each step loads a file. */
const maxDepth = 4;

/** `this.x` as written (`this._socket`, `this.#out`), else undefined. */
export function thisMemberText(end: Node): string | undefined {
  const text = skipOuterExpressions(end).getText();
  return /^this\s*\.\s*#?[\w$]+$/.test(text) ? text.replace(/\s+/g, "") : undefined;
}

/** The `extends` expression of the class `node` sits in (`BaseSocketService` of `class A extends BaseSocketService`). */
export function extendsExpressionOf(node: Node): Node | undefined {
  const cls = enclosingClass(node);
  return cls && extendsExpression(cls);
}

/**
 * Phase 2: a base class of the project (up the `extends` chain, the project's own sources only)
 * gives the member an 'error' listener, hands it to `finished()`/`pipeline()`, or reads it with
 * `for await`.
 */
export function baseClassListens(fa: FileAnalysis, member: string, heritage: Node): boolean {
  let next: Node | undefined = heritage;
  for (let depth = 0; next && depth < maxDepth; depth++) {
    // The first `extends` is asked in phase 1; the ones above it sit in other files, asked late.
    const symbol = depth === 0 ? fa.queries.symbolOf(next) : fa.queries.lateSymbolOf(next);
    const where = symbol && fa.queries.declarationOf(symbol);
    if (!symbol || !where || where.isExternal || where.isDeclarationFile) return false;
    const base = fa.queries.declarationNode(symbol);
    if (!base || !isClassLike(base)) return false;
    if (nameHandlesErrors(member, base)) return true;
    next = extendsExpression(base);
  }
  return false;
}

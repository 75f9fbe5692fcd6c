// The function a callback argument stands for, in the may-reject summary's terms: a function
// written in place, or the project function a name refers to (`handle`, `this.handle`,
// `obj.handle`, and the same with `.bind(...)`). Rules that pass a callback's rejection question
// to the shared summary (promise-in-void-callback, timer-lifecycle) find its key here: phase 1
// reads syntax and asks for the name's symbol, phase 2 turns it into the summary's key.
import { SyntaxKind, nodeIndex, type CallExpression, type Node } from "./typescript";
import { skipOuterExpressions, textOf } from "./syntax";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { functionKey, type FunctionKey } from "./call-graph";
import { keyNodeOf, projectFunctionKey } from "./may-reject";
import { hasNoRejectTag } from "./no-reject-tag";
import type { FileAnalysis } from "../rules/rule";

export interface CallbackReference {
  /** The callback without parentheses or assertions. */
  callback: Node;
  /** The callback's own function, when written in place. */
  fn?: FunctionLike;
  /** The name that resolves to the callback's declaration. */
  nameNode?: Node;
}

/** Phase 1: what the callback is, with the symbol asked; undefined for anything else (a call's result, an element). */
export function callbackReference(fa: FileAnalysis, written: Node): CallbackReference | undefined {
  const callback = skipOuterExpressions(written);
  if (isFunctionLike(callback)) return { callback, fn: callback as FunctionLike };
  const nameNode = referencedName(callback);
  if (!nameNode) return undefined;
  fa.queries.needSymbol(nameNode);
  return { callback, nameNode };
}

/**
 * Phase 2: the callback's key in the project's summaries; undefined for a package's function,
 * a name the checker cannot resolve, or a declaration tagged `@loopscope-no-reject`.
 */
export function callbackFunctionKey(fa: FileAnalysis, ref: CallbackReference): FunctionKey | undefined {
  if (ref.fn) return functionKey(fa.fileName, nodeIndex(keyNodeOf(ref.fn)));
  const symbol = ref.nameNode && fa.queries.symbolOf(ref.nameNode);
  if (!symbol) return undefined;
  const declaration = fa.queries.declarationNode(symbol);
  if (declaration && hasNoRejectTag(declaration.getSourceFile(), declaration)) return undefined;
  return projectFunctionKey(fa, symbol);
}

/** `handle`, `this.handle`, `obj.handle`, and the same with `.bind(...)`: the name whose declaration is the callback. */
function referencedName(callback: Node): Node | undefined {
  let c = callback;
  if (c.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((c as CallExpression).expression);
    if (callee.kind !== SyntaxKind.PropertyAccessExpression || textOf((callee as unknown as { name: Node }).name) !== "bind") return undefined;
    c = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
  }
  if (c.kind === SyntaxKind.Identifier) return c;
  if (c.kind === SyntaxKind.PropertyAccessExpression) return (c as unknown as { name: Node }).name;
  return undefined;
}

// Dropped promises that cannot hurt, or that the project already decided about: what
// floating-promise does not report beyond typescript-eslint's rules (docs/rules/floating-promise.md
// lists them; each came from reading findings on real code, docs/precision-on-real-code.md).
import { SyntaxKind, type ArrowFunction, type CallExpression, type Node, type PropertyAccessExpression, type SourceFile } from "./typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "./async-context";
import { containsThrow, functionExpressionKinds, methodName, nameNodeOf, nameText, skipParens } from "./promise-syntax";
import { walkPruned } from "./walk";

/**
 * An async function whose body is (after plain declarations) one `try` with a `catch` that does
 * not rethrow: its promise always fulfils, so dropping it loses no error.
 */
export function catchesEverything(fn: FunctionLike): boolean {
  if (!isAsyncFunction(fn) || !fn.body || fn.body.kind !== SyntaxKind.Block) return false;
  const statements = (fn.body as unknown as { statements: readonly Node[] }).statements;
  const tryStatement = statements[statements.length - 1] as (Node & { catchClause?: Node & { block: Node }; finallyBlock?: Node }) | undefined;
  if (!tryStatement || tryStatement.kind !== SyntaxKind.TryStatement || !tryStatement.catchClause) return false;
  // Set-up before the try must not wait or throw (Unleash's scheduler registers its interval first).
  if (statements.slice(0, -1).some(s => containsThrow(s, true) || s.kind === SyntaxKind.ReturnStatement)) return false;
  return !containsThrow(tryStatement.catchClause.block) && (!tryStatement.finallyBlock || !containsThrow(tryStatement.finallyBlock));
}

/**
 * `Promise.allSettled(xs).then(f)` and `p.catch(h).then(f)`: the receiver never rejects, so the
 * chain can only reject if `f` throws; a callback without `throw` or `await` is taken at its word.
 */
export function cannotRejectThen(call: CallExpression): boolean {
  const callback = call.arguments[0] && skipParens(call.arguments[0]);
  if (!callback || !functionExpressionKinds.has(callback.kind) || isAsyncFunction(callback)) return false;
  const body = (callback as unknown as ArrowFunction).body;
  if (containsThrow(body, true)) return false;
  const receiver = skipParens((call.expression as PropertyAccessExpression).expression);
  if (receiver.kind !== SyntaxKind.CallExpression) return false;
  const inner = receiver as CallExpression;
  const name = methodName(inner.expression);
  if (name === "allSettled" && skipParens((inner.expression as PropertyAccessExpression).expression).getText() === "Promise") return true;
  return name === "catch" && inner.arguments.length >= 1 && functionExpressionKinds.has(skipParens(inner.arguments[0]!).kind);
}

/** `promises.splice(i, 1)`, `promises.sort(...)`: in-place edits whose return value nobody needs. */
export const inPlaceArrayMethods = new Set(["splice", "sort", "reverse", "fill", "copyWithin"]);

export function isInPlaceArrayCall(node: Node): boolean {
  return node.kind === SyntaxKind.CallExpression && inPlaceArrayMethods.has(methodName((node as CallExpression).expression) ?? "");
}

/**
 * `// eslint-disable-next-line @typescript-eslint/no-floating-promises` (or oxlint-disable-..., or
 * the same-line and file-wide forms): the project already decided about this statement.
 */
export function eslintDisabled(sf: SourceFile, statement: Node): boolean {
  const text = sf.text;
  if (!text.includes("disable")) return false;
  const start = statement.getStart(sf);
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = text.indexOf("\n", start);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const prevStart = text.lastIndexOf("\n", lineStart - 2) + 1;
  const prev = lineStart > 0 ? text.slice(prevStart, lineStart - 1) : "";
  const names = (comment: string) => comment.includes("no-floating-promises") || /disable-(next-)?line\s*(\*\/)?\s*$/.test(comment);
  if (/(eslint|oxlint)-disable-next-line/.test(prev) && names(prev)) return true;
  if (/(eslint|oxlint)-disable-line/.test(line) && names(line)) return true;
  const fileWide = /\/\*\s*(eslint|oxlint)-disable\s+([^*]*)\*\//g;
  for (let m = fileWide.exec(text); m; m = fileWide.exec(text)) {
    if (m.index < start && m[2]!.includes("no-floating-promises") && !text.slice(m.index, start).includes("-enable")) return true;
  }
  return false;
}

/**
 * Dual promise/callback APIs (ioredis, standard-as-callback, older mongodb): given a node-style
 * callback, errors go to the callback and the returned promise has a rejection handler attached.
 * Recognised by the last argument: `(err, ...) => ...` or a function named cb/callback/done.
 */
export function passesNodeStyleCallback(node: Node): boolean {
  if (node.kind !== SyntaxKind.CallExpression) return false;
  const call = node as CallExpression;
  if (["then", "catch", "finally"].includes(methodName(call.expression) ?? "")) return false;
  const last = call.arguments[call.arguments.length - 1];
  if (!last) return false;
  return isNodeStyleCallback(skipParens(last), true);
}

export function isNodeStyleCallback(arg: Node, lookIntoWrapper: boolean): boolean {
  if (functionExpressionKinds.has(arg.kind)) {
    const first = (arg as unknown as ArrowFunction).parameters[0];
    return !!first && first.name.kind === SyntaxKind.Identifier && /^(err|error|e|er|ex|exception)$/i.test(nameText(first.name));
  }
  // `timeout((err, result) => ..., ms)`: a wrapper around the callback.
  if (lookIntoWrapper && arg.kind === SyntaxKind.CallExpression) return (arg as CallExpression).arguments.some(a => isNodeStyleCallback(skipParens(a), false));
  const name = nameNodeOf(arg);
  return !!name && /^(cb|callback|done|nodeback)$|[a-z]Callback$/i.test(nameText(name));
}

/**
 * A plain (not async) function whose every `return` hands out a promise stored on an object
 * (`return this.promise`): calling it again does not start new work, and the stored promise has
 * its own owner (ioredis's pipelines re-run `exec()` this way).
 */
export function returnsStoredPromise(fn: FunctionLike): boolean {
  if (isAsyncFunction(fn) || !fn.body || fn.body.kind !== SyntaxKind.Block) return false;
  let returns = 0;
  let stored = true;
  walkPruned(fn.body, n => {
    if (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression) return false;
    if (n.kind === SyntaxKind.ReturnStatement) {
      const e = (n as unknown as { expression?: Node }).expression;
      const value = e && skipParens(e);
      returns++;
      if (!value || (value.kind !== SyntaxKind.PropertyAccessExpression && value.kind !== SyntaxKind.ElementAccessExpression)) stored = false;
      return stored ? false : "stop";
    }
    return true;
  });
  return stored && returns > 0;
}

/**
 * A comment right before (or after) the statement says the promise is deliberately not awaited:
 * `// deliberately not awaited`, `// fire-and-forget`, `// intentionally no await`. The author
 * has decided, as with a disable comment.
 */
export function saysDeliberate(sf: SourceFile, statement: Node): boolean {
  const text = sf.text;
  const start = statement.getStart(sf);
  const lineEnd = text.indexOf("\n", statement.end);
  const trailing = text.slice(statement.end, lineEnd < 0 ? text.length : lineEnd);
  // Comments on their own lines between the previous statement and this one (not the previous
  // statement's trailing comment, which is about that statement).
  const between = text.slice(statement.pos, start);
  const leading = between.includes("\n") ? between.slice(between.indexOf("\n") + 1) : "";
  const said = /\b(deliberately|intentionally|on purpose|purposely)\b[^\n]*\bawait|\bfire[- ]and[- ]forget\b|\b(don'?t|do not|not|no|without|skip(ped)?)\s+(need\s+to\s+)?await(ed|ing)?\b/i;
  return (/\/\/|\/\*/.test(leading) && said.test(leading)) || (/^\s*(\/\/|\/\*)/.test(trailing) && said.test(trailing));
}

/**
 * Tests with fake timers start a promise, then advance the clock, then await or assert: awaiting
 * first would hang (`batchExecute(...); vi.advanceTimersByTime(1000);`).
 */
export function advancesFakeClockLater(sf: SourceFile, statement: Node): boolean {
  const block = statement.parent;
  if (!block || !/advanceTimers|runAllTimers|runOnlyPendingTimers|\.tick(Async)?\s*\(/.test(sf.text)) return false;
  const rest = sf.text.slice(statement.end, block.end);
  return /\b(advanceTimersByTime|advanceTimersByTimeAsync|advanceTimersToNextTimer|runAllTimers|runAllTimersAsync|runOnlyPendingTimers|tickAsync|tick)\s*\(/.test(rest);
}

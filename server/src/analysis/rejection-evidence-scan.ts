// What shows that a function's promise rejects, where rejection-sources.ts's syntax walk gives up
// (a loop, a call that may throw) and in the promises it awaits or returns: throws (but those that
// only validate arguments or report a lookup miss), `Promise.reject`, an executor that rejects, a
// callback that throws; and the project calls and callbacks whose promises are passed on, for the
// summary to follow (may-reject.ts).
import { SyntaxKind, type CallExpression, type Node, type PropertyAccessExpression } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { containsThrow, containsUncaughtThrow, functionExpressionKinds, methodName, nameNodeOf, nameText, skipParens } from "./promise-syntax";
import { enclosingFunction } from "./syntax";
import { rejectsOnlyWithCallback } from "./callback-rejections";
import { walkPruned } from "./walk";
import { isArgumentGuardThrow } from "./argument-guards";
import { isLookupMissThrow } from "./lookup-miss-guards";
import { executorRejection, executorRejectsOnReportedError } from "./rejection-syntax";
import type { PassedOn, Reason, RejectionSources } from "./rejection-sources";
import { handledErrorIdentities, isHandledError, thrownIdentities } from "./error-filters";

export const argumentGuardLabel = "throws only on invalid arguments";

export const lookupMissLabel = "throws only when its argument names nothing the lookup finds";

export const handledErrorLabel = "throws an error its catch handles";

/**
 * Walks a try block (`walk`) whose catch block throws: when the catch throws only for errors other
 * than some identities (error-filters.ts), those are handled while it runs, and no others (a try
 * inside, whose catch throws again, may throw anything in their place: its own identities only).
 */
export function withHandledErrors(out: RejectionSources, catchClause: Node, walk: () => void): void {
  const outer = out.handledErrors;
  out.handledErrors = handledErrorIdentities(catchClause);
  try {
    walk();
  } finally {
    out.handledErrors = outer;
  }
}

/**
 * A project call passed on; one awaited in a try block whose catch handles some errors carries them
 * (a returned promise is not awaited inside the try: the catch never sees its rejection).
 */
export function passedOnEntry(out: RejectionSources, call: CallExpression, nameNode: Node | undefined, how: PassedOn["how"]): PassedOn {
  return { call, nameNode, how, ...(how === "awaits" && out.handledErrors ? { unlessError: out.handledErrors } : {}) };
}

/**
 * A throw shows a rejection, unless it only validates the function's arguments (argument-guards.ts),
 * reports that the argument names nothing in a collection (lookup-miss-guards.ts), or throws an
 * error the enclosing catch handles (error-filters.ts).
 */
function throwReason(out: RejectionSources, n: Node): Reason {
  if (isArgumentGuardThrow(n)) return { node: n, label: argumentGuardLabel };
  if (isHandledError(thrownIdentities(n), out.handledErrors)) return { node: n, label: handledErrorLabel };
  if (isLookupMissThrow(n)) return { node: n, label: lookupMissLabel };
  return { node: n, label: "throws", evidence: true };
}

/** Throws, and awaited or returned promises, in code the walker did not follow (not inside catch-all trys). */
export function scanForEvidence(out: RejectionSources, root: Node): void {
  walkPruned(
    root,
    n => {
      if (n !== root && (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression)) return false;
      switch (n.kind) {
        case SyntaxKind.ThrowStatement:
          out.reasons.push(throwReason(out, n));
          return true;
        case SyntaxKind.TryStatement: {
          const t = n as unknown as { catchClause?: { block: Node }; finallyBlock?: Node; tryBlock: Node };
          if (!t.catchClause) return true;
          // A catch block that throws passes on the try block's failures (see `statement`).
          if (containsThrow(t.catchClause.block)) withHandledErrors(out, t.catchClause as unknown as Node, () => scanForEvidence(out, t.tryBlock));
          scanCatchForEvidence(out, t.catchClause.block);
          if (t.finallyBlock) scanForEvidence(out, t.finallyBlock);
          return false;
        }
        case SyntaxKind.AwaitExpression:
          passOnAny(out, (n as unknown as { expression: Node }).expression, "awaits");
          return true;
        case SyntaxKind.ReturnStatement: {
          const value = (n as unknown as { expression?: Node }).expression;
          if (value) passOnAny(out, value, "returns");
          return true;
        }
        default:
          return true;
      }
    },
    true,
  );
}

/** A catch block's awaits and returns, without its throws (they pass on the try block's failures). */
function scanCatchForEvidence(out: RejectionSources, block: Node): void {
  walkPruned(
    block,
    n => {
      if (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression) return false;
      if (n.kind === SyntaxKind.ThrowStatement) return false;
      if (n.kind === SyntaxKind.TryStatement || n.kind === SyntaxKind.AwaitExpression || n.kind === SyntaxKind.ReturnStatement) {
        scanForEvidence(out, n);
        return false;
      }
      return true;
    },
    true,
  );
}

/**
 * A promise the function awaits or returns, however it is written: what can make it reject is
 * recorded (project and library calls passed on, callbacks, `Promise.reject`), for the evidence.
 */
export function passOnAny(out: RejectionSources, value0: Node, how: PassedOn["how"]): void {
  const value = skipParens(value0);
  if (value.kind === SyntaxKind.ConditionalExpression) {
    const c = value as unknown as { whenTrue: Node; whenFalse: Node };
    passOnAny(out, c.whenTrue, how);
    passOnAny(out, c.whenFalse, how);
    return;
  }
  if (value.kind === SyntaxKind.NewExpression) {
    const executor = executorRejection(value);
    if (executor === "cannot") return;
    if (executor === "unknown") {
      // `try { setUp() } catch (e) { reject(e) }`: only a synchronous throw of the set-up, not shown.
      out.reasons.push({ node: value, label: `${how} a new Promise that rejects only when its executor's set-up throws` });
      return;
    }
    // A queue's `new Promise((resolve, reject) => task().then(resolve, reject))`: the task the
    // caller passes decides, not this function (the call site judges the argument).
    const fn = enclosingFunction(value);
    const parameter = fn && rejectsOnlyWithCallback(value, fn);
    if (parameter !== undefined)
      out.reasons.push({
        node: value,
        label: `${how} a new Promise that rejects only when the function given as argument ${parameter + 1} rejects`,
        parameter,
      });
    // A reject in a node-style callback's error branch or an 'error' listener: the I/O's own failure (a kind of its own, see may-reject.ts).
    else if (executorRejectsOnReportedError(value))
      out.reasons.push({ node: value, label: `${how} a new Promise whose executor rejects with an error an API reports to it`, evidence: true });
    else out.reasons.push({ node: value, label: `${how} a new Promise whose executor rejects`, evidence: true });
    return;
  }
  if (value.kind !== SyntaxKind.CallExpression) return;
  const call = value as CallExpression;
  const callee = skipParens(call.expression);
  const name = methodName(callee);
  const receiver = callee.kind === SyntaxKind.PropertyAccessExpression ? skipParens((callee as PropertyAccessExpression).expression) : undefined;
  if (receiver && receiver.kind === SyntaxKind.Identifier && nameText(receiver) === "Promise") {
    if (name === "reject") out.reasons.push({ node: call, label: `${how} Promise.reject(...)`, evidence: true });
    else if (name === "all" || name === "race" || name === "any") call.arguments.forEach(a => passOnElements(out, a, how));
    return;
  }
  if (receiver && (name === "then" || name === "finally" || name === "catch")) {
    // `.catch(g)` and `.then(f, g)` hand the receiver's rejection to `g`: only the handlers can
    // reject the chain (a throw that may leave one is evidence below; the others, and those whose
    // throws a catch that throws nothing handles, are followed as nested).
    if (name === "finally" || (name === "then" && !givesRejectionHandler(call))) passOnAny(out, receiver, how);
    for (const a of call.arguments) {
      const f = skipParens(a);
      if (functionExpressionKinds.has(f.kind)) {
        if (containsUncaughtThrow((f as unknown as { body: Node }).body))
          out.reasons.push({ node: f, label: `${how} a promise whose callback throws`, evidence: true });
        else out.nested.push(f as FunctionLike);
      }
    }
    return;
  }
  if (functionExpressionKinds.has(callee.kind)) {
    out.nested.push(callee as FunctionLike);
    return;
  }
  out.passedOn.push(passedOnEntry(out, call, nameNodeOf(callee), how));
}

/** `p.then(f, g)` with a second argument that is a function (not `undefined` or `null`, which leave the rejection to the chain). */
function givesRejectionHandler(call: CallExpression): boolean {
  const handler = call.arguments[1] && skipParens(call.arguments[1]);
  if (!handler) return false;
  if (handler.kind === SyntaxKind.NullKeyword) return false;
  return handler.kind !== SyntaxKind.Identifier || nameText(handler) !== "undefined";
}

/** The promises given to `Promise.all`/`race`/`any`: an array's elements, or the callback of `xs.map(...)`. */
function passOnElements(out: RejectionSources, arg0: Node, how: PassedOn["how"]): void {
  const arg = skipParens(arg0);
  if (arg.kind === SyntaxKind.ArrayLiteralExpression) {
    for (const e of (arg as unknown as { elements: readonly Node[] }).elements)
      passOnAny(out, e.kind === SyntaxKind.SpreadElement ? (e as unknown as { expression: Node }).expression : e, how);
    return;
  }
  if (arg.kind === SyntaxKind.CallExpression) {
    const call = arg as CallExpression;
    const name = methodName(skipParens(call.expression));
    const f = call.arguments[0] && skipParens(call.arguments[0]);
    if ((name === "map" || name === "flatMap") && f && functionExpressionKinds.has(f.kind)) {
      out.nested.push(f as FunctionLike);
      return;
    }
    passOnAny(out, call, how);
  }
}

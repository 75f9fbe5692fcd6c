// Evidence that a dropped promise can reject: floating-promise reports only then (DESIGN: report
// on positive evidence). The promise must come from code shown to reject: a library promise API
// (I/O rejects on failure), a project function whose may-reject summary finds a throw, a
// `Promise.reject` or a library promise it passes on, a `new Promise` whose executor rejects, or a
// chain over one of those. A value of unknown origin (a parameter, a field, a callback) is
// "unknown": not evidence.
import { SyntaxKind, type CallExpression, type Node, type PropertyAccessExpression } from "../../analysis/typescript";
import type { FunctionLike } from "../../analysis/async-context";
import type { RejectionVerdict } from "../../analysis/may-reject";
import { containsUncaughtThrow, functionExpressionKinds, methodName, nameNodeOf, nameText, skipParens } from "../../analysis/promise-syntax";
import { executorRejection } from "../../analysis/rejection-syntax";

/**
 * What shows a rejection: the function whose summary says "can", a library call, or the dropped
 * expression itself (`Promise.reject(...)`, a rejecting executor, a `.then` callback that throws).
 */
export type EvidenceSource = { fn: FunctionLike } | { nameNode: Node } | { inline: "promise-reject" | "executor-reject" | "callback-throws" };

export interface EvidenceOracle {
  /** Called with what decided a "can" verdict (for the finding's related locations). */
  found?(source: EvidenceSource): void;
  /** The may-reject verdict of a function expression of this file. */
  functionVerdict(fn: FunctionLike): RejectionVerdict;
  /**
   * The verdict of what a callee's name refers to: a project function's summary, or, with
   * `library` (the call is known to make a promise), "can" for a library API. With the `call`,
   * a project function's code that the call's literal arguments rule out is not evidence.
   */
  calleeVerdict(nameNode: Node, library: boolean, call?: CallExpression): RejectionVerdict;
  /**
   * For a project function whose only rejection passes on the promise of a function the caller
   * gives it (a task queue's `add(task)`): which argument that is.
   */
  callbackArgument?(nameNode: Node): number | undefined;
}

const maxDepth = 8;

/** Whether the promise (or array of promises) `node` evaluates to is shown to reject. */
export function rejectionEvidence(node0: Node, oracle: EvidenceOracle, depth = 0): RejectionVerdict {
  const node = skipParens(node0);
  if (depth > maxDepth) return "unknown";
  if (node.kind === SyntaxKind.NewExpression) {
    const callee = skipParens((node as unknown as { expression: Node }).expression);
    if (callee.kind === SyntaxKind.Identifier && nameText(callee) === "Promise") {
      // An executor whose only `reject` passes on its own synchronous set-up's throw: no evidence by itself.
      const verdict = executorRejection(node);
      return verdict === "unknown" ? "unknown" : inline(verdict === "can", "executor-reject", oracle);
    }
    return "unknown";
  }
  if (node.kind === SyntaxKind.ArrayLiteralExpression) {
    return any((node as unknown as { elements: readonly Node[] }).elements.map(e => rejectionEvidence(e, oracle, depth + 1)));
  }
  if (node.kind !== SyntaxKind.CallExpression) return "unknown";
  const call = node as CallExpression;
  const callee = skipParens(call.expression);
  if (functionExpressionKinds.has(callee.kind)) return fnVerdict(callee as FunctionLike, oracle);
  const name = methodName(callee);
  const receiver = callee.kind === SyntaxKind.PropertyAccessExpression ? skipParens((callee as PropertyAccessExpression).expression) : undefined;
  if (receiver?.kind === SyntaxKind.Identifier && nameText(receiver) === "Promise") {
    if (name === "reject") return inline(true, "promise-reject", oracle);
    if (name === "resolve" || name === "allSettled") return "cannot";
    if (name === "all" || name === "race" || name === "any") return any(call.arguments.map(a => rejectionEvidence(a, oracle, depth + 1)));
  }
  if (receiver && (name === "then" || name === "finally")) {
    // The derived promise rejects when the receiver does or a callback throws (or passes on a rejection).
    return any([rejectionEvidence(receiver, oracle, depth + 1), ...call.arguments.slice(0, 1).map(a => callbackEvidence(a, oracle))]);
  }
  if (receiver && (name === "map" || name === "flatMap") && call.arguments[0]) {
    return callbackEvidence(call.arguments[0], oracle);
  }
  const nameNode = nameNodeOf(callee);
  if (!nameNode) return "unknown";
  const verdict = nameVerdict(nameNode, true, oracle, call);
  if (verdict !== "unknown") return verdict;
  // `queue.add(async () => ...)`: the queue's promise rejects when the task does; the task decides.
  const index = oracle.callbackArgument?.(nameNode);
  const task = index !== undefined ? call.arguments[index] : undefined;
  return task ? callbackEvidence(task, oracle) : "unknown";
}

/** "can" when the expression itself shows the rejection (told to the oracle), else "cannot". */
function inline(rejects: boolean, kind: "promise-reject" | "executor-reject" | "callback-throws", oracle: EvidenceOracle): RejectionVerdict {
  if (!rejects) return "cannot";
  oracle.found?.({ inline: kind });
  return "can";
}

function fnVerdict(fn: FunctionLike, oracle: EvidenceOracle): RejectionVerdict {
  const v = oracle.functionVerdict(fn);
  if (v === "can") oracle.found?.({ fn });
  return v;
}

function nameVerdict(nameNode: Node, library: boolean, oracle: EvidenceOracle, call?: CallExpression): RejectionVerdict {
  const v = oracle.calleeVerdict(nameNode, library, call);
  if (v === "can") oracle.found?.({ nameNode });
  return v;
}

/** A callback given to `.then(f)` or `.map(f)`: it throws, or its promise is shown to reject. */
function callbackEvidence(arg: Node, oracle: EvidenceOracle): RejectionVerdict {
  const f = skipParens(arg);
  if (functionExpressionKinds.has(f.kind)) {
    if (containsUncaughtThrow((f as unknown as { body: Node }).body)) return inline(true, "callback-throws", oracle);
    return fnVerdict(f as FunctionLike, oracle);
  }
  if (f.kind === SyntaxKind.Identifier || f.kind === SyntaxKind.PropertyAccessExpression) {
    const nameNode = nameNodeOf(f);
    // A library function given as a callback (`.then(console.log)`) need not make a promise at all.
    return nameNode ? nameVerdict(nameNode, false, oracle) : "unknown";
  }
  return "unknown";
}

function any(verdicts: RejectionVerdict[]): RejectionVerdict {
  if (verdicts.includes("can")) return "can";
  return verdicts.length && verdicts.every(v => v === "cannot") ? "cannot" : "unknown";
}

/**
 * A delay made only to be waited for: `new Promise(resolve => setTimeout(resolve, ms))` (the
 * executor hands `resolve` to a timer). Dropped, it delays nothing: the code after it does not
 * wait, whatever the promise does (judging criterion: later code depends on the unawaited work).
 * Node's promise timers (`timers/promises`) are recognised by the rule through their symbol.
 */
export function isTimerPromise(node0: Node): boolean {
  const node = skipParens(node0);
  if (node.kind !== SyntaxKind.NewExpression) return false;
  const callee = skipParens((node as unknown as { expression: Node }).expression);
  if (callee.kind !== SyntaxKind.Identifier || nameText(callee) !== "Promise") return false;
  const executor = (node as unknown as { arguments?: readonly Node[] }).arguments?.[0];
  const fn = executor && skipParens(executor);
  if (!fn || !functionExpressionKinds.has(fn.kind)) return false;
  const resolve = (fn as unknown as { parameters: readonly { name: Node }[] }).parameters[0]?.name;
  if (!resolve || resolve.kind !== SyntaxKind.Identifier) return false;
  const body = skipParens((fn as unknown as { body: Node }).body);
  const statements = body.kind === SyntaxKind.Block ? (body as unknown as { statements: readonly Node[] }).statements : [body];
  if (statements.length !== 1) return false;
  const only = statements[0]!;
  const expression = skipParens(only.kind === SyntaxKind.ExpressionStatement ? (only as unknown as { expression: Node }).expression : only);
  if (expression.kind !== SyntaxKind.CallExpression) return false;
  const timer = skipParens((expression as CallExpression).expression);
  const first = (expression as CallExpression).arguments[0];
  return (
    timer.kind === SyntaxKind.Identifier &&
    timerNames.has(nameText(timer)) &&
    !!first &&
    skipParens(first).kind === SyntaxKind.Identifier &&
    nameText(skipParens(first)) === nameText(resolve)
  );
}

export const timerNames = new Set(["setTimeout", "setImmediate"]);

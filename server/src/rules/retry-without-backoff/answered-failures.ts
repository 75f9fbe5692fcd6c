// Retries of a service's definite answer, not of its failure. Backoff and jitter are for a service
// that is down, overloaded or rate-limiting: every caller that failed together retries together.
// A catch that goes round only when the error carries an HTTP status of 4xx (the service answered:
// "not approved yet", "not found yet") and throws every other error (a lost connection, a 5xx, a
// rate limit) never retries an outage: it polls a service that is up, at the pace the code chose
// (an OAuth device-code poll repeats on 400 at the interval RFC 8628 prescribes; a registry is
// asked again until a just-pushed object is visible). Found on real code (session 30, round 42): a
// CLI's device-code login retried only on 400, every 3 s, at most 60 times.
//
// 408 (request timeout), 420 and 429 (rate limits) and 425 (too early) ask the client to come back
// later because of load or timing: they are the failures backoff is for, and keep a loop reported.
// 408 alone is the exception read below: a long poll's "nothing yet" (retriesOnlyLongPollTimeouts).
// The rule leaves out only a loop that waits and has a limit: with no wait it is a busy
// poll, and with no limit a permanent 4xx (a wrong code, a removed object) is polled for ever.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import type { RetryLoop } from "./retry-loops";
import { firstCatchFilter } from "./catch-filters";

/** 4xx statuses that mean "later, because of load or timing": retried, they are what backoff is for. */
const comeBackLater: ReadonlySet<number> = new Set([408, 420, 425, 429]);

/** Names of an error's HTTP status: `err.status`, `err.response?.status`, `e.statusCode`, a `status` variable. */
const statusNames: ReadonlySet<string> = new Set(["status", "statusCode", "httpStatus", "httpStatusCode"]);

/** Whether the loop's catch filter goes round only for errors whose HTTP status is a definite 4xx answer. */
export function retriesOnlyAnswers(retry: RetryLoop): boolean {
  const statuses = retriedStatuses(retry);
  return !!statuses && [...statuses].every(s => s >= 400 && s < 500 && !comeBackLater.has(s));
}

/**
 * Whether the loop's catch filter goes round only on 408 (Request Timeout) and throws every other
 * error: a long poll, whose server holds each request until the event it waits for (a sign-in in
 * the browser, a status change) or its own time limit, and then answers 408 for "nothing yet".
 * Every failure (a lost connection, a 5xx, a rate limit, a token the server no longer knows) ends
 * the loop, so what goes round is the wait for an event, at the pace of the server's hold: not a
 * retry of a failing service, and not one that hides a permanent failure from its caller. Found on
 * real code (session 33, round 45): a CLI's browser login, polled until the user has signed in,
 * 1 s apart, with no limit (the server's hold and the user bound it); the same reading is a
 * long-poll helper's documented contract ("retries automatically on 408 (server timeout)") in
 * another code base of the tuning set. 408 beside any other status is not this class (408 with
 * 429 or a 5xx is an ordinary retry filter, and stays reported).
 */
export function retriesOnlyLongPollTimeouts(retry: RetryLoop): boolean {
  const statuses = retriedStatuses(retry);
  return !!statuses && statuses.size === 1 && statuses.has(408);
}

/** The HTTP statuses the loop's catch filter lets go round, or undefined when no filter bounds them. */
function retriedStatuses(retry: RetryLoop): Set<number> | undefined {
  return firstCatchFilter(retry, ({ condition, retriedWhen }) => {
    const named = statusesWhen(condition, retriedWhen);
    // A filter that names no status (`if (!(err instanceof HttpError)) throw err`) only narrows: read past it.
    return named && named.size > 0 ? named : undefined;
  });
}

/**
 * The statuses the error must have when `condition` holds (`holds`) or does not, or undefined when
 * that does not bound them.
 */
function statusesWhen(condition: Node, holds: boolean): Set<number> | undefined {
  const c = skipOuterExpressions(condition);
  if (c.kind === SyntaxKind.PrefixUnaryExpression && get<number>(c, "operator") === SyntaxKind.ExclamationToken) return statusesWhen(get(c, "operand"), !holds);
  if (c.kind !== SyntaxKind.BinaryExpression) return undefined;
  const operator = get<Node>(c, "operatorToken").kind;
  const [left, right] = [get<Node>(c, "left"), get<Node>(c, "right")];
  const sides = () => [statusesWhen(left, holds), statusesWhen(right, holds)] as const;
  // `a && b` holds, or `a || b` does not: both sides are so, and either side's bound does. Else one
  // side is so, and each must bound the status.
  if (operator === SyntaxKind.AmpersandAmpersandToken) return holds ? both(...sides()) : either(...sides());
  if (operator === SyntaxKind.BarBarToken) return holds ? either(...sides()) : both(...sides());
  const equal = operator === SyntaxKind.EqualsEqualsEqualsToken || operator === SyntaxKind.EqualsEqualsToken;
  const unequal = operator === SyntaxKind.ExclamationEqualsEqualsToken || operator === SyntaxKind.ExclamationEqualsToken;
  return (holds && equal) || (!holds && unequal) ? comparedStatus(left, right) : undefined;
}

/** Both bounds hold: their intersection, or the one there is. */
function both(a: Set<number> | undefined, b: Set<number> | undefined): Set<number> | undefined {
  if (!a) return b;
  if (!b) return a;
  return new Set([...a].filter(s => b.has(s)));
}

/** One of two bounds holds: their union, when both are there. */
function either(a: Set<number> | undefined, b: Set<number> | undefined): Set<number> | undefined {
  return a && b ? new Set([...a, ...b]) : undefined;
}

/** `{N}` for a comparison of an HTTP status with the number N (`err.response?.status === 400`, `404 === status`). */
function comparedStatus(left: Node, right: Node): Set<number> | undefined {
  const [l, r] = [skipOuterExpressions(left), skipOuterExpressions(right)];
  const [status, literal] = r.kind === SyntaxKind.NumericLiteral ? [l, r] : [r, l];
  if (literal.kind !== SyntaxKind.NumericLiteral || !isStatus(status)) return undefined;
  const n = Number(literal.getText());
  return Number.isInteger(n) && n >= 100 && n < 600 ? new Set([n]) : undefined;
}

function isStatus(node: Node): boolean {
  if (node.kind === SyntaxKind.Identifier) return statusNames.has(textOf(node) ?? "");
  if (node.kind === SyntaxKind.PropertyAccessExpression) return statusNames.has(textOf(get(node, "name")) ?? "");
  return false;
}

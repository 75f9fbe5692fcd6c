// A call that has no timeout of its own may still not wait forever: a timeout set on what it
// returns, a race against a timer around it, or callers that race or time out the function it
// waits in. Each of these keeps a finding away.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import {
  callArguments,
  enclosingFunction,
  forEachDescendant,
  identifierPattern,
  isPropertyName,
  memberName,
  objectMembers,
  parentSkippingOuter,
  skipOuterExpressions,
  textOf,
} from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import { walk } from "../../analysis/walk";
import { ownOrHolderName } from "../../analysis/function-names";
import { inTimedExecutor } from "../../analysis/race-timers";

/**
 * The returned request/socket/child gets a timeout in the same function: `req.setTimeout(...)`,
 * chained `.setTimeout(...)`, a timer or a signal's abort listener that destroys/aborts/kills it. A result that leaves the
 * function (returned, stored, handed to a callback) may get its timeout elsewhere: not reported.
 */
export function resultTimesOut(fa: FileAnalysis, call: CallExpression): boolean {
  // Chained: http.get(...).on("error", f).setTimeout(5000)
  let node: Node = call;
  for (;;) {
    const { parent, child } = parentSkippingOuter(node);
    if (!parent) break;
    if (parent.kind === SyntaxKind.PropertyAccessExpression && (parent as unknown as { expression: Node }).expression === child) {
      const method = textOf((parent as unknown as { name: Node }).name);
      if (method === "setTimeout") return true;
      const outer = parent.parent;
      if (outer?.kind === SyntaxKind.CallExpression && (outer as CallExpression).expression === parent) {
        node = outer;
        continue;
      }
      return false;
    }
    node = child;
    break;
  }
  const { parent, child } = parentSkippingOuter(node);
  if (!parent) return false;
  let name: string | undefined;
  if (parent.kind === SyntaxKind.VariableDeclaration && (parent as unknown as { initializer?: Node }).initializer === child) {
    const n = (parent as unknown as { name: Node }).name;
    if (n.kind !== SyntaxKind.Identifier) return true;
    name = textOf(n);
  } else if (
    parent.kind === SyntaxKind.BinaryExpression &&
    (parent as unknown as { right: Node; operatorToken: Node }).right === child &&
    (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken
  ) {
    const left = skipOuterExpressions((parent as unknown as { left: Node }).left);
    if (left.kind !== SyntaxKind.Identifier) return true; // stored on an object: used elsewhere
    name = textOf(left);
  } else if (parent.kind === SyntaxKind.ExpressionStatement || parent.kind === SyntaxKind.AwaitExpression || parent.kind === SyntaxKind.VoidExpression) {
    return false;
  } else if (parent.kind === SyntaxKind.CallExpression && (parent as CallExpression).expression !== child) {
    // Passed to a function: `resolve(http.get(...))`, `track(socket)`.
    return true;
  } else {
    // Returned, in a property, an array, a conditional...: the caller may set the timeout.
    return true;
  }
  if (!name) return true;
  const scope = enclosingFunction(call) ?? fa.sourceFile;
  const text = fa.sourceFile.text.slice(scope.pos, scope.end);
  const n = identifierPattern(name);
  if (new RegExp(`(?<![\\w$.])${n}\\s*(\\?\\.|\\.)\\s*(setTimeout|socket\\s*(\\?\\.|\\.)\\s*setTimeout)\\s*\\(`).test(text)) return true;
  const destroyed = new RegExp(`(?<![\\w$.])${n}\\s*(\\?\\.|\\.)\\s*(destroy|abort|kill|end)\\s*\\(`);
  if (/(?<![\w$.])setTimeout\s*\(/.test(text) && destroyed.test(text)) return true;
  // Destroyed when a signal aborts (`signal.addEventListener("abort", () => req.destroy())`): the
  // same as handing the request that signal, which counts from any source.
  if (text.includes("addEventListener") && destroyedOnAbort(scope, n)) return true;
  // Escapes: returned, resolved, stored, passed on.
  const uses = text.replace(new RegExp(`\\b(const|let|var)\\s+${n}\\s*=`), "");
  if (new RegExp(`(return|resolve\\(|=>|[=:,(\\[])\\s*${n}\\s*[;,)\\]}\\n]`).test(uses)) return true;
  // The first shorthand property of an object literal (`return { req, close }`): stored and handed
  // out with it, like `{ close, req }` or `{ req: req }` above (not a template's `${req}`).
  if (new RegExp(`(?<![$\\w])\\{\\s*${n}\\s*[,}]`).test(uses)) return true;
  return false;
}

/** `x.addEventListener("abort", () => { ...; req.destroy() })` (or `abort()`) somewhere in `scope`. */
function destroyedOnAbort(scope: Node, namePattern: string): boolean {
  const destroys = new RegExp(`(?<![\\w$.])${namePattern}\\s*(\\?\\.|\\.)\\s*(destroy|abort)\\s*\\(`);
  let found = false;
  forEachDescendant(scope, node => {
    if (found || node.kind !== SyntaxKind.CallExpression) return;
    const call = node as CallExpression;
    const [event, listener] = callArguments(call);
    if (memberName(call.expression) !== "addEventListener" || textOf(event) !== "abort" || !listener) return;
    found = destroys.test(listener.getText());
  });
  return found;
}

/**
 * What the caller does with a request or stream a project function returned: a timeout set on
 * it (chained, or on the variable holding it, or a timer that destroys it), a race against a
 * timer, or handing it further out (returned: its own caller decides) all count.
 */
export function callerTimesOutResult(fa: FileAnalysis, call: CallExpression): boolean {
  const { parent, child } = parentSkippingOuter(call);
  if (!parent) return false;
  if (parent.kind === SyntaxKind.ReturnStatement || (parent.kind === SyntaxKind.ArrowFunction && (parent as unknown as { body: Node }).body === child))
    return true;
  if (parent.kind === SyntaxKind.PropertyAccessExpression) return resultTimesOut(fa, call);
  if (parent.kind === SyntaxKind.VariableDeclaration || parent.kind === SyntaxKind.BinaryExpression) return resultTimesOut(fa, call);
  if (parent.kind === SyntaxKind.CallExpression && (parent as CallExpression).expression !== child) {
    return /race|timeout|deadline/i.test((parent as CallExpression).expression.getText());
  }
  return raceWithTimeout(call);
}

/**
 * `Promise.race([fetch(url), timeout(5000)])` or `pTimeout(fetch(url), ...)`: the caller does not
 * wait forever. A timer the race leaves running (never cleared) still ends the wait: the timer and
 * the work left behind are race-timeout-leak's concern, not a wait without end. The same race
 * written by hand counts too: the call made in a `new Promise` executor whose timer rejects it.
 */
export function raceWithTimeout(call: CallExpression): boolean {
  if (inTimedExecutor(call)) return true;
  let node: Node = call;
  for (let depth = 0; depth < 4; depth++) {
    const { parent, child } = parentSkippingOuter(node);
    if (!parent) return false;
    if (parent.kind === SyntaxKind.AwaitExpression || parent.kind === SyntaxKind.ArrayLiteralExpression) {
      node = parent;
      continue;
    }
    if (parent.kind === SyntaxKind.CallExpression && (parent as CallExpression).expression !== child) {
      return /race|timeout|deadline/i.test((parent as CallExpression).expression.getText());
    }
    if (parent.kind === SyntaxKind.PropertyAccessExpression) {
      // fetch(url).then(...): look at what the chain is given to.
      const outer = parent.parent;
      if (outer?.kind === SyntaxKind.CallExpression) {
        node = outer;
        continue;
      }
    }
    return false;
  }
  return false;
}

/**
 * The function the call waits in is itself raced with a timer by every caller in this file
 * (`this.withTimeout(this.fetchPage(url), ms)`, `Promise.race([load(), timer])`): whoever awaits
 * it cannot wait forever. Needs at least one such caller; any other reference (a caller that
 * does not race it, the function passed on) keeps the finding. Other members declared with the
 * same name (the interface's signature of a provider method, a sibling provider's implementation)
 * are not references: the calls through the interface are the ones read.
 */
export function callersRaceIt(fa: FileAnalysis, call: CallExpression): boolean {
  const fn = enclosingFunction(call);
  if (fn && givenToTimedCall(fn)) return true;
  const name = fn && ownOrHolderName(fn);
  if (!fn || !name) return false;
  let raced = 0;
  let other = false;
  walk(fa.sourceFile, node => {
    if (other || (node.kind !== SyntaxKind.Identifier && node.kind !== SyntaxKind.PrivateIdentifier) || textOf(node) !== name) return;
    const parent = node.parent;
    if (parent === fn || (parent && (parent as unknown as { name?: Node }).name === node && parent === fn.parent)) return; // its own declaration
    // Another member declared with the name (an interface's signature, a sibling implementation): no call.
    if (isPropertyName(node) && parent?.kind !== SyntaxKind.PropertyAccessExpression) return;
    const callee = parent?.kind === SyntaxKind.PropertyAccessExpression && (parent as unknown as { name: Node }).name === node ? parent : node;
    const use = callee.parent;
    if (use?.kind === SyntaxKind.CallExpression && (use as CallExpression).expression === callee && raceWithTimeout(use as CallExpression)) raced++;
    else if (callee === node && givenToTimedCall(node)) raced++;
    else other = true;
  });
  return raced > 0 && !other;
}

/**
 * The function is handed to a call that bounds how long it waits for it: another argument is an
 * options object with a `timeout` (`pWaitFor(check, { interval, timeout })`, `retry(fn, { timeout })`).
 * Whoever awaits that call cannot wait forever, however long the function's own request takes.
 */
function givenToTimedCall(fn: Node): boolean {
  const { parent, child } = parentSkippingOuter(fn);
  if (parent?.kind !== SyntaxKind.CallExpression) return false;
  const args = (parent as CallExpression).arguments;
  if (!args.includes(child as never)) return false;
  return args.some(arg => {
    const options = skipOuterExpressions(arg);
    if (arg === child || options.kind !== SyntaxKind.ObjectLiteralExpression) return false;
    return objectMembers(options).some(m => {
      if (memberName(m) !== "timeout") return false;
      const value = (m as unknown as { initializer?: Node }).initializer;
      // `timeout: 0` and `timeout: Infinity` wait forever.
      return !value || !/^(0|Infinity|undefined|null|false)$/.test(skipOuterExpressions(value).getText());
    });
  });
}

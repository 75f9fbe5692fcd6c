// A Mocha reporter's listeners of its runner's events (session 31, round 43): `function
// Reporter(runner) { runner.on(EVENT_TEST_PASS, async test => { ... }) }`, the reporter API of
// Mocha's documentation (`const { EVENT_TEST_PASS, ... } = Mocha.Runner.constants`, or the
// events' strings, `"pass"`, `"suite end"`). Mocha's runner runs one test at a time and emits
// these events with EventEmitter's `emit`, which calls each listener synchronously and goes on
// when it returns: the code a listener runs before its first `await` runs inside that `emit`,
// between two tests, while the runner waits for it. A blocking call there delays the run by its own
// duration and stalls nothing of the run in flight, like a step of a one-shot command (Cypress's
// run and spec events, round 37, serving-evidence.ts isRunnerLifecycle). Found on the tuning set: a
// test-management reporter reading its small per-test storage files in its pass, fail and
// suite-end listeners (9, judged false).
//
// Mocha does not await a listener's promise, so code after the listener's first `await` (or in a
// loop that awaits) runs while the next test runs: still reported. Only a listener written where
// it is registered, on a runner the function around it receives as a parameter (the reporter's
// `runner`, also through chained registrations, `runner.once(...).on(...)`), in a file that imports
// Mocha (`mocha`, `mocha/lib/...`) and starts no server (one serving requests has them in flight
// between tests too).
import { SyntaxKind, type Node } from "../typescript";
import type { FunctionLike } from "../async-context";
import { callTakingArgument, calleeParts, listenerMethods, namesEnclosingParameter, skipOuterExpressions, textOf } from "../syntax";
import { startsServer } from "./serving-evidence";
import { reachedBeforeFirstWait } from "./one-pass-paths";

/** Mocha's `Runner.constants` events (lib/runner.js), by constant and by string. */
const runnerEvents: Readonly<Record<string, string>> = {
  EVENT_HOOK_BEGIN: "hook",
  EVENT_HOOK_END: "hook end",
  EVENT_RUN_BEGIN: "start",
  EVENT_DELAY_BEGIN: "waiting",
  EVENT_DELAY_END: "ready",
  EVENT_RUN_END: "end",
  EVENT_SUITE_BEGIN: "suite",
  EVENT_SUITE_END: "suite end",
  EVENT_TEST_BEGIN: "test",
  EVENT_TEST_END: "test end",
  EVENT_TEST_FAIL: "fail",
  EVENT_TEST_PASS: "pass",
  EVENT_TEST_PENDING: "pending",
  EVENT_TEST_RETRY: "retry",
};
const eventStrings = new Set(Object.values(runnerEvents));
/** `import ... from "mocha"`, `require("mocha")`, `import("mocha/lib/runner.js")`. */
const importsMocha = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)["']mocha(?:\/[^"']*)?["']/;

/**
 * Whether `node`, in `listener`, runs inside the Mocha runner's `emit`, between two tests: the
 * listener is registered on a Mocha runner's event (see the file comment) and reaches `node`
 * before its first `await`.
 */
export function runsInMochaRunnersTurn(node: Node, listener: FunctionLike): boolean {
  return isMochaRunnerListener(listener) && reachedBeforeFirstWait(node, listener);
}

/** `runner.on(EVENT_TEST_PASS, listener)` on a runner the function around it receives (see the file comment). */
function isMochaRunnerListener(listener: FunctionLike): boolean {
  const taken = callTakingArgument(listener);
  if (!taken || taken.call.kind !== SyntaxKind.CallExpression || taken.args[1] !== taken.argument || !isRunnerEvent(taken.args[0])) return false;
  const runner = registrationRoot(taken.callee);
  if (runner?.kind !== SyntaxKind.Identifier || !namesEnclosingParameter(runner)) return false;
  const text = listener.getSourceFile().text;
  return importsMocha.test(text) && !startsServer.test(text);
}

/** The object a registration is made on: `runner` of `runner.on`, also of `runner.once(a, f).on(b, g)`. */
function registrationRoot(callee: Node): Node | undefined {
  let parts = calleeParts(callee);
  while (parts?.receiverExpression && listenerMethods.has(parts.nameNode.text)) {
    const receiver = parts.receiverExpression;
    if (receiver.kind !== SyntaxKind.CallExpression) return receiver;
    parts = calleeParts((receiver as unknown as { expression: Node }).expression);
  }
  return undefined;
}

/** `EVENT_TEST_PASS`, `Runner.constants.EVENT_TEST_PASS`, or its string, `"pass"`. */
function isRunnerEvent(arg: Node | undefined): boolean {
  if (!arg) return false;
  const event = skipOuterExpressions(arg);
  if (event.kind === SyntaxKind.StringLiteral || event.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return eventStrings.has(textOf(event) ?? "");
  const name =
    event.kind === SyntaxKind.PropertyAccessExpression ? calleeParts(event)?.nameNode.text : event.kind === SyntaxKind.Identifier ? textOf(event) : undefined;
  return name !== undefined && Object.hasOwn(runnerEvents, name);
}

// retry-without-backoff: a loop that awaits work in a `try` and goes round again when it fails,
// with no wait ("retries immediately"), the same wait every time ("no backoff"), a growing wait
// without randomness (information: "no jitter"), or no limit on attempts ("retries forever").
// Docs: docs/rules/retry-without-backoff.md
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isTestFile } from "../../analysis/file-kinds";
import { rangeOf } from "../../analysis/positions";
import { rootName, skipOuterExpressions } from "../../analysis/syntax";
import type { RelatedInfo } from "../../analysis/findings";
import type { Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { retryLoopOf, type RetryLoop } from "./retry-loops";
import { delayGrowth, delayOf, dependsOnLoop, loopReads, needDelay, type Delay, type DelayGrowth } from "./delays";
import { retryFix, replaceableWait } from "./retry-fix";
import { prepareLocalWork, retriesOnlyLocalWork } from "./local-work";
import { retriesOnlyAnswers, retriesOnlyLongPollTimeouts } from "./answered-failures";
import { asksTheUser } from "./user-prompts";
import { retriesOnlyRetryingClient } from "./client-retries";
import { attemptsThroughReplacedFields } from "./passed-attempts";
import { requestsDeviceToken, runsDeviceTokenRequest } from "./device-code-polls";
import { WorkIo } from "../../analysis/io/work-io";
import { collectIoCalls, ioCallsSummary } from "../../analysis/io/io-call-collector";
import { inUncalledCode } from "../../analysis/uncalled-code";

const optionsSchema = {
  checkJitter: option.boolean("Report, at information severity, a wait that changes between attempts but has no randomness (no jitter).", true),
  checkUnbounded: option.boolean("Report a loop that backs off but never gives up (no limit on attempts, no deadline, no stop condition).", true),
  ignoreTestFiles: option.boolean("Skip test files (`*.test.ts`, `__tests__/`, `test/`).", true),
};

export type RetryWithoutBackoffOptions = OptionsOf<typeof optionsSchema>;
export type MessageId = "retriesImmediately" | "constantDelay" | "noJitter" | "retriesForever";

const loopKinds = [SyntaxKind.WhileStatement, SyntaxKind.DoStatement, SyntaxKind.ForStatement] as const;

export const retryWithoutBackoff: Rule<RetryWithoutBackoffOptions, MessageId> = {
  meta: {
    id: "retry-without-backoff",
    description:
      "Retry loops that hammer a failing service: no wait between attempts, the same wait every time, a growing wait without jitter, or no limit on attempts.",
    defaultSeverity: "warning",
    enabledByDefault: false,
    fixable: true,
    messages: {
      retriesImmediately:
        "This loop retries `{{operation}}` as soon as it fails{{forever}}: while the failure lasts (a service down, a rate limit, a lost connection) every attempt fails at once, and every caller hammers the service together, spinning the CPU and flooding the logs. Wait between attempts with exponential backoff and jitter, and give up after a few attempts: `await retry(() => work(), { retries: 3 })` with a retry helper or package.",
      constantDelay:
        "This loop retries `{{operation}}` after the same wait ({{delay}}) every time{{forever}}: a failing service stays under the same load, and clients that failed together retry together. Grow the wait with each attempt (`base * 2 ** attempt`, capped) and add random jitter, and give up after a few attempts.",
      noJitter:
        "The wait before retrying `{{operation}}` changes from attempt to attempt, but has no randomness: clients that failed together (an outage, a restart) retry in lockstep and hit the service in waves. Add jitter, e.g. wait `Math.random() * delay` (full jitter).",
      retriesForever:
        "This loop retries `{{operation}}` with no limit on attempts: when the failure is permanent (bad credentials, a removed resource, a bug), the caller waits forever and never sees the error. Give up after a number of attempts or a deadline, or stop on an `AbortSignal`.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  create(context) {
    const text = context.sourceFile.text;
    const skipFile = !/\bcatch\b/.test(text) || !/\bawait\b/.test(text) || (context.options.ignoreTestFiles && isTestFile(context));
    const loops: RetryLoop[] = [];
    // The shared I/O summary, asked for only when a loop's retried work is judged local or not.
    let work: WorkIo | undefined;
    const io = () => (work ??= new WorkIo(context, () => context.callGraph(collectIoCalls, ioCallsSummary)));
    return {
      visitKinds: loopKinds,
      visit(node) {
        if (skipFile) return;
        const retry = retryLoopOf(node);
        if (!retry) return;
        for (const awaited of retry.awaits) {
          needDelay(context, awaited);
          prepareLocalWork(context, awaited, io());
        }
        loops.push(retry);
      },
      decide() {
        for (const retry of loops) judge(retry);
      },
    };

    function judge(retry: RetryLoop): void {
      // At most two attempts (one retry), by a counter and constants: an immediate second try
      // hammers nothing and gives up at once; whatever it waits, there is no series of waits to grow.
      if (retry.maxAttempts !== undefined && retry.maxAttempts <= 2) return;
      const inTry = (n: Node) => n.pos >= retry.tryBlock.pos && n.end <= retry.tryBlock.end;
      // A delayed attempt (work that first waits) is both the attempt and its wait; elsewhere on
      // the way round, work beside a wait is another await that may be the wait, as before.
      const delays = retry.awaits.map(awaited => {
        const delay = delayOf(context, awaited);
        return { awaited, delay: delay.kind === "delayedWork" && !inTry(awaited) ? ({ kind: "other" } as Delay) : delay };
      });
      const operations = delays.filter(d => d.delay.kind !== "delay" && inTry(d.awaited)).map(d => d.awaited);
      const operation = operations[0];
      // Nothing awaited in the try: not a retry of async work.
      if (!operation) return;
      // Each time round tries something else (the next host, port or file, what is left of a list
      // after a `pop()`): a walk through alternatives, not retries.
      // A delayed attempt's duration (`attempt(body, wait)` with `wait *= 2`) is its wait, not an alternative.
      const durations = new Set(delays.flatMap(d => (d.delay.kind === "delayedWork" && d.delay.ms ? [d.delay.ms] : [])));
      if (
        operations.some(o => readsOf(skipOuterExpressions((o as unknown as { expression: Node }).expression), durations).some(p => walksAlternatives(retry, p)))
      )
        return;
      // The same walk through a helper handed the attempt as a function (`#withFallback(action)`):
      // every caller's function goes through a field of `this` the catch replaces (passed-attempts.ts).
      if (operations.some(o => attemptsThroughReplacedFields(retry, (o as unknown as { expression: Node }).expression))) return;
      // A runner's re-run of a caller's task that records its attempts on the task (`task.retryCount = n`,
      // `item.tries++`) and hands the task over: the task sees the attempt and can pace itself.
      if (operations.some(o => givenTheAttempt(retry, skipOuterExpressions((o as unknown as { expression: Node }).expression)))) return;
      // Another await on the way round (`await this.reconnect()`, `await backoff.next()`) may be the wait.
      if (delays.some(d => d.delay.kind === "other" && !inTry(d.awaited))) return;
      // Work that touches only this machine (file-system errors, binding an address, a loopback server, a file-system call, an in-process lock): no service to spare.
      if (retriesOnlyLocalWork(context, retry, operations, io())) return;
      // A request whose HTTP client retries it by itself with growing, jittered waits (got's default
      // retry, client-retries.ts): something on the way round waits. Without a limit the loop still
      // goes round for ever, the client's few waits a fixed cadence: that stays reported.
      if (retry.bounded && retriesOnlyRetryingClient(context, retry, operations)) return;
      // A question to the person at the terminal asked again (a prompt package's API, user-prompts.ts): no service sees it.
      if (operations.every(o => asksTheUser(context, o))) return;
      // Code nothing can call (a retry helper no code of a program uses, analysis/uncalled-code.ts): it never retries anything.
      if (inUncalledCode(context, retry.loop)) return;
      const waits = delays.filter((d): d is { awaited: Node; delay: Delay & { kind: "delay" | "delayedWork" } } => d.delay.kind !== "other");
      const growth = combined(waits.map(w => delayGrowth(retry, w.delay)));
      // A poll of a service that answers: the catch goes round, after a wait and up to a limit, only
      // on a definite 4xx status ("not approved yet", "not found yet") and throws outages and rate limits.
      if (retry.bounded && growth !== "none" && retriesOnlyAnswers(retry)) return;
      // A long poll: the catch goes round, after a wait, only on 408 (the server held the request and
      // has nothing yet) and throws every other error; the event it waits for ends it, not a count.
      if (growth !== "none" && retriesOnlyLongPollTimeouts(retry)) return;
      // An OAuth device-code login's poll for the user's approval, at the server's interval until the
      // code expires: every retried request sends the device-code grant type (RFC 8628).
      const attempts = delays.filter(d => operations.includes(d.awaited));
      if (
        retry.bounded &&
        growth !== "none" &&
        attempts.every(d => requestsDeviceToken(d.awaited) || (d.delay.kind !== "delay" && !!d.delay.work && runsDeviceTokenRequest(d.delay.work)))
      )
        return;
      const data = { operation: shortText(operation), forever: retry.bounded ? "" : ", with no limit on attempts" };
      const related: RelatedInfo[] = [
        {
          fileName: context.fileName,
          range: rangeOf(context.sourceFile, retry.loop),
          message: retry.bounded ? "the loop that retries" : "the loop that retries, with no limit",
        },
      ];
      if (growth === "none") {
        const fix = retryFix(context, retry, undefined);
        context.report({ node: operation, messageId: "retriesImmediately", data, related, fixes: fix ? [fix] : [] });
      } else if (growth === "constant") {
        const wait = waits[0]!;
        const ms = wait.delay.ms;
        related.push({ fileName: context.fileName, range: rangeOf(context.sourceFile, wait.awaited), message: "the wait, the same every time" });
        // A delayed attempt's wait is inside the attempt: no statement of the loop to replace.
        const replaceable = waits.length === 1 && wait.delay.kind === "delay" ? replaceableWait(wait.awaited) : undefined;
        const fix = replaceable ? retryFix(context, retry, replaceable) : undefined;
        context.report({
          node: operation,
          messageId: "constantDelay",
          data: { ...data, delay: ms ? shortText(ms) : "fixed" },
          related,
          fixes: fix ? [fix] : [],
        });
      } else if (growth === "grows") {
        if (context.options.checkJitter) context.report({ node: operation, messageId: "noJitter", data, related, severity: "info" });
      } else if (growth === "jittered" && !retry.bounded && context.options.checkUnbounded) {
        context.report({ node: operation, messageId: "retriesForever", data, related });
      }
    }
  },
};

/**
 * The attempt reads what changes each time round (the loop's counter, `hosts[i]`, a list the loop
 * `pop()`s, a value a call makes anew): each round tries another alternative, and the walk ends
 * with the list. An index that wraps round (`hosts[i % hosts.length]`, `i = (i + 1) % n`) in a
 * loop with no limit comes back to the same alternatives for ever: that is a retry, and stays one.
 */
function walksAlternatives(retry: RetryLoop, operation: Node): boolean {
  // With a limit on attempts any read will do; without one, a read that wraps does not.
  if (retry.bounded) return dependsOnLoop(retry, operation);
  return loopReads(retry, operation).some(read => !read.wraps);
}

/** What an attempt reads, but the given nodes: the callee and the other arguments of a call that has one of them, else the whole expression. */
function readsOf(operation: Node, except: ReadonlySet<Node>): Node[] {
  if (operation.kind !== SyntaxKind.CallExpression) return [operation];
  const call = operation as Node & { expression: Node; arguments: readonly Node[] };
  if (!call.arguments.some(a => except.has(a))) return [operation];
  return [call.expression, ...call.arguments.filter(a => !except.has(a))];
}

/**
 * The awaited call is a method of, or is given, an object (a plain name, not `this`) whose fields the
 * loop writes: `task.retryCount = n` then `task.run(ctx, task)`, `++item.tries` then `item.fn()`.
 */
function givenTheAttempt(retry: RetryLoop, operation: Node): boolean {
  if (operation.kind !== SyntaxKind.CallExpression) return false;
  const recorded = new Set([...retry.mutated].filter(key => /^[\w$]+\./.test(key) && !key.startsWith("this.")).map(key => key.slice(0, key.indexOf("."))));
  if (recorded.size === 0) return false;
  const call = operation as Node & { expression: Node; arguments: readonly Node[] };
  const roots = [rootName(call.expression), ...call.arguments.map(a => rootName(a))];
  return roots.some(root => root !== undefined && recorded.has(root));
}

/** Several waits on the way round: randomness in any counts, an unknown one makes the whole unknown. */
function combined(growths: readonly DelayGrowth[]): DelayGrowth | "none" {
  if (growths.length === 0) return "none";
  if (growths.includes("jittered")) return "jittered";
  if (growths.includes("unknown")) return "unknown";
  return growths.includes("grows") ? "grows" : "constant";
}

function shortText(node: Node): string {
  let text = node.getText().replace(/\s+/g, " ");
  if (text.startsWith("await ")) text = text.slice(6);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

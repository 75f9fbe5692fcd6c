// shutdown-hygiene: (a) async work in a `process.on('exit')` listener, which never completes
// (Node ends the process as soon as the listeners return); (b, information) an entry module that
// listens on a server with no SIGTERM/SIGINT handling, and a signal handler that exits before
// `server.close()` has finished. Docs: docs/rules/shutdown-hygiene.md
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { callArguments, functionOf, listenerMethods, skipOuterExpressions, stringLiteralText, textOf } from "../../analysis/syntax";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { rangeOf } from "../../analysis/positions";
import { isTestFile } from "../../analysis/file-kinds";
import { isRuntimeGlobal, needRuntimeGlobal } from "../../analysis/node-runtime";
import type { FileAnalysis, Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { exitListenerWork, type ExitWork } from "./exit-listener";
import { isServerType, listensOnEphemeralPort, shutdownHandledInText, exemptEntry } from "./servers";
import { onlyReleasesFromAwait, releasesAtExit } from "./released-at-exit";

const optionsSchema = {
  checkServers: option.boolean(
    "Also report, at information severity, an entry module that listens on a server without SIGTERM/SIGINT handling, and a signal handler that calls `process.exit()` before `server.close()` has finished.",
    true,
  ),
};

export type ShutdownHygieneOptions = OptionsOf<typeof optionsSchema>;
export type MessageId = "awaitInExit" | "promiseInExit" | "timerInExit" | "asyncListener" | "noSignalHandling" | "exitBeforeClose";

const signals = new Set(["SIGTERM", "SIGINT"]);

interface Registration {
  call: CallExpression;
  receiver: Node;
  event: string;
  handler: Node;
  work?: ExitWork;
}

interface Listen {
  call: CallExpression;
  receiver: Node;
}

interface CloseThenExit {
  close: CallExpression;
  closeReceiver: Node;
  exit: CallExpression;
  exitReceiver: Node;
}

export const shutdownHygiene: Rule<ShutdownHygieneOptions, MessageId> = {
  meta: {
    id: "shutdown-hygiene",
    description:
      "Shutdown code that does not do what it says: async work in a process 'exit' listener (it never completes), servers with no SIGTERM handling, and exits before server.close() has finished.",
    defaultSeverity: "warning",
    enabledByDefault: false,
    fixable: false,
    messages: {
      awaitInExit:
        "Code after this `await` never runs: Node calls 'exit' listeners synchronously and ends the process as soon as they return, so the awaited promise's continuation is never scheduled. Do async clean-up on SIGTERM/SIGINT or 'beforeExit', and keep only synchronous work in the 'exit' listener.",
      promiseInExit:
        "{{call}} starts async work in a process 'exit' listener, and the process ends as soon as the listeners return: the work is cut off and its result (or error) never arrives. Use the synchronous API here, or do the clean-up on SIGTERM/SIGINT or 'beforeExit'.",
      timerInExit:
        "{{call}} in a process 'exit' listener never runs its callback: the process ends as soon as the listeners return. Do the work synchronously here.",
      asyncListener:
        "{{name}} is async, and as a process 'exit' listener only its part before the first `await` runs: Node ends the process as soon as the listeners return. Register it on SIGTERM/SIGINT or 'beforeExit', or make the 'exit' part synchronous.",
      noSignalHandling:
        "This module starts a server ({{call}}) and handles neither SIGTERM nor SIGINT: when the platform stops the process (a deploy, a scale-down), requests in flight are cut off. Close the server on SIGTERM (`process.on('SIGTERM', () => server.close(() => process.exit(0)))`) or use a helper such as close-with-grace or http-terminator.",
      exitBeforeClose:
        "`{{exit}}` runs before `{{close}}` has finished: close only stops accepting connections and calls back once the requests in flight end, so exiting now cuts them off. Exit in close's callback, or after awaiting it.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  create(context) {
    const registrations: Registration[] = [];
    const listens: Listen[] = [];
    const closeThenExits: CloseThenExit[] = [];
    const text = context.sourceFile.text;
    const mentionsExit = /["'`]exit["'`]/.test(text);
    const checkServers = context.options.checkServers && !isTestFile(context) && !exemptEntry(context) && !shutdownHandledInText(context.fileName, text);
    const checkSignals = context.options.checkServers && /SIG(TERM|INT)/.test(text) && /\.close\s*\(/.test(text);
    return {
      visitKinds: [SyntaxKind.CallExpression],
      visit(node) {
        if (node.kind !== SyntaxKind.CallExpression) return;
        const call = node as CallExpression;
        const callee = skipOuterExpressions(call.expression);
        if (callee.kind !== SyntaxKind.PropertyAccessExpression) return;
        const { expression: receiver, name } = callee as unknown as { expression: Node; name: Node };
        const method = textOf(name);
        if (method && listenerMethods.has(method) && (mentionsExit || checkSignals)) {
          const [eventArg, handler] = callArguments(call);
          const event = stringLiteralText(eventArg);
          if (!handler || !event || receiver.kind !== SyntaxKind.Identifier) return;
          if (event === "exit" && mentionsExit) {
            needRuntimeGlobal(context, receiver);
            const registration: Registration = { call, receiver, event, handler };
            const fn = skipOuterExpressions(handler);
            if (isFunctionLike(fn)) registration.work = exitListenerWork(context, fn as FunctionLike);
            else context.queries.needSymbol(fn);
            registrations.push(registration);
          } else if (signals.has(event) && checkSignals) {
            const fn = skipOuterExpressions(handler);
            if (isFunctionLike(fn)) prepareCloseThenExit(context, fn as FunctionLike, receiver, closeThenExits);
          }
        } else if (method === "listen" && checkServers && atModuleTopLevel(call) && !listensOnEphemeralPort(call)) {
          context.queries.needType(receiver);
          listens.push({ call, receiver });
        }
      },
      decide() {
        for (const r of registrations) {
          if (!isRuntimeGlobal(context, r.receiver, "process", ["process"])) continue;
          if (r.work) reportExitWork(context, r.work);
          else reportAsyncListener(context, r);
        }
        for (const c of closeThenExits) {
          if (!isRuntimeGlobal(context, c.exitReceiver, "process", ["process"])) continue;
          if (!isServerType(context, context.queries.typeOf(c.closeReceiver))) continue;
          context.report({
            node: c.exit,
            messageId: "exitBeforeClose",
            data: { exit: shortText(c.exit), close: shortText(c.close) },
            severity: "info",
            related: [{ fileName: context.fileName, range: rangeOf(context.sourceFile, c.close), message: "the server is closed here, without waiting" }],
          });
        }
        const listen = listens.find(l => isServerType(context, context.queries.typeOf(l.receiver)));
        if (listen && !shutdownHandledInProject(context)) {
          context.report({ node: listen.call, messageId: "noSignalHandling", data: { call: shortText(listen.call) }, severity: "info" });
        }
      },
    };
  },
};

function reportExitWork(context: Parameters<typeof shutdownHygiene.create>[0], work: ExitWork): void {
  // What the await cuts off is only work the process's end does anyway (a worker terminated, a server closed).
  if (work.firstAwait && !onlyReleasesFromAwait(context, work.fn, work.firstAwait)) context.report({ node: work.firstAwait, messageId: "awaitInExit" });
  for (const timer of work.timers) {
    const runtime =
      timer.name === "process.nextTick"
        ? isRuntimeGlobal(context, timer.callee, "process", ["process"])
        : isRuntimeGlobal(context, timer.callee, timer.name, ["timers"]);
    if (runtime) context.report({ node: timer.call, messageId: "timerInExit", data: { call: `${timer.name}()` } });
  }
  const thenable = work.calls.filter(call => {
    const type = context.queries.typeOf(call);
    return !!type && context.queries.thenableInfo(type).always && !releasesAtExit(context, call);
  });
  // One report per chain or combinator: `close().then(log)` and `Promise.all([a(), b()])` once.
  for (const call of thenable) {
    if (thenable.some(outer => outer !== call && outer.pos <= call.pos && call.end <= outer.end)) continue;
    context.report({ node: call, messageId: "promiseInExit", data: { call: shortText(call) } });
  }
}

/** `process.on("exit", cleanup)`: a function declared in the project whose body awaits. */
function reportAsyncListener(context: FileAnalysis & { report: Parameters<typeof shutdownHygiene.create>[0]["report"] }, r: Registration): void {
  const fn = skipOuterExpressions(r.handler);
  const symbol = context.queries.symbolOf(fn);
  const declaration = symbol ? context.queries.declarationNode(symbol) : undefined;
  const body = declaration && functionOf(declaration);
  if (!body || !isAsyncFunction(body)) return;
  const firstAwait = firstAwaitOf(body);
  if (!firstAwait || onlyReleasesFromAwait(context, body, firstAwait)) return;
  context.report({ node: r.handler, messageId: "asyncListener", data: { name: shortText(fn) } });
}

/** The first `await` (or `for await`) of the function's own body, in source order. */
function firstAwaitOf(fn: FunctionLike): Node | undefined {
  let first: Node | undefined;
  const stack: Node[] = fn.body ? [fn.body] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === SyntaxKind.AwaitExpression || (node.kind === SyntaxKind.ForOfStatement && (node as unknown as { awaitModifier?: Node }).awaitModifier)) {
      if (!first || node.pos < first.pos) first = node;
    } else if (!isFunctionLike(node)) node.forEachChild(c => void stack.push(c));
  }
  return first;
}

/**
 * In a SIGTERM/SIGINT handler: `server.close(...)` as a statement, not awaited, and a later
 * `process.exit(...)` statement of the same block (not inside close's callback).
 */
function prepareCloseThenExit(context: FileAnalysis, fn: FunctionLike, _receiver: Node, out: CloseThenExit[]): void {
  const body = fn.body;
  if (!body || body.kind !== SyntaxKind.Block) return;
  const statements = (body as unknown as { statements: readonly Node[] }).statements;
  let close: { call: CallExpression; receiver: Node } | undefined;
  for (const statement of statements) {
    if (statement.kind !== SyntaxKind.ExpressionStatement) continue;
    const expression = skipOuterExpressions((statement as unknown as { expression: Node }).expression);
    if (expression.kind !== SyntaxKind.CallExpression) continue;
    const call = expression as CallExpression;
    const callee = skipOuterExpressions(call.expression);
    if (callee.kind !== SyntaxKind.PropertyAccessExpression) continue;
    const { expression: receiver, name } = callee as unknown as { expression: Node; name: Node };
    if (!close && textOf(name) === "close") close = { call, receiver };
    else if (close && textOf(name) === "exit" && receiver.kind === SyntaxKind.Identifier) {
      context.queries.needType(close.receiver);
      needRuntimeGlobal(context, receiver);
      out.push({ close: close.call, closeReceiver: close.receiver, exit: call, exitReceiver: receiver });
      return;
    }
  }
}

/** A statement of the module itself, or of a top-level block (`if (require.main === module) { ... }`), not inside a function. */
function atModuleTopLevel(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent)
    if (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression) return false;
  return true;
}

/** Another file of the project handles the signals (a shutdown module the entry imports). */
function shutdownHandledInProject(context: FileAnalysis): boolean {
  if (!context.project) return false;
  return context.project.filesMentioning("SIGTERM").length > 0 || context.project.filesMentioning("SIGINT").length > 0;
}

function shortText(node: Node): string {
  const callee = node.kind === SyntaxKind.CallExpression ? (node as CallExpression).expression : node;
  const text = callee.getText().replace(/\s+/g, " ");
  const short = text.length <= 40 ? text : `${text.slice(0, 37)}...`;
  return node.kind === SyntaxKind.CallExpression ? `${short}()` : short;
}

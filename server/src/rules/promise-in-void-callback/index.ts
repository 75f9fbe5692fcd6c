// promise-in-void-callback: a function that returns a promise, passed to a callee that calls it
// and ignores what it returns (an EventEmitter listener, setTimeout/setImmediate, forEach, a
// Promise executor). When that promise rejects, nobody sees it: an unhandled rejection, which
// ends the process by default. Reported only when the shared may-reject summary shows that the
// callback can reject. Docs: docs/rules/promise-in-void-callback.md
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { functionOf, isProcessExit, skipOuterExpressions } from "../../analysis/syntax";
import { walkPruned } from "../../analysis/walk";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { isBrowserFile, isTestFile } from "../../analysis/file-kinds";
import { returnsThenable } from "../../analysis/node-runtime";
import { CarriedVerdicts } from "../../analysis/carried-callees";
import type { Site } from "../../analysis/call-graph";
import { rejectionSummaries, type RejectionSummaries } from "../../analysis/may-reject";
import { ruledOutByCallsOf } from "../../analysis/argument-paths";
import { callbackFunctionKey, callbackReference, type CallbackReference } from "../../analysis/callback-functions";
import type { RelatedInfo } from "../../analysis/findings";
import type { FileAnalysis, Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { isNodeTypingsListener, isVoidCallee, voidCallSites, type CalleeKind, type VoidCallSite } from "./void-callees";
import { executorFix } from "./executor-fix";
import { routeHandlerFix } from "./route-fix";
import { listenerFix } from "./listener-fix";
import { capturesEveryEmitter, emitterCapturesRejections, projectMentionsCapture } from "./captured-rejections";
import { isWorkerParentPort } from "./worker-port";

const optionsSchema = {
  callees: option.strings(
    "Which callees to check: Node's EventEmitter listeners (`listeners`), `setTimeout`/`setImmediate` (`timers`), the built-in collections' `forEach` (`forEach`), async `new Promise` executors (`executors`), Express 4 route handlers (`routes`, where the nearest package.json declares `express` 4.x or older).",
    ["listeners", "timers", "forEach", "executors", "routes"],
    { values: ["listeners", "timers", "forEach", "executors", "routes"], noun: "callee kind" },
  ),
  reportLibraryPromises: option.boolean(
    "Also count a library's promise API (a package's, Node's) awaited outside a try/catch as evidence that the callback can reject. Off: only the project's own code (a throw, `Promise.reject`, a rejecting executor, an API it declares) is.",
    false,
  ),
  ignoreTestFiles: option.boolean("Skip test files (`*.test.ts`, `__tests__/`, `test/`): test runners handle what their callbacks return.", true),
};

export type PromiseInVoidCallbackOptions = OptionsOf<typeof optionsSchema>;
export type MessageId = "listener" | "timer" | "forEach" | "executor" | "route";

const optionOfKind: Record<CalleeKind, string> = { listener: "listeners", timer: "timers", forEach: "forEach", executor: "executors", route: "routes" };

/** The callback (the node typed and reported), its function or the name of one. */
interface Candidate extends CallbackReference {
  site: VoidCallSite;
}

const lastResortEvents = new Set(["uncaughtException", "uncaughtExceptionMonitor", "unhandledRejection"]);

/** `process` or `globalThis.process` as written. */
function isProcess(receiver: Node): boolean {
  return /^(globalThis\s*\.\s*)?process$/.test(skipOuterExpressions(receiver).getText());
}

/** A signal's name as a process event (`SIGINT`, `SIGTERM`, `SIGHUP`, ...). */
const signalEvent = /^SIG[A-Z0-9]+$/;

/** The function calls `process.exit(...)` (anywhere in its body, also in a callback it passes on: `server.close(() => process.exit(0))`). */
function endsProcess(fn: FunctionLike): boolean {
  let found = false;
  walkPruned(fn, node => {
    found = isProcessExit(node);
    return found ? "stop" : true;
  });
  return found;
}

/** `process.on("<event>", ...)` (or once, addListener, prependListener, prependOnceListener) as written. */
function processListenerPattern(event: string): RegExp {
  return new RegExp(`\\bprocess\\s*\\.\\s*(?:on|once|addListener|prependListener|prependOnceListener)\\s*\\(\\s*["'\`]${event}["'\`]`);
}
const processListeners = { unhandledRejection: processListenerPattern("unhandledRejection"), uncaughtException: processListenerPattern("uncaughtException") };

/** Some file of the project registers a process listener of the event (read from each file's text once per snapshot). */
function processListensFor(fa: FileAnalysis, event: keyof typeof processListeners): boolean {
  const pattern = processListeners[event];
  if (pattern.test(fa.sourceFile.text)) return true;
  if (!fa.project || fa.project.filesMentioning(event).length === 0) return false;
  return fa.project.derived(
    `process-${event}-listener`,
    (_fileName, text) => text.includes(event) && pattern.test(text),
    parts => [...parts].some(Boolean),
  );
}

export const promiseInVoidCallback: Rule<PromiseInVoidCallbackOptions, MessageId> = {
  meta: {
    id: "promise-in-void-callback",
    description:
      "A function that returns a promise that can reject, passed where the caller ignores the promise (an EventEmitter listener, setTimeout, forEach, a Promise executor): the rejection is unhandled.",
    defaultSeverity: "warning",
    enabledByDefault: false,
    fixable: true,
    // An async forEach callback whose work fans out over input-sized data: unbounded-concurrency's
    // finding about the same call says more, and its fixes (await each item, a bounded
    // Promise.all) also end the dropped rejections. Both name the call (`about`).
    supersededBy: ["unbounded-concurrency"],
    messages: {
      listener:
        "This listener returns a promise that can reject, and `{{callee}}` ignores it: an EventEmitter calls its listeners and drops what they return, so a rejection is unhandled (Node ends the process on it by default) and the emitter never hears of it. Catch inside the listener (`try { ... } catch (err) { emitter.emit('error', err) }`), or end its promise with `.catch(...)`.",
      timer:
        "This callback returns a promise that can reject, and `{{callee}}` ignores it: the timer drops what its callback returns, so a rejection is unhandled (Node ends the process on it by default). Catch inside the callback (`try { ... } catch (err) { ... }`), or call it as `() => { work().catch(handle) }`.",
      forEach:
        "This callback returns a promise that can reject, and `{{callee}}` ignores it: forEach neither waits for the promises (the code after it runs before the work is done) nor sees their rejections (unhandled: Node ends the process on them by default). Use `for (const item of items) await work(item)`, or `await Promise.all(items.map(work))` with a bound on the concurrency.",
      executor:
        "This Promise executor is async: what it throws after its first `await` does not reject the new promise (the executor's own promise is ignored), so the promise never settles and the error is unhandled. Make the executor synchronous (`work().then(resolve, reject)`), or drop the wrapper and write an async function.",
      route:
        "This route handler returns a promise that can reject, and Express 4 (`{{callee}}`) ignores it: the rejection is unhandled (Node ends the process on it by default) and the request never gets an answer, because Express's error handlers never hear of it. Pass the error on: `(req, res, next) => { handle(req, res).catch(next); }`, or move to Express 5, which does.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  create(context) {
    const { queries } = context;
    const candidates: Candidate[] = [];
    const kinds = new Set(context.options.callees);
    const skipFile = (context.options.ignoreTestFiles && isTestFile(context)) || isBrowserFile(context);
    // An emitter made with `captureRejections` turns a listener's rejection into an 'error' event
    // (captured-rejections.ts): every emitter when the project sets Node's default, else the ones made so.
    const mentionsCapture = projectMentionsCapture(context);
    const capturesRejections = mentionsCapture && capturesEveryEmitter(context);
    // A project that listens for 'unhandledRejection' on the process handles the process's own
    // events' failures there (its signal handlers' shutdown path and its last resort are one design).
    const observesRejections = processListensFor(context, "unhandledRejection");
    // Asked only of a signal listener that ends the process (isExitingSignalListener).
    let catchesUncaught: boolean | undefined;
    // Whether a callback's type returns a thenable, carried in the editor for the functions an
    // edit did not touch (its own type); the rest (callees, summaries, emitters) is judged again.
    // A callback carried as returning none is not a candidate: its type is not asked.
    const verdicts = new CarriedVerdicts<"returnsThenable">(context, "promise-in-void-callback:type-verdicts");
    return {
      visitKinds: [SyntaxKind.CallExpression, SyntaxKind.NewExpression],
      visit(node) {
        if (skipFile) return;
        for (const site of voidCallSites(context, node)) {
          if (kinds.has(optionOfKind[site.kind])) consider(site);
          else site.ask();
        }
      },
      decide() {
        let summaries: RejectionSummaries | undefined;
        const returnsThenableType = (callback: Node) =>
          verdicts.of(callback, "returnsThenable", () => {
            const type = queries.typeOf(callback);
            return !!type && returnsThenable(context, type);
          });
        // Whether each callback returns a thenable takes dependent questions (its signatures, their
        // return types, those types' `then`): asked for every callback together, one round trip
        // per step instead of per callback (a test suite passes hundreds of callbacks per file).
        const typed = candidates.filter(c => !(c.fn && isAsyncFunction(c.fn)));
        if (typed.length > 1) queries.askTogether(typed.map(c => () => returnsThenableType(c.callback)));
        for (const c of candidates) {
          const thenable = c.fn && isAsyncFunction(c.fn) ? true : returnsThenableType(c.callback);
          if (!thenable || !isVoidCallee(context, c.site)) continue;
          // A package's class may pass the option where the project never names it (its `.d.ts` has no constructor bodies).
          if (c.site.kind === "listener" && c.site.receiver && emitterCapturesRejections(context, c.site.receiver, mentionsCapture)) continue;
          if (isExitingSignalListener(c)) continue;
          // A worker thread's port to its parent: a rejection there stops the worker and reaches the parent as the Worker's 'error' event (worker-port.ts).
          if (c.site.kind === "listener" && c.site.receiver && isWorkerParentPort(context, c.site.receiver)) continue;
          const key = callbackFunctionKey(context, c);
          if (!key) continue;
          summaries ??= rejectionSummaries(context, context.options.reportLibraryPromises);
          if (summaries.verdict(key) !== "can") continue;
          // The callback's own calls as written: `if (init) await subscribe()` in a function it
          // calls as `createRefs(room)` (`init = false`) is code that call does not reach (argument-paths.ts).
          const { verdict, chain } = summaries.verdictThroughCalls(key, ruledOutByCallsOf(context, key));
          if (verdict !== "can") continue;
          const fix = !c.fn
            ? undefined
            : c.site.kind === "executor"
              ? executorFix(context, c.fn)
              : c.site.kind === "route"
                ? routeHandlerFix(context, c.fn)
                : c.site.kind === "listener" && c.site.receiver && c.fn === skipOuterExpressions(c.callback) && isNodeTypingsListener(context, c.site)
                  ? listenerFix(context, c.fn, c.site.receiver)
                  : undefined;
          context.report({
            node: c.callback,
            messageId: c.site.kind,
            data: { callee: c.site.calleeText },
            related: evidence(chain),
            // Precision per kind of callee (listeners, timers, forEach, executors, Express 4 routes).
            basis: c.site.kind,
            // The call the callback is passed to: unbounded-concurrency names an async forEach the same way.
            about: c.site.call,
            ...(fix ? { fixes: [fix] } : {}),
          });
        }
        verdicts.record();
      },
    };

    function consider(site: VoidCallSite): void {
      // An 'exit' listener's async work never finishes at all: shutdown-hygiene says so. A
      // process's last-resort listeners ('uncaughtException', 'unhandledRejection') end in a
      // crash either way: a rejection there changes nothing.
      // The process's own listeners only (`process.on('SIGTERM', ...)`): a timer's or another
      // emitter's rejection is still one nobody expected (the tuning set had a true one: a
      // debounced save's timer in a project with such a listener), a forEach still returns before
      // its work is done, an executor's promise still never settles, a request is still never answered.
      if (
        (site.kind === "listener" && (site.event === "exit" || capturesRejections || (site.event && lastResortEvents.has(site.event)))) ||
        (observesRejections && site.kind === "listener" && site.receiver && isProcess(site.receiver))
      ) {
        site.ask();
        return;
      }
      // A callback carried as returning no thenable is no candidate: its callee is not asked about
      // either (after a keystroke, the other functions' forEach calls were most of the file's questions).
      const written = skipOuterExpressions(site.callback);
      const carriedNo = !(isFunctionLike(written) && isAsyncFunction(written)) && verdicts.carriedNo(written, "returnsThenable");
      if (!carriedNo) site.ask();
      const ref = callbackReference(context, site.callback);
      if (!ref) return;
      if (!ref.fn || !isAsyncFunction(ref.fn)) {
        if (carriedNo) return;
        queries.needType(ref.callback);
      }
      candidates.push({ ...ref, site });
    }

    /**
     * A process signal listener that ends the process itself (`process.on("SIGINT", async () => {
     * await stop(); process.exit(0); })`): it is the process's shutdown, and when its work rejects,
     * Node's default ends the process too, printing the error (exit code 1 instead of its own).
     * Nothing that was to go on is lost; a signal listener that does not exit (a reload on SIGHUP)
     * is still reported, and so is every one in a project with a process 'uncaughtException'
     * listener: the rejection goes there, which may keep the process running (a shutdown that
     * never ends).
     */
    function isExitingSignalListener(c: Candidate): boolean {
      const { site } = c;
      if (site.kind !== "listener" || !site.receiver || !site.event || !signalEvent.test(site.event) || !isProcess(site.receiver)) return false;
      const symbol = !c.fn && c.nameNode ? queries.symbolOf(c.nameNode) : undefined;
      const fn = c.fn ?? (symbol ? functionOf(queries.declarationNode(symbol)) : undefined);
      if (!fn || !endsProcess(fn)) return false;
      catchesUncaught ??= processListensFor(context, "uncaughtException");
      return !catchesUncaught;
    }

    function evidence(chain: readonly Site[]): RelatedInfo[] {
      return chain.map((site, i) => ({
        fileName: site.fileName,
        range: site.range,
        message: i === chain.length - 1 ? `can reject here: ${site.label}` : `passes on ${site.label}`,
      }));
    }
  },
};

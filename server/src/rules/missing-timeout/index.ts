// missing-timeout: network and process waits that can hang: fetch without a signal, http/https
// requests and net/tls connections without a timeout, child processes run with exec/execFile
// without a timeout, undici/axios/got calls without theirs. Docs: docs/rules/missing-timeout.md
import { SyntaxKind, type CallExpression } from "../../analysis/typescript";
import { ApiResolver } from "../../analysis/api-calls";
import { calleeParts } from "../../analysis/syntax";
import {
  importedOnlyByBrowser,
  isBackupCopy,
  isBrowserEntry,
  isBrowserFile,
  isPageFunction,
  isReactNativeModule,
  isSerializedFunction,
  isTestFile,
} from "../../analysis/file-kinds";
import type { Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { OptionsFlow, OptionsFlowCollector, mayBeProjectFunction } from "./options-flow";
import { calleeOf } from "../../analysis/syntax";
import { candidateTarget, checkedCall, prepareCandidate, timeoutFinder } from "./checked-calls";
import type { Candidate } from "./checked-apis";
import { callersRaceIt, raceWithTimeout, resultTimesOut } from "./timeout-elsewhere";
import { projectCalleeKey, reportForwarded } from "./forwarded-options";
import { CarriedCallees } from "../../analysis/carried-callees";
import { timeoutFix } from "./timeout-fix";
import { nobodyWaits } from "./unawaited-requests";
import { boundedByCallers } from "./bounded-by-callers";
import { requestsStartedPeer } from "./started-peer";
import { proxiesToOwnServer } from "./proxied-own-server";
import { requestsOwnOrigin } from "./own-origin";
import { inUncalledCode, inUnreadProperty } from "../../analysis/uncalled-code";
import { dispatcherSetsTimeout } from "./timed-dispatchers";
import { PromiseUse } from "../../analysis/promise-use";
import { callArguments, enclosingFunction } from "../../analysis/syntax";
import { pageGlobals, reachedOnlyWithGlobal } from "../../analysis/browser-checks";
import { everyRequestTimed } from "./timed-instance";
import { inTimedFlowListener } from "./timed-flow-listener";

export const families = ["fetch", "http", "net", "child_process", "undici", "axios", "got"] as const;
export type Family = (typeof families)[number];

const optionsSchema = {
  defaultTimeoutMs: option.number("The timeout quick-fixes insert, in milliseconds (VS Code: `loopscope.defaultTimeoutMs`).", 10000, { positiveInteger: true }),
  ignoreTestFiles: option.boolean("Skip test files (`*.test.ts`, `*.spec.ts`, `__tests__/`): test runners time out their tests.", true),
  check: option.strings("Which families to check.", families, { values: families, noun: "family" }),
  childProcessCommands: option.enum(
    ["network", "all"],
    "Which child processes without a timeout are reported: `network` those whose command, as written in the code, installs, fetches, pushes or asks a service (`npm install`, `git fetch`, `curl`, `snapcraft whoami`); `all` also commands that are data or other programs.",
    "network",
  ),
};

export type MissingTimeoutOptions = OptionsOf<typeof optionsSchema>;

/** The keys of `meta.messages`: a report with any other id does not compile. */
export type MessageId = "fetch" | "http" | "net" | "child_process" | "undici" | "axios" | "axiosCreate" | "got" | "gotExtend" | "forwarded" | "returned";

export const missingTimeout: Rule<MissingTimeoutOptions, MessageId> = {
  meta: {
    id: "missing-timeout",
    description:
      "Network requests and child processes that can wait forever: fetch without a signal, http/net without a timeout, exec/execFile, undici, axios and got without their timeouts.",
    defaultSeverity: "warning",
    fixable: true,
    messages: {
      fetch:
        "{{api}} has no timeout: without a `signal`, a server that stops answering holds this call (and whoever awaits it) for minutes, or forever while a body trickles in. Pass `signal: AbortSignal.timeout(ms)`.",
      http: "{{api}} has no timeout: a server that accepts the connection and never answers keeps this request, its socket and its caller waiting forever. Pass `signal: AbortSignal.timeout(ms)` (or a `timeout` and destroy the request on 'timeout').",
      net: "{{api}} has no timeout: a peer that never answers keeps this socket open and its caller waiting until the OS gives up (minutes), or forever once connected. Set `timeout` (or call `setTimeout`) and end the socket on 'timeout'.",
      child_process:
        "{{api}} has no timeout: a command that hangs (waiting for input, a lock, the network) keeps the child process and its caller waiting forever. Pass `timeout` (ms) so Node kills it.",
      undici:
        "{{api}} has no timeout of its own: undici waits up to 5 minutes for headers and between body chunks by default. Pass `signal: AbortSignal.timeout(ms)` (or `headersTimeout`/`bodyTimeout`).",
      axios:
        "{{api}} has no timeout: axios waits forever by default (`timeout: 0`), so a server that stops answering holds this request and its caller. Pass `timeout` (ms).",
      axiosCreate: "{{api}} creates a client without a timeout: axios waits forever by default, so every request made with it can hang. Pass `timeout` (ms).",
      got: "{{api}} has no timeout: got waits forever by default, so a server that stops answering holds this request and its caller. Pass `timeout: { request: ms }`.",
      gotExtend:
        "{{api}} creates a client without a timeout: got waits forever by default, so every request made with it can hang. Pass `timeout: { request: ms }`.",
      forwarded:
        "{{call}} {{what}} {{api}} ({{via}}), which then runs with no {{keys}}: a server or command that stops answering keeps it, and whoever awaits this call, waiting forever. Pass {{keys}} here, or give the function a default.",
      returned:
        "{{call}} returns the result of {{api}} ({{via}}) with no timeout, and nothing here sets one: a server that stops answering keeps the request or stream open, and whoever reads it waiting forever. Call `setTimeout(ms, ...)` on it and destroy it on timeout, or pass a timeout where it is made.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  create(context) {
    const candidates: Candidate[] = [];
    const resolver = new ApiResolver(context);
    const enabled = new Set(context.options.check);
    const skipFile =
      (context.options.ignoreTestFiles && isTestFile(context)) ||
      isBrowserFile(context) ||
      isBrowserEntry(context) ||
      isReactNativeModule(context) ||
      isBackupCopy(context.fileName);
    // Options handed to the project's own functions, followed to the checked call they reach.
    // The flow's questions (checked calls, project callees) are the rule's own: asked once per file.
    const flow = new OptionsFlow(
      context.callGraph(fa => new OptionsFlowCollector(fa, timeoutFinder(fa, new Set(context.options.check))), undefined, { factsInOwnPass: true }),
    );
    const projectCalls: CallExpression[] = [];
    // In the editor, the callees of the functions an edit did not touch are those of the last lint.
    const callees = new CarriedCallees(context, "missing-timeout:callees");
    // Likewise the calls that reach no module export (most `x.get(...)`): not asked about again.
    const untargeted = new CarriedCallees(context, "missing-timeout:untargeted");
    return {
      visitKinds: [SyntaxKind.CallExpression],
      visit(node) {
        if (skipFile || node.kind !== SyntaxKind.CallExpression) return;
        const call = node as CallExpression;
        if (mayBeProjectFunction(context, call)) {
          projectCalls.push(call);
          if (callees.carried(call) === undefined) context.queries.needSymbol(calleeParts(calleeOf(call))!.nameNode);
        }
        if (untargeted.carried(call) === null) untargeted.answer(call, null);
        else prepareCandidate(context, resolver, candidates, call);
      },
      decide() {
        if (skipFile) return;
        let promiseUse: PromiseUse | undefined;
        let browserOnly: boolean | undefined;
        const axiosDefaultsSet = /\.defaults\.timeout\s*=|\.defaults\s*=\s*\{[^}]*timeout/.test(context.sourceFile.text);
        for (const candidate of candidates) {
          if (!candidateTarget(context, resolver, candidate)) {
            untargeted.answer(candidate.call, null);
            continue;
          }
          const found = checkedCall(context, resolver, candidate, enabled, axiosDefaultsSet, context.options.childProcessCommands);
          if (!found) continue;
          const { check, state } = found;
          const { call } = candidate;
          if (state.kind === "has" || state.kind === "unknown") continue;
          // A client made without a default timeout whose every request passes its own (round 35).
          if (check.messageId === "axiosCreate" && everyRequestTimed(context, call)) continue;
          if (check.family === "undici" && check.optionsIndex !== undefined && dispatcherSetsTimeout(context, callArguments(call)[check.optionsIndex]))
            continue;
          if (check.resultCanTimeOut && resultTimesOut(context, call)) continue;
          if (raceWithTimeout(call) || callersRaceIt(context, call)) continue;
          // A one-flow server's request listener, whose timer ends the flow and closes the server (round 54).
          if (inTimedFlowListener(context, call)) continue;
          if (isSerializedFunction(call) || isPageFunction(call, context.dependencies)) continue;
          // A function's value put in an object property no code reads hands it to nobody (round 28).
          const project = context.project;
          const use = () => (promiseUse ??= new PromiseUse(context, project && ((file, range) => inUnreadProperty(project, file, range))));
          if (requestsStartedPeer(context, call, check, use) || proxiesToOwnServer(context, call, check)) continue;
          // A request to the origin the program's own Fastify server listens on (round 52).
          if (requestsOwnOrigin(context, call, check)) continue;
          promiseUse = use();
          if (nobodyWaits(promiseUse, call, check.family) || boundedByCallers(promiseUse, call)) continue;
          browserOnly ??= importedOnlyByBrowser(context);
          if (browserOnly || runsInBrowser(promiseUse, call)) continue;
          // A function that first leaves when `window` is absent never makes its request in Node (round 35).
          if (reachedOnlyWithGlobal(call, pageGlobals, true)) continue;
          if (inUncalledCode(context, call)) continue;
          const fix = timeoutFix(context, call, check, state, context.options.defaultTimeoutMs);
          context.report({
            node: call,
            messageId: check.messageId,
            data: { api: check.label },
            fixes: fix ? [fix] : [],
          });
        }
        for (const call of projectCalls) {
          const carried = callees.carried(call);
          const key = carried === undefined ? projectCalleeKey(context, call) : carried;
          callees.answer(call, key);
          if (key) reportForwarded(context, flow, call, key, context.options.childProcessCommands, () => !inUncalledCode(context, call));
        }
        callees.record();
        untargeted.record();
      },
    };
  },
};

/** A request made in a function that only browser code calls (see `PromiseUse.calledOnlyFromBrowser`): the page's, not Node's. */
function runsInBrowser(use: PromiseUse, call: CallExpression): boolean {
  const fn = enclosingFunction(call);
  return !!fn && use.calledOnlyFromBrowser(fn);
}

// missing-timeout: network and process waits that can hang: fetch without a signal, http/https
// requests and net/tls connections without a timeout, child processes run with exec/execFile
// without a timeout, undici/axios/got calls without theirs. Docs: docs/rules/missing-timeout.md
import { SyntaxKind, TypeFlags, type CallExpression, type Node, type ObjectLiteralExpression, type Type } from "../../analysis/typescript";
import { ApiResolver, type ApiTarget } from "../../analysis/api-calls";
import { addPropertyEdit, insertArgumentEdit, optionsState, prepareOptions, type OptionsState } from "../../analysis/options-object";
import {
  callArguments,
  calleeParts,
  enclosingFunction,
  identifierPattern,
  memberName,
  objectMembers,
  parentSkippingOuter,
  skipOuterExpressions,
  referenceName,
  textOf,
  type CalleeParts,
} from "../../analysis/syntax";
import { isBrowserFile, isSerializedFunction, isTestFile } from "../../analysis/file-kinds";
import type { Fix, TextEdit } from "../../analysis/findings";
import type { FileAnalysis, Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { endsOnItsOwn, reachesNetwork } from "./local-commands";
import { withoutBareAgents } from "./bare-agents";
import { OptionsFlow, OptionsFlowCollector, calleeOf, mayBeProjectFunction, parameterSource, type CheckedCallFinder } from "./options-flow";
import { shortLocation } from "../../analysis/positions";
import { walk } from "../../analysis/walk";
import { isLeakingRaceHelper, isPromiseRace, leakingRaceTimer } from "../../analysis/race-timers";
import { fileStyleOf, formatNumber } from "../../analysis/file-style";

const families = ["fetch", "http", "net", "child_process", "undici", "axios", "got"] as const;
type Family = (typeof families)[number];

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

/** Method names that may be one of the checked APIs (cheap filter before any symbol is read). */
const candidateNames = new Set([
  "fetch",
  "get",
  "request",
  "connect",
  "createConnection",
  "exec",
  "execFile",
  "post",
  "put",
  "patch",
  "delete",
  "head",
  "options",
  "postForm",
  "putForm",
  "patchForm",
  "create",
  "extend",
  "stream",
]);
/** Export names this rule checks (aliases and promisified functions are found through imports). */
const targetNames: ReadonlySet<string> = new Set([...candidateNames, "default"]);
const axiosConfigIndex: Record<string, number> = {
  default: -1,
  request: 0,
  create: 0,
  get: 1,
  delete: 1,
  head: 1,
  options: 1,
  post: 2,
  put: 2,
  patch: 2,
  postForm: 2,
  putForm: 2,
  patchForm: 2,
};
const gotMethods = new Set(["default", "get", "post", "put", "patch", "delete", "head", "stream", "extend"]);

interface Candidate {
  call: CallExpression;
  parts?: CalleeParts;
}

interface Check {
  family: Family;
  label: string;
  /** Where the options object is; undefined: this call has none (`exec(cmd, callback)`, `net.connect(port)`). */
  optionsIndex: number | undefined;
  /** Where a fix inserts a new options object when there is none; undefined: no fix of that kind. */
  insertAt?: number;
  keys: readonly string[];
  /** A `setTimeout`/`kill`-on-timer on the returned object in the same function also counts. */
  resultCanTimeOut: boolean;
  fix: "signal" | "timeout" | "got-timeout" | "net-timeout";
  messageId: MessageId;
}

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
    const skipFile = (context.options.ignoreTestFiles && isTestFile(context)) || isBrowserFile(context);
    // Options handed to the project's own functions, followed to the checked call they reach.
    const flow = new OptionsFlow(context.callGraph(fa => new OptionsFlowCollector(fa, timeoutFinder(fa, new Set(context.options.check)))));
    const projectCalls: CallExpression[] = [];
    return {
      visitKinds: [SyntaxKind.CallExpression],
      visit(node) {
        if (skipFile || node.kind !== SyntaxKind.CallExpression) return;
        const call = node as CallExpression;
        if (mayBeProjectFunction(context, call)) {
          projectCalls.push(call);
          context.queries.needSymbol(calleeParts(calleeOf(call))!.nameNode);
        }
        prepareCandidate(context, resolver, candidates, call);
      },
      decide() {
        if (skipFile) return;
        const axiosDefaultsSet = /\.defaults\.timeout\s*=|\.defaults\s*=\s*\{[^}]*timeout/.test(context.sourceFile.text);
        for (const candidate of candidates) {
          const found = checkedCall(context, resolver, candidate, enabled, axiosDefaultsSet, context.options.childProcessCommands);
          if (!found) continue;
          const { check, state } = found;
          const { call } = candidate;
          if (state.kind === "has" || state.kind === "unknown") continue;
          if (check.resultCanTimeOut && resultTimesOut(context, call)) continue;
          if (raceWithTimeout(call) || callersRaceIt(context, call)) continue;
          if (isSerializedFunction(call)) continue;
          const fix = timeoutFix(context, call, check, state, context.options.defaultTimeoutMs);
          context.report({
            node: call,
            messageId: check.messageId,
            data: { api: check.label },
            fixes: fix ? [fix] : [],
          });
        }
        for (const call of projectCalls) reportForwarded(context, flow, call);
      },
    };
  },
};

/** Phase 1 for one call: may it be one of the checked APIs? */
function prepareCandidate(context: FileAnalysis, resolver: ApiResolver, candidates: Candidate[], call: CallExpression): void {
  const callee = calleeOf(call);
  if (callee.kind === SyntaxKind.CallExpression) {
    // `promisify(exec)(cmd)`
    resolver.prepare(callee);
    candidates.push({ call });
    prepareArgs(context, call);
    return;
  }
  const name = referenceName(callee);
  if (!name) return;
  // Plain function calls may be aliases (`import { request as send }`) or promisified exec.
  if (callee.kind !== SyntaxKind.Identifier && !candidateNames.has(name)) return;
  const parts = resolver.prepare(callee);
  if (!parts) return;
  candidates.push({ call, parts });
  // Argument types cost the checker real work (generic-heavy code): ask only where the call
  // may be one of ours by its syntax (`fetch`, a name or namespace bound to a checked module,
  // a promisified function declared here).
  if (mayNeedArgTypes(context, parts)) prepareArgs(context, call);
}

/**
 * `const exec = require("child_process").exec`, or `var exec = cp.exec` where `cp` is the file's
 * binding of the whole module: a local name for one export, which the checker types as a plain
 * variable of this file (CommonJS), so neither the imports nor the symbol's parent say what it is.
 */
function moduleMemberTarget(fa: FileAnalysis, parts: CalleeParts): ApiTarget | undefined {
  if (parts.receiver || parts.receiverExpression || !targetNames.has(parts.nameNode.text)) return undefined;
  const local = fa.queries.localSymbolOf(parts.nameNode);
  const decl = local ? fa.queries.declarationNode(local) : undefined;
  if (!decl || decl.kind !== SyntaxKind.VariableDeclaration || decl.getSourceFile() !== fa.sourceFile) return undefined;
  const init = skipOuterExpressions((decl as unknown as { initializer?: Node }).initializer ?? decl);
  if (init.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const name = textOf((init as unknown as { name: Node }).name);
  const receiver = skipOuterExpressions((init as unknown as { expression: Node }).expression);
  let module: string | undefined;
  if (receiver.kind === SyntaxKind.CallExpression && textOf((receiver as CallExpression).expression) === "require")
    module = textOf(callArguments(receiver as CallExpression)[0]);
  else if (receiver.kind === SyntaxKind.Identifier) {
    const whole = fa.bindings.forLocalName(textOf(receiver)!);
    module = whole?.imported === "*" ? whole.module : undefined;
  }
  return module && name ? { module: module.replace(/^node:/, ""), name } : undefined;
}

/** Phase 2 for one candidate: the check that applies and what its options say. */
/**
 * Which commands count: the rule's option for calls it reports itself; every command for the
 * options-flow facts, where the command is usually a wrapper's parameter and the call that
 * finally provides the options is judged.
 */
type CommandScope = MissingTimeoutOptions["childProcessCommands"] | "flow";

function checkedCall(
  context: FileAnalysis,
  resolver: ApiResolver,
  candidate: Candidate,
  enabled: ReadonlySet<string>,
  axiosDefaultsSet: boolean,
  commands: CommandScope,
): { check: Check; state: OptionsState } | undefined {
  const target = candidate.parts
    ? (resolver.resolve(candidate.parts, targetNames) ?? moduleMemberTarget(context, candidate.parts))
    : resolver.resolveInlinePromisify(candidate.call.expression);
  if (!target) return undefined;
  const check = checkFor(context, target, candidate, commands);
  if (!check || !enabled.has(check.family)) return undefined;
  if ((check.family === "axios" || check.family === "got") && (axiosDefaultsSet || !typesResolveTo(context, candidate, check.family))) return undefined;
  const optionsNode = check.optionsIndex === undefined ? undefined : callArguments(candidate.call)[check.optionsIndex];
  const state =
    check.optionsIndex === undefined
      ? ({ kind: "absent" } as OptionsState)
      : withoutBareAgents(context, optionsNode, check.keys, optionsState(context, optionsNode, check.keys));
  return { check, state };
}

/** For the call-graph collector: the checked calls of a file whose options it can follow. */
function timeoutFinder(fa: FileAnalysis, enabled: ReadonlySet<string>): CheckedCallFinder {
  const resolver = new ApiResolver(fa);
  const candidates: Candidate[] = [];
  const axiosDefaultsSet = /\.defaults\.timeout\s*=|\.defaults\s*=\s*\{[^}]*timeout/.test(fa.sourceFile.text);
  return {
    prepare: call => prepareCandidate(fa, resolver, candidates, call),
    find(call) {
      const candidate = candidates.find(c => c.call === call);
      const found = candidate ? checkedCall(fa, resolver, candidate, enabled, axiosDefaultsSet, "flow") : undefined;
      if (!found || found.check.optionsIndex === undefined || found.state.kind !== "unknown") return undefined;
      if ((found.check.resultCanTimeOut && resultTimesOut(fa, call)) || raceWithTimeout(call)) return undefined;
      return { optionsIndex: found.check.optionsIndex, keys: found.check.keys, label: found.check.label };
    },
    findReturned(call) {
      const candidate = candidates.find(c => c.call === call);
      const found = candidate ? checkedCall(fa, resolver, candidate, enabled, axiosDefaultsSet, "flow") : undefined;
      if (!found || (found.state.kind !== "absent" && found.state.kind !== "lacks") || raceWithTimeout(call)) return undefined;
      // Requests, sockets and children: objects whose timeout can still be set by whoever gets them.
      return found.check.resultCanTimeOut ? found.check.label : undefined;
    },
  };
}

/**
 * `run("git status", { cwd })` where `run` hands its options to `exec`: the options end here,
 * so a missing timeout is this call's. Arguments that are themselves parameters are followed
 * further out by the call-graph facts instead.
 */
function reportForwarded(context: FileAnalysis & { report: (r: import("../rule").Report<MessageId>) => void }, flow: OptionsFlow, call: CallExpression): void {
  const parts = calleeParts(calleeOf(call));
  const symbol = parts ? context.queries.symbolOf(parts.nameNode) : undefined;
  const handle = symbol ? context.queries.declarationHandle(symbol) : undefined;
  if (!handle || /\.d\.[cm]?ts$/.test(handle.fileName) || context.queries.isExternalPath(handle.fileName)) return;
  const key = `${handle.fileName}:${handle.index}`;
  const returned = flow.returned(key);
  if (returned && !callerTimesOutResult(context, call)) {
    context.report({
      node: call,
      messageId: "returned",
      data: { call: labelOfCall(call), api: returned.label, via: `${shortLocation(returned.fileName, returned.range.start.line)}` },
      related: [{ fileName: returned.fileName, range: returned.range, message: `${returned.label} is made here without a timeout` }],
    });
    return;
  }
  const forwarded = flow.forwarded(key);
  const args = callArguments(call);
  for (const f of forwarded) {
    const arg = args[f.paramIndex];
    if (arg && parameterSource(arg, f.keys)) continue;
    if (arg && skipOuterExpressions(arg).kind === SyntaxKind.SpreadElement) continue;
    const state = optionsState(context, arg, f.keys);
    if (state.kind === "has" || state.kind === "unknown") continue;
    if (raceWithTimeout(call)) continue;
    const last = f.chain[f.chain.length - 1]!;
    const keys = f.keys
      .filter(k => !["agent", "dispatcher", "cancelToken"].includes(k))
      .map(k => `\`${k}\``)
      .join(" or ");
    context.report({
      node: call,
      messageId: "forwarded",
      data: {
        call: `${calleeOf(call).getText().replace(/\s+/g, "").slice(0, 40)}()`,
        what: arg ? "hands its options on to" : "gives no options to",
        api: f.label,
        via: `${[labelOfCall(call), ...f.chain.slice(0, -1).map(s => s.label)].join(" → ")} → ${last.label} at ${shortLocation(last.fileName, last.range.start.line)}`,
        keys,
      },
      related: f.chain.map((site, i) => ({
        fileName: site.fileName,
        range: site.range,
        message: i === f.chain.length - 1 ? `${site.label} gets the options here` : `hands them to ${site.label}`,
      })),
    });
    return;
  }
}

/**
 * What the caller does with a request or stream a project function returned: a timeout set on
 * it (chained, or on the variable holding it, or a timer that destroys it), a race against a
 * timer, or handing it further out (returned: its own caller decides) all count.
 */
function callerTimesOutResult(fa: FileAnalysis, call: CallExpression): boolean {
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

function labelOfCall(call: CallExpression): string {
  const text = calleeOf(call).getText().replace(/\s+/g, "");
  return `${text.length <= 40 ? text : (calleeParts(calleeOf(call))?.nameNode.text ?? "this call")}()`;
}

const checkedModules = new Set(["http", "https", "net", "tls", "child_process", "undici", "axios", "got", "node-fetch"]);

function mayNeedArgTypes(fa: FileAnalysis, parts: CalleeParts): boolean {
  if (parts.nameNode.text === "fetch") return true;
  const bound = fa.bindings.forLocalName(parts.receiver?.text ?? parts.nameNode.text);
  if (bound) return checkedModules.has(bound.module);
  if (parts.receiverExpression) return parts.receiverExpression.kind === SyntaxKind.CallExpression; // require("http").get(...)
  if (/promisify\s*\(/.test(fa.sourceFile.text)) return true;
  // `const exec = require("child_process").exec`, `var exec = cp.exec`
  return new RegExp(
    `\\b(const|let|var)\\s+${identifierPattern(parts.nameNode.text)}\\s*=\\s*(require\\(\\s*["'][^"']+["']\\s*\\)|[\\w$]+)\\s*\\.\\s*[\\w$]+\\s*[;,\\r\\n]`,
  ).test(fa.sourceFile.text);
}

/** Phase 1: types of the first arguments (URL or options?) and symbols of option variables. */
function prepareArgs(fa: FileAnalysis, call: CallExpression): void {
  const args = callArguments(call);
  args.slice(0, 4).forEach(arg => {
    const a = skipOuterExpressions(arg);
    if (a.kind === SyntaxKind.Identifier || a.kind === SyntaxKind.PropertyAccessExpression || a.kind === SyntaxKind.CallExpression) fa.queries.needType(a);
    prepareOptions(fa, a);
  });
}

type ArgKind = "url" | "request" | "function" | "array" | "object" | "number" | "unknown";

function argKind(fa: FileAnalysis, arg: Node | undefined): ArgKind | undefined {
  if (!arg) return undefined;
  const a = skipOuterExpressions(arg);
  switch (a.kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.TemplateExpression:
    case SyntaxKind.BinaryExpression:
      return "url";
    case SyntaxKind.NumericLiteral:
      return "number";
    case SyntaxKind.ObjectLiteralExpression:
      return "object";
    case SyntaxKind.ArrayLiteralExpression:
      return "array";
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.FunctionExpression:
      return "function";
    case SyntaxKind.NewExpression: {
      const name = textOf(skipOuterExpressions((a as unknown as { expression: Node }).expression));
      return name === "URL" ? "url" : name === "Request" ? "request" : "unknown";
    }
  }
  const type = fa.queries.typeOf(a);
  return type ? kindOfType(fa, type) : "unknown";
}

function kindOfType(fa: FileAnalysis, type: Type): ArgKind {
  if (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return "unknown";
  if (type.flags & TypeFlags.StringLike) return "url";
  if (type.flags & TypeFlags.NumberLike) return "number";
  const parts = type.isUnionType() ? type.getTypes().filter(t => !(t.flags & (TypeFlags.Undefined | TypeFlags.Null))) : [type];
  if (parts.length === 0) return "unknown";
  const kinds = new Set(
    parts.map(part => {
      if (part.flags & TypeFlags.StringLike) return "url";
      if (part.flags & TypeFlags.NumberLike) return "number";
      const symbolName = part.getSymbol()?.name;
      if (symbolName === "URL") return "url";
      if (symbolName === "Request") return "request";
      if (fa.queries.checker.isArrayType(part) || fa.queries.checker.isTupleType(part)) return "array";
      if (fa.queries.checker.getSignaturesOfType(part, 0 as never).length > 0) return "function";
      return "object";
    }),
  );
  return kinds.size === 1 ? ([...kinds][0] as ArgKind) : kinds.has("request") ? "request" : "unknown";
}

function checkFor(fa: FileAnalysis, target: ApiTarget, candidate: Candidate, commands: CommandScope): Check | undefined {
  const { call } = candidate;
  const args = callArguments(call);
  const { module, name } = target;
  const kind = (i: number) => argKind(fa, args[i]);
  const label = labelOf(fa, target, candidate);
  const signalOrTimeout = ["signal", "timeout"];
  if ((module === "global" && name === "fetch") || (module === "undici" && name === "fetch") || (module === "node-fetch" && name === "default")) {
    const first = kind(0);
    if (first === "request" || (first === "unknown" && !looksLikeUrl(args[0]))) return undefined; // a Request may carry its own signal
    if (notNetworkUrl(args[0])) return undefined;
    // A `dispatcher` (undici Agent) or `agent` brings the caller's connection settings, timeouts included.
    return {
      family: module === "undici" ? "undici" : "fetch",
      label,
      optionsIndex: 1,
      insertAt: 1,
      keys: module === "node-fetch" ? [...signalOrTimeout, "agent"] : ["signal", "dispatcher"],
      resultCanTimeOut: false,
      fix: "signal",
      messageId: "fetch",
    };
  }
  if (module === "undici" && name === "request") {
    return {
      family: "undici",
      label,
      optionsIndex: 1,
      insertAt: 1,
      keys: ["signal", "headersTimeout", "bodyTimeout"],
      resultCanTimeOut: false,
      fix: "signal",
      messageId: "undici",
    };
  }
  if ((module === "http" || module === "https") && (name === "get" || name === "request")) {
    const first = kind(0);
    const base = { family: "http", label, keys: [...signalOrTimeout, "agent"], resultCanTimeOut: true, fix: "signal", messageId: "http" } as const;
    if (first === "object" || (first === "unknown" && skipOuterExpressions(args[0] ?? call).kind === SyntaxKind.Identifier && !looksLikeUrl(args[0])))
      return { ...base, optionsIndex: 0 };
    if (first !== "url") return undefined;
    const second = kind(1);
    if (second === undefined || second === "function") return { ...base, optionsIndex: undefined, insertAt: 1 };
    return { ...base, optionsIndex: 1 };
  }
  if ((module === "net" || module === "tls") && (name === "connect" || name === "createConnection")) {
    const first = kind(0);
    const optionsIndex =
      first === "object" || (first === "unknown" && skipOuterExpressions(args[0] ?? call).kind === SyntaxKind.Identifier)
        ? 0
        : module === "tls" && (first === "number" || first === "url")
          ? kind(1) === "object"
            ? 1
            : kind(2) === "object"
              ? 2
              : undefined
          : undefined;
    return { family: "net", label, optionsIndex, keys: signalOrTimeout, resultCanTimeOut: true, fix: "net-timeout", messageId: "net" };
  }
  if (module === "child_process" && (name === "exec" || name === "execFile")) {
    // exec(cmd, options?, cb?) / execFile(file, args?, options?, cb?): the options are the first object argument after the command.
    if (endsOnItsOwn(call, name)) return undefined;
    // Reported on evidence that the child waits on a remote: most commands run local work that ends.
    if (commands === "network" && !reachesNetwork(call, name)) return undefined;
    // execFile(file, args, options, cb) with untyped `args` (JavaScript): a third argument that is no callback is the options.
    const second = kind(1);
    const optionsIndex = name === "execFile" && (second === "array" || (second === "unknown" && args.length >= 3 && kind(2) !== "function")) ? 2 : 1;
    const base = {
      family: "child_process",
      label,
      keys: signalOrTimeout,
      resultCanTimeOut: !target.promisified,
      fix: "timeout",
      messageId: "child_process",
    } as const;
    const k = kind(optionsIndex);
    if (k === undefined || k === "function") return { ...base, optionsIndex: undefined, insertAt: optionsIndex };
    if (k !== "object" && k !== "unknown") return undefined;
    return { ...base, optionsIndex };
  }
  if (module === "axios") {
    // An instance (`api.get`, `this.client.get`): its config lives where it was created.
    if (candidate.parts?.receiverExpression && !target.binding) return undefined;
    let index = axiosConfigIndex[name];
    if (index === undefined) return undefined;
    if (index === -1) index = kind(0) === "object" ? 0 : 1;
    return {
      family: "axios",
      label,
      optionsIndex: index,
      insertAt: index,
      keys: ["timeout", "signal", "cancelToken"],
      resultCanTimeOut: false,
      fix: "timeout",
      messageId: name === "create" ? "axiosCreate" : "axios",
    };
  }
  if (module === "got") {
    if (!target.binding || !gotMethods.has(name)) return undefined; // instances made by got.extend are checked there
    const index = name === "extend" ? 0 : kind(0) === "object" ? 0 : 1;
    return {
      family: "got",
      label,
      optionsIndex: index,
      insertAt: index,
      keys: ["timeout", "signal"],
      resultCanTimeOut: false,
      fix: "got-timeout",
      messageId: name === "extend" ? "gotExtend" : "got",
    };
  }
  return undefined;
}

/** `fetch("about:blank")`, `fetch("data:...")`: a URL written in the code that no server answers. */
function notNetworkUrl(arg: Node | undefined): boolean {
  const a = arg ? skipOuterExpressions(arg) : undefined;
  const text =
    a && (a.kind === SyntaxKind.StringLiteral || a.kind === SyntaxKind.NoSubstitutionTemplateLiteral || a.kind === SyntaxKind.TemplateExpression)
      ? a.getText().slice(1)
      : undefined;
  return !!text && /^(about|data|blob|file):/i.test(text);
}

function looksLikeUrl(arg: Node | undefined): boolean {
  if (!arg) return false;
  return /url|uri|href|endpoint|link/i.test(arg.getText());
}

function labelOf(fa: FileAnalysis, target: ApiTarget, candidate: Candidate): string {
  const callee = calleeOf(candidate.call).getText(fa.sourceFile);
  const short = callee.length <= 40 && !/[\r\n\u2028\u2029]/.test(callee) ? callee : `${target.module}.${target.name}`;
  return `${short}()`;
}

/** axios/got are checked only where their declarations resolve (the package's own types). */
function typesResolveTo(fa: FileAnalysis, candidate: Candidate, pkg: string): boolean {
  const nameNode = candidate.parts?.nameNode;
  if (!nameNode) return false;
  const symbol = fa.queries.symbolOf(nameNode);
  const decl = symbol ? fa.queries.declarationOf(symbol) : undefined;
  return !!decl && decl.fileName.includes(`/node_modules/${pkg}/`);
}

/**
 * The returned request/socket/child gets a timeout in the same function: `req.setTimeout(...)`,
 * chained `.setTimeout(...)`, or a timer that destroys/aborts/kills it. A result that leaves the
 * function (returned, stored, handed to a callback) may get its timeout elsewhere: not reported.
 */
function resultTimesOut(fa: FileAnalysis, call: CallExpression): boolean {
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
  if (/(?<![\w$.])setTimeout\s*\(/.test(text) && new RegExp(`(?<![\\w$.])${n}\\s*(\\?\\.|\\.)\\s*(destroy|abort|kill|end)\\s*\\(`).test(text)) return true;
  // Escapes: returned, resolved, stored, passed on.
  if (new RegExp(`(return|resolve\\(|=>|[=:,(\\[])\\s*${n}\\s*[;,)\\]}\\n]`).test(text.replace(new RegExp(`\\b(const|let|var)\\s+${n}\\s*=`), ""))) return true;
  return false;
}

/** `Promise.race([fetch(url), timeout(5000)])` or `pTimeout(fetch(url), ...)`: the caller does not wait forever. */
/**
 * The function the call waits in is itself raced with a timer by every caller in this file
 * (`this.withTimeout(this.fetchPage(url), ms)`, `Promise.race([load(), timer])`): whoever awaits
 * it cannot wait forever. Needs at least one such caller; any other reference (a caller that
 * does not race it, the function passed on) keeps the finding.
 */
function callersRaceIt(fa: FileAnalysis, call: CallExpression): boolean {
  const fn = enclosingFunction(call);
  if (fn && givenToTimedCall(fn)) return true;
  const name = fn && functionNameOf(fn);
  if (!fn || !name) return false;
  let raced = 0;
  let other = false;
  walk(fa.sourceFile, node => {
    if (other || (node.kind !== SyntaxKind.Identifier && node.kind !== SyntaxKind.PrivateIdentifier) || textOf(node) !== name) return;
    const parent = node.parent;
    if (parent === fn || (parent && (parent as unknown as { name?: Node }).name === node && parent === fn.parent)) return; // its own declaration
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

function functionNameOf(fn: Node): string | undefined {
  const own = textOf((fn as unknown as { name?: Node }).name);
  if (own) return own;
  const parent = fn.parent;
  if (
    parent &&
    (parent.kind === SyntaxKind.VariableDeclaration || parent.kind === SyntaxKind.PropertyAssignment || parent.kind === SyntaxKind.PropertyDeclaration)
  )
    return textOf((parent as unknown as { name?: Node }).name);
  return undefined;
}

function raceWithTimeout(call: CallExpression): boolean {
  let node: Node = call;
  for (let depth = 0; depth < 4; depth++) {
    const { parent, child } = parentSkippingOuter(node);
    if (!parent) return false;
    if (parent.kind === SyntaxKind.AwaitExpression || parent.kind === SyntaxKind.ArrayLiteralExpression) {
      node = parent;
      continue;
    }
    if (parent.kind === SyntaxKind.CallExpression && (parent as CallExpression).expression !== child) {
      const race = parent as CallExpression;
      const callee = race.expression.getText();
      if (!/race|timeout|deadline/i.test(callee)) return false;
      // A race whose timer nobody clears is no timeout: the work runs on (race-timeout-leak, issue 14).
      if (isPromiseRace(race)) return !leakingRaceTimer(race);
      const name = textOf(calleeParts(race.expression)?.nameNode);
      return !(name && isLeakingRaceHelper(race.getSourceFile(), name));
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

function timeoutFix(fa: FileAnalysis, call: CallExpression, check: Check, state: OptionsState, milliseconds: number): Fix | undefined {
  const ms = formatNumber(milliseconds, fileStyleOf(fa.sourceFile, fa.sourceFile.text));
  let property: string;
  let title: string;
  switch (check.fix) {
    case "signal":
      property = `signal: AbortSignal.timeout(${ms})`;
      title = `Add signal: AbortSignal.timeout(${ms})`;
      break;
    case "timeout":
      property = `timeout: ${ms}`;
      title = `Add timeout: ${ms}`;
      break;
    case "got-timeout":
      property = `timeout: { request: ${ms} }`;
      title = `Add timeout: { request: ${ms} }`;
      break;
    case "net-timeout":
      // A socket timeout only emits 'timeout'; what to do then (end an idle connection, retry a
      // connect) depends on the protocol, so no fix pretends to solve it.
      return undefined;
  }
  const edits: TextEdit[] = [];
  if (state.kind === "lacks") {
    if (state.elsewhere) return undefined;
    edits.push(addPropertyEdit(fa, state.literal as ObjectLiteralExpression, property));
  } else {
    // No options yet: insert an object at the options position (before a callback that sits there).
    const index = check.insertAt;
    if (index === undefined || index > callArguments(call).length) return undefined;
    edits.push(insertArgumentEdit(fa, call, index, `{ ${property} }`));
  }
  return { title, edits, isPreferred: true };
}

// The APIs missing-timeout checks, and for each call of one the check that applies: where its
// options are, which keys count as a timeout, which message and fix. Tables first, then `checkFor`.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import type { ApiTarget } from "../../analysis/api-calls";
import {
  callArguments,
  enclosingFunction,
  forEachDescendant,
  identifierPattern,
  parentSkippingOuter,
  skipOuterExpressions,
  textOf,
  type CalleeParts,
  isConstList,
} from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import { endsOnItsOwn, reachesNetwork } from "./local-commands";
import { calleeOf } from "../../analysis/syntax";
import { argKind } from "./argument-kinds";
import { holdsTimeoutOptions } from "./assigned-options";
import { optionsState } from "../../analysis/options-object";
import type { Family, MessageId, MissingTimeoutOptions } from "./index";

/** Method names that may be one of the checked APIs (cheap filter before any symbol is read). */
export const candidateNames = new Set([
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
export const targetNames: ReadonlySet<string> = new Set([...candidateNames, "default"]);
export const axiosConfigIndex: Record<string, number> = {
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
export const axiosKeys: readonly string[] = ["timeout", "signal", "cancelToken"];
const gotKeys: readonly string[] = ["timeout", "signal"];
const gotMethods = new Set(["default", "get", "post", "put", "patch", "delete", "head", "stream", "extend"]);

export interface Candidate {
  call: CallExpression;
  parts?: CalleeParts;
}

export interface Check {
  family: Family;
  label: string;
  /** Where the options object is; undefined: this call has none (`exec(cmd, callback)`, `net.connect(port)`). */
  optionsIndex: number | undefined;
  /** Where a fix inserts a new options object when there is none; undefined: no fix of that kind. */
  insertAt?: number;
  keys: readonly string[];
  /** A `setTimeout`/`kill`-on-timer on the returned object in the same function also counts. */
  resultCanTimeOut: boolean;
  /** `exec`: a child process whose whole command is the first argument (execFile's is split in two). */
  runsShellCommand?: boolean;
  /** `execFile(file, [args], options)`: the command is the file and the argument list. */
  runsFileCommand?: boolean;
  fix: "signal" | "timeout" | "got-timeout" | "net-timeout";
  messageId: MessageId;
}

/**
 * Which commands count: the rule's option for calls it reports itself; every command for the
 * options-flow facts, where the command is usually a wrapper's parameter and the call that
 * finally provides the options is judged.
 */
export type CommandScope = MissingTimeoutOptions["childProcessCommands"] | "flow";

export function checkFor(fa: FileAnalysis, target: ApiTarget, candidate: Candidate, commands: CommandScope): Check | undefined {
  const { call } = candidate;
  const args = callArguments(call);
  const { module, name } = target;
  const kind = (i: number) => argKind(fa, args[i]);
  const label = labelOf(fa, target, candidate);
  const signalOrTimeout = ["signal", "timeout"];
  if ((module === "global" && name === "fetch") || (module === "undici" && name === "fetch") || (module === "node-fetch" && name === "default")) {
    const first = kind(0);
    // A Request may carry its own signal; an untyped argument counts as a URL only when its name or
    // its use elsewhere in the function (a string method called on it) says it is a string.
    if (first === "request" || (first === "unknown" && !looksLikeUrl(args[0]) && !usedAsString(args[0]))) return undefined;
    if (notNetworkUrl(args[0]) || ownInspectorUrl(fa, args[0]) || pageRelativeUrl(fa, args[0])) return undefined;
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
    // `request(url, options)` is the module's function; a dispatcher's own method
    // (`agent.request(options)`, `pool.request(options)`) takes its options first.
    const index = candidate.parts?.receiverExpression && !target.binding ? 0 : 1;
    return {
      family: "undici",
      label,
      optionsIndex: index,
      insertAt: index,
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
    if ((connectsToLocalPath(fa, args) || connectsToLoopback(fa, args)) && !readsReplies(fa, call)) return undefined;
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
    if (commands === "network" && !reachesNetwork(call, name, fa.dependencies)) return undefined;
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
      runsShellCommand: name === "exec",
      runsFileCommand: name === "execFile" && optionsIndex === 2,
    } as const;
    const k = kind(optionsIndex);
    if (k === undefined || k === "function") return { ...base, optionsIndex: undefined, insertAt: optionsIndex };
    if (k !== "object" && k !== "unknown") return undefined;
    return { ...base, optionsIndex };
  }
  if (module === "axios") {
    // An instance (`api.get`, `this.client.get`): its config lives where it was created.
    if (candidate.parts?.receiverExpression && !target.binding) return undefined;
    let index = Object.hasOwn(axiosConfigIndex, name) ? axiosConfigIndex[name] : undefined;
    if (index === undefined) return undefined;
    // `axios(x)`: x is the URL or the whole config. Untyped, it is read as the URL, but no options
    // object is inserted after it: if x is a config, axios ignores a second argument.
    const urlOrConfigUnknown = index === -1 && kind(0) === "unknown";
    if (index === -1) index = kind(0) === "object" || (kind(0) === "unknown" && holdsTimeoutOptions(fa, args[0], axiosKeys)) ? 0 : 1;
    return {
      family: "axios",
      label,
      optionsIndex: index,
      insertAt: urlOrConfigUnknown ? undefined : index,
      keys: axiosKeys,
      resultCanTimeOut: false,
      fix: "timeout",
      messageId: name === "create" ? "axiosCreate" : "axios",
    };
  }
  if (module === "got") {
    if (!target.binding || !gotMethods.has(name)) return undefined; // instances made by got.extend are checked there
    const index = name === "extend" || kind(0) === "object" || (kind(0) === "unknown" && holdsTimeoutOptions(fa, args[0], gotKeys)) ? 0 : 1;
    return {
      family: "got",
      label,
      optionsIndex: index,
      // As for axios: options inserted after an untyped first argument that may itself be the options would be ignored.
      insertAt: index === 1 && kind(0) === "unknown" ? undefined : index,
      keys: gotKeys,
      resultCanTimeOut: false,
      fix: "got-timeout",
      messageId: name === "extend" ? "gotExtend" : "got",
    };
  }
  return undefined;
}

/**
 * `net.connect(socketPath)`, `net.connect({ path })`: a Unix socket or named pipe, not a network
 * address (Node takes a non-numeric string as a pipe's path). Its peer is a process on the same
 * machine: nobody listening fails the connect at once, and a peer that dies closes the socket
 * (the kernel ends both sides), so none of the network's silent failures (a dropped packet, a
 * half-open connection behind a NAT) can leave it waiting.
 */
function connectsToLocalPath(fa: FileAnalysis, args: readonly Node[]): boolean {
  const first = args[0] ? skipOuterExpressions(args[0]) : undefined;
  if (!first) return false;
  if (first.kind === SyntaxKind.StringLiteral || first.kind === SyntaxKind.NoSubstitutionTemplateLiteral)
    return !/^\s*\d+\s*$/.test((first as unknown as { text: string }).text);
  if (argKind(fa, first) === "url") return true;
  return optionsState(fa, first, ["path"]).kind === "has";
}

/** A loopback host as written: `localhost`, `127.x.x.x`, `::1`. */
const loopbackHost = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

function isLoopbackLiteral(node: Node | undefined): boolean {
  const n = node && skipOuterExpressions(node);
  if (!n || (n.kind !== SyntaxKind.StringLiteral && n.kind !== SyntaxKind.NoSubstitutionTemplateLiteral)) return false;
  return loopbackHost.test((n as unknown as { text: string }).text);
}

/**
 * `net.connect(port, "localhost")`, `net.connect({ port, host: "127.0.0.1" })`: a TCP connection
 * to this machine, its loopback host written in the call. As with a local path,
 * the peer is a process on the same machine: nobody listening refuses the connect at once, the
 * kernel completes the handshake of a listener, and a peer that dies resets the socket, so no
 * dropped packet or half-open connection can leave the connect waiting. A host that is a variable
 * or a name other than the loopback's is not known to be local.
 */
function connectsToLoopback(fa: FileAnalysis, args: readonly Node[]): boolean {
  const first = args[0] ? skipOuterExpressions(args[0]) : undefined;
  if (!first) return false;
  if (first.kind === SyntaxKind.ObjectLiteralExpression) {
    const properties = (first as unknown as { properties: readonly Node[] }).properties;
    let host: Node | undefined;
    for (const property of properties) {
      if (property.kind === SyntaxKind.SpreadAssignment) return false;
      const name = textOf((property as unknown as { name?: Node }).name);
      if (name !== "host") continue;
      if (property.kind !== SyntaxKind.PropertyAssignment) return false;
      host = (property as unknown as { initializer: Node }).initializer;
    }
    return isLoopbackLiteral(host);
  }
  const isPort =
    first.kind === SyntaxKind.StringLiteral || first.kind === SyntaxKind.NoSubstitutionTemplateLiteral
      ? /^\s*\d+\s*$/.test((first as unknown as { text: string }).text)
      : argKind(fa, first) === "number";
  if (!isPort) return false;
  return isLoopbackLiteral(args[1]);
}

/**
 * The code that connects reads from the socket (a `'data'` or `'readable'` listener, a pipe, a
 * `for await`, `read()`): it waits for the peer's reply, which a live peer that stops answering
 * never sends, on a local socket as on a remote one. Read in the connecting function (the
 * file, at top level), on the variable that holds the socket or on the call's own chain.
 */
function readsReplies(fa: FileAnalysis, call: CallExpression): boolean {
  const scope = enclosingFunction(call) ?? fa.sourceFile;
  const text = fa.sourceFile.text.slice(scope.pos, scope.end);
  const holder = parentSkippingOuter(call).parent;
  const name = holder?.kind === SyntaxKind.VariableDeclaration ? textOf((holder as unknown as { name: Node }).name) : undefined;
  const reads = (subject: string) =>
    new RegExp(
      `${subject}\\s*\\.\\s*(on|once|addListener|prependListener)\\s*\\(\\s*["'\`](data|readable)["'\`]|${subject}\\s*\\.\\s*(pipe|read)\\s*\\(|\\bof\\s+${subject}\\s*\\)|\\bonce\\s*\\(\\s*${subject}\\s*,\\s*["'\`](data|readable)`,
    ).test(text);
  // The connect callback or a chained listener: `net.connect(path, () => { ...on("data"... })`.
  const own = call.getText(fa.sourceFile);
  if (/\.\s*(on|once)\s*\(\s*["'`](data|readable)["'`]|\.\s*pipe\s*\(/.test(own)) return true;
  return !!name && reads(`(?<![\\w$.])${identifierPattern(name)}`);
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

/**
 * `fetch("/api/users")`, `` fetch(`/items/${id}`) ``, `fetch("./data.json" + query)`, `fetch("")`: a
 * URL written in the code that is relative to a page. A browser resolves it against the page's
 * address; Node has no base URL, so its `fetch` (and undici's, and node-fetch) rejects at once
 * with an invalid URL, before any connection: no request can wait there (session 33: an SDK's
 * browser keepalive probe `fetch("")`). Not when the project sets undici's global origin
 * (`setGlobalOrigin`), which gives Node's `fetch` a base. Clients with a base URL of their own
 * (axios' `baseURL`, got's and ky's `prefixUrl`) are other checks and still reported.
 */
function pageRelativeUrl(fa: FileAnalysis, arg: Node | undefined): boolean {
  const written = arg && writtenUrlStart(skipOuterExpressions(arg));
  if (!written || !neverAbsolute(written.text, written.complete)) return false;
  const word = "setGlobalOrigin";
  return !fa.sourceFile.text.includes(word) && !fa.project?.filesMentioning(word).length;
}

/** The text a URL argument starts with, as written: a string, a template's head, the left end of a `+` chain. */
function writtenUrlStart(node: Node): { text: string; complete: boolean } | undefined {
  if (node.kind === SyntaxKind.StringLiteral || node.kind === SyntaxKind.NoSubstitutionTemplateLiteral)
    return { text: (node as unknown as { text: string }).text, complete: true };
  if (node.kind === SyntaxKind.TemplateExpression) return { text: (node as unknown as { head: { text: string } }).head.text, complete: false };
  if (node.kind === SyntaxKind.BinaryExpression) {
    const b = node as unknown as { left: Node; operatorToken: Node };
    if (b.operatorToken.kind !== SyntaxKind.PlusToken) return undefined;
    const left = writtenUrlStart(skipOuterExpressions(b.left));
    return left && { text: left.text, complete: false };
  }
  return undefined;
}

/**
 * No URL with this text (or starting with it, when not `complete`) parses without a base: an
 * absolute URL starts with a scheme, a letter then letters, digits, `+`, `-` or `.` up to a `:`
 * (after leading spaces and control characters, and with tabs and newlines removed, as the URL
 * parser reads it). `/x`, `./x`, `?q`, `api/x` and `""` never do; `` `${base}/x` `` and
 * `"localhost:3000"` (a scheme of that name) may.
 */
function neverAbsolute(text: string, complete: boolean): boolean {
  const t = text.replace(/^[\u0000-\u0020]+/, "").replace(/[\t\n\r]/g, "");
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*/.exec(t);
  if (!scheme) return complete || t.length > 0;
  const rest = t.slice(scheme[0].length);
  return rest.length > 0 ? !rest.startsWith(":") : complete;
}

/**
 * `fetch(new URL(inspector.url()))` (`node:inspector`), also through a `const` of the function
 * made so (then given another path, `/json/list`): the process's own inspector, which it opened
 * itself and whose server runs on its own thread, answering while the main thread waits. No other
 * process holds that port, and no network lies in between.
 */
function ownInspectorUrl(fa: FileAnalysis, arg: Node | undefined): boolean {
  let value = arg && skipOuterExpressions(arg);
  if (value?.kind === SyntaxKind.Identifier) {
    const name = textOf(value);
    let initializer: Node | undefined;
    forEachDescendant(
      enclosingFunction(value) ?? fa.sourceFile,
      node => {
        if (node.kind !== SyntaxKind.VariableDeclaration || textOf((node as unknown as { name: Node }).name) !== name) return;
        const list = node.parent;
        if (isConstList(list)) initializer = (node as unknown as { initializer?: Node }).initializer;
      },
      true,
    );
    value = initializer && skipOuterExpressions(initializer);
  }
  if (value?.kind === SyntaxKind.NewExpression && textOf(skipOuterExpressions((value as unknown as { expression: Node }).expression)) === "URL") {
    const first = callArguments(value)[0];
    value = first && skipOuterExpressions(first);
  }
  if (value?.kind !== SyntaxKind.CallExpression || callArguments(value).length) return false;
  const callee = skipOuterExpressions((value as CallExpression).expression);
  if (callee.kind === SyntaxKind.Identifier) {
    const binding = fa.bindings.forLocalName(textOf(callee)!);
    return binding?.module === "inspector" && binding.imported === "url";
  }
  if (callee.kind !== SyntaxKind.PropertyAccessExpression || textOf((callee as unknown as { name: Node }).name) !== "url") return false;
  const receiver = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
  const binding = receiver.kind === SyntaxKind.Identifier ? fa.bindings.forLocalName(textOf(receiver)!) : undefined;
  return binding?.module === "inspector" && (binding.imported === "*" || binding.imported === "default");
}

function looksLikeUrl(arg: Node | undefined): boolean {
  if (!arg) return false;
  return /url|uri|href|endpoint|link/i.test(arg.getText());
}

/**
 * String methods a `Request` (or a URL object) does not have: an untyped parameter that one of them
 * is called on in its function (`if (filePath.startsWith("http")) fetch(filePath)`) holds a string.
 * Methods arrays share (`includes`, `slice`, `indexOf`) prove nothing.
 */
const stringOnlyMethods = new Set([
  "startsWith",
  "endsWith",
  "toLowerCase",
  "toUpperCase",
  "trim",
  "trimStart",
  "trimEnd",
  "replace",
  "replaceAll",
  "padStart",
  "padEnd",
  "charAt",
  "charCodeAt",
  "substring",
  "split",
  "match",
  "localeCompare",
  "normalize",
]);

function usedAsString(arg: Node | undefined): boolean {
  const a = arg && skipOuterExpressions(arg);
  const name = a?.kind === SyntaxKind.Identifier ? textOf(a) : undefined;
  if (!a || !name) return false;
  // Only a parameter: in untyped code it is the input nothing types; a variable of the module may
  // hold anything its assignments put there (a generated loader's `data:` URL).
  const scope = declaringFunction(a, name);
  if (!scope) return false;
  let found = false;
  forEachDescendant(scope, n => {
    if (found || n.kind !== SyntaxKind.PropertyAccessExpression) return;
    const access = n as unknown as { expression: Node; name: Node; parent: Node };
    if (access.expression.kind !== SyntaxKind.Identifier || textOf(access.expression) !== name) return;
    if (!stringOnlyMethods.has(textOf(access.name) ?? "")) return;
    found = access.parent.kind === SyntaxKind.CallExpression && (access.parent as unknown as { expression: Node }).expression === n;
  });
  return found;
}

/** The nearest function around `node` that has `name` as a plain parameter: the name's scope there. */
function declaringFunction(node: Node, name: string): Node | undefined {
  for (let f = enclosingFunction(node); f; f = enclosingFunction(f)) {
    const params = (f as unknown as { parameters: readonly { name: Node }[] }).parameters;
    if (params.some(p => p.name.kind === SyntaxKind.Identifier && textOf(p.name) === name)) return f;
  }
  return undefined;
}

function labelOf(fa: FileAnalysis, target: ApiTarget, candidate: Candidate): string {
  const callee = calleeOf(candidate.call).getText(fa.sourceFile);
  const short = callee.length <= 40 && !/[\r\n\u2028\u2029]/.test(callee) ? callee : `${target.module}.${target.name}`;
  return `${short}()`;
}

/** axios/got are checked only where their declarations resolve (the package's own types). */
export function typesResolveTo(fa: FileAnalysis, candidate: Candidate, pkg: string): boolean {
  const nameNode = candidate.parts?.nameNode;
  if (!nameNode) return false;
  const symbol = fa.queries.symbolOf(nameNode);
  const decl = symbol ? fa.queries.declarationOf(symbol) : undefined;
  return !!decl && decl.fileName.includes(`/node_modules/${pkg}/`);
}

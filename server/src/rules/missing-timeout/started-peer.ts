// A request to a loopback service the program itself started: a server this module listens on, or
// a child process it spawned and handed a port it had just picked as free. See
// docs/rules/missing-timeout.md, "What is not reported".
//
// The peer is then the program's own: nothing listening refuses at once, no network lies in
// between, and a stall needs the program's own server or child to accept and never answer. A
// loopback port the program did not start anything on (a local daemon, a dev server the user
// runs, a port read from a configuration or the environment) may be held by any process, wedged
// or foreign, and stays reported; so does a port a spawned child is handed but that the caller
// or a configuration may choose (`options.port || await findFreePort()`): another program may
// already hold it, the child then fails to bind, and the request reaches the other program.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import {
  callArguments,
  calleeOf,
  contains,
  enclosingClass,
  enclosingFunction,
  forEachDescendant,
  identifierPattern,
  memberName,
  objectMembers,
  referenceName,
  skipOuterExpressions,
  textOf,
} from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import type { Check } from "./checked-apis";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { isPublicFunction } from "../../analysis/function-visibility";
import type { PromiseUse } from "../../analysis/promise-use";
import type { Site } from "../../analysis/call-graph";
import { rangeOf } from "../../analysis/positions";
import { executorPromise } from "./bounded-by-callers";
import { constInitializer, declaringScope, isLoopbackHostText, memberValue, unwrapConversion, urlPieces } from "./peer-address";

/** The text a file needs before anything here is read. */
const loopbackText = /localhost|127\.\d|::1|0\.0\.0\.0/i;
/** Functions that start a child process that keeps running (`spawn`, `fork`, `exec`, `execFile`, `execa`). */
const startsProcess = /^(spawn|fork|exec|execFile|execa|execaNode|execaCommand|crossSpawn)$/;
/**
 * A free-port helper by name: one that says so (`findFreePort`, `getAvailablePort`, `getRandomPort`,
 * `this._findFreePort()`) on any receiver; a plain `getPort`/`getPortPromise`/`detectPort` only
 * called bare or on an imported module (`portfinder.getPortPromise()`), not a configuration's
 * `config.getPort()`. Or any function of a port-finding package (`detect-port`, `portfinder`).
 */
const picksFreePortName =
  /^_*(get|find|pick|choose|allocate|reserve|acquire|next)?(Free|Available|Unused|Random|Open|Ephemeral)Ports?(Promise)?$|^_*(free|available|unused|random|open|ephemeral)Ports?$/;
const picksPortName = /^_*(get|find|pick|detect)Ports?(Promise)?$/;
const portPackage = /(^|[-/])(get-?port|detect-port|portfinder|find-free-ports?|get-port-please|port-finder|free-port|find-open-port)($|[-/])/;

const maxDepth = 3;
/** How many calls up a port parameter is followed to the code that starts its service. */
const maxHops = 2;

/**
 * Whether the request `call`, checked as `check`, goes to a loopback service this module starts
 * itself. `use`: the project's calls of its functions, for a port that is a parameter.
 */
export function requestsStartedPeer(fa: FileAnalysis, call: CallExpression, check: Check, use: () => PromiseUse): boolean {
  if (check.family === "child_process" || check.family === "net") return false;
  const text = fa.sourceFile.text;
  if (!loopbackText.test(text) || !/\blisten\b|\b(spawn|fork|exec|execFile|execa)\b/.test(text)) return false;
  const port = loopbackPort(fa, call, check);
  return !!port && isStartedPeerPort(fa, port, call, use, 0);
}

/** The port `port`, used by `request` (the request, or a call that hands the port on to it), is that of a service the program starts. */
function isStartedPeerPort(fa: FileAnalysis, port: Node, request: Node, use: () => PromiseUse, hops: number): boolean {
  const literal = skipOuterExpressions(port);
  if (literal.kind === SyntaxKind.NumericLiteral || literal.kind === SyntaxKind.StringLiteral) return listensOnLiteral(fa, textOf(literal)!, request);
  const root = rootOf(fa, port);
  if (!root) return false;
  const roots = aliasesOf(fa, root, 0);
  // A listener's own port: its server listens in this file.
  if (roots.some(r => sourcesOf(r).some(s => ownListenerPort(fa, s)))) return true;
  // A server listening on the port before the request, in the request's function or one around it
  // (or the request in its callback); a probe before the program's own listen may meet another
  // program on that port.
  if (roots.some(r => listenCalls(r).some(listen => listenedBefore(listen, request, fa)))) return true;
  // A port picked as free just before, that the program's own child or server is given.
  if (pickedFree(fa, root, 0) && roots.some(r => handedToChild(r) || listenCalls(r).length > 0)) return true;
  // A parameter of a function that only this file calls: each call hands it such a port (round 37).
  return hops < maxHops && roots.some(r => everyCallerHandsStartedPort(fa, r, use, hops));
}

function listenedBefore(listen: Node, request: Node, fa: FileAnalysis): boolean {
  if (contains(listen, request)) return true;
  // `await new Promise(resolve => server.listen(port, resolve))`: the executor runs as the promise is made.
  let at = listen;
  for (let fn = enclosingFunction(at); fn; fn = enclosingFunction(at)) {
    const promise = executorPromise(fn);
    if (!promise || contains(fn, request)) break;
    at = promise;
  }
  return contains(enclosingFunction(at) ?? fa.sourceFile, request) && at.end <= request.pos;
}

// --- A port handed in by the function's callers ----------------------------------------------------

/** Where a parameter sits: its index, and the property it is read from when the parameter is destructured (`{ port }`). */
interface ParameterSlot {
  index: number;
  property?: string;
}

/**
 * The root is a parameter of a function other modules cannot call (`isPublicFunction`), never
 * assigned, and the project's every call of it (known: `PromiseUse.callSitesOf`) is in this file
 * and hands it a port of a service the program starts, judged at that call.
 */
function everyCallerHandsStartedPort(fa: FileAnalysis, root: Root, use: () => PromiseUse, hops: number): boolean {
  const fn = root.scope;
  if (fn === fa.sourceFile || !isFunctionLike(fn) || isPublicFunction(fn)) return false;
  const slot = parameterSlot(fn, root.key);
  if (!slot || sourcesOf(root).length !== 1) return false;
  const sites = use().callSitesOf(fn);
  if (!sites?.length || sites.some(site => site.fileName !== fa.fileName)) return false;
  const calls = callsAt(fa, sites);
  return (
    !!calls &&
    calls.every(call => {
      const port = argumentAt(call, slot);
      return !!port && isStartedPeerPort(fa, port, call, use, hops + 1);
    })
  );
}

function parameterSlot(fn: FunctionLike, key: string): ParameterSlot | undefined {
  const params = (fn as unknown as { parameters?: readonly { name: Node; dotDotDotToken?: Node }[] }).parameters ?? [];
  for (const [index, param] of params.entries()) {
    if (param.dotDotDotToken) return undefined;
    if (param.name.kind === SyntaxKind.Identifier && textOf(param.name) === key) return { index };
    if (param.name.kind !== SyntaxKind.ObjectBindingPattern) continue;
    for (const element of (param.name as unknown as { elements: readonly { name: Node; propertyName?: Node; dotDotDotToken?: Node }[] }).elements) {
      if (element.dotDotDotToken || element.name.kind !== SyntaxKind.Identifier || textOf(element.name) !== key) continue;
      const property = element.propertyName ?? element.name;
      return property.kind === SyntaxKind.Identifier || property.kind === SyntaxKind.StringLiteral ? { index, property: textOf(property) } : undefined;
    }
  }
  return undefined;
}

/** The calls at `sites` (this file's), found by the callee's name and the range; undefined when one is not a call found so. */
function callsAt(fa: FileAnalysis, sites: readonly Site[]): CallExpression[] | undefined {
  const wanted = new Map(sites.map(site => [JSON.stringify(site.range), site.label]));
  const found: CallExpression[] = [];
  forEachDescendant(fa.sourceFile, node => {
    if (node.kind !== SyntaxKind.CallExpression) return;
    const name = referenceName(calleeOf(node as CallExpression));
    const key = name && JSON.stringify(rangeOf(fa.sourceFile, node));
    if (key && wanted.get(key) === name) found.push(node as CallExpression);
  });
  return found.length === wanted.size ? found : undefined;
}

/** What a call hands the parameter at `slot`: the argument, or the property of an object literal written there (no spread that could replace it). */
function argumentAt(call: CallExpression, slot: ParameterSlot): Node | undefined {
  const args = callArguments(call);
  if (args.slice(0, slot.index + 1).some(a => a.kind === SyntaxKind.SpreadElement)) return undefined;
  const arg = args[slot.index];
  if (!arg || slot.property === undefined) return arg;
  const value = skipOuterExpressions(arg);
  if (value.kind !== SyntaxKind.ObjectLiteralExpression) return undefined;
  const members = objectMembers(value);
  if (members.some(m => m.kind === SyntaxKind.SpreadAssignment)) return undefined;
  const member = members.find(m => memberName(m) === slot.property);
  return member && memberValue(member);
}

// --- Where the request goes: a loopback host and the expression of its port ------------------------

/** The port expression of a request whose host is a loopback host written in the code (or a constant of one). */
function loopbackPort(fa: FileAnalysis, call: CallExpression, check: Check): Node | undefined {
  const first = callArguments(call)[0];
  if (!first) return undefined;
  const value = skipOuterExpressions(first);
  if (value.kind === SyntaxKind.ObjectLiteralExpression) {
    // `http.request({ host: "127.0.0.1", port })`, `axios({ url })`, `got({ url })`.
    let host: Node | undefined;
    let port: Node | undefined;
    let url: Node | undefined;
    for (const member of objectMembers(value)) {
      const name = memberName(member);
      const init = memberValue(member);
      if (!init) continue;
      if (name === "host" || name === "hostname") host = init;
      else if (name === "port") port = init;
      else if (name === "url" || name === "baseURL") url = init;
    }
    if (url) return urlPort(fa, url, 0);
    if (check.family !== "http" || !host || !port || !isLoopbackHost(fa, host, 0)) return undefined;
    return port;
  }
  return urlPort(fa, value, 0);
}

/** The port of a URL written with a loopback host: `` `http://127.0.0.1:${port}/x` ``, `"http://localhost:" + port`, `new URL(path, base)`. */
function urlPort(fa: FileAnalysis, node: Node, depth: number): Node | undefined {
  const value = skipOuterExpressions(node);
  if (depth > maxDepth) return undefined;
  if (value.kind === SyntaxKind.Identifier) {
    const init = constInitializer(fa, value);
    return init ? urlPort(fa, init, depth + 1) : undefined;
  }
  if (value.kind === SyntaxKind.NewExpression && textOf(skipOuterExpressions((value as unknown as { expression: Node }).expression)) === "URL") {
    const args = callArguments(value);
    const base = args[1] ?? args[0];
    return base ? urlPort(fa, base, depth + 1) : undefined;
  }
  // The URL's pieces in order: literal text and expressions.
  const pieces = urlPieces(value);
  if (!pieces) return undefined;
  // `scheme://host:port`, the host and the port each a literal or an expression.
  const [head, ...rest] = pieces;
  if (typeof head !== "string") return undefined;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/(.*)$/i.exec(head);
  if (!scheme) return undefined;
  let after = scheme[1]!;
  let i = 0;
  if (after === "") {
    // The host is an expression: a constant of a loopback host.
    const host = rest[i++];
    if (!host || typeof host === "string" || !isLoopbackHost(fa, host, depth + 1)) return undefined;
    const next = rest[i++];
    if (typeof next !== "string") return undefined;
    after = next;
  } else {
    const hostPart = /^(\[[^\]]*\]|[^:/?#]*)/.exec(after)![1]!;
    if (!isLoopbackHostText(hostPart)) return undefined;
    after = after.slice(hostPart.length);
  }
  if (after === ":") {
    const port = rest[i];
    return port && typeof port !== "string" ? port : undefined;
  }
  const literal = /^:(\d+)(?:[/?#]|$)/.exec(after);
  return literal ? ({ kind: SyntaxKind.NumericLiteral, text: literal[1] } as unknown as Node) : undefined;
}

function isLoopbackHost(fa: FileAnalysis, node: Node, depth: number): boolean {
  const value = skipOuterExpressions(node);
  if (value.kind === SyntaxKind.StringLiteral || value.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return isLoopbackHostText(textOf(value)!);
  if (value.kind === SyntaxKind.Identifier && depth <= maxDepth) {
    const init = constInitializer(fa, value);
    return !!init && isLoopbackHost(fa, init, depth + 1);
  }
  return false;
}

// --- The port's value: the names and fields that carry it, where they are set ----------------------

/** A name or field that holds the port, and the code where it is read and set. */
interface Root {
  /** As written, without spaces: `port`, `this.port`, `this.options.port`, `opts.port`. */
  key: string;
  /** Its function (a local or parameter), its class (a `this.` field; the file for a constructor function's `this`), or the file. */
  scope: Node;
}

function rootOf(fa: FileAnalysis, node: Node): Root | undefined {
  const value = unwrapConversion(node);
  if (value.kind === SyntaxKind.Identifier) return { key: textOf(value)!, scope: declaringScope(fa, value, textOf(value)!) };
  if (value.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  let base = value;
  while (base.kind === SyntaxKind.PropertyAccessExpression) base = skipOuterExpressions((base as unknown as { expression: Node }).expression);
  const key = value.getText().replace(/\s+/g, "");
  if (base.kind === SyntaxKind.ThisKeyword) return { key, scope: enclosingClass(value) ?? fa.sourceFile };
  if (base.kind === SyntaxKind.Identifier) return { key, scope: declaringScope(fa, base, textOf(base)!) };
  return undefined;
}

/** What a root is set to in its scope: initializers, assignments, and `X` of `const { port } = X` (as the node `X`, marked). */
interface Source {
  value: Node;
  /** `const { port } = value`: the port is the value's `port` property. */
  destructured?: boolean;
}

function sourcesOf(root: Root): Source[] {
  const sources: Source[] = [];
  const bare = !root.key.includes(".");
  forEachDescendant(root.scope, node => {
    if (bare && node.kind === SyntaxKind.VariableDeclaration) {
      const decl = node as unknown as { name: Node; initializer?: Node };
      if (decl.name.kind === SyntaxKind.Identifier && textOf(decl.name) === root.key && decl.initializer) sources.push({ value: decl.initializer });
      return;
    }
    if (bare && node.kind === SyntaxKind.BindingElement) {
      const element = node as unknown as { name: Node; propertyName?: Node; parent: Node };
      if (textOf(element.name) !== root.key) return;
      const pattern = element.parent;
      const holder = pattern.parent as unknown as { kind: SyntaxKind; initializer?: Node };
      if (
        pattern.kind === SyntaxKind.ObjectBindingPattern &&
        holder.kind === SyntaxKind.VariableDeclaration &&
        holder.initializer &&
        textOf(element.propertyName ?? element.name) === "port"
      )
        sources.push({ value: holder.initializer, destructured: true });
      else sources.push({ value: node });
      return;
    }
    if (node.kind === SyntaxKind.BinaryExpression) {
      const b = node as unknown as { left: Node; operatorToken: Node; right: Node };
      if (b.operatorToken.kind !== SyntaxKind.EqualsToken) return;
      if (skipOuterExpressions(b.left).getText().replace(/\s+/g, "") === root.key) sources.push({ value: b.right });
      return;
    }
    // A field's initial value (`port = 3000;`); a placeholder (`port = 0`, `undefined`, `null`) sets no port.
    if (node.kind === SyntaxKind.PropertyDeclaration && root.key === `this.${textOf((node as unknown as { name: Node }).name)}`) {
      const init = (node as unknown as { initializer?: Node }).initializer;
      if (init && !/^(0|-1|undefined|null)$/.test(skipOuterExpressions(init).getText())) sources.push({ value: init });
      return;
    }
    if (bare && node.kind === SyntaxKind.Parameter && textOf((node as unknown as { name: Node }).name) === root.key) sources.push({ value: node });
  });
  return sources;
}

/** The root and the names and fields it is set from (`this.port = port`, `const port = this.port`), a few steps deep. */
function aliasesOf(fa: FileAnalysis, root: Root, depth: number, seen = new Set<string>()): Root[] {
  const id = `${root.key}@${root.scope.pos}`;
  if (seen.has(id)) return [];
  seen.add(id);
  const out = [root];
  if (depth >= maxDepth) return out;
  for (const source of sourcesOf(root)) {
    if (source.destructured) continue;
    const value = skipOuterExpressions(source.value);
    if (value.kind === SyntaxKind.AwaitExpression) continue;
    const alias = value.kind === SyntaxKind.Identifier || value.kind === SyntaxKind.PropertyAccessExpression ? rootOf(fa, value) : undefined;
    if (alias) out.push(...aliasesOf(fa, alias, depth + 1, seen));
  }
  // Set the other way: `this.port = port` where the request reads `port` (the field's own scope).
  return out;
}

/**
 * Every value the port is set to is a port the program picked as free (`await getPort()`,
 * `portfinder.getPortPromise()`, `server.address().port`), directly or through names and fields
 * set from one. A parameter, a configured value, or `a || pick()` is not.
 */
function pickedFree(fa: FileAnalysis, root: Root, depth: number): boolean {
  if (depth > maxDepth) return false;
  const sources = sourcesOf(root);
  if (sources.length === 0) return false;
  return sources.every(source => {
    if (source.destructured) return addressOf(source.value) !== undefined;
    let value = skipOuterExpressions(source.value);
    if (value.kind === SyntaxKind.AwaitExpression) value = skipOuterExpressions((value as unknown as { expression: Node }).expression);
    if (value.kind === SyntaxKind.CallExpression && picksPort(fa, value as CallExpression)) return true;
    if (portOfAddress(value)) return true;
    const alias = value.kind === SyntaxKind.Identifier || value.kind === SyntaxKind.PropertyAccessExpression ? rootOf(fa, value) : undefined;
    return !!alias && alias.key !== root.key && pickedFree(fa, alias, depth + 1);
  });
}

function picksPort(fa: FileAnalysis, call: CallExpression): boolean {
  const callee = calleeOf(call);
  const name = referenceName(callee);
  if (!name) return false;
  if (picksFreePortName.test(name)) return true;
  let base = callee;
  while (base.kind === SyntaxKind.PropertyAccessExpression) base = skipOuterExpressions((base as unknown as { expression: Node }).expression);
  const module = base.kind === SyntaxKind.Identifier ? fa.bindings.forLocalName(textOf(base)!)?.module : undefined;
  if (module && portPackage.test(module)) return true;
  // A plain name: called bare, or on an imported module.
  return picksPortName.test(name) && (callee.kind === SyntaxKind.Identifier || (!!module && base !== callee));
}

/** `X.address().port` → `X`. */
function portOfAddress(value: Node): Node | undefined {
  if (value.kind !== SyntaxKind.PropertyAccessExpression || referenceName(value) !== "port") return undefined;
  return addressOf(skipOuterExpressions((value as unknown as { expression: Node }).expression));
}

/** `X.address()` (also `X.address() as AddressInfo`) → `X`. */
function addressOf(node: Node): Node | undefined {
  const value = skipOuterExpressions(node);
  if (value.kind !== SyntaxKind.CallExpression || callArguments(value).length) return undefined;
  const callee = calleeOf(value as CallExpression);
  if (callee.kind !== SyntaxKind.PropertyAccessExpression || referenceName(callee) !== "address") return undefined;
  return skipOuterExpressions((callee as unknown as { expression: Node }).expression);
}

// --- The program starts the peer --------------------------------------------------------------------

/** The `listen(...)` calls in the root's scope given the root as their port (`server.listen(port)`, `listen({ port })`). */
function listenCalls(root: Root): Node[] {
  const found: Node[] = [];
  forEachDescendant(root.scope, node => {
    if (node.kind !== SyntaxKind.CallExpression || referenceName(calleeOf(node as CallExpression)) !== "listen") return;
    const first = callArguments(node)[0];
    if (!first) return;
    const value = skipOuterExpressions(first);
    if (value.kind === SyntaxKind.ObjectLiteralExpression) {
      for (const member of objectMembers(value)) {
        if (memberName(member) !== "port") continue;
        const init = memberValue(member);
        if (init && sameKey(init, root.key)) found.push(node);
      }
      return;
    }
    if (sameKey(value, root.key)) found.push(node);
  });
  return found;
}

/** `server.listen(8080)` before a request to `http://localhost:8080`, in its function or one around it. */
function listensOnLiteral(fa: FileAnalysis, port: string, request: Node): boolean {
  let found = false;
  forEachDescendant(fa.sourceFile, node => {
    if (found || node.kind !== SyntaxKind.CallExpression || referenceName(calleeOf(node as CallExpression)) !== "listen") return;
    const first = callArguments(node)[0];
    const value = first && skipOuterExpressions(first);
    if (
      value &&
      (value.kind === SyntaxKind.NumericLiteral || value.kind === SyntaxKind.StringLiteral) &&
      textOf(value) === port &&
      listenedBefore(node, request, fa)
    )
      found = true;
  });
  return found;
}

function sameKey(node: Node, key: string): boolean {
  return unwrapConversion(node).getText().replace(/\s+/g, "") === key;
}

/**
 * The port is a listener's own (`server.address().port`, `const { port } = server.address()`)
 * whose server this file makes listen (`server.listen(0)`, `const server = app.listen(0)`).
 */
function ownListenerPort(fa: FileAnalysis, source: Source): boolean {
  let value = skipOuterExpressions(source.value);
  if (value.kind === SyntaxKind.AwaitExpression) value = skipOuterExpressions((value as unknown as { expression: Node }).expression);
  const server = source.destructured ? addressOf(value) : portOfAddress(value);
  if (!server) return false;
  const name = server.getText().replace(/\s+/g, "");
  const pattern = identifierPattern(name);
  const text = fa.sourceFile.text;
  return (
    new RegExp(`(?<![\\w$.])${pattern}\\s*\\.\\s*listen\\s*\\(`).test(text) || new RegExp(`(?<![\\w$.])${pattern}\\s*=[^;\\n]*\\.listen\\s*\\(`).test(text)
  );
}

/**
 * A call in the root's scope that starts a child process (`spawn`, `fork`, `exec`, `execFile`,
 * `execa`) with the root in its arguments or its environment, written there or in a variable
 * the call is given (`const args = [...]; args.push("--port", String(port)); spawn(bin, args)`).
 */
function handedToChild(root: Root): boolean {
  const key = new RegExp(`(?<![\\w$.])${identifierPattern(root.key)}(?![\\w$])`);
  let found = false;
  forEachDescendant(root.scope, node => {
    if (found || node.kind !== SyntaxKind.CallExpression) return;
    const name = referenceName(calleeOf(node as CallExpression));
    if (!name || !startsProcess.test(name)) return;
    const args = callArguments(node);
    if (args.some(a => key.test(a.getText()))) {
      found = true;
      return;
    }
    // Names given to the call: their initializers and what is pushed or set on them in the call's function.
    const scope = enclosingFunction(node) ?? root.scope;
    const names = new Set<string>();
    for (const a of args) {
      const v = skipOuterExpressions(a);
      if (v.kind === SyntaxKind.Identifier) names.add(textOf(v)!);
      else forEachDescendant(v, n => n.kind === SyntaxKind.ShorthandPropertyAssignment && names.add(textOf((n as unknown as { name: Node }).name)!), true);
      if (v.kind === SyntaxKind.ObjectLiteralExpression)
        for (const m of objectMembers(v)) {
          const init = m.kind === SyntaxKind.PropertyAssignment ? skipOuterExpressions((m as unknown as { initializer: Node }).initializer) : undefined;
          if (init?.kind === SyntaxKind.Identifier) names.add(textOf(init)!);
        }
    }
    for (const name of names) if (namedValueMentions(scope, name, key)) found = true;
  });
  return found;
}

function namedValueMentions(scope: Node, name: string, key: RegExp): boolean {
  let found = false;
  forEachDescendant(scope, node => {
    if (found) return;
    if (node.kind === SyntaxKind.VariableDeclaration) {
      const decl = node as unknown as { name: Node; initializer?: Node };
      if (textOf(decl.name) === name && decl.initializer && key.test(decl.initializer.getText())) found = true;
      return;
    }
    if (node.kind === SyntaxKind.CallExpression) {
      const callee = calleeOf(node as CallExpression);
      if (callee.kind !== SyntaxKind.PropertyAccessExpression || !/^(push|unshift|splice|concat)$/.test(referenceName(callee) ?? "")) return;
      const receiver = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
      if (textOf(receiver) === name && callArguments(node).some(a => key.test(a.getText()))) found = true;
      return;
    }
    if (node.kind === SyntaxKind.BinaryExpression) {
      const b = node as unknown as { left: Node; operatorToken: Node; right: Node };
      if (b.operatorToken.kind !== SyntaxKind.EqualsToken) return;
      const left = skipOuterExpressions(b.left);
      let base = left;
      while (base.kind === SyntaxKind.PropertyAccessExpression || base.kind === SyntaxKind.ElementAccessExpression)
        base = skipOuterExpressions((base as unknown as { expression: Node }).expression);
      if (textOf(base) === name && key.test(b.right.getText())) found = true;
    }
  });
  return found;
}

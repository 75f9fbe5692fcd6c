// A server's request handler that forwards to a second server the same function starts in this
// process, on the same host and port: a dev command that serves the web side and proxies `/api`
// to the API server it starts beside it. See docs/rules/missing-timeout.md, "What is not
// reported" (round 45).
//
// The peer is the program's own listener, bound to the host and port the request names (a bind
// needs an address of this machine): no network lies between, and the request waits only as long
// as the program's own API handler, where a timeout belongs. The handler runs only when a client
// calls the first server, so a request made before the second server is up is refused at once.
// Anything looser stays reported: a port or host that may be reassigned, a second server started
// in another block or through more than one function, a request outside a handler given to a
// server start (a probe may run before the program listens and meet another program's port).
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import {
  callArguments,
  calleeOf,
  forEachDescendant,
  identifierPattern,
  memberName,
  objectMembers,
  referenceName,
  skipOuterExpressions,
  textOf,
} from "../../analysis/syntax";
import { isFunctionLike } from "../../analysis/async-context";
import type { FileAnalysis } from "../rule";
import type { Check } from "./checked-apis";
import { constInitializer, declaringScope, isLoopbackHostText, memberValue, unwrapConversion, urlPieces } from "./peer-address";

/** Calls that start a server or make one whose handler they are given. */
const serverStartName = /^(listen|serve|createServer)$/;
/** Calls whose function argument answers requests; `listen`'s callback runs once, when the server is up, not per request. */
const handlerTakerName = /^(serve|createServer)$/;
const maxDepth = 3;

/** Where a request goes: the port's expression and the host's (undefined for a loopback host written in the URL). */
interface Target {
  port: Node;
  host?: Node;
}

/** Whether the request `call` sits in a handler given to a server start and goes to a server the same block starts on its host and port. */
export function proxiesToOwnServer(fa: FileAnalysis, call: CallExpression, check: Check): boolean {
  if (check.family === "child_process" || check.family === "net") return false;
  if (!/\b(listen|serve)\b/.test(fa.sourceFile.text)) return false;
  const first = callArguments(call)[0];
  const target = first && targetOf(fa, first, 0);
  if (!target) return false;
  const start = handlerHolder(fa, call);
  if (!start) return false;
  const statement = statementOf(start);
  const block = statement?.parent;
  if (!statement || !block || (block.kind !== SyntaxKind.Block && block.kind !== SyntaxKind.SourceFile)) return false;
  const statements = (block as unknown as { statements: readonly Node[] }).statements;
  return statements.some(other => other !== statement && startsPeer(fa, callOfStatement(other), target));
}

// --- The request's host and port -------------------------------------------------------------------

/** `` `http://${host}:${port}/x` ``, or a URL whose leading expression is such a base (`` `${apiTarget}${path}` ``), through constants. */
function targetOf(fa: FileAnalysis, node: Node, depth: number): Target | undefined {
  if (depth > maxDepth) return undefined;
  const value = skipOuterExpressions(node);
  if (value.kind === SyntaxKind.Identifier) {
    const init = constInitializer(fa, value);
    return init ? targetOf(fa, init, depth + 1) : undefined;
  }
  const pieces = urlPieces(value);
  if (!pieces) return undefined;
  const [head, second, third, fourth, fifth] = pieces;
  if (head === "" && second && typeof second !== "string") return targetOf(fa, second, depth + 1);
  if (typeof head !== "string") return undefined;
  const literalHost = /^https?:\/\/([^:/?#]*):$/i.exec(head);
  if (literalHost) {
    if (!isLoopbackHostText(literalHost[1]!) || !second || typeof second === "string" || !endsPort(third)) return undefined;
    return { port: second };
  }
  if (!/^https?:\/\/$/i.test(head) || !second || typeof second === "string" || third !== ":" || !fourth || typeof fourth === "string") return undefined;
  return endsPort(fifth) ? { port: fourth, host: second } : undefined;
}

/** What follows a port: nothing, a path, a query or a fragment written out, or an expression of one (`${req.url}`); not more digits. */
function endsPort(next: string | Node | undefined): boolean {
  return typeof next !== "string" || /^[/?#]/.test(next);
}

/** A name or field that holds the value, as written (`apiHost`, `this.port`); a bracketed IPv6 form of a host (`` h.includes(":") ? `[${h}]` : h ``) is the host. */
function keyOf(node: Node): string | undefined {
  const value = unwrapConversion(node);
  if (value.kind === SyntaxKind.Identifier || value.kind === SyntaxKind.PropertyAccessExpression) return value.getText().replace(/\s+/g, "");
  if (value.kind === SyntaxKind.ConditionalExpression) {
    const c = value as unknown as { whenTrue: Node; whenFalse: Node };
    const a = keyOf(c.whenTrue);
    return a !== undefined && a === keyOf(c.whenFalse) ? a : undefined;
  }
  const pieces = urlPieces(value);
  if (pieces?.length === 3 && pieces[0] === "[" && pieces[2] === "]" && typeof pieces[1] !== "string") return keyOf(pieces[1]!);
  return undefined;
}

/** The name a value is read from, when it holds one value in its scope (a `const`, or a `var` nothing else assigns). */
function steadyName(fa: FileAnalysis, node: Node): Node | undefined {
  let value = unwrapConversion(node);
  if (value.kind === SyntaxKind.ConditionalExpression) value = unwrapConversion((value as unknown as { whenFalse: Node }).whenFalse);
  return value.kind === SyntaxKind.Identifier && constInitializer(fa, value) ? value : undefined;
}

// --- The server whose handler makes the request ----------------------------------------------------

/** The server start (`serve({ fetch, middleware: [...] })`, `createServer(handler)`) given a function that holds the request. */
function handlerHolder(fa: FileAnalysis, call: Node): CallExpression | undefined {
  for (let node: Node | undefined = call.parent; node; node = node.parent) {
    if (!isFunctionLike(node)) continue;
    let at: Node = node;
    let parent = at.parent;
    while (
      parent &&
      (parent.kind === SyntaxKind.PropertyAssignment ||
        parent.kind === SyntaxKind.ObjectLiteralExpression ||
        parent.kind === SyntaxKind.ArrayLiteralExpression ||
        parent.kind === SyntaxKind.ParenthesizedExpression)
    ) {
      at = parent;
      parent = at.parent;
    }
    if (parent?.kind === SyntaxKind.CallExpression && callArguments(parent).includes(at) && isServerStart(fa, parent as CallExpression, handlerTakerName))
      return parent as CallExpression;
  }
  return undefined;
}

function isServerStart(fa: FileAnalysis, call: CallExpression, names = serverStartName): boolean {
  const callee = calleeOf(call);
  const name = referenceName(callee);
  if (!name) return false;
  if (names.test(name)) return true;
  return callee.kind === SyntaxKind.Identifier && names.test(fa.bindings.forLocalName(name)?.imported ?? "");
}

// --- The second server: started by a statement of the same block -----------------------------------

function statementOf(call: Node): Node | undefined {
  let node = call;
  while (node.parent && node.parent.kind !== SyntaxKind.Block && node.parent.kind !== SyntaxKind.SourceFile) {
    const parent = node.parent;
    if (
      parent.kind !== SyntaxKind.AwaitExpression &&
      parent.kind !== SyntaxKind.ExpressionStatement &&
      parent.kind !== SyntaxKind.VariableDeclaration &&
      parent.kind !== SyntaxKind.VariableDeclarationList &&
      parent.kind !== SyntaxKind.VariableStatement &&
      parent.kind !== SyntaxKind.ParenthesizedExpression
    )
      return undefined;
    node = parent;
  }
  return node;
}

/** The call a statement makes: `f(...)`, `await f(...)`, `const x = await f(...)`. */
function callOfStatement(statement: Node): CallExpression | undefined {
  let value: Node | undefined;
  if (statement.kind === SyntaxKind.ExpressionStatement) value = (statement as unknown as { expression: Node }).expression;
  else if (statement.kind === SyntaxKind.VariableStatement) {
    const list = (statement as unknown as { declarationList: { declarations: readonly { initializer?: Node }[] } }).declarationList;
    if (list.declarations.length === 1) value = list.declarations[0]!.initializer;
  }
  if (!value) return undefined;
  value = skipOuterExpressions(value);
  if (value.kind === SyntaxKind.AwaitExpression) value = skipOuterExpressions((value as unknown as { expression: Node }).expression);
  return value.kind === SyntaxKind.CallExpression ? (value as CallExpression) : undefined;
}

/**
 * The statement's call starts a server on the target's port and host: `listen(port, host)`,
 * `serve({ port, hostname })`, or a function of this file whose parameters it hands them and that
 * starts the server so (`startApiServer(entry, apiHost, apiPort)`).
 */
function startsPeer(fa: FileAnalysis, call: CallExpression | undefined, target: Target): boolean {
  if (!call) return false;
  const portName = steadyName(fa, target.port);
  const hostName = target.host && steadyName(fa, target.host);
  if (!portName || (target.host && !hostName)) return false;
  const port = keyOf(portName)!;
  const host = hostName && keyOf(target.host!);
  const sameName = (arg: Node | undefined, key: string, name: Node) =>
    !!arg && keyOf(arg) === key && declaringScope(fa, unwrapConversion(arg), key) === declaringScope(fa, name, key);
  if (isServerStart(fa, call)) {
    const bound = boundTo(call);
    return !!bound && sameName(bound.port, port, portName) && (host === undefined ? hostAllowsLoopback(bound.host) : sameName(bound.host, host, hostName!));
  }
  // One step into a function of this file, given the port (and the host) as parameters.
  const fn = localFunction(fa, call);
  if (!fn) return false;
  const params = fn.parameters;
  if (params.some(p => p.dotDotDotToken || p.name.kind !== SyntaxKind.Identifier)) return false;
  const args = callArguments(call);
  if (args.some(a => a.kind === SyntaxKind.SpreadElement)) return false;
  const paramFor = (key: string, name: Node) => {
    const index = args.findIndex(a => sameName(a, key, name));
    return index >= 0 && index < params.length ? textOf(params[index]!.name) : undefined;
  };
  const portParam = paramFor(port, portName);
  const hostParam = host === undefined ? undefined : paramFor(host, hostName!);
  if (!portParam || (host !== undefined && !hostParam)) return false;
  if (assigns(fn.body, portParam) || (hostParam && assigns(fn.body, hostParam))) return false;
  let found = false;
  forEachDescendant(
    fn.body,
    node => {
      if (found || node.kind !== SyntaxKind.CallExpression || !isServerStart(fa, node as CallExpression)) return;
      const bound = boundTo(node as CallExpression);
      if (!bound?.port || keyOf(bound.port) !== portParam) return;
      found = hostParam === undefined ? hostAllowsLoopback(bound.host) : !!bound.host && keyOf(bound.host) === hostParam;
    },
    true,
  );
  return found;
}

/** The port and host a server start binds: `listen(port, host)`, `listen({ port, host })`, `serve({ ...app, port, hostname })`. */
function boundTo(call: CallExpression): { port?: Node; host?: Node } | undefined {
  const args = callArguments(call);
  const first = args[0] && skipOuterExpressions(args[0]);
  if (!first) return undefined;
  if (first.kind !== SyntaxKind.ObjectLiteralExpression) return referenceName(calleeOf(call)) === "listen" ? { port: first, host: args[1] } : undefined;
  const out: { port?: Node; host?: Node } = {};
  for (const member of objectMembers(first)) {
    // A spread after the port may replace it.
    if (member.kind === SyntaxKind.SpreadAssignment) {
      out.port = undefined;
      out.host = undefined;
      continue;
    }
    const name = memberName(member);
    if (name === "port") out.port = memberValue(member);
    else if (name === "host" || name === "hostname") out.host = memberValue(member);
  }
  return out.port ? out : undefined;
}

/** A server that binds no host listens on every address, loopback among them; one that names a host must name a loopback host. */
function hostAllowsLoopback(host: Node | undefined): boolean {
  if (!host) return true;
  const value = skipOuterExpressions(host);
  return (value.kind === SyntaxKind.StringLiteral || value.kind === SyntaxKind.NoSubstitutionTemplateLiteral) && isLoopbackHostText(textOf(value)!);
}

interface LocalFunction {
  parameters: readonly { name: Node; dotDotDotToken?: Node }[];
  body: Node;
}

/** The function a bare call names, declared in this file (`function f() {}`, `const f = () => {}`). */
function localFunction(fa: FileAnalysis, call: CallExpression): LocalFunction | undefined {
  const callee = skipOuterExpressions(calleeOf(call));
  if (callee.kind !== SyntaxKind.Identifier) return undefined;
  const name = textOf(callee);
  let found: LocalFunction | undefined;
  let count = 0;
  for (const statement of (fa.sourceFile as unknown as { statements: readonly Node[] }).statements) {
    let fn: Node | undefined;
    if (statement.kind === SyntaxKind.FunctionDeclaration && textOf((statement as unknown as { name?: Node }).name) === name) fn = statement;
    if (statement.kind === SyntaxKind.VariableStatement)
      for (const decl of (statement as unknown as { declarationList: { declarations: readonly { name: Node; initializer?: Node }[] } }).declarationList
        .declarations)
        if (textOf(decl.name) === name && decl.initializer) fn = skipOuterExpressions(decl.initializer);
    if (!fn) continue;
    count++;
    const body = (fn as unknown as { body?: Node }).body;
    if (isFunctionLike(fn) && body) found = { parameters: (fn as unknown as LocalFunction).parameters, body };
  }
  return count === 1 ? found : undefined;
}

function assigns(body: Node, name: string): boolean {
  return new RegExp(`(?<![\\w$.])${identifierPattern(name)}\\s*([-+*/|&]|\\?\\?|\\|\\||&&)?=(?![=>])`).test(body.getText());
}

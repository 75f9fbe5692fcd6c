// A pipe between the two legs of an HTTP proxy that the code ties together both ways (session 28),
// read from syntax; the rule's decide phase checks by type that the incoming end is Node's
// `IncomingMessage`. Such a message emits 'error' only when it has a listener (Node keeps the old
// behaviour: `_http_incoming.js`'s `onError` drops the error when `listenerCount('error')` is 0),
// so an aborted response or request crashes nothing; what is left is the leak, one leg open when
// the other fails, and the tie closes it:
// - the upstream's response piped on (`http.request(opts, up => up.pipe(res))`, or the
//   `'response'` listener of a named request): the request's 'error' listener ends, destroys or
//   passes its error to the destination (or the last stream of the pipe chain), and a `'close'`
//   listener of that stream destroys or aborts the request (the client left: the upstream closes);
// - the request a server handler received piped upstream (`(req, res) => req.pipe(upstream)`): a
//   `'close'` listener of the request or its response destroys or aborts the destination, and the
//   destination's 'error' listener ends, destroys or passes its error to the response (or request),
//   or resumes the request (session 29: an upload piped into a parser, `req.resume()` on the
//   parser's failure reads the rest of the body to its end, so the request is not left paused open).
// An end or close only under a test of `headersSent` does not count: once the body is piped the
// headers are sent, so it never runs.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import {
  callArguments,
  calleeParts,
  enclosingFunction,
  forEachDescendant,
  listenerMethods,
  nodeField as get,
  skipOuterExpressions,
  stringLiteralText,
  textOf,
} from "../../analysis/syntax";
import { callTaking } from "./stream-ends";
import { functionsNamed } from "./file-lookups";

/** Which leg the pipe's source is; `destinationClosed`: the destination itself is closed when the upstream fails. */
export interface ProxyTie {
  incoming: "response" | "request";
  destinationClosed: boolean;
}

const closes = new Set(["destroy", "abort"]);
const ends = new Set(["end", "destroy"]);
/** What drains a paused request to its end: a destination that failed unpiped it, `resume()` reads and drops the rest. */
const drains = new Set(["resume"]);

/** `src.pipe(dst)` between the legs of a proxy tied both ways, or undefined. */
export function proxyTie(call: Node): ProxyTie | undefined {
  const parts = calleeParts(get(call, "expression"));
  const source = parts?.receiverExpression && skipOuterExpressions(parts.receiverExpression);
  const destination = callArguments(call)[0];
  if (!source || source.kind !== SyntaxKind.Identifier || !destination) return undefined;
  const handler = declaringFunction(call, textOf(source)!);
  if (!handler) return undefined;
  const dst = key(destination);
  const last = key(chainEnd(call));
  // The upstream's response: the first parameter of the callback of `x.request(...)`/`x.get(...)`
  // kept in a name, or of that name's 'response' listener.
  const request = requestOf(handler);
  if (request) {
    const scope = enclosingFunction(request.call) ?? call.getSourceFile();
    const targets = [dst, last].filter((t): t is string => !!t);
    const onError = listenersOf(scope, [request.name], "error");
    const closedBy = (t: string) => onError.some(l => acts(l, [t], ends, true, scope));
    if (!targets.some(closedBy)) return undefined;
    if (!listenersOf(scope, targets, "close").some(l => acts(l, [request.name], closes, false, scope))) return undefined;
    return { incoming: "response", destinationClosed: !!dst && closedBy(dst) };
  }
  // The request a server handler received: `(req, res) => ...`, the pipe's source its first parameter.
  const params = get<readonly Node[] | undefined>(handler, "parameters") ?? [];
  const response = params[1] && textOf(get<Node>(params[1], "name"));
  if (!response || !dst || get<Node>(params[1], "name").kind !== SyntaxKind.Identifier) return undefined;
  const incoming = [textOf(source)!, response];
  if (!listenersOf(handler, incoming, "close").some(l => acts(l, [dst], closes, false, handler))) return undefined;
  const closesIncoming = (l: Node) => acts(l, incoming, ends, true, handler) || acts(l, [textOf(source)!], drains, false, handler);
  if (!listenersOf(handler, [dst], "error").some(closesIncoming)) return undefined;
  return { incoming: "request", destinationClosed: false };
}

/** The nearest function around `node` with a parameter named `name`, when it is the first one. */
function declaringFunction(node: Node, name: string): Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    const params = get<readonly Node[] | undefined>(n, "parameters") ?? [];
    const at = params.findIndex(p => textOf(get<Node>(p, "name")) === name);
    if (at >= 0) return at === 0 ? n : undefined;
  }
  return undefined;
}

/** The request whose response `fn` receives: `const r = http.request(opts, fn)`, `r = get(url, fn)`, `r.on("response", fn)`. */
function requestOf(fn: Node): { name: string; call: Node } | undefined {
  const taking = callTaking(fn);
  if (!taking) return undefined;
  const { call, parts, args, argument: outer } = taking;
  if (listenerMethods.has(parts.nameNode.text) && stringLiteralText(args[0]) === "response" && args[1] === outer) {
    const name = parts.receiverExpression && key(parts.receiverExpression);
    return name ? { name, call } : undefined;
  }
  if ((parts.nameNode.text !== "request" && parts.nameNode.text !== "get") || args[args.length - 1] !== outer) return undefined;
  let top: Node = call;
  while (top.parent?.kind === SyntaxKind.ParenthesizedExpression) top = top.parent;
  const holder = top.parent;
  let name: string | undefined;
  if (holder?.kind === SyntaxKind.VariableDeclaration && get<Node>(holder, "initializer") === top) name = key(get<Node>(holder, "name"));
  else if (
    holder?.kind === SyntaxKind.BinaryExpression &&
    get<Node>(holder, "operatorToken").kind === SyntaxKind.EqualsToken &&
    get<Node>(holder, "right") === top
  )
    name = key(get<Node>(holder, "left"));
  return name ? { name, call } : undefined;
}

/** The last destination of the chain the pipe is in: `a.pipe(b).pipe(c)` → `c`. */
function chainEnd(call: Node): Node | undefined {
  let n = call;
  for (;;) {
    let outer: Node = n;
    while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
    const access = outer.parent;
    const next = access?.parent;
    if (access?.kind !== SyntaxKind.PropertyAccessExpression || textOf(get(access, "name")) !== "pipe" || next?.kind !== SyntaxKind.CallExpression) break;
    n = next;
  }
  return callArguments(n)[0];
}

/** A name or property path as written, without spaces and `!`. */
function key(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  const e = skipOuterExpressions(n);
  if (e.kind !== SyntaxKind.Identifier && e.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  return e.getText().replace(/[\s!]+/g, "");
}

/** The listeners `scope` registers for `event` on one of `emitters` (`x.on(event, l)` and friends). */
function listenersOf(scope: Node, emitters: string[], event: string): Node[] {
  const out: Node[] = [];
  forEachDescendant(scope, n => {
    if (n.kind !== SyntaxKind.CallExpression) return;
    const parts = calleeParts(get(n, "expression"));
    const args = callArguments(n);
    if (!parts?.receiverExpression || !listenerMethods.has(parts.nameNode.text) || stringLiteralText(args[0]) !== event || !args[1]) return;
    const emitter = key(parts.receiverExpression);
    if (emitter && emitters.includes(emitter)) out.push(skipOuterExpressions(args[1]));
  });
  return out;
}

/**
 * The listener (a function written there, or named: a function of `scope` or the file) calls one
 * of `methods` on one of `targets` (`res.end()`, `upstream.destroy()`), or `emit("error", ...)` on it
 * when `passes`, directly or in a function of the file it calls. Not under a test of `headersSent`.
 */
function acts(listener: Node, targets: string[], methods: Set<string>, passes: boolean, scope: Node, depth = 0): boolean {
  const fns = isFunctionLike(listener) ? [listener] : listener.kind === SyntaxKind.Identifier ? named(textOf(listener)!, scope) : [];
  return fns.some(fn => {
    let found = false;
    forEachDescendant(fn, n => {
      if (found || n.kind !== SyntaxKind.CallExpression) return;
      const parts = calleeParts(get(n, "expression"));
      if (!parts) return;
      const method = parts.nameNode.text;
      const target = parts.receiverExpression && key(parts.receiverExpression);
      if (target && targets.includes(target) && (methods.has(method) || (passes && method === "emit" && stringLiteralText(callArguments(n)[0]) === "error")))
        found = !underHeadersSentTest(n, fn);
      else if (!parts.receiverExpression && depth < 1) found = acts(parts.nameNode, targets, methods, passes, scope, depth + 1);
    });
    return found;
  });
}

/** The functions called `name` declared in `scope`, else in the file. */
function named(name: string, scope: Node): readonly Node[] {
  const all = functionsNamed(scope.getSourceFile(), name);
  const inside = all.filter(f => f.pos >= scope.pos && f.end <= scope.end);
  return inside.length ? inside : all;
}

/** `n` runs only under an `if`, `?:` or `&&`/`||` whose test reads `headersSent`, inside `fn`. */
function underHeadersSentTest(n: Node, fn: Node): boolean {
  for (let child = n, p = n.parent; p && child !== fn; child = p, p = p.parent) {
    const test =
      p.kind === SyntaxKind.IfStatement && get(p, "expression") !== child
        ? get<Node>(p, "expression")
        : p.kind === SyntaxKind.ConditionalExpression && get(p, "condition") !== child
          ? get<Node>(p, "condition")
          : p.kind === SyntaxKind.BinaryExpression && get(p, "right") === child
            ? get<Node>(p, "left")
            : undefined;
    if (test && /\bheadersSent\b/.test(test.getText())) return true;
  }
  return false;
}

// A bounded wait for a server on this machine's loopback address, the address written in the code
// but not in the call. Shape 3 of local-work.ts takes a URL written in the call
// (`http.get(`http://127.0.0.1:${port}/json/version`)`); the same URL is as often given a name first
// and passed on: `const loopbackUrl = `http://127.0.0.1:${gatewayPort}``, then
// `await leaseToken(loopbackUrl, id)`, or handed over in an options object (`{ runtimeUrl:
// `http://127.0.0.1:${port}` }`), or to a module-private helper as a parameter (`const { runtimeUrl }
// = opts` where the helper's every call passes `runtimeUrl` built with `localhost`). One program
// polling a server on its own loopback address (one it has typically just started) loads no shared
// service and synchronises with no other client: neither backoff nor jitter spares anything (the
// judging criteria: "false when the failure is local"). Found on real code (session 37, round 53):
// a CLI's readiness waits and token leases against the gateway it has just started, at
// `http://127.0.0.1:${port}` and `http://localhost:${port}`, 3 to 15 attempts or a deadline.
//
// Only with a limit on attempts (or a deadline): a readiness poll of a spawned server that never
// gives up waits for ever when the server fails to start (the tuning set's true finding of that
// shape: a daemon's client polled every second with no limit), which the criteria call true.
//
// Read from syntax, never through a name we cannot see: the value must reach a string or template
// literal whose host is `127.x.x.x`, `localhost` or `[::1]` through `const` declarations, a
// destructured parameter, or a parameter of a function its module does not export and names only
// in calls (each call passing such a URL), at most three steps. A host that is a parameter of an
// exported function (a host passed in: round 49's rejected class), a `let`, a proxy's or a
// callback's URL (`proxyUrl`, `redirectUri`: the request goes elsewhere) stay reported, and so does
// a call that is also given a URL with another host.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { isConstList, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { identifiersNamedIn } from "../../analysis/identifiers-by-text";
import { privateModuleFunctionName } from "./client-retries";

/** How far a value is followed: names, parameters and callers, in all. */
const maxSteps = 3;

/** A URL written with a loopback host: `http://127.0.0.1:${port}/`, `ws://localhost`, `http://[::1]:80` (also shape 3 of local-work.ts). */
export const loopbackUrl = /^["'`][a-z][a-z0-9+.-]*:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(?=[:/"'`]|$)/i;
/** A URL literal at all (a scheme and `//`). */
const anyUrl = /^["'`][a-z][a-z0-9+.-]*:\/\//i;

/** Property names that name where a request goes (`url`, `baseUrl`, `runtimeUrl`, `host`, `endpoint`). */
const targetKey = /(?:url|uri|host|endpoint)$/i;
/** ...but not a URL the request carries for another party, or a proxy it goes through. */
const carriedKey = /redirect|callback|return|hook|notif|proxy/i;

type Target = "loopback" | "other" | "unknown";

/**
 * The awaited call is given a loopback URL reached through names (see the file comment): as its
 * first argument, or as a target property of an object literal among its arguments; and no such
 * place holds a URL with another host.
 */
export function addressesLoopbackThroughNames(awaited: Node): boolean {
  const call = skipOuterExpressions(get(awaited, "expression"));
  if (call.kind !== SyntaxKind.CallExpression) return false;
  const args = get<readonly Node[]>(call, "arguments").map(skipOuterExpressions);
  const places: Node[] = [];
  if (args[0] && args[0].kind !== SyntaxKind.ObjectLiteralExpression) places.push(args[0]);
  for (const arg of args) {
    if (arg.kind !== SyntaxKind.ObjectLiteralExpression) continue;
    for (const p of get<readonly Node[]>(arg, "properties")) {
      const key = propertyKey(p);
      if (key && targetKey.test(key) && !carriedKey.test(key)) places.push(p);
    }
  }
  const targets = places.map(p =>
    p.kind === SyntaxKind.PropertyAssignment || p.kind === SyntaxKind.ShorthandPropertyAssignment ? propertyTarget(p, 0) : targetOf(p, 0),
  );
  return targets.includes("loopback") && !targets.includes("other");
}

function propertyKey(p: Node): string | undefined {
  if (p.kind !== SyntaxKind.PropertyAssignment && p.kind !== SyntaxKind.ShorthandPropertyAssignment) return undefined;
  const name = get<Node>(p, "name");
  return name.kind === SyntaxKind.Identifier || name.kind === SyntaxKind.StringLiteral ? textOf(name) : undefined;
}

/** `{ url: value }` or `{ url }`. */
function propertyTarget(p: Node, steps: number): Target {
  if (p.kind === SyntaxKind.PropertyAssignment) return targetOf(get(p, "initializer"), steps);
  return targetOf(get(p, "name"), steps);
}

/** Where a value points, followed through names (at most `maxSteps`). */
function targetOf(value: Node, steps: number): Target {
  const v = skipOuterExpressions(value);
  if (v.kind === SyntaxKind.StringLiteral || v.kind === SyntaxKind.NoSubstitutionTemplateLiteral || v.kind === SyntaxKind.TemplateExpression) {
    const text = v.getText();
    if (loopbackUrl.test(text)) return "loopback";
    if (anyUrl.test(text)) return "other";
    // `${base}/readyz`: the URL's start is another value.
    if (v.kind === SyntaxKind.TemplateExpression && textOf(get(v, "head")) === "") {
      const first = get<readonly Node[]>(v, "templateSpans")[0];
      return first ? targetOf(get(first, "expression"), steps) : "unknown";
    }
    return "unknown";
  }
  if (v.kind !== SyntaxKind.Identifier || steps >= maxSteps) return "unknown";
  const found = declarationOf(v);
  if (!found) return "unknown";
  if (found.kind === "const") return targetOf(found.initializer, steps + 1);
  if (found.kind === "parameter") return passedTarget(found.fn, found.index, found.key, steps + 1);
  return "unknown";
}

type Declaration = { kind: "const"; initializer: Node } | { kind: "parameter"; fn: FunctionLike; index: number; key: string | undefined } | { kind: "other" };

/**
 * The nearest declaration of the name `id` that its code sees, by syntax: a parameter of a function
 * around it (`url`, or `{ url }` destructured), or a `const` of a block around it (`const url =
 * ...`, or `const { url } = opts` with `opts` a parameter). Anything else (a `let`, an import, a
 * nested pattern, a default value) is "other": not followed.
 */
function declarationOf(id: Node): Declaration | undefined {
  const name = textOf(id);
  if (!name) return undefined;
  for (let n = id.parent; n; n = n.parent) {
    // `for (const url of urls)`, `catch (url)`: a name of its own, which shadows any outer one.
    const own =
      n.kind === SyntaxKind.ForStatement || n.kind === SyntaxKind.ForOfStatement || n.kind === SyntaxKind.ForInStatement
        ? get<Node | undefined>(n, "initializer")
        : n.kind === SyntaxKind.CatchClause
          ? get<Node | undefined>(n, "variableDeclaration")
          : undefined;
    if (own && mentions(own, name)) return { kind: "other" };
    if (isFunctionLike(n)) {
      const parameters = get<readonly Node[] | undefined>(n, "parameters") ?? [];
      for (let index = 0; index < parameters.length; index++) {
        const p = parameters[index]!;
        const binding = get<Node>(p, "name");
        if (binding.kind === SyntaxKind.Identifier && textOf(binding) === name) return { kind: "parameter", fn: n, index, key: undefined };
        const key = binding.kind === SyntaxKind.ObjectBindingPattern ? elementKey(binding, name) : undefined;
        if (key === null) return { kind: "other" };
        if (key !== undefined) return { kind: "parameter", fn: n, index, key };
      }
    }
    const statements = n.kind === SyntaxKind.Block || n.kind === SyntaxKind.SourceFile ? get<readonly Node[]>(n, "statements") : undefined;
    for (const s of statements ?? []) {
      if (s.kind !== SyntaxKind.VariableStatement) continue;
      const list = get<Node>(s, "declarationList");
      for (const d of get<readonly Node[]>(list, "declarations")) {
        const binding = get<Node>(d, "name");
        const initializer = get<Node | undefined>(d, "initializer");
        if (binding.kind === SyntaxKind.Identifier && textOf(binding) === name)
          return isConstList(list) && initializer ? { kind: "const", initializer } : { kind: "other" };
        const key = binding.kind === SyntaxKind.ObjectBindingPattern ? elementKey(binding, name) : undefined;
        if (key === undefined) continue;
        if (key === null || !isConstList(list) || !initializer) return { kind: "other" };
        // `const { runtimeUrl } = opts`: the property of what `opts` names.
        const source = skipOuterExpressions(initializer);
        const from = source.kind === SyntaxKind.Identifier ? declarationOf(source) : undefined;
        return from?.kind === "parameter" && from.key === undefined ? { ...from, key } : { kind: "other" };
      }
    }
  }
  return undefined;
}

/** The node's text has the word `name` (cautious: a property of that name counts too). */
function mentions(node: Node, name: string): boolean {
  return new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(node.getText());
}

/**
 * The property an object pattern binds `name` from (`{ url }`, `{ target: url }`): undefined when the
 * pattern does not bind it, null when it does in a way not followed (a default, a rest, nesting).
 */
function elementKey(pattern: Node, name: string): string | null | undefined {
  for (const e of get<readonly Node[]>(pattern, "elements")) {
    const bound = get<Node>(e, "name");
    if (bound.kind !== SyntaxKind.Identifier) {
      if (mentions(bound, name)) return null;
      continue;
    }
    if (textOf(bound) !== name) continue;
    if (get<Node | undefined>(e, "dotDotDotToken") || get<Node | undefined>(e, "initializer")) return null;
    const property = get<Node | undefined>(e, "propertyName");
    return property ? (property.kind === SyntaxKind.Identifier || property.kind === SyntaxKind.StringLiteral ? (textOf(property) ?? null) : null) : name;
  }
  return undefined;
}

/**
 * What every caller passes as parameter `index` (its property `key`, when the parameter is
 * destructured or destructured later) of `fn`: a function its module does not export and names only
 * as a callee. Every call must pass a loopback URL there; one that passes anything else, or a
 * mention that is not a call, makes it unknown.
 */
function passedTarget(fn: FunctionLike, index: number, key: string | undefined, steps: number): Target {
  const name = privateModuleFunctionName(fn);
  if (!name) return "unknown";
  const uses = identifiersNamedIn(fn.getSourceFile(), textOf(name)!).filter(id => id !== name);
  if (uses.length === 0) return "unknown";
  let result: Target = "loopback";
  for (const id of uses) {
    const call = id.parent;
    if (call?.kind !== SyntaxKind.CallExpression || get(call, "expression") !== id) return "unknown";
    const passed = get<readonly Node[]>(call, "arguments")[index];
    if (!passed || passed.kind === SyntaxKind.SpreadElement) return "unknown";
    const target = key === undefined ? targetOf(passed, steps) : keyTarget(passed, key, steps);
    if (target === "other") return "other";
    if (target === "unknown") result = "unknown";
  }
  return result;
}

/** `{ ..., url: value }` or `{ url }` written in the call; a spread after it may replace it. */
function keyTarget(passed: Node, key: string, steps: number): Target {
  const object = skipOuterExpressions(passed);
  if (object.kind !== SyntaxKind.ObjectLiteralExpression) return "unknown";
  let target: Target = "unknown";
  for (const p of get<readonly Node[]>(object, "properties")) {
    if (p.kind === SyntaxKind.SpreadAssignment) target = "unknown";
    else if (propertyKey(p) === key) target = propertyTarget(p, steps);
  }
  return target;
}

// A request to the origin the program's own Fastify server listens on (round 52):
// `fetch(new URL("items/list.json", new URL(fastify.prefix, fastify.listeningOrigin)))`, a route
// handler asking another route of the same server, or a self-check after `listen`.
//
// `listeningOrigin` is Fastify's own answer to "where does this server listen": the scheme, host and
// port of the address it bound (a bind needs an address of this machine), and it throws before the
// server listens (there is no address yet), so a request made with it goes to the program's own
// listener, in this process: no network lies between, nothing else can hold the port, and the request
// waits only as long as the program's own route handler, where a timeout belongs (as with round 19's
// own servers on loopback and round 45's proxies to the program's second server). The URL must keep
// that origin: the origin itself, a template or `+` chain that goes on with a path (`/`, `?`, `#`), a
// `new URL(relative, base)` whose first argument cannot carry another scheme or host, or a `const`
// of one of these whose object nothing changes but its path, query or fragment. Still reported: a
// `listeningOrigin` of anything that is not a Fastify instance (no `fastify` dependency, or a type of
// another package), an absolute or scheme-relative first argument (`"//cdn.example.com/x"`), a URL
// object handed to a function or given another host, and any other URL of the handler.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { callArguments, forEachDescendant, isLoop, referenceName, skipOuterExpressions, textOf } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import type { Check } from "./checked-apis";
import { constInitializer, declaringScope, urlPieces } from "./peer-address";

const maxDepth = 4;

/** Whether the request's URL (its first argument) is the program's own Fastify server's origin, with a path. */
export function requestsOwnOrigin(fa: FileAnalysis, call: CallExpression, check: Check): boolean {
  if (check.family === "child_process" || check.family === "net") return false;
  if (!fa.sourceFile.text.includes("listeningOrigin")) return false;
  const url = callArguments(call)[0];
  return !!url && keepsOwnOrigin(fa, url, 0, call);
}

function keepsOwnOrigin(fa: FileAnalysis, node: Node, depth: number, call: CallExpression): boolean {
  if (depth > maxDepth) return false;
  const value = skipOuterExpressions(node);
  switch (value.kind) {
    case SyntaxKind.PropertyAccessExpression: {
      if (referenceName(value) === "listeningOrigin") return isFastifyMember(fa, value);
      // `url.href` of such a URL object.
      if (referenceName(value) === "href") return keepsOwnOrigin(fa, (value as unknown as { expression: Node }).expression, depth + 1, call);
      return false;
    }
    case SyntaxKind.Identifier: {
      const init = constInitializer(fa, value);
      return !!init && keepsOwnOrigin(fa, init, depth + 1, call) && onlyPathChanged(fa, value, call);
    }
    case SyntaxKind.NewExpression: {
      const callee = skipOuterExpressions((value as unknown as { expression: Node }).expression);
      if (callee.kind !== SyntaxKind.Identifier || textOf(callee) !== "URL") return false;
      const [input, base] = callArguments(value);
      if (!input) return false;
      if (!base) return keepsOwnOrigin(fa, input, depth + 1, call);
      return isRelativeReference(fa, input, depth + 1) && keepsOwnOrigin(fa, base, depth + 1, call);
    }
    case SyntaxKind.TemplateExpression:
    case SyntaxKind.BinaryExpression: {
      // `${origin}/path`: the origin first, then nothing that could extend the port or the host.
      const pieces = urlPieces(value);
      if (pieces && typeof pieces[0] !== "string") pieces.unshift("");
      if (!pieces || pieces[0] !== "" || typeof pieces[1] === "string" || !pieces[1]) return false;
      const next = pieces[2];
      return (next === undefined || (typeof next === "string" && /^[/?#]/.test(next))) && keepsOwnOrigin(fa, pieces[1], depth + 1, call);
    }
  }
  return false;
}

/**
 * `x.listeningOrigin` (or `x.prefix`) of a Fastify instance: the property is declared by the `fastify`
 * package, or (JavaScript the checker gives no type) the package depends on `fastify`.
 */
function isFastifyMember(fa: FileAnalysis, access: Node): boolean {
  const name = (access as unknown as { name: Node }).name;
  const symbol = fa.queries.lateSymbolOf(name);
  const where = symbol ? fa.queries.declarationOf(symbol) : undefined;
  if (where) return /[\\/]node_modules[\\/]fastify[\\/]/.test(where.fileName);
  return !!fa.dependencies?.has("fastify");
}

/**
 * A URL's first argument that resolves against the base without replacing its scheme or host: its
 * written text starts with no scheme (`a:`) and not with two slashes (`//host/x`, which keeps only
 * the base's scheme), through `const` strings (`` `${PREFIX}/list.json` ``); or a Fastify plugin's
 * `prefix`, a path.
 */
function isRelativeReference(fa: FileAnalysis, node: Node, depth: number): boolean {
  if (depth > maxDepth) return false;
  const value = skipOuterExpressions(node);
  if (value.kind === SyntaxKind.PropertyAccessExpression && referenceName(value) === "prefix") return isFastifyMember(fa, value);
  const pieces = value.kind === SyntaxKind.Identifier ? constPieces(fa, value) : urlPieces(value);
  if (!pieces) return false;
  let text = "";
  let complete = true;
  for (const piece of pieces) {
    if (typeof piece === "string") {
      text += piece;
      continue;
    }
    const known = skipOuterExpressions(piece).kind === SyntaxKind.Identifier ? constPieces(fa, piece) : undefined;
    if (known?.length === 1 && typeof known[0] === "string") {
      text += known[0];
      continue;
    }
    complete = false;
    break;
  }
  const t = text.replace(/^[\u0000-\u0020]+/, "").replace(/[\t\n\r]/g, "");
  if (/^[/\\]{2}/.test(t) || (!complete && t.length < 2 && /^[/\\]?$/.test(t))) return false;
  // A scheme is a letter then letters, digits, `+`, `-` or `.` up to a `:`; the text must rule it out.
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*/.exec(t);
  if (!scheme) return complete || t.length > 0;
  const rest = t.slice(scheme[0].length);
  return rest.length > 0 ? !rest.startsWith(":") : complete;
}

/** The pieces of the string a `const` holds (`const PREFIX = "custom"`). */
function constPieces(fa: FileAnalysis, id: Node): (string | Node)[] | undefined {
  const init = constInitializer(fa, id);
  const value = init && skipOuterExpressions(init);
  return value && (value.kind === SyntaxKind.StringLiteral || value.kind === SyntaxKind.NoSubstitutionTemplateLiteral) ? urlPieces(value) : undefined;
}

/** URL parts whose assignment keeps the origin; `href` only with `+=` (a URL of http(s) always has a path, so text added to its end goes there). */
const pathParts: ReadonlySet<string> = new Set(["pathname", "search", "hash"]);

/**
 * Every use of the URL object's name in the function that declares it, up to the request, reads it,
 * changes only its path, query or fragment, or is the base of another `new URL(...)`: nothing hands
 * it to code that could give it another host first. (A request in a loop: every use counts, a later
 * one may run before the next round's request.)
 */
function onlyPathChanged(fa: FileAnalysis, id: Node, call: CallExpression): boolean {
  const name = textOf(id)!;
  const scope = declaringScope(fa, id, name);
  const looped = inLoopWithin(call, scope);
  let ok = true;
  forEachDescendant(scope, node => {
    if (!ok || node.kind !== SyntaxKind.Identifier || textOf(node) !== name) return;
    if (!looped && node.pos >= call.end) return;
    const parent = node.parent!;
    // Its declaration, or a key of that spelling (`{ url: other }`): no use of it.
    if (
      parent.kind === SyntaxKind.VariableDeclaration ||
      (parent.kind === SyntaxKind.PropertyAssignment && (parent as unknown as { name: Node }).name === node)
    )
      return;
    if (parent.kind === SyntaxKind.PropertyAccessExpression && (parent as unknown as { expression: Node }).expression === node) {
      ok = !isAssignedTo(parent) || allowedWrite(parent);
      return;
    }
    if (parent.kind === SyntaxKind.PropertyAccessExpression || parent.kind === SyntaxKind.TemplateSpan) return;
    if (parent === call) return;
    if (parent.kind === SyntaxKind.NewExpression) {
      ok = textOf(skipOuterExpressions((parent as unknown as { expression: Node }).expression)) === "URL";
      return;
    }
    ok = (parent.kind === SyntaxKind.ParenthesizedExpression || parent.kind === SyntaxKind.BinaryExpression) && !isAssignedTo(node);
  });
  return ok;
}

function inLoopWithin(node: Node, scope: Node): boolean {
  for (let n = node.parent; n && n !== scope; n = n.parent) if (isLoop(n)) return true;
  return false;
}

function allowedWrite(access: Node): boolean {
  const part = referenceName(access) ?? "";
  const assignment = access.parent as unknown as { operatorToken: Node };
  if (pathParts.has(part)) return true;
  return part === "href" && assignment.operatorToken.kind === SyntaxKind.PlusEqualsToken;
}

function isAssignedTo(node: Node): boolean {
  const parent = node.parent;
  if (parent?.kind !== SyntaxKind.BinaryExpression) return false;
  const b = parent as unknown as { left: Node; operatorToken: Node };
  return b.left === node && b.operatorToken.kind >= SyntaxKind.FirstAssignment && b.operatorToken.kind <= SyntaxKind.LastAssignment;
}

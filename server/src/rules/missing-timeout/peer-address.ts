// What a request's address is made of, as written: a URL's literal pieces and expressions, the
// `const` a name stands for, the function that declares a name, a port's conversions, and whether
// a host is this machine. Shared by started-peer.ts and proxied-own-server.ts, which both decide
// whether a request goes to a service the program itself started.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import {
  callArguments,
  calleeOf,
  enclosingFunction,
  forEachDescendant,
  identifierPattern,
  isConstList,
  referenceName,
  skipOuterExpressions,
  textOf,
} from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";

/** Hosts of this machine as written: `localhost`, `127.x.x.x`, `::1`, and `0.0.0.0` (which a client reaches as this machine). */
const loopbackHost = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|0\.0\.0\.0)$/i;

/** A template literal or a `+` chain as literal texts and expressions, in order. */
export function urlPieces(value: Node): (string | Node)[] | undefined {
  if (value.kind === SyntaxKind.StringLiteral || value.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return [textOf(value)!];
  if (value.kind === SyntaxKind.TemplateExpression) {
    const t = value as unknown as { head: Node; templateSpans: readonly { expression: Node; literal: Node }[] };
    const pieces: (string | Node)[] = [textOf(t.head)!];
    for (const span of t.templateSpans) pieces.push(span.expression, textOf(span.literal)!);
    return merge(pieces);
  }
  if (value.kind === SyntaxKind.BinaryExpression) {
    const b = value as unknown as { left: Node; operatorToken: Node; right: Node };
    if (b.operatorToken.kind !== SyntaxKind.PlusToken) return undefined;
    const left = urlPieces(skipOuterExpressions(b.left)) ?? [b.left];
    const right = urlPieces(skipOuterExpressions(b.right)) ?? [b.right];
    return merge([...left, ...right]);
  }
  return undefined;
}

/** Adjacent literal texts joined, empty ones dropped (except a leading one, which marks an expression first). */
function merge(pieces: (string | Node)[]): (string | Node)[] {
  const out: (string | Node)[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (typeof p === "string" && typeof last === "string") out[out.length - 1] = last + p;
    else if (typeof p !== "string" || p !== "" || out.length === 0) out.push(p);
  }
  return out;
}

/** A host as written is one of this machine's. */
export function isLoopbackHostText(host: string): boolean {
  return loopbackHost.test(host);
}

/** The initializer of the `const` a name refers to, in its function or the file (compiled `var` too when nothing else assigns it). */
export function constInitializer(fa: FileAnalysis, id: Node): Node | undefined {
  const name = textOf(id)!;
  const scopes: Node[] = [];
  for (let f = enclosingFunction(id); f; f = enclosingFunction(f)) scopes.push(f);
  scopes.push(fa.sourceFile);
  for (const scope of scopes) {
    let found: Node | undefined;
    let declared = false;
    forEachDescendant(
      scope,
      node => {
        if (node.kind !== SyntaxKind.VariableDeclaration || textOf((node as unknown as { name: Node }).name) !== name) return;
        declared = true;
        const init = (node as unknown as { initializer?: Node }).initializer;
        if (init && (isConstList(node.parent) || !assignedElsewhere(scope, name))) found = init;
      },
      true,
    );
    if (declared) return found;
    if (paramNamed(scope, name)) return undefined;
  }
  return undefined;
}

function assignedElsewhere(scope: Node, name: string): boolean {
  // The declaration's own `name =` is one; any other is a second value.
  return (scope.getText().match(new RegExp(`(?<![\\w$.])${identifierPattern(name)}\\s*([-+*/|&]|\\?\\?|\\|\\||&&)?=(?![=>])`, "g"))?.length ?? 0) > 1;
}

function paramNamed(scope: Node, name: string): boolean {
  const params = (scope as unknown as { parameters?: readonly { name: Node }[] }).parameters ?? [];
  return params.some(p => p.name.kind === SyntaxKind.Identifier && textOf(p.name) === name);
}

/** `String(port)`, `Number(port)`, `port.toString()`, `` `${port}` `` → `port`. */
export function unwrapConversion(node: Node): Node {
  let value = skipOuterExpressions(node);
  for (let i = 0; i < 3; i++) {
    if (value.kind === SyntaxKind.CallExpression) {
      const callee = calleeOf(value as CallExpression);
      const args = callArguments(value);
      if (callee.kind === SyntaxKind.Identifier && /^(String|Number|parseInt)$/.test(textOf(callee)!) && args[0]) {
        value = skipOuterExpressions(args[0]);
        continue;
      }
      if (callee.kind === SyntaxKind.PropertyAccessExpression && referenceName(callee) === "toString" && args.length === 0) {
        value = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
        continue;
      }
    }
    break;
  }
  return value;
}

/** The nearest function that declares `name` (a parameter or a variable), else the file. */
export function declaringScope(fa: FileAnalysis, node: Node, name: string): Node {
  for (let f = enclosingFunction(node); f; f = enclosingFunction(f)) {
    if (paramNamed(f, name)) return f;
    let declared = false;
    forEachDescendant(
      f,
      n => {
        if (declared) return;
        if (n.kind === SyntaxKind.VariableDeclaration && textOf((n as unknown as { name: Node }).name) === name) declared = true;
        if (n.kind === SyntaxKind.BindingElement && textOf((n as unknown as { name: Node }).name) === name) declared = true;
      },
      true,
    );
    if (declared) return f;
  }
  return fa.sourceFile;
}

/** The value an object literal's member gives (`port: p`, or the name of a shorthand `{ port }`). */
export function memberValue(member: Node): Node | undefined {
  if (member.kind === SyntaxKind.PropertyAssignment) return (member as unknown as { initializer: Node }).initializer;
  if (member.kind === SyntaxKind.ShorthandPropertyAssignment) return (member as unknown as { name: Node }).name;
  return undefined;
}

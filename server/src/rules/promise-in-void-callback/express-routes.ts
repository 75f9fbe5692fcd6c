// Express 4 route handlers: `app.get(path, handler)`, `router.use(handler)`, `app.route(path).post(handler)`.
// Express 4 calls a handler and drops what it returns, so an async handler's rejection is
// unhandled and the request never gets an answer; Express 5 passes a returned promise's rejection
// to `next`, so only a package that declares Express 4 (or older) in its nearest package.json counts.
// The routing method is resolved by symbol (declared in Express's types), or, in JavaScript
// without them, by its receiver: a variable made by `express()`, `express.Router()` or `Router()`.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { callArguments, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { isFunctionLike } from "../../analysis/async-context";
import { declaredMajorVersion } from "../../analysis/package-dependencies";
import type { FileAnalysis } from "../rule";

const routeMethods = new Set(["get", "post", "put", "delete", "patch", "all", "use", "options", "head"]);
/** Express's own typings (`@types/express`, `@types/express-serve-static-core`, a package's bundled `express` types). */
const expressTypings = /\/node_modules\/(?:@types\/)?express(?:-serve-static-core)?\//;

/** The package declares Express at major version 4 or older: the versions that drop a handler's promise. */
export function dependsOnExpress4(fa: FileAnalysis): boolean {
  const major = declaredMajorVersion(fa.dependencies, "express");
  return major !== undefined && major <= 4;
}

export interface RouteCall {
  call: CallExpression;
  /** The routing method's name (`get` of `app.get`). */
  method: Node;
  /** The object the method is called on (`app`, `router`, `app.route("/x")`). */
  receiver: Node;
  /** The handlers passed: every argument after the path that is a function or names one. */
  handlers: Node[];
}

/** Phase 1: a call that looks like a routing call, with the symbols asked. */
export function routeCallOf(fa: FileAnalysis, node: Node): RouteCall | undefined {
  const call = node as CallExpression;
  const callee = skipOuterExpressions(call.expression);
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const method = (callee as unknown as { name: Node }).name;
  if (!routeMethods.has(textOf(method) ?? "")) return undefined;
  const args = callArguments(call);
  // `app.get("etag")` reads a setting; a route has at least one handler.
  const handlers = args.filter((a, i) => (i > 0 || !isPathLike(a)) && isHandlerLike(skipOuterExpressions(a)));
  if (handlers.length === 0) return undefined;
  const receiver = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
  fa.queries.needSymbol(method);
  if (receiver.kind === SyntaxKind.Identifier) fa.queries.needSymbol(receiver);
  return { call, method, receiver, handlers };
}

/** Phase 2: the method is Express's routing method. */
export function isExpressRouteCall(fa: FileAnalysis, route: RouteCall): boolean {
  const symbol = fa.queries.symbolOf(route.method);
  const declaration = symbol && fa.queries.declarationOf(symbol);
  if (declaration) return expressTypings.test(declaration.fileName);
  return isExpressAppVariable(fa, route.receiver);
}

/** `app` of `const app = express()` (or `express.Router()`, `Router()`), with `express` bound to the module. */
function isExpressAppVariable(fa: FileAnalysis, receiver: Node): boolean {
  if (receiver.kind !== SyntaxKind.Identifier) return false;
  const symbol = fa.queries.symbolOf(receiver);
  const declaration = symbol && fa.queries.declarationNode(symbol);
  if (!declaration || declaration.kind !== SyntaxKind.VariableDeclaration || declaration.getSourceFile() !== fa.sourceFile) return false;
  const initializer = (declaration as unknown as { initializer?: Node }).initializer;
  if (!initializer || skipOuterExpressions(initializer).kind !== SyntaxKind.CallExpression) return false;
  let made = skipOuterExpressions((skipOuterExpressions(initializer) as CallExpression).expression);
  if (made.kind === SyntaxKind.PropertyAccessExpression) {
    if (textOf((made as unknown as { name: Node }).name) !== "Router") return false;
    made = skipOuterExpressions((made as unknown as { expression: Node }).expression);
  }
  if (made.kind !== SyntaxKind.Identifier) return false;
  const binding = fa.bindings.forLocalName(textOf(made) ?? "");
  return binding?.module === "express" && (binding.imported === "*" || binding.imported === "default" || binding.imported === "Router");
}

function isPathLike(node: Node): boolean {
  const n = skipOuterExpressions(node);
  return (
    n.kind === SyntaxKind.StringLiteral ||
    n.kind === SyntaxKind.NoSubstitutionTemplateLiteral ||
    n.kind === SyntaxKind.TemplateExpression ||
    n.kind === SyntaxKind.RegularExpressionLiteral ||
    n.kind === SyntaxKind.ArrayLiteralExpression
  );
}

function isHandlerLike(node: Node): boolean {
  if (isFunctionLike(node)) return true;
  if (node.kind === SyntaxKind.Identifier || node.kind === SyntaxKind.PropertyAccessExpression) return true;
  // `this.handle.bind(this)`
  if (node.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((node as CallExpression).expression);
    return callee.kind === SyntaxKind.PropertyAccessExpression && textOf((callee as unknown as { name: Node }).name) === "bind";
  }
  return false;
}

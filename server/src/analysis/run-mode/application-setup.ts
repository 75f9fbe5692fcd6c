// Code that builds or starts the application (rule 2 of startup-paths.ts): it creates the server,
// listens, or registers routes and plugins. Handlers are registered before they serve anything,
// and a request handler does neither, so such a function runs while the program starts.
import { SyntaxKind, type Node } from "../typescript";
import { calleeMethodName, isFunctionLike, type FunctionLike } from "../async-context";
import { walkPruned } from "../walk";
import { textOf as text } from "../syntax";

/** Calls that build or start the application: a function making one is start-up code. */
const appBuilderCalls = new Set(["createApp", "createServer", "buildApp", "buildServer", "startServer", "bootstrap"]);
const appBuilderMethods = new Set(["listen", "register", "use"]);
/** Route registration: `app.get("/path", (req, res) => ...)`, `router.post(\`/x/${id}\`, auth, async (req) => ...)`. */
const routeMethods = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options", "route"]);

/** Its own body (not nested functions) builds or starts the application, or registers routes or plugins. */
export function setsUpTheApplication(fn: FunctionLike): boolean {
  if (!fn.body) return false;
  let found = false;
  walkPruned(fn.body, node => {
    if (isFunctionLike(node)) return false;
    if (node.kind === SyntaxKind.CallExpression) {
      let callee = (node as unknown as { expression: Node }).expression;
      while (callee.kind === SyntaxKind.ParenthesizedExpression) callee = (callee as unknown as { expression: Node }).expression;
      if (callee.kind === SyntaxKind.Identifier && appBuilderCalls.has(text(callee)!)) {
        found = true;
        return "stop";
      }
      const args = (node as unknown as { arguments: readonly Node[] }).arguments;
      const method = calleeMethodName(callee);
      if (method && (appBuilderMethods.has(method) || appBuilderCalls.has(method)) && args.length > 0) {
        found = true;
        return "stop";
      }
      // An inline handler after the path: `api.get("/users", { params })` is an HTTP client call.
      if (method && routeMethods.has(method) && isRoutePath(args[0]) && args.slice(1).some(isInlineFunction)) {
        found = true;
        return "stop";
      }
    }
    return true;
  });
  return found;
}

/** `"/users"`, `\`/users/${x}\``, `"/" + name`: a URL path, not a cache key. */
function isRoutePath(arg: Node | undefined): boolean {
  if (!arg) return false;
  let n = arg;
  while (n.kind === SyntaxKind.BinaryExpression) n = (n as unknown as { left: Node }).left;
  if (n.kind === SyntaxKind.StringLiteral || n.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return /^[/*]/.test(text(n) ?? "");
  if (n.kind === SyntaxKind.TemplateExpression) return /^[/*]/.test(text((n as unknown as { head: Node }).head) ?? "");
  return false;
}

function isInlineFunction(arg: Node): boolean {
  return arg.kind === SyntaxKind.ArrowFunction || arg.kind === SyntaxKind.FunctionExpression;
}

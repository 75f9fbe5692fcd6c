// Shutdown code by how it is registered (rule 7 of startup-paths.ts; shutdown hooks by name are
// start-up patterns, startup-names.ts): the process is stopping, nothing waits on it any more.
import { SyntaxKind, type Node } from "../typescript";
import { calleeMethodName, type FunctionLike } from "../async-context";
import { textOf as text } from "../syntax";

/**
 * Process events after which the process stops: their handlers run once, at shutdown. The two
 * last-resort events go together: without a listener, Node ends the process on either (an
 * unhandled rejection too, since Node 15). A listener may keep it running, but it runs only when
 * the program has a bug, and most such listeners log and exit: it is not work the program serves
 * (serving-evidence.ts counts both as once events; promise-in-void-callback as last resort).
 */
const shutdownEvents = new Set(["exit", "beforeExit", "SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGBREAK", "uncaughtException", "unhandledRejection"]);

/** Shutdown code: a callback given to `process.on/once/addListener("SIGTERM" | "exit" | ...)`. */
export function isShutdownHandler(fn: FunctionLike): boolean {
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (call?.kind !== SyntaxKind.CallExpression) return false;
  const { expression, arguments: args } = call as unknown as { expression: Node; arguments: readonly Node[] };
  if (args[1] !== outer || expression.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const receiver = (expression as unknown as { expression: Node }).expression;
  const method = calleeMethodName(expression);
  const event = args[0]!;
  return (
    receiver.getText() === "process" &&
    (method === "on" || method === "once" || method === "addListener" || method === "prependListener") &&
    (event.kind === SyntaxKind.StringLiteral || event.kind === SyntaxKind.NoSubstitutionTemplateLiteral) &&
    shutdownEvents.has(text(event) ?? "")
  );
}

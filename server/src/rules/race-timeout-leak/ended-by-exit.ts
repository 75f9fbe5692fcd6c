// A race whose leftovers the process ends at once: the function calls `process.exit()` in the
// `finally` of a `try` around the race, or as a later statement of a block that holds it (a
// shutdown handler racing `server.stop()` against 5 s, an uncaught-exception handler racing the
// collection of system information, each followed by `process.exit`). The timer cannot hold the
// process open and the work cannot run on after it: both end with the process.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { isLoop, isProcessExit, skipOuterExpressions, nodeField as get } from "../../analysis/syntax";

/**
 * Whether the process exits right after `race` settles, in the race's own function. A later
 * statement counts only on the race's way out: not past a `return` (or `throw`, `break`,
 * `continue`) written after the race in an inner block (a handler that races on one message and
 * exits on another), nor past a loop (every round before the exit leaves its timer behind). A
 * `finally` around the race runs on every way out.
 */
export function endedByProcessExit(race: Node): boolean {
  let child: Node = race;
  let leftEarlier = false;
  for (let n = race.parent; n && !isFunctionLike(n); child = n, n = n.parent) {
    if (isLoop(n)) return false;
    if (n.kind === SyntaxKind.TryStatement && get<Node>(n, "tryBlock") === child) {
      const finallyBlock = get<Node | undefined>(n, "finallyBlock");
      if (finallyBlock && get<readonly Node[]>(finallyBlock, "statements").some(exitsTheProcess)) return true;
    }
    if (!leftEarlier && (n.kind === SyntaxKind.Block || n.kind === SyntaxKind.SourceFile)) {
      const statements = get<readonly Node[]>(n, "statements");
      for (let i = statements.indexOf(child) + 1; i > 0 && i < statements.length; i++) {
        if (exitsTheProcess(statements[i]!)) return true;
        if (jumps.has(statements[i]!.kind)) {
          leftEarlier = true;
          break;
        }
      }
    }
  }
  return false;
}

const jumps: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.ReturnStatement,
  SyntaxKind.ThrowStatement,
  SyntaxKind.BreakStatement,
  SyntaxKind.ContinueStatement,
]);

/** `process.exit(...)` as a statement of its own. */
function exitsTheProcess(statement: Node): boolean {
  return statement.kind === SyntaxKind.ExpressionStatement && isProcessExit(skipOuterExpressions(get(statement, "expression")));
}

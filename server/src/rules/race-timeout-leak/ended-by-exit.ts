// A race whose leftovers the process ends at once: the function calls `process.exit()` in the
// `finally` of a `try` around the race, or as a later statement of a block that holds it (a
// shutdown handler racing `server.stop()` against 5 s, an uncaught-exception handler racing the
// collection of system information, each followed by `process.exit`). The timer cannot hold the
// process open and the work cannot run on after it: both end with the process.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { isProcessExit, skipOuterExpressions, nodeField as get } from "../../analysis/syntax";

/** Whether the process exits right after `race` settles, in the race's own function. */
export function endedByProcessExit(race: Node): boolean {
  let child: Node = race;
  for (let n = race.parent; n && !isFunctionLike(n); child = n, n = n.parent) {
    if (n.kind === SyntaxKind.TryStatement && get<Node>(n, "tryBlock") === child) {
      const finallyBlock = get<Node | undefined>(n, "finallyBlock");
      if (finallyBlock && get<readonly Node[]>(finallyBlock, "statements").some(exitsTheProcess)) return true;
    }
    if (n.kind === SyntaxKind.Block || n.kind === SyntaxKind.SourceFile) {
      const statements = get<readonly Node[]>(n, "statements");
      const at = statements.indexOf(child);
      if (at >= 0 && statements.slice(at + 1).some(exitsTheProcess)) return true;
    }
  }
  return false;
}

/** `process.exit(...)` as a statement of its own. */
function exitsTheProcess(statement: Node): boolean {
  return statement.kind === SyntaxKind.ExpressionStatement && isProcessExit(skipOuterExpressions(get(statement, "expression")));
}

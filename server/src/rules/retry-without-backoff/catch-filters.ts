// The error filter of a retry loop's catch block: the `if` that decides which failures go round
// again and which end the loop. Two shapes, read in the block's order:
//   - a give-up `if` with no else, whose branch exits: `if (!transient(err)) throw err;` (the
//     retried errors are those for which the condition is false);
//   - an `if` whose else exits and whose then branch goes round: `if (status === 400) { ...wait...
//     } else { throw err; }` (the retried errors are those for which the condition is true).
// What a filter names (error codes, HTTP statuses) is the reader's business; the first filter that
// names something decides. A `continue` before it is a way round that no filter guards.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { nodeField as get } from "../../analysis/syntax";
import { walk } from "../../analysis/walk";
import type { RetryLoop } from "./retry-loops";

export interface CatchFilter {
  condition: Node;
  /** Whether the failures that go round are those for which the condition holds (else-shaped filter). */
  retriedWhen: boolean;
}

/** The first answer `read` gives for a filter of the loop's catch block, in order; undefined when none names anything. */
export function firstCatchFilter<T>(retry: RetryLoop, read: (filter: CatchFilter) => T | undefined): T | undefined {
  const catchClause = get<Node | undefined>(retry.attempt, "catchClause");
  if (!catchClause) return undefined;
  for (const statement of get<readonly Node[]>(get(catchClause, "block"), "statements")) {
    if (statement.kind === SyntaxKind.IfStatement) {
      const then = get<Node>(statement, "thenStatement");
      const otherwise = get<Node | undefined>(statement, "elseStatement");
      const condition = get<Node>(statement, "expression");
      if (!otherwise && exits(then)) {
        const answer = read({ condition, retriedWhen: false });
        if (answer !== undefined) return answer;
      } else if (otherwise && exits(otherwise) && !exits(then) && !mentionsContinue(otherwise)) {
        const answer = read({ condition, retriedWhen: true });
        if (answer !== undefined) return answer;
      }
    }
    // A way round again before the filter: other errors are retried too.
    if (mentionsContinue(statement)) return undefined;
  }
  return undefined;
}

function exits(statement: Node): boolean {
  if (statement.kind === SyntaxKind.ThrowStatement || statement.kind === SyntaxKind.ReturnStatement) return true;
  if (statement.kind !== SyntaxKind.Block) return false;
  const inner = get<readonly Node[]>(statement, "statements");
  const last = inner[inner.length - 1];
  return !!last && (last.kind === SyntaxKind.ThrowStatement || last.kind === SyntaxKind.ReturnStatement);
}

function mentionsContinue(statement: Node): boolean {
  let found = false;
  walk(statement, n => {
    if (n.kind === SyntaxKind.ContinueStatement) found = true;
  });
  return found;
}

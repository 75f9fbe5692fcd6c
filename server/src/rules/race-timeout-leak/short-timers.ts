// A race against a timer of at most half a second, written as a number (or a constant of the
// file): what is left of it once the race settles holds the process for no longer than that, and
// piles up only for a function called more than twice a second. Judged false on real code (a
// 100 ms probe of a port, whose losing connection the caller closes).
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import { callArguments, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import type { LeakingTimer } from "../../analysis/race-timers";

/** Timers up to this long are short. */
export const shortTimerMs = 500;

/** Whether the leaking timer's delay is a number (or a `const` of the file) of at most `shortTimerMs`. */
export function isShortTimer(leak: LeakingTimer): boolean {
  const delay = callArguments(leak.timer)[leak.kind === "callback" ? 1 : 0];
  const ms = delay && millisecondsOf(delay, leak.timer.getSourceFile());
  return ms !== undefined && ms <= shortTimerMs;
}

function millisecondsOf(node: Node, sourceFile: SourceFile): number | undefined {
  const e = skipOuterExpressions(node);
  if (e.kind === SyntaxKind.NumericLiteral) {
    const value = Number(textOf(e)?.replace(/_/g, ""));
    return Number.isFinite(value) ? value : undefined;
  }
  if (e.kind !== SyntaxKind.Identifier) return undefined;
  const name = textOf(e);
  // A module-level `const NAME = 100`, the only declaration of that name at the top of the file.
  let value: number | undefined;
  let declarations = 0;
  for (const statement of get<readonly Node[]>(sourceFile, "statements")) {
    if (statement.kind !== SyntaxKind.VariableStatement) continue;
    const list = get<Node>(statement, "declarationList");
    for (const d of get<readonly Node[]>(list, "declarations")) {
      if (textOf(get(d, "name")) !== name) continue;
      declarations++;
      const init = get<Node | undefined>(d, "initializer");
      const isConst = /^\s*const\b/.test(list.getText());
      value = isConst && init && skipOuterExpressions(init).kind === SyntaxKind.NumericLiteral ? millisecondsOf(init, sourceFile) : undefined;
    }
  }
  return declarations === 1 ? value : undefined;
}

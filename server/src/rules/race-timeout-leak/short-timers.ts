// A race against a timer of at most half a second, written as a number (or a constant of the
// file): what is left of it once the race settles holds the process for no longer than that, and
// piles up only for a function called more than twice a second. Judged false on real code (a
// 100 ms probe of a port, whose losing connection the caller closes).
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import { callArguments, contains, enclosingFunction, isConstList, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { identifiersNamedIn } from "../../analysis/identifiers-by-text";
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
  if (!name || shadowedAt(e, name)) return undefined;
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
      const isConst = isConstList(list);
      value = isConst && init && skipOuterExpressions(init).kind === SyntaxKind.NumericLiteral ? millisecondsOf(init, sourceFile) : undefined;
    }
  }
  return declarations === 1 ? value : undefined;
}

const declarationKinds: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.VariableDeclaration,
  SyntaxKind.Parameter,
  SyntaxKind.BindingElement,
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.ClassDeclaration,
]);

/**
 * The name is declared again in a function around `use` (a parameter `ms = 60_000`, a local
 * `const TIMEOUT`): the file's constant may not be the value used. Any such declaration in the
 * function counts, whichever block holds it.
 */
function shadowedAt(use: Node, name: string): boolean {
  return identifiersNamedIn(use.getSourceFile(), name).some(id => {
    const d = id.parent;
    if (!d || !declarationKinds.has(d.kind) || get<Node | undefined>(d, "name") !== id) return false;
    const scope = enclosingFunction(d);
    return !!scope && contains(scope, use);
  });
}

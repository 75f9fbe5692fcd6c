// A race against a timer of at most half a second, written as a number (or a constant of the
// file): what is left of it once the race settles holds the process for no longer than that, and
// piles up only for a function called more than twice a second. Judged false on real code (a
// 100 ms probe of a port, whose losing connection the caller closes).
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { callArguments, contains, enclosingFunction, isConstList, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { declarationsSeenFrom, identifiersNamedIn } from "../../analysis/identifiers-by-text";
import type { LeakingTimer } from "../../analysis/race-timers";

/** Timers up to this long are short. */
export const shortTimerMs = 500;

/** Whether the leaking timer's delay is a number (or a `const` of the file) of at most `shortTimerMs`. */
export function isShortTimer(leak: LeakingTimer): boolean {
  const delay = callArguments(leak.timer)[leak.kind === "callback" ? 1 : 0];
  const ms = delay && millisecondsOf(delay);
  return ms !== undefined && ms <= shortTimerMs;
}

function millisecondsOf(node: Node): number | undefined {
  const e = skipOuterExpressions(node);
  if (e.kind === SyntaxKind.NumericLiteral) {
    const value = Number(textOf(e)?.replace(/_/g, ""));
    return Number.isFinite(value) ? value : undefined;
  }
  if (e.kind !== SyntaxKind.Identifier) return undefined;
  const name = textOf(e);
  if (!name || parameterNamed(e, name)) return undefined;
  // The one declaration of the name the use sees is a `const NAME = 100` at the top of the file (a
  // local of the same name around the use is seen too, and hides it).
  const seen = declarationsSeenFrom(e, name);
  const only = seen.length === 1 && !seen[0]!.scope ? seen[0]!.declaration : undefined;
  const init = only && isConstList(only.parent) ? get<Node | undefined>(only, "initializer") : undefined;
  return init && skipOuterExpressions(init).kind === SyntaxKind.NumericLiteral ? millisecondsOf(init) : undefined;
}

/** Declarations of a name that `declarationsSeenFrom` (variables) does not list. */
const otherDeclarationKinds: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.Parameter,
  SyntaxKind.BindingElement,
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.ClassDeclaration,
]);

/**
 * The name is also a parameter, a destructured binding, a function or a class declared in a
 * function around `use` (`ms = 60_000`): the file's constant may not be the value used.
 */
function parameterNamed(use: Node, name: string): boolean {
  return identifiersNamedIn(use.getSourceFile(), name).some(id => {
    const d = id.parent;
    if (!d || !otherDeclarationKinds.has(d.kind) || get<Node | undefined>(d, "name") !== id) return false;
    const scope = enclosingFunction(d);
    return !!scope && contains(scope, use);
  });
}

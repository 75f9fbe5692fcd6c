// Commands of a command-line program (rule 6 of startup-paths.ts): the process runs one command
// and exits, so a blocking call in it delays nothing that runs concurrently.
import { ModifierFlags, SyntaxKind, type Node } from "../../analysis/typescript";
import { calleeMethodName, type FunctionLike } from "../../analysis/async-context";
import { textOf as text } from "../../analysis/syntax";

/** Rule 6: a method of a class extending a `*Command` base, or a callback given to `.action(...)`. */
export function isCliCommand(fn: FunctionLike): boolean {
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent;
  if (parent?.kind === SyntaxKind.CallExpression) {
    const { expression, arguments: args } = parent as unknown as { expression: Node; arguments: readonly Node[] };
    return args.includes(outer) && calleeMethodName(expression) === "action";
  }
  let container = fn.parent;
  if (container?.kind === SyntaxKind.PropertyDeclaration) container = container.parent;
  if (!container || (container.kind !== SyntaxKind.ClassDeclaration && container.kind !== SyntaxKind.ClassExpression)) return false;
  const clauses =
    (container as unknown as { heritageClauses?: readonly { token: SyntaxKind; types: readonly { expression: Node }[] }[] }).heritageClauses ?? [];
  if (!clauses.some(c => c.token === SyntaxKind.ExtendsKeyword && c.types.some(t => /Command$/.test(t.expression.getText())))) return false;
  // A command-line command declares its options statically (oclif `flags`/`args`, npm `params`/`usage`);
  // a chat bot's command class, run per message, does not.
  const members = (container as unknown as { members: readonly Node[] }).members;
  return members.some(
    m =>
      m.kind === SyntaxKind.PropertyDeclaration &&
      ((m as FunctionLike).modifierFlags ?? 0) & ModifierFlags.Static &&
      cliCommandStatics.has(text((m as unknown as { name: Node }).name) ?? ""),
  );
}

/** Static members that describe a command line's options and usage. */
const cliCommandStatics = new Set(["flags", "args", "params", "usage", "examples", "argv", "strict"]);

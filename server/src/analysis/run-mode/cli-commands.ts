// Commands of a command-line program (rule 6 of startup-paths.ts): the process runs one command
// and exits, so a blocking call in it delays nothing that runs concurrently.
import { ModifierFlags, SyntaxKind, type Node } from "../typescript";
import { calleeMethodName, type FunctionLike } from "../async-context";
import { textOf as text } from "../syntax";

/** Rule 6: a method of a class extending a `*Command` base or decorated as a command-line command, or a callback given to `.action(...)`. */
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
  if (hasCliDecorator(container)) return true;
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
const cliCommandStatics = new Set(["flags", "args", "params", "usage", "examples", "argv", "strict", "commandName", "paths"]);

/**
 * `@cli.controller("migration:create")`, `@Cli(...)`, `@CliCommand(...)`: a decorator that
 * registers the class with a command-line framework names it so (a word `cli` in the decorator's
 * name). The framework runs one such command per invocation of the program; a chat bot's or a
 * server's command classes are registered under other names.
 */
function hasCliDecorator(container: Node): boolean {
  const modifiers = (container as unknown as { modifiers?: readonly Node[] }).modifiers ?? [];
  return modifiers.some(m => {
    if (m.kind !== SyntaxKind.Decorator) return false;
    let callee = (m as unknown as { expression: Node }).expression;
    if (callee.kind === SyntaxKind.CallExpression) callee = (callee as unknown as { expression: Node }).expression;
    return callee
      .getText()
      .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
      .some(word => word.toLowerCase() === "cli");
  });
}

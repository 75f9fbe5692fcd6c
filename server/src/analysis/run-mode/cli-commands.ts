// Commands of a command-line program (rule 6 of startup-paths.ts): the process runs one command
// and exits, so a blocking call in it delays nothing that runs concurrently, and no two runs of
// what the command calls overlap unless the command itself starts them so.
import { ModifierFlags, SyntaxKind, type Node, type SourceFile } from "../typescript";
import { calleeMethodName, type FunctionLike } from "../async-context";
import { textOf as text } from "../syntax";

/**
 * Rule 6: a method of a class extending a `*Command` base or decorated as a command-line command, a
 * callback given to `.action(...)`, or a yargs command's handler (isYargsCommandHandler).
 */
export function isCliCommand(fn: FunctionLike): boolean {
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent;
  if (parent?.kind === SyntaxKind.CallExpression) {
    const { expression, arguments: args } = parent as unknown as { expression: Node; arguments: readonly Node[] };
    if (!args.includes(outer)) return false;
    const method = calleeMethodName(expression);
    return method === "action" || (method === "command" && args.indexOf(outer) >= 2 && isDescription(args[1]!));
  }
  if (isYargsCommandHandler(fn, outer)) return true;
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

/**
 * A yargs command module's handler: the function a module exports as `handler` beside yargs's own
 * words for a command's usage (`builder`, `desc`, `describe`: `export const desc = "..."`,
 * `exports.builder = ...`), or the `handler` of an object literal that has them
 * (`.command({ command: "list", describe: "...", handler })`, `module.exports = { desc, handler }`).
 * yargs (`commandDir`, `.command(module)`) runs the one command the process was started with, and
 * nothing in the project calls the handler. Not `description` alone: a server's tool or route
 * modules (`{ name, description, inputSchema, handler }`), whose handlers run per request, use it.
 * The positional form, `.command("list", "List them", builder, handler)`, is in isCliCommand: its
 * second argument is the description (a chat bot's `bot.command("start", handler)` takes the
 * handler there).
 */
function isYargsCommandHandler(fn: FunctionLike, outer: Node): boolean {
  const parent = outer.parent;
  if (!parent) return false;
  // `handler: async (argv) => ...`, `handler(argv) { ... }` in an object literal.
  const member =
    fn.kind === SyntaxKind.MethodDeclaration && parent.kind === SyntaxKind.ObjectLiteralExpression
      ? fn
      : parent.kind === SyntaxKind.PropertyAssignment
        ? parent
        : undefined;
  if (member) {
    if (member.parent?.kind !== SyntaxKind.ObjectLiteralExpression || text((member as unknown as { name: Node }).name) !== "handler") return false;
    const keys = (member.parent as unknown as { properties: readonly { name?: Node }[] }).properties.map(p => text(p.name));
    return keys.some(k => !!k && yargsUsageWords.has(k));
  }
  // `export const handler = ...`, `export function handler`, `exports.handler = ...` beside an exported `desc`/`builder`.
  let name: string | undefined;
  if (fn.kind === SyntaxKind.FunctionDeclaration && fn.parent?.kind === SyntaxKind.SourceFile) name = text((fn as unknown as { name?: Node }).name);
  else if (parent.kind === SyntaxKind.VariableDeclaration && parent.parent?.parent?.parent?.kind === SyntaxKind.SourceFile)
    name = text((parent as unknown as { name: Node }).name);
  else if (
    parent.kind === SyntaxKind.BinaryExpression &&
    parent.parent?.kind === SyntaxKind.ExpressionStatement &&
    parent.parent.parent?.kind === SyntaxKind.SourceFile
  )
    name = exportsPropertyName((parent as unknown as { left: Node }).left);
  if (name !== "handler") return false;
  const exported = moduleExports(fn.getSourceFile());
  return exported.has("handler") && [...yargsUsageWords].some(w => exported.has(w));
}

/** yargs's own names for a command's usage and options, beside its `handler`. */
const yargsUsageWords = new Set(["builder", "desc", "describe"]);

/** `.command(name, "description", ...)`: a description (a string, or `false` for a hidden command), not a handler. */
function isDescription(arg: Node): boolean {
  return arg.kind === SyntaxKind.StringLiteral || arg.kind === SyntaxKind.NoSubstitutionTemplateLiteral || arg.kind === SyntaxKind.FalseKeyword;
}

/** `exports.x` or `module.exports.x`: the exported name `x`. */
function exportsPropertyName(left: Node): string | undefined {
  if (left.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const receiver = (left as unknown as { expression: Node }).expression.getText();
  return receiver === "exports" || receiver === "module.exports" ? text((left as unknown as { name: Node }).name) : undefined;
}

const exportsByFile = new WeakMap<SourceFile, ReadonlySet<string>>();

/** The names a module exports at its top level: `export const`/`function`/`{ ... }`, `exports.x = ...`. */
function moduleExports(sf: SourceFile): ReadonlySet<string> {
  let names = exportsByFile.get(sf);
  if (names) return names;
  const found = new Set<string>();
  for (const st of sf.statements) {
    const exported = ((st as unknown as { modifierFlags?: number }).modifierFlags ?? 0) & ModifierFlags.Export;
    if (st.kind === SyntaxKind.VariableStatement && exported) {
      const list = (st as unknown as { declarationList: { declarations: readonly { name: Node }[] } }).declarationList;
      for (const d of list.declarations) if (text(d.name)) found.add(text(d.name)!);
    } else if (st.kind === SyntaxKind.FunctionDeclaration && exported) {
      const n = text((st as unknown as { name?: Node }).name);
      if (n) found.add(n);
    } else if (st.kind === SyntaxKind.ExportDeclaration) {
      const clause = (st as unknown as { exportClause?: { elements?: readonly { name: Node }[] } }).exportClause;
      for (const e of clause?.elements ?? []) if (text(e.name)) found.add(text(e.name)!);
    } else if (st.kind === SyntaxKind.ExpressionStatement) {
      const e = (st as unknown as { expression: Node }).expression;
      if (e.kind === SyntaxKind.BinaryExpression) {
        const n = exportsPropertyName((e as unknown as { left: Node }).left);
        if (n) found.add(n);
      }
    }
  }
  names = found;
  exportsByFile.set(sf, names);
  return names;
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

// undici's `request(url, { dispatcher })`: the dispatcher's own `headersTimeout`/`bodyTimeout`
// bound the request. Unlike `fetch`, whose `dispatcher` is taken to bring the caller's settings
// (timeouts included) wherever it comes from, a `request()` dispatcher counts only when the rule
// sees the Agent it is made from set one: made right there (`dispatcher: new Agent({ headersTimeout })`)
// or returned by a project function called there (`dispatcher: getDispatcher()`, declared in the
// file or imported from another of the project's files by a relative path, as the file's module
// bindings read it). A dispatcher held in a
// field or a parameter may be built from anyone's options, with undici's defaults or none: it stays
// reported.
import { dirname, resolve } from "node:path";
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { callArguments, forEachDescendant, memberName, objectMembers, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { isFunctionLike } from "../../analysis/async-context";
import { withoutExtension } from "../../analysis/module-paths";
import type { FileAnalysis } from "../rule";

/** Whether the options' `dispatcher` is an Agent (or Pool, Client...) the rule sees set a timeout. */
export function dispatcherSetsTimeout(fa: FileAnalysis, optionsNode: Node | undefined): boolean {
  const options = optionsNode && skipOuterExpressions(optionsNode);
  if (options?.kind !== SyntaxKind.ObjectLiteralExpression) return false;
  for (const member of objectMembers(options)) {
    if (memberName(member) !== "dispatcher" || member.kind !== SyntaxKind.PropertyAssignment) continue;
    const value = skipOuterExpressions((member as unknown as { initializer: Node }).initializer);
    if (value.kind === SyntaxKind.NewExpression) return isTimedAgent(value);
    if (value.kind !== SyntaxKind.CallExpression) return false;
    const callee = skipOuterExpressions((value as unknown as { expression: Node }).expression);
    if (callee.kind !== SyntaxKind.Identifier) return false;
    const fn = functionNamed(fa, fa, textOf(callee)!, 0);
    return !!fn && returnedValues(fn).some(isTimedAgent);
  }
  return false;
}

/** `new Agent({ headersTimeout: ms })`, also behind `.compose(...)` interceptors; a timeout of 0 is none. */
function isTimedAgent(value: Node): boolean {
  let v = skipOuterExpressions(value);
  // `new Agent({...}).compose(dns(), retry())`: the Agent's options still apply.
  while (v.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((v as unknown as { expression: Node }).expression);
    if (callee.kind !== SyntaxKind.PropertyAccessExpression || textOf((callee as unknown as { name: Node }).name) !== "compose") return false;
    v = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
  }
  if (v.kind !== SyntaxKind.NewExpression) return false;
  const options = callArguments(v)[0];
  const literal = options && skipOuterExpressions(options);
  if (literal?.kind !== SyntaxKind.ObjectLiteralExpression) return false;
  return objectMembers(literal).some(member => {
    const key = memberName(member);
    if (key !== "headersTimeout" && key !== "bodyTimeout") return false;
    if (member.kind === SyntaxKind.ShorthandPropertyAssignment) return true;
    if (member.kind !== SyntaxKind.PropertyAssignment) return false;
    const initializer = skipOuterExpressions((member as unknown as { initializer: Node }).initializer);
    return !(initializer.kind === SyntaxKind.NumericLiteral && Number(textOf(initializer)) === 0);
  });
}

/**
 * A module-level function of this name in the file, or where the file imports it from (a relative
 * `import`/`require` of the project, renames followed; at most 3 files away).
 */
function functionNamed(fa: FileAnalysis, home: FileAnalysis, name: string, depth: number): Node | undefined {
  for (const statement of home.sourceFile.statements) {
    if (statement.kind === SyntaxKind.FunctionDeclaration && textOf((statement as unknown as { name?: Node }).name) === name) return statement;
    if (statement.kind !== SyntaxKind.VariableStatement) continue;
    const list = (statement as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList;
    for (const decl of list.declarations) {
      const declared = decl as unknown as { name: Node; initializer?: Node };
      if (declared.name.kind !== SyntaxKind.Identifier || textOf(declared.name) !== name || !declared.initializer) continue;
      const init = skipOuterExpressions(declared.initializer);
      return isFunctionLike(init) ? init : undefined;
    }
  }
  const binding = home.bindings.forLocalName(name);
  if (depth >= 3 || !fa.project || !binding?.module.startsWith(".") || binding.imported === "*") return undefined;
  const wanted = withoutExtension(resolve(dirname(home.sourceFile.fileName), binding.module));
  for (const other of fa.project.filesMentioning(binding.imported)) {
    if (withoutExtension(other) !== wanted && withoutExtension(other) !== `${wanted}/index`) continue;
    const analysis = fa.project.analysisOf(other);
    return analysis && functionNamed(fa, analysis, binding.imported, depth + 1);
  }
  return undefined;
}

/** What the function returns: its expression body, or its `return` statements' values (not nested functions'). */
function returnedValues(fn: Node): Node[] {
  const body = (fn as unknown as { body?: Node }).body;
  if (!body) return [];
  if (body.kind !== SyntaxKind.Block) return [body];
  const values: Node[] = [];
  forEachDescendant(
    body,
    node => {
      if (node.kind !== SyntaxKind.ReturnStatement) return;
      const value = (node as unknown as { expression?: Node }).expression;
      if (value) values.push(value);
    },
    true,
  );
  return values;
}

// A blocking call on the fallback path of an optional parameter that no caller leaves out:
//   async function findTarget(path, knownFiles) { if (knownFiles ? knownFiles.has(path) : fs.existsSync(path)) ... }
//   ... findTarget(p, new Set(files)) ...            (every call in the file passes a value)
// The fallback runs only when the argument is missing, and no call in the project omits it: the
// blocking call never runs (found on real code: a source-map matcher's `existsSync` fallback,
// reported 3 times while its only caller always passes the set of files).
// Decided from one file's syntax: the function must be private to the file (a function
// declaration or `const f = ...`, exported only if no other file of the project mentions its
// name), every other reference to it a call, and the argument at the parameter's index one whose
// value cannot be missing: a literal, `new X(...)`, or a `const` initialised with one of those.
import { ModifierFlags, SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { skipOuterExpressions, textOf, isConstList } from "../../analysis/syntax";
import { identifiersNamedIn } from "../../analysis/identifiers-by-text";
import type { ProjectFiles } from "../../analysis/project-files";

/**
 * Whether `call` runs only when a parameter of its function is missing, and every caller passes it.
 * An exported function counts when no other file of the project mentions its name.
 */
export function runsOnlyWithoutArgument(call: Node, fileName: string, project: ProjectFiles | undefined): boolean {
  const fn = nearestFunction(call);
  if (!fn) return false;
  const parameter = fallbackParameter(call, fn);
  if (!parameter) return false;
  const index = (fn as unknown as { parameters: readonly { name: Node }[] }).parameters.findIndex(p => textOf(p.name) === parameter);
  const declared = declaredName(fn);
  if (index < 0 || !declared) return false;
  const onlyThisFile = () => !!project && project.filesMentioning(declared.name).every(f => f === fileName);
  if (declared.exported && !onlyThisFile()) return false;
  let calls = 0;
  for (const ref of identifiersNamedIn(call.getSourceFile(), declared.name)) {
    if (ref === declared.node || isPropertyName(ref)) continue;
    // `exports.f = f` (compiled CommonJS): an export, which other files would have to mention.
    if (isExportAssignment(ref)) {
      if (!onlyThisFile()) return false;
      continue;
    }
    const { parent, child } = outer(ref);
    if (parent?.kind !== SyntaxKind.CallExpression || (parent as unknown as { expression: Node }).expression !== child) return false;
    const arg = (parent as unknown as { arguments: readonly Node[] }).arguments[index];
    if (!arg || !isPresentValue(arg)) return false;
    calls++;
  }
  return calls > 0;
}

function nearestFunction(node: Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n as FunctionLike;
  return undefined;
}

/**
 * The parameter whose absence the call's branch depends on: `p ? a : <call>`, `if (p) ... else <call>`,
 * `if (!p) <call>`, with `p` a bare identifier naming a parameter of `fn`.
 */
function fallbackParameter(call: Node, fn: FunctionLike): string | undefined {
  const params = new Set((fn as unknown as { parameters: readonly { name: Node }[] }).parameters.map(p => textOf(p.name)));
  for (let n: Node = call; n.parent && n.parent !== fn; n = n.parent) {
    const p = n.parent;
    let tested: Node | undefined;
    if (p.kind === SyntaxKind.ConditionalExpression && (p as unknown as { whenFalse: Node }).whenFalse === n)
      tested = (p as unknown as { condition: Node }).condition;
    else if (p.kind === SyntaxKind.IfStatement) {
      const ifs = p as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
      const condition = skipOuterExpressions(ifs.expression);
      if (ifs.elseStatement === n) tested = condition;
      else if (
        ifs.thenStatement === n &&
        condition.kind === SyntaxKind.PrefixUnaryExpression &&
        (condition as unknown as { operator: SyntaxKind }).operator === SyntaxKind.ExclamationToken
      )
        tested = (condition as unknown as { operand: Node }).operand;
    }
    if (tested) {
      const t = skipOuterExpressions(tested);
      const name = t.kind === SyntaxKind.Identifier ? textOf(t) : undefined;
      if (name && params.has(name)) return name;
    }
  }
  return undefined;
}

/** A function called by a plain name: `function f() {}` or `const f = () => {}` (not a default export). */
function declaredName(fn: FunctionLike): { name: string; node: Node; exported: boolean } | undefined {
  if (fn.kind === SyntaxKind.FunctionDeclaration) {
    const flags = fn.modifierFlags ?? 0;
    if (flags & ModifierFlags.Default) return undefined;
    const node = (fn as unknown as { name?: Node }).name;
    const name = textOf(node);
    return node && name ? { name, node, exported: (flags & ModifierFlags.Export) !== 0 } : undefined;
  }
  const holder = fn.parent;
  if (holder?.kind !== SyntaxKind.VariableDeclaration || (holder as unknown as { initializer?: Node }).initializer !== fn) return undefined;
  const statement = holder.parent?.parent;
  const exported = !!statement && (((statement as unknown as { modifierFlags?: number }).modifierFlags ?? 0) & ModifierFlags.Export) !== 0;
  const node = (holder as unknown as { name: Node }).name;
  const name = node.kind === SyntaxKind.Identifier ? textOf(node) : undefined;
  return name ? { name, node, exported } : undefined;
}

/** The `f` of `x.f`: a property of some object, not a reference to the function. */
function isPropertyName(ref: Node): boolean {
  return ref.parent?.kind === SyntaxKind.PropertyAccessExpression && (ref.parent as unknown as { name: Node }).name === ref;
}

/** `exports.f = f`, `module.exports.f = f`. */
function isExportAssignment(ref: Node): boolean {
  const { parent, child } = outer(ref);
  if (parent?.kind !== SyntaxKind.BinaryExpression) return false;
  const b = parent as unknown as { left: Node; right: Node; operatorToken: Node };
  return b.right === child && b.operatorToken.kind === SyntaxKind.EqualsToken && /^(module\.)?exports\.[\w$]+$/.test(b.left.getText());
}

function outer(node: Node): { parent: Node | undefined; child: Node } {
  let child = node;
  while (child.parent?.kind === SyntaxKind.ParenthesizedExpression) child = child.parent;
  return { parent: child.parent, child };
}

const presentKinds = new Set<SyntaxKind>([
  SyntaxKind.NewExpression,
  SyntaxKind.ArrayLiteralExpression,
  SyntaxKind.ObjectLiteralExpression,
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateExpression,
  SyntaxKind.NumericLiteral,
  SyntaxKind.TrueKeyword,
  SyntaxKind.ArrowFunction,
  SyntaxKind.FunctionExpression,
]);

/** A value that cannot be missing: a literal, `new X(...)`, or a `const` in scope initialised with one. */
function isPresentValue(arg: Node): boolean {
  const value = skipOuterExpressions(arg);
  if (presentKinds.has(value.kind)) return true;
  if (value.kind !== SyntaxKind.Identifier) return false;
  const name = textOf(value);
  for (const id of identifiersNamedIn(value.getSourceFile(), name!)) {
    const declaration = id.parent;
    if (declaration?.kind !== SyntaxKind.VariableDeclaration || (declaration as unknown as { name: Node }).name !== id) continue;
    // Declared in a function around the argument (or at top level): the one it names.
    const scope = nearestFunction(declaration);
    if (scope && !(value.pos >= scope.pos && value.end <= scope.end)) continue;
    const list = declaration.parent;
    const isConst = isConstList(list);
    const init = (declaration as unknown as { initializer?: Node }).initializer;
    return isConst && !!init && presentKinds.has(skipOuterExpressions(init).kind);
  }
  return false;
}

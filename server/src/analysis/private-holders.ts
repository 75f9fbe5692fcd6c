// Instances that cannot leave the project's classes (round 45): a class whose every instance is
// made into a private field of another class (`private readonly api: Api` and `this.api = new
// Api(...)`, or `#api = new Api()`) and read there only as `this.api.method(...)`. Users of a library
// reach such an instance by no typed path (TypeScript refuses `client.api` outside its class; `#api`
// is private at run time too), so they call none of its methods: the methods the project does not
// call never run (a generated API client behind a facade that wraps some of its endpoints).
import { SyntaxKind, type Node } from "./typescript";
import { identifiersNamedIn } from "./identifiers-by-text";
import {
  enclosingClass,
  forEachDescendant,
  isPrivateMember,
  isPropertyName,
  isStaticMember,
  parentSkippingOuter,
  skipOuterExpressions,
  textOf,
} from "./syntax";
import { maxFiles, namesAsString } from "./uncalled-members";
import type { ProjectFiles } from "./project-files";

/**
 * Every use of `className` in the project is its declaration (`cls`), an import, a type, or `new
 * C(...)` put straight into a private field (`heldPrivately`); the class re-exports nowhere (no
 * `export { C }` outside its own module) and returns `this` from none of its members (a builder's
 * `this` would hand the instance out through the field's reads).
 */
export function instancesHeldPrivately(project: ProjectFiles, cls: Node, className: string): boolean {
  const home = cls.getSourceFile().fileName;
  let returnsThis = false;
  forEachDescendant(cls, n => {
    const value =
      n.kind === SyntaxKind.ReturnStatement
        ? (n as unknown as { expression?: Node }).expression
        : n.kind === SyntaxKind.ArrowFunction
          ? (n as unknown as { body: Node }).body
          : undefined;
    returnsThis ||= !!value && skipOuterExpressions(value).kind === SyntaxKind.ThisKeyword;
  });
  if (returnsThis) return false;
  const files = project.filesMentioning(className);
  if (files.length > maxFiles) return false;
  let made = false;
  for (const file of files) {
    const sourceFile = project.analysisOf(file)?.sourceFile;
    if (!sourceFile) return false;
    for (const id of identifiersNamedIn(sourceFile, className)) {
      const parent = id.parent;
      if (!parent || parent === cls) continue;
      if (isPropertyName(id) && parent.kind !== SyntaxKind.PropertyAccessExpression) continue;
      if (parent.kind === SyntaxKind.ImportSpecifier || parent.kind === SyntaxKind.ImportClause || parent.kind === SyntaxKind.TypeReference) continue;
      if (parent.kind === SyntaxKind.ExportSpecifier && file === home) continue;
      if (parent.kind !== SyntaxKind.NewExpression || (parent as unknown as { expression: Node }).expression !== id || !heldPrivately(parent)) return false;
      made = true;
    }
  }
  return made;
}

/**
 * `made` (`new C(...)`) is the initializer of a private field (`private x = new C()`, `#x = new C()`)
 * or assigned to one in its class (`this.x = new C()`), and every other occurrence of the field's
 * name in the file is `this.x.member` inside that class (no `this.x` handed on, returned or
 * destructured, no `this[name]`, no string naming the field).
 */
function heldPrivately(made: Node): boolean {
  const { parent, child } = parentSkippingOuter(made);
  let field: Node | undefined;
  let assignment: Node | undefined;
  if (parent?.kind === SyntaxKind.PropertyDeclaration && (parent as unknown as { initializer?: Node }).initializer === child) field = parent;
  else if (
    parent?.kind === SyntaxKind.BinaryExpression &&
    (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken &&
    (parent as unknown as { right: Node }).right === child
  ) {
    const left = skipOuterExpressions((parent as unknown as { left: Node }).left);
    if (left.kind !== SyntaxKind.PropertyAccessExpression || (left as unknown as { expression: Node }).expression.kind !== SyntaxKind.ThisKeyword) return false;
    assignment = left;
    const name = textOf((left as unknown as { name: Node }).name);
    field = classAround(parent)?.members.find(m => m.kind === SyntaxKind.PropertyDeclaration && textOf((m as unknown as { name: Node }).name) === name);
  }
  const holder = field && classAround(field);
  if (!field || !holder || field.parent !== holder.node || !isPrivateField(field)) return false;
  const name = textOf((field as unknown as { name: Node }).name);
  const sourceFile = made.getSourceFile();
  if (!name || namesAsString(sourceFile, name.replace(/^#/, ""))) return false;
  let computed = false;
  forEachDescendant(holder.node, n => {
    computed ||=
      n.kind === SyntaxKind.ElementAccessExpression && skipOuterExpressions((n as unknown as { expression: Node }).expression).kind === SyntaxKind.ThisKeyword;
  });
  if (computed) return false;
  for (const id of identifiersNamedIn(sourceFile, name)) {
    if (id.parent === field) continue;
    const access = id.parent;
    if (access?.kind !== SyntaxKind.PropertyAccessExpression || (access as unknown as { name: Node }).name !== id) return false;
    if ((access as unknown as { expression: Node }).expression.kind !== SyntaxKind.ThisKeyword || classAround(access)?.node !== holder.node) return false;
    if (access === assignment) continue;
    const outer = access.parent;
    if (outer?.kind !== SyntaxKind.PropertyAccessExpression || (outer as unknown as { expression: Node }).expression !== access) return false;
  }
  return true;
}

/** `private x` (TypeScript's keyword, not a JSDoc tag) or `#x`, not static. */
function isPrivateField(field: Node): boolean {
  return !isStaticMember(field) && isPrivateMember(field);
}

/** The class whose body holds `node`, outside any nested class, with its members. */
function classAround(node: Node): { node: Node; members: readonly Node[] } | undefined {
  const cls = enclosingClass(node);
  return cls && { node: cls, members: (cls as unknown as { members?: readonly Node[] }).members ?? [] };
}

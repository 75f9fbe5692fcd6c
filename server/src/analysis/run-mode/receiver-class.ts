// Callers of a method are found by its name (startup-callers.ts): `x.run()` anywhere counts as a
// call of every method called `run`, which errs towards reporting. Where the code says which
// class `x` is an instance of, a call of another class's method is not a call of this one:
//   const session = new FlvSession(req, res); session.run();      (not the server's `run()`)
//   this.recorder = new RecordServer(); ... this.recorder.run();
// Found on real code: a server's one-time `run()` taken as per-request work because a request
// handler ran a session object's `run()`.
// Decided from syntax: the receiver is a variable initialised with `new X(...)` in a function
// around the call (or at the top level), or a property that its class only ever assigns
// `new X(...)`; X is another class when the project declares a class X that is not the method's
// class nor, by the project's `class X extends Y` declarations (a few levels up), a subclass of
// it. `new Loader()` with `Loader` a parameter holding some class tells nothing.
import { SyntaxKind, type Node } from "../typescript";
import type { ProjectFiles } from "../project-files";
import { identifiersNamedIn } from "../identifiers-by-text";
import { enclosingFunction, textOf as text, enclosingClass } from "../syntax";

/** Superclass levels followed. */
const maxLevels = 5;

/**
 * Whether `ref` (the name in `receiver.name(...)`) calls a method of another class than
 * `className` (undefined: the method is an object literal's, never a class instance's).
 */
export function callsOtherClassMethod(ref: Node, className: string | undefined, project: ProjectFiles | undefined): boolean {
  const access = ref.parent;
  if (access?.kind !== SyntaxKind.PropertyAccessExpression || (access as unknown as { name: Node }).name !== ref) return false;
  const constructed = constructedClassOf((access as unknown as { expression: Node }).expression);
  if (!constructed) return false;
  // `new Loader()` with `Loader` a parameter or variable holding some class: no telling which.
  if (!project || !superclassesOf(project).has(constructed)) return false;
  if (className === undefined) return true;
  return !isSameOrSubclass(constructed, className, project);
}

/** The class `receiver` was made with, when the code says so unambiguously. */
function constructedClassOf(receiver: Node): string | undefined {
  let r = receiver;
  while (r.kind === SyntaxKind.ParenthesizedExpression || r.kind === SyntaxKind.NonNullExpression) r = (r as unknown as { expression: Node }).expression;
  if (r.kind === SyntaxKind.Identifier) return variableClass(r);
  if (r.kind === SyntaxKind.PropertyAccessExpression && (r as unknown as { expression: Node }).expression.kind === SyntaxKind.ThisKeyword)
    return propertyClass(r);
  return undefined;
}

/** `const x = new X(...)` declared in a function around `use` (or at the top level): X. */
function variableClass(use: Node): string | undefined {
  const name = text(use);
  if (!name) return undefined;
  const found = new Set<string | undefined>();
  for (const id of identifiersNamedIn(use.getSourceFile(), name)) {
    const declaration = id.parent;
    if (declaration?.kind !== SyntaxKind.VariableDeclaration || (declaration as unknown as { name: Node }).name !== id) continue;
    const scope = enclosingFunction(declaration);
    if (scope && !(use.pos >= scope.pos && use.end <= scope.end)) continue;
    found.add(newClassName((declaration as unknown as { initializer?: Node }).initializer));
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** `this.p` that the class around it only ever assigns `new X(...)`: X. */
function propertyClass(access: Node): string | undefined {
  const name = text((access as unknown as { name: Node }).name);
  const cls = enclosingClass(access);
  if (!cls || !name) return undefined;
  const found = new Set<string | undefined>();
  for (const id of identifiersNamedIn(access.getSourceFile(), name)) {
    if (!(id.pos >= cls.pos && id.end <= cls.end)) continue;
    const other = id.parent;
    if (other?.kind === SyntaxKind.PropertyDeclaration && (other as unknown as { name: Node }).name === id) {
      const init = (other as unknown as { initializer?: Node }).initializer;
      if (init) found.add(newClassName(init));
      continue;
    }
    if (other?.kind !== SyntaxKind.PropertyAccessExpression || (other as unknown as { expression: Node }).expression.kind !== SyntaxKind.ThisKeyword) continue;
    const assignment = other.parent;
    if (
      assignment?.kind === SyntaxKind.BinaryExpression &&
      (assignment as unknown as { left: Node }).left === other &&
      (assignment as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken
    )
      found.add(newClassName((assignment as unknown as { right: Node }).right));
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** `new X(...)`, `new ns.X(...)`: X; undefined for anything else. */
function newClassName(init: Node | undefined): string | undefined {
  let n = init;
  while (n && (n.kind === SyntaxKind.ParenthesizedExpression || n.kind === SyntaxKind.AsExpression)) n = (n as unknown as { expression: Node }).expression;
  if (n?.kind !== SyntaxKind.NewExpression) return undefined;
  const callee = (n as unknown as { expression: Node }).expression;
  if (callee.kind === SyntaxKind.Identifier) return text(callee);
  if (callee.kind === SyntaxKind.PropertyAccessExpression) return text((callee as unknown as { name: Node }).name);
  return undefined;
}

/** Whether class `name` is `target` or extends it, by the project's class declarations. */
function isSameOrSubclass(name: string, target: string, project: ProjectFiles | undefined): boolean {
  let current: string[] = [name];
  for (let level = 0; level <= maxLevels && current.length; level++) {
    if (current.includes(target)) return true;
    if (!project) return false;
    const next: string[] = [];
    for (const c of current) for (const base of superclassesOf(project).get(c) ?? []) next.push(base);
    current = next;
  }
  return false;
}

/** Every `class X` (`extends Y`) of the project: X → the names Y (last part of `ns.Y`), once per snapshot. */
function superclassesOf(project: ProjectFiles): Map<string, string[]> {
  return project.derived(
    "blocking-call-in-async:superclasses",
    (_fileName, source) => {
      const pairs: [string, string | undefined][] = [];
      for (const m of source.matchAll(/\bclass\s+([\w$]+)(?:\s*<[^{]*?>)?(?:\s+extends\s+([\w$.]+))?/g)) pairs.push([m[1]!, m[2]?.replace(/^.*\./, "")]);
      return pairs;
    },
    parts => {
      const map = new Map<string, string[]>();
      for (const part of parts) for (const [cls, base] of part) map.set(cls, [...(map.get(cls) ?? []), ...(base ? [base] : [])]);
      return map;
    },
  );
}

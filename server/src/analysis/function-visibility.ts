// Which functions callers reach by name, and which of them other modules can call (exported,
// public methods, CommonJS exports): it decides whether a parameter's callers are all in view
// (unbounded-concurrency's collection sources; missing-timeout's module-private functions, uncalled-code.ts;
// stream-backpressure's private callers, which also leave out `protected` and `_name` methods). Two rules ask a narrower question their own way,
// and keep it, since their answers differ at the edges: stream-backpressure's file-private function
// (rules/stream-backpressure/fresh-files.ts, by the file's export text) and blocking-call-in-async's
// callable-from-other-files.ts (by modifiers, for its start-up paths).
import { SyntaxKind, type Node } from "./typescript";
import { enclosingFunction, textOf } from "./syntax";
import { nameCallersUse } from "./function-names";

/**
 * Whether other modules can call the function: an exported declaration (ES or CommonJS), a
 * method that is not private (`private`, `#name`, `_name`), a function assigned to a property
 * (`Model.create = function (docs) {...}`) or held by an exported object.
 */
export function isPublicFunction(fn: Node): boolean {
  const name = nameCallersUse(fn);
  if (fn.kind === SyntaxKind.MethodDeclaration || fn.kind === SyntaxKind.Constructor) {
    const nameNode = (fn as unknown as { name?: Node }).name;
    if (nameNode?.kind === SyntaxKind.PrivateIdentifier || /^_/.test(name ?? "") || /^\s*(private|protected)\b/.test(fn.getText())) return false;
    // A class the module keeps to itself: its methods are called from this file only.
    const cls = fn.parent;
    if (cls?.kind !== SyntaxKind.ClassDeclaration || cls.parent?.kind !== SyntaxKind.SourceFile) return true;
    const className = textOf((cls as unknown as { name?: Node }).name);
    return /^\s*export\b/.test(cls.getText()) || !className || commonJsExports(cls.parent).has(className);
  }
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const p = outer.parent;
  if (p?.kind === SyntaxKind.BinaryExpression || p?.kind === SyntaxKind.PropertyAssignment || p?.kind === SyntaxKind.PropertyDeclaration)
    return !/^_/.test(name ?? "");
  // A declaration at the top of the module: exported by a modifier, or named in module.exports / exports.x.
  const statement = fn.kind === SyntaxKind.FunctionDeclaration ? fn : p?.parent?.parent;
  if (!statement) return false;
  if (statement.parent?.kind !== SyntaxKind.SourceFile) {
    // A closure a factory hands out: `const fetchOffsets = async (...) => ...; return { fetchOffsets }`.
    const factory = enclosingFunction(statement);
    return !!name && !!factory && new RegExp(`return\\s*\\{[^}]*(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(factory.getText());
  }
  if (/^\s*export\b/.test(statement.getText())) return true;
  return !!name && commonJsExports(statement.parent).has(name);
}

const exportsCache = new WeakMap<Node, Set<string>>();
/** Names a CommonJS module exports: `module.exports = { a, b }`, `module.exports.a =`, `exports.a =`. */
function commonJsExports(sourceFile: Node): Set<string> {
  let names = exportsCache.get(sourceFile);
  if (names) return names;
  names = new Set();
  const text = sourceFile.getText();
  for (const m of text.matchAll(/(?:module\.)?exports\.([\w$]+)\s*=/g)) names.add(m[1]!);
  for (const m of text.matchAll(/module\.exports\s*=\s*\{([^}]*)\}/g))
    for (const part of m[1]!.split(",")) {
      const n = /([\w$]+)\s*$/.exec(part.split(":").pop()!.trim());
      if (n) names.add(n[1]!);
    }
  for (const m of text.matchAll(/module\.exports\s*=\s*([\w$]+)\s*;?\s*$/gm)) names.add(m[1]!);
  exportsCache.set(sourceFile, names);
  return names;
}

/** Functions that callers call by name: declarations, methods, and functions held by a variable or property. */
export function isDeclaredFunction(fn: Node): boolean {
  if (fn.kind === SyntaxKind.FunctionDeclaration || fn.kind === SyntaxKind.MethodDeclaration || fn.kind === SyntaxKind.Constructor) return true;
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const p = outer.parent;
  if (!p) return false;
  if (p.kind === SyntaxKind.VariableDeclaration || p.kind === SyntaxKind.PropertyAssignment || p.kind === SyntaxKind.PropertyDeclaration) return true;
  // `Model.create = async function (docs) {...}`, `exports.run = (args) => ...`
  return p.kind === SyntaxKind.BinaryExpression && (p as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken;
}

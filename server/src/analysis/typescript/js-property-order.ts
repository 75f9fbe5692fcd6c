// The checker infers a JavaScript class's `this.x` property from every `this.x = value` in the
// class, and keeps the first answer it works out. When an assigned value reads the property
// back (`this.conn = tls.connect({ socket: this.conn })`), the answer depends on where the
// inference started: from a method that uses the property (`this.conn.pipe(...)`) it completes;
// from inside one of its assignments (the type of that `tls.connect(...)` call asked first) it
// meets itself and the property is `any` for the rest of the run. Which question comes first
// depended on which rules ran, so one rule's finding came and went with another rule being on.
// Asking first, for each JavaScript file, about one use of each such property from a function
// that does not assign it makes the inference start from outside every time.
import { SyntaxKind, type Node, type SourceFile } from "typescript/unstable/ast";

const javaScriptFile = /\.(c|m)?jsx?$/i;

const functionKinds = new Set<SyntaxKind>([
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.Constructor,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
]);

interface Scope {
  cls: Node | undefined;
  fn: Node | undefined;
}

/**
 * The member names `y` of the first `this.x.y` of each property `x` of each class of a
 * JavaScript file, read in a function that does not itself assign `this.x`, in source order;
 * empty for other files. Their symbols make the checker infer each `x` from a use.
 */
export function propertyUsesToAskFirst(sourceFile: SourceFile): Node[] {
  if (!javaScriptFile.test(sourceFile.fileName)) return [];
  // Most files assign no `this.x`: a text search spares the walk.
  if (!/\bthis\s*\.\s*[\w$]+\s*=[^=]/.test(sourceFile.text)) return [];
  const assigned = new Set<string>();
  const uses: { key: string; fnKey: string; name: Node }[] = [];
  // Iterative (a long `a + b + ...` chain is deep); a scope's entry is popped after its children.
  const stack: (Node | Scope)[] = [sourceFile];
  let scope: Scope = { cls: undefined, fn: undefined };
  while (stack.length) {
    const item = stack.pop()!;
    if (!("kind" in item)) {
      scope = item;
      continue;
    }
    const node = item;
    const isClass = node.kind === SyntaxKind.ClassDeclaration || node.kind === SyntaxKind.ClassExpression;
    if (isClass || functionKinds.has(node.kind)) {
      stack.push(scope);
      scope = isClass ? { cls: node, fn: undefined } : { cls: scope.cls, fn: node };
    }
    const property = thisProperty(node);
    if (property && scope.cls) {
      const key = `${scope.cls.pos}:${property}`;
      const fnKey = `${scope.fn?.pos ?? -1}:${key}`;
      const parent = node.parent;
      const { left, operatorToken } = (parent ?? {}) as { left?: Node; operatorToken?: Node };
      if (parent?.kind === SyntaxKind.BinaryExpression && left === node && operatorToken?.kind === SyntaxKind.EqualsToken) assigned.add(fnKey);
      else if (parent?.kind === SyntaxKind.PropertyAccessExpression && (parent as unknown as { expression: Node }).expression === node)
        uses.push({ key, fnKey, name: (parent as unknown as { name: Node }).name });
    }
    const children: Node[] = [];
    node.forEachChild(child => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  const found: Node[] = [];
  const seen = new Set<string>();
  for (const use of uses) {
    if (seen.has(use.key) || assigned.has(use.fnKey)) continue;
    seen.add(use.key);
    found.push(use.name);
  }
  return found;
}

/** `x` of `this.x`. */
function thisProperty(node: Node): string | undefined {
  if (node.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const { expression, name } = node as unknown as { expression: Node; name: Node & { text: string } };
  return expression.kind === SyntaxKind.ThisKeyword ? name.text : undefined;
}

// Which function a piece of code runs as part of, and whether that is "async context"
// (DESIGN section 2): inside an async function, or a callback given to .then/.catch/.finally,
// or a callback such code calls synchronously (forEach, map, a Promise executor, an IIFE).
import { ModifierFlags, SyntaxKind, forEachNodeOfKind, kindSet, type Node, type SourceFile } from "./typescript";

export type FunctionLike = Node & { readonly body?: Node; readonly modifierFlags?: number };

/** The kinds `isFunctionLike` accepts. */
export const functionKinds: ReadonlySet<SyntaxKind> = new Set<SyntaxKind>([
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor,
  SyntaxKind.Constructor,
]);

/**
 * Methods that call their callback before they return (arrays, typed arrays, Map/Set forEach,
 * a string's `replace(pattern, fn)`). By method name, whatever the receiver: libraries that
 * mirror them (`_.map(items, fn)`) call them synchronously too.
 */
const syncCallbackMethods = new Set([
  "forEach",
  "map",
  "filter",
  "reduce",
  "reduceRight",
  "some",
  "every",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "flatMap",
  "sort",
  "toSorted",
  "replace",
  "replaceAll",
]);

/**
 * Functions of built-in objects that call a callback before they return: `Array.from(xs, fn)`,
 * `JSON.parse(text, reviver)`, `JSON.stringify(value, replacer)`, `Object.groupBy(xs, fn)`.
 * Other libraries' callbacks are not assumed synchronous: their types rarely say when they run.
 */
const syncCallbackFunctions = new Map<string, ReadonlySet<string>>([
  ["Array", new Set(["from"])],
  ["JSON", new Set(["parse", "stringify"])],
  ["Object", new Set(["groupBy"])],
  ["Map", new Set(["groupBy"])],
]);

const promiseCallbackMethods = new Set(["then", "catch", "finally"]);

export function isFunctionLike(node: Node): node is FunctionLike {
  return functionKinds.has(node.kind);
}

const functionKindSet = kindSet(functionKinds);

/**
 * Every function of a file, in document order, found from the kind column of its node table:
 * only the functions (and their ancestors) become objects, not every node a walk would build.
 */
export function forEachFunction(sourceFile: SourceFile, visit: (fn: FunctionLike) => void): void {
  forEachNodeOfKind(sourceFile, functionKindSet, node => visit(node as FunctionLike));
}

export function isAsyncFunction(node: Node): boolean {
  return isFunctionLike(node) && ((node.modifierFlags ?? 0) & ModifierFlags.Async) !== 0;
}

function skipParensUp(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.kind === SyntaxKind.ParenthesizedExpression) n = n.parent;
  return n;
}

/** The method name of a call's callee, `a.b.forEach(...)` → `forEach`. */
export function calleeMethodName(callee: Node): string | undefined {
  if (callee.kind === SyntaxKind.PropertyAccessExpression) return (callee as unknown as { name: { text: string } }).name.text;
  return undefined;
}

/** How a function is invoked, judged from where it is written. */
export function invocationOf(fn: FunctionLike): "sync-callback" | "promise-callback" | "other" {
  const outer = skipParensUp(fn);
  const parent = outer.parent;
  if (!parent) return "other";
  if (parent.kind === SyntaxKind.CallExpression || parent.kind === SyntaxKind.NewExpression) {
    const call = parent as unknown as { expression: Node; arguments?: readonly Node[] };
    if (call.expression === outer) return parent.kind === SyntaxKind.CallExpression ? "sync-callback" : "other"; // IIFE
    if (!call.arguments?.includes(outer)) return "other";
    if (parent.kind === SyntaxKind.NewExpression) {
      return call.expression.kind === SyntaxKind.Identifier && (call.expression as unknown as { text: string }).text === "Promise" ? "sync-callback" : "other";
    }
    const method = calleeMethodName(call.expression);
    if (method && promiseCallbackMethods.has(method)) return "promise-callback";
    if (method && syncCallbackMethods.has(method)) return "sync-callback";
    const receiver = (call.expression as unknown as { expression?: Node }).expression;
    if (method && receiver?.kind === SyntaxKind.Identifier && syncCallbackFunctions.get((receiver as unknown as { text: string }).text)?.has(method))
      return "sync-callback";
  }
  return "other";
}

/**
 * Answers "which function does this code run as part of" with memoisation per function node.
 * The owner of a node is the nearest enclosing function that is not invoked synchronously by
 * its surroundings; code at module top level is owned by the source file.
 */
export class AsyncContext {
  private readonly owners = new Map<Node, FunctionLike | SourceFile>();

  constructor(private readonly sourceFile: SourceFile) {}

  /** The nearest enclosing function-like node, or the source file. */
  private enclosingFunction(node: Node): FunctionLike | SourceFile {
    for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n;
    return this.sourceFile;
  }

  ownerOf(node: Node): FunctionLike | SourceFile {
    const fn = isFunctionLike(node) ? node : this.enclosingFunction(node);
    return fn.kind === SyntaxKind.SourceFile ? fn : this.ownerOfFunction(fn as FunctionLike);
  }

  private ownerOfFunction(fn: FunctionLike): FunctionLike | SourceFile {
    let owner = this.owners.get(fn);
    if (owner) return owner;
    // Iterate outwards through synchronously-invoked callbacks.
    const chain: FunctionLike[] = [];
    let current: FunctionLike | SourceFile = fn;
    while (current.kind !== SyntaxKind.SourceFile && !isAsyncFunction(current) && invocationOf(current as FunctionLike) === "sync-callback") {
      chain.push(current as FunctionLike);
      const cached = this.owners.get(current);
      if (cached) {
        current = cached;
        break;
      }
      current = this.enclosingFunction(current);
    }
    owner = current;
    for (const f of chain) this.owners.set(f, owner);
    this.owners.set(fn, owner);
    return owner;
  }

  /** Whether the owner is async context: an async function or a promise callback. */
  isAsyncOwner(owner: FunctionLike | SourceFile): boolean {
    if (owner.kind === SyntaxKind.SourceFile) return false;
    return isAsyncFunction(owner) || invocationOf(owner as FunctionLike) === "promise-callback";
  }

  isInAsyncContext(node: Node): boolean {
    return this.isAsyncOwner(this.ownerOf(node));
  }
}

// Hints for calls the checker knows nothing about (untyped JavaScript): whether the call's
// promise is what its function waits on, whether its name says it only computes, whether it is a
// callback API wrapped in a promise. They decide when such a call counts as possible I/O.
import { SyntaxKind, type CallExpression, type Node } from "../typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../async-context";
import { calleeParts, skipOuterExpressions, textOf } from "../syntax";
import { partsOf, promiseMethods } from "./io-classifier";

/** The call's promise is what its function waits on or gives back: awaited, returned, an arrow's body, chained with then/catch. */
export function isAwaited(node: Node): boolean {
  let n = node;
  for (;;) {
    const p = n.parent;
    if (!p) return false;
    if (p.kind === SyntaxKind.ParenthesizedExpression || p.kind === SyntaxKind.AsExpression || p.kind === SyntaxKind.NonNullExpression) {
      n = p;
      continue;
    }
    // `send(x).catch(log)`: the chain's promise is the call's.
    if (
      p.kind === SyntaxKind.PropertyAccessExpression &&
      promiseMethods.test(textOf((p as unknown as { name: Node }).name) ?? "") &&
      p.parent?.kind === SyntaxKind.CallExpression
    ) {
      n = p.parent;
      continue;
    }
    if (p.kind === SyntaxKind.AwaitExpression) return true;
    if (p.kind === SyntaxKind.ArrowFunction) return !isSyncCallback(p);
    if (p.kind !== SyntaxKind.ReturnStatement) return false;
    for (let f = p.parent; f; f = f.parent) if (isFunctionLike(f)) return !isSyncCallback(f);
    return true;
  }
}

/** Array methods whose callback's result is a test, a key or an accumulator, never awaited work. */
const syncCallbackMethods = /^(filter|some|every|find|findIndex|findLast|findLastIndex|sort|toSorted|forEach|reduce|reduceRight|includes|indexOf)$/;

/**
 * A non-async function handed to one of those methods (`cols.filter(c => other.some(...))`): what
 * it returns is a boolean or a value, so an unknown call it returns is not the item's promise.
 */
function isSyncCallback(fn: Node): boolean {
  if (isAsyncFunction(fn as FunctionLike)) return false;
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (call?.kind !== SyntaxKind.CallExpression) return false;
  const name = calleeParts((call as CallExpression).expression)?.nameNode.text;
  return !!name && syncCallbackMethods.test(name) && (call as CallExpression).arguments.includes(outer as never);
}

/** Names that say the call computes (`parseTypeName`, `formatDate`): for calls nothing else is known about. */
const computeName =
  /^(parse|decode|encode|serialize|deserialize|stringify|format|validate|compile|render|normalize|sanitize|hash|compare|clone|merge|build|create|to)([A-Z_]\w*)?$/;
/**
 * JavaScript's own string and array methods that take no callback (`line.trim()`,
 * `name.split("/")`, `parts.join(",")`, and `path.join(a, b)`), called on a value the checker
 * knows nothing of: they compute, whatever the value turns out to be.
 */
const builtinMethodName =
  /^(trim|trimStart|trimEnd|split|join|toLowerCase|toUpperCase|toLocaleLowerCase|toLocaleUpperCase|startsWith|endsWith|padStart|padEnd|charAt|charCodeAt|codePointAt|substring|substr|indexOf|lastIndexOf|includes|localeCompare|repeat|toFixed|toISOString)$/;

export function computesByName(call: Node): boolean {
  // `(0, path_1.join)(...)`, compiled CommonJS's call of an import, included.
  const parts = partsOf(call);
  const name = parts?.nameNode.text;
  return !!name && (computeName.test(name) || (!!parts?.receiverExpression && builtinMethodName.test(name)));
}

/**
 * `new Promise((resolve, reject) => api(x, (err) => err ? reject(err) : resolve()))`: a callback
 * API wrapped in a promise, whatever its declared type says, is asynchronous work.
 */
export function callsBackFromExecutor(call: Node): boolean {
  if (call.kind !== SyntaxKind.CallExpression) return false;
  let executor: Node | undefined;
  for (let n = call.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    let outer: Node = n;
    while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
    if (outer.parent?.kind === SyntaxKind.NewExpression && textOf((outer.parent as unknown as { expression: Node }).expression) === "Promise") executor = n;
    break;
  }
  if (!executor) return false;
  const settle = (executor as unknown as { parameters: readonly { name: Node }[] }).parameters.map(p => textOf(p.name)).filter((t): t is string => !!t);
  if (!settle.length) return false;
  return (call as CallExpression).arguments.some(arg => {
    const a = skipOuterExpressions(arg);
    if (!isFunctionLike(a)) return settle.includes(textOf(a) ?? "");
    let uses = false;
    forEachNode(a, n => {
      if (n.kind === SyntaxKind.Identifier && settle.includes(textOf(n)!)) uses = true;
    });
    return uses;
  });
}

export function forEachNode(root: Node, visit: (n: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    n.forEachChild(c => {
      stack.push(c);
    });
  }
}

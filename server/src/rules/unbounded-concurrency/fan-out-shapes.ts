// The shapes of a fan-out in syntax: `xs.map(cb)` and its variants, the array a `Promise.all` waits on
// (mapped into a variable first), the project's own wrappers of Promise.all, what a statement starts.
import { SyntaxKind, forEachNodeOfKind, kindSet, type CallExpression, type Node, type SourceFile, type VariableDeclaration } from "../../analysis/typescript";
import { findDeclaration } from "./fan-out";
import { calleeParts, forEachDescendant, identifierPattern, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { functionNodeOf } from "../../analysis/blocking-calls";
import type { FileAnalysis } from "../rule";

export interface FanOut {
  combinator: CallExpression;
  /** `xs.map(cb)` / `Array.from(xs, cb)` */
  mapCall: CallExpression;
  collection: Node;
  callback: Node | undefined;
}

/** `promiseAll(xs.map(cb))`: maybe the project's own wrapper of Promise.all. */
export interface WrapperCall {
  call: CallExpression;
  argIndex: number;
  map: Node;
}

export const iterationMethodNames = new Set(["map", "flatMap", "filter", "forEach", "from", "all", "allSettled", "any", "race", "push", "concat"]);

/** `const p = load(x).then(...); pending.push(p)`: the work is what made `p`. */
export function pushedWork(pushed: Node): Node {
  if (pushed.kind !== SyntaxKind.Identifier) return pushed;
  const decl = findDeclaration(pushed, textOf(pushed)!);
  return decl?.name.kind === SyntaxKind.Identifier && decl.initializer ? decl.initializer : pushed;
}

/**
 * `const pending = rows.map(...)` (never reassigned) for `pending`: the map that made the array,
 * so that `await Promise.all(pending)` is the same fan-out as `Promise.all(rows.map(...))`.
 */
export function mappedInto(ref: Node): Node | undefined {
  const name = textOf(ref);
  // Most identifiers handed to a call name no map: the file's map-declared names tell at once.
  if (!name || !mapNamesOf(ref.getSourceFile()).has(name)) return undefined;
  const decl = findDeclaration(ref, name);
  if (!decl || decl.name.kind !== SyntaxKind.Identifier || !decl.initializer) return undefined;
  const init = skipOuterExpressions(decl.initializer);
  if (!isMap(init)) return undefined;
  // Reassigned or grown later: what Promise.all sees is not (only) the map.
  const scope = decl.parent?.parent?.parent;
  const n = identifierPattern(name);
  const later = scope ? scope.getText().replace(new RegExp(`\\b(const|let|var)\\s+${n}\\s*=`), "") : "";
  if (new RegExp(`(?<![\\w$.])${n}\\s*(=[^=>]|\\.\\s*(push|unshift|splice)\\s*\\()`).test(later)) return undefined;
  return init;
}

/**
 * Whether the called project function hands the parameter at `argIndex` to
 * Promise.all/allSettled (`const promiseAll = (ps) => Promise.all(ps)`), itself or through a
 * local of it.
 */
export function forwardsToPromiseAll(fa: FileAnalysis, w: WrapperCall): boolean {
  const parts = calleeParts(w.call.expression);
  const symbol = parts ? fa.queries.symbolOf(parts.nameNode) : undefined;
  const decl = symbol ? fa.queries.declarationOf(symbol) : undefined;
  if (!symbol || !decl || decl.isExternal || decl.isDeclarationFile) return false;
  const fn = functionNodeOf(fa.queries.declarationNode(symbol));
  const param = fn ? (fn as unknown as { parameters: readonly { name: Node; dotDotDotToken?: Node }[] }).parameters[w.argIndex] : undefined;
  const paramName = param && !param.dotDotDotToken ? textOf(param.name) : undefined;
  if (!fn || !paramName) return false;
  let forwards = false;
  forEachDescendant(
    fn,
    n => {
      if (forwards || n.kind !== SyntaxKind.CallExpression) return;
      const p = calleeParts((n as CallExpression).expression);
      const arg = (n as CallExpression).arguments[0];
      if (!p || p.receiver?.text !== "Promise" || !(p.nameNode.text === "all" || p.nameNode.text === "allSettled") || !arg) return;
      const a = skipOuterExpressions(arg);
      // Promise.all(ps), Promise.all([...ps]), Promise.all(ps.map(wrap))
      const inner =
        a.kind === SyntaxKind.ArrayLiteralExpression
          ? (a as unknown as { elements: readonly Node[] }).elements.map(e =>
              e.kind === SyntaxKind.SpreadElement ? skipOuterExpressions((e as unknown as { expression: Node }).expression) : e,
            )
          : [a];
      forwards = inner.some(
        e =>
          textOf(e) === paramName ||
          (e.kind === SyntaxKind.CallExpression && textOf(calleeParts((e as CallExpression).expression)?.receiverExpression) === paramName),
      );
    },
    false,
  );
  return forwards;
}

/** `xs.map(cb)`, `xs.flatMap(cb)`, `Array.from(xs, cb)`, `xs.map(cb).filter(...)`. */
const variableKinds = kindSet([SyntaxKind.VariableDeclaration]);
const mapNames = new WeakMap<SourceFile, ReadonlySet<string>>();

/** The names that some `const x = <a map>` of the file declares (`mappedInto` follows no other). */
function mapNamesOf(sourceFile: SourceFile): ReadonlySet<string> {
  let names = mapNames.get(sourceFile);
  if (!names) {
    const found = new Set<string>();
    forEachNodeOfKind(sourceFile, variableKinds, node => {
      const d = node as VariableDeclaration;
      if (d.name.kind === SyntaxKind.Identifier && d.initializer && isMap(skipOuterExpressions(d.initializer))) found.add(d.name.text);
    });
    mapNames.set(sourceFile, (names = found));
  }
  return names;
}

function isMap(node: Node): boolean {
  return node.kind === SyntaxKind.CallExpression && mapFanOut(node, node as CallExpression) !== undefined;
}

export function mapFanOut(node: Node, combinator: CallExpression): FanOut | undefined {
  // A loop, not recursion: generated chains of `.filter()` can be thousands long.
  for (let n = node; n.kind === SyntaxKind.CallExpression; ) {
    const call = n as CallExpression;
    const parts = calleeParts(call.expression);
    if (!parts) return undefined;
    const name = parts.nameNode.text;
    if ((name === "map" || name === "flatMap") && parts.receiverExpression) {
      return { combinator, mapCall: call, collection: parts.receiverExpression, callback: call.arguments[0] };
    }
    if (name === "from" && parts.receiver?.text === "Array" && call.arguments.length >= 2) {
      return { combinator, mapCall: call, collection: call.arguments[0]!, callback: call.arguments[1] };
    }
    if (!((name === "filter" || name === "concat" || name === "flat") && parts.receiverExpression)) return undefined;
    n = skipOuterExpressions(parts.receiverExpression);
  }
  return undefined;
}

/** The call a statement starts: `send(x)`, `void send(x)`, `send(x).catch(log)`, `send(x).then(a, b)`. */
export function startedCall(expression: Node): CallExpression | undefined {
  let e = skipOuterExpressions(expression);
  if (e.kind === SyntaxKind.VoidExpression) e = skipOuterExpressions((e as unknown as { expression: Node }).expression);
  if (e.kind !== SyntaxKind.CallExpression) return undefined;
  return e as CallExpression;
}

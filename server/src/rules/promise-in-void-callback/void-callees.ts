// The callees that call a function and ignore the promise it returns, resolved by symbol: Node's
// EventEmitter listener methods (events, streams, net, http, process), Node's `setTimeout` and
// `setImmediate`, the built-in collections' `forEach`, and the `Promise` constructor's executor.
// Phase 1 (`voidCallSite`) reads syntax and asks for symbols; phase 2 (`isVoidCallee`) confirms.
import { SignatureKind, SyntaxKind, TypeFlags, type CallExpression, type Node, type Type } from "../../analysis/typescript";
import { callArguments, listenerMethods, skipOuterExpressions, stringLiteralText, textOf } from "../../analysis/syntax";
import { isAsyncFunction, isFunctionLike } from "../../analysis/async-context";
import { isRuntimeFunction, isRuntimeGlobal, needRuntimeFunction, needRuntimeGlobal } from "../../analysis/node-runtime";
import type { FileAnalysis } from "../rule";
import { dependsOnExpress4, isExpressRouteCall, routeCallOf, type RouteCall } from "./express-routes";

export type CalleeKind = "listener" | "timer" | "forEach" | "executor" | "route";

export interface VoidCallSite {
  kind: CalleeKind;
  /** The call or `new Promise(...)`. */
  call: Node;
  /** What decides the callee: the method's name (listener, forEach), the function or `Promise` identifier. */
  callee: Node;
  /** The function passed, as written. */
  callback: Node;
  /**
   * Phase 1's questions about the callee (its symbol; a listener's receiver type), asked by the
   * rule only for a site that can become a candidate: in the editor, a callback carried as
   * returning no thenable is none, and each such question costs the new snapshot's checker a
   * check of the call around it again (a file's every `forEach`).
   */
  ask(): void;
  /** A listener's emitter, whose type decides a library's own `on`. */
  receiver?: Node;
  /** A listener's event name, when it is a string literal. */
  event?: string;
  /** How the callee is written in messages: `emitter.on`, `setTimeout`, `items.forEach`. */
  calleeText: string;
  /** A route handler's routing call (`app.get(...)`). */
  route?: RouteCall;
}

const timerNames = new Set(["setTimeout", "setImmediate"]);

/** Node's own typings: EventEmitter and every class of Node's that extends it declare their `on` there. */
const nodeTypings = /\/@types\/node\//;
/** The compiler's default library (`lib.es2015.collection.d.ts`, ...), where `Array.prototype.forEach` is declared. */
const defaultLibrary = /\/lib\.[\w.]*\.d\.ts$|\/typescript\/lib\//;
const collectionOwners = new Set([
  "Array",
  "ReadonlyArray",
  "Map",
  "ReadonlyMap",
  "Set",
  "ReadonlySet",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
]);

/**
 * Phase 1: the callbacks a call hands to a callee that may ignore their results: one, or a
 * route's handlers (only where the package declares Express 4). Their questions are asked by
 * each site's `ask`.
 */
export function voidCallSites(fa: FileAnalysis, node: Node): VoidCallSite[] {
  const site = voidCallSite(fa, node);
  if (site) return [site];
  if (node.kind !== SyntaxKind.CallExpression || !dependsOnExpress4(fa)) return [];
  const route = routeCallOf(fa, node);
  if (!route) return [];
  const calleeText = shortCallee(skipOuterExpressions((node as CallExpression).expression));
  // routeCallOf asked the route's questions already.
  const ask = () => {};
  return route.handlers.map(callback => ({ kind: "route", call: node, callee: route.method, callback, receiver: route.receiver, calleeText, route, ask }));
}

function voidCallSite(fa: FileAnalysis, node: Node): VoidCallSite | undefined {
  if (node.kind === SyntaxKind.NewExpression) return executorSite(fa, node);
  if (node.kind !== SyntaxKind.CallExpression) return undefined;
  const call = node as CallExpression;
  const callee = skipOuterExpressions(call.expression);
  const name = textOf(callee.kind === SyntaxKind.PropertyAccessExpression ? (callee as unknown as { name: Node }).name : callee);
  // The name first: reading a call's arguments builds their list (most calls of a file are none of these).
  if (!name || !(timerNames.has(name) || listenerMethods.has(name) || name === "forEach")) return undefined;
  const args = callArguments(call);
  if (timerNames.has(name) && args[0]) {
    if (callee.kind !== SyntaxKind.Identifier && callee.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
    return { kind: "timer", call, callee, callback: args[0], calleeText: name, ask: () => needRuntimeFunction(fa, callee) };
  }
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return undefined;
  const nameNode = (callee as unknown as { name: Node }).name;
  if (listenerMethods.has(name) && args.length === 2 && args[1]) {
    const receiver = (callee as unknown as { expression: Node }).expression;
    const event = stringLiteralText(args[0]);
    return {
      kind: "listener",
      call,
      callee: nameNode,
      callback: args[1],
      receiver,
      calleeText: shortCallee(callee),
      ...(event !== undefined ? { event } : {}),
      ask: () => {
        fa.queries.needSymbol(nameNode);
        fa.queries.needType(receiver);
      },
    };
  }
  if (name === "forEach" && args[0]) {
    return { kind: "forEach", call, callee: nameNode, callback: args[0], calleeText: shortCallee(callee), ask: () => fa.queries.needSymbol(nameNode) };
  }
  return undefined;
}

/** `new Promise(async (resolve, reject) => ...)`: only an async function written there is an async executor. */
function executorSite(fa: FileAnalysis, node: Node): VoidCallSite | undefined {
  const { expression, arguments: args } = node as unknown as { expression: Node; arguments?: readonly Node[] };
  const callee = skipOuterExpressions(expression);
  const executor = args?.[0] && skipOuterExpressions(args[0]);
  if (callee.kind !== SyntaxKind.Identifier || textOf(callee) !== "Promise" || !executor || !isFunctionLike(executor) || !isAsyncFunction(executor))
    return undefined;
  return { kind: "executor", call: node, callee, callback: executor, calleeText: "new Promise", ask: () => needRuntimeGlobal(fa, callee) };
}

/** Phase 2: the callee is one of those that ignore the callback's promise. */
export function isVoidCallee(fa: FileAnalysis, site: VoidCallSite): boolean {
  switch (site.kind) {
    case "timer":
      return isRuntimeFunction(fa, site.callee, site.calleeText, ["timers"]);
    case "executor":
      return isRuntimeGlobal(fa, site.callee, "Promise");
    case "route":
      return !!site.route && isExpressRouteCall(fa, site.route);
    case "listener": {
      const symbol = fa.queries.symbolOf(site.callee);
      const declaration = symbol && fa.queries.declarationOf(symbol);
      if (!declaration || !declaration.isDeclarationFile) return false;
      if (nodeTypings.test(declaration.fileName)) return true;
      // A package's typed `on` (`on<K extends keyof Events>(...)`) over Node's EventEmitter: the
      // emitter is still Node's, which drops what listeners return.
      return (
        declaration.isExternal && !!site.receiver && extendsNodeEmitter(fa, fa.queries.typeOf(site.receiver), 0) && !listenerMayReturnPromise(fa, site.call)
      );
    }
    case "forEach": {
      const symbol = fa.queries.symbolOf(site.callee);
      const declaration = symbol && fa.queries.declarationOf(symbol);
      const owner = symbol && fa.queries.parentName(symbol);
      return !!declaration && !!owner && defaultLibrary.test(declaration.fileName) && collectionOwners.has(owner);
    }
  }
}

/** A listener site whose `on` is declared by Node's own typings (its `emit` takes any event name). */
export function isNodeTypingsListener(fa: FileAnalysis, site: VoidCallSite): boolean {
  if (site.kind !== "listener") return false;
  const symbol = fa.queries.symbolOf(site.callee);
  const declaration = symbol && fa.queries.declarationOf(symbol);
  return !!declaration && nodeTypings.test(declaration.fileName);
}

/** The type is a class or interface that extends Node's own EventEmitter (through its base types). */
function extendsNodeEmitter(fa: FileAnalysis, type: Type | undefined, depth: number): boolean {
  if (!type || depth > 6 || type.flags & (TypeFlags.Any | TypeFlags.Unknown) || type.isUnionType()) return false;
  const target = type.isTypeReference() ? type.getTarget() : type;
  const symbol = target.getSymbol();
  if (symbol?.name === "EventEmitter") {
    const declaration = fa.queries.declarationOf(symbol);
    if (declaration && nodeTypings.test(declaration.fileName)) return true;
  }
  if (!target.isClassOrInterface()) return false;
  return (target.getBaseTypes() ?? []).some(base => extendsNodeEmitter(fa, base, depth + 1));
}

/**
 * The package's `on` declares listeners that may return a promise (`(...) => void | Promise<void>`):
 * it says it handles them, whatever the emitter underneath. Asked late, of the call's resolved
 * signature: only listeners that are otherwise reported get here.
 */
function listenerMayReturnPromise(fa: FileAnalysis, call: Node): boolean {
  const { checker } = fa.queries;
  const signature = checker.getResolvedSignature(call);
  const listener = signature && checker.getParameterType(signature, 1);
  if (!listener) return false;
  return checker.getSignaturesOfType(listener, SignatureKind.Call).some(s => {
    const returned = checker.getReturnTypeOfSignature(s);
    return !!returned && fa.queries.thenableInfo(returned).thenable;
  });
}

/** `this.socket.on` → `this.socket.on`; long receivers are cut. */
function shortCallee(callee: Node): string {
  const text = callee.getText().replace(/\s+/g, "");
  return text.length <= 40 ? text : `…${text.slice(-37)}`;
}

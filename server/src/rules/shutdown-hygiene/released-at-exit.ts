// Work that the end of the process does anyway: terminating a worker thread, closing a server the
// process owns (its listening socket and connections go with the process). In an 'exit' listener,
// such work being cut off loses nothing, unlike a flush, a file written or a request sent.
import { SyntaxKind, TypeFlags, type CallExpression, type Node, type Type } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { calleeParts, functionOf, isProcessExit, namesEnclosingParameter, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import { nodeAtIndex } from "../../analysis/typescript/node-scan";
import { implementationBeside, methodImplementationBeside } from "../../analysis/blocking-calls";
import { logMethods } from "../../analysis/rejection-syntax";
import type { FileAnalysis } from "../rule";
import { isServerType } from "./servers";

type TsSymbol = Parameters<FileAnalysis["queries"]["declarationHandle"]>[0];

/** How many project functions deep a release is followed (`stop()` → `closeServer()` → `server.close()`). */
const maxDepth = 2;
const timerClears = new Set(["clearTimeout", "clearInterval", "clearImmediate"]);
const workerTypings = /\/@types\/node\/worker_threads\.d\.ts$/;

/**
 * `worker.terminate()` on Node's worker thread, `server.close()` on a server (by type), or a call
 * of a project function whose only work is such releases (clearing timers and logging aside).
 */
export function releasesAtExit(fa: FileAnalysis, call: CallExpression, depth = 0): boolean {
  const parts = calleeParts(call.expression);
  if (!parts) return false;
  const method = parts.nameNode.text;
  if (parts.receiverExpression && (method === "terminate" || method === "close")) {
    const type = withoutNullish(fa.queries.lateTypeOf(parts.receiverExpression));
    if (method === "close" && (isServerType(fa, type) || (untyped(type) && madeByListen(parts.receiverExpression)))) return true;
    if (method === "terminate" && isWorkerThread(fa, type)) return true;
  }
  if (depth >= maxDepth) return false;
  const symbol = fa.queries.lateSymbolOf(parts.nameNode);
  const implementation = symbol && implementationOf(fa, symbol);
  return !!implementation && onlyReleases(implementation.fa, implementation.fn, depth + 1);
}

/**
 * The project function a symbol names, with the analysis of its file: its declaration, or for a
 * declaration file a compiler wrote beside its output (`x.d.ts` next to `x.js`), the function of
 * that name in `x.js`.
 */
function implementationOf(fa: FileAnalysis, symbol: TsSymbol): { fa: FileAnalysis; fn: FunctionLike } | undefined {
  const handle = fa.queries.declarationHandle(symbol);
  if (!handle || fa.queries.isExternalPath(handle.fileName)) return undefined;
  if (/\.d\.[cm]?ts$/.test(handle.fileName)) {
    const key = compiledFunctionKey(fa, symbol, handle);
    if (!key) return undefined;
    const at = key.lastIndexOf(":");
    const owner = fa.project?.analysisOf(key.slice(0, at));
    const node = owner && nodeAtIndex(owner.sourceFile, Number(key.slice(at + 1)));
    const fn = node && functionOf(node);
    return fn ? { fa: owner, fn } : undefined;
  }
  const declaration = fa.queries.declarationNode(symbol);
  const fn = declaration && functionOf(declaration);
  if (!fn) return undefined;
  const owner = handle.fileName === fa.fileName ? fa : fa.project?.analysisOf(handle.fileName);
  return owner ? { fa: owner, fn } : undefined;
}

/**
 * Every call of the function (its callbacks too) releases, clears a timer, logs, or settles its own
 * promise; one at least releases or clears a timer (a cleanup that only stops its own interval, async
 * in name only, leaves nothing for the end of the process to cut off).
 */
function onlyReleases(fa: FileAnalysis, fn: FunctionLike, depth: number): boolean {
  if (!fn.body) return false;
  let releases = 0;
  let other = false;
  const visit = (node: Node): void => {
    if (other) return;
    if (node.kind === SyntaxKind.CallExpression) {
      const call = node as CallExpression;
      if (isLogging(call)) return;
      const callee = skipOuterExpressions(call.expression);
      if (callee.kind === SyntaxKind.Identifier && (timerClears.has(textOf(callee)!) || namesEnclosingParameter(callee, fn))) {
        if (timerClears.has(textOf(callee)!)) releases++;
        call.arguments.forEach(visit);
        return;
      }
      if (releasesAtExit(fa, call, depth)) {
        releases++;
        call.arguments.forEach(visit);
        return;
      }
      other = true;
      return;
    }
    if (node.kind === SyntaxKind.NewExpression || node.kind === SyntaxKind.TaggedTemplateExpression || node.kind === SyntaxKind.AwaitExpression) {
      // `new Promise(executor)` runs what the executor calls, visited like the rest; other constructors do work.
      if (node.kind === SyntaxKind.NewExpression && textOf(skipOuterExpressions(get(node, "expression"))) !== "Promise") other = true;
      if (node.kind === SyntaxKind.TaggedTemplateExpression) other = true;
    }
    node.forEachChild(visit);
  };
  visit(fn.body);
  return !other && releases > 0;
}

/**
 * What runs from the listener's first `await` on is only releases (the awaited call first), logging
 * and `process.exit()`: nothing that is cut off needed doing.
 */
export function onlyReleasesFromAwait(fa: FileAnalysis, fn: FunctionLike, firstAwait: Node): boolean {
  if (firstAwait.kind !== SyntaxKind.AwaitExpression || !fn.body) return false;
  const awaited = skipOuterExpressions(get(firstAwait, "expression"));
  if (awaited.kind !== SyntaxKind.CallExpression || !releasesAtExit(fa, awaited as CallExpression)) return false;
  let needed = false;
  const visit = (node: Node): void => {
    if (needed || isFunctionLike(node)) return;
    if (node.kind === SyntaxKind.NewExpression && node.pos >= firstAwait.pos && textOf(skipOuterExpressions(get(node, "expression"))) !== "Error")
      needed = true;
    if (node.kind === SyntaxKind.CallExpression && node.pos >= firstAwait.pos) {
      const call = node as CallExpression;
      if (isLogging(call)) return;
      if (isProcessExit(call) || releasesAtExit(fa, call)) {
        call.arguments.forEach(visit);
        return;
      }
      needed = true;
      return;
    }
    node.forEachChild(visit);
  };
  visit(fn.body);
  return !needed;
}

/** The function of the symbol's name in the `x.js` beside its `x.d.ts`: a top-level function or a method of a top-level class. */
function compiledFunctionKey(fa: FileAnalysis, symbol: TsSymbol, handle: { fileName: string; kind: SyntaxKind }): string | undefined {
  if (handle.kind === SyntaxKind.FunctionDeclaration || handle.kind === SyntaxKind.VariableDeclaration)
    return implementationBeside(fa, handle.fileName, symbol.name);
  if (handle.kind !== SyntaxKind.MethodDeclaration) return undefined;
  const owner = fa.queries.declarationNode(symbol)?.parent;
  const className = owner?.kind === SyntaxKind.ClassDeclaration ? textOf(get<Node | undefined>(owner, "name")) : undefined;
  return className ? methodImplementationBeside(fa, handle.fileName, className, symbol.name) : undefined;
}

/** `console.x(...)`, `logger.info(...)`: the arguments are values to print, not work. */
function isLogging(call: CallExpression): boolean {
  const parts = calleeParts(call.expression);
  if (!parts?.receiverExpression) return false;
  return textOf(skipOuterExpressions(parts.receiverExpression)) === "console" || logMethods.has(parts.nameNode.text);
}

function untyped(type: Type | undefined): boolean {
  return !type || (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) !== 0;
}

const serverMakers = new Set(["listen", "createServer"]);

/**
 * An untyped value (a JavaScript app whose framework has no types) that the file makes with
 * `app.listen(...)` or `createServer(...)`: `this.server = app.listen(port)`, `const server = createServer()`.
 */
function madeByListen(receiver: Node): boolean {
  const key = receiver.getText();
  if (receiver.kind !== SyntaxKind.Identifier && !(receiver.kind === SyntaxKind.PropertyAccessExpression && /^this\.[\w$]+$/.test(key))) return false;
  const isMaker = (value: Node | undefined): boolean => {
    const v = value && skipOuterExpressions(value);
    if (!v || v.kind !== SyntaxKind.CallExpression) return false;
    const name = calleeParts((v as CallExpression).expression)?.nameNode.text;
    return !!name && serverMakers.has(name);
  };
  let found = false;
  const visit = (node: Node): void => {
    if (found) return;
    if (node.kind === SyntaxKind.BinaryExpression && get<Node>(node, "operatorToken").kind === SyntaxKind.EqualsToken) {
      const left = skipOuterExpressions(get(node, "left"));
      if (left.getText() === key && isMaker(get(node, "right"))) found = true;
    } else if (node.kind === SyntaxKind.VariableDeclaration && textOf(get(node, "name")) === key && isMaker(get(node, "initializer"))) found = true;
    node.forEachChild(visit);
  };
  visit(receiver.getSourceFile());
  return found;
}

/** `Server | undefined` (an optional field, `server?.close()`) is the server. */
function withoutNullish(type: Type | undefined): Type | undefined {
  if (!type?.isUnionType()) return type;
  const left = type.getTypes().filter(t => !(t.flags & (TypeFlags.Undefined | TypeFlags.Null | TypeFlags.Void)));
  return left.length === 1 ? left[0] : type;
}

function isWorkerThread(fa: FileAnalysis, type: Type | undefined): boolean {
  if (!type || type.flags & (TypeFlags.Any | TypeFlags.Unknown) || type.isUnionType()) return false;
  const symbol = type.getSymbol();
  const declaration = symbol && fa.queries.declarationOf(symbol);
  return !!declaration && symbol!.name === "Worker" && workerTypings.test(declaration.fileName);
}

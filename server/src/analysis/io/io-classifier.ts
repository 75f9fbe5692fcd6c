// "Does this call do I/O, and of which kind?": the project's own functions are followed through
// call-graph facts (a function does I/O when something it calls does), Node's modules by API
// tables, packages by the module their declarations come from. Two phases like a rule: `prepare`
// asks for symbols, `classify` answers after the batch.
//
// Unknown asynchronous calls (a package in no table, a declaration without a body: an interface
// method, `declare function`) whose declared result is a promise count as "async": they may do
// I/O, and rules treat them as doing it (most asynchronous APIs are asynchronous because they
// wait on I/O), but name no resource. Calls the checker cannot resolve at all (untyped
// JavaScript) count as "async" where they are awaited work of an async function.
import { SyntaxKind, type CallExpression, type NewExpression, type Node } from "../typescript";
import { isAsyncFunction, isFunctionLike } from "../async-context";
import { functionKey, type FunctionKey } from "../call-graph";
import { packageOfPath } from "../blocking-apis";
import { ApiResolver } from "../api-calls";
import { calleeParts, declaringKinds, isSyncTwinName, skipOuterExpressions, type CalleeParts } from "../syntax";
import type { FileAnalysis } from "../../rules/rule";
import type { IoEffect, IoKind } from "./io-kinds";
import { nodeBuiltins, nodeIoKind } from "./node-io-apis";
import { commaCallee } from "./calls-by-name";
import { packageIoKind } from "./known-packages";

/** What one call is, for I/O. */
export type IoClass =
  | { kind: "effect"; effect: IoEffect }
  | { kind: "target"; key: FunctionKey; label: string }
  /** A function given as a parameter: inside a summary its effects belong to the caller's argument. */
  | { kind: "parameter"; label: string }
  | { kind: "none" };

const none: IoClass = { kind: "none" };

/** Receivers that are JavaScript's own objects: nothing to ask the checker. */
const builtinReceivers = /^(Promise|console|Object|Reflect|JSON|Math|Array|Number|String|Symbol|Date|Buffer|Error|Map|Set|BigInt|Intl|path|process)$/;
export const promiseMethods = /^(then|catch|finally|resolve|reject)$/;

export type CallNode = CallExpression | NewExpression;

/** Classifies calls of one file by the I/O they do; the same questions for a rule and for the call-graph collector. */
export class IoClassifier {
  private readonly resolver: ApiResolver;

  /**
   * @param checkBodies look at the declarations of project functions, so that one without a body
   * (`declare function`, an overload) counts by its declared result; loads their files' trees, so
   * only for the few calls a rule asks about.
   */
  constructor(
    private readonly fa: FileAnalysis,
    private readonly checkBodies = false,
  ) {
    this.resolver = new ApiResolver(fa);
  }

  /** Phase 1: the symbols `classify` needs (nothing for calls settled by syntax). */
  prepare(call: CallNode | Node): void {
    const parts = this.partsOf(call);
    // `promisify(exec)(cmd)`: `classify` resolves the inner call's argument, whose symbol is asked
    // here (before, only when another rule that resolves the same call was on had asked it).
    if (!parts && call.kind === SyntaxKind.CallExpression) this.resolver.prepare((call as CallExpression).expression);
    if (!parts || this.settledBySyntax(parts)) return;
    this.fa.queries.needSymbol(parts.nameNode);
    if (parts.receiver) this.fa.queries.needSymbol(parts.receiver);
    const object = moduleObjectOf(parts);
    if (object && this.fa.bindings.forLocalName(object.base.text, true)) this.fa.queries.needSymbol(object.base);
  }

  /**
   * Phase 2. `call` is a call or `new`, or a function reference given as a callback
   * (`ids.map(load)`), classified as the call it stands for.
   */
  classify(call: CallNode | Node): IoClass | "unresolved" {
    const parts = this.partsOf(call);
    if (!parts) return (call.kind === SyntaxKind.CallExpression && this.inlinePromisify(call as CallExpression)) || "unresolved";
    if (this.settledBySyntax(parts)) return none;
    const { queries, bindings } = this.fa;
    const name = parts.nameNode.text;
    const label = `${labelOf(call, parts)}`;
    // 1. Through the file's imports (works without types), compiled ones included (`__importStar(require("fs"))`),
    // and a method of the module object reached through `default` or fs's `promises` (`fs_1.default.readFile`).
    const object = moduleObjectOf(parts);
    const bindingNode = object?.base ?? parts.receiver ?? parts.nameNode;
    const found = bindings.forLocalName(bindingNode.text, true);
    const binding = object && found?.imported !== "*" ? undefined : found;
    const bindingTrusted =
      binding && (!queries.localSymbolOf(bindingNode) || queries.declarationHandle(queries.localSymbolOf(bindingNode)!)?.fileName === this.fa.sourceFile.path);
    const objectModule = binding && object ? moduleOfObject(binding.module, object.promises) : undefined;
    if (binding && bindingTrusted && (!object || objectModule) && !binding.module.startsWith(".") && !binding.module.startsWith("/")) {
      const module = objectModule ?? binding.module.replace(/^node:/, "");
      const receiver = !!(parts.receiver || object);
      const exported = receiver ? name : binding.imported === "*" ? "default" : binding.imported;
      if (receiver && binding.imported !== "*") {
        // `client.query()` with `client` imported as a named export: the package decides.
        const kind = packageIoKind(module);
        if (kind) return runsSynchronously(name) ? none : effect(kind, label);
      } else {
        const kind = nodeBuiltins.has(module) ? nodeIoKind(module, exported) : packageIoKind(module);
        if (kind) return runsSynchronously(name) ? none : effect(kind, label);
        if (nodeBuiltins.has(module)) return none;
      }
    }
    const symbol = queries.symbolOf(parts.nameNode);
    if (!symbol) {
      if (!parts.receiverExpression && name === "fetch") return effect("http", label);
      return "unresolved";
    }
    // 2. Node's typings declare functions inside `declare module "fs"`.
    const parent = queries.parentName(symbol);
    if (parent && nodeBuiltins.has(parent)) {
      const kind = nodeIoKind(parent, symbol.name);
      return kind ? effect(kind, label) : none;
    }
    const handle = queries.declarationHandle(symbol);
    if (!handle) return "unresolved";
    // A function the caller passed in (`hook(target)`, `computer()`): what it does, and how many
    // times it is worth calling at once, is the caller's business; the caller's own fan-out is
    // where a finding belongs.
    if (handle.kind === SyntaxKind.Parameter && !parts.receiverExpression) return { kind: "parameter", label };
    const declarationFile = /\.d\.[cm]?ts$/.test(handle.fileName);
    const external = queries.isExternalPath(handle.fileName);
    // 3. The project's own functions: followed through the call graph.
    if (!external && !declarationFile && declaringKinds.has(handle.kind)) {
      if (handle.kind === SyntaxKind.VariableDeclaration && !parts.receiverExpression) {
        // `const run = promisify(exec)`
        const target = this.resolver.resolve(parts);
        if (target?.promisified) {
          const kind = nodeIoKind(target.module, target.name) ?? packageIoKind(target.module);
          if (kind) return effect(kind, label);
        }
      }
      if (this.checkBodies && (handle.kind === SyntaxKind.FunctionDeclaration || handle.kind === SyntaxKind.MethodDeclaration)) {
        const decl = queries.declarationNode(symbol);
        if (decl && !(decl as unknown as { body?: Node }).body) return declaredAsync(decl) ? effect("async", label) : none;
      }
      return { kind: "target", key: functionKey(handle.fileName, handle.index), label };
    }
    if (external) {
      const pkg = packageOfPath(handle.fileName);
      if (!pkg || pkg === "typescript" || /(^|\/)lib\.[\w.]*\.d\.ts$/.test(handle.fileName)) {
        // The default library: the global fetch is the only I/O in it.
        return name === "fetch" && !parts.receiverExpression ? effect("http", label) : none;
      }
      if (pkg === "node" || pkg === "undici-types")
        return name === "fetch" && !parts.receiverExpression ? effect("http", label) : pkg === "undici-types" ? effect("http", label) : none;
      const kind = packageIoKind(pkg);
      if (kind) return runsSynchronously(name) ? none : effect(kind, label);
    }
    // 4. A declaration without a body (a package not in the tables, an interface method, `declare function`).
    return declaredAsync(queries.declarationNode(symbol)) ? effect("async", label) : none;
  }

  /**
   * Asks what `classify` would ask the compiler past the batch, without classifying (for
   * `queries.askTogether`, which runs this in rounds): the callee's parent module, and the
   * declaration of a callee classified by its declared result. Classifying twice cost more than
   * the round trips it saved on a keystroke that lints the whole file again. It follows `classify`'s
   * steps by hand: should the two drift apart, only the number of round trips changes, never an answer.
   */
  askAhead(call: CallNode | Node): void {
    const parts = this.partsOf(call);
    if (!parts || this.settledBySyntax(parts)) return;
    const { queries } = this.fa;
    const symbol = queries.symbolOf(parts.nameNode);
    if (!symbol) return;
    const parent = queries.parentName(symbol);
    if (parent && nodeBuiltins.has(parent)) return;
    const handle = queries.declarationHandle(symbol);
    if (!handle || handle.kind === SyntaxKind.Parameter) return;
    const external = queries.isExternalPath(handle.fileName);
    // The project's own functions are followed through the call graph; known packages by name.
    if (!external && !/\.d\.[cm]?ts$/.test(handle.fileName) && declaringKinds.has(handle.kind)) return;
    const pkg = external ? packageOfPath(handle.fileName) : undefined;
    if (external && (!pkg || pkg === "typescript" || pkg === "node" || pkg === "undici-types" || packageIoKind(pkg))) return;
    queries.declarationNode(symbol);
  }

  private partsOf(node: Node): CalleeParts | undefined {
    return partsOf(node);
  }

  /** Calls decided by their syntax alone: promise plumbing, JavaScript's own objects. */
  private settledBySyntax(parts: CalleeParts): boolean {
    const receiver = parts.receiver?.text;
    if (receiver && builtinReceivers.test(receiver) && !this.fa.bindings.forLocalName(receiver)) return true;
    return !!parts.receiverExpression && promiseMethods.test(parts.nameNode.text);
  }

  private inlinePromisify(call: CallExpression): IoClass | undefined {
    const target = this.resolver.resolveInlinePromisify(call.expression);
    const kind = target ? (nodeIoKind(target.module, target.name) ?? packageIoKind(target.module)) : undefined;
    return kind ? effect(kind, `${labelOf(call, undefined)}`) : undefined;
  }
}

/** The function a call or `new` calls, `(0, fs_1.readFile)(...)` read as `fs_1.readFile(...)`; a reference as it is. */
function calleeOf(node: Node): Node {
  const n = skipOuterExpressions(node);
  if (n.kind === SyntaxKind.CallExpression) return commaCallee((n as CallExpression).expression);
  return n.kind === SyntaxKind.NewExpression ? (n as NewExpression).expression : n;
}

/**
 * Callee parts of a call, `new`, or function reference; `this.#load()` included, and the compiled
 * call of an import, `(0, fs_1.readFile)(...)`, as the call of `fs_1.readFile`.
 */
export function partsOf(node: Node): CalleeParts | undefined {
  const c = skipOuterExpressions(calleeOf(node));
  if (c.kind === SyntaxKind.PropertyAccessExpression && (c as unknown as { name: Node }).name.kind === SyntaxKind.PrivateIdentifier) {
    const access = c as unknown as { expression: Node; name: CalleeParts["nameNode"] };
    const receiver = skipOuterExpressions(access.expression);
    return {
      nameNode: access.name,
      receiverExpression: receiver,
      ...(receiver.kind === SyntaxKind.Identifier ? { receiver: receiver as CalleeParts["nameNode"] } : {}),
    };
  }
  if (c.kind === SyntaxKind.Identifier || c.kind === SyntaxKind.PropertyAccessExpression) return calleeParts(c);
  return undefined;
}

/**
 * `x.default.readFile(...)`, `x.promises.stat(...)`, `x.default.promises.stat(...)`: a method of a
 * module object reached through a property of the binding `x`. `default` is how compiled CommonJS
 * (tsc's `__importDefault`, esbuild, Babel) reads a default import: for a CommonJS package or a
 * Node module, the module itself; `promises` is a Node module's promise API (`fs/promises`). Only these
 * chains on a plain identifier: another property (`x.client.get()`) is an object of the package's
 * making, left to the symbol.
 */
function moduleObjectOf(parts: CalleeParts): { base: CalleeParts["nameNode"]; promises: boolean } | undefined {
  if (parts.receiver || !parts.receiverExpression) return undefined;
  let node = skipOuterExpressions(parts.receiverExpression);
  const members: string[] = [];
  while (node.kind === SyntaxKind.PropertyAccessExpression) {
    const access = node as unknown as { expression: Node; name: Node };
    if (access.name.kind !== SyntaxKind.Identifier) return undefined;
    members.unshift((access.name as CalleeParts["nameNode"]).text);
    node = skipOuterExpressions(access.expression);
  }
  if (node.kind !== SyntaxKind.Identifier) return undefined;
  const chain = members.join(".");
  if (chain !== "default" && chain !== "promises" && chain !== "default.promises") return undefined;
  return { base: node as CalleeParts["nameNode"], promises: chain.endsWith("promises") };
}

/**
 * The module a `moduleObjectOf` chain reaches from a whole-module binding of `module`: `promises`
 * only of a Node module that has a promise API (`fs`, `dns`, `stream`: `fs/promises`...).
 */
function moduleOfObject(module: string, promises: boolean): string | undefined {
  const m = module.replace(/^node:/, "");
  if (!promises) return m;
  return nodeBuiltins.has(`${m}/promises`) ? `${m}/promises` : undefined;
}

/**
 * A package's synchronous call (`readdirSync` of fs-extra, `glob.sync`, `spawn.sync`): like Node's
 * own `*Sync` calls it runs to its end before the next item starts and holds nothing open
 * concurrently (blocking-call-in-async is the rule for it).
 */
function runsSynchronously(name: string): boolean {
  return name === "sync" || isSyncTwinName(name);
}

export function effect(kind: IoKind, label: string): IoClass {
  return { kind: "effect", effect: { kind, label } };
}

export function labelOf(node: Node, parts: CalleeParts | undefined): string {
  const n = skipOuterExpressions(node);
  const text = calleeOf(n).getText().replace(/\s+/g, "");
  const short = text.length <= 40 ? text : (parts?.nameNode.text ?? "this call");
  return n.kind === SyntaxKind.NewExpression ? `new ${short}()` : `${short}()`;
}

/** Whether a declaration says it returns a promise (or holds a function that does). */
function declaredAsync(decl: Node | undefined): boolean {
  if (!decl) return false;
  if (isFunctionLike(decl) && isAsyncFunction(decl)) return true;
  const type = (decl as unknown as { type?: Node }).type;
  return !!type && /\b(Promise|PromiseLike|Thenable)\s*</.test(type.getText());
}

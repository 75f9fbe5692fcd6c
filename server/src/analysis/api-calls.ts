// Resolves a call to the module export it calls: `http.get`, `get` imported from "node:https",
// `require("child_process").exec`, the global `fetch`, `axios.get`, and functions made with
// `util.promisify(exec)`. First through the file's own imports (works without types), then by
// symbol (Node's typings declare functions inside `declare module "http"`; packages by the path
// of their declaration file). Two phases like a rule: `prepare` asks, `resolve` answers.
import { SyntaxKind, type CallExpression, type Node, type SourceFile } from "./typescript";
import { collectModuleBindings, type ModuleBinding, type ModuleBindings } from "./module-bindings";
import { packageOfPath } from "./blocking-apis";
import { callArguments, calleeOf, calleeParts, skipOuterExpressions, textOf, type CalleeParts } from "./syntax";
import type { FileAnalysis } from "../rules/rule";

export interface ApiTarget {
  /** Module without `node:` (`http`, `child_process`), or the npm package (`axios`). `global` for globals. */
  module: string;
  /** Export name; `default` for the module's default export or the module called as a function. */
  name: string;
  /** The file's own binding used to reach it, when there is one (fixes reuse it). */
  binding?: ModuleBinding;
  /** Reached through `util.promisify(...)`. */
  promisified?: boolean;
}

/** Node built-ins whose functions are resolved by their declaring module. */
const nodeModules = new Set(["http", "https", "http2", "net", "tls", "child_process", "worker_threads", "cluster", "dgram"]);

const bindingsByFile = new WeakMap<SourceFile, ModuleBindings>();

export class ApiResolver {
  constructor(private readonly fa: FileAnalysis) {}

  /** Phase 1: the callee's parts, with the symbols `resolve` will need requested. */
  prepare(callee: Node): CalleeParts | undefined {
    const parts = calleeParts(callee);
    if (!parts) {
      // `promisify(exec)(cmd)`: resolve the inner call's argument.
      this.preparePromisify(skipOuterExpressions(callee));
      return undefined;
    }
    this.fa.queries.needSymbol(parts.nameNode);
    if (parts.receiver) this.fa.queries.needSymbol(parts.receiver);
    return parts;
  }

  private preparePromisify(call: Node): void {
    const argParts = promisifiedParts(call);
    if (argParts) {
      this.fa.queries.needSymbol(argParts.nameNode);
      if (argParts.receiver) this.fa.queries.needSymbol(argParts.receiver);
    }
  }

  /**
   * Phase 2: what the callee is, when it is a known module's export. `names`: the export names
   * the caller cares about; a plain call of another name is resolved only through the file's
   * imports and promisify (no symbol round trips for the thousands of ordinary calls).
   */
  resolve(parts: CalleeParts, names?: ReadonlySet<string>): ApiTarget | undefined {
    const direct = this.resolveIn(this.fa.sourceFile, this.fa.bindings, parts, true, names);
    // Imported from the project's own file (`./sh.js`): maybe a promisified function, see below.
    if (direct && !/^[./]/.test(direct.module)) return direct;
    // A function made by `promisify(x)` in this or another file of the project.
    if (!parts.receiver && !parts.receiverExpression) return this.resolvePromisified(parts.nameNode);
    return undefined;
  }

  /** `promisify(exec)` as a callee: `promisify(exec)(cmd)`. */
  resolveInlinePromisify(callee: Node): ApiTarget | undefined {
    const argParts = promisifiedParts(skipOuterExpressions(callee));
    if (!argParts) return undefined;
    const target = this.resolveIn(this.fa.sourceFile, this.fa.bindings, argParts, true);
    return target ? { ...target, promisified: true } : undefined;
  }

  private resolveIn(
    sourceFile: SourceFile,
    bindings: ModuleBindings,
    parts: CalleeParts,
    withSymbols: boolean,
    names?: ReadonlySet<string>,
  ): ApiTarget | undefined {
    const { queries } = this.fa;
    const name = parts.nameNode.text;
    if (parts.receiverExpression && !parts.receiver) {
      // `globalThis.fetch(...)`, `require("http").get(...)`
      const receiver = parts.receiverExpression;
      if (receiver.kind === SyntaxKind.Identifier) return undefined;
      if (textOf(receiver) === undefined && receiver.kind === SyntaxKind.CallExpression) {
        const required = requiredModule(receiver);
        if (required) return { module: required, name };
      }
    }
    const bindingNode = parts.receiver ?? parts.nameNode;
    let binding: ModuleBinding | undefined;
    let local: ReturnType<typeof queries.localSymbolOf>;
    if (withSymbols) {
      local = queries.localSymbolOf(bindingNode);
      // Only a declaration in this file can be one of its imports: check the handle's path before
      // fetching the node.
      const handle = local ? (local.valueDeclaration ?? local.declarations[0]) : undefined;
      const declaration = handle && handle.path === sourceFile.path && bindings.forLocalName(bindingNode.text) ? queries.declarationNode(local!) : undefined;
      binding =
        declaration && declaration.getSourceFile() === sourceFile
          ? bindings.forDeclaration(declaration)
          : !local
            ? bindings.forLocalName(bindingNode.text)
            : undefined;
    } else {
      binding = bindings.forLocalName(bindingNode.text);
    }
    if (binding) {
      if (parts.receiver) return binding.imported === "*" ? { module: binding.module, name, binding } : undefined;
      return { module: binding.module, name: binding.imported === "*" ? "default" : binding.imported, binding };
    }
    if (!withSymbols || (names && !names.has(name))) return undefined;
    if (parts.receiver && (parts.receiver.text === "globalThis" || parts.receiver.text === "window" || parts.receiver.text === "global") && name === "fetch") {
      return { module: "global", name };
    }
    const symbol = queries.symbolOf(parts.nameNode);
    if (!symbol) {
      // No types at all (inferred project without lib): an unbound `fetch` is the global one.
      return !parts.receiver && !parts.receiverExpression && name === "fetch" && !local ? { module: "global", name } : undefined;
    }
    const parent = queries.parentName(symbol);
    if (parent && nodeModules.has(parent)) return { module: parent, name: symbol.name };
    const decl = queries.declarationOf(symbol);
    if (!decl) return undefined;
    // The global fetch: from a default library (lib.dom) or Node's typings (`declare global` in @types/node).
    if (!parts.receiverExpression && name === "fetch" && decl.isExternal && (!parent || /\/@types\/node\/|\/typescript\/lib\//.test(decl.fileName))) {
      return { module: "global", name };
    }
    const pkg = decl.isExternal ? packageOfPath(decl.fileName) : undefined;
    if (pkg && !nodeModules.has(pkg)) return { module: pkg === "undici-types" ? "undici" : pkg, name: symbol.name };
    return undefined;
  }

  /** `const run = promisify(exec)` (here or in another project file), then `run(cmd)`. */
  private resolvePromisified(nameNode: Node): ApiTarget | undefined {
    const { queries } = this.fa;
    const symbol = queries.symbolOf(nameNode);
    const handle = symbol ? (symbol.valueDeclaration ?? symbol.declarations[0]) : undefined;
    if (!symbol || handle?.kind !== SyntaxKind.VariableDeclaration) return undefined;
    const decl = queries.declarationNode(symbol);
    if (!decl || decl.kind !== SyntaxKind.VariableDeclaration) return undefined;
    const init = (decl as unknown as { initializer?: Node }).initializer;
    if (!init) return undefined;
    const argParts = promisifiedParts(skipOuterExpressions(init));
    if (!argParts) return undefined;
    const sourceFile = decl.getSourceFile();
    let bindings = sourceFile === this.fa.sourceFile ? this.fa.bindings : bindingsByFile.get(sourceFile);
    if (!bindings) {
      bindings = collectModuleBindings(sourceFile);
      bindingsByFile.set(sourceFile, bindings);
    }
    // Symbols of the promisified function were not asked for: resolve it by its module binding.
    const target = this.resolveIn(sourceFile, bindings, argParts, false);
    return target ? { ...target, promisified: true } : undefined;
  }
}

/**
 * The function `promisify(fn)` wraps, as callee parts: `util.promisify(exec)`, and compiled
 * CommonJS's `(0, util_1.promisify)(child_process_1.exec)` (the comma `calleeOf` looks through).
 */
export function promisifiedParts(node: Node): CalleeParts | undefined {
  if (node.kind !== SyntaxKind.CallExpression) return undefined;
  const parts = calleeParts(calleeOf(node as CallExpression));
  const arg = callArguments(node)[0];
  return parts?.nameNode.text === "promisify" && arg ? calleeParts(arg) : undefined;
}

/** `require("x")` → `x` (without `node:`). */
function requiredModule(node: Node): string | undefined {
  const call = node as unknown as { expression: Node; arguments: readonly Node[] };
  if (call.expression.kind !== SyntaxKind.Identifier || textOf(call.expression) !== "require") return undefined;
  const spec = textOf(call.arguments[0]);
  return spec?.replace(/^node:/, "");
}

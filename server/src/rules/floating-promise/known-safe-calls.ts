// The allowForKnownSafeCalls option: calls (`it(...)`, `describe.skip(...)`, `module#name`) whose
// dropped promise the user says is safe. Candidates are found while visiting; the module of a
// `module#name` entry is checked by symbol only for the statements found floating.
import { SymbolFlags, SyntaxKind } from "../../analysis/typescript";
import type { CallExpression, Node, PropertyAccessExpression } from "../../analysis/typescript";
import { nameNodeOf, nameText, skipParens } from "../../analysis/promise-syntax";
import type { RuleContext } from "../rule";
import { packageNameOf } from "../../analysis/package-dependencies";
import type { FloatingPromiseOptions } from "./types";

/** A test call with a modifier (`describe.skip(...)`, `it.todo(...)`, ...): the same call. */
const testModifiers = new Set(["skip", "only", "todo"]);

export interface SafeCall {
  name: string;
  module?: string;
}

export function parseSafeCall(spec: string): SafeCall | string {
  const hash = spec.lastIndexOf("#");
  const module = hash >= 0 ? spec.slice(0, hash).replace(/^node:/, "") : undefined;
  const name = hash >= 0 ? spec.slice(hash + 1) : spec;
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || module === "") return `allowForKnownSafeCalls: '${spec}' is not "name" or "module#name"`;
  return module ? { name, module } : { name };
}

/** Whether a declaration file belongs to a module: Node's own (`@types/node/<module>.d.ts`) or a package's. */
function declaredByModule(fileName: string, module: string): boolean {
  const f = fileName.replace(/\\/g, "/");
  if (f.includes("/node_modules/@types/node/")) return new RegExp(`/@types/node/${escapeRegExp(module)}(\\.d\\.ts|/index\\.d\\.ts)$`).test(f);
  const pkg = packageNameOf(module);
  const typesName = pkg.startsWith("@") ? pkg.slice(1).replace("/", "__") : pkg;
  return f.includes(`/node_modules/${pkg}/`) || f.includes(`/node_modules/@types/${typesName}/`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export interface KnownSafeCalls {
  /** Called for every expression statement while visiting: asks for the symbols a decision needs. */
  noteCandidate(expression: Node): void;
  isKnownSafe(expression: Node): boolean;
  /** `import { setTimeout as sleep }`: the allow list names the export, the code its local name. */
  importedName(nameNode: Node): string;
}

export function knownSafeCalls(context: RuleContext<FloatingPromiseOptions, string>): KnownSafeCalls {
  const { queries } = context;
  const safeCalls = context.options.allowForKnownSafeCalls.map(parseSafeCall).filter((s): s is SafeCall => typeof s !== "string");
  const safeNames = new Set(safeCalls.map(s => s.name));
  /** Callee name nodes of calls that may be known-safe, by call. */
  const candidates = new Map<Node, Node>();

  function importedName(nameNode: Node): string {
    const local = nameText(nameNode);
    if (nameNode.parent?.kind === SyntaxKind.PropertyAccessExpression && (nameNode.parent as PropertyAccessExpression).name === nameNode) return local;
    const binding = context.bindings.forLocalName(local);
    return binding && binding.imported !== "*" ? binding.imported : local;
  }

  return {
    importedName,
    noteCandidate(expression) {
      const node = skipParens(expression);
      if (node.kind !== SyntaxKind.CallExpression || !safeNames.size) return;
      let callee = skipParens((node as CallExpression).expression);
      // describe.skip(...) → describe
      if (callee.kind === SyntaxKind.PropertyAccessExpression && testModifiers.has((callee as PropertyAccessExpression).name.text)) {
        const inner = skipParens((callee as PropertyAccessExpression).expression);
        if (nameNodeOf(inner) && safeNames.has(importedName(nameNodeOf(inner)!))) callee = inner;
      }
      const nameNode = nameNodeOf(callee);
      if (!nameNode || !safeNames.has(importedName(nameNode))) return;
      candidates.set(node, nameNode);
      if (safeCalls.some(s => s.module && s.name === importedName(nameNode))) queries.needSymbol(nameNode);
    },
    isKnownSafe(expression) {
      const nameNode = candidates.get(skipParens(expression));
      if (!nameNode) return false;
      const name = importedName(nameNode);
      for (const spec of safeCalls) {
        if (spec.name !== name) continue;
        if (!spec.module) return true;
        const symbol = queries.symbolOf(nameNode);
        if (!symbol) continue;
        if (queries.parentName(symbol) === spec.module) return true;
        // `export = test` with `namespace test { export { describe, it } }` (@types/node's node:test):
        // a function (not a method of some class) declared in that module's own declaration file.
        const decl = queries.declarationOf(symbol);
        if (decl && symbol.flags & SymbolFlags.Function && declaredByModule(decl.fileName, spec.module)) return true;
      }
      return false;
    },
  };
}

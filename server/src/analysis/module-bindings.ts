// The local names a file binds to other modules, read from syntax: ESM imports, `import x =
// require()`, and `const x = require()` / `const { a } = require()`. Rules use them to resolve a
// callee to "module + export" in JavaScript files and files without Node's types, where the
// checker can't, and to write fixes that reuse the file's own imports.
import { SyntaxKind, type Node, type SourceFile } from "./typescript";

export interface ModuleBinding {
  /** Module name without the `node:` prefix, e.g. `fs`, `child_process`, `fs/promises`. */
  module: string;
  /** Whether the file wrote `node:`. New imports follow the file's style. */
  nodePrefix: boolean;
  /** The export bound: a name, or `*` for the whole module (namespace, default of a builtin, require). */
  imported: string;
  localName: string;
  /** The declaration node the local name's symbol points at. */
  declaration: Node;
  style: "esm" | "cjs";
  /**
   * Bound through a compiler's interop helper around the `require` (`__importStar(require("fs"))`):
   * found by `forLocalName(name, true)` only, and not in `all` (see `interopHelpers`).
   */
  interop?: true;
}

/**
 * The helpers compilers wrap a `require` in for ES module interop: tsc's `__importDefault` and
 * `__importStar` (also `tslib_1.__importStar`), esbuild's `__toESM` (older: `__toModule`), Babel's
 * `_interopRequireDefault` and `_interopRequireWildcard`. The local name is then the module's
 * namespace (`ns.readFile`), or an object whose `default` is its default export (`(0,
 * fetch_1.default)(url)`): either way `*` with the export named at the use. Only the shared I/O
 * summary asks for them so far (session 25, round 35): other rules were not measured with them.
 */
const interopHelpers = new Set(["__importDefault", "__importStar", "__toESM", "__toModule", "_interopRequireDefault", "_interopRequireWildcard"]);

interface Named {
  name?: Node;
  text?: string;
}
const textOf = (node: Node | undefined): string | undefined => (node as unknown as Named | undefined)?.text;

export function declarationKey(node: Node): string {
  return `${node.pos}:${node.kind}`;
}

export class ModuleBindings {
  private readonly byDeclaration = new Map<string, ModuleBinding>();
  private readonly byLocalName = new Map<string, ModuleBinding>();
  private readonly interopByLocalName = new Map<string, ModuleBinding>();
  /** The last import statement, where new imports go. */
  lastImportEnd = -1;

  readonly all: readonly ModuleBinding[];

  constructor(bindings: readonly ModuleBinding[], lastImportEnd: number) {
    this.lastImportEnd = lastImportEnd;
    this.all = bindings.filter(b => !b.interop);
    for (const b of this.all) {
      this.byDeclaration.set(declarationKey(b.declaration), b);
      if (!this.byLocalName.has(b.localName)) this.byLocalName.set(b.localName, b);
    }
    for (const b of bindings) if (b.interop && !this.interopByLocalName.has(b.localName)) this.interopByLocalName.set(b.localName, b);
  }

  forDeclaration(node: Node): ModuleBinding | undefined {
    return this.byDeclaration.get(declarationKey(node));
  }

  /**
   * A module-level binding by its local name (only trusted together with a scope check);
   * `throughInterop`: also one bound through a compiler's interop helper (`interopHelpers`).
   */
  forLocalName(name: string, throughInterop = false): ModuleBinding | undefined {
    return this.byLocalName.get(name) ?? (throughInterop ? this.interopByLocalName.get(name) : undefined);
  }

  /** A binding of the whole module (namespace/default/require), to reuse in fixes. */
  namespaceOf(module: string): ModuleBinding | undefined {
    return this.all.find(b => b.module === module && b.imported === "*");
  }

  usesNodePrefix(): boolean {
    return this.all.some(b => b.nodePrefix);
  }
  usesRequire(): boolean {
    return this.all.length > 0 && this.all.every(b => b.style === "cjs");
  }
}

function moduleName(specifier: string): { module: string; nodePrefix: boolean } {
  return specifier.startsWith("node:") ? { module: specifier.slice(5), nodePrefix: true } : { module: specifier, nodePrefix: false };
}

function unwrapped(node: Node | undefined): Node | undefined {
  let n = node;
  while (n && (n.kind === SyntaxKind.ParenthesizedExpression || n.kind === SyntaxKind.AsExpression || n.kind === SyntaxKind.NonNullExpression)) {
    n = (n as unknown as { expression: Node }).expression;
  }
  return n;
}

/** `__importStar(require("x"))`, `tslib_1.__importDefault(require("x"))` → "x" (`interopHelpers`). */
function interopRequiredModule(node: Node | undefined): string | undefined {
  const n = unwrapped(node);
  if (!n || n.kind !== SyntaxKind.CallExpression) return undefined;
  const call = n as unknown as { expression: Node; arguments: readonly Node[] };
  const callee = call.expression.kind === SyntaxKind.PropertyAccessExpression ? (call.expression as unknown as Named).name : call.expression;
  const helper = callee?.kind === SyntaxKind.Identifier ? textOf(callee) : undefined;
  return helper && interopHelpers.has(helper) ? requiredModule(call.arguments[0]) : undefined;
}

/** `require("x")` → "x" */
function requiredModule(node: Node | undefined): string | undefined {
  const n = unwrapped(node);
  if (!n || n.kind !== SyntaxKind.CallExpression) return undefined;
  const call = n as unknown as { expression: Node; arguments: readonly Node[] };
  if (call.expression.kind !== SyntaxKind.Identifier || textOf(call.expression) !== "require") return undefined;
  const arg = call.arguments[0];
  return arg && (arg.kind === SyntaxKind.StringLiteral || arg.kind === SyntaxKind.NoSubstitutionTemplateLiteral) ? textOf(arg) : undefined;
}

export function collectModuleBindings(sourceFile: SourceFile): ModuleBindings {
  const out: ModuleBinding[] = [];
  let lastImportEnd = -1;
  for (const statement of sourceFile.statements) {
    if (statement.kind === SyntaxKind.ImportDeclaration || statement.kind === SyntaxKind.ImportEqualsDeclaration) lastImportEnd = statement.end;
    else if (statement.kind === SyntaxKind.VariableStatement && hasRequire(statement)) lastImportEnd = statement.end;
  }
  // Imports are top-level by definition; requires nearly always are, and scanning only the top
  // level keeps this free of a second walk over the whole file.
  const visit = (node: Node): void => {
    if (node.kind === SyntaxKind.ImportDeclaration) {
      const decl = node as unknown as { moduleSpecifier: Node; importClause?: Node & { name?: Node; namedBindings?: Node; isTypeOnly?: boolean } };
      const spec = textOf(decl.moduleSpecifier);
      const clause = decl.importClause;
      if (!spec || !clause) return;
      const { module, nodePrefix } = moduleName(spec);
      if (clause.name) out.push({ module, nodePrefix, imported: "*", localName: textOf(clause.name)!, declaration: clause, style: "esm" });
      const bindings = clause.namedBindings;
      if (bindings?.kind === SyntaxKind.NamespaceImport) {
        out.push({ module, nodePrefix, imported: "*", localName: textOf((bindings as unknown as Named).name)!, declaration: bindings, style: "esm" });
      } else if (bindings?.kind === SyntaxKind.NamedImports) {
        for (const el of (bindings as unknown as { elements: readonly (Node & { name: Node; propertyName?: Node })[] }).elements) {
          const imported = textOf(el.propertyName ?? el.name)!;
          out.push({ module, nodePrefix, imported: imported === "default" ? "*" : imported, localName: textOf(el.name)!, declaration: el, style: "esm" });
        }
      }
    } else if (node.kind === SyntaxKind.ImportEqualsDeclaration) {
      const decl = node as unknown as { name: Node; moduleReference: Node };
      if (decl.moduleReference.kind !== SyntaxKind.ExternalModuleReference) return;
      const spec = textOf((decl.moduleReference as unknown as { expression: Node }).expression);
      if (!spec) return;
      out.push({ ...moduleName(spec), imported: "*", localName: textOf(decl.name)!, declaration: node, style: "cjs" });
    } else if (node.kind === SyntaxKind.VariableDeclaration) {
      const decl = node as unknown as { name: Node; initializer?: Node };
      const spec = requiredModule(decl.initializer);
      if (!spec) {
        const wrapped = decl.name.kind === SyntaxKind.Identifier ? interopRequiredModule(decl.initializer) : undefined;
        if (wrapped) out.push({ ...moduleName(wrapped), imported: "*", localName: textOf(decl.name)!, declaration: node, style: "cjs", interop: true });
        return;
      }
      const { module, nodePrefix } = moduleName(spec);
      if (decl.name.kind === SyntaxKind.Identifier) {
        out.push({ module, nodePrefix, imported: "*", localName: textOf(decl.name)!, declaration: node, style: "cjs" });
      } else if (decl.name.kind === SyntaxKind.ObjectBindingPattern) {
        for (const el of (decl.name as unknown as { elements: readonly (Node & { name: Node; propertyName?: Node; dotDotDotToken?: Node })[] }).elements) {
          if (el.dotDotDotToken || el.name.kind !== SyntaxKind.Identifier) continue;
          out.push({ module, nodePrefix, imported: textOf(el.propertyName ?? el.name)!, localName: textOf(el.name)!, declaration: el, style: "cjs" });
        }
      }
    }
  };
  for (const statement of sourceFile.statements) {
    if (statement.kind === SyntaxKind.VariableStatement) {
      for (const d of (statement as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList.declarations) visit(d);
    } else {
      visit(statement);
    }
  }
  return new ModuleBindings(out, lastImportEnd);
}

function hasRequire(statement: Node): boolean {
  const list = (statement as unknown as { declarationList: { declarations: readonly (Node & { initializer?: Node })[] } }).declarationList;
  return list.declarations.some(d => requiredModule(d.initializer) !== undefined);
}

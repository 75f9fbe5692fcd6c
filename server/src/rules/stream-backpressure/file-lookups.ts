// Lookups in the file a pipe is written in: its functions by name (a helper an end is handed to,
// a factory of streams), what a function returns, and the module a file-level name is bound to
// (the stream, child-process or file module a call comes from).
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import type { ModuleBindings } from "../../analysis/module-bindings";
import { forEachDescendant, identifierPattern, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";

/** Functions of the file by name: declarations, methods, and `const f = function/arrow`; indexed once per file. */
const functionsByFile = new WeakMap<SourceFile, Map<string, Node[]>>();

export function functionsNamed(sourceFile: SourceFile, name: string): readonly Node[] {
  let byName = functionsByFile.get(sourceFile);
  if (!byName) {
    const index = new Map<string, Node[]>();
    const add = (key: string | undefined, fn: Node) => {
      if (key) index.set(key, [...(index.get(key) ?? []), fn]);
    };
    forEachDescendant(sourceFile, n => {
      if (n.kind === SyntaxKind.FunctionDeclaration || n.kind === SyntaxKind.MethodDeclaration) add(textOf(get<Node | undefined>(n, "name")), n);
      else if (n.kind === SyntaxKind.VariableDeclaration || n.kind === SyntaxKind.PropertyAssignment) {
        const init = get<Node | undefined>(n, "initializer");
        if (init && isFunctionLike(skipOuterExpressions(init))) add(textOf(get<Node | undefined>(n, "name")), skipOuterExpressions(init));
      }
    });
    functionsByFile.set(sourceFile, (byName = index));
  }
  return byName.get(name) ?? [];
}

/** What a function returns: an arrow's expression body, or its `return` expressions (not those of nested functions). */
export function resultsOf(fn: Node): Node[] {
  const body = get<Node | undefined>(fn, "body");
  if (!body) return [];
  if (body.kind !== SyntaxKind.Block) return [body];
  const out: Node[] = [];
  let bare = false;
  forEachDescendant(
    body,
    n => {
      if (n.kind !== SyntaxKind.ReturnStatement) return;
      const value = get<Node | undefined>(n, "expression");
      if (value) out.push(value);
      else bare = true;
    },
    true,
  );
  return bare ? [] : out;
}

/**
 * The module a file-level name is bound to: an import or require, also through compiled CommonJS's
 * interop helpers: TypeScript's `__importDefault(require(m))`, Babel's `_interopRequireDefault` and
 * `_interopRequireWildcard`, esbuild's `__toESM(require(m))`.
 */
export function moduleOf(name: string, bindings: ModuleBindings, sourceFile: SourceFile): string | undefined {
  const bound = bindings.forLocalName(name)?.module;
  if (bound) return bound;
  const pattern = new RegExp(
    `\\b(?:const|let|var)\\s+${identifierPattern(name)}\\s*=\\s*(?:__importDefault|__importStar|_interopRequireDefault|_interopRequireWildcard|__toESM)\\s*\\(\\s*require\\(\\s*["'\`]([^"'\`]+)["'\`]\\s*\\)`,
  );
  const m = pattern.exec(sourceFile.text);
  return m?.[1]?.replace(/^node:/, "");
}

// Reads that do not fail on their own: a child's `stdout`/`stderr` of a process the file starts,
// and `createReadStream` of a file the package ships (a path made of `__dirname`,
// `import.meta.url` and constants). A pipe end that holds one needs no 'error' listener.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import type { ModuleBindings } from "../../analysis/module-bindings";
import { callArguments, calleeOf, calleeParts, skipOuterExpressions, textOf, isConstList, nodeField as get } from "../../analysis/syntax";
import { assignedValues, lifetimeScope, maxDepth, rootOf } from "./end-names";
import { functionsNamed, moduleOf, resultsOf } from "./file-lookups";

const childProcessModules = new Set(["child_process", "cross-spawn", "execa"]);

/**
 * `child.stdout` / `child.stderr` of a process the file starts (`spawn(...)` from child_process,
 * cross-spawn or execa, directly or through a name): its reads do not fail on their own. The typed
 * case is judged by declaration in decide.
 */
export function isChildStdio(e: Node, bindings: ModuleBindings, depth: number): boolean {
  if (e.kind !== SyntaxKind.PropertyAccessExpression || !/^std(out|err)$/.test(textOf(get(e, "name")) ?? "")) return false;
  let owner = skipOuterExpressions(get(e, "expression"));
  if (owner.kind === SyntaxKind.Identifier && depth < maxDepth) {
    const values = assignedValues(textOf(owner)!, lifetimeScope(owner), owner);
    if (!values || values.length !== 1) return false;
    owner = skipOuterExpressions(values[0]!);
  }
  if (owner.kind === SyntaxKind.AwaitExpression) return false;
  return startsChild(owner, bindings, depth);
}

/**
 * A call that starts a child process: `spawn(...)` from child_process, cross-spawn or execa, or
 * (session 21) a function of the same file whose every result is such a call, directly or through
 * a name given only that (`function spawnProcess(cmd) { const child = execa(cmd); ...; return child; }`).
 */
function startsChild(call: Node, bindings: ModuleBindings, depth: number): boolean {
  if (call.kind !== SyntaxKind.CallExpression) return false;
  const callee = calleeOf(call as CallExpression);
  const root = rootOf(callee);
  const module = root.kind === SyntaxKind.Identifier ? moduleOf(textOf(root)!, bindings, call.getSourceFile()) : undefined;
  if (module) return childProcessModules.has(module);
  if (callee.kind !== SyntaxKind.Identifier || depth >= maxDepth) return false;
  const wrappers = functionsNamed(call.getSourceFile(), textOf(callee)!);
  if (wrappers.length !== 1) return false;
  const results = resultsOf(wrappers[0]!);
  return (
    results.length > 0 &&
    results.every(r => {
      let value = skipOuterExpressions(r);
      if (value.kind === SyntaxKind.Identifier) {
        const values = assignedValues(textOf(value)!, lifetimeScope(value), value);
        if (!values || values.length !== 1) return false;
        value = skipOuterExpressions(values[0]!);
      }
      return startsChild(value, bindings, depth + 1);
    })
  );
}

/**
 * `createReadStream(path)` of a file the package ships: the path is made of the module's own
 * location (`__dirname`, `import.meta.url`) and constants, or (session 33) is what
 * `require.resolve()` returned, the path of a file module resolution just found. It exists and is
 * readable wherever the package is installed; a missing or unreadable file is not normal operation.
 */
export function readsShippedFile(e: Node, bindings: ModuleBindings): boolean {
  if (e.kind !== SyntaxKind.CallExpression) return false;
  const callee = calleeOf(e as CallExpression);
  if (calleeParts(callee)?.nameNode.text !== "createReadStream") return false;
  const root = rootOf(callee);
  const module = root.kind === SyntaxKind.Identifier ? moduleOf(textOf(root)!, bindings, e.getSourceFile()) : undefined;
  if (module !== "fs" && module !== "fs-extra" && module !== "graceful-fs") return false;
  const path = callArguments(e)[0];
  return !!path && isPackagePath(path, 0);
}

const pathFunctions = /^(join|resolve|dirname|normalize|fileURLToPath)$/;

function isPackagePath(n: Node, depth: number): boolean {
  const s = skipOuterExpressions(n);
  switch (s.kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return true;
    case SyntaxKind.Identifier: {
      const name = textOf(s)!;
      if (name === "__dirname" || name === "__filename") return true;
      if (depth >= maxDepth) return false;
      // A `const` of the file or function whose value is such a path.
      const scope = lifetimeScope(s);
      const values = assignedValues(name, scope, s);
      return !!values && values.length === 1 && isConstDeclared(values[0]!) && isPackagePath(values[0]!, depth + 1);
    }
    case SyntaxKind.PropertyAccessExpression:
      return /^import\.meta\.(url|dirname|filename)$/.test(s.getText());
    case SyntaxKind.TemplateExpression:
      return (get<readonly Node[]>(s, "templateSpans") ?? []).every(span => isPackagePath(get(span, "expression"), depth + 1));
    case SyntaxKind.BinaryExpression:
      return (
        get<Node>(s, "operatorToken").kind === SyntaxKind.PlusToken && isPackagePath(get(s, "left"), depth + 1) && isPackagePath(get(s, "right"), depth + 1)
      );
    case SyntaxKind.NewExpression:
    case SyntaxKind.CallExpression: {
      const callee = skipOuterExpressions(get(s, "expression"));
      // `require.resolve(x)` returns only the path of a file that exists (it throws otherwise), so
      // whatever `x` is, the read that follows finds the file module resolution just found.
      if (s.kind === SyntaxKind.CallExpression && isRequireResolve(callee)) return true;
      const name =
        callee.kind === SyntaxKind.Identifier ? textOf(callee) : callee.kind === SyntaxKind.PropertyAccessExpression ? textOf(get(callee, "name")) : undefined;
      const isPathCall = s.kind === SyntaxKind.NewExpression ? name === "URL" : !!name && pathFunctions.test(name);
      const args = callArguments(s);
      return isPathCall && args.length > 0 && args.every(a => isPackagePath(a, depth + 1));
    }
    default:
      return false;
  }
}

/** `require.resolve`, Node's module resolution (not a `resolve` of the file's own). */
function isRequireResolve(callee: Node): boolean {
  return (
    callee.kind === SyntaxKind.PropertyAccessExpression &&
    textOf(get(callee, "name")) === "resolve" &&
    textOf(skipOuterExpressions(get(callee, "expression"))) === "require"
  );
}

function isConstDeclared(value: Node): boolean {
  const declaration = value.parent;
  if (declaration?.kind !== SyntaxKind.VariableDeclaration) return false;
  return isConstList(declaration.parent);
}

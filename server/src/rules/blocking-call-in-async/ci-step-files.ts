// Files that run in a CI job's step: they import the GitHub Actions runtime, `@actions/core`
// (the step's inputs, outputs, logs and PATH). Such code runs inside one action's process, which
// runs its steps one after another and exits (setting up a tool, building, uploading a report):
// the one person, or job, that waits is the workflow, and no request is in flight beside it.
// A public method of an exported class there that nothing in the project calls is called by an
// action's `run()`, once per job, not by a service's users per request or session: like the
// public methods of a command-line program, no evidence of concurrent work
// (docs/rules/blocking-call-in-async.md, "Evidence"). Found on the tuning set (session 20): a
// toolkit of one-shot actions whose installers copy and `chmodSync` the binary they downloaded,
// and whose build step reads the Dockerfiles it annotates (36 findings, all judged false).
// Other evidence in such a file still counts (a fan-out item while its siblings upload).
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import type { ModuleBindings } from "../../analysis/module-bindings";

/** The module every GitHub Action (and every library written for actions) imports to talk to its runner. */
const actionsRuntime = "@actions/core";

/** `require("@actions/core")` anywhere at the top level, also wrapped (`__importStar(require(...))` of compiled TypeScript). */
function requiresAt(node: Node, module: string): boolean {
  if (node.kind === SyntaxKind.CallExpression) {
    const call = node as unknown as { expression: Node; arguments: readonly Node[] };
    const arg = call.arguments[0] as unknown as { text?: string } | undefined;
    if (call.expression.kind === SyntaxKind.Identifier && (call.expression as unknown as { text: string }).text === "require" && arg?.text === module)
      return true;
  }
  let found = false;
  node.forEachChild(child => {
    if (!found && child.kind !== SyntaxKind.FunctionDeclaration && child.kind !== SyntaxKind.ClassDeclaration) found = requiresAt(child, module);
  });
  return found;
}

/** Whether the file imports the GitHub Actions runtime (ESM or `require`, also through a compiler's wrapper). */
export function runsInCiStep(sourceFile: SourceFile, bindings: ModuleBindings): boolean {
  if (bindings.all.some(b => b.module === actionsRuntime)) return true;
  if (!sourceFile.text.includes(actionsRuntime)) return false;
  for (const statement of sourceFile.statements) {
    if (statement.kind === SyntaxKind.ImportDeclaration) {
      const spec = (statement as unknown as { moduleSpecifier: { text?: string } }).moduleSpecifier.text;
      if (spec === actionsRuntime) return true; // `import "@actions/core"`, no bindings
    } else if (statement.kind === SyntaxKind.VariableStatement || statement.kind === SyntaxKind.ExpressionStatement) {
      if (requiresAt(statement, actionsRuntime)) return true;
    }
  }
  return false;
}

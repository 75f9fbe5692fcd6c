// "Does any caller wait for this function?", across files. A call of a project function either
// drops its result (an expression statement, `void f()`, `f().catch(...)` as a statement) or
// waits for it (awaits it, returns it, chains `.then`, stores it, passes it on). The facts are the
// call sites of each file, tied to the function they call by the checker's symbols, and live in a
// CallGraph shared by every rule that asks (summary id `promise-use`), dropped with the files they
// point into. Callers are looked for only in the files whose text mentions the function's name.
import { SyntaxKind, nodeIndex, type CallExpression, type Node } from "./typescript";
import type { FunctionLike } from "./async-context";
import { functionKey, type CallGraph, type FileFacts, type FunctionFacts, type FunctionKey } from "./call-graph";
import { functionName } from "./blocking-calls";
import { keyNodeOf, projectFunctionKey } from "./may-reject";
import { rangeOf } from "./positions";
import { calleeParts, parentSkippingOuter, skipOuterExpressions, textOf } from "./syntax";
import type { FileAnalysis, RuleContext } from "../rules/rule";

/** The summary id under which rules share these facts. */
export const promiseUseSummary = "promise-use";

/** More files than this mention the name: too common to read them all; callers unknown. */
const maxFiles = 40;

/** How a call's result is used where it stands: dropped, or something waits for it. */
export function resultUse(call: CallExpression): "drops" | "waits" {
  let node: Node = call;
  for (;;) {
    const { parent, child } = parentSkippingOuter(node);
    if (!parent) return "waits";
    if (parent.kind === SyntaxKind.ExpressionStatement || parent.kind === SyntaxKind.VoidExpression) return "drops";
    // `f().catch(log)`: the handler runs only on failure; what the chain gives is still dropped.
    if (parent.kind === SyntaxKind.PropertyAccessExpression && (parent as unknown as { expression: Node }).expression === child) {
      const outer = parent.parent;
      if (
        textOf((parent as unknown as { name: Node }).name) === "catch" &&
        outer?.kind === SyntaxKind.CallExpression &&
        (outer as CallExpression).expression === parent
      ) {
        node = outer;
        continue;
      }
    }
    return "waits";
  }
}

/** `(0, mod_1.f)(...)`, how compiled CommonJS calls an import, calls `mod_1.f`. */
function calleeOf(call: CallExpression): Node {
  let c = skipOuterExpressions(call.expression);
  while (c.kind === SyntaxKind.BinaryExpression) {
    const { left, operatorToken, right } = c as unknown as { left: Node; operatorToken: Node; right: Node };
    if (operatorToken.kind !== SyntaxKind.CommaToken || skipOuterExpressions(left).kind !== SyntaxKind.NumericLiteral) break;
    c = skipOuterExpressions(right);
  }
  return c;
}

/** The node is what a call calls: `f(...)`, `x.f(...)` (pass the access), `(0, x.f)(...)`. */
function isCallee(node: Node): boolean {
  let n = node;
  while (
    n.parent &&
    (n.parent.kind === SyntaxKind.ParenthesizedExpression ||
      (n.parent.kind === SyntaxKind.BinaryExpression &&
        (n.parent as unknown as { right: Node; operatorToken: Node }).right === n &&
        (n.parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.CommaToken))
  )
    n = n.parent;
  return n.parent?.kind === SyntaxKind.CallExpression && (n.parent as CallExpression).expression === n;
}

/** The facts' one pseudo-function per file that holds the file's calls of project functions. */
const callsKey = (fileName: string) => functionKey(fileName, -1);

/** Call-graph facts: every call of a project function in a file, and whether it waits for the result. */
class PromiseUseCollector {
  readonly visitKinds: readonly SyntaxKind[] = [SyntaxKind.CallExpression];
  private readonly calls: CallExpression[] = [];

  constructor(private readonly fa: FileAnalysis) {}

  visit(node: Node): void {
    if (node.kind !== SyntaxKind.CallExpression) return;
    const call = node as CallExpression;
    const parts = calleeParts(calleeOf(call));
    if (!parts) return;
    // A function imported from a package is not the project's.
    const local = parts.receiver ?? (parts.receiverExpression ? undefined : parts.nameNode);
    const binding = local ? this.fa.bindings.forLocalName(textOf(local)!) : undefined;
    if (binding && !binding.module.startsWith(".")) return;
    this.calls.push(call);
    this.fa.queries.needSymbol(parts.nameNode);
  }

  finish(): { facts: FileFacts } {
    const { fileName, sourceFile, queries } = this.fa;
    const own: FunctionFacts = { key: callsKey(fileName), name: "(calls)", isAsyncContext: false, effects: [], calls: [] };
    const dependsOn = new Set<string>();
    for (const call of this.calls) {
      const nameNode = calleeParts(calleeOf(call))!.nameNode;
      const symbol = queries.symbolOf(nameNode);
      const target = symbol ? projectFunctionKey(this.fa, symbol) : undefined;
      if (!target) continue;
      own.calls.push({ fileName, range: rangeOf(sourceFile, call), label: textOf(nameNode) ?? "", target, kind: resultUse(call) });
      dependsOn.add(target.slice(0, target.lastIndexOf(":")));
    }
    return { facts: { fileName, functions: new Map([[own.key, own]]), dependsOn } };
  }
}

/** The calls of one function across the project: how many drop its result, whether any waits, or unknown. */
export type Callers = { known: false } | { known: true; drops: number; waits: number };

export class PromiseUse {
  private readonly graph: CallGraph;
  private readonly memo = new Map<FunctionKey, Callers>();

  constructor(private readonly context: Pick<RuleContext<unknown>, "callGraph" | "project" | "fileName" | "sourceFile">) {
    this.graph = context.callGraph(fa => new PromiseUseCollector(fa), promiseUseSummary);
  }

  /**
   * The project's calls of `fn`. Unknown (someone else may wait for it) when it has no name, no
   * call in the project (a library's user or a framework calls it), too common a name, or when
   * its name appears anywhere else than at a call or an import/export: passed as a value, stored,
   * assigned to a property; whoever receives it may await it.
   */
  callersOf(fn: FunctionLike): Callers {
    const key = functionKey(fn.getSourceFile().fileName, nodeIndex(keyNodeOf(fn)));
    const memo = this.memo.get(key);
    if (memo) return memo;
    const answer = this.find(fn, key);
    this.memo.set(key, answer);
    return answer;
  }

  private find(fn: FunctionLike, key: FunctionKey): Callers {
    const project = this.context.project;
    const name = functionName(fn);
    if (!project || name === "(anonymous)" || name === "constructor") return { known: false };
    const files = project.filesMentioning(name);
    if (files.length > maxFiles) return { known: false };
    let drops = 0;
    let waits = 0;
    for (const file of files) {
      const source = file === this.context.fileName ? this.context.sourceFile : project.analysisOf(file)?.sourceFile;
      if (!source || escapes(source, name, fn)) return { known: false };
      for (const call of this.graph.factsOfFile(file)?.functions.get(callsKey(file))?.calls ?? []) {
        if (call.target !== key) continue;
        if (call.kind === "drops") drops++;
        else waits++;
      }
    }
    return drops + waits === 0 ? { known: false } : { known: true, drops, waits };
  }
}

/**
 * The name is used as a value somewhere in the file (by name: a same-named function elsewhere
 * only makes the answer more cautious): anything but a call's callee, the declaration itself, an
 * import or export specifier, or a property key.
 */
function escapes(source: Node, name: string, fn: FunctionLike): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found) return;
    if ((node.kind === SyntaxKind.Identifier || node.kind === SyntaxKind.PrivateIdentifier) && textOf(node) === name) {
      if (!isHarmlessMention(node, fn)) found = true;
      return;
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

const specifierKinds = new Set<SyntaxKind>([SyntaxKind.ImportSpecifier, SyntaxKind.ExportSpecifier, SyntaxKind.ImportClause, SyntaxKind.NamespaceImport]);

function isHarmlessMention(node: Node, fn: FunctionLike): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (specifierKinds.has(parent.kind)) return true;
  // The declaration: `function f`, `const f = ...`, `f() {}`, `f: async () => ...`, `exports.f = f`'s left side.
  if ((parent as unknown as { name?: Node }).name === node) {
    if (parent === fn || parent === fn.parent) return true;
    if (parent.kind === SyntaxKind.PropertyAccessExpression) {
      // `x.f(...)` called, or `exports.f = ...` / `module.exports.f = ...` declared.
      const outer = parent.parent;
      if (isCallee(parent)) return true;
      if (outer?.kind === SyntaxKind.BinaryExpression && (outer as unknown as { left: Node }).left === parent)
        return /^(module\.)?exports$/.test((parent as unknown as { expression: Node }).expression.getText());
      return false;
    }
    // Another declaration of the same name (a method, a property key, a variable).
    return (
      parent.kind === SyntaxKind.MethodDeclaration ||
      parent.kind === SyntaxKind.FunctionDeclaration ||
      parent.kind === SyntaxKind.PropertyAssignment ||
      parent.kind === SyntaxKind.PropertyDeclaration ||
      parent.kind === SyntaxKind.VariableDeclaration
    );
  }
  // `f(...)`, `(0, f)(...)`.
  if (isCallee(node)) return true;
  // `exports.f = f` / `module.exports = { f }` hand it to importers, whose calls are read too.
  if (parent.kind === SyntaxKind.ShorthandPropertyAssignment) {
    const assignment = parent.parent?.parent;
    return assignment?.kind === SyntaxKind.BinaryExpression && /^(module\.)?exports$/.test((assignment as unknown as { left: Node }).left.getText());
  }
  if (parent.kind === SyntaxKind.BinaryExpression && (parent as unknown as { right: Node; left: Node }).right === node)
    return /^(module\.)?exports(\.\w+)?$/.test((parent as unknown as { left: Node }).left.getText());
  return false;
}

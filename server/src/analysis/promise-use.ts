// "Does any caller wait for this function?", across files. A call of a project function either
// drops its result (an expression statement, `void f()`, `f().catch(...)` as a statement) or
// waits for it (awaits it, returns it, chains `.then`, stores it, passes it on). The facts are the
// call sites of each file, tied to the function they call by the checker's symbols, and live in a
// CallGraph shared by every rule that asks (summary id `promise-use`), dropped with the files they
// point into. Callers are looked for only in the files whose text mentions the function's name;
// a use of the function as a value (an argument, an element, a property's value, a return, an
// assignment, `.bind`) is recorded too, by symbol, and makes its callers unknown.
import { SyntaxKind, nodeIndex, type CallExpression, type Node } from "./typescript";
import type { FunctionLike } from "./async-context";
import { functionKey, type CallGraph, type FileFacts, type FunctionFacts, type FunctionKey } from "./call-graph";
import { functionName } from "./blocking-calls";
import { keyNodeOf, projectFunctionKey } from "./may-reject";
import { rangeOf } from "./positions";
import { calleeOf, calleeParts, parentSkippingOuter, skipOuterExpressions, textOf } from "./syntax";
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

/** The facts' one pseudo-function per file that holds the file's calls of project functions. */
const callsKey = (fileName: string) => functionKey(fileName, -1);

/** Call-graph facts: every call of a project function in a file, and whether it waits for the result. */
class PromiseUseCollector {
  readonly visitKinds: readonly SyntaxKind[] = valueKinds;
  private readonly calls: CallExpression[] = [];
  /** Names that may be a project function used as a value (handed on, stored, bound). */
  private readonly values: Node[] = [];
  /** `{ f }` outside `module.exports = {...}`: the shorthand's symbol is the property's, so by name. */
  private readonly shorthands = new Set<string>();

  constructor(private readonly fa: FileAnalysis) {}

  visit(node: Node): void {
    for (const value of valuesOf(node)) this.value(value);
    if (node.kind === SyntaxKind.ShorthandPropertyAssignment && !inModuleExports(node))
      this.shorthands.add(textOf((node as unknown as { name: Node }).name) ?? "");
    if (node.kind !== SyntaxKind.CallExpression) return;
    const call = node as CallExpression;
    const parts = calleeParts(calleeOf(call));
    if (!parts) return;
    // `f.bind(this)`, `f.call(x)`: the function itself is handed on.
    if (parts.receiverExpression && /^(bind|call|apply)$/.test(parts.nameNode.text)) this.value(parts.receiverExpression);
    if (!this.mayBeProject(parts.nameNode, parts.receiver, !!parts.receiverExpression)) return;
    this.calls.push(call);
    this.fa.queries.needSymbol(parts.nameNode);
  }

  /** A function imported from a package is not the project's. */
  private mayBeProject(nameNode: Node, receiver: Node | undefined, hasReceiver: boolean): boolean {
    const local = receiver ?? (hasReceiver ? undefined : nameNode);
    const binding = local ? this.fa.bindings.forLocalName(textOf(local)!) : undefined;
    return !binding || binding.module.startsWith(".");
  }

  private value(expression: Node): void {
    const e = skipOuterExpressions(expression);
    const parts = e.kind === SyntaxKind.Identifier || e.kind === SyntaxKind.PropertyAccessExpression ? calleeParts(e) : undefined;
    if (!parts || !this.mayBeProject(parts.nameNode, parts.receiver, !!parts.receiverExpression)) return;
    this.values.push(parts.nameNode);
    this.fa.queries.needSymbol(parts.nameNode);
  }

  finish(): { facts: FileFacts } {
    const { fileName, sourceFile, queries } = this.fa;
    const own: FunctionFacts = { key: callsKey(fileName), name: "(calls)", isAsyncContext: false, effects: [], calls: [] };
    const dependsOn = new Set<string>();
    const add = (nameNode: Node, at: Node, kind: string) => {
      const symbol = queries.symbolOf(nameNode);
      const target = symbol ? projectFunctionKey(this.fa, symbol) : undefined;
      if (!target) return;
      own.calls.push({ fileName, range: rangeOf(sourceFile, at), label: textOf(nameNode) ?? "", target, kind });
      dependsOn.add(target.slice(0, target.lastIndexOf(":")));
    };
    for (const call of this.calls) add(calleeParts(calleeOf(call))!.nameNode, call, resultUse(call));
    for (const name of this.values) add(name, name, "escapes");
    for (const name of this.shorthands) own.effects.push({ fileName, range: rangeOf(sourceFile, sourceFile), label: name, kind: "shorthand" });
    return { facts: { fileName, functions: new Map([[own.key, own]]), dependsOn } };
  }
}

/** Where a function may be used as a value: an argument, an element, a property's value, an initializer, an assignment, a return. */
const valueKinds: readonly SyntaxKind[] = [
  SyntaxKind.CallExpression,
  SyntaxKind.NewExpression,
  SyntaxKind.ArrayLiteralExpression,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.ShorthandPropertyAssignment,
  SyntaxKind.VariableDeclaration,
  SyntaxKind.BinaryExpression,
  SyntaxKind.ReturnStatement,
  SyntaxKind.ArrowFunction,
  SyntaxKind.ExportAssignment,
  SyntaxKind.ConditionalExpression,
];

function valuesOf(node: Node): readonly Node[] {
  const n = node as unknown as Record<string, Node | readonly Node[] | undefined>;
  switch (node.kind) {
    case SyntaxKind.CallExpression:
    case SyntaxKind.NewExpression:
      return (n.arguments as readonly Node[] | undefined) ?? [];
    case SyntaxKind.ArrayLiteralExpression:
      return n.elements as readonly Node[];
    case SyntaxKind.PropertyAssignment:
    case SyntaxKind.VariableDeclaration:
      return n.initializer ? [n.initializer as Node] : [];
    case SyntaxKind.BinaryExpression: {
      const op = (n.operatorToken as Node).kind;
      // `x = f`, `a || f`, `a ?? f` (not `exports.f = f`: importers' calls are read).
      if (op === SyntaxKind.EqualsToken) return /^(module\.)?exports(\.[\w$]+)?$/.test((n.left as Node).getText()) ? [] : [n.right as Node];
      return op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.AmpersandAmpersandToken ? [n.right as Node] : [];
    }
    case SyntaxKind.ReturnStatement:
      return n.expression ? [n.expression as Node] : [];
    case SyntaxKind.ArrowFunction:
      return (n.body as Node).kind === SyntaxKind.Block ? [] : [n.body as Node];
    case SyntaxKind.ExportAssignment:
      return [n.expression as Node];
    case SyntaxKind.ConditionalExpression:
      return [n.whenTrue as Node, n.whenFalse as Node];
    default:
      return [];
  }
}

function inModuleExports(shorthand: Node): boolean {
  const assignment = shorthand.parent?.parent;
  return assignment?.kind === SyntaxKind.BinaryExpression && /^(module\.)?exports$/.test((assignment as unknown as { left: Node }).left.getText());
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
   * call in the project (a library's user or a framework calls it), too common a name, or when it
   * is used as a value anywhere (handed on, stored, bound, put in an object other than
   * `module.exports`): whoever receives it may await it.
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
      const facts = this.graph.factsOfFile(file)?.functions.get(callsKey(file));
      if (!facts) continue;
      if (facts.effects.some(e => e.kind === "shorthand" && e.label === name)) return { known: false };
      for (const call of facts.calls) {
        if (call.target !== key) continue;
        if (call.kind === "escapes") return { known: false };
        if (call.kind === "drops") drops++;
        else waits++;
      }
    }
    return drops + waits === 0 ? { known: false } : { known: true, drops, waits };
  }
}

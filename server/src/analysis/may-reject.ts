// "May the promise of a call to this function reject?", per function of the project's own code,
// across files and through methods. A function cannot reject when everything it does outside a
// catch-all `try` is ordinary (see rejection-sources.ts) and every project function whose promise
// it passes on (awaits outside such a try, or returns) cannot reject either. The facts live in a
// CallGraph shared by every rule that asks (summary id `may-reject`), invalidated with the files
// they point into; the verdicts are memoised per question-asker (one file's decisions).
import { SyntaxKind, nodeIndex, type CallExpression, type Node } from "./typescript";
import { isFunctionLike, type FunctionLike } from "./async-context";
import { functionKey, type CallGraph, type FileFacts, type FunctionFacts, type FunctionKey } from "./call-graph";
import { declaringNode, functionName } from "./blocking-calls";
import { rangeOf } from "./positions";
import { rejectionSources, hasNoRejectTag, type PassedOn } from "./rejection-sources";
import type { FileAnalysis, RuleContext } from "../rules/rule";

/** The summary id under which rules share these facts (`context.callGraph(..., mayRejectSummary)`). */
export const mayRejectSummary = "may-reject";

const functionKinds: readonly SyntaxKind[] = [
  SyntaxKind.FunctionDeclaration, SyntaxKind.FunctionExpression, SyntaxKind.ArrowFunction,
  SyntaxKind.MethodDeclaration, SyntaxKind.GetAccessor,
];

/** Kinds of declarations that can hold a function with a body (what a call's symbol points at). */
const declaringKinds = new Set<SyntaxKind>([
  SyntaxKind.FunctionDeclaration, SyntaxKind.MethodDeclaration, SyntaxKind.GetAccessor,
  SyntaxKind.VariableDeclaration, SyntaxKind.PropertyAssignment, SyntaxKind.PropertyDeclaration, SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction, SyntaxKind.BinaryExpression,
]);

/**
 * The node a call's symbol points at for this function: as `declaringNode`, plus CommonJS
 * assignments (`module.exports = fn`, `exports.load = fn`), whose declaration is the assignment.
 */
export function keyNodeOf(fn: FunctionLike): Node {
  let outer: Node = fn;
  while (outer.parent && outer.parent.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent as (Node & { right?: Node; operatorToken?: Node }) | undefined;
  if (parent && parent.kind === SyntaxKind.BinaryExpression && parent.right === outer && parent.operatorToken?.kind === SyntaxKind.EqualsToken) return parent;
  return declaringNode(fn);
}

interface Pending { fn: FunctionLike; facts: FunctionFacts; passedOn: PassedOn[]; nullable: Node[] }

/**
 * One file's facts: for each function, `effects` are the reasons its promise may reject by itself
 * (labelled), `calls` the project functions whose promise it passes on.
 */
export class RejectionCollector {
  readonly visitKinds = functionKinds;
  private readonly pending: Pending[] = [];

  constructor(private readonly fa: FileAnalysis) {}

  visit(node: Node): void {
    if (!isFunctionLike(node) || !node.body) return;
    const fn = node as FunctionLike;
    const key = functionKey(this.fa.fileName, nodeIndex(keyNodeOf(fn)));
    const facts: FunctionFacts = { key, name: functionName(fn), isAsyncContext: false, effects: [], calls: [] };
    if (hasNoRejectTag(this.fa.sourceFile, fn)) { this.pending.push({ fn, facts, passedOn: [], nullable: [] }); return; }
    const { reasons, passedOn, nullable } = rejectionSources(this.fa.sourceFile, fn);
    for (const r of reasons) facts.effects.push({ fileName: this.fa.fileName, range: rangeOf(this.fa.sourceFile, r.node), label: r.label });
    // The calls and types are only worth asking about when nothing else already makes the function rejectable.
    if (reasons.length) { this.pending.push({ fn, facts, passedOn: [], nullable: [] }); return; }
    for (const p of passedOn) if (p.nameNode) this.fa.queries.needSymbol(p.nameNode);
    for (const n of nullable) this.fa.queries.needType(n);
    this.pending.push({ fn, facts, passedOn, nullable });
  }

  /** After the batch: resolves the passed-on calls to project functions. */
  finish(): { facts: FileFacts } {
    const { fileName, sourceFile } = this.fa;
    const functions = new Map<FunctionKey, FunctionFacts>();
    const dependsOn = new Set<string>();
    for (const { facts, passedOn, nullable } of this.pending) {
      const { queries } = this.fa;
      const maybeMissing = nullable.find(n => { const t = queries.typeOf(n); return !!t && queries.declaredNullable(t); });
      if (maybeMissing) facts.effects.push({ fileName, range: rangeOf(sourceFile, maybeMissing), label: "reads a property of a value that may be undefined" });
      for (const p of passedOn) {
        const target = p.nameNode && this.targetOf(p.nameNode);
        const site = { fileName, range: rangeOf(sourceFile, p.call), label: calleeLabel(sourceFile, p.call) };
        if (!target) { facts.effects.push({ ...site, label: `${p.how} ${site.label}` }); continue; }
        facts.calls.push({ ...site, target });
        dependsOn.add(target.slice(0, target.lastIndexOf(":")));
      }
      functions.set(facts.key, facts);
    }
    return { facts: { fileName, functions, dependsOn } };
  }

  private targetOf(nameNode: Node): FunctionKey | undefined {
    const { queries } = this.fa;
    const symbol = queries.symbolOf(nameNode);
    return symbol ? projectFunctionKey(this.fa, symbol) : undefined;
  }
}

/** The key of the project function a symbol declares (not a package's, not a declaration file's). */
export function projectFunctionKey(fa: Pick<FileAnalysis, "queries">, symbol: Parameters<FileAnalysis["queries"]["declarationHandle"]>[0]): FunctionKey | undefined {
  const handle = fa.queries.declarationHandle(symbol);
  if (!handle || !declaringKinds.has(handle.kind) || /\.d\.[cm]?ts$/.test(handle.fileName) || fa.queries.isExternalPath(handle.fileName)) return undefined;
  return functionKey(handle.fileName, handle.index);
}

function calleeLabel(sourceFile: FileAnalysis["sourceFile"], call: CallExpression): string {
  const text = call.expression.getText(sourceFile).replace(/\s+/g, "");
  return `${text.length <= 40 ? text : "…"}()`;
}

/** Answers "can the promise of a call to this function reject?" for one file's decisions. */
export class RejectionSummaries {
  private readonly memo = new Map<FunctionKey, boolean>();

  constructor(private readonly graph: CallGraph) {}

  /** True only when the function is known and neither it nor what it passes on can reject. */
  cannotReject(key: FunctionKey): boolean {
    return !this.mayReject(key, new Set(), 0);
  }

  /** Why it may reject: the first reason found, following passed-on calls (for messages and tests). */
  private mayReject(key: FunctionKey, onPath: Set<FunctionKey>, depth: number): boolean {
    const memo = this.memo.get(key);
    if (memo !== undefined) return memo;
    if (onPath.has(key)) return false; // recursion: the rest of the cycle decides
    if (depth > 25) return true;
    const facts = this.graph.factsOfFile(key.slice(0, key.lastIndexOf(":")))?.functions.get(key);
    let may = !facts || facts.effects.length > 0;
    if (!may) {
      onPath.add(key);
      may = facts!.calls.some(c => this.mayReject(c.target, onPath, depth + 1));
      onPath.delete(key);
    }
    // A "cannot" found while a cycle was open may be incomplete; only memoise at the cycle's root.
    if (may || onPath.size === 0) this.memo.set(key, may);
    return may;
  }
}

/** The summaries for a rule's file: the shared graph, computing other files' facts when asked. */
export function rejectionSummaries(context: Pick<RuleContext<unknown>, "callGraph">): RejectionSummaries {
  return new RejectionSummaries(context.callGraph(fa => new RejectionCollector(fa), mayRejectSummary));
}

// Whether a function may run as one item of a fan-out: called per item of a loop or of a
// forEach/map callback, there or through its callers (found by name, as startup-callers.ts
// finds them). The awaited fix of a blocking call makes its function start I/O where it
// blocked before: in an item of a fan-out, unbounded-concurrency would then report the caller's
// fan-out, so there the fix is a suggestion (issue 12: a fix in "fix all" leaves no new finding
// of any rule, in any file).
//
// Errs towards "yes": a name too common to read its callers, or callers too far up, count as a
// fan-out, and same-named functions elsewhere only add calls to judge. A function handed to
// another call (a limiter's task, a timer, a hook) runs when that call decides: unbounded-
// concurrency does not count it as an item either, so nothing is followed from there.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { isPerItemArgument, skipParensUp } from "../../analysis/promise-syntax";
import type { FileAnalysis } from "../rule";
import { calledBy } from "../../analysis/run-mode/startup-callers";
import { identifiersNamedIn } from "../../analysis/identifiers-by-text";

/** More files than this mention the name: too common to read every caller; counted as a fan-out. */
const maxFiles = 40;
/** Callers of callers followed at most; beyond, counted as a fan-out. */
const maxHops = 4;

export class FanOutItems {
  private readonly memo = new Map<FunctionLike, boolean>();

  constructor(
    /** The file being linted: its own analysis, not a second one. */
    private readonly home: FileAnalysis,
  ) {}

  /** Whether `fn` may run once per item of a loop or a forEach/map callback, here or up its callers. */
  runsAsItem(fn: FunctionLike): boolean {
    return this.ask(fn, 0);
  }

  private ask(fn: FunctionLike, hops: number): boolean {
    const known = this.memo.get(fn);
    if (known !== undefined) return known;
    if (hops > maxHops) return true;
    this.memo.set(fn, false); // recursion: the other callers decide
    const answer = this.decide(fn, hops);
    this.memo.set(fn, answer);
    return answer;
  }

  private decide(fn: FunctionLike, hops: number): boolean {
    const outer = skipParensUp(fn);
    const parent = outer.parent;
    if (parent?.kind === SyntaxKind.CallExpression) {
      // `(async () => ...)()` runs where it is called; a callback runs per item or when its callee decides.
      if ((parent as CallExpression).expression === outer) return this.siteRunsAsItem(parent, hops);
      return isPerItemArgument(outer);
    }
    const name = nameOf(fn);
    if (!name) return false; // stored somewhere without a name: no caller to follow
    const project = this.home.project;
    const files = project ? project.filesMentioningAtMost(name, maxFiles) : [this.home.fileName];
    if (!files) return true;
    for (const fileName of files) {
      const fa = fileName === this.home.fileName ? this.home : project?.analysisOf(fileName);
      if (!fa) continue;
      for (const ref of identifiersNamedIn(fa.sourceFile, name)) {
        if (isDeclarationName(ref)) continue;
        const call = calledBy(ref);
        if (call ? this.siteRunsAsItem(call, hops) : isPerItemArgument(accessOf(ref))) return true;
      }
    }
    return false;
  }

  /** Whether a call runs per item: in a loop without being awaited there, or inside a function that runs per item. */
  private siteRunsAsItem(call: Node, hops: number): boolean {
    const awaited = skipParensUp(call).parent?.kind === SyntaxKind.AwaitExpression;
    for (let n = call.parent; n; n = n.parent) {
      switch (n.kind) {
        case SyntaxKind.ForStatement:
        case SyntaxKind.ForOfStatement:
        case SyntaxKind.ForInStatement:
        case SyntaxKind.WhileStatement:
        case SyntaxKind.DoStatement:
          // Awaited in the loop: one at a time, not a fan-out.
          if (!awaited) return true;
          break;
      }
      if (isFunctionLike(n)) return this.ask(n, hops + 1);
    }
    return false; // the module's top level, once
  }
}

/** The name callers use: a declaration's or method's (`#name` too), or the variable's or property's that holds it. */
function nameOf(fn: FunctionLike): string | undefined {
  if (fn.kind !== SyntaxKind.FunctionExpression && fn.kind !== SyntaxKind.ArrowFunction) {
    const own = (fn as unknown as { name?: Node }).name;
    return own?.kind === SyntaxKind.Identifier || own?.kind === SyntaxKind.PrivateIdentifier ? textOf(own) : undefined;
  }
  // A function expression's own name is seen only inside it: callers use the name it is stored under.
  const outer = skipParensUp(fn);
  const parent = outer.parent;
  if (!parent) return undefined;
  if (parent.kind === SyntaxKind.VariableDeclaration || parent.kind === SyntaxKind.PropertyAssignment || parent.kind === SyntaxKind.PropertyDeclaration) {
    const name = (parent as unknown as { name: Node }).name;
    return name.kind === SyntaxKind.Identifier || name.kind === SyntaxKind.PrivateIdentifier ? textOf(name) : undefined;
  }
  if (parent.kind === SyntaxKind.BinaryExpression && (parent as unknown as { right: Node }).right === outer) {
    // `exports.f = ...`, `this.f = ...`, `f = ...`
    const left = (parent as unknown as { left: Node }).left;
    if (left.kind === SyntaxKind.Identifier) return textOf(left);
    if (left.kind === SyntaxKind.PropertyAccessExpression) return textOf((left as unknown as { name: Node }).name);
  }
  return undefined;
}

const textOf = (node: Node): string | undefined => (node as unknown as { text?: string }).text;

/** The name where a function or method is declared (`function f`, `const f =`, `f() {}`), not a use of it. */
function isDeclarationName(ref: Node): boolean {
  const parent = ref.parent;
  if (!parent || (parent as unknown as { name?: Node }).name !== ref) return false;
  return (
    isFunctionLike(parent) ||
    parent.kind === SyntaxKind.VariableDeclaration ||
    parent.kind === SyntaxKind.PropertyDeclaration ||
    parent.kind === SyntaxKind.PropertyAssignment
  );
}

/** `helper` or `this.helper` as written where it is passed on. */
function accessOf(ref: Node): Node {
  const parent = ref.parent;
  return parent?.kind === SyntaxKind.PropertyAccessExpression && (parent as unknown as { name: Node }).name === ref ? parent : ref;
}

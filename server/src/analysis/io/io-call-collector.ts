// Call-graph facts for I/O, per file: what each function of the project reaches (the I/O calls it
// makes, the project functions it calls), so that a fan-out's work can be followed to the
// resource it uses however many calls down.
import { SyntaxKind, nodeAtIndex, nodeIndex, type CallExpression, type Node } from "../typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../async-context";
import { FunctionFactsOnDemand, functionKey, type FileFacts, type FunctionFacts, type FunctionKey } from "../call-graph";
import { declaringNode } from "../blocking-calls";
import { functionUnitsOf, unitHolding, type FunctionUnit } from "../engine/function-units";
import { editMentions } from "../engine/unit-carry";
import { functionName } from "../function-names";
import { rangeOf } from "../positions";
import { skipOuterExpressions, textOf } from "../syntax";
import type { AnalysisApart, FactsCollectorFactory, FileAnalysis } from "../../rules/rule";
import { lockWait } from "./limited-resource";
import { isWeakKind } from "./io-kinds";
import { IoClassifier, effect, labelOf, partsOf, type CallNode, type IoClass } from "./io-classifier";
import { callsBackFromExecutor, computesByName, isAwaited } from "./unknown-call-hints";
import { memoizedPerKey } from "./memoized-per-key";

/** The nearest function around `node` that can be a call's target (anonymous callbacks belong to it). */
function namedOwner(node: Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    const decl = declaringNode(n as FunctionLike);
    if (decl !== n || (n.kind !== SyntaxKind.ArrowFunction && n.kind !== SyntaxKind.FunctionExpression)) return n as FunctionLike;
  }
  return undefined;
}

/** One call of the file and its function; `io`: its classification, when carried from the last lint. */
interface OwnedCall {
  call: CallNode;
  owner: FunctionLike;
  io?: IoClass | "unresolved";
}

/** What the editor carries of one function's calls to the next lint (engine/unit-carry.ts): node indices and classifications. */
interface CarriedUnit {
  calls: { call: number; owner: number; io: IoClass | "unresolved" }[];
}

const carryKey = "io-calls";

/** The summary id under which rules share these facts (unbounded-concurrency, check-then-act-across-await, retry-without-backoff). */
export const ioCallsSummary = "io-calls";

/** The collector of `ioCallsSummary`'s facts, for `context.callGraph(collectIoCalls, ioCallsSummary)`. */
export const collectIoCalls: FactsCollectorFactory = (fa, apart) => new IoCallCollector(fa, apart);

/**
 * Call-graph facts for I/O: a function's effects are the I/O calls it (or a callback inside it)
 * makes; its calls are the project functions it calls. For `context.callGraph(...)`.
 */
export class IoCallCollector {
  static readonly visitKinds: readonly SyntaxKind[] = [SyntaxKind.CallExpression, SyntaxKind.NewExpression];
  readonly visitKinds = IoCallCollector.visitKinds;
  private readonly classifier: IoClassifier;
  private readonly calls: OwnedCall[] = [];
  /** In the editor: units whose calls the last lint classified and this one carries (not visited again). */
  private readonly carriedUnits: FunctionUnit[] = [];
  /** Their calls, with this tree's nodes, in document order. */
  private readonly carriedCalls: OwnedCall[] = [];

  /**
   * @param apart a file analysed apart in bulk: `visit` only notes each call's function, and the
   * facts of a function are computed (its calls' questions asked) when a summary first asks for it.
   */
  constructor(
    private readonly fa: FileAnalysis,
    private readonly apart?: AnalysisApart,
  ) {
    this.classifier = new IoClassifier(fa);
    if (!apart) this.carryOver();
  }

  /**
   * The units an edit of another function did not touch keep their calls' classifications: what
   * a call reaches follows from its own syntax, the module bindings (the skeleton's imports) and
   * the types of declarations, all unchanged under the carry's guards. Not when the edited
   * function's text mentions a `require` or `import` (module bindings). Everything else `finish`
   * reads of a call (its function's name, parameters, whether it is awaited) is read from the new tree.
   */
  private carryOver(): void {
    const plan = this.fa.unitCarry?.plan<CarriedUnit>(carryKey);
    if (!plan) return;
    if (editMentions(plan)) return;
    const nodeAt = (index: number | undefined) => (index === undefined ? undefined : nodeAtIndex(this.fa.sourceFile, index));
    plan.units.units.forEach((unit, i) => {
      const data = plan.carried[i];
      if (!data) return;
      const calls: OwnedCall[] = [];
      for (const c of data.calls) {
        const call = nodeAt(plan.shift.index(c.call));
        const owner = nodeAt(plan.shift.index(c.owner));
        const key = c.io !== "unresolved" && c.io.kind === "target" ? plan.shift.key(c.io.key) : undefined;
        if (!call || (call.kind !== SyntaxKind.CallExpression && call.kind !== SyntaxKind.NewExpression) || !owner || !isFunctionLike(owner)) return;
        if (c.io !== "unresolved" && c.io.kind === "target" && !key) return; // computed again with its unit
        const io = c.io !== "unresolved" && c.io.kind === "target" ? { ...c.io, key: key! } : c.io;
        calls.push({ call: call as CallNode, owner: owner as FunctionLike, io });
      }
      this.carriedUnits.push(unit);
      this.carriedCalls.push(...calls);
    });
  }

  visit(node: Node): void {
    if (node.kind !== SyntaxKind.CallExpression && node.kind !== SyntaxKind.NewExpression) return;
    if (this.carriedUnits.length && unitHolding(this.carriedUnits, node.pos, node.end) >= 0) return;
    const owner = namedOwner(node);
    // A per-key memoized lookup does its I/O once per key and then answers from memory.
    if (!owner || memoizedPerKey(owner)) return;
    this.calls.push({ call: node as CallNode, owner });
    if (!this.apart) this.classifier.prepare(node);
  }

  finish(): { facts: FileFacts } {
    const { fileName } = this.fa;
    if (this.apart) return { facts: this.factsOnDemand(this.apart) };
    const dependsOn = new Set<string>();
    // In the order `visit` sees calls (the tree's preorder): a unit's calls are contiguous.
    const calls = this.carriedCalls.length ? [...this.calls, ...this.carriedCalls].sort((a, b) => nodeIndex(a.call) - nodeIndex(b.call)) : this.calls;
    const functions = this.factsOf(calls, dependsOn);
    this.recordForCarry(calls);
    return { facts: { fileName, functions, dependsOn } };
  }

  /** This lint's classified calls by unit, for the next lint in the editor. */
  private recordForCarry(calls: readonly OwnedCall[]): void {
    const carry = this.fa.unitCarry;
    if (!carry) return;
    const units = functionUnitsOf(this.fa.sourceFile).units;
    const byUnit: CarriedUnit[] = units.map(() => ({ calls: [] }));
    for (const c of calls) {
      const i = unitHolding(units, c.call.pos, c.call.end);
      if (i >= 0 && c.io) byUnit[i]!.calls.push({ call: nodeIndex(c.call), owner: nodeIndex(c.owner), io: c.io });
    }
    carry.record(carryKey, byUnit);
  }

  /**
   * A function's facts follow from its own calls alone (each classified by the symbols its own
   * `prepare` asked): computed as asked, in the order `visit` saw them, they are the facts
   * `finish` gives with every call.
   */
  private factsOnDemand(apart: AnalysisApart): FileFacts {
    const { fileName } = this.fa;
    const byFunction = new Map<FunctionKey, OwnedCall[]>();
    for (const c of this.calls) {
      const key = functionKey(fileName, nodeIndex(declaringNode(c.owner)));
      let calls = byFunction.get(key);
      if (!calls) byFunction.set(key, (calls = []));
      calls.push(c);
    }
    const dependsOn = new Set<string>();
    const functions = new FunctionFactsOnDemand(
      [...byFunction.keys()],
      key => {
        const calls = byFunction.get(key)!;
        this.fa.queries.reopen();
        for (const { call } of calls) this.classifier.prepare(call);
        apart.resolve();
        return this.factsOf(calls, dependsOn).get(key);
      },
      keys => {
        // In document order, as `visit` saw them: a function's facts list its calls in that order.
        const calls = keys.flatMap(key => byFunction.get(key)!).sort((a, b) => nodeIndex(a.call) - nodeIndex(b.call));
        this.fa.queries.reopen();
        for (const { call } of calls) this.classifier.prepare(call);
        apart.sendAhead();
        return () => {
          apart.resolve();
          return this.factsOf(calls, dependsOn);
        };
      },
    );
    return { fileName, functions, dependsOn };
  }

  private factsOf(calls: readonly OwnedCall[], dependsOn: Set<string>): Map<FunctionKey, FunctionFacts> {
    const { fileName, sourceFile } = this.fa;
    const functions = new Map<FunctionKey, FunctionFacts>();
    // A function's key is a string of its file's path: made once per function, not once per call.
    const keys = new Map<FunctionLike, FunctionKey>();
    const keyOf = (owner: FunctionLike): FunctionKey => {
      let key = keys.get(owner);
      if (key === undefined) keys.set(owner, (key = functionKey(fileName, nodeIndex(declaringNode(owner)))));
      return key;
    };
    // What `classify` asks past the batch (a callee's parent module, the tree of a declaration
    // without a body) was a round trip per call: asked for all of them together, in rounds; the
    // answers wait in the caches for the calls below.
    const unclassified = calls.filter(c => !c.io);
    if (unclassified.length > 1) this.fa.queries.askTogether(unclassified.map(c => () => this.classifier.classify(c.call)));
    for (const owned of calls) {
      const { call, owner } = owned;
      owned.io ??= this.classifier.classify(call);
      let c = owned.io;
      if (c !== "unresolved" && c.kind === "parameter") {
        // The caller's argument is the caller's work; noted so a caller can see which argument gets called.
        const index = parameterIndex(owner, call);
        if (index !== undefined) {
          const key = keyOf(owner);
          let facts = functions.get(key);
          if (!facts) {
            facts = { key, name: functionName(owner), isAsyncContext: isAsyncFunction(owner), effects: [], calls: [] };
            functions.set(key, facts);
          }
          facts.effects.push({ fileName, range: rangeOf(sourceFile, call), label: c.label, kind: "async", weak: true, parameter: index });
        }
        continue;
      }
      if (c === "unresolved" || (c.kind === "none" && callsBackFromExecutor(call))) {
        // Untyped code: an awaited call of an async function may be anything.
        if (c === "unresolved" && (!isAsyncFunction(owner) || !isAwaited(call))) continue;
        if (c === "unresolved" && computesByName(call)) continue;
        c = effect("async", labelOf(call, partsOf(call)));
      }
      if (c.kind === "none" || c.kind === "parameter") continue;
      const key = keyOf(owner);
      let facts = functions.get(key);
      if (!facts) {
        facts = { key, name: functionName(owner), isAsyncContext: isAsyncFunction(owner), effects: [], calls: [] };
        functions.set(key, facts);
      }
      const range = rangeOf(sourceFile, call);
      if (c.kind === "effect")
        facts.effects.push({ fileName, range, label: c.effect.label, kind: c.effect.kind, ...(isWeakKind(c.effect.kind) ? { weak: true } : {}) });
      else {
        if (c.key === key) continue; // recursion adds nothing
        facts.calls.push({ fileName, range, label: c.label, target: c.key });
        dependsOn.add(c.key.slice(0, c.key.lastIndexOf(":")));
      }
    }
    // Known resources first: a function that queries the database and logs through an unknown
    // async call is summarised by the query.
    for (const f of functions.values()) {
      // A function that waits on a lock (`await this.lock.acquire()`) runs one call at a time,
      // whatever it reaches after: the lock is its summary, and fan-out over it is not reported.
      const lock = f.effects.find(e => lockWait.test(e.label)) ?? f.calls.find(c => lockWait.test(c.label));
      if (lock) {
        f.effects = [{ fileName: lock.fileName, range: lock.range, label: lock.label, kind: "async", weak: true }];
        f.calls = [];
        continue;
      }
      f.effects.sort((a, b) => Number(!!a.weak) - Number(!!b.weak));
    }
    return functions;
  }
}

/** Which parameter of `owner` the call calls (`computer()` in `providePromise(id, etag, computer)`). */
function parameterIndex(owner: FunctionLike, call: Node): number | undefined {
  const name = textOf(skipOuterExpressions((call as CallExpression).expression));
  const index = (owner as unknown as { parameters: readonly { name: Node }[] }).parameters.findIndex(p => textOf(p.name) === name);
  return index >= 0 ? index : undefined;
}

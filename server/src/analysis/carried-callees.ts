// Per-node answers carried in the editor for the functions an edit did not touch
// (engine/unit-carry.ts), so that a rule does not ask the checker again about every node of a
// large file after each keystroke. `CarriedAnswers` holds any answer that follows from the
// node's own unit, the skeleton and the declarations' types; `CarriedCallees` the project
// function a call reaches (its declaration's key), which also follows from the module bindings:
// carried only when the edited function's text mentions no `require` or `import` (which could
// change a binding).
import type { FileAnalysis } from "../rules/rule";
import type { FunctionKey } from "./call-graph";
import { functionUnitsOf, unitHolding, type FunctionUnit } from "./engine/function-units";
import { editMentions, type CarryPlan, type Shift } from "./engine/unit-carry";
import { nodeIndex, type Node } from "./typescript";

interface CarriedUnit<T> {
  /** Node index → answer. */
  calls: [number, T][];
}

export class CarriedAnswers<T> {
  private readonly units: FunctionUnit[] = [];
  /** By the node's index in the current tree. */
  private readonly byIndex = new Map<number, T>();
  /** This lint's answers, recorded for the next one. */
  private readonly answers = new Map<Node, T>();

  /**
   * @param move an answer of the last lint in the current tree's terms (undefined: its unit is
   *   asked again); `carries`: whether the plan's edit lets anything be carried at all.
   */
  constructor(
    private readonly fa: FileAnalysis,
    private readonly key: string,
    move: (answer: T, shift: Shift) => T | undefined = answer => answer,
    carries: (plan: CarryPlan<CarriedUnit<T>>) => boolean = () => true,
  ) {
    const plan = fa.unitCarry?.plan<CarriedUnit<T>>(key);
    if (!plan || !carries(plan)) return;
    plan.units.units.forEach((unit, i) => {
      const data = plan.carried[i];
      if (!data) return;
      const moved: [number, T][] = [];
      for (const [index, answer] of data.calls) {
        const now = plan.shift.index(index);
        const value = move(answer, plan.shift);
        if (now === undefined || value === undefined) return; // this unit's nodes are asked again
        moved.push([now, value]);
      }
      this.units.push(unit);
      for (const [index, value] of moved) this.byIndex.set(index, value);
    });
  }

  /** The answer the last lint found for this node (undefined: ask the checker). */
  carried(node: Node): T | undefined {
    if (!this.inCarriedUnit(node)) return undefined;
    return this.byIndex.get(nodeIndex(node));
  }

  /** Whether the node lies in a function whose answers were carried: one without an answer got none last time either. */
  inCarriedUnit(node: Node): boolean {
    return this.units.length > 0 && unitHolding(this.units, node.pos, node.end) >= 0;
  }

  /** This lint's answer for a node (carried or asked), for the next lint. */
  answer(node: Node, answer: T): void {
    if (this.fa.unitCarry) this.answers.set(node, answer);
  }

  /** Records this lint's answers by unit (nodes outside every function are asked each time). */
  record(): void {
    const carry = this.fa.unitCarry;
    if (!carry) return;
    const units = functionUnitsOf(this.fa.sourceFile).units;
    const byUnit: CarriedUnit<T>[] = units.map(() => ({ calls: [] }));
    for (const [node, answer] of this.answers) {
      const i = unitHolding(units, node.pos, node.end);
      if (i >= 0) byUnit[i]!.calls.push([nodeIndex(node), answer]);
    }
    carry.record(this.key, byUnit);
  }
}

/** A call's callee, or null: none (a key may record only nulls: "this call reaches no module export"). */
type Callee = FunctionKey | null;

export class CarriedCallees extends CarriedAnswers<Callee> {
  constructor(fa: FileAnalysis, key: string) {
    super(
      fa,
      key,
      (callee, shift) => (callee === null ? null : shift.key(callee)),
      plan => !editMentions(plan),
    );
  }
}

/**
 * Yes/no answers about a node's own type (is it thenable, an array of promises, ...), carried by
 * node: each question is asked of the checker only for the nodes of the edited function (and the
 * first time a carried node is asked it). The caller keeps to questions whose answer follows from
 * the node's own subtree and the types of declarations, and reads the node's type from its batch
 * first where a fresh lint would (a node whose type no one asked for has none).
 */
export class CarriedVerdicts<Q extends string> {
  private readonly answers: CarriedAnswers<Verdict<Q>>;
  /** This lint's verdicts (carried ones copied in when first read). */
  private readonly now = new Map<Node, Verdict<Q>>();

  private readonly mayDrop: boolean;

  constructor(fa: FileAnalysis, key: string) {
    this.answers = new CarriedAnswers<Verdict<Q>>(fa, key);
    this.mayDrop = !/\.[cm]?jsx?$/i.test(fa.sourceFile.fileName);
  }

  /** The answer to `question` about `node`: carried, or `compute`d (and kept for the next lint). */
  of(node: Node, question: Q, compute: () => boolean): boolean {
    const verdict = this.verdictOf(node);
    let answer = verdict.answers[question];
    if (answer === undefined) verdict.answers[question] = answer = compute();
    return answer;
  }

  /**
   * Whether the carried answer to `question` about `node` is no (kept for the next lint): phase 1
   * may then skip the node altogether, its type unasked. Never in a JavaScript file, where which
   * types are asked can change the class properties the checker infers (queries.ts `resolve`).
   */
  carriedNo(node: Node, question: Q): boolean {
    if (!this.mayDrop || !(this.now.has(node) || this.answers.carried(node))) return false;
    return this.verdictOf(node).answers[question] === false;
  }

  private verdictOf(node: Node): Verdict<Q> {
    let verdict = this.now.get(node);
    if (!verdict) {
      const carried = this.answers.carried(node);
      // The node's kind is checked: a carried index must name the same node.
      verdict = carried?.kind === node.kind ? { kind: node.kind, answers: { ...carried.answers } } : { kind: node.kind, answers: {} };
      this.now.set(node, verdict);
    }
    return verdict;
  }

  /** After the decisions: this lint's verdicts by unit, for the next lint in the editor. */
  record(): void {
    for (const [node, verdict] of this.now) this.answers.answer(node, verdict);
    this.answers.record();
  }
}

interface Verdict<Q extends string> {
  kind: number;
  answers: Partial<Record<Q, boolean>>;
}

// Which project function a call reaches (its declaration's key), carried in the editor for the
// functions an edit did not touch (engine/unit-carry.ts), so that a rule does not ask the checker
// for the callee's symbol of every call of a large file after each keystroke. The answer follows
// from the call's own syntax, the module bindings and the declarations' types; carried only when
// the edited function's text mentions no `require` or `import` (which could change a binding).
import type { FileAnalysis } from "../rules/rule";
import type { FunctionKey } from "./call-graph";
import { functionUnitsOf, unitHolding, type FunctionUnit } from "./engine/function-units";
import { nodeIndex, type Node } from "./typescript";

/** A call's callee, or null: none (a key may record only nulls: "this call reaches no module export"). */
type Callee = FunctionKey | null;

interface CarriedUnit {
  /** Call node index → callee. */
  calls: [number, Callee][];
}

export class CarriedCallees {
  private readonly units: FunctionUnit[] = [];
  /** By the call's node index in the current tree. */
  private readonly byIndex = new Map<number, Callee>();
  /** This lint's answers, recorded for the next one. */
  private readonly answers = new Map<Node, Callee>();

  constructor(
    private readonly fa: FileAnalysis,
    private readonly key: string,
  ) {
    const plan = fa.unitCarry?.plan<CarriedUnit>(key);
    if (!plan) return;
    if (plan.edited && [plan.edited.before, plan.edited.after].some(t => /\brequire\b|\bimport\b/.test(t))) return;
    plan.units.units.forEach((unit, i) => {
      const data = plan.carried[i];
      if (!data) return;
      const moved: [number, Callee][] = [];
      for (const [index, callee] of data.calls) {
        const now = plan.shift.index(index);
        const key = callee === null ? null : plan.shift.key(callee);
        if (now === undefined || key === undefined) return; // this unit's calls are asked again
        moved.push([now, key]);
      }
      this.units.push(unit);
      for (const [index, callee] of moved) this.byIndex.set(index, callee);
    });
  }

  /** The callee the last lint found for this call (undefined: ask the checker). */
  carried(call: Node): Callee | undefined {
    if (!this.inCarriedUnit(call)) return undefined;
    return this.byIndex.get(nodeIndex(call));
  }

  /** Whether the call lies in a function whose answers were carried: one without an answer got none last time either. */
  inCarriedUnit(call: Node): boolean {
    return this.units.length > 0 && unitHolding(this.units, call.pos, call.end) >= 0;
  }

  /** This lint's answer for a call (carried or asked), for the next lint. */
  answer(call: Node, callee: Callee): void {
    if (this.fa.unitCarry) this.answers.set(call, callee);
  }

  /** Records this lint's answers by unit (calls outside every function are asked each time). */
  record(): void {
    const carry = this.fa.unitCarry;
    if (!carry) return;
    const units = functionUnitsOf(this.fa.sourceFile).units;
    const byUnit: CarriedUnit[] = units.map(() => ({ calls: [] }));
    for (const [call, callee] of this.answers) {
      const i = unitHolding(units, call.pos, call.end);
      if (i >= 0) byUnit[i]!.calls.push([nodeIndex(call), callee]);
    }
    carry.record(this.key, byUnit);
  }
}

// In the editor, the functions an edit did not touch that held no place where work may fan out
// last time are not visited again: their nodes can only give the same answer (phase 1 reads
// their own syntax, the skeleton, the module bindings and the carried type verdicts), and what
// else phase 1 takes from them, the variables made by calls (limiter-variables.ts), is carried as
// a list and put back in document order. Under the guards of engine/unit-carry.ts, and not when
// the edited function's text mentions `require` or `import` (a module binding could change).
import type { Node } from "../../analysis/typescript";
import { functionUnitsOf, unitHolding, type FunctionUnit } from "../../analysis/engine/function-units";
import { editMentions } from "../../analysis/engine/unit-carry";
import type { FileAnalysis } from "../rule";
import type { MadeBy } from "./limiter-variables";

interface UnitRecord {
  /** No fan-out place was noted among its nodes. */
  siteFree: boolean;
  /** Its variables made by calls, in document order. */
  made: MadeBy[];
}

export class SiteFreeUnits {
  /** Units skipped so far, in every file (tests, benchmarks). */
  static skippedUnits = 0;
  /** This lint's units (in the editor), and for each the record of the last lint when it is skipped. */
  private readonly units: readonly FunctionUnit[];
  private readonly skipped: (UnitRecord | undefined)[] = [];
  /** This lint's records of the units it visits. */
  private readonly visited = new Map<number, UnitRecord>();
  /** The next skipped unit whose list is not handed on yet. */
  private next = 0;
  private readonly skippedOrder: number[] = [];

  constructor(
    private readonly fa: FileAnalysis,
    private readonly key: string,
  ) {
    this.units = fa.unitCarry ? functionUnitsOf(fa.sourceFile).units : [];
    const plan = fa.unitCarry?.plan<UnitRecord>(key);
    if (!plan || editMentions(plan)) return;
    this.skipped = plan.carried.map(r => (r?.siteFree ? r : undefined));
    this.skippedOrder = this.skipped.flatMap((r, i) => (r ? [i] : []));
    SiteFreeUnits.skippedUnits += this.skippedOrder.length;
  }

  /** The unit holding a node, -1 outside every function (the units of this lint's tree). */
  unitOf(node: Node): number {
    return this.units.length ? unitHolding(this.units, node.pos, node.end) : -1;
  }

  /** Whether the node lies in a skipped unit. */
  skips(unit: number): boolean {
    return unit >= 0 && this.skipped[unit] !== undefined;
  }

  /**
   * The carried lists of the skipped units that end before `pos` (all of them when undefined),
   * each once: handed on where a visit in document order would have found them.
   */
  madeBefore(pos: number | undefined): MadeBy[] {
    const out: MadeBy[] = [];
    while (this.next < this.skippedOrder.length) {
      const i = this.skippedOrder[this.next]!;
      if (pos !== undefined && this.units[i]!.end > pos) break;
      out.push(...this.skipped[i]!.made);
      this.next++;
    }
    return out;
  }

  /** What visiting a node of a unit found: the variable it makes, whether it noted a place. */
  note(unit: number, made: MadeBy | undefined, noted: boolean): void {
    if (unit < 0) return;
    let r = this.visited.get(unit);
    if (!r) this.visited.set(unit, (r = { siteFree: true, made: [] }));
    if (made) r.made.push(made);
    if (noted) r.siteFree = false;
  }

  /** This lint's records by unit, for the next one (a visited unit none of whose nodes was delivered made nothing and noted nothing). */
  record(): void {
    const carry = this.fa.unitCarry;
    if (!carry) return;
    carry.record(
      this.key,
      this.units.map((_, i) => this.skipped[i] ?? this.visited.get(i) ?? { siteFree: true, made: [] }),
    );
  }
}

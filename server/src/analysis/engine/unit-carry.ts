// Per-function carry-over of a collector's own results in the editor (ARCHITECTURE.md,
// "Per-function reuse"). Where function-reuse.ts carries a rule's *findings*, this carries what
// a call-graph collector worked out about each unchanged function (which calls block, which
// project function a call reaches, ...: answers that cost symbol questions and syntax walks),
// so that after a keystroke only the edited function is classified again; the rule then decides
// on every call as before, so its cross-function questions (callers, start-up paths) see the
// new text. What is carried is data keyed by node indices; `Shift` moves them to the new tree.
//
// Carried only under the guards of `FunctionReuse.plan`: no other file changed since, the same
// skeleton, at most one unit's text changed and it kept its header and states its return type.
// With the same skeleton and units of the same text, every node outside the edited unit is the
// same node, its index moved by the number of nodes the edit added (`Shift.index`).
import type { SourceFile } from "../typescript";
import { editedUnits, functionUnitsOf, type FunctionUnit, type FunctionUnits } from "./function-units";

/** Where a node index or a function key of the last lint is in the current tree. */
export interface Shift {
  /** The node's index now; undefined for a node inside the edited unit (it may be gone). */
  index(index: number): number | undefined;
  /** A function key (`file:index`) now: keys into other files are unchanged. */
  key(key: string): string | undefined;
}

export interface CarryPlan<T> {
  units: FunctionUnits;
  /** Per current unit, the data recorded for it by the last lint (not yet shifted); undefined: compute again. */
  carried: (T | undefined)[];
  shift: Shift;
  /** The edited unit's text before and after (undefined: no unit's text changed). */
  edited?: { before: string; after: string };
}

/**
 * Whether the edited unit's text, before or after the edit, mentions `pattern` (by default a
 * `require` or `import`: a module binding every unit reads may have changed, so nothing that
 * follows from the bindings is carried).
 */
export function editMentions<T>(plan: CarryPlan<T>, pattern = /\brequire\b|\bimport\b/): boolean {
  return !!plan.edited && [plan.edited.before, plan.edited.after].some(t => pattern.test(t));
}

/** One collector's access to its records of this file (see `UnitCarry.forFile`). */
export interface UnitCarryAccess {
  plan<T>(key: string): CarryPlan<T> | undefined;
  record<T>(key: string, dataByUnit: readonly (T | undefined)[]): void;
}

interface Recorded {
  generation: number;
  units: FunctionUnits;
  data: readonly unknown[];
}

/** Files whose records are kept (the editor's open files, most recently linted first). */
const maxFiles = 8;

export class UnitCarry {
  private readonly files = new Map<string, Map<string, Recorded>>();
  /** Units whose data was carried so far, over all collectors (tests, benchmarks). */
  carriedUnits = 0;

  constructor(
    private readonly generation: () => number,
    private readonly changedSince: (generation: number) => ReadonlySet<string> | undefined,
  ) {}

  /** The access a file's analysis hands its collectors (the editor's lint of a TypeScript file only). */
  forFile(fileName: string, sourceFile: SourceFile): UnitCarryAccess {
    return {
      plan: <T>(key: string) => this.plan<T>(fileName, key, functionUnitsOf(sourceFile)),
      record: (key, data) => this.record(fileName, key, functionUnitsOf(sourceFile), data),
    };
  }

  private plan<T>(fileName: string, key: string, now: FunctionUnits): CarryPlan<T> | undefined {
    const last = this.files.get(fileName)?.get(key);
    if (!last) return undefined;
    const changed = this.changedSince(last.generation);
    if (!changed || [...changed].some(f => f !== fileName)) return undefined;
    const edited = editedUnits(last.units, now);
    if (!edited || edited.length > 1) return undefined;
    const before = last.units.units;
    const e = edited[0];
    if (e !== undefined && (before[e]!.header !== now.units[e]!.header || !now.units[e]!.fixedInterface)) return undefined;
    const shift = shiftOf(fileName, before, now.units, e);
    if (!shift) return undefined;
    const carried = now.units.map((_, i) => (i === e ? undefined : (last.data[i] as T | undefined)));
    this.carriedUnits += carried.filter(d => d !== undefined).length;
    return { units: now, carried, shift, ...(e !== undefined ? { edited: { before: before[e]!.text, after: now.units[e]!.text } } : {}) };
  }

  private record(fileName: string, key: string, units: FunctionUnits, data: readonly unknown[]): void {
    let collectors = this.files.get(fileName);
    this.files.delete(fileName); // most recent last
    if (!collectors) collectors = new Map();
    this.files.set(fileName, collectors);
    while (this.files.size > maxFiles) this.files.delete(this.files.keys().next().value!);
    collectors.set(key, { generation: this.generation(), units, data });
  }

  /** The file's records are no longer true (a collector failed on it). */
  forget(fileName: string): void {
    this.files.delete(fileName);
  }
}

/**
 * Where the nodes of the tree cut into `before` are in the tree cut into `now` (the same file),
 * when at most one unit's text changed and the skeleton did not; undefined otherwise. Unlike a
 * carry plan it asks nothing of the edited unit's header: a node's index moves the same.
 */
export function shiftBetween(fileName: string, before: FunctionUnits, now: FunctionUnits): Shift | undefined {
  const edited = editedUnits(before, now);
  if (!edited || edited.length > 1) return undefined;
  return shiftOf(fileName, before.units, now.units, edited[0]);
}

/**
 * Node indices before the edited unit stay; those from the next unit on move by the nodes the
 * edit added; those inside the edited unit, or between it and the next unit, are not carried.
 */
function shiftOf(fileName: string, before: readonly FunctionUnit[], now: readonly FunctionUnit[], e: number | undefined): Shift | undefined {
  let index: (i: number) => number | undefined = i => i;
  if (e !== undefined) {
    const first = before[e]!.index;
    const next = before[e + 1]?.index;
    const delta = next === undefined ? 0 : now[e + 1]!.index - next;
    // The edited unit's own node (its header kept) keeps its index.
    index = i => (i <= first ? i : next !== undefined && i >= next ? i + delta : undefined);
  }
  const prefix = `${fileName}:`;
  // Thousands of carried calls name a few hundred functions: each key is moved once.
  const keys = new Map<string, string | undefined>();
  return {
    index,
    key: k => {
      if (keys.has(k)) return keys.get(k);
      let moved: string | undefined = k;
      if (k.startsWith(prefix) && k.lastIndexOf(":") === prefix.length - 1) {
        const i = index(Number(k.slice(prefix.length)));
        moved = i === undefined ? undefined : `${prefix}${i}`;
      }
      keys.set(k, moved);
      return moved;
    },
  };
}

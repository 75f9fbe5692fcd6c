// A file cut into its outermost functions ("units": methods, function declarations, the
// outermost arrow functions and function expressions) and the rest, its "skeleton" (imports,
// declarations, class headers, fields, top-level statements). The unit of per-function result
// reuse (function-reuse.ts): after a keystroke inside one function, the other units' texts are
// unchanged and so is the skeleton.
import { forEachFunction, type FunctionLike } from "../async-context";
import { lineMapOf } from "../positions";
import { SyntaxKind, nodeIndex, type Node, type SourceFile } from "../typescript";

export interface FunctionUnit {
  /** The node's span, leading trivia included: the nodes of the unit are those within it. */
  pos: number;
  end: number;
  /** Where its first token starts: its text and lines start there (comments before it are skeleton). */
  start: number;
  /** Lines (0-based) of `start` and `end`. */
  startLine: number;
  endLine: number;
  /** The text of the span: the unit's key, whatever its position. */
  text: string;
  /** The text before the body (decorators, modifiers, name, parameters, return type). */
  header: string;
  /**
   * Whether what callers see of it cannot change with its body: a return type written out (or a
   * setter, or a constructor whose class types or initializes every property: nobody reads their
   * return). Otherwise an edit of the body may change the inferred type other functions see.
   */
  fixedInterface: boolean;
  /** Shares a line with another unit or with the skeleton's code: its findings are never reused. */
  sharesLine: boolean;
  /** The function node's index in the file's node table (unit-carry.ts moves indices by it). */
  index: number;
}

export interface FunctionUnits {
  units: FunctionUnit[];
  /** The text outside every unit, each unit replaced by one NUL: equal skeletons, same units in the same places. */
  skeleton: string;
}

const byTree = new WeakMap<SourceFile, FunctionUnits>();

export function functionUnitsOf(sourceFile: SourceFile): FunctionUnits {
  let found = byTree.get(sourceFile);
  if (found) return found;
  const text = sourceFile.text;
  const lines = lineMapOf(text);
  // Found by kind (only functions and their ancestors become objects), parents first in
  // document order: a function inside the last unit's span belongs to it.
  const nodes: FunctionLike[] = [];
  let outerEnd = -1;
  forEachFunction(sourceFile, fn => {
    if (fn.pos < outerEnd) return;
    nodes.push(fn);
    outerEnd = fn.end;
  });
  const units: FunctionUnit[] = [];
  let skeleton = "";
  let last = 0;
  for (const node of nodes) {
    // A declaration without a body (an overload, `declare function`) is skeleton.
    const body = node.body;
    if (!body) continue;
    const returnType = (node as unknown as { type?: Node }).type;
    const start = node.getStart(sourceFile);
    const startLine = lines.rangeAt(start, start).start.line;
    const endLine = lines.rangeAt(node.end, node.end).start.line;
    units.push({
      pos: node.pos,
      end: node.end,
      start,
      startLine,
      endLine,
      text: text.slice(start, node.end),
      header: text.slice(start, body.pos),
      fixedInterface: !!returnType || (node.kind === SyntaxKind.Constructor && !infersFields(node)) || node.kind === SyntaxKind.SetAccessor,
      sharesLine: false,
      index: nodeIndex(node),
    });
    skeleton += `${text.slice(last, start)}\0`;
    last = node.end;
  }
  skeleton += text.slice(last);
  // A unit's lines are its own when no other unit and no skeleton code (only white space) is on its first and last line.
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const before = text.slice(lines.lineStart(u.startLine), u.start);
    const after = text.slice(u.end, lines.nextLineStart(u.endLine));
    if (before.trim() || after.trim()) u.sharesLine = true;
  }
  found = { units, skeleton };
  byTree.set(sourceFile, found);
  return found;
}

/**
 * A constructor whose class declares a property with neither a type nor an initializer: under
 * `noImplicitAny` TypeScript infers that property's type from the constructor's assignments, so
 * an edit of its body can change what the other methods see.
 */
function infersFields(constructor: Node): boolean {
  const members = (constructor.parent as unknown as { members?: readonly Node[] }).members ?? [];
  return members.some(
    m => m.kind === SyntaxKind.PropertyDeclaration && !(m as unknown as { type?: Node }).type && !(m as unknown as { initializer?: Node }).initializer,
  );
}

/**
 * Which units' texts differ between two cuttings of a file (the last lint's and this one's), by
 * index; undefined when the skeletons differ (the units are then not the same units). Worked out
 * once per pair: every collector carrying results and every function-scoped rule asks it after a
 * keystroke, and each comparison reads the whole text.
 */
export function editedUnits(before: FunctionUnits, now: FunctionUnits): readonly number[] | undefined {
  let byNow = comparisons.get(before);
  if (!byNow) comparisons.set(before, (byNow = new WeakMap()));
  let edited = byNow.get(now);
  if (edited === undefined) {
    edited = null;
    if (before.skeleton === now.skeleton && before.units.length === now.units.length) {
      edited = [];
      for (let i = 0; i < before.units.length; i++) if (before.units[i]!.text !== now.units[i]!.text) edited.push(i);
    }
    byNow.set(now, edited);
  }
  return edited ?? undefined;
}

const comparisons = new WeakMap<FunctionUnits, WeakMap<FunctionUnits, number[] | null>>();

/** The index of the unit whose span holds [pos, end), by binary search; -1 when none does. */
export function unitHolding(units: readonly { pos: number; end: number }[], pos: number, end: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid]!;
    if (u.end <= pos) lo = mid + 1;
    else if (u.pos > pos) hi = mid - 1;
    else return end <= u.end ? mid : -1;
  }
  return -1;
}

// Per-function result reuse in the editor (ARCHITECTURE.md, "Per-function reuse"). A rule whose
// `scope` is "function" promises that its findings inside a unit (an outermost function:
// function-units.ts) follow from that unit's own nodes, the skeleton (the file outside every
// unit), the types of declarations and nothing else. After a keystroke inside one unit, its
// findings in every other unit are those of the last lint, moved by the lines the edit added or
// removed; the engine then shows that rule only the edited unit's nodes and the skeleton's.
//
// Reused only when nothing else can have changed them (`plan`): the same rule settings, no other
// file changed since, the same skeleton (so a syntax error's recovery stayed inside the edited
// unit), at most one unit's text changed, and
// that unit kept its header and states its return type (an inferred one could change what
// other functions' types are). A rule that reads call-graph summaries is not reused at all (the
// summaries of the edited function may change; see ARCHITECTURE.md). A recorded finding with a
// position in or next to the edited unit is computed again with its unit.
import type { Finding, Range } from "../findings";
import { editedUnits, type FunctionUnit, type FunctionUnits } from "./function-units";

/** What one lint of a function-scoped rule takes from the last: units whose nodes it skips, and their findings. */
export interface ReusePlan {
  /** Units whose nodes the rule is not shown, in document order (disjoint: see `unitHolding`). */
  skip: FunctionUnit[];
  /** Their findings of the last lint, positions moved. */
  reused: Finding[];
}

interface Recorded {
  generation: number;
  units: FunctionUnits;
  /** Per unit, the rule's findings that start in it; undefined for a unit never reused (sharing a line). */
  findings: (Finding[] | undefined)[];
}

/** Files whose records are kept (the editor's open files, most recently linted first). */
const maxFiles = 8;

export class FunctionReuse {
  private readonly files = new Map<string, Map<string, Recorded>>();
  /** Units whose findings were reused so far, over all rules (tests, benchmarks). */
  reusedUnits = 0;

  /**
   * What this lint of the rule (`ruleKey`: its id, settings and what the file's analysis says
   * about the file's package) may reuse; undefined: run it on the whole file.
   */
  plan(fileName: string, ruleKey: string, now: FunctionUnits, changedSince: (generation: number) => ReadonlySet<string> | undefined): ReusePlan | undefined {
    const last = this.files.get(fileName)?.get(ruleKey);
    if (!last) return undefined;
    // Types and summaries come from the other files too: only this file may have changed.
    const changed = changedSince(last.generation);
    if (!changed || [...changed].some(f => f !== fileName)) return undefined;
    const edited = editedUnits(last.units, now);
    if (!edited || edited.length > 1) return undefined;
    const before = last.units.units;
    let moved: Mover = range => range;
    if (edited.length === 1) {
      const old = before[edited[0]!]!;
      const cur = now.units[edited[0]!]!;
      if (old.header !== cur.header || !cur.fixedInterface) return undefined;
      const delta = cur.endLine - cur.startLine - (old.endLine - old.startLine);
      // Positions on the edited unit's lines may have moved within the line, or be gone.
      moved = range =>
        range.end.line < old.startLine
          ? range
          : range.start.line > old.endLine
            ? {
                start: { line: range.start.line + delta, character: range.start.character },
                end: { line: range.end.line + delta, character: range.end.character },
              }
            : undefined;
    }
    const plan: ReusePlan = { skip: [], reused: [] };
    for (let i = 0; i < now.units.length; i++) {
      if (edited.includes(i) || now.units[i]!.sharesLine) continue;
      const findings = last.findings[i];
      if (!findings) continue;
      const shifted = findings.map(f => moveFinding(f, fileName, moved));
      if (shifted.some(f => !f)) continue;
      plan.skip.push(now.units[i]!);
      plan.reused.push(...(shifted as Finding[]));
    }
    this.reusedUnits += plan.skip.length;
    return plan;
  }

  /** The rule's findings of this lint (before suppressions), by unit, for the next lint. */
  record(fileName: string, ruleKey: string, units: FunctionUnits, generation: number, findings: readonly Finding[]): void {
    let rules = this.files.get(fileName);
    this.files.delete(fileName); // most recent last
    if (!rules) rules = new Map();
    this.files.set(fileName, rules);
    while (this.files.size > maxFiles) this.files.delete(this.files.keys().next().value!);
    const byUnit: (Finding[] | undefined)[] = units.units.map(u => (u.sharesLine ? undefined : []));
    for (const f of findings) {
      const i = unitOnLine(units.units, f.range.start.line);
      if (i >= 0) byUnit[i]?.push(f);
    }
    rules.set(ruleKey, { generation, units, findings: byUnit });
  }

  /** The rule's records of the file are no longer true (it crashed on the file, or asked for a call graph). */
  forget(fileName: string, ruleKey?: string): void {
    if (ruleKey === undefined) this.files.delete(fileName);
    else this.files.get(fileName)?.delete(ruleKey);
  }
}

/** A range's new place; undefined when it cannot be told. */
type Mover = (range: Range) => Range | undefined;

/** The finding with every position in its own file moved; undefined when one cannot be. */
function moveFinding(f: Finding, fileName: string, move: Mover): Finding | undefined {
  const here = (name: string, range: Range) => (name === fileName ? move(range) : range);
  const range = here(f.fileName, f.range);
  if (!range) return undefined;
  const related = f.related.map(r => ({ ...r, range: here(r.fileName, r.range) }));
  if (related.some(r => !r.range)) return undefined;
  const fixes = f.fixes.map(fix => ({ ...fix, edits: fix.edits.map(e => ({ ...e, range: here(e.fileName, e.range) })) }));
  if (fixes.some(fix => fix.edits.some(e => !e.range))) return undefined;
  let subject = f.subject;
  if (subject?.declaration) {
    const declared = here(subject.declaration.fileName, subject.declaration.range);
    if (!declared) return undefined;
    subject = { ...subject, declaration: { ...subject.declaration, range: declared } };
  }
  return { ...f, range, related: related as Finding["related"], fixes: fixes as Finding["fixes"], ...(subject ? { subject } : {}) };
}

/** The unit whose lines hold `line`, by binary search; -1 when none. */
function unitOnLine(units: readonly FunctionUnit[], line: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid]!;
    if (u.endLine < line) lo = mid + 1;
    else if (u.startLine > line) hi = mid - 1;
    else return mid;
  }
  return -1;
}

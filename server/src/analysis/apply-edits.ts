// Applying fixes to text: what "fix all" in the editor and the rule tests' `output` do. Fixes
// whose edits overlap an earlier-chosen fix are left for a later pass, as ESLint does.
import type { Finding, Position, TextEdit } from "./findings";

export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

/** Applies edits to one file's text. Edits must not overlap. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  // Applied from the end backwards; inserts at one point are applied last-first, so they end up
  // in the order given.
  const spans = edits.map((e, index) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText, index }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/**
 * The edits of every finding's preferred fix (first fix when none is marked) for one file,
 * skipping fixes that overlap ones already taken. Identical edits (the same import added by
 * two fixes) are taken once.
 */
export function combinePreferredFixes(text: string, fileName: string, findings: readonly Finding[]): TextEdit[] {
  const taken: { start: number; end: number; key: string }[] = [];
  const out: TextEdit[] = [];
  for (const f of findings) {
    const fix = f.fixes.find(x => x.isPreferred) ?? f.fixes[0];
    if (!fix || fix.edits.some(e => e.fileName !== fileName)) continue;
    const spans = fix.edits.map(e => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), key: `${e.range.start.line}:${e.range.start.character}:${e.range.end.line}:${e.range.end.character}:${e.newText}`, edit: e }));
    const fresh = spans.filter(s => !taken.some(t => t.key === s.key));
    const overlaps = fresh.some(s => taken.some(t => s.start < t.end && t.start < s.end));
    if (overlaps) continue;
    for (const s of fresh) { taken.push(s); out.push(s.edit); }
  }
  return out;
}

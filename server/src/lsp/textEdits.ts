// Text arithmetic for fixes: applying Loopscope's edits to a string, and turning "before/after"
// into the one smallest edit an editor applies (keeps cursors and markers outside the change).
import type { Range, TextEdit } from "../analysis/findings";
import { insideCrlf, lineMapOf } from "../analysis/positions";

export { eolOf } from "../analysis/positions";

/** Applies non-overlapping edits (LSP's rule; overlapping ones throw, as in an editor). */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, "range" | "newText">[]): string {
  const lines = lineMapOf(text);
  const spans = edits
    .map((e, order) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText, order }))
    .map(e => (e.end < e.start ? { ...e, start: e.end, end: e.start } : e))
    .sort((a, b) => a.start - b.start || a.order - b.order);
  let out = "";
  let at = 0;
  for (const e of spans) {
    if (e.start < at) throw new Error("Overlapping edit");
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept), or undefined when equal. */
export function minimalEdit(before: string, after: string): { range: Range; newText: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a surrogate pair: an edit boundary inside one would corrupt the character.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
    endBefore++;
    endAfter++;
  }
  // Nor a "\r\n": no LSP position lies between its two characters.
  if (insideCrlf(before, start)) start--;
  if (insideCrlf(before, endBefore)) {
    endBefore++;
    endAfter++;
  }
  return { range: lineMapOf(before).rangeAt(start, endBefore), newText: after.slice(start, endAfter) };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

export function comparePositions(a: Range["start"], b: Range["start"]): number {
  return a.line - b.line || a.character - b.character;
}

/** True when the two edits' ranges share text, or both insert at the same point (their order would be ambiguous). */
export function rangesConflict(a: Range, b: Range): boolean {
  if (isEmpty(a) && isEmpty(b)) return comparePositions(a.start, b.start) === 0;
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

export function rangesIntersect(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

const isEmpty = (r: Range) => comparePositions(r.start, r.end) === 0;

export function lineText(text: string, line: number): string {
  return lineMapOf(text).lineText(line);
}

export function lineIndent(text: string, line: number): string {
  return /^[ \t]*/.exec(lineText(text, line))![0];
}

// Text arithmetic for fixes: applying Loopscope's edits to a string, and turning "before/after"
// into the one smallest edit an editor applies (keeps cursors and markers outside the change).
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Range, TextEdit } from "../analysis/findings";

export function applyEdits(text: string, edits: readonly Pick<TextEdit, "range" | "newText">[]): string {
  return TextDocument.applyEdits(TextDocument.create("memory://fix", "typescript", 0, text), edits.map(e => ({ range: e.range, newText: e.newText })));
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept), or undefined when equal. */
export function minimalEdit(before: string, after: string): { range: Range; newText: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) { endBefore--; endAfter--; }
  // Never split a surrogate pair: an edit boundary inside one would corrupt the character.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) { endBefore++; endAfter++; }
  const doc = TextDocument.create("memory://fix", "typescript", 0, before);
  return { range: { start: doc.positionAt(start), end: doc.positionAt(endBefore) }, newText: after.slice(start, endAfter) };
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

/** The end-of-line sequence a file uses, so inserted lines match it. */
export function eolOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

export function lineText(text: string, line: number): string {
  const doc = TextDocument.create("memory://fix", "typescript", 0, text);
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, "");
}

export function lineIndent(text: string, line: number): string {
  return /^[ \t]*/.exec(lineText(text, line))![0];
}

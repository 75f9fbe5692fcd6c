// Positions as LSP defines them: lines end at CR, LF or CRLF only (U+2028/U+2029 are ordinary
// characters), characters are UTF-16 code units. Every range the harness checks or sends goes
// through here, never through a parser's idea of lines.
import type { Position, Range } from "vscode-languageserver-protocol";

/** Offsets where each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* CR */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* LF */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Length of each line's content, its line break excluded. */
export function lineLengths(text: string): number[] {
  const starts = lineStarts(text);
  return starts.map((start, i) => {
    if (i + 1 >= starts.length) return text.length - start;
    const next = starts[i + 1]!;
    const breakLength = text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 ? 2 : 1;
    return next - breakLength - start;
  });
}

export function positionAt(text: string, offset: number, starts = lineStarts(text)): Position {
  let lo = 0,
    hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo]! };
}

/** The offset of a position that is inside the document (see rangeProblem). */
export function offsetAt(text: string, position: Position, starts = lineStarts(text)): number {
  return starts[position.line]! + position.character;
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** Why a range is not inside the document, or undefined when it is. */
export function rangeProblem(text: string, range: Range, lengths = lineLengths(text)): string | undefined {
  for (const [name, p] of [
    ["start", range.start],
    ["end", range.end],
  ] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return `${name} ${JSON.stringify(p)} is not a position`;
    if (p.line >= lengths.length) return `${name} line ${p.line} is past the last line (${lengths.length} lines)`;
    if (p.character > lengths[p.line]!) return `${name} character ${p.character} is past the end of line ${p.line} (${lengths[p.line]} characters)`;
  }
  if (before(range.end, range.start)) return `end ${JSON.stringify(range.end)} is before start ${JSON.stringify(range.start)}`;
  return undefined;
}

export function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** A range clamped into the document (replayed requests after the text was shrunk). */
export function clampRange(text: string, range: Range): Range {
  const lengths = lineLengths(text);
  const clamp = (p: Position): Position => {
    const line = Math.min(Math.max(0, p.line), lengths.length - 1);
    return { line, character: Math.min(Math.max(0, p.character), lengths[line]!) };
  };
  const start = clamp(range.start),
    end = clamp(range.end);
  return before(end, start) ? { start: end, end: start } : { start, end };
}

/** The whole document. */
export function fullRange(text: string): Range {
  const lengths = lineLengths(text);
  return { start: { line: 0, character: 0 }, end: { line: lengths.length - 1, character: lengths[lengths.length - 1]! } };
}

/**
 * The one-range change that turns `from` into `to` (common prefix and suffix kept), as an editor
 * sends it. Never splits a CRLF or a surrogate pair: an editor's ranges do not.
 */
export function singleChange(from: string, to: string): { range: Range; text: string } {
  let prefix = 0;
  const max = Math.min(from.length, to.length);
  while (prefix < max && from.charCodeAt(prefix) === to.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)) suffix++;
  const splits = (text: string, at: number) =>
    at > 0 &&
    at < text.length &&
    ((text.charCodeAt(at - 1) === 13 && text.charCodeAt(at) === 10) || (isHigh(text.charCodeAt(at - 1)) && isLow(text.charCodeAt(at))));
  while (prefix > 0 && (splits(from, prefix) || splits(to, prefix))) prefix--;
  while (suffix > 0 && (splits(from, from.length - suffix) || splits(to, to.length - suffix))) suffix--;
  const starts = lineStarts(from);
  return {
    range: { start: positionAt(from, prefix, starts), end: positionAt(from, from.length - suffix, starts) },
    text: to.slice(prefix, to.length - suffix),
  };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

// Offsets ↔ positions: the one place that knows what a line is. Everything that turns an offset
// into a line/character (findings, fixes, suppressions, code actions, the CLI's line:column)
// goes through here, so the editor, the CLI and the suppression comments agree.
//
// Lines are the editor's (LSP 3.17): they end at "\n", "\r\n" or "\r", and characters count
// UTF-16 code units. TypeScript also ends lines at U+2028 and U+2029 (JavaScript's line
// terminators), so its own `getLineAndCharacterOfPosition` is never used: in a file with one of
// those, every line after it would be off by one in the editor.
import type { Node, SourceFile } from "./typescript";
import type { Position, Range } from "./findings";

const LF = 10;
const CR = 13;

/** Line breaks as LSP counts them (U+2028/U+2029 are not). */
const lspBreaks = ["\n", "\r"];
/** JavaScript's line terminators (see isJavaScriptLineTerminator). */
const javaScriptBreaks = ["\n", "\r", "\u2028", "\u2029"];
const isLineBreak = (code: number): boolean => code === LF || code === CR;

/**
 * Where each line starts, for a given notion of line break (`breaks`: its characters; "\r\n"
 * counts once). Each break character is found with indexOf (a native scan) instead of reading
 * every character here: a file is read once per break character, most of them not present at all.
 */
function lineStartsOf(text: string, breaks: readonly string[]): number[] {
  const starts = [0];
  const next = breaks.map(b => text.indexOf(b));
  for (;;) {
    let at = -1;
    for (const n of next) if (n >= 0 && (at < 0 || n < at)) at = n;
    if (at < 0) break;
    const end = text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
    starts.push(end);
    for (let k = 0; k < next.length; k++) if (next[k]! >= 0 && next[k]! < end) next[k] = text.indexOf(breaks[k]!, end);
  }
  return starts;
}

/**
 * The values computed for the last few texts, least recently used dropped first. Texts are
 * compared by content (a file's text may come back as another string with the same characters).
 */
class RecentByText<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  get(text: string, compute: () => T): T {
    let value = this.entries.get(text);
    if (value !== undefined) {
      this.entries.delete(text); // re-inserted last: the most recently used
    } else {
      value = compute();
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(text, value);
    return value;
  }
}

/** One text's line starts, for many conversions. Out-of-range input is clamped as LSP's TextDocument does. */
export class LineMap {
  /** Offset of each line's first character; `starts[0]` is 0. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    this.starts = lineStartsOf(text, lspBreaks);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0,
      hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    // An offset inside the line break (between "\r" and "\n") is the end of the line.
    return { line: lo, character: Math.min(at, this.contentEnd(lo)) - this.starts[lo]! };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line]!;
    return Math.min(start + Math.max(0, position.character), this.contentEnd(position.line));
  }

  rangeAt(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset of the line's first character. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** Offset of the line's line break (the text's length on the last line). */
  contentEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    let end = next;
    while (end > this.starts[line]! && isLineBreak(this.text.charCodeAt(end - 1))) end--;
    return end;
  }

  /** Offset of the next line's first character (the text's length on the last line). */
  nextLineStart(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
  }

  /** The line's text without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.contentEnd(line));
  }
}

// Recent maps, the most recently used kept: one lint converts many ranges of the same few texts
// (the file, the files its related locations point into, the project files whose call-graph facts
// it computes, which come back for every file that calls into them), and a code action request
// converts its document's ranges.
const recentMaps = new RecentByText<LineMap>(16);
export function lineMapOf(text: string): LineMap {
  return recentMaps.get(text, () => new LineMap(text));
}

/** The line break a file uses (its first one), so inserted lines match it; "\n" when it has none. */
export function eolOf(text: string): "\n" | "\r\n" | "\r" {
  // Asked once per fix: the last answer is kept (a file with no line break is scanned whole).
  if (text === lastEol.text) return lastEol.eol;
  let eol: "\n" | "\r\n" | "\r" = "\n";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF) break;
    if (code === CR) {
      eol = text.charCodeAt(i + 1) === LF ? "\r\n" : "\r";
      break;
    }
  }
  lastEol.text = text;
  lastEol.eol = eol;
  return eol;
}
const lastEol: { text: string | undefined; eol: "\n" | "\r\n" | "\r" } = { text: undefined, eol: "\n" };

/** Offset where the line containing `offset` starts (a scan back, for one-off questions). */
export function lineStartAt(text: string, offset: number): number {
  let i = Math.max(0, Math.min(offset, text.length));
  // Inside "\r\n" counts as the end of the line the "\r" ends.
  if (i > 0 && i < text.length && text.charCodeAt(i) === LF && text.charCodeAt(i - 1) === CR) i--;
  while (i > 0 && !isLineBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Offset of the line break ending the line that contains `offset` (the text's length on the last line). */
export function lineEndAt(text: string, offset: number): number {
  let i = lineStartAt(text, offset);
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
  return i;
}

/** True between the "\r" and the "\n" of a "\r\n", where no LSP position lies. */
export const insideCrlf = (text: string, offset: number): boolean => offset > 0 && text.charCodeAt(offset - 1) === CR && text.charCodeAt(offset) === LF;

/** Offset just after the line break at `offset` (CRLF counts once); `offset` when there is none. */
export function afterLineBreak(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  if (code === CR) return text.charCodeAt(offset + 1) === LF ? offset + 2 : offset + 1;
  return code === LF ? offset + 1 : offset;
}

/** Rewrites the bare "\n"s a fix writes to the file's own line break ("\r\n" already in the text stays). */
export function withEol(newText: string, eol: string): string {
  return eol === "\n" || !newText.includes("\n") ? newText : newText.replace(/\r?\n/g, eol);
}

/**
 * The JavaScript line (ended by "\n", "\r\n", "\r", U+2028 or U+2029) around `offset`, without its
 * terminator. For questions about the code's layout as JavaScript, formatters and ESLint see it
 * (indentation, which comment an ESLint directive applies to); never for positions.
 */
export function javaScriptLineAt(text: string, offset: number): { start: number; end: number } {
  let start = Math.max(0, Math.min(offset, text.length));
  while (start > 0 && !isJavaScriptLineTerminator(text.charCodeAt(start - 1))) start--;
  let end = start;
  while (end < text.length && !isJavaScriptLineTerminator(text.charCodeAt(end))) end++;
  return { start, end };
}

/** A text's JavaScript lines (see javaScriptLineAt), for many layout questions about one file. */
export class JavaScriptLines {
  private readonly starts: number[];

  constructor(readonly text: string) {
    this.starts = lineStartsOf(text, javaScriptBreaks);
  }

  /** The 0-based JavaScript line holding `offset`. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Where the line starts. */
  lineStart(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  /** The line's text without its terminator. */
  lineText(line: number): string {
    const { start, end } = javaScriptLineAt(this.text, this.starts[line] ?? this.text.length);
    return this.text.slice(start, end);
  }
}

const recentJavaScriptLines = new RecentByText<JavaScriptLines>(4);
/** A text's JavaScript lines, shared by the questions about the same few texts (see lineMapOf). */
export function javaScriptLinesOf(text: string): JavaScriptLines {
  return recentJavaScriptLines.get(text, () => new JavaScriptLines(text));
}

/** The spaces and tabs that start the JavaScript line containing `offset` (code added above it gets the same). */
export function indentAt(text: string, offset: number): string {
  offset = Math.max(0, Math.min(offset, text.length));
  // Between the CR and the LF of a CRLF: an empty line, as javaScriptLineAt sees it.
  if (offset > 0 && text.charCodeAt(offset - 1) === CR && text.charCodeAt(offset) === LF) return "";
  // Many questions about one huge line (thousands of findings on it): the line starts are found once per text.
  const lines = javaScriptLinesOf(text);
  const start = lines.lineStart(lines.lineAt(offset));
  let end = start;
  while (end < text.length && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
  return text.slice(start, end);
}

/**
 * `code` (a node's text) one indentation level further in, for a fix that moves it into a new
 * block: every line after the first gets `unit` more. A template literal's lines are its content
 * and would change: then the text is kept as it is.
 */
export function indentedFurther(code: string, unit: string): string {
  return code.includes("`") ? code : code.replace(/(\r\n|[\n\r\u2028\u2029])(?![\r\n\u2028\u2029])/g, `$1${unit}`);
}

/** One indentation level in the style of `indent` (a line's leading whitespace): a tab, or two spaces. */
export function indentUnitOf(indent: string): string {
  return /^\t/.test(indent) ? "\t" : "  ";
}

/** Where the JavaScript line break just before `offset` starts (`offset` when there is none). */
export function beforeJavaScriptLineBreak(text: string, offset: number): number {
  if (offset >= 2 && text.charCodeAt(offset - 1) === LF && text.charCodeAt(offset - 2) === CR) return offset - 2;
  return offset > 0 && isJavaScriptLineTerminator(text.charCodeAt(offset - 1)) ? offset - 1 : offset;
}

/** "\n", "\r", U+2028 or U+2029: where JavaScript ends a line (and a line comment or a string). */
export const isJavaScriptLineTerminator = (code: number): boolean => isLineBreak(code) || code === 0x2028 || code === 0x2029;

export function rangeOf(sourceFile: SourceFile, node: Node): Range {
  return spanRange(sourceFile, node.getStart(sourceFile), node.end);
}

// Per syntax tree: finding a text among the recent ones compares strings, and two different
// strings of the same length (two versions of a file, a file open twice) are compared whole,
// which per range of a 1 MB file with thousands of syntax errors or findings took seconds.
const bySourceFile = new WeakMap<SourceFile, LineMap>();

export function spanRange(sourceFile: SourceFile, start: number, end: number): Range {
  let map = bySourceFile.get(sourceFile);
  if (!map) bySourceFile.set(sourceFile, (map = lineMapOf(sourceFile.text)));
  return map.rangeAt(start, end);
}

/** `file.ts:12` (1-based), for messages and related information. */
export function shortLocation(fileName: string, line0: number): string {
  return `${fileName.slice(fileName.lastIndexOf("/") + 1)}:${line0 + 1}`;
}

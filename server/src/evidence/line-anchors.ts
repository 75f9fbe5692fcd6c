// Evidence stays on the code it was observed on while the file is edited. Each observed line is
// anchored to its text in the file as it ran; every new text of the file is compared with the
// previous one (same lines at the start and at the end: an edit between them), lines after the
// edit move with it, and a line whose text is no longer the same (edited, deleted, or the file
// rewritten) loses its evidence: a stale "blocked 400 ms" on other code would be a lie.
import { LineMap } from "../analysis/positions";
import type { LineObservation } from "./run-evidence";

export interface AnchoredLine {
  /** 0-based line in the current text. */
  line: number;
  /** The line's text, trimmed, as it ran. */
  text: string;
  observation: LineObservation;
}

/** Where the old text's lines are in the new one: `undefined` for lines the edit replaced. */
function lineMapping(before: LineMap, after: LineMap): (line: number) => number | undefined {
  const n = before.lineCount,
    m = after.lineCount;
  let prefix = 0;
  while (prefix < n && prefix < m && before.lineText(prefix) === after.lineText(prefix)) prefix++;
  let suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && before.lineText(n - 1 - suffix) === after.lineText(m - 1 - suffix)) suffix++;
  const shift = m - n;
  return line => (line < prefix ? line : line >= n - suffix ? line + shift : undefined);
}

export class AnchoredFile {
  private current: LineMap;
  private anchors: AnchoredLine[];

  /** `text`: the file as it ran (read from disk when the trace was read). Lines past its end or blank are not anchored. */
  constructor(text: string, observations: Iterable<LineObservation>) {
    this.current = new LineMap(text);
    this.anchors = [];
    for (const observation of observations) {
      const line = observation.line - 1;
      if (line >= this.current.lineCount) continue;
      const lineText = this.current.lineText(line).trim();
      if (lineText) this.anchors.push({ line, text: lineText, observation });
    }
  }

  get lines(): readonly AnchoredLine[] {
    return this.anchors;
  }

  /** The file's text is now `text` (an edit, or the editor's unsaved text): moves or drops the anchors. */
  follow(text: string): void {
    if (text === this.current.text) return;
    const next = new LineMap(text);
    const map = lineMapping(this.current, next);
    const kept: AnchoredLine[] = [];
    for (const anchor of this.anchors) {
      const line = map(anchor.line);
      if (line === undefined || next.lineText(line).trim() !== anchor.text) continue;
      kept.push({ ...anchor, line });
    }
    this.anchors = kept;
    this.current = next;
  }

  /** The line's code, from its first non-blank character to its end (0-based positions). */
  codeRange(line: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
    const text = this.current.lineText(line);
    const indent = text.length - text.trimStart().length;
    return { start: { line, character: indent }, end: { line, character: text.trimEnd().length } };
  }

  at(line: number): AnchoredLine | undefined {
    return this.anchors.find(a => a.line === line);
  }
}

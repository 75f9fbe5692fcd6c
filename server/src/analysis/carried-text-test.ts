// Whole-text tests carried over edits (issue 15). Some rules ask whether a file's text matches a
// pattern anywhere (a case-insensitive list of words: 2 ms on a 4,700-line file, every
// keystroke). After an edit, the answer can change only where the text changed: an old match
// that lies, with its context, in the unchanged start or end of the text is still there, and a
// new match must overlap the changed part. So only a window around the change is searched; the
// whole text only when that window matches or the old match was in the changed part.
//
// Sound for patterns whose matches are at most `span` characters long and whose matching at a
// place depends on no character more than `span` away (literal words and alternations of them,
// with \b or short lookarounds): not for unbounded repetitions such as `\s*` or `.*`.

interface Last {
  text: string;
  /** The first match found in `text` (any match will do for the next edit), or undefined: none. */
  match: { start: number; end: number } | undefined;
}

/** Files remembered per pattern (the editor's open files). */
const maxFiles = 8;
const byPattern = new Map<RegExp, Map<string, Last>>();

/** Whether `text` (the current text of `fileName`) matches `pattern` (not global or sticky): see the header for `span`. */
export function textMatchesCarried(fileName: string, text: string, pattern: RegExp, span: number): boolean {
  let files = byPattern.get(pattern);
  if (!files) byPattern.set(pattern, (files = new Map()));
  const last = files.get(fileName);
  const match = last ? carriedMatch(last, text, pattern, span) : firstMatch(text, pattern);
  files.delete(fileName);
  files.set(fileName, { text, match });
  if (files.size > maxFiles) files.delete(files.keys().next().value!);
  return match !== undefined;
}

function firstMatch(text: string, pattern: RegExp): Last["match"] {
  const m = pattern.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

function carriedMatch(last: Last, text: string, pattern: RegExp, span: number): Last["match"] {
  if (last.text === text) return last.match;
  const { prefix, suffix } = commonEnds(last.text, text);
  const shift = text.length - last.text.length;
  if (last.match) {
    // The old match, with `span` characters either side, is in the unchanged start or end.
    if (last.match.end + span <= prefix) return last.match;
    if (last.match.start - span >= last.text.length - suffix) return { start: last.match.start + shift, end: last.match.end + shift };
    return firstMatch(text, pattern);
  }
  // No old match: a new one overlaps the change or its `span` context, so it lies within 2 spans
  // of it; one more span keeps its own context inside the window, where it matches as in the text.
  const from = Math.max(0, prefix - 3 * span);
  const to = Math.min(text.length, text.length - suffix + 3 * span);
  // A match in the window may be an artefact of its cut edges: the whole text decides.
  return pattern.test(text.slice(from, to)) ? firstMatch(text, pattern) : undefined;
}

/** The last two texts compared: each pattern of the same file compares the same two after an edit. */
let lastEnds: { a: string; b: string; ends: { prefix: number; suffix: number } } | undefined;

/** How many characters two texts share at their start, and then at their end (not overlapping the start). */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  if (lastEnds && lastEnds.a === a && lastEnds.b === b) return lastEnds.ends;
  const ends = compareEnds(a, b);
  lastEnds = { a, b, ends };
  return ends;
}

function compareEnds(a: string, b: string): { prefix: number; suffix: number } {
  const n = Math.min(a.length, b.length);
  // Compared in blocks first (a slice compare is a memory compare), then character by character.
  const block = 4096;
  let prefix = 0;
  while (prefix + block <= n && a.slice(prefix, prefix + block) === b.slice(prefix, prefix + block)) prefix += block;
  while (prefix < n && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  const most = n - prefix;
  let suffix = 0;
  while (suffix + block <= most && a.slice(a.length - suffix - block, a.length - suffix) === b.slice(b.length - suffix - block, b.length - suffix))
    suffix += block;
  while (suffix < most && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

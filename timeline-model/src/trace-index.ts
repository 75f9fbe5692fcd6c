// Where each event of a trace file's text is, without parsing the whole file: a big report's
// page draws from its embedded snapshot, then needs only the events the user hovers or clicks.
// `JSON.parse` of a 190 MB trace froze the page for seconds and built a million objects; this
// scans the text in slices between frames (no freeze) and parses one event when it is asked for.
// The indices are those of `JSON.parse(text).traceEvents` (or of the bare array form).

const QUOTE = 34,
  BACKSLASH = 92,
  COMMA = 44;
const OPEN_OBJECT = 123,
  CLOSE_OBJECT = 125,
  OPEN_ARRAY = 91,
  CLOSE_ARRAY = 93;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export class TraceEventIndex {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private pos = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private topIsObject = false;
  /** Where the top-level key being read starts, and the last one read. */
  private keyStart = -1;
  private lastKey: string | undefined;
  private expectingKey = false;
  /** Depth of the events array's elements (0 until it is found), whether we are in it, where its current element began. */
  private eventsDepth = 0;
  private inEvents = false;
  private elementStart = -1;
  private eventsClosed = false;
  /** Open brackets (their closing character), to tell a mismatched bracket from a well-formed file. */
  private readonly open: number[] = [];
  private mismatched = false;

  constructor(private readonly text: string) {}

  /** Events found so far (all of them once `done`). */
  get count(): number {
    return this.starts.length;
  }
  /** The whole text has been scanned. */
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  /** Scanned, and well formed as far as brackets go: the events array closed, every bracket matched. */
  get complete(): boolean {
    return this.done && this.eventsClosed && this.depth === 0 && !this.inString && !this.mismatched;
  }

  /** Scans up to `budget` more characters; true when the whole text has been scanned. */
  scan(budget: number): boolean {
    const text = this.text;
    const end = Math.min(text.length, this.pos + budget);
    let i = this.pos;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyStart >= 0) {
            this.lastKey = text.slice(this.keyStart, i);
            this.keyStart = -1;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.inEvents && this.depth === this.eventsDepth && this.elementStart < 0 && c !== COMMA && c !== CLOSE_ARRAY) this.elementStart = i;
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && this.topIsObject && this.expectingKey) {
            this.keyStart = i + 1;
            this.expectingKey = false;
          }
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          if (this.depth === 0) {
            this.topIsObject = c === OPEN_OBJECT;
            this.expectingKey = this.topIsObject;
            if (!this.topIsObject) {
              this.inEvents = true;
              this.eventsDepth = 1;
            }
          } else if (this.depth === 1 && this.topIsObject && c === OPEN_ARRAY && this.lastKey === "traceEvents" && !this.eventsDepth) {
            this.inEvents = true;
            this.eventsDepth = 2;
          }
          this.depth++;
          this.open.push(c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY);
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.open.pop() !== c) this.mismatched = true;
          this.depth--;
          if (this.inEvents && this.depth === this.eventsDepth && this.elementStart >= 0) this.push(i + 1);
          else if (this.inEvents && this.depth === this.eventsDepth - 1) {
            // The events array itself closed (after a last element that was not an object or array).
            if (this.elementStart >= 0) this.push(trimEnd(text, i));
            this.inEvents = false;
            this.eventsClosed = true;
          }
          break;
        case COMMA:
          if (this.inEvents && this.depth === this.eventsDepth && this.elementStart >= 0) this.push(trimEnd(text, i));
          if (this.depth === 1 && this.topIsObject) {
            this.expectingKey = true;
            this.lastKey = undefined;
          }
          break;
      }
    }
    this.pos = i;
    return this.done;
  }

  /** The event at `index` (parsed from its text), or undefined when there is none or it is not JSON. */
  event(index: number): unknown {
    if (!(index >= 0 && index < this.starts.length)) return undefined;
    try {
      return JSON.parse(this.text.slice(this.starts[index], this.ends[index]));
    } catch {
      return undefined;
    }
  }

  private push(end: number): void {
    this.starts.push(this.elementStart);
    this.ends.push(end);
    this.elementStart = -1;
  }
}

/** Where a scalar element ends: before the whitespace in front of `at`. */
function trimEnd(text: string, at: number): number {
  let end = at;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

// Reads a trace file's text in chunks, never as one string: an 8-hour trace is larger than
// V8's longest string (512 MiB), and `JSON.parse` of one needs it whole. The scanner follows
// strings and brackets only; each element of the events array (and each other member of the top
// object) is parsed on its own, then the whole is validated as `validateTrace` does, so a file
// reads the same in chunks as in one piece. A file cut off while it was written is salvaged up to
// its last complete event when asked, as `parseTraceText` does. No runtime dependencies.
import { parseTraceText, validateTrace, type TraceCheck } from "./trace-validate";

/** Text that does not start as an object or array is no trace: kept (up to this much) only to say what it is, as `parseTraceText` does. */
const MAX_OTHER_CHARS = 1024 * 1024;

const QUOTE = 34,
  BACKSLASH = 92,
  OPEN_OBJ = 123,
  CLOSE_OBJ = 125,
  OPEN_ARR = 91,
  CLOSE_ARR = 93,
  COMMA = 44;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** How many backslashes stand right before `end`, not looking before `from`. */
function backslashesBefore(text: string, end: number, from: number): number {
  let n = 0;
  while (end - n - 1 >= from && text.charCodeAt(end - n - 1) === BACKSLASH) n++;
  return n;
}

export interface TraceStreamOptions {
  salvageTruncated?: boolean;
  /**
   * Keeps only the events this returns true for (each already parsed, not yet validated): a reader
   * that needs a few kinds of event (the editor's runtime evidence: blocks and requests) holds
   * those, not a long run's millions of counters.
   */
  keepEvent?: (value: unknown) => boolean;
  /**
   * A quick look at an event object's text before it is parsed: false skips it unparsed (it must
   * then be one `keepEvent` rejects). Parsing is most of a read: a reader of a few kinds skips the rest.
   */
  mayKeep?: (text: string) => boolean;
}

export class TraceTextStream {
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  private top = 0;
  /** Stack depth just inside the events array, -1 outside it. */
  private eventsDepth = -1;
  private eventsSeen = false;
  private done = false;
  private error: string | undefined;
  /** Text of the element or member being read: earlier chunks' pieces, and where it starts in this chunk (-1: none). */
  private pieces: string[] = [];
  private start = -1;
  private readonly raw: unknown[] = [];
  /** Elements of the events array read, kept or not. */
  private entries = 0;
  private readonly members: Record<string, unknown> = {};
  private chars = 0;
  private lastCompleteEventEnd = -1;
  private nonSpace = false;
  /** The text, when it does not start with `{` or `[`. */
  private other: string[] | undefined;
  private otherChars = 0;

  constructor(private readonly options: TraceStreamOptions = {}) {}

  /** Feeds the next chunk of text. */
  write(chunk: string): void {
    if (this.error) return;
    if (this.other) {
      this.keepOther(chunk);
      return;
    }
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        // Most of a trace is strings: jump to the closing quote, the one not escaped by an odd run of backslashes.
        let q = chunk.indexOf('"', i);
        while (q >= 0 && backslashesBefore(chunk, q, i) % 2 === 1) q = chunk.indexOf('"', q + 1);
        if (q < 0) {
          this.escaped = backslashesBefore(chunk, chunk.length, i) % 2 === 1;
          i = chunk.length - 1;
          continue;
        }
        this.inString = false;
        i = q;
        continue;
      }
      if (isSpace(c)) continue;
      this.nonSpace = true;
      if (this.stack.length === 0 && !this.done && c !== OPEN_OBJ && c !== OPEN_ARR) {
        this.other = [];
        this.keepOther(chunk);
        return;
      }
      if (this.done) {
        this.fail(`The trace file is not valid JSON: unexpected text after the end of the trace (at character ${this.chars + i}).`);
        return;
      }
      if (c === QUOTE) {
        this.inString = true;
        continue;
      }
      if (c === OPEN_OBJ || c === OPEN_ARR) {
        if (this.stack.length === 0) {
          this.top = c;
          this.stack.push(c);
          if (c === OPEN_ARR) {
            this.eventsDepth = 1;
            this.eventsSeen = true;
          }
          this.begin(i + 1);
          continue;
        }
        if (this.stack.length === 1 && this.top === OPEN_OBJ && c === OPEN_ARR && !this.eventsSeen && /^\s*"traceEvents"\s*:\s*$/.test(this.text(chunk, i))) {
          this.stack.push(c);
          this.eventsDepth = 2;
          this.eventsSeen = true;
          this.begin(i + 1);
          continue;
        }
        this.stack.push(c);
        continue;
      }
      if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        const open = this.stack.pop();
        if (open === undefined || (c === CLOSE_OBJ) !== (open === OPEN_OBJ)) {
          this.fail(`The trace file is not valid JSON: a mismatched "${String.fromCharCode(c)}" at character ${this.chars + i}.`);
          return;
        }
        if (this.eventsDepth > 0 && this.stack.length === this.eventsDepth - 1) {
          this.element(chunk, i);
          this.eventsDepth = -1;
          if (this.stack.length === 1) this.begin(i + 1); // the rest of the member (nothing) up to the next comma
        } else if (this.stack.length === 0) {
          if (this.top === OPEN_OBJ) this.member(chunk, i);
          this.done = true;
        }
        if (this.error) return;
        continue;
      }
      if (c === COMMA) {
        if (this.eventsDepth > 0 && this.stack.length === this.eventsDepth) {
          this.element(chunk, i);
          this.begin(i + 1);
        } else if (this.stack.length === 1 && this.top === OPEN_OBJ) {
          this.member(chunk, i);
          this.begin(i + 1);
        }
        if (this.error) return;
      }
    }
    if (this.start >= 0) {
      this.pieces.push(chunk.slice(this.start));
      this.start = 0;
    }
    this.chars += chunk.length;
  }

  /** The trace, validated; call once, after the last chunk. */
  end(): TraceCheck {
    if (this.error) return { ok: false, error: this.error };
    if (this.other) return parseTraceText(this.other.join(""), this.options);
    if (!this.nonSpace) return { ok: false, error: "The trace file is empty." };
    if (this.stack.length) {
      const where = `it ends in the middle of the JSON after ${this.chars} characters`;
      if (!this.options.salvageTruncated || this.eventsDepth < 0 || this.lastCompleteEventEnd < 0) {
        return { ok: false, error: `The trace file is truncated: ${where} (was the program or recorder stopped while writing it?).` };
      }
      const result = this.validate();
      if (!result.ok) return result;
      result.warnings.unshift(`The trace file is truncated (${where}); showing the ${result.events.length} complete events before the cut.`);
      return { ...result, truncated: { keptChars: this.lastCompleteEventEnd, totalChars: this.chars } };
    }
    return this.validate();
  }

  private validate(): TraceCheck {
    if (this.top === OPEN_ARR) return validateTrace(this.raw);
    if (!this.eventsSeen) return validateTrace(this.members);
    return validateTrace({ ...this.members, traceEvents: this.raw });
  }

  private keepOther(chunk: string): void {
    this.otherChars += chunk.length;
    if (this.otherChars > MAX_OTHER_CHARS) {
      this.fail("The trace file is not valid JSON: it does not start with { or [.");
      return;
    }
    this.other!.push(chunk);
  }

  private fail(message: string): void {
    this.error ??= message;
  }

  private begin(at: number): void {
    this.pieces = [];
    this.start = at;
  }

  private text(chunk: string, end: number): string {
    return this.pieces.join("") + chunk.slice(Math.max(0, this.start), end);
  }

  private element(chunk: string, end: number): void {
    const text = this.text(chunk, end).trim();
    this.start = -1;
    this.pieces = [];
    if (!text) return;
    // Brackets and strings are already known to balance; an object skipped unparsed may still hold
    // a bad token (`{oops}`), a reader of a few kinds accepts that. Anything else is parsed (and fails).
    if (this.options.mayKeep && text.charCodeAt(0) === OPEN_OBJ && !this.options.mayKeep(text)) {
      this.entries++;
      this.lastCompleteEventEnd = this.chars + end;
      return;
    }
    try {
      const value: unknown = JSON.parse(text);
      this.entries++;
      if (!this.options.keepEvent || this.options.keepEvent(value)) this.raw.push(value);
      this.lastCompleteEventEnd = this.chars + end;
    } catch (error) {
      this.fail(`The trace file is not valid JSON: ${error instanceof Error ? error.message : String(error)} (in entry ${this.entries} of "traceEvents").`);
    }
  }

  private member(chunk: string, end: number): void {
    const text = this.text(chunk, end).trim();
    this.start = -1;
    this.pieces = [];
    if (!text) return;
    try {
      Object.assign(this.members, JSON.parse(`{${text}}`));
    } catch (error) {
      this.fail(`The trace file is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }
}

/** Parses and validates a trace from its text in chunks (`parseTraceText` for text too big to be one string). */
export function parseTraceChunks(chunks: Iterable<string>, options: { salvageTruncated?: boolean } = {}): TraceCheck {
  const stream = new TraceTextStream(options);
  for (const chunk of chunks) stream.write(chunk);
  return stream.end();
}

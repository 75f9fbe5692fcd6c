// positions.ts against LSP's reference implementation (vscode-languageserver-textdocument, what
// the server's documents and every LSP client count): the same position for every offset and
// the same offset for every position, on texts mixing every line break.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  afterLineBreak,
  eolOf,
  indentAt,
  javaScriptLineAt,
  javaScriptLinesOf,
  LineMap,
  lineEndAt,
  lineMapOf,
  lineStartAt,
  spanRange,
  withEol,
} from "../../server/src/analysis/positions";
import type { SourceFile } from "../../server/src/analysis/typescript";
import { commentRemoval } from "../../server/src/analysis/suppressions";

const pieces = ["a", "bc", " ", "\t", "\n", "\r", "\r\n", "\u2028", "\u2029", "😀", "\r\r\n", "\n\r"];

/** A small deterministic generator (mulberry32), so a failure names a reproducible text. */
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function texts(count: number): string[] {
  const next = random(16);
  const out = ["", "\n", "\r", "\r\n", "\u2028", "x\r\ny", "x\ry\nz\r\n"];
  while (out.length < count) {
    let text = "";
    const length = Math.floor(next() * 14);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
    out.push(text);
  }
  return out;
}

test("LineMap gives LSP's position for every offset and LSP's offset for every position (out of range clamped the same way)", () => {
  for (const text of texts(400)) {
    const doc = TextDocument.create("file:///t.ts", "typescript", 0, text);
    const map = new LineMap(text);
    assert.equal(map.lineCount, doc.lineCount, JSON.stringify(text));
    for (let offset = -1; offset <= text.length + 1; offset++) {
      assert.deepEqual(map.positionAt(offset), doc.positionAt(offset), `positionAt(${offset}) in ${JSON.stringify(text)}`);
    }
    for (let line = -1; line <= doc.lineCount + 1; line++) {
      for (let character = -1; character <= text.length + 1; character++) {
        assert.equal(map.offsetAt({ line, character }), doc.offsetAt({ line, character }), `offsetAt(${line}:${character}) in ${JSON.stringify(text)}`);
      }
    }
  }
});

test("line starts and ends found by scanning agree with the map, for every offset", () => {
  for (const text of texts(300)) {
    const map = new LineMap(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const { line } = map.positionAt(offset);
      assert.equal(lineStartAt(text, offset), map.lineStart(line), `lineStartAt(${offset}) in ${JSON.stringify(text)}`);
      assert.equal(lineEndAt(text, offset), map.contentEnd(line), `lineEndAt(${offset}) in ${JSON.stringify(text)}`);
      assert.equal(afterLineBreak(text, map.contentEnd(line)), map.nextLineStart(line));
    }
  }
});

test("U+2028 and U+2029 are not line breaks (LSP), though they end JavaScript lines", () => {
  const text = "a\u2028b\u2029c\nd";
  assert.deepEqual(new LineMap(text).positionAt(text.indexOf("c")), { line: 0, character: 4 });
  assert.deepEqual(new LineMap(text).positionAt(text.indexOf("d")), { line: 1, character: 0 });
  assert.deepEqual(javaScriptLineAt(text, text.indexOf("b")), { start: 2, end: 3 });
  assert.equal(indentAt("x\u2028  y", 5), "  ", "indentation is the JavaScript line's");
});

test("eolOf: the file's first line break; '\\n' when the editor sees none", () => {
  assert.equal(eolOf("a\r\nb\nc"), "\r\n");
  assert.equal(eolOf("a\rb\r\n"), "\r");
  assert.equal(eolOf("a\nb\r\n"), "\n");
  assert.equal(eolOf("a\u2028b"), "\n");
  assert.equal(eolOf(""), "\n");
});

test("withEol writes added lines in the file's line break and leaves the file's own text alone", () => {
  assert.equal(withEol("a\nb\r\nc", "\r\n"), "a\r\nb\r\nc");
  assert.equal(withEol("a\nb", "\r"), "a\rb");
  assert.equal(withEol("a\nb\r\n", "\n"), "a\nb\r\n");
});

test("commentRemoval: own line with its line break, trailing comment with its blanks, block comment before code, U+2028 ends", () => {
  const remove = (text: string, comment: string) => {
    const start = text.indexOf(comment);
    const { start: from, end: to } = commentRemoval(text, start, start + comment.length);
    return text.slice(0, from) + text.slice(to);
  };
  const c = "// loopscope-ignore-next-line r";
  assert.equal(remove(`a();\r  ${c}\rexport function g() {\r}`, c), "a();\rexport function g() {\r}", "lone CR: the comment's line goes, the code stays");
  assert.equal(remove(`a();\r\n${c}\r\nb();\r\n`, c), "a();\r\nb();\r\n");
  assert.equal(remove(`a();\n${c}`, c), "a();\n", "last line without a line break");
  assert.equal(remove(`a(); ${c}  \nb();`, c), "a();\nb();");
  assert.equal(remove(`  /* loopscope-ignore-next-line r */  b();\n`, "/* loopscope-ignore-next-line r */"), "  b();\n");
  assert.equal(
    remove(`a();\u2028${c}\u2028export function g() {}`, c),
    "a();\u2028export function g() {}",
    "a comment on its own JavaScript line takes its U+2028 along",
  );
  assert.equal(remove(`a(); ${c}\u2029b();`, c), "a();\u2029b();", "a trailing comment leaves the U+2029 that ends its code's line");
  assert.equal(remove(`${c}\u2028f();`, c), "f();");
});

test("indentAt (line starts found once per text) answers as the line javaScriptLineAt gives, at every offset and every terminator", () => {
  const text = "\tа = 1;\r\n  b();\r    c();\n\u2028 \t d();\u2029e\r\n\r\n   ";
  for (const other of [text, "x\n  y", text]) {
    for (let offset = 0; offset <= other.length + 1; offset++) {
      const { start, end } = javaScriptLineAt(other, offset);
      assert.equal(indentAt(other, offset), /^[ \t]*/.exec(other.slice(start, end))![0], `${JSON.stringify(other)} at ${offset}`);
    }
  }
  // Thousands of questions about one huge line stay linear.
  const huge = "  " + "f(); ".repeat(50_000);
  const started = performance.now();
  for (let offset = 0; offset < huge.length; offset += 5) assert.equal(indentAt(huge, offset), "  ");
  assert.ok(performance.now() - started < 2000, `${Math.round(performance.now() - started)} ms`);
});

test("lineMapOf and javaScriptLinesOf keep the most recently used texts' maps while other texts come and go (a lint visits many files and comes back to its own)", () => {
  const own = "const a = 1;\r\nconst b = 2;\u2028c\n";
  const others = Array.from({ length: 6 }, (_, i) => `// other file ${i}\nexport const x${i} = ${i};\n`);
  const map = lineMapOf(own);
  const lines = javaScriptLinesOf(own);
  for (const other of others) {
    lineMapOf(other);
    javaScriptLinesOf(other);
    assert.equal(lineMapOf(own), map, "the text in use stays mapped");
    assert.equal(javaScriptLinesOf(own), lines);
  }
  assert.equal(lineMapOf(own.slice(0)), map, "found by content, not by string identity");
  assert.deepEqual(map.positionAt(own.indexOf("c\n")), { line: 1, character: 13 }, "U+2028 is no LSP line break");
  assert.equal(lines.lineAt(own.indexOf("c\n")), 2, "it ends a JavaScript line");
});

test("many ranges of one syntax tree cost next to nothing, also while another text of the same length is among the recent ones", () => {
  // The same 1 MB text in two strings (a file open twice, under two names): equal strings that
  // are not the same string are compared whole, so a lookup of the text per range took seconds
  // for a file with thousands of syntax errors.
  const text = 'let x = "\uFFFD";\n'.repeat(100_000);
  lineMapOf(Buffer.from(text, "utf8").toString("utf8"));
  const sourceFile = { text } as unknown as SourceFile;
  let started = performance.now();
  new LineMap(text);
  const oneMapMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < 20_000; i++) spanRange(sourceFile, i * 13, i * 13 + 3);
  const rangesMs = performance.now() - started;
  assert.deepEqual(spanRange(sourceFile, 22, 25), { start: { line: 1, character: 9 }, end: { line: 1, character: 12 } });
  // One lookup of the text and 20,000 binary searches: a few maps' time; a text comparison per range is thousands (28 s).
  assert.ok(rangesMs < 20 * oneMapMs + 200, `20,000 ranges took ${rangesMs.toFixed(0)} ms, one line map ${oneMapMs.toFixed(1)} ms`);
});

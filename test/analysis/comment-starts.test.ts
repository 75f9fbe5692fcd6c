// Suppression comments are read from the text; text that only looks like a comment (inside a
// string, a template or a regular expression) must not suppress anything or be reported unused.
import assert from "node:assert/strict";
import { test } from "node:test";
import { commentStarts } from "../../server/src/analysis/comment-starts";
import { parseSuppressions } from "../../server/src/analysis/suppressions";

const startsOf = (text: string) => [...commentStarts(text)].map(i => text.slice(i, i + 4));

test("line and block comments are found, with code around them", () => {
  const text = "a(); // one\nb(/* two */ 1);\n/** three */\n";
  assert.deepEqual(startsOf(text), ["// o", "/* t", "/** "]);
});

test("comment-like text in strings, templates and regular expressions is not a comment", () => {
  const cases = [
    `const s = "// loopscope-ignore-next-line";`,
    `const s = '/* loopscope-ignore-file */';`,
    "const t = `// ${x} loopscope-ignore-next-line`;",
    "const t = `a ${ { k: `// nested` }.k } // still template`;",
    `const r = /\\/\\/ loopscope-ignore/;`,
    `const r = /[/]/.test(x) ? "//" : '//';`,
    `return /\\/*/g;`,
    `const url = "http://example.com/*.js";`,
  ];
  for (const text of cases) assert.deepEqual(startsOf(text), [], text);
});

test("division is not a regular expression: a comment after it is found", () => {
  const text = "const half = total / 2; const q = a / b; // real\n";
  assert.deepEqual(startsOf(text), ["// r"]);
});

test("escaped quotes and a template's closing substitution don't end the scan early", () => {
  const text = "const a = 'it\\'s // no'; const b = `x${y}z`; // yes\n";
  assert.deepEqual(startsOf(text), ["// y"]);
});

test("an unterminated string ends at the line break, so the next line's comment still counts", () => {
  const text = "const a = 'broken\n// loopscope-ignore-next-line floating-promise\nf();\n";
  assert.equal(parseSuppressions(text).length, 1);
});

test("suppressions are parsed only from real comments", () => {
  const text = [
    `const doc = "// loopscope-ignore-next-line floating-promise";`,
    "const tpl = `/* loopscope-ignore-file */`;",
    "// loopscope-ignore-next-line blocking-call-in-async -- start-up only",
    "readFileSync(p);",
  ].join("\n");
  const found = parseSuppressions(text);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]!.rules, ["blocking-call-in-async"]);
  assert.equal(found[0]!.line, 2);
});

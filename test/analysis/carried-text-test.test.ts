// Whole-text tests carried over edits (analysis/carried-text-test.ts): after any sequence of
// edits, the carried answer equals a fresh search of the whole text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { commonEnds, textMatchesCarried } from "../../server/src/analysis/carried-text-test";

const words = /SIGTERM|beforeExit|graceful/i;

test("commonEnds finds the shared start and end, never overlapping", () => {
  assert.deepEqual(commonEnds("abcdef", "abXdef"), { prefix: 2, suffix: 3 });
  assert.deepEqual(commonEnds("aaaa", "aaaaa"), { prefix: 4, suffix: 0 });
  assert.deepEqual(commonEnds("", "x"), { prefix: 0, suffix: 0 });
  const big = "x".repeat(10_000);
  assert.deepEqual(commonEnds(`${big}a${big}`, `${big}bc${big}`), { prefix: 10_000, suffix: 10_000 });
});

test("a carried whole-text test answers as a fresh search after every edit", () => {
  // Deterministic pseudo-random edits that insert, delete and replace pieces of the words.
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const pieces = ["SIG", "TERM", "sigterm", " ", "graceful", "grace", "ful", "beforeExit", "x", "\n", "before", "Exit"];
  const filler = "let a = 1;\n".repeat(2_000);
  let text = filler;
  for (let i = 0; i < 600; i++) {
    const at = random(text.length + 1);
    const cut = random(3) === 0 ? random(12) : 0;
    text = text.slice(0, at) + (random(4) === 0 ? "" : pieces[random(pieces.length)]!) + text.slice(at + cut);
    // Now and then a match far from everything else is removed again, or the text starts over.
    if (random(50) === 0) text = filler;
    assert.equal(textMatchesCarried("/p/a.ts", text, words, 16), words.test(text), `edit ${i}`);
  }
});

test("files are carried apart", () => {
  assert.equal(textMatchesCarried("/p/one.ts", "process.on('SIGTERM')", words, 16), true);
  assert.equal(textMatchesCarried("/p/two.ts", "nothing here", words, 16), false);
  assert.equal(textMatchesCarried("/p/one.ts", "process.on('SIGTERM');", words, 16), true);
  assert.equal(textMatchesCarried("/p/two.ts", "nothing here either", words, 16), false);
  assert.equal(textMatchesCarried("/p/one.ts", "process.on('SIGTER');", words, 16), false);
});

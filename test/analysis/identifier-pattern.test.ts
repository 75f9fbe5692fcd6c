// Names found in code go into text searches: a method named by a string (`'*='(a, b) {}`, seen
// in a real code base's query language) made missing-timeout and unbounded-concurrency fail on
// the whole file with "Invalid regular expression".
import { test } from "node:test";
import assert from "node:assert/strict";
import { identifierPattern } from "../../server/src/analysis/syntax";

test("identifierPattern makes any name a literal in a regular expression", () => {
  for (const name of ["*=", "a$b", "$", "x.y", "(x)", "[a]", "a|b", "a+", "{n}", "\\", "^a", "a/b", "a-b", "plain"]) {
    const pattern = new RegExp(`(?<![\\w$.])${identifierPattern(name)}\\s*\\(`);
    assert.ok(pattern.test(`call ${name}(1)`), `${name} matches itself`);
    assert.ok(!pattern.test(`call ${name.replace(/./g, "z")}(1)`) || name === "z", `${name} matches nothing else`);
  }
});

// The config's `ignore` globs: .gitignore's conventions (any depth without a `/`, anchored with
// one, folders cover what is beneath, `!` re-includes) plus braces, classes and Windows paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ignoreMatcher } from "../../server/src/config/glob";

function check(globs: string[], cases: Record<string, boolean>, windows = false): void {
  const ignored = ignoreMatcher(globs, { windows });
  for (const [path, expected] of Object.entries(cases)) {
    assert.equal(ignored(path), expected, `${JSON.stringify(globs)} on ${path}${windows ? " (windows)" : ""}`);
  }
}

test("the patterns README.md shows", () => {
  check(["dist/**", "**/*.generated.ts"], {
    "dist/a.js": true,
    "dist/deep/b.ts": true,
    "src/dist/a.ts": false,
    "src/api.generated.ts": true,
    "api.generated.ts": true,
    "src/api.ts": false,
  });
});

test("a pattern without a slash matches at any depth; one with a slash is tied to the config's folder", () => {
  check(["*.gen.ts"], { "a.gen.ts": true, "src/deep/a.gen.ts": true, "a.ts": false });
  check(["fixtures"], { "fixtures/a.ts": true, "test/fixtures/a.ts": true, "fixtures2/a.ts": false });
  check(["src/legacy"], { "src/legacy/a.ts": true, "lib/src/legacy/a.ts": false });
  check(["/top.ts"], { "top.ts": true, "sub/top.ts": false });
  check(["./build/**"], { "build/a.js": true, "x/build/a.js": false });
});

test("a trailing slash ignores the folder and everything beneath it, at any depth", () => {
  check(["out/"], { "out/a.ts": true, "out/x/y.ts": true, "pkg/out/a.ts": true, "outer/a.ts": false });
});

test("braces, classes and extglobs", () => {
  check(["*.{js,cjs}"], { "a.js": true, "lib/a.cjs": true, "a.ts": false, "a.mjs": false });
  check(["gen/v[0-9]/**"], { "gen/v1/a.ts": true, "gen/vx/a.ts": false });
  check(["gen/v[[:digit:]]/**"], { "gen/v7/a.ts": true, "gen/vx/a.ts": false });
  check(["**/*.+(spec|test).ts"], { "a.spec.ts": true, "x/a.test.ts": true, "a.ts": false });
});

test("negation: a later `!pattern` re-includes, and the last matching pattern wins", () => {
  check(["generated/**", "!generated/keep.ts"], { "generated/a.ts": true, "generated/keep.ts": false });
  check(["!generated/keep.ts", "generated/**"], { "generated/keep.ts": true });
  check(["**/*.ts", "!src/**", "src/vendor/**"], { "lib/a.ts": true, "src/a.ts": false, "src/vendor/v.ts": true });
});

test("dot files match `*` as any other name", () => {
  check(["*.config.js"], { ".eslintrc.config.js": true });
  check(["**/*.js"], { ".hidden/a.js": true });
});

test("Windows: backslashes separate folders in the tested path, and case does not matter", () => {
  check(
    ["dist/**", "*.{js,cjs}", "!keep.js"],
    {
      "dist\\a.ts": true,
      "src\\dist\\a.ts": false,
      "lib\\x.cjs": true,
      "DIST\\A.TS": true,
      "keep.js": false,
      "src\\a.ts": false,
    },
    true,
  );
  // On POSIX a backslash is part of a name, never a separator.
  check(["dist/**"], { "dist\\a.ts": false });
});

test("an empty pattern ignores nothing", () => {
  check([""], { "a.ts": false, "src/a.ts": false });
});

// The compiler's syntax errors that do not stop Node from loading a JavaScript file are dropped;
// TypeScript's own are kept (runtime-syntax.ts). The CLI's end-to-end case is in lint-cli.test.ts.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { runtimeSyntaxErrors, sourceGoal } from "../../server/src/analysis/runtime-syntax";

const at = (text: string, needle: string) => {
  const pos = text.indexOf(needle);
  assert.ok(pos >= 0, needle);
  return { pos, end: pos + needle.length };
};

describe("sourceGoal", () => {
  test("by extension, then module syntax, then the package's type", () => {
    assert.equal(sourceGoal("/p/a.ts", false, undefined), "typescript");
    assert.equal(sourceGoal("/p/a.cts", false, undefined), "typescript");
    assert.equal(sourceGoal("/p/a.tsx", false, undefined), "typescript");
    assert.equal(sourceGoal("/p/a.mjs", false, "commonjs"), "module");
    assert.equal(sourceGoal("/p/a.cjs", true, "module"), "script");
    assert.equal(sourceGoal("/p/a.js", true, undefined), "module");
    assert.equal(sourceGoal("/p/a.js", false, "module"), "module");
    assert.equal(sourceGoal("/p/a.js", false, "commonjs"), "script");
    assert.equal(sourceGoal("/p/a.jsx", false, undefined), "script");
  });
});

describe("runtimeSyntaxErrors", () => {
  const closure = `/**\n * @typedef {function(Error, any)} Callback\n */\nmodule.exports = 1;\n`;
  const octal = `var s = "a\\1b";\nmodule.exports = s;\n`;

  test("TypeScript files keep every diagnostic", () => {
    const d = [at(closure, "(Error")];
    assert.deepEqual(runtimeSyntaxErrors("typescript", closure, d), d);
  });

  test("inside a JSDoc comment: dropped, in scripts and modules", () => {
    assert.deepEqual(runtimeSyntaxErrors("script", closure, [at(closure, "(Error")]), []);
    assert.deepEqual(runtimeSyntaxErrors("module", closure, [at(closure, "(Error")]), []);
  });

  test("after a closed JSDoc comment: not inside it", () => {
    const text = `/** ok */\nvar s = "a\\1b";\n`;
    const d = [at(text, "\\1")];
    assert.deepEqual(runtimeSyntaxErrors("module", text, d), d);
  });

  test("a sloppy script V8 compiles has none; a strict one, or a real mistake, keeps them", () => {
    assert.deepEqual(runtimeSyntaxErrors("script", octal, [at(octal, "\\1")]), []);
    const strict = `"use strict";\n${octal}`;
    assert.equal(runtimeSyntaxErrors("script", strict, [at(strict, "\\1")]).length, 1);
    const broken = `let x = ;\n`;
    assert.equal(runtimeSyntaxErrors("script", broken, [at(broken, ";")]).length, 1);
  });

  test("a module's strict-mode grammar stands (Node refuses it too)", () => {
    assert.equal(runtimeSyntaxErrors("module", octal, [at(octal, "\\1")]).length, 1);
  });

  test("the script is compiled, never run", () => {
    const text = `globalThis.__ranRuntimeSyntax = true;\nvar s = "\\1";\n`;
    assert.deepEqual(runtimeSyntaxErrors("script", text, [at(text, "\\1")]), []);
    assert.equal((globalThis as { __ranRuntimeSyntax?: boolean }).__ranRuntimeSyntax, undefined);
  });
});

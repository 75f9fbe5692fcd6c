import { test } from "node:test";
import assert from "node:assert/strict";
import { translateTsconfig, stripJsonComments } from "../../server/src/analysis/typescript";

test("removed options are translated to their closest supported setting, with notes", () => {
  const r = translateTsconfig(
    `{ "compilerOptions": { "moduleResolution": "Node", "module": "CommonJS", "target": "ES5", "baseUrl": "./src", "out": "x.js" } }`,
  )!;
  const options = JSON.parse(r.text).compilerOptions;
  assert.deepEqual(options, { moduleResolution: "bundler", module: "preserve", target: "es2015", paths: { "*": ["./src/*"] } });
  assert.equal(r.notes.length, 5);
});

test("supported configs and unreadable text are left alone", () => {
  assert.equal(translateTsconfig(`{ "compilerOptions": { "moduleResolution": "nodenext", "module": "nodenext" } }`), undefined);
  assert.equal(translateTsconfig(`{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }`), undefined);
  assert.equal(translateTsconfig(`{ not json`), undefined);
  // A value that is also a member of Object's prototype is just an unknown value (TypeScript reports it).
  assert.equal(translateTsconfig(`{ "compilerOptions": { "moduleResolution": "constructor" } }`), undefined);
});

test("JSONC comments and trailing commas are read; strings keep their slashes", () => {
  assert.deepEqual(JSON.parse(stripJsonComments(`{\n // c\n "a": "http://x/*y*/", /* b */ "b": [1,],\n}`)), { a: "http://x/*y*/", b: [1] });
});

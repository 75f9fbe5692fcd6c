// Which classes of an installed package make their EventEmitter with `captureRejections`, read from
// its JavaScript (promise-in-void-callback: a package's `.d.ts` has no constructor bodies).
import { test } from "node:test";
import assert from "node:assert/strict";
import { capturingClassNames, installedPackageRoot } from "../../server/src/analysis/package-emitters";

test("the package root of a file under node_modules, scoped or not; none outside", () => {
  assert.equal(installedPackageRoot("/p/node_modules/discord.js/typings/index.d.ts"), "/p/node_modules/discord.js");
  assert.equal(installedPackageRoot("/p/node_modules/a/node_modules/@s/b/dist/x.d.ts"), "/p/node_modules/a/node_modules/@s/b");
  assert.equal(installedPackageRoot("/p/src/x.d.ts"), undefined);
  assert.equal(installedPackageRoot("/p/node_modules/x.d.ts"), undefined);
});

test("a class whose constructor passes the option in place, also spread, shorthand or minified", () => {
  const names = capturingClassNames([
    "class BaseClient extends EventEmitter {\n  constructor(options = {}) {\n    super({ captureRejections: true });\n  }\n}\nclass Client extends BaseClient {}\n",
    "class Spread extends EventEmitter { constructor(o) { super({ ...o, captureRejections: true }); } }",
    "class Short extends EventEmitter { constructor(captureRejections) { super({ captureRejections }); } }",
    "class Min extends events_1.EventEmitter{constructor(){super({captureRejections:!0})}}",
  ]);
  assert.deepEqual([...names].sort(), ["BaseClient", "Min", "Short", "Spread"]);
});

test("no literal option, the option false, or a name another file declares without it: not capturing", () => {
  const names = capturingClassNames([
    "class Handed extends EventEmitter { constructor(options) { super(options); } }",
    "class Off extends EventEmitter { constructor() { super({ captureRejections: false }); } }",
    "class OffMin extends EventEmitter{constructor(){super({captureRejections:!1})}}",
    "class Twice extends EventEmitter { constructor() { super({ captureRejections: true }); } }",
    "class Twice extends EventEmitter { constructor() { super(); } }",
    "const captureRejections = true;\nclass Later extends EventEmitter { constructor() { super(); } }",
  ]);
  assert.deepEqual([...names], []);
});

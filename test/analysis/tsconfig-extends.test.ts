// Circular tsconfig `extends`, found before the compiler sees them (its API deadlocks on them).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  ExtendsCycleGuard,
  describeExtendsCycle,
  findExtendsCycle,
  resolveExtends,
  withoutExtends,
} from "../../server/src/analysis/typescript/tsconfig-extends";
import { repoRoot } from "../helpers/built";

let root: string;
const write = (rel: string, value: unknown) => {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
};
before(() => {
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  root = mkdtempSync(join(repoRoot, "test/.tmp", "extends-"));
});
after(() => rmSync(root, { recursive: true, force: true }));

const chainOf = (file: string) => findExtendsCycle(file)?.chain.map(f => f.slice(root.length + 1));

test("a config that extends itself, directly or without the .json", () => {
  assert.deepEqual(chainOf(write("self/tsconfig.json", { extends: "./tsconfig.json" })), ["self/tsconfig.json", "self/tsconfig.json"]);
  assert.deepEqual(chainOf(write("self2/tsconfig.json", `{\n  // JSONC\n  "extends": "./tsconfig",\n}`)), ["self2/tsconfig.json", "self2/tsconfig.json"]);
});

test("a longer cycle, through an array, not through the root", () => {
  write("ring/a.json", { extends: ["./b.json"] });
  write("ring/b.json", { extends: "../ring/a" });
  const root2 = write("ring/tsconfig.json", { extends: ["./ok.json", "./a.json"] });
  write("ring/ok.json", { compilerOptions: { strict: true } });
  assert.deepEqual(chainOf(root2), ["ring/tsconfig.json", "ring/a.json", "ring/b.json", "ring/a.json"]);
});

test("diamonds and missing files are not cycles", () => {
  write("diamond/base.json", {});
  write("diamond/left.json", { extends: "./base.json" });
  write("diamond/right.json", { extends: "./base.json" });
  assert.equal(
    findExtendsCycle(write("diamond/tsconfig.json", { extends: ["./left.json", "./right.json", "./missing.json", "some-missing-package"] })),
    undefined,
  );
  assert.equal(findExtendsCycle(write("plain/tsconfig.json", `{ "compilerOptions": { "strict": true } }`)), undefined);
  assert.equal(findExtendsCycle(write("broken/tsconfig.json", `{ "extends": "./tsconfig.json"`)), undefined, "unreadable: the compiler reports it");
});

test("package specifiers resolve like TypeScript: exports, the tsconfig field, tsconfig.json, subpaths, scoped names, symlinked workspaces", () => {
  const from = join(root, "pkgs/app");
  write("pkgs/node_modules/@scope/cfg/package.json", { name: "@scope/cfg", exports: { ".": { types: "./base.json" }, "./presets/*": "./presets/*.json" } });
  write("pkgs/node_modules/@scope/cfg/base.json", {});
  write("pkgs/node_modules/@scope/cfg/presets/strict.json", {});
  write("pkgs/node_modules/field/package.json", { name: "field", tsconfig: "./configs/main.json" });
  write("pkgs/node_modules/field/configs/main.json", {});
  write("pkgs/node_modules/plain/tsconfig.json", {});
  write("pkgs/node_modules/plain/sub/strict.json", {});
  write("pkgs/node_modules/plain/dir/tsconfig.json", {});
  mkdirSync(from, { recursive: true });
  const rel = (f: string | undefined) => f?.slice(root.length + 1);
  assert.equal(rel(resolveExtends("@scope/cfg", from)), "pkgs/node_modules/@scope/cfg/base.json");
  assert.equal(rel(resolveExtends("@scope/cfg/presets/strict", from)), "pkgs/node_modules/@scope/cfg/presets/strict.json");
  assert.equal(resolveExtends("@scope/cfg/base.json", from), undefined, "exports hide what they do not list");
  assert.equal(rel(resolveExtends("field", from)), "pkgs/node_modules/field/configs/main.json");
  assert.equal(rel(resolveExtends("plain", from)), "pkgs/node_modules/plain/tsconfig.json");
  assert.equal(rel(resolveExtends("plain/sub/strict", from)), "pkgs/node_modules/plain/sub/strict.json");
  assert.equal(rel(resolveExtends("plain/dir", from)), "pkgs/node_modules/plain/dir/tsconfig.json");
  // A workspace package linked into node_modules whose config extends the app's own: a cycle.
  write("ws/packages/base/package.json", { name: "base" });
  write("ws/packages/base/tsconfig.json", { extends: "../app/tsconfig.json" });
  const app = write("ws/packages/app/tsconfig.json", { extends: "base" });
  mkdirSync(join(root, "ws/packages/app/node_modules"), { recursive: true });
  symlinkSync(join(root, "ws/packages/base"), join(root, "ws/packages/app/node_modules/base"));
  assert.deepEqual(chainOf(app), ["ws/packages/app/tsconfig.json", "ws/packages/base/tsconfig.json", "ws/packages/app/tsconfig.json"]);
});

test("the guard serves a cyclic config without extends, remembers the error, and checks again after a change", () => {
  const file = write("guard/tsconfig.json", { extends: "./tsconfig.json", compilerOptions: { strict: true } });
  const other = write("guard/data.json", { extends: "not a config, but read like one" });
  const guard = new ExtendsCycleGuard();
  assert.deepEqual(JSON.parse(guard.serve(file, undefined)!), { compilerOptions: { strict: true } });
  assert.match(guard.errors.get(file)!, /circular "extends": tsconfig\.json → tsconfig\.json/);
  assert.equal(guard.serve(other, undefined), undefined, "no cycle: the compiler reads the file itself");
  assert.equal(guard.serve(join(root, "guard/a.ts"), "x"), "x", "only JSON files are looked at");
  write("guard/tsconfig.json", { compilerOptions: { strict: true } });
  guard.forget();
  assert.equal(guard.serve(file, undefined), undefined);
  assert.equal(guard.errors.size, 0);
  assert.equal(withoutExtends(`{ "extends": "x", "include": ["src"] }`), JSON.stringify({ include: ["src"] }, null, 2));
  assert.match(describeExtendsCycle({ chain: ["/p/tsconfig.json", "/p/base.json", "/p/tsconfig.json"] }), /tsconfig\.json → base\.json → tsconfig\.json/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeclaredDependencies, PackageDependencies, declaredMajorVersion } from "../../server/src/analysis/package-dependencies";

/** Runs `use` in a fresh folder holding a package.json with `manifest` and an empty `src/`; removes the folder after. */
function inPackage<T>(manifest: Record<string, unknown>, use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-deps-"));
  try {
    writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
    mkdirSync(join(dir, "src"));
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function majorOf(range: string): number | undefined {
  return inPackage({ name: "p", dependencies: { express: range } }, dir =>
    declaredMajorVersion(new PackageDependencies().of(join(dir, "src", "app.ts")), "express"),
  );
}

test("the major version a package is declared at, read from the nearest package.json", () => {
  for (const [range, major] of [
    ["^4.18.2", 4],
    ["~4.17.1", 4],
    ["4.x", 4],
    ["4", 4],
    [">=4.17.0 <5.0.0", 4],
    [">=4.17 <5", 4],
    ["=3.21.2", 3],
    ["^5.1.0", 5],
    ["5.0.0-beta.3", 5],
  ] as const)
    assert.equal(majorOf(range), major, range);
  for (const range of ["*", "latest", "4 || 5", ">=4", "npm:express@4", "github:expressjs/express", ">=4 <=5.1"])
    assert.equal(majorOf(range), undefined, range);
});

test("a package that is not declared, and a plain set of names, have no version", () => {
  assert.equal(declaredMajorVersion(new Set(["express"]), "express"), undefined);
  assert.equal(declaredMajorVersion(undefined, "express"), undefined);
});

function commandLineOnly(manifest: Record<string, unknown>, files: string[] = []): boolean {
  return inPackage({ name: "p", ...manifest }, dir => {
    for (const f of files) writeFileSync(join(dir, f), "");
    return new PackageDependencies().isCommandLineOnly(join(dir, "src", "app.js"));
  });
}

test("a command-line program only: bin files, and nothing else another package can import", () => {
  assert.equal(commandLineOnly({ bin: { tool: "dist/cli/bin.js" } }), true, "bin, no main, no exports, no index file");
  assert.equal(commandLineOnly({ bin: "bin/run" }), true, "bin as a string");
  assert.equal(
    commandLineOnly({ bin: { tool: "build/src/index.js" }, main: "build/src/index.js", exports: "./build/src/index.js" }),
    true,
    "main and exports are the bin file",
  );
  assert.equal(commandLineOnly({ bin: { tool: "./cli.js" }, exports: { ".": "./cli.js", "./package.json": "./package.json" } }), true, "package.json exported");
  assert.equal(commandLineOnly({ bin: { tool: "bin.js" } }, ["index.js"]), false, "an index file at the root is what require() finds");
  assert.equal(commandLineOnly({ bin: { tool: "index.js" } }, ["index.js"]), true, "the index file at the root is the bin file");
  assert.equal(commandLineOnly({ bin: { tool: "bin/run" }, main: "dist/index.js" }), false, "a main of its own");
  assert.equal(commandLineOnly({ bin: { tool: "bin.js" }, exports: { ".": { import: "./lib.js", types: "./lib.d.ts" } } }), false, "exports a library");
  assert.equal(commandLineOnly({ bin: { tool: "bin.js" }, main: "bin.js", exports: { ".": "./bin.js", "./*": "./*" } }), false, "exports every file");
  assert.equal(commandLineOnly({ main: "index.js" }), false, "no bin: a library");
  assert.equal(commandLineOnly({}), false, "no bin, no main: an application, or unknown");
});

function closed(manifest: Record<string, unknown>): boolean {
  return inPackage({ name: "p", ...manifest }, dir => new PackageDependencies().closesDeepImports(join(dir, "src", "helper.js")));
}

test("a package that closes its modules: other packages reach only the entries it names", () => {
  assert.equal(closed({ exports: "./index.js" }), true, "exports as a string");
  assert.equal(
    closed({ main: "dist/index.cjs", exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js", require: "./dist/index.cjs" } } }),
    true,
  );
  assert.equal(closed({ exports: { ".": "./index.js", "./client": "./client.js", "./package.json": "./package.json" } }), true, "each subpath named");
  assert.equal(closed({ bin: { tool: "dist/cli.js" } }), true, "a command-line program only");
  assert.equal(closed({ exports: { ".": "./index.js", "./*": "./dist/*.js" } }), false, "a subpath pattern");
  assert.equal(closed({ exports: { ".": "./index.js", "./lib/": "./lib/" } }), false, "a folder mapping");
  assert.equal(closed({ exports: { ".": { node: "./dist/*.js" } } }), false, "a pattern in a target");
  assert.equal(closed({ main: "index.js" }), false, "main only: any module can be required by path");
  assert.equal(closed({}), false);
});

test("the modules a package starts with or exposes: main, module, bin and the script targets of exports", () => {
  inPackage(
    {
      name: "p",
      main: "dist/index.cjs",
      module: "dist/index.mjs",
      bin: { tool: "dist/cli.js" },
      exports: {
        ".": { types: "./dist/index.d.ts", import: "./dist/index.mjs", require: "./dist/index.cjs" },
        "./package.json": "./package.json",
        "./style.css": "./style.css",
      },
    },
    dir => {
      const entries = new PackageDependencies().entryModules(join(dir, "src", "helper.ts"));
      assert.deepEqual([...entries].sort(), [join(dir, "dist", "cli"), join(dir, "dist", "index")]);
    },
  );
});

function browserEntries(manifest: Record<string, unknown>): string[] {
  return inPackage({ name: "p", ...manifest }, dir =>
    new PackageDependencies().browserEntries(join(dir, "src", "helper.ts")).map(e => e.slice(dir.length + 1)),
  );
}

test("the modules a package gives browsers in place of Node's: a browser condition or field naming another module", () => {
  assert.deepEqual(
    browserEntries({
      exports: {
        ".": {
          node: { types: "./lib/index.d.ts", import: "./lib/index.js" },
          browser: { types: "./lib/browser.d.ts", default: "./lib/browser.js" },
          default: "./lib/index.js",
        },
        "./browser": { types: "./lib/browser.d.ts", default: "./lib/browser.js" },
      },
    }),
    ["lib/browser"],
    "the browser condition of `.`, also offered by name",
  );
  assert.deepEqual(
    browserEntries({
      main: "./build/cjs/index.js",
      exports: { ".": { browser: "./build/esm/web/index.js", require: "./build/cjs/index.js", import: "./build/esm/index.js" } },
    }),
    ["build/esm/web/index"],
    "a web build beside Node's",
  );
  assert.deepEqual(browserEntries({ main: "lib/index.js", browser: "lib/browser.js" }), ["lib/browser"], "the browser field beside main");
  assert.deepEqual(
    browserEntries({ exports: { ".": { browser: "./dist/esm/index.js", import: "./dist/esm/index.js", require: "./dist/cjs/index.js" } } }),
    [],
    "the same build as another condition's",
  );
  assert.deepEqual(
    browserEntries({ exports: { ".": { browser: "./dist/esm/index.js", require: "./dist/cjs/index.js" } } }),
    [],
    "another build of Node's module (both from src/index)",
  );
  assert.deepEqual(
    browserEntries({ main: "./lib/browser.js", exports: { "./web": { browser: "./lib/browser.js", default: "./lib/web-node.js" } } }),
    [],
    "a module the package's root gives Node (main)",
  );
  assert.deepEqual(browserEntries({ exports: { ".": { browser: "./browser.js" } } }), [], "no other condition to be in place of");
  assert.deepEqual(browserEntries({ main: "index.js", browser: "index.js" }), [], "the browser field naming main");
  assert.deepEqual(browserEntries({ browser: { "./node.js": "./browser.js" } }), [], "a replacement map (not read)");
});

test("the packages needed at run time: dependencies and required peers, not devDependencies or optional peers; and whether it has commands", () => {
  inPackage(
    {
      name: "p",
      bin: { p: "cli.js" },
      dependencies: { a: "1" },
      peerDependencies: { b: "*", c: "*" },
      peerDependenciesMeta: { c: { optional: true } },
      devDependencies: { d: "1" },
    },
    dir => {
      const deps = new PackageDependencies().of(join(dir, "index.ts"));
      assert.ok(deps instanceof DeclaredDependencies);
      assert.deepEqual(
        ["a", "b", "c", "d"].map(n => [n, deps.has(n), deps.requiredAtRunTime(n)]),
        [
          ["a", true, true],
          ["b", true, true],
          ["c", true, false],
          ["d", true, false],
        ],
      );
      assert.equal(deps.hasCommands, true);
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "p", main: "index.js" }));
      assert.equal((new PackageDependencies().of(join(dir, "index.ts")) as DeclaredDependencies).hasCommands, false);
    },
  );
});

test("exports that open subpaths by pattern, and the path names a package.json's scripts and framework settings give (not its entries or files)", () => {
  const dir = mkdtempSync(join(tmpdir(), "loopscope-deps-"));
  try {
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        name: "p",
        description: "syncs things/stuff",
        main: "dist/index.js",
        bin: { p: "bin/run.js" },
        files: ["dist", "bin/run.js"],
        exports: { ".": "./dist/index.js", "./*": "./dist/*.js" },
        scripts: { build: "tsc -p src", sync: "node dist/tools/sync.js --all" },
        oclif: { commands: "./dist/commands", bin: "p" },
        dependencies: { "@scope/helper": "1" },
      }),
    );
    const deps = new PackageDependencies().of(join(dir, "index.ts")) as DeclaredDependencies;
    assert.equal(deps.opensDeepImports, true);
    assert.deepEqual([...deps.configPathNames].sort(), ["commands", "dist", "sync", "tools"]);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "p", main: "index.js", exports: { ".": "./index.js" } }));
    const closed = new PackageDependencies().of(join(dir, "index.ts")) as DeclaredDependencies;
    assert.equal(closed.opensDeepImports, false);
    assert.equal(closed.configPathNames.size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

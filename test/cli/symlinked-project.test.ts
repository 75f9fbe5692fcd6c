// `loopscope lint` when the project and the paths are reached by different routes: one through a
// symbolic link (macOS's /tmp is one), the other not. Files are compared by their real paths, so
// the same files are linted whichever way each is written.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ensureBuilt } from "../helpers/built";
import { runCli } from "./run-cli";

const blocking = `import fs from "node:fs";\nexport async function handler(req: unknown, res: unknown) {\n  return fs.readFileSync("x", "utf8");\n}\n`;
const skip = process.platform === "win32" ? "symbolic links to folders need privileges on Windows" : false;
let cli: string;
let top: string;
/** The project's folder by its real path. */
let real: string;
/** The same folder through a symbolic link. */
let link: string;

before(() => {
  cli = ensureBuilt("cli");
  // realpath: the temp folder may itself be a link (macOS); the test makes its own.
  top = realpathSync(mkdtempSync(join(tmpdir(), "loopscope-symlinked-")));
  real = join(top, "real/proj");
  link = join(top, "link/proj");
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(real, rel)), { recursive: true });
    writeFileSync(join(real, rel), text);
  };
  write("src/node/a.ts", blocking);
  write("src/node/ignored/b.ts", blocking);
  write(
    "src/node/tsconfig.json",
    JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "nodenext", noEmit: true }, include: ["**/*.ts"] }),
  );
  // blocking-call-in-async is off by default: its findings show which files were linted.
  write("loopscope.config.json", JSON.stringify({ rules: { "blocking-call-in-async": "warning" }, ignore: ["src/node/ignored/**"] }));
  symlinkSync(join(top, "real"), join(top, "link"), "dir");
});
after(() => {
  if (top) rmSync(top, { recursive: true, force: true });
});

const lint = (args: string[]) => runCli(cli, ["lint", ...args], { cwd: real, timeoutMs: 90_000 });
const linted = (stdout: string) => [...stdout.matchAll(/^(\S+\.ts)$/gm)].map(m => m[1]);

test("--project through a symlink, paths from a working folder that is not: the files are linted", { skip }, async () => {
  const r = await lint(["src/node", "--project", join(link, "src/node/tsconfig.json")]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /no files to lint|not in .* project/, r.stderr);
  assert.deepEqual(linted(r.stdout), ["src/node/a.ts"], r.stdout);
  assert.match(r.stdout, /blocking-call-in-async/);
});

test("paths through a symlink with the project by its real path: the files are linted", { skip }, async () => {
  const r = await lint([join(link, "src/node"), "--project", "src/node/tsconfig.json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(linted(r.stdout), ["src/node/a.ts"], r.stdout);
});

test("a file the config ignores, named through a symlink, is linted because it was named", { skip }, async () => {
  const r = await lint([join(link, "src/node/ignored/b.ts"), "--project", "src/node/tsconfig.json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(linted(r.stdout), ["src/node/ignored/b.ts"], r.stdout);
});

test("a folder named twice, once through a symlink, is linted once", { skip }, async () => {
  const r = await lint(["src/node", join(link, "src/node")]);
  assert.equal(r.code, 0, r.stderr);
  // Under either name (the first in the sorted list is kept), but once.
  assert.deepEqual(
    linted(r.stdout).map(f => f.endsWith("src/node/a.ts")),
    [true],
    r.stdout,
  );
  assert.equal(r.stdout.match(/blocking-call-in-async/g)?.length, 1, r.stdout);
});

// The extension's pure parts: terminal text, npm scripts, source targets, trace store, run targets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, utimesSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { LineDiscipline, toTerminalText } from "../../client/src/timeline/terminalText";
import { scriptChoices } from "../../client/src/timeline/npmScripts";
import { sourceTarget } from "../../client/src/timeline/sourceTarget";
import { TraceStore } from "../../client/src/timeline/traceStore";
import { findTsx, runTarget, stripsTypesByDefault } from "../../client/src/timeline/runTarget";
import { tempDir } from "../tracer/helpers";

test("terminal output gets CRLF line ends; typed input is echoed and sent line by line", () => {
  assert.equal(toTerminalText("a\nb\r\nc"), "a\r\nb\r\nc");
  const d = new LineDiscipline();
  assert.deepEqual(d.input("hex"), [{ kind: "echo", text: "hex" }]);
  assert.deepEqual(d.input("\x7f"), [{ kind: "echo", text: "\b \b" }]);
  assert.deepEqual(d.input("y\r"), [
    { kind: "echo", text: "y\r\n" },
    { kind: "send", text: "hey\n" },
  ]);
  assert.deepEqual(d.input("\x03"), [{ kind: "echo", text: "^C\r\n" }, { kind: "interrupt" }]);
  assert.deepEqual(d.input("\x04"), [{ kind: "endOfInput" }]);
  assert.deepEqual(d.input("a\x1b[A\x1b[1;5Db"), [{ kind: "echo", text: "ab" }], "escape sequences (arrow keys) are dropped");
});

test("npm scripts from each package.json, with where they come from when there are several", () => {
  const one = scriptChoices([{ dir: "/w", label: "package.json", text: JSON.stringify({ scripts: { start: "node server.js", test: "node --test" } }) }]);
  assert.deepEqual(one, [
    { dir: "/w", name: "start", command: "node server.js" },
    { dir: "/w", name: "test", command: "node --test" },
  ]);
  const two = scriptChoices([
    { dir: "/a", label: "a/package.json", text: JSON.stringify({ scripts: { dev: "tsx src/a.ts", bad: 3 } }) },
    { dir: "/b", label: "b/package.json", text: "{ not json" },
    { dir: "/c", label: "c/package.json", text: JSON.stringify({ scripts: ["x"] }) },
  ]);
  assert.deepEqual(two, [{ dir: "/a", name: "dev", command: "tsx src/a.ts", where: "a/package.json" }]);
});

test("openSource messages open existing local files only, at a 0-based position", () => {
  const dir = tempDir("source-target");
  const file = join(dir, "a.ts");
  writeFileSync(file, "x\n");
  assert.deepEqual(sourceTarget({ type: "openSource", file, line: 3, column: 7 }), { ok: true, file, line: 2, column: 6 });
  assert.deepEqual(sourceTarget({ type: "openSource", file: pathToFileURL(file).href, line: 1, column: 1 }), { ok: true, file, line: 0, column: 0 });
  for (const bad of ["node:internal/fs", "relative/a.ts", "https://example.com/a.ts", join(dir, "missing.ts"), dir, "command:workbench.action.terminal.new"]) {
    const t = sourceTarget({ type: "openSource", file: bad, line: 1, column: 1 });
    assert.equal(t.ok, false, bad);
  }
});

test("the trace store names, remembers and prunes recorded traces", () => {
  const dir = tempDir("trace-store");
  const store = new TraceStore(join(dir, "traces"), [], 2);
  const path = store.pathFor("npm run dev/../x", new Date(Date.UTC(2026, 10, 25, 20, 1, 2)));
  assert.equal(path, join(dir, "traces", "npm_run_dev_.._x-20261125-200102.trace.json"));
  assert.ok(store.mayRestore(path), "its own folder's traces");
  assert.equal(store.mayRestore("/etc/passwd"), false);
  assert.equal(store.mayRestore(join(dir, "traces", "..", "x.trace.json")), false);
  const opened = join(dir, "opened.json");
  writeFileSync(opened, "{}");
  store.remember(opened);
  assert.ok(store.mayRestore(opened));
  assert.deepEqual(store.knownPaths(), [opened]);
  for (let i = 0; i < 4; i++) {
    const p = join(dir, "traces", `r${i}.trace.json`);
    writeFileSync(p, "{}");
    utimesSync(p, 1000 + i, 1000 + i);
  }
  store.prune();
  assert.deepEqual(readdirSync(join(dir, "traces")).sort(), ["r2.trace.json", "r3.trace.json"]);
});

test("files run with node; TypeScript with the project's tsx or Node's type stripping", () => {
  assert.deepEqual(runTarget("/w/a.mjs", "node", undefined, undefined), { ok: true, command: "node", args: ["/w/a.mjs"] });
  assert.deepEqual(runTarget("/w/a.ts", "node", "v20.19.0", "/w/node_modules/tsx"), { ok: true, command: "node", args: ["--import", "tsx", "/w/a.ts"] });
  assert.deepEqual(runTarget("/w/a.ts", "node", "v22.18.0", undefined), { ok: true, command: "node", args: ["/w/a.ts"] });
  const no = runTarget("/w/a.ts", "node", "v20.19.0", undefined);
  assert.equal(no.ok, false);
  assert.match(no.ok ? "" : no.reason, /tsx/);
  assert.equal(runTarget("/w/a.py", "node", "v20.0.0", undefined).ok, false);
  assert.equal(stripsTypesByDefault("v23.6.0"), true);
  assert.equal(stripsTypesByDefault("v22.17.1"), false);
  const dir = tempDir("tsx");
  mkdirSync(join(dir, "node_modules/tsx"), { recursive: true });
  writeFileSync(join(dir, "node_modules/tsx/package.json"), "{}");
  mkdirSync(join(dir, "src"));
  assert.equal(findTsx(join(dir, "src/a.ts")), join(dir, "node_modules/tsx"));
});

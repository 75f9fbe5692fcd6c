// `loopscope lint` end to end: the built CLI on real files, every format, exit code and bad input.
import { before, after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuilt, repoRoot } from "../helpers/built";
import { blockingOnConfig, blockingOnFlag } from "../helpers/blocking-on";
import { allRules } from "../../server/src/rules/registry";

let cli: string;
let dir: string;

function lint(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [cli, "lint", ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tsconfig = JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "nodenext", types: ["node"] }, include: ["src"] });
const handler = `import fs from "node:fs";\nimport { loadSync } from "./load.js";\nexport async function handler(req, res, p: string) {\n  const a = fs.readFileSync(p, "utf8");\n  return a + loadSync();\n}\n`;
const load = `import { readFileSync } from "node:fs";\nexport function loadSync() { return readFileSync("x", "utf8"); }\n`;

before(() => {
  cli = ensureBuilt("cli");
  mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
  dir = mkdtempSync(join(repoRoot, "test/.tmp", "cli-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "tsconfig.json"), tsconfig);
  // blocking-call-in-async is off by default: the project turns it on (the tests below read its findings).
  writeFileSync(join(dir, "loopscope.config.json"), blockingOnConfig);
  writeFileSync(join(dir, "src/handler.ts"), handler);
  writeFileSync(join(dir, "src/load.ts"), load);
  writeFileSync(join(dir, "src/clean.ts"), `export async function ok(req, res) { return 1; }\n`);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("formats", () => {
  test("stylish: findings with positions, rule ids and a summary; exit 0 for warnings", () => {
    const r = lint(["src"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /src\/handler\.ts\n\s+4:13\s+warning\s+fs\.readFileSync blocks the event loop.*blocking-call-in-async/);
    assert.match(r.stdout, /5:14\s+warning\s+loadSync\(\) blocks the event loop inside async code: it calls fs\.readFileSync \(load\.ts:2\)/);
    assert.match(r.stdout, /✖ 2 problems \(0 errors, 2 warnings\)/);
    assert.doesNotMatch(r.stdout, /clean\.ts/, "files without findings are not listed");
  });

  test("json: exactly ESLint's formatter shape, 1-based positions", () => {
    const r = lint(["src", "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { filePath: string; messages: Record<string, unknown>[]; errorCount: number; warningCount: number }[];
    assert.equal(out.length, 3, "one entry per linted file, also clean ones");
    const h = out.find(f => f.filePath.endsWith("src/handler.ts"))!;
    assert.deepEqual(Object.keys(h).sort(), [
      "errorCount",
      "fatalErrorCount",
      "filePath",
      "fixableErrorCount",
      "fixableWarningCount",
      "messages",
      "suppressedMessages",
      "usedDeprecatedRules",
      "warningCount",
    ]);
    assert.equal(h.warningCount, 2);
    assert.equal(h.errorCount, 0);
    // ESLint's message shape, plus `basis` (what kind of evidence the finding rests on), as ESLint
    // carries rule-specific extras such as `messageId` beside the standard fields.
    assert.deepEqual(h.messages[0], {
      ruleId: "blocking-call-in-async",
      messageId: "direct",
      basis: "request-params",
      severity: 1,
      line: 4,
      column: 13,
      endLine: 4,
      endColumn: 39,
      message: h.messages[0]!.message,
    });
    assert.match(String(h.messages[0]!.message), /^fs\.readFileSync blocks the event loop inside async code/);
  });

  test("sarif: SARIF 2.1.0 with rule metadata, helpUri to the rule doc, related locations", () => {
    const r = lint(["src", "--format", "sarif"]);
    assert.equal(r.code, 0, r.stderr);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, "2.1.0");
    const run = sarif.runs[0];
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === "blocking-call-in-async");
    assert.ok(rule.shortDescription.text.length > 10);
    assert.ok(existsSync(fileURLToPath(rule.helpUri)), `helpUri ${rule.helpUri} points at an existing doc`);
    assert.deepEqual(
      rule.defaultConfiguration,
      { level: "warning", enabled: false },
      "a rule that is off by default says so, also when the project turned it on",
    );
    // Every rule's default as the registry says: off ones `enabled: false`, on ones SARIF's default (enabled).
    for (const r of allRules) {
      const entry = run.tool.driver.rules.find((x: { id: string }) => x.id === r.meta.id);
      const expected = r.meta.enabledByDefault === false ? { level: "warning", enabled: false } : { level: "warning" };
      assert.deepEqual(entry.defaultConfiguration, expected, `${r.meta.id}'s default configuration`);
    }
    const offByDefault = run.tool.driver.rules.find((x: { id: string }) => x.id === "timer-lifecycle");
    assert.deepEqual(offByDefault.defaultConfiguration, { level: "warning", enabled: false }, "a rule that is off by default says so");
    assert.equal(run.results.length, 2);
    const transitive = run.results.find((x: { message: { text: string } }) => x.message.text.startsWith("loadSync()"));
    assert.equal(transitive.level, "warning");
    assert.equal(transitive.locations[0].physicalLocation.artifactLocation.uri, "src/handler.ts");
    assert.deepEqual(transitive.locations[0].physicalLocation.region, { startLine: 5, startColumn: 14, endLine: 5, endColumn: 24 });
    assert.equal(transitive.relatedLocations[0].physicalLocation.artifactLocation.uri, "src/load.ts");
    const direct = run.results.find((x: { message: { text: string } }) => x.message.text.startsWith("fs.readFileSync"));
    assert.equal(direct.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, `await fs.promises.readFile(p, "utf8")`);
  });
});

describe("blocking-call-in-async is off by default (issue 10), and each way of turning it on reports it", () => {
  // Outside \`dir\`, whose loopscope.config.json turns it on.
  const project = (config?: { file: string; text: string }) => {
    const d = mkdtempSync(join(repoRoot, "test/.tmp", "cli-default-"));
    mkdirSync(join(d, "src"));
    writeFileSync(join(d, "tsconfig.json"), tsconfig);
    writeFileSync(join(d, "src/handler.ts"), handler);
    writeFileSync(join(d, "src/load.ts"), load);
    if (config) writeFileSync(join(d, config.file), config.text);
    return d;
  };
  const rulesOf = (stdout: string) =>
    (JSON.parse(stdout) as { messages: { ruleId: string; line: number }[] }[]).flatMap(f => f.messages.map(m => `${m.line}:${m.ruleId}`)).sort();
  const both = ["4:blocking-call-in-async", "5:blocking-call-in-async"];

  test("no configuration: only missing-timeout runs (on by default since session 27); every rule turned off: nothing reported, exit 0, and a note says that no rule is on", () => {
    const d = project();
    try {
      const byDefault = lint(["src", "--format", "json"], d);
      assert.equal(byDefault.code, 0, byDefault.stderr);
      assert.deepEqual(rulesOf(byDefault.stdout), [], "the blocking calls are not reported by default");
      assert.doesNotMatch(byDefault.stderr, /no rule is on/, "missing-timeout is on by default");
      const off = ["--rule", "missing-timeout=off"];
      const r = lint(["src", ...off, "--format", "json"], d);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(rulesOf(r.stdout), []);
      assert.match(
        r.stderr,
        /no rule is on for these 2 files, so nothing was checked: the configuration turned off the one rule on by default \(missing-timeout\), and the others are off by default .* --rule <id>=warning/,
      );
      assert.equal(lint(["src", ...off], d).stdout, "");
      const on = lint(["src", ...off, ...blockingOnFlag], d);
      assert.doesNotMatch(on.stderr, /no rule is on/, "no note once a rule is on");
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  test("--rule blocking-call-in-async=warning", () => {
    const d = project();
    try {
      const r = lint(["src", ...blockingOnFlag, "--format", "json"], d);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(rulesOf(r.stdout), both);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  test('loopscope.config.json, and the "loopscope" key of package.json', () => {
    for (const config of [
      { file: "loopscope.config.json", text: blockingOnConfig },
      { file: "package.json", text: JSON.stringify({ name: "p", loopscope: JSON.parse(blockingOnConfig) }) },
    ]) {
      const d = project(config);
      try {
        const r = lint(["src", "--format", "json"], d);
        assert.equal(r.code, 0, `${config.file}: ${r.stderr}`);
        assert.deepEqual(rulesOf(r.stdout), both, config.file);
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    }
  });
});

describe("repeated findings", () => {
  test("stylish: findings that drop the same callee's promise are grouped once, with the one action for all of them", () => {
    const d = mkdtempSync(join(repoRoot, "test/.tmp", "cli-repeated-"));
    try {
      mkdirSync(join(d, "src"));
      writeFileSync(join(d, "tsconfig.json"), tsconfig);
      writeFileSync(
        join(d, "src/bus.ts"),
        `declare function send(t: string): Promise<void>;\nexport async function publish(req, res, topic: string) {\n  await send(topic);\n}\nexport async function flush(req, res) { await send("flush"); }\n`,
      );
      writeFileSync(
        join(d, "src/a.ts"),
        `import { flush, publish } from "./bus.js";\nexport function a() {\n  publish("a");\n  publish("b");\n  flush();\n}\n`,
      );
      writeFileSync(join(d, "src/b.ts"), `import { flush, publish } from "./bus.js";\nexport function b() {\n  publish("c");\n  flush();\n}\n`);
      const r = lint(["src", "--rule", "floating-promise=warning"], d);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        /3 of these findings drop the promise of publish\(\) \(src\/bus\.ts:2\): if it cannot reject, allow it once: add "publish" to floating-promise's "allowForKnownSafeCalls" in loopscope\.config\.json, or tag its declaration with \/\*\* @loopscope-no-reject <reason> \*\//,
      );
      assert.doesNotMatch(r.stdout, /findings drop the promise of flush\(\)/, "two findings are not a group");
      assert.match(r.stdout, /✖ 5 problems/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe("exit codes and options", () => {
  test("--rule id=error turns warnings into errors: exit 1", () => {
    const r = lint(["src", "--rule", "blocking-call-in-async=error"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /2 problems \(2 errors, 0 warnings\)/);
  });
  test("--rule id=off silences the rule", () => {
    const r = lint(["src", "--rule=blocking-call-in-async=off"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "");
  });
  test("--max-warnings: over the limit exits 1 with a message, within it exits 0", () => {
    const over = lint(["src", "--max-warnings", "1"]);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /2 warnings, more than --max-warnings 1/);
    assert.equal(lint(["src", "--max-warnings", "2"]).code, 0);
  });
  test("--project lints the tsconfig's files", () => {
    const r = lint(["--project", "tsconfig.json", "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { filePath: string }[]).map(f => f.filePath.slice(dir.length + 1)).sort(), [
      "src/clean.ts",
      "src/handler.ts",
      "src/load.ts",
    ]);
  });
  test("usage errors exit 2 with a message", () => {
    for (const args of [["--format", "xml"], ["--max-warnings", "many"], ["--rule", "nope=error"], ["--rule", "blocking-call-in-async=loud"], ["--bogus"]]) {
      const r = lint(["src", ...args]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /^loopscope lint: /, args.join(" "));
    }
  });
  test("--help prints usage and exits 0; no command exits 2", () => {
    const help = lint(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: loopscope lint/);
    const none = spawnSync(process.execPath, [cli], { encoding: "utf8" });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /usage: loopscope <command>/);
  });
});

describe("bad input", () => {
  const bad = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    return name;
  };

  test("a path that does not exist: exit 2 naming it", () => {
    const r = lint(["src", "no/such/file.ts"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such file or directory: no\/such\/file\.ts/);
  });

  test("a broken tsconfig: exit 2 naming the file and the error", () => {
    const d = mkdtempSync(join(dir, "broken-"));
    writeFileSync(join(d, "tsconfig.json"), `{ "compilerOptions": { "strict": true, }`);
    writeFileSync(join(d, "a.ts"), `export async function f(req, res) {}\n`);
    const r = lint([d]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /tsconfig\.json: '}' expected/);
  });

  test("a loopscope.config.json with mistakes: exit 2 listing each", () => {
    const d = mkdtempSync(join(dir, "config-"));
    writeFileSync(join(d, "loopscope.config.json"), JSON.stringify({ rules: { nope: "error", "blocking-call-in-async": ["loud"] }, extra: true }));
    writeFileSync(join(d, "a.ts"), `export async function f(req, res) {}\n`);
    const r = lint([d]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown key 'extra'/);
    assert.match(r.stderr, /unknown rule 'nope'/);
    assert.match(r.stderr, /'loud' is not a severity/);
  });

  test("syntax errors: reported as errors, the file still linted as far as it parses", () => {
    const name = bad(
      "syntax.ts",
      `import fs from "node:fs";\nexport async function f( {\n  fs.readFileSync("x");\n}\nexport async function g(req, res) { fs.readFileSync("y"); }\n`,
    );
    const r = lint([name, "--format", "json"]);
    assert.equal(r.code, 1);
    const [file] = JSON.parse(r.stdout) as { messages: { ruleId: string | null; fatal?: boolean; line: number; message: string }[] }[];
    assert.ok(file!.messages.some(m => m.ruleId === null && m.fatal && /syntax error/.test(m.message)));
    assert.ok(
      file!.messages.some(m => m.ruleId === "blocking-call-in-async" && m.line === 5),
      "the later function is still checked",
    );
  });

  test("JavaScript Node loads is not a syntax error: Closure-style JSDoc and octal escapes in a CommonJS script", () => {
    // TypeScript reports both (it reads JSDoc types and applies strict-mode grammar); V8 runs both.
    const d = mkdtempSync(join(dir, "runtime-syntax-"));
    writeFileSync(join(d, "package.json"), `{"type":"commonjs"}`);
    writeFileSync(
      join(d, "jsconfig.json"),
      JSON.stringify({ compilerOptions: { allowJs: true, module: "preserve", moduleResolution: "bundler", types: ["node"] } }),
    );
    writeFileSync(
      join(d, "store.js"),
      `const fs = require("fs");\n/**\n * @typedef {function(Error, any, IncomingMessage)} Callback\n */\nconst sep = "user\\1auth";\nclass Store {\n  async load(req, res) {\n    return fs.readFileSync("x", "utf8") + sep;\n  }\n}\nmodule.exports = { Store };\n`,
    );
    // In an ES module the octal escape is a syntax error for Node too; in any script a missing expression is.
    writeFileSync(join(d, "strict.mjs"), `export const a = "x\\1y";\n`);
    writeFileSync(join(d, "broken.js"), `const a = require("a");\nlet x = ;\n`);
    writeFileSync(join(d, "strict.js"), `"use strict";\nconst a = "x\\1y";\n`);
    const r = lint([d, "--format", "json"]);
    assert.equal(r.code, 1, r.stderr);
    const files = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; fatal?: boolean; line: number; message: string }[] }[];
    const fatal = (name: string) =>
      files
        .find(f => f.filePath.endsWith(name))!
        .messages.filter(m => m.fatal)
        .map(m => `${m.line}:${m.message}`);
    assert.deepEqual(fatal("store.js"), []);
    assert.ok(files.find(f => f.filePath.endsWith("store.js"))!.messages.some(m => m.ruleId === "blocking-call-in-async" && m.line === 8));
    assert.match(fatal("strict.mjs").join("\n"), /^1:syntax error: Octal escape/);
    assert.match(fatal("broken.js").join("\n"), /^2:syntax error: Expression expected/);
    assert.match(fatal("strict.js").join("\n"), /^2:syntax error: Octal escape/, "a script in strict mode: V8 refuses it too");
  });

  test("a binary file: skipped with a clear warning, no crash", () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    const name = bad("binary.ts", bytes);
    const r = lint([name]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /File skipped: binary file/);
  });

  test("a 5 MB generated file: skipped with the limit named; linted when the limit is raised", () => {
    const d = mkdtempSync(join(dir, "big-"));
    const big = `export const data = [${Array.from({ length: 900_000 }, (_, i) => i).join(",")}];\nimport fs from "node:fs";\nexport async function f(req, res) { return fs.readFileSync("x"); }\n`;
    assert.ok(big.length > 5_000_000);
    writeFileSync(join(d, "big.ts"), big);
    const skipped = lint([join(d, "big.ts")]);
    assert.equal(skipped.code, 0);
    assert.match(skipped.stdout, /File skipped: 5\.\d MB is over the 2\.0 MB limit.*maxFileSizeBytes/);
    writeFileSync(join(d, "loopscope.config.json"), JSON.stringify({ ...JSON.parse(blockingOnConfig), maxFileSizeBytes: 10_000_000 }));
    const linted = lint([join(d, "big.ts"), "--format", "json"]);
    assert.equal(linted.code, 0, linted.stderr);
    assert.equal((JSON.parse(linted.stdout) as { messages: { line: number }[] }[])[0]!.messages[0]!.line, 3);
  });

  test("a deeply nested expression: no stack overflow, later code still checked", () => {
    const n = 20_000;
    const name = bad(
      "deep.ts",
      `import fs from "node:fs";\nexport const x = ${"(".repeat(n)}1${")".repeat(n)} + ${"1+".repeat(50_000)}1;\nexport async function f(req, res) { return fs.readFileSync("x"); }\n`,
    );
    const r = lint([name, "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const [file] = JSON.parse(r.stdout) as { messages: { ruleId: string; line: number }[] }[];
    assert.deepEqual(
      file!.messages.map(m => [m.ruleId, m.line]),
      [["blocking-call-in-async", 3]],
    );
  });

  test("an unused suppression is reported", () => {
    const name = bad("unused.ts", `// loopscope-ignore-next-line blocking-call-in-async -- was needed once\nexport async function f(req, res) { return 1; }\n`);
    const r = lint([name]);
    assert.match(r.stdout, /1:1\s+warning\s+This loopscope-ignore-next-line comment suppresses nothing/);
  });
});

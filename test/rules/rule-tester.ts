// Data-driven rule tests in the style of typescript-eslint's RuleTester: `valid` code has no
// finding of the rule; each `invalid` case lists its findings (line/column, 1-based) and the
// code after applying every preferred fix (`output`), which must also compile when asked.
// Each case is a real project on disk (tsconfig with Node's types) linted by the real engine.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Linter } from "../../server/src/analysis/linter";
import { fixAllInText, fixForFixAll } from "../../server/src/lsp/fixAll";
import type { FileResult, Finding } from "../../server/src/analysis/findings";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface CaseBase {
  code: string;
  /** Name of the file under test (default `case.ts`). */
  filename?: string;
  /** More files of the same project, by relative path (helpers for transitive cases, package.json...). */
  files?: Record<string, string>;
  options?: Record<string, unknown>;
  /** tsconfig compilerOptions to merge (default: strict, nodenext, types: node). */
  compilerOptions?: Record<string, unknown>;
  /** No tsconfig at all: the file gets the compiler's inferred project. */
  noTsconfig?: boolean;
  name?: string;
}

export interface ExpectedFinding {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A substring of the message. */
  message?: string;
  severity?: "info" | "warning" | "error";
  /** Messages of related information, in order (substrings). */
  related?: string[];
  /** Titles of the fixes offered (exact), when the case cares. */
  fixes?: string[];
}

export interface InvalidCase extends CaseBase {
  errors: ExpectedFinding[];
  /** The file after applying every preferred fix; omit when no finding has a fix. */
  output?: string;
  /** Check that `output` type-checks without errors (default true when output is given). */
  outputCompiles?: boolean;
}

export type ValidCase = string | CaseBase;

let caseCounter = 0;

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const base = join(repoRoot, "test", ".tmp");
  mkdirSync(base, { recursive: true });
  const root = mkdtempSync(join(base, `${ruleId}-`));
  const linter = new Linter({ cwd: root });
  after(() => {
    linter.close();
    rmSync(root, { recursive: true, force: true });
  });

  const settingsOf = (c: CaseBase) => ({ rules: { [ruleId]: { severity: "warning" as const, ...(c.options ? { options: c.options } : {}) } } });
  const lint = (c: CaseBase): { file: string; findings: Finding[]; all: Finding[] } => {
    const dir = join(root, `case-${++caseCounter}`);
    mkdirSync(dir, { recursive: true });
    if (!c.noTsconfig) {
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
        compilerOptions: { strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", types: ["node"], noEmit: true, allowJs: true, checkJs: false, ...c.compilerOptions },
      }));
    }
    for (const [rel, text] of Object.entries(c.files ?? {})) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const file = join(dir, c.filename ?? "case.ts");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, c.code);
    const result = linter.lintFile(file, { settings: settingsOf(c) });
    assert.ok(result, "lint was not cancelled");
    // The CLI lints through lintFiles, where rules may ask the checker other questions: same findings.
    const bulk: FileResult[] = [];
    linter.lintFiles([file], { settings: settingsOf(c) }, r => bulk.push(r));
    assert.deepEqual(bulk, [result], "lintFiles (the CLI's way) finds the same as lintFile (the editor's way)");
    const crashed = result.problems.filter(p => p.kind === "rule-crashed");
    assert.deepEqual(crashed, [], "no rule crashed");
    return { file, findings: result.findings.filter(f => f.ruleId === ruleId), all: result.findings };
  };

  describe(ruleId, () => {
    describe("valid", () => {
      for (const v of cases.valid) {
        const c = typeof v === "string" ? { code: v } : v;
        test(c.name ?? firstLine(c.code), () => {
          const { findings } = lint(c);
          assert.deepEqual(findings.map(describeFinding), [], "expected no findings");
        });
      }
    });
    describe("invalid", () => {
      for (const c of cases.invalid) {
        test(c.name ?? firstLine(c.code), () => {
          const { file, findings } = lint(c);
          assert.deepEqual(
            findings.map(f => ({ line: f.range.start.line + 1, column: f.range.start.character + 1 })),
            c.errors.map(e => ({ line: e.line, column: e.column })),
            `findings at the expected places; got:\n${findings.map(describeFinding).join("\n")}`,
          );
          c.errors.forEach((e, i) => {
            const f = findings[i]!;
            if (e.endLine !== undefined) assert.equal(f.range.end.line + 1, e.endLine, "endLine");
            if (e.endColumn !== undefined) assert.equal(f.range.end.character + 1, e.endColumn, "endColumn");
            if (e.message) assert.ok(f.message.includes(e.message), `message ${JSON.stringify(f.message)} includes ${JSON.stringify(e.message)}`);
            if (e.severity) assert.equal(f.severity, e.severity, "severity");
            if (e.related) {
              assert.equal(f.related.length, e.related.length, `related: ${f.related.map(r => r.message).join(" | ")}`);
              e.related.forEach((r, j) => assert.ok(f.related[j]!.message.includes(r), `related[${j}] ${f.related[j]!.message} includes ${r}`));
            }
            if (e.fixes) assert.deepEqual(f.fixes.map(x => x.title), e.fixes, "fix titles");
          });
          // The editor's own "fix all": preferred fixes, conflicting ones on later passes after a re-lint.
          const relint = (text: string) => {
            linter.setOverlay(file, text);
            const r = linter.lintFile(file, { settings: settingsOf(c) });
            return r && { ...r, findings: r.findings.filter(f => f.ruleId === ruleId) };
          };
          const output = fixAllInText(c.code, { fileName: file, findings, problems: [] }, fixForFixAll, relint);
          linter.setOverlay(file, undefined);
          if (c.output === undefined) {
            assert.equal(output, c.code, `expected no fix; fixing gives:\n${output}`);
            return;
          }
          assert.equal(output, c.output, "fixed output");
          if (c.outputCompiles ?? true) {
            writeFileSync(file, output);
            linter.fileChanged(file);
            assert.deepEqual(linter.compilerErrors(file), [], `the fixed code compiles:\n${output}`);
          }
        });
      }
    });
  });
}

function firstLine(code: string): string {
  const line = code.trim().split("\n").find(l => l.trim() && !l.trim().startsWith("import")) ?? code.trim();
  return line.trim().slice(0, 90);
}

function describeFinding(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}: ${f.message}`;
}

// Data-driven rule tests in the style of typescript-eslint's RuleTester: `valid` code has no
// finding of the rule; each `invalid` case lists its findings (line/column, 1-based) and the
// code after applying every preferred fix (`output`), which must also compile when asked.
// Each case is a real project on disk (tsconfig with Node's types) linted by the real engine; its
// fix and line-break checks lint that project again with the changed text as the file's unsaved
// text, as the editor does.
// Every invalid case runs again with other line breaks ("\r\n", and U+2028/U+2029 mixed with the
// others; a lone "\r" too when it has fixes): the same findings at the same places as the editor
// counts lines, and the same fixed code (in the file's own line break).
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Linter } from "../../server/src/analysis/linter";
import { allRules } from "../../server/src/rules/registry";
import { phaseChecks } from "../../server/src/analysis/typescript/queries";
import { fixAllInText, fixForFixAll } from "../../server/src/lsp/fixAll";
import type { FileResult, Finding } from "../../server/src/analysis/findings";
import { TextDocument } from "vscode-languageserver-textdocument";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

// Every rule's decide phase reads only the types and symbols its visit phase requested (issue 11):
// under the tester, reading any other throws instead of answering undefined and losing a finding.
phaseChecks.strict = true;

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
  /** Valid cases: no finding of any rule either (e.g. no unused-suppression). */
  noFindingsAtAll?: boolean;
  /** Valid cases: the code is meant not to compile (broken syntax, a type error the rule must survive): why. */
  doesNotCompile?: string;
}

/** `MessageId`: the rule's message ids (e.g. `MessageId` of the rule's index.ts), so a mistyped id does not compile. */
export interface ExpectedFinding<MessageId extends string = string> {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The finding's message id (its key in the rule's `meta.messages`): every expected finding names it, as typescript-eslint's RuleTester asks. */
  messageId: MessageId;
  /** A substring of the message. */
  message?: string;
  severity?: "info" | "warning" | "error";
  /** The report's basis (Report.basis: the kind of evidence that made the rule report), exact. */
  basis?: string;
  /** Messages of related information, in order (substrings). */
  related?: string[];
  /** Titles of the fixes offered (exact), when the case cares. */
  fixes?: string[];
  /**
   * The finding's suggestions (fixes offered in the menu only), in order, each applied alone:
   * its title (exact, when given) and the file after it. Each applied suggestion must compile
   * (unless `compiles: false`), remove this finding, and leave no new finding of any rule.
   */
  suggestions?: { title?: string; output: string; compiles?: boolean }[];
}

export interface InvalidCase<MessageId extends string = string> extends CaseBase {
  errors: ExpectedFinding<MessageId>[];
  /** The file after applying every preferred fix; omit when no finding has a fix. */
  output?: string;
  /** Check that `output` type-checks without errors (default true when output is given). */
  outputCompiles?: boolean;
  /** A fix known to add findings of one other rule: those are asserted (and said), not allowed silently. */
  knownFixDefect?: { rule: string; why: string };
}

export type ValidCase = string | CaseBase;

let caseCounter = 0;

/** Where a case's project and file are on disk. */
interface CaseFile {
  dir: string;
  file: string;
}

interface Linted extends CaseFile {
  findings: Finding[];
  all: Finding[];
  others: Finding[];
}

export function ruleTester<MessageId extends string = string>(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase<MessageId>[] }): void {
  const base = join(repoRoot, "test", ".tmp");
  mkdirSync(base, { recursive: true });
  const root = mkdtempSync(join(base, `${ruleId}-`));
  const linter = new Linter({ cwd: root });
  after(() => {
    linter.close();
    rmSync(root, { recursive: true, force: true });
  });

  const settingsOf = (c: CaseBase) => ({ rules: { [ruleId]: { severity: "warning" as const, ...(c.options ? { options: c.options } : {}) } } });
  /** `bulk`: also through lintFiles, which must find the same (the line-break variants skip it: positions are converted the same way on both paths). */
  /**
   * Every rule, checking this folder too: the cases live under test/, which the rules' test-file
   * exemptions would skip (the rule under test keeps the case's options). Rules that are off by
   * default run too: a fix must not create a finding of any rule.
   */
  const allRulesSettingsOf = (c: CaseBase) => {
    const rules: Record<string, { severity: "warning"; options?: Record<string, unknown> }> = {
      ...Object.fromEntries(allRules.map(r => [r.meta.id, { severity: "warning" as const }])),
      "missing-timeout": { severity: "warning", options: { ignoreTestFiles: false } },
      "unbounded-concurrency": { severity: "warning", options: { ignoreTestFiles: false } },
      "blocking-call-in-async": { severity: "warning", options: { testFiles: "same" } },
    };
    return { rules: { ...rules, [ruleId]: { severity: "warning" as const, options: { ...rules[ruleId]?.options, ...c.options } } } };
  };
  const lint = (c: CaseBase, bulk = true, settings = settingsOf(c)): Linted => {
    const dir = join(root, `case-${++caseCounter}`);
    mkdirSync(dir, { recursive: true });
    if (!c.noTsconfig) {
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            target: "es2022",
            module: "nodenext",
            moduleResolution: "nodenext",
            types: ["node"],
            noEmit: true,
            allowJs: true,
            checkJs: false,
            ...c.compilerOptions,
          },
        }),
      );
    }
    for (const [rel, text] of Object.entries(c.files ?? {})) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const file = join(dir, c.filename ?? "case.ts");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, c.code);
    return lintedAt({ dir, file }, c, settings, bulk);
  };
  /** The case's file linted where it is (its text on disk, or the overlay set), with the project's other script files. */
  const lintedAt = (at: CaseFile, c: CaseBase, settings: ReturnType<typeof settingsOf>, bulk: boolean): Linted => {
    const { dir, file } = at;
    const result = linter.lintFile(file, { settings });
    assert.ok(result, "lint was not cancelled");
    // The CLI lints through lintFiles, where rules may ask the checker other questions: same findings.
    if (bulk) {
      const bulkResults: FileResult[] = [];
      linter.lintFiles([file], { settings }, r => bulkResults.push(r));
      assert.deepEqual(bulkResults, [result], "lintFiles (the CLI's way) finds the same as lintFile (the editor's way)");
    }
    const crashed = result.problems.filter(p => p.kind === "rule-crashed");
    assert.deepEqual(crashed, [], "no rule crashed");
    // The project's other script files: a fix can change what their findings say (a helper that now does I/O in a caller's fan-out).
    const others = Object.keys(c.files ?? {})
      .filter(rel => /\.[cm]?[jt]sx?$/.test(rel) && !/\.d\.[cm]?ts$/.test(rel))
      .flatMap(rel => linter.lintFile(join(dir, rel), { settings })?.findings ?? []);
    return { dir, file, findings: result.findings.filter(f => f.ruleId === ruleId), all: result.findings, others };
  };
  /**
   * The case's own project again, with `text` as the file's unsaved text, as the editor lints an
   * edit: the fix and line-break checks need no project of their own (a new project per check cost
   * most of these tests' time). The text stays the file's overlay until the caller clears it.
   */
  const lintText = (c: CaseBase, at: CaseFile, text: string, settings: ReturnType<typeof settingsOf>): Linted => {
    linter.setOverlay(at.file, text);
    return lintedAt(at, c, settings, false);
  };
  /** Every rule's findings in the case's code as written (the fix checks compare against them), once per case. */
  const everyRuleBefore = new WeakMap<CaseBase, Finding[]>();
  const everyRuleFindingsOf = (c: CaseBase, at: CaseFile): Finding[] => {
    let found = everyRuleBefore.get(c);
    if (!found) {
      found = everyFindingOf(lintText(c, at, c.code, allRulesSettingsOf(c)));
      linter.setOverlay(at.file, undefined);
      everyRuleBefore.set(c, found);
    }
    return found;
  };
  const caseFiles = new WeakMap<CaseBase, CaseFile>();

  const lfFindings = new WeakMap<CaseBase, Finding[]>();
  describe(ruleId, () => {
    describe("valid", () => {
      for (const v of cases.valid) {
        const c = typeof v === "string" ? { code: v } : v;
        test(c.name ?? firstLine(c.code), () => {
          const { file, findings, all } = lint(c);
          assert.deepEqual((c.noFindingsAtAll ? all : findings).map(describeFinding), [], "expected no findings");
          // A valid case proves something only if the compiler sees what the case means: a mistyped
          // import (any) or a missing declaration would pass without a finding for the wrong reason.
          const errors = linter.compilerErrors(file);
          if (c.doesNotCompile) {
            assert.ok(c.doesNotCompile.length > 0, "doesNotCompile gives the reason");
            assert.notDeepEqual(errors, [], `doesNotCompile, but the case compiles (remove it): ${c.doesNotCompile}`);
          } else assert.deepEqual(errors, [], `the valid case compiles (or says why not with doesNotCompile):\n${c.code}`);
        });
      }
    });
    describe("invalid", () => {
      for (const c of cases.invalid) {
        test(c.name ?? firstLine(c.code), () => {
          const { dir, file, findings } = lint(c);
          lfFindings.set(c, findings);
          const at = { dir, file };
          caseFiles.set(c, at);
          assert.deepEqual(
            findings.map(f => ({ line: f.range.start.line + 1, column: f.range.start.character + 1 })),
            c.errors.map(e => ({ line: e.line, column: e.column })),
            `findings at the expected places; got:\n${findings.map(describeFinding).join("\n")}`,
          );
          c.errors.forEach((e, i) => {
            const f = findings[i]!;
            if (e.endLine !== undefined) assert.equal(f.range.end.line + 1, e.endLine, "endLine");
            if (e.endColumn !== undefined) assert.equal(f.range.end.character + 1, e.endColumn, "endColumn");
            // Required by the type too; checked here for cases built from untyped data.
            assert.ok(e.messageId !== undefined, `expected finding ${i + 1} names its messageId (got ${JSON.stringify(f.messageId)})`);
            assert.equal(f.messageId, e.messageId, "messageId");
            if (e.message) assert.ok(f.message.includes(e.message), `message ${JSON.stringify(f.message)} includes ${JSON.stringify(e.message)}`);
            if (e.severity) assert.equal(f.severity, e.severity, "severity");
            if (e.basis !== undefined) assert.equal(f.basis, e.basis, "basis");
            if (e.related) {
              assert.equal(f.related.length, e.related.length, `related: ${f.related.map(r => r.message).join(" | ")}`);
              e.related.forEach((r, j) => assert.ok(f.related[j]!.message.includes(r), `related[${j}] ${f.related[j]!.message} includes ${r}`));
            }
            if (e.fixes)
              assert.deepEqual(
                f.fixes.map(x => x.title),
                e.fixes,
                "fix titles",
              );
          });
          // The editor's own "fix all": preferred fixes, conflicting ones on later passes after a re-lint.
          const relint = (text: string) => {
            linter.setOverlay(file, text);
            const r = linter.lintFile(file, { settings: settingsOf(c) });
            return r && { ...r, findings: r.findings.filter(f => f.ruleId === ruleId) };
          };
          // Suggestions, each applied alone as the editor's menu applies it.
          c.errors.forEach((e, i) => {
            if (!e.suggestions) return;
            const finding = findings[i]!;
            const offered = finding.fixes.filter(x => x.suggestion);
            assert.deepEqual(
              offered.map(x => x.title),
              e.suggestions.map((s, j) => s.title ?? offered[j]?.title),
              `suggestions of finding ${i + 1}`,
            );
            offered.forEach((fix, j) => {
              const expected = e.suggestions![j]!;
              const applied = fixAllInText(c.code, { fileName: file, findings, problems: [] }, f => (f === finding ? fix : undefined), relint);
              linter.setOverlay(file, undefined);
              assert.equal(applied, expected.output, `"${fix.title}" applied`);
              const added = addedFindings(everyRuleFindingsOf(c, at), everyFindingOf(lintText(c, at, applied, allRulesSettingsOf(c))), finding);
              assert.deepEqual(added.map(findingKey), [], `"${fix.title}" applied leaves no new finding (and removes its own):\n${applied}`);
              const errors = linter.compilerErrors(file);
              linter.setOverlay(file, undefined);
              if (expected.compiles ?? true) assert.deepEqual(errors, [], `"${fix.title}" applied compiles:\n${applied}`);
            });
          });
          const output = fixAllInText(c.code, { fileName: file, findings, problems: [] }, fixForFixAll, relint);
          linter.setOverlay(file, undefined);
          if (c.output === undefined) {
            assert.equal(output, c.code, `expected no fix; fixing gives:\n${output}`);
            return;
          }
          assert.equal(output, c.output, "fixed output");
          // Fixes leave no new finding of any rule in any file of the project (a fix that starts I/O carries its
          // timeout, a fan-out its limit; a helper that now does I/O is no item of a caller's fan-out).
          // Compared by file, rule and message (numbers blanked: lines in call chains move), each counted.
          const added = addedFindings(everyRuleFindingsOf(c, at), everyFindingOf(lintText(c, at, output, allRulesSettingsOf(c))));
          linter.setOverlay(file, undefined);
          if (c.knownFixDefect) {
            console.log(`# known fix defect (${c.name}): ${c.knownFixDefect.why}`);
            assert.ok(
              added.length > 0 && added.every(f => f.ruleId === c.knownFixDefect!.rule),
              `the known fix defect changed: ${added.map(findingKey).join("; ") || "no new finding (remove knownFixDefect)"}`,
            );
          } else assert.deepEqual(added.map(findingKey), [], `the fixed code has new findings:\n${output}`);
          if (c.outputCompiles ?? true) {
            writeFileSync(file, output);
            linter.fileChanged(file);
            assert.deepEqual(linter.compilerErrors(file), [], `the fixed code compiles:\n${output}`);
            // Each fix an editor may apply (not a suggestion) also compiles on its own: the user
            // picks one from the menu, not only "fix all".
            for (const finding of findings)
              for (const fix of finding.fixes) {
                if (fix.suggestion || fix.edits.some(e => e.fileName !== file)) continue;
                // As the editor applies one: its edits, then the imports it left unused removed.
                writeFileSync(file, c.code);
                linter.fileChanged(file);
                const alone = fixAllInText(c.code, { fileName: file, findings, problems: [] }, f => (f === finding ? fix : undefined), relint);
                linter.setOverlay(file, undefined);
                writeFileSync(file, alone);
                linter.fileChanged(file);
                assert.deepEqual(linter.compilerErrors(file), [], `"${fix.title}" applied alone compiles:\n${alone}`);
              }
          }
        });
        // A lone "\r" file's positions are checked by the mixed variant too; alone, it is linted only
        // where it checks what the mixed one cannot: that fixes insert the file's own line break.
        for (const variant of lineBreakVariants.filter(v => !v.onlyWithFixes || c.output !== undefined)) {
          test(`${c.name ?? firstLine(c.code)} [${variant.name}]`, () => {
            const lf = lfFindings.get(c) ?? lint(c).findings;
            const code = variant.apply(c.code);
            // The same project, the variant as the file's text (as an editor holds a file with other line breaks).
            const { file, findings } = lintText(c, caseFiles.get(c) ?? lint(c), code, settingsOf(c));
            const lfDoc = TextDocument.create("lf", "typescript", 0, c.code);
            const doc = TextDocument.create("variant", "typescript", 0, code);
            // The editor's positions (LSP's reference implementation) of the same code.
            const moved = (r: Finding["range"]) => ({
              start: doc.positionAt(variant.offset(c.code, lfDoc.offsetAt(r.start))),
              end: doc.positionAt(variant.offset(c.code, lfDoc.offsetAt(r.end))),
            });
            assert.deepEqual(
              findings.map(f => ({ ruleId: f.ruleId, range: f.range })),
              lf.map(f => ({ ruleId: f.ruleId, range: moved(f.range) })),
              "the same findings, at the editor's positions",
            );
            const relint = (text: string) => {
              linter.setOverlay(file, text);
              const r = linter.lintFile(file, { settings: settingsOf(c) });
              return r && { ...r, findings: r.findings.filter(f => f.ruleId === ruleId) };
            };
            const output = fixAllInText(code, { fileName: file, findings, problems: [] }, fixForFixAll, relint);
            linter.setOverlay(file, undefined);
            const expected = c.output ?? c.code;
            if (variant.exact) assert.equal(output, variant.apply(expected), "fixed output, in the file's line break");
            else assert.equal(normalizeLineBreaks(output), expected, "fixed output (line breaks aside)");
          });
        }
      }
    });
  });
}

interface LineBreakVariant {
  name: string;
  apply: (lfText: string) => string;
  /** Where `apply` moves an offset of the "\n" text. */
  offset: (lfText: string, offset: number) => number;
  /** Fixes insert the file's line break, so the output is `apply(expected output)`; else only compared with line breaks aside. */
  exact: boolean;
  /** Linted only for cases whose findings have fixes. */
  onlyWithFixes?: boolean;
}

const countNewlinesBefore = (text: string, offset: number) => {
  let n = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
};

// U+2028/U+2029 are JavaScript line terminators but not the editor's: TypeScript counts more lines than the editor does.
const mixed = ["\u2028", "\r", "\u2029", "\r\n", "\n"];
const lineBreakVariants: LineBreakVariant[] = [
  { name: "CRLF", apply: t => t.replace(/\n/g, "\r\n"), offset: (t, o) => o + countNewlinesBefore(t, o), exact: true },
  { name: "CR", apply: t => t.replace(/\n/g, "\r"), offset: (_, o) => o, exact: true, onlyWithFixes: true },
  {
    name: "U+2028, CR, U+2029, CRLF, LF",
    apply: t => {
      let k = 0;
      // A "\r" right before a "\n" would make one CRLF of two line breaks.
      return t.replace(/\n/g, (_, at: number) => {
        let eol = mixed[k++ % mixed.length]!;
        if (eol === "\r" && t[at + 1] === "\n") eol = mixed[k++ % mixed.length]!;
        return eol;
      });
    },
    offset: (t, o) => o + crlfsBefore(t, o),
    exact: false,
  },
];

/** How many "\n"s before `offset` the mixed variant turned into "\r\n". */
function crlfsBefore(text: string, offset: number): number {
  let k = 0,
    n = 0;
  for (let at = 0; at < offset; at++) {
    if (text.charCodeAt(at) !== 10) continue;
    let eol = mixed[k++ % mixed.length]!;
    if (eol === "\r" && text[at + 1] === "\n") eol = mixed[k++ % mixed.length]!;
    if (eol === "\r\n") n++;
  }
  return n;
}

const normalizeLineBreaks = (text: string) => text.replace(/\r\n|[\r\u2028\u2029]/g, "\n");

function firstLine(code: string): string {
  const line =
    code
      .trim()
      .split("\n")
      .find(l => l.trim() && !l.trim().startsWith("import")) ?? code.trim();
  return line.trim().slice(0, 90);
}

/** A finding by file, rule and message (numbers blanked: lines in call chains move). */
function findingKey(f: Finding): string {
  return `${f.fileName.replace(/^.*[\\/]case-\d+[\\/]/, "")}: ${f.ruleId}: ${f.message.replace(/\d+/g, "#")}`;
}

function everyFindingOf(r: { all: Finding[]; others: Finding[] }): Finding[] {
  return [...r.all, ...r.others];
}

/**
 * The findings of `after` that `before` did not have, compared by file, rule and message and
 * counted (one of two equal findings can be new); `removed` is a finding the change must take away.
 */
function addedFindings(before: readonly Finding[], after: readonly Finding[], removed?: Finding): Finding[] {
  const counts = new Map<string, number>();
  for (const f of before) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
  if (removed) counts.set(findingKey(removed), (counts.get(findingKey(removed)) ?? 0) - 1);
  return after.filter(f => {
    const n = counts.get(findingKey(f)) ?? 0;
    counts.set(findingKey(f), n - 1);
    return n <= 0;
  });
}

function describeFinding(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}: ${f.message}`;
}

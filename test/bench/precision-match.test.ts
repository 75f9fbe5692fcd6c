// The precision benchmark's matching and scoring (bench/precision/match.mjs) on synthetic labels
// and findings: the precision figures issue 10 is judged by are only as good as this matching.
import { describe, test } from "node:test";
import assert from "node:assert/strict";

interface Finding {
  file: string;
  line: number;
  rule: string;
  message?: string;
  messageId?: string;
  basis?: string;
}
interface Label {
  file: string;
  line: number;
  rule: string;
  true?: boolean;
  why: string;
}
interface Labels {
  findings?: Label[];
  misses?: Label[];
}
interface Match {
  matched: { finding: Finding; label: Label; kind: "finding" | "miss" }[];
  unjudged: Finding[];
  lost: Label[];
}
interface Row {
  findings: number;
  judged: number;
  true: number;
  lost: number;
  unjudged: number;
  missesFound: number;
}
interface MatchLib {
  ruleIds: string[];
  matchFindings(findings: Finding[], labels: Labels, opts?: { drift?: number }): Match;
  scoreMatch(match: Match, findings: Finding[], rules?: string[]): Record<string, Row>;
  addRows(...tables: Record<string, Row>[]): Record<string, Row>;
  totalOf(table: Record<string, Row>): Row;
  precisionOf(row: Row): number | undefined;
  findingsFromLintJson(reports: unknown[], root: string): Finding[];
  isolationDiff(together: Finding[], alone: Finding[], rule: string): { where: string; rule: string; only: "together" | "alone" }[];
  scoreByEvidence(perCorpus: { slug: string; match: Match }[]): {
    rule: string;
    kind: string;
    findings: number;
    judged: number;
    true: number;
    unjudged: number;
    corpora: number;
    falseIn: number;
  }[];
}
const lib = (await import(new URL("../../bench/precision/match.mjs", import.meta.url).href)) as MatchLib;

const FP = "floating-promise",
  UC = "unbounded-concurrency",
  BC = "blocking-call-in-async";
const labels: Labels = {
  findings: [
    { file: "a.js", line: 10, rule: FP, true: true, why: "rejects" },
    { file: "a.js", line: 20, rule: FP, true: false, why: "cannot reject" },
    { file: "a.js", line: 30, rule: UC, true: true, why: "rows" },
    { file: "b.js", line: 5, rule: BC, true: true, why: "per request" },
    { file: "b.js", line: 7, rule: BC, true: true, why: "per request, second call on the line" },
    { file: "b.js", line: 7, rule: BC, true: false, why: "start-up" },
  ],
  misses: [{ file: "c.js", line: 3, rule: UC, why: "mapped into a variable first" }],
};

describe("precision matching", () => {
  test("exact file + rule + line, one to one; the rest unjudged; true labels not found are lost", () => {
    const findings: Finding[] = [
      { file: "a.js", line: 10, rule: FP },
      { file: "a.js", line: 20, rule: FP },
      { file: "a.js", line: 30, rule: FP }, // same line as a label of another rule: unjudged
      { file: "b.js", line: 7, rule: BC },
      { file: "b.js", line: 7, rule: BC },
      { file: "b.js", line: 7, rule: BC }, // a third finding on a line with two labels
      { file: "c.js", line: 3, rule: UC }, // a known miss, now found
    ];
    const m = lib.matchFindings(findings, labels);
    assert.deepEqual(
      m.unjudged.map(f => `${f.file}:${f.line}:${f.rule}`),
      ["a.js:30:floating-promise", "b.js:7:blocking-call-in-async"],
    );
    assert.deepEqual(m.lost.map(l => `${l.file}:${l.line}:${l.rule}`).sort(), ["a.js:30:unbounded-concurrency", "b.js:5:blocking-call-in-async"]);
    assert.equal(m.matched.filter(x => x.kind === "miss").length, 1);

    const t = lib.scoreMatch(m, findings);
    assert.deepEqual(t[FP], { findings: 3, judged: 2, true: 1, lost: 0, unjudged: 1, missesFound: 0 });
    assert.deepEqual(t[BC], { findings: 3, judged: 2, true: 1, lost: 1, unjudged: 1, missesFound: 0 });
    assert.deepEqual(t[UC], { findings: 1, judged: 1, true: 1, lost: 1, unjudged: 0, missesFound: 1 });
    assert.equal(lib.precisionOf(t[FP]!), 0.5);
    assert.equal(lib.precisionOf(t["missing-timeout"]!), undefined);
    assert.deepEqual(lib.totalOf(t), { findings: 7, judged: 5, true: 3, lost: 2, unjudged: 2, missesFound: 1 });
  });

  test("line drift is off by default; with --drift N the nearest unmatched label within N lines is taken, exact matches first", () => {
    const moved: Finding[] = [
      { file: "a.js", line: 12, rule: FP },
      { file: "a.js", line: 20, rule: FP },
    ];
    assert.equal(lib.matchFindings(moved, labels).unjudged.length, 1);
    const m = lib.matchFindings(moved, labels, { drift: 2 });
    assert.equal(m.unjudged.length, 0);
    assert.deepEqual(m.matched.map(x => [x.finding.line, x.label.line]).sort(), [
      [12, 10],
      [20, 20],
    ]);
    // Not beyond the drift, and never to a label of another file or rule.
    assert.equal(lib.matchFindings([{ file: "a.js", line: 13, rule: FP }], labels, { drift: 2 }).unjudged.length, 1);
    assert.equal(lib.matchFindings([{ file: "a.js", line: 31, rule: FP }], labels, { drift: 2 }).unjudged.length, 1);
  });

  test("sets add up per rule", () => {
    const one = lib.scoreMatch(lib.matchFindings([{ file: "a.js", line: 10, rule: FP }], labels), [{ file: "a.js", line: 10, rule: FP }]);
    const sum = lib.addRows(one, one);
    assert.equal(sum[FP]!.true, 2);
    assert.equal(sum[FP]!.findings, 2);
    assert.equal(sum[BC]!.lost, 4);
  });

  test("rules that are off by default are scored when named (score.mjs --rules): a row for each named rule, none for the others", () => {
    const rule = "timer-lifecycle";
    const findings = [{ file: "a.js", line: 3, rule }];
    const table = lib.scoreMatch(lib.matchFindings(findings, { findings: [{ file: "a.js", line: 3, rule, true: true, why: "w" }] } as Labels), findings, [
      rule,
    ]);
    assert.deepEqual(Object.keys(table), [rule]);
    assert.equal(table[rule]!.true, 1);
  });

  test("lint JSON (ESLint's shape) becomes findings relative to the corpus root, other rules and fatal messages dropped", () => {
    const reports = [
      {
        filePath: "/corp/x/lib/a.js",
        messages: [
          { ruleId: FP, line: 4, column: 2, severity: 1, message: "m" },
          { ruleId: null, line: 1, column: 1, severity: 2, message: "parse error", fatal: true },
          { ruleId: "other-rule", line: 1, column: 1, severity: 1, message: "x" },
        ],
      },
    ];
    assert.deepEqual(
      lib.findingsFromLintJson(reports, "/corp/x").map(f => `${f.file}:${f.line}:${f.rule}`),
      ["lib/a.js:4:floating-promise"],
    );
  });

  test("precision per kind of evidence: grouped by rule, message id and evidence tag across corpora, counting the corpora with a false one", () => {
    const a = [
      { file: "a.js", line: 10, rule: FP, messageId: "floating", basis: "library-io" },
      { file: "a.js", line: 20, rule: FP, messageId: "floating", basis: "project-throw" },
      { file: "a.js", line: 40, rule: FP, messageId: "floating", basis: "library-io" },
    ];
    const b = [
      { file: "b.js", line: 1, rule: FP, messageId: "floating", basis: "library-io" },
      { file: "b.js", line: 2, rule: FP, messageId: "floating", basis: "library-io" },
    ];
    const labelsA: Labels = {
      findings: [
        { file: "a.js", line: 10, rule: FP, true: true, why: "w" },
        { file: "a.js", line: 20, rule: FP, true: false, why: "w" },
      ],
    };
    const labelsB: Labels = {
      findings: [
        { file: "b.js", line: 1, rule: FP, true: true, why: "w" },
        { file: "b.js", line: 2, rule: FP, true: false, why: "w" },
      ],
    };
    const kinds = lib.scoreByEvidence([
      { slug: "a", match: lib.matchFindings(a, labelsA) },
      { slug: "b", match: lib.matchFindings(b, labelsB) },
    ]);
    assert.deepEqual(
      kinds.map(k => [k.rule, k.kind, k.findings, k.judged, k.true, k.unjudged, k.corpora, k.falseIn]),
      [
        [FP, "floating/library-io", 4, 3, 2, 1, 2, 1],
        [FP, "floating/project-throw", 1, 1, 0, 0, 1, 1],
      ],
    );
  });
});

describe("isolation", () => {
  test("a rule's findings that only its run alone, or only the run with the others, has; by file, line and count", () => {
    const together: Finding[] = [
      { file: "a.js", line: 10, rule: FP },
      { file: "a.js", line: 12, rule: UC }, // another rule: not this one's business
      { file: "b.js", line: 7, rule: FP },
      { file: "b.js", line: 7, rule: FP },
      { file: "c.js", line: 2, rule: FP },
    ];
    const alone: Finding[] = [
      { file: "a.js", line: 10, rule: FP },
      { file: "b.js", line: 7, rule: FP },
      { file: "a.js", line: 9, rule: FP },
    ];
    assert.deepEqual(lib.isolationDiff(together, alone, FP), [
      { where: "a.js:9", rule: FP, only: "alone" },
      { where: "b.js:7", rule: FP, only: "together" },
      { where: "c.js:2", rule: FP, only: "together" },
    ]);
    assert.deepEqual(lib.isolationDiff(together, together, FP), [], "the same run: nothing differs");
    assert.deepEqual(lib.isolationDiff(together, alone, UC), [{ where: "a.js:12", rule: UC, only: "together" }]);
  });
});

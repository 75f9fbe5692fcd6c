// After any edit, the editor's findings must be those a lint from scratch gives for the same
// texts: whatever the engine carries from one keystroke to the next (call-graph facts re-keyed
// or dropped, project summaries, syntax errors, per-tree caches) may only save work, never
// change a finding. The example project (examples/: a handler file calling a blocking helper in
// another file, floating promises, fetch without timeout) is edited at many points, keystroke by
// keystroke, in one long-lived engine; at every few steps each file's findings are compared with
// those of a new engine that sees the same unsaved texts. Nothing is written to disk.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Linter } from "../../server/src/analysis/linter";
import type { FileResult } from "../../server/src/analysis/findings";
import { repoRoot } from "../helpers/built";

const dir = join(repoRoot, "examples");
const files = readdirSync(join(dir, "src"))
  .filter(f => f.endsWith(".ts"))
  .sort()
  .map(f => join(dir, "src", f));
const original = new Map(files.map(f => [f, readFileSync(f, "utf8")]));

/** What must be equal: every finding's rule, place, message, related places and fixes. */
function shape(result: FileResult | undefined): string {
  if (!result) return "(cancelled)";
  const findings = result.findings.map(f =>
    JSON.stringify([f.ruleId, f.range, f.message, f.related.map(r => [r.fileName, r.range, r.message]), f.fixes.map(x => [x.title, x.edits])]),
  );
  const problems = result.problems.map(p => `${p.kind}:${p.message}`);
  return [...findings, ...problems].join("\n");
}

/** One edit: in `file`, `find` (its first occurrence) becomes `replace`, typed or deleted one piece at a time. */
interface Edit {
  file: string;
  find: string;
  replace: string;
}

const at = (name: string) => files.find(f => f.endsWith(`/${name}`))!;
/** Statements typed at the start of every function body, and edits of the helpers other files call. */
const snippets = ['fetch("https://example.com/");', 'readFileSync("x");', "await Promise.reject(new Error());", "return;"];

function edits(): Edit[] {
  const list: Edit[] = [];
  let n = 0;
  for (const file of files) {
    const lines = original.get(file)!.split("\n");
    lines.forEach((line, i) => {
      // A body's first line: after a line that opens a block.
      if (i === 0 || !/\{\s*$/.test(lines[i - 1]!) || !line.trim()) return;
      list.push({ file, find: `${lines[i - 1]}\n${line}`, replace: `${lines[i - 1]}\n  ${snippets[n++ % snippets.length]}\n${line}` });
    });
  }
  // The blocking helper's read goes away and comes back: its callers in reports.ts follow.
  list.push({ file: at("config.ts"), find: 'readFileSync(path, "utf8")', replace: '"{}"' });
  // The async helper becomes a blocking one under the same name.
  list.push({ file: at("config.ts"), find: 'await readFile(path, "utf8")', replace: 'readFileSync(path, "utf8")' });
  return list;
}

/** The texts between `from` and `to`, one piece at a time: deleting to the common prefix, then typing. */
function steps(from: string, to: string, pieces: number): string[] {
  let common = 0;
  while (common < from.length && from[common] === to[common]) common++;
  let suffix = 0;
  while (suffix < from.length - common && suffix < to.length - common && from[from.length - 1 - suffix] === to[to.length - 1 - suffix]) suffix++;
  const removed = from.slice(common, from.length - suffix);
  const added = to.slice(common, to.length - suffix);
  const head = from.slice(0, common),
    tail = from.slice(from.length - suffix);
  const out: string[] = [];
  for (let k = 1; k <= pieces; k++) {
    const keep = removed.slice(0, Math.round(removed.length * (1 - k / pieces)));
    out.push(head + keep + tail);
  }
  for (let k = 1; k <= pieces; k++) out.push(head + added.slice(0, Math.round((added.length * k) / pieces)) + tail);
  return [...new Set(out)];
}

test("edited at many points, keystroke after keystroke, every file's findings equal a lint from scratch of the same texts", () => {
  const incremental = new Linter({ cwd: dir });
  const texts = new Map(original);
  const lintAll = (linter: Linter) => files.map(f => shape(linter.lintFile(f)));
  let compared = 0,
    findingsSeen = 0;
  try {
    const before = lintAll(incremental);
    findingsSeen += before.join("\n").split("\n").filter(Boolean).length;
    const plan = edits();
    assert.ok(plan.length >= 10, `only ${plan.length} edit points found in examples/`);
    plan.forEach((edit, e) => {
      const base = texts.get(edit.file)!;
      assert.ok(base.includes(edit.find), `edit ${e}: ${JSON.stringify(edit.find)} not in ${edit.file}`);
      const target = base.replace(edit.find, edit.replace);
      // Typed in, then taken out again: both ways go through half-typed, unparsable texts.
      const path = [...steps(base, target, 3), ...steps(target, base, 2)];
      path.forEach((text, s) => {
        texts.set(edit.file, text);
        incremental.setOverlay(edit.file, text);
        const got = lintAll(incremental);
        // Compared when typed in, and on every other edit half-way or back at the start (a new engine per comparison).
        if (s !== 2 && !(e % 4 === 0 && s === 1) && !(e % 4 === 2 && s === path.length - 1)) return;
        const fresh = new Linter({ cwd: dir });
        try {
          for (const [file, t] of texts) if (t !== original.get(file)) fresh.setOverlay(file, t);
          const expected = lintAll(fresh);
          files.forEach((file, i) => {
            assert.equal(
              got[i],
              expected[i],
              `edit ${e} step ${s} (${edit.file.slice(dir.length + 1)}): findings in ${file.slice(dir.length + 1)} differ from a fresh lint`,
            );
          });
          findingsSeen += expected.join("\n").split("\n").filter(Boolean).length;
          compared++;
        } finally {
          fresh.close();
        }
      });
    });
  } finally {
    incremental.close();
  }
  // The comparisons saw findings (a rule set that finds nothing would compare nothing).
  assert.ok(compared >= 20, `only ${compared} comparisons`);
  console.log(`${compared} comparisons, ${findingsSeen} findings`);
  assert.ok(findingsSeen > compared, `only ${findingsSeen} findings over ${compared} comparisons`);
});

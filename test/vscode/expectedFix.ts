// What the editor must show and do for the end-to-end tests, computed with the same engine on
// the same copy of examples/: the first direct blocking call with a preferred one-file fix.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding, Fix } from "../../server/src/analysis/findings";
import { Linter } from "../../server/src/analysis/linter";

export interface Expected {
  file: string;
  finding: Finding;
  fix: Fix;
  fixedText: string;
}

export function expectedFix(folder: string): Expected {
  const files = readdirSync(join(folder, "src"), { recursive: true })
    .map(String)
    .filter(f => /\.[cm]?[tj]s$/.test(f))
    .sort()
    .map(f => join(folder, "src", f));
  const linter = new Linter({ cwd: folder });
  try {
    linter.openFiles(files);
    for (const file of files) {
      const result = linter.lintFile(file);
      // A direct call with a preferred fix that edits only this file: the simplest thing to see and apply.
      const finding = result?.findings.find(
        f => f.ruleId === "blocking-call-in-async" && f.related.length === 0 && f.fixes.some(x => x.isPreferred && x.edits.every(e => e.fileName === file)),
      );
      if (!finding) continue;
      const fix = finding.fixes.find(x => x.isPreferred)!;
      const text = readFileSync(file, "utf8");
      const fixedText = TextDocument.applyEdits(TextDocument.create("file:///x", "typescript", 0, text), fix.edits);
      return { file, finding, fix, fixedText };
    }
  } finally {
    linter.close();
  }
  throw new Error(`no fixable blocking-call-in-async finding in ${folder}/src: the examples need one for this test`);
}

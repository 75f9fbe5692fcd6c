// THE list of mutation kinds `npm test` runs, and the kinds it skips with the reason. A kind
// moves from knownDefects to enabledInNpmTest when the defect it finds is fixed.
import type { MutationKind } from "./mutations";

export const enabledInNpmTest: MutationKind[] = [
  "token-span",
  "unbalanced-brackets",
  "truncate",
  "deep-nesting",
  "nul",
  "replacement-char",
  "huge-line",
  // Issue 16's defects, fixed: compiler supervision (lone surrogates, document kinds the compiler
  // cannot take, restarts), lint budgets and iterative walks (extreme nesting, huge files and
  // lines), positions through positions.ts (line terminators), capped code actions.
  "lone-surrogate",
  "odd-document",
  "deep-nesting-extreme",
  "line-breaks-lf-crlf",
  "line-breaks-cr-ls-ps",
  "huge-expression-line",
  "huge-line-of-findings",
];

export const knownDefects: Partial<Record<MutationKind, string>> = {
  "huge-file": "issue 16 defect 3, still open under the 2 MB limit: a 1.4-1.5 MB file (a seed repeated, thousands of functions with the same names) blocks the server's event loop past the 15 s deadline (no ping answered; `loopscope lint` on its first 600 KB takes 18 s of CPU, 300 KB 6 s): blocking-call-in-async's start-up paths look up every same-named identifier from the text (identifiersNamed + deepestNodeAt, superlinear), and the lint budget stops only the compiler, not rules' JavaScript (fuzz seed 20261203, repros stuck_textDocument_diagnostic-424541440 and stuck_textDocument_publishDiagnostics-485909049 in test/fuzz/.repros/)",
};

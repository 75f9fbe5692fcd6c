// The fix for a bounded retry loop with a numeric counter: wait `backoff(attempt)` before going
// round again, with a small helper written at the end of the file (exponential backoff with
// full jitter, capped). It compiles wherever the loop did: the counter is a number, the helper
// uses only the runtime's `setTimeout`, and the awaited helper is the jittered backoff the rule
// asks for, so the loop is no longer reported.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isLoop, skipOuterExpressions } from "../../analysis/syntax";
import { isFunctionLike } from "../../analysis/async-context";
import { indentAt, spanRange } from "../../analysis/positions";
import { fileStyleOf, formatNumber, inSemicolonStyle } from "../../analysis/file-style";
import { walkPruned } from "../../analysis/walk";
import type { Fix, TextEdit } from "../../analysis/findings";
import type { FileAnalysis } from "../rule";
import type { RetryLoop } from "./retry-loops";

const helperName = "backoff";

type Any = Node & Record<string, unknown>;
const get = <T = Node>(node: Node, key: string): T => (node as Any)[key] as T;

/**
 * Adds `await backoff(counter)` at the end of the catch block (before a final `continue`), or in
 * place of the constant wait. Undefined when the loop has no counter, the catch block can skip
 * its end (another `continue`), or the name is taken.
 */
export function backoffFix(fa: FileAnalysis, retry: RetryLoop, constantWait: Node | undefined): Fix | undefined {
  const { sourceFile, fileName } = fa;
  const text = sourceFile.text;
  if (!retry.counter || !retry.bounded) return undefined;
  const style = fileStyleOf(sourceFile, text);
  const js = /\.[cm]?jsx?$/.test(fileName);
  // Our own helper, added by an earlier fix: reuse it. Any other `backoff` may take other arguments.
  const helperPresent = text.includes(signatureOf(js, formatNumber(10_000, style)));
  if (!helperPresent && new RegExp(`(?<![\\w$.])${helperName}(?![\\w$])`).test(text)) return undefined;
  const call = `await ${helperName}(${retry.counter})`;
  const edits: TextEdit[] = [];
  if (constantWait) {
    edits.push({ fileName, range: spanRange(sourceFile, constantWait.getStart(sourceFile), constantWait.end), newText: call });
  } else {
    const block = get(get(retry.attempt, "catchClause"), "block");
    const statements = get<readonly Node[]>(block, "statements");
    const last = statements[statements.length - 1];
    const endsWithContinue = last?.kind === SyntaxKind.ContinueStatement && !get<Node | undefined>(last, "label");
    if (skipsItsEnd(block, endsWithContinue ? last : undefined)) return undefined;
    const statement = inSemicolonStyle(`${call};`, style);
    if (last) {
      const at = endsWithContinue ? last.getStart(sourceFile) : last.end;
      const indent = indentAt(text, last.getStart(sourceFile));
      edits.push({ fileName, range: spanRange(sourceFile, at, at), newText: endsWithContinue ? `${statement}\n${indent}` : `\n${indent}${statement}` });
    } else {
      const open = block.getStart(sourceFile);
      const indent = indentAt(text, retry.attempt.getStart(sourceFile));
      edits.push({ fileName, range: spanRange(sourceFile, open + 1, block.end - 1), newText: `\n${indent}  ${statement}\n${indent}` });
    }
  }
  if (!helperPresent) {
    const at = text.length;
    const lead = /[\r\n\u2028\u2029]$/.test(text) ? "\n" : "\n\n";
    edits.push({ fileName, range: spanRange(sourceFile, at, at), newText: `${lead}${inSemicolonStyle(helper(js, formatNumber(10_000, style)), style)}` });
  }
  // Replacing a wait may leave its helper or import unused (an error under noUnusedLocals): menu only.
  const title = `Wait with exponential backoff and jitter before retrying${helperPresent ? "" : ` (adds a ${helperName} helper)`}`;
  return constantWait ? { title, edits, suggestion: true } : { title, edits, isPreferred: true };
}

/** A `continue` of the loop (other than `except`), or a labelled one, anywhere in the block: the end may be skipped. */
function skipsItsEnd(block: Node, except: Node | undefined): boolean {
  let skips = false;
  walkPruned(block, n => {
    if (skips) return "stop";
    if (isFunctionLike(n) || (isLoop(n) && n !== block)) return false;
    if (n.kind === SyntaxKind.ContinueStatement && n !== except) skips = true;
    return true;
  });
  return skips;
}

function signatureOf(js: boolean, max: string): string {
  return js
    ? `function ${helperName}(attempt, baseMs = 100, maxMs = ${max})`
    : `function ${helperName}(attempt: number, baseMs = 100, maxMs = ${max}): Promise<void>`;
}

function helper(js: boolean, max: string): string {
  const signature = signatureOf(js, max);
  return `/** Waits before retry number \`attempt\` (0, 1, 2, ...): exponential backoff with full jitter, at most \`maxMs\`. */
${signature} {
  const ms = Math.random() * Math.min(maxMs, baseMs * 2 ** attempt);
  return new Promise(resolve => setTimeout(resolve, ms));
}
`;
}

/** The awaited wait to replace, when it is a plain `await` statement's expression. */
export function replaceableWait(awaited: Node): Node | undefined {
  const parent = awaited.parent;
  return parent?.kind === SyntaxKind.ExpressionStatement && skipOuterExpressions(get(parent, "expression")) === awaited ? awaited : undefined;
}

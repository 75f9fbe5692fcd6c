// The fix for a counted retry loop (`for (let attempt = 0; attempt < 3; attempt++) { try { return
// await work() } catch (err) { ... } }`): the loop becomes a call of a typed `retry(fn, { retries,
// factor, jitter, signal })` helper written at the end of the file (exponential backoff with full
// jitter, capped, cancelled by the signal), like unbounded-concurrency's `mapWithConcurrency`.
// The loop's body moves as it is into `fn`; its catch block rethrows so that `retry` sees the
// failure; the counter becomes `fn`'s parameter (the helper counts from 0 as the loop did).
//
// The same attempts and the same work on each, but one thing changes: when every attempt fails,
// `retry` throws the last error, where the loop went on after its end. The fix is preferred
// (applied by "fix all") only where the loop threw then anyway: a lone `throw` after the loop
// (removed) or a rethrow on the last attempt in the catch block. Elsewhere it is a suggestion.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { enclosingFunction, isLoop, skipOuterExpressions, textOf, isLetList, nodeField as get } from "../../analysis/syntax";
import { isFunctionLike } from "../../analysis/async-context";
import { indentAt, spanRange } from "../../analysis/positions";
import { fileStyleOf, formatNumber, inSemicolonStyle } from "../../analysis/file-style";
import { walkPruned } from "../../analysis/walk";
import type { Fix, TextEdit } from "../../analysis/findings";
import type { FileAnalysis } from "../rule";
import type { RetryLoop } from "./retry-loops";

const helperName = "retry";

const statementsOf = (block: Node): readonly Node[] => get<readonly Node[]>(block, "statements");

/** A `for` loop's counter: `let c = <start>; c < n (or <=); c++`. */
interface Counter {
  name: string;
  start: number;
  /** How many attempts the loop makes, as code. */
  attempts: { limit: Node; inclusive: boolean };
}

/**
 * The loop written as `retry(fn, { retries })`, or undefined when the loop is not a counted `for`
 * loop whose body can move into a function as it is (no `continue`, no other exit than the
 * try's success, no other write to the counter), or the name `retry` is taken.
 */
export function retryFix(fa: FileAnalysis, retry: RetryLoop, constantWait: Node | undefined): Fix | undefined {
  const { sourceFile, fileName } = fa;
  const text = sourceFile.text;
  const loop = retry.loop;
  if (loop.kind !== SyntaxKind.ForStatement || loop.parent?.kind === SyntaxKind.LabeledStatement) return undefined;
  const counter = counterOf(loop);
  const body = get(loop, "statement");
  if (!counter || body.kind !== SyntaxKind.Block || statementsOf(body).at(-1) !== retry.attempt) return undefined;
  const tryStatements = statementsOf(retry.tryBlock);
  const success = tryStatements.at(-1)!;
  const returns = success.kind === SyntaxKind.ReturnStatement;
  if (!returns && !(success.kind === SyntaxKind.BreakStatement && !get<Node | undefined>(success, "label"))) return undefined;
  if (!movable(body, loop, retry.tryBlock, returns ? undefined : success, counter.name)) return undefined;
  const style = fileStyleOf(sourceFile, text);
  const js = /\.[cm]?jsx?$/.test(fileName);
  const helperPresent = text.includes(signatureOf(js));
  if (!helperPresent && new RegExp(`(?<![\\w$.])${helperName}(?![\\w$])`).test(text)) return undefined;
  const bodyText = body.getText(sourceFile);
  const usesCounter = new RegExp(`(?<![\\w$.])${counter.name}(?![\\w$])`).test(bodyText);
  // The helper counts attempts from 0: a counter from elsewhere would need rewriting.
  if (usesCounter && counter.start !== 0) return undefined;

  const edits: TextEdit[] = [];
  const edit = (start: number, end: number, newText: string) => edits.push({ fileName, range: spanRange(sourceFile, start, end), newText });
  const fn = enclosingFunction(loop);
  const params = fn ? get<readonly Node[]>(fn, "parameters") : [];
  const hasSignal = params.some(p => textOf(get(p, "name")) === "signal");
  const options = [`retries: ${retriesText(counter, style)}`, ...(hasSignal ? ["signal"] : [])].join(", ");
  edit(loop.getStart(sourceFile), body.getStart(sourceFile), `${returns ? "return " : ""}await ${helperName}(async (${usesCounter ? counter.name : ""}) => `);
  // What ran when every attempt failed: a lone `throw` after the loop is what `retry` now does.
  const after = statementsAfter(loop);
  const throwsAfter = returns && after.length === 1 && after[0]!.kind === SyntaxKind.ThrowStatement;
  edit(body.end, throwsAfter ? after[0]!.end : loop.end, inSemicolonStyle(`, { ${options} });`, style));

  // The catch block rethrows, so that `retry` sees the failure (and drops the loop's wait).
  const catchClause = get(retry.attempt, "catchClause");
  const catchBlock = get(catchClause, "block");
  let errorName = retry.errorName;
  if (!errorName) {
    errorName = ["error", "err", "failure"].find(n => !new RegExp(`(?<![\\w$])${n}(?![\\w$])`).test(bodyText));
    if (!errorName) return undefined;
    const open = catchBlock.getStart(sourceFile);
    edit(open, open, `(${errorName}) `);
  }
  const kept = statementsOf(catchBlock).filter(s => s !== constantWait?.parent);
  if (constantWait && kept.length === statementsOf(catchBlock).length) return undefined;
  const rethrow = inSemicolonStyle(`throw ${errorName};`, style);
  const indent = `${indentAt(text, retry.attempt.getStart(sourceFile))}${/^\t/.test(indentAt(text, retry.attempt.getStart(sourceFile))) ? "\t" : "  "}`;
  if (constantWait) {
    const wait = constantWait.parent!;
    const last = kept.at(-1);
    // The wait's own statement becomes the rethrow (when it was last), or goes with its line.
    if (!last || last.end < wait.pos) edit(wait.getStart(sourceFile), wait.end, rethrow);
    else {
      edit(lineStart(text, wait.getStart(sourceFile)), wait.end, "");
      edit(last.end, last.end, `\n${indent}${rethrow}`);
    }
  } else {
    const last = statementsOf(catchBlock).at(-1);
    if (last) edit(last.end, last.end, `\n${indent}${rethrow}`);
    else edit(catchBlock.getStart(sourceFile) + 1, catchBlock.end - 1, `\n${indent}${rethrow}\n${indentAt(text, retry.attempt.getStart(sourceFile))}`);
  }
  // Success no longer leaves a loop: the `break` goes, with its line.
  if (!returns) edit(lineStart(text, success.getStart(sourceFile)), success.end, "");

  if (!helperPresent) {
    const at = text.length;
    const lead = /[\r\n\u2028\u2029]$/.test(text) ? "\n" : "\n\n";
    edit(at, at, `${lead}${inSemicolonStyle(helper(js, formatNumber(10_000, style)), style)}`);
  }
  const preferred =
    returns && !constantWait && (throwsAfter || (after.length === 0 && rethrowsOnLastAttempt(catchBlock, counter.name))) && (hasSignal || !mentionsSignal(fn));
  const title = `Retry with exponential backoff and jitter through \`${helperName}(fn, { retries })\`${helperPresent ? "" : ` (adds a ${helperName} helper)`}`;
  return preferred ? { title, edits, isPreferred: true } : { title: `${title}; when every attempt fails, it throws the last error`, edits, suggestion: true };
}

function counterOf(loop: Node): Counter | undefined {
  const list = get<Node | undefined>(loop, "initializer");
  if (!isLetList(list)) return undefined;
  const declarations = get<readonly Node[]>(list, "declarations");
  const declaration = declarations.length === 1 ? declarations[0]! : undefined;
  const initial = declaration && get<Node | undefined>(declaration, "initializer");
  const name = declaration && textOf(get(declaration, "name"));
  if (!name || !initial || skipOuterExpressions(initial).kind !== SyntaxKind.NumericLiteral) return undefined;
  const start = Number(textOf(skipOuterExpressions(initial)));
  const condition = get<Node | undefined>(loop, "condition");
  const c = condition && skipOuterExpressions(condition);
  if (!c || c.kind !== SyntaxKind.BinaryExpression || textOf(skipOuterExpressions(get(c, "left"))) !== name) return undefined;
  const operator = get(c, "operatorToken").kind;
  if (operator !== SyntaxKind.LessThanToken && operator !== SyntaxKind.LessThanEqualsToken) return undefined;
  if (!countsUp(get<Node | undefined>(loop, "incrementor"), name)) return undefined;
  return { name, start, attempts: { limit: get(c, "right"), inclusive: operator === SyntaxKind.LessThanEqualsToken } };
}

/** `c++`, `++c`, `c += 1`. */
function countsUp(incrementor: Node | undefined, name: string): boolean {
  const n = incrementor && skipOuterExpressions(incrementor);
  if (!n) return false;
  if (n.kind === SyntaxKind.PostfixUnaryExpression || n.kind === SyntaxKind.PrefixUnaryExpression)
    return get<number>(n, "operator") === SyntaxKind.PlusPlusToken && textOf(skipOuterExpressions(get(n, "operand"))) === name;
  return (
    n.kind === SyntaxKind.BinaryExpression &&
    get(n, "operatorToken").kind === SyntaxKind.PlusEqualsToken &&
    textOf(skipOuterExpressions(get(n, "left"))) === name &&
    textOf(skipOuterExpressions(get(n, "right"))) === "1"
  );
}

/** `retries` is the attempts after the first: `n - start - 1` (`n - start` for `<=`). */
function retriesText(counter: Counter, style: ReturnType<typeof fileStyleOf>): string {
  const offset = counter.start + (counter.attempts.inclusive ? 0 : 1);
  const limit = skipOuterExpressions(counter.attempts.limit);
  if (limit.kind === SyntaxKind.NumericLiteral) return formatNumber(Math.max(0, Number(textOf(limit)) - offset), style);
  const written = counter.attempts.limit.getText();
  if (offset === 0) return written;
  const simple = limit.kind === SyntaxKind.Identifier || limit.kind === SyntaxKind.PropertyAccessExpression || limit.kind === SyntaxKind.CallExpression;
  return `${simple ? written : `(${written})`} - ${offset}`;
}

/**
 * The body can become a function's: no `continue`, `break` or `return` of the loop other than
 * the success (`return` in the try block, or its last `break`), no `yield`, no write to the counter.
 */
function movable(body: Node, loop: Node, tryBlock: Node, successBreak: Node | undefined, counter: string): boolean {
  let ok = true;
  walkPruned(body, n => {
    if (!ok) return "stop";
    if (isFunctionLike(n)) return false;
    switch (n.kind) {
      case SyntaxKind.YieldExpression:
        ok = false;
        break;
      case SyntaxKind.ContinueStatement:
      case SyntaxKind.BreakStatement:
        if (n !== successBreak && (get<Node | undefined>(n, "label") || !insideInnerLoopOrSwitch(n, loop))) ok = false;
        break;
      case SyntaxKind.ReturnStatement:
        if (!(n.pos >= tryBlock.pos && n.end <= tryBlock.end) || successBreak) ok = false;
        break;
      case SyntaxKind.BinaryExpression:
        if (get(n, "operatorToken").kind >= SyntaxKind.FirstAssignment && get(n, "operatorToken").kind <= SyntaxKind.LastAssignment) {
          if (textOf(skipOuterExpressions(get(n, "left"))) === counter) ok = false;
        }
        break;
      case SyntaxKind.PrefixUnaryExpression:
      case SyntaxKind.PostfixUnaryExpression:
        if (textOf(skipOuterExpressions(get(n, "operand"))) === counter) ok = false;
        break;
    }
    return ok;
  });
  return ok;
}

/** A `break`/`continue` that leaves a loop or switch nested in the retry loop, not the loop itself. */
function insideInnerLoopOrSwitch(node: Node, loop: Node): boolean {
  for (let n = node.parent; n && n !== loop; n = n.parent)
    if (isLoop(n) || (node.kind === SyntaxKind.BreakStatement && n.kind === SyntaxKind.SwitchStatement)) return true;
  return false;
}

/** `if (attempt === max - 1) throw err` at the top of the catch block: the loop threw when the attempts ran out. */
function rethrowsOnLastAttempt(catchBlock: Node, counter: string): boolean {
  return statementsOf(catchBlock).some(s => {
    if (s.kind !== SyntaxKind.IfStatement || !new RegExp(`(?<![\\w$.])${counter}(?![\\w$])`).test(get(s, "expression").getText())) return false;
    const then = get(s, "thenStatement");
    return then.kind === SyntaxKind.ThrowStatement || (then.kind === SyntaxKind.Block && statementsOf(then).at(-1)?.kind === SyntaxKind.ThrowStatement);
  });
}

/** The function takes a signal some other way (`options.signal`): the call would want it, which we cannot write safely. */
function mentionsSignal(fn: Node | undefined): boolean {
  return !!fn && /(?<![\w$])signal(?![\w$])/.test(fn.getText());
}

function statementsAfter(statement: Node): readonly Node[] {
  const parent = statement.parent;
  if (!parent || (parent.kind !== SyntaxKind.Block && parent.kind !== SyntaxKind.SourceFile)) return [];
  const statements = statementsOf(parent);
  return statements.slice(statements.indexOf(statement) + 1);
}

/** The start of the statement's line when only whitespace precedes it there, else the statement's start. */
function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === " " || text[i - 1] === "\t")) i--;
  return i > 0 && /[\r\n\u2028\u2029]/.test(text[i - 1]!) ? i - 1 : offset;
}

function signatureOf(js: boolean): string {
  return js ? `async function ${helperName}(fn, {` : `async function ${helperName}<T>(\n  fn: (attempt: number) => Promise<T>,`;
}

function helper(js: boolean, max: string): string {
  const options = js
    ? `{ retries = 3, factor = 2, jitter = true, minMs = 100, maxMs = ${max}, signal } = {}`
    : `{ retries = 3, factor = 2, jitter = true, minMs = 100, maxMs = ${max}, signal }: { retries?: number; factor?: number; jitter?: boolean; minMs?: number; maxMs?: number; signal?: AbortSignal } = {}`;
  const head = js ? `${signatureOf(js)}${options.slice(1)}) {` : `${signatureOf(js)}\n  ${options},\n): Promise<T> {`;
  return `/**
 * Calls \`fn\` until it succeeds, at most \`retries\` more times after the first failure, then throws
 * the last error. Between attempts it waits \`minMs * factor ** attempt\` (at most \`maxMs\`), with
 * full jitter (a random part of that wait) so that callers that failed together do not retry
 * together. An aborted \`signal\` ends the wait and the retries.
 */
${head}
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= retries || signal?.aborted) throw err;
      const ms = Math.min(maxMs, minMs * factor ** attempt);
      await new Promise${js ? "" : "<void>"}((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, jitter ? Math.random() * ms : ms);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    }
  }
}
`;
}

/** The awaited wait to replace, when it is a plain `await` statement's expression. */
export function replaceableWait(awaited: Node): Node | undefined {
  const parent = awaited.parent;
  return parent?.kind === SyntaxKind.ExpressionStatement && skipOuterExpressions(get(parent, "expression")) === awaited ? awaited : undefined;
}

// The fix for a counted retry loop (`for (let attempt = 0; attempt < 3; attempt++) { try { return
// await work() } catch (err) { ... } }`, the same with a `while`/`do` loop and a counter declared
// before it, or a `while (true)` that gives up in its catch block): the loop becomes a call of a
// typed `retry(fn, { retries, factor, jitter, signal })` helper written at the end of the file
// (exponential backoff with full jitter, capped, cancelled by the signal), like
// unbounded-concurrency's `mapWithConcurrency`. The loop's body moves as it is into `fn`; its catch
// block rethrows so that `retry` sees the failure; the counter becomes `fn`'s parameter (the helper
// counts from 0), and its update and the check that gave up go.
//
// The same attempts and the same work on each, but one thing changes: when every attempt fails,
// `retry` throws the last error, where the loop may have gone on after its end. The fix is
// preferred (applied by "fix all") only where the loop threw then anyway: a lone `throw` after the
// loop (removed), a rethrow on the last attempt in the catch block, or the catch block's check that
// gave up. Elsewhere it is a suggestion, and so is a limit written for a loop that had none.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import {
  contains,
  enclosingFunction,
  everyUseBySpelling,
  isLoop,
  isPropertyName,
  skipOuterExpressions,
  textOf,
  isLetList,
  nodeField as get,
  assignedTarget,
} from "../../analysis/syntax";
import { isFunctionLike } from "../../analysis/async-context";
import { indentAt, spanRange } from "../../analysis/positions";
import { fileStyleOf, formatNumber, inSemicolonStyle } from "../../analysis/file-style";
import { walkPruned } from "../../analysis/walk";
import type { Fix, TextEdit } from "../../analysis/findings";
import type { FileAnalysis } from "../rule";
import type { RetryLoop } from "./retry-loops";

const helperName = "retry";
/** The `retries` written for a loop that never gave up: a start the user reviews. */
const reviewRetries = 10;

const statementsOf = (block: Node): readonly Node[] => get<readonly Node[]>(block, "statements");

/** `retries` as code: `limit - offset`. */
interface Limit {
  limit: Node;
  offset: number;
}

/** How a loop counts its attempts. */
interface Counting {
  /** The counter: a `let` of the `for` loop, or one declared before the loop. */
  name?: string;
  start: number;
  /** The counter's declaration before the loop (not a `for` loop's own), which goes with the loop. */
  declaration?: Node;
  /** The attempts after the first; for a loop that never gave up, a value to review. */
  retries: Limit | { review: number };
  /** Statements of the body the fix removes: the counter's update, the check that gave up. */
  removed: Node[];
  /** The counter's value at a place of the body is `start + round + seen(place)`. */
  seen: (at: number) => number;
  /** The catch block's check threw the last error when the attempts ran out. */
  throwsLast: boolean;
}

/**
 * The loop written as `retry(fn, { retries })`, or undefined when the number of attempts cannot be
 * read exactly from the loop (a counter from a number, up by one once a round, compared with a
 * limit in the loop's condition or in a check of the catch block that rethrows), the body cannot
 * move into a function as it is (no `continue`, no other exit than the try's success, no other
 * write to the counter), or the name `retry` is taken. A `while (true)` with no counter and no
 * limit gets a suggestion with a `retries` to review.
 */
export function retryFix(fa: FileAnalysis, retry: RetryLoop, constantWait: Node | undefined): Fix | undefined {
  const { sourceFile, fileName } = fa;
  const text = sourceFile.text;
  const loop = retry.loop;
  const body = get(loop, "statement");
  if (loop.parent?.kind === SyntaxKind.LabeledStatement || body.kind !== SyntaxKind.Block) return undefined;
  const catchClause = get(retry.attempt, "catchClause");
  const catchBlock = get(catchClause, "block");
  const counting = countingOf(loop, retry, catchBlock);
  if (!counting) return undefined;
  const removed = new Set(counting.removed);
  // The try is the body's last statement (but for the counter's update).
  const bodyStatements = statementsOf(body);
  const at = bodyStatements.indexOf(retry.attempt);
  if (at < 0 || bodyStatements.slice(at + 1).some(s => !removed.has(s))) return undefined;
  const tryStatements = statementsOf(retry.tryBlock);
  const success = tryStatements.at(-1)!;
  const returns = success.kind === SyntaxKind.ReturnStatement;
  if (!returns && !(success.kind === SyntaxKind.BreakStatement && !get<Node | undefined>(success, "label"))) return undefined;
  if (!movable(body, loop, retry.tryBlock, returns ? undefined : success, counting.name, removed)) return undefined;
  const style = fileStyleOf(sourceFile, text);
  const js = /\.[cm]?jsx?$/.test(fileName);
  const helperPresent = text.includes(signatureOf(js));
  if (!helperPresent && new RegExp(`(?<![\\w$.])${helperName}(?![\\w$])`).test(text)) return undefined;
  const bodyText = body.getText(sourceFile);
  // The helper counts attempts from 0: a counter that reads otherwise would need rewriting.
  const reads = counting.name ? readsOf(counting.name, body, removed) : [];
  if (reads.some(r => counting.start + counting.seen(r.pos) !== 0)) return undefined;
  const review = "review" in counting.retries;

  const edits: TextEdit[] = [];
  const edit = (start: number, end: number, newText: string) => edits.push({ fileName, range: spanRange(sourceFile, start, end), newText });
  const remove = (statement: Node) => edit(lineStart(text, statement.getStart(sourceFile)), statement.end, "");
  const fn = enclosingFunction(loop);
  const params = fn ? get<readonly Node[]>(fn, "parameters") : [];
  const hasSignal = params.some(p => textOf(get(p, "name")) === "signal");
  const retriesOption = "review" in counting.retries ? formatNumber(counting.retries.review, style) : retriesText(counting.retries, style);
  const options = [`retries: ${retriesOption}`, ...(hasSignal ? ["signal"] : [])].join(", ");
  if (counting.declaration) removeDeclaration(counting.declaration, edit, remove);
  edit(loop.getStart(sourceFile), body.getStart(sourceFile), `${returns ? "return " : ""}await ${helperName}(async (${reads.length ? counting.name : ""}) => `);
  // What ran when every attempt failed: a lone `throw` after the loop is what `retry` now does.
  const after = statementsAfter(loop);
  const throwsAfter = returns && after.length === 1 && after[0]!.kind === SyntaxKind.ThrowStatement;
  edit(body.end, throwsAfter ? after[0]!.end : loop.end, inSemicolonStyle(`, { ${options} });`, style));
  for (const s of bodyStatements) if (removed.has(s)) remove(s);

  // The catch block rethrows, so that `retry` sees the failure (and drops the loop's wait and its check).
  let errorName = retry.errorName;
  if (!errorName) {
    errorName = ["error", "err", "failure"].find(n => !new RegExp(`(?<![\\w$])${n}(?![\\w$])`).test(bodyText));
    if (!errorName) return undefined;
    const open = catchBlock.getStart(sourceFile);
    edit(open, open, `(${errorName}) `);
  }
  const catchStatements = statementsOf(catchBlock);
  if (constantWait && !catchStatements.includes(constantWait.parent!)) return undefined;
  const dropped = catchStatements.filter(s => s === constantWait?.parent || removed.has(s));
  const kept = catchStatements.filter(s => !dropped.includes(s));
  const rethrow = inSemicolonStyle(`throw ${errorName};`, style);
  const indent = `${indentAt(text, retry.attempt.getStart(sourceFile))}${/^\t/.test(indentAt(text, retry.attempt.getStart(sourceFile))) ? "\t" : "  "}`;
  const last = kept.at(-1);
  const lastDropped = dropped.at(-1);
  if (lastDropped && (!last || last.end < lastDropped.pos)) {
    // The last statement dropped becomes the rethrow; the others go with their lines.
    for (const s of dropped.slice(0, -1)) remove(s);
    edit(lastDropped.getStart(sourceFile), lastDropped.end, rethrow);
  } else {
    for (const s of dropped) remove(s);
    if (last) edit(last.end, last.end, `\n${indent}${rethrow}`);
    else edit(catchBlock.getStart(sourceFile) + 1, catchBlock.end - 1, `\n${indent}${rethrow}\n${indentAt(text, retry.attempt.getStart(sourceFile))}`);
  }
  // Success no longer leaves a loop: the `break` goes, with its line.
  if (!returns) remove(success);

  if (!helperPresent) {
    const end = text.length;
    const lead = /[\r\n\u2028\u2029]$/.test(text) ? "\n" : "\n\n";
    edit(end, end, `${lead}${inSemicolonStyle(helper(js, formatNumber(10_000, style)), style)}`);
  }
  const threwLast = throwsAfter || counting.throwsLast;
  const preferred = returns && !constantWait && !review && threwLast && (hasSignal || !mentionsSignal(fn));
  const title = `Retry with exponential backoff and jitter through \`${helperName}(fn, { retries })\`${helperPresent ? "" : ` (adds a ${helperName} helper)`}`;
  if (preferred) return { title, edits, isPreferred: true };
  if (review)
    return { title: `${title}; the loop never gave up: review \`retries: ${retriesOption}\`, after which it throws the last error`, edits, suggestion: true };
  return { title: `${title}; when every attempt fails, it throws the last error`, edits, suggestion: true };
}

/**
 * How the loop counts its attempts: a counter (a `let` of the `for` loop, or one declared before
 * the loop and read nowhere else) that starts at a number and goes up by one once a round, in
 * the loop's condition or incrementor, in a statement of the body or catch block, or in a check
 * of the catch block; the limit is the condition's (`attempt < n`, `attempt++ < n`) or the check's
 * (`if (++attempt >= max) throw err`), or both when they are comparable. A loop with no counter
 * and no other bound (`while (true)`) gets a limit to review.
 */
function countingOf(loop: Node, retry: RetryLoop, catchBlock: Node): Counting | undefined {
  const isDo = loop.kind === SyntaxKind.DoStatement;
  const isFor = loop.kind === SyntaxKind.ForStatement;
  const condition = isFor ? get<Node | undefined>(loop, "condition") : get<Node>(loop, "expression");
  const initializer = isFor ? get<Node | undefined>(loop, "initializer") : undefined;
  const incrementor = isFor ? get<Node | undefined>(loop, "incrementor") : undefined;
  const always = !condition || skipOuterExpressions(condition).kind === SyntaxKind.TrueKeyword;
  const counter = initializer ? counterIn(initializer) : counterBefore(loop);
  if (!counter) {
    if (initializer || incrementor || !always || retry.bounded) return undefined;
    return { start: 0, retries: { review: reviewRetries }, removed: [], seen: () => 0, throwsLast: false };
  }
  const { name, start, declaration } = counter;
  const updates = writesOf(loop, name);
  const update = updates.length === 1 && countsUp(updates[0]!, name) ? updates[0]! : undefined;
  if (!update) return undefined;
  const prefix = update.kind === SyntaxKind.PrefixUnaryExpression;
  const statement = statementOf(update);
  const inCondition = !!condition && contains(condition, update);
  const inBlock =
    statement?.kind === SyntaxKind.ExpressionStatement &&
    skipOuterExpressions(get(statement, "expression")) === update &&
    (statement.parent === get(loop, "statement") || statement.parent === catchBlock);
  const inCheck = statement?.kind === SyntaxKind.IfStatement && statement.parent === catchBlock;
  if (!inCondition && !inBlock && !inCheck && !(incrementor && skipOuterExpressions(incrementor) === update)) return undefined;
  const isCounter = (n: Node) => n === update || (n.kind === SyntaxKind.Identifier && textOf(n) === name);

  let fromCondition: Limit | undefined;
  if (!always) {
    const c = comparison(condition!);
    if (!c || !isCounter(c.left) || (c.operator !== SyntaxKind.LessThanToken && c.operator !== SyntaxKind.LessThanEqualsToken)) return undefined;
    // Updated in the condition: a `while` compares after `++c` (before `c++`), a `do` one round late.
    const shift = !inCondition ? 0 : isDo ? (prefix ? 0 : -1) : prefix ? 1 : 0;
    fromCondition = limitOf(c.right, start + shift + (c.operator === SyntaxKind.LessThanEqualsToken ? 0 : 1));
  }
  // The check that gives up: `if (++attempt >= max) throw err`, `attempt++; if (attempt > max) throw err`,
  // `if (attempt === max - 1) throw err`. It throws in the round `limit - offset` (from 0).
  let check: Node | undefined;
  let fromCheck: (Limit & { equal: boolean }) | undefined;
  for (const s of statementsOf(catchBlock)) {
    const c = s.kind === SyntaxKind.IfStatement && !get<Node | undefined>(s, "elseStatement") ? comparison(get(s, "expression")) : undefined;
    if (!c || !isCounter(c.left) || !rethrows(get(s, "thenStatement"), retry.errorName)) continue;
    const equal = c.operator === SyntaxKind.EqualsEqualsEqualsToken || c.operator === SyntaxKind.EqualsEqualsToken;
    if (!equal && c.operator !== SyntaxKind.GreaterThanEqualsToken && c.operator !== SyntaxKind.GreaterThanToken) continue;
    if (check) return undefined;
    // Whether this round's update came before the comparison.
    const updated = c.left === update ? prefix : inCondition ? !isDo : inBlock && update.end <= s.pos;
    const offset = start + (updated ? 1 : 0);
    check = s;
    fromCheck = { ...limitOf(c.right, c.operator === SyntaxKind.GreaterThanToken ? offset - 1 : offset), equal };
  }
  if (inCheck && statement !== check) return undefined;

  let retries: Limit | { review: number };
  let throwsLast = false;
  if (fromCheck) {
    // Both bound the attempts: the first to end them counts, when they can be compared. Alone, an
    // equality throws only if the counter gets there: a number from where it starts.
    const checkFirst = fromCondition ? endsFirst(fromCheck, fromCondition) : true;
    if (checkFirst === undefined) return undefined;
    if (!fromCondition && fromCheck.equal && !((literal(fromCheck.limit) ?? Number.NEGATIVE_INFINITY) >= fromCheck.offset)) return undefined;
    retries = fromCondition && !checkFirst ? fromCondition : fromCheck;
    throwsLast = retries === fromCheck;
  } else if (fromCondition) {
    retries = fromCondition;
  } else if (!retry.bounded) retries = { review: reviewRetries };
  else return undefined;
  const removed = [...(inBlock ? [statement!] : []), ...(check ? [check] : [])];
  // The counter's value in the body: a `while` condition's update is already done; a statement's or check's, after it.
  const base = inCondition && !isDo ? 1 : 0;
  const after = inBlock || inCheck ? statement!.end : Number.POSITIVE_INFINITY;
  return { name, start, declaration, retries, removed, seen: at => base + (at >= after ? 1 : 0), throwsLast };
}

/** `retries` as `limit - offset`, a number added to or taken from the limit moved into the offset (`max - 1`). */
function limitOf(node: Node, offset: number): Limit {
  const n = skipOuterExpressions(node);
  const operator = n.kind === SyntaxKind.BinaryExpression ? get(n, "operatorToken").kind : undefined;
  const k = operator === SyntaxKind.MinusToken || operator === SyntaxKind.PlusToken ? literal(get(n, "right")) : undefined;
  if (k === undefined) return { limit: node, offset };
  return { limit: get(n, "left"), offset: offset + (operator === SyntaxKind.MinusToken ? k : -k) };
}

/** Whether `a` ends the attempts no later than `b`; undefined when they cannot be compared (different limits). */
function endsFirst(a: Limit, b: Limit): boolean | undefined {
  const x = literal(a.limit);
  const y = literal(b.limit);
  if (x !== undefined && y !== undefined) return x - a.offset <= y - b.offset;
  return textWithoutSpaces(a.limit) === textWithoutSpaces(b.limit) ? a.offset >= b.offset : undefined;
}

/** A `for` loop's own counter: `let attempt = <number>`, alone in the initializer. */
function counterIn(initializer: Node): { name: string; start: number; declaration?: Node } | undefined {
  if (!isLetList(initializer)) return undefined;
  const declarations = get<readonly Node[]>(initializer, "declarations");
  return declarations.length === 1 ? numericLet(declarations[0]!) : undefined;
}

/**
 * A counter declared before the loop, in the same block: the one `let` from a number the loop
 * updates (`++`, `+= 1`), read by nothing outside the loop (the fix removes it with the loop).
 */
function counterBefore(loop: Node): { name: string; start: number; declaration: Node } | undefined {
  const block = loop.parent;
  if (!block || (block.kind !== SyntaxKind.Block && block.kind !== SyntaxKind.SourceFile)) return undefined;
  const updated = new Set<string>();
  walkPruned(loop, n => {
    if (isFunctionLike(n)) return false;
    const name = textOf(assignedTarget(n));
    if (name && countsUp(n, name)) updated.add(name);
    return true;
  });
  const found: { name: string; start: number; declaration: Node }[] = [];
  for (const s of statementsOf(block)) {
    if (s === loop) break;
    const list = s.kind === SyntaxKind.VariableStatement ? get<Node>(s, "declarationList") : undefined;
    if (!isLetList(list)) continue;
    for (const declaration of get<readonly Node[]>(list, "declarations")) {
      const counter = numericLet(declaration);
      if (counter && updated.has(counter.name)) found.push({ ...counter, declaration });
    }
  }
  if (found.length !== 1) return undefined;
  const counter = found[0]!;
  return everyUseBySpelling(get(counter.declaration, "name"), block, use => contains(loop, use)) ? counter : undefined;
}

function numericLet(declaration: Node): { name: string; start: number } | undefined {
  const name = get<Node>(declaration, "name");
  const initial = get<Node | undefined>(declaration, "initializer");
  const value = initial && literal(initial);
  return name.kind === SyntaxKind.Identifier && value !== undefined ? { name: textOf(name)!, start: value } : undefined;
}

function literal(node: Node): number | undefined {
  const n = skipOuterExpressions(node);
  const value = n.kind === SyntaxKind.NumericLiteral ? Number(textOf(n)) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

function textWithoutSpaces(node: Node): string {
  return node.getText().replace(/\s+/g, "");
}

/** `left <op> right`, parentheses aside. */
function comparison(node: Node): { left: Node; operator: SyntaxKind; right: Node } | undefined {
  const c = skipOuterExpressions(node);
  if (c.kind !== SyntaxKind.BinaryExpression) return undefined;
  return { left: skipOuterExpressions(get(c, "left")), operator: get(c, "operatorToken").kind, right: get(c, "right") };
}

/** `throw err` (alone, or alone in a block): the loop's last failure, as `retry` throws it. */
function rethrows(statement: Node, errorName: string | undefined): boolean {
  const s = statement.kind === SyntaxKind.Block && statementsOf(statement).length === 1 ? statementsOf(statement)[0]! : statement;
  return !!errorName && s.kind === SyntaxKind.ThrowStatement && textOf(skipOuterExpressions(get(s, "expression"))) === errorName;
}

/** Every write to the name in the loop, nested functions too. */
function writesOf(loop: Node, name: string): Node[] {
  const writes: Node[] = [];
  walkPruned(loop, n => {
    if (textOf(assignedTarget(n)) === name) writes.push(n);
    return true;
  });
  return writes;
}

/** The statement an expression belongs to (its nearest statement ancestor). */
function statementOf(node: Node): Node | undefined {
  let n: Node | undefined = node.parent;
  while (n && n.kind !== SyntaxKind.ExpressionStatement && n.kind !== SyntaxKind.IfStatement && !isLoop(n) && !isFunctionLike(n)) n = n.parent;
  return n;
}

/** The counter's reads in the body (not property names, not in the statements the fix removes). */
function readsOf(name: string, body: Node, removed: ReadonlySet<Node>): Node[] {
  const reads: Node[] = [];
  walkPruned(body, n => {
    if (removed.has(n)) return false;
    if (n.kind === SyntaxKind.Identifier && textOf(n) === name && !isPropertyName(n)) reads.push(n);
    return true;
  });
  return reads;
}

/** The counter's declaration goes: its statement with its line, or the declaration and its comma. */
function removeDeclaration(declaration: Node, edit: (start: number, end: number, newText: string) => void, remove: (statement: Node) => void): void {
  const list = declaration.parent!;
  const declarations = get<readonly Node[]>(list, "declarations");
  if (declarations.length === 1) return remove(list.parent!);
  const i = declarations.indexOf(declaration);
  const next = declarations[i + 1];
  if (next) edit(declaration.getStart(), next.getStart(), "");
  else edit(declarations[i - 1]!.end, declaration.end, "");
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

/** `retries` is the attempts after the first: `limit - offset`, worked out when the limit is a number. */
function retriesText({ limit: written, offset }: Limit, style: ReturnType<typeof fileStyleOf>): string {
  const limit = skipOuterExpressions(written);
  if (limit.kind === SyntaxKind.NumericLiteral) return formatNumber(Math.max(0, Number(textOf(limit)) - offset), style);
  const text = written.getText();
  if (offset === 0) return text;
  const simple = limit.kind === SyntaxKind.Identifier || limit.kind === SyntaxKind.PropertyAccessExpression || limit.kind === SyntaxKind.CallExpression;
  return `${simple ? text : `(${text})`} ${offset > 0 ? "-" : "+"} ${Math.abs(offset)}`;
}

/**
 * The body can become a function's: no `continue`, `break` or `return` of the loop other than
 * the success (`return` in the try block, or its last `break`), no `throw` out of it (in `retry`
 * it would be one more failure to retry; the check that gave up is removed), no `yield`, no write
 * to the counter but in the statements the fix removes.
 */
function movable(body: Node, loop: Node, tryBlock: Node, successBreak: Node | undefined, counter: string | undefined, removed: ReadonlySet<Node>): boolean {
  let ok = true;
  walkPruned(body, n => {
    if (!ok) return "stop";
    if (isFunctionLike(n) || removed.has(n)) return false;
    switch (n.kind) {
      case SyntaxKind.YieldExpression:
        ok = false;
        break;
      case SyntaxKind.ContinueStatement:
      case SyntaxKind.BreakStatement:
        if (n !== successBreak && (get<Node | undefined>(n, "label") || !insideInnerLoopOrSwitch(n, loop))) ok = false;
        break;
      case SyntaxKind.ReturnStatement:
        if (!contains(tryBlock, n) || successBreak) ok = false;
        break;
      case SyntaxKind.ThrowStatement:
        if (!contains(tryBlock, n)) ok = false;
        break;
      case SyntaxKind.BinaryExpression:
      case SyntaxKind.PrefixUnaryExpression:
      case SyntaxKind.PostfixUnaryExpression:
        if (counter && textOf(assignedTarget(n)) === counter) ok = false;
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

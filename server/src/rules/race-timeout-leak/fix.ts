// The suggestion of race-timeout-leak: clear the race's timer (or abort the `timers/promises`
// timer's signal) once the race settles, with `.finally(...)` on the race itself:
//
//   let timer: ReturnType<typeof setTimeout> | undefined;
//   return Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(err), ms)))]).finally(() => clearTimeout(timer));
//
// `.finally` passes the race's value or rejection on unchanged, so the rewrite is local and works
// wherever the race stands (awaited, returned, chained, in a concise arrow body). Offered only
// where it keeps what the code does: the timer's callback (or the timer's `.then`) does nothing
// but settle the timeout (so cancelling it once the race is settled changes nothing but the
// pending timer), the handle was dropped, and the race runs once per declaration of the new
// variable (not in a loop around it). A suggestion (menu only): a name the fix adds or a type it
// writes cannot be promised to compile in every project.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import type { Fix, TextEdit } from "../../analysis/findings";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { callArguments, enclosingFunction, identifierPattern, isConstList, isLetList, isLoop, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { indentAt, spanRange } from "../../analysis/positions";
import { fileStyleOf } from "../../analysis/file-style";
import type { LeakingTimer } from "../../analysis/race-timers";
import type { FileAnalysis } from "../rule";

export function raceTimeoutFix(fa: FileAnalysis, race: CallExpression, leak: LeakingTimer): Fix | undefined {
  // One timer in the race: the fix cancels one, and a second would still be left running.
  const names = new Set(["setTimeout", leak.callee.getText()]);
  const raceText = race.getText();
  const timers = [...names].reduce((n, name) => n + (raceText.match(new RegExp(`(?<![\\w$.])${identifierPattern(name)}(?![\\w$])`, "g")) ?? []).length, 0);
  if (timers > 1) return undefined;
  return leak.kind === "callback" ? clearTimerFix(fa, race, leak.timer) : abortSignalFix(fa, race, leak.timer);
}

/** `new Promise((_, reject) => setTimeout(() => reject(err), ms))`: keep the handle, clear it when the race settles. */
function clearTimerFix(fa: FileAnalysis, race: CallExpression, timer: CallExpression): Fix | undefined {
  const text = fa.sourceFile.text;
  const executor = enclosingFunction(timer);
  if (!executor?.body) return undefined;
  // One timer in the executor: the one cleared is the one that was leaking.
  if ((executor.body.getText().match(/\bsetTimeout\b/g) ?? []).length !== 1) return undefined;
  if (!onlySettles(executor, timer)) return undefined;
  // `clearTimeout` must be Node's (the global, or node:timers').
  const clear = fa.bindings.forLocalName("clearTimeout");
  if (clear ? !(clear.module === "timers" && clear.imported === "clearTimeout") : declares(text, "clearTimeout")) return undefined;
  // The handle is dropped: `setTimeout(...);`, `return setTimeout(...)`, or an arrow's whole body.
  let handle: Node = timer;
  while (handle.parent && (handle.parent.kind === SyntaxKind.ParenthesizedExpression || handle.parent.kind === SyntaxKind.AsExpression)) handle = handle.parent;
  const holder = handle.parent;
  const dropped =
    holder?.kind === SyntaxKind.ExpressionStatement ||
    holder?.kind === SyntaxKind.ReturnStatement ||
    (holder === executor && (executor as unknown as { body: Node }).body === handle);
  if (!dropped) return undefined;
  const promise = promiseOf(executor);
  if (!promise) return undefined;
  const anchor = anchorOf(promise, race);
  if (!anchor) return undefined;
  const name = freshName(text, ["timer", "timeoutTimer", "raceTimer"]);
  if (!name) return undefined;
  const typed = /\.[cm]?tsx?$/i.test(fa.fileName);
  const declaration = `let ${name}${typed ? ": ReturnType<typeof setTimeout> | undefined" : ""};`;
  const assignment =
    holder?.kind === SyntaxKind.ExpressionStatement
      ? { at: handle.getStart(), newText: `${name} = ` }
      : { at: handle.getStart(), end: handle.end, newText: `(${name} = ${text.slice(handle.getStart(), handle.end)})` };
  const edits = declarationEdits(fa, anchor, race, declaration, `.finally(() => clearTimeout(${name}))`, [assignment]);
  return edits && { title: `Clear the timer when the race settles (\`.finally(() => clearTimeout(${name}))\`)`, edits, suggestion: true };
}

/** `sleep(ms).then(() => { throw err; })` from node:timers/promises: give it a signal, aborted when the race settles. */
function abortSignalFix(fa: FileAnalysis, race: CallExpression, timer: CallExpression): Fix | undefined {
  const text = fa.sourceFile.text;
  const args = callArguments(timer);
  if (args.length > 2 || args.some(a => a.kind === SyntaxKind.SpreadElement)) return undefined;
  // The chain up to the arm: `.then(f)` calls only, each `f` only throwing or returning a value
  // (an aborted timer rejects: a `.catch` or second handler would now run).
  let arm: Node = timer;
  for (;;) {
    const access = arm.parent;
    if (access?.kind !== SyntaxKind.PropertyAccessExpression || (access as unknown as { expression: Node }).expression !== arm) break;
    const call = access.parent;
    if (call?.kind !== SyntaxKind.CallExpression || (call as CallExpression).expression !== access) return undefined;
    if (textOf((access as unknown as { name: Node }).name) !== "then" || callArguments(call).length !== 1) return undefined;
    const handler = skipOuterExpressions(callArguments(call)[0]!);
    if (!isFunctionLike(handler) || !onlyThrowsOrReturns(handler)) return undefined;
    arm = call;
  }
  if (declares(text, "AbortController")) return undefined;
  const anchor = anchorOf(arm, race);
  if (!anchor) return undefined;
  const name = freshName(text, ["controller", "timeoutController", "timerController"]);
  if (!name) return undefined;
  const signal = `{ signal: ${name}.signal }`;
  const added = args.length === 0 ? `undefined, undefined, ${signal}` : args.length === 1 ? `, undefined, ${signal}` : `, ${signal}`;
  const last = args[args.length - 1];
  const at = last ? last.end : (timer.arguments as unknown as { end: number }).end;
  const edits = declarationEdits(fa, anchor, race, `const ${name} = new AbortController();`, `.finally(() => ${name}.abort())`, [{ at, newText: added }]);
  return (
    edits && {
      title: `Give the timer a signal and abort it when the race settles (\`.finally(() => ${name}.abort())\`)`,
      edits,
      suggestion: true,
    }
  );
}

/** `new Promise(executor)` around the executor. */
function promiseOf(executor: FunctionLike): Node | undefined {
  let node: Node = executor;
  while (node.parent && (node.parent.kind === SyntaxKind.ParenthesizedExpression || node.parent.kind === SyntaxKind.AsExpression)) node = node.parent;
  const promise = node.parent;
  if (promise?.kind !== SyntaxKind.NewExpression || textOf(skipOuterExpressions((promise as unknown as { expression: Node }).expression)) !== "Promise")
    return undefined;
  return callArguments(promise)[0] === node ? promise : undefined;
}

/**
 * Where the new variable goes before: the race itself when the timer arm is written in it, or the
 * statement declaring the arm's variable (`const timeout = new Promise(...)`) when the race names
 * it, used there and nowhere else, and not raced again in a loop (the first race would clear the
 * timer the next one waits on).
 */
function anchorOf(arm: Node, race: CallExpression): Node | undefined {
  let node = arm;
  while (node.parent && outerKinds.has(node.parent.kind)) node = node.parent;
  const parent = node.parent;
  const list = callArguments(race)[0];
  if (parent && list && parent === skipOuterExpressions(list)) return race;
  if (parent?.kind !== SyntaxKind.VariableDeclaration || (parent as unknown as { initializer?: Node }).initializer !== node) return undefined;
  const declarationList = parent.parent;
  if (!isConstList(declarationList) && !isLetList(declarationList)) return undefined;
  const statement = declarationList!.parent;
  if (statement?.kind !== SyntaxKind.VariableStatement || (declarationList as unknown as { declarations: readonly Node[] }).declarations.length !== 1)
    return undefined;
  const nameNode = (parent as unknown as { name: Node }).name;
  if (nameNode.kind !== SyntaxKind.Identifier) return undefined;
  const scope = enclosingFunction(race);
  if (enclosingFunction(statement) !== scope || !statement.parent || !within(race, statement.parent)) return undefined;
  const uses = (scope ?? race.getSourceFile()).getText().match(new RegExp(`(?<![\\w$.])${identifierPattern(textOf(nameNode)!)}(?![\\w$])`, "g")) ?? [];
  if (uses.length !== 2) return undefined;
  for (let n: Node | undefined = race.parent; n && n !== statement.parent; n = n.parent) if (isLoop(n)) return undefined;
  return statement;
}

/**
 * The edits: the declaration before the statement around `anchor` (or a concise arrow body made a
 * block), `after` right after the race, and the edits in between (`more`). Undefined where the
 * declaration has no statement of its own to go before, or a loop would run the race again with
 * the same variable.
 */
function declarationEdits(
  fa: FileAnalysis,
  anchor: Node,
  race: CallExpression,
  declaration: string,
  after: string,
  more: { at: number; end?: number; newText: string }[],
): TextEdit[] | undefined {
  const text = fa.sourceFile.text;
  const style = fileStyleOf(fa.sourceFile, text);
  const decl = style.semicolons ? declaration : declaration.replace(/;$/, "");
  const edit = (at: number, end: number, newText: string): TextEdit => ({ fileName: fa.fileName, range: spanRange(fa.sourceFile, at, end), newText });
  const inner = more.map(m => edit(m.at, m.end ?? m.at, m.newText));
  for (let node: Node = anchor; node.parent; node = node.parent) {
    const parent = node.parent;
    if (isLoop(node)) return undefined;
    if (blockKinds.has(parent.kind) && isStatementOf(parent, node)) {
      const start = node.getStart();
      let lineStart = start;
      while (lineStart > 0 && (text[lineStart - 1] === " " || text[lineStart - 1] === "\t")) lineStart--;
      const indent = text.slice(lineStart, start);
      const ownLine = lineStart === 0 || /[\n\r\u2028\u2029]/.test(text[lineStart - 1]!);
      const before = ownLine ? edit(start, start, `${decl}\n${indent}`) : edit(start, start, `${decl} `);
      return [before, ...inner, edit(race.end, race.end, after)];
    }
    if (parent.kind === SyntaxKind.ArrowFunction && (parent as unknown as { body: Node }).body === node) {
      // `(work, ms) => Promise.race([...])`: a block with the declaration, returning the race.
      const start = node.getStart();
      if (!contains(node, race) || more.some(m => m.at < start || (m.end ?? m.at) > node.end)) return undefined;
      const indent = indentAt(text, start);
      const unit = indent.includes("\t") ? "\t" : "  ";
      const end = style.semicolons ? ";" : "";
      const pieces = [...more, { at: race.end, newText: after }].sort((a, b) => a.at - b.at);
      let body = "";
      let at = start;
      for (const p of pieces) {
        body += text.slice(at, p.at) + p.newText;
        at = p.end ?? p.at;
      }
      body += text.slice(at, node.end);
      return [edit(start, node.end, `{\n${indent}${unit}${decl}\n${indent}${unit}return ${body}${end}\n${indent}}`)];
    }
    if (isFunctionLike(parent) || parent.kind === SyntaxKind.ClassDeclaration || parent.kind === SyntaxKind.ClassExpression) return undefined;
  }
  return undefined;
}

function contains(outer: Node, inner: Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

function within(node: Node, ancestor: Node): boolean {
  for (let n: Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** One of the statements of its statement list (not a `case` clause's expression). */
function isStatementOf(list: Node, node: Node): boolean {
  return ((list as unknown as { statements?: readonly Node[] }).statements ?? []).includes(node);
}

/**
 * The timer's callback does nothing but settle the executor's promise: `reject`/`resolve` itself,
 * or a function whose every statement calls one of them with arguments that have no effect of
 * their own (`new Error("timeout")`, a literal, a name). Cancelling it once the race is settled
 * then changes nothing (a settled promise ignores both).
 */
function onlySettles(executor: FunctionLike, timer: CallExpression): boolean {
  const params = (executor as unknown as { parameters?: readonly Node[] }).parameters ?? [];
  const names = new Set(
    params
      .slice(0, 2)
      .map(p => (p as unknown as { name: Node }).name)
      .filter(n => n.kind === SyntaxKind.Identifier)
      .map(n => textOf(n)!),
  );
  const callback = callArguments(timer)[0];
  const cb = callback && skipOuterExpressions(callback);
  if (!cb) return false;
  if (cb.kind === SyntaxKind.Identifier) return names.has(textOf(cb)!) && callArguments(timer).slice(2).every(isInert);
  if (!isFunctionLike(cb) || !(cb as FunctionLike).body) return false;
  const body = (cb as FunctionLike).body!;
  const settles = (expression: Node): boolean => {
    const call = skipOuterExpressions(expression);
    return (
      call.kind === SyntaxKind.CallExpression &&
      names.has(textOf(skipOuterExpressions((call as CallExpression).expression)) ?? "") &&
      callArguments(call).every(isInert)
    );
  };
  if (body.kind !== SyntaxKind.Block) return settles(body);
  const statements = (body as unknown as { statements: readonly Node[] }).statements;
  return (
    statements.length > 0 && statements.every(s => s.kind === SyntaxKind.ExpressionStatement && settles((s as unknown as { expression: Node }).expression))
  );
}

/** `() => { throw new Error("timeout"); }`, `() => Promise.reject(err)`, `() => "timeout"`: a timeout's value, nothing else. */
function onlyThrowsOrReturns(fn: FunctionLike): boolean {
  const body = fn.body;
  if (!body) return false;
  const value = (e: Node | undefined): boolean => {
    if (!e) return true;
    const x = skipOuterExpressions(e);
    if (x.kind === SyntaxKind.CallExpression) {
      const callee = skipOuterExpressions((x as CallExpression).expression);
      return callee.kind === SyntaxKind.PropertyAccessExpression && callee.getText().replace(/\s/g, "") === "Promise.reject" && callArguments(x).every(isInert);
    }
    return isInert(x);
  };
  if (body.kind !== SyntaxKind.Block) return value(body);
  const statements = (body as unknown as { statements: readonly Node[] }).statements;
  return (
    statements.length === 1 &&
    (statements[0]!.kind === SyntaxKind.ThrowStatement || statements[0]!.kind === SyntaxKind.ReturnStatement) &&
    value((statements[0] as unknown as { expression?: Node }).expression)
  );
}

/** An expression with no effect of its own: literals, names, `new Error(...)` of such, templates, member reads of names. */
function isInert(node: Node): boolean {
  const n = skipOuterExpressions(node);
  switch (n.kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NullKeyword:
    case SyntaxKind.UndefinedKeyword:
    case SyntaxKind.Identifier:
      return true;
    case SyntaxKind.PropertyAccessExpression:
      return isInert((n as unknown as { expression: Node }).expression);
    case SyntaxKind.TemplateExpression:
      return (n as unknown as { templateSpans: readonly { expression: Node }[] }).templateSpans.every(s => isInert(s.expression));
    case SyntaxKind.BinaryExpression: {
      const { left, right, operatorToken } = n as unknown as { left: Node; right: Node; operatorToken: Node };
      return operatorToken.kind === SyntaxKind.PlusToken && isInert(left) && isInert(right);
    }
    case SyntaxKind.NewExpression:
      return /Error$/.test(textOf(skipOuterExpressions((n as unknown as { expression: Node }).expression)) ?? "") && callArguments(n).every(isInert);
    case SyntaxKind.ObjectLiteralExpression:
      return (n as unknown as { properties: readonly Node[] }).properties.every(
        p => p.kind === SyntaxKind.PropertyAssignment && isInert((p as unknown as { initializer: Node }).initializer),
      );
    default:
      return false;
  }
}

/** The file declares `name` itself (a function, class or variable of its own): the global is not what the fix would call. */
function declares(text: string, name: string): boolean {
  return new RegExp(`\\b(function\\*?|class|const|let|var|import)\\s+(\\{[^}]*)?\\b${name}\\b|\\b${name}\\s*[:=,}]`).test(text);
}

/** The first of the names nothing in the file spells (so neither a clash nor a shadowed name). */
function freshName(text: string, candidates: string[]): string | undefined {
  return candidates.find(c => !new RegExp(`(?<![\\w$])${identifierPattern(c)}(?![\\w$])`).test(text));
}

const outerKinds = new Set<SyntaxKind>([
  SyntaxKind.ParenthesizedExpression,
  SyntaxKind.AsExpression,
  SyntaxKind.SatisfiesExpression,
  SyntaxKind.TypeAssertionExpression,
  SyntaxKind.NonNullExpression,
]);

const blockKinds = new Set<SyntaxKind>([SyntaxKind.Block, SyntaxKind.SourceFile, SyntaxKind.ModuleBlock, SyntaxKind.CaseClause, SyntaxKind.DefaultClause]);

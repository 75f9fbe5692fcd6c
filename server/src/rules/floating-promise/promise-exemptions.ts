// Dropped promises that cannot hurt, or that the project already decided about: what
// floating-promise does not report beyond typescript-eslint's rules (docs/rules/floating-promise.md
// lists them; each came from reading findings on real code, docs/precision-on-real-code.md).
import { SyntaxKind, type ArrowFunction, type CallExpression, type Node, type PropertyAccessExpression, type SourceFile } from "../../analysis/typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { beforeJavaScriptLineBreak, javaScriptLineAt } from "../../analysis/positions";
import { containsThrow, functionExpressionKinds, methodName, nameNodeOf, nameText, skipParens } from "../../analysis/promise-syntax";
import { callbackErrorName } from "../../analysis/rejection-syntax";
import { walkPruned } from "../../analysis/walk";

/**
 * `Promise.allSettled(xs).then(f)` and `p.catch(h).then(f)`: the receiver never rejects, so the
 * chain can only reject if `f` throws; a callback without `throw` or `await` is taken at its word.
 */
export function cannotRejectThen(call: CallExpression): boolean {
  const callback = call.arguments[0] && skipParens(call.arguments[0]);
  if (!callback || !functionExpressionKinds.has(callback.kind) || isAsyncFunction(callback)) return false;
  const body = (callback as unknown as ArrowFunction).body;
  if (containsThrow(body, true)) return false;
  const receiver = skipParens((call.expression as PropertyAccessExpression).expression);
  if (receiver.kind !== SyntaxKind.CallExpression) return false;
  const inner = receiver as CallExpression;
  const name = methodName(inner.expression);
  if (name === "allSettled" && skipParens((inner.expression as PropertyAccessExpression).expression).getText() === "Promise") return true;
  return name === "catch" && inner.arguments.length >= 1 && functionExpressionKinds.has(skipParens(inner.arguments[0]!).kind);
}

/** `promises.splice(i, 1)`, `promises.sort(...)`: in-place edits whose return value nobody needs. */
export const inPlaceArrayMethods = new Set(["splice", "sort", "reverse", "fill", "copyWithin"]);

export function isInPlaceArrayCall(node: Node): boolean {
  return node.kind === SyntaxKind.CallExpression && inPlaceArrayMethods.has(methodName((node as CallExpression).expression) ?? "");
}

/**
 * `// eslint-disable-next-line @typescript-eslint/no-floating-promises` (or oxlint-disable-..., or
 * the same-line and file-wide forms): the project already decided about this statement.
 */
export function eslintDisabled(sf: SourceFile, statement: Node): boolean {
  const text = sf.text;
  if (!text.includes("disable")) return false;
  const start = statement.getStart(sf);
  // ESLint's lines: it ends them at U+2028/U+2029 too, and these are its directives.
  const here = javaScriptLineAt(text, start);
  const line = text.slice(here.start, here.end);
  const breakAt = text.slice(here.start - 2, here.start) === "\r\n" ? here.start - 2 : here.start - 1;
  const above = javaScriptLineAt(text, breakAt);
  const prev = here.start > 0 ? text.slice(above.start, above.end) : "";
  // eslint-plugin-promise's catch-or-return is the same check under another name.
  const names = (comment: string) =>
    comment.includes("no-floating-promises") || comment.includes("catch-or-return") || /disable-(next-)?line\s*(\*\/)?\s*$/.test(comment);
  if (/(eslint|oxlint)-disable-next-line/.test(prev) && names(prev)) return true;
  if (/(eslint|oxlint)-disable-line/.test(line) && names(line)) return true;
  const fileWide = /\/\*\s*(eslint|oxlint)-disable\s+([^*]*)\*\//g;
  for (let m = fileWide.exec(text); m; m = fileWide.exec(text)) {
    if (m.index < start && (m[2]!.includes("no-floating-promises") || m[2]!.includes("catch-or-return")) && !text.slice(m.index, start).includes("-enable"))
      return true;
  }
  return false;
}

/**
 * Dual promise/callback APIs (Redis and database clients of the callback era): given a node-style
 * callback, errors go to the callback and the returned promise has a rejection handler attached.
 * Recognised by the last argument: `(err, ...) => ...` or a function named cb/callback/done.
 */
export function passesNodeStyleCallback(node: Node): boolean {
  if (node.kind !== SyntaxKind.CallExpression) return false;
  const call = node as CallExpression;
  if (["then", "catch", "finally"].includes(methodName(call.expression) ?? "")) return false;
  const last = call.arguments[call.arguments.length - 1];
  if (!last) return false;
  return isNodeStyleCallback(skipParens(last), true);
}

export function isNodeStyleCallback(arg: Node, lookIntoWrapper: boolean): boolean {
  if (functionExpressionKinds.has(arg.kind)) {
    const first = (arg as unknown as ArrowFunction).parameters[0];
    return !!first && first.name.kind === SyntaxKind.Identifier && callbackErrorName.test(nameText(first.name));
  }
  // `timeout((err, result) => ..., ms)`: a wrapper around the callback.
  if (lookIntoWrapper && arg.kind === SyntaxKind.CallExpression) return (arg as CallExpression).arguments.some(a => isNodeStyleCallback(skipParens(a), false));
  const name = nameNodeOf(arg);
  return !!name && /^(cb|callback|done|nodeback)$|[a-z]Callback$/i.test(nameText(name));
}

/**
 * A plain (not async) function whose every `return` hands out a promise stored on an object
 * (`return this.promise`): calling it again does not start new work, and the stored promise has
 * its own owner (a pipeline object re-running `exec()`, for example).
 */
export function returnsStoredPromise(fn: FunctionLike): boolean {
  if (isAsyncFunction(fn) || !fn.body || fn.body.kind !== SyntaxKind.Block) return false;
  let returns = 0;
  let stored = true;
  walkPruned(fn.body, n => {
    if (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression) return false;
    if (n.kind === SyntaxKind.ReturnStatement) {
      const e = (n as unknown as { expression?: Node }).expression;
      const value = e && skipParens(e);
      returns++;
      if (!value || (value.kind !== SyntaxKind.PropertyAccessExpression && value.kind !== SyntaxKind.ElementAccessExpression)) stored = false;
      return stored ? false : "stop";
    }
    return true;
  });
  return stored && returns > 0;
}

const commentNext = /[^\S\r\n\u2028\u2029]*(\/\/|\/\*)/y;

/**
 * A comment right before (or after) the statement says the promise is deliberately not awaited:
 * `// deliberately not awaited`, `// fire-and-forget`, `// intentionally no await`. The author
 * has decided, as with a disable comment.
 */
export function saysDeliberate(sf: SourceFile, statement: Node): boolean {
  const text = sf.text;
  const start = statement.getStart(sf);
  // The rest of the line only when a comment follows the statement (a line of thousands of statements is not read once per statement).
  commentNext.lastIndex = statement.end;
  const trailing = commentNext.test(text) ? text.slice(statement.end, javaScriptLineAt(text, statement.end).end) : "";
  // Comments on their own lines between the previous statement and this one (not the previous
  // statement's trailing comment, which is about that statement).
  const between = text.slice(statement.pos, start);
  const firstBreak = between.search(/[\r\n\u2028\u2029]/);
  const leading = firstBreak < 0 ? "" : between.slice(firstBreak + 1);
  const said =
    /\b(deliberately|intentionally|on purpose|purposely)\b[^\n]*\bawait|\bfire[- ]and[- ]forget\b|\b(don'?t|do not|not|no|without|skip(ped)?)\s+(need\s+to\s+)?await(ed|ing)?\b/i;
  // "Errors ... remain unhandled (and reach the process listeners)", but not "should not be left unhandled" or a TODO.
  const leftUnhandled = (c: string) =>
    /\b(remain|remains|are left|is left|left|leave|stays?)\s+(uncaught|unhandled)\b/i.test(c) && !/\b(not|never|TODO|FIXME|XXX|bug)\b|n't\b/i.test(c);
  const says = (c: string) => said.test(c) || leftUnhandled(c);
  return (/\/\/|\/\*/.test(leading) && says(leading)) || (/^\s*(\/\/|\/\*)/.test(trailing) && says(trailing));
}

/**
 * Tests with fake timers start a promise, then advance the clock, then await or assert: awaiting
 * first would hang (`batchExecute(...); vi.advanceTimersByTime(1000);`).
 */
export function advancesFakeClockLater(sf: SourceFile, statement: Node): boolean {
  const block = statement.parent;
  if (!block || !/advanceTimers|runAllTimers|runOnlyPendingTimers|\.tick(Async)?\s*\(/.test(sf.text)) return false;
  const rest = sf.text.slice(statement.end, block.end);
  return /\b(advanceTimersByTime|advanceTimersByTimeAsync|advanceTimersToNextTimer|runAllTimers|runAllTimersAsync|runOnlyPendingTimers|tickAsync|tick)\s*\(/.test(
    rest,
  );
}

/**
 * `// @ts-expect-error` or `// @ts-ignore` on the line before the statement or inside it: the
 * compiler was told to accept an error there, so overload resolution may have fallen back to a
 * signature the code does not call, and the type the decision reads is not trustworthy.
 */
export function underTypeCheckDirective(sf: SourceFile, statement: Node): boolean {
  const text = sf.text;
  if (!text.includes("@ts-expect-error") && !text.includes("@ts-ignore")) return false;
  const start = statement.getStart(sf);
  // The directive applies to the next line as the compiler counts them (JavaScript's lines).
  const here = javaScriptLineAt(text, start);
  const prevLineStart = here.start > 0 ? javaScriptLineAt(text, beforeJavaScriptLineBreak(text, here.start)).start : 0;
  return /\/\/\s*@ts-(expect-error|ignore)\b|\/\*\s*@ts-(expect-error|ignore)\b/.test(text.slice(prevLineStart, statement.end));
}

/**
 * `Promise.reject(error)` as a statement: it has no other use than raising an unhandled
 * rejection on purpose (surfacing an error nobody listens for), so the author already decided.
 */
export function isDeliberateRejection(node: Node): boolean {
  if (node.kind !== SyntaxKind.CallExpression) return false;
  const callee = skipParens((node as CallExpression).expression);
  return (
    methodName(callee) === "reject" &&
    callee.kind === SyntaxKind.PropertyAccessExpression &&
    nameText(skipParens((callee as PropertyAccessExpression).expression)) === "Promise"
  );
}

/** `pending.shift()`, `queue.pop()`: removing a promise from an array drops no work (its owner holds it). */
export const removingArrayMethods = new Set(["shift", "pop"]);

/** `Object.defineProperty(obj, ...)` and its kin return the object they were given: building a thenable starts no work. */
const returnsItsTarget = new Set(["defineProperty", "defineProperties", "assign", "freeze", "seal", "preventExtensions", "setPrototypeOf"]);

/** The `Object` of `Object.defineProperty(...)` (the caller checks it is the built-in), or undefined. */
export function returnsGivenObject(node: Node): Node | undefined {
  if (node.kind !== SyntaxKind.CallExpression) return undefined;
  const callee = skipParens((node as CallExpression).expression);
  if (callee.kind !== SyntaxKind.PropertyAccessExpression || !returnsItsTarget.has((callee as PropertyAccessExpression).name.text)) return undefined;
  const receiver = skipParens((callee as PropertyAccessExpression).expression);
  return nameText(receiver) === "Object" ? receiver : undefined;
}

/**
 * A statement at the top level of a command-line entry script (a `#!` file, a file in `bin/`, a
 * script that exports nothing, or inside `if (require.main === module)` /
 * `if (__filename === process.argv[1])`): `main();`. A rejection there ends the program with the
 * error printed and a failing exit code, as an uncaught throw would: what the command should do
 * when its main function fails. Also the last statement of a function of such a script that only
 * its top-level statements call (`function run() { runner.run(); }` ... `run();`): awaiting it
 * would only hand the same rejection to the top level, where nothing observes it either.
 */
export function isCliEntryStatement(sf: SourceFile, statement: Node, packageDir: string | undefined): boolean {
  if (isTopLevel(statement)) return isEntryScript(sf, packageDir) || underMainGuard(sf, statement);
  const fn = tailOfFunction(statement);
  return !!fn && isEntryScript(sf, packageDir) && onlyCalledAtTopLevel(sf, fn);
}

/**
 * At the top level, or only inside top-level blocks, `if`s and `switch`es (a command dispatch:
 * `switch (command) { case "run": run(args); break; }`): code the program runs once, not in a
 * function or a loop.
 */
const topLevelKinds = new Set<SyntaxKind>([
  SyntaxKind.Block,
  SyntaxKind.IfStatement,
  SyntaxKind.SwitchStatement,
  SyntaxKind.CaseBlock,
  SyntaxKind.CaseClause,
  SyntaxKind.DefaultClause,
]);

function isTopLevel(statement: Node): boolean {
  for (let n = statement.parent; n && n.kind !== SyntaxKind.SourceFile; n = n.parent) {
    if (!topLevelKinds.has(n.kind)) return false;
  }
  return true;
}

function underMainGuard(sf: SourceFile, statement: Node): boolean {
  for (let n = statement.parent; n && n.kind !== SyntaxKind.SourceFile; n = n.parent) {
    if (n.kind !== SyntaxKind.IfStatement) continue;
    const condition = (n as unknown as { expression: Node }).expression.getText(sf).replace(/\s+/g, "");
    if (/require\.main===module|module===require\.main|__filename===process\.argv\[1\]|process\.argv\[1\]===__filename|import\.meta\.main/.test(condition))
      return true;
  }
  return false;
}

const exportModifiers = new Set([SyntaxKind.ExportKeyword, SyntaxKind.DefaultKeyword]);

/**
 * A file run as a program: a `#!` file, a file in the package's `bin/`, or a module that exports
 * nothing (no `export`, no `module.exports`/`exports.x`; a compiler's `__esModule` flag aside),
 * loaded only to run its top level.
 * Declaration files and TypeScript scripts without imports (global declarations) are not programs.
 */
function isEntryScript(sf: SourceFile, packageDir: string | undefined): boolean {
  if (sf.text.startsWith("#!")) return true;
  const rel = packageDir && sf.fileName.startsWith(packageDir + "/") ? sf.fileName.slice(packageDir.length + 1) : undefined;
  if (rel !== undefined && /^bin\//.test(rel)) return true;
  if (/\.d\.[cm]?ts$/.test(sf.fileName)) return false;
  // A compiler's interop flag (`Object.defineProperty(exports, "__esModule", ...)`, `exports.__esModule = true`) is
  // written for every compiled module, one that exports nothing too: it is no export. `__exportStar(m, exports)` is.
  if (
    /\bmodule\.exports|\bexports\.(?!__esModule\b)[\w$]+\s*=|\bexports\[|,\s*exports\s*\)|\bObject\.defineProperty\(\s*exports\s*,(?!\s*["']__esModule["'])/.test(
      sf.text,
    )
  )
    return false;
  let imports = false;
  for (const st of sf.statements) {
    if (st.kind === SyntaxKind.ExportDeclaration || st.kind === SyntaxKind.ExportAssignment) return false;
    const modifiers = (st as unknown as { modifiers?: readonly Node[] }).modifiers;
    if (modifiers?.some(m => exportModifiers.has(m.kind))) return false;
    if (st.kind === SyntaxKind.ImportDeclaration || st.kind === SyntaxKind.ImportEqualsDeclaration) imports = true;
  }
  return imports || /\brequire\s*\(/.test(sf.text);
}

/** The function declared at the top level whose body ends with `statement` (through trailing blocks and `if`s). */
function tailOfFunction(statement: Node): Node | undefined {
  let n: Node = statement;
  for (;;) {
    const parent = n.parent;
    if (!parent) return undefined;
    if (parent.kind === SyntaxKind.Block) {
      const statements = (parent as unknown as { statements: readonly Node[] }).statements;
      if (statements[statements.length - 1] !== n) return undefined;
      const owner = parent.parent;
      if (owner?.kind === SyntaxKind.FunctionDeclaration) return owner.parent?.kind === SyntaxKind.SourceFile ? owner : undefined;
      n = parent;
    } else if (parent.kind === SyntaxKind.IfStatement) n = parent;
    else return undefined;
  }
}

/** Every use of the function's name in the file calls it in a top-level statement (`run();`). */
function onlyCalledAtTopLevel(sf: SourceFile, fn: Node): boolean {
  const name = (fn as unknown as { name?: Node }).name;
  if (!name) return false;
  const text = nameText(name);
  let calls = 0;
  let other = false;
  walkPruned(sf, node => {
    if (other) return "stop";
    if (node.kind !== SyntaxKind.Identifier || node === name || nameText(node) !== text || isMemberName(node)) return true;
    const call = node.parent;
    const ok =
      call?.kind === SyntaxKind.CallExpression &&
      (call as CallExpression).expression === node &&
      ((call.parent?.kind === SyntaxKind.ExpressionStatement && isTopLevel(call.parent)) || isTailOfTopLevelCallback(call));
    if (ok) calls++;
    else other = true;
    return true;
  });
  return !other && calls > 0;
}

/**
 * The last thing a callback registered at the top level does (`process.stdin.on("end", () =>
 * run(lines))`, or the last statement of its block): whoever calls the callback (an emitter, a
 * timer) ignores what it returns, so awaiting there would hand the rejection to nobody either;
 * in a program, an unhandled rejection ends it with the error, as an uncaught throw would.
 */
function isTailOfTopLevelCallback(call: Node): boolean {
  let fn: Node | undefined = call.parent;
  if (fn?.kind === SyntaxKind.ExpressionStatement) {
    const block = fn.parent;
    const statements = (block as unknown as { statements?: readonly Node[] } | undefined)?.statements;
    if (block?.kind !== SyntaxKind.Block || statements?.[statements.length - 1] !== fn) return false;
    fn = block.parent;
  } else if (fn?.kind !== SyntaxKind.ArrowFunction || (fn as unknown as { body: Node }).body !== call) return false;
  if (fn?.kind !== SyntaxKind.ArrowFunction && fn?.kind !== SyntaxKind.FunctionExpression) return false;
  const registration = fn.parent;
  if (registration?.kind !== SyntaxKind.CallExpression || !(registration as CallExpression).arguments.includes(fn as never)) return false;
  return registration.parent?.kind === SyntaxKind.ExpressionStatement && isTopLevel(registration.parent);
}

/** `x.run`, `{ run: ... }`, `run() {}` in a class: a member's name, not a use of the function. */
function isMemberName(node: Node): boolean {
  const parent = node.parent as (Node & { name?: Node }) | undefined;
  return !!parent && parent.kind !== SyntaxKind.ShorthandPropertyAssignment && parent.name === node;
}

// floating-promise's quick-fixes: await, .catch placeholder, void, make the function async.
// Each fix is offered only where its result compiles (the rule tests apply and type-check them).
import {
  ModifierFlags,
  SyntaxKind,
  type ArrowFunction,
  type BinaryExpression,
  type CallExpression,
  type ExpressionStatement,
  type Node,
  type PropertyAccessExpression,
  type SourceFile,
} from "../../analysis/typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { indentAt, rangeOf, spanRange } from "../../analysis/positions";
import { fileStyleOf } from "../../analysis/file-style";
import type { Fix, TextEdit } from "../../analysis/findings";
import { walk, walkPruned } from "../../analysis/walk";
import type { FileAnalysis } from "../rule";
import type { FloatingPromiseOptions, Unhandled } from "./types";
import { methodName, nameText, runsPerItem, skipParens, skipParensUp } from "../../analysis/promise-syntax";
import { enclosingFunction } from "../../analysis/syntax";

/** Expressions that need parentheses after a prefix `await`/`void` (lower precedence than unary). */
export function needsParensAfterUnary(node: Node): boolean {
  switch (node.kind) {
    case SyntaxKind.BinaryExpression:
    case SyntaxKind.ConditionalExpression:
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.YieldExpression:
    case SyntaxKind.AsExpression:
    case SyntaxKind.SatisfiesExpression:
      return true;
    default:
      return false;
  }
}

/** The part of the statement a fix wraps: the whole expression, or the element of a comma list that holds the finding. */
export function fixTarget(statement: ExpressionStatement, found: Node): Node {
  let target: Node = statement.expression;
  for (;;) {
    const inner = skipParens(target);
    if (inner.kind !== SyntaxKind.BinaryExpression || (inner as BinaryExpression).operatorToken.kind !== SyntaxKind.CommaToken) return target;
    const b = inner as BinaryExpression;
    target = found.pos >= b.right.pos && found.end <= b.right.end ? b.right : b.left;
  }
}

export function prefixEdits(fa: FileAnalysis, target: Node, keyword: "await" | "void"): TextEdit[] {
  const sf = fa.sourceFile;
  const inner = skipParens(target);
  if (keyword === "await" && inner.kind === SyntaxKind.VoidExpression) {
    const start = inner.getStart(sf);
    return [{ fileName: fa.fileName, range: spanRange(sf, start, start + 4), newText: "await" }];
  }
  const start = target.getStart(sf);
  if (needsParensAfterUnary(target)) {
    return [
      { fileName: fa.fileName, range: spanRange(sf, start, start), newText: `${keyword} (` },
      { fileName: fa.fileName, range: spanRange(sf, target.end, target.end), newText: ")" },
    ];
  }
  return [{ fileName: fa.fileName, range: spanRange(sf, start, start), newText: `${keyword} ` }];
}

export function indentOf(sf: SourceFile, pos: number): string {
  return indentAt(sf.text, pos);
}

export function fixesFor(fa: FileAnalysis, statement: ExpressionStatement, found: Unhandled, options: FloatingPromiseOptions): Fix[] {
  const sf = fa.sourceFile;
  const target = fixTarget(statement, found.node);
  const inner = skipParens(target);
  const fn = enclosingFunction(statement);
  const inAsync = !!fn && isAsyncFunction(fn);
  const isVoided = inner.kind === SyntaxKind.VoidExpression;
  const fixes: Fix[] = [];

  if (found.kind === "array") {
    if (inAsync) {
      const start = target.getStart(sf);
      fixes.push({
        title: "Await Promise.all(...) on the array",
        isPreferred: true,
        edits: [
          { fileName: fa.fileName, range: spanRange(sf, start, start), newText: "await Promise.all(" },
          { fileName: fa.fileName, range: spanRange(sf, target.end, target.end), newText: ")" },
        ],
      });
    }
    if (options.ignoreVoid && !isVoided) fixes.push(voidFix(fa, target));
    return fixes;
  }

  if (inAsync) fixes.push({ title: "Add await", isPreferred: true, edits: prefixEdits(fa, target, "await") });
  const catchFix = catchFixFor(fa, target, found);
  if (catchFix) {
    if (!inAsync) catchFix.isPreferred = true;
    fixes.push(catchFix);
  }
  if (options.ignoreVoid && !isVoided) fixes.push(voidFix(fa, target));
  if (!inAsync && fn) {
    const makeAsync = makeAsyncFix(fa, fn, target);
    if (makeAsync) fixes.push(makeAsync);
  }
  return fixes;
}

/** `void f()`: in a loop, a promise per item left running is a fan-out unbounded-concurrency reports: a suggestion there. */
function voidFix(fa: FileAnalysis, target: Node): Fix {
  return { title: "Add void (deliberately not awaited)", edits: prefixEdits(fa, target, "void"), ...(runsPerItem(target) ? { suggestion: true } : {}) };
}

/** `.catch((error: unknown) => { ... })` appended to a call, name or member: a placeholder that compiles. */
export function catchFixFor(fa: FileAnalysis, target: Node, found: Unhandled): Fix | undefined {
  const sf = fa.sourceFile;
  const inner = skipParens(target);
  if (!found.info.always || !found.info.catchable || found.kind === "uselessHandler") return undefined;
  const appendable =
    inner === found.node &&
    (inner.kind === SyntaxKind.CallExpression ||
      inner.kind === SyntaxKind.Identifier ||
      inner.kind === SyntaxKind.PropertyAccessExpression ||
      inner.kind === SyntaxKind.ElementAccessExpression ||
      inner !== target ||
      (inner.kind === SyntaxKind.NewExpression && !!(inner as unknown as { arguments?: unknown }).arguments));
  if (!appendable) return undefined;
  // `void | Promise<T>`: `?.catch` runs as meant, but the type checker does not take `void` away:
  // not offered in TypeScript, a suggestion only in JavaScript (a project may check it).
  const js = /\.[cm]?jsx?$/.test(fa.fileName);
  if (found.info.voidPart && !js) return undefined;
  // The handler's lines are indented from the line `.catch(` is appended to: in a chain broken over
  // lines (`x()\n    .then(f)`) that is the last link's line, not the line the chain starts on.
  const indent = indentOf(sf, target.end);
  const dot = found.info.nullable ? "?." : ".";
  const param = /\.[cm]?jsx?$/.test(fa.fileName) ? "(error)" : "(error: unknown)";
  const text = `${dot}catch(${param} => {\n${indent}  // TODO: handle the failure (log, retry, or report it)\n${indent}  console.error(error)${fileStyleOf(sf, sf.text).semicolons ? ";" : ""}\n${indent}})`;
  // In a loop, a handled promise per item is a fan-out nothing bounds (unbounded-concurrency then
  // reports it): a suggestion, not the fix "fix all" applies.
  const suggestion = found.info.voidPart || runsPerItem(target);
  return {
    title: "Add .catch(...) with a handler to fill in",
    edits: [{ fileName: fa.fileName, range: spanRange(sf, target.end, target.end), newText: text }],
    ...(suggestion ? { suggestion: true } : {}),
  };
}

/**
 * "Make the enclosing function async and await": offered only where nothing can observe the
 * change of return value from `undefined` to a promise:
 * - a callback given to .then/.catch/.finally (the promise chain awaits what it returns), or
 * - a module-local (not exported) function declaration or `const f = () => {...}` that returns
 *   nothing, whose every use in the file is a call statement inside an async function (those
 *   calls get `await` too, so the callers still wait for it).
 * Never constructors, accessors, generators, methods, exported functions, or callbacks given
 * to other APIs (an event emitter would drop the new promise: the rejection would still float).
 */
export function makeAsyncFix(fa: FileAnalysis, fn: FunctionLike, target: Node): Fix | undefined {
  const sf = fa.sourceFile;
  if (fn.kind !== SyntaxKind.FunctionDeclaration && fn.kind !== SyntaxKind.FunctionExpression && fn.kind !== SyntaxKind.ArrowFunction) return undefined;
  const f = fn as unknown as ArrowFunction & { asteriskToken?: Node; name?: Node; type?: Node };
  if (f.asteriskToken || !f.body || f.body.kind !== SyntaxKind.Block) return undefined;
  if (f.type && f.type.kind !== SyntaxKind.VoidKeyword) return undefined;
  if (returnsValue(f.body)) return undefined;
  const edits: TextEdit[] = [];
  let title: string;
  const outer = skipParensUp(fn);
  const parent = outer.parent;
  if (
    fn.kind !== SyntaxKind.FunctionDeclaration &&
    parent?.kind === SyntaxKind.CallExpression &&
    (parent as CallExpression).arguments.includes(outer as never) &&
    ["then", "catch", "finally"].includes(methodName((parent as CallExpression).expression) ?? "")
  ) {
    title = "Make the callback async and await the promise";
  } else {
    const binding = localBindingOf(fn);
    if (!binding) return undefined;
    const calls = callStatementsOf(sf, binding.name, binding.nameNode);
    if (!calls) return undefined;
    for (const call of calls) edits.push(...prefixEdits(fa, call, "await"));
    title = `Make ${binding.name}() async and await the promise${calls.length ? ` (and await its ${calls.length === 1 ? "call" : `${calls.length} calls`})` : ""}`;
  }
  const start = fn.getStart(sf);
  edits.push({ fileName: fa.fileName, range: spanRange(sf, start, start), newText: "async " });
  if (f.type) edits.push({ fileName: fa.fileName, range: rangeOf(sf, f.type), newText: "Promise<void>" });
  edits.push(...prefixEdits(fa, target, "await"));
  return { title, edits };
}

/** `return <value>` in the function's own body (not in nested functions). */
export function returnsValue(body: Node): boolean {
  let found = false;
  walkPruned(body, node => {
    if (isFunctionLike(node) || node.kind === SyntaxKind.ClassDeclaration || node.kind === SyntaxKind.ClassExpression) return false;
    if (node.kind === SyntaxKind.ReturnStatement && (node as unknown as { expression?: Node }).expression) {
      found = true;
      return "stop";
    }
    return true;
  });
  return found;
}

/** The name a module-local function is bound to: `function f() {}` or `const f = () => {}` (not exported). */
export function localBindingOf(fn: FunctionLike): { name: string; nameNode: Node } | undefined {
  if (fn.kind === SyntaxKind.FunctionDeclaration) {
    const name = (fn as unknown as { name?: Node }).name;
    if (!name || (fn.modifierFlags ?? 0) & (ModifierFlags.Export | ModifierFlags.Default | ModifierFlags.Ambient)) return undefined;
    return { name: nameText(name), nameNode: name };
  }
  const decl = skipParensUp(fn).parent;
  if (decl?.kind !== SyntaxKind.VariableDeclaration) return undefined;
  const name = (decl as unknown as { name: Node }).name;
  if (name.kind !== SyntaxKind.Identifier) return undefined;
  const statement = decl.parent?.parent;
  if (!statement || statement.kind !== SyntaxKind.VariableStatement) return undefined;
  if (((statement as unknown as { modifierFlags?: number }).modifierFlags ?? 0) & ModifierFlags.Export) return undefined;
  return { name: nameText(name), nameNode: name };
}

/**
 * Every use of `name` in the file, if each is the callee of a call statement inside an async
 * function (returned: those call expressions); undefined when any use is something else
 * (passed as a value, exported, shadowed, called where its result is used).
 */
export function callStatementsOf(sf: SourceFile, name: string, declarationName: Node): Node[] | undefined {
  if (/\bmodule\.exports\b|\bexports\./.test(sf.text) && new RegExp(`exports[.\\w\\s=]*\\b${name}\\b`).test(sf.text)) return undefined;
  const calls: Node[] = [];
  let safe = true;
  walk(sf, node => {
    if (!safe || node.kind !== SyntaxKind.Identifier || node === declarationName || nameText(node) !== name) return;
    const parent = node.parent;
    // `x.name` and `{ name: ... }` are other things of the same name.
    if (parent?.kind === SyntaxKind.PropertyAccessExpression && (parent as PropertyAccessExpression).name === node) return;
    if (parent?.kind === SyntaxKind.PropertyAssignment && (parent as unknown as { name: Node }).name === node) return;
    if (parent?.kind !== SyntaxKind.CallExpression || (parent as CallExpression).expression !== node) {
      safe = false;
      return;
    }
    const statement = skipParensUp(parent).parent;
    const caller = enclosingFunction(parent);
    if (statement?.kind !== SyntaxKind.ExpressionStatement || !caller || !isAsyncFunction(caller)) {
      safe = false;
      return;
    }
    calls.push(parent);
  });
  return safe ? calls : undefined;
}

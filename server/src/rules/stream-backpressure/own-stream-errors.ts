// Whether a stream class of the project's own code can emit 'error' by its own hand. Such a class
// counts as an in-memory end of a pipe (its errors are the program's own, if any) only when none of
// its stream methods fails: `_flush(cb) { if (!this.started) cb(new EmptySitemap()); }`,
// `_transform(chunk, enc, cb) { try { ... } catch (e) { cb(e); } }` (a parser of outside input),
// `this.destroy(err)` or `this.emit("error", err)` in one of them make the stream fail on the data
// it is given, so a pipe from or into it without an 'error' listener can crash the process (found
// on real code: a sitemap CLI's own sitemap stream, which ends with an error on empty input).
// Errors the class only passes on from a stream it wraps (`inner.on("error", e => this.destroy(e))`
// in its constructor) do not count: they are that stream's, in memory when it is (session 13: a
// channel over an in-memory socket pair, judged false twice).
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import type { FunctionLike } from "../../analysis/async-context";
import { identifierPattern, textOf as text } from "../../analysis/syntax";
import { walk } from "../../analysis/walk";
import type { FileAnalysis } from "../rule";

/** Node's stream implementation methods that work on the data (not `_destroy`, which passes on an error it is given). */
const implementationMethods = new Set(["_transform", "_flush", "_write", "_writev", "_final", "_read", "_construct"]);

/**
 * Whether the project's class `name`, declared at `declaration` (a node of its class, or of its
 * `.d.ts`: then the class of that name at the top of `x.js` beside it), fails by its own hand.
 * Undefined when its body cannot be found.
 */
export function ownStreamFails(fa: FileAnalysis, declaration: Node | undefined, declarationFile: string, name: string): boolean | undefined {
  let cls = declaration && (declaration.kind === SyntaxKind.ClassDeclaration || declaration.kind === SyntaxKind.ClassExpression) ? declaration : undefined;
  if (!cls || /\.d\.[cm]?ts$/.test(declarationFile)) {
    const js = declarationFile.replace(/\.d\.([cm]?)ts$/, ".$1js");
    const source = fa.project?.analysisOf(js)?.sourceFile ?? (js === declarationFile ? declaration?.getSourceFile() : undefined);
    cls = source ? topLevelClass(source, name) : undefined;
  }
  if (!cls) return undefined;
  let fails = false;
  for (const member of (cls as unknown as { members: readonly Node[] }).members) {
    if (fails) break;
    const method = member.kind === SyntaxKind.MethodDeclaration ? (member as FunctionLike) : undefined;
    const methodName = method ? text((method as unknown as { name: Node }).name) : undefined;
    if (!method || !methodName || !implementationMethods.has(methodName)) continue;
    fails = bodyFails(member, lastParameterName(method), false);
  }
  return fails;
}

/**
 * The same question for a stream class of older JavaScript: a constructor function `name` at the top
 * of `source`, given its base with `util.inherits` and its methods with `name.prototype.m = function`.
 * Its constructor and every prototype method are read (such code often aliases `this` as `self`, so
 * an `emit("error", ...)` or `destroy(err)` on any receiver counts), and a stream method's callback
 * called with an error counts as for a class. Undefined when the prototype is given in another way
 * (`name.prototype = {...}`, `Object.assign(name.prototype, ...)`): its methods are not all seen.
 */
export function functionStreamFails(source: SourceFile, constructor: Node, name: string): boolean | undefined {
  const id = identifierPattern(name);
  const prototype = new RegExp(`${id}\\.prototype\\s*=[^=]|\\b(assign|defineProperties|defineProperty|setPrototypeOf)\\s*\\(\\s*${id}\\.prototype\\b`);
  if (prototype.test(source.text)) return undefined;
  const methods: { fn: Node; name?: string }[] = [{ fn: constructor }];
  for (const statement of (source as unknown as { statements: readonly Node[] }).statements) {
    if (statement.kind !== SyntaxKind.ExpressionStatement) continue;
    const assignment = (statement as unknown as { expression: Node }).expression as unknown as { operatorToken?: Node; left: Node; right: Node };
    if (assignment.operatorToken?.kind !== SyntaxKind.EqualsToken || assignment.left.kind !== SyntaxKind.PropertyAccessExpression) continue;
    const target = assignment.left as unknown as { expression: Node; name: Node };
    if (target.expression.kind !== SyntaxKind.PropertyAccessExpression) continue;
    const owner = target.expression as unknown as { expression: Node; name: Node };
    if (text(owner.expression) !== name || text(owner.name) !== "prototype") continue;
    const right = assignment.right;
    if (right.kind === SyntaxKind.FunctionExpression || right.kind === SyntaxKind.ArrowFunction) methods.push({ fn: right, name: text(target.name) });
  }
  return methods.some(m =>
    bodyFails(m.fn, m.name !== undefined && implementationMethods.has(m.name) ? lastParameterName(m.fn as FunctionLike) : undefined, true),
  );
}

/** A call in `fn` that fails the stream: its callback with an error, `destroy(err)`, `emit("error", ...)` (on `this`, or on any receiver). */
function bodyFails(fn: Node, callback: string | undefined, anyReceiver: boolean): boolean {
  let fails = false;
  walk(fn, node => {
    if (fails || node.kind !== SyntaxKind.CallExpression) return;
    const { expression, arguments: args } = node as unknown as { expression: Node; arguments: readonly Node[] };
    const first = args[0];
    // `cb(err)` with a value that may be an error (not `cb()`, `cb(null, chunk)`, `cb(undefined)`).
    if (callback && expression.kind === SyntaxKind.Identifier && text(expression) === callback && first && !isNothing(first)) fails = true;
    // `this.destroy(err)`, `this.emit("error", err)`.
    if (expression.kind === SyntaxKind.PropertyAccessExpression) {
      const { expression: receiver, name: member } = expression as unknown as { expression: Node; name: Node };
      if (!anyReceiver && receiver.kind !== SyntaxKind.ThisKeyword) return;
      const called = text(member);
      if (called === "destroy" && first && !isNothing(first)) fails = true;
      if (called === "emit" && first && text(first) === "error") fails = true;
    }
  });
  return fails;
}

function isNothing(node: Node): boolean {
  return node.kind === SyntaxKind.NullKeyword || (node.kind === SyntaxKind.Identifier && text(node) === "undefined") || node.kind === SyntaxKind.VoidExpression;
}

function lastParameterName(fn: FunctionLike): string | undefined {
  const params = (fn as unknown as { parameters?: readonly { name: Node }[] }).parameters ?? [];
  const last = params[params.length - 1];
  return last && last.name.kind === SyntaxKind.Identifier ? text(last.name) : undefined;
}

/** `class X ...` or `const X = class ...` at the top of a file. */
function topLevelClass(source: SourceFile, name: string): Node | undefined {
  for (const statement of (source as unknown as { statements: readonly Node[] }).statements) {
    if (statement.kind === SyntaxKind.ClassDeclaration && text((statement as unknown as { name?: Node }).name) === name) return statement;
    if (statement.kind === SyntaxKind.VariableStatement) {
      for (const decl of (statement as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList.declarations) {
        const init = (decl as unknown as { initializer?: Node }).initializer;
        if (text((decl as unknown as { name: Node }).name) === name && init?.kind === SyntaxKind.ClassExpression) return init;
      }
    }
  }
  return undefined;
}

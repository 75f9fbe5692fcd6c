// The project's own stream class made with `new`, where compiled CommonJS hides its type: `var
// _message = _interopRequireDefault(require("./message")); new _message.default(...)` (Babel),
// `new m_1.Lines()` (TypeScript), `const Lines = require("./lines"); new Lines()`. The checker sees
// `any` through the interop helper, so the rule reads the class in the required file: built on
// Node's streams (`class Message extends _stream.PassThrough`) and failing by no hand of its own
// (own-stream-errors.ts), it is an in-memory end, like the same class seen by type.
import { dirname, resolve } from "node:path";
import { SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import { calleeParts, identifierPattern, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import { moduleOf } from "./file-lookups";
import { rootOf } from "./end-names";
import { functionStreamFails, ownStreamFails } from "./own-stream-errors";

const nodeStreamClasses = /^(Transform|PassThrough|Duplex|Readable|Writable)$/;
/** What `util.inherits` may be given: also the legacy `Stream` (`require("stream")` itself, or its `.Stream`). */
const inheritedStreamClasses = /^(Transform|PassThrough|Duplex|Readable|Writable|Stream)$/;
const streamModules = new Set(["stream", "readable-stream"]);
const extensions = [".js", ".cjs", ".mjs", ".ts", ".cts", ".mts", "/index.js", "/index.ts"];

/** `new m.X(...)`, `new m.default(...)` or `new X(...)` of a class in a relative module of the project that is in memory. */
export function newRequiredInMemoryStream(fa: FileAnalysis, end: Node): boolean {
  const e = skipOuterExpressions(end);
  if (e.kind !== SyntaxKind.NewExpression || !fa.project) return false;
  const callee = skipOuterExpressions(get(e, "expression"));
  const root = rootOf(callee);
  if (root.kind !== SyntaxKind.Identifier) return false;
  if (callee.kind !== SyntaxKind.Identifier && !(callee.kind === SyntaxKind.PropertyAccessExpression && get(callee, "expression") === root)) return false;
  const module = moduleOf(textOf(root)!, fa.bindings, fa.sourceFile);
  if (!module?.startsWith(".")) return false;
  const member = callee.kind === SyntaxKind.PropertyAccessExpression ? calleeParts(callee)?.nameNode.text : undefined;
  const base = resolve(dirname(fa.fileName), module);
  for (const candidate of /\.[cm]?[jt]s$/.test(base) ? [base] : extensions.map(x => base + x)) {
    const other = fa.project.analysisOf(candidate);
    if (!other) continue;
    const cls = classOf(other.sourceFile, member);
    if (!cls) return constructorInMemory(other, member);
    if (!extendsNodeStream(other, cls)) return false;
    return ownStreamFails(fa, cls, candidate, textOf(get<Node | undefined>(cls, "name")) ?? "") === false;
  }
  return false;
}

/** The class named `member` at the top of the file, or (for the module itself or its `default`) its only top-level class. */
function classOf(source: SourceFile, member: string | undefined): Node | undefined {
  const classes: Node[] = [];
  for (const statement of get<readonly Node[]>(source, "statements")) {
    if (statement.kind === SyntaxKind.ClassDeclaration) classes.push(statement);
    else if (statement.kind === SyntaxKind.VariableStatement)
      for (const d of get<readonly Node[]>(get(statement, "declarationList"), "declarations")) {
        const init = get<Node | undefined>(d, "initializer");
        if (init && skipOuterExpressions(init).kind === SyntaxKind.ClassExpression) classes.push(skipOuterExpressions(init));
      }
  }
  const nameOf = (c: Node) =>
    textOf(get<Node | undefined>(c, "name")) ?? (c.parent?.kind === SyntaxKind.VariableDeclaration ? textOf(get(c.parent, "name")) : undefined);
  if (member && member !== "default") return classes.find(c => nameOf(c) === member);
  return classes.length === 1 ? classes[0] : undefined;
}

/** `extends PassThrough` / `extends _stream.PassThrough`, the name bound to Node's stream module in that file. */
function extendsNodeStream(other: FileAnalysis, cls: Node): boolean {
  for (const clause of get<readonly Node[] | undefined>(cls, "heritageClauses") ?? []) {
    if (get<number>(clause, "token") !== SyntaxKind.ExtendsKeyword) continue;
    const type = get<readonly Node[]>(clause, "types")[0];
    const expression = type && skipOuterExpressions(get(type, "expression"));
    if (!expression) return false;
    const name = expression.kind === SyntaxKind.Identifier ? textOf(expression) : calleeParts(expression)?.nameNode.text;
    const root = rootOf(expression);
    if (!name || !nodeStreamClasses.test(name) || root.kind !== SyntaxKind.Identifier) return false;
    const module = moduleOf(textOf(root)!, other.bindings, other.sourceFile);
    return !!module && streamModules.has(module.replace(/^node:/, ""));
  }
  return false;
}

/**
 * A stream class of older JavaScript (session 34, round 50): a constructor function of the module
 * (`function Protocol(options) { Stream.call(this) }`, exported as the module or as `exports.X`)
 * given one of Node's stream classes with `util.inherits(Protocol, Stream)`. TypeScript 7 types
 * `new Protocol()` as `any` in JavaScript, so this is the only way the rule sees it; in memory when
 * none of its methods fails the stream (own-stream-errors.ts).
 */
function constructorInMemory(other: FileAnalysis, member: string | undefined): boolean {
  const source = other.sourceFile;
  const name = member && member !== "default" ? member : /\bmodule\.exports\s*=\s*([A-Za-z_$][\w$]*)\s*;?\s*$/m.exec(source.text)?.[1];
  if (!name) return false;
  const constructor = get<readonly Node[]>(source, "statements").find(
    s => s.kind === SyntaxKind.FunctionDeclaration && textOf(get<Node | undefined>(s, "name")) === name,
  );
  if (!constructor || !inheritsNodeStream(other, name)) return false;
  return functionStreamFails(source, constructor, name) === false;
}

/** A statement `util.inherits(name, Base)` at the top of the file, `Base` one of Node's stream classes. */
function inheritsNodeStream(other: FileAnalysis, name: string): boolean {
  for (const statement of get<readonly Node[]>(other.sourceFile, "statements")) {
    if (statement.kind !== SyntaxKind.ExpressionStatement) continue;
    const call = skipOuterExpressions(get(statement, "expression"));
    if (call.kind !== SyntaxKind.CallExpression) continue;
    const callee = skipOuterExpressions(get(call, "expression"));
    const [child, base] = get<readonly Node[]>(call, "arguments");
    if (!child || !base || textOf(child) !== name) continue;
    const parts = calleeParts(callee);
    if (parts?.nameNode.text !== "inherits") continue;
    const util = moduleOf(textOf(rootOf(callee)) ?? "", other.bindings, other.sourceFile);
    if (util?.replace(/^node:/, "") !== "util") continue;
    return isNodeStreamClass(other, skipOuterExpressions(base));
  }
  return false;
}

/** `Transform` from `const { Transform } = require("stream")`, `stream.Transform`, `Stream` from `require("stream")` or `require("stream").Stream`. */
function isNodeStreamClass(other: FileAnalysis, base: Node): boolean {
  if (base.kind === SyntaxKind.PropertyAccessExpression) {
    const root = rootOf(base);
    const name = calleeParts(base)?.nameNode.text;
    if (!name || !inheritedStreamClasses.test(name) || root.kind !== SyntaxKind.Identifier || get(base, "expression") !== root) return false;
    const binding = other.bindings.forLocalName(textOf(root)!);
    return !!binding && streamModules.has(binding.module.replace(/^node:/, "")) && binding.imported === "*";
  }
  if (base.kind !== SyntaxKind.Identifier) return false;
  const local = textOf(base)!;
  const binding = other.bindings.forLocalName(local);
  if (binding) {
    if (!streamModules.has(binding.module.replace(/^node:/, ""))) return false;
    return binding.imported === "*" ? true : inheritedStreamClasses.test(binding.imported);
  }
  const member = new RegExp(
    `\\b(?:const|let|var)\\s+${identifierPattern(local)}\\s*=\\s*require\\(\\s*["'](?:node:)?(stream|readable-stream)["']\\s*\\)\\.(\\w+)`,
  ).exec(other.sourceFile.text);
  return !!member && inheritedStreamClasses.test(member[2]!);
}

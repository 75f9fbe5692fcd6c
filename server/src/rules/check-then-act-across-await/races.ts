// Check-then-act across an await, in one async function's own body (nested functions are theirs):
// a shared location is found absent (`if (!this.conn)`, `if (cache.has(k)) return ...`), the
// function awaits, and then it fills the location. Another call can run during the await, find
// the location still absent, and do the same work: the last write wins. Syntax only.
import { ModifierFlags, SyntaxKind, forEachNodeOfKind, forEachNodeOfKindBelow, kindSet, type Node, type SourceFile } from "../../analysis/typescript";
import { functionKinds, isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { skipOuterExpressions, textOf } from "../../analysis/syntax";
import { walkPruned } from "../../analysis/walk";
import { checkLintBudget } from "../../analysis/lint-budget";
import { inTestLocation, isFlagOrEmpty, readLocation, writeOf, type Location, type Write } from "./locations";

export interface Race {
  /** The test (an `if` condition, or the `??=` itself). */
  test: Node;
  /** The first await after the test: other calls run from here. */
  wait: Node;
  /** The awaits between the test and the write that start work (the work a second call repeats). */
  work: Node[];
  write: Write;
  /**
   * The expressions whose I/O decides whether the duplicate costs something: what the work's
   * awaits wait for, or, when the stored value is not made from their results, the stored value
   * itself (the awaited work is a preparation step whose result the function does not keep).
   */
  judged: Node[];
  /** The function writes the location nowhere else (the fix rewrites one write). */
  soleWrite: boolean;
}

/**
 * A lock or queue around the work: `mutex.runExclusive(async () => ...)`, `await lock.acquire()`,
 * `limit(() => ...)`. By the name of the call, which is all a lock has in common across libraries.
 */
const lockCall = /^(runExclusive|acquire|acquireLock|lock|withLock|tryLock|synchronized|exclusive|serialize|enqueue)$/i;
const lockHolder = /(mutex|lock|semaphore|queue|limiter)$/i;

interface Body {
  awaits: Node[];
  writes: Write[];
  ifs: Node[];
  /** The function's own `return` values. */
  returned: Node[];
  /** `const c = this.cache.get(k)`: a local that holds a location's value, by name. */
  aliases: Map<string, Location | null>;
  locked: boolean;
  /**
   * Shared locations the function waits on (`await this.lock`, `this.chain.then(...)`) and also
   * writes: a hand-rolled lock or promise chain, under which its calls run one after another.
   */
  chains: Set<string>;
}

/**
 * The kinds `readBody` reads (and the functions it does not enter): found in the body's rows of
 * the syntax tree's table, without building or walking the body's other nodes.
 */
const bodyKinds = kindSet([
  ...functionKinds,
  SyntaxKind.AwaitExpression,
  SyntaxKind.ForOfStatement,
  SyntaxKind.IfStatement,
  SyntaxKind.ReturnStatement,
  SyntaxKind.VariableDeclaration,
  SyntaxKind.CallExpression,
  SyntaxKind.BinaryExpression,
]);

function readBody(fn: FunctionLike): Body {
  const body: Body = { awaits: [], writes: [], ifs: [], returned: [], aliases: new Map(), locked: false, chains: new Set() };
  if (!fn.body) return body;
  const waitedOn = new Set<string>();
  // Only nodes of `bodyKinds` do anything below.
  const visit = (node: Node): boolean => {
    checkLintBudget();
    if (isFunctionLike(node)) return false;
    if (node.kind === SyntaxKind.AwaitExpression || (node.kind === SyntaxKind.ForOfStatement && (node as unknown as { awaitModifier?: Node }).awaitModifier))
      body.awaits.push(node);
    else if (node.kind === SyntaxKind.IfStatement) body.ifs.push(node);
    else if (node.kind === SyntaxKind.ReturnStatement) {
      const value = (node as unknown as { expression?: Node }).expression;
      if (value) body.returned.push(value);
    } else if (node.kind === SyntaxKind.VariableDeclaration) {
      const { name, initializer } = node as unknown as { name: Node; initializer?: Node };
      const location = initializer && readLocation(initializer);
      if (name.kind === SyntaxKind.Identifier) {
        const key = textOf(name)!;
        // Two locals of one name: which one a test reads is not known here.
        body.aliases.set(key, body.aliases.has(key) ? null : (location ?? null));
      }
    }
    if (node.kind === SyntaxKind.CallExpression && isLockCall(node)) body.locked = true;
    const waited = waitedOnLocation(node);
    if (waited) waitedOn.add(waited.key);
    const write = writeOf(node);
    if (write) body.writes.push(write);
    return true;
  };
  if (!forEachNodeOfKindBelow(fn.body, bodyKinds, visit)) walkPruned(fn.body, visit);
  for (const w of body.writes) if (waitedOn.has(w.location.key) && !isFlagOrEmpty(w.value)) body.chains.add(w.location.key);
  return body;
}

/** `await this.lock`, `this.chain.then(f)`: a field or a variable whose promise the code waits on. */
function waitedOnLocation(node: Node): Location | undefined {
  let target: Node | undefined;
  if (node.kind === SyntaxKind.AwaitExpression) target = (node as unknown as { expression: Node }).expression;
  else if (node.kind === SyntaxKind.CallExpression) {
    const callee = skipOuterExpressions((node as unknown as { expression: Node }).expression);
    if (callee.kind === SyntaxKind.PropertyAccessExpression && textOf((callee as unknown as { name: Node }).name) === "then")
      target = (callee as unknown as { expression: Node }).expression;
  }
  const location = target && readLocation(target);
  return location && location.kind !== "entry" ? location : undefined;
}

/**
 * A private method whose every call in its class runs inside a lock or a promise chain of the
 * class: `this.#chained(() => this.#getId())`, where `#chained` waits on a promise field and
 * replaces it (`const r = this.#op.then(f); this.#op = r.then(...)`), or a lock call
 * (`this.mutex.runExclusive(...)`). Its calls run one after another.
 */
function calledOnlyUnderLock(fn: FunctionLike): boolean {
  if (fn.kind !== SyntaxKind.MethodDeclaration) return false;
  const nameNode = (fn as unknown as { name: Node }).name;
  const flags = (fn as unknown as { modifierFlags?: number }).modifierFlags ?? 0;
  if (nameNode.kind !== SyntaxKind.PrivateIdentifier && (flags & ModifierFlags.Private) === 0) return false;
  const name = textOf(nameNode);
  const cls = fn.parent;
  if (!name || !cls) return false;
  const methods = new Map<string, FunctionLike>();
  for (const member of (cls as unknown as { members?: readonly Node[] }).members ?? [])
    if (member.kind === SyntaxKind.MethodDeclaration) {
      const memberName = textOf((member as unknown as { name: Node }).name);
      if (memberName) methods.set(memberName, member as FunctionLike);
    }
  const chaining = new Map<string, boolean>();
  const isChainMethod = (m: string): boolean => {
    if (!chaining.has(m)) {
      const method = methods.get(m);
      chaining.set(m, !!method && method !== fn && readBody(method).chains.size > 0);
    }
    return chaining.get(m)!;
  };
  const underLock = (use: Node): boolean => {
    for (let child: Node = use, n = use.parent; n && n !== cls; child = n, n = n.parent) {
      if (n.kind !== SyntaxKind.CallExpression || (n as unknown as { expression: Node }).expression === child) continue;
      if (isLockCall(n)) return true;
      const callee = skipOuterExpressions((n as unknown as { expression: Node }).expression);
      if (callee.kind !== SyntaxKind.PropertyAccessExpression) continue;
      const { expression: receiver, name: called } = callee as unknown as { expression: Node; name: Node };
      if (skipOuterExpressions(receiver).kind === SyntaxKind.ThisKeyword && isChainMethod(textOf(called) ?? "")) return true;
    }
    return false;
  };
  let uses = 0;
  let every = true;
  walkPruned(
    cls,
    node => {
      if (!every) return false;
      if (node.kind !== SyntaxKind.PropertyAccessExpression) return true;
      const { expression, name: used } = node as unknown as { expression: Node; name: Node };
      if (textOf(used) !== name || skipOuterExpressions(expression).kind !== SyntaxKind.ThisKeyword) return true;
      uses++;
      if (!underLock(node)) every = false;
      return true;
    },
    true,
  );
  return every && uses > 0;
}

function isLockCall(call: Node): boolean {
  const callee = skipOuterExpressions((call as unknown as { expression: Node }).expression);
  const name = textOf(callee.kind === SyntaxKind.PropertyAccessExpression ? (callee as unknown as { name: Node }).name : callee);
  if (name && lockCall.test(name)) return true;
  if (callee.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const receiver = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
  const holder = textOf(receiver.kind === SyntaxKind.PropertyAccessExpression ? (receiver as unknown as { name: Node }).name : receiver);
  return !!holder && lockHolder.test(holder);
}

/** Called as the callback of a lock (`mutex.runExclusive(async () => ...)`). */
function runsUnderLock(fn: FunctionLike): boolean {
  let outer: Node = fn;
  while (outer.parent && outer.parent.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent;
  return !!parent && parent.kind === SyntaxKind.CallExpression && (parent as unknown as { expression: Node }).expression !== outer && isLockCall(parent);
}

/** `(async () => { ... })()` at module level: it runs once, and nothing can overlap it. */
function runsOnceAtLoad(fn: FunctionLike): boolean {
  let outer: Node = fn;
  while (outer.parent && outer.parent.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  if (outer.parent?.kind !== SyntaxKind.CallExpression || (outer.parent as unknown as { expression: Node }).expression !== outer) return false;
  for (let n = outer.parent.parent; n; n = n.parent) if (isFunctionLike(n)) return false;
  return true;
}

/**
 * The file's private async methods that run only inside a lock or a promise chain of their class
 * (`calledOnlyUnderLock`), each with a name for the rule's whole-file key: whether a method is one
 * depends on the other methods of its class, which an edit elsewhere can change.
 */
export function serializedPrivateMethods(file: SourceFile): Map<Node, string> {
  const found = new Map<Node, string>();
  // A lookup by kind (no walk): phase 1 builds only the nodes the rules visit.
  forEachNodeOfKind(file, methodKinds, node => {
    if (isAsyncFunction(node) && calledOnlyUnderLock(node as FunctionLike))
      found.set(node, `${textOf((node.parent as unknown as { name?: Node }).name) ?? ""}.${textOf((node as unknown as { name: Node }).name)}@${found.size}`);
  });
  return found;
}

const methodKinds = kindSet([SyntaxKind.MethodDeclaration]);

export function racesIn(fn: FunctionLike, serialized: ReadonlyMap<Node, string>): Race[] {
  if (runsUnderLock(fn) || runsOnceAtLoad(fn)) return [];
  const body = readBody(fn);
  if (body.locked || !body.awaits.length || !body.writes.length) return [];
  if (serialized.has(fn)) return [];
  const races: Race[] = [];
  const located = (e: Node): Location | undefined => {
    const n = skipOuterExpressions(e);
    if (n.kind === SyntaxKind.Identifier && body.aliases.has(textOf(n)!)) return body.aliases.get(textOf(n)!) ?? undefined;
    return readLocation(n);
  };
  const absent = (c: Node): Location[] => testedLocations(c, false, located);
  const present = (c: Node): Location[] => testedLocations(c, true, located);

  // `this.conn ??= await connect()`: the test and the write in one expression.
  for (const write of body.writes) {
    if (!write.testsFirst || write.location.kind === "entry" || !write.value) continue;
    const wait = body.awaits.find(a => a.pos >= write.value!.pos && a.end <= write.value!.end);
    const waits = body.awaits.filter(a => a.pos >= write.value!.pos && a.end <= write.value!.end);
    const work = waits.filter(a => !startsNoWork(a));
    if (wait && work.length) races.push({ test: write.node, wait, work, write, judged: [], soleWrite: false });
  }
  for (const statement of body.ifs) {
    const { expression: condition, thenStatement, elseStatement } = statement as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
    // Absent, then filled in the then-branch.
    for (const location of absent(condition)) addRace(races, body, condition, location, thenStatement.pos, thenStatement.end);
    // Present: returned; the rest of the block, or the else branch, fills it.
    const found = present(condition);
    if (!found.length) continue;
    if (elseStatement) for (const location of found) addRace(races, body, condition, location, elseStatement.pos, elseStatement.end);
    else if (returns(thenStatement) && statement.parent && isBlockLike(statement.parent))
      for (const location of found) addRace(races, body, condition, location, statement.end, statement.parent.end);
  }
  // One finding per write, in functions that hand out what they fill.
  const seen = new Set<Node>();
  const kept = races.filter(
    r =>
      !seen.has(r.write.node) &&
      !!seen.add(r.write.node) &&
      returnsFilled(body, r.write, located) &&
      ![...body.chains].some(key => key !== r.write.location.key),
  );
  if (!kept.length) return kept;
  const fromWork = workResults(fn);
  for (const r of kept) {
    r.judged = madeFromWork(r.write.value, fromWork) ? r.work.map(awaitedWork) : r.write.value ? [r.write.value] : [];
    r.soleWrite = body.writes.filter(w => w.location.key === r.write.location.key).length === 1;
  }
  return kept;
}

/** What an await waits for (for a `for await` loop: its iterable). */
export function awaitedWork(wait: Node): Node {
  return (wait as unknown as { expression: Node }).expression;
}

/**
 * The function's locals that hold a result of awaited work (an await that starts work, not a
 * module load or a promise already made), directly or through other such locals; every name the
 * work itself mentions (`await client.connect()`: the client it connects); and, to stay on the
 * safe side, every local assigned inside a nested function (a callback's result).
 */
function workResults(fn: FunctionLike): Set<string> {
  const tainted = new Set<string>();
  if (!fn.body) return tainted;
  const assigned: { names: string[]; value: Node }[] = [];
  walkPruned(fn.body, node => {
    if (node.kind === SyntaxKind.VariableDeclaration) {
      const { name, initializer } = node as unknown as { name: Node; initializer?: Node };
      if (initializer) assigned.push({ names: boundNames(name), value: initializer });
    } else if (node.kind === SyntaxKind.BinaryExpression) {
      const { left, operatorToken, right } = node as unknown as { left: Node; operatorToken: Node; right: Node };
      if (operatorToken.kind >= SyntaxKind.FirstAssignment && operatorToken.kind <= SyntaxKind.LastAssignment) {
        const names = boundNames(skipOuterExpressions(left));
        if (enclosingFunctionBelow(node, fn)) for (const n of names) tainted.add(n);
        else assigned.push({ names, value: right });
      }
    } else if (node.kind === SyntaxKind.AwaitExpression && !startsNoWork(node)) {
      // `await client.connect()`, `await once(socket, "ready")`: what the work acts on is its result too.
      walkPruned(node, n => {
        if (n.kind === SyntaxKind.Identifier) tainted.add(textOf(n)!);
        return true;
      });
    } else if (node.kind === SyntaxKind.ForOfStatement && (node as unknown as { awaitModifier?: Node }).awaitModifier) {
      const { initializer } = node as unknown as { initializer: Node };
      for (const n of boundNames(initializer)) tainted.add(n);
    }
    return true;
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of assigned)
      if (a.names.some(n => !tainted.has(n)) && madeFromWork(a.value, tainted)) {
        for (const n of a.names) tainted.add(n);
        changed = true;
      }
  }
  return tainted;
}

/** Whether an expression holds an await that starts work, or reads a local holding such a result. */
function madeFromWork(value: Node | undefined, fromWork: Set<string>): boolean {
  if (!value) return false;
  let found = false;
  walkPruned(
    value,
    n => {
      if (found) return false;
      if ((n.kind === SyntaxKind.AwaitExpression && !startsNoWork(n)) || (n.kind === SyntaxKind.Identifier && fromWork.has(textOf(n)!))) found = true;
      return !found;
    },
    true,
  );
  return found;
}

/** The identifiers a declaration name, a destructuring pattern or an assignment target binds. */
function boundNames(name: Node): string[] {
  const names: string[] = [];
  walkPruned(
    name,
    n => {
      if (n.kind === SyntaxKind.Identifier) names.push(textOf(n)!);
      // `{ a: b }`, `[a = x]`, `o.p`: only the bound side, never property names or default values.
      if (n.kind === SyntaxKind.PropertyAccessExpression || n.kind === SyntaxKind.ElementAccessExpression) return false;
      return !isFunctionLike(n);
    },
    true,
  );
  return names;
}

function enclosingFunctionBelow(node: Node, fn: FunctionLike): boolean {
  for (let n = node.parent; n && n !== fn; n = n.parent) if (isFunctionLike(n)) return true;
  return false;
}

/**
 * The function returns the location, or the value it writes there: a get-or-create, which every
 * caller that needs the value calls, so that overlapping calls are its ordinary use. (A procedure
 * that only fills state, `connect()` or `init()`, is mostly run once in a start-up sequence.)
 */
function returnsFilled(body: Body, write: Write, located: (e: Node) => Location | undefined): boolean {
  const valueText = write.value && skipOuterExpressions(write.value).kind === SyntaxKind.Identifier ? textOf(skipOuterExpressions(write.value)) : undefined;
  return body.returned.some(value => {
    if (value.pos <= write.node.pos && write.node.end <= value.end) return true;
    let found = false;
    walkPruned(
      value,
      n => {
        if (found || isFunctionLike(n)) return false;
        if ((valueText && n.kind === SyntaxKind.Identifier && textOf(n) === valueText) || located(n)?.key === write.location.key) found = true;
        return !found;
      },
      true,
    );
    return found;
  });
}

function addRace(races: Race[], body: Body, test: Node, location: Location, from: number, to: number): void {
  const write = body.writes.find(w => w.node.pos >= from && w.node.end <= to && w.location.key === location.key && !isFlagOrEmpty(w.value));
  if (!write) return;
  const wait = body.awaits.find(a => a.pos >= from && a.pos < write.node.end);
  if (!wait) return;
  // A busy flag or a pending promise stored before the first await guards the rest.
  if (body.writes.some(w => w !== write && w.node.pos >= from && w.node.end <= wait.pos)) return;
  // Tested again after the last await before the write (double-checked): the second test decides.
  const lastWait = body.awaits.filter(a => a.pos >= from && a.end <= write.node.pos).pop() ?? wait;
  const retested = body.ifs.some(
    s =>
      s.pos >= lastWait.end &&
      s.pos < write.node.pos &&
      testedLocations((s as unknown as { expression: Node }).expression, true, readLocation).some(l => l.key === location.key),
  );
  const retestedAbsent = body.ifs.some(
    s =>
      s.pos >= lastWait.end &&
      s.pos < write.node.pos &&
      testedLocations((s as unknown as { expression: Node }).expression, false, readLocation).some(l => l.key === location.key),
  );
  if (retested || retestedAbsent) return;
  const work = body.awaits.filter(a => a.pos >= from && a.end <= write.node.end && !startsNoWork(a));
  if (!work.length) return;
  races.push({ test, wait, work, write, judged: [], soleWrite: false });
}

/**
 * An await whose repetition costs nothing: of a promise already made (`await this.pending`,
 * `await ready`: a second call waits for the same one), or of a module load (`await import("x")`,
 * also through `.then(m => m.default)`: the runtime loads a module once and caches it).
 */
function startsNoWork(wait: Node): boolean {
  if (wait.kind !== SyntaxKind.AwaitExpression) return false;
  let e = skipOuterExpressions((wait as unknown as { expression: Node }).expression);
  if (e.kind === SyntaxKind.Identifier || e.kind === SyntaxKind.PropertyAccessExpression || e.kind === SyntaxKind.ElementAccessExpression) return true;
  for (;;) {
    if (e.kind !== SyntaxKind.CallExpression) return false;
    const callee = skipOuterExpressions((e as unknown as { expression: Node }).expression);
    if (callee.kind === SyntaxKind.ImportKeyword) return true;
    const method = callee.kind === SyntaxKind.PropertyAccessExpression ? textOf((callee as unknown as { name: Node }).name) : undefined;
    if (method !== "then" && method !== "catch") return false;
    e = skipOuterExpressions((callee as unknown as { expression: Node }).expression);
  }
}

/**
 * The locations a condition finds present (`present`) or absent when it holds: `!L`, `L == null`,
 * `L === undefined`, `typeof L === "undefined"`, `!m.has(k)`, `!(k in o)`; `&&`/`||` of those
 * (for absence, either side: `!this.conn || this.conn.destroyed` refills it too).
 */
function testedLocations(condition: Node, present: boolean, located: (e: Node) => Location | undefined): Location[] {
  const c = skipOuterExpressions(condition);
  if (c.kind === SyntaxKind.PrefixUnaryExpression && (c as unknown as { operator: SyntaxKind }).operator === SyntaxKind.ExclamationToken) {
    const operand = (c as unknown as { operand: Node }).operand;
    return present ? [] : testedLocations(operand, true, located);
  }
  if (c.kind === SyntaxKind.BinaryExpression) {
    const { left, operatorToken, right } = c as unknown as { left: Node; operatorToken: Node; right: Node };
    const op = operatorToken.kind;
    if (op === SyntaxKind.AmpersandAmpersandToken) return [...testedLocations(left, present, located), ...testedLocations(right, present, located)];
    if (op === SyntaxKind.BarBarToken) return present ? [] : [...testedLocations(left, false, located), ...testedLocations(right, false, located)];
    if (op === SyntaxKind.InKeyword) {
      const location = present ? inTestLocation(c) : undefined;
      return location ? [location] : [];
    }
    const equality = op === SyntaxKind.EqualsEqualsToken || op === SyntaxKind.EqualsEqualsEqualsToken;
    const inequality = op === SyntaxKind.ExclamationEqualsToken || op === SyntaxKind.ExclamationEqualsEqualsToken;
    if (!equality && !inequality) return [];
    if (equality !== !present) return [];
    const side = isNothing(right) ? left : isNothing(left) ? right : undefined;
    const tested = side && located(typeofOperand(side) ?? side);
    return tested ? [tested] : [];
  }
  if (!present) return [];
  const location = located(c);
  return location ? [location] : [];
}

/** `null`, `undefined`, `void 0`, `"undefined"` (beside a `typeof`). */
function isNothing(node: Node): boolean {
  const n = skipOuterExpressions(node);
  if (n.kind === SyntaxKind.StringLiteral) return textOf(n) === "undefined";
  return n.kind === SyntaxKind.NullKeyword || n.kind === SyntaxKind.VoidExpression || (n.kind === SyntaxKind.Identifier && textOf(n) === "undefined");
}

function typeofOperand(node: Node): Node | undefined {
  const n = skipOuterExpressions(node);
  return n.kind === SyntaxKind.TypeOfExpression ? (n as unknown as { expression: Node }).expression : undefined;
}

/**
 * `return ...`, or a block that ends with one: the value found is used. (A `throw` when the
 * location is present guards against misuse, "already started": the API asks its callers to wait.)
 */
function returns(statement: Node): boolean {
  if (statement.kind === SyntaxKind.ReturnStatement) return true;
  if (statement.kind !== SyntaxKind.Block) return false;
  const statements = (statement as unknown as { statements: readonly Node[] }).statements;
  return statements[statements.length - 1]?.kind === SyntaxKind.ReturnStatement;
}

function isBlockLike(node: Node): boolean {
  return node.kind === SyntaxKind.Block || node.kind === SyntaxKind.CaseClause || node.kind === SyntaxKind.DefaultClause;
}

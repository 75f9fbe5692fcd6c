// Check-then-act across an await, in one async function's own body (nested functions are theirs):
// a shared location is found absent (`if (!this.conn)`, `if (cache.has(k)) return ...`), the
// function awaits, and then it fills the location. Another call can run during the await, find
// the location still absent, and do the same work: the last write wins. Syntax only.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { skipOuterExpressions, textOf } from "../../analysis/syntax";
import { walkPruned } from "../../analysis/walk";
import { inTestLocation, isFlagOrEmpty, readLocation, writeOf, type Location, type Write } from "./locations";

export interface Race {
  /** The test (an `if` condition, or the `??=` itself). */
  test: Node;
  /** The first await after the test: other calls run from here. */
  wait: Node;
  /** The awaits between the test and the write that start work (the work a second call repeats). */
  work: Node[];
  write: Write;
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
}

function readBody(fn: FunctionLike): Body {
  const body: Body = { awaits: [], writes: [], ifs: [], returned: [], aliases: new Map(), locked: false };
  if (!fn.body) return body;
  walkPruned(fn.body, node => {
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
    const write = writeOf(node);
    if (write) body.writes.push(write);
    return true;
  });
  return body;
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

export function racesIn(fn: FunctionLike): Race[] {
  if (runsUnderLock(fn) || runsOnceAtLoad(fn)) return [];
  const body = readBody(fn);
  if (body.locked || !body.awaits.length || !body.writes.length) return [];
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
    if (wait && work.length) races.push({ test: write.node, wait, work, write });
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
  return races.filter(r => !seen.has(r.write.node) && !!seen.add(r.write.node) && returnsFilled(body, r.write, located));
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
  races.push({ test, wait, work, write });
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

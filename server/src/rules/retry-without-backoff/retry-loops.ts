// The shape of a retry loop, read from syntax: a `while`/`do`/`for(;;)` loop whose body awaits
// work in a `try` that leaves the loop when it succeeds (`return`, `break`, a success flag the
// loop's condition reads) and whose `catch` goes round again. A `for...of` over items is a list
// of alternatives (fallbacks), not a retry, and is never one; nor is a loop that takes the next
// element of a list each time round (the judge reads `consumed` and what the attempt reads).
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isFunctionLike } from "../../analysis/async-context";
import { calleeParts, isLoop, skipOuterExpressions, textOf, isConstList, isLetList, nodeField as get } from "../../analysis/syntax";
import { walkPruned } from "../../analysis/walk";

export interface RetryLoop {
  loop: Node;
  /** The `try` whose success leaves the loop. */
  attempt: Node;
  tryBlock: Node;
  /** The name the catch clause binds (`err` in `catch (err)`), if any. */
  errorName?: string;
  /** Every `await` of the loop (condition, body, incrementor), not those of nested functions. */
  awaits: Node[];
  /** What the loop changes: identifiers and `this.x`-like member texts assigned or updated in it. */
  mutated: Set<string>;
  /** Assignments in the loop to a mutated name (`delay = delay * 2`), by the name's text. */
  assignments: Map<string, Node[]>;
  /** Variables declared inside the loop's body, with their initializers (fresh each time round). */
  locals: Map<string, Node | undefined>;
  /**
   * Lists the loop takes elements out of (`list.pop()`, `queue.shift()`, `xs.splice(i, 1)`), by the
   * receiver's text, with those calls: what reads the list sees a shorter one each time round.
   */
  consumed: Map<string, Node[]>;
  /** Whether something ends the retries besides success: a condition, a counter, a give-up exit. */
  bounded: boolean;
  /** A `let` counter of the loop that starts at a number (`attempt`), for the fix. */
  counter?: string;
  /** The number of attempts when a counter and constants fix it (`for (let i = 0; i < 2; i++)`). */
  maxAttempts?: number;
}

const assignmentOperators = new Set<SyntaxKind>([
  SyntaxKind.EqualsToken,
  SyntaxKind.PlusEqualsToken,
  SyntaxKind.MinusEqualsToken,
  SyntaxKind.AsteriskEqualsToken,
  SyntaxKind.AsteriskAsteriskEqualsToken,
  SyntaxKind.SlashEqualsToken,
  SyntaxKind.PercentEqualsToken,
  SyntaxKind.LessThanLessThanEqualsToken,
  SyntaxKind.BarBarEqualsToken,
  SyntaxKind.QuestionQuestionEqualsToken,
]);

/** Array methods that take elements out of the list they are called on. */
const consumingMethods = new Set(["pop", "shift", "splice"]);

/** The loop's retry shape, or undefined when the loop is not a retry loop. */
export function retryLoopOf(loop: Node): RetryLoop | undefined {
  if (loop.kind !== SyntaxKind.WhileStatement && loop.kind !== SyntaxKind.DoStatement && loop.kind !== SyntaxKind.ForStatement) return undefined;
  const body = get(loop, "statement");
  const condition =
    get<Node | undefined>(loop, "condition") ??
    (loop.kind === SyntaxKind.WhileStatement || loop.kind === SyntaxKind.DoStatement ? get(loop, "expression") : undefined);
  const successFlags = conditionNames(condition);
  let attempt: Node | undefined;
  walkPruned(body, node => {
    if (isFunctionLike(node) || isLoop(node)) return false;
    if (node.kind === SyntaxKind.TryStatement && !attempt && get<Node | undefined>(node, "catchClause") && leavesOnSuccess(node, loop, successFlags))
      attempt = node;
    return !attempt;
  });
  if (!attempt) return undefined;
  const tryBlock = get(attempt, "tryBlock");
  const catchClause = get(attempt, "catchClause");
  const catchBlock = get(catchClause, "block");
  // Every failure leaves the loop: not a retry.
  if (get<readonly Node[]>(catchBlock, "statements").some(s => exitsLoop(s, loop))) return undefined;
  if (statementsAfter(attempt).some(s => exitsLoop(s, loop))) return undefined;
  const errorName = textOf(get<Node | undefined>(get<Node>(catchClause, "variableDeclaration") ?? catchClause, "name"));

  const awaits: Node[] = [];
  const mutated = new Set<string>();
  const assignments = new Map<string, Node[]>();
  const locals = new Map<string, Node | undefined>();
  const consumed = new Map<string, Node[]>();
  const exitsOutsideTry: Node[] = [];
  const note = (target: Node, assignment?: Node) => {
    const key = targetText(target);
    if (!key) return;
    mutated.add(key);
    if (assignment) assignments.set(key, [...(assignments.get(key) ?? []), assignment]);
  };
  walkPruned(
    loop,
    node => {
      if (isFunctionLike(node)) return false;
      switch (node.kind) {
        case SyntaxKind.AwaitExpression:
          awaits.push(node);
          break;
        case SyntaxKind.CallExpression: {
          const parts = calleeParts(get(node, "expression"));
          const list = parts?.receiverExpression && consumingMethods.has(parts.nameNode.text) ? targetText(parts.receiverExpression) : undefined;
          if (list) consumed.set(list, [...(consumed.get(list) ?? []), node]);
          break;
        }
        case SyntaxKind.BinaryExpression:
          if (assignmentOperators.has(get(node, "operatorToken").kind)) note(get(node, "left"), node);
          break;
        case SyntaxKind.PrefixUnaryExpression:
        case SyntaxKind.PostfixUnaryExpression: {
          const operator = get<number>(node, "operator");
          if (operator === SyntaxKind.PlusPlusToken || operator === SyntaxKind.MinusMinusToken) note(get(node, "operand"));
          break;
        }
        case SyntaxKind.VariableDeclaration: {
          const name = textOf(get(node, "name"));
          // The for loop's own counter changes each time round.
          if (name && node.parent?.parent === loop) mutated.add(name);
          else if (name) locals.set(name, get<Node | undefined>(node, "initializer"));
          break;
        }
        case SyntaxKind.ReturnStatement:
        case SyntaxKind.ThrowStatement:
        case SyntaxKind.BreakStatement:
          if (!within(node, tryBlock) && (node.kind !== SyntaxKind.BreakStatement || breakTarget(node) === loop)) exitsOutsideTry.push(node);
          break;
      }
      return true;
    },
    true,
  );
  const bounded = isBounded(loop, condition, tryBlock, assignments, exitsOutsideTry, errorName, mutated);
  const counter = counterOf(loop, mutated);
  const maxAttempts = counter && bounded ? attemptsOf(loop, condition, counter) : undefined;
  return {
    loop,
    attempt,
    tryBlock,
    errorName,
    awaits,
    mutated,
    assignments,
    locals,
    consumed,
    bounded,
    counter,
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
  };
}

/**
 * How many times a `for`/`while` loop can run, when its counter starts at a number, goes up by one
 * once per round, and is compared with a constant (a literal, or a `const` of the file given a
 * literal): `for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)` with `const MAX_ATTEMPTS = 2`.
 */
function attemptsOf(loop: Node, condition: Node | undefined, counter: string): number | undefined {
  if (loop.kind === SyntaxKind.DoStatement || !condition) return undefined;
  const start = startOf(loop, counter);
  const c = skipOuterExpressions(condition);
  if (start === undefined || c.kind !== SyntaxKind.BinaryExpression) return undefined;
  const operator = get<Node>(c, "operatorToken").kind;
  const left = skipOuterExpressions(get(c, "left"));
  const right = skipOuterExpressions(get(c, "right"));
  let limit: number | undefined;
  let inclusive: boolean;
  if (
    textOf(left) === counter &&
    left.kind === SyntaxKind.Identifier &&
    (operator === SyntaxKind.LessThanToken || operator === SyntaxKind.LessThanEqualsToken)
  ) {
    limit = constantValue(right);
    inclusive = operator === SyntaxKind.LessThanEqualsToken;
  } else if (
    textOf(right) === counter &&
    right.kind === SyntaxKind.Identifier &&
    (operator === SyntaxKind.GreaterThanToken || operator === SyntaxKind.GreaterThanEqualsToken)
  ) {
    limit = constantValue(left);
    inclusive = operator === SyntaxKind.GreaterThanEqualsToken;
  } else return undefined;
  if (limit === undefined) return undefined;
  // The counter changes exactly once in the loop, by one.
  const updates: Node[] = [];
  walkPruned(
    loop,
    node => {
      if (isFunctionLike(node)) return false;
      if (node.kind === SyntaxKind.PrefixUnaryExpression || node.kind === SyntaxKind.PostfixUnaryExpression) {
        if (textOf(skipOuterExpressions(get(node, "operand"))) === counter) updates.push(node);
      } else if (node.kind === SyntaxKind.BinaryExpression && assignmentOperators.has(get<Node>(node, "operatorToken").kind)) {
        if (textOf(skipOuterExpressions(get(node, "left"))) === counter) updates.push(node);
      }
      return true;
    },
    true,
  );
  if (updates.length !== 1) return undefined;
  const update = updates[0]!;
  const byOne =
    (update.kind !== SyntaxKind.BinaryExpression && get<number>(update, "operator") === SyntaxKind.PlusPlusToken) ||
    (update.kind === SyntaxKind.BinaryExpression &&
      get<Node>(update, "operatorToken").kind === SyntaxKind.PlusEqualsToken &&
      constantValue(skipOuterExpressions(get(update, "right"))) === 1);
  if (!byOne) return undefined;
  return Math.max(0, limit - start + (inclusive ? 1 : 0));
}

/** The counter's first value: a numeric literal in its `let`. */
function startOf(loop: Node, counter: string): number | undefined {
  const lists =
    loop.kind === SyntaxKind.ForStatement
      ? [get<Node | undefined>(loop, "initializer")]
      : statementsBefore(loop).map(s => (s.kind === SyntaxKind.VariableStatement ? get<Node>(s, "declarationList") : undefined));
  for (const list of lists) {
    if (list?.kind !== SyntaxKind.VariableDeclarationList) continue;
    for (const d of get<readonly Node[]>(list, "declarations")) {
      if (textOf(get(d, "name")) !== counter) continue;
      const value = get<Node | undefined>(d, "initializer");
      return value ? literalNumber(skipOuterExpressions(value)) : undefined;
    }
  }
  return undefined;
}

/** A numeric literal, or a `const` of the file (one declaration of the name) whose value is one. */
function constantValue(n: Node): number | undefined {
  const literal = literalNumber(n);
  if (literal !== undefined || n.kind !== SyntaxKind.Identifier) return literal;
  const value = fileConstValue(n);
  return value ? literalNumber(value) : undefined;
}

/** What a name is given when it is a `const` of the file (one declaration of the name in the file). */
export function fileConstValue(n: Node): Node | undefined {
  const name = textOf(n);
  const found: Node[] = [];
  walkPruned(
    n.getSourceFile(),
    node => {
      if (node.kind === SyntaxKind.VariableDeclaration && textOf(get(node, "name")) === name) found.push(node);
      return true;
    },
    true,
  );
  if (found.length !== 1) return undefined;
  const declaration = found[0]!;
  if (!isConstList(declaration.parent)) return undefined;
  const value = get<Node | undefined>(declaration, "initializer");
  return value ? skipOuterExpressions(value) : undefined;
}

function literalNumber(n: Node): number | undefined {
  if (n.kind !== SyntaxKind.NumericLiteral) return undefined;
  const value = Number(textOf(n));
  return Number.isFinite(value) ? value : undefined;
}

/** The try block's last statement leaves the loop: `return`, `break`, or it sets a flag the loop's condition reads. */
function leavesOnSuccess(attempt: Node, loop: Node, successFlags: ReadonlySet<string>): boolean {
  const statements = get<readonly Node[]>(get(attempt, "tryBlock"), "statements");
  const last = statements[statements.length - 1];
  if (!last) return false;
  if (exitsLoop(last, loop)) return true;
  return statements.some(s => {
    if (s.kind !== SyntaxKind.ExpressionStatement) return false;
    const e = skipOuterExpressions(get(s, "expression"));
    if (e.kind !== SyntaxKind.BinaryExpression || get(e, "operatorToken").kind !== SyntaxKind.EqualsToken) return false;
    const key = targetText(get(e, "left"));
    return !!key && successFlags.has(key) && setsOnSuccess(get(e, "right"));
  });
}

/**
 * The value a success flag is given says "it worked": a literal (`done = true`) or the attempt's
 * own result (`result = await load()`). A test of the result (`pending = isPending(status)`) may
 * keep the loop going after a success: a poll, which waits on the way round whatever happens.
 */
function setsOnSuccess(value: Node): boolean {
  const v = skipOuterExpressions(value);
  if (
    v.kind === SyntaxKind.TrueKeyword ||
    v.kind === SyntaxKind.FalseKeyword ||
    v.kind === SyntaxKind.NumericLiteral ||
    v.kind === SyntaxKind.StringLiteral ||
    v.kind === SyntaxKind.NullKeyword
  )
    return true;
  let awaits = false;
  walkPruned(
    v,
    n => {
      if (awaits) return "stop";
      if (n.kind === SyntaxKind.AwaitExpression) awaits = true;
      return !isFunctionLike(n);
    },
    true,
  );
  return awaits;
}

/** `return`, `throw`, or a `break` out of this loop, as the statement itself. */
function exitsLoop(statement: Node, loop: Node): boolean {
  if (statement.kind === SyntaxKind.ReturnStatement || statement.kind === SyntaxKind.ThrowStatement) return true;
  return statement.kind === SyntaxKind.BreakStatement && breakTarget(statement) === loop;
}

/** The loop or switch a `break` leaves. */
function breakTarget(statement: Node): Node | undefined {
  const label = textOf(get<Node | undefined>(statement, "label"));
  for (let n = statement.parent; n; n = n.parent) {
    if (isFunctionLike(n)) return undefined;
    if (label) {
      if (n.kind === SyntaxKind.LabeledStatement && textOf(get(n, "label")) === label) return get(n, "statement");
    } else if (isLoop(n) || n.kind === SyntaxKind.SwitchStatement) return n;
  }
  return undefined;
}

function statementsAfter(statement: Node): readonly Node[] {
  const parent = statement.parent;
  if (!parent || parent.kind !== SyntaxKind.Block) return [];
  const statements = get<readonly Node[]>(parent, "statements");
  return statements.slice(statements.indexOf(statement) + 1);
}

/** `x`, `this.x`, `a.b.c` as written; undefined for anything else. */
export function targetText(node: Node): string | undefined {
  const n = skipOuterExpressions(node);
  if (n.kind === SyntaxKind.Identifier) return textOf(n);
  if (n.kind === SyntaxKind.PropertyAccessExpression) {
    const receiver = skipOuterExpressions(get(n, "expression"));
    const head = receiver.kind === SyntaxKind.ThisKeyword ? "this" : targetText(receiver);
    const name = textOf(get(n, "name"));
    return head && name ? `${head}.${name}` : undefined;
  }
  return undefined;
}

/** The names a loop condition reads (`!done`, `!this.connected`, `attempt < max`). */
function conditionNames(condition: Node | undefined): Set<string> {
  const names = new Set<string>();
  if (!condition) return names;
  walkPruned(
    condition,
    node => {
      const key = node.kind === SyntaxKind.Identifier || node.kind === SyntaxKind.PropertyAccessExpression ? targetText(node) : undefined;
      if (key) {
        names.add(key);
        return false;
      }
      return !isFunctionLike(node);
    },
    true,
  );
  return names;
}

export function within(node: Node, outer: Node): boolean {
  return node.pos >= outer.pos && node.end <= outer.end;
}

function isAlwaysTrue(condition: Node | undefined): boolean {
  if (!condition) return true;
  const c = skipOuterExpressions(condition);
  return c.kind === SyntaxKind.TrueKeyword || (c.kind === SyntaxKind.NumericLiteral && textOf(c) !== "0");
}

/**
 * Something other than success ends the loop: a condition that is not a success flag, or an exit
 * on the failure path that does not depend on the error alone (`if (attempt >= max) throw err`,
 * `if (this.closed) return`). An exit that filters errors (`if (!retryable(err)) throw err`) is
 * no bound: retryable errors are retried forever.
 */
function isBounded(
  loop: Node,
  condition: Node | undefined,
  tryBlock: Node,
  assignments: ReadonlyMap<string, readonly Node[]>,
  exitsOutsideTry: readonly Node[],
  errorName: string | undefined,
  mutated: ReadonlySet<string>,
): boolean {
  if (!isAlwaysTrue(condition)) {
    const names = conditionNames(condition);
    // `while (!done)` where only success sets `done`: no bound.
    const successFlagOnly =
      names.size > 0 &&
      [...names].every(name => mutated.has(name) && (assignments.get(name) ?? []).every(a => within(a, tryBlock)) && (assignments.get(name)?.length ?? 0) > 0);
    if (!successFlagOnly) return true;
  }
  if (loop.kind === SyntaxKind.ForStatement && get<Node | undefined>(loop, "condition")) return true;
  return exitsOutsideTry.some(exit => {
    const guard = enclosingCondition(exit, loop);
    if (!guard) return true;
    return !(errorName && mentions(guard, errorName)) || [...mutated].some(name => mentions(guard, name));
  });
}

/** The condition of the nearest `if`/`?:` (inside the loop) an exit depends on. */
function enclosingCondition(node: Node, loop: Node): Node | undefined {
  for (let n = node.parent; n && n !== loop; n = n.parent) {
    if (n.kind === SyntaxKind.IfStatement) return get(n, "expression");
    if (n.kind === SyntaxKind.ConditionalExpression) return get(n, "condition");
    if (n.kind === SyntaxKind.CaseClause || n.kind === SyntaxKind.DefaultClause) return n.parent?.parent ? get(n.parent.parent, "expression") : undefined;
  }
  return undefined;
}

function mentions(node: Node, name: string): boolean {
  let found = false;
  walkPruned(
    node,
    n => {
      if (found) return "stop";
      if (targetText(n) === name) {
        found = true;
        return "stop";
      }
      return true;
    },
    true,
  );
  return found;
}

/** The loop's counter: a `let` of the for loop, or a `let` declared just before the loop, that starts at a number and the loop changes. */
function counterOf(loop: Node, mutated: ReadonlySet<string>): string | undefined {
  const numericLet = (list: Node | undefined): string | undefined => {
    if (!isLetList(list)) return undefined;
    for (const d of get<readonly Node[]>(list, "declarations")) {
      const value = get<Node | undefined>(d, "initializer");
      const name = get<Node>(d, "name");
      if (value && skipOuterExpressions(value).kind === SyntaxKind.NumericLiteral && name.kind === SyntaxKind.Identifier && mutated.has(textOf(name)!))
        return textOf(name);
    }
    return undefined;
  };
  if (loop.kind === SyntaxKind.ForStatement) return numericLet(get<Node | undefined>(loop, "initializer"));
  let statement: Node = loop;
  while (statement.parent?.kind === SyntaxKind.LabeledStatement) statement = statement.parent;
  for (const before of [...statementsBefore(statement)].reverse()) {
    if (before.kind !== SyntaxKind.VariableStatement) continue;
    const name = numericLet(get(before, "declarationList"));
    if (name) return name;
  }
  return undefined;
}

function statementsBefore(statement: Node): readonly Node[] {
  const parent = statement.parent;
  if (!parent || parent.kind !== SyntaxKind.Block) return [];
  const statements = get<readonly Node[]>(parent, "statements");
  return statements.slice(0, statements.indexOf(statement));
}

// Why one function's promise may reject, by syntax alone: the first half of the "may reject?"
// summary (may-reject.ts follows the calls it passes on).
//
// An async function rejects when code outside a catch-all `try` throws, or when it awaits or
// returns a promise that rejects. Code outside such a try counts as "ordinary" (cannot throw)
// only when it is one of, conservatively:
// - literals, names, `this`, function expressions, object literals, templates, operators (not
//   `in`/`instanceof`), assignments to a name or a property of `this`, with ordinary operands;
// - property reads on `this`, on an optional chain (`a?.b`), or on `process`, `Math`, `Date`,
//   `Number`, `JSON`'s constants (a read of a possibly-undefined value throws);
// - logging calls (`console.*`, `log`/`logger`/`…Logger` receivers' `log`/`info`/`warn`/...),
//   `Date.now()`, `performance.now()`, timers, `Math.*`, `new` of built-ins that do not throw
//   (`Date`, `Map`, `Set`, `Error`, `AbortController`, ...), and book-keeping on the object's own
//   collections (`this.timers.push(id)`, `.set/.add/.delete/.clear`), with ordinary arguments;
// - `if` with an ordinary condition, blocks, `return`, declarations without destructuring.
// Anything else (other calls, element access, loops, `switch`, destructuring) may throw.
// Awaited or returned: a call of a project function (passed on: the summary follows it),
// `p.catch(handler)` / `p.then(f, handler)` with handlers that do not throw, `Promise.allSettled`,
// `Promise.resolve(x)`, `new Promise(resolve => ...)` without a reject parameter or throw.
// A catch block's own calls are taken at their word (they report the error), as before; a
// `throw` there, or an await of something that may reject, makes the function rejectable.
//
// The parts: the statement walk here (try/catch, returns, awaits), what an expression evaluates in
// ordinary-expressions.ts, and what shows a rejection where the walk gives up in
// rejection-evidence-scan.ts.
import { SyntaxKind, type CallExpression, type Node, type PropertyAccessExpression, type SourceFile } from "./typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "./async-context";
import { containsThrow, methodName, nameNodeOf, nameText, skipParens } from "./promise-syntax";
import { skipOuterExpressions } from "./syntax";
import { isArgumentGuardThrow } from "./argument-guards";
import { isLookupMissThrow } from "./lookup-miss-guards";
import { forEachOwnReturn, handlerCannotThrow, isCollectionCall, isLazyInitialization, namesGivenHandlers, statementsOf } from "./rejection-syntax";
import { continuationName, declarationBySyntax, promiseCannotReject, type RejectionOracle } from "./settled-promises";
import { ExpressionWalker } from "./ordinary-expressions";
import { argumentGuardLabel, handledErrorLabel, lookupMissLabel, passedOnEntry, passOnAny, withHandledErrors } from "./rejection-evidence-scan";
import { isHandledError, thrownIdentities } from "./error-filters";

/**
 * `evidence`: the function can be shown to reject here (a `throw`, `Promise.reject`, a promise
 * executor that rejects), not merely "may throw, the analysis cannot tell".
 */
export interface Reason {
  node: Node;
  label: string;
  evidence?: boolean;
  /** The rejection comes only from the function the caller passes as this parameter (callback-rejections.ts). */
  parameter?: number;
}
/** A project call whose promise the function hands on (awaits outside a catch-all try, or returns). */
export interface PassedOn {
  call: CallExpression;
  nameNode?: Node;
  how: "awaits" | "returns";
  /**
   * Awaited in the try block of a catch that throws only for errors matching none of these
   * identities (error-filters.ts): the callee's throws of those are handled there.
   */
  unlessError?: readonly string[];
}
/**
 * `nullable`: values whose property is read or a method called; a reason only when their
 * declared type includes null or undefined (asked of the checker: `any` and non-strict code
 * pass, as the code's own types do).
 */
export interface RejectionSources {
  reasons: Reason[];
  passedOn: PassedOn[];
  nullable: Node[];
  /** Functions whose promise is passed on too: callbacks of `Promise.all(xs.map(async x => ...))`, of `.then(f)`. */
  nested: FunctionLike[];
  /**
   * While a try block is walked whose catch throws only for errors other than these (error-filters.ts):
   * its awaits are passed on with them, and its own throws of them are handled.
   */
  handledErrors?: readonly string[];
}

export function rejectionSources(sf: SourceFile, fn: FunctionLike): RejectionSources {
  const out: RejectionSources = { reasons: [], passedOn: [], nullable: [], nested: [] };
  const body = fn.body!;
  const async = isAsyncFunction(fn);
  const walker = new Walker(sf, out, async);
  if (body.kind !== SyntaxKind.Block) {
    walker.returned(body);
  } else if (async) {
    walker.statements(statementsOf(body), false);
  } else {
    // A plain function rejects only through the promise it returns (a throw is synchronous).
    walker.handledNames = namesGivenHandlers(body);
    let returns = 0;
    forEachOwnReturn(body, value => {
      returns++;
      if (value) walker.returned(value);
      else walker.reason(body, "returns no promise");
    });
    if (!returns) walker.reason(fn, "returns no promise");
  }
  return out;
}

class Walker extends ExpressionWalker {
  /** Statements of an async function; `guarded`: inside a try whose catch does not rethrow. */
  statements(list: readonly Node[], guarded: boolean): void {
    for (const s of list) this.statement(s, guarded);
  }

  private statement(s: Node, guarded: boolean): void {
    const k = s.kind;
    if (guarded) {
      // Everything that throws here is caught; only a returned (not awaited) promise escapes.
      if (isFunctionLike(s) || k === SyntaxKind.ClassDeclaration) return;
      if (k === SyntaxKind.ReturnStatement) {
        const value = (s as unknown as { expression?: Node }).expression;
        if (value) this.returnedGuarded(value);
        return;
      }
      s.forEachChild(c => this.statement(c, true));
      return;
    }
    switch (k) {
      case SyntaxKind.EmptyStatement:
      case SyntaxKind.FunctionDeclaration:
      case SyntaxKind.InterfaceDeclaration:
      case SyntaxKind.TypeAliasDeclaration:
        return;
      case SyntaxKind.Block:
        return this.statements(statementsOf(s), false);
      case SyntaxKind.ExpressionStatement:
        return this.expression((s as unknown as { expression: Node }).expression);
      case SyntaxKind.VariableStatement: {
        const list = (s as unknown as { declarationList: { declarations: readonly (Node & { name: Node; initializer?: Node })[] } }).declarationList;
        for (const d of list.declarations) {
          if (d.name.kind !== SyntaxKind.Identifier) this.reason(d, "destructures a value");
          else if (d.initializer) this.expression(d.initializer);
        }
        return;
      }
      case SyntaxKind.ReturnStatement: {
        const value = (s as unknown as { expression?: Node }).expression;
        if (value) this.returned(value);
        return;
      }
      case SyntaxKind.IfStatement: {
        const i = s as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
        this.expression(i.expression);
        if (!i.elseStatement && isLazyInitialization(i.expression, i.thenStatement)) {
          // Runs once per object, before its first use: not a rejection of the calls after it.
          this.out.reasons.push({ node: i.thenStatement, label: "awaits a one-time initialization" });
          return;
        }
        this.statement(i.thenStatement, false);
        if (i.elseStatement) this.statement(i.elseStatement, false);
        return;
      }
      case SyntaxKind.TryStatement: {
        const t = s as unknown as { tryBlock: Node; catchClause?: { block: Node }; finallyBlock?: Node };
        if (t.catchClause) {
          // A throw in the catch block runs only when the try block failed: it passes on the try
          // block's failures (shown or not), and is no evidence of its own.
          const rethrows = containsThrow(t.catchClause.block);
          this.handlerBlock(t.catchClause.block, rethrows);
          if (rethrows) withHandledErrors(this.out, t.catchClause as unknown as Node, () => this.statement(t.tryBlock, false));
          else this.statement(t.tryBlock, true);
        } else {
          this.statement(t.tryBlock, false);
        }
        if (t.finallyBlock) this.handlerBlock(t.finallyBlock, false);
        return;
      }
      case SyntaxKind.ThrowStatement:
        if (isArgumentGuardThrow(s)) return this.reason(s, argumentGuardLabel);
        if (isHandledError(thrownIdentities(s), this.out.handledErrors)) return this.reason(s, handledErrorLabel);
        return isLookupMissThrow(s) ? this.reason(s, lookupMissLabel) : this.reason(s, "throws", true);
      default:
        return this.reason(s, "runs code that may throw");
    }
  }

  /**
   * A catch or finally block: its calls report the error and are taken at their word; throws and
   * awaits are not. `passesOnTry`: a catch block whose throws pass on the try block's failures
   * (the caller walks the try block unguarded instead).
   */
  private handlerBlock(block: Node, passesOnTry: boolean): void {
    const visit = (n: Node): void => {
      if (isFunctionLike(n)) return;
      if (n.kind === SyntaxKind.ThrowStatement) {
        if (!passesOnTry) this.reason(n, "throws in a finally block", true);
        return;
      }
      if (n.kind === SyntaxKind.AwaitExpression) {
        this.awaited((n as unknown as { expression: Node }).expression);
        return;
      }
      if (n.kind === SyntaxKind.ReturnStatement) {
        const value = (n as unknown as { expression?: Node }).expression;
        if (value && !this.isPlainValue(value)) this.returned(value);
        return;
      }
      // A try of its own inside the handler (clean-up that may fail, caught and logged): what its
      // catch-all catch catches escapes no more than in the function's body (`statement`).
      if (n.kind === SyntaxKind.TryStatement) {
        const t = n as unknown as { tryBlock: Node; catchClause?: { block: Node }; finallyBlock?: Node };
        if (t.catchClause && !containsThrow(t.catchClause.block)) {
          this.statement(t.tryBlock, true);
          visit(t.catchClause.block);
          if (t.finallyBlock) visit(t.finallyBlock);
          return;
        }
      }
      n.forEachChild(visit);
    };
    block.forEachChild(visit);
  }

  /**
   * A value an async function returns (its promise is adopted) or a plain function hands out.
   * Type assertions (`x as T`, `<T>x`, `x!`, `x satisfies T`) are no code: their operand is the value.
   */
  returned(value0: Node): void {
    const value = skipOuterExpressions(value0);
    if (value.kind === SyntaxKind.ConditionalExpression) {
      const c = value as unknown as { condition: Node; whenTrue: Node; whenFalse: Node };
      this.expression(c.condition);
      this.returned(c.whenTrue);
      this.returned(c.whenFalse);
      return;
    }
    if (value.kind === SyntaxKind.AwaitExpression) return this.awaited((value as unknown as { expression: Node }).expression);
    if (value.kind === SyntaxKind.CallExpression && !isCollectionCall(value as CallExpression) && this.isOrdinaryCallee(value as CallExpression))
      return this.expression(value);
    if (this.settlesSafely(value, "returns")) return;
    if (this.isPlainValue(value)) return;
    // `return this.ready` / `return result` where every assignment only resolves, judged by syntax;
    // the calls met on the way are passed on (the summary follows them).
    if ((value.kind === SyntaxKind.PropertyAccessExpression || value.kind === SyntaxKind.Identifier) && this.settledBySyntax(value)) return;
    this.reason(value, "returns a promise that may reject");
    passOnAny(this.out, value, "returns");
  }

  /**
   * A value returned inside a catch-all try: what it evaluates is caught; only a promise it is
   * escapes. `return await res.json() as T` awaits inside the try (the assertion is no code), and
   * so does each branch of `return ok ? await a() as T : await b() as T`.
   */
  private returnedGuarded(value0: Node): void {
    const value = skipOuterExpressions(value0);
    if (value.kind === SyntaxKind.AwaitExpression) return;
    if (value.kind === SyntaxKind.ConditionalExpression) {
      const c = value as unknown as { whenTrue: Node; whenFalse: Node };
      this.returnedGuarded(c.whenTrue);
      this.returnedGuarded(c.whenFalse);
      return;
    }
    if (value.kind === SyntaxKind.CallExpression && !isCollectionCall(value as CallExpression) && this.isOrdinaryCallee(value as CallExpression)) return;
    // `return resolve(result)`, `return done(err)`: a continuation called for its effect returns no promise.
    if (value.kind === SyntaxKind.CallExpression && continuationName.test(nameText(skipParens((value as CallExpression).expression)) ?? "")) return;
    if (this.isPlainValue(value)) return;
    this.returned(value);
  }

  private settledBySyntax(value: Node): boolean {
    const passed = this.out.passedOn.length;
    const oracle: RejectionOracle = {
      callCannotReject: call => {
        const callee = skipParens((call as CallExpression).expression);
        this.out.passedOn.push({ call: call as CallExpression, nameNode: nameNodeOf(callee), how: "returns" });
        return callee.kind === SyntaxKind.Identifier || callee.kind === SyntaxKind.PropertyAccessExpression;
      },
      declarationOf: declarationBySyntax,
    };
    if (promiseCannotReject(value, oracle)) return true;
    this.out.passedOn.length = passed;
    return false;
  }

  /** Names of promises this (plain) function gave a rejection handler (`p.catch(noop); return p;`). */
  handledNames = new Set<string>();

  /** Names, literals, object literals of those: not a promise of the function's own making. */
  private isPlainValue(value0: Node): boolean {
    const value = skipParens(value0);
    // A plain function's name may hold any promise, unless the function gave it a handler.
    if (value.kind === SyntaxKind.Identifier) return this.async || this.handledNames.has(nameText(value));
    const before = this.out.reasons.length;
    const passed = this.out.passedOn.length;
    const nullable = this.out.nullable.length;
    const nested = this.out.nested.length;
    // Calls count only when ordinary (`String(x)`, `Date.now()`): they make no promise.
    if (value.kind === SyntaxKind.NewExpression || value.kind === SyntaxKind.AwaitExpression) return false;
    this.expression(value);
    const plain = this.out.reasons.length === before && this.out.passedOn.length === passed;
    this.out.reasons.length = before;
    this.out.passedOn.length = passed;
    this.out.nullable.length = nullable;
    this.out.nested.length = nested;
    return plain && (this.async || value.kind !== SyntaxKind.PropertyAccessExpression);
  }

  protected override awaited(operand0: Node): void {
    const operand = skipOuterExpressions(operand0);
    if (this.settlesSafely(operand, "awaits")) return;
    if (this.isPlainValue(operand)) return;
    this.reason(operand, "awaits a promise that may reject");
    passOnAny(this.out, operand, "awaits");
  }

  /**
   * A promise that cannot reject, or a project call the summary follows (recorded as passed on).
   * Its arguments and receiver must be ordinary: they are evaluated inside the async function.
   */
  private settlesSafely(node: Node, how: PassedOn["how"]): boolean {
    if (node.kind === SyntaxKind.NewExpression) return this.isSafeNewPromise(node);
    if (node.kind !== SyntaxKind.CallExpression) return false;
    const call = node as CallExpression;
    const callee = skipParens(call.expression);
    const name = methodName(callee);
    if (name === "catch" || (name === "then" && call.arguments.length >= 2)) {
      const handlers = name === "catch" ? [call.arguments[0]] : [call.arguments[0], call.arguments[1]];
      if (!handlers.every(h => h && handlerCannotThrow(skipParens(h)))) return false;
      // The receiver's own synchronous throw is not considered: a promise-returning call reports by rejecting.
      this.receiverEvaluation((callee as PropertyAccessExpression).expression);
      return true;
    }
    if (
      callee.kind === SyntaxKind.PropertyAccessExpression &&
      nameText((callee as PropertyAccessExpression).expression) === "Promise" &&
      (name === "allSettled" || name === "resolve")
    ) {
      if (name === "resolve") call.arguments.forEach(a => this.expression(a));
      return true;
    }
    // `Promise.all([...])` rejects when an element does: the caller passes the elements on (passOnAny).
    if (
      callee.kind === SyntaxKind.PropertyAccessExpression &&
      nameText((callee as PropertyAccessExpression).expression) === "Promise" &&
      (name === "all" || name === "race" || name === "any")
    )
      return false;
    if (
      callee.kind === SyntaxKind.Identifier ||
      (callee.kind === SyntaxKind.PropertyAccessExpression && this.isOrdinaryReceiver((callee as PropertyAccessExpression).expression, true))
    ) {
      call.arguments.forEach(a => this.expression(a));
      this.out.passedOn.push(passedOnEntry(this.out, call, nameNodeOf(callee), how));
      return true;
    }
    return false;
  }

  /** `p.catch(...)`'s receiver: evaluated, but only its awaits and passed-on calls matter. */
  private receiverEvaluation(receiver: Node): void {
    const r = skipParens(receiver);
    if (r.kind === SyntaxKind.CallExpression) (r as CallExpression).arguments.forEach(a => this.expression(a));
  }
}

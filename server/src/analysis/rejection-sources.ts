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
import { SyntaxKind, type CallExpression, type Node, type PropertyAccessExpression, type SourceFile } from "./typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "./async-context";
import { containsThrow, enclosingFunction, functionExpressionKinds, methodName, nameNodeOf, nameText, skipParens } from "./promise-syntax";
import { rejectsOnlyWithCallback } from "./callback-rejections";
import { walkPruned } from "./walk";
import { isArgumentGuardThrow } from "./argument-guards";
import { isLookupMissThrow } from "./lookup-miss-guards";
import {
  collectionMethods,
  executorRejects,
  forEachOwnReturn,
  handlerCannotThrow,
  isCollectionCall,
  isLazyInitialization,
  literalKinds,
  logMethods,
  logReceiver,
  namesGivenHandlers,
  readableGlobals,
  safeConstructors,
  safeGlobalCalls,
  safeStaticCalls,
  statementsOf,
  wrapperKinds,
} from "./rejection-syntax";
import { continuationName, declarationBySyntax, isResolveOnlyPromise, promiseCannotReject, type RejectionOracle } from "./settled-promises";

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

const argumentGuardLabel = "throws only on invalid arguments";

const lookupMissLabel = "throws only when its argument names nothing the lookup finds";

/**
 * A throw shows a rejection, unless it only validates the function's arguments (argument-guards.ts)
 * or reports that the argument names nothing in a collection (lookup-miss-guards.ts).
 */
function throwReason(n: Node): Reason {
  if (isArgumentGuardThrow(n)) return { node: n, label: argumentGuardLabel };
  if (isLookupMissThrow(n)) return { node: n, label: lookupMissLabel };
  return { node: n, label: "throws", evidence: true };
}

class Walker {
  /** `async`: statements are checked and a returned name or `this.x` is a value (only ordinary code could have set it). */
  constructor(
    private readonly sf: SourceFile,
    private readonly out: RejectionSources,
    private readonly async: boolean,
  ) {}

  reason(node: Node, label: string, evidence = false): void {
    this.out.reasons.push({ node, label, ...(evidence ? { evidence } : {}) });
    // Where the syntax check gives up (a loop, a call that may throw), look inside for what
    // shows a rejection: throws and the promises awaited or returned there.
    if (!evidence && this.async) this.scanForEvidence(node);
  }

  /** Throws, and awaited or returned promises, in code the walker did not follow (not inside catch-all trys). */
  private scanForEvidence(root: Node): void {
    walkPruned(
      root,
      n => {
        if (n !== root && (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression)) return false;
        switch (n.kind) {
          case SyntaxKind.ThrowStatement:
            this.out.reasons.push(throwReason(n));
            return true;
          case SyntaxKind.TryStatement: {
            const t = n as unknown as { catchClause?: { block: Node }; finallyBlock?: Node; tryBlock: Node };
            if (!t.catchClause) return true;
            // A catch block that throws passes on the try block's failures (see `statement`).
            if (containsThrow(t.catchClause.block)) this.scanForEvidence(t.tryBlock);
            this.scanCatchForEvidence(t.catchClause.block);
            if (t.finallyBlock) this.scanForEvidence(t.finallyBlock);
            return false;
          }
          case SyntaxKind.AwaitExpression:
            this.passOnAny((n as unknown as { expression: Node }).expression, "awaits");
            return true;
          case SyntaxKind.ReturnStatement: {
            const value = (n as unknown as { expression?: Node }).expression;
            if (value) this.passOnAny(value, "returns");
            return true;
          }
          default:
            return true;
        }
      },
      true,
    );
  }

  /** A catch block's awaits and returns, without its throws (they pass on the try block's failures). */
  private scanCatchForEvidence(block: Node): void {
    walkPruned(
      block,
      n => {
        if (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression) return false;
        if (n.kind === SyntaxKind.ThrowStatement) return false;
        if (n.kind === SyntaxKind.TryStatement || n.kind === SyntaxKind.AwaitExpression || n.kind === SyntaxKind.ReturnStatement) {
          this.scanForEvidence(n);
          return false;
        }
        return true;
      },
      true,
    );
  }

  /**
   * A promise the function awaits or returns, however it is written: what can make it reject is
   * recorded (project and library calls passed on, callbacks, `Promise.reject`), for the evidence.
   */
  private passOnAny(value0: Node, how: PassedOn["how"]): void {
    const value = skipParens(value0);
    if (value.kind === SyntaxKind.ConditionalExpression) {
      const c = value as unknown as { whenTrue: Node; whenFalse: Node };
      this.passOnAny(c.whenTrue, how);
      this.passOnAny(c.whenFalse, how);
      return;
    }
    if (value.kind === SyntaxKind.NewExpression) {
      if (!executorRejects(value)) return;
      // A queue's `new Promise((resolve, reject) => task().then(resolve, reject))`: the task the
      // caller passes decides, not this function (the call site judges the argument).
      const fn = enclosingFunction(value);
      const parameter = fn && rejectsOnlyWithCallback(value, fn);
      if (parameter !== undefined)
        this.out.reasons.push({
          node: value,
          label: `${how} a new Promise that rejects only when the function given as argument ${parameter + 1} rejects`,
          parameter,
        });
      else this.out.reasons.push({ node: value, label: `${how} a new Promise whose executor rejects`, evidence: true });
      return;
    }
    if (value.kind !== SyntaxKind.CallExpression) return;
    const call = value as CallExpression;
    const callee = skipParens(call.expression);
    const name = methodName(callee);
    const receiver = callee.kind === SyntaxKind.PropertyAccessExpression ? skipParens((callee as PropertyAccessExpression).expression) : undefined;
    if (receiver && receiver.kind === SyntaxKind.Identifier && nameText(receiver) === "Promise") {
      if (name === "reject") this.out.reasons.push({ node: call, label: `${how} Promise.reject(...)`, evidence: true });
      else if (name === "all" || name === "race" || name === "any") call.arguments.forEach(a => this.passOnElements(a, how));
      return;
    }
    if (receiver && (name === "then" || name === "finally" || name === "catch")) {
      if (name !== "catch") this.passOnAny(receiver, how);
      for (const a of call.arguments) {
        const f = skipParens(a);
        if (functionExpressionKinds.has(f.kind)) {
          if (containsThrow((f as unknown as { body: Node }).body))
            this.out.reasons.push({ node: f, label: `${how} a promise whose callback throws`, evidence: true });
          else this.out.nested.push(f as FunctionLike);
        }
      }
      return;
    }
    if (functionExpressionKinds.has(callee.kind)) {
      this.out.nested.push(callee as FunctionLike);
      return;
    }
    this.out.passedOn.push({ call, nameNode: nameNodeOf(callee), how });
  }

  /** The promises given to `Promise.all`/`race`/`any`: an array's elements, or the callback of `xs.map(...)`. */
  private passOnElements(arg0: Node, how: PassedOn["how"]): void {
    const arg = skipParens(arg0);
    if (arg.kind === SyntaxKind.ArrayLiteralExpression) {
      for (const e of (arg as unknown as { elements: readonly Node[] }).elements)
        this.passOnAny(e.kind === SyntaxKind.SpreadElement ? (e as unknown as { expression: Node }).expression : e, how);
      return;
    }
    if (arg.kind === SyntaxKind.CallExpression) {
      const call = arg as CallExpression;
      const name = methodName(skipParens(call.expression));
      const f = call.arguments[0] && skipParens(call.arguments[0]);
      if ((name === "map" || name === "flatMap") && f && functionExpressionKinds.has(f.kind)) {
        this.out.nested.push(f as FunctionLike);
        return;
      }
      this.passOnAny(call, how);
    }
  }

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
          this.statement(t.tryBlock, !rethrows);
        } else {
          this.statement(t.tryBlock, false);
        }
        if (t.finallyBlock) this.handlerBlock(t.finallyBlock, false);
        return;
      }
      case SyntaxKind.ThrowStatement:
        if (isArgumentGuardThrow(s)) return this.reason(s, argumentGuardLabel);
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

  /** A value an async function returns (its promise is adopted) or a plain function hands out. */
  returned(value0: Node): void {
    const value = skipParens(value0);
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
    this.passOnAny(value, "returns");
  }

  /** A value returned inside a catch-all try: what it evaluates is caught; only a promise it is escapes. */
  private returnedGuarded(value0: Node): void {
    const value = skipParens(value0);
    if (value.kind === SyntaxKind.AwaitExpression) return;
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

  private awaited(operand0: Node): void {
    const operand = skipParens(operand0);
    if (this.settlesSafely(operand, "awaits")) return;
    if (this.isPlainValue(operand)) return;
    this.reason(operand, "awaits a promise that may reject");
    this.passOnAny(operand, "awaits");
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
      this.out.passedOn.push({ call, nameNode: nameNodeOf(callee), how });
      return true;
    }
    return false;
  }

  /** `p.catch(...)`'s receiver: evaluated, but only its awaits and passed-on calls matter. */
  private receiverEvaluation(receiver: Node): void {
    const r = skipParens(receiver);
    if (r.kind === SyntaxKind.CallExpression) (r as CallExpression).arguments.forEach(a => this.expression(a));
  }

  private isSafeNewPromise(node: Node): boolean {
    return isResolveOnlyPromise(node);
  }

  /** An expression evaluated for its effect or value; records why it may throw or reject. */
  expression(node0: Node): void {
    const node = node0;
    const k = node.kind;
    if (literalKinds.has(k)) return;
    if (wrapperKinds.has(k)) return this.expression((node as unknown as { expression: Node }).expression);
    switch (k) {
      case SyntaxKind.AwaitExpression:
        return this.awaited((node as unknown as { expression: Node }).expression);
      case SyntaxKind.TemplateExpression:
        for (const span of (node as unknown as { templateSpans: readonly { expression: Node }[] }).templateSpans) this.expression(span.expression);
        return;
      case SyntaxKind.ObjectLiteralExpression:
        for (const p of (node as unknown as { properties: readonly Node[] }).properties) {
          if (p.kind === SyntaxKind.PropertyAssignment) this.expression((p as unknown as { initializer: Node }).initializer);
          else if (p.kind === SyntaxKind.SpreadAssignment) this.expression((p as unknown as { expression: Node }).expression);
          else if (p.kind !== SyntaxKind.ShorthandPropertyAssignment && p.kind !== SyntaxKind.MethodDeclaration) this.reason(p, "runs code that may throw");
        }
        return;
      case SyntaxKind.ArrayLiteralExpression:
        for (const e of (node as unknown as { elements: readonly Node[] }).elements) {
          if (e.kind === SyntaxKind.SpreadElement) this.reason(e, "spreads a value");
          else this.expression(e);
        }
        return;
      case SyntaxKind.PrefixUnaryExpression:
      case SyntaxKind.PostfixUnaryExpression:
        return this.expression((node as unknown as { operand: Node }).operand);
      case SyntaxKind.ConditionalExpression: {
        const c = node as unknown as { condition: Node; whenTrue: Node; whenFalse: Node };
        this.expression(c.condition);
        this.expression(c.whenTrue);
        this.expression(c.whenFalse);
        return;
      }
      case SyntaxKind.BinaryExpression: {
        const b = node as unknown as { left: Node; right: Node; operatorToken: Node };
        const op = b.operatorToken.kind;
        if (op === SyntaxKind.InKeyword || op === SyntaxKind.InstanceOfKeyword) return this.reason(node, "may throw");
        if (op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment) {
          const left = skipParens(b.left);
          if (left.kind === SyntaxKind.PropertyAccessExpression) this.propertyOf(left as PropertyAccessExpression);
          else if (left.kind !== SyntaxKind.Identifier) this.reason(left, "assigns to something that may not exist");
        } else {
          this.expression(b.left);
        }
        return this.expression(b.right);
      }
      case SyntaxKind.PropertyAccessExpression:
        return this.propertyOf(node as PropertyAccessExpression);
      case SyntaxKind.CallExpression:
        return this.call(node as CallExpression);
      case SyntaxKind.NewExpression: {
        const n = node as unknown as { expression: Node; arguments?: readonly Node[] };
        if (n.expression.kind === SyntaxKind.Identifier && safeConstructors.has(nameText(n.expression))) {
          n.arguments?.forEach(a => this.expression(a));
          return;
        }
        if (this.isSafeNewPromise(node)) return;
        return this.reason(node, "constructs an object (may throw)");
      }
      default:
        return this.reason(node, "may throw");
    }
  }

  /** A call that makes no promise and does not throw (`String(x)`, `Date.now()`, logging), its arguments aside. */
  private isOrdinaryCallee(call: CallExpression): boolean {
    const before = this.out.reasons.length;
    const passed = this.out.passedOn.length;
    const nested = this.out.nested.length;
    this.call(call, false);
    const ordinary = this.out.reasons.length === before;
    this.out.reasons.length = before;
    this.out.passedOn.length = passed;
    this.out.nested.length = nested;
    return ordinary;
  }

  private call(call: CallExpression, withArguments = true): void {
    const callee = skipParens(call.expression);
    const ordinaryArgs = () => {
      if (withArguments) call.arguments.forEach(a => this.expression(a));
    };
    if (callee.kind === SyntaxKind.Identifier && safeGlobalCalls.has(nameText(callee))) return ordinaryArgs();
    if (callee.kind === SyntaxKind.PropertyAccessExpression) {
      const access = callee as PropertyAccessExpression;
      const method = access.name.text;
      const receiver = skipParens(access.expression);
      const receiverName =
        receiver.kind === SyntaxKind.Identifier
          ? nameText(receiver)
          : receiver.kind === SyntaxKind.PropertyAccessExpression
            ? (receiver as PropertyAccessExpression).name.text
            : undefined;
      // Logging (`logger.info(...)`, `this.log?.warn(...)`), and book-keeping on a collection
      // (`this.timers.push(id)`, `pending.delete(key)`): the receiver must be readable.
      const logging = receiverName !== undefined && logReceiver.test(receiverName) && logMethods.has(method);
      if (logging || (collectionMethods.has(method) && receiver.kind !== SyntaxKind.CallExpression)) {
        if (!access.questionDotToken) this.valueRead(receiver);
        else this.expression(receiver);
        return ordinaryArgs();
      }
      // `setInterval(...).unref()`
      if (
        (method === "unref" || method === "ref") &&
        receiver.kind === SyntaxKind.CallExpression &&
        safeGlobalCalls.has(nameText(skipParens((receiver as CallExpression).expression)) ?? "")
      ) {
        this.call(receiver as CallExpression);
        return ordinaryArgs();
      }
      const statics = receiver.kind === SyntaxKind.Identifier ? safeStaticCalls.get(nameText(receiver) ?? "") : undefined;
      if (statics === "any" || statics?.has(method)) return ordinaryArgs();
    }
    this.reason(call, `calls ${callee.getText(this.sf).replace(/\s+/g, "").slice(0, 40)}(), which may throw`);
  }

  /** `a.b` (read or assigned): `a` is evaluated, and must not be declared nullable unless the access is optional. */
  private propertyOf(p: PropertyAccessExpression): void {
    if (p.questionDotToken) return this.expression(p.expression);
    this.valueRead(p.expression);
  }

  /** A value whose property is read: `this` and built-in globals always can be; others by their declared type. */
  private valueRead(receiver0: Node): void {
    const receiver = skipParens(receiver0);
    if (receiver.kind === SyntaxKind.ThisKeyword) return;
    if (receiver.kind === SyntaxKind.Identifier && readableGlobals.has(nameText(receiver))) return;
    if (receiver.kind !== SyntaxKind.Identifier && receiver.kind !== SyntaxKind.PropertyAccessExpression)
      return this.reason(receiver, "reads a property of a computed value");
    this.expression(receiver);
    this.out.nullable.push(receiver);
  }

  /** Property reads on it cannot throw: `this`, `this.x` (for a call), or a built-in global. */
  private isOrdinaryReceiver(receiver0: Node, forCall: boolean): boolean {
    const receiver = skipParens(receiver0);
    if (receiver.kind === SyntaxKind.ThisKeyword) return true;
    if (receiver.kind === SyntaxKind.Identifier) return readableGlobals.has(nameText(receiver)) || forCall;
    if (receiver.kind === SyntaxKind.PropertyAccessExpression) {
      const inner = skipParens((receiver as PropertyAccessExpression).expression);
      return (
        inner.kind === SyntaxKind.ThisKeyword ||
        (inner.kind === SyntaxKind.Identifier && nameText(inner) === "process" && (receiver as PropertyAccessExpression).name.text === "env")
      );
    }
    return false;
  }
}

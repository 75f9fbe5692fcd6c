// The decision itself, typescript-eslint's isUnhandledPromise on the batch's types. Phase 1
// (`collect`, while visiting) asks for the few types the decision can need; phase 2
// (`unhandled`, once the batch is checked) finds the first unhandled promise of a statement.
// Both use a stack, not recursion: generated code chains thousands of `a, b` or `a && b` deep.
// In the editor, what each node's type says (`TypeVerdict`) is carried for the functions an
// edit did not touch (analysis/carried-callees.ts): only the edited function's nodes ask the
// compiler again. What the decision reads beyond the node's own type (handlers' types, a builder's
// receiver, whether a `.then` can reject: call-graph summaries) is asked again each time.
import { SyntaxKind } from "../../analysis/typescript";
import type { BinaryExpression, CallExpression, ConditionalExpression, Node, PromiseLikeInfo, PropertyAccessExpression, Type } from "../../analysis/typescript";
import { promiseCannotReject, type RejectionOracle } from "../../analysis/settled-promises";
import { CarriedAnswers } from "../../analysis/carried-callees";
import { functionExpressionKinds, methodName, neverThenable, skipParens } from "../../analysis/promise-syntax";
import { isAssignmentOperator } from "../../analysis/syntax";
import type { RuleContext } from "../rule";
import { cannotRejectThen } from "./promise-exemptions";
import type { FloatingPromiseOptions, Kind, Unhandled } from "./types";

const isLogical = (kind: SyntaxKind) =>
  kind === SyntaxKind.AmpersandAmpersandToken || kind === SyntaxKind.BarBarToken || kind === SyntaxKind.QuestionQuestionToken;

/**
 * A call whose type can be read from its callee's declared return type: a plain call through a
 * name or property (not an immediately invoked function, `super(...)`, `import(...)`, or an
 * optional chain, whose `undefined` the call's own type carries).
 */
function readsDeclaredReturn(node: Node): boolean {
  if (node.kind !== SyntaxKind.CallExpression) return false;
  const call = node as CallExpression;
  if (call.questionDotToken) return false;
  for (let n: Node = call.expression; ; n = (n as PropertyAccessExpression).expression) {
    if (n.kind === SyntaxKind.Identifier || n.kind === SyntaxKind.ThisKeyword) return true;
    if (n.kind !== SyntaxKind.PropertyAccessExpression || (n as PropertyAccessExpression).questionDotToken) return false;
  }
}

function awaitedCall(awaitExpression: Node): Node {
  return skipParens((awaitExpression as unknown as { expression: Node }).expression);
}

/**
 * What a node's own type says, as the decision reads it: nothing to decide (no type, `any`, not
 * promise-like; an `await` of anything but an array of promises), an array of promises, or a
 * promise-like value. `kind`: the node's syntax kind, checked when it is carried.
 */
interface TypeVerdict {
  kind: SyntaxKind;
  found?: "array" | "promise";
  info?: PromiseLikeInfo;
}

export interface UnhandledPromises {
  /** Phase 1: every node whose type `unhandled` may read. */
  collect(root: Node): void;
  /**
   * Before phase 2: the calls whose declared return type does not decide are checked in one
   * round trip, not one round trip each (thousands on a large code base).
   */
  checkCallsTogether(): void;
  /**
   * Phase 2: the first unhandled promise in the expression, trying its parts in order (`a ?? b`):
   * the operands of `,` and logical operators, the branches of `?:`, what `void` and
   * `.finally()` wrap (reported at the outermost `.finally()`).
   */
  unhandled(root: Node): Unhandled | undefined;
  /** After phase 2: the type verdicts of this lint, for the next one in the editor. */
  recordForCarry(): void;
}

export function unhandledPromises(context: RuleContext<FloatingPromiseOptions, string>, oracle: RejectionOracle): UnhandledPromises {
  const { queries, options } = context;
  /** Calls whose callee's type was asked instead of their own (interactive linting). */
  const byCallee = new Set<Node>();
  /** Every node whose type a decision may read (see `checkCallsTogether`). */
  const candidates: Node[] = [];
  /** Type verdicts by node, carried from the last lint (options change which are promise-like). */
  const verdicts = new CarriedAnswers<TypeVerdict>(context, `floating-promise:${JSON.stringify(options)}`);
  /** The candidates whose verdict was carried: their types are not asked. */
  const carried = new Map<Node, TypeVerdict>();

  const isPromiseLike = (info: PromiseLikeInfo) => info.builtin || (options.checkThenables && info.rejectableThenable);

  function collectOne(node: Node, collect: (...nodes: Node[]) => void): void {
    if (node.kind === SyntaxKind.BinaryExpression) {
      const b = node as BinaryExpression;
      const op = b.operatorToken.kind;
      if (isAssignmentOperator(op)) return;
      if (op === SyntaxKind.CommaToken) {
        collect(b.left, b.right);
        return;
      }
    }
    if (node.kind === SyntaxKind.VoidExpression) {
      if (!options.ignoreVoid) collect((node as unknown as { expression: Node }).expression);
      return;
    }
    if (neverThenable(node)) return;
    candidates.push(node);
    const verdict = verdicts.carried(node);
    if (verdict?.kind === node.kind) carried.set(node, verdict);
    else if (context.interactive && readsDeclaredReturn(node)) {
      byCallee.add(node);
      queries.needType((node as CallExpression).expression);
    } else if (node.kind === SyntaxKind.AwaitExpression && readsDeclaredReturn(awaitedCall(node))) {
      // `await f(...)` only matters when it gives an array of promises: f's declared return
      // type usually tells that without the compiler inferring the call (see awaitedDeclaredType).
      byCallee.add(node);
      queries.needType((awaitedCall(node) as CallExpression).expression);
    } else {
      queries.needType(node);
    }
    if (node.kind === SyntaxKind.CallExpression) {
      const call = node as CallExpression;
      const name = methodName(call.expression);
      if (name === "finally" || name === "then" || name === "catch") {
        const receiver = (call.expression as PropertyAccessExpression).expression;
        if (name === "finally") collect(receiver);
        const handler = name === "catch" ? call.arguments[0] : name === "then" ? call.arguments[1] : undefined;
        if (handler && !functionExpressionKinds.has(skipParens(handler).kind)) queries.needType(handler);
      }
    } else if (node.kind === SyntaxKind.ConditionalExpression) {
      const c = node as ConditionalExpression;
      collect(c.whenTrue, c.whenFalse);
    } else if (node.kind === SyntaxKind.BinaryExpression && isLogical((node as BinaryExpression).operatorToken.kind)) {
      collect((node as BinaryExpression).left, (node as BinaryExpression).right);
    }
  }

  /** `declaredDecision`'s answer when only checking the call itself tells. */
  const checkTheCall = Symbol("check the call");

  /**
   * For a call asked through its callee (see `readsDeclaredReturn`): the type its declared
   * return type stands in with when that decides the same, undefined when there is nothing to
   * decide (`any`), or `checkTheCall`.
   */
  /** The callee expression whose type `declaredDecision` reads. */
  function calleeOf(node: Node): Node {
    return ((node.kind === SyntaxKind.AwaitExpression ? awaitedCall(node) : node) as CallExpression).expression;
  }

  function declaredDecision(node: Node): Type | undefined | typeof checkTheCall {
    if (node.kind === SyntaxKind.AwaitExpression) {
      const callee = queries.typeOf(calleeOf(node));
      if (!callee) return checkTheCall;
      const awaited = queries.awaitedDeclaredType(callee);
      // `any` (the callee's or the awaited value's): nothing to decide, as for any opaque type.
      if (awaited === "opaque") return undefined;
      return awaited ?? checkTheCall;
    }
    const callee = queries.typeOf(calleeOf(node));
    if (!callee) return checkTheCall;
    const declared = queries.declaredReturnType(callee);
    if (declared === "opaque") return callee;
    return declared ?? checkTheCall;
  }

  /**
   * The type the decision reads. For calls asked through their callee (see `readsDeclaredReturn`)
   * the declared return type stands in when it decides the same; otherwise the call is checked.
   */
  function typeForDecision(node: Node): Type | undefined {
    if (!byCallee.has(node)) return queries.typeOf(node);
    const declared = declaredDecision(node);
    return declared === checkTheCall ? queries.lateTypeOf(node) : declared;
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
    // Asked late: only calls returning a thenable other than Promise get here.
    const receiverType = queries.lateTypeOf((call.expression as PropertyAccessExpression).expression);
    if (!receiverType || queries.isOpaque(receiverType)) return false;
    const receiver = queries.promiseLikeInfo(receiverType);
    return receiver.rejectableThenable && !receiver.builtin;
  }

  function typeVerdict(node: Node): TypeVerdict {
    let verdict = carried.get(node);
    if (!verdict) {
      verdict = { kind: node.kind };
      const type = typeForDecision(node);
      if (type && !queries.isOpaque(type)) {
        const arrayInfo = queries.promiseLikeArrayInfo(type);
        if (arrayInfo && isPromiseLike(arrayInfo)) verdict = { kind: node.kind, found: "array", info: { ...arrayInfo } };
        else if (node.kind !== SyntaxKind.AwaitExpression) {
          const info = queries.promiseLikeInfo(type);
          if (isPromiseLike(info)) verdict = { kind: node.kind, found: "promise", info: { ...info } };
        }
      }
    }
    verdicts.answer(node, verdict);
    return verdict;
  }

  function unhandledOne(
    node: Node,
    unhandled: (...alternatives: Node[]) => void,
    insideFinally: (receiver: Node, finallyCall: Node, info: PromiseLikeInfo) => void,
  ): Unhandled | undefined {
    if (node.kind === SyntaxKind.BinaryExpression) {
      const b = node as BinaryExpression;
      const op = b.operatorToken.kind;
      if (isAssignmentOperator(op)) return undefined;
      if (op === SyntaxKind.CommaToken) {
        unhandled(b.left, b.right);
        return undefined;
      }
    }
    if (node.kind === SyntaxKind.VoidExpression) {
      if (!options.ignoreVoid) unhandled((node as unknown as { expression: Node }).expression);
      return undefined;
    }
    if (neverThenable(node)) return undefined;
    const verdict = typeVerdict(node);
    if (verdict.found === "array") return { node, kind: "array", info: verdict.info! };
    if (verdict.found !== "promise") return undefined;
    const info = verdict.info!;
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
      if (name === "then" && call.arguments.length === 1 && (cannotRejectThen(call) || promiseCannotReject(call, oracle))) return undefined;
      if (name === "finally") {
        insideFinally((call.expression as PropertyAccessExpression).expression, node, info);
        return undefined;
      }
      if (isBuilderCall(call, info)) return undefined;
      return { node, kind, info };
    }
    if (node.kind === SyntaxKind.ConditionalExpression) {
      const c = node as ConditionalExpression;
      unhandled(c.whenFalse, c.whenTrue);
      return undefined;
    }
    if (node.kind === SyntaxKind.BinaryExpression && isLogical((node as BinaryExpression).operatorToken.kind)) {
      unhandled((node as BinaryExpression).left, (node as BinaryExpression).right);
      return undefined;
    }
    return { node, kind, info };
  }

  return {
    collect(root) {
      const pending: Node[] = [root];
      const next = (...nodes: Node[]) => {
        for (let i = nodes.length - 1; i >= 0; i--) pending.push(nodes[i]!);
      };
      while (pending.length) collectOne(skipParens(pending.pop()!), next);
    },
    checkCallsTogether() {
      // What their callees' declared return types say, asked for every call together.
      queries.askTogether([...byCallee].map(node => () => declaredDecision(node)));
      queries.lateTypesOf([...byCallee].filter(node => declaredDecision(node) === checkTheCall));
      // The promise-likeness of every candidate's type, asked together too (the checked calls'
      // types are at hand now).
      // Each question on its own: one a chain of answers holds up does not hold up the other.
      const typed = candidates.flatMap(node => {
        if (carried.has(node)) return [];
        const type = typeForDecision(node);
        return type && !queries.isOpaque(type) ? [{ node, type }] : [];
      });
      queries.askTogether([
        ...typed.map(
          ({ type }) =>
            () =>
              queries.promiseLikeArrayInfo(type),
        ),
        ...typed
          .filter(({ node }) => node.kind !== SyntaxKind.AwaitExpression)
          .map(
            ({ type }) =>
              () =>
                queries.promiseLikeInfo(type),
          ),
      ]);
    },
    unhandled(root) {
      const pending: { node: Node; wrap: { node: Node; info: PromiseLikeInfo } | undefined }[] = [{ node: root, wrap: undefined }];
      while (pending.length) {
        const { node, wrap } = pending.pop()!;
        const then = (...nodes: Node[]) => {
          for (let i = nodes.length - 1; i >= 0; i--) pending.push({ node: nodes[i]!, wrap });
        };
        const found = unhandledOne(skipParens(node), then, (receiver, finallyCall, info) => {
          pending.push({ node: receiver, wrap: wrap ?? { node: finallyCall, info } });
        });
        if (found) return wrap ? { node: wrap.node, kind: found.kind, info: wrap.info } : found;
      }
      return undefined;
    },
    recordForCarry() {
      // Carried verdicts phase 2 did not read (an earlier alternative was found) are kept too.
      for (const [node, verdict] of carried) verdicts.answer(node, verdict);
      verdicts.record();
    },
  };
}

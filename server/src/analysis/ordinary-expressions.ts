// Which expressions of a function cannot throw ("ordinary" code, listed at the top of
// rejection-sources.ts): literals, names, operators, reads of `this` and of built-in globals,
// logging, timers, built-in constructors, book-keeping on the object's own collections. Anything
// else is recorded as a reason the function may reject; a read of a name's property is recorded as
// `nullable`, for its declared type to decide. The statement walk (rejection-sources.ts) extends
// this class and judges what an expression awaits.
import { SyntaxKind, type CallExpression, type Node, type PropertyAccessExpression, type SourceFile } from "./typescript";
import { nameText, skipParens } from "./promise-syntax";
import {
  collectionMethods,
  literalKinds,
  logMethods,
  logReceiver,
  readableGlobals,
  safeConstructors,
  safeGlobalCalls,
  safeStaticCalls,
  wrapperKinds,
} from "./rejection-syntax";
import { isResolveOnlyPromise } from "./settled-promises";
import { scanForEvidence } from "./rejection-evidence-scan";
import type { RejectionSources } from "./rejection-sources";

export abstract class ExpressionWalker {
  /** `async`: statements are checked and a returned name or `this.x` is a value (only ordinary code could have set it). */
  constructor(
    protected readonly sf: SourceFile,
    protected readonly out: RejectionSources,
    protected readonly async: boolean,
  ) {}

  reason(node: Node, label: string, evidence = false): void {
    this.out.reasons.push({ node, label, ...(evidence ? { evidence } : {}) });
    // Where the syntax check gives up (a loop, a call that may throw), look inside for what
    // shows a rejection: throws and the promises awaited or returned there.
    if (!evidence && this.async) scanForEvidence(this.out, node);
  }

  /** An operand the code awaits: judged by the statement walk, which knows the promises that settle safely. */
  protected abstract awaited(operand0: Node): void;

  protected isSafeNewPromise(node: Node): boolean {
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
  protected isOrdinaryCallee(call: CallExpression): boolean {
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
  protected isOrdinaryReceiver(receiver0: Node, forCall: boolean): boolean {
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

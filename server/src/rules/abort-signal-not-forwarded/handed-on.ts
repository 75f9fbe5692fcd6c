// The function's signal handed to a call below the options' top level. A generated API client
// takes its request options as `{ fetchOptions: { signal } }` (or `{ init: { ...init, signal } }`)
// and spreads them into its `fetch`: the types name only the top-level `signal`, but the function
// did forward its signal, and a finding there would be false. Syntax only: the signal is
// recognised by what it is called (`signal`, `options.signal`) and by the locals made from it in
// the function.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { callArguments, forEachDescendant, nodeField as get, objectMembers, skipOuterExpressions, textOf } from "../../analysis/syntax";

/**
 * How deep in a value (nested literals, `a || b || ...` chains, call arguments) the signal is
 * looked for: generated code nests deeper than the stack, and past this the signal is taken as not
 * handed on.
 */
const maxDepth = 16;

/** The function's signal and what it made of it: locals that hold it (or a signal made from it), and locals holding an object that carries it. */
export interface SignalValues {
  signal: string;
  /** `options` when the signal is `options.signal` (an identifier), else undefined. */
  holder: string | undefined;
  signals: Set<string>;
  carriers: Set<string>;
  /** Asked late, of a call given the signal: does it return an AbortSignal (`withDeadline(signal, ms)`)? */
  returnsSignal: (call: Node) => boolean;
}

/** What the function made of its signal, read from its variable declarations (nested functions' included). */
export function signalValues(owner: FunctionLike, signal: string, returnsSignal: (call: Node) => boolean): SignalValues {
  const holderText = signal.endsWith(".signal") ? signal.slice(0, -".signal".length) : undefined;
  const values: SignalValues = {
    signal,
    holder: holderText && /^[\w$]+$/.test(holderText) ? holderText : undefined,
    signals: new Set(),
    carriers: new Set(),
    returnsSignal,
  };
  const declarations: Node[] = [];
  forEachDescendant(owner, node => {
    if (node.kind === SyntaxKind.VariableDeclaration && get<Node | undefined>(node, "initializer")) declarations.push(node);
  });
  // `const a = AbortSignal.any([signal, t]); const init = { signal: a }`: a few rounds reach what is made in steps.
  for (let round = 0, grew = true; grew && round < 4; round++) {
    grew = false;
    for (const declaration of declarations) {
      const name = get<Node>(declaration, "name");
      const init = skipOuterExpressions(get<Node>(declaration, "initializer"));
      if (name.kind === SyntaxKind.Identifier) {
        const local = textOf(name)!;
        if (values.signals.has(local) || values.carriers.has(local)) continue;
        if (isSignalValue(init, values, 0)) values.signals.add(local);
        else if (init.kind === SyntaxKind.ObjectLiteralExpression && carriesSignal(init, values, 0)) values.carriers.add(local);
        else continue;
        grew = true;
      } else if (name.kind === SyntaxKind.ObjectBindingPattern && (isSignalHolder(init, values) || values.carriers.has(textOf(init) ?? ""))) {
        // `const { signal } = options`, `const { signal: s } = init`.
        for (const element of get<readonly Node[]>(name, "elements")) {
          const property = textOf(get<Node | undefined>(element, "propertyName")) ?? textOf(get(element, "name"));
          const local = textOf(get(element, "name"));
          if (property !== "signal" || !local || values.signals.has(local)) continue;
          values.signals.add(local);
          grew = true;
        }
      }
    }
  }
  return values;
}

/**
 * The call is handed the function's signal in an object literal argument: as a property value at
 * any depth (`{ fetchOptions: { signal } }`, `{ init: { ...init, signal: ctx.signal } }`), itself
 * or a signal made from it (`AbortSignal.any([signal, timeout])`, a local holding one), or inside
 * an object that carries it (a local `init = { signal }`, the signal's holder spread one level
 * down: `{ init: { ...options } }`). An argument that is the signal itself in another parameter's
 * place (`setTimeout(ms, signal)`: the value, not the options) is not a hand-over.
 */
export function handsOnSignal(call: CallExpression, values: SignalValues): boolean {
  return callArguments(call).some(a => {
    const argument = skipOuterExpressions(a);
    return argument.kind === SyntaxKind.ObjectLiteralExpression && carriesSignal(argument, values, 0);
  });
}

/** An object literal with a member whose value is the signal, or carries it, at any depth. */
function carriesSignal(literal: Node, values: SignalValues, depth: number): boolean {
  if (depth >= maxDepth) return false;
  for (const member of objectMembers(literal)) {
    if (member.kind === SyntaxKind.ShorthandPropertyAssignment) {
      if (isSignalValue(get(member, "name"), values, depth + 1) || isCarrier(get(member, "name"), values, depth + 1)) return true;
    } else if (member.kind === SyntaxKind.PropertyAssignment || member.kind === SyntaxKind.SpreadAssignment) {
      const value = skipOuterExpressions(get(member, member.kind === SyntaxKind.SpreadAssignment ? "expression" : "initializer"));
      if (isSignalValue(value, values, depth + 1) || isCarrier(value, values, depth + 1)) return true;
    }
    // Methods and accessors read the signal later, when called: not a hand-over.
  }
  return false;
}

/** A value that holds the signal inside: an object literal that carries it, a local holding one, the signal's holder. */
function isCarrier(node: Node, values: SignalValues, depth: number): boolean {
  const n = skipOuterExpressions(node);
  if (n.kind === SyntaxKind.ObjectLiteralExpression) return carriesSignal(n, values, depth);
  if (n.kind === SyntaxKind.ArrayLiteralExpression)
    return depth < maxDepth && get<readonly Node[]>(n, "elements").some(e => isSignalValue(e, values, depth + 1) || isCarrier(e, values, depth + 1));
  return n.kind === SyntaxKind.Identifier && (values.carriers.has(textOf(n)!) || isSignalHolder(n, values));
}

function isSignalHolder(node: Node, values: SignalValues): boolean {
  return values.holder !== undefined && skipOuterExpressions(node).kind === SyntaxKind.Identifier && textOf(skipOuterExpressions(node)) === values.holder;
}

/**
 * The signal, or a signal made from it: `signal`, `options?.signal`, a local holding one,
 * `signal ?? controller.signal`, `cond ? signal : undefined`, and a call given it that makes a
 * signal (`AbortSignal.any([signal, AbortSignal.timeout(ms)])`, `anySignal([signal, shutdown])`:
 * by its name, or by the type it returns). A call given the signal that makes something else
 * (`headersFor(signal)`) is not one.
 */
function isSignalValue(node: Node, values: SignalValues, depth: number): boolean {
  const n = skipOuterExpressions(node);
  if (isFunctionLike(n) || depth >= maxDepth) return false;
  switch (n.kind) {
    case SyntaxKind.Identifier:
      return textOf(n) === values.signal || values.signals.has(textOf(n)!);
    case SyntaxKind.PropertyAccessExpression:
      return (
        n
          .getText()
          .replace(/\s+/g, "")
          .replace(/[?!]\./g, ".") === values.signal
      );
    case SyntaxKind.ConditionalExpression:
      return isSignalValue(get(n, "whenTrue"), values, depth + 1) || isSignalValue(get(n, "whenFalse"), values, depth + 1);
    case SyntaxKind.BinaryExpression: {
      const operator = get<Node>(n, "operatorToken").kind;
      if (operator !== SyntaxKind.QuestionQuestionToken && operator !== SyntaxKind.BarBarToken && operator !== SyntaxKind.AmpersandAmpersandToken) return false;
      return isSignalValue(get(n, "left"), values, depth + 1) || isSignalValue(get(n, "right"), values, depth + 1);
    }
    case SyntaxKind.CallExpression:
    case SyntaxKind.NewExpression: {
      const given = (get<readonly Node[] | undefined>(n, "arguments") ?? []).some(a => {
        const argument = skipOuterExpressions(a);
        if (argument.kind === SyntaxKind.ArrayLiteralExpression)
          return get<readonly Node[]>(argument, "elements").some(e => isSignalValue(e, values, depth + 1));
        return isSignalValue(argument, values, depth + 1);
      });
      return given && (/signal/i.test(get<Node>(n, "expression").getText()) || values.returnsSignal(n));
    }
    default:
      return false;
  }
}

// abort-signal-not-forwarded: a function has an AbortSignal (a parameter, `options.signal`,
// `req.signal`), and a call in it to an API whose options take `signal` (by type: fetch, undici,
// timers/promises, events.once, stream/promises, fs/promises, child_process, project functions)
// is not given one: when the caller aborts, that work runs on. Docs: docs/rules/abort-signal-not-forwarded.md
import { SyntaxKind, TypeFlags, type CallExpression, type Node, type Type } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { isTestFile } from "../../analysis/file-kinds";
import { callArguments, calleeParts, identifierPattern, skipOuterExpressions, stringLiteralText, textOf, nodeField as get } from "../../analysis/syntax";
import { addPropertyEdit, insertArgumentEdit, optionsState, prepareOptions } from "../../analysis/options-object";
import type { Fix } from "../../analysis/findings";
import type { FileAnalysis, Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { SignalTypes } from "./signal-types";

const optionsSchema = {
  ignoreTestFiles: option.boolean("Skip test files (`*.test.ts`, `__tests__/`, `test/`).", true),
};

export type AbortSignalNotForwardedOptions = OptionsOf<typeof optionsSchema>;
export type MessageId = "signalNotForwarded";

/** A parameter that may hold a signal: `signal`, `{ signal }`, or an object whose `signal` is one (`options`, `req`). */
interface SignalSource {
  /** The node whose type is asked (the parameter's name, or the binding element). */
  node: Node;
  /** `signal` for the value itself, `options` for `options.signal`. */
  name: string;
  direct: boolean;
}

interface Candidate {
  call: CallExpression;
  owner: FunctionLike;
}

export const abortSignalNotForwarded: Rule<AbortSignalNotForwardedOptions, MessageId> = {
  meta: {
    id: "abort-signal-not-forwarded",
    description: "Calls that accept an AbortSignal (by type) made without one in a function that has a signal: when the caller aborts, that work runs on.",
    defaultSeverity: "warning",
    enabledByDefault: false,
    fixable: true,
    messages: {
      signalNotForwarded:
        "`{{call}}` accepts a `signal`, but this function's `{{signal}}` is not passed to it: when the caller aborts (a client disconnects, a timeout fires), this work runs on, holding its connection, process or timer, and its result is thrown away. Pass `signal: {{signal}}` (or `AbortSignal.any([{{signal}}, AbortSignal.timeout(ms)])` for a deadline of its own); write `signal: undefined` where it must finish anyway.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  create(context) {
    const text = context.sourceFile.text;
    const skipFile = !/\bsignal\b/.test(text) || (context.options.ignoreTestFiles && isTestFile(context));
    const sources = new Map<FunctionLike, SignalSource[]>();
    const candidates: Candidate[] = [];
    return {
      visitKinds: [SyntaxKind.CallExpression],
      visit(node) {
        if (skipFile || node.kind !== SyntaxKind.CallExpression) return;
        const call = node as CallExpression;
        const owner = signalOwner(call, sources, n => context.queries.needType(n));
        if (!owner || runsAfterAbortOrFailure(call, owner)) return;
        context.queries.needType(call.expression);
        const args = callArguments(call);
        for (const a of args) {
          prepareOptions(context, a);
          // Only what may be a Request-like input: asking the type of an empty array literal panics TypeScript 7.0.2 (a `[]` tuple).
          if (mayCarrySignal(a)) context.queries.needType(a);
        }
        candidates.push({ call, owner });
      },
      decide() {
        if (!candidates.length) return;
        const types = new SignalTypes(context);
        const signals = new Map<FunctionLike, string | undefined>();
        const signalOf = (fn: FunctionLike): string | undefined => {
          if (!signals.has(fn)) signals.set(fn, resolveSignal(context, types, sources.get(fn) ?? [], fn));
          return signals.get(fn);
        };
        for (const { call, owner } of candidates) {
          const signal = signalOf(owner);
          if (!signal) continue;
          // The signal's own methods (`signal.addEventListener`), and calls on the object that holds it.
          const receiver = calleeParts(call.expression)?.receiverExpression;
          if (receiver && (receiver.getText() === signal || signal.startsWith(`${receiver.getText()}.`))) continue;
          if (branchesOnSignal(call, owner)) continue;
          const fix = missingSignal(context, types, call, signal);
          if (fix === undefined) continue;
          context.report({ node: call, messageId: "signalNotForwarded", data: { call: shortText(call), signal }, fixes: fix ? [fix] : [] });
        }
      },
    };
  },
};

/**
 * The nearest function around the call whose text mentions `signal` and that has parameters that
 * may hold one (asked for in phase 1). A function that never mentions a signal does not take
 * part in cancellation, and its options object is not ours to dig into.
 */
function signalOwner(call: Node, sources: Map<FunctionLike, SignalSource[]>, needType: (node: Node) => void): FunctionLike | undefined {
  for (let n = call.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    let own = sources.get(n);
    if (!own) {
      own = /\bsignal\b/.test(n.getText()) ? parameterSources(n) : [];
      for (const source of own) needType(source.node);
      sources.set(n, own);
    }
    if (own.length) return n;
  }
  return undefined;
}

function parameterSources(fn: FunctionLike): SignalSource[] {
  const found: SignalSource[] = [];
  for (const parameter of get<readonly Node[]>(fn, "parameters") ?? []) {
    const name = get(parameter, "name");
    if (name.kind === SyntaxKind.Identifier) found.push({ node: name, name: textOf(name)!, direct: false });
    else if (name.kind === SyntaxKind.ObjectBindingPattern) {
      for (const element of get<readonly Node[]>(name, "elements")) {
        const property = textOf(get<Node | undefined>(element, "propertyName")) ?? textOf(get(element, "name"));
        const local = get(element, "name");
        if (property === "signal" && local.kind === SyntaxKind.Identifier) found.push({ node: local, name: textOf(local)!, direct: true });
      }
    }
  }
  return found;
}

/** Phase 2: the expression that names the function's signal (`signal`, `options.signal`), if a parameter holds one by type. */
function resolveSignal(fa: FileAnalysis, types: SignalTypes, sources: readonly SignalSource[], fn: FunctionLike): string | undefined {
  for (const s of sources) {
    const type = fa.queries.typeOf(s.node);
    if (types.isAbortSignal(type)) return s.name;
    if (!s.direct && types.signalProperty(type)) return `${s.name}.signal`;
    // Untyped JavaScript: a `signal` parameter the function uses as one (`signal.aborted`, an 'abort' listener, `throwIfAborted()`).
    if (isUntyped(type) && (s.direct || s.name === "signal") && usedAsSignal(fn, s.name)) return s.name;
  }
  return undefined;
}

function isUntyped(type: Type | undefined): boolean {
  return !type || (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) !== 0;
}

function usedAsSignal(fn: FunctionLike, name: string): boolean {
  const n = identifierPattern(name);
  return new RegExp(`(?<![\\w$.])${n}\\s*(\\?\\.|\\.)\\s*(aborted\\b|throwIfAborted\\s*\\(|(addEventListener|on|once)\\s*\\(\\s*["'\`]abort["'\`])`).test(
    fn.getText(),
  );
}

/**
 * Code that runs when the work has failed or was aborted: a `catch`/`finally` block (clean-up),
 * a listener for 'abort'. A signal passed there would cancel the clean-up itself.
 */
function runsAfterAbortOrFailure(call: Node, owner: FunctionLike): boolean {
  for (let n: Node | undefined = call.parent; n && n !== owner; n = n.parent) {
    if (n.kind === SyntaxKind.CatchClause) return true;
    if (n.kind === SyntaxKind.Block && n.parent?.kind === SyntaxKind.TryStatement && get(n.parent, "finallyBlock") === n) return true;
    if (isFunctionLike(n)) {
      let outer: Node = n;
      while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
      const parent = outer.parent;
      if (parent?.kind === SyntaxKind.CallExpression && callArguments(parent).some(a => stringLiteralText(a) === "abort")) return true;
      if (parent?.kind === SyntaxKind.BinaryExpression && /\.onabort$/.test(get(parent, "left").getText())) return true;
    }
  }
  return false;
}

/** `signal ? work(x, { signal }) : work(x)`: the call is the branch taken without a signal. */
function branchesOnSignal(call: Node, owner: FunctionLike): boolean {
  for (let n: Node = call; n.parent && n !== owner; n = n.parent) {
    const parent = n.parent;
    const condition =
      parent.kind === SyntaxKind.ConditionalExpression
        ? get(parent, "condition")
        : parent.kind === SyntaxKind.IfStatement
          ? get(parent, "expression")
          : undefined;
    if (condition && condition !== n && /\bsignal\b/.test(condition.getText())) return true;
  }
  return false;
}

/**
 * Undefined when the call is fine (it gets a signal, its options can't be seen, or no signature
 * takes one); else the fix that adds it (null when there is none to offer).
 */
function missingSignal(fa: FileAnalysis, types: SignalTypes, call: CallExpression, signal: string): Fix | null | undefined {
  const params = types.signalParametersOfCall(call, fa.queries.typeOf(call.expression));
  if (!params.length) return undefined;
  const args = callArguments(call);
  // A spread argument hides which parameter gets what; an argument that holds a signal itself (a `Request`) may carry it.
  if (args.some(a => a.kind === SyntaxKind.SpreadElement)) return undefined;
  if (args.some(a => mayCarrySignal(a) && types.signalProperty(fa.queries.typeOf(a)))) return undefined;
  let fix: Fix | null | undefined;
  for (const { index, count, direct } of params) {
    // The options would go after a rest of what the call passes, or the call fills another signature.
    if (args.length > count) continue;
    if (index >= args.length) {
      fix ??= index === args.length ? suggestion(insertArgumentEdit(fa, call, index, direct ? signal : `{ ${property(signal)} }`)) : null;
      continue;
    }
    // A signal parameter given anything (`undefined` included) is given on purpose.
    if (direct) return undefined;
    const state = optionsState(fa, args[index], ["signal"]);
    if (state.kind === "has" || state.kind === "unknown") return undefined;
    if (state.kind === "absent") fix ??= null;
    else fix ??= state.elsewhere ? null : suggestion(addPropertyEdit(fa, state.literal, property(signal)));
  }
  return fix;

  function suggestion(edit: Fix["edits"][number]): Fix {
    // Passing the signal changes what happens on abort (the call rejects with an AbortError), and
    // an optional signal may not fit the parameter's type under exactOptionalPropertyTypes: menu only.
    return { title: `Pass ${signal} as the call's signal`, edits: [edit], suggestion: true };
  }
}

const inputKinds = new Set<SyntaxKind>([SyntaxKind.Identifier, SyntaxKind.PropertyAccessExpression, SyntaxKind.CallExpression, SyntaxKind.NewExpression]);

function mayCarrySignal(argument: Node): boolean {
  return inputKinds.has(skipOuterExpressions(argument).kind);
}

function property(signal: string): string {
  return signal === "signal" ? "signal" : `signal: ${signal}`;
}

function shortText(call: CallExpression): string {
  const callee = skipOuterExpressions(call.expression).getText().replace(/\s+/g, " ");
  return `${callee.length > 40 ? `${callee.slice(0, 37)}...` : callee}()`;
}

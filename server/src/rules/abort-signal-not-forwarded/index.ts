// abort-signal-not-forwarded: a function has an AbortSignal (a parameter, `options.signal`,
// `req.signal`), and it waits for a call to an API whose options take `signal` (by type: fetch,
// undici, timers/promises, events.once, stream/promises, project functions) without giving it
// one: when the caller aborts, that work runs on. Only work the function waits for counts (a
// promise or an iterator it does not drop); work whose cancellation the function visibly decided
// otherwise (raced with the signal, stopped by its own 'abort' listener, a callback stored for
// later) is left alone. Docs: docs/rules/abort-signal-not-forwarded.md
import { SyntaxKind, TypeFlags, type CallExpression, type Node, type Type } from "../../analysis/typescript";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { isTestFile } from "../../analysis/file-kinds";
import {
  callArguments,
  calleeParts,
  forEachDescendant,
  identifierPattern,
  parentSkippingOuter,
  skipOuterExpressions,
  stringLiteralText,
  textOf,
  nodeField as get,
} from "../../analysis/syntax";
import { addPropertyEdit, insertArgumentEdit, optionsState, prepareOptions } from "../../analysis/options-object";
import type { Fix } from "../../analysis/findings";
import { onlyLogs, statementsOnlyLog } from "../../analysis/result-use";
import type { FileAnalysis, Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { SignalTypes } from "./signal-types";
import { handsOnSignal, signalValues, type SignalValues } from "./handed-on";
import { signalNeverGiven } from "./never-given";

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
    description:
      "Work a function waits for that could take its AbortSignal (by type) but is called without it: when the caller aborts, that work runs on and the function keeps waiting.",
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
        if (!owner || runsAfterAbortOrFailure(call, owner) || runsLater(call, owner) || isDetached(call) || isBestEffort(call) || waitsForCompletionEvent(call))
          return;
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
          if (!signals.has(fn)) {
            const signal = resolveSignal(context, types, sources.get(fn) ?? [], fn);
            // A function only its file calls, whose calls all leave the signal out, has none to forward.
            signals.set(fn, signal && !signalNeverGiven(fn, signal) ? signal : undefined);
          }
          return signals.get(fn);
        };
        const stopped = new Map<FunctionLike, RegExp | null>();
        const made = new Map<FunctionLike, SignalValues>();
        const valuesOf = (fn: FunctionLike, signal: string): SignalValues => {
          if (!made.has(fn))
            made.set(
              fn,
              signalValues(fn, signal, call => types.isAbortSignal(context.queries.lateTypeOf(call))),
            );
          return made.get(fn)!;
        };
        for (const { call, owner } of candidates) {
          const signal = signalOf(owner);
          if (!signal) continue;
          // The signal's own methods (`signal.addEventListener`), and calls on the object that holds it.
          const receiver = calleeParts(call.expression)?.receiverExpression;
          if (receiver && (receiver.getText() === signal || signal.startsWith(`${receiver.getText()}.`))) continue;
          if (branchesOnSignal(call, owner, signal) || racedWithSignal(call, owner, signal) || stoppedByAbortListener(call, owner, stopped)) continue;
          const fix = missingSignal(context, types, call, signal);
          if (fix === undefined || isLocalFileCall(context, call) || handsOnSignal(call, valuesOf(owner, signal))) continue;
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

/**
 * `signal ? work(x, { signal }) : work(x)`: the call is the branch taken without a signal. So is
 * the branch where the signal's holder is absent when the signal is `options.signal`
 * (`if (options == null) return work()`, the else of `if (options)`): the caller gave no options,
 * so there is no signal to forward.
 */
function branchesOnSignal(call: Node, owner: FunctionLike, signal: string): boolean {
  const holder = signal.endsWith(".signal") ? identifierPattern(signal.slice(0, -".signal".length)) : undefined;
  const absent =
    holder === undefined ? undefined : new RegExp(`^(!\\s*${holder}|${holder}\\s*===?\\s*(null|undefined)|(null|undefined)\\s*===?\\s*${holder})$`);
  const present = holder === undefined ? undefined : new RegExp(`^(${holder}|${holder}\\s*!==?\\s*(null|undefined)|(null|undefined)\\s*!==?\\s*${holder})$`);
  for (let n: Node = call; n.parent && n !== owner; n = n.parent) {
    const parent = n.parent;
    const conditional = parent.kind === SyntaxKind.ConditionalExpression;
    if (!conditional && parent.kind !== SyntaxKind.IfStatement) continue;
    const condition = get(parent, conditional ? "condition" : "expression");
    if (condition === n) continue;
    const test = skipOuterExpressions(condition).getText().trim();
    if (/\bsignal\b/.test(test)) return true;
    const whenTrue = get(parent, conditional ? "whenTrue" : "thenStatement") === n;
    if ((whenTrue ? absent : present)?.test(test)) return true;
  }
  return false;
}

/**
 * A callback stored for later: a property of an object literal (`{ refresh: () => load(host) }`
 * handed to a store), an object's method, or a function assigned to a property. Its holder calls
 * it when it decides, after this call returns, under a lifetime of its own: the signal in scope
 * is for the work the function does now.
 */
function runsLater(call: Node, owner: FunctionLike): boolean {
  for (let n: Node | undefined = call.parent; n && n !== owner; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    if (n.kind === SyntaxKind.MethodDeclaration && n.parent?.kind === SyntaxKind.ObjectLiteralExpression) return true;
    const { parent, child } = parentSkippingOuter(n);
    if (parent?.kind === SyntaxKind.PropertyAssignment && get(parent, "initializer") === child) return true;
    if (
      parent?.kind === SyntaxKind.BinaryExpression &&
      get(parent, "right") === child &&
      get<Node>(parent, "operatorToken").kind === SyntaxKind.EqualsToken &&
      skipOuterExpressions(get(parent, "left")).kind === SyntaxKind.PropertyAccessExpression
    )
      return true;
  }
  return false;
}

/**
 * The function stops this work itself: an 'abort' listener it adds acts on something the call
 * takes (`signal.addEventListener("abort", () => { source.unpipe(proxy); proxy.end() })` and
 * `await pipeline(source.pipe(proxy), sink)`), ending it the way it chose (letting a store finish
 * what arrived) instead of destroying it.
 */
function stoppedByAbortListener(call: CallExpression, owner: FunctionLike, cache: Map<FunctionLike, RegExp | null>): boolean {
  if (!cache.has(owner)) cache.set(owner, abortListenerTargets(owner));
  const targets = cache.get(owner);
  if (!targets) return false;
  const receiver = calleeParts(call.expression)?.receiverExpression;
  return [...callArguments(call), ...(receiver ? [receiver] : [])].some(a => targets.test(a.getText()));
}

/** What the function's 'abort' listeners call methods on, as a pattern of names (null when none). */
function abortListenerTargets(owner: FunctionLike): RegExp | null {
  const names = new Set<string>();
  const handlers: Node[] = [];
  forEachDescendant(owner, node => {
    if (node.kind !== SyntaxKind.CallExpression) return;
    const args = callArguments(node);
    if (!/^(addEventListener|on|once)$/.test(textOf(calleeParts(get(node, "expression"))?.nameNode) ?? "")) return;
    if (stringLiteralText(args[0]) !== "abort") return;
    const handler = args[1] && skipOuterExpressions(args[1]);
    if (handler && isFunctionLike(handler)) handlers.push(handler);
    else if (handler?.kind === SyntaxKind.Identifier) {
      const name = textOf(handler);
      forEachDescendant(owner, d => {
        if (d.kind === SyntaxKind.VariableDeclaration && textOf(get(d, "name")) === name) {
          const init = get<Node | undefined>(d, "initializer");
          if (init && isFunctionLike(skipOuterExpressions(init))) handlers.push(skipOuterExpressions(init));
        } else if (d.kind === SyntaxKind.FunctionDeclaration && textOf(get<Node | undefined>(d, "name")) === name) handlers.push(d);
      });
    }
  });
  for (const handler of handlers)
    forEachDescendant(handler, n => {
      if (n.kind !== SyntaxKind.CallExpression) return;
      const receiver = calleeParts(get(n, "expression"))?.receiver;
      const name = textOf(receiver);
      if (name && name !== "console") names.add(name);
    });
  if (!names.size) return null;
  return new RegExp(`(?<![\\w$.])(${[...names].map(identifierPattern).join("|")})(?![\\w$])`);
}

/**
 * The call's promise is dropped: the call is a statement, `void`ed, or the head of a
 * `.then/.catch/.finally` chain that is. Fire-and-forget work (a job detached on purpose, errors
 * logged) is not the caller's to wait for, so not its to cancel: the rule is about work the
 * function waits on.
 */
function isDetached(call: Node): boolean {
  let n: Node = call;
  for (;;) {
    const { parent, child } = parentSkippingOuter(n);
    if (!parent) return false;
    const chained =
      parent.kind === SyntaxKind.PropertyAccessExpression &&
      get(parent, "expression") === child &&
      /^(then|catch|finally)$/.test(textOf(get(parent, "name")) ?? "") &&
      parent.parent?.kind === SyntaxKind.CallExpression &&
      get(parent.parent, "expression") === parent;
    if (!chained) return parent.kind === SyntaxKind.ExpressionStatement || parent.kind === SyntaxKind.VoidExpression;
    n = parent.parent!;
  }
}

/**
 * Best-effort work: the function lets the call fail. Its rejection goes to a `.catch` on the call
 * whose handler at most logs (`probe().catch(() => {})`), or the call is by itself the only
 * statement of a `try` whose catch block at most logs (`try { await store.merge(peer, data) }
 * catch (err) { log.error(err) }`). The function goes on the same whether that work succeeds,
 * fails or is aborted (bookkeeping after the work it depends on, an optional probe): it does not
 * depend on it, and its signal is for the work it does depend on. A handler that gives a value
 * (`.catch(() => fallback)`), rethrows or returns, and a `try` around more than this call, are
 * not best-effort.
 */
function isBestEffort(call: Node): boolean {
  const { parent, child } = parentSkippingOuter(call);
  if (
    parent?.kind === SyntaxKind.PropertyAccessExpression &&
    get(parent, "expression") === child &&
    textOf(get(parent, "name")) === "catch" &&
    parent.parent?.kind === SyntaxKind.CallExpression &&
    get(parent.parent, "expression") === parent
  ) {
    const handler = callArguments(parent.parent as CallExpression)[0];
    return handler !== undefined && onlyLogs(handler);
  }
  let n: Node = call;
  for (;;) {
    const up = parentSkippingOuter(n);
    const p = up.parent;
    if (!p) return false;
    const through =
      p.kind === SyntaxKind.AwaitExpression ||
      p.kind === SyntaxKind.VariableDeclarationList ||
      (p.kind === SyntaxKind.VariableDeclaration && get(p, "initializer") === up.child) ||
      (p.kind === SyntaxKind.BinaryExpression && get(p, "right") === up.child && get<Node>(p, "operatorToken").kind === SyntaxKind.EqualsToken);
    if (!through) break;
    n = p;
  }
  const statement = parentSkippingOuter(n).parent;
  if (statement?.kind !== SyntaxKind.ExpressionStatement && statement?.kind !== SyntaxKind.VariableStatement) return false;
  const block = statement.parent;
  const tryStatement = block?.parent;
  if (block?.kind !== SyntaxKind.Block || tryStatement?.kind !== SyntaxKind.TryStatement || get(tryStatement, "tryBlock") !== block) return false;
  if (get<readonly Node[]>(block, "statements").length !== 1) return false;
  const clause = get<Node | undefined>(tryStatement, "catchClause");
  return clause !== undefined && statementsOnlyLog(get<readonly Node[]>(get(clause, "block"), "statements"));
}

/** Events that end an emitter's own work (or are the abort itself): waiting for one ends when that work ends or fails. */
const completionEvents = new Set(["close", "finish", "end", "exit", "listening", "abort"]);

/**
 * `await once(file, "finish")`, `once(child, "close")`, `once(server, "listening")`: a wait for an
 * emitter's completion (once() rejects on its 'error'). What an abort should stop is the emitter's
 * work (a stream given to a pipeline with the signal, a child spawned with it), not the wait; and
 * `once(signal, "abort")` waits for the abort itself.
 */
function waitsForCompletionEvent(call: CallExpression): boolean {
  if (textOf(calleeParts(call.expression)?.nameNode) !== "once") return false;
  const event = stringLiteralText(callArguments(call)[1]);
  return event !== undefined && completionEvents.has(event);
}

/** The expression names the signal (`options?.signal` counts as `options.signal`). */
function mentionsSignal(node: Node, signal: string): boolean {
  return new RegExp(`(?<![\\w$.])${identifierPattern(signal).replace(/\\\./g, "\\s*\\??\\.\\s*")}(?![\\w$])`).test(node.getText());
}

/**
 * The call's work (the call itself, or a callback it is in, or the value that callback's call
 * makes) is handed to another call together with the signal: `raceSignal(delay(ms), signal)`,
 * `const shared = cache.read(() => load()); return raceSignal(shared, options?.signal)`. The
 * function did use its signal on this work: it decided there how an abort ends the wait (the
 * caller is released; a shared or harmless piece of work is left to finish).
 */
function racedWithSignal(call: Node, owner: FunctionLike, signal: string): boolean {
  for (let n: Node = call; n.parent && n.parent !== owner; n = n.parent) {
    const parent = n.parent;
    if (skipOuterExpressions(n).kind === SyntaxKind.AwaitExpression) continue;
    if (parent.kind === SyntaxKind.CallExpression && get(parent, "expression") !== n) {
      if (callArguments(parent).some(a => a !== n && mentionsSignal(a, signal))) return true;
    } else if (parent.kind === SyntaxKind.VariableDeclaration && get(parent, "initializer") === n) {
      const name = textOf(get(parent, "name"));
      if (name && usedWithSignal(owner, name, signal)) return true;
    }
  }
  return false;
}

/** A call in the function passes `name` (the work held in a variable) and the signal. */
function usedWithSignal(owner: FunctionLike, name: string, signal: string): boolean {
  const use = new RegExp(`(?<![\\w$.])${identifierPattern(name)}(?![\\w$])`);
  let found = false;
  forEachDescendant(owner, node => {
    if (found || node.kind !== SyntaxKind.CallExpression) return;
    const args = callArguments(node);
    found = args.some(a => use.test(a.getText())) && args.some(a => mentionsSignal(a, signal));
  });
  return found;
}

/**
 * node:fs/promises (`readFile`, `writeFile`, a FileHandle's methods): a local file operation
 * finishes in milliseconds, and an abort midway would only leave a file half written. Asked late:
 * only of calls the rule would report.
 */
function isLocalFileCall(fa: FileAnalysis, call: CallExpression): boolean {
  const name = calleeParts(call.expression)?.nameNode;
  const symbol = name ? fa.queries.lateSymbolOf(name) : undefined;
  const declaration = symbol ? fa.queries.declarationOf(symbol) : undefined;
  return !!declaration && /\/@types\/node\/(ts[\d.]+\/)?fs\/promises\.d\.ts$/.test(declaration.fileName);
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
      // A trailing signal parameter after optional ones the call leaves out (`span(name, fn, options?, context?, signal?)`
      // called as `span(name, fn)`): the short form of an API whose signal is an afterthought, not a forgotten one.
      if (direct && index > args.length) continue;
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

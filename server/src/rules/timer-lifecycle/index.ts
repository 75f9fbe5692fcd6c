// timer-lifecycle: (a) `setInterval` with a callback that returns a thenable (runs overlap when
// one takes longer than the period; rejections are unhandled); (b) an interval started at module
// top level or in a constructor whose handle is dropped: it can never be cleared and keeps the
// process alive. Docs: docs/rules/timer-lifecycle.md
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { callArguments, identifierPattern, parentSkippingOuter, skipOuterExpressions, textOf } from "../../analysis/syntax";
import { isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { isBrowserFile, isTestFile } from "../../analysis/file-kinds";
import { isRuntimeFunction, needRuntimeFunction, returnsThenable } from "../../analysis/node-runtime";
import type { Fix } from "../../analysis/findings";
import { spanRange } from "../../analysis/positions";
import type { FileAnalysis, Rule } from "../rule";
import { callbackFunctionKey, callbackReference, type CallbackReference } from "../../analysis/callback-functions";
import { rejectionSummaries, type RejectionSummaries } from "../../analysis/may-reject";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { overlapGuardFix } from "./overlap-guard-fix";

const optionsSchema = {
  checkAsyncCallbacks: option.boolean("Report `setInterval` with a callback that returns a promise.", true),
  // Off by default: 0 of 7 such findings were true over 252 judged code bases (the modules were
  // loaded only by long-running processes the interval is meant to live in).
  checkDroppedHandles: option.boolean(
    "Report an interval started at module top level or in a constructor whose handle is dropped (never cleared nor `unref()`ed). Entry files (the package's `main`/`bin`, files that call `listen`) are exempt. Off by default: on real code these modules were loaded only by long-running processes.",
    false,
  ),
  ignoreTestFiles: option.boolean("Skip test files (`*.test.ts`, `__tests__/`, `test/`).", true),
};

export type TimerLifecycleOptions = OptionsOf<typeof optionsSchema>;
export type MessageId = "asyncCallback" | "droppedHandle" | "unusedHandle";

interface Candidate {
  call: CallExpression;
  callee: Node;
  callback?: Node;
  /** The callback's function or the name of one, for the may-reject summary. */
  callbackRef?: CallbackReference;
  /** Where the handle goes, for part (b): dropped, or a name nothing reads. */
  handle?: { kind: "dropped" } | { kind: "unused"; name: string };
}

export const timerLifecycle: Rule<TimerLifecycleOptions, MessageId> = {
  meta: {
    id: "timer-lifecycle",
    description:
      "Intervals that misbehave: setInterval with an async callback (runs overlap, rejections unhandled), and intervals started at module load or in a constructor that nothing can clear.",
    defaultSeverity: "warning",
    enabledByDefault: false,
    fixable: true,
    messages: {
      asyncCallback:
        "setInterval() runs an async callback: the timer does not wait for its promise, so when one run takes longer than the period the next starts on top of it, and a rejection is unhandled (it ends the process by default). Reschedule with `setTimeout` after the work finishes, or loop with `for await (const _ of setInterval(ms))` from `node:timers/promises`.",
      droppedHandle:
        "This interval, started {{where}}, drops its handle: nothing can clear it, and it keeps the process alive for as long as it runs (a test runner or script that imports this never exits). Keep the handle and clear it on shutdown/close, or call `.unref()` on it.",
      unusedHandle:
        "This interval, started {{where}}, is stored in `{{name}}`, which nothing reads: it is never cleared and keeps the process alive for as long as it runs. Clear it on shutdown/close, or call `.unref()` on it.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  create(context) {
    const candidates: Candidate[] = [];
    const text = context.sourceFile.text;
    const skipFile = !/setInterval/.test(text) || (context.options.ignoreTestFiles && isTestFile(context)) || isBrowserFile(context);
    const checkHandles = context.options.checkDroppedHandles && !isEntryFile(context);
    return {
      visitKinds: [SyntaxKind.CallExpression],
      visit(node) {
        if (skipFile || node.kind !== SyntaxKind.CallExpression) return;
        const call = node as CallExpression;
        const callee = skipOuterExpressions(call.expression);
        const name = textOf(callee.kind === SyntaxKind.PropertyAccessExpression ? (callee as unknown as { name: Node }).name : callee);
        if (name !== "setInterval") return;
        const candidate: Candidate = { call, callee };
        const callback = callArguments(call)[0];
        if (context.options.checkAsyncCallbacks && callback && !overlapGuarded(callback)) {
          context.queries.needType(callback);
          candidate.callback = callback;
          candidate.callbackRef = callbackReference(context, callback);
        }
        if (checkHandles && startsAtLoadOrConstruction(call)) candidate.handle = handleOf(context, call);
        if (!candidate.callback && !candidate.handle) return;
        needRuntimeFunction(context, callee);
        candidates.push(candidate);
      },
      decide() {
        let summaries: RejectionSummaries | undefined;
        // Overlapping runs of work that cannot fail are left alone: each run is its own (a flush of
        // what accumulated). Reported only on evidence that a run can reject (the shared may-reject
        // summary, with a library's promise API as evidence: a network call fails): a callback
        // the summary cannot decide (a function it cannot see, effects it cannot classify) was
        // mostly a catch-all flush or a heartbeat on real code, so "unknown" is not reported.
        const canReject = (ref: CallbackReference | undefined): boolean => {
          const key = ref && callbackFunctionKey(context, ref);
          if (!key) return false;
          summaries ??= rejectionSummaries(context, true);
          return summaries.verdict(key) === "can";
        };
        for (const c of candidates) {
          if (!isRuntimeFunction(context, c.callee, "setInterval", ["timers"])) continue;
          if (c.callback && returnsThenable(context, context.queries.typeOf(c.callback)) && canReject(c.callbackRef)) {
            const fix = overlapGuardFix(context, c.call, c.callback);
            context.report({ node: c.callback, messageId: "asyncCallback", ...(fix ? { fixes: [fix] } : {}) });
          }
          if (c.handle) {
            const where = enclosingConstructor(c.call) ? "in a constructor" : "when the module loads";
            if (c.handle.kind === "dropped") context.report({ node: c.call, messageId: "droppedHandle", data: { where }, fixes: [unrefFix(context, c.call)] });
            else context.report({ node: c.call, messageId: "unusedHandle", data: { where, name: c.handle.name } });
          }
        }
      },
    };
  },
};

/**
 * `async () => { if (running) return; running = true; try { ... } finally { running = false } }`:
 * the callback skips a run while the last one is busy, and catches its failures.
 */
function overlapGuarded(callback: Node): boolean {
  const fn = skipOuterExpressions(callback);
  if (!isFunctionLike(fn)) return false;
  const body = (fn as FunctionLike).body;
  if (!body || body.kind !== SyntaxKind.Block) return false;
  const statements = (body as unknown as { statements: readonly Node[] }).statements;
  const first = statements[0];
  if (!first || first.kind !== SyntaxKind.IfStatement) return false;
  const then = (first as unknown as { thenStatement: Node }).thenStatement;
  const exits =
    then.kind === SyntaxKind.ReturnStatement ||
    (then.kind === SyntaxKind.Block && (then as unknown as { statements: readonly Node[] }).statements.some(s => s.kind === SyntaxKind.ReturnStatement));
  return exits && statements.some(s => s.kind === SyntaxKind.TryStatement && !!(s as unknown as { catchClause?: Node }).catchClause);
}

/** At module top level (not inside any function or class body), or directly in a constructor. */
function startsAtLoadOrConstruction(call: Node): boolean {
  for (let n = call.parent; n; n = n.parent) {
    // A constructor, or a field initializer (run by the constructor).
    if (n.kind === SyntaxKind.Constructor || n.kind === SyntaxKind.PropertyDeclaration) return true;
    if (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression) return false;
  }
  return true;
}

function enclosingConstructor(call: Node): boolean {
  for (let n = call.parent; n; n = n.parent) {
    if (n.kind === SyntaxKind.Constructor || n.kind === SyntaxKind.PropertyDeclaration) return true;
    if (isFunctionLike(n)) return false;
  }
  return false;
}

/** Dropped (`setInterval(...)` as a statement), or stored in a name or field that the file never mentions again. */
function handleOf(fa: FileAnalysis, call: CallExpression): Candidate["handle"] {
  const { parent, child } = parentSkippingOuter(call);
  if (!parent) return undefined;
  if (parent.kind === SyntaxKind.ExpressionStatement || (parent.kind === SyntaxKind.VoidExpression && parent.parent?.kind === SyntaxKind.ExpressionStatement))
    return { kind: "dropped" };
  let name: string | undefined;
  let field = false;
  // How often the store itself mentions the name as counted below (a field's declaration: never).
  let ownMentions = 1;
  if (parent.kind === SyntaxKind.PropertyDeclaration && (parent as unknown as { initializer?: Node }).initializer === child) {
    name = textOf((parent as unknown as { name: Node }).name);
    field = true;
    ownMentions = 0;
  } else if (parent.kind === SyntaxKind.VariableDeclaration && (parent as unknown as { initializer?: Node }).initializer === child) {
    const n = (parent as unknown as { name: Node }).name;
    // An exported handle: the importers may clear it.
    const statement = parent.parent?.parent;
    if (n.kind === SyntaxKind.Identifier && !(statement && /^export\b/.test(statement.getText()))) name = textOf(n);
  } else if (
    parent.kind === SyntaxKind.BinaryExpression &&
    (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken &&
    (parent as unknown as { right: Node }).right === child &&
    parent.parent?.kind === SyntaxKind.ExpressionStatement
  ) {
    const left = skipOuterExpressions((parent as unknown as { left: Node }).left);
    if (left.kind === SyntaxKind.Identifier) name = textOf(left);
    else if (
      left.kind === SyntaxKind.PropertyAccessExpression &&
      skipOuterExpressions((left as unknown as { expression: Node }).expression).kind === SyntaxKind.ThisKeyword
    ) {
      name = textOf((left as unknown as { name: Node }).name);
      field = true;
    }
  }
  if (!name) return undefined;
  // Mentioned anywhere else (cleared, unref'd, returned, passed on): not ours to judge. A field
  // counts where it is read as a member (`this.timer`, `cache.timer`), not where it is declared.
  const pattern = `${field ? "\\.\\s*" : "(?<![\\w$])"}${identifierPattern(name)}(?![\\w$])`;
  const mentions = fa.sourceFile.text.match(new RegExp(pattern, "g"))?.length ?? 0;
  return mentions <= ownMentions ? { kind: "unused", name } : undefined;
}

/** The module a process starts with: the package's `main`/`bin`, a `#!` script, a file that starts a server. */
function isEntryFile(fa: FileAnalysis): boolean {
  if (fa.isPackageEntry) return true;
  const text = fa.sourceFile.text;
  return text.startsWith("#!") || /\.listen\s*\(/.test(text);
}

/** `.unref()` lets the process exit while the interval runs: a change of behaviour the user decides on (menu only). */
function unrefFix(fa: FileAnalysis, call: CallExpression): Fix {
  return {
    title: "Call .unref() on the interval",
    edits: [{ fileName: fa.fileName, range: spanRange(fa.sourceFile, call.end, call.end), newText: ".unref()" }],
    suggestion: true,
  };
}

// floating-promise: a promise (or thenable) made by an expression statement and then dropped:
// not awaited, returned, voided, or given a rejection handler. Agrees with typescript-eslint's
// no-floating-promises (default options) except where docs/rules/floating-promise.md says why.
// Speed: phase 1 looks at expression statements only and asks for the few types the decision
// can need; everything derived from a type is cached per type id in FileQueries.
// Exemptions beyond typescript-eslint: rules/floating-promise/promise-exemptions.ts; fixes: rules/floating-promise/promise-fixes.ts.
import { SymbolFlags, SyntaxKind, nodeIndex } from "../../analysis/typescript";
import type {
  BinaryExpression,
  CallExpression,
  ConditionalExpression,
  ExpressionStatement,
  Node,
  PromiseLikeInfo,
  PropertyAccessExpression,
  SourceFile,
  Type,
} from "../../analysis/typescript";
import { functionNodeOf } from "../../analysis/blocking-calls";
import { fixesFor } from "./promise-fixes";
import {
  advancesFakeClockLater,
  cannotRejectThen,
  eslintDisabled,
  isInPlaceArrayCall,
  passesNodeStyleCallback,
  returnsStoredPromise,
  saysDeliberate,
  underTypeCheckDirective,
  isDeliberateRejection,
  removingArrayMethods,
  returnsGivenObject,
  isCliEntryStatement,
} from "./promise-exemptions";
import { projectHandlesRejectionOf } from "../../analysis/handled-elsewhere";
import { effectKindOf, isLibraryPromiseApi, keyNodeOf, projectFunctionKey, rejectionSummaries, type RejectionSummaries } from "../../analysis/may-reject";
import { isTimerPromise, rejectionEvidence, timerNames, type EvidenceOracle, type EvidenceSource } from "./rejection-evidence";
import type { FunctionLike } from "../../analysis/async-context";
import { hasNoRejectTag } from "../../analysis/no-reject-tag";
import { promiseCannotReject, type RejectionOracle } from "../../analysis/settled-promises";
import { functionKey } from "../../analysis/call-graph";
import { isTypeTestFile, isBundlerFixture } from "../../analysis/file-kinds";
import { isBrowserCode, underBrowserCheck } from "./browser-context";
import { evidenceReportedByDefault } from "./evidence-gates";
import { functionExpressionKinds, methodName, nameNodeOf, nameText, neverThenable, skipIndirection, skipParens } from "../../analysis/promise-syntax";
import type { Rule } from "../rule";
import { defaultsOf, validateAgainst } from "../option-schema";
import { defaultKnownSafeCalls, optionsSchema } from "./options";
import { rangeOf } from "../../analysis/positions";
import type { FindingSubject, RelatedInfo } from "../../analysis/findings";
import type { FloatingPromiseOptions, Kind, Unhandled } from "./types";

export type { FloatingPromiseOptions, Kind, Unhandled };

export { defaultKnownSafeCalls };

/** A test call with a modifier (`describe.skip(...)`, `it.todo(...)`, ...): the same call. */
const testModifiers = new Set(["skip", "only", "todo"]);

interface SafeCall {
  name: string;
  module?: string;
}

const isAssignment = (kind: SyntaxKind) => kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;

const isLogical = (kind: SyntaxKind) =>
  kind === SyntaxKind.AmpersandAmpersandToken || kind === SyntaxKind.BarBarToken || kind === SyntaxKind.QuestionQuestionToken;

export function parseSafeCall(spec: string): SafeCall | string {
  const hash = spec.lastIndexOf("#");
  const module = hash >= 0 ? spec.slice(0, hash).replace(/^node:/, "") : undefined;
  const name = hash >= 0 ? spec.slice(hash + 1) : spec;
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || module === "") return `allowForKnownSafeCalls: '${spec}' is not "name" or "module#name"`;
  return module ? { name, module } : { name };
}

/** The keys of `meta.messages`: a report with any other id does not compile. */
export type MessageId = "floating" | "floatingInBrowser" | "floatingUnproven" | "droppedDelay" | "uselessHandler" | "array";

export const floatingPromise: Rule<FloatingPromiseOptions, MessageId> = {
  meta: {
    id: "floating-promise",
    description: "Promises (and thenables) created as a statement and dropped: not awaited, returned, voided, or given a rejection handler.",
    defaultSeverity: "warning",
    // Off by default since session 10: on three held-out draws of code no rule was tuned on it was
    // right 15 times in 30 (7/15, 4/5, 4/10), under the 0.90 the precision protocol asks of a
    // default rule (typescript-eslint's no-floating-promises, which users already run, covers the
    // same ground by type alone).
    enabledByDefault: false,
    fixable: true,
    messages: {
      floating:
        "{{what}} is neither awaited nor given a rejection handler: if it rejects, Node reports an unhandled rejection (by default the process exits), and the code after it does not wait for it. Await it, return it, or add .catch(...){{voidAdvice}}.",
      floatingInBrowser:
        "{{what}} is neither awaited nor given a rejection handler: if it rejects, the error reaches no code of yours (the browser only logs an unhandled rejection), and the code after it does not wait for it. Await it, return it, or add .catch(...){{voidAdvice}}.",
      floatingUnproven:
        "{{what}} is neither awaited nor given a rejection handler. Loopscope cannot tell whether it can reject (reported because reportUnproven is on): if it can, a rejection is unhandled and the code after it does not wait for it. Await it, return it, or add .catch(...){{voidAdvice}}.",
      droppedDelay: "{{what}} is a delay that nothing waits for: the code after it runs at once, so it delays nothing. Await it.",
      uselessHandler:
        "{{what}} gets a rejection handler that is not (or not always) a function, so a rejection can still be unhandled. Pass a function (.catch((error) => ...)) or await it.",
      array:
        "This array of promises is dropped: their rejections are unhandled and nothing waits for the work. Await Promise.all(...) (or Promise.allSettled(...)) on it{{voidAdvice}}.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions(options) {
    const problems = validateAgainst(optionsSchema, options);
    if (!problems.length && Array.isArray(options.allowForKnownSafeCalls)) {
      for (const spec of options.allowForKnownSafeCalls as string[]) {
        const r = parseSafeCall(spec);
        if (typeof r === "string") problems.push(r);
      }
    }
    return problems;
  },
  create(context) {
    const options = context.options;
    const safeCalls = options.allowForKnownSafeCalls.map(parseSafeCall).filter((s): s is SafeCall => typeof s !== "string");
    const safeNames = new Set(safeCalls.map(s => s.name));
    const { queries } = context;
    const statements: ExpressionStatement[] = [];
    /** Calls whose callee's type was asked instead of their own (interactive linting). */
    const byCallee = new Set<Node>();
    /** Callee name nodes of calls that may be known-safe, by call. */
    const safeCandidates = new Map<Node, Node>();

    const isPromiseLike = (info: PromiseLikeInfo) => info.builtin || (options.checkThenables && info.rejectableThenable);

    // Phase 1: every node whose type `unhandled` may read. Without recursion: generated code
    // chains thousands of `a, b` or `a && b` deep.
    function collect(root: Node): void {
      const pending: Node[] = [root];
      const next = (...nodes: Node[]) => {
        for (let i = nodes.length - 1; i >= 0; i--) pending.push(nodes[i]!);
      };
      while (pending.length) collectOne(skipParens(pending.pop()!), next);
    }

    function collectOne(node: Node, collect: (...nodes: Node[]) => void): void {
      if (node.kind === SyntaxKind.BinaryExpression) {
        const b = node as BinaryExpression;
        const op = b.operatorToken.kind;
        if (isAssignment(op)) return;
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
      if (context.interactive && readsDeclaredReturn(node)) {
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

    function safeCallCandidate(expression: Node): void {
      const node = skipParens(expression);
      if (node.kind !== SyntaxKind.CallExpression || !safeNames.size) return;
      let callee = skipParens((node as CallExpression).expression);
      // describe.skip(...) → describe
      if (callee.kind === SyntaxKind.PropertyAccessExpression && testModifiers.has((callee as PropertyAccessExpression).name.text)) {
        const inner = skipParens((callee as PropertyAccessExpression).expression);
        if (nameNodeOf(inner) && safeNames.has(importedName(nameNodeOf(inner)!))) callee = inner;
      }
      const nameNode = nameNodeOf(callee);
      if (!nameNode || !safeNames.has(importedName(nameNode))) return;
      safeCandidates.set(node, nameNode);
      if (safeCalls.some(s => s.module && s.name === importedName(nameNode))) queries.needSymbol(nameNode);
    }

    /** `import { setTimeout as sleep }`: the allow list names the export, the code its local name. */
    function importedName(nameNode: Node): string {
      const local = nameText(nameNode);
      if (nameNode.parent?.kind === SyntaxKind.PropertyAccessExpression && (nameNode.parent as PropertyAccessExpression).name === nameNode) return local;
      const binding = context.bindings.forLocalName(local);
      return binding && binding.imported !== "*" ? binding.imported : local;
    }

    function isKnownSafeCall(expression: Node): boolean {
      const nameNode = safeCandidates.get(skipParens(expression));
      if (!nameNode) return false;
      const name = importedName(nameNode);
      for (const spec of safeCalls) {
        if (spec.name !== name) continue;
        if (!spec.module) return true;
        const symbol = queries.symbolOf(nameNode);
        if (!symbol) continue;
        if (queries.parentName(symbol) === spec.module) return true;
        // `export = test` with `namespace test { export { describe, it } }` (@types/node's node:test):
        // a function (not a method of some class) declared in that module's own declaration file.
        const decl = queries.declarationOf(symbol);
        if (decl && symbol.flags & SymbolFlags.Function && declaredByModule(decl.fileName, spec.module)) return true;
      }
      return false;
    }

    /** `declaredDecision`'s answer when only checking the call itself tells. */
    const checkTheCall = Symbol("check the call");

    /**
     * For a call asked through its callee (see `readsDeclaredReturn`): the type its declared
     * return type stands in with when that decides the same, undefined when there is nothing to
     * decide (`any`), or `checkTheCall`.
     */
    function declaredDecision(node: Node): Type | undefined | typeof checkTheCall {
      if (node.kind === SyntaxKind.AwaitExpression) {
        const callee = queries.typeOf((awaitedCall(node) as CallExpression).expression);
        if (!callee) return checkTheCall;
        const awaited = queries.awaitedDeclaredType(callee);
        // `any` (the callee's or the awaited value's): nothing to decide, as for any opaque type.
        if (awaited === "opaque") return undefined;
        return awaited ?? checkTheCall;
      }
      const callee = queries.typeOf((node as CallExpression).expression);
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

    /**
     * The calls whose declared return type does not decide are checked in one round trip before
     * the decisions read them, not one round trip each (thousands on a large code base).
     */
    function checkCallsTogether(): void {
      queries.lateTypesOf([...byCallee].filter(node => declaredDecision(node) === checkTheCall));
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

    let summaries: RejectionSummaries | undefined; // made on the first floating call that may need it
    const oracle: RejectionOracle = {
      callCannotReject: node => callCannotReject(node),
      declarationOf(name) {
        const symbol = queries.lateSymbolOf(name);
        return symbol && queries.declarationNode(symbol);
      },
    };

    /**
     * A call whose promise cannot reject: an async IIFE or a project function that catches
     * everything or only passes on promises that cannot reject (analysis/may-reject.ts, across
     * files and methods), or whose declaration says so (`@loopscope-no-reject`). Safe to drop.
     */
    function callCannotReject(node: Node): boolean {
      if (node.kind !== SyntaxKind.CallExpression) return false;
      const callee = skipParens((node as CallExpression).expression);
      if (functionExpressionKinds.has(callee.kind)) {
        return (summaries ??= rejectionSummaries(context, options.reportLibraryPromises)).cannotReject(
          functionKey(context.fileName, nodeIndex(keyNodeOf(callee as FunctionLike))),
        );
      }
      const nameNode = nameNodeOf(callee);
      // Asked late: only calls already found floating get here.
      const symbol = nameNode && queries.lateSymbolOf(nameNode);
      if (!symbol) return false;
      const decl = queries.declarationOf(symbol);
      if (!decl || decl.isExternal) return false;
      const declaration = queries.declarationNode(symbol);
      if (declaration && hasNoRejectTag(declaration.getSourceFile(), declaration)) return true;
      if (decl.isDeclarationFile) return false;
      const key = projectFunctionKey(context, symbol);
      if (key && (summaries ??= rejectionSummaries(context, options.reportLibraryPromises)).cannotReject(key)) return true;
      const fn = functionNodeOf(declaration);
      return !!fn && returnsStoredPromise(fn);
    }

    const evidenceOracle: EvidenceOracle = {
      functionVerdict: fn =>
        (summaries ??= rejectionSummaries(context, options.reportLibraryPromises)).verdict(functionKey(context.fileName, nodeIndex(keyNodeOf(fn)))),
      calleeVerdict(nameNode, library) {
        const symbol = queries.lateSymbolOf(nameNode);
        if (!symbol) return "unknown";
        const declaration = queries.declarationNode(symbol);
        if (declaration && hasNoRejectTag(declaration.getSourceFile(), declaration)) return "cannot";
        if (isLibraryPromiseApi(context, symbol, nameText(nameNode))) {
          // An external library's promise API is evidence only with reportLibraryPromises or when this file handles its
          // rejection at another call (handled-elsewhere.ts); `Promise.reject`
          // and APIs the project declares in its own sources (interfaces it is handed) always are.
          const counted =
            options.reportLibraryPromises ||
            queries.parentName(symbol) === "PromiseConstructor" ||
            !queries.declarationOf(symbol)?.isExternal ||
            projectHandlesRejectionOf(context, symbol, nameNode);
          return library && counted ? "can" : "unknown";
        }
        const key = projectFunctionKey(context, symbol);
        return key ? (summaries ??= rejectionSummaries(context, options.reportLibraryPromises)).verdict(key) : "unknown";
      },
      callbackArgument(nameNode) {
        const symbol = queries.lateSymbolOf(nameNode);
        const key = symbol && projectFunctionKey(context, symbol);
        return key ? (summaries ??= rejectionSummaries(context, options.reportLibraryPromises)).callbackParameter(key) : undefined;
      },
    };

    /**
     * The finding's basis (bench/precision/ measures precision per basis): the kind of evidence
     * and where it was found: in the dropped expression (`inline`), in the library or declared API
     * called (`call`), or in a project function N calls below the dropped call (`dN`).
     */
    function basisOf(source: EvidenceSource): string {
      if ("inline" in source) return `${source.inline}:inline`;
      let key: string | undefined;
      if ("fn" in source) key = functionKey(context.fileName, nodeIndex(keyNodeOf(source.fn)));
      else {
        const symbol = queries.lateSymbolOf(source.nameNode);
        key = symbol && projectFunctionKey(context, symbol);
        if (!key) {
          const kind = !symbol
            ? "library"
            : queries.parentName(symbol) === "PromiseConstructor"
              ? "promise-reject"
              : !queries.declarationOf(symbol)?.isExternal
                ? "declared-api"
                : projectHandlesRejectionOf(context, symbol, source.nameNode)
                  ? "library-handled"
                  : "library";
          return `${kind}:call`;
        }
      }
      const chain = (summaries ??= rejectionSummaries(context, options.reportLibraryPromises)).evidenceChain(key);
      const effect = chain[chain.length - 1];
      return effect ? `${effectKindOf(effect)}:${depthTag(chain.length - 1)}` : "other:d0";
    }

    /** Where the rejection comes from: the chain of calls to the throw or library call the summary found. */
    function evidenceRelated(source: EvidenceSource): RelatedInfo[] {
      let key: string | undefined;
      if ("inline" in source) return [];
      if ("fn" in source) key = functionKey(context.fileName, nodeIndex(keyNodeOf(source.fn)));
      else {
        const symbol = queries.lateSymbolOf(source.nameNode);
        key = symbol && projectFunctionKey(context, symbol);
        if (!key) {
          const handled = !!symbol && projectHandlesRejectionOf(context, symbol, source.nameNode);
          return [
            {
              fileName: context.fileName,
              range: rangeOf(context.sourceFile, source.nameNode),
              message: `${nameText(source.nameNode)}() is a library call that can reject${handled ? ": this file handles its rejection elsewhere" : ""}`,
            },
          ];
        }
      }
      return (summaries ??= rejectionSummaries(context, options.reportLibraryPromises)).evidenceChain(key).map((site, i, chain) => ({
        fileName: site.fileName,
        range: site.range,
        message: i === chain.length - 1 ? `can reject here: ${site.label}` : `passes on ${site.label}`,
      }));
    }

    /** For a finding without evidence: what the analysis could not decide, when it is a project function. */
    function undecidedRelated(node: Node): RelatedInfo[] {
      if (node.kind !== SyntaxKind.CallExpression) return [];
      let callee = skipParens((node as CallExpression).expression);
      if (methodName(callee) === "then" || methodName(callee) === "finally") callee = skipParens((callee as PropertyAccessExpression).expression);
      if (callee.kind === SyntaxKind.CallExpression) callee = skipParens((callee as CallExpression).expression);
      const nameNode = nameNodeOf(callee);
      const symbol = nameNode && queries.lateSymbolOf(nameNode);
      const key = symbol && projectFunctionKey(context, symbol);
      if (!key) return [];
      return (summaries ??= rejectionSummaries(context, options.reportLibraryPromises)).evidenceChain(key, "unknown").map((site, i, chain) => ({
        fileName: site.fileName,
        range: site.range,
        message: i === chain.length - 1 ? `cannot tell whether this rejects: ${site.label}` : `passes on ${site.label}`,
      }));
    }

    /** A delay made only to be awaited: Node's promise timers, or a promise a timer resolves. */
    function isDelay(node: Node): boolean {
      if (isTimerPromise(node)) return true;
      if (node.kind !== SyntaxKind.CallExpression) return false;
      const nameNode = nameNodeOf(skipParens((node as CallExpression).expression));
      const symbol = nameNode && queries.lateSymbolOf(nameNode);
      if (!symbol || !timerNames.has(symbol.name)) return false;
      const file = symbol && queries.declarationOf(symbol)?.fileName.replace(/\\/g, "/");
      return !!file && /\/@types\/node\/timers\/promises\.d\.ts$/.test(file);
    }

    /** The global `Object` (declared by the default library), not a local of that name. */
    function isBuiltinObject(name: Node | undefined): boolean {
      const symbol = name && queries.lateSymbolOf(name);
      return !!symbol && !!queries.declarationOf(symbol)?.isExternal;
    }

    /** `queue.shift()` on an array of promises (asked late: only floating calls get here). */
    function removesFromArray(node: Node): boolean {
      if (node.kind !== SyntaxKind.CallExpression) return false;
      const callee = skipParens((node as CallExpression).expression);
      if (callee.kind !== SyntaxKind.PropertyAccessExpression || !removingArrayMethods.has((callee as PropertyAccessExpression).name.text)) return false;
      const receiver = queries.lateTypeOf((callee as PropertyAccessExpression).expression);
      if (!receiver || queries.isOpaque(receiver)) return false;
      const parts = receiver.isUnionType() ? receiver.getTypes() : [receiver];
      return parts.some(t => !!queries.promiseLikeArrayInfo(t));
    }

    /** The callee, for grouping repeated findings and for "allow dropping it everywhere". */
    function subjectOf(node: Node): { subject?: FindingSubject } {
      if (node.kind !== SyntaxKind.CallExpression) return {};
      const nameNode = nameNodeOf(skipParens((node as CallExpression).expression));
      if (!nameNode) return {};
      const name = importedName(nameNode);
      const symbol = queries.lateSymbolOf(nameNode);
      const declaration = symbol && queries.declarationNode(symbol);
      const where = declaration && {
        fileName: declaration.getSourceFile().fileName,
        range: rangeOf(declaration.getSourceFile(), nameOfDeclaration(declaration)),
      };
      return { subject: { label: `${name}()`, name, ...(where ? { declaration: where } : {}) } };
    }

    // Phase 2: the decision (typescript-eslint's isUnhandledPromise, on the batch's types).
    /**
     * The first unhandled promise in the expression, trying its parts in order (`a ?? b`): the
     * operands of `,` and logical operators, the branches of `?:`, what `void` and
     * `.finally()` wrap (reported at the outermost `.finally()`). A stack, not recursion.
     */
    function unhandled(root: Node): Unhandled | undefined {
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
    }

    function unhandledOne(
      node: Node,
      unhandled: (...alternatives: Node[]) => void,
      insideFinally: (receiver: Node, finallyCall: Node, info: PromiseLikeInfo) => void,
    ): Unhandled | undefined {
      if (node.kind === SyntaxKind.BinaryExpression) {
        const b = node as BinaryExpression;
        const op = b.operatorToken.kind;
        if (isAssignment(op)) return undefined;
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
      const type = typeForDecision(node);
      if (!type || queries.isOpaque(type)) return undefined;
      const arrayInfo = queries.promiseLikeArrayInfo(type);
      if (arrayInfo && isPromiseLike(arrayInfo)) return { node, kind: "array", info: arrayInfo };
      if (node.kind === SyntaxKind.AwaitExpression) return undefined;
      const info = queries.promiseLikeInfo(type);
      if (!isPromiseLike(info)) return undefined;
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
      visitKinds: [SyntaxKind.ExpressionStatement],
      visit(node) {
        if (node.kind !== SyntaxKind.ExpressionStatement) return;
        const statement = node as ExpressionStatement;
        if (options.ignoreIIFE && isIIFE(statement.expression)) return;
        statements.push(statement);
        safeCallCandidate(statement.expression);
        collect(statement.expression);
      },
      decide() {
        // Type tests and fixtures a bundler reads are compiled, not run: nothing rejects there.
        if (isTypeTestFile(context) || isBundlerFixture(context)) return;
        checkCallsTogether();
        let browserFile: boolean | undefined; // judged on the first finding only: most files have none
        for (const statement of statements) {
          const found = unhandled(statement.expression);
          if (!found || isKnownSafeCall(statement.expression)) continue;
          if (found.kind !== "array" && found.node === skipParens(statement.expression) && callCannotReject(found.node)) continue;
          if (found.kind === "array" && isInPlaceArrayCall(found.node)) continue;
          if (
            found.kind === "promise" &&
            found.node === skipParens(statement.expression) &&
            (isDeliberateRejection(found.node) || removesFromArray(found.node))
          )
            continue;
          if (found.kind !== "array" && isBuiltinObject(returnsGivenObject(found.node))) continue;
          if (found.kind !== "array" && found.node === skipParens(statement.expression) && passesNodeStyleCallback(found.node)) continue;
          if (options.respectEslintDisable && eslintDisabled(context.sourceFile, statement)) continue;
          if (saysDeliberate(context.sourceFile, statement) || advancesFakeClockLater(context.sourceFile, statement)) continue;
          // Under `@ts-expect-error`/`@ts-ignore` overload resolution may have fallen back: the type is not trustworthy.
          if (underTypeCheckDirective(context.sourceFile, statement)) continue;
          if (found.kind !== "array" && isCliEntryStatement(context.sourceFile, statement, context.packageDir)) continue;
          // Report on evidence: the promise comes from code shown to reject (rules/floating-promise/rejection-evidence.ts).
          let source: EvidenceSource | undefined;
          const verdict =
            found.kind === "uselessHandler"
              ? "can"
              : rejectionEvidence(found.node, {
                  ...evidenceOracle,
                  found: s => {
                    source ??= s;
                  },
                });
          const delay = found.kind !== "array" && found.kind !== "uselessHandler" && isDelay(found.node);
          const evidence = verdict === "can" && found.kind !== "uselessHandler" ? (source ? basisOf(source) : "other") : undefined;
          // Evidence of a kind that is off by default counts as none (reported with reportUnproven, as unproven).
          const trusted = evidence === undefined || evidenceReportedByDefault(evidence, options);
          const proven = (verdict === "can" && trusted) || delay;
          if (!proven && !options.reportUnproven) continue;
          const basis = !proven ? "unproven" : delay ? "delay" : found.kind === "uselessHandler" ? "useless-handler" : evidence!;
          browserFile ??= isBrowserCode(context);
          const browser = browserFile || underBrowserCheck(statement);
          if (browser && !options.reportInBrowser) continue;
          const voidAdvice = options.ignoreVoid ? "; if nothing should wait for it, mark that with void" : "";
          context.report({
            node: found.node,
            messageId: !proven
              ? "floatingUnproven"
              : delay
                ? "droppedDelay"
                : found.kind === "array"
                  ? "array"
                  : found.kind === "uselessHandler"
                    ? "uselessHandler"
                    : browser
                      ? "floatingInBrowser"
                      : "floating",
            data: { what: !proven && found.kind === "array" ? "This array of promises" : describe(context.sourceFile, found), voidAdvice },
            fixes: fixesFor(context, statement, found, options),
            ...(found.kind !== "array" ? subjectOf(found.node) : {}),
            ...(source ? { related: evidenceRelated(source) } : !proven ? { related: undecidedRelated(found.node) } : {}),
            basis,
          });
        }
      },
    };
  },
};

/** How many project functions below the dropped call the evidence was found: 0, 1, 2, or 3 and more. */
function depthTag(depth: number): string {
  return depth >= 3 ? "d3+" : `d${depth}`;
}

/** Whether a declaration file belongs to a module: Node's own (`@types/node/<module>.d.ts`) or a package's. */
function declaredByModule(fileName: string, module: string): boolean {
  const f = fileName.replace(/\\/g, "/");
  if (f.includes("/node_modules/@types/node/")) return new RegExp(`/@types/node/${escapeRegExp(module)}(\\.d\\.ts|/index\\.d\\.ts)$`).test(f);
  const pkg = module.startsWith("@") ? module.split("/").slice(0, 2).join("/") : module.split("/")[0]!;
  const typesName = pkg.startsWith("@") ? pkg.slice(1).replace("/", "__") : pkg;
  return f.includes(`/node_modules/${pkg}/`) || f.includes(`/node_modules/@types/${typesName}/`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

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

function isIIFE(expression: Node): boolean {
  const node = skipParens(expression);
  return node.kind === SyntaxKind.CallExpression && functionExpressionKinds.has(skipParens((node as CallExpression).expression).kind);
}

function describe(sourceFile: SourceFile, found: Unhandled): string {
  const noun = found.kind === "thenable" || (!found.info.builtin && found.info.rejectableThenable) ? "thenable" : "promise";
  const node = found.node;
  if (node.kind === SyntaxKind.CallExpression) {
    const callee = skipIndirection((node as CallExpression).expression);
    if (functionExpressionKinds.has(callee.kind)) return `The ${noun} of this immediately invoked async function`;
    const text = callee.getText(sourceFile).replace(/\s+/g, "");
    if (text.length <= 40) return `The ${noun} returned by ${text}()`;
  }
  if (node.kind === SyntaxKind.NewExpression) return `This new ${noun}`;
  return `This ${noun}`;
}

/** A declaration's name (what a reader looks for), or the declaration itself. */
function nameOfDeclaration(declaration: Node): Node {
  const name = (declaration as unknown as { name?: Node }).name;
  return name ?? declaration;
}

// floating-promise: a promise (or thenable) made by an expression statement and then dropped:
// not awaited, returned, voided, or given a rejection handler. Agrees with typescript-eslint's
// no-floating-promises (default options) except where docs/rules/floating-promise.md says why.
// Speed: phase 1 looks at expression statements only and asks for the few types the decision
// can need; everything derived from a type is cached per type id in FileQueries.
// The decision: unhandled-promise.ts; rejection evidence: rejection-evidence.ts and
// rejection-facts.ts; exemptions beyond typescript-eslint: promise-exemptions.ts and
// known-safe-calls.ts; fixes: promise-fixes.ts.
import { SyntaxKind } from "../../analysis/typescript";
import type { CallExpression, ExpressionStatement, Node, PropertyAccessExpression, SourceFile } from "../../analysis/typescript";
import { fixesFor } from "./promise-fixes";
import {
  advancesFakeClockLater,
  eslintDisabled,
  isInPlaceArrayCall,
  passesNodeStyleCallback,
  saysDeliberate,
  underTypeCheckDirective,
  isDeliberateRejection,
  removingArrayMethods,
  returnsGivenObject,
  isCliEntryStatement,
} from "./promise-exemptions";
import { isTimerPromise, rejectionEvidence, timerNames, type EvidenceSource } from "./rejection-evidence";
import { isTypeTestFile, isBundlerFixture } from "../../analysis/file-kinds";
import { isBrowserCode, underBrowserCheck } from "./browser-context";
import { evidenceReportedByDefault } from "./evidence-gates";
import { functionExpressionKinds, nameNodeOf, skipIndirection, skipParens } from "../../analysis/promise-syntax";
import type { Rule } from "../rule";
import { defaultsOf, validateAgainst } from "../option-schema";
import { defaultKnownSafeCalls, optionsSchema } from "./options";
import { rangeOf } from "../../analysis/positions";
import type { FindingSubject } from "../../analysis/findings";
import { knownSafeCalls, parseSafeCall } from "./known-safe-calls";
import { rejectionFacts } from "./rejection-facts";
import { unhandledPromises } from "./unhandled-promise";
import type { FloatingPromiseOptions, Kind, Unhandled } from "./types";

export type { FloatingPromiseOptions, Kind, Unhandled };

export { defaultKnownSafeCalls, parseSafeCall };

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
    const { queries, options } = context;
    const statements: ExpressionStatement[] = [];
    const safe = knownSafeCalls(context);
    const facts = rejectionFacts(context);
    const decision = unhandledPromises(context, facts.oracle);

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
      const name = safe.importedName(nameNode);
      const symbol = queries.lateSymbolOf(nameNode);
      const declaration = symbol && queries.declarationNode(symbol);
      const where = declaration && {
        fileName: declaration.getSourceFile().fileName,
        range: rangeOf(declaration.getSourceFile(), nameOfDeclaration(declaration)),
      };
      return { subject: { label: `${name}()`, name, ...(where ? { declaration: where } : {}) } };
    }

    return {
      visitKinds: [SyntaxKind.ExpressionStatement],
      visit(node) {
        if (node.kind !== SyntaxKind.ExpressionStatement) return;
        const statement = node as ExpressionStatement;
        if (options.ignoreIIFE && isIIFE(statement.expression)) return;
        statements.push(statement);
        safe.noteCandidate(statement.expression);
        decision.collect(statement.expression);
      },
      decide() {
        // Type tests and fixtures a bundler reads are compiled, not run: nothing rejects there.
        if (isTypeTestFile(context) || isBundlerFixture(context)) return;
        decision.checkCallsTogether();
        let browserFile: boolean | undefined; // judged on the first finding only: most files have none
        for (const statement of statements) {
          const found = decision.unhandled(statement.expression);
          if (!found || safe.isKnownSafe(statement.expression)) continue;
          if (found.kind !== "array" && found.node === skipParens(statement.expression) && facts.callCannotReject(found.node)) continue;
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
                  ...facts.evidenceOracle,
                  found: s => {
                    source ??= s;
                  },
                });
          const delay = found.kind !== "array" && found.kind !== "uselessHandler" && isDelay(found.node);
          const evidence = verdict === "can" && found.kind !== "uselessHandler" ? (source ? facts.basisOf(source) : "other") : undefined;
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
            ...(source ? { related: facts.evidenceRelated(source) } : !proven ? { related: facts.undecidedRelated(found.node) } : {}),
            basis,
          });
        }
        decision.recordForCarry();
      },
    };
  },
};

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

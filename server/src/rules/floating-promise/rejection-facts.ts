// What the rule knows about rejections beyond the dropped expression: the project's may-reject
// summaries (analysis/may-reject.ts, made on first use: most files drop no promise), the
// `@loopscope-no-reject` tag, library promise APIs; and how a finding names its evidence
// (`basis`, measured per kind by bench/precision/) and shows where the rejection comes from.
import { SyntaxKind, nodeIndex } from "../../analysis/typescript";
import type { CallExpression, Node, PropertyAccessExpression } from "../../analysis/typescript";
import { functionNodeOf } from "../../analysis/blocking-calls";
import { projectHandlesRejectionOf } from "../../analysis/handled-elsewhere";
import { effectKindOf, isLibraryPromiseApi, keyNodeOf, projectFunctionKey, rejectionSummaries, type RejectionSummaries } from "../../analysis/may-reject";
import type { FunctionLike } from "../../analysis/async-context";
import { hasNoRejectTag } from "../../analysis/no-reject-tag";
import type { RejectionOracle } from "../../analysis/settled-promises";
import { functionKey, type Site } from "../../analysis/call-graph";
import { rangeWithin, unreachableForCall } from "../../analysis/argument-paths";
import { functionExpressionKinds, methodName, nameNodeOf, nameText, skipParens } from "../../analysis/promise-syntax";
import { rangeOf } from "../../analysis/positions";
import type { RelatedInfo } from "../../analysis/findings";
import type { RuleContext } from "../rule";
import { returnsStoredPromise } from "./promise-exemptions";
import type { EvidenceOracle, EvidenceSource } from "./rejection-evidence";
import type { FloatingPromiseOptions } from "./types";

export interface RejectionFacts {
  /** For analysis/settled-promises.ts: which calls cannot reject, and what a name declares. */
  oracle: RejectionOracle;
  /** For rejection-evidence.ts: the verdicts of functions and callees. */
  evidenceOracle: EvidenceOracle;
  /**
   * A call whose promise cannot reject: an async IIFE or a project function that catches
   * everything or only passes on promises that cannot reject (across files and methods), or
   * whose declaration says so (`@loopscope-no-reject`). Safe to drop.
   */
  callCannotReject(node: Node): boolean;
  /**
   * The finding's basis: the kind of evidence and where it was found: in the dropped expression
   * (`inline`), in the library or declared API called (`call`), or in a project function N calls
   * below the dropped call (`dN`).
   */
  basisOf(source: EvidenceSource): string;
  /** Where the rejection comes from: the chain of calls to the throw or library call the summary found. */
  evidenceRelated(source: EvidenceSource): RelatedInfo[];
  /** For a finding without evidence: what the analysis could not decide, when it is a project function. */
  undecidedRelated(node: Node): RelatedInfo[];
}

/** How many project functions below the dropped call the evidence was found: 0, 1, 2, or 3 and more. */
function depthTag(depth: number): string {
  return depth >= 3 ? "d3+" : `d${depth}`;
}

export function rejectionFacts(context: RuleContext<FloatingPromiseOptions, string>): RejectionFacts {
  const { queries, options } = context;
  let made: RejectionSummaries | undefined;
  const summaries = () => (made ??= rejectionSummaries(context, options.reportLibraryPromises));
  const keyOfFunction = (fn: FunctionLike) => functionKey(context.fileName, nodeIndex(keyNodeOf(fn)));
  /** Per callee name of a call whose literal arguments rule out some of the callee's code: which sites. */
  const ruledOutAt = new Map<Node, (site: Site) => boolean>();

  function callCannotReject(node: Node): boolean {
    if (node.kind !== SyntaxKind.CallExpression) return false;
    const callee = skipParens((node as CallExpression).expression);
    if (functionExpressionKinds.has(callee.kind)) return summaries().cannotReject(keyOfFunction(callee as FunctionLike));
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
    if (key && summaries().cannotReject(key)) return true;
    const fn = functionNodeOf(declaration);
    return !!fn && returnsStoredPromise(fn);
  }

  /** The summary key of the evidence's function, or, for a library or declared API, its symbol. */
  function keyOf(source: Exclude<EvidenceSource, { inline: string }>): { key: string } | { symbol: ReturnType<typeof queries.lateSymbolOf> } {
    if ("fn" in source) return { key: keyOfFunction(source.fn) };
    const symbol = queries.lateSymbolOf(source.nameNode);
    const key = symbol && projectFunctionKey(context, symbol);
    return key ? { key } : { symbol };
  }

  return {
    callCannotReject,
    oracle: {
      callCannotReject,
      declarationOf(name) {
        const symbol = queries.lateSymbolOf(name);
        return symbol && queries.declarationNode(symbol);
      },
    },
    evidenceOracle: {
      functionVerdict: fn => summaries().verdict(keyOfFunction(fn)),
      calleeVerdict(nameNode, library, call) {
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
        if (!key) return "unknown";
        const verdict = summaries().verdict(key);
        if (verdict !== "can" || !call) return verdict;
        // `this.close()` of `close({ wait = false } = {}) { if (wait) await this.drain(); ... }`:
        // the branch the evidence sits in is one this call's literal arguments rule out.
        const fn = functionNodeOf(declaration);
        const dead = fn && fn.getSourceFile().fileName === key.slice(0, key.lastIndexOf(":")) ? unreachableForCall(fn, call) : [];
        if (!dead.length) return verdict;
        const fileName = key.slice(0, key.lastIndexOf(":"));
        const ruledOut = (site: Site) => site.fileName === fileName && dead.some(range => rangeWithin(site.range, range));
        ruledOutAt.set(nameNode, ruledOut);
        return summaries().verdictWithout(key, ruledOut);
      },
      callbackArgument(nameNode) {
        const symbol = queries.lateSymbolOf(nameNode);
        const key = symbol && projectFunctionKey(context, symbol);
        return key ? summaries().callbackParameter(key) : undefined;
      },
    },
    basisOf(source) {
      if ("inline" in source) return `${source.inline}:inline`;
      const found = keyOf(source);
      if (!("key" in found)) {
        const { symbol } = found;
        const kind = !symbol
          ? "library"
          : queries.parentName(symbol) === "PromiseConstructor"
            ? "promise-reject"
            : !queries.declarationOf(symbol)?.isExternal
              ? "declared-api"
              : projectHandlesRejectionOf(context, symbol, (source as { nameNode: Node }).nameNode)
                ? "library-handled"
                : "library";
        return `${kind}:call`;
      }
      const chain = summaries().evidenceChain(found.key, "can", ruledOutAt.get((source as { nameNode?: Node }).nameNode!));
      const effect = chain[chain.length - 1];
      return effect ? `${effectKindOf(effect)}:${depthTag(chain.length - 1)}` : "other:d0";
    },
    evidenceRelated(source) {
      if ("inline" in source) return [];
      const found = keyOf(source);
      if (!("key" in found)) {
        const { nameNode } = source as { nameNode: Node };
        const handled = !!found.symbol && projectHandlesRejectionOf(context, found.symbol, nameNode);
        return [
          {
            fileName: context.fileName,
            range: rangeOf(context.sourceFile, nameNode),
            message: `${nameText(nameNode)}() is a library call that can reject${handled ? ": this file handles its rejection elsewhere" : ""}`,
          },
        ];
      }
      return summaries()
        .evidenceChain(found.key, "can", ruledOutAt.get((source as { nameNode?: Node }).nameNode!))
        .map((site, i, chain) => ({
          fileName: site.fileName,
          range: site.range,
          message: i === chain.length - 1 ? `can reject here: ${site.label}` : `passes on ${site.label}`,
        }));
    },
    undecidedRelated(node) {
      if (node.kind !== SyntaxKind.CallExpression) return [];
      let callee = skipParens((node as CallExpression).expression);
      if (methodName(callee) === "then" || methodName(callee) === "finally") callee = skipParens((callee as PropertyAccessExpression).expression);
      if (callee.kind === SyntaxKind.CallExpression) callee = skipParens((callee as CallExpression).expression);
      const nameNode = nameNodeOf(callee);
      const symbol = nameNode && queries.lateSymbolOf(nameNode);
      const key = symbol && projectFunctionKey(context, symbol);
      if (!key) return [];
      return summaries()
        .evidenceChain(key, "unknown")
        .map((site, i, chain) => ({
          fileName: site.fileName,
          range: site.range,
          message: i === chain.length - 1 ? `cannot tell whether this rejects: ${site.label}` : `passes on ${site.label}`,
        }));
    },
  };
}

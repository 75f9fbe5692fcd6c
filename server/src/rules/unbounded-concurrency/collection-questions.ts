// The questions about a fan-out's collection, in the rule's two phases: where it comes from
// (collection-source.ts), asked in phase 1 so that the calls its trace meets are prepared and
// answered in phase 2, and which of those sources the options trust (weak kinds only with
// `weakSources`, rows from a service only under `not-provably-small`).
import type { Node } from "../../analysis/typescript";
import { calleeParts } from "../../analysis/syntax";
import type { WorkIo } from "../../analysis/io/work-io";
import { functionNodeOf } from "../../analysis/blocking-calls";
import { countingLoopBound, type IterationScope } from "./fan-out";
import { collectionSource } from "./collection-source";
import { isEventSubscription } from "./event-subscriptions";
import { isFetchedFromService, isStrongSource, type CollectionSource, type SourceQuestions } from "./source-evidence";
import type { RuleContext } from "../rule";
import type { MessageId, UnboundedConcurrencyOptions } from "./index";

export interface CollectionQuestions {
  /** Phase 1: ask what `collectionSource` will need about the node. */
  prepareSource(node: Node | undefined): void;
  /** Phase 2: the node's source, when the options trust its kind. */
  sourceOf(node: Node | undefined): CollectionSource | undefined;
  /** Phase 2: a loop's or callback's items' source. */
  scopeSource(scope: IterationScope): CollectionSource | undefined;
}

export function collectionQuestions(context: RuleContext<UnboundedConcurrencyOptions, MessageId>, io: WorkIo): CollectionQuestions {
  // Where a collection comes from: asked in phase 1 (the calls the trace meets are prepared), answered in phase 2.
  const preparing: SourceQuestions = {
    callKind: call => {
      io.prepare(call);
      return undefined;
    },
    moduleOf: name => context.bindings.forLocalName(name)?.module,
    policy: context.options.collections,
    functionOf: call => {
      const parts = calleeParts(call.expression);
      if (parts) context.queries.needSymbol(parts.nameNode);
      return undefined;
    },
  };
  const answering: SourceQuestions = {
    callKind: call => io.of(call)?.kind,
    moduleOf: preparing.moduleOf,
    policy: context.options.collections,
    functionOf: call => {
      const parts = calleeParts(call.expression);
      const symbol = parts ? context.queries.symbolOf(parts.nameNode) : undefined;
      const decl = symbol ? context.queries.declarationOf(symbol) : undefined;
      if (!symbol || !decl || decl.isExternal || decl.isDeclarationFile) return undefined;
      return functionNodeOf(context.queries.declarationNode(symbol));
    },
    resolvesAtOnce: call => {
      // Asked late: only the read-named calls of fan-outs about to be reported get here.
      const type = context.queries.lateTypeOf(call);
      return !!type && !context.queries.isOpaque(type) && !context.queries.thenableInfo(type).thenable;
    },
    ...(context.project ? { project: context.project } : {}),
  };
  const prepareSource = (node: Node | undefined) => {
    if (node) collectionSource(node, preparing);
  };
  /** Evidence of an input-sized collection, of a kind trusted by default (weak kinds behind `weakSources`). */
  // Rows from a service or a read-named call only under `not-provably-small`; weak kinds only with `weakSources`.
  const policy = context.options.collections;
  const trusted = (source: CollectionSource | undefined) =>
    source && (policy === "not-provably-small" || !isFetchedFromService(source)) && (context.options.weakSources || isStrongSource(source))
      ? source
      : undefined;
  const sourceOf = (node: Node | undefined): CollectionSource | undefined => (node ? trusted(collectionSource(node, answering)) : undefined);
  /** A loop's items: its collection, a counted loop's collection, or a stream read with `for await`. */
  const scopeSource = (scope: IterationScope): CollectionSource | undefined => {
    if (scope.kind === "loop" && (scope.node as unknown as { awaitModifier?: Node }).awaitModifier) {
      // An emitter's named events arrive one peer's request at a time, as `on(name, handler)` would get them.
      if (scope.collection && isEventSubscription(scope.collection, context.bindings)) return undefined;
      return { kind: "stream", node: scope.collection ?? scope.node };
    }
    if (scope.collection) return sourceOf(scope.collection);
    const bound = countingLoopBound(scope.node);
    return bound && bound !== "bounded" ? sourceOf(bound.collection) : undefined;
  };
  return { prepareSource, sourceOf, scopeSource };
}

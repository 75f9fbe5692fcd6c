// A `for await` over an emitter's named events (`for await (const [msg] of on(worker, "message"))`,
// `for await (const { socket } of server.listener("connection"))`) is the iterator form of
// `emitter.on(name, handler)`: each item is a connection, a message or a request that a peer sends
// when it sends it, handled as it arrives, the server's per-request work. The rule does not report
// work started in an `on(name, handler)` callback, so it reports none in this form either: the width
// is how many peers are active, not the size of a collection. A stream's chunks and lines are data
// read as fast as the source gives them (`on(stream, "data")`, `on(rl, "line")`): still a stream.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { calleeParts, skipOuterExpressions, textOf } from "../../analysis/syntax";
import type { ModuleBindings } from "../../analysis/module-bindings";

/** The events a data stream emits per chunk or line: the stream's content, not peers' requests. */
const dataEvents = new Set(["data", "line", "readable"]);

/**
 * The iterator forms of `emitter.on(name)` in async-stream-emitter and the socket servers built on it:
 * `listener(event)`, and a socket's `procedure(name)` (RPC requests) and `receiver(name)` (messages).
 */
const namedStreamMethods = new Set(["listener", "procedure", "receiver"]);

/** `on(emitter, "message")` from `events`, or `x.listener("connection")`: a subscription to one named event. */
export function isEventSubscription(iterable: Node, bindings: ModuleBindings): boolean {
  const call = skipOuterExpressions(iterable);
  if (call.kind !== SyntaxKind.CallExpression) return false;
  const args = (call as CallExpression).arguments;
  const parts = calleeParts((call as CallExpression).expression);
  if (!parts) return false;
  const name = parts.nameNode.text;
  if (name === "on") {
    if (parts.receiverExpression && !parts.receiver) return false;
    return args.length >= 2 && isEventName(args[1]!) && isFromEvents(parts.receiver ? parts.receiver.text : "on", bindings);
  }
  return namedStreamMethods.has(name) && !!parts.receiverExpression && args.length === 1 && isEventName(args[0]!);
}

/** A literal event name that is not a data stream's chunk or line. */
function isEventName(node: Node): boolean {
  const e = skipOuterExpressions(node);
  if (e.kind !== SyntaxKind.StringLiteral && e.kind !== SyntaxKind.NoSubstitutionTemplateLiteral) return false;
  const value = textOf(e);
  return !!value && !dataEvents.has(value);
}

/** `on` imported from `events`, or `events.on` / `EventEmitter.on` through a binding of `events`. */
function isFromEvents(localName: string, bindings: ModuleBindings): boolean {
  const binding = bindings.forLocalName(localName, true);
  return binding?.module === "events" && (localName !== "on" || binding.imported === "on");
}

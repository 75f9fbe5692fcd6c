// stream-backpressure: (a) `w.write(x)` whose `false` is ignored, in a loop or a 'data'
// listener, where `w` is a Node writable by type, with no wait for 'drain' and no `pause()`: the
// writable buffers everything in memory when the other side is slower. (b) `a.pipe(b)` with an end
// that has no 'error' listener: an error there crashes the process or leaves the other end open.
// Docs: docs/rules/stream-backpressure.md
import { SignatureKind, SyntaxKind, TypeFlags, type CallExpression, type Node, type Type } from "../../analysis/typescript";
import { isAsyncFunction } from "../../analysis/async-context";
import { isBrowserFile, isTestFile } from "../../analysis/file-kinds";
import { callArguments, calleeOf, calleeParts, identifierPattern, skipOuterExpressions, type CalleeParts } from "../../analysis/syntax";
import { ensureNamedImport } from "../../analysis/edits";
import { rangeOf, spanRange } from "../../analysis/positions";
import { fileStyleOf, quoted } from "../../analysis/file-style";
import type { Fix } from "../../analysis/findings";
import type { FileAnalysis, Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import {
  dataListenerEmitter,
  endHandlesErrors,
  handlesBackpressure,
  isStdio,
  listenerScope,
  repeatingContext,
  resultIgnored,
  resultListensForError,
  pipeResultChain,
  sameStream,
} from "./stream-ends";
import { nameCovered, pipeResultReturned, uncoveredValues } from "./pipe-ends";
import { isCallersStream } from "./callers-stream";
import { resultsOf } from "./file-lookups";
import { zlibCompressors } from "./in-memory-streams";
import { ownStreamFails } from "./own-stream-errors";
import { baseClassListens, extendsExpressionOf, thisMemberText } from "./inherited-listeners";
import { newRequiredInMemoryStream } from "./required-stream-classes";
import { featureTestedMember, isNodeMember, needNodeMember } from "../../analysis/node-feature-tests";
import { handedToListeningFunction, madeCoveredByProject } from "./project-functions";
import { needPushSourceQuestions, pushFedLoop } from "./push-sources";
import { writtenChunkRetained } from "./retained-chunks";
import { proxyTie, type ProxyTie } from "./proxy-legs";
import { awaitsCopyInto } from "./paced-copies";

const optionsSchema = {
  checkWrites: option.boolean("Report `write()` in a loop or a 'data' listener whose `false` (\"wait for 'drain'\") is ignored.", true),
  checkPipes: option.boolean("Report `a.pipe(b)` where an end has no 'error' listener.", true),
  ignoreTestFiles: option.boolean("Skip test files (`*.test.ts`, `__tests__/`, `test/`).", true),
};

export type StreamBackpressureOptions = OptionsOf<typeof optionsSchema>;
export type MessageId = "writeInLoop" | "writeInDataListener" | "pipeWithoutErrorHandling";

interface WriteCandidate {
  kind: "write";
  call: CallExpression;
  parts: CalleeParts & { receiverExpression: Node };
  context: NonNullable<ReturnType<typeof repeatingContext>>;
  /** The Node API whose absence an enclosing `if` tests: the call is in the fallback branch. */
  fallback?: Node;
}

interface PipeCandidate {
  kind: "pipe";
  call: CallExpression;
  parts: CalleeParts & { receiverExpression: Node };
  unhandled: ("source" | "destination")[];
  values: { source?: Node[]; destination?: Node[] };
  /** The class's `extends` expression, when an unhandled end is a `this.x` a base class may listen to. */
  heritage?: Node;
  fallback?: Node;
  /** The pipe joins the legs of an HTTP proxy tied both ways (proxy-legs.ts), when its incoming end is an IncomingMessage by type. */
  tie?: ProxyTie;
}

/** Node's stream typings: a member declared there belongs to Node's streams (or a class built on them). */
const nodeTypings = /\/@types\/node\//;
const webStreams = /\/@types\/node\/(stream\/web|web-globals\/)/;

export const streamBackpressure: Rule<StreamBackpressureOptions, MessageId> = {
  meta: {
    id: "stream-backpressure",
    description:
      "Streams without backpressure or error handling: write() in a loop or 'data' listener that ignores its false (no 'drain' wait), and pipe() with an end that has no 'error' listener.",
    defaultSeverity: "warning",
    enabledByDefault: false,
    fixable: true,
    messages: {
      writeInLoop:
        "`{{stream}}.write()` runs in a loop and its result is ignored: when it returns false the stream's buffer is full, and writing on keeps everything in memory until the other side catches up (a slow client or disk makes the process grow without bound). Wait for 'drain' when it returns false: `if (!{{stream}}.write(chunk)) await once({{stream}}, 'drain')`, or build a Readable and use `pipeline()` from `node:stream/promises`.",
      writeInDataListener:
        "`{{stream}}.write()` in a 'data' listener ignores its result: the source keeps emitting while the destination's buffer grows, so a slow destination makes the process hold the whole input in memory. Pause the source when `write()` returns false and resume it on 'drain', or use `pipeline(source, {{stream}})` from `node:stream/promises`.",
      pipeWithoutErrorHandling:
        "`pipe()` does not forward errors, and {{ends}}: {{effect}}. Use `await pipeline({{source}}, {{destination}})` from `node:stream/promises`, which handles errors and closes both ends.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  create(context) {
    const text = context.sourceFile.text;
    const skipFile = !/\.\s*(write|pipe)\s*\(/.test(text) || (context.options.ignoreTestFiles && isTestFile(context)) || isBrowserFile(context);
    const candidates: (WriteCandidate | PipeCandidate)[] = [];
    return {
      visitKinds: [SyntaxKind.CallExpression],
      visit(node) {
        if (skipFile || node.kind !== SyntaxKind.CallExpression) return;
        const call = node as CallExpression;
        const parts = calleeParts(call.expression);
        if (!parts?.receiverExpression) return;
        const withReceiver = parts as CalleeParts & { receiverExpression: Node };
        const name = parts.nameNode.text;
        if (name === "write" && context.options.checkWrites) {
          if (!resultIgnored(call) || isStdio(parts.receiverExpression)) return;
          // An awaited `pipeline(src, w)` into the same stream brings no data: it waits for 'drain' itself.
          const where = repeatingContext(call, awaited => awaitsCopyInto(awaited, parts.receiverExpression!, context.bindings, context.sourceFile));
          if (!where) return;
          // A reply on the connection the data came in on (`socket.on('data', ...)` writing to `socket`):
          // paced by the peer's requests, not a copy of one stream into another.
          if (where.kind === "data" && sameStream(dataListenerEmitter(where.fn), parts.receiverExpression)) return;
          // The last write: the stream is ended by the next statement (`w.write(x); w.end()`), so the
          // loop cannot write to it again; only this one chunk, already in memory, is buffered.
          if (endedNext(call, parts.receiverExpression)) return;
          // A 'data' listener that also keeps every chunk it writes (`data += chunk`, session 26): the
          // buffer can hold no more than what the program keeps anyway.
          if (where.kind === "data" && writtenChunkRetained(where.fn, call)) return;
          const scope = where.kind === "loop" ? where.loop : where.fn;
          if (handlesBackpressure(scope) || (where.kind === "loop" && where.fn && handlesBackpressure(where.fn))) return;
          if (pacedByCallbacks(where.kind === "loop" ? (where.fn ?? where.loop) : where.fn, parts.receiverExpression.getText())) return;
          context.queries.needSymbol(parts.nameNode);
          context.queries.needType(call.expression);
          context.queries.needType(parts.receiverExpression);
          if (where.kind === "loop") needPushSourceQuestions(context, where.loop);
          const fallback = featureTestedMember(call, context.bindings);
          if (fallback) needNodeMember(context, fallback);
          candidates.push({ kind: "write", call, parts: withReceiver, context: where, fallback });
        } else if (name === "pipe" && context.options.checkPipes) {
          const destination = callArguments(call)[0];
          if (!destination) return;
          const source = parts.receiverExpression;
          // The implementation of a pipe() override, not a use of it.
          if (skipOuterExpressions(source).kind === SyntaxKind.SuperKeyword) return;
          // Per end, the values it may hold that nothing covers (judged by type in decide).
          const values: PipeCandidate["values"] = {};
          if (!isOwnStream(source) && !endHandlesErrors(source, listenerScope(call, source)) && !isPipeResult(source)) {
            const left = uncoveredValues(source, context.bindings);
            if (left.length) values.source = left;
          }
          // The name the destination is kept in, also through calls that return it (`const lines = a.pipe(b).setEncoding("utf8")`).
          const assigned = assignedTo(pipeResultChain(call).holder);
          if (
            !isOwnStream(destination) &&
            !isCallersStream(destination) &&
            !endHandlesErrors(destination, listenerScope(call, destination)) &&
            !resultListensForError(call) &&
            !pipeResultReturned(pipeResultChain(call).holder) &&
            !(assigned && (endHandlesErrors(assigned, listenerScope(call, assigned)) || nameCovered(assigned)))
          ) {
            const left = uncoveredValues(destination, context.bindings);
            if (left.length) values.destination = left;
          }
          const unhandled = (["source", "destination"] as const).filter(end => values[end]);
          if (unhandled.length === 0) return;
          context.queries.needSymbol(parts.nameNode);
          const heritage = unhandled.some(end => thisMemberText(end === "source" ? source : destination)) ? extendsExpressionOf(call) : undefined;
          if (heritage) context.queries.needSymbol(heritage);
          for (const end of unhandled) {
            for (const v of values[end]!) {
              context.queries.needType(v);
              const name = calleeParts(v)?.nameNode;
              if (name && skipOuterExpressions(v).kind === SyntaxKind.PropertyAccessExpression) context.queries.needSymbol(name);
            }
          }
          const fallback = featureTestedMember(call, context.bindings);
          if (fallback) needNodeMember(context, fallback);
          const tie = proxyTie(call);
          // The source's type also decides what the message says an error there does (messageEffect).
          if (tie || values.source) context.queries.needType(source);
          if (tie) context.queries.needType(destination);
          candidates.push({ kind: "pipe", call, parts: withReceiver, unhandled, values, heritage, fallback, tie });
        }
      },
      decide() {
        for (const c of candidates) {
          if (!declaredByNode(context, c.parts.nameNode)) continue;
          // A fallback for a Node without an API every supported Node has (`if (tls.TLSSocket) ... else`): it never runs.
          if (c.fallback && isNodeMember(context, c.fallback)) continue;
          if (c.kind === "write") {
            const receiverType = context.queries.typeOf(c.parts.receiverExpression);
            if (!returnsBoolean(context, context.queries.typeOf(c.call.expression)) || declaredIn(receiverType, cpuStreams)) continue;
            // The data comes from a push source the loop cannot pace (a queue filled by 'message' events): waiting for 'drain' only moves the backlog.
            if (c.context.kind === "loop" && pushFedLoop(context, c.context.loop)) continue;
            const stream = shortText(c.parts.receiverExpression);
            if (c.context.kind === "data") context.report({ node: c.call, messageId: "writeInDataListener", data: { stream } });
            else {
              const fix = drainFix(context, c);
              context.report({
                node: c.call,
                messageId: "writeInLoop",
                data: { stream },
                related: [{ fileName: context.fileName, range: rangeOf(context.sourceFile, c.context.loop), message: "the loop that writes" }],
                fixes: fix ? [fix] : [],
              });
            }
          } else {
            const source = shortText(c.parts.receiverExpression);
            const destination = shortText(callArguments(c.call)[0]!);
            // A child's stdout/stderr read into the parent: its reads do not fail on their own. An
            // in-memory end (a PassThrough, the project's own transform, `Readable.from(data)`)
            // fails only when the project's own code makes it.
            const unhandled = c.unhandled.filter(
              end =>
                !tiedProxyEnd(context, c, end) &&
                !inheritsListener(context, c, end) &&
                // Handed to a function of the project that listens for its errors (a helper imported from another file).
                !handedToListeningFunction(context, end === "source" ? c.parts.receiverExpression : callArguments(c.call)[0]!) &&
                c.values[end]!.some(
                  v =>
                    !(end === "source" && isChildOutput(context, v)) &&
                    !isInMemoryStream(context, v) &&
                    !keepsNodeTlsListener(context, v) &&
                    !isWatchedSubprocessStdio(context, v) &&
                    // Made by a function of the project that listens for its errors, or builds it in memory.
                    !madeCoveredByProject(context, v, 0, {
                      inMemory: r => isInMemoryStream(context, r, n => context.queries.lateTypeOf(n)),
                      handedIn: argument => argumentCovered(context, argument, end),
                    }),
                ),
            );
            if (unhandled.length === 0) continue;
            const fix = pipelineFix(context, c);
            context.report({
              node: c.call,
              messageId: "pipeWithoutErrorHandling",
              data: {
                ends:
                  unhandled.length === 2
                    ? "neither the source nor the destination has an 'error' listener"
                    : `the ${unhandled[0]} (\`${unhandled[0] === "source" ? source : destination}\`) has no 'error' listener`,
                effect: messageEffect(context, c, unhandled),
                source,
                destination,
              },
              fixes: fix ? [fix] : [],
            });
          }
        }
      },
    };
  },
};

/**
 * What an error at the unhandled ends does. Node's `http.IncomingMessage` (a response read by a
 * client, a request read by a server) emits 'error' only when it has a listener (Node keeps the old
 * behaviour), so a connection reset mid-body crashes nothing: the message ends without 'end' and the
 * destination, never ended, stays open while whatever waits for it waits on.
 */
function messageEffect(fa: FileAnalysis, c: PipeCandidate, unhandled: readonly ("source" | "destination")[]): string {
  if (unhandled.length === 1 && unhandled[0] === "source" && isHttpMessage(fa, fa.queries.typeOf(c.parts.receiverExpression), "IncomingMessage", 0))
    return "an HTTP message emits no 'error' without a listener, so a connection reset mid-body ends it without 'end', and the destination is never ended or closed (a file descriptor leaks and whatever waits for it to finish waits forever)";
  return "an error there crashes the process (an unhandled 'error' event), and when one end fails the other is never closed (a file descriptor or socket leaks)";
}

/**
 * An end of a pipe between the legs of an HTTP proxy tied both ways (session 28, proxy-legs.ts),
 * whose source is Node's `IncomingMessage`: the source, which emits 'error' only when it has a
 * listener and is closed with the other leg; and a `ServerResponse` destination the upstream
 * request's 'error' listener closes, which emits 'error' only when the program writes after
 * `end()` (a destroyed response drops the write's error; its socket's errors go to the server's
 * listener) and whose 'close' destroys the upstream request.
 */
function tiedProxyEnd(fa: FileAnalysis, c: PipeCandidate, end: "source" | "destination"): boolean {
  if (!c.tie || !isHttpMessage(fa, fa.queries.typeOf(c.parts.receiverExpression), "IncomingMessage", 0)) return false;
  if (end === "source") return true;
  return c.tie.destinationClosed && isHttpMessage(fa, fa.queries.typeOf(callArguments(c.call)[0]!), "ServerResponse", 0);
}

/**
 * The type is Node's `http.IncomingMessage` or `http.ServerResponse` (`name`), a class or interface
 * built on it, an intersection with one, or a view of one by TypeScript's `Pick`/`Omit` (a library's
 * `Pick<IncomingMessage, "pipe" | "once" | ...>` parameter: the framework's request, typed by what it uses).
 */
function isHttpMessage(fa: FileAnalysis, type: Type | undefined, name: string, depth: number): boolean {
  if (!type || depth > 6) return false;
  // A handler's `res` is `ServerResponse & { req: IncomingMessage }`.
  if (type.isIntersectionType()) return type.getTypes().some(t => isHttpMessage(fa, t, name, depth + 1));
  const view = libraryView(fa, type);
  if (view) return isHttpMessage(fa, view, name, depth + 1);
  const target = type.isTypeReference() ? type.getTarget() : type;
  const symbol = target.getSymbol();
  const declaration = symbol && fa.queries.declarationOf(symbol);
  if (declaration && /\/@types\/node\/http\.d\.ts$/.test(declaration.fileName) && symbol!.name === name) return true;
  return target.isClassOrInterface() && (target.getBaseTypes() ?? []).some(base => isHttpMessage(fa, base, name, depth + 1));
}

/** `T` of `Pick<T, K>` or `Omit<T, K>` as TypeScript's own library declares them. */
function libraryView(fa: FileAnalysis, type: Type): Type | undefined {
  const alias = type.getAliasSymbol();
  if (!alias || (alias.name !== "Pick" && alias.name !== "Omit")) return undefined;
  const declaration = fa.queries.declarationOf(alias);
  if (!declaration || !/\/lib\.[\w.]*\.d\.ts$/.test(declaration.fileName)) return undefined;
  return type.getAliasTypeArguments()[0];
}

/** The end is `this.x` and a base class of the project listens for its errors. */
function inheritsListener(fa: FileAnalysis, c: PipeCandidate, end: "source" | "destination"): boolean {
  const member = c.heritage && thisMemberText(end === "source" ? c.parts.receiverExpression : callArguments(c.call)[0]!);
  return !!member && baseClassListens(fa, member, c.heritage!);
}

/** The statement after the write's is `w.end(...)` on the same stream. */
function endedNext(call: CallExpression, receiver: Node): boolean {
  let statement: Node = call;
  while (statement.parent && statement.parent.kind !== SyntaxKind.ExpressionStatement) {
    if (statement.parent.kind !== SyntaxKind.ParenthesizedExpression && statement.parent.kind !== SyntaxKind.VoidExpression) return false;
    statement = statement.parent;
  }
  statement = statement.parent!;
  const list = statement?.parent;
  if (!list || (list.kind !== SyntaxKind.Block && list.kind !== SyntaxKind.CaseClause && list.kind !== SyntaxKind.DefaultClause)) return false;
  const statements = (list as unknown as { statements: readonly Node[] }).statements;
  const next = statements[statements.indexOf(statement) + 1];
  if (next?.kind !== SyntaxKind.ExpressionStatement) return false;
  const expression = skipOuterExpressions((next as unknown as { expression: Node }).expression);
  if (expression.kind !== SyntaxKind.CallExpression) return false;
  const parts = calleeParts((expression as CallExpression).expression);
  return parts?.nameNode.text === "end" && !!parts.receiverExpression && sameStream(parts.receiverExpression, receiver);
}

/** A chained pipe's source is the previous pipe's destination, judged there. */
function isPipeResult(source: Node): boolean {
  const s = skipOuterExpressions(source);
  return s.kind === SyntaxKind.CallExpression && calleeParts((s as CallExpression).expression)?.nameNode.text === "pipe";
}

/** The member is declared in Node's typings (Writable's write, Readable's pipe, Socket's write), not web streams'. */
function declaredByNode(fa: FileAnalysis, nameNode: Node): boolean {
  const symbol = fa.queries.symbolOf(nameNode);
  const where = symbol ? fa.queries.declarationOf(symbol) : undefined;
  return !!where && nodeTypings.test(where.fileName) && !webStreams.test(where.fileName);
}

/** Every call signature returns a boolean: the "keep writing?" answer of a Node writable. */
function returnsBoolean(fa: FileAnalysis, type: Type | undefined): boolean {
  if (!type) return false;
  const signatures = fa.queries.checker.getSignaturesOfType(type, SignatureKind.Call);
  return (
    signatures.length > 0 &&
    signatures.every(s => {
      const returned = fa.queries.checker.getReturnTypeOfSignature(s);
      return !!returned && (returned.flags & (TypeFlags.Boolean | TypeFlags.BooleanLiteral)) !== 0;
    })
  );
}

/**
 * Streams that never keep a writer waiting: a terminal's (process.stdout/stderr through a
 * variable, exempt like stdio) and crypto's hashes and ciphers, which transform each chunk
 * synchronously as it is written.
 */
const cpuStreams = /\/@types\/node\/(tty|process|crypto)\.d\.ts$/;

function declaredIn(type: Type | undefined, files: RegExp): boolean {
  if (!type) return false;
  const parts = type.isIntersectionType() || type.isUnionType() ? type.getTypes() : [type];
  return parts.some(t => {
    const symbol = t.getSymbol();
    return !!symbol && symbol.declarations.some(d => files.test(d.path as string));
  });
}

/**
 * `child.stdout` / `child.stderr` of a ChildProcess, by the property's declaration, and (session 15)
 * a pipe the parent reads from the child's other descriptors, `child.stdio[n]` for n ≥ 1 (an extra
 * `'pipe'` the child writes its output to). Only as a source: `stdio[0]` is the child's stdin.
 */
function isChildOutput(fa: FileAnalysis, source: Node): boolean {
  const s = skipOuterExpressions(source);
  if (s.kind === SyntaxKind.ElementAccessExpression) {
    const { expression, argumentExpression } = s as unknown as { expression: Node; argumentExpression: Node };
    const index = skipOuterExpressions(argumentExpression);
    const stdio = skipOuterExpressions(expression);
    if (index.kind !== SyntaxKind.NumericLiteral || Number(index.getText()) < 1 || stdio.kind !== SyntaxKind.PropertyAccessExpression) return false;
    const name = calleeParts(stdio)?.nameNode;
    const symbol = name?.text === "stdio" ? fa.queries.lateSymbolOf(name) : undefined;
    const where = symbol ? fa.queries.declarationOf(symbol) : undefined;
    return !!where && /\/@types\/node\/child_process\.d\.ts$/.test(where.fileName);
  }
  if (s.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const name = calleeParts(s)?.nameNode;
  const symbol = name ? fa.queries.symbolOf(name) : undefined;
  const where = symbol ? fa.queries.declarationOf(symbol) : undefined;
  return !!where && /\/@types\/node\/child_process\.d\.ts$/.test(where.fileName) && /^std(out|err)$/.test(symbol!.name);
}

/**
 * Where execa 9 declares a subprocess's own `stdin`/`stdout`/`stderr`/`all` (its `Subprocess`
 * type). execa 8 and earlier declare none: their subprocess is Node's `ChildProcess`, whose
 * properties come from `@types/node`, so their streams are not matched.
 */
const execaSubprocessTypes = /\/execa\/types\/subprocess\/subprocess\.d\.ts$/;

/**
 * `subprocess.stdin` (also `stdout`, `stderr`, `all`) of a subprocess of execa 9 or later, by the
 * property's declaration in execa's own types (session 37). From the `execa()` call on, execa
 * waits for every stdio stream of the subprocess with `finished()` (an 'error' listener) until the
 * stream ends, ignores an `EPIPE` on stdin (the child exited), and rejects the subprocess's promise
 * with any other error: nothing crashes, and the error reaches whoever awaits the subprocess. Read
 * in the installed execa 9.6.1 (`lib/resolve/wait-subprocess.js`, `wait-stream.js`, `stdio.js`).
 * execa 8 and 5 attach nothing to stdin (round 29): their ends stay reported.
 */
function isWatchedSubprocessStdio(fa: FileAnalysis, end: Node): boolean {
  const e = skipOuterExpressions(end);
  if (e.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const name = calleeParts(e)?.nameNode;
  if (!name || !/^(stdin|stdout|stderr|all)$/.test(name.text)) return false;
  const symbol = fa.queries.symbolOf(name);
  const where = symbol ? fa.queries.declarationOf(symbol) : undefined;
  return !!where && where.isExternal && execaSubprocessTypes.test(where.fileName);
}

/**
 * A stream that does no I/O of its own: Node's `PassThrough`, a hash or cipher, a terminal, a class of the project's own code
 * built on Node's streams (a transform of the program's data), or `Readable.from(data)` over a
 * value already made (not a generator call). Its errors are the project's own code's, if any.
 */
function isInMemoryStream(fa: FileAnalysis, end: Node, typeOf: (n: Node) => Type | undefined = n => fa.queries.typeOf(n)): boolean {
  const e = skipOuterExpressions(end);
  if (e.kind === SyntaxKind.CallExpression) {
    const parts = calleeParts((e as CallExpression).expression);
    const data = callArguments(e)[0];
    if (parts?.nameNode.text === "from" && /(^|\.)Readable$/.test(parts.receiverExpression?.getText() ?? "") && data)
      return skipOuterExpressions(data).kind !== SyntaxKind.CallExpression;
  }
  const type = typeOf(end);
  // A terminal (stdout/stderr through another name: exempt like stdio) or a hash or cipher, which
  // transforms each chunk as it comes; of a union, every member (`NodeJS.ReadStream | Readable` may be a file).
  if (type && (type.isUnionType() ? type.getTypes().every(t => declaredIn(t, cpuStreams)) : declaredIn(type, cpuStreams))) return true;
  // The project's own stream class behind compiled CommonJS's interop (`new _message.default()`), whose type the checker loses.
  if (!type || type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return newRequiredInMemoryStream(fa, end);
  if (type.isUnionType()) return false;
  const target = type.isTypeReference() ? type.getTarget() : type;
  const symbol = target.getSymbol();
  const declaration = symbol && fa.queries.declarationOf(symbol);
  if (!declaration) return false;
  if (nodeTypings.test(declaration.fileName))
    return symbol!.name === "PassThrough" || (/\/zlib\.d\.ts$/.test(declaration.fileName) && zlibCompressors.has(symbol!.name));
  // The project's own stream class, unless one of its stream methods fails by its own hand (own-stream-errors.ts).
  return (
    !declaration.isExternal &&
    extendsNodeStream(fa, target, 0) &&
    ownStreamFails(fa, fa.queries.declarationNode(symbol!), declaration.fileName, symbol!.name) !== true
  );
}

/**
 * The argument a call passes for a parameter the project's function returns as given (session 23:
 * `const out = label(task, options.stdout)`, where `label` returns `out` or an in-memory prefixer
 * piped into it), judged at the call like the end itself: as a destination the caller's stream
 * (`options.stdout`, a parameter), or a stream with an 'error' listener, or values that cannot fail
 * (in memory by their types). A file or socket handed in stays an end that can fail.
 */
function argumentCovered(fa: FileAnalysis, argument: Node, end: "source" | "destination"): boolean {
  if (end === "destination" && isCallersStream(argument)) return true;
  if (isStdio(argument) || endHandlesErrors(argument, listenerScope(argument, argument))) return true;
  return uncoveredValues(argument, fa.bindings).every(v => isInMemoryStream(fa, v, n => fa.queries.lateTypeOf(n)));
}

/**
 * A TLS socket the program makes itself with `new tls.TLSSocket(socket, ...)` (directly, or
 * returned by a function of the project that only does that): until `_releaseControl()` is called
 * (`tls.connect()` and `tls.Server` call it; nothing else does), Node keeps its own 'error' listener
 * on it, which turns every error into a '_tlsError' event, and the wrapped socket's errors go there
 * too. A reset device or peer then destroys the socket but crashes nothing (checked on Node 20).
 */
function keepsNodeTlsListener(fa: FileAnalysis, end: Node): boolean {
  const type = fa.queries.typeOf(end);
  if (!type || !declaredIn(type, /\/@types\/node\/tls\.d\.ts$/) || type.getSymbol()?.name !== "TLSSocket") return false;
  const releases = (n: Node) => /\b_releaseControl\b|\.\s*removeAllListeners\s*\(\s*(\)|["'`]error["'`])/.test(n.getSourceFile().text);
  const isNewTlsSocket = (n: Node) => {
    const e = skipOuterExpressions(n);
    if (e.kind !== SyntaxKind.NewExpression) return false;
    const callee = skipOuterExpressions((e as unknown as { expression: Node }).expression);
    return /(^|\.)TLSSocket$/.test(callee.getText()) && !releases(e);
  };
  if (releases(end)) return false;
  const e = skipOuterExpressions(end);
  if (isNewTlsSocket(e)) return true;
  if (e.kind !== SyntaxKind.CallExpression) return false;
  const name = calleeParts(calleeOf(e as CallExpression))?.nameNode;
  const symbol = name && fa.queries.lateSymbolOf(name);
  let fn = symbol && fa.queries.declarationNode(symbol);
  if (fn?.kind === SyntaxKind.VariableDeclaration) fn = (fn as unknown as { initializer?: Node }).initializer;
  if (!fn || !isFunctionNode(skipOuterExpressions(fn))) return false;
  const results = resultsOf(skipOuterExpressions(fn));
  return results.length > 0 && results.every(isNewTlsSocket);
}

/** The class's base types reach one of Node's stream classes. */
function extendsNodeStream(fa: FileAnalysis, type: Type, depth: number): boolean {
  if (depth > 6 || !type.isClassOrInterface()) return false;
  return (type.getBaseTypes() ?? []).some(base => {
    const target = base.isTypeReference() ? base.getTarget() : base;
    const symbol = target.getSymbol();
    const declaration = symbol && fa.queries.declarationOf(symbol);
    if (declaration && nodeTypings.test(declaration.fileName)) return /^(Transform|PassThrough|Duplex|Readable|Writable)$/.test(symbol!.name);
    return extendsNodeStream(fa, target, depth + 1);
  });
}

/** `this` or `super`: the object is the stream, and its users listen for its errors. */
function isOwnStream(end: Node): boolean {
  const e = skipOuterExpressions(end);
  return e.kind === SyntaxKind.ThisKeyword || e.kind === SyntaxKind.SuperKeyword;
}

/** `x = a.pipe(b)` or `const x = a.pipe(b)`: the name the destination is kept in. */
function assignedTo(call: Node): Node | undefined {
  let n: Node = call;
  while (n.parent?.kind === SyntaxKind.ParenthesizedExpression) n = n.parent;
  const parent = n.parent;
  if (parent?.kind === SyntaxKind.VariableDeclaration) {
    const name = (parent as unknown as { name: Node }).name;
    return name.kind === SyntaxKind.Identifier ? name : undefined;
  }
  if (parent?.kind === SyntaxKind.BinaryExpression && (parent as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.EqualsToken)
    return (parent as unknown as { left: Node }).left;
  return undefined;
}

/**
 * Another write to the same stream passes a callback (`w.write(last, next)`): the code writes a
 * batch and waits for its callback before the next, a flow control of its own.
 */
function pacedByCallbacks(scope: Node, receiver: string): boolean {
  const pattern = new RegExp(
    `${identifierPattern(receiver)}\\s*\\.\\s*write\\s*\\([^;]*,\\s*(function\\b|\\(?[\\w$,\\s]*\\)?\\s*=>|[A-Za-z_$][\\w$.]*\\s*\\))`,
  );
  return pattern.test(scope.getText());
}

/** `w.write(x);` → `if (!w.write(x)) await once(w, "drain");` in an async function's loop. */
function drainFix(fa: FileAnalysis, c: WriteCandidate): Fix | undefined {
  if (c.context.kind !== "loop" || !c.context.fn || !isAsyncFunction(c.context.fn)) return undefined;
  const statement = c.call.parent;
  if (statement?.kind !== SyntaxKind.ExpressionStatement) return undefined;
  // Another function between the loop and the write, or a signal the new wait should take (abort-signal-not-forwarded).
  if (/\bsignal\b/.test(c.context.fn.getText())) return undefined;
  const imported = ensureNamedImport(fa, "events", "once");
  if (!imported) return undefined;
  const style = fileStyleOf(fa.sourceFile, fa.sourceFile.text);
  const stream = c.parts.receiverExpression.getText();
  const start = statement.getStart(fa.sourceFile);
  const call = c.call.getText();
  return {
    title: "Wait for 'drain' when write() returns false",
    edits: [
      ...imported.edits,
      {
        fileName: fa.fileName,
        range: spanRange(fa.sourceFile, start, statement.end),
        newText: `if (!${call}) await ${imported.localName}(${stream}, ${quoted("drain", style)})${style.semicolons ? ";" : ""}`,
      },
    ],
    isPreferred: true,
  };
}

/** `a.pipe(b);` → `await pipeline(a, b);` (a suggestion: the caller now waits for the end, and an error rejects). */
function pipelineFix(fa: FileAnalysis, c: PipeCandidate): Fix | undefined {
  const statement = c.call.parent;
  if (statement?.kind !== SyntaxKind.ExpressionStatement) return undefined;
  const fn = (() => {
    for (let n = statement.parent; n; n = n.parent) if (n.kind !== SyntaxKind.Block && isFunctionNode(n)) return n;
    return undefined;
  })();
  if (!fn || !isAsyncFunction(fn)) return undefined;
  const source = skipOuterExpressions(c.parts.receiverExpression);
  if (source.kind === SyntaxKind.CallExpression && calleeParts((source as CallExpression).expression)?.nameNode.text === "pipe") return undefined;
  const imported = ensureNamedImport(fa, "stream/promises", "pipeline");
  if (!imported) return undefined;
  const style = fileStyleOf(fa.sourceFile, fa.sourceFile.text);
  const start = statement.getStart(fa.sourceFile);
  return {
    title: "Use await pipeline() from node:stream/promises",
    edits: [
      ...imported.edits,
      {
        fileName: fa.fileName,
        range: spanRange(fa.sourceFile, start, statement.end),
        newText: `await ${imported.localName}(${source.getText()}, ${callArguments(c.call)[0]!.getText()})${style.semicolons ? ";" : ""}`,
      },
    ],
    suggestion: true,
  };
}

function isFunctionNode(n: Node): boolean {
  return (
    n.kind === SyntaxKind.FunctionDeclaration ||
    n.kind === SyntaxKind.FunctionExpression ||
    n.kind === SyntaxKind.ArrowFunction ||
    n.kind === SyntaxKind.MethodDeclaration
  );
}

function shortText(node: Node): string {
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

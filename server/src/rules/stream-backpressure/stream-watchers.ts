// The functions that watch a stream to its end and take its 'error' (`finished(s, cb)`,
// `pipeline(a, b)`), by the names a file calls them: their own, or another the file gives them, an
// import under another name (`import { finished as streamFinished } from "node:stream"`) or a
// promisified copy (`const pipelineAsync = promisify(stream.pipeline)`, the idiom of Node's
// documentation before `stream/promises`).
import type { Node, SourceFile } from "../../analysis/typescript";
import { SyntaxKind } from "../../analysis/typescript";
import { promisifiedParts } from "../../analysis/api-calls";
import { collectModuleBindings } from "../../analysis/module-bindings";
import { forEachDescendant, skipOuterExpressions, textOf, nodeField as get } from "../../analysis/syntax";

/** Watchers by their own names: Node's, and the packages that were them before Node had them. */
export const watcherNames: readonly string[] = ["finished", "eos", "endOfStream", "onFinished", "pipeline", "pump"];

/** Modules whose `finished`/`pipeline` export is Node's (or its copy in `readable-stream`). */
const streamModules = new Set(["stream", "stream/promises", "readable-stream"]);

const aliasesByFile = new WeakMap<SourceFile, readonly string[]>();
const pipelineCopiesByFile = new WeakMap<SourceFile, readonly string[]>();
const eventPromisesByFile = new WeakMap<SourceFile, readonly string[]>();

/**
 * The packages' functions that turn one event of an emitter into a promise and, by default, reject
 * it on the emitter's 'error' (their listener stays until the event comes): promise-toolbox's
 * `fromEvent(emitter, event)` (`opts.error` defaults to "error", unless `opts.ignoreErrors`) and
 * p-event's `pEvent(emitter, event)` (`rejectionEvents` defaults to `["error"]`; the default export
 * before version 5). By module, the export that is the function (`*`: the module itself, a default
 * import or a `require`).
 */
const eventPromiseExports: ReadonlyMap<string, readonly string[]> = new Map([
  ["promise-toolbox", ["fromEvent"]],
  ["promise-toolbox/fromEvent", ["*"]],
  ["p-event", ["pEvent", "*"]],
]);

/**
 * The callee texts by which the file calls one of `eventPromiseExports`: a name bound to it by an
 * import or `require` (`import fromEvent from "promise-toolbox/fromEvent"`, `import { pEvent } from
 * "p-event"`), or a member of a name bound to the module (`p_event_1.pEvent`, compiled CommonJS). A
 * function of the same name from elsewhere (rxjs's `fromEvent`, which listens for the event only)
 * is not among them.
 */
export function eventPromiseCallees(sourceFile: SourceFile): readonly string[] {
  const cached = eventPromisesByFile.get(sourceFile);
  if (cached) return cached;
  const callees: string[] = [];
  if (/["'`](promise-toolbox|p-event)(\/fromEvent)?["'`]/.test(sourceFile.text))
    for (const b of collectModuleBindings(sourceFile).all) {
      const exported = eventPromiseExports.get(b.module);
      if (!exported) continue;
      if (exported.includes(b.imported)) callees.push(b.localName);
      if (b.imported === "*") for (const name of exported) if (name !== "*") callees.push(`${b.localName}.${name}`);
    }
  eventPromisesByFile.set(sourceFile, callees);
  return callees;
}

/** The other names the file gives a watcher: renamed imports of one, and promisified copies of one under any of its names. */
export function watcherAliases(sourceFile: SourceFile): readonly string[] {
  const cached = aliasesByFile.get(sourceFile);
  if (cached) return cached;
  const known = new Set(watcherNames);
  const aliases: string[] = [];
  for (const b of collectModuleBindings(sourceFile).all)
    if (streamModules.has(b.module) && (b.imported === "finished" || b.imported === "pipeline") && !known.has(b.localName)) {
      known.add(b.localName);
      aliases.push(b.localName);
    }
  aliases.push(...promisifiedCopies(sourceFile, known));
  aliasesByFile.set(sourceFile, aliases);
  return aliases;
}

/**
 * The names the file gives a promisified copy of a pipe with backpressure (`const pipelineAsync =
 * promisify(stream.pipeline)`, also of `pump` or a renamed import of `pipeline`): a promise
 * `pipeline`.
 */
export function pipelineAliases(sourceFile: SourceFile): readonly string[] {
  const cached = pipelineCopiesByFile.get(sourceFile);
  if (cached) return cached;
  const known = new Set(["pipeline", "pump"]);
  for (const b of collectModuleBindings(sourceFile).all) if (streamModules.has(b.module) && b.imported === "pipeline") known.add(b.localName);
  const copies = promisifiedCopies(sourceFile, known);
  pipelineCopiesByFile.set(sourceFile, copies);
  return copies;
}

/**
 * A name given `promisify(w)` for a function `w` of `known` (`util.promisify(stream.finished)`,
 * compiled `(0, util_1.promisify)(stream_1.pipeline)`), also of a copy named before it; `known`
 * takes the names found.
 */
function promisifiedCopies(sourceFile: SourceFile, known: Set<string>): string[] {
  const copies: string[] = [];
  if (!/\bpromisify\b/.test(sourceFile.text)) return copies;
  forEachDescendant(sourceFile, n => {
    if (n.kind !== SyntaxKind.VariableDeclaration) return;
    const name = get<Node>(n, "name");
    const init = get<Node | undefined>(n, "initializer");
    if (name.kind !== SyntaxKind.Identifier || !init) return;
    const wrapped = promisifiedParts(skipOuterExpressions(init));
    const local = textOf(name)!;
    if (wrapped && known.has(wrapped.nameNode.text) && !known.has(local)) {
      known.add(local);
      copies.push(local);
    }
  });
  return copies;
}

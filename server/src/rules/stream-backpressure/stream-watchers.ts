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

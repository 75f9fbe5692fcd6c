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

/** The other names the file gives a watcher: renamed imports of one, and promisified copies of one under any of its names. */
export function watcherAliases(sourceFile: SourceFile): readonly string[] {
  const cached = aliasesByFile.get(sourceFile);
  if (cached) return cached;
  const known = new Set(watcherNames);
  const aliases: string[] = [];
  const add = (name: string) => {
    if (known.has(name)) return;
    known.add(name);
    aliases.push(name);
  };
  for (const b of collectModuleBindings(sourceFile).all)
    if (streamModules.has(b.module) && (b.imported === "finished" || b.imported === "pipeline")) add(b.localName);
  // A name given `promisify(w)` for a watcher `w` (`util.promisify(stream.finished)`, compiled
  // `(0, util_1.promisify)(stream_1.finished)`), also of a renamed import.
  if (/\bpromisify\b/.test(sourceFile.text)) {
    forEachDescendant(sourceFile, n => {
      if (n.kind !== SyntaxKind.VariableDeclaration) return;
      const name = get<Node>(n, "name");
      const init = get<Node | undefined>(n, "initializer");
      if (name.kind !== SyntaxKind.Identifier || !init) return;
      const wrapped = promisifiedParts(skipOuterExpressions(init));
      if (wrapped && known.has(wrapped.nameNode.text)) add(textOf(name)!);
    });
  }
  aliasesByFile.set(sourceFile, aliases);
  return aliases;
}

// The suggestion for an async Promise executor: a synchronous executor that runs the same body as
// an async function and rejects the promise when it fails,
// `(resolve, reject) => { (async () => { ... })().catch(reject); }`. A suggestion only (menu):
// what ran as an unhandled rejection now rejects the promise, which its callers may not expect.
import { SyntaxKind, type Node } from "../../analysis/typescript";
import type { FunctionLike } from "../../analysis/async-context";
import { textOf } from "../../analysis/syntax";
import { spanRange } from "../../analysis/positions";
import type { Fix } from "../../analysis/findings";
import type { FileAnalysis } from "../rule";

export function executorFix(fa: FileAnalysis, executor: FunctionLike): Fix | undefined {
  const sf = fa.sourceFile;
  const { parameters, body } = executor as unknown as { parameters: readonly Node[]; body?: Node };
  if (!body || parameters.some(p => (p as unknown as { name: Node }).name.kind !== SyntaxKind.Identifier)) return undefined;
  const text = executor.getText(sf);
  const params = parameters.map(p => p.getText(sf));
  let rejectName = parameters[1] && textOf((parameters[1] as unknown as { name: Node }).name);
  if (!rejectName) {
    // A name the body does not use already.
    rejectName = ["reject", "rejectPromise", "fail"].find(n => !new RegExp(`(?<![\\w$])${n}(?![\\w$])`).test(text));
    if (!rejectName) return undefined;
    if (!params[0]) params.push("_resolve");
    params.push(rejectName);
  }
  const bodyText = body.getText(sf);
  const inner = body.kind === SyntaxKind.Block ? bodyText : `(${bodyText})`;
  const head = executor.kind === SyntaxKind.ArrowFunction ? `(${params.join(", ")}) =>` : `function (${params.join(", ")})`;
  return {
    title: "Make the executor synchronous, rejecting the promise when the async work fails",
    edits: [
      {
        fileName: fa.fileName,
        range: spanRange(sf, executor.getStart(sf), executor.end),
        newText: `${head} {\n  (async () => ${inner})().catch(${rejectName});\n}`,
      },
    ],
    suggestion: true,
  };
}

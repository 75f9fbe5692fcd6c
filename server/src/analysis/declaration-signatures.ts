// Finds a function's declaration again after its file was edited. Call-graph facts name a
// callee by its declaration's node index (`file:index`), and an edit moves the indices after it.
// A declaration's signature is what a caller's facts can depend on: its kind, the declarations
// around it, its name and its header (everything before the body: parameters, return type,
// modifiers). Equal signatures before and after an edit, found once in the new tree, let the
// callers' facts follow the callee to its new index instead of being computed again.
import { SyntaxKind, forEachNodeOfKind, kindSet, nodeAtIndex, nodeIndex, type Node, type SourceFile } from "./typescript";
import { functionNodeOf } from "./blocking-calls";
import { functionKey, type FunctionKey } from "./call-graph";
import { declaringKinds } from "./syntax";

/** Every kind a call-graph collector keys a function by (a kind missing here only means its callers are computed again). */
const declarationKinds = kindSet([...declaringKinds, SyntaxKind.ArrowFunction, SyntaxKind.BinaryExpression]);

/** The longest header compared (a longer one is cut: the name and the rest of the signature still differ when it matters). */
const maxHeader = 4000;

function nameOf(node: Node): string {
  const name = (node as unknown as { name?: Node & { text?: string } }).name;
  if (name && typeof name.text === "string") return name.text;
  if (node.kind === SyntaxKind.BinaryExpression) {
    // `exports.load = ...`, `module.exports = ...`: the assigned name.
    const left = (node as unknown as { left?: Node & { name?: { text?: string }; text?: string } }).left;
    return left?.name?.text ?? left?.text ?? "";
  }
  return "";
}

/** The signature of the declaration `node` (see the top of this file), undefined for nodes no collector keys a function by. */
export function declarationSignature(sourceFile: SourceFile, node: Node): string | undefined {
  if (!declarationKinds[node.kind]) return undefined;
  const containers: string[] = [];
  for (let p = node.parent; p && p.kind !== SyntaxKind.SourceFile; p = p.parent) {
    const name = nameOf(p);
    if (name) containers.push(`${p.kind}:${name}`);
  }
  const start = node.getStart(sourceFile);
  const fn =
    functionNodeOf(node) ??
    (node.kind === SyntaxKind.ArrowFunction || node.kind === SyntaxKind.FunctionExpression ? (node as ReturnType<typeof functionNodeOf>) : undefined);
  const body = (fn as unknown as { body?: Node } | undefined)?.body;
  const end = body ? body.pos : node.end;
  const header = sourceFile.text.slice(start, Math.min(end, start + maxHeader));
  return `${nameOf(node)}\u0000${node.kind}\u0000${containers.join("/")}\u0000${header}`;
}

/** The signature of the declaration a key names in `sourceFile` (its file, as the snapshot has it now). */
export function signatureAtIndex(sourceFile: SourceFile, index: number): string | undefined {
  const node = nodeAtIndex(sourceFile, index);
  return node && declarationSignature(sourceFile, node);
}

/**
 * The declarations of a tree by name, found once per tree: after an edit every call graph whose
 * facts call into the edited file looks its declarations up again, in the same new tree.
 */
const declarationsByName = new WeakMap<SourceFile, Map<string, Node[]>>();

function declarationsNamed(sourceFile: SourceFile): Map<string, Node[]> {
  let byName = declarationsByName.get(sourceFile);
  if (!byName) {
    const found = new Map<string, Node[]>();
    forEachNodeOfKind(sourceFile, declarationKinds, node => {
      const name = nameOf(node);
      const nodes = found.get(name);
      if (nodes) nodes.push(node);
      else found.set(name, [node]);
    });
    declarationsByName.set(sourceFile, (byName = found));
  }
  return byName;
}

/** For each wanted signature, the keys of the declarations of `sourceFile` that have it. */
export function keysWithSignatures(fileName: string, sourceFile: SourceFile, signatures: ReadonlySet<string>): Map<string, FunctionKey[]> {
  const names = new Set([...signatures].map(s => s.slice(0, s.indexOf("\u0000"))));
  const byName = declarationsNamed(sourceFile);
  const found = new Map<string, FunctionKey[]>();
  for (const name of names) {
    for (const node of byName.get(name) ?? []) {
      const signature = declarationSignature(sourceFile, node);
      if (signature === undefined || !signatures.has(signature)) continue;
      let keys = found.get(signature);
      if (!keys) found.set(signature, (keys = []));
      keys.push(functionKey(fileName, nodeIndex(node)));
    }
  }
  return found;
}

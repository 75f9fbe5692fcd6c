// Finding the nodes of a few kinds without building every node of the file.
//
// A syntax tree from the compiler arrives as one flat table: a fixed-size row per node (kind,
// position, parent, next sibling, ...), in document order with parents first. Walking the tree
// creates a JavaScript object for each of the file's nodes; on the lint-speed corpus (1,494 files, 520k nodes)
// that is about 250 ms, most of the JavaScript side of a `floating-promise` run, which needs
// 2,042 of those nodes. Reading the kind column of the table finds them in about 20 ms, and
// only they (and their ancestors, for `parent`) become objects.
//
// This reads internals of typescript@7.0.2's RemoteSourceFile (pinned exactly in package.json):
// `view`, `_offsetNodes`, `nodes` and `getOrCreateNodeAtIndex`. Without that shape it walks the
// tree instead: slower, same nodes in the same order.
//
// The compiler's `getOrCreateNodeAtIndex` builds a node's missing ancestors by recursion, one
// stack frame per level: a node 10,000 blocks deep overflows the stack. `buildNodesIteratively`
// replaces it (once, on the shared prototype) with a loop that builds the ancestors outermost
// first, so each original call finds its parent built and goes one level deep.
import type { Node, SourceFile } from "typescript/unstable/ast";
import { SyntaxKind } from "typescript/unstable/ast";
import { walk } from "../walk";

/** Bytes per node row, and where its kind and parent are (protocol.js of the pinned version). */
const rowBytes = 28;
const kindAt = 0;
const parentAt = 16;
/** The kind of the rows that stand for node lists (not nodes): a node's parent skips them. */
const nodeListKind = 0xffffffff;

interface RemoteTable {
  view: DataView;
  _offsetNodes: number;
  nodes: unknown[];
  getOrCreateNodeAtIndex(index: number): Node;
}

function tableOf(sourceFile: SourceFile): RemoteTable | undefined {
  const t = sourceFile as unknown as Partial<RemoteTable>;
  return t.view instanceof DataView && typeof t._offsetNodes === "number" && Array.isArray(t.nodes) && typeof t.getOrCreateNodeAtIndex === "function"
    ? (t as RemoteTable)
    : undefined;
}

const iterative = Symbol("loopscope.iterativeMaterialisation");
const strings = Symbol("loopscope.decodedStrings");
let stringsCached = false;

/**
 * A node's text (an identifier's name, a literal's value) is decoded from the tree's string
 * table each time it is read; rules read the same names many times (every call's callee, every
 * candidate's receiver). Decoded once per string and tree instead: the tree's bytes never change.
 * Patched once, on the nodes' shared prototype (`getString(index)` of the pinned version);
 * without that shape nothing changes.
 */
function decodeStringsOnce(sourceFile: SourceFile): void {
  if (stringsCached) return;
  const node = sourceFile.statements[0];
  if (!node) return;
  stringsCached = true;
  let proto = Object.getPrototypeOf(node) as object | null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, "getString")) proto = Object.getPrototypeOf(proto) as object | null;
  const owner = proto as { getString?: (index: number) => string } | null;
  const original = owner?.getString;
  if (!owner || typeof original !== "function" || original.length !== 1) return;
  owner.getString = function (this: { sourceFile: { [strings]?: Map<number, string> } }, index: number): string {
    const file = this.sourceFile;
    const known = (file[strings] ??= new Map());
    let text = known.get(index);
    if (text === undefined) {
      text = original.call(this, index);
      known.set(index, text);
    }
    return text;
  };
}

/**
 * Makes building a node by index iterative for every syntax tree of the compiler's API (the
 * method lives on their shared prototype), and node texts decoded once (`decodeStringsOnce`).
 * Without the expected shape it does nothing.
 */
export function buildNodesIteratively(sourceFile: SourceFile): void {
  const table = tableOf(sourceFile);
  if (!table) return;
  decodeStringsOnce(sourceFile);
  const proto = Object.getPrototypeOf(sourceFile) as RemoteTable & { [iterative]?: true };
  if (proto[iterative]) return;
  const original = proto.getOrCreateNodeAtIndex;
  proto.getOrCreateNodeAtIndex = function (this: RemoteTable, index: number): Node {
    const built = this.nodes[index];
    if (built) return built as Node;
    const view = this.view;
    const base = this._offsetNodes;
    const missing: number[] = [];
    for (let i = index; !this.nodes[i]; ) {
      missing.push(i);
      let parent = view.getUint32(base + i * rowBytes + parentAt, true);
      while (parent !== i && view.getUint32(base + parent * rowBytes + kindAt, true) === nodeListKind) {
        parent = view.getUint32(base + parent * rowBytes + parentAt, true);
      }
      if (parent === i) break;
      i = parent;
    }
    for (let k = missing.length - 1; k > 0; k--) original.call(this, missing[k]!);
    return original.call(this, index);
  };
  proto[iterative] = true;
}

/**
 * Calls `visit` for every node of the file whose kind `wanted` has (a lookup by kind), in
 * document order, parents before children: the nodes, and the order, a walk would give.
 * Like a walk (`forEachChild`), it does not enter JSDoc comments. `table: false` forces the walk.
 */
export function forEachNodeOfKind(sourceFile: SourceFile, wanted: Uint8Array, visit: (node: Node) => void, table = true): void {
  const t = table ? tableOf(sourceFile) : undefined;
  if (t) buildNodesIteratively(sourceFile);
  if (!t) {
    walk(sourceFile, node => {
      if (wanted[node.kind]) visit(node);
    });
    return;
  }
  const view = t.view;
  const base = t._offsetNodes;
  const count = t.nodes.length;
  // Index 0 is a sentinel and 1 the file itself.
  if (wanted[SyntaxKind.SourceFile]) visit(sourceFile);
  for (let i = 2; i < count; i++) {
    const kind = view.getUint32(base + i * rowBytes + kindAt, true);
    if (kind === SyntaxKind.JSDoc) {
      // The subtree is the rows after it whose parent is inside it (rows are in preorder).
      const root = i;
      while (i + 1 < count && view.getUint32(base + (i + 1) * rowBytes + parentAt, true) >= root) i++;
      continue;
    }
    if (kind < wanted.length && wanted[kind]) visit(t.getOrCreateNodeAtIndex(i));
  }
}

/** The node at `index` of the file's flat node table (a declaration handle's index); undefined without the table or out of range. */
export function nodeAtIndex(sourceFile: SourceFile, index: number): Node | undefined {
  const t = tableOf(sourceFile);
  if (!t || index < 2 || index >= t.nodes.length) return index === 1 ? sourceFile : undefined;
  buildNodesIteratively(sourceFile);
  return t.getOrCreateNodeAtIndex(index);
}

/** A lookup for `forEachNodeOfKind`. */
export function kindSet(kinds: Iterable<SyntaxKind>): Uint8Array {
  const set = new Uint8Array(SyntaxKind.Count + 1);
  for (const k of kinds) set[k] = 1;
  return set;
}

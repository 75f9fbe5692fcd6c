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
import { Buffer, isAscii } from "node:buffer";

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

/** A tree's decoded strings by index, and its whole string table as one string (see `decodedStrings`). */
interface DecodedStrings {
  known: (string | undefined)[];
  /** The table's bytes as latin1, one character per byte. Undefined: the offsets are not shaped as expected. */
  whole: string | undefined;
  /** The table's bytes, when some are over 0x7f (a string holding one is decoded as the API does). */
  bytes: Uint8Array | undefined;
  offsets: number;
  count: number;
}

interface StringOwner {
  view: DataView;
  _offsetStringTableOffsets: number;
  _offsetStringTable: number;
  _offsetExtendedData: number;
  [strings]?: DecodedStrings;
}

/**
 * The tree's string table: an offsets column (string `i` is the bytes from offset `i` to offset
 * `i + 1`; a name is mostly a range of the file's text, which is the table's first string), then
 * the bytes. Decoded once as latin1 (a copy): a string whose bytes are all ASCII is then a slice
 * of it, the same text UTF-8 decoding gives. Strings with other bytes (the file's text, when a
 * comment has a dash) are decoded as the API does. When the offsets are not shaped so, `whole`
 * stays undefined and every string is decoded as the API does.
 */
function decodedStrings(file: StringOwner): DecodedStrings {
  const offsets = file._offsetStringTableOffsets;
  const table = file._offsetStringTable;
  const view = file.view;
  const entries = (table - offsets) / 4;
  const count = Number.isInteger(entries) && entries > 0 ? entries - 1 : 0;
  const decoded: DecodedStrings = { known: new Array<string | undefined>(count), whole: undefined, bytes: undefined, offsets, count };
  const limit = file._offsetExtendedData - table;
  if (!(count > 0 && limit >= 0 && table + limit <= view.byteLength)) return decoded;
  let last = 0;
  for (let i = 0; i <= count; i++) {
    const at = view.getUint32(offsets + i * 4, true);
    if (at > limit) return decoded;
    if (at > last) last = at;
  }
  const bytes = Buffer.from(view.buffer, view.byteOffset + table, last);
  if (!isAscii(bytes)) decoded.bytes = bytes;
  decoded.whole = bytes.toString("latin1");
  return decoded;
}

/** Whether bytes[start, end) are all ASCII (names are short: read here, longer strings natively). */
function asciiRange(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start > 64) return isAscii(bytes.subarray(start, end));
  for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/**
 * A node's text (an identifier's name, a literal's value) is decoded from the tree's string
 * table each time it is read; rules read the same names many times (every call's callee, every
 * candidate's receiver). Decoded once per string and tree instead (an ASCII table in one go, see
 * `decodedStrings`): the tree's bytes never change. Patched once, on the nodes' shared prototype
 * (`getString(index)` of the pinned version); without that shape nothing changes.
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
  owner.getString = function (this: { sourceFile: StringOwner }, index: number): string {
    const file = this.sourceFile;
    const decoded = (file[strings] ??= decodedStrings(file));
    let text = decoded.known[index];
    if (text === undefined) {
      const whole = decoded.whole;
      if (whole !== undefined && index >= 0 && index < decoded.count) {
        const view = file.view;
        const start = view.getUint32(decoded.offsets + index * 4, true);
        const end = view.getUint32(decoded.offsets + (index + 1) * 4, true);
        const bytes = decoded.bytes;
        text = start > end || (bytes !== undefined && !asciiRange(bytes, start, end)) ? original.call(this, index) : whole.slice(start, end);
      } else text = original.call(this, index);
      if (index >= 0 && index < decoded.count) decoded.known[index] = text;
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
    // The ancestors not built yet, innermost first. Usually none (the scan and walks build parents
    // first): no list is made then.
    let missing: number[] | undefined;
    for (let i = index; ; ) {
      let parent = view.getUint32(base + i * rowBytes + parentAt, true);
      while (parent !== i && view.getUint32(base + parent * rowBytes + kindAt, true) === nodeListKind) {
        parent = view.getUint32(base + parent * rowBytes + parentAt, true);
      }
      if (parent === i || this.nodes[parent]) break;
      (missing ??= []).push(parent);
      i = parent;
    }
    if (missing) for (let k = missing.length - 1; k >= 0; k--) original.call(this, missing[k]!);
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

/**
 * `forEachNodeOfKind` inside one subtree: the nodes of the wanted kinds below `root` (not `root`
 * itself), in the order a walk gives, without building the others; `visit` returning false skips
 * the node's own subtree (the kinds to prune at must be wanted). Returns false, visiting nothing,
 * when the file has no table: the caller walks instead.
 */
export function forEachNodeOfKindBelow(root: Node, wanted: Uint8Array, visit: (node: Node) => boolean): boolean {
  const sourceFile = root.getSourceFile();
  const t = tableOf(sourceFile);
  const start = (root as unknown as { index?: number }).index;
  if (!t || typeof start !== "number" || t.nodes[start] !== root) return false;
  buildNodesIteratively(sourceFile);
  const view = t.view;
  const base = t._offsetNodes;
  const count = t.nodes.length;
  // The subtree is the rows after the root whose parent is inside it (rows are in preorder).
  const parentOf = (i: number) => view.getUint32(base + i * rowBytes + parentAt, true);
  const skipSubtree = (i: number): number => {
    const first = i;
    while (i + 1 < count && parentOf(i + 1) >= first) i++;
    return i;
  };
  for (let i = start + 1; i < count && parentOf(i) >= start; i++) {
    const kind = view.getUint32(base + i * rowBytes + kindAt, true);
    if (kind === SyntaxKind.JSDoc) {
      i = skipSubtree(i);
      continue;
    }
    if (kind < wanted.length && wanted[kind] && !visit(t.getOrCreateNodeAtIndex(i))) i = skipSubtree(i);
  }
  return true;
}

/** The node at `index` of the file's flat node table (a declaration handle's index); undefined without the table or out of range. */
export function nodeAtIndex(sourceFile: SourceFile, index: number): Node | undefined {
  const t = tableOf(sourceFile);
  if (!t || index < 2 || index >= t.nodes.length) return index === 1 ? sourceFile : undefined;
  buildNodesIteratively(sourceFile);
  return t.getOrCreateNodeAtIndex(index);
}

/** How many of the tree's nodes and node lists have been built as objects so far (benchmarks: what a lint built of a new tree). */
export function builtNodeCount(sourceFile: SourceFile): number {
  const t = tableOf(sourceFile);
  if (!t) return 0;
  let n = 0;
  for (const node of t.nodes) if (node) n++;
  return n;
}

/** A lookup for `forEachNodeOfKind`. */
export function kindSet(kinds: Iterable<SyntaxKind>): Uint8Array {
  const set = new Uint8Array(SyntaxKind.Count + 1);
  for (const k of kinds) set[k] = 1;
  return set;
}

// The binary half of a snapshot or a live delta: typed arrays laid out one after the other in one
// blob, each 8-byte aligned, named by an ArrayRef in the JSON header. Little-endian, as every
// platform that runs VS Code or a browser is.
import type { ArrayKind, ArrayRef } from "../../protocol/src/timeline-snapshot";

export class BlobWriter {
  private parts: { offset: number; bytes: Uint8Array }[] = [];
  private size = 0;
  add(kind: ArrayKind, array: Float64Array | Int32Array | Uint8Array, length: number): ArrayRef {
    this.size = (this.size + 7) & ~7; // 8-byte alignment for Float64Array views
    const width = kind === "f64" ? 8 : kind === "i32" ? 4 : 1;
    const bytes = new Uint8Array(array.buffer, array.byteOffset, length * width);
    const ref = { kind, offset: this.size, length };
    this.parts.push({ offset: this.size, bytes });
    this.size += bytes.length;
    return ref;
  }
  finish(): Uint8Array {
    const out = new Uint8Array((this.size + 7) & ~7);
    for (const p of this.parts) out.set(p.bytes, p.offset);
    return out;
  }
}

/** Views of a blob's arrays (not copies) by their references (checked against the blob on arrival). */
export function blobReader(blob: Uint8Array): <T extends Float64Array | Int32Array | Uint8Array>(r: ArrayRef) => T {
  // Views need an 8-byte aligned buffer start.
  const bytes = blob.byteOffset % 8 === 0 ? blob : blob.slice();
  return <T extends Float64Array | Int32Array | Uint8Array>(r: ArrayRef): T => {
    const offset = bytes.byteOffset + r.offset;
    return (
      r.kind === "f64"
        ? new Float64Array(bytes.buffer, offset, r.length)
        : r.kind === "i32"
          ? new Int32Array(bytes.buffer, offset, r.length)
          : new Uint8Array(bytes.buffer, offset, r.length)
    ) as T;
  };
}

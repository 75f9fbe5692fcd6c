// Reads zip files (.vsix) without unpacking them to disk: the central directory, and one entry's bytes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeader: number;
  unixMode: number;
}

export function readZip(file: string): { entries: ZipEntry[]; read(name: string): Buffer } {
  const zip = readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, `${file}: a zip end-of-central-directory record`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, "a central directory entry");
    const nameLength = zip.readUInt16LE(at + 28),
      extraLength = zip.readUInt16LE(at + 30),
      commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      unixMode: zip.readUInt32LE(at + 38) >>> 16,
      localHeader: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return {
    entries,
    read(name) {
      const e = entries.find(x => x.name === name);
      assert.ok(e, `${file} has ${name}`);
      const h = e.localHeader;
      assert.equal(zip.readUInt32LE(h), 0x04034b50, "a local file header");
      const data = zip.subarray(h + 30 + zip.readUInt16LE(h + 26) + zip.readUInt16LE(h + 28)).subarray(0, e.compressedSize);
      if (e.method === 0) return Buffer.from(data);
      assert.equal(e.method, 8, `${name}: stored or deflated`);
      return inflateRawSync(data);
    },
  };
}

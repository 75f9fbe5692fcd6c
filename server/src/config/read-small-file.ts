// Reading a small file that a user may have replaced with something else: a FIFO (reading it
// would wait for a writer forever), a device (/dev/zero never ends) or a huge file. The file is
// opened without blocking and checked with fstat before anything is read.
import { closeSync, constants, fstatSync, openSync, readSync, type Dirent, type Stats } from "node:fs";

/** Configuration files are small: anything bigger is not one. */
export const maxConfigFileBytes = 4 * 1024 * 1024;

/**
 * The file's text (UTF-8, a leading byte order mark removed). Throws an Error whose message is
 * a sentence ("not a regular file (a FIFO)") when it is not a regular file or is too big.
 */
export function readSmallTextFile(path: string, maxBytes = maxConfigFileBytes): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`not a regular file (${fileTypeOf(stat)})`);
    if (stat.size > maxBytes) throw new Error(`${stat.size} bytes, more than the ${maxBytes} a configuration file can have`);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer
      .subarray(0, read)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
  } finally {
    closeSync(fd);
  }
}

/** What kind of file it is, for messages: "a FIFO", "a character device", ... */
export function fileTypeOf(stat: Stats | Dirent): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  if (stat.isSymbolicLink()) return "a symbolic link";
  return "a regular file";
}

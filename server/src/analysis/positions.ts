// Node positions as editor ranges (0-based lines and UTF-16 characters).
import type { Node, SourceFile } from "./typescript";
import type { Range } from "./findings";

export function rangeOf(sourceFile: SourceFile, node: Node): Range {
  return spanRange(sourceFile, node.getStart(sourceFile), node.end);
}

export function spanRange(sourceFile: SourceFile, start: number, end: number): Range {
  return { start: sourceFile.getLineAndCharacterOfPosition(start), end: sourceFile.getLineAndCharacterOfPosition(end) };
}

/** `file.ts:12` (1-based), for messages and related information. */
export function shortLocation(fileName: string, line0: number): string {
  return `${fileName.slice(fileName.lastIndexOf("/") + 1)}:${line0 + 1}`;
}

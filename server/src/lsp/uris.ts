// file: URIs ↔ paths. The analysis speaks file names; LSP speaks URIs. Only file: documents are linted.
import { fileURLToPath, pathToFileURL } from "node:url";

export function fileNameOf(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function uriOf(fileName: string): string {
  return pathToFileURL(fileName).href;
}

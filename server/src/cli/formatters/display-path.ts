// How a file is named for people: relative to the working folder when it is inside it, else in full
// (`/dev/null`, not `../../../../dev/null`).
import { isAbsolute, relative } from "node:path";

export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return !rel || rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

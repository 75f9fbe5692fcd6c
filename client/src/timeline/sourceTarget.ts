// Where an `openSource` message from the timeline may take the editor. The webview is not trusted
// (it renders strings from the traced program): its message only names a file and a position, and
// the host only opens local files that exist; nothing it sends is ever run. No vscode import.

import { statSync } from "node:fs";
import { isAbsolute, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { OpenSourceMessage } from "../../../protocol/src/webview-messages";

export type SourceTarget = { ok: true; file: string; line: number; column: number } | { ok: false; reason: string };

/** A validated `openSource` message → an existing local file and a 0-based position. */
export function sourceTarget(message: OpenSourceMessage): SourceTarget {
  let file = message.file;
  if (file.startsWith("node:") || file.startsWith("internal/")) return { ok: false, reason: `${file} is part of Node.js, not a file of the program` };
  if (file.startsWith("file:")) {
    try {
      file = fileURLToPath(file);
    } catch {
      return { ok: false, reason: `${file} is not a local file` };
    }
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(file) || !isAbsolute(file)) return { ok: false, reason: `${file} is not a local file path` };
  file = normalize(file);
  try {
    if (!statSync(file).isFile()) return { ok: false, reason: `${file} is not a file` };
  } catch {
    return { ok: false, reason: `${file} does not exist here (was the trace recorded on another machine?)` };
  }
  return { ok: true, file, line: message.line - 1, column: message.column - 1 };
}

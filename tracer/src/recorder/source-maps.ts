// Maps generated positions (what V8 reports) to original sources when the program's files carry a
// `//# sourceMappingURL=` (a .map file next to them or an inline data: URL). Done in the recorder,
// after the run, so it costs the traced program nothing. Uses @jridgewell/trace-mapping.

import { readFileSync } from "node:fs";
import { dirname, resolve, isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import type { WireFrame } from "../../../protocol/src/tracer-wire";
import type { SourceLocation } from "../../../protocol/src/trace";

const MAPPING_URL = /\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$/m;

export class SourceMapper {
  private readonly maps = new Map<string, TraceMap | null>();

  map(frame: WireFrame): SourceLocation {
    const file = toPath(frame.file);
    const generated: SourceLocation = { file, line: frame.line, column: frame.col, ...(frame.fn ? { functionName: frame.fn } : {}) };
    if (file.startsWith("node:") || !isAbsolute(file)) return generated;
    const map = this.load(file);
    if (!map) return generated;
    try {
      const pos = originalPositionFor(map, { line: frame.line, column: Math.max(0, frame.col - 1) });
      if (pos.source === null || pos.line === null) return generated;
      const source = pos.source.startsWith("file:") ? fileURLToPath(pos.source) : resolve(dirname(file), pos.source);
      return { file: source, line: pos.line, column: (pos.column ?? 0) + 1, functionName: pos.name ?? frame.fn };
    } catch {
      return generated;
    }
  }

  private load(file: string): TraceMap | null {
    const cached = this.maps.get(file);
    if (cached !== undefined) return cached;
    let map: TraceMap | null = null;
    try {
      const text = readFileSync(file, "utf8");
      const tail = text.slice(-4096).match(MAPPING_URL) ?? text.match(MAPPING_URL);
      if (tail) {
        const url = tail[1]!;
        let json: string;
        if (url.startsWith("data:")) {
          const comma = url.indexOf(",");
          const payload = url.slice(comma + 1);
          json = url.slice(0, comma).includes(";base64") ? Buffer.from(payload, "base64").toString("utf8") : decodeURIComponent(payload);
        } else {
          json = readFileSync(url.startsWith("file:") ? fileURLToPath(url) : resolve(dirname(file), url), "utf8");
        }
        map = new TraceMap(json, pathToFileURL(file).href);
      }
    } catch {
      map = null;
    }
    this.maps.set(file, map);
    return map;
  }
}

function toPath(file: string): string {
  if (file.startsWith("file:")) {
    try {
      return fileURLToPath(file);
    } catch {
      return file;
    }
  }
  return file;
}

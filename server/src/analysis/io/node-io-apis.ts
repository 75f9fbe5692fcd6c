// Node's own modules: which exports do I/O of a capacity-limited resource, and of which kind.
import type { IoKind } from "./io-kinds";

const fsModules = new Set(["fs", "fs/promises"]);
const dnsCalls = /^(lookup|lookupService|resolve\w*|reverse)$/;

/** Node's own I/O by module (without `node:`) and export; undefined: the export does no I/O. */
export function nodeIoKind(module: string, name: string): IoKind | undefined {
  // Synchronous I/O runs one call at a time: it blocks (blocking-call-in-async), it holds nothing open concurrently.
  if (name.endsWith("Sync")) return undefined;
  if (fsModules.has(module)) return name === "constants" ? undefined : "file";
  switch (module) {
    case "http":
    case "https":
      return name === "request" || name === "get" ? "http" : undefined;
    case "http2":
      return name === "connect" ? "http" : undefined;
    case "net":
    case "tls":
      return name === "connect" || name === "createConnection" ? "network" : undefined;
    case "dgram":
      return name === "createSocket" ? "network" : undefined;
    case "dns":
    case "dns/promises":
      return dnsCalls.test(name) ? "dns" : undefined;
    case "child_process":
      return /^(spawn|exec|execFile|fork)$/.test(name) ? "process" : undefined;
    case "cluster":
      return name === "fork" ? "process" : undefined;
    case "worker_threads":
      return name === "Worker" ? "worker" : undefined;
  }
  return undefined;
}

/** Node's built-in modules: their exports not in `nodeIoKind` do no I/O of a limited resource. */
export const nodeBuiltins = new Set([
  "assert",
  "assert/strict",
  "async_hooks",
  "buffer",
  "child_process",
  "cluster",
  "console",
  "crypto",
  "dgram",
  "diagnostics_channel",
  "dns",
  "dns/promises",
  "events",
  "fs",
  "fs/promises",
  "http",
  "http2",
  "https",
  "inspector",
  "module",
  "net",
  "os",
  "path",
  "path/posix",
  "path/win32",
  "perf_hooks",
  "process",
  "punycode",
  "querystring",
  "readline",
  "readline/promises",
  "repl",
  "stream",
  "stream/promises",
  "stream/web",
  "string_decoder",
  "timers",
  "timers/promises",
  "tls",
  "tty",
  "url",
  "util",
  "util/types",
  "v8",
  "vm",
  "worker_threads",
  "zlib",
  "test",
  "sqlite",
]);

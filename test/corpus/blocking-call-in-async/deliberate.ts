// Deliberately synchronous code said at the source, per-key caches, and blocking reached through
// a method of a project class (see docs/rules/blocking-call-in-async.md).
import fs from "node:fs";

/** Writes the pid file; called from request code below, but the write is atomic on purpose. */
export function writePidFile(path: string): void {
  // loopscope-ignore-next-line blocking-call-in-async -- an atomic rename: no reader sees half a file
  fs.renameSync(`${path}.tmp`, path); // ok: blocking-call-in-async
}

export async function onReload(path: string) {
  writePidFile(path); // ok: blocking-call-in-async
}

/**
 * Appends to the audit journal.
 * @loopscope-sync-ok the journal must be on disk before the response says the change happened
 */
export function journal(line: string): void {
  fs.appendFileSync("audit.log", `${line}\n`); // ok: blocking-call-in-async
}

export async function changeOwner(id: string, owner: string) {
  journal(`${id} -> ${owner}`); // ok: blocking-call-in-async
}

const schemas = new Map<string, string>();

export async function schemaFor(name: string) {
  const hit = schemas.get(name);
  if (hit !== undefined) return hit;
  const text = fs.readFileSync(`schemas/${name}.json`, "utf8"); // ok: blocking-call-in-async
  schemas.set(name, text);
  return text;
}

export class RequestContext {
  constructor(private readonly id: string) {}
  error(e: unknown): void { this.#write(`${this.id}: ${String(e)}`); }
  #write(line: string): void { fs.appendFileSync("errors.log", `${line}\n`); }
}

export async function handle(ctx: RequestContext, work: () => Promise<void>) {
  try {
    await work();
  } catch (e) {
    ctx.error(e); // expect: blocking-call-in-async -- known-miss: an exported function nothing in the project calls shows no evidence of serving concurrent work (a command or build step looks the same); reported with uncalledExports: all
  }
}

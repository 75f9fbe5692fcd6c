// Request handlers and jobs that take a signal: a search proxy, a report export, a health probe.
import { setTimeout as sleep } from "node:timers/promises";

interface QueryOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}
declare function query(sql: string, options?: QueryOptions): Promise<unknown[]>;

export async function search(term: string, signal: AbortSignal) {
  const upstream = await fetch(`https://search.example/?q=${encodeURIComponent(term)}`, { signal }); // ok: abort-signal-not-forwarded
  const related = await fetch(`https://search.example/related?q=${encodeURIComponent(term)}`); // expect: abort-signal-not-forwarded, missing-timeout
  return [await upstream.json(), await related.json()];
}

export async function exportReport(req: Request) {
  const rows = await query("select * from orders", { timeoutMs: 5_000 }); // expect: abort-signal-not-forwarded
  return new Response(JSON.stringify(rows), { status: req.signal.aborted ? 499 : 200 });
}

export async function exportReportV2(req: Request) {
  const rows = await query("select * from orders", { timeoutMs: 5_000, signal: req.signal }); // ok: abort-signal-not-forwarded
  return new Response(JSON.stringify(rows));
}

export async function probe(url: string, { signal }: { signal: AbortSignal }) {
  for (let i = 0; i < 3; i++) {
    try {
      return await fetch(url, { signal, method: "HEAD" }); // ok: abort-signal-not-forwarded
    } catch {
      await sleep(Math.random() * 100 * 2 ** i, undefined, { signal }); // ok: abort-signal-not-forwarded
    }
  }
  return undefined;
}

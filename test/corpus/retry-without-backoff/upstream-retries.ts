// Retries around upstream calls: a payment API, a database connection, a webhook delivery.
import { setTimeout as sleep } from "node:timers/promises";

declare function chargeCard(id: string, cents: number): Promise<{ ok: boolean }>;
declare function connectDb(url: string): Promise<{ close(): Promise<void> }>;
declare function deliverWebhook(url: string, body: string): Promise<number>;
declare const log: { warn(msg: string, e?: unknown): void };

export async function charge(id: string, cents: number) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await chargeCard(id, cents); // expect: retry-without-backoff
    } catch (err) {
      log.warn("charge failed, retrying", err);
    }
  }
  throw new Error("charge failed");
}

export async function chargeV2(id: string, cents: number) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await chargeCard(id, cents); // ok: retry-without-backoff
    } catch (err) {
      if (attempt === 2) throw err;
      await sleep(Math.random() * Math.min(5_000, 200 * 2 ** attempt));
    }
  }
  throw new Error("unreachable");
}

export async function connect(url: string) {
  while (true) {
    try {
      return await connectDb(url); // expect: retry-without-backoff
    } catch (err) {
      log.warn("database not ready", err);
      await sleep(2_000);
    }
  }
}

export async function deliver(urls: string[], body: string) {
  // Fallback endpoints: each attempt goes somewhere else.
  for (const url of urls) {
    try {
      return await deliverWebhook(url, body); // ok: retry-without-backoff
    } catch (err) {
      log.warn(`endpoint ${url} failed`, err);
    }
  }
  return undefined;
}

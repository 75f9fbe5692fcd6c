// Timeouts written as races: upstream calls, queue acknowledgements, health checks.
import { setTimeout as sleep } from "node:timers/promises";

declare function queryUsers(sql: string): Promise<unknown[]>;
declare function ackMessage(id: string): Promise<void>;

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms))]); // expect: race-timeout-leak
}

export async function withTimeoutV2<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error("timed out")), ms); })]); // ok: race-timeout-leak
  } finally {
    clearTimeout(timer);
  }
}

export async function ackOrGiveUp(id: string) {
  const timeout = new Promise<"timeout">(resolve => {
    setTimeout(() => resolve("timeout"), 5_000);
  });
  return Promise.race([ackMessage(id).then(() => "acked" as const), timeout]); // expect: race-timeout-leak
}

export async function usersWithin(ms: number) {
  return Promise.race([queryUsers("select * from users"), sleep(ms).then(() => { throw new Error("timeout"); })]); // expect: race-timeout-leak
}

export async function usersWithinV2(ms: number) {
  const ac = new AbortController();
  try {
    return await Promise.race([queryUsers("select * from users"), sleep(ms, undefined, { signal: ac.signal }).then(() => { throw new Error("timeout"); })]); // ok: race-timeout-leak
  } finally {
    ac.abort();
  }
}

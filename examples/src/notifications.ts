// Sending notifications to the subscribers of an event: the fan-out and the upstream call are
// the mistakes here (unbounded-concurrency, missing-timeout); the V2 functions are correct.
const WEBHOOK_URL = process.env.WEBHOOK_URL ?? "https://hooks.example.com/notify";

interface Subscriber { id: string; email: string }

/** The subscribers of an event, as the database returns them: as many rows as people subscribed. */
export interface SubscriberStore {
  findSubscribers(event: string): Promise<Subscriber[]>;
}

// Mistake: one request per subscriber, all at once, and each can wait forever.
export async function notifyAll(store: SubscriberStore, event: string): Promise<number> {
  const subscribers = await store.findSubscribers(event);
  const results = await Promise.all(subscribers.map(s => fetch(WEBHOOK_URL, {
    method: "POST",
    body: JSON.stringify({ to: s.email, event }),
  })));
  return results.filter(r => r.ok).length;
}

// Correct: at most 8 requests in flight, each given up after 10 seconds.
export async function notifyAllV2(store: SubscriberStore, event: string): Promise<number> {
  const subscribers = await store.findSubscribers(event);
  let sent = 0;
  for (let i = 0; i < subscribers.length; i += 8) {
    const results = await Promise.all(subscribers.slice(i, i + 8).map(s => fetch(WEBHOOK_URL, {
      method: "POST",
      body: JSON.stringify({ to: s.email, event }),
      signal: AbortSignal.timeout(10_000),
    })));
    sent += results.filter(r => r.ok).length;
  }
  return sent;
}

// Async work handed to callers that drop its promise: socket and queue listeners, timers,
// forEach, Promise executors. Mistakes beside their correct twins.
import { EventEmitter } from "node:events";
import net from "node:net";

interface Order { id: string; total: number }
declare const db: { insert(table: string, row: unknown): Promise<void> };
declare const log: { error(e: unknown): void };

async function saveOrder(order: Order): Promise<void> {
  if (order.total < 0) throw new Error(`order ${order.id} has a negative total`);
  await db.insert("orders", order);
}

export class OrderFeed extends EventEmitter {
  listen(socket: net.Socket) {
    socket.on("data", async chunk => { // expect: promise-in-void-callback
      await saveOrder(JSON.parse(String(chunk)) as Order);
    });
    socket.on("end", () => { // ok: promise-in-void-callback (catches, reports as an 'error' event)
      saveOrder({ id: "last", total: 0 }).catch(err => this.emit("error", err));
    });
    this.on("order", saveOrder); // expect: promise-in-void-callback
  }
}

export function retryLater(order: Order) {
  setTimeout(async () => { // expect: promise-in-void-callback
    await saveOrder(order);
  }, 1_000);
  setTimeout(async () => { // ok: promise-in-void-callback (catches everything)
    try {
      await saveOrder(order);
    } catch (error) {
      log.error(error);
    }
  }, 1_000);
}

export async function importAll(orders: Order[]) {
  orders.forEach(async order => { // expect: promise-in-void-callback
    await saveOrder(order);
  });
  for (const order of orders) await saveOrder(order); // ok: promise-in-void-callback
}

export function firstOrder(feed: OrderFeed): Promise<Order> {
  return new Promise(async resolve => { // expect: promise-in-void-callback
    const order = await new Promise<Order>(r => feed.once("order", r));
    await saveOrder(order);
    resolve(order);
  });
}

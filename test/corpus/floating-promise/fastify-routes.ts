// fastify-style routes: the reply is a thenable, so fluent reply calls must not be reported.
import { cache, db, fastify } from "../_lib/web.js";

const app = fastify();

app.get("/health", async (_req, reply) => {
  reply.code(200).header("cache-control", "no-store").send({ ok: true }); // ok: floating-promise
});

app.post("/items", async (req, reply) => {
  const item = await db.insert("items", req.body);
  reply.code(201).send(item); // ok: floating-promise
  return reply;
});

app.post("/items/:id/refresh", async (req, reply) => {
  cache.del(`item:${req.params.id}`); // expect: floating-promise
  return reply.code(202).send();
});

app.addHook("onClose", async () => {
  db.end(); // expect: floating-promise -- known-miss: a library's teardown (close/destroy/end...) is no evidence that it rejects (see the rule's Precision section)
});

app.addHook("onClose", async () => {
  await Promise.allSettled([db.end(), cache.quit()]); // ok: floating-promise
});

export async function start() {
  app.listen({ port: 3000 }); // expect: floating-promise
}

export async function startV2() {
  await app.listen({ port: 3000 }); // ok: floating-promise
}

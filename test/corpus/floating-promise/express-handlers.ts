// Express-style request handlers: the classic forgotten `await`.
import { cache, createRouter, db, logger, mailer, metrics, type Request, type Response } from "../_lib/web.js";

export const router = createRouter();

router.post("/orders", async (req: Request, res: Response) => {
  db.insert("orders", req.body); // expect: floating-promise
  res.status(201).end();
});

router.post("/orders/v2", async (req: Request, res: Response) => {
  const order = await db.insert("orders", req.body); // ok: floating-promise
  res.status(201).json(order);
});

router.get("/users/:id", async (req: Request, res: Response) => {
  const cached = await cache.get(`user:${req.params.id}`);
  if (cached) return res.json(JSON.parse(cached));
  const [user] = await db.query("select * from users where id = $1", [req.params.id]);
  cache.set(`user:${req.params.id}`, JSON.stringify(user), 60); // expect: floating-promise
  return res.json(user);
});

router.get("/users/:id/v2", async (req: Request, res: Response) => {
  const [user] = await db.query("select * from users where id = $1", [req.params.id]);
  // Deliberately not awaited: a cache write must not delay the response; failures are logged.
  cache.set(`user:${req.params.id}`, JSON.stringify(user), 60).catch(error => logger.error("cache write failed", { error })); // ok: floating-promise
  res.json(user);
});

router.post("/signup", async (req: Request, res: Response) => {
  const { id } = await db.insert("users", req.body);
  mailer.send(req.body.email, "Welcome", "Thanks for signing up"); // expect: floating-promise
  metrics.increment("signup"); // ok: floating-promise
  res.status(201).json({ id });
});

router.post("/signup/v2", async (req: Request, res: Response) => {
  const { id } = await db.insert("users", req.body);
  void mailer.send(req.body.email, "Welcome", "Thanks for signing up").catch(() => metrics.increment("welcome_mail_failed")); // ok: floating-promise
  res.status(201).json({ id });
});

router.post("/users/:id/touch", (req: Request, res: Response) => {
  // A sync handler: the promise escapes express entirely.
  db.query("update users set last_seen = now() where id = $1", [req.params.id]); // expect: floating-promise
  res.status(204).end();
});

router.post("/users/:id/invalidate", async (req: Request, res: Response) => {
  const dirty = req.query.force === "1";
  if (dirty) cache.del(`user:${req.params.id}`); // expect: floating-promise
  dirty && cache.del(`session:${req.params.id}`); // expect: floating-promise
  res.status(204).end();
});

router.post("/users/:id/invalidate/v2", async (req: Request, res: Response) => {
  if (req.query.force === "1") await cache.del(`user:${req.params.id}`); // ok: floating-promise
  res.status(204).end();
});

router.post("/bulk", async (req: Request, res: Response) => {
  const rows: { id: string }[] = req.body.rows;
  rows.map(row => db.insert("items", row)); // expect: floating-promise
  res.status(202).end();
});

router.post("/bulk/v2", async (req: Request, res: Response) => {
  const rows: { id: string }[] = req.body.rows;
  await Promise.all(rows.map(row => db.insert("items", row))); // ok: floating-promise // expect: unbounded-concurrency
  res.status(201).end();
});

router.post("/bulk/v3", async (req: Request, res: Response) => {
  const rows: { id: string }[] = req.body.rows;
  rows.forEach(async row => { await db.insert("items", row); }); // expect: floating-promise -- known-miss: forEach drops the async callback's promises; that is the later async-callback-misuse rule (typescript-eslint's no-misused-promises), not a dropped statement value // expect: unbounded-concurrency // expect: promise-in-void-callback
  res.status(202).end();
});

// HTTP handlers that fan out over what the client sent: one upstream call per item.
import pLimit from "p-limit";
import { createRouter, db, mailer, cache, type Request, type Response } from "../_lib/web.js";

const router = createRouter();
const limit = pLimit(8);
const REGIONS = ["eu-west-1", "us-east-1", "ap-south-1"];

router.post("/invite", async (req: Request, res: Response) => {
  const emails: string[] = req.body.emails;
  await Promise.all(emails.map(email => mailer.send(email, "Join us", "..."))); // expect: unbounded-concurrency
  res.status(204).end();
});

router.post("/invite/v2", async (req: Request, res: Response) => {
  const emails: string[] = req.body.emails;
  await Promise.all(emails.map(email => limit(() => mailer.send(email, "Join us", "...")))); // ok: unbounded-concurrency
  res.status(204).end();
});

router.post("/users/lookup", async (req: Request, res: Response) => {
  const ids: string[] = req.body.ids;
  const users = await Promise.all( // expect: unbounded-concurrency
    ids.map(async id => {
      const response = await fetch(`https://users.internal/api/users/${id}`, { signal: AbortSignal.timeout(5000) });
      return response.json() as Promise<{ id: string; name: string }>;
    }),
  );
  res.json(users);
});

router.post("/users/lookup/v2", async (req: Request, res: Response) => {
  const ids: string[] = req.body.ids;
  const users: unknown[] = [];
  for (let i = 0; i < ids.length; i += 25) {
    const page = await Promise.all( // ok: unbounded-concurrency
      ids.slice(i, i + 25).map(id => db.query("select * from users where id = $1", [id])),
    );
    users.push(...page);
  }
  res.json(users);
});

router.get("/dashboard/:id", async (req: Request, res: Response) => {
  const [user, orders] = await Promise.all([ // ok: unbounded-concurrency
    db.query("select * from users where id = $1", [req.params.id]),
    db.query("select * from orders where user_id = $1", [req.params.id]),
  ]);
  res.json({ user, orders });
});

router.get("/health/regions", async (_req: Request, res: Response) => {
  const results = await Promise.all( // ok: unbounded-concurrency
    REGIONS.map(region => fetch(`https://${region}.status.internal/health`, { signal: AbortSignal.timeout(2000) }).then(r => r.ok)),
  );
  res.json(results);
});

router.post("/items/bulk", async (req: Request, res: Response) => {
  const rows: { id: string }[] = req.body.rows;
  rows.forEach(async row => { // expect: unbounded-concurrency, promise-in-void-callback
    await db.insert("items", row);
  });
  res.status(202).end();
});

router.post("/items/bulk/v2", async (req: Request, res: Response) => {
  const rows: { id: string }[] = req.body.rows;
  for (const row of rows) await db.insert("items", row); // ok: unbounded-concurrency
  res.status(201).end();
});

router.post("/cache/invalidate", async (req: Request, res: Response) => {
  const keys: string[] = req.body.keys;
  await Promise.allSettled(keys.map(key => cache.del(key))); // expect: unbounded-concurrency
  res.status(204).end();
});

router.post("/cache/invalidate/v2", async (req: Request, res: Response) => {
  const keys: string[] = req.body.keys;
  for (let i = 0; i < keys.length; i += 100) {
    await Promise.allSettled(keys.slice(i, i + 100).map(key => cache.del(key))); // ok: unbounded-concurrency
  }
  res.status(204).end();
});

export { router };

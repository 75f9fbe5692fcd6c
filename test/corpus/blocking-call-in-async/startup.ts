// Start-up code next to request handlers: reading configuration, keys and templates while the
// service starts is fine (nothing is served yet); the same reads inside a handler stall every
// request in flight.
import fs from "node:fs";
import { readFileSync, existsSync } from "node:fs";
import { createRouter, fastify, type FastifyInstance, type Request, type Response } from "../_lib/web.js";

interface Settings { port: number; caFile?: string; templates: string }

/** A configuration loader: its name says it runs while the program starts. */
export async function loadSettings(path: string): Promise<Settings> {
  const settings = JSON.parse(readFileSync(path, "utf8")) as Settings; // ok: blocking-call-in-async
  if (settings.caFile && !existsSync(settings.caFile)) throw new Error(`missing ${settings.caFile}`); // ok: blocking-call-in-async
  return settings;
}

/** Only start() calls it, and it is not exported: start-up code too. */
async function readTemplates(dir: string): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for (const name of fs.readdirSync(dir)) pages.set(name, fs.readFileSync(`${dir}/${name}`, "utf8")); // ok: blocking-call-in-async
  return pages;
}

export async function start(configPath: string) {
  const settings = await loadSettings(configPath);
  const ca = settings.caFile ? fs.readFileSync(settings.caFile) : undefined; // ok: blocking-call-in-async
  const pages = await readTemplates(settings.templates);
  const router = createRouter();

  // Registered while starting, but runs once per request.
  router.get("/page/:name", async (req: Request, res: Response) => {
    const page = pages.get(req.params.name) ?? fs.readFileSync(`${settings.templates}/404.html`, "utf8"); // expect: blocking-call-in-async
    res.send(page);
  });
  router.get("/page/:name/v2", async (req: Request, res: Response) => {
    const page = pages.get(req.params.name) ?? await fs.promises.readFile(`${settings.templates}/404.html`, "utf8"); // ok: blocking-call-in-async
    res.send(page);
  });
  return { router, ca };
}

/** A fastify plugin: registers routes, so its own body runs while the server is built. */
export async function docsPlugin(app: FastifyInstance) {
  const openapi = readFileSync("openapi.json", "utf8"); // ok: blocking-call-in-async
  app.get("/openapi.json", async (_req, reply) => reply.send(openapi));
  app.get("/docs/:page", async (req, reply) => {
    const html = readFileSync(`docs/${req.params.page}.html`, "utf8"); // expect: blocking-call-in-async
    return reply.send(html);
  });
}

/** Lazy set-up behind a flag: the first request pays once, later ones never. */
let bannerLoaded = false;
let banner = "";
export async function withBanner(body: string) {
  if (!bannerLoaded) {
    banner = readFileSync("banner.txt", "utf8"); // ok: blocking-call-in-async
    bannerLoaded = true;
  }
  return banner + body;
}

/** Without the flag, every call reads the file. */
export async function withBannerEveryTime(body: string) {
  return readFileSync("banner.txt", "utf8") + body; // expect: blocking-call-in-async -- known-miss: an exported function nothing in the project calls shows no evidence of serving concurrent work (a command or build step looks the same); reported with uncalledExports: all
}

/** A service whose init() reads its key once; its per-call method must not. */
export class Signer {
  private key = "";
  async init() {
    this.key = fs.readFileSync("signing-key.pem", "utf8"); // ok: blocking-call-in-async
  }
  async sign(payload: string) {
    const extra = fs.readFileSync("signing-extra.txt", "utf8"); // expect: blocking-call-in-async -- known-miss: async in name only (it waits for nothing and returns no promise): a public method nothing in the project calls is evidence only when it does async work, as a synchronous sign() is none (session 28)
    return `${this.key}:${extra}:${payload}`;
  }
  async signAndSend(payload: string) {
    const extra = fs.readFileSync("signing-extra.txt", "utf8"); // expect: blocking-call-in-async
    await fs.promises.appendFile("signed.log", `${this.key}:${extra}:${payload}\n`);
  }
}

// The entry point: top level and the callbacks it runs once.
const server = fastify();
process.nextTick(async () => {
  if (fs.existsSync(".env")) console.log("using .env"); // ok: blocking-call-in-async
  await docsPlugin(server);
  await server.listen({ port: 3000 });
});

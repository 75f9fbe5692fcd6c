import { test } from "node:test";
import assert from "node:assert/strict";
import { ruleTester, type CaseBase, type InvalidCase, type ValidCase } from "./rule-tester";
import { shutdownHygiene, type MessageId } from "../../server/src/rules/shutdown-hygiene";
import { allRules } from "../../server/src/rules/registry";
import { Linter } from "../../server/src/analysis/linter";

// Every case is its own package: the tester's scratch folder sits under this repo's test/.
const ownPackage = { "package.json": `{"name":"case","type":"module"}` };
function asPackage<T extends ValidCase | InvalidCase>(c: T): T {
  const base: CaseBase = typeof c === "string" ? { code: c } : c;
  return { ...base, files: { ...ownPackage, ...base.files } } as unknown as T;
}

const db = `declare const db: { close(): Promise<void>; closeSync(): void };\n`;

// Packages declared in the case's own node_modules, with the types the rule reads (a server by its
// type's name and the package that declares it).
function typedPackage(name: string, types: string): Record<string, string> {
  return {
    [`node_modules/${name}/package.json`]: `{"name":"${name}","version":"1.0.0","types":"index.d.ts"}`,
    [`node_modules/${name}/index.d.ts`]: types,
  };
}
const expressFiles = typedPackage(
  "express",
  `import type { Server } from "node:http";\ndeclare function express(): express.Express;\ndeclare namespace express {\n  interface Response { send(body: string): this }\n  interface Express { get(path: string, handler: (req: unknown, res: Response) => void): this; listen(port: number, done?: () => void): Server }\n}\nexport = express;\n`,
);
const koaFiles = typedPackage(
  "koa",
  `import type { Server } from "node:http";\ndeclare class Application {\n  use(middleware: (ctx: { body: unknown }, next: () => Promise<void>) => unknown): this;\n  listen(port: number): Server;\n}\nexport = Application;\n`,
);
const fastifyFiles = typedPackage(
  "fastify",
  `declare function fastify(): fastify.FastifyInstance;\ndeclare namespace fastify {\n  interface FastifyInstance { get(path: string, handler: () => Promise<unknown>): this; listen(options: { port: number; host?: string }): Promise<string> }\n}\nexport = fastify;\n`,
);
const httpServer = `import http from "node:http";\nconst server = http.createServer((req, res) => res.end("ok"));\n`;
const expressApp = `import express from "express";\nconst app = express();\napp.get("/", (req, res) => res.send("ok"));\n`;

const cases: { valid: ValidCase[]; invalid: InvalidCase<MessageId>[] } = {
  valid: [
    // Synchronous clean-up in 'exit' is what it is for.
    `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => { writeFileSync("state.json", "{}"); });\n`,
    `${db}process.on("exit", () => db.closeSync());\n`,
    // Async clean-up on signals and beforeExit runs.
    `${db}process.on("beforeExit", async () => { await db.close(); });\nprocess.once("SIGTERM", async () => { await db.close(); process.exit(0); });\n`,
    // An async listener without any await does all its work before it returns.
    `import { rmSync } from "node:fs";\nprocess.on("exit", async () => { rmSync("tmp", { recursive: true, force: true }); });\n`,
    // Not Node's process: a project emitter with an 'exit' event.
    `import { EventEmitter } from "node:events";\n${db}const child = new EventEmitter();\nchild.on("exit", async () => { await db.close(); });\n`,
    `${db}export function watch(process: { on(e: string, f: () => unknown): void }) { process.on("exit", () => db.close()); }\n`,
    // A nested callback is not run by the 'exit' listener itself.
    `${db}process.on("exit", () => { const later = () => db.close(); void later; });\n`,
    // A referenced listener that is async but never awaits.
    `import { rmSync } from "node:fs";\nasync function cleanup() { rmSync("tmp", { force: true }); }\nprocess.on("exit", cleanup);\n`,
    // Untyped calls are not evidence.
    `declare const untyped: any;\nprocess.on("exit", () => { untyped.flush(); });\n`,
    // A server whose module handles SIGTERM; one in a CLI; one listening inside a function (not an entry module).
    `import http from "node:http";\nconst server = http.createServer((req, res) => res.end("ok"));\nserver.listen(3000);\nprocess.on("SIGTERM", () => server.close(() => process.exit(0)));\n`,
    { code: `import http from "node:http";\nhttp.createServer((req, res) => res.end("ok")).listen(3000);\n`, filename: "bin/serve.ts" },
    `import http from "node:http";\nexport function start() { http.createServer((req, res) => res.end("ok")).listen(3000); }\n`,
    `#!/usr/bin/env node\nimport http from "node:http";\nhttp.createServer((req, res) => res.end("ok")).listen(3000);\n`,
    // Shutdown handled in another file of the project (a module the entry imports).
    {
      code: `import http from "node:http";\nimport "./shutdown.js";\nhttp.createServer((req, res) => res.end("ok")).listen(3000);\n`,
      files: { "shutdown.ts": `process.on("SIGTERM", () => process.exit(0));\nexport {};\n` },
    },
    // A listen that is not a server's.
    `declare const queue: { listen(port: number): void };\nqueue.listen(3000);\n`,
    // Exit in close's callback, or after awaiting a close that returns a promise.
    `import http from "node:http";\nconst server = http.createServer();\nserver.listen(3000);\nprocess.on("SIGTERM", () => {\n  server.close(() => process.exit(0));\n});\n`,
    // Work the process's end does anyway: a worker thread terminated, a server of the process closed.
    `import { Worker } from "node:worker_threads";\nconst worker = new Worker("./work.js");\nprocess.on("exit", () => {\n  worker.terminate();\n});\n`,
    `import { Worker } from "node:worker_threads";\nconst worker = new Worker("./work.js");\nprocess.on("exit", async () => {\n  await worker.terminate();\n  console.log("worker stopped");\n});\n`,
    `import http from "node:http";
class Metrics {
  server?: http.Server;
  interval?: NodeJS.Timeout;
  async stop(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    if (this.server) {
      return new Promise<void>(resolve => {
        this.server!.close(() => {
          console.log("metrics server stopped");
          resolve();
        });
      });
    }
  }
}
const metrics = new Metrics();
declare const logger: { info(m: string): void; error(m: string, e: Error): void };
async function shutdown() {
  logger.info("shutting down");
  try {
    await metrics.stop();
    logger.info("stopped");
  } catch (error) {
    logger.error("stop failed", error instanceof Error ? error : new Error(String(error)));
  }
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("exit", shutdown);
`,
    // Session 31: a cleanup async in name only, whose one piece of work is clearing its own timer
    // (and logging): nothing is left for the end of the process to cut off.
    `declare const logger: { debug(m: string): void };
class Monitor {
  private interval?: NodeJS.Timeout;
  start() {
    this.interval = setInterval(() => {}, 1000);
    process.on("exit", () => this.cleanup());
  }
  async cleanup(): Promise<void> {
    this.stop();
  }
  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
    logger.debug("monitor stopped");
  }
}
export const monitor = new Monitor();
`,
    // A package compiled from TypeScript, in JavaScript without its framework's types: the import
    // resolves to the declaration file, and the method beside it in the .js closes what `listen` made.
    {
      code: `import { Metrics } from "./metrics.js";\nconst metrics = new Metrics();\nasync function shutdown() {\n  await metrics.stop();\n  console.log("stopped");\n  process.exit(0);\n}\nprocess.on("exit", shutdown);\n`,
      filename: "index.js",
      files: {
        "metrics.d.ts": `export declare class Metrics {\n  start(app: unknown): void;\n  stop(): Promise<void>;\n}\n`,
        "metrics.js": `export class Metrics {\n  start(app) {\n    this.httpServer = app.listen(3001);\n  }\n  async stop() {\n    if (this.httpServer) {\n      return new Promise(resolve => {\n        this.httpServer.close(() => resolve());\n      });\n    }\n  }\n}\n`,
      },
    },
    // A known shutdown helper takes care of the signals (the same server without it is reported, below).
    {
      code: `${httpServer}import { createHttpTerminator } from "http-terminator";\nserver.listen(3000);\nexport const terminator = createHttpTerminator({ server });\n`,
      files: typedPackage(
        "http-terminator",
        `import type { Server } from "node:http";\nexport declare function createHttpTerminator(o: { server: Server }): { terminate(): Promise<void> };\n`,
      ),
    },
    {
      code: `${httpServer}import stoppable from "stoppable";\nstoppable(server, 10_000);\nserver.listen(3000);\n`,
      files: typedPackage(
        "stoppable",
        `import type { Server } from "node:http";\ndeclare function stoppable<T extends Server>(server: T, grace?: number): T & { stop(done?: () => void): void };\nexport = stoppable;\n`,
      ),
    },
    {
      code: `${httpServer}import closeWithGrace from "close-with-grace";\nserver.listen(3000);\ncloseWithGrace({ delay: 10_000 }, async () => {\n  await new Promise<void>(resolve => server.close(() => resolve()));\n});\n`,
      files: typedPackage(
        "close-with-grace",
        `declare function closeWithGrace(options: { delay?: number }, fn: (o: { signal?: string; err?: Error }) => Promise<void>): void;\nexport = closeWithGrace;\n`,
      ),
    },
    // Dev servers: stopped by a person at a terminal (by the file's name).
    // Session 31: a server on a port the system picks (a forked helper that tells its parent the port).
    `import net from "node:net";\nconst server = net.createServer(socket => socket.end());\nserver.listen(0, "127.0.0.1", () => {\n  const address = server.address();\n  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });\n});\n`,
    { code: `import fastify from "fastify";\nconst app = fastify();\nawait app.listen({ port: 0, host: "127.0.0.1" });\n`, files: fastifyFiles },
    { code: `${httpServer}server.listen(3000);\n`, filename: "dev-server.ts" },
    { code: `${expressApp}app.listen(5173);\n`, filename: "src/dev.ts", files: expressFiles },
    // The option switches part (b) off.
    { code: `import http from "node:http";\nhttp.createServer((req, res) => res.end("ok")).listen(3000);\n`, options: { checkServers: false } },
  ],
  invalid: [
    {
      name: "an await in an 'exit' listener: what follows never runs",
      code: `${db}process.on("exit", async () => {\n  await db.close();\n  console.log("closed");\n});\n`,
      errors: [{ line: 3, column: 3, messageId: "awaitInExit", message: "Code after this `await` never runs" }],
    },
    {
      name: "a promise started in an 'exit' listener, a chain reported once",
      code: `${db}process.once("exit", () => {\n  db.close().then(() => console.log("closed"));\n});\n`,
      errors: [{ line: 3, column: 3, messageId: "promiseInExit", message: "db.close().then() starts async work" }],
    },
    {
      name: "fs/promises and timers in an 'exit' listener",
      code: `import { rm } from "node:fs/promises";\nprocess.on("exit", () => {\n  void rm("tmp", { recursive: true });\n  setTimeout(() => console.log("late"), 0);\n  process.nextTick(() => console.log("later"));\n});\n`,
      errors: [
        { line: 3, column: 8, messageId: "promiseInExit", message: "rm() starts async work" },
        { line: 4, column: 3, messageId: "timerInExit", message: "setTimeout() in a process 'exit' listener" },
        { line: 5, column: 3, messageId: "timerInExit", message: "process.nextTick()" },
      ],
    },
    {
      name: "work before the first await is reported on its own, work after it is covered by the await",
      code: `${db}process.addListener("exit", async () => {\n  db.close();\n  await db.close();\n  db.close();\n});\n`,
      errors: [
        { line: 3, column: 3, messageId: "promiseInExit" },
        { line: 4, column: 3, messageId: "awaitInExit" },
      ],
    },
    {
      name: "an async function declared in the file, registered by name",
      code: `${db}async function shutdown() {\n  await db.close();\n}\nprocess.on("exit", shutdown);\n`,
      errors: [{ line: 5, column: 20, messageId: "asyncListener", message: "shutdown is async" }],
    },
    {
      name: "work that must happen after a release is still cut off",
      code: `import { Worker } from "node:worker_threads";\n${db}const worker = new Worker("./work.js");\nprocess.on("exit", async () => {\n  await worker.terminate();\n  await db.close();\n});\n`,
      errors: [{ line: 5, column: 3, messageId: "awaitInExit" }],
    },
    {
      name: "a terminate() that is not a worker thread's, and a stop() that also writes a file",
      code: `import http from "node:http";
import { writeFile } from "node:fs/promises";
declare const pool: { terminate(): Promise<void> };
class Metrics {
  server?: http.Server;
  async stop(): Promise<void> {
    await writeFile("metrics.json", "{}");
    this.server?.close();
  }
}
const metrics = new Metrics();
process.on("exit", () => {
  pool.terminate();
});
async function shutdown() {
  await metrics.stop();
}
process.on("exit", shutdown);
`,
      errors: [
        { line: 13, column: 3, messageId: "promiseInExit", message: "pool.terminate() starts async work" },
        { line: 18, column: 20, messageId: "asyncListener" },
      ],
    },
    {
      name: "process imported from node:process",
      code: `import process from "node:process";\n${db}process.on("exit", async () => { await db.close(); });\n`,
      errors: [{ line: 3, column: 34, messageId: "awaitInExit" }],
    },
    {
      name: "an entry module that listens with no signal handling (information)",
      code: `import http from "node:http";\nconst server = http.createServer((req, res) => res.end("ok"));\nserver.listen(Number(process.env.PORT ?? 3000));\n`,
      errors: [{ line: 3, column: 1, messageId: "noSignalHandling", severity: "info", message: "This module starts a server (server.listen())" }],
    },
    {
      name: "an Express app by its type",
      code: `${expressApp}app.listen(3000);\n`,
      files: expressFiles,
      errors: [{ line: 4, column: 1, messageId: "noSignalHandling", severity: "info", message: "(app.listen())" }],
    },
    {
      name: "a Koa app by its type",
      code: `import Koa from "koa";\nconst app = new Koa();\napp.use(ctx => {\n  ctx.body = "ok";\n});\napp.listen(3000);\n`,
      files: koaFiles,
      errors: [{ line: 6, column: 1, messageId: "noSignalHandling", severity: "info", message: "(app.listen())" }],
    },
    {
      name: "a Fastify instance by its type",
      code: `import fastify from "fastify";\nconst app = fastify();\napp.get("/", async () => "ok");\nawait app.listen({ port: 3000 });\n`,
      files: fastifyFiles,
      errors: [{ line: 4, column: 7, messageId: "noSignalHandling", severity: "info", message: "(app.listen())" }],
    },
    {
      name: "a port from the environment that defaults to 0 is not known to be ephemeral",
      code: `import net from "node:net";\nconst server = net.createServer(socket => socket.end());\nserver.listen(Number(process.env.PORT ?? 0));\n`,
      errors: [{ line: 3, column: 1, messageId: "noSignalHandling", severity: "info" }],
    },
    {
      name: "a cleanup that clears its timer and also flushes to a file, or only logs",
      code: `import { appendFile } from "node:fs/promises";
class Monitor {
  private interval?: NodeJS.Timeout;
  private samples: string[] = [];
  start() {
    this.interval = setInterval(() => this.samples.push(String(Date.now())), 1000);
    process.on("exit", () => this.cleanup());
    process.on("exit", () => this.report());
  }
  async cleanup(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    appendFile("samples.log", this.samples.join("\\n"));
  }
  async report(): Promise<void> {
    console.log(this.samples.length);
  }
}
export const monitor = new Monitor();
`,
      errors: [
        { line: 7, column: 30, messageId: "promiseInExit", message: "this.cleanup() starts async work" },
        { line: 8, column: 30, messageId: "promiseInExit", message: "this.report() starts async work" },
      ],
    },
    {
      name: "net servers count, inside a top-level block",
      code: `import net from "node:net";\nif (process.env.START) {\n  net.createServer(socket => socket.end()).listen(4000);\n}\n`,
      errors: [{ line: 3, column: 3, messageId: "noSignalHandling", severity: "info" }],
    },
    {
      name: "a SIGTERM handler that exits before close has finished (information)",
      code: `import http from "node:http";\nconst server = http.createServer();\nserver.listen(3000);\nprocess.on("SIGTERM", () => {\n  server.close();\n  process.exit(0);\n});\n`,
      errors: [{ line: 6, column: 3, messageId: "exitBeforeClose", severity: "info", message: "`process.exit()` runs before `server.close()` has finished" }],
    },
  ],
};

ruleTester<MessageId>("shutdown-hygiene", { valid: cases.valid.map(asPackage), invalid: cases.invalid.map(asPackage) });

test("shutdown-hygiene is off by default: it runs only where the configuration turns it on", () => {
  assert.equal(shutdownHygiene.meta.enabledByDefault, false);
  const linter = new Linter();
  try {
    const rules = (linter as unknown as { config: { resolve(f: string): { rules: Map<string, { severity: string }> } } }).config.resolve("/nowhere/x.ts").rules;
    assert.equal(rules.get("shutdown-hygiene")?.severity, "off");
    for (const { meta } of allRules)
      assert.equal(rules.get(meta.id)?.severity, meta.enabledByDefault === false ? "off" : meta.defaultSeverity, `${meta.id} at its registry default`);
  } finally {
    linter.close();
  }
});

import { ruleTester, type CaseBase, type InvalidCase, type ValidCase } from "./rule-tester";
import type { MessageId } from "../../server/src/rules/unbounded-concurrency";

// Every case is its own package (a package.json beside it): the rule treats files under a
// package's test/ folder as tests, and the tester's scratch folder sits under this repo's test/.
const ownPackage = { "package.json": `{"name":"case","type":"module"}` };
// Most cases are about a fan-out's shape and take their collection from a parameter (a list the
// caller passes in) or a read-named call, which are reported only with `weakSources` and
// `collections: "not-provably-small"`: they run with both. The cases about evidence strength
// ("default options: ...") run with the defaults again.
function asPackage<T extends ValidCase | InvalidCase>(c: T): T {
  const base: CaseBase = typeof c === "string" ? { code: c } : c;
  return {
    ...base,
    files: { ...ownPackage, ...base.files },
    options: { weakSources: true, collections: "not-provably-small", ...base.options },
  } as unknown as T;
}
const defaults = { weakSources: false, collections: "evidently-large" };
/** The defaults but for `collections`: rows a service or a read-named call returns are evidence too. */
const notProvablySmall = { weakSources: false, collections: "not-provably-small" };
const pgPackage = {
  "node_modules/pg/package.json": `{"name":"pg","types":"index.d.ts"}`,
  "node_modules/pg/index.d.ts": `export declare class Pool { query(sql: string): Promise<{ rows: Array<{ email: string }> }>; }\n`,
};

const noDeps = { "package.json": `{"name":"case","type":"module"}` };
const withPLimit = { "package.json": `{"name":"case","type":"module","dependencies":{"p-limit":"^7.0.0"}}` };
const helperText = `/** Like Promise.all(items.map(fn)), with at most \`limit\` calls of fn running at once; results keep the input order. */\nasync function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => R): Promise<Awaited<R>[]> {\n  const results = new Array<Awaited<R>>(items.length);\n  let next = 0;\n  const work = async (): Promise<void> => {\n    while (next < items.length) {\n      const index = next++;\n      results[index] = await fn(items[index]!, index);\n    }\n  };\n  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));\n  return results;\n}\n`;
/** The expected output of the bounded-map fix: `from` replaced by `to`, and the helper added at the end. */
const boundedFix = (code: string, from: string, to: string) => `${code.replace(from, to)}\n${helperText}`;
/** The same helper as the fix writes it in JavaScript. */
const jsHelperText = helperText
  .replace("<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => R): Promise<Awaited<R>[]>", "(items, limit, fn)")
  .replace("new Array<Awaited<R>>(", "new Array(")
  .replace("async (): Promise<void> =>", "async () =>")
  .replace("items[index]!", "items[index]");
const jsBoundedFix = (code: string, from: string, to: string) => `${code.replace(from, to)}\n${jsHelperText}`;
/** tsc's output for `import fetch from "node-fetch"` (the require wrapped in `helper`), fetching each URL of a listing. */
const compiledDefaultFanOut = (helper: string) =>
  `"use strict";\nvar ${helper} = (this && this.${helper}) || function (mod) {\n    return (mod && mod.__esModule) ? mod : { "default": mod };\n};\nconst glob_1 = require("glob");\nconst node_fetch_1 = ${helper}(require("node-fetch"));\nasync function detect(dir) { return (0, glob_1.glob)("**/*.url", { cwd: dir }); }\nasync function fetchAll(dir) {\n  const files = await detect(dir);\n  await Promise.all(files.map(async (f) => (0, node_fetch_1.default)(f)));\n}\nmodule.exports = { fetchAll };\n`;
/** tsc's output for a default or namespace import of a file-system module (`required`), calling `work` on each file of a listing. */
const compiledObjectFanOut = (required: string, work: string) =>
  `"use strict";\nvar __importDefault = (this && this.__importDefault) || function (mod) {\n    return (mod && mod.__esModule) ? mod : { "default": mod };\n};\nconst glob_1 = require("glob");\nconst fs_1 = ${required};\nasync function detect(dir) { return (0, glob_1.glob)("**/package.json", { cwd: dir }); }\nasync function readAll(dir) {\n  const files = await detect(dir);\n  return Promise.all(files.map(async (f) => ${work}));\n}\nmodule.exports = { readAll };\n`;
/** An invalid case of `compiledObjectFanOut`: the Promise.all reported with `message`, and its bounded-map fix. */
const objectFanOutCase = (name: string, required: string, work: string, message: string): InvalidCase<MessageId> => ({
  name,
  filename: "case.cjs",
  files: noDeps,
  options: defaults,
  code: compiledObjectFanOut(required, work),
  errors: [{ messageId: "map", line: 10, column: 10, message }],
  output: jsBoundedFix(
    compiledObjectFanOut(required, work),
    `Promise.all(files.map(async (f) => ${work}))`,
    `mapWithConcurrency(files, 8, async (f) => ${work})`,
  ),
});
/** Compiled CommonJS (tsc's output) that fans out `work` over a directory tree's listing. */
const compiledFanOut = (work: string) =>
  `"use strict";\nconst glob_1 = require("glob");\nconst promises_1 = require("node:fs/promises");\nconst util_1 = require("./util.cjs");\nfunction note() {}\nasync function detect(dir) { return (0, glob_1.glob)("**/package.json", { cwd: dir }); }\nasync function readAll(dir) {\n  const files = await detect(dir);\n  return Promise.all(files.map((f) => ${work}));\n}\nmodule.exports = { readAll };\n`;
const db = `declare const db: { insert(row: unknown): Promise<void>; query(sql: string): Promise<unknown[]> };\n`;

const cases: { valid: ValidCase[]; invalid: InvalidCase<MessageId>[] } = {
  valid: [
    // A `for await` over an emitter's named events is `on(name, handler)` as an iterator: each
    // message, connection or RPC request is one peer's, handled as it arrives (per-request work).
    `import { on, type EventEmitter } from "node:events";\nimport { readFile } from "node:fs/promises";\nexport async function serve(worker: EventEmitter) {\n  for await (const [path] of on(worker, "message")) readFile(String(path), "utf8").catch(() => {});\n}\n`,
    `${db}declare const server: { listener(event: "connection"): AsyncIterable<{ socket: { procedure(name: string): AsyncIterable<{ data: string; end(v: unknown): void }> } }> };\nexport async function serve() {\n  for await (const { socket } of server.listener("connection")) {\n    void (async () => {\n      for await (const request of socket.procedure("getReport")) db.query(request.data).then(rows => request.end(rows)).catch(() => {});\n    })();\n  }\n}\n`,
    // A `for await` over a connection's status events that reacts to one kind with work that uses
    // none of the event's data: events arrive one at a time over the connection's life, no fan-out.
    `declare const connection: { status(): AsyncIterable<{ type: "disconnect" | "reconnect" | "update"; data: string }> };\ndeclare function resetPending(): Promise<boolean>;\nexport async function watch() {\n  for await (const s of connection.status()) {\n    switch (s.type) {\n      case "reconnect":\n        resetPending().catch(() => {});\n        break;\n    }\n    if (s.type === "disconnect") resetPending().catch(() => {});\n  }\n}\n`,
    // A handler's parameter that shadows a module-level name is not that value: `args` here is
    // what the bus passes, not the module's `process.argv` list (no evidence with the defaults).
    {
      code: `import { readFile } from "node:fs/promises";\nconst args = process.argv.slice(2);\ndeclare const bus: { handle(name: string, fn: (args: { paths: string[] }) => Promise<unknown>): void };\nbus.handle("read", async (args) => Promise.all(args.paths.map(p => readFile(p, "utf8"))));\nfor (const args of [["a"]]) void args;\nexport { args };\n`,
      options: defaults,
    },
    // Session 13: the body of a request the program sends (`opts.body`, `init.body`) is made of its own
    // values, one request's parts: no evidence with the defaults.
    {
      code: `${db}async function addFields(body: Record<string, unknown>) {\n  await Promise.all(Object.entries(body).map(([k, v]) => db.insert({ k, v })));\n}\nexport async function send(opts: { body: Record<string, unknown> }, init: { body: unknown[] }) {\n  await addFields(opts.body);\n  await Promise.all(init.body.map(v => db.insert(v)));\n}\n`,
      options: defaults,
    },
    // Session 22: the body of a response the program received (`response.body`) is what a service
    // answered, not a received request's body: no evidence with the defaults.
    {
      code: `declare function get(url: string): Promise<{ body: { url: string }[] }>;\nexport async function nested(url: string) {\n  const response = await get(url);\n  return Promise.all(response.body.map(e => get(e.url)));\n}\n`,
      options: defaults,
    },
    // Session 22: a project function that first reserves a slot of a counted budget (a semaphore by
    // another name) takes the items as many at a time as the budget holds.
    {
      code: `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nclass Semaphore {\n  constructor(private n: number) {}\n  async reserve(): Promise<() => void> { this.n--; return () => { this.n++; }; }\n}\nconst fileBudget = new Semaphore(200);\nasync function read(p: string) {\n  const release = await fileBudget.reserve();\n  try { return await readFile(p, "utf8"); } finally { release(); }\n}\nexport async function readAll(dir: string) {\n  const files = await glob(dir + "/**/*");\n  return Promise.all(files.map(f => read(f)));\n}\n`,
      options: defaults,
    },
    // Session 22: a glob whose pattern matches in one folder (wildcards in its last segment only) lists
    // that folder's entries, like a flat readdir: no evidence with the defaults.
    {
      code: `import { rm } from "node:fs/promises";\nimport * as path from "node:path";\ndeclare function glob(p: string): Promise<string[]>;\nexport async function clearAll(cache: string) {\n  const paths = await glob(path.join(cache, "*(content-*|index-*)"));\n  await Promise.all(paths.map(p => rm(p, { recursive: true, force: true })));\n  const configs = await glob(\`\${cache}/*.json\`);\n  await Promise.all(configs.map(p => rm(p)));\n}\n`,
      options: defaults,
    },
    // Session 32: a glob's pattern held by a name is read through it: a constant, a helper's parameter
    // at the call the trace came through, and what every caller in the project passes. All of them
    // one-folder patterns (a build's output chunks): no evidence with the defaults.
    {
      files: {
        ...noDeps,
        "react.ts": `import { processCss } from "./case.js";\nconst cssGlobs = ["static/css/*.css"];\nexport async function adapt() { await processCss(cssGlobs); }\n`,
        "angular.ts": `import { processCss } from "./case.js";\nexport async function adapt(name: string) { await processCss([\`\${name}/styles.css\`]); }\n`,
      },
      code: `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string[]): Promise<string[]>;\nasync function findFiles(globs: string[]) { return glob(globs); }\nexport async function processCss(cssGlobs: string[]) {\n  const files = await findFiles(cssGlobs);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
      options: defaults,
    },
    {
      code: `import { rm } from "node:fs/promises";\nimport * as path from "node:path";\ndeclare function glob(p: string): Promise<string[]>;\nconst templates = "templates/*.json";\nexport async function clearTemplates(root: string) {\n  const pattern = path.join(root, "cache", "*.tmp");\n  await Promise.all((await glob(pattern)).map(p => rm(p)));\n  await Promise.all((await glob(templates)).map(p => rm(p)));\n}\n`,
      options: defaults,
    },
    // Session 22: a listing filtered to the items the object's own state holds is no wider than that
    // state, which is not evidence.
    {
      code: `import { rm } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nexport class Recorder {\n  private started = new Set<string>();\n  async cleanup(dir: string) {\n    const files = await glob(dir + "/**/*.mp4");\n    await Promise.all(files.filter(f => this.started.has(f)).map(f => rm(f)));\n  }\n}\n`,
      options: defaults,
    },
    // Fixed width: array literals, tuples, constants.
    `export async function both(a: string, b: string) { return Promise.all([a, b].map(u => fetch(u))); }\n`,
    `export async function pair(urls: [string, string]) { return Promise.all(urls.map(u => fetch(u))); }\n`,
    `const REGIONS = ["eu", "us", "ap"];\nexport async function ping() { return Promise.all(REGIONS.map(r => fetch(\`https://\${r}.example.com\`))); }\n`,
    `export async function w() { return Promise.all(Array.from({ length: 4 }, async (_, i) => i)); }\n`,
    // Sequential: await per item.
    `${db}export async function save(rows: unknown[]) {\n  for (const row of rows) await db.insert(row);\n}\n`,
    // Chunks: a fixed-size slice per round.
    `${db}export async function save(rows: unknown[]) {\n  for (let i = 0; i < rows.length; i += 50) {\n    await Promise.all(rows.slice(i, i + 50).map(r => db.insert(r)));\n  }\n}\n`,
    `${db}declare function chunk<T>(xs: T[], n: number): T[][];\nexport async function save(rows: unknown[]) {\n  for (const batch of chunk(rows, 25)) await Promise.all(batch.map(r => db.insert(r)));\n}\n`,
    // Through a limiter: p-limit, a configured name, a semaphore.
    {
      code: `import pLimit from "p-limit";\nconst limit = pLimit(4);\nexport async function get(urls: string[]) { return Promise.all(urls.map(u => limit(() => fetch(u)))); }\n`,
      files: withPLimit,
    },
    {
      code: `declare const gate: <T>(f: () => Promise<T>) => Promise<T>;\nexport async function get(urls: string[]) { return Promise.all(urls.map(u => gate(() => fetch(u)))); }\n`,
      options: { limiters: ["gate"] },
    },
    `declare const sem: { acquire(): Promise<() => void> };\nexport async function get(urls: string[]) {\n  return Promise.all(urls.map(async u => {\n    const release = await sem.acquire();\n    try { return await fetch(u); } finally { release(); }\n  }));\n}\n`,
    // Closing what is already open; calling registered hooks.
    `import type { Server } from "node:http";\nexport async function stop(servers: Server[]) { await Promise.all(servers.map(s => new Promise(r => s.close(r)))); }\n`,
    `export async function emit(listeners: Array<(e: string) => Promise<void>>, e: string) { await Promise.all(listeners.map(l => l(e))); }\n`,
    // Not async work.
    `export function sizes(xs: string[]) { return Promise.all(xs.map(x => x.length)); }\n`,
    // A worker pool sized by the code.
    `import { Worker } from "node:worker_threads";\nimport os from "node:os";\nexport const pool: Worker[] = [];\nfor (let i = 0; i < os.cpus().length; i++) pool.push(new Worker("./task.js"));\n`,
    // One process per item, each awaited.
    `import { spawn } from "node:child_process";\nimport { once } from "node:events";\nexport async function convert(files: string[]) {\n  for (const f of files) {\n    const child = spawn("convert", [f, f + ".png"]);\n    await once(child, "exit");\n  }\n}\n`,
    // Promises pushed and drained in fixed batches.
    `${db}export async function save(rows: unknown[]) {\n  let pending: Promise<void>[] = [];\n  for (const row of rows) {\n    pending.push(db.insert(row));\n    if (pending.length >= 20) { await Promise.all(pending); pending = []; }\n  }\n  await Promise.all(pending);\n}\n`,
    // p-map with a concurrency.
    { code: `import pMap from "p-map";\nexport async function get(urls: string[]) { return pMap(urls, u => fetch(u), { concurrency: 4 }); }\n`, files: noDeps },
    // Configuration-sized and constant collections.
    `declare const transports: Array<{ ping(): Promise<number> }>;\nexport async function rank() { return Promise.all(transports.map(t => t.ping())); }\n`,
    `declare const config: { services: string[] };\nexport async function warm() { return Promise.all(config.services.map(s => fetch(s, { signal: AbortSignal.timeout(1000) }))); }\n`,
    {
      code: `import { AUTH_PROVIDERS } from "./providers.js";\nexport async function check() { return Promise.all(Object.values(AUTH_PROVIDERS).map(p => fetch(p, { signal: AbortSignal.timeout(1000) }))); }\n`,
      files: { "providers.ts": `export const AUTH_PROVIDERS = { github: "https://github.com/login", google: "https://accounts.google.com" };\n` },
    },
    // Data fetched a page at a time.
    `${db}declare function search(q: { text: string; limit: number }): Promise<{ results: string[] }>;\nexport async function hits(text: string) {\n  const { results } = await search({ text, limit: 20 });\n  return Promise.all(results.map(id => db.query(id)));\n}\n`,
    // A worker pool sized by the code.
    `export async function drain(queue: string[], concurrency: number) {\n  await Promise.all([...new Array(concurrency).keys()].map(async () => {\n    while (queue.length) await fetch(queue.pop()!, { signal: AbortSignal.timeout(1000) });\n  }));\n}\n`,
    `export async function drain(items: string[]) {\n  await Promise.all(Array.from({ length: Math.min(4, items.length) }, async () => {\n    for (let it = items.pop(); it; it = items.pop()) await fetch(it, { signal: AbortSignal.timeout(1000) });\n  }));\n}\n`,
    // An in-memory tree transform, and CPU-only work.
    `type Tree = { id: string; children: Tree[] };\nconst prune = async (nodes: Tree[], id: string): Promise<Tree[]> => {\n  const out = await Promise.all(nodes.map(async n => ({ ...n, children: await prune(n.children, id) })));\n  return out.filter(n => n.id !== id);\n};\nexport { prune };\n`,
    `declare function sign(k: string): Promise<string>;\nexport async function signAll(keys: string[]) { return Promise.all(keys.map(k => sign(k))); }\n`,
    // One folder's entries, not a tree: as many as that folder holds (a template, a cache), often a handful.
    `import { readdir, rm } from "node:fs/promises";\nimport { join } from "node:path";\nexport async function clean(dir: string) {\n  const entries = await readdir(dir).catch(() => [] as string[]);\n  await Promise.all(entries.map(e => rm(join(dir, e), { recursive: true, force: true })));\n}\n`,
    // An async callback that starts nothing.
    `export async function rows(ids: string[]) { return Promise.all(ids.map(async id => ({ id }))); }\n`,
    // Built-ins that return their argument (a thenable) start nothing.
    `export function disarm(p: Promise<void>, keys: string[]) { keys.forEach(k => { Object.defineProperty(p, k, { value: 1 }); }); }\n`,
    // Browser code: browsers bound connections per host.
    `export async function upload(files: File[]) {\n  const url = URL.createObjectURL(files[0]!);\n  return Promise.all(files.map(f => fetch(url, { method: "POST", body: f, signal: AbortSignal.timeout(1000) })));\n}\n`,
    // A file that holds a limiter and routes its methods through it.
    {
      code: `import { RateLimit } from "async-sema";\nexport class Client {\n  private limiter = RateLimit(3);\n  async get(id: string) { await this.limiter(); return fetch(id, { signal: AbortSignal.timeout(1000) }); }\n  async all(ids: string[]) { return Promise.all(ids.map(id => this.get(id))); }\n}\n`,
      files: {
        "node_modules/async-sema/package.json": `{"name":"async-sema","types":"index.d.ts"}`,
        "node_modules/async-sema/index.d.ts": `export declare function RateLimit(n: number): () => Promise<void>;\n`,
      },
    },
    // Test folders inside the package, and test doubles.
    {
      code: `export async function get(urls: string[]) { return Promise.all(urls.map(u => fetch(u))); }\n`,
      filename: "test/helpers.ts",
      files: { "test/placeholder.ts": "export {};\n" },
    },
    { code: `export async function get(urls: string[]) { return Promise.all(urls.map(u => fetch(u))); }\n`, filename: "fake-store.ts" },
    // Per-item work that reaches no I/O: the project's own functions that only compute, across files.
    {
      code: `import { score } from "./score.js";\nexport async function rank(ids: string[]) { return Promise.all(ids.map(id => score(id))); }\n`,
      files: {
        "score.ts": `import { weigh } from "./weigh.js";\nexport async function score(id: string) { return weigh(id.length); }\n`,
        "weigh.ts": `export async function weigh(n: number) { return n * 2; }\n`,
      },
    },
    `const cache = new Map<string, Promise<string>>();\nasync function lookup(id: string) { return cache.get(id) ?? id; }\nexport async function names(ids: string[]) { return Promise.all(ids.map(id => lookup(id))); }\n`,
    // Waiting on promises that already exist starts nothing.
    `export async function settle(pending: Map<string, { promise: Promise<void> }>) { await Promise.all(Array.from(pending.values(), p => p.promise.catch(() => {}))); }\n`,
    // Width set by configuration: a collection read from a value of a configuration type, the entries of an options object.
    `interface UpgradeConfig { labels: string[] }\ndeclare function addLabel(l: string): Promise<void>;\nexport async function label(upgrade: UpgradeConfig) { await Promise.all(upgrade.labels.map(l => addLabel(l))); }\n`,
    `interface ServeOptions { root: string; cacheDir: string; outDir: string }\nimport { mkdir } from "node:fs/promises";\nexport async function prepare(opts: ServeOptions) { await Promise.all(Object.values(opts).map(d => mkdir(d, { recursive: true }))); }\n`,
    // A wrapper that waits with Promise.all over promises made elsewhere is still bounded by its input.
    `const promiseAll = <T>(ps: Promise<T>[]) => Promise.all(ps);\nexport async function both(a: string, b: string) { return promiseAll([a, b].map(u => fetch(u))); }\n`,
    // A helper that calls the function its caller passes in: the caller's fan-out is where a finding belongs.
    `export async function invokeAll<T>(targets: T[], hook: (t: T) => Promise<void>) { await Promise.all(targets.map(t => hook(t))); }\n`,
    // keys() of a helper library over a configuration-sized object, mapped into a variable first.
    `declare function keys(o: object): string[];\nexport async function offsets(partitionsPerBroker: Record<string, number[]>) {\n  const requests = keys(partitionsPerBroker).map(async id => fetch(id, { signal: AbortSignal.timeout(1000) }));\n  return Promise.all(requests);\n}\n`,
    // Code serialized into a page script runs in the browser.
    `function inPage(urls: string[]) { return Promise.all(urls.map(u => fetch(u))); }\nexport const script = \`(\${inPage.toString()})([])\`;\n`,
    // Synchronous file calls run one at a time: nothing is held open together.
    `import { mkdirSync } from "node:fs";\nasync function ensure(dir: string) { mkdirSync(dir, { recursive: true }); return dir; }\nexport async function ensureAll(dirs: string[]) { return Promise.all(dirs.map(d => ensure(d))); }\n`,
    // Work that only reaches I/O when an item fails (error reporting in a catch clause).
    `declare function report(e: unknown): Promise<void>;\nexport async function run(fns: Array<() => number>) {\n  return Promise.all(fns.map(async f => { try { return f(); } catch (e) { await report(e); return 0; } }));\n}\n`,
    // A list the class writes in the code (a getter that returns fixed lists).
    `import { readFile } from "node:fs/promises";\nexport class Lock {\n  constructor(private dir: string, private hidden: boolean) {}\n  get #files() { return this.hidden ? [] : [this.dir + "/a.lock", this.dir + "/b.lock"]; }\n  get #names() { if (this.hidden) return [this.dir + "/h.lock"]; return [this.dir + "/a.lock", this.dir + "/b.lock"]; }\n  load() { return Promise.all(this.#names.map(f => readFile(f, "utf8"))); }\n}\n`,
    // A private method that only builds objects in memory.
    `export class Builder {\n  async #proxy(name: string) { return { name, children: [] as string[] }; }\n  async build(names: string[]) { return Promise.all(names.map(n => this.#proxy(n))); }\n}\n`,
    // Hosts of a cluster: as many as its topology.
    `declare function prepare(host: string): Promise<void>;\nexport async function prepareOnAll(hosts: string[]) { return Promise.all(hosts.map(h => prepare(h))); }\n`,
    // A per-key memoized lookup: I/O once per key, then answers from memory.
    `import { readFile } from "node:fs/promises";\nconst cache = new Map<string, Promise<string>>();\nasync function load(name: string) {\n  if (cache.has(name)) return cache.get(name)!;\n  const p = readFile(name, "utf8");\n  cache.set(name, p);\n  return p;\n}\nexport async function loadAll(names: string[]) { return Promise.all(names.map(n => load(n))); }\n`,
    // An accessor of what the item holds.
    `declare class Element { getId(): Promise<string> }\nexport async function ids(elements: Element[]) { return Promise.all(elements.map(el => el.getId())); }\n`,
    // No evidence that the collection is input: object state, rest parameters, options.
    `export class Pool {\n  private conns: string[] = [];\n  add(c: string) { this.conns.push(c); }\n  async pingAll() { await Promise.all(this.conns.map(c => fetch(c, { signal: AbortSignal.timeout(1000) }))); }\n}\n`,
    `export async function grant(origin: string, ...perms: string[]) { await Promise.all(perms.map(p => fetch(origin + p, { signal: AbortSignal.timeout(1000) }))); }\n`,
    `import { readFile } from "node:fs/promises";\nexport async function load(options: { include: string[] }) { return Promise.all(options.include.map(i => readFile(i, "utf8"))); }\n`,
    `import { readFile } from "node:fs/promises";\nexport async function load(opts2: { include: string[] }) { return Promise.all(opts2.include.map(i => readFile(i, "utf8"))); }\n`,
    // A private method's list is what its callers in the file pass: here a fixed pair.
    `export class Server {\n  private async bindAll(addresses: string[]) { await Promise.all(addresses.map(a => fetch(a, { signal: AbortSignal.timeout(1000) }))); }\n  async start() { await this.bindAll(["http://a", "http://b"]); }\n}\n`,
    // A class the module keeps to itself: its method's list is what the module passes.
    `class Resolver {\n  async resolveAll(urls: string[]) { await Promise.all(urls.map(u => fetch(u, { signal: AbortSignal.timeout(1000) }))); }\n}\nexport async function resolveDefaults() { await new Resolver().resolveAll(["http://a", "http://b"]); }\n`,
    // Work that reaches no capacity-limited resource: registered hooks, directly or through a project function.
    `declare function runHooks(name: string, row: unknown): Promise<void>;\nexport async function beforeSave(rows: unknown[]) { await Promise.all(rows.map(r => runHooks("beforeSave", r))); }\n`,
    `declare const hooks: { execPre(name: string, doc: unknown): Promise<void> };\nasync function preSave(doc: unknown) { await hooks.execPre("save", doc); }\nexport async function validateAll(docs: unknown[]) { await Promise.all(docs.map(d => preSave(d))); }\n`,
    // A destructuring pattern nested 10,000 deep (generated code; the fuzz harness's deep-nesting-extreme):
    // the rule's walks over it must not recurse on its depth (a stack overflow was a silent empty result).
    `declare const tree: any;\nexport const { ${"a: { ".repeat(10_000)}leaf${" }".repeat(10_000)} } = tree;\nexport async function sizes(paths: string[]) { return Promise.all(paths.map(async p => p.length)); }\n`,
    // Test files are skipped by default.
    { code: `export async function get(urls: string[]) { return Promise.all(urls.map(u => fetch(u))); }\n`, filename: "load.spec.ts" },
    // Untyped code: an unknown call returned by a synchronous predicate (`some`, `filter`) inside the
    // work is a test, not a promise the item waits on.
    {
      code: `export async function describe(db) {\n  const rows = await db.query("select columns");\n  const indices = await db.query("select indices");\n  return Promise.all(rows.map(async row => {\n    const unique = indices.filter(i => i.column === row.name);\n    return { name: row.name, unique: row.flags.filter(f => unique.some(u => u.flag === f)) };\n  }));\n}\n`,
      filename: "case.js",
      files: noDeps,
    },
    // One element an array's own `find(predicate)` returns is not rows fetched at run time.
    `import { unlink } from "node:fs/promises";\nexport class Store {\n  tables: { name: string; files: string[] }[] = [];\n  async drop(name: string) {\n    const table = this.tables.find(t => t.name === name);\n    if (!table) return;\n    await Promise.all(table.files.map(f => unlink(f)));\n  }\n}\n`,
    // Work whose first wait is a lock the callee takes: one item at a time.
    `declare class QueryLock { acquire(): Promise<() => void> }\ndeclare const conn: { run(sql: string): Promise<unknown[]> };\nexport class Runner {\n  private lock = new QueryLock();\n  async query(sql: string) {\n    const release = await this.lock.acquire();\n    try { return await conn.run(sql); } finally { release(); }\n  }\n  async dropAll() {\n    const tables = await this.query("select name from tables") as string[];\n    await Promise.all(tables.map(t => this.query(\`drop table \${t}\`)));\n  }\n}\n`,
    // Dispatch to registered subscribers (`broadcast`), like `emit`: no resource of its own.
    `declare const broadcaster: { broadcast(event: string, row: unknown): Promise<void> };\nexport class Sync {\n  async notify(row: unknown) { await broadcaster.broadcast("Loaded", row); }\n  async loadAll(rows: unknown[]) { await Promise.all(rows.map(r => this.notify(r))); }\n}\n`,
    // A public function whose callers in the project all pass what the program set up (a
    // configuration getter's list): not input, though any module could call it.
    {
      code: `import { stat } from "node:fs/promises";\nexport async function statAll(matchers: string[]) {\n  return Promise.all(matchers.map(m => stat(m)));\n}\n`,
      files: {
        ...noDeps,
        "build.ts": `import { statAll } from "./case.js";\nimport { configuredMatchers } from "./setup.js";\nexport async function build() { return statAll(configuredMatchers()); }\n`,
        "setup.ts": `export function configuredMatchers() { return ["src", "assets"]; }\n`,
      },
    },
    // The same, called the way compiled modules call an import: `(0, lib.statAll)(...)`.
    {
      code: `import { stat } from "node:fs/promises";\nexport async function statAll(matchers: string[]) {\n  return Promise.all(matchers.map(m => stat(m)));\n}\n`,
      files: {
        ...noDeps,
        "build.ts": `import * as lib from "./case.js";\nimport { configuredMatchers } from "./setup.js";\nexport async function build() { return (0, lib.statAll)(configuredMatchers()); }\n`,
        "setup.ts": `export function configuredMatchers() { return ["src", "assets"]; }\n`,
      },
    },
    // A field of an object the caller passes is what that object was set up with, not a list the caller made.
    `import { stat } from "node:fs/promises";\nexport async function icons(packager: { associations: string[] }) {\n  return Promise.all(packager.associations.map(a => stat(a)));\n}\n`,
    // Default options: a list the caller passes in is weak evidence (3 of 5 true on the tuning set).
    {
      code: `export async function get(urls: string[]) { return Promise.all(urls.map(u => fetch(u, { signal: AbortSignal.timeout(1000) }))); }\n`,
      options: defaults,
    },
    {
      code: `export async function ping(nodes: string[]) {\n  const pings = [];\n  for (const n of nodes) pings.push(fetch(n, { signal: AbortSignal.timeout(1000) }));\n  await Promise.all(pings);\n}\n`,
      options: defaults,
    },
    // Default options (collections "evidently-large"): what a service returns is not evidence of
    // an input-sized list. Its size is often set by the world the program runs in: one zone's name
    // servers, the sessions a device's server holds, the topics an application subscribed to.
    {
      code: `import { promises as dns } from "node:dns";\nexport async function nameServers(domain: string) {\n  const names = await dns.resolveNs(domain);\n  return Promise.all(names.map(n => dns.resolve4(n)));\n}\n`,
      options: defaults,
    },
    {
      code: `import { Redis } from "ioredis";\ndeclare const redis: Redis;\nexport async function notify() {\n  const urls = await redis.smembers("hooks");\n  await Promise.all(urls.map(u => fetch(u, { signal: AbortSignal.timeout(1000) })));\n}\n`,
      files: {
        ...noDeps,
        "node_modules/ioredis/package.json": `{"name":"ioredis","types":"index.d.ts"}`,
        "node_modules/ioredis/index.d.ts": `export declare class Redis { get(key: string): Promise<string | null>; smembers(key: string): Promise<string[]>; }\n`,
      },
      options: defaults,
    },
    // Default options: nor is what a call named for a read returns, when the summaries cannot see a
    // database behind it (a registry of processes, a client's cache, a service's list).
    {
      code: `declare const registry: { fetchAll(): Promise<Array<{ id: string }>> };\nexport async function checkAll() {\n  const all = await registry.fetchAll();\n  await Promise.all(all.map(p => fetch(\`http://\${p.id}/health\`, { signal: AbortSignal.timeout(1000) })));\n}\n`,
      options: defaults,
    },
    // Default options: an ORM's `find...` read is not evidence (below), nor a read of one record
    // (`findOne`), a search given a predicate, a free function named `find...` (`findPlugins`), or
    // a finder's rows that reach the fan-out through its callers.
    {
      code: `declare const db: { findOne(q: { id: string }): Promise<{ friends: string[] }> };\ndeclare function notify(id: string): Promise<void>;\nexport async function greet(id: string) {\n  const user = await db.findOne({ id });\n  await Promise.all(user.friends.map(f => notify(f)));\n}\n`,
      options: defaults,
    },
    {
      code: `declare const store: { find(test: (x: { id: string; active: boolean }) => boolean): Promise<Array<{ id: string }>> };\ndeclare function notify(id: string): Promise<void>;\nexport async function ping() {\n  const active = await store.find(x => x.active);\n  await Promise.all(active.map(a => notify(a.id)));\n}\n`,
      options: defaults,
    },
    {
      code: `declare function findPlugins(root: string): Promise<Array<{ load(): Promise<void> }>>;\nexport async function loadAll(root: string) {\n  const plugins = await findPlugins(root);\n  await Promise.all(plugins.map(p => p.load()));\n}\n`,
      options: defaults,
    },
    {
      code: `declare const db: { findAll(): Promise<Array<{ id: string }>> };\ndeclare function notify(id: string): Promise<void>;\nasync function notifyEach(rows: Array<{ id: string }>) {\n  await Promise.all(rows.map(r => notify(r.id)));\n}\nexport async function run() {\n  await notifyEach(await db.findAll());\n}\n`,
      options: defaults,
    },
    // Default options: the records an ORM's awaited `find` read stay behind `collections` (right 3 times
    // in 4 over the tuning set, session 36: a storage layer's update whose callers match one record by key).
    {
      code: `declare const db: { find(q: { collection: string }): Promise<{ docs: Array<{ id: string }> }> };\ndeclare function deleteDoc(id: string): Promise<void>;\nexport async function purge(collection: string) {\n  const { docs } = await db.find({ collection });\n  await Promise.all(docs.map(d => deleteDoc(d.id)));\n}\n`,
      options: defaults,
    },
    // A chat client's search of its cached messages, by a read's name but no finder: still behind `collections`.
    {
      code: `declare const puppet: { messageSearch(q: string): Promise<string[]> };\ndeclare function load(id: string): Promise<void>;\nexport async function findMessages(q: string) {\n  const ids = await puppet.messageSearch(q);\n  await Promise.all(ids.map(id => load(id)));\n}\n`,
      options: defaults,
    },
    // Default options: a helper named for one directory (`listDir`) lists one folder, not a tree.
    {
      code: `import { execFile } from "node:child_process";\nimport { promisify } from "node:util";\ndeclare function listDir(dir: string): string[];\nexport async function versions(home: string) {\n  const copies = listDir(home + "/apps");\n  return Promise.all(copies.map(c => promisify(execFile)(c, ["--version"])));\n}\n`,
      options: defaults,
    },
    // Default options: a read-named call whose result is no promise looks up what the program
    // holds in memory (a registry, a container), not rows from a database or a service.
    {
      code: `declare const registry: { findByTag(tag: string): Array<{ key: string }> };\ndeclare function send(key: string): Promise<void>;\nexport async function warmUp() {\n  const bindings = registry.findByTag("repository");\n  await Promise.all(bindings.map(b => send(b.key)));\n}\n`,
      options: defaults,
    },
    // Default options: items of a type with few possible values (a union of literals, an enum).
    {
      code: `declare const api: { listZones(): Promise<Array<"eu" | "us" | "ap">> };\ndeclare function ping(zone: string): Promise<void>;\nexport async function pingAll() {\n  const zones = await api.listZones();\n  await Promise.all(zones.map(z => ping(z)));\n}\n`,
      options: defaults,
    },
    {
      code: `enum Level { Debug, Info, Warn }\ndeclare const store: { findLevels(): Promise<Level[]> };\ndeclare function dump(level: Level): Promise<void>;\nexport async function dumpAll() {\n  const levels = await store.findLevels();\n  await Promise.all(levels.map(l => dump(l)));\n}\n`,
      options: defaults,
    },
    {
      code: `enum Level { Debug, Info, Warn }\ndeclare const store: { findLevels(): Promise<Level[]> };\ndeclare function send(level: Level): Promise<void>;\nexport async function sendAll() {\n  const levels = new Set(await store.findLevels());\n  levels.forEach(async l => {\n    await send(l);\n  });\n}\n`,
      options: defaults,
    },
    // Default options: lists of kinds the world holds few of (platforms, architectures, regions),
    // however they were read.
    {
      code: `declare const project: { findPlatforms(): Promise<string[]> };\ndeclare function check(platform: string): Promise<void>;\nexport async function doctor() {\n  const platforms = await project.findPlatforms();\n  await Promise.all(platforms.map(p => check(p)));\n}\n`,
      options: defaults,
    },
    {
      code: `import { readFile } from "node:fs/promises";\ndeclare const build: { queryTargets(): Promise<{ targetArchs: string[] }> };\nexport async function pack() {\n  const { targetArchs } = await build.queryTargets();\n  await Promise.all(targetArchs.map(a => readFile(\`dist/\${a}/app.bin\`)));\n}\n`,
      options: defaults,
    },
    // Default options: rows by a read's name reached through the callers are weak (3 of 8 true).
    {
      files: {
        ...noDeps,
        "sync.ts": `import { statAll } from "./case.js";\ndeclare const db: { findPaths(): Promise<string[]> };\nexport async function sync() {\n  const paths = await db.findPaths();\n  return statAll(paths);\n}\n`,
      },
      code: `import { stat } from "node:fs/promises";\nexport async function statAll(files: string[]) {\n  return Promise.all(files.map(f => stat(f)));\n}\n`,
      options: defaults,
    },
    // Untyped code: a method of an injected value that only one project class declares is that
    // method, and this one touches no resource.
    {
      filename: "case.js",
      files: {
        ...noDeps,
        "file-list.js": `export class FileList {\n  constructor() { this.files = new Set() }\n  async removeFile(path) { this.files.delete(path); return this.files }\n}\n`,
      },
      code: `export function createRunner(fileList) {\n  return async function run(req) {\n    await Promise.all(req.body.removed.map(async p => { await fileList.removeFile(p) }))\n  }\n}\n`,
      options: defaults,
    },
    // A page of rows (fetched with a limit), then passed through a step that takes the page itself.
    `declare const db: { find(q: { limit: number }): Promise<{ docs: string[] }> };\ndeclare function afterFind(a: { result: { docs: string[] } }): Promise<{ docs: string[] }>;\nexport async function page() {\n  let result;\n  result = await db.find({ limit: 10 });\n  result = await afterFind({ result });\n  return Promise.all(result.docs.map(d => fetch(d, { signal: AbortSignal.timeout(1000) })));\n}\n`,
    // Commands over the one connection a Redis client keeps open: nothing is opened per item.
    {
      code: `import { Redis } from "ioredis";\ndeclare const redis: Redis;\nexport async function load(keys: string[]) { return Promise.all(keys.map(async k => JSON.parse((await redis.get(k)) ?? "null"))); }\n`,
      files: {
        ...noDeps,
        "node_modules/ioredis/package.json": `{"name":"ioredis","types":"index.d.ts"}`,
        "node_modules/ioredis/index.d.ts": `export declare class Redis { get(key: string): Promise<string | null>; smembers(key: string): Promise<string[]>; }\n`,
      },
    },
    // Per-item work that ends in a backend's computing call (an in-process decryption), through a project function.
    `declare const backend: { decryptEvent(e: unknown): Promise<unknown> };\nasync function decryptIfNeeded(e: unknown) { if (e) await backend.decryptEvent(e); }\nexport async function decryptAll(events: unknown[]) { await Promise.all(events.map(e => decryptIfNeeded(e))); }\n`,
    // One folder read flat in a method that calls another object's method of the same name: no walk down a tree.
    {
      code: `import { readdir, rename } from "node:fs/promises";\ndeclare const cache: { store(dir: string): Promise<void> };\nexport const remote = {\n  store: async (dir: string) => {\n    const files = await readdir(dir);\n    await Promise.all(files.map(f => rename(dir + "/" + f, dir + "/out/" + f)));\n    return cache.store(dir);\n  },\n};\n`,
      options: defaults,
    },
    // A file package's synchronous calls run one at a time, like Node's own *Sync calls.
    {
      code: `import { statSync } from "fs-extra";\nasync function sizeOf(p: string) { return statSync(p).size; }\nexport async function sizes(paths: string[]) { return Promise.all(paths.map(p => sizeOf(p))); }\n`,
      files: {
        "node_modules/fs-extra/package.json": `{"name":"fs-extra","types":"index.d.ts"}`,
        "node_modules/fs-extra/index.d.ts": `export declare function statSync(p: string): { size: number };\nexport declare function stat(p: string): Promise<{ size: number }>;\n`,
      },
    },
    // A string method on a value nothing is known about (`any`): computing, no I/O.
    `async function count(text: any) { const lines = text.split("\\n").map((line: any) => line.trim()); return lines.length; }\nexport async function all(texts: string[]) { return Promise.all(texts.map(t => count(t))); }\n`,
  ],
  invalid: [
    {
      name: "the helper added to a file without semicolons has none",
      files: {
        ...noDeps,
        "store.ts": `import { readFile } from "node:fs/promises";\nexport async function load(id: string) { return readFile(\`data/\${id}.json\`, "utf8"); }\n`,
      },
      code: `import { load } from './store.js'\nexport async function loadAll(ids: string[]) {\n  const all = await Promise.all(ids.map(id => load(id)))\n  return all\n}\n`,
      errors: [{ messageId: "map", line: 3, column: 21 }],
      output: `import { load } from './store.js'\nexport async function loadAll(ids: string[]) {\n  const all = await mapWithConcurrency(ids, 8, id => load(id))\n  return all\n}\n\n${helperText.replace(/;\n/g, "\n")}`,
    },
    {
      name: "through a project function that only forwards to a file read: names the resource and the path",
      files: {
        ...noDeps,
        "store.ts": `import { readFile } from "node:fs/promises";\nexport async function load(id: string) { return readFile(\`data/\${id}.json\`, "utf8"); }\n`,
      },
      code: `import { load } from "./store.js";\nexport async function loadAll(ids: string[]) { return Promise.all(ids.map(id => load(id))); }\n`,
      errors: [
        {
          messageId: "map",
          line: 2,
          column: 55,
          message: "Promise.all does one file-system operation per item of `ids`, all at once (`load()` → `readFile()`)",
        },
      ],
      output: `import { load } from "./store.js";\nexport async function loadAll(ids: string[]) { return mapWithConcurrency(ids, 8, id => load(id)); }\n\n${helperText}`,
    },
    {
      name: "a function the caller passed in, handed to a project function that calls it per item",
      files: noDeps,
      code: `async function fetchOne(read: (p: string) => Promise<string>, p: string) { return read(p); }\nexport async function sources(list: string, read: (p: string) => Promise<string>) {\n  const names = list.split("\\n");\n  return Promise.all(names.map(async n => fetchOne(read, n)));\n}\n`,
      errors: [
        {
          messageId: "map",
          line: 4,
          column: 10,
          message: "Promise.all starts one asynchronous call that may do I/O per item of `names`, all at once (`read()`)",
        },
      ],
      output: `async function fetchOne(read: (p: string) => Promise<string>, p: string) { return read(p); }\nexport async function sources(list: string, read: (p: string) => Promise<string>) {\n  const names = list.split("\\n");\n  return mapWithConcurrency(names, 8, async n => fetchOne(read, n));\n}\n\n${helperText}`,
    },
    {
      name: "a callback API wrapped in a promise per item, and a private method that reaches it",
      files: noDeps,
      code: `interface Fs { rename(a: string, b: string, cb: (err: Error | null) => void): void }\nexport class Store {\n  constructor(private fs: Fs) {}\n  #commit(file: string) { return new Promise<void>((resolve, reject) => this.fs.rename(file + "_", file, err => err ? reject(err) : resolve())); }\n  async commitAll(files: string[]) {\n    const pending: Promise<void>[] = [];\n    for (const f of files) { const p = this.#commit(f).then(() => undefined); pending.push(p); }\n    await Promise.all(pending);\n  }\n}\n`,
      errors: [
        {
          messageId: "push",
          line: 7,
          column: 92,
          message:
            "One promise per item of `files` is started here and awaited all together by Promise.all (case.ts:8); each starts one asynchronous call that may do I/O (`this.#commit()`",
        },
      ],
    },
    {
      name: "a map into a variable first, then Promise.all over it",
      files: {
        ...noDeps,
        "node_modules/pg/package.json": `{"name":"pg","types":"index.d.ts"}`,
        "node_modules/pg/index.d.ts": `export declare class Client { query(text: string, values?: unknown[]): Promise<unknown>; }\n`,
      },
      code: `import { Client } from "pg";\ndeclare const db: Client;\nexport async function save(rows: { id: string }[]) {\n  const inserts = rows.map(async r => db.query("insert into t values ($1)", [r.id]));\n  await Promise.all(inserts);\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 9, message: "Promise.all runs one database query per item of `rows`" }],
    },
    {
      name: "through the project's own wrapper of Promise.allSettled",
      files: noDeps,
      code: `async function settleAll<T>(promises: Promise<T>[]) { const results = await Promise.allSettled(promises); return results; }\nexport async function ping(urls: string[]) { return settleAll(urls.map(u => fetch(u, { signal: AbortSignal.timeout(1000) }))); }\n`,
      errors: [{ messageId: "map", line: 2, column: 53, message: "settleAll() (which waits with Promise.all) opens one HTTP request per item of `urls`" }],
    },
    {
      name: "a collection destructured from a two-element Promise.all is as wide as what it fetched",
      files: noDeps,
      code: `declare function fetchUsers(): Promise<string[]>;\ndeclare function fetchGroups(): Promise<string[]>;\nexport async function notify() {\n  const [us, gs] = await Promise.all([fetchUsers(), fetchGroups()]);\n  await Promise.all(us.map(u => fetch(u, { signal: AbortSignal.timeout(1000) })));\n  return gs;\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 9, message: "Promise.all opens one HTTP request per item of `us`" }],
      output: `declare function fetchUsers(): Promise<string[]>;\ndeclare function fetchGroups(): Promise<string[]>;\nexport async function notify() {\n  const [us, gs] = await Promise.all([fetchUsers(), fetchGroups()]);\n  await mapWithConcurrency(us, 8, u => fetch(u, { signal: AbortSignal.timeout(1000) }));\n  return gs;\n}\n\n${helperText}`,
    },
    {
      name: "a hole in the destructuring pattern (`[, gs]`) binds nothing; the element after it is still found",
      files: noDeps,
      code: `declare function fetchUsers(): Promise<string[]>;\ndeclare function fetchGroups(): Promise<string[]>;\nexport async function notify() {\n  const [, gs] = await Promise.all([fetchUsers(), fetchGroups()]);\n  await Promise.all(gs.map(g => fetch(g, { signal: AbortSignal.timeout(1000) })));\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 9, message: "Promise.all opens one HTTP request per item of `gs`" }],
      output: `declare function fetchUsers(): Promise<string[]>;\ndeclare function fetchGroups(): Promise<string[]>;\nexport async function notify() {\n  const [, gs] = await Promise.all([fetchUsers(), fetchGroups()]);\n  await mapWithConcurrency(gs, 8, g => fetch(g, { signal: AbortSignal.timeout(1000) }));\n}\n\n${helperText}`,
    },
    {
      name: "Promise.all over input with p-limit as a dependency: wraps the callback, adds the limiter and import",
      files: withPLimit,
      code: `import { randomUUID } from "node:crypto";\nexport async function getAll(ids: string[]) {\n  const users = await Promise.all(ids.map(async id => {\n    const res = await fetch(\`https://api.example.com/users/\${id}?r=\${randomUUID()}\`);\n    return res.json() as Promise<{ name: string }>;\n  }));\n  return users.map(u => u.name);\n}\n`,
      errors: [
        {
          messageId: "map",
          line: 3,
          column: 23,
          message: "Promise.all opens one HTTP request per item of `ids`, all at once (`fetch()`)",
          fixes: ["Run at most 8 at a time with p-limit"],
        },
      ],
      output: `import { randomUUID } from "node:crypto";\nimport pLimit from "p-limit";\nexport async function getAll(ids: string[]) {\n  const limit = pLimit(8);\n  const users = await Promise.all(ids.map(id => limit(async () => {\n    const res = await fetch(\`https://api.example.com/users/\${id}?r=\${randomUUID()}\`);\n    return res.json() as Promise<{ name: string }>;\n  })));\n  return users.map(u => u.name);\n}\n`,
    },
    {
      name: "without p-limit: the bounded-map helper, width from the option",
      files: noDeps,
      options: { defaultConcurrency: 4 },
      code: `import { readFile } from "node:fs/promises";\nexport async function readAll(paths: string[]) {\n  return Promise.all(paths.map(p => readFile(p, "utf8")));\n}\n`,
      errors: [{ messageId: "map", line: 3, column: 10, fixes: ["Run at most 4 at a time (adds a mapWithConcurrency helper)"] }],
      output: `import { readFile } from "node:fs/promises";\nexport async function readAll(paths: string[]) {\n  return mapWithConcurrency(paths, 4, p => readFile(p, "utf8"));\n}\n\n/** Like Promise.all(items.map(fn)), with at most \`limit\` calls of fn running at once; results keep the input order. */\nasync function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => R): Promise<Awaited<R>[]> {\n  const results = new Array<Awaited<R>>(items.length);\n  let next = 0;\n  const work = async (): Promise<void> => {\n    while (next < items.length) {\n      const index = next++;\n      results[index] = await fn(items[index]!, index);\n    }\n  };\n  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));\n  return results;\n}\n`,
    },
    {
      name: "allSettled over data from a query, no p-limit: reported without a fix",
      files: noDeps,
      code: `${db}export async function notify() {\n  const users = await db.query("select email from users");\n  return Promise.allSettled(users.map(u => fetch("https://mail.example.com/send", { method: "POST", body: JSON.stringify(u) })));\n}\n`,
      errors: [{ messageId: "map", line: 4, column: 10, message: "Promise.allSettled opens one HTTP request per item of `users`", fixes: [] }],
    },
    {
      name: "a recursive directory listing (read with a fallback), one removal per entry",
      files: noDeps,
      code: `import { readdir, rm } from "node:fs/promises";\nimport { join } from "node:path";\nexport async function clean(dir: string) {\n  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);\n  await Promise.all(entries.map(e => rm(join(dir, e), { force: true })));\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 9, message: "Promise.all does one file-system operation per item of `entries`" }],
      output: boundedFix(
        `import { readdir, rm } from "node:fs/promises";\nimport { join } from "node:path";\nexport async function clean(dir: string) {\n  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);\n  await Promise.all(entries.map(e => rm(join(dir, e), { force: true })));\n}\n`,
        "Promise.all(entries.map(e => rm(join(dir, e), { force: true })))",
        "mapWithConcurrency(entries, 8, e => rm(join(dir, e), { force: true }))",
      ),
    },
    {
      name: "collections not-provably-small: rows from an awaited read, whose items (strings) can take any value",
      files: noDeps,
      options: notProvablySmall,
      code: `declare const store: { findJobs(): Promise<string[]> };\ndeclare function send(id: string): Promise<void>;\nexport async function sendAll() {\n  const jobs = await store.findJobs();\n  await Promise.all(jobs.map(j => send(j)));\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 9, message: "Promise.all starts one asynchronous call that may do I/O per item of `jobs`" }],
      output: boundedFix(
        `declare const store: { findJobs(): Promise<string[]> };\ndeclare function send(id: string): Promise<void>;\nexport async function sendAll() {\n  const jobs = await store.findJobs();\n  await Promise.all(jobs.map(j => send(j)));\n}\n`,
        "Promise.all(jobs.map(j => send(j)))",
        "mapWithConcurrency(jobs, 8, j => send(j))",
      ),
    },
    {
      name: "collections not-provably-small: a read-named function that returns the query's promise is a read",
      files: noDeps,
      options: notProvablySmall,
      code: `declare const db: { query(sql: string): Promise<Array<{ id: string }>> };\ndeclare function send(id: string): Promise<void>;\nfunction findPending() {\n  return db.query("select id from jobs");\n}\nexport async function notifyAll() {\n  const rows = await findPending();\n  await Promise.all(rows.map(r => send(r.id)));\n}\n`,
      errors: [{ messageId: "map", line: 8, column: 9 }],
      output: boundedFix(
        `declare const db: { query(sql: string): Promise<Array<{ id: string }>> };\ndeclare function send(id: string): Promise<void>;\nfunction findPending() {\n  return db.query("select id from jobs");\n}\nexport async function notifyAll() {\n  const rows = await findPending();\n  await Promise.all(rows.map(r => send(r.id)));\n}\n`,
        "Promise.all(rows.map(r => send(r.id)))",
        "mapWithConcurrency(rows, 8, r => send(r.id))",
      ),
    },
    {
      name: "default options: the rows of a database query are evidence, and the message says so",
      files: { ...noDeps, ...pgPackage },
      options: defaults,
      code: `import { Pool } from "pg";\ndeclare const pool: Pool;\nexport async function remind() {\n  const { rows } = await pool.query("select email from users");\n  await Promise.all(rows.map(r => fetch(\`https://mail.example.com/\${r.email}\`, { signal: AbortSignal.timeout(1000) })));\n}\n`,
      errors: [
        {
          messageId: "map",
          line: 5,
          column: 9,
          message:
            'Promise.all opens one HTTP request per item of `rows`, all at once (`fetch()`); the items come from the rows of a database query (`pool.query("select email from users")`)',
        },
      ],
      output: boundedFix(
        `import { Pool } from "pg";\ndeclare const pool: Pool;\nexport async function remind() {\n  const { rows } = await pool.query("select email from users");\n  await Promise.all(rows.map(r => fetch(\`https://mail.example.com/\${r.email}\`, { signal: AbortSignal.timeout(1000) })));\n}\n`,
        "Promise.all(rows.map(r => fetch(`https://mail.example.com/${r.email}`, { signal: AbortSignal.timeout(1000) })))",
        "mapWithConcurrency(rows, 8, r => fetch(`https://mail.example.com/${r.email}`, { signal: AbortSignal.timeout(1000) }))",
      ),
    },
    {
      name: "collections not-provably-small: the records an ORM's awaited find read are evidence (session 36, recall round)",
      files: noDeps,
      options: notProvablySmall,
      code: `declare const db: { find(q: { collection: string }): Promise<{ docs: Array<{ id: string }> }> };\ndeclare function deleteDoc(id: string): Promise<void>;\nexport async function purge(collection: string) {\n  const { docs } = await db.find({ collection });\n  await Promise.all(docs.map(d => deleteDoc(d.id)));\n}\n`,
      errors: [
        {
          messageId: "map",
          line: 5,
          column: 9,
          message: "the items come from the records a find call read (`db.find({ collection })`)",
        },
      ],
      output: boundedFix(
        `declare const db: { find(q: { collection: string }): Promise<{ docs: Array<{ id: string }> }> };\ndeclare function deleteDoc(id: string): Promise<void>;\nexport async function purge(collection: string) {\n  const { docs } = await db.find({ collection });\n  await Promise.all(docs.map(d => deleteDoc(d.id)));\n}\n`,
        "Promise.all(docs.map(d => deleteDoc(d.id)))",
        "mapWithConcurrency(docs, 8, d => deleteDoc(d.id))",
      ),
    },
    {
      name: "collections not-provably-small: an ORM's own findAll of the matched rows, called on the model (this.findAll)",
      files: noDeps,
      options: notProvablySmall,
      code: `declare class Row {\n  save(): Promise<void>;\n}\nexport class Model {\n  static findAll(_query: { where: object }): Promise<Row[]> {\n    return Promise.resolve([]);\n  }\n  static async update(where: object) {\n    const rows = await this.findAll({ where });\n    await Promise.all(rows.map(r => r.save()));\n  }\n}\n`,
      errors: [{ messageId: "map", line: 10, column: 11 }],
      output: boundedFix(
        `declare class Row {\n  save(): Promise<void>;\n}\nexport class Model {\n  static findAll(_query: { where: object }): Promise<Row[]> {\n    return Promise.resolve([]);\n  }\n  static async update(where: object) {\n    const rows = await this.findAll({ where });\n    await Promise.all(rows.map(r => r.save()));\n  }\n}\n`,
        "Promise.all(rows.map(r => r.save()))",
        "mapWithConcurrency(rows, 8, r => r.save())",
      ),
    },
    {
      name: "collections not-provably-small: one zone's name servers, read from DNS, are rows fetched at run time",
      options: notProvablySmall,
      code: `import { promises as dns } from "node:dns";\nexport async function nameServers(domain: string) {\n  const names = await dns.resolveNs(domain);\n  return Promise.all(names.map(n => dns.resolve4(n)));\n}\n`,
      errors: [{ messageId: "map", line: 4, column: 10, message: "the items come from a network call's response (`dns.resolveNs(domain)`)" }],
      output: boundedFix(
        `import { promises as dns } from "node:dns";\nexport async function nameServers(domain: string) {\n  const names = await dns.resolveNs(domain);\n  return Promise.all(names.map(n => dns.resolve4(n)));\n}\n`,
        "Promise.all(names.map(n => dns.resolve4(n)))",
        "mapWithConcurrency(names, 8, n => dns.resolve4(n))",
      ),
    },
    {
      name: "default options: a helper named for one directory that calls itself walks a tree",
      options: defaults,
      code: `import { stat } from "node:fs/promises";\ndeclare function listDir(dir: string): Promise<string[]>;\nexport async function sizes(dir: string): Promise<number[]> {\n  const entries = await listDir(dir);\n  await sizes(dir + "/sub");\n  return Promise.all(entries.map(async e => (await stat(e)).size));\n}\n`,
      errors: [{ messageId: "map", line: 6, column: 10, message: "the items come from a directory tree's listing (`listDir(dir)`)" }],
      output: boundedFix(
        `import { stat } from "node:fs/promises";\ndeclare function listDir(dir: string): Promise<string[]>;\nexport async function sizes(dir: string): Promise<number[]> {\n  const entries = await listDir(dir);\n  await sizes(dir + "/sub");\n  return Promise.all(entries.map(async e => (await stat(e)).size));\n}\n`,
        "Promise.all(entries.map(async e => (await stat(e)).size))",
        "mapWithConcurrency(entries, 8, async e => (await stat(e)).size)",
      ),
    },
    {
      name: "rows fetched into a variable assigned later",
      files: noDeps,
      code: `declare const model: { findAll(): Promise<Array<{ id: string }>> };\ndeclare function send(id: string): Promise<void>;\nexport async function notifyAll() {\n  let rows: Array<{ id: string }> = [];\n  rows = await model.findAll();\n  await Promise.all(rows.map(r => send(r.id)));\n}\n`,
      errors: [{ messageId: "map", line: 6, column: 9, message: "Promise.all starts one asynchronous call that may do I/O per item of `rows`" }],
      output: boundedFix(
        `declare const model: { findAll(): Promise<Array<{ id: string }>> };\ndeclare function send(id: string): Promise<void>;\nexport async function notifyAll() {\n  let rows: Array<{ id: string }> = [];\n  rows = await model.findAll();\n  await Promise.all(rows.map(r => send(r.id)));\n}\n`,
        "Promise.all(rows.map(r => send(r.id)))",
        "mapWithConcurrency(rows, 8, r => send(r.id))",
      ),
    },
    {
      name: "the entries of an archive, one file written per entry",
      files: {
        ...noDeps,
        "node_modules/jszip/package.json": `{"name":"jszip","types":"index.d.ts"}`,
        "node_modules/jszip/index.d.ts": `export declare function loadAsync(data: Uint8Array): Promise<{ files: Record<string, { dir: boolean }> }>;\n`,
      },
      code: `import { loadAsync } from "jszip";\nimport { writeFile } from "node:fs/promises";\nexport async function unpack(data: Uint8Array, dir: string) {\n  const zip = await loadAsync(data);\n  await Promise.all(Object.entries(zip.files).map(async ([name, f]) => f.dir ? undefined : writeFile(dir + "/" + name, "")));\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 9, message: "Promise.all does one file-system operation per item of `Object.entries(zip.files)`" }],
      output: boundedFix(
        `import { loadAsync } from "jszip";\nimport { writeFile } from "node:fs/promises";\nexport async function unpack(data: Uint8Array, dir: string) {\n  const zip = await loadAsync(data);\n  await Promise.all(Object.entries(zip.files).map(async ([name, f]) => f.dir ? undefined : writeFile(dir + "/" + name, "")));\n}\n`,
        'Promise.all(Object.entries(zip.files).map(async ([name, f]) => f.dir ? undefined : writeFile(dir + "/" + name, "")))',
        'mapWithConcurrency(Object.entries(zip.files), 8, async ([name, f]) => f.dir ? undefined : writeFile(dir + "/" + name, ""))',
      ),
    },
    {
      name: "the items of a request body, in a route handler",
      files: noDeps,
      code: `${db}declare const app: { post(path: string, h: (req: { body: { items: unknown[] } }) => Promise<void>): void };\napp.post("/import", async req => { await Promise.all(req.body.items.map(i => db.insert(i))); });\n`,
      errors: [{ messageId: "map", line: 3, column: 42, message: "per item of `req.body.items`" }],
      output: boundedFix(
        `${db}declare const app: { post(path: string, h: (req: { body: { items: unknown[] } }) => Promise<void>): void };\napp.post("/import", async req => { await Promise.all(req.body.items.map(i => db.insert(i))); });\n`,
        "Promise.all(req.body.items.map(i => db.insert(i)))",
        "mapWithConcurrency(req.body.items, 8, i => db.insert(i))",
      ),
    },
    {
      name: "default options: a received request's body passed to a helper is still evidence (req.body)",
      code: `${db}async function addFields(body: Record<string, unknown>) {\n  await Promise.all(Object.entries(body).map(([k, v]) => db.insert({ k, v })));\n}\nexport async function handle(req: { body: Record<string, unknown> }) {\n  await addFields(req.body);\n}\n`,
      options: defaults,
      errors: [{ messageId: "map", line: 3, column: 9, message: "per item of `Object.entries(body)`" }],
      output: boundedFix(
        `${db}async function addFields(body: Record<string, unknown>) {\n  await Promise.all(Object.entries(body).map(([k, v]) => db.insert({ k, v })));\n}\nexport async function handle(req: { body: Record<string, unknown> }) {\n  await addFields(req.body);\n}\n`,
        "Promise.all(Object.entries(body).map(([k, v]) => db.insert({ k, v })))",
        "mapWithConcurrency(Object.entries(body), 8, ([k, v]) => db.insert({ k, v }))",
      ),
    },
    {
      name: "an internal function, given a request body's items by its caller in the file",
      files: noDeps,
      code: `${db}declare const app: { post(path: string, h: (req: { body: { items: unknown[] } }) => Promise<void>): void };\nasync function saveAll({ items }: { items: unknown[] }) {\n  await Promise.all(items.map(i => db.insert(i)));\n}\napp.post("/import", async req => { await saveAll({ items: req.body.items }); });\n`,
      errors: [{ messageId: "map", line: 4, column: 9, message: "per item of `items`" }],
      output: boundedFix(
        `${db}declare const app: { post(path: string, h: (req: { body: { items: unknown[] } }) => Promise<void>): void };\nasync function saveAll({ items }: { items: unknown[] }) {\n  await Promise.all(items.map(i => db.insert(i)));\n}\napp.post("/import", async req => { await saveAll({ items: req.body.items }); });\n`,
        "Promise.all(items.map(i => db.insert(i)))",
        "mapWithConcurrency(items, 8, i => db.insert(i))",
      ),
    },
    {
      name: "a closure a factory hands out: its parameter is its callers' list",
      files: noDeps,
      code: `${db}export function createAdmin() {\n  const saveAll = async (rows: unknown[]) => {\n    await Promise.all(rows.map(r => db.insert(r)));\n  };\n  return { saveAll };\n}\n`,
      errors: [{ messageId: "map", line: 4, column: 11, message: "per item of `rows`" }],
      output: boundedFix(
        `${db}export function createAdmin() {\n  const saveAll = async (rows: unknown[]) => {\n    await Promise.all(rows.map(r => db.insert(r)));\n  };\n  return { saveAll };\n}\n`,
        "Promise.all(rows.map(r => db.insert(r)))",
        "mapWithConcurrency(rows, 8, r => db.insert(r))",
      ),
    },
    {
      name: "a tool handler's arguments on an MCP server are a request's body, not the module's command line of the same name",
      files: {
        ...noDeps,
        "node_modules/@modelcontextprotocol/sdk/package.json": `{"name":"@modelcontextprotocol/sdk"}`,
        "node_modules/@modelcontextprotocol/sdk/server/mcp.d.ts": `export declare class McpServer {\n  constructor(info: { name: string });\n  registerTool(name: string, config: object, cb: (args: { paths: string[] }) => Promise<unknown>): void;\n}\n`,
      },
      options: defaults,
      code: `import { readFile } from "node:fs/promises";\nimport { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nconst args = process.argv.slice(2);\nconst server = new McpServer({ name: "files" });\nserver.registerTool("read_multiple_files", {}, async (args) => {\n  const texts = await Promise.all(args.paths.map(p => readFile(p, "utf8")));\n  return texts.join("\\n");\n});\nexport { args };\n`,
      errors: [{ messageId: "map", line: 6, column: 23, message: "the body of a request (`args`)" }],
      output: boundedFix(
        `import { readFile } from "node:fs/promises";\nimport { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nconst args = process.argv.slice(2);\nconst server = new McpServer({ name: "files" });\nserver.registerTool("read_multiple_files", {}, async (args) => {\n  const texts = await Promise.all(args.paths.map(p => readFile(p, "utf8")));\n  return texts.join("\\n");\n});\nexport { args };\n`,
        'Promise.all(args.paths.map(p => readFile(p, "utf8")))',
        'mapWithConcurrency(args.paths, 8, p => readFile(p, "utf8"))',
      ),
    },
    {
      name: "the files named on the command line",
      files: noDeps,
      code: `import { readFile } from "node:fs/promises";\nexport async function main() { return Promise.all(process.argv.slice(2).map(f => readFile(f, "utf8"))); }\n`,
      errors: [{ messageId: "map", line: 2, column: 39, message: "Promise.all does one file-system operation per item of `process.argv.slice(2)`" }],
      output: boundedFix(
        `import { readFile } from "node:fs/promises";\nexport async function main() { return Promise.all(process.argv.slice(2).map(f => readFile(f, "utf8"))); }\n`,
        'Promise.all(process.argv.slice(2).map(f => readFile(f, "utf8")))',
        'mapWithConcurrency(process.argv.slice(2), 8, f => readFile(f, "utf8"))',
      ),
    },
    {
      name: "promises pushed in a loop and awaited together",
      files: noDeps,
      code: `${db}export async function importRows(rows: unknown[]) {\n  const pending: Promise<void>[] = [];\n  for (const row of rows) {\n    pending.push(db.insert(row));\n  }\n  await Promise.all(pending);\n}\n`,
      errors: [
        {
          messageId: "push",
          line: 5,
          column: 18,
          message:
            "One promise per item of `rows` is started here and awaited all together by Promise.all (case.ts:7); each starts one asynchronous call that may do I/O (`db.insert()`)",
        },
      ],
    },
    {
      name: "a child process per file, not awaited",
      files: noDeps,
      code: `import { execFile } from "node:child_process";\nexport function thumbnails(files: string[]) {\n  for (const f of files) {\n    execFile("convert", [f, "-resize", "200x200", f + ".thumb.png"], { timeout: 30000 }, () => {});\n  }\n}\n`,
      errors: [{ messageId: "process", line: 4, column: 5, message: "execFile() starts a child process for every item of `files`" }],
    },
    {
      name: "a worker thread per job",
      files: noDeps,
      code: `import { Worker } from "node:worker_threads";\nexport function runAll(jobs: object[]) {\n  return jobs.map(job => new Worker("./job.js", { workerData: job }));\n}\n`,
      errors: [{ messageId: "process", line: 3, column: 26, message: "new Worker() starts a worker thread for every item of `jobs`" }],
    },
    {
      name: "async calls started per item without waiting",
      files: noDeps,
      code: `declare function sendEmail(to: string): Promise<void>;\nexport function welcome(emails: string[]) {\n  for (const e of emails) {\n    sendEmail(e).catch(err => console.error(err));\n  }\n}\n`,
      errors: [
        {
          messageId: "floating",
          line: 4,
          column: 5,
          message: "sendEmail(e).catch() starts one asynchronous call that may do I/O per item of `emails` without waiting for any (`sendEmail()`)",
        },
      ],
    },
    {
      name: "forEach with an async callback",
      files: noDeps,
      code: `${db}export function save(rows: unknown[]) {\n  rows.forEach(async row => {\n    await db.insert(row);\n  });\n}\n`,
      errors: [{ messageId: "forEachAsync", line: 3, column: 8, message: "forEach with an async callback" }],
    },
    {
      name: "p-map without a concurrency",
      files: noDeps,
      code: `import pMap from "p-map";\nexport async function get(urls: string[]) { return pMap(urls, u => fetch(u)); }\n`,
      errors: [{ messageId: "pMap", line: 2, column: 52, message: "pMap() without a `concurrency` option" }],
    },
    {
      name: "a directory walk is reported even though it recurses",
      code: `import { readdir } from "node:fs/promises";\nimport { join } from "node:path";\nexport async function walk(dir: string): Promise<string[]> {\n  const entries = await readdir(dir, { withFileTypes: true });\n  const nested = await Promise.all(entries.map(e => e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([join(dir, e.name)])));\n  return nested.flat();\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 24 }],
      output: `import { readdir } from "node:fs/promises";\nimport { join } from "node:path";\nexport async function walk(dir: string): Promise<string[]> {\n  const entries = await readdir(dir, { withFileTypes: true });\n  const nested = await mapWithConcurrency(entries, 8, e => e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]));\n  return nested.flat();\n}\n\n${helperText}`,
    },
    {
      name: "for await over events: work that uses the item's data, or is not under a test of its kind, is still per item",
      files: noDeps,
      code: `declare const connection: { status(): AsyncIterable<{ type: "disconnect" | "reconnect" | "update"; data: string }> };\ndeclare function resetPending(): Promise<boolean>;\ndeclare function save(data: string): Promise<void>;\nexport async function watch() {\n  for await (const s of connection.status()) {\n    switch (s.type) {\n      case "update":\n        save(s.data).catch(() => {});\n        break;\n    }\n    resetPending().catch(() => {});\n  }\n}\n`,
      errors: [
        { messageId: "floating", line: 8, column: 9 },
        { messageId: "floating", line: 11, column: 5 },
      ],
    },
    {
      name: "for await over a stream's lines as events is still a stream: work per line",
      code: `import { on, type EventEmitter } from "node:events";\nimport { readFile } from "node:fs/promises";\nexport async function load(rl: EventEmitter) {\n  for await (const [path] of on(rl, "line")) readFile(String(path), "utf8").catch(() => {});\n}\n`,
      errors: [{ messageId: "floating", line: 4, column: 46 }],
    },
    {
      name: "for await over a stream does not bound the work pushed per line",
      code: `${db}import { createInterface } from "node:readline";\nexport async function load(input: NodeJS.ReadableStream) {\n  const pending: Promise<void>[] = [];\n  for await (const line of createInterface({ input })) pending.push(db.insert(line));\n  await Promise.all(pending);\n}\n`,
      errors: [{ messageId: "push", line: 5, column: 69, message: "One promise per item of `createInterface({ input })`" }],
    },
    {
      name: "a counting loop over a collection's length, spawning per index",
      code: `import { fork } from "node:child_process";\nexport function start(jobs: string[]) {\n  for (let i = 0; i < jobs.length; i++) fork("./job.js", [jobs[i]!]);\n}\n`,
      errors: [{ messageId: "process", line: 3, column: 41, message: "fork() starts a child process for every item of `jobs`" }],
    },
    {
      name: "the p-limit fix reuses the file's import and picks a free name",
      files: withPLimit,
      code: `import createLimit from "p-limit";\nexport const limit = 5;\nexport async function getAll(urls: string[]) {\n  return Promise.allSettled(urls.map(u => fetch(u, { signal: AbortSignal.timeout(1000) })));\n}\nvoid createLimit;\n`,
      errors: [{ messageId: "map", line: 4, column: 10, fixes: ["Run at most 8 at a time with p-limit"] }],
      output: `import createLimit from "p-limit";\nexport const limit = 5;\nexport async function getAll(urls: string[]) {\n  const limitConcurrency = createLimit(8);\n  return Promise.allSettled(urls.map(u => limitConcurrency(() => fetch(u, { signal: AbortSignal.timeout(1000) }))));\n}\nvoid createLimit;\n`,
    },
    {
      name: "p-limit fix for an expression-bodied function and a loop without braces: the limiter goes before the statement",
      files: withPLimit,
      code: `export const getAll = async (urls: string[]) => Promise.all(urls.map(u => fetch(u, { signal: AbortSignal.timeout(1000) })));\nexport async function sites(lists: string[][]) {\n  for (const l of lists) await Promise.all(l.map(async (u, i) => { await fetch(u + i, { signal: AbortSignal.timeout(1000) }); }));\n}\n`,
      errors: [
        { messageId: "map", line: 1, column: 49 },
        { messageId: "map", line: 3, column: 32 },
      ],
      output: `import pLimit from "p-limit";\nconst limit = pLimit(8);\nexport const getAll = async (urls: string[]) => Promise.all(urls.map(u => limit(() => fetch(u, { signal: AbortSignal.timeout(1000) }))));\nexport async function sites(lists: string[][]) {\n  const limit = pLimit(8);\n  for (const l of lists) await Promise.all(l.map((u, i) => limit(async () => { await fetch(u + i, { signal: AbortSignal.timeout(1000) }); })));\n}\n`,
    },
    {
      name: "a conditional between a tuple and a list: both branches' types are requested in visit (strict phases)",
      code: `export async function get(flag: boolean, pair: [string, string], urls: string[]) {\n  return Promise.allSettled((flag ? pair : urls).map(u => fetch(u, { signal: AbortSignal.timeout(1000) })));\n}\n`,
      errors: [{ messageId: "map", line: 2, column: 10, message: "Promise.allSettled opens one HTTP request per item of `flag ? pair : urls`" }],
    },
    {
      name: "a public function whose caller in another file passes rows it fetched",
      files: {
        ...noDeps,
        "sync.ts": `import { statAll } from "./case.js";\ndeclare const db: { findPaths(): Promise<string[]> };\nexport async function sync() {\n  const paths = await db.findPaths();\n  return statAll(paths);\n}\n`,
      },
      code: `import { stat } from "node:fs/promises";\nexport async function statAll(files: string[]) {\n  return Promise.all(files.map(f => stat(f)));\n}\n`,
      errors: [{ messageId: "map", line: 3, column: 10, message: "Promise.all does one file-system operation per item of `files`" }],
      output: boundedFix(
        `import { stat } from "node:fs/promises";\nexport async function statAll(files: string[]) {\n  return Promise.all(files.map(f => stat(f)));\n}\n`,
        "Promise.all(files.map(f => stat(f)))",
        "mapWithConcurrency(files, 8, f => stat(f))",
      ),
    },
    {
      name: "a JavaScript file gets the untyped helper",
      filename: "case.js",
      files: noDeps,
      code: `export async function readAll(fs, paths) {\n  return Promise.all(paths.map(async p => fs.promises.readFile(p)));\n}\n`,
      errors: [{ messageId: "map", line: 2, column: 10 }],
      output: `export async function readAll(fs, paths) {\n  return mapWithConcurrency(paths, 8, async p => fs.promises.readFile(p));\n}\n\n/** Like Promise.all(items.map(fn)), with at most \`limit\` calls of fn running at once; results keep the input order. */\nasync function mapWithConcurrency(items, limit, fn) {\n  const results = new Array(items.length);\n  let next = 0;\n  const work = async () => {\n    while (next < items.length) {\n      const index = next++;\n      results[index] = await fn(items[index], index);\n    }\n  };\n  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));\n  return results;\n}\n`,
    },
    {
      name: "default options: untyped code: the project's only method of that name is followed to the file system",
      filename: "case.js",
      files: {
        ...noDeps,
        "file-list.js": `import { stat } from "node:fs/promises"\nexport class FileList {\n  constructor() { this.files = new Map() }\n  async addFile(path) { this.files.set(path, await stat(path)); return this.files }\n}\n`,
      },
      code: `export function createRunner(fileList) {\n  return async function run(req) {\n    await Promise.all(req.body.added.map(async p => { await fileList.addFile(p) }))\n  }\n}\n`,
      options: defaults,
      errors: [{ messageId: "map", line: 3, column: 11, message: "Promise.all does one file-system operation per item of `req.body.added`" }],
      output: `export function createRunner(fileList) {\n  return async function run(req) {\n    await mapWithConcurrency(req.body.added, 8, async p => { await fileList.addFile(p) })\n  }\n}\n\n/** Like Promise.all(items.map(fn)), with at most \`limit\` calls of fn running at once; results keep the input order. */\nasync function mapWithConcurrency(items, limit, fn) {\n  const results = new Array(items.length)\n  let next = 0\n  const work = async () => {\n    while (next < items.length) {\n      const index = next++\n      results[index] = await fn(items[index], index)\n    }\n  }\n  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work))\n  return results\n}\n`,
    },
    {
      name: "collections not-provably-small: a project helper's result is what it returns, its parameters bound to the call's arguments",
      files: noDeps,
      code: `declare const db: { listMigrations(): Promise<string[]>; execute(m: string): Promise<void> };\nfunction pending(all: string[], done: string[]) { return all.filter(m => !done.includes(m)); }\nexport async function migrate(done: string[]) {\n  const all = await db.listMigrations();\n  const todo = pending(all, done);\n  await Promise.all(todo.map(m => db.execute(m)));\n}\n`,
      options: notProvablySmall,
      errors: [{ messageId: "map", line: 6, column: 9, message: "Promise.all starts one asynchronous call that may do I/O per item of `todo`" }],
      output: boundedFix(
        `declare const db: { listMigrations(): Promise<string[]>; execute(m: string): Promise<void> };\nfunction pending(all: string[], done: string[]) { return all.filter(m => !done.includes(m)); }\nexport async function migrate(done: string[]) {\n  const all = await db.listMigrations();\n  const todo = pending(all, done);\n  await Promise.all(todo.map(m => db.execute(m)));\n}\n`,
        "Promise.all(todo.map(m => db.execute(m)))",
        "mapWithConcurrency(todo, 8, m => db.execute(m))",
      ),
    },
    {
      name: "default options: a project helper in another file returns a directory tree's listing",
      files: {
        ...noDeps,
        "files.ts": `declare function glob(p: string): Promise<string[]>;\nexport async function sourceFiles(root: string) {\n  const found = await glob(root + "/**/*.ts");\n  return found.filter(f => !f.endsWith(".d.ts"));\n}\n`,
      },
      code: `import { stat } from "node:fs/promises";\nimport { sourceFiles } from "./files.js";\nexport async function sizes(root: string) {\n  const files = await sourceFiles(root);\n  return Promise.all(files.map(f => stat(f)));\n}\n`,
      options: defaults,
      errors: [{ messageId: "map", line: 5, column: 10, message: "Promise.all does one file-system operation per item of `files`" }],
      output: boundedFix(
        `import { stat } from "node:fs/promises";\nimport { sourceFiles } from "./files.js";\nexport async function sizes(root: string) {\n  const files = await sourceFiles(root);\n  return Promise.all(files.map(f => stat(f)));\n}\n`,
        "Promise.all(files.map(f => stat(f)))",
        "mapWithConcurrency(files, 8, f => stat(f))",
      ),
    },
    {
      name: "default options: a page word in a comment of code without semicolons is not a page (assignments read from the tree)",
      files: noDeps,
      code: `import { stat } from "node:fs/promises"\ndeclare function glob(p: string): Promise<string[]>\nexport async function statTree(dir: string) {\n  let entries\n  if (!dir) {\n    entries = [] as string[]\n  } else {\n    entries = await glob(dir)\n  }\n  // TODO limit the concurrency\n  await Promise.all(entries.map(e => stat(e)))\n}\n`,
      options: defaults,
      errors: [{ messageId: "map", line: 11, column: 9, message: "Promise.all does one file-system operation per item of `entries`" }],
      output: `import { stat } from "node:fs/promises"\ndeclare function glob(p: string): Promise<string[]>\nexport async function statTree(dir: string) {\n  let entries\n  if (!dir) {\n    entries = [] as string[]\n  } else {\n    entries = await glob(dir)\n  }\n  // TODO limit the concurrency\n  await mapWithConcurrency(entries, 8, e => stat(e))\n}\n\n${helperText.replace(/;\n/g, "\n")}`,
    },
    {
      name: "default options: a caller in another file passes a directory tree's listing (strong evidence through the callers)",
      files: {
        ...noDeps,
        "sync.ts": `import { statAll } from "./case.js";\ndeclare function glob(p: string): Promise<string[]>;\nexport async function sync() {\n  const paths = await glob("**/*.json");\n  return statAll(paths);\n}\n`,
      },
      code: `import { stat } from "node:fs/promises";\nexport async function statAll(files: string[]) {\n  return Promise.all(files.map(f => stat(f)));\n}\n`,
      options: defaults,
      errors: [{ messageId: "map", line: 3, column: 10, message: "Promise.all does one file-system operation per item of `files`" }],
      output: boundedFix(
        `import { stat } from "node:fs/promises";\nexport async function statAll(files: string[]) {\n  return Promise.all(files.map(f => stat(f)));\n}\n`,
        "Promise.all(files.map(f => stat(f)))",
        "mapWithConcurrency(files, 8, f => stat(f))",
      ),
    },
    {
      name: "default options: of two callers, the one that passes strong evidence decides",
      files: {
        ...noDeps,
        "a.ts": `import { statAll } from "./case.js";\ndeclare const db: { findPaths(): Promise<string[]> };\nexport async function a() { return statAll(await db.findPaths()); }\n`,
        "b.ts": `import { statAll } from "./case.js";\ndeclare function glob(p: string): Promise<string[]>;\nexport async function b() { return statAll(await glob("**/*.json")); }\n`,
      },
      code: `import { stat } from "node:fs/promises";\nexport async function statAll(files: string[]) {\n  return Promise.all(files.map(f => stat(f)));\n}\n`,
      options: defaults,
      errors: [{ messageId: "map", line: 3, column: 10, message: "Promise.all does one file-system operation per item of `files`" }],
      output: boundedFix(
        `import { stat } from "node:fs/promises";\nexport async function statAll(files: string[]) {\n  return Promise.all(files.map(f => stat(f)));\n}\n`,
        "Promise.all(files.map(f => stat(f)))",
        "mapWithConcurrency(files, 8, f => stat(f))",
      ),
    },
    {
      name: "default options: a request body's rows mapped into a variable, through the project's wrapper of Promise.all",
      files: noDeps,
      code: `declare const db: { insert(row: unknown): Promise<void> };\nconst promiseAll = <T>(ps: Promise<T>[]) => Promise.all(ps);\nexport async function handle(req: { body: { rows: unknown[] } }) {\n  const inserts = req.body.rows.map(r => db.insert(r));\n  await promiseAll(inserts);\n}\n`,
      options: defaults,
      errors: [
        {
          messageId: "map",
          line: 5,
          column: 9,
          message: "promiseAll() (which waits with Promise.all) starts one asynchronous call that may do I/O per item of `req.body.rows`",
        },
      ],
    },
    {
      name: "a Redis read per item followed by an HTTP request: the request is the resource",
      files: {
        ...noDeps,
        "node_modules/ioredis/package.json": `{"name":"ioredis","types":"index.d.ts"}`,
        "node_modules/ioredis/index.d.ts": `export declare class Redis { get(key: string): Promise<string | null>; smembers(key: string): Promise<string[]>; }\n`,
      },
      code: `import { Redis } from "ioredis";\ndeclare const redis: Redis;\nexport async function ping(keys: string[]) {\n  await Promise.all(keys.map(async k => fetch((await redis.get(k))!, { signal: AbortSignal.timeout(1000) })));\n}\n`,
      errors: [{ messageId: "map", line: 4, column: 9, message: "Promise.all opens one HTTP request per item of `keys`" }],
      output: boundedFix(
        `import { Redis } from "ioredis";\ndeclare const redis: Redis;\nexport async function ping(keys: string[]) {\n  await Promise.all(keys.map(async k => fetch((await redis.get(k))!, { signal: AbortSignal.timeout(1000) })));\n}\n`,
        `Promise.all(keys.map(async k => fetch((await redis.get(k))!, { signal: AbortSignal.timeout(1000) })))`,
        `mapWithConcurrency(keys, 8, async k => fetch((await redis.get(k))!, { signal: AbortSignal.timeout(1000) }))`,
      ),
    },
    {
      name: "members read from Redis are rows fetched at run time (collections not-provably-small)",
      files: {
        ...noDeps,
        "node_modules/ioredis/package.json": `{"name":"ioredis","types":"index.d.ts"}`,
        "node_modules/ioredis/index.d.ts": `export declare class Redis { get(key: string): Promise<string | null>; smembers(key: string): Promise<string[]>; }\n`,
      },
      options: notProvablySmall,
      code: `import { Redis } from "ioredis";\ndeclare const redis: Redis;\nexport async function notify() {\n  const urls = await redis.smembers("hooks");\n  await Promise.all(urls.map(u => fetch(u, { signal: AbortSignal.timeout(1000) })));\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 9, message: "Promise.all opens one HTTP request per item of `urls`" }],
      output: boundedFix(
        `import { Redis } from "ioredis";\ndeclare const redis: Redis;\nexport async function notify() {\n  const urls = await redis.smembers("hooks");\n  await Promise.all(urls.map(u => fetch(u, { signal: AbortSignal.timeout(1000) })));\n}\n`,
        `Promise.all(urls.map(u => fetch(u, { signal: AbortSignal.timeout(1000) })))`,
        `mapWithConcurrency(urls, 8, u => fetch(u, { signal: AbortSignal.timeout(1000) }))`,
      ),
    },
    {
      name: "an unknown call that signs in somewhere is not a computation",
      files: noDeps,
      code: `declare const auth: { signIn(user: string): Promise<void> };\nasync function login(u: string) { await auth.signIn(u); }\nexport async function loginAll(users: string[]) { await Promise.all(users.map(u => login(u))); }\n`,
      errors: [{ messageId: "map", line: 3, column: 57, message: "Promise.all starts one asynchronous call that may do I/O per item of `users`" }],
      output: boundedFix(
        `declare const auth: { signIn(user: string): Promise<void> };\nasync function login(u: string) { await auth.signIn(u); }\nexport async function loginAll(users: string[]) { await Promise.all(users.map(u => login(u))); }\n`,
        `Promise.all(users.map(u => login(u)))`,
        `mapWithConcurrency(users, 8, u => login(u))`,
      ),
    },
    {
      name: "compiled CommonJS calls an import through a comma, (0, glob_1.glob)(...): still a directory listing",
      filename: "case.cjs",
      files: noDeps,
      options: defaults,
      code: `"use strict";\nconst glob_1 = require("glob");\nconst fs = require("node:fs/promises");\nasync function detect(dir) { return (0, glob_1.glob)("**/package.json", { cwd: dir }); }\nasync function readAll(dir) {\n  const files = await detect(dir);\n  return Promise.all(files.map((f) => fs.readFile(f, "utf8")));\n}\nmodule.exports = { readAll };\n`,
      errors: [{ messageId: "map", line: 7, column: 10, message: "Promise.all does one file-system operation per item of `files`" }],
      output: `"use strict";\nconst glob_1 = require("glob");\nconst fs = require("node:fs/promises");\nasync function detect(dir) { return (0, glob_1.glob)("**/package.json", { cwd: dir }); }\nasync function readAll(dir) {\n  const files = await detect(dir);\n  return mapWithConcurrency(files, 8, (f) => fs.readFile(f, "utf8"));\n}\nmodule.exports = { readAll };\n\n/** Like Promise.all(items.map(fn)), with at most \`limit\` calls of fn running at once; results keep the input order. */\nasync function mapWithConcurrency(items, limit, fn) {\n  const results = new Array(items.length);\n  let next = 0;\n  const work = async () => {\n    while (next < items.length) {\n      const index = next++;\n      results[index] = await fn(items[index], index);\n    }\n  };\n  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));\n  return results;\n}\n`,
    },
    // Session 25 (round 35): the shared I/O summary reads compiled CommonJS's call of an import,
    // `(0, promises_1.stat)(f)`, as the call of `promises_1.stat` (and `(0, util_1.load)(f)` as the
    // project's function): the resource is named, where before the call was an unknown one.
    {
      name: "round 35: compiled CommonJS (0, promises_1.stat)(f) is fs's stat: a file-system operation per item",
      filename: "case.cjs",
      files: noDeps,
      options: defaults,
      code: compiledFanOut(`(0, promises_1.stat)(f)`),
      errors: [
        { messageId: "map", line: 9, column: 10, message: "Promise.all does one file-system operation per item of `files`, all at once (`promises_1.stat()`)" },
      ],
      output: jsBoundedFix(
        compiledFanOut(`(0, promises_1.stat)(f)`),
        `Promise.all(files.map((f) => (0, promises_1.stat)(f)))`,
        `mapWithConcurrency(files, 8, (f) => (0, promises_1.stat)(f))`,
      ),
    },
    {
      name: "round 35: compiled CommonJS (0, util_1.load)(f) is the project's own function, followed to the file it reads",
      filename: "case.cjs",
      files: {
        ...noDeps,
        "util.cjs": `"use strict";\nconst promises_1 = require("node:fs/promises");\nasync function load(f) {\n  return (0, promises_1.readFile)(f, "utf8");\n}\nexports.load = load;\n`,
      },
      options: defaults,
      code: compiledFanOut(`(0, util_1.load)(f)`),
      errors: [
        { messageId: "map", line: 9, column: 10, message: "Promise.all does one file-system operation per item of `files`, all at once (`util_1.load()`" },
      ],
      output: jsBoundedFix(
        compiledFanOut(`(0, util_1.load)(f)`),
        `Promise.all(files.map((f) => (0, util_1.load)(f)))`,
        `mapWithConcurrency(files, 8, (f) => (0, util_1.load)(f))`,
      ),
    },
    {
      name: "round 35: (0, node_fetch_1.default)(url) after tsc's __importDefault(require(...)) is node-fetch: an HTTP request per item",
      filename: "case.cjs",
      files: noDeps,
      options: defaults,
      code: compiledDefaultFanOut("__importDefault"),
      errors: [
        { messageId: "map", line: 10, column: 9, message: "Promise.all opens one HTTP request per item of `files`, all at once (`node_fetch_1.default()`)" },
      ],
      output: jsBoundedFix(
        compiledDefaultFanOut("__importDefault"),
        `Promise.all(files.map(async (f) => (0, node_fetch_1.default)(f)))`,
        `mapWithConcurrency(files, 8, async (f) => (0, node_fetch_1.default)(f))`,
      ),
    },
    {
      name: "round 35 boundary: the same require wrapped in a function that is no compiler's interop helper: an unknown call",
      filename: "case.cjs",
      files: noDeps,
      options: defaults,
      code: compiledDefaultFanOut("wrapModule"),
      errors: [{ messageId: "map", line: 10, column: 9, message: "Promise.all starts one asynchronous call that may do I/O per item of `files`" }],
      output: jsBoundedFix(
        compiledDefaultFanOut("wrapModule"),
        `Promise.all(files.map(async (f) => (0, node_fetch_1.default)(f)))`,
        `mapWithConcurrency(files, 8, async (f) => (0, node_fetch_1.default)(f))`,
      ),
    },
    {
      name: "round 35 boundary: a comma whose left side runs code, (note(), promises_1.stat)(f), is no compiled call: an unknown call",
      filename: "case.cjs",
      files: noDeps,
      options: defaults,
      code: compiledFanOut(`(note(), promises_1.stat)(f)`),
      errors: [{ messageId: "map", line: 9, column: 10, message: "Promise.all starts one asynchronous call that may do I/O per item of `files`" }],
      output: jsBoundedFix(
        compiledFanOut(`(note(), promises_1.stat)(f)`),
        `Promise.all(files.map((f) => (note(), promises_1.stat)(f)))`,
        `mapWithConcurrency(files, 8, (f) => (note(), promises_1.stat)(f))`,
      ),
    },
    // Session 25 (round 36): a method of the module object reached through `default` (compiled
    // CommonJS's default import, `fs_1.default.readFile`) or a Node module's `promises`
    // (`fs_1.promises.stat`) is the module's call; boundaries: a wrapper that is no interop helper,
    // a package's own `promises`, another property of the module object.
    objectFanOutCase(
      'round 36: fs_1.default.readFile(f) after __importDefault(require("fs-extra")), compiled CommonJS\'s default import: a file-system operation per item',
      '__importDefault(require("fs-extra"))',
      "fs_1.default.readFile(f)",
      "Promise.all does one file-system operation per item of `files`, all at once (`fs_1.default.readFile()`)",
    ),
    objectFanOutCase(
      'round 36: fs_1.promises.stat(f) after __importStar(require("fs")): fs\'s promise API, a file-system operation per item',
      '__importStar(require("fs"))',
      "fs_1.promises.stat(f)",
      "Promise.all does one file-system operation per item of `files`, all at once (`fs_1.promises.stat()`)",
    ),
    objectFanOutCase(
      'round 36: fs_1.default.promises.stat(f) after __importDefault(require("node:fs"))',
      '__importDefault(require("node:fs"))',
      "fs_1.default.promises.stat(f)",
      "Promise.all does one file-system operation per item of `files`, all at once (`fs_1.default.promises.stat()`)",
    ),
    objectFanOutCase(
      'round 36: fs_1.promises.stat(f) after a plain require("fs")',
      'require("fs")',
      "fs_1.promises.stat(f)",
      "Promise.all does one file-system operation per item of `files`, all at once (`fs_1.promises.stat()`)",
    ),
    objectFanOutCase(
      "round 36 boundary: fs_1.default.readFile(f) after a wrapper that is no compiler's interop helper: an unknown call",
      'wrapModule(require("fs-extra"))',
      "fs_1.default.readFile(f)",
      "Promise.all starts one asynchronous call that may do I/O per item of `files`",
    ),
    objectFanOutCase(
      "round 36 boundary: a package's own promises property (fs_1.default.promises.readFile after fs-extra) is no Node module's promise API: an unknown call",
      '__importDefault(require("fs-extra"))',
      "fs_1.default.promises.readFile(f)",
      "Promise.all starts one asynchronous call that may do I/O per item of `files`",
    ),
    objectFanOutCase(
      "round 36 boundary: another property of the module object (fs_1.default.client.readFile) is an object of the module's making: an unknown call",
      '__importDefault(require("fs-extra"))',
      "fs_1.default.client.readFile(f)",
      "Promise.all starts one asynchronous call that may do I/O per item of `files`",
    ),
    {
      name: "a folder read in a method that calls itself through this: a walk down the tree",
      files: noDeps,
      options: defaults,
      code: `import { readdir, stat } from "node:fs/promises";\nexport class Tree {\n  async walk(dir: string): Promise<number> {\n    const names = await readdir(dir);\n    const sizes = await Promise.all(names.map(async n => ((await stat(dir + "/" + n)).isDirectory() ? this.walk(dir + "/" + n) : 1)));\n    return sizes.reduce((a, b) => a + b, 0);\n  }\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 25, message: "Promise.all does one file-system operation per item of `names`" }],
      output: boundedFix(
        `import { readdir, stat } from "node:fs/promises";\nexport class Tree {\n  async walk(dir: string): Promise<number> {\n    const names = await readdir(dir);\n    const sizes = await Promise.all(names.map(async n => ((await stat(dir + "/" + n)).isDirectory() ? this.walk(dir + "/" + n) : 1)));\n    return sizes.reduce((a, b) => a + b, 0);\n  }\n}\n`,
        `Promise.all(names.map(async n => ((await stat(dir + "/" + n)).isDirectory() ? this.walk(dir + "/" + n) : 1)))`,
        `mapWithConcurrency(names, 8, async n => ((await stat(dir + "/" + n)).isDirectory() ? this.walk(dir + "/" + n) : 1))`,
      ),
    },
    {
      name: "session 22 boundary: a received request's body (`request.body`) is still evidence, unlike a response's",
      options: defaults,
      code: `declare function get(url: string): Promise<{ body: { url: string }[] }>;\nexport async function handle(request: { body: { url: string }[] }) {\n  return Promise.all(request.body.map(e => get(e.url)));\n}\n`,
      errors: [{ messageId: "map", line: 3, column: 10, message: "the body of a request (`request.body`)" }],
      output: boundedFix(
        `declare function get(url: string): Promise<{ body: { url: string }[] }>;\nexport async function handle(request: { body: { url: string }[] }) {\n  return Promise.all(request.body.map(e => get(e.url)));\n}\n`,
        "Promise.all(request.body.map(e => get(e.url)))",
        "mapWithConcurrency(request.body, 8, e => get(e.url))",
      ),
    },
    {
      name: "session 22 boundary: a project method named reserve on an object not named for a budget or a lock bounds nothing",
      options: defaults,
      code: `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nclass Store {\n  constructor(private n: number) {}\n  async reserve(): Promise<() => void> { this.n--; return () => { this.n++; }; }\n}\nconst store = new Store(200);\nasync function read(p: string) {\n  const release = await store.reserve();\n  try { return await readFile(p, "utf8"); } finally { release(); }\n}\nexport async function readAll(dir: string) {\n  const files = await glob(dir + "/**/*");\n  return Promise.all(files.map(f => read(f)));\n}\n`,
      errors: [{ messageId: "map", line: 14, column: 10, message: "per item of `files`" }],
      output: boundedFix(
        `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nclass Store {\n  constructor(private n: number) {}\n  async reserve(): Promise<() => void> { this.n--; return () => { this.n++; }; }\n}\nconst store = new Store(200);\nasync function read(p: string) {\n  const release = await store.reserve();\n  try { return await readFile(p, "utf8"); } finally { release(); }\n}\nexport async function readAll(dir: string) {\n  const files = await glob(dir + "/**/*");\n  return Promise.all(files.map(f => read(f)));\n}\n`,
        "Promise.all(files.map(f => read(f)))",
        "mapWithConcurrency(files, 8, f => read(f))",
      ),
    },
    {
      name: "session 22 boundary: a glob with a wildcard in a folder of its path descends, a tree",
      options: defaults,
      code: `import { rm } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nexport async function clearApps(root: string) {\n  const plists = await glob(\`\${root}/*/*.app/Info.plist\`);\n  await Promise.all(plists.map(p => rm(p)));\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 9, message: "per item of `plists`" }],
      output: boundedFix(
        `import { rm } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nexport async function clearApps(root: string) {\n  const plists = await glob(\`\${root}/*/*.app/Info.plist\`);\n  await Promise.all(plists.map(p => rm(p)));\n}\n`,
        "Promise.all(plists.map(p => rm(p)))",
        "mapWithConcurrency(plists, 8, p => rm(p))",
      ),
    },
    {
      name: "session 22 boundary: a listing filtered to what the object's state does NOT hold is as wide as the listing",
      options: defaults,
      code: `import { rm } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nexport class Recorder {\n  private started = new Set<string>();\n  async cleanup(dir: string) {\n    const files = await glob(dir + "/**/*.mp4");\n    await Promise.all(files.filter(f => !this.started.has(f)).map(f => rm(f)));\n  }\n}\n`,
      errors: [{ messageId: "map", line: 7, column: 11, message: "per item of `files.filter" }],
      output: boundedFix(
        `import { rm } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nexport class Recorder {\n  private started = new Set<string>();\n  async cleanup(dir: string) {\n    const files = await glob(dir + "/**/*.mp4");\n    await Promise.all(files.filter(f => !this.started.has(f)).map(f => rm(f)));\n  }\n}\n`,
        "Promise.all(files.filter(f => !this.started.has(f)).map(f => rm(f)))",
        "mapWithConcurrency(files.filter(f => !this.started.has(f)), 8, f => rm(f))",
      ),
    },
    {
      name: "session 32 boundary: one caller of the helper's caller passes a pattern that descends, a tree",
      options: defaults,
      files: {
        ...noDeps,
        "react.ts": `import { processCss } from "./case.js";\nconst cssGlobs = ["static/css/*.css"];\nexport async function adapt() { await processCss(cssGlobs); }\n`,
        "vue.ts": `import { processCss } from "./case.js";\nexport async function adapt() { await processCss(["static/**/*.css"]); }\n`,
      },
      code: `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string[]): Promise<string[]>;\nasync function findFiles(globs: string[]) { return glob(globs); }\nexport async function processCss(cssGlobs: string[]) {\n  const files = await findFiles(cssGlobs);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
      errors: [{ messageId: "map", line: 6, column: 9, message: "per item of `files`" }],
      output: boundedFix(
        `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string[]): Promise<string[]>;\nasync function findFiles(globs: string[]) { return glob(globs); }\nexport async function processCss(cssGlobs: string[]) {\n  const files = await findFiles(cssGlobs);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
        'Promise.all(files.map(f => readFile(f, "utf8")))',
        'mapWithConcurrency(files, 8, f => readFile(f, "utf8"))',
      ),
    },
    {
      name: "session 32 boundary: a pattern parameter nothing in the project passes is the users' pattern, a tree",
      options: defaults,
      code: `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nexport async function readMatches(pattern: string) {\n  const files = await glob(pattern);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
      errors: [{ messageId: "map", line: 5, column: 9, message: "per item of `files`" }],
      output: boundedFix(
        `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nexport async function readMatches(pattern: string) {\n  const files = await glob(pattern);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
        'Promise.all(files.map(f => readFile(f, "utf8")))',
        'mapWithConcurrency(files, 8, f => readFile(f, "utf8"))',
      ),
    },
    {
      name: "session 32 boundary: a pattern held by a let can be given a tree's pattern",
      options: defaults,
      code: `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nexport async function readMatches() {\n  let pattern = "docs/*.md";\n  if (process.env.ALL) pattern = "docs/**/*.md";\n  const files = await glob(pattern);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
      errors: [{ messageId: "map", line: 7, column: 9, message: "per item of `files`" }],
      output: boundedFix(
        `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nexport async function readMatches() {\n  let pattern = "docs/*.md";\n  if (process.env.ALL) pattern = "docs/**/*.md";\n  const files = await glob(pattern);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
        'Promise.all(files.map(f => readFile(f, "utf8")))',
        'mapWithConcurrency(files, 8, f => readFile(f, "utf8"))',
      ),
    },
    {
      name: "session 32 boundary: a constant list of patterns the file grows holds more than its literal",
      options: defaults,
      code: `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string[]): Promise<string[]>;\nconst docGlobs = ["docs/*.md"];\nexport async function readDocs(all: boolean, extra: string) {\n  if (all) docGlobs.push(extra);\n  const files = await glob(docGlobs);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
      errors: [{ messageId: "map", line: 7, column: 9, message: "per item of `files`" }],
      output: boundedFix(
        `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string[]): Promise<string[]>;\nconst docGlobs = ["docs/*.md"];\nexport async function readDocs(all: boolean, extra: string) {\n  if (all) docGlobs.push(extra);\n  const files = await glob(docGlobs);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
        'Promise.all(files.map(f => readFile(f, "utf8")))',
        'mapWithConcurrency(files, 8, f => readFile(f, "utf8"))',
      ),
    },
    {
      name: "session 32 boundary: a helper that assigns its pattern parameter can descend whatever it is passed",
      options: defaults,
      code: `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nasync function matches(pattern: string, deep: boolean) {\n  if (deep) pattern = "**/" + pattern;\n  return glob(pattern);\n}\nexport async function readDocs(deep: boolean) {\n  const files = await matches("*.md", deep);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
      errors: [{ messageId: "map", line: 9, column: 9, message: "per item of `files`" }],
      output: boundedFix(
        `import { readFile } from "node:fs/promises";\ndeclare function glob(p: string): Promise<string[]>;\nasync function matches(pattern: string, deep: boolean) {\n  if (deep) pattern = "**/" + pattern;\n  return glob(pattern);\n}\nexport async function readDocs(deep: boolean) {\n  const files = await matches("*.md", deep);\n  await Promise.all(files.map(f => readFile(f, "utf8")));\n}\n`,
        'Promise.all(files.map(f => readFile(f, "utf8")))',
        'mapWithConcurrency(files, 8, f => readFile(f, "utf8"))',
      ),
    },
  ],
};

ruleTester<MessageId>("unbounded-concurrency", { valid: cases.valid.map(asPackage), invalid: cases.invalid.map(asPackage) });

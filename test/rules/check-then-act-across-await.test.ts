import { test } from "node:test";
import assert from "node:assert/strict";
import { ruleTester, type CaseBase, type InvalidCase, type ValidCase } from "./rule-tester";
import { checkThenActAcrossAwait, type MessageId } from "../../server/src/rules/check-then-act-across-await";

// Every case is its own package: under ours, a file in test/ would count as a test file.
const ownPackage = { "package.json": `{"name":"case","type":"module"}` };
function asPackage<T extends ValidCase | InvalidCase>(c: T): T {
  const base: CaseBase = typeof c === "string" ? { code: c } : c;
  return { ...base, files: { ...ownPackage, ...base.files } } as unknown as T;
}

// The work a second call repeats is a request (fetch, through the project's functions' I/O summaries).
const head = `interface Conn { close(): void }\ndeclare function session(id: string): Conn;\nasync function connect(): Promise<Conn> {\n  const res = await fetch("https://db.example/sessions", { method: "POST" });\n  return session(await res.text());\n}\nasync function load(key: string): Promise<string> {\n  return (await fetch("https://api.example/" + key)).text();\n}\n`;

// Session 24, round 32: code nothing can call (analysis/uncalled-code.ts, shared with
// missing-timeout, retry-without-backoff and blocking-call-in-async): no call of it overlaps
// another. A get-or-create of a module whose program or closed package entry imports only a
// sibling of it, or a module-level function its module neither exports nor uses.
const dbCode = `${head}let conn: Conn | undefined;\nexport async function get() {\n  if (!conn) conn = await connect();\n  return conn;\n}\nexport function isReady() {\n  return conn !== undefined;\n}\n`;
const dbFixed = `${head}let conn: Conn | undefined;\nlet connPending: Promise<Conn> | undefined;\nexport async function get() {\n  if (!conn) {\n    connPending ??= connect().finally(() => { connPending = undefined; });\n    conn = await connPending;\n  }\n  return conn;\n}\nexport function isReady() {\n  return conn !== undefined;\n}\n`;
const dbEntry = `import { isReady } from "./db.js";\nconsole.log(isReady());\n`;
const cliOnly = { "package.json": `{"name":"case","type":"module","bin":{"case":"cli.js"}}`, "cli.ts": dbEntry };
const closedExports = {
  "package.json": `{"name":"case","type":"module","exports":{".":"./index.js","./package.json":"./package.json"}}`,
  "index.ts": `import { isReady } from "./db.js";\nexport function ready() {\n  return isReady();\n}\n`,
};
const cacheCode = `${head}const cache = new Map<string, string>();\nasync function user(key: string) {\n  if (!cache.has(key)) {\n    const value = await load(key);\n    cache.set(key, value);\n  }\n  return cache.get(key);\n}\n`;

// Session 25, round 34: calls that cannot overlap (analysis/run-mode/one-at-a-time.ts, the start-up
// paths blocking-call-in-async asks too): the get-or-create runs only on start-up or one-shot paths,
// and each call on the way is awaited before the next, so no second call finds the location absent.
const mainCalls = (body: string) => `${cacheCode}async function main(keys: string[]) {\n${body}}\nawait main(process.argv.slice(2));\n`;
const commandFiles = (cli: string) => ({ ...cliOnly, "cli.ts": cli });
const oneAtATimeValid: ValidCase[] = [
  {
    name: "round 34: a module-private cache filler that only `main()` calls, one key after another (awaited in a for...of)",
    code: mainCalls("  for (const key of keys) console.log(await user(key));\n"),
  },
  {
    name: "round 34: ... `main()` awaits it once",
    code: mainCalls("  console.log(await user(keys[0]!));\n"),
  },
  {
    name: "round 34: a get-or-create of a command-line program that its entry awaits once at top level",
    code: dbCode,
    filename: "db.ts",
    files: commandFiles(`import { get } from "./db.js";\nconsole.log(await get());\n`),
  },
  {
    name: "round 34: ... that one command's action awaits, step after step (commander's `.action`)",
    code: dbCode,
    filename: "db.ts",
    files: commandFiles(
      `import { get } from "./db.js";\ndeclare const program: { command(n: string): { action(f: () => Promise<void>): void } };\nprogram.command("status").action(async () => {\n  await get();\n  console.log(await get());\n});\n`,
    ),
  },
  {
    name: "round 34: a module-private filler exported in a list (`export { user }`) that a command-line program's entry awaits once",
    code: `${cacheCode}export { user };\n`,
    filename: "db.ts",
    files: commandFiles(`import { user } from "./db.js";\nconsole.log(await user("a"));\n`),
  },
];
// Session 32, round 44: a listener of the process's last-resort events runs at shutdown, like an
// 'uncaughtException' one (analysis/run-mode/shutdown-handlers.ts): Node ends the process on an
// unhandled rejection too (since Node 15), and the listener is the program's last word before it
// exits. Its awaited call of the filler does not make the one-shot program's calls overlap.
const lastResortListener = (event: string) =>
  `process.on("${event}", async (reason: unknown) => {\n  console.error(reason, await user("error"));\n  process.exit(1);\n});\n`;
const lastResortValid: ValidCase[] = [
  {
    name: "round 44: a filler that `main()` awaits and a process 'unhandledRejection' listener awaits (shutdown code, as 'uncaughtException')",
    code: `${mainCalls("  console.log(await user(keys[0]!));\n")}${lastResortListener("unhandledRejection")}`,
  },
  {
    name: "round 44: ... the listener registered by a set-up function that `main()` calls",
    code: `${cacheCode}function onFatal() {\n  ${lastResortListener("unhandledRejection").replaceAll("\n", "\n  ").trimEnd()}\n}\nasync function main(keys: string[]) {\n  onFatal();\n  for (const key of keys) console.log(await user(key));\n}\nawait main(process.argv.slice(2));\n`,
  },
];
const lastResortBoundary: InvalidCase<MessageId>[] = [
  {
    name: "round 44 boundary: the same filler awaited by a process 'message' listener (one call per message from the parent: the calls overlap)",
    code: `${mainCalls("  console.log(await user(keys[0]!));\n")}${lastResortListener("message")}`,
    errors: [{ line: 14, column: 5, messageId: "entry" }],
  },
];
// Session 26, round 37: a yargs command is a command of the program like commander's `.action`
// (analysis/run-mode/cli-commands.ts): a module's `handler` exported beside yargs's `desc`,
// `describe` or `builder`, the same in an object literal given to `.command(...)`, or the function
// after `.command(name, "description", ...)`. yargs runs the one command the process was started with.
const yargsDecl = `declare const yargs: { command(...a: unknown[]): typeof yargs; parse(): void };\n`;
const yargsValid: ValidCase[] = [
  {
    name: "round 37: a get-or-create that a yargs command module's handler awaits (`export const desc`, `builder`, `handler`)",
    code: dbCode,
    filename: "db.ts",
    files: {
      ...commandFiles(`import * as status from "./cmds/status.js";\n${yargsDecl}yargs.command(status).parse();\n`),
      "cmds/status.ts": `import { get } from "../db.js";\nexport const desc = "Show the connection";\nexport const builder = {};\nexport const handler = async () => {\n  console.log(await get());\n};\n`,
    },
  },
  {
    name: "round 37: ... the `handler` of a command object given to `.command({ command, describe, handler })`",
    code: dbCode,
    filename: "db.ts",
    files: commandFiles(
      `import { get } from "./db.js";\n${yargsDecl}yargs\n  .command({\n    command: "status",\n    describe: "Show the connection",\n    handler: async () => {\n      console.log(await get());\n    },\n  })\n  .parse();\n`,
    ),
  },
  {
    name: 'round 37: ... the handler after `.command(name, "description", builder, handler)`',
    code: dbCode,
    filename: "db.ts",
    files: commandFiles(
      `import { get } from "./db.js";\n${yargsDecl}yargs.command("status", "Show the connection", () => {}, async () => console.log(await get())).parse();\n`,
    ),
  },
];
const yargsBoundary: InvalidCase<MessageId>[] = [
  {
    name: "round 37 boundary: a yargs command's handler that fans out over its arguments (`Promise.all(keys.map(...))`): the calls overlap",
    code: `${cacheCode}export { user };\n`,
    filename: "db.ts",
    files: {
      ...commandFiles(`import * as warm from "./cmds/warm.js";\n${yargsDecl}yargs.command(warm).parse();\n`),
      "cmds/warm.ts": `import { user } from "../db.js";\nexport const desc = "Load the users";\nexport const handler = async (argv: { keys: string[] }) => {\n  console.log(await Promise.all(argv.keys.map(key => user(key))));\n};\n`,
    },
    errors: [{ line: 14, column: 5, messageId: "entry" }],
  },
  {
    name: "round 37 boundary: a server's tool module exporting `handler` beside `description` (no yargs word: its handler runs per request)",
    code: dbCode,
    filename: "db.ts",
    files: {
      ...commandFiles(
        `import * as status from "./tools/status.js";\ndeclare const server: { tool(t: object): void; listen(): void };\nserver.tool(status);\nserver.listen();\n`,
      ),
      "tools/status.ts": `import { get } from "../db.js";\nexport const description = "Show the connection";\nexport const inputSchema = {};\nexport const handler = async () => {\n  return String(await get());\n};\n`,
    },
    errors: [{ line: 12, column: 14, messageId: "lazyInit" }],
    output: dbFixed,
  },
  {
    name: "round 37 boundary: a chat bot's `bot.command(name, handler)` (the handler right after the name: run per message)",
    code: dbCode,
    filename: "db.ts",
    files: commandFiles(
      `import { get } from "./db.js";\ndeclare const bot: { command(name: string, h: (ctx: { reply(s: string): Promise<void> }) => Promise<void>): void; launch(): void };\nbot.command("status", async ctx => ctx.reply(String(await get())));\nbot.launch();\n`,
    ),
    errors: [{ line: 12, column: 14, messageId: "lazyInit" }],
    output: dbFixed,
  },
];
const oneAtATimeBoundary: InvalidCase<MessageId>[] = [
  {
    name: "round 34 boundary: `main()` fans out over the keys (`Promise.all(keys.map(...))`): the calls overlap",
    code: mainCalls("  console.log(await Promise.all(keys.map(key => user(key))));\n"),
    errors: [{ line: 14, column: 5, messageId: "entry" }],
  },
  {
    name: "round 34 boundary: `main()` starts two calls before awaiting either",
    code: mainCalls("  const [a, b] = await Promise.all([user(keys[0]!), user(keys[1]!)]);\n  console.log(a, b);\n"),
    errors: [{ line: 14, column: 5, messageId: "entry" }],
  },
  {
    name: "round 34 boundary: the same filler that `main()` awaits is also called by a request handler",
    code: `${mainCalls("  console.log(await user(keys[0]!));\n")}declare const server: { on(event: "request", h: (req: { url: string }, res: { end(s?: string): void }) => Promise<void>): void };\nserver.on("request", async (req, res) => {\n  res.end(await user(req.url));\n});\n`,
    errors: [{ line: 14, column: 5, messageId: "entry" }],
  },
  {
    name: "round 34 boundary: a get-or-create its program awaits once, in a package other packages may import (`main`): their code may call it in any way",
    code: dbCode,
    filename: "db.ts",
    files: { "package.json": `{"name":"case","type":"module","main":"cli.js"}`, "cli.ts": `import { get } from "./db.js";\nconsole.log(await get());\n` },
    errors: [{ line: 12, column: 14, messageId: "lazyInit" }],
    output: dbFixed,
  },
  {
    name: "round 34 boundary: ... also when the module exports it in a list (`export { get }`)",
    code: `${cacheCode}export { user };\n`,
    filename: "db.ts",
    files: { "package.json": `{"name":"case","type":"module","main":"cli.js"}`, "cli.ts": `import { user } from "./db.js";\nconsole.log(await user("a"));\n` },
    errors: [{ line: 14, column: 5, messageId: "entry" }],
  },
  {
    name: "round 34 boundary: a get-or-create named like a start-up function (`init`) that every public method awaits: its own name shows nothing",
    code: `${head}export class Db {\n  private conn?: Conn;\n  async init() {\n    if (!this.conn) this.conn = await connect();\n    return this.conn;\n  }\n  async query() {\n    return (await this.init()).close();\n  }\n}\n`,
    errors: [{ line: 13, column: 21, messageId: "lazyInit" }],
    output: `${head}export class Db {\n  private conn?: Conn;\n  private connPending: Promise<Conn> | undefined;\n  async init() {\n    if (!this.conn) {\n      this.connPending ??= connect().finally(() => { this.connPending = undefined; });\n      this.conn = await this.connPending;\n    }\n    return this.conn;\n  }\n  async query() {\n    return (await this.init()).close();\n  }\n}\n`,
  },
];

// Session 27, round 38: a name looked up (Node's `dns`: `lookup`, `resolve*`, `reverse`) is no costly
// resource: the system's resolver answers it again, nothing is opened or held, and the same address
// is stored. Work that goes on to a request or a connection is still judged by that.
const dnsValid: ValidCase[] = [
  {
    name: "round 38: a Map of addresses filled from `dns.promises.lookup` after the await",
    code: `import * as dns from "node:dns";\nexport class Util {\n  private dnsCache = new Map<string, string>();\n  async dnsLookup(host: string) {\n    if (!this.dnsCache.has(host)) {\n      const result = await dns.promises.lookup(host);\n      this.dnsCache.set(host, result.address ?? host);\n    }\n    return this.dnsCache.get(host);\n  }\n}\n`,
  },
  {
    name: "round 38: a module variable filled from a project function that resolves TXT records (`resolveTxt` from `dns/promises`)",
    code: `import { resolveTxt } from "node:dns/promises";\nasync function records(domain: string) {\n  return (await resolveTxt(domain)).flat();\n}\nlet policy: string[] | undefined;\nexport async function getPolicy() {\n  if (!policy) policy = await records("_policy.example.com");\n  return policy;\n}\n`,
  },
];
const dnsBoundary: InvalidCase<MessageId>[] = [
  {
    name: "round 38 boundary: the address looked up is then asked for over HTTP (a request per overlapping call)",
    code: `import { lookup } from "node:dns/promises";\nconst info = new Map<string, string>();\nexport async function deviceInfo(host: string) {\n  if (!info.has(host)) {\n    const { address } = await lookup(host);\n    const res = await fetch("http://" + address + "/query/device-info");\n    info.set(host, await res.text());\n  }\n  return info.get(host);\n}\n`,
    errors: [{ line: 7, column: 5, messageId: "entry" }],
  },
  {
    name: "round 38 boundary: ... through one project function that looks the name up first and then sends the request",
    code: `import { lookup } from "node:dns/promises";\nasync function fetchInfo(host: string) {\n  const { address } = await lookup(host);\n  return (await fetch("http://" + address + "/info")).text();\n}\nconst info = new Map<string, string>();\nexport async function deviceInfo(host: string) {\n  if (!info.has(host)) info.set(host, await fetchInfo(host));\n  return info.get(host);\n}\n`,
    errors: [{ line: 8, column: 24, messageId: "entry" }],
    output: `import { lookup } from "node:dns/promises";\nasync function fetchInfo(host: string) {\n  const { address } = await lookup(host);\n  return (await fetch("http://" + address + "/info")).text();\n}\nconst info = new Map<string, string>();\nconst infoPending = new Map<string, Promise<string>>();\nexport async function deviceInfo(host: string) {\n  if (!info.has(host)) {\n    let pending = infoPending.get(host);\n    if (!pending) infoPending.set(host, (pending = fetchInfo(host).finally(() => infoPending.delete(host))));\n    info.set(host, await pending);\n  }\n  return info.get(host);\n}\n`,
  },
  {
    name: "round 38 boundary: ... or connects to it (a socket per overlapping call)",
    code: `import { lookup } from "node:dns/promises";\nimport * as net from "node:net";\nasync function open(host: string) {\n  const { address } = await lookup(host);\n  const socket = net.connect(80, address);\n  await new Promise(resolve => socket.once("connect", resolve));\n  return socket;\n}\nlet socket: net.Socket | undefined;\nexport async function getSocket() {\n  if (!socket) socket = await open("device.local");\n  return socket;\n}\n`,
    errors: [{ line: 11, column: 16, messageId: "lazyInit" }],
    output: `import { lookup } from "node:dns/promises";\nimport * as net from "node:net";\nasync function open(host: string) {\n  const { address } = await lookup(host);\n  const socket = net.connect(80, address);\n  await new Promise(resolve => socket.once("connect", resolve));\n  return socket;\n}\nlet socket: net.Socket | undefined;\nlet socketPending: Promise<net.Socket> | undefined;\nexport async function getSocket() {\n  if (!socket) {\n    socketPending ??= open("device.local").finally(() => { socketPending = undefined; });\n    socket = await socketPending;\n  }\n  return socket;\n}\n`,
  },
];

/** A module-level token filled after a request, as tsc compiles it to CommonJS, calling the request through `call`. */
const compiledTokenFiller = (call: string, required = `require("undici")`) =>
  `"use strict";\nconst undici_1 = ${required};\nfunction note() {}\nlet token;\nasync function getToken() {\n  if (!token) {\n    const res = await ${call}("https://auth.example/token");\n    token = res.headers["x-token"];\n  }\n  return token;\n}\nmodule.exports = { getToken };\n`;

const cases: { valid: ValidCase[]; invalid: InvalidCase<MessageId>[] } = {
  valid: [
    // Round 35 boundary: a comma whose left side runs code is no compiled call: an unknown call, not a request.
    { code: compiledTokenFiller("(note(), undici_1.request)"), filename: "case.cjs" },
    // Round 36 boundaries: the default import's method after a wrapper that is no interop helper,
    // and another property of the module object, are not known to be the module's call.
    { code: compiledTokenFiller("undici_1.default.request", `wrapModule(require("undici"))`), filename: "case.cjs" },
    { code: compiledTokenFiller("undici_1.default.client.request", `__importDefault(require("undici"))`), filename: "case.cjs" },
    ...oneAtATimeValid,
    ...lastResortValid,
    ...yargsValid,
    ...dnsValid,
    {
      name: "round 32: a get-or-create of a command-line program's module that no module of the program names (its entry imports a sibling): it never runs",
      code: dbCode,
      filename: "db.ts",
      files: cliOnly,
    },
    {
      name: "round 32: ... also in a library whose `exports` names each subpath, the module imported by the entry for a sibling only",
      code: dbCode,
      filename: "db.ts",
      files: closedExports,
    },
    {
      name: "round 32: a module-level cache filler that its module neither exports nor uses",
      code: `${cacheCode}export const name = "users";\n`,
    },
    // The pending promise is stored at once: later calls wait for it.
    `${head}export class Db {\n  private conn?: Promise<Conn>;\n  async get() {\n    this.conn ??= connect();\n    return this.conn;\n  }\n}\n`,
    `${head}const pending = new Map<string, Promise<string>>();\nexport async function get(key: string) {\n  if (!pending.has(key)) pending.set(key, load(key));\n  return pending.get(key);\n}\n`,
    // The fix's own shape (pending-fix.ts): the call in flight is kept in a pending location beside the location.
    `${head}export class Db {\n  private conn?: Conn;\n  private connPending: Promise<Conn> | undefined;\n  async get() {\n    if (!this.conn) {\n      this.connPending ??= connect().finally(() => { this.connPending = undefined; });\n      this.conn = await this.connPending;\n    }\n    return this.conn;\n  }\n}\nlet other: Conn | undefined;\nlet otherPending: Promise<Conn> | undefined;\nexport async function again() {\n  if (other == null) {\n    otherPending ??= connect().finally(() => { otherPending = undefined; });\n    other = await otherPending;\n  }\n  return other;\n}\n`,
    // A busy flag written before the first await.
    `${head}export class Db {\n  private conn?: Conn;\n  private connecting = false;\n  async get() {\n    if (!this.conn && !this.connecting) {\n      this.connecting = true;\n      this.conn = await connect();\n      this.connecting = false;\n    }\n    return this.conn;\n  }\n}\n`,
    // Tested again after the await (double-checked).
    `${head}export class Db {\n  private conn?: Conn;\n  async get() {\n    if (!this.conn) {\n      const c = await connect();\n      if (this.conn) { c.close(); return this.conn; }\n      this.conn = c;\n    }\n    return this.conn;\n  }\n}\n`,
    // Locals and parameters are the call's own.
    `${head}export async function get(cache: Map<string, string>, key: string) {\n  let value: string | undefined;\n  if (!value) value = await load(key);\n  if (!cache.has(key)) cache.set(key, await load(key));\n  return value;\n}\n`,
    // Request-scoped objects: each request has its own (a route handler's `req`, a Koa `ctx`), even
    // where the handler hands the value out (the same shape on a module variable is reported).
    `${head}interface Req { user?: Conn }\ninterface Ctx { state: { conn?: Conn } }\ndeclare const app: { get(path: string, h: (req: Req) => Promise<Conn>): void };\ndeclare const router: { use(h: (ctx: Ctx) => Promise<Conn>): void };\napp.get("/me", async (req) => {\n  if (!req.user) req.user = await connect();\n  return req.user;\n});\nrouter.use(async (ctx) => {\n  if (!ctx.state.conn) {\n    ctx.state.conn = await connect();\n  }\n  return ctx.state.conn;\n});\n`,
    // A lock around the section.
    `${head}declare const mutex: { runExclusive<T>(f: () => Promise<T>): Promise<T> };\nlet conn: Conn | undefined;\nexport function get() {\n  return mutex.runExclusive(async () => {\n    if (!conn) conn = await connect();\n    return conn;\n  });\n}\n`,
    // Emptied after the await (a reset), not filled; no await between test and write.
    `${head}export class Db {\n  private conn?: Conn;\n  async close() {\n    if (this.conn) {\n      await Promise.resolve();\n      this.conn = undefined;\n    }\n  }\n  async get() {\n    if (!this.conn) this.conn = { close() {} };\n    await Promise.resolve();\n    return this.conn;\n  }\n}\n`,
    // A Map-like object that is not a Map.
    `${head}declare const store: { has(k: string): boolean; set(k: string, v: string): void };\nexport async function get(key: string) {\n  if (!store.has(key)) store.set(key, await load(key));\n}\n`,
    // A state flag set after the work, and a presence test that throws: guards against misuse ("already started"), not a cache.
    `${head}export class Worker {\n  private started = false;\n  private conn?: Conn;\n  async start() {\n    if (this.started) return;\n    await connect();\n    this.started = true;\n  }\n  async open() {\n    if (this.conn) throw new Error("already open");\n    this.conn = await connect();\n  }\n}\n`,
    // A procedure that fills state and hands out nothing (a driver's connect()): run once in a start-up sequence.
    `${head}export class Driver {\n  private conn?: Conn;\n  async connect() {\n    if (!this.conn) this.conn = await connect();\n  }\n}\n`,
    // An async IIFE at module level runs once.
    `${head}let conn: Conn | undefined;\nvoid (async () => {\n  if (!conn) conn = await connect();\n})();\n`,
    // Only a promise already made is awaited: a second call waits for the same one.
    `${head}export class Client {\n  private raw?: Conn;\n  constructor(private rawPromise: Promise<Conn>) {}\n  async get() {\n    if (this.raw) return this.raw;\n    this.raw = await this.rawPromise;\n    return this.raw;\n  }\n}\n`,
    // Only module loads between the test and the write: a second import() returns the module the runtime cached.
    `let yaml: typeof import("node:util") | undefined;\nexport async function getYaml() {\n  if (!yaml) yaml = await import("node:util");\n  return yaml;\n}\nexport class Plugins {\n  private mod?: unknown;\n  async get() {\n    this.mod ??= await import("node:path").then(m => m.default);\n    return this.mod;\n  }\n}\n`,
    // The duplicated work costs nothing that matters (session 11: the false class of the held-out
    // draws): a value computed in memory, a read of the same file, an asynchronous call of unknown
    // effect. Overlapping calls compute the same value again; nothing is opened, sent or lost.
    `export class Token {\n  private id?: string;\n  constructor(private readonly text: string) {}\n  async get() {\n    if (!this.id) this.id = await digest(this.text);\n    return this.id;\n  }\n}\nasync function digest(text: string): Promise<string> {\n  return [...text].reverse().join("");\n}\n`,
    `import { readFile } from "node:fs/promises";\nlet manifest: { version: string } | undefined;\nexport async function version() {\n  if (!manifest) manifest = JSON.parse(await readFile("package.json", "utf8")) as { version: string };\n  return manifest.version;\n}\n`,
    `interface Settings { depth: number }\ndeclare function resolveSettings(): Promise<Settings>;\nlet settings: Settings | undefined;\nexport async function current() {\n  if (!settings) settings = await resolveSettings();\n  return settings;\n}\n`,
    // A hand-rolled lock: the function waits for the promise in a field and replaces it with its
    // own before the test, so its calls run one after another and the second finds the cache filled.
    `${head}export class Models {\n  private lock: Promise<void> = Promise.resolve();\n  private cache?: string;\n  async list() {\n    await this.lock;\n    let release!: () => void;\n    this.lock = new Promise<void>(r => {\n      release = r;\n    });\n    try {\n      if (this.cache) return this.cache;\n      const value = await load("models");\n      this.cache = value;\n      return value;\n    } finally {\n      release();\n    }\n  }\n}\n`,
    // A private method that every call in its class runs inside the class's promise chain (a
    // method that chains each operation on a promise field and replaces it): one at a time.
    `${head}export class Session {\n  #id?: string;\n  #op: Promise<unknown> = Promise.resolve();\n  get() {\n    return this.#chained(() => this.#getId());\n  }\n  async add(item: string) {\n    const id = await this.#chained(async () => {\n      const found = await this.#getId();\n      return found + item;\n    });\n    return id;\n  }\n  async #getId() {\n    if (!this.#id) this.#id = await load("session");\n    return this.#id;\n  }\n  #chained<T>(op: () => Promise<T>): Promise<T> {\n    const result = this.#op.then(op);\n    this.#op = result.then(\n      () => undefined,\n      () => undefined,\n    );\n    return result;\n  }\n}\n`,
    // The stored value is not made from the awaited work's results: the await is a preparation
    // step (its own result, if any, is its own cache's business), and what is stored is computed
    // in memory after it. Overlapping calls store equal values; no resource is made twice.
    `${head}export class Paths {\n  private path?: string;\n  constructor(private readonly dir: string) {}\n  async snapshot() {\n    if (!this.path) {\n      await load("prepare");\n      const { join } = await import("node:path");\n      this.path = join(this.dir, "snapshot.json");\n    }\n    return this.path;\n  }\n}\n`,
    // A property of a parameter or a local object is the call's own, not a class's static field.
    `${head}interface Holder { conn?: Conn }\nexport async function get(holder: Holder) {\n  const local: Holder = {};\n  if (!holder.conn) holder.conn = await connect();\n  if (!local.conn) local.conn = await connect();\n  return [holder.conn, local.conn];\n}\n`,
    // Test files are skipped.
    { code: `${head}let conn: Conn | undefined;\nexport async function get() {\n  if (!conn) conn = await connect();\n}\n`, filename: "db.test.ts" },
  ],
  invalid: [
    // Session 25, round 35: compiled CommonJS calls a named import through a comma,
    // `(0, undici_1.request)(url)`: the shared I/O summary reads it as undici's request, an HTTP request.
    {
      name: "round 35: a token filled after (0, undici_1.request)(url) in compiled CommonJS: an HTTP request",
      code: compiledTokenFiller("(0, undici_1.request)"),
      filename: "case.cjs",
      errors: [{ line: 8, column: 5, messageId: "lazyInit" }],
    },
    // Session 25, round 36: a method of the module object reached through `default` (compiled
    // CommonJS's default import) is the module's call: undici's request, an HTTP request.
    {
      name: "round 36: a token filled after undici_1.default.request(url) after tsc's __importDefault(require(...)): an HTTP request",
      code: compiledTokenFiller("undici_1.default.request", `__importDefault(require("undici"))`),
      filename: "case.cjs",
      errors: [{ line: 8, column: 5, messageId: "lazyInit" }],
    },
    // Round 32 boundary: code its package's users or its own code can reach.
    {
      name: "round 32 boundary: the same get-or-create in a package others can import by any path (`main`, no `exports`): its users may call it",
      code: dbCode,
      filename: "db.ts",
      files: { "package.json": `{"name":"case","type":"module","main":"index.js"}`, "index.ts": closedExports["index.ts"] },
      errors: [{ line: 12, column: 14, messageId: "lazyInit" }],
      output: dbFixed,
    },
    {
      name: "round 32 boundary: the same get-or-create in a command-line program that calls it per item of a fan-out (round 34: once, awaited, is exempt)",
      code: dbCode,
      filename: "db.ts",
      files: { ...cliOnly, "cli.ts": `import { get } from "./db.js";\nconsole.log(await Promise.all(process.argv.map(async () => get())));\n` },
      errors: [{ line: 12, column: 14, messageId: "lazyInit" }],
      output: dbFixed,
    },
    ...oneAtATimeBoundary,
    ...lastResortBoundary,
    ...yargsBoundary,
    ...dnsBoundary,
    {
      name: "round 32 boundary: a module-private cache filler that the module's request handler calls (concurrent requests both miss the key)",
      code: `${cacheCode}declare const server: { on(event: "request", h: (req: { url: string }, res: { end(s?: string): void }) => Promise<void>): void };\nserver.on("request", async (req, res) => {\n  res.end(await user(req.url));\n});\n`,
      errors: [{ line: 14, column: 5, messageId: "entry" }],
    },
    {
      name: "a module load followed by other work before the write is still a race",
      code: `${head}let conn: Conn | undefined;\nexport async function get() {\n  if (!conn) {\n    await import("node:util");\n    conn = await connect();\n  }\n  return conn;\n}\n`,
      errors: [{ line: 14, column: 5, messageId: "lazyInit" }],
    },
    {
      name: "a field filled after an await",
      code: `${head}export class Db {\n  private conn?: Conn;\n  async get() {\n    if (!this.conn) {\n      this.conn = await connect();\n    }\n    return this.conn;\n  }\n}\n`,
      errors: [
        {
          line: 14,
          column: 7,
          messageId: "lazyInit",
          message: "`this.conn` is found absent",
          related: ["found absent here", "other calls run while this awaits"],
        },
      ],
      output: `${head}export class Db {\n  private conn?: Conn;\n  private connPending: Promise<Conn> | undefined;\n  async get() {\n    if (!this.conn) {\n      this.connPending ??= connect().finally(() => { this.connPending = undefined; });\n      this.conn = await this.connPending;\n    }\n    return this.conn;\n  }\n}\n`,
    },
    {
      name: "a module variable, tested with `=== undefined`, and with ??= (the fix rewrites only the write of the awaited call itself)",
      code: `${head}let conn: Conn | undefined;\nexport async function get() {\n  if (conn === undefined) {\n    const c = await connect();\n    conn = c;\n  }\n  return conn;\n}\nlet other: Conn | undefined;\nexport async function again() {\n  other ??= await connect();\n  return other;\n}\n`,
      errors: [
        { line: 14, column: 5, messageId: "lazyInit" },
        { line: 20, column: 3, messageId: "lazyInit", message: "`other` is found absent" },
      ],
      output: `${head}let conn: Conn | undefined;\nexport async function get() {\n  if (conn === undefined) {\n    const c = await connect();\n    conn = c;\n  }\n  return conn;\n}\nlet other: Conn | undefined;\nlet otherPending: Promise<Conn> | undefined;\nexport async function again() {\n  if (other == null) {\n    otherPending ??= connect().finally(() => { otherPending = undefined; });\n    other = await otherPending;\n  }\n  return other;\n}\n`,
    },
    {
      name: "a Map entry of a module-level cache",
      code: `${head}const cache = new Map<string, string>();\nexport async function get(key: string) {\n  if (!cache.has(key)) cache.set(key, await load(key));\n  return cache.get(key);\n}\n`,
      errors: [{ line: 12, column: 24, messageId: "entry", message: "`cache.get(key)`" }],
      output: `${head}const cache = new Map<string, string>();\nconst cachePending = new Map<string, Promise<string>>();\nexport async function get(key: string) {\n  if (!cache.has(key)) {\n    let pending = cachePending.get(key);\n    if (!pending) cachePending.set(key, (pending = load(key).finally(() => cachePending.delete(key))));\n    cache.set(key, await pending);\n  }\n  return cache.get(key);\n}\n`,
    },
    {
      name: "present, returned early; the rest of the block fills it (through a local that holds the entry)",
      code: `${head}export class Cache {\n  private byKey = new Map<string, string>();\n  async get(key: string) {\n    const hit = this.byKey.get(key);\n    if (hit) return hit;\n    const value = await load(key);\n    this.byKey.set(key, value);\n    return value;\n  }\n}\n`,
      errors: [{ line: 16, column: 5, messageId: "entry" }],
    },
    {
      name: "an object entry of this",
      code: `${head}export class Cache {\n  private byKey: Record<string, string> = {};\n  async get(key: string) {\n    if (!(key in this.byKey)) {\n      this.byKey[key] = await load(key);\n    }\n    return this.byKey[key];\n  }\n}\n`,
      errors: [{ line: 14, column: 7, messageId: "entry" }],
    },
    {
      name: "a request sent directly (fetch) for a missing entry",
      code: `const pages = new Map<string, string>();\nexport async function page(url: string) {\n  const hit = pages.get(url);\n  if (hit) return hit;\n  const text = await (await fetch(url)).text();\n  pages.set(url, text);\n  return text;\n}\n`,
      errors: [{ line: 6, column: 3, messageId: "entry" }],
    },
    {
      name: "a process started again, through a project function that spawns it",
      code: `import { execFile } from "node:child_process";\nfunction git(args: string[]): Promise<string> {\n  return new Promise((resolve, reject) => execFile("git", args, (err, out) => (err ? reject(err) : resolve(out))));\n}\nlet root: string | undefined;\nexport async function repoRoot() {\n  if (!root) root = await git(["rev-parse", "--show-toplevel"]);\n  return root;\n}\n`,
      errors: [{ line: 7, column: 14, messageId: "lazyInit" }],
      output: `import { execFile } from "node:child_process";\nfunction git(args: string[]): Promise<string> {\n  return new Promise((resolve, reject) => execFile("git", args, (err, out) => (err ? reject(err) : resolve(out))));\n}\nlet root: string | undefined;\nlet rootPending: Promise<string> | undefined;\nexport async function repoRoot() {\n  if (!root) {\n    rootPending ??= git(["rev-parse", "--show-toplevel"]).finally(() => { rootPending = undefined; });\n    root = await rootPending;\n  }\n  return root;\n}\n`,
    },
    {
      name: "a private method called once outside the class's promise chain is not serialized",
      code: `${head}export class Session {\n  #id?: string;\n  #op: Promise<unknown> = Promise.resolve();\n  get() {\n    return this.#chained(() => this.#getId());\n  }\n  async peek() {\n    return this.#getId();\n  }\n  async #getId() {\n    if (!this.#id) this.#id = await load("session");\n    return this.#id;\n  }\n  #chained<T>(op: () => Promise<T>): Promise<T> {\n    const result = this.#op.then(op);\n    this.#op = result.then(() => undefined);\n    return result;\n  }\n}\n`,
      errors: [{ line: 20, column: 20, messageId: "lazyInit" }],
      output: `${head}export class Session {\n  #id?: string;\n  #idPending: Promise<string> | undefined;\n  #op: Promise<unknown> = Promise.resolve();\n  get() {\n    return this.#chained(() => this.#getId());\n  }\n  async peek() {\n    return this.#getId();\n  }\n  async #getId() {\n    if (!this.#id) {\n      this.#idPending ??= load("session").finally(() => { this.#idPending = undefined; });\n      this.#id = await this.#idPending;\n    }\n    return this.#id;\n  }\n  #chained<T>(op: () => Promise<T>): Promise<T> {\n    const result = this.#op.then(op);\n    this.#op = result.then(() => undefined);\n    return result;\n  }\n}\n`,
    },
    {
      name: "waiting for a promise field that the function does not replace is no lock",
      code: `${head}export class Db {\n  private ready: Promise<void> = Promise.resolve();\n  private conn?: Conn;\n  async get() {\n    await this.ready;\n    if (!this.conn) this.conn = await connect();\n    return this.conn;\n  }\n}\n`,
      errors: [{ line: 15, column: 21, messageId: "lazyInit" }],
      output: `${head}export class Db {\n  private ready: Promise<void> = Promise.resolve();\n  private conn?: Conn;\n  private connPending: Promise<Conn> | undefined;\n  async get() {\n    await this.ready;\n    if (!this.conn) {\n      this.connPending ??= connect().finally(() => { this.connPending = undefined; });\n      this.conn = await this.connPending;\n    }\n    return this.conn;\n  }\n}\n`,
    },
    {
      name: "a value not made from the awaited work is judged by its own making: a connection opened after a preparation step",
      code: `${head}import { connect as tcp, type Socket } from "node:net";\nexport class Link {\n  private socket?: Socket;\n  async get() {\n    if (!this.socket) {\n      await load("address");\n      this.socket = tcp(443, "example.com");\n    }\n    return this.socket;\n  }\n}\n`,
      errors: [{ line: 16, column: 7, messageId: "lazyInit" }],
    },
    {
      name: "an object the awaited work acts on counts as the work's result: a client created, then connected",
      code: `class Client {\n  async connect() {\n    await fetch("https://db.example/sessions", { method: "POST" });\n  }\n}\nlet shared: Client | undefined;\nexport async function client() {\n  if (!shared) {\n    const c = new Client();\n    await c.connect();\n    shared = c;\n  }\n  return shared;\n}\n`,
      errors: [{ line: 11, column: 5, messageId: "lazyInit" }],
    },
    {
      name: "a local that a callback fills during the work counts as the work's result",
      code: `${head}let token: string | undefined;\nexport async function get() {\n  if (!token) {\n    let got: string | undefined;\n    const ready = new Promise<void>(resolve => {\n      got = "pending";\n      resolve();\n    });\n    await load("token");\n    await ready;\n    token = got;\n  }\n  return token;\n}\n`,
      errors: [{ line: 20, column: 5, messageId: "lazyInit" }],
    },
    {
      name: "a static field of a class of the module (and a Map held in one)",
      code: `${head}export class Pool {\n  static shared?: Conn;\n  static byKey = new Map<string, string>();\n  async get() {\n    if (!Pool.shared) Pool.shared = await connect();\n    return Pool.shared;\n  }\n  async value(key: string) {\n    if (!Pool.byKey.has(key)) Pool.byKey.set(key, await load(key));\n    return Pool.byKey.get(key);\n  }\n}\n`,
      errors: [
        { line: 14, column: 23, messageId: "lazyInit", message: "`Pool.shared` is found absent" },
        { line: 18, column: 31, messageId: "entry" },
      ],
      output: `${head}export class Pool {\n  static shared?: Conn;\n  private static sharedPending: Promise<Conn> | undefined;\n  static byKey = new Map<string, string>();\n  private static readonly byKeyPending = new Map<string, Promise<string>>();\n  async get() {\n    if (!Pool.shared) {\n      Pool.sharedPending ??= connect().finally(() => { Pool.sharedPending = undefined; });\n      Pool.shared = await Pool.sharedPending;\n    }\n    return Pool.shared;\n  }\n  async value(key: string) {\n    if (!Pool.byKey.has(key)) {\n      let pending = Pool.byKeyPending.get(key);\n      if (!pending) Pool.byKeyPending.set(key, (pending = load(key).finally(() => Pool.byKeyPending.delete(key))));\n      Pool.byKey.set(key, await pending);\n    }\n    return Pool.byKey.get(key);\n  }\n}\n`,
    },
    {
      name: "entries only when asked",
      code: `${head}const cache = new Map<string, string>();\nlet conn: Conn | undefined;\nexport async function get(key: string) {\n  if (!cache.has(key)) cache.set(key, await load(key));\n  if (!conn) conn = await connect();\n  return conn;\n}\n`,
      options: { checkEntries: false },
      errors: [{ line: 14, column: 14, messageId: "lazyInit" }],
      output: `${head}const cache = new Map<string, string>();\nlet conn: Conn | undefined;\nlet connPending: Promise<Conn> | undefined;\nexport async function get(key: string) {\n  if (!cache.has(key)) cache.set(key, await load(key));\n  if (!conn) {\n    connPending ??= connect().finally(() => { connPending = undefined; });\n    conn = await connPending;\n  }\n  return conn;\n}\n`,
    },
    // The fix (pending-fix.ts): a pending location beside the location, holding the call in flight.
    {
      name: "fix: present, returned early; a field declared by a constructor parameter gets its pending field as the first member (exact optional property types)",
      compilerOptions: { exactOptionalPropertyTypes: true },
      code: `${head}export class Db {\n  constructor(private conn?: Conn) {}\n  async get() {\n    if (this.conn) return this.conn;\n    this.conn = await connect();\n    return this.conn;\n  }\n}\n`,
      errors: [
        {
          line: 14,
          column: 5,
          messageId: "lazyInit",
          fixes: ["Share the call in flight: keep its promise in `this.connPending` until it settles, so that overlapping calls wait for it"],
        },
      ],
      output: `${head}export class Db {\n  private connPending: Promise<Conn> | undefined;\n  constructor(private conn?: Conn) {}\n  async get() {\n    if (this.conn) return this.conn;\n    this.connPending ??= connect().finally(() => { this.connPending = undefined; });\n    this.conn = await this.connPending;\n    return this.conn;\n  }\n}\n`,
    },
    {
      name: "fix: ||= on a private field in a static method, with a multi-line call, a taken name, and a comment after the declaration",
      code: `${head}export class Registry {\n  static #conn: Conn | undefined; // shared by every registry\n  static async conn(retries: number) {\n    this.#conn ||= await connectWith({\n      retries,\n    });\n    return this.#conn;\n  }\n}\nasync function connectWith(options: { retries: number }): Promise<Conn> {\n  return options.retries > 0 ? connect() : connect();\n}\nexport const connPending = 0;\n`,
      errors: [{ line: 13, column: 5, messageId: "lazyInit" }],
      output: `${head}export class Registry {\n  static #conn: Conn | undefined; // shared by every registry\n  static #connInFlight: Promise<Conn> | undefined;\n  static async conn(retries: number) {\n    if (!this.#conn) {\n      this.#connInFlight ??= connectWith({\n        retries,\n      }).finally(() => { this.#connInFlight = undefined; });\n      this.#conn = await this.#connInFlight;\n    }\n    return this.#conn;\n  }\n}\nasync function connectWith(options: { retries: number }): Promise<Conn> {\n  return options.retries > 0 ? connect() : connect();\n}\nexport const connPending = 0;\n`,
    },
    {
      name: "fix: a then-branch on its own line, in a file without semicolons, with a type the checker writes out",
      code: `interface Row { id: number; tags: string[] }\nasync function query(sql: string): Promise<Map<string, Row[]>> {\n  const res = await fetch("https://db.example/q", { method: "POST", body: sql })\n  return new Map(Object.entries(await res.json() as Record<string, Row[]>))\n}\nlet rows: Map<string, Row[]> | undefined\nexport async function allRows() {\n  if (!rows)\n    rows = await query("select *")\n  return rows\n}\n`,
      errors: [{ line: 9, column: 5, messageId: "lazyInit" }],
      output: `interface Row { id: number; tags: string[] }\nasync function query(sql: string): Promise<Map<string, Row[]>> {\n  const res = await fetch("https://db.example/q", { method: "POST", body: sql })\n  return new Map(Object.entries(await res.json() as Record<string, Row[]>))\n}\nlet rows: Map<string, Row[]> | undefined\nlet rowsPending: Promise<Map<string, Row[]>> | undefined\nexport async function allRows() {\n  if (!rows) {\n    rowsPending ??= query("select *").finally(() => { rowsPending = undefined })\n    rows = await rowsPending\n  }\n  return rows\n}\n`,
    },
    {
      name: "fix: JavaScript (checked), a field only assigned (a field declared with a JSDoc type) and a module let",
      filename: "db.js",
      compilerOptions: { checkJs: true },
      code: `async function connect() {\n  const res = await fetch("https://db.example/sessions", { method: "POST" });\n  return res.text();\n}\nexport class Db {\n  async get() {\n    if (!this.conn) this.conn = await connect();\n    return this.conn;\n  }\n}\n/** @type {string | undefined} */\nlet shared;\nexport async function get() {\n  shared ??= await connect();\n  return shared;\n}\n`,
      errors: [
        { line: 7, column: 21, messageId: "lazyInit" },
        { line: 14, column: 3, messageId: "lazyInit" },
      ],
      output: `async function connect() {\n  const res = await fetch("https://db.example/sessions", { method: "POST" });\n  return res.text();\n}\nexport class Db {\n  /** @type {Promise<string> | undefined} */ connPending;\n  async get() {\n    if (!this.conn) {\n      if (!this.connPending) this.connPending = connect().finally(() => { this.connPending = undefined; });\n      this.conn = await this.connPending;\n    }\n    return this.conn;\n  }\n}\n/** @type {string | undefined} */\nlet shared;\n/** @type {Promise<string> | undefined} */ let sharedPending;\nexport async function get() {\n  if (shared == null) {\n    if (!sharedPending) sharedPending = connect().finally(() => { sharedPending = undefined; });\n    shared = await sharedPending;\n  }\n  return shared;\n}\n`,
    },
    {
      name: "fix: a WeakMap entry of a field, present and returned early: a WeakMap of pending promises with the same keys",
      code: `${head}export class Links {\n  private readonly byOwner = new WeakMap<object, Conn>();\n  async get(owner: object) {\n    if (this.byOwner.has(owner)) return this.byOwner.get(owner)!;\n    this.byOwner.set(owner, await connect());\n    return this.byOwner.get(owner)!;\n  }\n}\n`,
      errors: [
        {
          line: 14,
          column: 5,
          messageId: "entry",
          fixes: ["Share the call in flight: keep its promise in `this.byOwnerPending` by key until it settles, so that overlapping calls wait for it"],
        },
      ],
      output: `${head}export class Links {\n  private readonly byOwner = new WeakMap<object, Conn>();\n  private readonly byOwnerPending = new WeakMap<object, Promise<Conn>>();\n  async get(owner: object) {\n    if (this.byOwner.has(owner)) return this.byOwner.get(owner)!;\n    let pending = this.byOwnerPending.get(owner);\n    if (!pending) this.byOwnerPending.set(owner, (pending = connect().finally(() => this.byOwnerPending.delete(owner))));\n    this.byOwner.set(owner, await pending);\n    return this.byOwner.get(owner)!;\n  }\n}\n`,
    },
    {
      name: "fix: a Map entry of a module variable in JavaScript (checked: the pending Map's JSDoc type)",
      filename: "pages.js",
      compilerOptions: { checkJs: true },
      code: `/** @param {string} url */\nasync function load(url) {\n  return (await fetch(url)).text();\n}\n/** @type {Map<string, string>} */\nconst pages = new Map();\n/** @param {string} url */\nexport async function page(url) {\n  if (!pages.has(url)) pages.set(url, await load(url));\n  return pages.get(url);\n}\n`,
      errors: [{ line: 9, column: 24, messageId: "entry" }],
      output: `/** @param {string} url */\nasync function load(url) {\n  return (await fetch(url)).text();\n}\n/** @type {Map<string, string>} */\nconst pages = new Map();\n/** @type {Map<string, Promise<string>>} */ const pagesPending = new Map();\n/** @param {string} url */\nexport async function page(url) {\n  if (!pages.has(url)) {\n    let pending = pagesPending.get(url);\n    if (!pending) pagesPending.set(url, (pending = load(url).finally(() => pagesPending.delete(url))));\n    pages.set(url, await pending);\n  }\n  return pages.get(url);\n}\n`,
    },
    {
      name: "no fix: a Map entry whose key the function writes (read again when the call settles)",
      code: `${head}const cache = new Map<string, string>();\nexport async function get(name: string) {\n  let key = name;\n  key = key.trim();\n  if (!cache.has(key)) cache.set(key, await load(key));\n  return cache.get(key);\n}\n`,
      errors: [{ line: 14, column: 24, messageId: "entry" }],
    },
    {
      name: "fix: a type the file does not import is written as the checker names it there; a Map entry's local takes a name the function does not use",
      files: {
        "db.ts": `export interface Session { id: string }\nexport async function open(key: string): Promise<Session> {\n  const res = await fetch("https://db.example/sessions/" + key, { method: "POST" });\n  return { id: await res.text() };\n}\n`,
      },
      code: `import { open } from "./db.js";\nconst sessions = new Map<string, Awaited<ReturnType<typeof open>>>();\nexport async function session(key: string) {\n  const pending = sessions.size;\n  if (!sessions.has(key)) sessions.set(key, await open(key));\n  return [sessions.get(key), pending] as const;\n}\n`,
      errors: [{ line: 5, column: 27, messageId: "entry" }],
      output: `import { open } from "./db.js";\nconst sessions = new Map<string, Awaited<ReturnType<typeof open>>>();\nconst sessionsPending = new Map<string, Promise<import("./db.js").Session>>();\nexport async function session(key: string) {\n  const pending = sessions.size;\n  if (!sessions.has(key)) {\n    let inFlight = sessionsPending.get(key);\n    if (!inFlight) sessionsPending.set(key, (inFlight = open(key).finally(() => sessionsPending.delete(key))));\n    sessions.set(key, await inFlight);\n  }\n  return [sessions.get(key), pending] as const;\n}\n`,
    },
    {
      name: 'fix: two functions that fill one variable share its pending variable ("fix all" writes the declaration once)',
      code: `${head}let conn: Conn | undefined;\nexport async function get() {\n  if (!conn) conn = await connect();\n  return conn;\n}\nexport async function current() {\n  if (conn) return conn;\n  conn = await connect();\n  return conn;\n}\n`,
      errors: [
        { line: 12, column: 14, messageId: "lazyInit" },
        { line: 17, column: 3, messageId: "lazyInit" },
      ],
      output: `${head}let conn: Conn | undefined;\nlet connPending: Promise<Conn> | undefined;\nexport async function get() {\n  if (!conn) {\n    connPending ??= connect().finally(() => { connPending = undefined; });\n    conn = await connPending;\n  }\n  return conn;\n}\nexport async function current() {\n  if (conn) return conn;\n  connPending ??= connect().finally(() => { connPending = undefined; });\n  conn = await connPending;\n  return conn;\n}\n`,
    },
    {
      name: "fix: an arrow function that initializes a field fills a field of its class",
      code: `export class Api {\n  private res?: Response;\n  public getRes = async () => {\n    if (!this.res) this.res = await fetch("https://api.example/token", { method: "POST" });\n    return this.res;\n  };\n}\n`,
      errors: [{ line: 4, column: 20, messageId: "lazyInit" }],
      output: `export class Api {\n  private res?: Response;\n  private resPending: Promise<Response> | undefined;\n  public getRes = async () => {\n    if (!this.res) {\n      this.resPending ??= fetch("https://api.example/token", { method: "POST" }).finally(() => { this.resPending = undefined; });\n      this.res = await this.resPending;\n    }\n    return this.res;\n  };\n}\n`,
    },
    // No fix where the shape is unclear.
    {
      name: "no fix: the write is not the awaited call's own result, or the function writes the location again",
      code: `${head}declare function wrap(c: Conn): Conn;\nexport class Db {\n  private conn?: Conn;\n  private other?: Conn;\n  async get() {\n    if (!this.conn) this.conn = wrap(await connect());\n    return this.conn;\n  }\n  async again() {\n    try {\n      if (!this.other) this.other = await connect();\n      return this.other;\n    } catch (err) {\n      this.other = undefined;\n      throw err;\n    }\n  }\n}\n`,
      errors: [
        { line: 15, column: 21, messageId: "lazyInit" },
        { line: 20, column: 24, messageId: "lazyInit" },
      ],
    },
    {
      name: "no fix: the awaited type names the method's own type parameter, or is no promise with finally, or the call awaits inside",
      code: `${head}async function fetchJson<T>(url: string): Promise<T> {\n  return (await fetch(url)).json() as Promise<T>;\n}\nfunction openLike(): PromiseLike<Conn> {\n  return connect();\n}\nasync function options(): Promise<string> {\n  return "https://db.example/";\n}\nasync function connectTo(url: string): Promise<Conn> {\n  await fetch(url);\n  return connect();\n}\nexport class Db {\n  private value?: unknown;\n  private conn?: Conn;\n  private third?: Conn;\n  async get<T>() {\n    if (!this.value) this.value = await fetchJson<T[]>("https://api.example/x");\n    return this.value;\n  }\n  async open() {\n    if (!this.conn) this.conn = await openLike();\n    return this.conn;\n  }\n  async another() {\n    if (!this.third) this.third = await connectTo(await options());\n    return this.third;\n  }\n}\n`,
      errors: [
        { line: 28, column: 22, messageId: "lazyInit" },
        { line: 32, column: 21, messageId: "lazyInit" },
        { line: 36, column: 22, messageId: "lazyInit" },
      ],
    },
    {
      name: "no fix: a module variable filled with a type that names a type parameter of the method's class",
      code: `${head}async function fetchAll<T>(url: string): Promise<T[]> {\n  return (await fetch(url)).json() as Promise<T[]>;\n}\nlet rows: unknown;\nexport class Repo<T> {\n  async all() {\n    if (!rows) rows = await fetchAll<T>("https://api.example/rows");\n    return rows;\n  }\n}\n`,
      errors: [{ line: 16, column: 16, messageId: "lazyInit" }],
    },
    {
      name: "no fix: a method of an object literal (no class to hold the pending field)",
      code: `${head}export const db = {\n  conn: undefined as Conn | undefined,\n  async get() {\n    if (!this.conn) this.conn = await connect();\n    return this.conn;\n  },\n};\n`,
      errors: [{ line: 13, column: 21, messageId: "lazyInit" }],
    },
    {
      // A call sharing another's call in flight would skip the second condition: \`get("eu")\` overlapping \`get("us")\` gets the "us" client.
      name: "no fix: filled under more than the absence test (`!L || ...`, a nested `if`), still reported",
      code: `${head}async function openClient(region: string): Promise<Conn & { id: string }> {\n  return Object.assign(await connect(), { id: region });\n}\nexport class Regions {\n  private client?: Conn & { id: string };\n  private other?: Conn;\n  async get(region: string) {\n    if (!this.client || this.client.id !== region) this.client = await openClient(region);\n    return this.client;\n  }\n  async open(ready: boolean) {\n    if (!this.other) {\n      if (ready) this.other = await connect();\n    }\n    return this.other;\n  }\n}\n`,
      errors: [
        { line: 17, column: 52, messageId: "lazyInit" },
        { line: 22, column: 18, messageId: "lazyInit" },
      ],
    },
    {
      // \`.finally(() => pending.delete(current))\` would delete the key \`current\` holds by then.
      name: "no fix: a Map entry keyed by a module variable (changed elsewhere while the call is in flight)",
      code: `${head}let current = "a";\nexport function choose(key: string) {\n  current = key;\n}\nconst cache = new Map<string, string>();\nexport async function get() {\n  if (!cache.has(current)) cache.set(current, await load(current));\n  return cache.get(current);\n}\n`,
      errors: [{ line: 16, column: 28, messageId: "entry" }],
    },
    {
      name: "fix: a Map entry keyed by a `const` of the function (the boundary of the module variable's key)",
      code: `${head}const cache = new Map<string, string>();\nexport async function get(raw: string) {\n  const key = raw.trim();\n  if (!cache.has(key)) cache.set(key, await load(key));\n  return cache.get(key);\n}\n`,
      errors: [{ line: 13, column: 24, messageId: "entry" }],
      output: `${head}const cache = new Map<string, string>();\nconst cachePending = new Map<string, Promise<string>>();\nexport async function get(raw: string) {\n  const key = raw.trim();\n  if (!cache.has(key)) {\n    let pending = cachePending.get(key);\n    if (!pending) cachePending.set(key, (pending = load(key).finally(() => cachePending.delete(key))));\n    cache.set(key, await pending);\n  }\n  return cache.get(key);\n}\n`,
    },
  ],
};

ruleTester<MessageId>("check-then-act-across-await", { valid: cases.valid.map(asPackage), invalid: cases.invalid.map(asPackage) });

test("check-then-act-across-await is off by default", () => {
  assert.equal(checkThenActAcrossAwait.meta.enabledByDefault, false);
});

import { ruleTester, type CaseBase, type InvalidCase } from "./rule-tester";
import type { MessageId } from "../../server/src/rules/blocking-call-in-async";

/**
 * Most cases below show what the rule finds in an exported function nothing calls: with
 * `requireConcurrencyEvidence: false` and `uncalledExports: "all"` that counts as serving, as it
 * does for a library's exported API.
 */
function withAllExports<T extends CaseBase>(cases: readonly (T | string)[]): T[] {
  return cases.map(c => {
    const base = (typeof c === "string" ? { code: c } : c) as T;
    return { ...base, options: { requireConcurrencyEvidence: false, uncalledExports: "all", ...base.options } };
  });
}

// Round 30: code nothing can call (analysis/uncalled-code.ts, shared with missing-timeout): a
// function with request parameters in a module whose other function is all the package's code
// imports, in a package whose users reach only its entries; and a module-level function its module
// neither exports nor uses.
const pageCode = `import fs from "node:fs";\nexport async function renderPage(req: { url: string }, res: { end(s: string): void }) {\n  res.end(fs.readFileSync("pages" + req.url, "utf8"));\n}\nexport function isExcluded(path: string) {\n  return path.startsWith("/api");\n}\n`;
const pageOutput = pageCode.replace(`fs.readFileSync("pages" + req.url, "utf8")`, `await fs.promises.readFile("pages" + req.url, "utf8")`);
const pageEntry = `import { isExcluded } from "./case.js";\nexport function check(path: string) {\n  return isExcluded(path);\n}\n`;
const closedLibrary = {
  "package.json": `{ "name": "lib", "type": "module", "exports": { ".": "./index.js", "./package.json": "./package.json" } }\n`,
  "index.ts": pageEntry,
};
// A program whose one entry starts it when loaded, and a class of it nothing names.
const startingProgram = { "package.json": `{ "name": "app", "type": "module", "main": "main.js" }\n` };
const startingEntry = `class App {\n  constructor() { console.log("started"); }\n}\nnew App();\n`;
const pagesClassCode = `import fs from "node:fs";\nexport class Pages {\n  async render(name: string) { return fs.readFileSync("pages/" + name, "utf8"); }\n}\n`;
const privatePageCode = `import fs from "node:fs";\nasync function renderPage(req: { url: string }, res: { end(s: string): void }) {\n  res.end(fs.readFileSync("pages" + req.url, "utf8"));\n}\nexport const pagesDir = "pages";\n`;

// Session 32, round 44: a loop whose design-mode clean-up and visual check only some options enable (option-left-out.ts).
const loopCode = `import fs from "node:fs";\nimport { execSync } from "node:child_process";\nexport type LoopOptions = { cwd: string; mode?: string; visual?: boolean; retries?: number };\nexport async function runLoop(options: LoopOptions) {\n  if (options.mode === "design") execSync("lsof -ti :3000");\n  if (options.visual && options.cwd) await checkVisual(options.cwd);\n}\nasync function checkVisual(cwd: string) {\n  fs.writeFileSync(cwd + "/diff.png", "x");\n}\n`;

// Session 31, round 43: Mocha's module as a reporter sees it (mocha-runner-events.ts).
const mochaTypes = {
  "mocha.d.ts": `declare module "mocha" {\n  const Mocha: { Runner: { constants: Record<string, string> } };\n  export default Mocha;\n}\ndeclare module "mocha/lib/reporters/base.js" {\n  export default class Base {\n    constructor(runner: unknown, options?: unknown);\n  }\n}\n`,
};

ruleTester<MessageId>("blocking-call-in-async", {
  valid: [
    // Session 17: requireConcurrencyEvidence: only a root of concurrent work shows that code serves.
    {
      name: "roots only: a fan-out in a function nothing serving calls (a one-shot build step) shows no other work in flight",
      options: { requireConcurrencyEvidence: true },
      code: `import fs from "node:fs";\nexport async function buildAll(files: string[]) {\n  await Promise.all(\n    files.map(async f => {\n      const text = fs.readFileSync(f, "utf8");\n      await upload(f, text);\n    }),\n  );\n}\ndeclare function upload(f: string, t: string): Promise<void>;\n`,
    },
    {
      name: "roots only: a limiter's task, and what it calls, in a command nothing serving calls",
      options: { requireConcurrencyEvidence: true },
      code: `import fs from "node:fs";\ndeclare function pLimit(n: number): <T>(task: () => Promise<T>) => Promise<T>;\nfunction save(name: string, body: string) { fs.writeFileSync(name, body); }\nexport async function mirror(urls: string[]) {\n  const limit = pLimit(4);\n  await Promise.all(urls.map(url => limit(async () => save(url.replace(/\\W/g, "_"), await get(url)))));\n}\ndeclare function get(url: string): Promise<string>;\n`,
    },
    {
      name: "roots only: a public method of an exported class that nothing in the project calls is no evidence that anything runs with it",
      options: { requireConcurrencyEvidence: true },
      code: `import fs from "node:fs";\nexport class CredentialStore {\n  async deleteAll() { fs.writeFileSync("credentials.json", "{}"); }\n  async load() { return JSON.parse(fs.readFileSync("credentials.json", "utf8")); }\n}\n`,
    },
    {
      name: "evidence: a set of started promises awaited together but never emptied is a fan-out, which counts for its own code only (not a hand-written pool)",
      code: `import fs from "node:fs";\nclass Runner {\n  private pending = new Set<Promise<void>>();\n  async runAll(tasks: string[], parallelism: number) {\n    let i = 0;\n    while (i < tasks.length || this.pending.size > 0) {\n      while (this.pending.size < parallelism && i < tasks.length) this.dispatch(tasks[i++]!);\n      await Promise.race(this.pending);\n    }\n  }\n  dispatch(task: string) {\n    const worker = this.runOne(task).catch(() => undefined);\n    this.pending.add(worker);\n  }\n  async runOne(task: string) {\n    const out = await exec(task);\n    this.save(task, out);\n  }\n  async save(task: string, out: string) {\n    fs.writeFileSync(task + ".log", out);\n  }\n}\nexport async function main(tasks: string[]) {\n  await new Runner().runAll(tasks, 4);\n}\ndeclare function exec(t: string): Promise<string>;\n`,
    },
    // Session 10: false classes of the code bases held out at the end of session 9.
    {
      name: "memoized per key: a property kept once set (x.p = x.p || load()) on an entry of a lasting map",
      code: `import fs from "node:fs";\nexport class Files {\n  private index = new Map<string, { body?: Buffer; mtime?: Date }>();\n  serve(req: { url: string }, res: { end(b: Buffer): void }) {\n    if (!this.index.has(req.url)) this.index.set(req.url, {});\n    const entry = this.index.get(req.url)!;\n    entry.body = entry.body || fs.readFileSync(req.url);\n    entry.mtime = entry.mtime || fs.statSync(req.url).mtime;\n    res.end(entry.body);\n  }\n}\n`,
    },
    {
      name: "memoized per key: cache[k] = cache[k] || load(k), and cache[k] || (cache[k] = load(k)), on a module-level object",
      code: `import fs from "node:fs";\nconst pages: Record<string, string> = {};\nconst parts: Record<string, string> = {};\ndeclare const app: { get(p: string, h: (req: { path: string }, res: { end(s: string): void }) => Promise<void>): void };\napp.get("/page", async (req, res) => {\n  pages[req.path] = pages[req.path] || fs.readFileSync(req.path, "utf8");\n  const part = parts[req.path] || (parts[req.path] = fs.readFileSync(req.path + ".part", "utf8"));\n  res.end(pages[req.path]! + part);\n});\n`,
    },
    {
      name: "memoized per key: if (!(k in cache)) { const v = load(k); cache[k] = v; }",
      code: `import fs from "node:fs";\nconst templates: Record<string, string> = {};\ndeclare const app: { get(p: string, h: (req: { path: string }, res: { end(s: string): void }) => Promise<void>): void };\napp.get("/t", async (req, res) => {\n  if (!(req.path in templates)) {\n    const text = fs.readFileSync(req.path, "utf8");\n    templates[req.path] = text;\n  }\n  res.end(templates[req.path]!);\n});\n`,
    },
    {
      name: "memoized per key: if (!cache.has(k)) cache.set(k, load(k)) on a map the class keeps",
      code: `import fs from "node:fs";\nexport class Assets {\n  private cache = new Map<string, Buffer>();\n  handle(req: { path: string }, res: { end(b: Buffer): void }) {\n    if (!this.cache.has(req.path)) {\n      this.cache.set(req.path, fs.readFileSync(req.path));\n    }\n    res.end(this.cache.get(req.path)!);\n  }\n}\n`,
    },
    {
      name: "CLI command: a class registered by a decorator named for the command line runs once per invocation",
      code: `import fs from "node:fs";\ndeclare const cli: { controller(name: string): ClassDecorator };\n@cli.controller("migration:create")\nexport class CreateMigration {\n  async execute(dir: string) {\n    fs.mkdirSync(dir, { recursive: true });\n    fs.writeFileSync(dir + "/1.ts", "");\n  }\n}\n`,
    },
    {
      name: "cost class: elliptic-curve key pairs and HMAC/AES keys cost a fixed few microseconds, like hkdfSync",
      code: `import crypto from "node:crypto";\nexport function issue(req: { id: string }, res: { end(b: string): void }) {\n  const pair = crypto.generateKeyPairSync("ed25519");\n  const mac = crypto.generateKeySync("hmac", { length: 256 });\n  res.end(pair.publicKey.export({ type: "spki", format: "pem" }).toString() + mac.export().toString("hex") + req.id);\n}\n`,
    },
    {
      name: "CLI command: a *Command class that names its command statically (static commandName)",
      code: `import fs from "node:fs";\ndeclare class BaseCommand { constructor(); }\nexport class MakeController extends BaseCommand {\n  static commandName = "make:controller";\n  async run() { fs.writeFileSync("controller.ts", ""); }\n}\n`,
    },
    {
      name: "CLI command: a public method of an exported class in the package's cli/ folder is run by the command dispatcher, once",
      filename: "src/cli/create-migration.ts",
      code: `import fs from "node:fs";\nexport class CreateMigration {\n  async execute(dir: string) {\n    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });\n    fs.writeFileSync(dir + "/1.ts", "");\n    await flush();\n  }\n}\ndeclare function flush(): Promise<void>;\n`,
    },
    // Session 9, round 7: false classes of the code bases held out in session 9.
    {
      name: "cost class: crypto.hkdfSync per request is a few HMACs of fixed cost, not a work-factor key derivation",
      code: `import crypto from "node:crypto";\ndeclare const secret: string;\nexport function seal(req: { body: string }, res: { end(b: string): void }) {\n  const salt = crypto.randomBytes(16);\n  const key = Buffer.from(crypto.hkdfSync("sha256", secret, salt, "", 44));\n  res.end(key.toString("hex") + req.body);\n}\nexport async function open(token: string) { return Buffer.from(crypto.hkdfSync("sha256", secret, token, "", 44)); }\n`,
      options: { uncalledExports: "all" },
    },
    {
      name: "a 'done' listener runs once, after the emitter's work: the final report of a run",
      code: `import fs from "node:fs";\ndeclare const launcher: { events: { on(event: string, cb: (stats: object) => unknown): void }; run(): void };\nexport async function runTest(output: string) {\n  launcher.events.on("done", async stats => {\n    fs.writeFileSync(output, JSON.stringify(stats));\n    await shutdown();\n  });\n  launcher.run();\n}\ndeclare function shutdown(): Promise<void>;\n`,
    },
    {
      name: "a waterfall step (context, next) that passes its result on with next(null, context) is not middleware",
      code: `import fs from "node:fs";\ntype Next = (err: Error | null, context?: { files: string[] }) => void;\nfunction addDotEnv(context: { files: string[] }, next: Next) {\n  try {\n    if (fs.statSync(".env")) context.files.push(".env");\n  } catch {}\n  return next(null, context);\n}\ndeclare function waterfall(steps: unknown[], done: Next): void;\nexport function prepare(done: Next) { waterfall([(next: Next) => next(null, { files: [] }), addDotEnv], done); }\n`,
    },
    {
      name: "memoized in a closure: the first request reads the page into a variable of the function that registered the route",
      code: `import fs from "node:fs";\ndeclare const router: { get(path: string, h: (req: unknown, res: { end(s: string): void }) => void): void };\nfunction loadHtml(dir: string): string { return fs.readFileSync(dir + "/index.html", "utf8"); }\nexport function serveIndex(dir: string) {\n  let indexHtml = "";\n  router.get("/", (req, res) => {\n    if (!indexHtml) {\n      indexHtml = loadHtml(dir);\n    }\n    res.end(indexHtml);\n  });\n}\n`,
    },
    // Session 9: false classes of the code bases held out in session 8.
    {
      name: "call graph: \`new Loader()\` with \`Loader\` a parameter holding some class is still a call of the method",
      filename: "loader.ts",
      code: `import fs from "node:fs";\nexport class BaseLoader {\n  async loadModule(path: string) { return fs.lstatSync(path).isDirectory(); }\n}\n`,
      files: {
        "api.ts": `import { BaseLoader } from "./loader.js";\nexport class Api {\n  private async add(Loader: typeof BaseLoader = BaseLoader) {\n    const loader = new Loader();\n    await loader.loadModule("commands");\n  }\n  async init() { await this.add(); }\n}\n`,
      },
    },
    {
      name: "off by default: a synchronous file watcher's callback (3 of 4 true on the tuning set; a one-shot command tails a file this way)",
      code: `import fs from "node:fs";\nexport function follow(path: string) {\n  let offset = 0;\n  fs.watch(path, () => {\n    const size = fs.statSync(path).size;\n    if (size > offset) offset = size;\n  });\n}\n`,
    },
    {
      name: "call graph: a same-named method called on an instance of another class is not a call of this one",
      filename: "server.ts",
      code: `import fs from "node:fs";\nexport class MediaServer {\n  async run() { fs.mkdirSync("records", { recursive: true }); }\n}\n`,
      files: {
        "session.ts": `export class Session {\n  constructor(readonly id: string) {}\n  run() { return this.id; }\n}\n`,
        "http.ts": `import { Session } from "./session.js";\nexport function handleStream(req: { url: string }, res: unknown) {\n  const session = new Session(req.url);\n  session.run();\n}\n`,
        "main.ts": `import { MediaServer } from "./server.js";\nconst server = new MediaServer();\nawait server.run();\n`,
      },
    },
    {
      name: "once per object: a branch that runs while a property is in one state and changes it (through a helper of the file)",
      code: `import fs from "node:fs";\ninterface User { name: string; password: string }\ndeclare const users: User[];\ndeclare function isHashed(p: string): boolean;\ndeclare function hash(p: string): string;\nfunction migrate(user: User) {\n  user.password = hash(user.password);\n  fs.writeFileSync("users.json", JSON.stringify(users));\n}\nexport function login(req: { body: { name: string } }, res: { end(): void }) {\n  const user = users.find(u => u.name === req.body.name)!;\n  if (!isHashed(user.password)) {\n    migrate(user);\n  }\n  res.end();\n}\n`,
    },
    {
      name: "once per object: the branch changes the tested property itself",
      code: `import fs from "node:fs";\ninterface Row { id: string; version: number }\ndeclare function isCurrent(v: number): boolean;\nexport function handle(req: { row: Row }, res: { end(): void }) {\n  if (!isCurrent(req.row.version)) {\n    req.row.version = 2;\n    fs.writeFileSync("rows/" + req.row.id, JSON.stringify(req.row));\n  }\n  res.end();\n}\n`,
    },
    {
      name: "fan-out over a handful of items written in the code: the parts of one operation, no outside work",
      code: `import fs from "node:fs";\nimport fsp from "node:fs/promises";\nasync function printVersions(root: string) {\n  const names = ["core", "cli", "android", "ios"];\n  await Promise.all(names.map(async name => {\n    const path = fs.existsSync(root + "/" + name) ? root + "/" + name : undefined;\n    if (path) console.log(await fsp.readFile(path + "/package.json", "utf8"));\n  }));\n}\nexport async function doctor(root: string) { await printVersions(root); }\n`,
      options: { metadataCalls: "same" },
    },
    {
      name: "a terminal prompt's lines (readline on the process's standard input) are a person typing, one at a time",
      code: `import fs from "node:fs";\nimport readline from "node:readline";\nlet rl: readline.Interface | undefined;\nasync function onLine(cmd: string) {\n  if (cmd === "exit") fs.appendFileSync(".history", cmd + "\\n");\n}\nexport function pause() {\n  rl = readline.createInterface({ input: process.stdin, output: process.stdout });\n  rl.on("line", onLine);\n}\n`,
    },
    {
      name: "public API evidence: a class that extends another package's class is that package's plugin (it calls the methods as it chooses)",
      code: `import fs from "node:fs";\nimport Helper from "test-framework-helper";\nexport default class Browser extends Helper {\n  async attachFile(path: string) { return fs.readFileSync(path); }\n}\n`,
      files: { "framework.d.ts": `declare module "test-framework-helper" { export default class Helper { debug(msg: string): void } }\n` },
    },
    {
      name: "call graph: calls are found in a JavaScript class with JSDoc type tags (TypeScript 7 lists them as statements of the file)",
      filename: "store.js",
      code: `const fs = require("fs");\nclass Store {\n  async save(name) { fs.writeFileSync(name + ".json", "{}"); }\n}\nmodule.exports = Store;\n`,
      files: {
        "client.js": `const path = require("path");\nconst Store = require("./store");\nclass Client {\n  constructor() { this.store = new Store(); }\n  async initialize() { await this.store.save(path.join("data", "session")); }\n  /** @typedef {{ path: string }} ClientOptions */\n  options() { return {}; }\n}\nmodule.exports = Client;\n`,
      },
    },
    // callerEvidence "measured" (the default): kinds of evidence that were wrong too often through callers count for their own code only.
    {
      name: "callerEvidence measured: a request handler's evidence reaches the function it calls, not what that one calls",
      code: `import fs from "node:fs";\nasync function writeLog(line: string) { fs.appendFileSync("app.log", line); }\nasync function record(line: string) { await writeLog(line); }\ndeclare const app: { post(p: string, h: (req: { body: string }, res: unknown) => Promise<void>): void };\napp.post("/events", async (req, res) => { await record(req.body); });\n`,
    },
    {
      name: "callerEvidence measured: a listener's evidence does not reach the functions it calls",
      code: `import fs from "node:fs";\nasync function save(msg: string) { fs.writeFileSync("last.json", msg); }\ndeclare const bus: { on(event: string, cb: (msg: string) => void): void };\nbus.on("message", msg => { void save(msg); });\n`,
    },
    {
      name: "callerEvidence measured: a listener of a watcher object's events is a listener, evidence for its own code only (session 36)",
      code: `import fs from "node:fs";\nasync function discover(dir: string) { return fs.readFileSync(dir + "/index.json", "utf8"); }\nasync function reload(dir: string) { await discover(dir); }\ndeclare const watcher: { on(event: string, cb: (file: string) => void): void };\nexport function follow(dir: string) {\n  watcher.on("change", () => { void reload(dir); });\n}\n`,
    },
    {
      name: "callerEvidence measured (session 36): a file watcher's callback calling a start-up function by name (`start()`) stays quiet: the name decides",
      code: `import fs from "node:fs";\nasync function start(config: string) { fs.readFileSync(config, "utf8"); }\nexport function hotRestart(config: string) {\n  fs.watch(config, () => { void start(config); });\n}\n`,
    },
    {
      name: "callerEvidence measured: a synchronous map callback inside Promise.all is no evidence",
      code: `import fs from "node:fs";\nimport fsp from "node:fs/promises";\nexport async function sizes(files: string[]) {\n  return Promise.all(files.map(f => { const meta = fs.readFileSync(f + ".meta", "utf8"); return fsp.readFile(f).then(b => b.length + meta.length); }));\n}\n`,
    },
    {
      name: "evidence: a recursion on the callers' path proves nothing (a one-time walk of a build step)",
      code: `import fs from "node:fs";\nasync function visit(dir: string): Promise<void> { fs.readdirSync(dir); await step(dir + "/x"); }\nasync function step(dir: string): Promise<void> { if (dir.length < 50) await visit(dir); }\nexport async function build() { await visit("src"); }\n`,
      options: { callerEvidence: "all" },
    },
    {
      name: "evidence: a repeating timer's callback serves for its own body only, not for the steps it calls (a restart)",
      code: `import fs from "node:fs";\nasync function restartInBackground(log: string) { fs.writeFileSync(log, ""); }\nexport function watchVersion(current: () => string, started: string) {\n  setInterval(() => { if (current() !== started) void restartInBackground("daemon.log"); }, 20);\n}\n`,
    },
    {
      name: "evidence: a class kept in its module (declared in a function) is handed to a library that calls its methods: no evidence",
      code: `import fs from "node:fs";\ndeclare class BaseHost { resolve(name: string): Promise<unknown> }\nexport async function hostFor(root: string): Promise<BaseHost> {\n  class Host extends BaseHost {\n    async resolve(name: string) { return JSON.parse(fs.readFileSync(root + "/" + name, "utf8")) as unknown; }\n  }\n  return new Host();\n}\n`,
    },
    {
      name: "per-key cache checked with an early return inside a try that wraps the whole body",
      code: `import fs from "node:fs";\nconst cache: Record<string, string> = {};\nfunction info(key: string): string {\n  try {\n    if (cache[key]) return cache[key];\n    const text = fs.readFileSync(key + ".json", "utf8");\n    cache[key] = text;\n    return text;\n  } catch (e) {\n    throw new Error("cannot read " + key);\n  }\n}\ndeclare const app: { get(p: string, h: (req: { url: string }, res: unknown) => Promise<void>): void };\napp.get("/info", async (req) => { info(req.url); });\n`,
    },
    {
      name: "sync handler: a listener of an event that is not outside work (an archive's entries) shows nothing",
      code: `import fs from "node:fs";\ndeclare const extract: { on(event: string, cb: (name: string) => void): void };\nextract.on("entry", name => { fs.mkdirSync(name, { recursive: true }); });\n`,
    },
    {
      name: "sync handler: a repeating timer's callback shows nothing (it often runs a one-time step and clears itself)",
      code: `import fs from "node:fs";\nconst id = setInterval(() => { clearInterval(id); fs.writeFileSync("snapshot.json", "{}"); }, 100);\n`,
    },
    // Default: code nothing in the project calls serves only as a public method of a class.
    {
      name: "evidence: an exported function nothing in the project calls shows nothing (uncalledExports: classMethods)",
      code: `import fs from "node:fs";\nexport async function deploy(dir: string) { fs.rmSync(dir, { recursive: true }); }\n`,
    },
    {
      name: "evidence: an uncalled public method shows only its own body serves, not the steps it calls (a private step)",
      code: `import fs from "node:fs";\nexport class Installer {\n  async install(dir: string) { await this.download(dir); await this.cleanUp(dir); }\n  private async download(dir: string) { await Promise.resolve(dir); }\n  private async cleanUp(dir: string) { fs.rmSync(dir + "/tmp", { recursive: true }); }\n}\n`,
    },
    // Session 15, late: round 16, one-time steps and idle waits of the eighteenth draw.
    {
      name: "memoized promise: a blocking call in the executor of the promise a method keeps on this, after an early return of it (this.p != null, this.p !== undefined), runs on the first call only",
      code: `import fs from "node:fs";\nimport net from "node:net";\ndeclare function open(c: object, done: (err?: Error) => void): void;\nexport class Connection {\n  private pending: Promise<Connection> | null = null;\n  constructor(private config: { identity?: string; key?: Buffer }) {}\n  connect(): Promise<Connection> {\n    if (this.pending != null) return this.pending;\n    this.pending = new Promise((resolve, reject) => {\n      if (this.config.identity) {\n        if (fs.existsSync(this.config.identity)) this.config.key = fs.readFileSync(this.config.identity);\n        delete this.config.identity;\n      }\n      open(this.config, err => (err ? reject(err) : resolve(this)));\n    });\n    return this.pending;\n  }\n  tunnel(port: number) {\n    return net.createServer().on("connection", socket => {\n      this.connect().then(() => socket.end());\n    }).listen(port);\n  }\n}\nexport class Client {\n  private session: Promise<string> | undefined;\n  start(): Promise<string> {\n    if (this.session !== undefined) return this.session;\n    this.session = new Promise(resolve => resolve(fs.readFileSync("token", "utf8")));\n    return this.session;\n  }\n  serve(port: number) {\n    return net.createServer().on("connection", socket => {\n      this.start().then(t => socket.end(t));\n    }).listen(port);\n  }\n}\n`,
    },
    {
      name: "idle worker: Atomics.wait in a worker-thread file, in a loop that runs only while the count of tasks the worker took is zero, delays nothing",
      code: `import { parentPort, workerData, receiveMessageOnPort, type MessagePort } from "node:worker_threads";\nlet running = 0;\nlet seen = 0;\nconst shared = workerData.shared as Int32Array;\nfunction idle(port: MessagePort) {\n  while (running === 0) {\n    Atomics.wait(shared, 0, seen);\n    seen = Atomics.load(shared, 0);\n    let entry;\n    while ((entry = receiveMessageOnPort(port)) !== undefined) onTask(port, entry.message);\n  }\n}\nfunction onTask(port: MessagePort, task: unknown) {\n  running++;\n  (async () => {\n    const result = await run(task);\n    running--;\n    port.postMessage(result);\n    idle(port);\n  })();\n}\nparentPort!.on("message", async (message: { port: MessagePort }) => {\n  await load();\n  message.port.on("message", task => onTask(message.port, task));\n  idle(message.port);\n});\ndeclare function run(t: unknown): Promise<unknown>;\ndeclare function load(): Promise<void>;\n`,
    },
    // Session 15, round 15: one-time steps of the unseen draws.
    {
      name: "polling timer: an interval that clears itself and settles the promise it is made in is its creator's wait, not repeated work (a command's last step; also declared in a try of the executor, or assigned to a variable of the function)",
      code: `import { spawnSync } from "node:child_process";\nexport async function waitForClose(id: string) {\n  return new Promise<void>(resolve => {\n    const timer = setInterval(async () => {\n      const out = spawnSync("ps", ["-p", id], { encoding: "utf8" });\n      if (!out.stdout.includes(id)) {\n        clearInterval(timer);\n        resolve();\n      }\n    }, 500);\n  });\n}\n\nexport async function waitForClose2(id: string) {\n  return new Promise<void>((resolve, reject) => {\n    try {\n    const timer = setInterval(async () => {\n      const out = spawnSync("ps", ["-p", id], { encoding: "utf8" });\n      if (!out.stdout.includes(id)) {\n        clearInterval(timer);\n        resolve();\n      }\n    }, 500);\n    } catch (e) { reject(e); }\n  });\n}\nexport async function waitForExit(id: string) {\n  let poll: ReturnType<typeof setInterval> | undefined;\n  await new Promise<void>(resolve => {\n    poll = setInterval(async () => {\n      if (spawnSync("ps", ["-p", id]).status !== 0) {\n        if (poll) clearInterval(poll);\n        resolve();\n      }\n    }, 250);\n  });\n}\n`,
    },
    {
      name: "kept for tests: an uncalled public method whose comment says it is for tests (// for testing, /** Test only */) is no evidence that users call it",
      code: `import fs from "node:fs";\nexport class CacheEntry {\n  constructor(private readonly paths: string[]) {}\n  // for testing\n  async destroy() {\n    await Promise.all(this.paths.map(p => {\n      if (fs.existsSync(p)) return fs.unlinkSync(p);\n    }));\n  }\n  /** Test only: removes the lock file. */\n  async unlock() { fs.rmSync(this.paths[0] + ".lock", { force: true }); await flush(); }\n}\ndeclare function flush(): Promise<void>;\n`,
    },
    {
      name: "command-line program only: request parameters of an exported function nothing in the project uses (a shadowing parameter of its name is not a use), sync or async",
      code: `import fs from "node:fs";\nexport function navigationFallback(req: { url: string }, res: { statusCode: number }, navigationFallback?: { rewrite: string }) {\n  if (!navigationFallback) return false;\n  return fs.existsSync("public" + req.url);\n}\nexport function isExcluded(path: string, navigationFallback?: { exclude: string[] }) {\n  return !!navigationFallback?.exclude.includes(path);\n}\nexport async function renderPage(req: { url: string }, res: { end(s: string): void }) {\n  res.end(fs.readFileSync("pages" + req.url, "utf8"));\n}\n`,
      files: {
        "package.json": `{ "name": "tool", "type": "module", "bin": { "tool": "dist/cli.js" } }\n`,
        "other.ts": `import { isExcluded } from "./case.js";\nexport function check(path: string) { return isExcluded(path); }\n`,
      },
    },
    {
      name: "command-line program only: an uncalled public method of an exported class (main and exports are the bin file)",
      code: `import fs from "node:fs";\nexport class CredentialStore {\n  async deleteAll() { fs.writeFileSync("credentials.json", "{}"); await flush(); }\n}\ndeclare function flush(): Promise<void>;\n`,
      files: {
        "package.json": `{ "name": "tool", "type": "module", "main": "dist/cli.js", "bin": { "tool": "dist/cli.js" }, "exports": "./dist/cli.js" }\n`,
      },
    },
    // Session 14, round 13: serving code whose path through the call shows no concurrent work.
    {
      name: "one pass: a fan-out item that awaits nothing on the way through the call ends before the next item starts (a start-up function's .sql branch)",
      code: `import fs from "node:fs";\nexport async function setup(files: string[]) {\n  return Promise.all(files.map(async f => {\n    if (f.endsWith(".sql")) {\n      return { f, text: fs.readFileSync(f, "utf8") };\n    }\n    return { f, mod: await import(f) };\n  }));\n}\n`,
    },
    {
      name: "one pass: a migration list's items that checksum .sql files without awaiting; the class's methods decide (a step of uncalled public methods)",
      code: `import fs from "node:fs";\nimport path from "node:path";\nfunction checksum(file: string) { return fs.readFileSync(file, "utf8").length; }\nexport class Migrator {\n  async list(files: string[]) {\n    return Promise.all(files.map(async file => {\n      const ext = path.extname(file);\n      if (ext === ".sql") {\n        return { file, sum: checksum(file) };\n      }\n      const mod = await import(file);\n      return { file, sum: 0, mod };\n    }));\n  }\n  async migrate(files: string[]) { const all = await this.list(files); return all.length; }\n}\n`,
    },
    {
      name: "one shot: a request listener of a server its function creates, closing it after the blocking write (an auth command's callback server)",
      code: `import fs from "node:fs";\nimport http from "node:http";\nasync function authenticate(tokenFile: string) {\n  const server = http.createServer();\n  server.listen(3000);\n  return new Promise<void>((resolve, reject) => {\n    server.on("request", async (req, res) => {\n      if (!req.url?.startsWith("/callback")) return;\n      try {\n        const tokens = await exchange(req.url);\n        fs.writeFileSync(tokenFile, JSON.stringify(tokens));\n        res.end("ok");\n        server.close();\n        resolve();\n      } catch (e) {\n        reject(e);\n      }\n    });\n  });\n}\nexport async function main(argv: string[]) { if (argv[2] === "auth") await authenticate("token.json"); }\ndeclare function exchange(u: string): Promise<unknown>;\n`,
    },
    {
      name: "one shot: createServer(handler) whose handler closes its own server after the write",
      code: `import fs from "node:fs";\nimport { createServer } from "node:http";\nexport function main() {\n  return new Promise<void>(resolve => {\n    const server = createServer(async (req, res) => {\n      const body = await readBody(req);\n      fs.writeFileSync("hook.json", body);\n      res.end();\n      server.close();\n      resolve();\n    });\n    server.listen(0);\n  });\n}\ndeclare function readBody(r: unknown): Promise<string>;\n`,
    },
    // Session 20, round 23: one-time code of the tuning set.
    {
      name: "CI step: an uncalled public method of an exported class in a file that imports the GitHub Actions runtime is called by an action, once per job (a tool installer)",
      code: `import fs from "node:fs";\nimport * as core from "@actions/core";\nexport class Install {\n  async installStandalone(bin: string, dir: string) {\n    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });\n    fs.copyFileSync(bin, dir + "/tool");\n    fs.chmodSync(dir + "/tool", "0755");\n    core.addPath(dir);\n    await flush();\n    return dir + "/tool";\n  }\n}\ndeclare function flush(): Promise<void>;\n`,
      files: {
        "node_modules/@actions/core/package.json": `{"name":"@actions/core","types":"index.d.ts"}`,
        "node_modules/@actions/core/index.d.ts": `export declare function addPath(p: string): void;\nexport declare function info(m: string): void;\n`,
      },
    },
    {
      name: 'CI step: also in compiled CommonJS (__importStar(require("@actions/core")))',
      filename: "case.js",
      code: `"use strict";\nconst fs = require("fs");\nconst core = __importStar(require("@actions/core"));\nclass ImageTools {\n  async create(metadataFile) {\n    if (!fs.existsSync(metadataFile)) return undefined;\n    core.info("reading metadata");\n    return JSON.parse(fs.readFileSync(metadataFile, "utf8"));\n  }\n}\nexports.ImageTools = ImageTools;\nfunction __importStar(m) { return m; }\n`,
    },
    {
      name: "launch finished: a plugin host's didFinishLaunching listener runs once, at start-up (inline, or a method registered through this; of an exported class, its registration is its call, not its users')",
      code: `import fs from "node:fs";\ntype Api = { on(event: string, cb: () => void): void };\nexport default (api: Api, devices: { host: string }[]) => {\n  api.on("didFinishLaunching", async () => {\n    for (const device of devices) {\n      const file = "cache_" + device.host;\n      if (!fs.existsSync(file)) fs.writeFileSync(file, "");\n    }\n  });\n};\nclass Platform {\n  constructor(private api: Api) {\n    this.api.on("didFinishLaunching", this.didFinishLaunching);\n  }\n  didFinishLaunching = async () => {\n    return fs.readFileSync("/sys/firmware/devicetree/base/model", "utf8");\n  };\n}\nexport function registerPlatform(api: Api) { return new Platform(api); }\nexport class ExportedPlatform {\n  constructor(private api: Api) {\n    this.api.on("didFinishLaunching", this.discover.bind(this));\n    this.api.on("didFinishLaunching", this.restore);\n  }\n  async discover() { return fs.readFileSync("devices.json", "utf8"); }\n  restore = async () => { fs.writeFileSync("restored", ""); };\n}\n`,
    },
    {
      name: "one shot: a route handler that exits the process after the blocking write (a command's login callback on a module-level app, the exit deferred by a timer; a shutdown endpoint)",
      code: `import fs from "node:fs";\ndeclare const app: { get(p: string, h: (req: { query: { code?: string } }, res: { end(s: string): void }) => Promise<void>): void; listen(port: number): { close(): void } };\nlet server: { close(): void };\nexport function startServer(port: number) { server = app.listen(port); }\napp.get("/callback", async (req, res) => {\n  const key = await exchange(req.query.code!);\n  fs.mkdirSync(".config", { recursive: true });\n  fs.writeFileSync(".config/key", key);\n  res.end("Login success");\n  server.close();\n  setTimeout(() => process.exit(), 1000);\n});\napp.get("/quit", async (req, res) => {\n  fs.writeFileSync("state.json", "{}");\n  res.end("bye");\n  process.exit(0);\n});\ndeclare function exchange(code: string): Promise<string>;\n`,
    },
    // Session 22, round 25: one-time code of the tuning set.
    {
      name: "lazy start: the else of a test that the server is there, whose branch calls the method that makes it (this.server = ...listen()), starts it once per server (its certificates read then)",
      code: `import fs from "node:fs";\nimport https from "node:https";\ntype Bus = { on(event: string, cb: (m: { command: string }) => Promise<void>): void };\nexport class Adapter {\n  private server: https.Server | undefined;\n  attach(bus: Bus) {\n    bus.on("message", async m => {\n      if (m.command !== "upload") return;\n      if (this.server && this.server.listening) {\n        await notify("running");\n      } else {\n        await notify("starting");\n        this.startServer();\n      }\n    });\n  }\n  startServer() {\n    const key = fs.readFileSync("iob.key", "utf8");\n    const cert = fs.readFileSync("iob.crt", "utf8");\n    this.server = https.createServer({ key, cert }).listen(0);\n  }\n}\ndeclare function notify(s: string): Promise<void>;\n`,
    },
    {
      name: "lazy start: also if (!this.server) this.startServer(), the method setting what the test checked",
      code: `import fs from "node:fs";\nimport https from "node:https";\ntype Bus = { on(event: string, cb: (m: string) => Promise<void>): void };\nexport class Adapter {\n  private server: https.Server | undefined;\n  attach(bus: Bus) {\n    bus.on("message", async m => {\n      if (!this.server) this.startServer();\n      await notify(m);\n    });\n  }\n  startServer() {\n    const key = fs.readFileSync("iob.key", "utf8");\n    this.server = https.createServer({ key }).listen(0);\n  }\n}\ndeclare function notify(s: string): Promise<void>;\n`,
    },
    {
      name: "scripts: a public method of an exported class that the project's own one-shot scripts call (lib/scripts/) is not one nothing in the project calls",
      filename: "lib/uploader.ts",
      code: `import fs from "node:fs";\nexport class Uploader {\n  async upload(file: string) {\n    const body = fs.readFileSync(file);\n    await send(file, body);\n  }\n}\ndeclare function send(name: string, body: Buffer): Promise<void>;\n`,
      files: {
        "lib/scripts/backup.ts": `import { Uploader } from "../uploader.js";\nexport async function run(files: string[]) {\n  const uploader = new Uploader();\n  for (const f of files) await uploader.upload(f);\n}\n`,
      },
    },
    // Session 28, round 39: an uncalled public method that is async in name only (one-pass-paths.ts endsInItsCallersTurn).
    {
      name: "async in name only: an uncalled public method that waits for nothing and returns no promise runs to its end in its caller's turn, as a synchronous method does (a plan's removal step; a dropped call's promise is not waited for)",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nimport path from "node:path";\nexport class Workspace {\n  async removeFromPlan(dir: string, names: string[]) {\n    for (const name of names) {\n      const file = path.join(dir, name + ".sql");\n      if (fs.existsSync(file)) fs.unlinkSync(file);\n    }\n    log("removed " + names.length);\n  }\n  async size(file: string) { return fs.statSync(file).size; }\n  clean = async (dir: string) => {\n    fs.rmSync(dir, { recursive: true, force: true });\n  };\n}\ndeclare function log(s: string): Promise<void>;\n`,
    },
    // Session 26, round 37: a test runner's run and spec events, as Cypress hands them to a plugin.
    {
      name: "runner events: a Cypress plugin's after:spec/after:run handlers on the on it receives, awaited one at a time by the runner (inline, through a helper of the file)",
      code: `import fs from "node:fs";\ntype On = (event: string, cb: (...args: any[]) => unknown) => void;\nfunction addJsonLog(record: unknown) {\n  const list = JSON.parse(fs.readFileSync("sent.json", "utf8"));\n  list.push(record);\n  fs.writeFileSync("sent.json", JSON.stringify(list));\n}\nexport function registerNotify(on: On) {\n  on("after:spec", async (spec: { relative: string }, results: { failures: number }) => {\n    if (!results.failures) return;\n    const sent = await post(spec.relative);\n    if (sent) addJsonLog(sent);\n  });\n  on("after:run", async (results: unknown) => {\n    fs.writeFileSync("summary.json", JSON.stringify(results));\n  });\n}\ndeclare function post(spec: string): Promise<unknown>;\n`,
    },
    {
      name: "runner events: also in setupNodeEvents(on, config) of a config object (before:run, before:spec, before:browser:launch), and a method of an exported class registered for after:spec (its registration is its call, not its users')",
      code: `import fs from "node:fs";\ntype On = (event: string, cb: (...args: any[]) => unknown) => void;\nexport default {\n  e2e: {\n    setupNodeEvents(on: On, config: { env: Record<string, string> }) {\n      on("before:run", async () => {\n        fs.mkdirSync("reports", { recursive: true });\n      });\n      on("before:spec", async (spec: { absolute: string }) => {\n        console.log(fs.readFileSync(spec.absolute, "utf8").length);\n      });\n      on("before:browser:launch", async (browser: unknown, options: { args: string[] }) => {\n        if (fs.existsSync("extension")) options.args.push("--load-extension=extension");\n        return options;\n      });\n      return config;\n    },\n  },\n};\nexport class SpecLog {\n  constructor(on: On) {\n    on("after:spec", this.afterSpec.bind(this));\n  }\n  async afterSpec(spec: { name: string }) {\n    fs.appendFileSync("specs.log", spec.name + "\\n");\n  }\n}\n`,
    },
    // Session 31, round 43: a Mocha reporter's listeners of its runner's events, up to their first await (mocha-runner-events.ts).
    {
      name: "mocha runner events: a reporter's pass, fail and suite-end listeners (Runner.constants) run inside the runner's emit between two tests, before their first await (inline, through a helper of the file, in a loop that awaits nothing)",
      files: mochaTypes,
      code: `import fs from "node:fs";\nimport Mocha from "mocha";\nconst { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_SUITE_END } = Mocha.Runner.constants;\nfunction readStore(title: string) {\n  const file = "tmp/" + title + ".json";\n  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};\n}\nexport default function Reporter(runner: any) {\n  runner.on(EVENT_TEST_PASS, async (test: any) => {\n    send("passed", test.title, readStore(test.fullTitle()));\n  });\n  runner.on(EVENT_TEST_FAIL, async (test: any, err: Error) => {\n    fs.appendFileSync("failures.log", test.title + err.message);\n    send("failed", test.title, readStore(test.fullTitle()));\n  });\n  runner.on(EVENT_SUITE_END, async (suite: any) => {\n    for (const test of suite.tests) send("skipped", test.title, readStore(test.fullTitle()));\n  });\n}\ndeclare function send(status: string, title: string, meta: unknown): void;\n`,
    },
    {
      name: "mocha runner events: a class reporter's chained registrations with the events' strings, on the runner its constructor receives, before the listener's first await",
      files: mochaTypes,
      code: `import fs from "node:fs";\nimport Base from "mocha/lib/reporters/base.js";\nexport class JsonLines extends Base {\n  constructor(runner: any, options: any) {\n    super(runner, options);\n    runner\n      .once("start", async () => {\n        fs.mkdirSync("out", { recursive: true });\n      })\n      .on("test end", async (test: any) => {\n        fs.appendFileSync("out/tests.jsonl", JSON.stringify({ title: test.title }) + "\\n");\n        await flush();\n      });\n  }\n}\ndeclare function flush(): Promise<void>;\n`,
    },
    // Session 31, round 43: a call that leaves out the argument the callee's blocking branch needs (omitted-argument.ts).
    {
      name: "omitted argument: calls that leave out the options whose properties alone enable the callee's blocking calls (destructured from `opts ?? {}`, a `{}` default's property, a destructured parameter) block nowhere",
      code: `import fs from "node:fs";\nimport path from "node:path";\ntype Image = { url: string };\nfunction mutate(node: { images: Image[] }, opts?: { targetFile?: string; sourceFile?: string }) {\n  const { targetFile, sourceFile } = opts ?? {};\n  node.images.reverse();\n  if (targetFile && sourceFile) {\n    node.images.forEach(image => {\n      const absolute = path.resolve(path.dirname(sourceFile), image.url);\n      if (fs.existsSync(absolute)) image.url = path.relative(path.dirname(targetFile), absolute);\n    });\n  }\n}\nfunction rewrite(node: Image, options: { cache?: string } = {}) {\n  return options.cache ? fs.writeFileSync(options.cache, node.url) : node.url;\n}\nfunction trace(node: Image, { logFile }: { logFile?: string } = {}) {\n  logFile && fs.appendFileSync(logFile, node.url);\n}\nexport async function handler(req: { body: { images: Image[] } }, res: { end(): void }) {\n  mutate(req.body);\n  for (const image of req.body.images) rewrite(image);\n  trace(req.body.images[0]!);\n  res.end();\n}\n`,
    },
    // Session 32, round 44: a branch that only an option enables, which every serving caller's options object leaves out (option-left-out.ts).
    {
      name: "option left out: a loop's design-mode clean-up and visual check, which only a one-shot command's options enable; the limiter's tasks pass an object literal without them (a const, a file's factory)",
      filename: "loop.ts",
      code: loopCode,
      files: {
        "pool.ts": `import { runLoop } from "./loop.js";\ndeclare function pLimit(n: number): <T>(task: () => Promise<T>) => Promise<T>;\nfunction optionsFor(cwd: string) {\n  return { cwd, retries: 2 };\n}\nexport async function runAll(dirs: string[]) {\n  const limit = pLimit(3);\n  await Promise.all(dirs.map(dir => limit(async () => {\n    const options = { cwd: dir };\n    await runLoop(options);\n  })));\n  await Promise.all(dirs.map(dir => limit(async () => runLoop(optionsFor(dir)))));\n}\n`,
        "cli.ts": `import { runLoop } from "./loop.js";\nexport async function main() {\n  await runLoop({ cwd: ".", mode: "design", visual: true });\n}\n`,
      },
    },
    // Session 25, round 33: one-pass paths of the tuning set.
    {
      name: "one pass: a fan-out item whose other statements are synchronous twins (mkdirSync, writeFileSync) waits for nothing: the items run one after another (a command's page generator)",
      code: `import fs from "node:fs";\nasync function generate(items: { id: string; body: string }[], out: string) {\n  items.map(async item => {\n    if (!fs.existsSync(out)) fs.mkdirSync(out, { recursive: true });\n    fs.writeFileSync(out + "/" + item.id + ".json", item.body);\n    console.log("created", item.id);\n  });\n}\nexport function extendCli(cli: { command(n: string): { action(fn: () => Promise<void>): void } }) {\n  cli.command("gen").action(async () => {\n    await generate(load(), "out");\n  });\n}\ndeclare function load(): { id: string; body: string }[];\n`,
    },
    {
      name: "one shot: a synchronous request handler that exits the process once its response is sent (res.end's callback, server.close's), after the blocking call (a login helper's local server)",
      code: `import http from "node:http";\nimport { execSync } from "node:child_process";\nhttp.createServer((req, res) => {\n  const token = new URL(req.url!, "http://localhost").searchParams.get("token");\n  execSync("npm config set _authToken " + token);\n  res.writeHead(302, { Location: "/done" });\n  res.end(() => {\n    process.exit(0);\n  });\n}).listen(8239);\nexport function serveOnce() {\n  const server = http.createServer((req, res) => {\n    execSync("git pull");\n    res.end("ok");\n    server.close(() => process.exit(0));\n  });\n  server.listen(0);\n}\n`,
    },
    // Session 36, round 51: a one-shot server closed through a helper declared beside it, also from a promise callback its handler chains.
    {
      name: "one shot: a sign-in server's handler chains the code exchange and, in its then-callback, stores the tokens and closes the server through cleanup() (a function beside the server that closes it)",
      code: `import fs from "node:fs";\nimport { createServer } from "node:http";\nexport async function signIn(tenant: string) {\n  return new Promise<string>((resolve, reject) => {\n    const server = createServer((req, res) => {\n      const code = new URL(req.url ?? "/", "http://localhost").searchParams.get("code");\n      if (!code) {\n        res.end("missing code");\n        return;\n      }\n      exchange(tenant, code)\n        .then(async tokens => {\n          saveTokens(tokens);\n          res.end("signed in");\n          cleanup();\n          resolve(tokens);\n        })\n        .catch(err => {\n          res.end("failed");\n          cleanup();\n          reject(err);\n        });\n    });\n    const timer = setTimeout(() => {\n      cleanup();\n      reject(new Error("timed out"));\n    }, 120_000);\n    function cleanup() {\n      clearTimeout(timer);\n      server.close();\n    }\n    server.listen(0);\n  });\n}\nfunction saveTokens(tokens: string) {\n  fs.writeFileSync("tokens.json", tokens);\n}\ndeclare function exchange(tenant: string, code: string): Promise<string>;\n`,
    },
    {
      name: "one shot: an async request listener that closes its server through a const arrow declared beside it, after the write",
      code: `import fs from "node:fs";\nimport http from "node:http";\nexport function receiveHook() {\n  return new Promise<void>(resolve => {\n    const server = http.createServer();\n    const finish = () => {\n      server.close();\n    };\n    server.on("request", async (req, res) => {\n      const body = await readBody(req);\n      fs.writeFileSync("hook.json", body);\n      res.end();\n      finish();\n      resolve();\n    });\n    server.listen(0);\n  });\n}\ndeclare function readBody(r: unknown): Promise<string>;\n`,
    },
    {
      name: "one shot: a synchronous handler that closes its server through a helper after the blocking call",
      code: `import fs from "node:fs";\nimport http from "node:http";\nexport function receiveHook() {\n  return new Promise<void>(resolve => {\n    const server = http.createServer();\n    const finish = () => {\n      server.close();\n    };\n    server.on("request", (req, res) => {\n      const body = String(req.url);\n      fs.writeFileSync("hook.json", body);\n      res.end();\n      finish();\n      resolve();\n    });\n    server.listen(0);\n  });\n}\n`,
    },
    // Session 24, round 29: a forked child's jobs from its parent.
    {
      name: "parent channel: a forked child's listener of its parent's messages runs the parent's job (reads, a git diff), not work from outside",
      code: `import fs from "node:fs";\nimport { execSync } from "node:child_process";\nexport async function runReviewWorker() {\n  process.on("message", async (msg: { type: string; agent: string; dir: string }) => {\n    if (msg.type !== "run-review") return;\n    const instructions = fs.existsSync(msg.agent) ? fs.readFileSync(msg.agent, "utf8") : "";\n    const output = await review(instructions);\n    const patch = execSync("git diff", { cwd: msg.dir }).toString();\n    process.send!({ type: "result", output, patch });\n  });\n  process.send!({ type: "ready" });\n}\ndeclare function review(instructions: string): Promise<string>;\n`,
    },
    {
      name: "parent channel: also a synchronous listener, Node's process imported, and a method registered through this (its registration is its call, not its users')",
      code: `import fs from "node:fs";\nimport process from "node:process";\nprocess.on("message", (msg: string) => {\n  fs.writeFileSync("batch.json", msg);\n});\nexport class BatchWorker {\n  constructor() {\n    process.on("message", this.onMessage.bind(this));\n  }\n  async onMessage(msg: { root: string }) {\n    const config = JSON.parse(fs.readFileSync(msg.root + "/nx.json", "utf8"));\n    await runBatch(config);\n  }\n}\ndeclare function runBatch(config: unknown): Promise<void>;\n`,
    },
    // Session 13, round 12: a load whose caller keeps its promise in a lasting variable once set.
    {
      name: "memoized at the caller: a closure variable kept once set (p = p ?? init()) holds the promise of a load that reads its schema",
      code: `import fs from "node:fs";\ndeclare function wrap(h: (req: { url: string }, res: { end(s: string): void }) => Promise<void>): unknown;\nexport async function initServer(opts: { schema?: string; schemaFile?: string }) {\n  if (opts.schemaFile) opts.schema = fs.readFileSync(opts.schemaFile, "utf8");\n  await Promise.resolve();\n  return (url: string) => opts.schema + url;\n}\nexport function onRequest(opts: { schema?: string; schemaFile?: string }) {\n  let server: Promise<(url: string) => string> | null = null;\n  return wrap(async (req, res) => {\n    server = server ?? initServer(opts);\n    const app = await server;\n    res.end(app(req.url));\n  });\n}\n`,
    },
    {
      name: "memoized at the caller: a module-level variable kept once set (x = x || load()), in another file",
      filename: "schema.ts",
      code: `import fs from "node:fs";\nexport async function loadSchema(path: string) { return fs.readFileSync(path, "utf8"); }\n`,
      files: {
        "routes.ts": `import { loadSchema } from "./schema.js";\nlet schema: Promise<string> | undefined;\nexport function routes(app: { get(p: string, h: (req: unknown, res: { end(s: string): void }) => Promise<void>): void }) {\n  app.get("/schema", async (req, res) => {\n    schema = schema || loadSchema("schema.graphql");\n    res.end(await schema);\n  });\n}\n`,
      },
    },
    {
      name: "memoized at the caller: the spelling before ||=, p || (p = init()), on a module-level variable",
      code: `import fs from "node:fs";\nlet keys: Promise<string> | undefined;\nasync function loadKeys(path: string) { const pem = fs.readFileSync(path, "utf8"); await Promise.resolve(); return pem; }\nexport function routes(app: { get(p: string, h: (req: unknown, res: { end(s: string): void }) => Promise<void>): void }) {\n  app.get("/keys", async (req, res) => {\n    res.end(await (keys || (keys = loadKeys("keys.pem"))));\n  });\n}\n`,
    },
    // Session 13, round 11: a synchronous step that an uncalled public method calls is one of its steps too.
    {
      name: "evidence: an uncalled public method's synchronous step that blocks is not reported at its call (a deployment reading its file)",
      code: `import fs from "node:fs";\nfunction contentOf(path: string) { return fs.readFileSync(path); }\nexport class Client {\n  async deployResource(path: string) { const content = contentOf(path); await send(content); }\n  static async scaffold(path: string) { return String(contentOf(path)); }\n}\ndeclare function send(b: Buffer): Promise<void>;\n`,
    },
    {
      name: "evidence: an uncalled public method shows nothing about a public step it calls",
      code: `import fs from "node:fs";\nexport class Installer {\n  async install(dir: string) { await this.cleanUp(dir); }\n  async cleanUp(dir: string) { fs.rmSync(dir + "/tmp", { recursive: true }); }\n}\n`,
    },
    {
      name: "evidence: an uncalled public method in another file shows nothing about the helper it calls",
      code: `import fs from "node:fs";\nexport async function saveArtifacts(dir: string, data: string) { fs.writeFileSync(dir + "/artifacts.json", data); }\n`,
      files: {
        "runner.ts": `import { saveArtifacts } from "./file.js";\nexport class Runner {\n  async run(dir: string) { await saveArtifacts(dir, "{}"); }\n}\n`,
      },
    },
    {
      name: "evidence: an object's method nothing in the project calls shows nothing",
      code: `import fs from "node:fs";\nexport function createBuilder(out: string) {\n  return { async writeFallback(html: string) { fs.writeFileSync(out, html); } };\n}\n`,
    },
    {
      name: "evidence: `page.render()` on a value is not a call of an exported function named render",
      filename: "render.ts",
      code: `import fs from "node:fs";\nexport async function render(out: string) { fs.writeFileSync(out, "<html></html>"); }\n`,
      files: {
        "routes.ts": `export function routes(app: { get(p: string, h: (req: unknown, res: unknown) => Promise<void>): void }, page: { render(): Promise<void> }) {\n  app.get("/page", async (req, res) => { await page.render(); });\n}\n`,
      },
    },
    ...withAllExports<CaseBase>([
      // Module top level: nothing else runs yet.
      `import fs from "node:fs";\nexport const config = fs.readFileSync("config.json", "utf8");\n`,
      // A sync function nobody calls from async code.
      `import fs from "node:fs";\nexport function readAll(p: string) { return fs.readFileSync(p, "utf8"); }\n`,
      // The user's own method that happens to be called readFileSync.
      `class Cache { readFileSync(p: string) { return p; } }\nexport async function get(c: Cache) { return c.readFileSync("x"); }\n`,
      // The promise API, awaited.
      `import fs from "node:fs";\nexport async function read(p: string) { return fs.promises.readFile(p, "utf8"); }\n`,
      // A parameter that shadows the module name.
      `import fs from "node:fs";\nexport async function read(fs: { readFileSync(p: string): string }) { return fs.readFileSync("x"); }\nvoid fs;\n`,
      // Timer callbacks are not async context (DESIGN section 2).
      `import fs from "node:fs";\nexport async function later() { setTimeout(() => fs.readFileSync("x"), 10); }\n`,
      // Suppressed with a reason.
      `import fs from "node:fs";\nexport async function boot() {\n  // loopscope-ignore-next-line blocking-call-in-async -- runs once at startup\n  return fs.readFileSync("x", "utf8");\n}\n`,
      // File-wide suppression.
      `// loopscope-ignore-file blocking-call-in-async\nimport fs from "node:fs";\nexport async function boot() { return fs.readFileSync("x", "utf8"); }\n`,
      // Cheap synchronous crypto is not listed.
      `import crypto from "node:crypto";\nexport async function id() { return crypto.randomUUID() + crypto.createHash("sha256").update("x").digest("hex"); }\n`,
      // Asynchronous child processes.
      `import { spawn } from "node:child_process";\nexport async function run() { return spawn("ls"); }\n`,
      // An async helper: its own blocking call is reported inside it, not at every caller.
      {
        name: "call to an async helper in another file",
        code: `import { load } from "./helper.js";\nexport async function handler() { return load(); }\n`,
        files: { "helper.ts": `export async function load() { return 1; }\n` },
      },
      // Worker thread files can be switched off.
      {
        name: "worker file with workerThreadFiles: off",
        code: `import { parentPort } from "node:worker_threads";\nimport fs from "node:fs";\nparentPort?.on("message", async () => { parentPort?.postMessage(fs.readFileSync("x")); });\n`,
        options: { workerThreadFiles: "off" },
      },
      // A sync helper that only calls non-blocking code.
      `function add(a: number, b: number) { return a + b; }\nexport async function sum() { return add(1, 2); }\n`,
      // Session 34, round 49: a folder made only when its check found it missing, once per folder (create-if-missing.ts).
      {
        name: "create if missing: the caller's output folder, made when existsSync says it is not there (if, ||, early return, else)",
        options: { metadataCalls: "off" },
        code: `import fs from "node:fs";\nimport path from "node:path";\nimport os from "node:os";\nconst cacheDir = path.join(os.homedir(), ".cache", "tool");\nexport async function saveSongs(songs: string[], outputDir: string) {\n  if (!fs.existsSync(outputDir)) {\n    fs.mkdirSync(outputDir, { recursive: true });\n  }\n  await write(path.join(outputDir, "songs.json"), songs);\n}\nexport async function cache(key: string, body: string) {\n  fs.existsSync(cacheDir) || fs.mkdirSync(cacheDir);\n  await write(path.join(cacheDir, key), body);\n}\nexport class Exporter {\n  constructor(private exportPath: string) {}\n  async prepare() {\n    if (fs.existsSync(this.exportPath)) return;\n    fs.mkdirSync(this.exportPath);\n    await write(this.exportPath + "/meta.json", "{}");\n  }\n  async upload(req: { body: { destination: string } }) {\n    const dir = path.dirname(path.join(os.homedir(), req.body.destination));\n    if (fs.existsSync(dir)) console.log("exists");\n    else fs.mkdirSync(dir, { recursive: true });\n    await write(dir + "/upload", "x");\n  }\n}\ndeclare function write(p: string, data: unknown): Promise<void>;\n`,
      },
      {
        name: "create if missing, through a helper: a helper whose only blocking step is it leaves its callers only the check (off with metadataCalls)",
        options: { metadataCalls: "off" },
        code: `import fs from "node:fs";\nfunction ensureDir(dir: string) {\n  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });\n}\nexport async function save(dir: string, name: string, body: string) {\n  ensureDir(dir);\n  await write(dir + "/" + name, body);\n}\ndeclare function write(p: string, data: unknown): Promise<void>;\n`,
      },
      // Memoized loads: read once into a cache, then served from memory (like startup code).
      {
        name: "memoized load through a Map, used from async code",
        code: `import { readFileSync } from "node:fs";\nconst cache = new Map<string, string>();\nfunction load(name: string): string {\n  let sql = cache.get(name);\n  if (sql === undefined) {\n    sql = readFileSync(name + ".sql", "utf8");\n    cache.set(name, sql);\n  }\n  return sql;\n}\nexport async function run(name: string) { return load(name); }\n`,
      },
      `import fs from "node:fs";\nexport class Pages {\n  private template: string | undefined;\n  async render() {\n    if (!this.template) this.template = fs.readFileSync("page.html", "utf8");\n    return this.template;\n  }\n}\n`,
      `import fs from "node:fs";\nlet config: { port: number } | undefined;\nexport async function port() {\n  config ??= JSON.parse(fs.readFileSync("config.json", "utf8")) as { port: number };\n  return config.port;\n}\n`,
      // Test files: set-up that blocks delays only that test.
      {
        name: "test file",
        filename: "config.test.ts",
        code: `import fs from "node:fs";\nexport async function setup() { return fs.readFileSync("fixture.json", "utf8"); }\n`,
      },
      // Start-up code (docs: "Start-up code"): runs once while the program starts, like module top level.
      {
        name: "startup: main() called at top level",
        code: `import fs from "node:fs";\nasync function main() { const config = fs.readFileSync("config.json", "utf8"); console.log(config); }\nmain().catch(console.error);\n`,
      },
      {
        name: "startup: exported start()",
        code: `import { readFileSync } from "node:fs";\nexport async function start() { return JSON.parse(readFileSync("config.json", "utf8")) as unknown; }\n`,
      },
      {
        name: "startup: init() method of a service",
        code: `import fs from "node:fs";\nexport class Mailer {\n  private template = "";\n  async init() { this.template = fs.readFileSync("mail.html", "utf8"); }\n  get body() { return this.template; }\n}\n`,
      },
      {
        name: "startup: configuration loader by name",
        code: `import fs from "node:fs";\nexport async function loadServiceConfig(p: string) { return JSON.parse(fs.readFileSync(p, "utf8")) as unknown; }\n`,
      },
      {
        name: "startup: every method of a configuration reader class",
        code: `import fs from "node:fs";\nexport class ConnectionOptionsReader {\n  async get() { return this.load(); }\n  protected async load() { return fs.existsSync("ormconfig.json") ? fs.readFileSync("ormconfig.json", "utf8") : undefined; }\n}\n`,
      },
      {
        name: "startup: NestJS onModuleInit hook",
        code: `import fs from "node:fs";\nexport class KeysService {\n  key = "";\n  async onModuleInit() { this.key = fs.readFileSync("key.pem", "utf8"); }\n}\n`,
      },
      {
        name: "startup: async IIFE at top level",
        code: `import fs from "node:fs";\n(async () => { console.log(fs.readFileSync("banner.txt", "utf8")); })().catch(console.error);\n`,
      },
      {
        name: "startup: process.nextTick callback at top level",
        code: `import fs from "node:fs";\nprocess.nextTick(async () => { console.log(fs.existsSync("ca.pem")); });\n`,
      },
      {
        name: "startup: .then callback of a top-level chain",
        code: `import fs from "node:fs";\nPromise.resolve().then(() => fs.writeFileSync("pid", String(process.pid)));\n`,
      },
      {
        name: "startup: listen callback at top level",
        code: `import fs from "node:fs";\nconst app = { get(path: string, handler: (req: unknown) => unknown) { void path; void handler; }, use(handler: unknown) { void handler; }, listen(port: number, done?: () => unknown) { void port; void done; } };\napp.listen(3000, async () => { fs.writeFileSync("ready", "1"); });\n`,
      },
      {
        name: "startup: file-private helper called only from start()",
        code: `import fs from "node:fs";\nasync function loadTemplates() { return fs.readdirSync("templates"); }\nexport async function start() { const t = await loadTemplates(); return t.length; }\n`,
      },
      {
        name: "startup: helper called only at top level and from a start-up helper",
        code: `import fs from "node:fs";\nasync function readKeys() { return fs.readFileSync("keys.json", "utf8"); }\nasync function prepare() { return readKeys(); }\nawait prepare();\n`,
      },
      {
        name: "startup: private method called only from init()",
        code: `import fs from "node:fs";\nexport class Themes {\n  private css = "";\n  async init() { await this.loadCss(); }\n  private async loadCss() { this.css = fs.readFileSync("theme.css", "utf8"); }\n  get style() { return this.css; }\n}\n`,
      },
      {
        name: "startup: a function that builds the application (calls createApp)",
        code: `import fs from "node:fs";\ndeclare function createApp(config: unknown): Promise<unknown>;\nexport async function create(opts: { caFile: string }) {\n  const ca = fs.existsSync(opts.caFile) ? fs.readFileSync(opts.caFile) : undefined;\n  return createApp({ ca });\n}\n`,
      },
      {
        name: "startup: a function that registers routes reads its templates first",
        code: `import fs from "node:fs";\nconst app = { get(path: string, handler: (req: unknown) => unknown) { void path; void handler; }, use(handler: unknown) { void handler; }, listen(port: number, done?: () => unknown) { void port; void done; } };\nexport async function expressCreateServer() {\n  const page = fs.readFileSync("pad.html", "utf8");\n  app.get("/p/" + "pad", () => page);\n}\n`,
      },
      {
        name: "startup: a fastify-style plugin (registers routes)",
        code: `import fs from "node:fs";\ninterface Fastify { get(path: string, h: () => unknown): void }\nexport default async function routes(fastify: Fastify) {\n  const schema = fs.readFileSync("schema.json", "utf8");\n  fastify.get(\`/schema\`, async () => schema);\n}\n`,
      },
      {
        name: "startup: an option adds a start-up function",
        options: { startupFunctions: ["warm*"] },
        code: `import fs from "node:fs";\nexport async function warmCaches() { return fs.readdirSync("cache"); }\n`,
      },
      {
        name: "startup: an option adds a Class.* pattern",
        options: { startupFunctions: ["Boot*.*"] },
        code: `import fs from "node:fs";\nexport class BootSequence { async run() { return fs.readdirSync("plugins"); } }\n`,
      },
      // Start-up across files (docs: "Start-up code", rule 5) and CLI commands (rule 6).
      {
        name: "startup across files: an exported loader only another file's app builder calls",
        code: `import fs from "node:fs";\nexport async function loadIndexHtml() { return fs.readFileSync("index.html", "utf8"); }\n`,
        files: {
          "app.ts": `import { loadIndexHtml } from "./case.js";\ndeclare function createApp(html: string): unknown;\nexport async function getApp() { const html = await loadIndexHtml(); return createApp(html); }\n`,
        },
      },
      {
        name: "startup across files: two files deep, re-exported by an index, called from main()",
        code: `import fs from "node:fs";\nexport async function readKeys() { return fs.readFileSync("keys.pem", "utf8"); }\n`,
        files: {
          "index.ts": `export { readKeys } from "./case.js";\n`,
          "tls.ts": `import { readKeys } from "./index.js";\nexport async function tlsOptions() { return { key: await readKeys() }; }\n`,
          "main.ts": `import { tlsOptions } from "./tls.js";\nasync function main() { console.log(await tlsOptions()); }\nmain().catch(console.error);\n`,
        },
      },
      {
        name: "startup across files: a public method only called from another file's start-up code",
        code: `import fs from "node:fs";\nexport class Plugins {\n  async discoverPlugins() { return fs.readdirSync("plugins"); }\n}\n`,
        files: {
          "server.ts": `import { Plugins } from "./case.js";\nexport async function start() { const p = new Plugins(); return p.discoverPlugins(); }\n`,
        },
      },
      {
        name: "startup across files: a file-local function exported by assignment, called from main() in another file",
        filename: "run.cjs",
        code: `const fs = require("fs");\nconst prepareOptions = async (argv) => { if (fs.readFileSync(argv.config, "utf8")) return argv; };\nexports.prepareOptions = prepareOptions;\n`,
        files: {
          "cli.cjs": `const run = require("./run.cjs");\nconst runCommand = async (args) => { await run.prepareOptions(args); };\nexports.main = async (argv) => { await runCommand(argv); };\n`,
        },
      },
      {
        name: "startup across files: a same-named parameter in a file that does not import the function is not a use of it",
        code: `import fs from "node:fs";\nexport class Client {\n  async initialize(loadApis = true) { if (loadApis) return this.loadApis(); }\n  async loadApis() { return fs.readdirSync("api"); }\n}\n`,
        files: {
          "index.ts": `import { Client } from "./case.js";\nexport function launch({ loadApis = true } = {}) { return new Client().initialize(loadApis); }\n`,
        },
      },
      {
        name: "CLI command: a method of a class extending a *Command base",
        code: `import fs from "node:fs";\ndeclare class BaseCommand { constructor(); }\nexport class Init extends BaseCommand {\n  static usage = ["[<dir>]"];\n  async exec(dir: string) { return fs.readFileSync(dir + "/package.json", "utf8"); }\n}\n`,
      },
      {
        name: "CLI command: a callback given to .action(...)",
        code: `import fs from "node:fs";\ndeclare const program: { command(name: string): { action(fn: (...args: string[]) => unknown): void } };\nprogram.command("build").action(async (out: string) => { fs.writeFileSync(out, "{}"); });\n`,
      },
      {
        name: "startup: names in snake_case and with an Async suffix",
        code: `import fs from "node:fs";\nexport async function load_app_config(cwd: string) { return fs.readFileSync(cwd + "/app.config.json", "utf8"); }\nexport class Runner { async setupAsync() { return fs.readdirSync("hooks"); } }\n`,
      },
      {
        name: "startup: one-time build-tool plugin hooks, also in object form",
        code: `import fs from "node:fs";\nexport function plugin() {\n  return {\n    name: "my-plugin",\n    async configResolved() { fs.existsSync("a.config.js"); },\n    writeBundle: { sequential: true, async handler() { fs.writeFileSync("dist/manifest.json", "{}"); } },\n  };\n}\n`,
      },
      {
        name: "shutdown: an async SIGTERM handler",
        code: `import fs from "node:fs";\nexport function watchSignals(pidFile: string) {\n  process.on("SIGTERM", async () => { fs.rmSync(pidFile, { force: true }); process.exit(0); });\n}\n`,
      },
      {
        name: "shutdown: a hook by name",
        code: `import fs from "node:fs";\nexport class Store { async onApplicationShutdown() { fs.writeFileSync("store.snapshot", "{}"); } }\n`,
      },
      // Serving evidence (serving-evidence.ts): without it, async code is not reported.
      {
        name: "evidence: a helper whose only caller is a callback handed to a library that is no limiter",
        filename: "upload.ts",
        code: `import fs from "node:fs";\nexport async function upload(f: string) {\n  const body = fs.readFileSync(f);\n  await fetch("https://example.com", { method: "PUT", body });\n}\n`,
        files: {
          "deploy.ts": `import { upload } from "./upload.js";\ndeclare function withSpinner<T>(task: () => Promise<T>): Promise<T>;\nexport function deployOne(file: string) {\n  return withSpinner(async () => upload(file));\n}\n`,
        },
      },
      {
        name: "evidence: a callback handed to a library that is not a source of repeated work",
        code: `import fs from "node:fs";\nexport function wire(program: { hook(name: string, cb: () => Promise<void>): void }) {\n  program.hook("preAction", async () => { fs.readFileSync("cfg.json", "utf8"); });\n}\n`,
      },
      {
        name: "evidence: a file-private function stored in a table, never registered as a handler",
        code: `import fs from "node:fs";\nasync function clean(dir: string) { fs.rmSync(dir, { recursive: true }); }\nconst steps = [clean];\nexport function stepCount() { return steps.length; }\n`,
      },
      {
        name: "evidence: an exported function whose only caller in the project is a callback handed to a library",
        code: `import { save } from "./save.js";\nexport function wire(program: { hook(name: string, cb: () => Promise<void>): void }) {\n  program.hook("postAction", async () => { await save("out.json"); });\n}\n`,
        files: { "save.ts": `import fs from "node:fs";\nexport async function save(p: string) { fs.writeFileSync(p, "{}"); }\n` },
      },
      // Done once behind a flag that outlives the call.
      {
        name: "once guard: if (!flag) { ...; flag = true }",
        code: `import fs from "node:fs";\nlet themeLoaded = false;\nlet css = "";\nexport async function theme(active: boolean) {\n  if (active && !themeLoaded) {\n    css = fs.readFileSync("theme.css", "utf8");\n    themeLoaded = true;\n  }\n  return css;\n}\n`,
      },
      {
        name: "once guard: early return on a property set later",
        code: `import fs from "node:fs";\nexport class Keys {\n  private ready = false;\n  private key = "";\n  async ensure() {\n    if (this.ready) return;\n    this.key = fs.readFileSync("key.pem", "utf8");\n    this.ready = true;\n  }\n}\n`,
      },
      {
        name: "memoized promise of a private method",
        code: `import fs from "node:fs";\nexport class Data {\n  private global: Promise<string> | undefined;\n  async getGlobal() {\n    if (!this.global) this.global = this.#load();\n    return this.global;\n  }\n  async #load() { return fs.readFileSync("global.json", "utf8"); }\n}\n`,
      },
      {
        name: "memoized through a helper and ||",
        code: `import fs from "node:fs";\nlet inContainer: boolean | undefined;\nfunction hasDockerEnv() { try { fs.statSync("/.dockerenv"); return true; } catch { return false; } }\nfunction hasCgroup() { return fs.readFileSync("/proc/self/cgroup", "utf8").includes("docker"); }\nfunction isInContainer() {\n  if (inContainer === undefined) inContainer = hasDockerEnv() || hasCgroup();\n  return inContainer;\n}\nexport async function report() { return { container: isInContainer() }; }\n`,
      },
      // Scripts: one-shot programs run from a shell.
      {
        name: "a file in a scripts/ folder",
        filename: "scripts/generate.ts",
        files: { "scripts/.keep": "" },
        code: `import fs from "node:fs";\nexport async function generate(out: string) { fs.writeFileSync(out, "[]"); return fs.statSync(out).size; }\n`,
      },
      // Deliberate synchronous code, said at the source (docs: "Deliberate synchronous code").
      {
        name: "suppressed at the source: an ignore comment in a helper silences its callers in other files",
        code: `import { writeLockFile } from "./lock.js";\nexport async function handler() { writeLockFile("x"); }\n`,
        files: {
          "lock.ts": `import fs from "node:fs";\nexport function writeLockFile(p: string) {\n  // loopscope-ignore-next-line blocking-call-in-async -- an atomic rename: no half-written lock file\n  fs.renameSync(p + ".tmp", p);\n}\n`,
        },
      },
      {
        name: "suppressed at the source: the helper's comment is used, not reported as unused",
        noFindingsAtAll: true,
        code: `import fs from "node:fs";\nexport function writeLockFile(p: string) {\n  // loopscope-ignore-next-line blocking-call-in-async -- an atomic rename: no half-written lock file\n  fs.renameSync(p + ".tmp", p);\n}\nexport async function handler() { writeLockFile("x"); }\n`,
      },
      {
        name: "suppressed at the call of a project helper that blocks: the comment hides the finding and is used",
        noFindingsAtAll: true,
        code: `import { readFileSync } from "node:fs";\nfunction load() { return readFileSync("x", "utf8"); }\nexport class Store {\n  async get() {\n    // loopscope-ignore-next-line blocking-call-in-async -- a few bytes\n    return load();\n  }\n}\n`,
      },
      {
        name: "suppressed at the call of a helper that blocks, in code nothing shows to serve: still used",
        noFindingsAtAll: true,
        code: `import { readFileSync } from "node:fs";\nfunction load() { return readFileSync("x", "utf8"); }\nasync function f() {\n  // loopscope-ignore-next-line blocking-call-in-async\n  return load();\n}\nf();\n`,
      },
      {
        name: "suppressed at the source: a sync helper nobody calls from async code keeps its comment used",
        noFindingsAtAll: true,
        code: `import fs from "node:fs";\nexport function cleanUp(p: string) {\n  // loopscope-ignore-next-line blocking-call-in-async -- runs in process.on("exit"), which cannot wait\n  fs.rmSync(p, { force: true });\n}\n`,
      },
      {
        name: "@loopscope-sync-ok on a helper silences its callers in other files",
        code: `import { readState } from "./state.js";\nexport async function handler() { return readState().length; }\n`,
        files: {
          "state.ts": `import fs from "node:fs";\n/**\n * Reads the state file.\n * @loopscope-sync-ok a few bytes, read under a lock that must not yield\n */\nexport function readState() { return fs.readFileSync("state.json", "utf8"); }\n`,
        },
      },
      {
        name: "@loopscope-sync-ok on an async function covers its own calls",
        code: `import fs from "node:fs";\n/** @loopscope-sync-ok the response must be flushed before the process exits */\nexport async function flushAndExit() { fs.writeFileSync("out.log", "done"); }\n`,
      },
      {
        name: "a comment that says the call is synchronous on purpose, and why",
        code: `import fs from "node:fs";\nexport async function save(p: string, data: string) {\n  fs.writeFileSync(p + ".tmp", data);\n  // Sync on purpose: the rename must be atomic with the write above.\n  fs.renameSync(p + ".tmp", p);\n}\n`.replace(
          `  fs.writeFileSync(p + ".tmp", data);\n`,
          "",
        ),
      },
      {
        name: "a trailing comment giving the reason",
        code: `import fs from "node:fs";\nexport async function onShutdown(p: string) {\n  fs.rmSync(p, { force: true }); // synchronous because the process exits right after\n}\n`,
      },
      {
        name: "a deliberately synchronous helper (its doc says why) silences its callers",
        code: `import { saveAtExit } from "./exit.js";\nexport async function stop() { saveAtExit(); }\n`,
        files: {
          "exit.ts": `import fs from "node:fs";\n/** Writes the journal synchronously, because it runs in an exit handler where nothing can be awaited. */\nexport function saveAtExit() { fs.writeFileSync("journal", "x"); }\n`,
        },
      },
      {
        name: "a reason above the helper's own state declared right before it covers the helper",
        code: `import { uploadWriter } from "./upload.js";\nexport async function handler(p: string) { uploadWriter(p); }\n`,
        files: {
          "upload.ts": `import fs from "node:fs";\n// stay sync because we use this function with a form parser that needs the stream at once\nlet uploads = 0;\nexport function uploadWriter(p: string) {\n  uploads++;\n  fs.mkdirSync(p, { recursive: true });\n  return fs.createWriteStream(p + "/part" + uploads);\n}\n`,
        },
      },
      {
        name: "the same above a class's empty collection that the method uses",
        code: `import { Writers } from "./writers.js";\nexport async function handler(w: Writers, p: string) { w.open(p); }\n`,
        files: {
          "writers.ts": `import fs from "node:fs";\nexport class Writers {\n  // synchronous on purpose: the caller must get the stream in the same tick\n  private open_ = new Map<string, fs.WriteStream>();\n  open(p: string) {\n    fs.mkdirSync(p, { recursive: true });\n    const s = fs.createWriteStream(p + "/x");\n    this.open_.set(p, s);\n    return s;\n  }\n}\n`,
        },
      },
      {
        name: "a comment opening the helper's body names the blocking wait and why silences its callers",
        options: { uncalledExports: "all" },
        code: `declare const shared: Int32Array;\nfunction waitForWork() {\n  // Between tasks the only thing to happen next is the parent's signal: wait for it with Atomics.wait()\n  // in order to avoid the cost of a message event.\n  let seen = 0;\n  while (seen === 0) {\n    Atomics.wait(shared, 0, 0);\n    seen = Atomics.load(shared, 0);\n  }\n}\nexport async function next() { waitForWork(); }\n`,
      },
      {
        name: "a fallback for a missing argument that every call in the file passes never runs",
        options: { callerEvidence: "all" },
        code: `import fs from "node:fs";\nasync function findTarget(path: string, known?: Set<string>) {\n  if (known ? known.has(path) : fs.readFileSync(path, "utf8").length > 0) return path;\n  return undefined;\n}\nexport async function match(paths: string[]) {\n  const known = new Set(paths);\n  return Promise.all(paths.map(async p => findTarget(p + ".js", known)));\n}\n`,
      },
      {
        name: "the same for an exported function no other file mentions",
        options: { callerEvidence: "all" },
        code: `import fs from "node:fs";\ndeclare const other: Record<string, (p: string) => void>;\nother.findTarget("x");\nexport async function findTarget(path: string, known?: Set<string>) {\n  if (known ? known.has(path) : fs.readFileSync(path, "utf8").length > 0) return path;\n  return undefined;\n}\nexport async function match(paths: string[]) {\n  const known = new Set(paths);\n  return Promise.all(paths.map(async p => findTarget(p + ".js", known)));\n}\n`,
      },
      // Cost classes: metadata calls at info by default; off on request.
      {
        name: "metadataCalls: off leaves metadata calls alone",
        options: { metadataCalls: "off" },
        code: `import fs from "node:fs";\nexport async function has(p: string) { return fs.existsSync(p) && fs.statSync(p).isFile(); }\n`,
      },
      // Per-key memoization.
      {
        name: "memoized per key: cache[key] ??= load(key)",
        code: `import fs from "node:fs";\nconst templates: Record<string, string> = {};\nfunction load(name: string) { return fs.readFileSync(name + ".html", "utf8"); }\nexport async function render(name: string) { return (templates[name] ??= load(name)).length; }\n`,
      },
      {
        name: "memoized per key: cache.get(k) ?? (v = load(), cache.set(k, v), v)",
        code: `import fs from "node:fs";\nconst cache = new Map<string, string>();\nexport async function schema(name: string) {\n  let v: string;\n  return cache.get(name) ?? (v = fs.readFileSync(name, "utf8"), cache.set(name, v), v);\n}\n`,
      },
      {
        name: "memoized per key: has ? get : (load, set)",
        code: `import fs from "node:fs";\nconst cache = new Map<string, string>();\nexport async function schema(name: string) {\n  let v = "";\n  return cache.has(name) ? cache.get(name) : (v = fs.readFileSync(name, "utf8"), cache.set(name, v), v);\n}\n`,
      },
      {
        name: "memoized per key: early return on a hit, stored after the load",
        code: `import fs from "node:fs";\nconst cache = new Map<string, string>();\nexport async function template(name: string) {\n  const hit = cache.get(name);\n  if (hit !== undefined) return hit;\n  const text = fs.readFileSync(name, "utf8");\n  cache.set(name, text);\n  return text;\n}\n`,
      },
      {
        name: "memoized per key: \`in\` check on a module-level object, stored inside a try",
        code: `import fs from "node:fs";\nconst sources: Record<string, string> = {};\nexport async function source(name: string) {\n  if (name in sources) return sources[name];\n  try {\n    const text = fs.readFileSync(name, "utf8");\n    sources[name] = text;\n    return text;\n  } catch { return ""; }\n}\n`,
      },
      {
        name: "memoized per process: early returns test the lasting flag the load assigns",
        code: `import fs from "node:fs";\nfunction readFlag(p: string): boolean { return fs.readFileSync(p, "utf8").trim() === "1"; }\nlet found: boolean | undefined;\nfunction probe(): boolean {\n  if (found === true || process.env.FLAG) return true;\n  if (found === false) return false;\n  found = readFlag("/etc/flag");\n  return found;\n}\nexport async function handle() { return probe(); }\n`,
      },
      {
        name: "a method call on a library object of the same name is not followed",
        code: `import { EventEmitter } from "node:events";\nexport async function handle(bus: EventEmitter) { bus.emit("error", new Error("x")); }\n`,
        files: { "log.ts": `import fs from "node:fs";\nexport class Log { emit(line: string) { fs.appendFileSync("log", line); } }\n` },
      },
      // Recursion without blocking terminates.
      `function f(n: number): number { return n <= 0 ? 0 : g(n - 1); }\nfunction g(n: number): number { return f(n); }\nexport async function h() { return f(3); }\n`,
    ]),
    // Round 30: code nothing can call.
    {
      name: "round 30: a function with request parameters that no module of a library whose `exports` names each subpath names (the entry imports its sibling): it never runs",
      code: pageCode,
      files: closedLibrary,
    },
    {
      name: "round 30: ... also a public method of a class no module names, in a program whose one entry starts it when loaded (`new App()`: nobody's library)",
      options: { requireConcurrencyEvidence: false },
      code: pagesClassCode,
      files: { ...startingProgram, "main.ts": startingEntry },
    },
    {
      name: "round 30: a module-level function with request parameters that its module neither exports nor uses",
      code: privatePageCode,
    },
    // Session 35, round 50: a fan-out item written in a configuration or plugin loader (configuration-loaders.ts).
    {
      name: "configuration loaders: fan-out items written in a loader of the configuration or its plugins (resolve*Config*, load*Plugins, snake case too) and a public plugin loader's own code run once while the program starts",
      code: `import fs from "node:fs";\nexport async function loadThemePlugins(plugins: { path: string }[]) {\n  return Promise.all(plugins.map(async p => {\n    const manifest = JSON.parse(fs.readFileSync(p.path + "/package.json", "utf8"));\n    return await import(manifest.main);\n  }));\n}\nexport async function resolveWorkspaceConfigFiles(paths: string[]) {\n  return Promise.all(paths.map(async p => {\n    if (!fs.existsSync(p)) throw new Error("missing " + p);\n    return await parse(p);\n  }));\n}\nexport class ExtensionHost {\n  async loadLocalPlugins(dir: string) {\n    if (!fs.existsSync(dir)) return [];\n    const found = fs.readdirSync(dir);\n    return Promise.all(found.map(f => import(dir + "/" + f)));\n  }\n}\nasync function load_bundler_plugins(names: string[]) {\n  return Promise.all(names.map(async n => {\n    const pkg = JSON.parse(fs.readFileSync(n + "/package.json", "utf8"));\n    return (await import(pkg.main)).default;\n  }));\n}\nexport default async function plugin(names: string[]) {\n  return [...(await load_bundler_plugins(names))];\n}\ndeclare function parse(p: string): Promise<unknown>;\n`,
    },
  ],
  invalid: [
    // Session 35, round 50: just outside "a fan-out in a configuration loader" (configuration-loaders.ts).
    {
      name: "round 50 boundary: fan-out items in a command's main(), in a loader of other things (pages), and in a function written inside a plugin loader still serve",
      code: `import fs from "node:fs";\nexport async function main(files: string[]) {\n  await Promise.all(files.map(async f => {\n    const text = fs.readFileSync(f, "utf8");\n    await upload(text);\n  }));\n}\nexport async function loadPages(files: string[]) {\n  return Promise.all(files.map(async f => {\n    const text = fs.readFileSync(f, "utf8");\n    return await render(text);\n  }));\n}\nexport async function loadThemePlugins(names: string[]) {\n  const each = async (list: string[]) => Promise.all(list.map(async n => {\n    const text = fs.readFileSync(n, "utf8");\n    return await render(text);\n  }));\n  return each(names);\n}\ndeclare function upload(t: string): Promise<void>;\ndeclare function render(t: string): Promise<string>;\n`,
      errors: [
        { line: 4, column: 18, messageId: "direct", basis: "fan-out-item" },
        { line: 10, column: 18, messageId: "direct", basis: "fan-out-item" },
        { line: 16, column: 18, messageId: "direct", basis: "fan-out-item" },
      ],
    },
    // Session 17: requireConcurrencyEvidence, and the message names the evidence it found, and where.
    {
      name: "roots only: a fan-out inside a route handler serves (the code around the map decides), and the message names the handler",
      options: { requireConcurrencyEvidence: true },
      code: `import fs from "node:fs";\ndeclare const app: { get(p: string, h: (req: { files: string[] }, res: { end(s: string): void }) => Promise<void>): void };\napp.get("/bundle", async (req, res) => {\n  const parts = await Promise.all(\n    req.files.map(async f => {\n      const text = fs.readFileSync(f, "utf8");\n      return await minify(text);\n    }),\n  );\n  res.end(parts.join(""));\n});\ndeclare function minify(t: string): Promise<string>;\n`,
      errors: [
        {
          line: 6,
          column: 20,
          messageId: "direct",
          message:
            "fs.readFileSync blocks the event loop inside async code: every other request and timer waits until it returns. It runs in the route handler at case.ts:3. Use fs.promises.readFile",
          basis: "route",
        },
      ],
    },
    {
      name: "roots only: a helper a request handler calls, and a limiter's task in a job processor, name where the evidence is",
      options: { requireConcurrencyEvidence: true },
      code: `import fs from "node:fs";\ndeclare function pLimit(n: number): <T>(task: () => Promise<T>) => Promise<T>;\ndeclare const queue: { process(fn: (job: { data: { urls: string[] } }) => Promise<void>): void };\nasync function render(name: string) {\n  return fs.readFileSync("templates/" + name, "utf8");\n}\nexport async function page(req: { query: { name: string } }, res: { end(s: string): void }) {\n  res.end(await render(req.query.name));\n}\nqueue.process(async job => {\n  const limit = pLimit(2);\n  await Promise.all(job.data.urls.map(url => limit(async () => fs.writeFileSync(url, await get(url)))));\n});\ndeclare function get(url: string): Promise<string>;\n`,
      errors: [
        {
          line: 5,
          column: 10,
          messageId: "direct",
          message: "until it returns. It is reached from the request handler at case.ts:7. Use",
          basis: "request-params@1",
        },
        {
          line: 12,
          column: 64,
          messageId: "direct",
          message: "until it returns. It runs in the job processor at case.ts:10. Use",
          basis: "job-processor",
        },
      ],
      output: `import fs from "node:fs";\ndeclare function pLimit(n: number): <T>(task: () => Promise<T>) => Promise<T>;\ndeclare const queue: { process(fn: (job: { data: { urls: string[] } }) => Promise<void>): void };\nasync function render(name: string) {\n  return await fs.promises.readFile("templates/" + name, "utf8");\n}\nexport async function page(req: { query: { name: string } }, res: { end(s: string): void }) {\n  res.end(await render(req.query.name));\n}\nqueue.process(async job => {\n  const limit = pLimit(2);\n  await Promise.all(job.data.urls.map(url => limit(async () => await fs.promises.writeFile(url, await get(url)))));\n});\ndeclare function get(url: string): Promise<string>;\n`,
    },
    {
      name: "roots only: a route handler in another file that calls the helper is named, file and line",
      options: { requireConcurrencyEvidence: true },
      filename: "src/render.ts",
      code: `import fs from "node:fs";\nexport async function render(name: string) {\n  return fs.readFileSync("templates/" + name, "utf8");\n}\n`,
      files: {
        "src/routes.ts": `import { render } from "./render.js";\ndeclare const router: { get(p: string, h: (req: { params: { name: string } }, res: { end(s: string): void }) => Promise<void>): void };\nrouter.get("/pages/:name", async (req, res) => {\n  res.end(await render(req.params.name));\n});\n`,
      },
      errors: [
        {
          line: 3,
          column: 10,
          messageId: "direct",
          message: "until it returns. It is reached from the route handler at routes.ts:3. Use",
          basis: "route@1",
        },
      ],
      output: `import fs from "node:fs";\nexport async function render(name: string) {\n  return await fs.promises.readFile("templates/" + name, "utf8");\n}\n`,
    },
    {
      name: "by default a fan-out item counts by itself, and an uncalled public method, and the message says so",
      code: `import fs from "node:fs";\nexport class Client {\n  async download(path: string) { return fs.readFileSync(path); }\n}\nexport async function buildAll(files: string[]) {\n  await Promise.all(files.map(async f => { fs.writeFileSync(f + ".out", "x"); await tick(); }));\n}\ndeclare function tick(): Promise<void>;\n`,
      errors: [
        {
          line: 3,
          column: 41,
          messageId: "direct",
          message: "It runs in the public method at case.ts:3, which nothing in the project calls.",
          basis: "public-class-method",
        },
        { line: 6, column: 44, messageId: "direct", message: "It runs in the fan-out item at case.ts:6.", basis: "fan-out-item" },
      ],
      output: `import fs from "node:fs";\nexport class Client {\n  async download(path: string) { return await fs.promises.readFile(path); }\n}\nexport async function buildAll(files: string[]) {\n  await Promise.all(files.map(async f => { fs.writeFileSync(f + ".out", "x"); await tick(); }));\n}\ndeclare function tick(): Promise<void>;\n`,
    },
    // Session 15, late: round 16: where the memoized promise and the idle worker stop.
    {
      name: "memoized promise: a promise the method does not keep, or one made before the early return, is made (and its executor run) on every call",
      code: `import fs from "node:fs";\nimport net from "node:net";\ndeclare function open(c: object, done: (err?: Error) => void): void;\nexport class Connection {\n  private pending: Promise<Connection> | null = null;\n  private ready = false;\n  constructor(private config: { identity: string; key?: Buffer }) {}\n  connect(): Promise<Connection> {\n    if (this.pending != null) return this.pending;\n    return new Promise((resolve, reject) => {\n      this.config.key = fs.readFileSync(this.config.identity);\n      open(this.config, err => (err ? reject(err) : resolve(this)));\n    });\n  }\n  reconnect(): Promise<Connection> {\n    const p = new Promise<Connection>(resolve => {\n      this.config.key = fs.readFileSync(this.config.identity);\n      resolve(this);\n    });\n    if (this.ready) return p;\n    this.ready = true;\n    return p;\n  }\n  tunnel(port: number) {\n    return net.createServer().on("connection", socket => {\n      this.connect().then(() => this.reconnect()).then(() => socket.end());\n    }).listen(port);\n  }\n}`,
      errors: [
        { line: 26, column: 7, messageId: "transitiveHandler", basis: "sync:listener:connection" },
        { line: 26, column: 33, messageId: "transitive" },
      ],
    },
    {
      name: "idle worker: the same idle loop in a file that does not run as a worker thread blocks the main thread",
      code: `import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";\nlet running = 0;\nlet seen = 0;\ndeclare const shared: Int32Array;\nfunction idle(port: MessagePort) {\n  while (running === 0) {\n    Atomics.wait(shared, 0, seen);\n    seen = Atomics.load(shared, 0);\n    let entry;\n    while ((entry = receiveMessageOnPort(port)) !== undefined) running++;\n  }\n}\nexport async function next(port: MessagePort) { idle(port); }\n`,
      options: { requireConcurrencyEvidence: false, uncalledExports: "all" },
      errors: [{ line: 13, column: 49, messageId: "transitive" }],
    },
    {
      name: "idle worker: a wait while tasks are running, or under a zero test of a count the file never increments, is still reported (at the worker severity)",
      code: `import { parentPort, workerData } from "node:worker_threads";\nlet running = 0;\nlet stopped = 0;\nconst shared = workerData.shared as Int32Array;\nfunction drain() {\n  while (running > 0) Atomics.wait(shared, 1, running);\n  while (stopped === 0) Atomics.wait(shared, 2, 0);\n}\nparentPort!.on("message", async (task: unknown) => {\n  running++;\n  await run(task);\n  running--;\n  drain();\n});\ndeclare function run(t: unknown): Promise<unknown>;\n`,
      errors: [{ line: 13, column: 3, messageId: "transitive", severity: "info" }],
    },
    // Session 15, round 15: where the one-time exemptions stop.
    {
      name: "polling timer: a poll that a request handler waits for stalls the other requests (its creator's caller decides)",
      code: `import { spawnSync } from "node:child_process";\nfunction waitForClose(id: string) {\n  return new Promise<void>(resolve => {\n    const timer = setInterval(async () => {\n      const out = spawnSync("ps", ["-p", id], { encoding: "utf8" });\n      if (!out.stdout.includes(id)) {\n        clearInterval(timer);\n        resolve();\n      }\n    }, 500);\n  });\n}\ndeclare const app: { get(p: string, h: (req: { query: { id: string } }, res: { end(): void }) => Promise<void>): void };\napp.get("/wait", async (req, res) => {\n  await waitForClose(req.query.id);\n  res.end();\n});\n`,
      errors: [{ line: 5, column: 19, messageId: "direct", message: "child_process.spawnSync blocks the event loop", basis: "route@1" }],
    },
    {
      name: "polling timer: an interval that never clears itself, or clears another timer, keeps repeating",
      code: `import { spawnSync } from "node:child_process";\nexport async function watchProcess(id: string) {\n  return new Promise<void>(resolve => {\n    setInterval(async () => {\n      spawnSync("ps", ["-p", id]);\n    }, 500);\n    resolve();\n  });\n}\n\ndeclare const heartbeat: ReturnType<typeof setInterval>;\nexport async function waitForClose2(id: string) {\n  return new Promise<void>(resolve => {\n    const timer = setInterval(async () => {\n      const out = spawnSync("ps", ["-p", id], { encoding: "utf8" });\n      if (!out.stdout.includes(id)) {\n        clearInterval(heartbeat);\n        resolve();\n      }\n    }, 500);\n  });\n}\n`,
      errors: [
        { line: 5, column: 7, messageId: "direct", basis: "interval" },
        { line: 15, column: 19, messageId: "direct", basis: "interval" },
      ],
    },
    {
      name: "kept for tests: a comment that only mentions tests (looks for test files), or ends the line of the code before, is not one, and a method kept for tests that a handler calls serves",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nexport class Finder {\n  /** Looks for test files in the folder. */\n  async find(dir: string) { return fs.readdirSync(dir).filter(f => f.endsWith(".test.js")); }\n  reset() {} // for testing\n  async save(dir: string) { fs.writeFileSync(dir + "/found.json", "[]"); await flush(); }\n}\n\nexport class CacheEntry {\n  constructor(private readonly path: string) {}\n  // for testing\n  async destroy() { fs.unlinkSync(this.path); }\n}\ndeclare const app: { delete(p: string, h: (req: { path: string }, res: { end(): void }) => Promise<void>): void };\napp.delete("/cache", async (req, res) => {\n  await new CacheEntry(req.path).destroy();\n  res.end();\n});\ndeclare function flush(): Promise<void>;\n`,
      errors: [
        { line: 4, column: 36, messageId: "direct", basis: "public-class-method" },
        { line: 6, column: 29, messageId: "direct", basis: "public-class-method" },
        { line: 12, column: 21, messageId: "direct", basis: "route@1" },
      ],
      output: `import fs from "node:fs";\nexport class Finder {\n  /** Looks for test files in the folder. */\n  async find(dir: string) { return (await fs.promises.readdir(dir)).filter(f => f.endsWith(".test.js")); }\n  reset() {} // for testing\n  async save(dir: string) { await fs.promises.writeFile(dir + "/found.json", "[]"); await flush(); }\n}\n\nexport class CacheEntry {\n  constructor(private readonly path: string) {}\n  // for testing\n  async destroy() { await fs.promises.unlink(this.path); }\n}\ndeclare const app: { delete(p: string, h: (req: { path: string }, res: { end(): void }) => Promise<void>): void };\napp.delete("/cache", async (req, res) => {\n  await new CacheEntry(req.path).destroy();\n  res.end();\n});\ndeclare function flush(): Promise<void>;\n`,
    },
    {
      name: "command-line program: a function another file registers as middleware serves",
      code: `import fs from "node:fs";\nexport function navigationFallback(req: { url: string }, res: { statusCode: number }, navigationFallback?: { rewrite: string }) {\n  if (!navigationFallback) return false;\n  return fs.existsSync("public" + req.url);\n}\nexport function isExcluded(path: string, navigationFallback?: { exclude: string[] }) {\n  return !!navigationFallback?.exclude.includes(path);\n}\n`,
      files: {
        "package.json": `{ "name": "tool", "type": "module", "bin": { "tool": "dist/cli.js" } }\n`,
        "other.ts": `import { navigationFallback } from "./case.js";\ndeclare const app: { use(h: (req: { url: string }, res: { statusCode: number }) => void): void };\napp.use((req, res) => { navigationFallback(req, res, { rewrite: "/index.html" }); });\n`,
      },
      errors: [{ line: 4, column: 10, messageId: "handler", basis: "sync:request-params" }],
    },
    {
      name: "a package with a library entry: its users may call an exported function with request parameters, and public methods",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nexport function navigationFallback(req: { url: string }, res: { statusCode: number }, navigationFallback?: { rewrite: string }) {\n  if (!navigationFallback) return false;\n  return fs.existsSync("public" + req.url);\n}\nexport function isExcluded(path: string, navigationFallback?: { exclude: string[] }) {\n  return !!navigationFallback?.exclude.includes(path);\n}\n\nexport class CredentialStore {\n  async deleteAll() { fs.writeFileSync("credentials.json", "{}"); await flush(); }\n}\nexport async function renderPage(req: { url: string }, res: { end(s: string): void }) {\n  res.end(fs.readFileSync("pages" + req.url, "utf8"));\n}\ndeclare function flush(): Promise<void>;\n`,
      files: {
        "package.json": `{ "name": "tool", "type": "module", "main": "case.js", "bin": { "tool": "dist/cli.js" } }\n`,
      },
      errors: [
        { line: 4, column: 10, messageId: "handler", basis: "sync:request-params" },
        { line: 11, column: 23, messageId: "direct", basis: "public-class-method" },
        { line: 14, column: 11, messageId: "direct", basis: "request-params" },
      ],
      output: `import fs from "node:fs";\nexport function navigationFallback(req: { url: string }, res: { statusCode: number }, navigationFallback?: { rewrite: string }) {\n  if (!navigationFallback) return false;\n  return fs.existsSync("public" + req.url);\n}\nexport function isExcluded(path: string, navigationFallback?: { exclude: string[] }) {\n  return !!navigationFallback?.exclude.includes(path);\n}\n\nexport class CredentialStore {\n  async deleteAll() { await fs.promises.writeFile("credentials.json", "{}"); await flush(); }\n}\nexport async function renderPage(req: { url: string }, res: { end(s: string): void }) {\n  res.end(await fs.promises.readFile("pages" + req.url, "utf8"));\n}\ndeclare function flush(): Promise<void>;\n`,
    },
    {
      name: "evidence: a task of a hand-written pool (its promise added to a set of pending work that the file empties and awaits with Promise.race) serves, for every function it reaches",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nclass Runner {\n  private pending = new Set<Promise<void>>();\n  async runAll(tasks: string[], parallelism: number) {\n    let i = 0;\n    while (i < tasks.length || this.pending.size > 0) {\n      while (this.pending.size < parallelism && i < tasks.length) this.dispatch(tasks[i++]!);\n      await Promise.race(this.pending);\n    }\n  }\n  dispatch(task: string) {\n    const worker = this.runOne(task).catch(() => undefined).finally(() => this.pending.delete(worker));\n    this.pending.add(worker);\n  }\n  async runOne(task: string) {\n    const out = await exec(task);\n    this.save(task, out);\n  }\n  async save(task: string, out: string) {\n    fs.writeFileSync(task + ".log", out);\n  }\n}\nexport async function main(tasks: string[]) {\n  await new Runner().runAll(tasks, 4);\n}\ndeclare function exec(t: string): Promise<string>;\n`,
      errors: [{ line: 20, column: 5, messageId: "direct", message: "fs.writeFileSync blocks the event loop" }],
    },
    // Session 9, round 7: the same shapes where the work does grow or repeat.
    {
      name: "cost class: a work-factor key derivation per request is still reported",
      code: `import crypto from "node:crypto";\nexport function login(req: { body: string }, res: { end(b: string): void }) {\n  res.end(crypto.pbkdf2Sync(req.body, "salt", 100_000, 32, "sha256").toString("hex"));\n}\n`,
      errors: [
        {
          line: 3,
          column: 11,
          messageId: "handler",
          message: "crypto.pbkdf2Sync blocks the event loop in a handler of requests",
          basis: "sync:request-params",
        },
      ],
    },
    {
      name: "a listener of a repeated event (each interval's stats) registered in the same place is still reported",
      code: `import fs from "node:fs";\ndeclare const launcher: { events: { on(event: string, cb: (stats: object) => unknown): void }; run(): void };\nexport async function runTest(output: string) {\n  launcher.events.on("stats", async stats => {\n    fs.appendFileSync(output, JSON.stringify(stats));\n  });\n  launcher.run();\n}\n`,
      errors: [{ line: 5, column: 5, messageId: "direct", basis: "listener" }],
      output: `import fs from "node:fs";\ndeclare const launcher: { events: { on(event: string, cb: (stats: object) => unknown): void }; run(): void };\nexport async function runTest(output: string) {\n  launcher.events.on("stats", async stats => {\n    await fs.promises.appendFile(output, JSON.stringify(stats));\n  });\n  launcher.run();\n}\n`,
    },
    {
      name: "middleware (ctx, next) that calls next() without a result is still a request handler",
      code: `import fs from "node:fs";\nexport function serveFile(ctx: { path: string; body?: Buffer }, next: (err?: Error) => void) {\n  ctx.body = fs.readFileSync(ctx.path);\n  next();\n}\n`,
      errors: [
        {
          line: 3,
          column: 14,
          messageId: "handler",
          message: "fs.readFileSync blocks the event loop in a handler of requests",
          basis: "sync:request-params",
        },
      ],
    },
    {
      name: "a variable of the handler itself starts empty on every request: the load is not memoized",
      code: `import fs from "node:fs";\ndeclare const router: { get(path: string, h: (req: unknown, res: { end(s: string): void }) => void): void };\nfunction loadHtml(dir: string): string { return fs.readFileSync(dir + "/index.html", "utf8"); }\nexport function serveIndex(dir: string) {\n  router.get("/", (req, res) => {\n    let indexHtml = "";\n    if (!indexHtml) {\n      indexHtml = loadHtml(dir);\n    }\n    res.end(indexHtml);\n  });\n}\n`,
      errors: [{ line: 8, column: 19, messageId: "transitiveHandler", basis: "sync:request-params" }],
    },
    {
      name: "a variable of the handler itself kept once set (p = p ?? init()) starts empty on every request: not memoized",
      code: `import fs from "node:fs";\ndeclare function wrap(h: (req: { url: string }, res: { end(s: string): void }) => Promise<void>): unknown;\nasync function initServer(opts: { schemaFile: string }) {\n  const schema = fs.readFileSync(opts.schemaFile, "utf8");\n  await Promise.resolve();\n  return (url: string) => schema + url;\n}\nexport function onRequest(opts: { schemaFile: string }) {\n  return wrap(async (req, res) => {\n    let server: Promise<(url: string) => string> | null = null;\n    server = server ?? initServer(opts);\n    const app = await server;\n    res.end(app(req.url));\n  });\n}\n`,
      errors: [{ line: 4, column: 18, messageId: "direct", basis: "request-params@1" }],
      output: `import fs from "node:fs";\ndeclare function wrap(h: (req: { url: string }, res: { end(s: string): void }) => Promise<void>): unknown;\nasync function initServer(opts: { schemaFile: string }) {\n  const schema = await fs.promises.readFile(opts.schemaFile, "utf8");\n  await Promise.resolve();\n  return (url: string) => schema + url;\n}\nexport function onRequest(opts: { schemaFile: string }) {\n  return wrap(async (req, res) => {\n    let server: Promise<(url: string) => string> | null = null;\n    server = server ?? initServer(opts);\n    const app = await server;\n    res.end(app(req.url));\n  });\n}\n`,
    },
    {
      name: "a lasting variable that takes the awaited result (s = s ?? await load()) does not keep the first load's promise: requests in flight before it resolves each load",
      code: `import fs from "node:fs";\nasync function loadSchema(path: string) { const text = fs.readFileSync(path, "utf8"); await Promise.resolve(); return text; }\nlet schema: string | undefined;\nexport function routes(app: { get(p: string, h: (req: unknown, res: { end(s: string): void }) => Promise<void>): void }) {\n  app.get("/schema", async (req, res) => {\n    schema = schema ?? (await loadSchema("schema.graphql"));\n    res.end(schema);\n  });\n}\n`,
      errors: [{ line: 2, column: 56, messageId: "direct", basis: "route@1" }],
      output: `import fs from "node:fs";\nasync function loadSchema(path: string) { const text = await fs.promises.readFile(path, "utf8"); await Promise.resolve(); return text; }\nlet schema: string | undefined;\nexport function routes(app: { get(p: string, h: (req: unknown, res: { end(s: string): void }) => Promise<void>): void }) {\n  app.get("/schema", async (req, res) => {\n    schema = schema ?? (await loadSchema("schema.graphql"));\n    res.end(schema);\n  });\n}\n`,
    },
    // Session 10: the same shapes where the load runs on every request.
    {
      name: "a default filled into a parameter's property (options.p = options.p || load()) loads on every call",
      code: `import fs from "node:fs";\nexport function render(req: { template?: string; path: string }, res: { end(s: string): void }) {\n  req.template = req.template || fs.readFileSync(req.path, "utf8");\n  res.end(req.template);\n}\n`,
      errors: [{ line: 3, column: 34, messageId: "handler", basis: "sync:request-params" }],
    },
    {
      name: "a map made by the handler itself is new on every request: cache.set(k, load(k)) under !cache.has(k) still loads each time",
      code: `import fs from "node:fs";\nexport function handle(req: { path: string }, res: { end(b: Buffer): void }) {\n  const cache = new Map<string, Buffer>();\n  if (!cache.has(req.path)) cache.set(req.path, fs.readFileSync(req.path));\n  res.end(cache.get(req.path)!);\n}\n`,
      errors: [{ line: 4, column: 49, messageId: "handler", basis: "sync:request-params" }],
    },
    {
      name: "uncalledExports: all counts a public method of a class in a cli/ folder again",
      filename: "src/cli/create-migration.ts",
      code: `import fs from "node:fs";\nexport class CreateMigration {\n  async execute(dir: string) {\n    fs.writeFileSync(dir + "/1.ts", "");\n  }\n}\n`,
      options: { requireConcurrencyEvidence: false, uncalledExports: "all" },
      errors: [{ line: 4, column: 5, messageId: "direct", basis: "public-class-method" }],
      output: `import fs from "node:fs";\nexport class CreateMigration {\n  async execute(dir: string) {\n    await fs.promises.writeFile(dir + "/1.ts", "");\n  }\n}\n`,
    },
    {
      name: "a decorated command class whose decorator does not name the command line (a chat bot's) is still reported",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\ndeclare function command(name: string): ClassDecorator;\n@command("quote")\nexport class Quote {\n  async run(msg: { reply(s: string): Promise<void> }) { return msg.reply(fs.readFileSync("quotes.txt", "utf8")); }\n}\n`,
      errors: [{ line: 5, column: 74, messageId: "direct", basis: "public-class-method" }],
      output: `import fs from "node:fs";\ndeclare function command(name: string): ClassDecorator;\n@command("quote")\nexport class Quote {\n  async run(msg: { reply(s: string): Promise<void> }) { return msg.reply(await fs.promises.readFile("quotes.txt", "utf8")); }\n}\n`,
    },
    {
      name: "cost class: an RSA key pair is a search for primes, tens of milliseconds per request",
      code: `import crypto from "node:crypto";\nexport function issue(req: { id: string }, res: { end(b: string): void }) {\n  const pair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });\n  res.end(pair.publicKey.export({ type: "spki", format: "pem" }).toString() + req.id);\n}\n`,
      errors: [{ line: 3, column: 16, messageId: "handler", basis: "sync:request-params" }],
    },
    {
      name: "a request handler in a cli/ folder (a dev server the command starts) is still reported: only public-API evidence is muted there",
      filename: "src/cli/serve.ts",
      code: `import fs from "node:fs";\ndeclare const app: { get(p: string, h: (req: { path: string }, res: { end(s: string): void }) => Promise<void>): void };\nexport class DevServer {\n  start() {\n    app.get("/page", async (req, res) => { res.end(fs.readFileSync(req.path, "utf8")); });\n  }\n  async build(dir: string) { fs.writeFileSync(dir + "/out.js", ""); }\n}\n`,
      errors: [{ line: 5, column: 52, messageId: "direct", basis: "route" }],
      output: `import fs from "node:fs";\ndeclare const app: { get(p: string, h: (req: { path: string }, res: { end(s: string): void }) => Promise<void>): void };\nexport class DevServer {\n  start() {\n    app.get("/page", async (req, res) => { res.end(await fs.promises.readFile(req.path, "utf8")); });\n  }\n  async build(dir: string) { fs.writeFileSync(dir + "/out.js", ""); }\n}\n`,
    },
    // Session 9: the same shapes where the code does serve concurrent work.
    {
      name: "moreEvidence: a synchronous file watcher's callback is reported when asked for",
      code: `import fs from "node:fs";\nexport function follow(path: string) {\n  let offset = 0;\n  fs.watch(path, () => {\n    const size = fs.statSync(path).size;\n    if (size > offset) offset = size;\n  });\n}\n`,
      options: { moreEvidence: ["sync:watcher"] },
      errors: [{ line: 5, column: 18, messageId: "handler", message: "fs.statSync blocks the event loop in a handler of file changes", basis: "sync:watcher" }],
    },
    {
      name: "a cache slot written with a computed key (out[key(reply[i])]) is read as text, not as a pattern: the file is still checked",
      code: `import fs from "node:fs";\ndeclare function key(x: string): string;\nconst out: Record<string, string> = {};\nexport function cached(reply: string[], i: number) {\n  if (out[key(reply[i]!)]) return out[key(reply[i]!)];\n  out[key(reply[i]!)] = fs.readFileSync(reply[i]!, "utf8");\n  return out[key(reply[i]!)];\n}\ndeclare const app: { get(p: string, h: (req: { url: string }, res: { end(b: Buffer): void }) => Promise<void>): void };\napp.get("/file", async (req, res) => { res.end(fs.readFileSync(req.url)); });\n`,
      errors: [{ line: 10, column: 48, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "route" }],
      output: `import fs from "node:fs";\ndeclare function key(x: string): string;\nconst out: Record<string, string> = {};\nexport function cached(reply: string[], i: number) {\n  if (out[key(reply[i]!)]) return out[key(reply[i]!)];\n  out[key(reply[i]!)] = fs.readFileSync(reply[i]!, "utf8");\n  return out[key(reply[i]!)];\n}\ndeclare const app: { get(p: string, h: (req: { url: string }, res: { end(b: Buffer): void }) => Promise<void>): void };\napp.get("/file", async (req, res) => { res.end(await fs.promises.readFile(req.url)); });\n`,
    },
    {
      name: "call graph: a method called on an instance of its own class in a request handler",
      filename: "server.ts",
      code: `import fs from "node:fs";\nexport class MediaServer {\n  async run() { fs.mkdirSync("records", { recursive: true }); }\n}\n`,
      files: {
        "http.ts": `import { MediaServer } from "./server.js";\nexport async function handleStream(req: { url: string }, res: unknown) {\n  const server = new MediaServer();\n  await server.run();\n}\n`,
      },
      errors: [{ line: 3, column: 17, messageId: "direct", message: "fs.mkdirSync blocks the event loop", basis: "request-params@1" }],
      output: `import fs from "node:fs";\nexport class MediaServer {\n  async run() { await fs.promises.mkdir("records", { recursive: true }); }\n}\n`,
    },
    {
      name: "call graph: a method called on an instance of a subclass is a call of the inherited method",
      filename: "server.ts",
      code: `import fs from "node:fs";\nexport class MediaServer {\n  async run() { fs.mkdirSync("records", { recursive: true }); }\n}\n`,
      files: {
        "special.ts": `import { MediaServer } from "./server.js";\nexport class SpecialServer extends MediaServer {}\n`,
        "http.ts": `import { SpecialServer } from "./special.js";\nexport async function handleStream(req: { url: string }, res: unknown) {\n  const server = new SpecialServer();\n  await server.run();\n}\n`,
      },
      errors: [{ line: 3, column: 17, messageId: "direct", message: "fs.mkdirSync blocks the event loop", basis: "request-params@1" }],
      output: `import fs from "node:fs";\nexport class MediaServer {\n  async run() { await fs.promises.mkdir("records", { recursive: true }); }\n}\n`,
    },
    {
      name: "once per object: a branch that does not change the property it tests runs on every call",
      code: `import fs from "node:fs";\ninterface User { name: string; password: string }\ndeclare const users: User[];\ndeclare function isHashed(p: string): boolean;\nfunction audit(user: User) {\n  fs.appendFileSync("audit.log", user.name);\n}\nexport function login(req: { body: { name: string } }, res: { end(): void }) {\n  const user = users.find(u => u.name === req.body.name)!;\n  if (!isHashed(user.password)) {\n    audit(user);\n  }\n  res.end();\n}\n`,
      errors: [
        {
          line: 11,
          column: 5,
          messageId: "transitiveHandler",
          message: "audit() blocks the event loop in a handler of requests",
          basis: "sync:request-params",
        },
      ],
    },
    {
      name: "fan-out over a caller's list: every item's work is in flight",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nimport fsp from "node:fs/promises";\nexport class Packages {\n  async versions(root: string, names: string[]) {\n    return Promise.all(names.map(async name => {\n      const text = fs.readFileSync(root + "/" + name + "/version", "utf8");\n      return text + (await fsp.readFile(root + "/" + name + "/package.json", "utf8"));\n    }));\n  }\n}\n`,
      errors: [{ line: 6, column: 20, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "fan-out-item" }],
    },
    {
      name: "readline on a socket: its lines are a client's messages, while other clients are served",
      code: `import fs from "node:fs";\nimport readline from "node:readline";\nimport type { Socket } from "node:net";\nexport function serve(socket: Socket) {\n  const rl = readline.createInterface({ input: socket });\n  rl.on("line", async line => { fs.appendFileSync("log.txt", line); });\n}\n`,
      errors: [{ line: 6, column: 33, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "listener" }],
      output: `import fs from "node:fs";\nimport readline from "node:readline";\nimport type { Socket } from "node:net";\nexport function serve(socket: Socket) {\n  const rl = readline.createInterface({ input: socket });\n  rl.on("line", async line => { await fs.promises.appendFile("log.txt", line); });\n}\n`,
    },
    {
      name: "public API evidence: a class that extends Node's EventEmitter is still the project's own API",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nimport { EventEmitter } from "node:events";\nexport class Client extends EventEmitter {\n  async saveSession(path: string, data: string) { fs.writeFileSync(path, data); await flush(); }\n}\ndeclare function flush(): Promise<void>;\n`,
      errors: [{ line: 4, column: 51, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "public-class-method" }],
      output: `import fs from "node:fs";\nimport { EventEmitter } from "node:events";\nexport class Client extends EventEmitter {\n  async saveSession(path: string, data: string) { await fs.promises.writeFile(path, data); await flush(); }\n}\ndeclare function flush(): Promise<void>;\n`,
    },
    {
      name: "callerEvidence measured: a request handler in another file reaches the async function it calls",
      filename: "users.ts",
      code: `import fs from "node:fs";\nexport async function loadUser(id: string) { return fs.readFileSync("users/" + id + ".json", "utf8"); }\n`,
      files: {
        "routes.ts": `import { loadUser } from "./users.js";\ndeclare const app: { get(p: string, h: (req: { url: string }, res: unknown) => Promise<void>): void };\napp.get("/user", async (req, res) => { await loadUser(req.url); });\n`,
      },
      errors: [{ line: 2, column: 53, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "route@1" }],
      output: `import fs from "node:fs";\nexport async function loadUser(id: string) { return await fs.promises.readFile("users/" + id + ".json", "utf8"); }\n`,
    },
    {
      name: "callerEvidence all: what a request handler's callee calls",
      code: `import fs from "node:fs";\nasync function writeLog(line: string) { fs.appendFileSync("app.log", line); }\nasync function record(line: string) { await writeLog(line); }\ndeclare const app: { post(p: string, h: (req: { body: string }, res: unknown) => Promise<void>): void };\napp.post("/events", async (req, res) => { await record(req.body); });\n`,
      options: { callerEvidence: "all" },
      errors: [{ line: 2, column: 41, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "route@2+" }],
      output: `import fs from "node:fs";\nasync function writeLog(line: string) { await fs.promises.appendFile("app.log", line); }\nasync function record(line: string) { await writeLog(line); }\ndeclare const app: { post(p: string, h: (req: { body: string }, res: unknown) => Promise<void>): void };\napp.post("/events", async (req, res) => { await record(req.body); });\n`,
    },
    {
      name: "callerEvidence all: the functions a listener calls",
      code: `import fs from "node:fs";\nasync function save(msg: string) { fs.writeFileSync("last.json", msg); }\ndeclare const bus: { on(event: string, cb: (msg: string) => void): void };\nbus.on("message", msg => { void save(msg); });\n`,
      options: { callerEvidence: "all" },
      errors: [{ line: 2, column: 36, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "listener@1" }],
      output: `import fs from "node:fs";\nasync function save(msg: string) { await fs.promises.writeFile("last.json", msg); }\ndeclare const bus: { on(event: string, cb: (msg: string) => void): void };\nbus.on("message", msg => { void save(msg); });\n`,
    },
    {
      name: "callerEvidence all: a synchronous map callback inside Promise.all",
      code: `import fs from "node:fs";\nimport fsp from "node:fs/promises";\nexport async function sizes(files: string[]) {\n  return Promise.all(files.map(f => { const meta = fs.readFileSync(f + ".meta", "utf8"); return fsp.readFile(f).then(b => b.length + meta.length); }));\n}\n`,
      options: { requireConcurrencyEvidence: false, callerEvidence: "all" },
      errors: [{ line: 4, column: 52, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "fan-out-sync-map" }],
    },
    {
      name: "evidence: a public method of a class nothing in the project calls serves its users",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nexport class Driver {\n  async saveScreenshot(p: string, data: Buffer) { fs.writeFileSync(p, data); await flush(); }\n}\ndeclare function flush(): Promise<void>;\n`,
      errors: [{ line: 3, column: 51, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "public-class-method" }],
      output: `import fs from "node:fs";\nexport class Driver {\n  async saveScreenshot(p: string, data: Buffer) { await fs.promises.writeFile(p, data); await flush(); }\n}\ndeclare function flush(): Promise<void>;\n`,
    },
    // Session 28, round 39: the boundaries of "async in name only".
    {
      name: "async in name only, boundary: an uncalled public method that returns a promise (new Promise, a call), chains one, or awaits is still its users' async API",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nexport class Hasher {\n  async hashFile(file: string) {\n    const stats = fs.statSync(file);\n    return new Promise<number>(resolve => setImmediate(() => resolve(stats.size)));\n  }\n  async refresh(file: string) {\n    const text = fs.readFileSync(file, "utf8");\n    load(text).then(() => undefined);\n  }\n  async read(file: string) {\n    const text = fs.readFileSync(file, "utf8");\n    return parse(text);\n  }\n  async save(file: string, data: string) {\n    fs.writeFileSync(file, data);\n    await flush();\n  }\n}\ndeclare function load(s: string): Promise<void>;\ndeclare function parse(s: string): Promise<unknown>;\ndeclare function flush(): Promise<void>;\n`,
      errors: [
        { line: 4, column: 19, messageId: "metadata", basis: "public-class-method" },
        { line: 8, column: 18, messageId: "direct", basis: "public-class-method" },
        { line: 12, column: 18, messageId: "direct", basis: "public-class-method" },
        { line: 16, column: 5, messageId: "direct", basis: "public-class-method" },
      ],
      output: `import fs from "node:fs";\nexport class Hasher {\n  async hashFile(file: string) {\n    const stats = await fs.promises.stat(file);\n    return new Promise<number>(resolve => setImmediate(() => resolve(stats.size)));\n  }\n  async refresh(file: string) {\n    const text = await fs.promises.readFile(file, "utf8");\n    load(text).then(() => undefined);\n  }\n  async read(file: string) {\n    const text = await fs.promises.readFile(file, "utf8");\n    return parse(text);\n  }\n  async save(file: string, data: string) {\n    await fs.promises.writeFile(file, data);\n    await flush();\n  }\n}\ndeclare function load(s: string): Promise<void>;\ndeclare function parse(s: string): Promise<unknown>;\ndeclare function flush(): Promise<void>;\n`,
    },
    {
      name: "async in name only, boundary: a method that waits for nothing is still reported where a request handler calls it (the same call per request)",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nexport class Store {\n  async remove(name: string) { fs.unlinkSync("data/" + name); }\n}\nconst store = new Store();\ndeclare const app: { delete(p: string, h: (req: { params: { name: string } }, res: { end(): void }) => Promise<void>): void };\napp.delete("/items/:name", async (req, res) => {\n  await store.remove(req.params.name);\n  res.end();\n});\n`,
      errors: [{ line: 3, column: 32, messageId: "direct", basis: "route@1" }],
      output: `import fs from "node:fs";\nexport class Store {\n  async remove(name: string) { await fs.promises.unlink("data/" + name); }\n}\nconst store = new Store();\ndeclare const app: { delete(p: string, h: (req: { params: { name: string } }, res: { end(): void }) => Promise<void>): void };\napp.delete("/items/:name", async (req, res) => {\n  await store.remove(req.params.name);\n  res.end();\n});\n`,
    },
    {
      name: "async in name only, boundary: uncalledExports all counts such a method too",
      options: { requireConcurrencyEvidence: false, uncalledExports: "all" },
      code: `import fs from "node:fs";\nexport class Workspace {\n  async removeFromPlan(file: string) { if (fs.existsSync(file)) fs.unlinkSync(file); }\n}\n`,
      errors: [
        { line: 3, column: 44, messageId: "metadata", basis: "public-class-method" },
        { line: 3, column: 65, messageId: "direct", basis: "public-class-method" },
      ],
      output: `import fs from "node:fs";\nexport class Workspace {\n  async removeFromPlan(file: string) { if (await fs.promises.access(file).then(() => true, () => false)) await fs.promises.unlink(file); }\n}\n`,
    },
    // Session 14, round 13: the one-pass paths stay reported when the path waits or the server stays open.
    {
      name: "one pass: an item that awaits after the blocking read is in flight while the next item reads",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nexport class Uploader {\n  async uploadAll(files: string[]) {\n    await Promise.all(files.map(async f => {\n      if (f.endsWith(".json")) {\n        const body = fs.readFileSync(f, "utf8");\n        await send(body);\n        return;\n      }\n    }));\n  }\n}\ndeclare function send(b: string): Promise<void>;\n`,
      errors: [{ line: 6, column: 22, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "fan-out-item" }],
    },
    {
      name: "one pass: an item that returns a promise it started is in flight",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nexport class Uploader {\n  async uploadAll(files: string[]) {\n    await Promise.all(files.map(async f => {\n      const body = fs.readFileSync(f, "utf8");\n      return send(body);\n    }));\n  }\n}\ndeclare function send(b: string): Promise<void>;\n`,
      errors: [{ line: 5, column: 20, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "fan-out-item" }],
    },
    {
      name: "one pass: items that wait for nothing inside a route handler still block the handler's requests",
      code: `import fs from "node:fs";\nexport function routes(app: { get(p: string, h: (req: { q: string[] }, res: { json(v: unknown): void }) => Promise<void>): void }) {\n  app.get("/files", async (req, res) => {\n    const all = await Promise.all(req.q.map(async f => ({ f, text: fs.readFileSync(f, "utf8") })));\n    res.json(all);\n  });\n}\n`,
      errors: [{ line: 4, column: 68, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "route" }],
    },
    {
      name: "one pass: a check in an if condition whose branch awaits, and a call inside an awaited expression, are in flight with the next item",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nexport class Cache {\n  async store(files: string[]) {\n    await Promise.all(files.map(async f => {\n      if (fs.existsSync(f)) {\n        await copy(f);\n      }\n    }));\n    await Promise.all(files.map(async f => await copy(fs.readFileSync(f, "utf8"))));\n  }\n}\ndeclare function copy(f: string): Promise<void>;\n`,
      errors: [
        { line: 5, column: 11, messageId: "metadata", basis: "fan-out-item" },
        { line: 9, column: 55, messageId: "direct", basis: "fan-out-item" },
      ],
    },
    {
      name: "one pass: an item that drops the promise of a call it makes as a statement leaves that work in flight",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nexport class Uploader {\n  async uploadAll(files: string[]) {\n    files.forEach(async f => {\n      const body = fs.readFileSync(f, "utf8");\n      upload(body);\n    });\n    files.forEach(async f => {\n      void upload(fs.readFileSync(f + ".meta", "utf8"));\n    });\n  }\n}\ndeclare function upload(b: string): Promise<void>;\n`,
      errors: [
        { line: 5, column: 20, messageId: "direct", basis: "fan-out-item" },
        { line: 9, column: 19, messageId: "direct", basis: "fan-out-item" },
      ],
    },
    // Session 25, round 33: the boundaries of the one-pass paths.
    {
      name: "one pass: an item that drops a call of its own (not a synchronous twin) leaves it in flight while the next item writes",
      code: `import fs from "node:fs";\nasync function generate(items: { id: string; body: string }[], out: string) {\n  items.map(async item => {\n    fs.writeFileSync(out + "/" + item.id + ".json", item.body);\n    upload(item.id);\n  });\n}\nexport function extendCli(cli: { command(n: string): { action(fn: () => Promise<void>): void } }) {\n  cli.command("gen").action(async () => {\n    await generate(load(), "out");\n  });\n}\ndeclare function load(): { id: string; body: string }[];\ndeclare function upload(id: string): Promise<void>;\n`,
      errors: [{ line: 4, column: 5, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "fan-out-item" }],
    },
    {
      name: "one shot: a synchronous request handler whose response callback only logs, or that exits on another path, keeps serving",
      code: `import http from "node:http";\nimport { execSync } from "node:child_process";\nhttp.createServer((req, res) => {\n  execSync("npm config set _authToken x");\n  res.end(() => {\n    console.log("sent");\n  });\n}).listen(8239);\nhttp.createServer((req, res) => {\n  if (req.url === "/quit") {\n    res.end(() => process.exit(0));\n    return;\n  }\n  execSync("git pull");\n  res.end("ok");\n}).listen(8240);\n`,
      errors: [
        { line: 4, column: 3, messageId: "handler", basis: "sync:request-params" },
        { line: 14, column: 3, messageId: "handler", basis: "sync:request-params" },
      ],
    },
    // Session 36, round 51: near misses of a one-shot server closed through a helper or a promise callback.
    {
      name: "one shot: a sign-in server that closes only in the catch callback (another path) keeps serving after the stored tokens",
      code: `import fs from "node:fs";\nimport { createServer } from "node:http";\nexport async function signIn(tenant: string) {\n  return new Promise<string>((resolve, reject) => {\n    const server = createServer((req, res) => {\n      const code = new URL(req.url ?? "/", "http://localhost").searchParams.get("code");\n      if (!code) {\n        res.end("missing code");\n        return;\n      }\n      exchange(tenant, code)\n        .then(async tokens => {\n          saveTokens(tokens);\n          res.end("signed in");\n          resolve(tokens);\n        })\n        .catch(err => {\n          res.end("failed");\n          cleanup();\n          reject(err);\n        });\n    });\n    const timer = setTimeout(() => {\n      cleanup();\n      reject(new Error("timed out"));\n    }, 120_000);\n    function cleanup() {\n      clearTimeout(timer);\n      server.close();\n    }\n    server.listen(0);\n  });\n}\nfunction saveTokens(tokens: string) {\n  fs.writeFileSync("tokens.json", tokens);\n}\ndeclare function exchange(tenant: string, code: string): Promise<string>;\n`,
      errors: [{ line: 13, column: 11, messageId: "transitive", message: "saveTokens() blocks the event loop" }],
    },
    {
      name: "one shot: a helper beside the server that does not close it (only clears the timer) ends nothing",
      code: `import fs from "node:fs";\nimport { createServer } from "node:http";\nexport async function signIn(tenant: string) {\n  return new Promise<string>((resolve, reject) => {\n    const server = createServer((req, res) => {\n      const code = new URL(req.url ?? "/", "http://localhost").searchParams.get("code");\n      if (!code) {\n        res.end("missing code");\n        return;\n      }\n      exchange(tenant, code)\n        .then(async tokens => {\n          saveTokens(tokens);\n          res.end("signed in");\n          cleanup();\n          resolve(tokens);\n        })\n        .catch(err => {\n          res.end("failed");\n          cleanup();\n          reject(err);\n        });\n    });\n    const timer = setTimeout(() => {\n      cleanup();\n      reject(new Error("timed out"));\n    }, 120_000);\n    function cleanup() {\n      clearTimeout(timer);\n    }\n    server.listen(0);\n  });\n}\nfunction saveTokens(tokens: string) {\n  fs.writeFileSync("tokens.json", tokens);\n}\ndeclare function exchange(tenant: string, code: string): Promise<string>;\n`,
      errors: [{ line: 13, column: 11, messageId: "transitive", message: "saveTokens() blocks the event loop" }],
    },
    {
      name: "one shot: a long-running server's then-callback whose helper only logs still serves",
      code: `import fs from "node:fs";\nimport { createServer } from "node:http";\nlet server: ReturnType<typeof createServer> | undefined;\nexport function start() {\n  const s = createServer((req, res) => {\n    lookup(String(req.url)).then(entry => {\n      fs.appendFileSync("hits.log", entry);\n      res.end("ok");\n      done();\n    });\n  });\n  function done() {\n    console.log("served");\n  }\n  s.listen(8080);\n  server = s;\n}\ndeclare function lookup(u: string): Promise<string>;\n`,
      output: `import fs from "node:fs";\nimport { createServer } from "node:http";\nlet server: ReturnType<typeof createServer> | undefined;\nexport function start() {\n  const s = createServer((req, res) => {\n    lookup(String(req.url)).then(async entry => {\n      await fs.promises.appendFile("hits.log", entry);\n      res.end("ok");\n      done();\n    });\n  });\n  function done() {\n    console.log("served");\n  }\n  s.listen(8080);\n  server = s;\n}\ndeclare function lookup(u: string): Promise<string>;\n`,
      errors: [{ line: 7, column: 7, messageId: "direct", message: "fs.appendFileSync blocks the event loop" }],
    },
    // Session 26, round 37: the boundaries of a test runner's run events.
    {
      name: "runner events: the runner's other events still serve (file:preprocessor bundles per file, after:screenshot runs mid-spec)",
      code: `import fs from "node:fs";\ntype On = (event: string, cb: (...args: any[]) => unknown) => void;\nexport function setupNodeEvents(on: On) {\n  on("file:preprocessor", async (file: { filePath: string }) => {\n    return bundle(fs.readFileSync(file.filePath, "utf8"));\n  });\n  on("after:screenshot", async (details: { path: string }) => {\n    fs.copyFileSync(details.path, "shots/latest.png");\n  });\n}\ndeclare function bundle(source: string): Promise<string>;\n`,
      errors: [
        { line: 5, column: 19, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "listener" },
        { line: 8, column: 5, messageId: "direct", message: "fs.copyFileSync blocks the event loop", basis: "listener" },
      ],
      output: `import fs from "node:fs";\ntype On = (event: string, cb: (...args: any[]) => unknown) => void;\nexport function setupNodeEvents(on: On) {\n  on("file:preprocessor", async (file: { filePath: string }) => {\n    return bundle(await fs.promises.readFile(file.filePath, "utf8"));\n  });\n  on("after:screenshot", async (details: { path: string }) => {\n    await fs.promises.copyFile(details.path, "shots/latest.png");\n  });\n}\ndeclare function bundle(source: string): Promise<string>;\n`,
    },
    {
      name: "runner events: an emitter's method (bus.on), or an on that is no parameter (a module's own), is an emitter of the project's own: still a listener",
      code: `import fs from "node:fs";\ntype On = (event: string, cb: (...args: any[]) => unknown) => void;\ndeclare const bus: { on: On };\ndeclare const on: On;\nbus.on("after:spec", async (spec: { name: string }) => {\n  fs.appendFileSync("specs.log", spec.name);\n});\non("after:run", async () => {\n  fs.writeFileSync("summary.json", "{}");\n});\n`,
      errors: [
        { line: 6, column: 3, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "listener" },
        { line: 9, column: 3, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "listener" },
      ],
      output: `import fs from "node:fs";\ntype On = (event: string, cb: (...args: any[]) => unknown) => void;\ndeclare const bus: { on: On };\ndeclare const on: On;\nbus.on("after:spec", async (spec: { name: string }) => {\n  await fs.promises.appendFile("specs.log", spec.name);\n});\non("after:run", async () => {\n  await fs.promises.writeFile("summary.json", "{}");\n});\n`,
    },
    {
      name: "runner events: a plugin file that starts a server (a mock API the app under test calls) has its requests in flight while after:spec runs, and its handler still serves",
      code: `import fs from "node:fs";\nimport http from "node:http";\ntype On = (event: string, cb: (...args: any[]) => unknown) => void;\nexport function setupNodeEvents(on: On) {\n  const server = http.createServer((req, res) => res.end(fs.readFileSync("fixtures" + req.url)));\n  server.listen(3001);\n  on("after:spec", async (spec: { name: string }) => {\n    fs.appendFileSync("specs.log", spec.name);\n  });\n}\n`,
      errors: [
        { line: 5, column: 58, messageId: "handler", basis: "sync:request-params" },
        { line: 8, column: 5, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "listener" },
      ],
      output: `import fs from "node:fs";\nimport http from "node:http";\ntype On = (event: string, cb: (...args: any[]) => unknown) => void;\nexport function setupNodeEvents(on: On) {\n  const server = http.createServer((req, res) => res.end(fs.readFileSync("fixtures" + req.url)));\n  server.listen(3001);\n  on("after:spec", async (spec: { name: string }) => {\n    await fs.promises.appendFile("specs.log", spec.name);\n  });\n}\n`,
    },
    // Session 31, round 43: the boundaries of a Mocha reporter's runner events.
    {
      name: "mocha runner events: after the listener's first await (Mocha does not await it: the next test runs), or in a loop that awaits, still a listener",
      files: mochaTypes,
      code: `import fs from "node:fs";\nimport Mocha from "mocha";\nconst { EVENT_TEST_PASS } = Mocha.Runner.constants;\nexport default function Reporter(runner: any) {\n  runner.on(EVENT_TEST_PASS, async (test: any) => {\n    const run = await createRun();\n    fs.writeFileSync("runs/" + run + ".json", JSON.stringify(test.title));\n  });\n  runner.on("test end", async (test: any) => {\n    for (const file of test.files) {\n      const body = fs.readFileSync(file);\n      await upload(body);\n    }\n  });\n}\ndeclare function createRun(): Promise<string>;\ndeclare function upload(body: Buffer): Promise<void>;\n`,
      errors: [
        { line: 7, column: 5, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "listener" },
        { line: 11, column: 20, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "listener" },
      ],
      output: `import fs from "node:fs";\nimport Mocha from "mocha";\nconst { EVENT_TEST_PASS } = Mocha.Runner.constants;\nexport default function Reporter(runner: any) {\n  runner.on(EVENT_TEST_PASS, async (test: any) => {\n    const run = await createRun();\n    await fs.promises.writeFile("runs/" + run + ".json", JSON.stringify(test.title));\n  });\n  runner.on("test end", async (test: any) => {\n    for (const file of test.files) {\n      const body = fs.readFileSync(file);\n      await upload(body);\n    }\n  });\n}\ndeclare function createRun(): Promise<string>;\ndeclare function upload(body: Buffer): Promise<void>;\n`,
    },
    // Session 33, round 47: an await in the call's own arguments runs before the call.
    {
      name: "mocha runner events: a call whose own argument awaits runs after the listener's first wait, still a listener",
      files: mochaTypes,
      code: `import fs from "node:fs";\nimport Mocha from "mocha";\nconst { EVENT_TEST_PASS } = Mocha.Runner.constants;\nexport default function Reporter(runner: any) {\n  runner.on(EVENT_TEST_PASS, async (test: any) => {\n    fs.writeFileSync(await outFile(test.title), "passed");\n  });\n}\ndeclare function outFile(title: string): Promise<string>;\n`,
      errors: [{ line: 6, column: 5, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "listener" }],
      output: `import fs from "node:fs";\nimport Mocha from "mocha";\nconst { EVENT_TEST_PASS } = Mocha.Runner.constants;\nexport default function Reporter(runner: any) {\n  runner.on(EVENT_TEST_PASS, async (test: any) => {\n    await fs.promises.writeFile(await outFile(test.title), "passed");\n  });\n}\ndeclare function outFile(title: string): Promise<string>;\n`,
    },
    {
      name: "mocha runner events: a reporter that starts a server has its requests in flight between tests, still a listener",
      files: mochaTypes,
      code: `import fs from "node:fs";\nimport http from "node:http";\nimport Mocha from "mocha";\nexport default function LiveReporter(runner: any) {\n  http.createServer((req, res) => res.end("ok")).listen(9000);\n  runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, async (test: any) => {\n    fs.appendFileSync("live.log", test.title);\n  });\n}\n`,
      errors: [{ line: 7, column: 5, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "listener" }],
      output: `import fs from "node:fs";\nimport http from "node:http";\nimport Mocha from "mocha";\nexport default function LiveReporter(runner: any) {\n  http.createServer((req, res) => res.end("ok")).listen(9000);\n  runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, async (test: any) => {\n    await fs.promises.appendFile("live.log", test.title);\n  });\n}\n`,
    },
    {
      name: "mocha runner events: an emitter's 'pass' in a file that does not import Mocha is an emitter of the project's own, still a listener",
      code: `import fs from "node:fs";\nexport function track(runner: { on(e: string, f: (...a: any[]) => unknown): void }) {\n  runner.on("pass", async (test: { title: string }) => {\n    fs.appendFileSync("passes.log", test.title);\n  });\n}\n`,
      errors: [{ line: 4, column: 5, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "listener" }],
      output: `import fs from "node:fs";\nexport function track(runner: { on(e: string, f: (...a: any[]) => unknown): void }) {\n  runner.on("pass", async (test: { title: string }) => {\n    await fs.promises.appendFile("passes.log", test.title);\n  });\n}\n`,
    },
    // Session 31, round 43: the boundaries of a call that leaves out an argument.
    {
      name: "omitted argument: a call that passes the options, a `{}` default tested whole (truthy), a blocking call outside the guarded branch, or a local that only starts from the option still block",
      code: `import fs from "node:fs";\ntype Image = { url: string };\nfunction mutate(node: Image, opts?: { sourceFile?: string }) {\n  if (opts?.sourceFile) fs.existsSync(opts.sourceFile + node.url);\n}\nfunction save(node: Image, options: { cache?: boolean } = {}) {\n  if (options) fs.writeFileSync("cache.json", node.url);\n}\nfunction log(node: Image, opts?: { verbose?: boolean }) {\n  if (opts?.verbose) console.log(node.url);\n  fs.appendFileSync("log.txt", node.url);\n}\nfunction store(node: Image, opts?: { file?: string }) {\n  let file = opts?.file;\n  file ||= "default.json";\n  if (file) fs.writeFileSync(file, node.url);\n}\nexport async function handler(req: { body: Image }, res: { end(): void }) {\n  mutate(req.body, { sourceFile: "a" });\n  save(req.body);\n  log(req.body);\n  store(req.body);\n  res.end();\n}\n`,
      errors: [
        { line: 19, column: 3, messageId: "transitiveMetadata", message: "mutate() makes a synchronous file-system metadata call", basis: "request-params" },
        { line: 20, column: 3, messageId: "transitive", message: "save() blocks the event loop", basis: "request-params" },
        { line: 21, column: 3, messageId: "transitive", message: "log() blocks the event loop", basis: "request-params" },
        { line: 22, column: 3, messageId: "transitive", message: "store() blocks the event loop", basis: "request-params" },
      ],
    },
    // Session 32, round 44: the boundaries of an option the serving callers leave out.
    {
      name: "option left out: a task that spreads other options, or sets the option, may enable the branch; a blocking call outside it still blocks",
      filename: "loop.ts",
      code: loopCode.replace("  if (options.mode", `  fs.writeFileSync(options.cwd + "/loop.log", "start");\n  if (options.mode`),
      files: {
        "pool.ts": `import { runLoop } from "./loop.js";\ndeclare function pLimit(n: number): <T>(task: () => Promise<T>) => Promise<T>;\ndeclare const defaults: { mode?: string };\nexport async function runAll(dirs: string[]) {\n  const limit = pLimit(3);\n  await Promise.all(dirs.map(dir => limit(async () => runLoop({ ...defaults, cwd: dir }))));\n  await Promise.all(dirs.map(dir => limit(async () => runLoop({ cwd: dir, visual: true }))));\n}\n`,
      },
      errors: [
        { line: 5, column: 3, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "limiter-task@1" },
        { line: 6, column: 34, messageId: "direct", message: "child_process.execSync blocks the event loop", basis: "limiter-task@1" },
        { line: 10, column: 3, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "limiter-task@2+" },
      ],
      output: `import fs from "node:fs";\nimport { exec } from "node:child_process";\nimport { promisify } from "node:util";\nexport type LoopOptions = { cwd: string; mode?: string; visual?: boolean; retries?: number };\nexport async function runLoop(options: LoopOptions) {\n  await fs.promises.writeFile(options.cwd + "/loop.log", "start");\n  if (options.mode === "design") (await promisify(exec)("lsof -ti :3000", { timeout: 10000 })).stdout;\n  if (options.visual && options.cwd) await checkVisual(options.cwd);\n}\nasync function checkVisual(cwd: string) {\n  await fs.promises.writeFile(cwd + "/diff.png", "x");\n}\n`,
    },
    {
      name: "option left out: a function that hands its options on (a helper may set the option) or writes them is not read only",
      filename: "loop.ts",
      code: `import { execSync } from "node:child_process";\nexport type LoopOptions = { cwd: string; mode?: string };\ndeclare function normalize(options: LoopOptions): void;\nexport async function runLoop(options: LoopOptions) {\n  normalize(options);\n  if (options.mode === "design") execSync("lsof -ti :3000");\n}\nexport async function runOther(options: LoopOptions) {\n  if (options.cwd === ".") options.mode = "design";\n  if (options.mode === "design") execSync("lsof -ti :3000");\n}\n`,
      files: {
        "pool.ts": `import { runLoop, runOther } from "./loop.js";\ndeclare function pLimit(n: number): <T>(task: () => Promise<T>) => Promise<T>;\nexport async function runAll(dirs: string[]) {\n  const limit = pLimit(3);\n  await Promise.all(dirs.map(dir => limit(async () => runLoop({ cwd: dir }))));\n  await Promise.all(dirs.map(dir => limit(async () => runOther({ cwd: dir }))));\n}\n`,
      },
      errors: [
        { line: 6, column: 34, messageId: "direct", message: "child_process.execSync blocks the event loop", basis: "limiter-task@1" },
        { line: 10, column: 34, messageId: "direct", message: "child_process.execSync blocks the event loop", basis: "limiter-task@1" },
      ],
      output: `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nexport type LoopOptions = { cwd: string; mode?: string };\ndeclare function normalize(options: LoopOptions): void;\nexport async function runLoop(options: LoopOptions) {\n  normalize(options);\n  if (options.mode === "design") (await promisify(exec)("lsof -ti :3000", { timeout: 10000 })).stdout;\n}\nexport async function runOther(options: LoopOptions) {\n  if (options.cwd === ".") options.mode = "design";\n  if (options.mode === "design") (await promisify(exec)("lsof -ti :3000", { timeout: 10000 })).stdout;\n}\n`,
    },
    // Session 24, round 29: the boundaries of the parent channel.
    {
      name: "parent channel: a parent listening to the children it forked serves all of them (their messages arrive while the others work)",
      code: `import fs from "node:fs";\nimport { fork } from "node:child_process";\nexport function startWorkers(n: number) {\n  for (let i = 0; i < n; i++) {\n    const child = fork("worker.js");\n    child.on("message", async (m: { id: string; result: string }) => {\n      fs.writeFileSync("results/" + m.id, m.result);\n    });\n  }\n}\n`,
      errors: [{ line: 7, column: 7, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "listener" }],
      output: `import fs from "node:fs";\nimport { fork } from "node:child_process";\nexport function startWorkers(n: number) {\n  for (let i = 0; i < n; i++) {\n    const child = fork("worker.js");\n    child.on("message", async (m: { id: string; result: string }) => {\n      await fs.promises.writeFile("results/" + m.id, m.result);\n    });\n  }\n}\n`,
    },
    {
      name: "parent channel: a process of the file's own (a parameter named process) is another channel, and a socket's message still serves",
      code: `import fs from "node:fs";\nimport type { ChildProcess } from "node:child_process";\ntype Socket = { on(event: string, cb: (m: string) => void): void };\nexport function watchChild(process: ChildProcess) {\n  process.on("message", async (m: unknown) => {\n    fs.appendFileSync("child.log", String(m));\n  });\n}\nexport function attach(ws: Socket) {\n  ws.on("message", m => {\n    fs.appendFileSync("ws.log", m);\n  });\n}\n`,
      errors: [
        { line: 6, column: 5, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "listener" },
        { line: 11, column: 5, messageId: "handler", basis: "sync:listener:message" },
      ],
      output: `import fs from "node:fs";\nimport type { ChildProcess } from "node:child_process";\ntype Socket = { on(event: string, cb: (m: string) => void): void };\nexport function watchChild(process: ChildProcess) {\n  process.on("message", async (m: unknown) => {\n    await fs.promises.appendFile("child.log", String(m));\n  });\n}\nexport function attach(ws: Socket) {\n  ws.on("message", m => {\n    fs.appendFileSync("ws.log", m);\n  });\n}\n`,
    },
    {
      name: "parent channel: a child that also serves requests of its own (a function runtime listening on a port) has them in flight when its parent's message arrives",
      code: `import fs from "node:fs";\nimport http from "node:http";\nhttp.createServer((req, res) => res.end("ok")).listen(Number(process.env.PORT));\nprocess.on("message", async (m: { file: string }) => {\n  const body = fs.readFileSync(m.file, "utf8");\n  await deploy(body);\n});\ndeclare function deploy(body: string): Promise<void>;\n`,
      errors: [{ line: 5, column: 16, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "listener" }],
      output: `import fs from "node:fs";\nimport http from "node:http";\nhttp.createServer((req, res) => res.end("ok")).listen(Number(process.env.PORT));\nprocess.on("message", async (m: { file: string }) => {\n  const body = await fs.promises.readFile(m.file, "utf8");\n  await deploy(body);\n});\ndeclare function deploy(body: string): Promise<void>;\n`,
    },
    // Session 22, round 25: the boundaries of its one-time classes.
    {
      name: "lazy start: an else branch whose method does not make what the test checked runs every time the server is missing or stopped",
      code: `import fs from "node:fs";\nimport https from "node:https";\ntype Bus = { on(event: string, cb: (m: string) => Promise<void>): void };\nexport class Adapter {\n  private server: https.Server | undefined;\n  private certs = "";\n  attach(bus: Bus) {\n    bus.on("message", async m => {\n      if (this.server && this.server.listening) {\n        await notify(m);\n      } else {\n        this.readCerts();\n      }\n    });\n  }\n  readCerts() {\n    this.certs = fs.readFileSync("iob.crt", "utf8");\n  }\n}\ndeclare function notify(s: string): Promise<void>;\n`,
      errors: [{ line: 12, column: 9, messageId: "transitive", basis: "listener" }],
    },
    {
      name: "lazy start: the then-branch of a test that the server is there runs every time it is (a restart per message)",
      code: `import fs from "node:fs";\nimport https from "node:https";\ntype Bus = { on(event: string, cb: (m: string) => Promise<void>): void };\nexport class Adapter {\n  private server: https.Server | undefined;\n  attach(bus: Bus) {\n    bus.on("message", async m => {\n      if (this.server && this.server.listening) this.startServer();\n      await notify(m);\n    });\n  }\n  startServer() {\n    const key = fs.readFileSync("iob.key", "utf8");\n    this.server = https.createServer({ key }).listen(0);\n  }\n}\ndeclare function notify(s: string): Promise<void>;\n`,
      errors: [{ line: 8, column: 49, messageId: "transitive", basis: "listener" }],
    },
    {
      name: "scripts: a public method of an exported class that only tests call is still its users' to call",
      options: { requireConcurrencyEvidence: false },
      filename: "lib/uploader.ts",
      code: `import fs from "node:fs";\nexport class Uploader {\n  async upload(file: string) {\n    const body = fs.readFileSync(file);\n    await send(file, body);\n  }\n}\ndeclare function send(name: string, body: Buffer): Promise<void>;\n`,
      files: {
        "lib/uploader.test.ts": `import { Uploader } from "./uploader.js";\nexport async function check() {\n  await new Uploader().upload("fixture.bin");\n}\n`,
      },
      errors: [{ line: 4, column: 18, messageId: "direct", basis: "public-class-method" }],
      output: `import fs from "node:fs";\nexport class Uploader {\n  async upload(file: string) {\n    const body = await fs.promises.readFile(file);\n    await send(file, body);\n  }\n}\ndeclare function send(name: string, body: Buffer): Promise<void>;\n`,
    },
    {
      name: "scripts: a method a scripts/ file calls is still reported through a serving caller (a route)",
      filename: "lib/uploader.ts",
      code: `import fs from "node:fs";\nexport class Uploader {\n  async upload(file: string) {\n    return fs.readFileSync(file);\n  }\n}\n`,
      files: {
        "lib/scripts/backup.ts": `import { Uploader } from "../uploader.js";\nexport async function run(files: string[]) {\n  for (const f of files) await new Uploader().upload(f);\n}\n`,
        "lib/server.ts": `import { Uploader } from "./uploader.js";\ndeclare const app: { post(p: string, h: (req: { body: { file: string } }, res: { end(): void }) => Promise<void>): void };\nconst uploader = new Uploader();\napp.post("/upload", async (req, res) => {\n  await uploader.upload(req.body.file);\n  res.end();\n});\n`,
      },
      errors: [{ line: 4, column: 12, messageId: "direct", basis: "route@1" }],
      output: `import fs from "node:fs";\nexport class Uploader {\n  async upload(file: string) {\n    return await fs.promises.readFile(file);\n  }\n}\n`,
    },
    // Session 20, round 23: the boundaries of its one-time classes.
    {
      name: "CI step: other evidence in a file that imports the GitHub Actions runtime still counts (a fan-out item while its siblings upload)",
      code: `import fs from "node:fs";\nimport * as core from "@actions/core";\nexport class Artifacts {\n  async uploadAll(files: string[]) {\n    core.info("uploading " + files.length);\n    await Promise.all(files.map(async f => {\n      const body = fs.readFileSync(f);\n      await upload(f, body);\n    }));\n  }\n}\ndeclare function upload(name: string, body: Buffer): Promise<void>;\n`,
      files: {
        "node_modules/@actions/core/package.json": `{"name":"@actions/core","types":"index.d.ts"}`,
        "node_modules/@actions/core/index.d.ts": `export declare function info(m: string): void;\n`,
      },
      errors: [{ line: 7, column: 20, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "fan-out-item" }],
    },
    {
      name: "launch finished: a listener registered inside didFinishLaunching for repeated events still serves",
      code: `import fs from "node:fs";\ntype Device = { on(event: string, cb: (state: string) => void): void };\ntype Api = { on(event: string, cb: () => void): void };\nexport default (api: Api, device: Device) => {\n  api.on("didFinishLaunching", async () => {\n    device.on("message", async state => {\n      fs.appendFileSync("states.log", state);\n    });\n  });\n};\n`,
      errors: [{ line: 7, column: 7, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "listener" }],
      output: `import fs from "node:fs";\ntype Device = { on(event: string, cb: (state: string) => void): void };\ntype Api = { on(event: string, cb: () => void): void };\nexport default (api: Api, device: Device) => {\n  api.on("didFinishLaunching", async () => {\n    device.on("message", async state => {\n      await fs.promises.appendFile("states.log", state);\n    });\n  });\n};\n`,
    },
    {
      name: "launch finished: in an exported class, a public method that is not registered for a once event is still its users' to call",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\ntype Api = { on(event: string, cb: () => void): void };\nexport class Platform {\n  constructor(private api: Api) {\n    this.api.on("didFinishLaunching", this.discover.bind(this));\n  }\n  async discover() { return fs.readFileSync("devices.json", "utf8"); }\n  async snapshot(id: string) { return fs.readFileSync("snapshots/" + id); }\n}\n`,
      errors: [{ line: 8, column: 39, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "public-class-method" }],
      output: `import fs from "node:fs";\ntype Api = { on(event: string, cb: () => void): void };\nexport class Platform {\n  constructor(private api: Api) {\n    this.api.on("didFinishLaunching", this.discover.bind(this));\n  }\n  async discover() { return fs.readFileSync("devices.json", "utf8"); }\n  async snapshot(id: string) { return await fs.promises.readFile("snapshots/" + id); }\n}\n`,
    },
    {
      name: "one shot: a route handler that exits the process only on another path, or before the call, keeps serving",
      code: `import fs from "node:fs";\ndeclare const app: { get(p: string, h: (req: { url: string }, res: { end(s: string): void }) => Promise<void>): void };\napp.get("/hit", async (req, res) => {\n  if (req.url === "/quit") {\n    process.exit(0);\n  }\n  fs.appendFileSync("hits.log", req.url);\n  res.end("ok");\n});\n`,
      errors: [{ line: 7, column: 3, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "route" }],
      output: `import fs from "node:fs";\ndeclare const app: { get(p: string, h: (req: { url: string }, res: { end(s: string): void }) => Promise<void>): void };\napp.get("/hit", async (req, res) => {\n  if (req.url === "/quit") {\n    process.exit(0);\n  }\n  await fs.promises.appendFile("hits.log", req.url);\n  res.end("ok");\n});\n`,
    },
    {
      name: "one shot: a local server's listener that closes it only on another path keeps serving",
      code: `import fs from "node:fs";\nimport http from "node:http";\nexport async function start() {\n  const server = http.createServer();\n  server.on("request", async (req, res) => {\n    if (req.url === "/quit") {\n      server.close();\n      return;\n    }\n    fs.appendFileSync("hits.log", String(req.url));\n    res.end();\n  });\n  server.listen(8080);\n}\n`,
      errors: [{ line: 10, column: 5, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "listener" }],
      output: `import fs from "node:fs";\nimport http from "node:http";\nexport async function start() {\n  const server = http.createServer();\n  server.on("request", async (req, res) => {\n    if (req.url === "/quit") {\n      server.close();\n      return;\n    }\n    await fs.promises.appendFile("hits.log", String(req.url));\n    res.end();\n  });\n  server.listen(8080);\n}\n`,
    },
    // Session 13, round 11: a method registered through \`this\` as a handler serves each event or request.
    {
      name: "evidence: a public method registered as a protocol request handler (this.m.bind(this)) serves each request, also through the steps it calls",
      code: `import fs from "node:fs";\nfunction loadRc(dir: string) { return fs.readFileSync(dir + "/.rc", "utf8"); }\ndeclare const CallToolRequestSchema: unknown;\ntype Server = { setRequestHandler(schema: unknown, h: (req: unknown) => Promise<unknown>): void };\nexport class ToolServer {\n  constructor(private server: Server, private dir: string) {\n    this.server.setRequestHandler(CallToolRequestSchema, this.callTool.bind(this));\n  }\n  async callTool(req: unknown) { const rc = loadRc(this.dir); return { rc, req }; }\n}\n`,
      errors: [{ line: 9, column: 45, messageId: "transitive", basis: "registered-reference" }],
    },
    {
      name: "evidence: a method of a class the module keeps, registered as a listener through this.m.bind(this)",
      code: `import fs from "node:fs";\ntype Bus = { on(event: string, cb: (msg: string) => void): void };\nclass Recorder {\n  constructor(bus: Bus) { bus.on("message", this.record.bind(this)); }\n  async record(msg: string) { fs.appendFileSync("messages.log", msg); }\n}\nexport function attach(bus: Bus) { return new Recorder(bus); }\n`,
      errors: [{ line: 5, column: 31, messageId: "direct", message: "fs.appendFileSync blocks the event loop", basis: "registered-reference" }],
      output: `import fs from "node:fs";\ntype Bus = { on(event: string, cb: (msg: string) => void): void };\nclass Recorder {\n  constructor(bus: Bus) { bus.on("message", this.record.bind(this)); }\n  async record(msg: string) { await fs.promises.appendFile("messages.log", msg); }\n}\nexport function attach(bus: Bus) { return new Recorder(bus); }\n`,
    },
    {
      name: "evidence: an inline handler given to setRequestHandler serves each request",
      code: `import fs from "node:fs";\ndeclare const ReadResourceSchema: unknown;\nexport function start(server: { setRequestHandler(schema: unknown, h: (req: { uri: string }) => Promise<unknown>): void }) {\n  server.setRequestHandler(ReadResourceSchema, async req => ({ text: fs.readFileSync(req.uri, "utf8") }));\n}\n`,
      errors: [{ line: 4, column: 70, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "listener" }],
      output: `import fs from "node:fs";\ndeclare const ReadResourceSchema: unknown;\nexport function start(server: { setRequestHandler(schema: unknown, h: (req: { uri: string }) => Promise<unknown>): void }) {\n  server.setRequestHandler(ReadResourceSchema, async req => ({ text: await fs.promises.readFile(req.uri, "utf8") }));\n}\n`,
    },
    {
      name: "evidence: a helper written in an uncalled public method's own body is its own code (a step elsewhere is not)",
      options: { requireConcurrencyEvidence: false },
      // (Its folder made unguarded: an existsSync-guarded mkdir of a parameter is create-if-missing.ts's, since round 49.)
      code: `import fs from "node:fs";\nexport class Client {\n  async downloadDir(dst: string) {\n    const prepare = (d: string) => { fs.mkdirSync(d, { recursive: true }); };\n    await Promise.resolve();\n    prepare(dst);\n  }\n}\n`,
      errors: [{ line: 6, column: 5, messageId: "transitive", basis: "public-class-method" }],
    },
    {
      name: "evidence: an uncalled public method's own callbacks are its body (a fan-out inside it)",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\nexport class Driver {\n  async unpack(files: string[]) { await Promise.all(files.map(async f => { await Promise.resolve(f); fs.writeFileSync(f, "x"); })); }\n}\n`,
      errors: [{ line: 3, column: 102, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "fan-out-item" }],
      // The awaited fix is a suggestion here: per item it would start an unbounded fan-out.
    },
    {
      name: "evidence: a step of an uncalled public method that a route handler also calls is reported",
      code: `import fs from "node:fs";\nexport class Installer {\n  async install(dir: string) { await this.cleanUp(dir); }\n  private async cleanUp(dir: string) { fs.rmSync(dir + "/tmp", { recursive: true }); }\n  routes(app: { post(p: string, h: (req: unknown, res: unknown) => Promise<void>): void }) {\n    app.post("/clean", async (req, res) => { await this.cleanUp("x"); });\n  }\n}\n`,
      errors: [{ line: 4, column: 40, messageId: "direct", message: "fs.rmSync blocks the event loop", basis: "route@1" }],
      output: `import fs from "node:fs";\nexport class Installer {\n  async install(dir: string) { await this.cleanUp(dir); }\n  private async cleanUp(dir: string) { await fs.promises.rm(dir + "/tmp", { recursive: true }); }\n  routes(app: { post(p: string, h: (req: unknown, res: unknown) => Promise<void>): void }) {\n    app.post("/clean", async (req, res) => { await this.cleanUp("x"); });\n  }\n}\n`,
    },
    {
      name: "evidence: a call through a namespace import of the module, in a route handler",
      filename: "render.ts",
      code: `import fs from "node:fs";\nexport async function render(out: string) { fs.writeFileSync(out, "<html></html>"); }\n`,
      files: {
        "routes.ts": `import * as pages from "./render.js";\nexport function routes(app: { get(p: string, h: (req: unknown, res: unknown) => Promise<void>): void }) {\n  app.get("/page", async (req, res) => { await pages.render("out.html"); });\n}\n`,
      },
      errors: [{ line: 2, column: 45, messageId: "direct", message: "fs.writeFileSync blocks the event loop", basis: "route@1" }],
      output: `import fs from "node:fs";\nexport async function render(out: string) { await fs.promises.writeFile(out, "<html></html>"); }\n`,
    },
    {
      name: "evidence: a job queue's processor runs per job",
      code: `import { execFileSync } from "node:child_process";\ndeclare class Worker { constructor(name: string, processor: (job: { data: string }) => Promise<void>); }\nexport const worker = new Worker("deploys", async job => { execFileSync("git", ["fetch", job.data]); });\n`,
      errors: [{ line: 3, column: 60, messageId: "direct", message: "child_process.execFileSync blocks the event loop", basis: "job-processor" }],
      output: `import { execFile } from "node:child_process";\nimport { promisify } from "node:util";\ndeclare class Worker { constructor(name: string, processor: (job: { data: string }) => Promise<void>); }\nexport const worker = new Worker("deploys", async job => { (await promisify(execFile)("git", ["fetch", job.data], { timeout: 10000 })).stdout; });\n`,
    },
    {
      name: "evidence: a task given to a limiter made inline (pLimit(4)(task)), even in a start-up function",
      options: { requireConcurrencyEvidence: false },
      code: `import fs from "node:fs";\ndeclare function pLimit(n: number): <T>(task: () => Promise<T>) => Promise<T>;\nexport async function setup(files: string[]) {\n  await Promise.all(files.map(f => pLimit(4)(async () => fs.readFileSync(f, "utf8"))));\n}\n`,
      errors: [{ line: 4, column: 58, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "limiter-task" }],
      output: `import fs from "node:fs";\ndeclare function pLimit(n: number): <T>(task: () => Promise<T>) => Promise<T>;\nexport async function setup(files: string[]) {\n  await Promise.all(files.map(f => pLimit(4)(async () => await fs.promises.readFile(f, "utf8"))));\n}\n`,
    },
    {
      name: "compiled CommonJS: (0, fs_1.readFileSync)(p) is the blocking call it names",
      filename: "case.js",
      code: `"use strict";\nconst fs_1 = require("fs");\nconst app = { get(p, h) { return [p, h]; } };\napp.get("/file", async (req, res) => { res.end((0, fs_1.readFileSync)(req.url)); });\n`,
      errors: [{ line: 4, column: 48, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "route" }],
      output: `"use strict";\nconst fs_1 = require("fs");\nconst app = { get(p, h) { return [p, h]; } };\napp.get("/file", async (req, res) => { res.end(await fs_1.promises.readFile(req.url)); });\n`,
    },
    {
      name: "compiled CommonJS: a helper called as (0, util_1.readJson)(p) is followed",
      filename: "case.js",
      code: `"use strict";\nconst util_1 = require("./util");\nconst app = { get(p, h) { return [p, h]; } };\napp.get("/config", async (req, res) => { res.end((0, util_1.readJson)(req.url)); });\n`,
      files: {
        "util.js": `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.readJson = readJson;\nconst fs_1 = require("fs");\nfunction readJson(p) { return JSON.parse((0, fs_1.readFileSync)(p, "utf8")); }\n`,
      },
      errors: [
        {
          line: 4,
          column: 50,
          messageId: "transitive",
          message: "util_1.readJson() blocks the event loop inside async code: it calls fs.readFileSync (util.js:5)",
        },
      ],
    },
    {
      name: "a package built from TypeScript: the call resolves to x.d.ts, the function that runs is in x.js beside it",
      code: `import { readJson } from "./lib/util.js";\ndeclare const app: { get(p: string, h: (req: { url: string }, res: { end(b: string): void }) => Promise<void>): void };\napp.get("/config", async (req, res) => { res.end(String(readJson(req.url))); });\n`,
      files: {
        "lib/util.js": `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.readJson = readJson;\nconst fs = require("fs");\nfunction readJson(p) { return JSON.parse(fs.readFileSync(p, "utf8")); }\n`,
        "lib/util.d.ts": `export declare function readJson(p: string): unknown;\n`,
      },
      errors: [
        {
          line: 3,
          column: 57,
          messageId: "transitive",
          message: "readJson() blocks the event loop inside async code: it calls fs.readFileSync (util.js:5)",
        },
      ],
    },
    {
      name: "sync handler: a synchronous middleware reads a file per request",
      code: `import fs from "node:fs";\ndeclare const app: { use(h: (req: { url: string }, res: { end(b: Buffer): void }, next: () => void) => void): void };\napp.use((req, res, next) => { res.end(fs.readFileSync(req.url)); next(); });\n`,
      errors: [
        {
          line: 3,
          column: 39,
          messageId: "handler",
          message: "fs.readFileSync blocks the event loop in a handler of requests",
          fixes: [],
          basis: "sync:request-params",
        },
      ],
    },
    {
      name: "sync handler: a file watcher's change listener reaches a write through a helper",
      code: `import fs from "node:fs";\nfunction rebuild(file: string) { fs.writeFileSync(file + ".d.ts", "export {};"); }\ndeclare const watcher: { on(event: string, cb: (file: string) => void): void };\nwatcher.on("change", file => { rebuild(file); });\n`,
      errors: [
        {
          line: 4,
          column: 32,
          messageId: "transitiveHandler",
          message: "rebuild() blocks the event loop in a handler of file changes: it calls fs.writeFileSync",
          basis: "sync:listener:change",
        },
      ],
    },
    {
      name: "sync handler: a function with a request's parameters; its metadata call is info",
      code: `import fs from "node:fs";\nexport function serveStatic(req: { url: string }, res: { end(b?: Buffer): void }) {\n  if (fs.existsSync(req.url)) res.end(fs.readFileSync(req.url)); else res.end();\n}\n`,
      errors: [
        {
          line: 3,
          column: 7,
          messageId: "handler",
          message: "fs.existsSync blocks the event loop in a handler of requests",
          severity: "info",
          basis: "sync:request-params",
        },
        { line: 3, column: 39, messageId: "handler", message: "fs.readFileSync" },
      ],
    },
    ...withAllExports<InvalidCase<MessageId>>([
      // Session 34, round 49: just outside "create if missing" (create-if-missing.ts): a folder new per call, or a check of another path.
      {
        name: "create if missing, boundary: a folder new per call (a time, an id, a loop item, a temporary folder) is made on every call",
        options: { metadataCalls: "off" },
        code: `import fs from "node:fs";\nimport path from "node:path";\nexport async function exportRun(root: string) {\n  const dir = path.join(root, "export-" + Date.now());\n  if (!fs.existsSync(dir)) fs.mkdirSync(dir);\n  await write(dir + "/a", "x");\n}\nexport async function saveJob(root: string, jobId: string) {\n  const dir = path.join(root, jobId);\n  fs.existsSync(dir) || fs.mkdirSync(dir);\n  await write(dir + "/a", "x");\n}\nexport async function download(root: string, names: string[]) {\n  for (const name of names) {\n    const dir = path.join(root, name);\n    if (!fs.existsSync(dir)) fs.mkdirSync(dir);\n    await write(dir + "/a", "x");\n  }\n}\nexport class Hub {\n  private tmpDir = "";\n  async exportAuth() {\n    const authPath = path.join(this.tmpDir, "auth");\n    if (!fs.existsSync(authPath)) fs.mkdirSync(authPath);\n    await write(authPath + "/a", "x");\n  }\n}\ndeclare function write(p: string, data: unknown): Promise<void>;\n`,
        errors: [
          { line: 5, column: 28, messageId: "direct" },
          { line: 10, column: 25, messageId: "direct" },
          { line: 16, column: 30, messageId: "direct" },
          { line: 24, column: 35, messageId: "direct" },
        ],
        // The loop's mkdir is fixed only on request (a suggestion): awaited, it would start one per item.
        output: `import fs from "node:fs";\nimport path from "node:path";\nexport async function exportRun(root: string) {\n  const dir = path.join(root, "export-" + Date.now());\n  if (!fs.existsSync(dir)) await fs.promises.mkdir(dir);\n  await write(dir + "/a", "x");\n}\nexport async function saveJob(root: string, jobId: string) {\n  const dir = path.join(root, jobId);\n  fs.existsSync(dir) || await fs.promises.mkdir(dir);\n  await write(dir + "/a", "x");\n}\nexport async function download(root: string, names: string[]) {\n  for (const name of names) {\n    const dir = path.join(root, name);\n    if (!fs.existsSync(dir)) fs.mkdirSync(dir);\n    await write(dir + "/a", "x");\n  }\n}\nexport class Hub {\n  private tmpDir = "";\n  async exportAuth() {\n    const authPath = path.join(this.tmpDir, "auth");\n    if (!fs.existsSync(authPath)) await fs.promises.mkdir(authPath);\n    await write(authPath + "/a", "x");\n  }\n}\ndeclare function write(p: string, data: unknown): Promise<void>;\n`,
      },
      {
        name: "create if missing, boundary: a check of another path does not guard the mkdir, and a helper's check still reaches its callers",
        code: `import fs from "node:fs";\nfunction ensureDir(dir: string) {\n  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });\n}\nexport async function save(dir: string, file: string) {\n  if (!fs.existsSync(file)) fs.mkdirSync(dir, { recursive: true });\n  await write(file, "x");\n}\nexport async function store(dir: string) {\n  ensureDir(dir);\n  await write(dir + "/a", "x");\n}\ndeclare function write(p: string, data: unknown): Promise<void>;\n`,
        errors: [
          { line: 6, column: 8, messageId: "metadata" },
          { line: 6, column: 29, messageId: "direct" },
          {
            line: 10,
            column: 3,
            messageId: "transitiveMetadata",
            message: "ensureDir() makes a synchronous file-system metadata call inside async code: it calls fs.existsSync",
          },
        ],
        output: `import fs from "node:fs";\nfunction ensureDir(dir: string) {\n  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });\n}\nexport async function save(dir: string, file: string) {\n  if (!await fs.promises.access(file).then(() => true, () => false)) await fs.promises.mkdir(dir, { recursive: true });\n  await write(file, "x");\n}\nexport async function store(dir: string) {\n  ensureDir(dir);\n  await write(dir + "/a", "x");\n}\ndeclare function write(p: string, data: unknown): Promise<void>;\n`,
      },
      {
        name: "a function that loads code per call from a computed path is not start-up (require is no evidence of it)",
        filename: "loader.cjs",
        code: `const fs = require("fs");\nconst path = require("path");\nexports.loadHandler = async function (dir, name) {\n  if (!fs.existsSync(path.join(dir, name + ".js"))) return undefined;\n  return require(path.join(dir, name));\n};\n`,
        errors: [{ line: 4, column: 8, messageId: "metadata", message: "fs.existsSync is a synchronous file-system metadata call" }],
        output: `const fs = require("fs");\nconst path = require("path");\nexports.loadHandler = async function (dir, name) {\n  if (!await fs.promises.access(path.join(dir, name + ".js")).then(() => true, () => false)) return undefined;\n  return require(path.join(dir, name));\n};\n`,
      },
      {
        name: "evidence beats a start-up name: a route handler named init serves requests",
        code: `import fs from "node:fs";\nexport function routes(app: { get(path: string, h: (req: unknown, res: { send(s: string): void }) => Promise<void>): void }) {\n  app.get("/init", async function init(req, res) { res.send(fs.readFileSync("page.html", "utf8")); });\n}\n`,
        errors: [{ line: 3, column: 61, messageId: "direct", message: "fs.readFileSync blocks the event loop" }],
        output: `import fs from "node:fs";\nexport function routes(app: { get(path: string, h: (req: unknown, res: { send(s: string): void }) => Promise<void>): void }) {\n  app.get("/init", async function init(req, res) { res.send(await fs.promises.readFile("page.html", "utf8")); });\n}\n`,
      },
      {
        name: "evidence: one item of a fan-out in a start-up function stalls its siblings",
        code: `import fs from "node:fs";\nexport async function setup(files: string[]) {\n  await Promise.all(files.map(async f => { const s = fs.statSync(f); await fs.promises.readFile(f); return s; }));\n}\n`,
        errors: [{ line: 3, column: 54, messageId: "metadata", message: "fs.statSync is a synchronous file-system metadata call" }],
        // The awaited fix is a suggestion here: per item it would start an unbounded fan-out.
      },
      {
        name: "evidence (callerEvidence all): a function wrapped by a debouncer runs when the wrapper is called, here by a file watcher",
        options: { callerEvidence: "all" },
        code: `import fs from "node:fs";\ndeclare function debounce<T extends (...a: never[]) => unknown>(f: T, ms: number): T;\nexport function watchConfig(dir: string) {\n  const reload = debounce(() => { void refresh(); }, 100);\n  fs.watch(dir, () => reload());\n}\nasync function refresh() { return fs.readFileSync("x.json", "utf8"); }\n`,
        errors: [{ line: 7, column: 35, messageId: "direct", message: "fs.readFileSync blocks the event loop" }],
        output: `import fs from "node:fs";\ndeclare function debounce<T extends (...a: never[]) => unknown>(f: T, ms: number): T;\nexport function watchConfig(dir: string) {\n  const reload = debounce(() => { void refresh(); }, 100);\n  fs.watch(dir, () => reload());\n}\nasync function refresh() { return await fs.promises.readFile("x.json", "utf8"); }\n`,
      },
      {
        name: "evidence (session 36): a file watcher's callback reaches two calls away by default (a per-change rediscovery)",
        code: `import fs from "node:fs";\nasync function discover(dir: string) { return fs.readFileSync(dir + "/index.json", "utf8"); }\nasync function reload(dir: string) { await discover(dir); }\nexport function watchSources(dir: string) {\n  fs.watch(dir, () => { void reload(dir); });\n}\n`,
        errors: [{ line: 2, column: 47, messageId: "direct", message: "fs.readFileSync blocks the event loop", basis: "watcher@2+" }],
        output: `import fs from "node:fs";\nasync function discover(dir: string) { return await fs.promises.readFile(dir + "/index.json", "utf8"); }\nasync function reload(dir: string) { await discover(dir); }\nexport function watchSources(dir: string) {\n  fs.watch(dir, () => { void reload(dir); });\n}\n`,
      },
      {
        name: "evidence (session 36): a debounced reload that a file watcher's callback calls, by default",
        code: `import fs from "node:fs";\ndeclare function debounce<T extends (...a: never[]) => unknown>(f: T, ms: number): T;\nexport function watchConfig(dir: string) {\n  const reload = debounce(() => { void refresh(); }, 100);\n  fs.watchFile(dir, () => reload());\n}\nasync function refresh() { return fs.readFileSync("x.json", "utf8"); }\n`,
        errors: [{ line: 7, column: 35, messageId: "direct", message: "fs.readFileSync blocks the event loop" }],
        output: `import fs from "node:fs";\ndeclare function debounce<T extends (...a: never[]) => unknown>(f: T, ms: number): T;\nexport function watchConfig(dir: string) {\n  const reload = debounce(() => { void refresh(); }, 100);\n  fs.watchFile(dir, () => reload());\n}\nasync function refresh() { return await fs.promises.readFile("x.json", "utf8"); }\n`,
      },
      {
        name: "evidence (callerEvidence all): one caller of a private method in a fan-out is enough, whatever its other callers",
        options: { callerEvidence: "all" },
        code: `import fs from "node:fs";\nexport class Installer {\n  wire(hooks: { tap(cb: () => Promise<void>): void }, deps: string[]) {\n    hooks.tap(async () => { await this.#extract("root"); });\n    hooks.tap(async () => { await Promise.all(deps.map(d => this.#extract(d))); });\n  }\n  async #extract(dir: string) { fs.mkdirSync(dir, { recursive: true }); await fs.promises.writeFile(dir + "/x", ""); }\n}\n`,
        // The awaited fix makes each item of the caller's fan-out do one more file operation: a suggestion.
        errors: [{ line: 7, column: 33, messageId: "direct", message: "fs.mkdirSync blocks the event loop", fixes: ["Use fs.promises.mkdir and await it"] }],
      },
      {
        name: "fix in a helper that a caller in another file runs per item of a fan-out: a suggestion (no new unbounded-concurrency finding there)",
        options: { callerEvidence: "all" }, // the fan-out is the evidence here (off by default): the case is about the fix
        filename: "compress.ts",
        code: `import { statSync, createReadStream, createWriteStream } from "node:fs";\nimport { pipeline } from "node:stream/promises";\nimport zlib from "node:zlib";\nexport async function compressFile(file: string, format: "gz" | "br") {\n  const compress = format === "br" ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: statSync(file).size } }) : zlib.createGzip();\n  await pipeline(createReadStream(file), compress, createWriteStream(\`\${file}.\${format}\`));\n}\n`,
        files: {
          "build.ts": `import { compressFile } from "./compress.js";\nexport async function compressAll(files: string[]) {\n  await Promise.all(files.flatMap(f => [compressFile(f, "gz"), compressFile(f, "br")]));\n}\n`,
        },
        errors: [
          {
            line: 5,
            column: 117,
            messageId: "metadata",
            message: "fs.statSync is a synchronous file-system metadata call",
            fixes: ["Use stat and await it"],
          },
        ],
      },
      {
        name: "fix in a helper that an awaited caller reaches, passed by name to map in another file: a suggestion",
        options: { startupCode: "same" }, // no evidence of serving needed: the case is about the fix
        filename: "sizes.ts",
        code: `import fs from "node:fs";\nasync function sizeOf(file: string) {\n  return fs.statSync(file).size;\n}\nexport async function describeFile(file: string) {\n  return { file, size: await sizeOf(file), text: await fs.promises.readFile(file, "utf8") };\n}\n`,
        files: {
          "report.ts": `import { describeFile } from "./sizes.js";\nexport async function report(files: string[]) {\n  return Promise.all(files.map(describeFile));\n}\n`,
        },
        errors: [
          {
            line: 3,
            column: 10,
            messageId: "metadata",
            message: "fs.statSync is a synchronous file-system metadata call",
            fixes: ["Use fs.promises.stat and await it"],
          },
        ],
      },
      {
        name: "fix in a helper that its only caller awaits one at a time in a loop: preferred (no fan-out)",
        options: { startupCode: "same" }, // no evidence of serving needed: the case is about the fix
        filename: "sizes.ts",
        code: `import fs from "node:fs";\nexport async function sizeOf(file: string) {\n  return fs.statSync(file).size;\n}\n`,
        files: {
          "report.ts": `import { sizeOf } from "./sizes.js";\nexport async function total(files: string[]) {\n  let sum = 0;\n  for (const f of files) sum += await sizeOf(f);\n  return sum;\n}\n`,
        },
        errors: [
          {
            line: 3,
            column: 10,
            messageId: "metadata",
            message: "fs.statSync is a synchronous file-system metadata call",
            fixes: ["Use fs.promises.stat and await it"],
          },
        ],
        output: `import fs from "node:fs";\nexport async function sizeOf(file: string) {\n  return (await fs.promises.stat(file)).size;\n}\n`,
      },
      {
        name: "evidence: a helper whose caller is a task given to a concurrency limiter",
        filename: "upload.ts",
        code: `import fs from "node:fs";\nexport async function upload(f: string) {\n  const body = fs.readFileSync(f);\n  await fetch("https://example.com", { method: "PUT", body });\n}\n`,
        files: {
          "deploy.ts": `import { upload } from "./upload.js";\ndeclare function pLimit(n: number): <T>(task: () => Promise<T>) => Promise<T>;\nconst limit = pLimit(4);\nexport async function deployAll(files: string[]) {\n  const uploads = files.map(f => limit(async () => upload(f)));\n  await Promise.all(uploads);\n}\n`,
        },
        errors: [{ line: 3, column: 16, messageId: "direct", message: "fs.readFileSync blocks the event loop" }],
        output: `import fs from "node:fs";\nexport async function upload(f: string) {\n  const body = await fs.promises.readFile(f);\n  await fetch("https://example.com", { method: "PUT", body });\n}\n`,
      },
      {
        name: "default import, awaited promise API as the fix",
        code: `import fs from "node:fs";\nexport async function handler(p: string) {\n  const text = fs.readFileSync(p, "utf8");\n  return text.length;\n}\n`,
        errors: [
          {
            line: 3,
            column: 16,
            messageId: "direct",
            endLine: 3,
            endColumn: 42,
            message: "fs.readFileSync blocks the event loop inside async code",
            fixes: ["Use fs.promises.readFile and await it"],
          },
        ],
        output: `import fs from "node:fs";\nexport async function handler(p: string) {\n  const text = await fs.promises.readFile(p, "utf8");\n  return text.length;\n}\n`,
      },
      {
        name: "aliased named import adds a fs/promises import in the file's style",
        code: `import { readFileSync as read } from "fs";\nexport const handler = async (p: string) => read(p, "utf8").trim();\n`,
        errors: [{ line: 2, column: 45, messageId: "direct", message: "fs.readFileSync" }],
        output: `import { readFile } from "fs/promises";\nexport const handler = async (p: string) => (await readFile(p, "utf8")).trim();\n`,
      },
      {
        name: "namespace import; member access keeps its meaning with parentheses",
        code: `import * as fs from "node:fs";\nexport async function size(p: string) { return fs.statSync(p).size; }\n`,
        errors: [{ line: 2, column: 48, messageId: "metadata" }],
        output: `import * as fs from "node:fs";\nexport async function size(p: string) { return (await fs.promises.stat(p)).size; }\n`,
      },
      {
        name: "require in a CommonJS file",
        filename: "case.cjs",
        code: `const fs = require("fs");\nasync function read(p) { return fs.readFileSync(p, "utf8"); }\nmodule.exports = { read };\n`,
        errors: [{ line: 2, column: 33, messageId: "direct" }],
        output: `const fs = require("fs");\nasync function read(p) { return await fs.promises.readFile(p, "utf8"); }\nmodule.exports = { read };\n`,
      },
      {
        name: "destructured require of child_process: promisified exec, imports in require style",
        filename: "case.cjs",
        code: `const { execSync } = require("child_process");\nasync function files() { return execSync("ls").toString(); }\nmodule.exports = { files };\n`,
        errors: [{ line: 2, column: 33, messageId: "direct", message: "child_process.execSync" }],
        output: `const { exec } = require("child_process");\nconst { promisify } = require("util");\nasync function files() { return (await promisify(exec)("ls", { timeout: 10000 })).stdout.toString(); }\nmodule.exports = { files };\n`,
      },
      {
        name: "promise callback: the fix makes the callback async",
        code: `import fs from "node:fs";\nexport function save(p: Promise<string>) { return p.then(text => fs.writeFileSync("out.txt", text)); }\n`,
        errors: [{ line: 2, column: 66, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport function save(p: Promise<string>) { return p.then(async text => await fs.promises.writeFile("out.txt", text)); }\n`,
      },
      {
        name: "sync callback inside async code: reported, no fix (await is not allowed there)",
        code: `import fs from "node:fs";\nexport async function sizes(paths: string[]) { return paths.map(p => fs.statSync(p).size); }\n`,
        errors: [{ line: 2, column: 70, messageId: "metadata", fixes: [] }],
      },
      {
        name: "transitive through a helper in the same file, with the chain",
        code: `import fs from "node:fs";\nfunction readConfig() { return JSON.parse(fs.readFileSync("config.json", "utf8")); }\nexport async function handler() { return readConfig(); }\n`,
        errors: [
          {
            line: 3,
            column: 42,
            messageId: "transitive",
            message:
              "readConfig() blocks the event loop inside async code: it calls fs.readFileSync (case.ts:2). It runs in the exported function at case.ts:3, which nothing in the project calls. Make",
            related: ["fs.readFileSync blocks here"],
          },
        ],
      },
      {
        name: "transitive across files and two helpers",
        code: `import { loadSettings } from "./settings.js";\nexport async function handler() {\n  return loadSettings().name;\n}\n`,
        files: {
          "settings.ts": `import { parse } from "./parse.js";\nexport function loadSettings() { return parse("settings.json"); }\n`,
          "parse.ts": `import { readFileSync } from "node:fs";\nexport function parse(p: string): { name: string } { return JSON.parse(readFileSync(p, "utf8")); }\n`,
        },
        errors: [
          {
            line: 3,
            column: 10,
            messageId: "transitive",
            message: "via loadSettings() → parse() → fs.readFileSync",
            related: ["calls parse()", "fs.readFileSync blocks here"],
          },
        ],
      },
      {
        name: "class methods: this.helper() through a sync method",
        code: `import { execFileSync } from "node:child_process";\nexport class Git {\n  private head() { return execFileSync("git", ["rev-parse", "HEAD"]).toString(); }\n  async status() { return this.head(); }\n}\n`,
        errors: [{ line: 4, column: 27, messageId: "transitive", message: "this.head() blocks the event loop" }],
      },
      {
        name: "through a method call on an object of a project class, then a private method",
        code: `import { Context } from "./context.js";\nexport async function handle(ctx: Context) {\n  try { await Promise.resolve(); } catch (e) { ctx.error(e); }\n}\n`,
        files: {
          "context.ts": `import fs from "node:fs";\nexport class Context {\n  error(e: unknown) { this.#log(String(e)); }\n  #log(line: string) { fs.appendFileSync("error.log", line + "\\n"); }\n}\n`,
        },
        errors: [
          {
            line: 3,
            column: 48,
            messageId: "transitive",
            message:
              "ctx.error() blocks the event loop inside async code: it calls fs.appendFileSync (context.ts:4) via ctx.error() → this.#log() → fs.appendFileSync",
          },
        ],
      },
      {
        name: "a comment opening the body that gives no reason does not silence the wait",
        options: { uncalledExports: "all" },
        code: `declare const shared: Int32Array;\nfunction waitForWork() {\n  // Wait for the parent's signal with Atomics.wait().\n  let seen = 0;\n  while (seen === 0) {\n    Atomics.wait(shared, 0, 0);\n    seen = Atomics.load(shared, 0);\n  }\n}\nexport async function next() { waitForWork(); }\n`,
        errors: [{ line: 10, column: 32, messageId: "transitive" }],
      },
      {
        name: "a fallback for a missing argument runs when a caller leaves it out",
        options: { callerEvidence: "all" },
        code: `import fs from "node:fs";\nasync function findTarget(path: string, known?: Set<string>) {\n  if (known ? known.has(path) : fs.readFileSync(path, "utf8").length > 0) return path;\n  return undefined;\n}\nexport async function match(paths: string[]) {\n  const known = new Set(paths);\n  await findTarget(paths[0]!);\n  return Promise.all(paths.map(async p => findTarget(p + ".js", known)));\n}\n`,
        errors: [{ line: 3, column: 33, messageId: "direct" }],
      },
      {
        name: "a fallback for a missing argument of an exported function another file may leave out",
        options: { callerEvidence: "all" },
        code: `import fs from "node:fs";\nexport async function findTarget(path: string, known?: Set<string>) {\n  if (known ? known.has(path) : fs.readFileSync(path, "utf8").length > 0) return path;\n  return undefined;\n}\nexport async function match(paths: string[]) {\n  const known = new Set(paths);\n  return Promise.all(paths.map(async p => findTarget(p + ".js", known)));\n}\n`,
        files: { "other.ts": `import { findTarget } from "./case.js";\nexport async function one(p: string) { return findTarget(p); }\n` },
        errors: [{ line: 3, column: 33, messageId: "direct" }],
      },
      {
        name: "an early return that tests another flag does not memoize the load",
        code: `import fs from "node:fs";\nfunction readFlag(p: string): boolean { return fs.readFileSync(p, "utf8").trim() === "1"; }\nlet found: boolean | undefined;\nlet disabled = false;\nfunction probe(): boolean {\n  if (disabled) return false;\n  found = readFlag("/etc/flag");\n  return found;\n}\nexport async function handle() { return probe(); }\n`,
        errors: [{ line: 10, column: 41, messageId: "transitive" }],
      },
      {
        name: "a cache check that does not store the result still blocks every time",
        code: `import fs from "node:fs";\nexport async function read(p: string, seen: Set<string>) {\n  if (!seen.has(p)) {\n    const text = fs.readFileSync(p, "utf8");\n    return text;\n  }\n  return "";\n}\n`,
        errors: [{ line: 4, column: 18, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function read(p: string, seen: Set<string>) {\n  if (!seen.has(p)) {\n    const text = await fs.promises.readFile(p, "utf8");\n    return text;\n  }\n  return "";\n}\n`,
      },
      {
        name: "test files with testFiles: same",
        filename: "config.test.ts",
        options: { testFiles: "same" },
        code: `import fs from "node:fs";\nexport async function fixture() { return fs.readFileSync("fixture.json", "utf8"); }\n`,
        errors: [{ line: 2, column: 42, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function fixture() { return await fs.promises.readFile("fixture.json", "utf8"); }\n`,
      },
      {
        name: "startup: a handler registered inside start() still runs per request",
        code: `import fs from "node:fs";\nconst app = { get(path: string, handler: (req: unknown) => unknown) { void path; void handler; }, use(handler: unknown) { void handler; }, listen(port: number, done?: () => unknown) { void port; void done; } };\nexport async function start() {\n  app.get("/report", async (req) => fs.readFileSync(String(req), "utf8"));\n  app.listen(3000);\n}\n`,
        errors: [{ line: 4, column: 37, messageId: "direct" }],
        output: `import fs from "node:fs";\nconst app = { get(path: string, handler: (req: unknown) => unknown) { void path; void handler; }, use(handler: unknown) { void handler; }, listen(port: number, done?: () => unknown) { void port; void done; } };\nexport async function start() {\n  app.get("/report", async (req) => await fs.promises.readFile(String(req), "utf8"));\n  app.listen(3000);\n}\n`,
      },
      {
        name: "startup: an exported helper that another file calls per request",
        code: `import fs from "node:fs";\nexport async function loadTemplates() { return fs.readdirSync("templates"); }\nexport async function start() { return loadTemplates(); }\n`,
        files: {
          "routes.ts": `import { loadTemplates } from "./case.js";\nexport async function list(req: unknown, res: { json(v: unknown): void }) { res.json(await loadTemplates()); }\n`,
        },
        errors: [{ line: 2, column: 48, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function loadTemplates() { return await fs.promises.readdir("templates"); }\nexport async function start() { return loadTemplates(); }\n`,
      },
      {
        name: "startup: a file-private helper also called from a handler",
        code: `import fs from "node:fs";\nconst app = { get(path: string, handler: (req: unknown) => unknown) { void path; void handler; }, use(handler: unknown) { void handler; }, listen(port: number, done?: () => unknown) { void port; void done; } };\nasync function loadTemplates() { return fs.readdirSync("templates"); }\nexport async function start() { await loadTemplates(); }\napp.get("/templates", async () => loadTemplates());\n`,
        errors: [{ line: 3, column: 41, messageId: "direct" }],
        output: `import fs from "node:fs";\nconst app = { get(path: string, handler: (req: unknown) => unknown) { void path; void handler; }, use(handler: unknown) { void handler; }, listen(port: number, done?: () => unknown) { void port; void done; } };\nasync function loadTemplates() { return await fs.promises.readdir("templates"); }\nexport async function start() { await loadTemplates(); }\napp.get("/templates", async () => loadTemplates());\n`,
      },
      {
        name: "startup: a handler calling a sync configuration loader reads it per request",
        code: `import fs from "node:fs";\nfunction loadConfig() { return JSON.parse(fs.readFileSync("config.json", "utf8")) as { port: number }; }\nexport async function handler() { return loadConfig().port; }\n`,
        errors: [{ line: 3, column: 42, messageId: "transitive", message: "loadConfig() blocks the event loop" }],
      },
      {
        name: "startup: a per-connection handler registering socket listeners is not set-up",
        code: `import fs from "node:fs";\nimport { EventEmitter } from "node:events";\nconst io = new EventEmitter();\nio.on("connection", async (socket: EventEmitter) => {\n  const motd = fs.readFileSync("motd.txt", "utf8");\n  socket.on("hello", () => motd);\n});\n`,
        errors: [{ line: 5, column: 16, messageId: "direct" }],
        output: `import fs from "node:fs";\nimport { EventEmitter } from "node:events";\nconst io = new EventEmitter();\nio.on("connection", async (socket: EventEmitter) => {\n  const motd = await fs.promises.readFile("motd.txt", "utf8");\n  socket.on("hello", () => motd);\n});\n`,
      },
      {
        name: "startup: setInterval at top level repeats",
        code: `import fs from "node:fs";\nsetInterval(async () => { console.log(fs.readFileSync("/proc/meminfo", "utf8").length); }, 1000);\n`,
        errors: [{ line: 2, column: 39, messageId: "direct" }],
        output: `import fs from "node:fs";\nsetInterval(async () => { console.log((await fs.promises.readFile("/proc/meminfo", "utf8")).length); }, 1000);\n`,
      },
      {
        name: "startup: CRUD create() is not start-up",
        code: `import fs from "node:fs";\nexport class Users { async create(name: string) { fs.writeFileSync(name + ".json", "{}"); } }\n`,
        errors: [{ line: 2, column: 51, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport class Users { async create(name: string) { await fs.promises.writeFile(name + ".json", "{}"); } }\n`,
      },
      {
        name: "startup: a Map lookup with a path-like key is not a route",
        code: `import fs from "node:fs";\nconst pages = new Map<string, () => string>();\nexport async function page() { pages.get("/home"); return fs.readFileSync("home.html", "utf8"); }\n`,
        errors: [{ line: 3, column: 59, messageId: "direct" }],
        output: `import fs from "node:fs";\nconst pages = new Map<string, () => string>();\nexport async function page() { pages.get("/home"); return await fs.promises.readFile("home.html", "utf8"); }\n`,
      },
      {
        name: "startup: an HTTP client call with a path is not route registration",
        code: `import fs from "node:fs";\nconst api = { async get(path: string, config: object) { return { path, config }; } };\nexport async function users(page: number) {\n  const res = await api.get("/users", { params: { page } });\n  return [res, fs.readFileSync("users.tpl", "utf8")];\n}\n`,
        errors: [{ line: 5, column: 16, messageId: "direct" }],
        output: `import fs from "node:fs";\nconst api = { async get(path: string, config: object) { return { path, config }; } };\nexport async function users(page: number) {\n  const res = await api.get("/users", { params: { page } });\n  return [res, await fs.promises.readFile("users.tpl", "utf8")];\n}\n`,
      },
      {
        name: "startup: a private method another instance calls per request",
        code: `import fs from "node:fs";\nexport class Themes {\n  private css = "";\n  async init() { await this.loadCss(); }\n  async refresh(req: unknown, res: { end(css: string): void }, other: Themes) { await other.loadCss(); res.end(other.css); }\n  private async loadCss() { this.css = fs.readFileSync("theme.css", "utf8"); }\n}\n`,
        errors: [{ line: 6, column: 40, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport class Themes {\n  private css = "";\n  async init() { await this.loadCss(); }\n  async refresh(req: unknown, res: { end(css: string): void }, other: Themes) { await other.loadCss(); res.end(other.css); }\n  private async loadCss() { this.css = await fs.promises.readFile("theme.css", "utf8"); }\n}\n`,
      },
      {
        name: "startup across files: also called from a request handler in another file",
        code: `import fs from "node:fs";\nexport async function loadIndexHtml() { return fs.readFileSync("index.html", "utf8"); }\n`,
        files: {
          "app.ts": `import { loadIndexHtml } from "./case.js";\ndeclare function createApp(html: string): unknown;\nexport async function getApp() { return createApp(await loadIndexHtml()); }\n`,
          "routes.ts": `import { loadIndexHtml } from "./case.js";\nexport async function handle(req: { url: string }, res: { end(s: string): void }) { res.end(req.url === "/" ? await loadIndexHtml() : ""); }\n`,
        },
        errors: [{ line: 2, column: 48, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function loadIndexHtml() { return await fs.promises.readFile("index.html", "utf8"); }\n`,
      },
      {
        name: "startup across files: passed as a value (a route handler) may run at any time",
        code: `import fs from "node:fs";\nexport async function indexPage() { return fs.readFileSync("index.html", "utf8"); }\n`,
        files: {
          "app.ts": `import { indexPage } from "./case.js";\ndeclare const app: { get(path: string, h: () => unknown): void };\nexport async function start() { app.get("/", indexPage); await indexPage(); }\n`,
        },
        errors: [{ line: 2, column: 44, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function indexPage() { return await fs.promises.readFile("index.html", "utf8"); }\n`,
      },
      {
        name: "startup across files: an exported function nothing in the project calls is not start-up",
        code: `import fs from "node:fs";\nexport async function readReport(id: string) { return fs.readFileSync(id + ".json", "utf8"); }\n`,
        errors: [{ line: 2, column: 55, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function readReport(id: string) { return await fs.promises.readFile(id + ".json", "utf8"); }\n`,
      },
      {
        name: "startup: a build-tool hook that runs per module (transform) is not start-up",
        code: `import fs from "node:fs";\nexport function plugin() {\n  return { name: "inline", async transform(code: string, id: string) { return code + fs.readFileSync(id + ".extra", "utf8"); } };\n}\n`,
        errors: [{ line: 3, column: 86, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport function plugin() {\n  return { name: "inline", async transform(code: string, id: string) { return code + await fs.promises.readFile(id + ".extra", "utf8"); } };\n}\n`,
      },
      {
        name: "shutdown: a listener of another process event is not shutdown code",
        code: `import fs from "node:fs";\nexport function watch() {\n  process.on("warning", async (w: Error) => { fs.appendFileSync("warnings.log", w.message); });\n}\n`,
        errors: [{ line: 3, column: 47, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport function watch() {\n  process.on("warning", async (w: Error) => { await fs.promises.appendFile("warnings.log", w.message); });\n}\n`,
      },
      {
        name: "startup: a require of a fixed module does not make a handler start-up code",
        filename: "handler.cjs",
        code: `const fs = require("fs");\nexports.handle = async function (req) {\n  const path = require("path");\n  return fs.readFileSync(path.join("data", req.id), "utf8");\n};\n`,
        errors: [{ line: 4, column: 10, messageId: "direct" }],
        output: `const fs = require("fs");\nexports.handle = async function (req) {\n  const path = require("path");\n  return await fs.promises.readFile(path.join("data", req.id), "utf8");\n};\n`,
      },
      {
        name: "a chat bot's command class (no static options) runs per message: not a CLI command",
        code: `import fs from "node:fs";\ndeclare class Command { constructor(); }\nexport class Quote extends Command {\n  async run(msg: { reply(s: string): void }) { msg.reply(fs.readFileSync("quotes.txt", "utf8")); }\n}\n`,
        errors: [{ line: 4, column: 58, messageId: "direct" }],
        output: `import fs from "node:fs";\ndeclare class Command { constructor(); }\nexport class Quote extends Command {\n  async run(msg: { reply(s: string): void }) { msg.reply(await fs.promises.readFile("quotes.txt", "utf8")); }\n}\n`,
      },
      {
        name: "once guard on a local flag resets on every call",
        code: `import fs from "node:fs";\nexport async function read() {\n  let done = false;\n  if (!done) { fs.readFileSync("x"); done = true; }\n  return done;\n}\n`,
        errors: [{ line: 4, column: 16, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function read() {\n  let done = false;\n  if (!done) { await fs.promises.readFile("x"); done = true; }\n  return done;\n}\n`,
      },
      {
        name: "startupCode: same reports start-up code too",
        options: { startupCode: "same" },
        code: `import fs from "node:fs";\nexport async function start() { return fs.readFileSync("config.json", "utf8"); }\n`,
        errors: [{ line: 2, column: 40, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function start() { return await fs.promises.readFile("config.json", "utf8"); }\n`,
      },
      {
        name: "replaceDefaultStartupFunctions: only the listed names are start-up",
        options: { replaceDefaultStartupFunctions: true, startupFunctions: ["boot"] },
        code: `import fs from "node:fs";\nexport async function init() { return fs.readFileSync("a", "utf8"); }\nexport async function boot() { return fs.readFileSync("b", "utf8"); }\n`,
        errors: [{ line: 2, column: 39, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function init() { return await fs.promises.readFile("a", "utf8"); }\nexport async function boot() { return fs.readFileSync("b", "utf8"); }\n`,
      },
      {
        name: "scripts/ folder with scriptFiles: same",
        filename: "scripts/generate.ts",
        files: { "scripts/.keep": "" },
        options: { scriptFiles: "same" },
        code: `import fs from "node:fs";\nexport async function generate(out: string) { fs.writeFileSync(out, "[]"); }\n`,
        errors: [{ line: 2, column: 47, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function generate(out: string) { await fs.promises.writeFile(out, "[]"); }\n`,
      },
      {
        name: "metadata calls are info with their own message",
        code: `import fs from "node:fs";\nexport async function exists(p: string) { return fs.existsSync(p); }\n`,
        errors: [
          {
            line: 2,
            column: 50,
            messageId: "metadata",
            severity: "info",
            message: "fs.existsSync is a synchronous file-system metadata call inside async code",
          },
        ],
        output: `import fs from "node:fs";\nexport async function exists(p: string) { return await fs.promises.access(p).then(() => true, () => false); }\n`,
      },
      {
        name: "metadataCalls: same restores the warning",
        options: { metadataCalls: "same" },
        code: `import fs from "node:fs";\nexport async function exists(p: string) { return fs.existsSync(p); }\n`,
        errors: [{ line: 2, column: 50, messageId: "direct", severity: "warning", message: "fs.existsSync blocks the event loop inside async code" }],
        output: `import fs from "node:fs";\nexport async function exists(p: string) { return await fs.promises.access(p).then(() => true, () => false); }\n`,
      },
      {
        name: "a helper that only stats is info; one that also reads is a warning naming the read",
        code: `import fs from "node:fs";\nfunction isFile(p: string) { return fs.statSync(p).isFile(); }\nfunction readIfFile(p: string) { return isFile(p) ? fs.readFileSync(p, "utf8") : ""; }\nexport async function a(p: string) { return isFile(p); }\nexport async function b(p: string) { return readIfFile(p); }\n`,
        errors: [
          {
            line: 4,
            column: 45,
            messageId: "transitiveMetadata",
            severity: "info",
            message: "isFile() makes a synchronous file-system metadata call inside async code: it calls fs.statSync",
          },
          {
            line: 5,
            column: 45,
            messageId: "transitive",
            severity: "warning",
            message: "readIfFile() blocks the event loop inside async code: it calls fs.readFileSync",
          },
        ],
      },
      {
        name: "a comment that admits a problem is no reason",
        code: `import fs from "node:fs";\nexport async function save(p: string) {\n  // TODO: this is sync because of legacy code, make it async\n  fs.writeFileSync(p, "x");\n}\n`,
        errors: [{ line: 4, column: 3, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function save(p: string) {\n  // TODO: this is sync because of legacy code, make it async\n  await fs.promises.writeFile(p, "x");\n}\n`,
      },
      {
        name: "a comment that only describes the code is no reason",
        code: `import fs from "node:fs";\nexport async function save(p: string) {\n  // write the file\n  fs.writeFileSync(p, "x");\n}\n`,
        errors: [{ line: 4, column: 3, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function save(p: string) {\n  // write the file\n  await fs.promises.writeFile(p, "x");\n}\n`,
      },
      {
        name: "a reason above a declaration that runs a call explains that declaration, not the function below",
        code: `import { uploadWriter } from "./upload.js";\nexport async function handler(p: string) { uploadWriter(p); }\n`,
        files: {
          "upload.ts": `import fs from "node:fs";\n// read synchronously because it is needed at startup\nconst root = fs.readFileSync("root.txt", "utf8");\nexport function uploadWriter(p: string) {\n  fs.mkdirSync(root + p, { recursive: true });\n}\n`,
        },
        errors: [{ line: 2, column: 44, messageId: "transitive", message: "uploadWriter() blocks the event loop" }],
      },
      {
        name: "a reason above state the function does not use explains that state",
        code: `import { uploadWriter } from "./upload.js";\nexport async function handler(p: string) { uploadWriter(p); }\n`,
        files: {
          "upload.ts": `import fs from "node:fs";\n// kept sync because a form parser needs it at once\nlet other = 0;\nexport function uploadWriter(p: string) {\n  fs.mkdirSync(p, { recursive: true });\n}\nexport function bump() { other++; }\n`,
        },
        errors: [{ line: 2, column: 44, messageId: "transitive", message: "uploadWriter() blocks the event loop" }],
      },
      {
        name: "an ignore comment for another rule does not silence the helper's callers",
        code: `import { writeLockFile } from "./lock.js";\nexport async function handler() { writeLockFile("x"); }\n`,
        files: {
          "lock.ts": `import fs from "node:fs";\nexport function writeLockFile(p: string) {\n  // loopscope-ignore-next-line floating-promise\n  fs.renameSync(p + ".tmp", p);\n}\n`,
        },
        errors: [{ line: 2, column: 35, messageId: "transitive", message: "writeLockFile() blocks the event loop" }],
      },
      {
        name: "a cache checked but stored under another name blocks every time",
        code: `import fs from "node:fs";\nconst cache = new Map<string, string>();\nconst other = new Map<string, string>();\nexport async function template(name: string) {\n  const hit = cache.get(name);\n  if (hit !== undefined) return hit;\n  const text = fs.readFileSync(name, "utf8");\n  other.set(name, text);\n  return text;\n}\n`,
        errors: [{ line: 7, column: 16, messageId: "direct" }],
        output: `import fs from "node:fs";\nconst cache = new Map<string, string>();\nconst other = new Map<string, string>();\nexport async function template(name: string) {\n  const hit = cache.get(name);\n  if (hit !== undefined) return hit;\n  const text = await fs.promises.readFile(name, "utf8");\n  other.set(name, text);\n  return text;\n}\n`,
      },
      {
        name: "a local Map as the cache is new on every call",
        code: `import fs from "node:fs";\nexport async function schema(name: string) {\n  const cache = new Map<string, string>();\n  let v: string;\n  return cache.get(name) ?? (v = fs.readFileSync(name, "utf8"), cache.set(name, v), v);\n}\n`,
        errors: [{ line: 5, column: 34, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function schema(name: string) {\n  const cache = new Map<string, string>();\n  let v: string;\n  return cache.get(name) ?? (v = await fs.promises.readFile(name, "utf8"), cache.set(name, v), v);\n}\n`,
      },
      {
        name: "a string's replace callback runs synchronously inside async code",
        code: `import fs from "node:fs";\nexport async function inline(html: string) { return html.replace(/<include (\\w+)>/g, (_m, name: string) => fs.readFileSync(name, "utf8")); }\n`,
        errors: [{ line: 2, column: 108, messageId: "direct", fixes: [] }],
      },
      {
        name: "Array.from's map callback runs synchronously inside async code",
        code: `import fs from "node:fs";\nexport async function sizes(paths: Set<string>) { return Array.from(paths, p => fs.readFileSync(p).length); }\n`,
        errors: [{ line: 2, column: 81, messageId: "direct", fixes: [] }],
      },
      {
        name: "Atomics.wait in async code: no automatic fix",
        code: `export async function pause(ms: number) {\n  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);\n}\n`,
        errors: [{ line: 2, column: 3, messageId: "direct", message: "Atomics.waitAsync" }],
      },
      {
        name: "zlib named import: promisified twin",
        code: `import { gunzipSync } from "node:zlib";\nexport async function unpack(b: Buffer) { return gunzipSync(b); }\n`,
        errors: [{ line: 2, column: 50, messageId: "direct", message: "zlib.gunzipSync" }],
        output: `import { gunzip } from "node:zlib";\nimport { promisify } from "node:util";\nexport async function unpack(b: Buffer) { return await promisify(gunzip)(b); }\n`,
      },
      {
        name: "crypto namespace: promisified pbkdf2 runs on the thread pool",
        code: `import crypto from "node:crypto";\nexport async function hash(pw: string) { return crypto.pbkdf2Sync(pw, "salt", 1000, 32, "sha256").toString("hex"); }\n`,
        errors: [{ line: 2, column: 49, messageId: "direct", message: "libuv thread pool" }],
        output: `import crypto from "node:crypto";\nimport { promisify } from "node:util";\nexport async function hash(pw: string) { return (await promisify(crypto.pbkdf2)(pw, "salt", 1000, 32, "sha256")).toString("hex"); }\n`,
      },
      {
        name: "existsSync becomes access(...).then(true, false)",
        code: `import fs from "node:fs";\nexport async function has(p: string) { return fs.existsSync(p); }\n`,
        errors: [{ line: 2, column: 47, messageId: "metadata" }],
        output: `import fs from "node:fs";\nexport async function has(p: string) { return await fs.promises.access(p).then(() => true, () => false); }\n`,
      },
      {
        name: "worker thread files are downgraded to info by default",
        code: `import { parentPort } from "node:worker_threads";\nimport fs from "node:fs";\nparentPort?.on("message", async (p: string) => { parentPort?.postMessage(fs.readFileSync(p)); });\n`,
        errors: [{ line: 3, column: 74, messageId: "worker", severity: "info", message: "blocks this worker thread's event loop" }],
        output: `import { parentPort } from "node:worker_threads";\nimport fs from "node:fs";\nparentPort?.on("message", async (p: string) => { parentPort?.postMessage(await fs.promises.readFile(p)); });\n`,
      },
      {
        name: "configured extra API matched by package and container",
        code: `import { Statement } from "fake-db";\nexport async function save(s: Statement) { s.run(); }\n`,
        files: {
          "node_modules/fake-db/package.json": `{"name":"fake-db","types":"index.d.ts"}`,
          "node_modules/fake-db/index.d.ts": `export declare class Statement { run(): void }\n`,
        },
        options: { extraBlockingApis: ["fake-db#Statement.run"] },
        errors: [{ line: 2, column: 44, messageId: "direct", message: "Statement.run blocks the event loop" }],
      },
      {
        name: "node:sqlite: DatabaseSync and StatementSync are a sync database API",
        code: `import { DatabaseSync } from "node:sqlite";\nconst db = new DatabaseSync("app.db");\nexport async function user(id: number) {\n  db.exec("PRAGMA foreign_keys = ON");\n  return db.prepare("SELECT * FROM users WHERE id = ?").get(id);\n}\n`,
        files: {
          "node_modules/@types/node/package.json": `{"name":"@types/node","types":"index.d.ts"}`,
          "node_modules/@types/node/index.d.ts": `declare module "node:sqlite" {\n  export class DatabaseSync { constructor(path: string); exec(sql: string): void; prepare(sql: string): StatementSync }\n  export class StatementSync { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[]; iterate(...params: unknown[]): Iterator<unknown> }\n}\n`,
        },
        errors: [
          { line: 4, column: 3, messageId: "direct", message: "DatabaseSync.exec blocks the event loop" },
          { line: 5, column: 10, messageId: "direct", message: "StatementSync.get blocks the event loop" },
        ],
      },
      {
        name: "two findings fixed in one pass share one added import, and the imports they left unused go (noUnusedLocals)",
        compilerOptions: { noUnusedLocals: true },
        code: `import { readFileSync, statSync } from "node:fs";\nexport async function info(p: string) {\n  return [readFileSync(p, "utf8"), statSync(p).size];\n}\n`,
        errors: [
          { line: 3, column: 11, messageId: "direct" },
          { line: 3, column: 36, messageId: "metadata" },
        ],
        output: `import { readFile, stat } from "node:fs/promises";\nexport async function info(p: string) {\n  return [await readFile(p, "utf8"), (await stat(p)).size];\n}\n`,
      },
      {
        name: "execSync named import: exec joins the import, execSync goes, new imports in the file's quotes and without semicolons, the child gets a timeout",
        compilerOptions: { noUnusedLocals: true },
        code: `import { execSync } from 'node:child_process'\nexport async function head(): Promise<string> {\n  return execSync('git rev-parse HEAD').toString()\n}\n`,
        errors: [{ line: 3, column: 10, messageId: "direct" }],
        output: `import { exec } from 'node:child_process'\nimport { promisify } from 'node:util'\nexport async function head(): Promise<string> {\n  return (await promisify(exec)('git rev-parse HEAD', { timeout: 10000 })).stdout.toString()\n}\n`,
      },
      {
        name: "execSync next to another child_process name still used: the import is extended, nothing removed",
        compilerOptions: { noUnusedLocals: true },
        code: `import { execSync, spawn } from "node:child_process";\nimport { promisify } from "node:util";\nexport async function run(cmd: string) {\n  spawn("true");\n  return execSync(cmd, { encoding: "utf8" });\n}\n`,
        errors: [{ line: 5, column: 10, messageId: "direct" }],
        output: `import { spawn, exec } from "node:child_process";\nimport { promisify } from "node:util";\nexport async function run(cmd: string) {\n  spawn("true");\n  return (await promisify(exec)(cmd, { encoding: "utf8", timeout: 10000 })).stdout;\n}\n`,
      },
      {
        name: "child_process namespace is reused (no second import); numbers in the file's separator style",
        code: `import * as cp from "child_process";\nconst retryMs = 60_000;\nexport async function ls(dir: string) { return [retryMs, cp.execSync("ls " + dir).toString()]; }\n`,
        errors: [{ line: 3, column: 58, messageId: "direct" }],
        output: `import * as cp from "child_process";\nimport { promisify } from "util";\nconst retryMs = 60_000;\nexport async function ls(dir: string) { return [retryMs, (await promisify(cp.exec)("ls " + dir, { timeout: 10_000 })).stdout.toString()]; }\n`,
      },
      {
        name: "execSync with options only a synchronous call knows (stdio): a suggestion, not fixed by fix-all",
        code: `import { execSync } from "node:child_process";\nexport async function build() { execSync("make", { stdio: "inherit" }); }\n`,
        errors: [{ line: 2, column: 33, messageId: "direct", fixes: ["Use promisify(exec) and await it"] }],
      },
      {
        name: "fsp from node:fs/promises is reused instead of fs.promises; the fs import left unused goes",
        compilerOptions: { noUnusedLocals: true },
        code: `import fs from "node:fs";\nimport fsp from "node:fs/promises";\nexport async function read(p: string) { await fsp.mkdir("out", { recursive: true }); return fs.readFileSync(p, "utf8"); }\n`,
        errors: [{ line: 3, column: 93, messageId: "direct" }],
        output: `import fsp from "node:fs/promises";\nexport async function read(p: string) { await fsp.mkdir("out", { recursive: true }); return await fsp.readFile(p, "utf8"); }\n`,
      },
      {
        name: "a named import of node:fs/promises is extended; the fs import left unused goes",
        compilerOptions: { noUnusedLocals: true },
        code: `import { readFileSync } from "node:fs";\nimport { writeFile } from "node:fs/promises";\nexport async function copy(a: string, b: string) { await writeFile(b, readFileSync(a)); }\n`,
        errors: [{ line: 3, column: 71, messageId: "direct" }],
        output: `import { writeFile, readFile } from "node:fs/promises";\nexport async function copy(a: string, b: string) { await writeFile(b, await readFile(a)); }\n`,
      },
      {
        name: "promises named from fs (require) is reused",
        filename: "case.cjs",
        code: `const { promises: fsp, readFileSync } = require("fs");\nasync function read(p) { await fsp.access(p); return readFileSync(p, "utf8"); }\nmodule.exports = { read };\n`,
        errors: [{ line: 2, column: 54, messageId: "direct" }],
        output: `const { promises: fsp } = require("fs");\nasync function read(p) { await fsp.access(p); return await fsp.readFile(p, "utf8"); }\nmodule.exports = { read };\n`,
      },
      {
        name: "a file without any tsconfig (inferred project, no Node types) is still checked by its imports",
        noTsconfig: true,
        filename: "loose.ts",
        code: `import fs from "node:fs";\nexport async function read() { return fs.readFileSync("x", "utf8"); }\n`,
        errors: [{ line: 2, column: 39, messageId: "direct" }],
        output: `import fs from "node:fs";\nexport async function read() { return await fs.promises.readFile("x", "utf8"); }\n`,
        outputCompiles: false,
      },
    ]),
    // Round 30 boundary: code its package's users or its own code can reach.
    {
      name: "round 30 boundary: the same function in a package others can import by any path (`main`, no `exports`): its users may call it",
      code: pageCode,
      files: { "package.json": `{ "name": "lib", "type": "module", "main": "index.js" }\n`, "index.ts": pageEntry },
      errors: [{ line: 3, column: 11, messageId: "direct", basis: "request-params" }],
      output: pageOutput,
    },
    {
      name: "round 30 boundary: a library whose closed entry re-exports the function hands it to its users",
      code: pageCode,
      files: { ...closedLibrary, "index.ts": `export { isExcluded, renderPage } from "./case.js";\n` },
      errors: [{ line: 3, column: 11, messageId: "direct", basis: "request-params" }],
      output: pageOutput,
    },
    {
      name: 'round 30 boundary: with uncalledExports: "all", code nothing calls is reported as asked',
      options: { uncalledExports: "all" },
      code: pageCode,
      files: closedLibrary,
      errors: [{ line: 3, column: 11, messageId: "direct", basis: "request-params" }],
      output: pageOutput,
    },
    {
      name: "round 30 boundary: the same public method when the program's entry also exports the class",
      options: { requireConcurrencyEvidence: false },
      code: pagesClassCode,
      files: {
        ...startingProgram,
        "main.ts": `export { Pages } from "./case.js";\n${startingEntry}`,
      },
      errors: [{ line: 3, column: 39, messageId: "direct", basis: "public-class-method" }],
      output: `import fs from "node:fs";\nexport class Pages {\n  async render(name: string) { return await fs.promises.readFile("pages/" + name, "utf8"); }\n}\n`,
    },
    {
      name: "round 30 boundary: a module-level function its module does not export but registers as a route handler",
      code:
        privatePageCode +
        `declare const app: { get(p: string, h: (req: { url: string }, res: { end(s: string): void }) => Promise<void>): void };\napp.get("/pages", renderPage);\n`,
      errors: [{ line: 3, column: 11, messageId: "direct" }],
      output:
        privatePageCode.replace(`fs.readFileSync("pages" + req.url, "utf8")`, `await fs.promises.readFile("pages" + req.url, "utf8")`) +
        `declare const app: { get(p: string, h: (req: { url: string }, res: { end(s: string): void }) => Promise<void>): void };\napp.get("/pages", renderPage);\n`,
    },
  ],
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { ruleTester, type CaseBase, type InvalidCase, type ValidCase } from "./rule-tester";
import { promiseInVoidCallback, type MessageId } from "../../server/src/rules/promise-in-void-callback";

// Every case is its own package: under ours, a file in test/ would count as a test file.
const ownPackage = { "package.json": `{"name":"case","type":"module"}` };
function asPackage<T extends ValidCase | InvalidCase>(c: T): T {
  const base: CaseBase = typeof c === "string" ? { code: c } : c;
  return { ...base, files: { ...ownPackage, ...base.files } } as unknown as T;
}

const head = `import { EventEmitter } from "node:events";\nimport net from "node:net";\n`;
// An API declared without a body (a library's), and a project function that passes its promise on.
const save = `declare function save(x: unknown): Promise<void>;\n`;
const rejects = `${save}async function store(x: unknown) { await save(x); }\n`;

const cases: { valid: ValidCase[]; invalid: InvalidCase<MessageId>[] } = {
  valid: [
    // Synchronous listeners, and async ones that catch everything.
    `${head}export function wire(e: EventEmitter) { e.on("data", (x: unknown) => console.log(x)); }\n`,
    `${head}${rejects}export function wire(e: EventEmitter) {\n  e.on("data", async (x: unknown) => {\n    try { await store(x); } catch (err) { e.emit("error", err); }\n  });\n}\n`,
    `${head}${rejects}export function wire(e: EventEmitter) { e.on("data", (x: unknown) => { store(x).catch(err => e.emit("error", err)); }); }\n`,
    // A callback that cannot reject (the summary follows the project function).
    `${head}${save}async function quiet(x: unknown) { try { await save(x); } catch { /* logged elsewhere */ } }\nexport function wire(e: EventEmitter) { e.on("data", quiet); }\n`,
    // By default, an awaited library call alone is no evidence (a package's promise API says nothing of how it fails).
    `${head}import { readFile } from "node:fs/promises";\nexport function wire(e: EventEmitter) { e.on("data", async (x: string) => { await readFile(x); }); }\n`,
    // An emitter that is not Node's (its own `on`, which may await its listeners).
    `${rejects}interface Bus { on(event: string, listener: (x: unknown) => Promise<void>): void }\ndeclare const bus: Bus;\nbus.on("data", store);\n`,
    // 'exit' listeners belong to shutdown-hygiene; captureRejections turns rejections into 'error' events.
    `${head}${rejects}process.on("exit", async () => { await store(1); });\n`,
    `${head}${rejects}const e = new EventEmitter({ captureRejections: true });\ne.on("data", store);\n`,
    // A project function named setTimeout, timers/promises, and an array method that awaits (map).
    `${rejects}function setTimeout(f: () => Promise<void>, ms: number) { return { f, ms }; }\nsetTimeout(() => store(1), 5);\n`,
    `${rejects}export async function all(xs: unknown[]) { await Promise.all(xs.map(x => store(x))); }\n`,
    // A forEach of a library that is not the built-in collections'.
    `${rejects}declare const list: { forEach(f: (x: unknown) => Promise<void>): Promise<void> };\nexport async function run() { await list.forEach(store); }\n`,
    // A package's emitter of its own (not Node's): it may wait for what its listeners return.
    {
      code: `${rejects}import { Bus } from "bus";\nnew Bus().on("job", store);\n`,
      files: {
        "node_modules/bus/package.json": `{"name":"bus","types":"index.d.ts"}`,
        "node_modules/bus/index.d.ts": `export declare class Bus { on(event: "job", listener: (id: string) => void | Promise<void>): this; }\n`,
      },
    },
    // A package's emitter built on Node's whose `on` says listeners may return a promise: it handles them.
    {
      code: `${rejects}import { Bus } from "bus";\nnew Bus().on("job", store);\n`,
      files: {
        "node_modules/bus/package.json": `{"name":"bus","types":"index.d.ts"}`,
        "node_modules/bus/index.d.ts": `import { EventEmitter } from "node:events";\nexport declare class Bus extends EventEmitter { on(event: "job", listener: (id: string) => void | Promise<void>): this; }\n`,
      },
    },
    // A synchronous executor.
    `${rejects}export const p = new Promise<void>((resolve, reject) => { store(1).then(resolve, reject); });\n`,
    // Test files are skipped by default.
    { code: `${head}${rejects}export function wire(e: EventEmitter) { e.on("data", store); }\n`, filename: "wire.test.ts" },
  ],
  invalid: [
    {
      name: "an async listener on a Node emitter that can reject",
      code: `${head}${rejects}export function wire(e: EventEmitter) {\n  e.on("data", async (x: unknown) => {\n    await store(x);\n  });\n}\n`,
      errors: [
        {
          line: 6,
          column: 16,
          messageId: "listener",
          message: "`e.on` ignores it",
          related: ["passes on store()", "passes on save()", "can reject here: is declared without a body"],
        },
      ],
    },
    {
      name: "a project function passed by name to a socket's listener, and through bind",
      code: `${head}${save}export class Conn {\n  constructor(private socket: net.Socket) {\n    socket.once("data", this.onData.bind(this));\n    socket.on("end", this.onEnd);\n  }\n  async onData(buf: Buffer) { await save(buf); }\n  onEnd = async () => { await save(this.socket.remoteAddress); };\n}\n`,
      errors: [
        { line: 6, column: 25, messageId: "listener" },
        { line: 7, column: 22, messageId: "listener" },
      ],
    },
    {
      name: "a class that extends EventEmitter, and process signals",
      code: `${head}${rejects}export class Queue extends EventEmitter {\n  start() { this.on("job", store); }\n}\nprocess.on("SIGTERM", async () => { await store(null); process.exit(0); });\n`,
      errors: [
        { line: 6, column: 28, messageId: "listener" },
        { line: 8, column: 23, messageId: "listener", message: "`process.on`" },
      ],
    },
    {
      name: "a package's typed emitter that extends Node's EventEmitter",
      code: `${rejects}import { Bus } from "bus";\nnew Bus().on("job", store);\n`,
      files: {
        "node_modules/bus/package.json": `{"name":"bus","types":"index.d.ts"}`,
        "node_modules/bus/index.d.ts": `import { EventEmitter } from "node:events";\nexport declare class Base<E> extends EventEmitter { events?: E }\nexport declare class Bus extends Base<{ job: string }> { on(event: "job", listener: (id: string) => void): this; }\n`,
      },
      errors: [{ line: 4, column: 21, messageId: "listener" }],
    },
    {
      name: "setTimeout and setImmediate, global and from node:timers",
      code: `${rejects}import timers from "node:timers";\nsetTimeout(async () => { await store(null); }, 10);\ntimers.setImmediate(() => store(null));\n`,
      errors: [
        { line: 4, column: 12, messageId: "timer", message: "`setTimeout` ignores it" },
        { line: 5, column: 21, messageId: "timer", message: "`setImmediate` ignores it" },
      ],
    },
    {
      name: "forEach of an array, a Map and a Set",
      code: `${rejects}export function run(xs: string[], m: Map<string, number>, s: ReadonlySet<number>) {\n  xs.forEach(async x => { await store(x); });\n  m.forEach(v => store(v));\n  s.forEach(store);\n}\n`,
      errors: [
        { line: 4, column: 14, messageId: "forEach", message: "`xs.forEach` ignores it" },
        { line: 5, column: 13, messageId: "forEach" },
        { line: 6, column: 13, messageId: "forEach" },
      ],
    },
    {
      name: "an async Promise executor",
      code: `${rejects}export const p = new Promise<void>(async (resolve) => {\n  await store(null);\n  resolve();\n});\n`,
      errors: [{ line: 3, column: 36, messageId: "executor", fixes: ["Make the executor synchronous, rejecting the promise when the async work fails"] }],
    },
    {
      name: "a library call counts as evidence when asked",
      code: `${head}import { readFile } from "node:fs/promises";\nexport function wire(e: EventEmitter) { e.on("data", async (x: string) => { await readFile(x); }); }\n`,
      options: { reportLibraryPromises: true },
      errors: [{ line: 4, column: 54, messageId: "listener", related: ["can reject here: awaits readFile(), a library call that can reject"] }],
    },
    {
      name: "only the kinds asked for",
      code: `${rejects}setTimeout(() => store(null), 10);\nexport function run(xs: string[]) { xs.forEach(store); }\n`,
      options: { callees: ["forEach"] },
      errors: [{ line: 4, column: 48, messageId: "forEach" }],
    },
  ],
};

ruleTester<MessageId>("promise-in-void-callback", { valid: cases.valid.map(asPackage), invalid: cases.invalid.map(asPackage) }, { requireMessageIds: true });

test("promise-in-void-callback is off by default", () => {
  assert.equal(promiseInVoidCallback.meta.enabledByDefault, false);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { ruleTester, type CaseBase, type InvalidCase, type ValidCase } from "./rule-tester";
import { timerLifecycle, type MessageId } from "../../server/src/rules/timer-lifecycle";

// Every case is its own package (not an entry: `main` names another file).
const ownPackage = { "package.json": `{"name":"case","type":"module","main":"main.js"}` };
function asPackage<T extends ValidCase | InvalidCase>(c: T): T {
  const base: CaseBase = typeof c === "string" ? { code: c } : c;
  return { ...base, files: { ...ownPackage, ...base.files } } as unknown as T;
}

/** A valid case that would be reported if handles were not kept: checked with part (b) on. */
const withHandles = (code: string): ValidCase => ({ code, options: { checkDroppedHandles: true } });

const poll = `declare function poll(): Promise<void>;\ndeclare function tick(): void;\n`;

// Session 34, round 49: a `.then` callback and a `new Promise` executor that a run returns, with a throw in
// a try block: a catch that throws nothing handles it; a catch that throws again or a finally passes it on.
const caughtThrows = (handler: string) =>
  `export class Reporter {\n  a() { return setInterval(() => this.count(), 1000); }\n  b() { return setInterval(() => this.check(), 1000); }\n  count() {\n    return Promise.resolve(1).then(n => {\n      try {\n        if (!n) throw new Error("no count");\n      } ${handler}\n    });\n  }\n  check() {\n    return new Promise<void>(resolve => {\n      try {\n        if (Math.random() > 2) throw new Error("odd");\n      } ${handler}\n      resolve();\n    });\n  }\n}\n`;

const cases: { valid: ValidCase[]; invalid: InvalidCase<MessageId>[] } = {
  valid: [
    // Reported only on evidence that a run can reject: an awaited value the may-reject summary
    // cannot see (an element of a queue) is undecided, and undecided callbacks are not reported.
    {
      name: "an awaited variable outside the try: the summary cannot decide, not reported",
      code: `${poll}const queue: Promise<void>[] = [];\nexport function start() {\n  return setInterval(async () => {\n    const before = queue[queue.length - 1];\n    await before;\n    try { await poll(); } catch (e) { console.error(e); }\n  }, 1000);\n}\n`,
    },
    // Dropped handles are reported only when asked for (checkDroppedHandles, off by default).
    { name: "a handle dropped at module load, with default options", code: `${poll}setInterval(tick, 60_000);\n` },
    // A synchronous callback, a kept handle that is cleared, an unref'd handle.
    withHandles(`${poll}export class Poller {\n  private timer = setInterval(tick, 1000);\n  close() { clearInterval(this.timer); }\n}\n`),
    withHandles(`${poll}setInterval(tick, 1000).unref();\n`),
    withHandles(`${poll}const timer = setInterval(tick, 1000);\ntimer.unref();\n`),
    withHandles(
      `${poll}export class Poller {\n  timer: NodeJS.Timeout;\n  constructor() { this.timer = setInterval(tick, 1000); }\n  stop() { clearInterval(this.timer); }\n}\n`,
    ),
    // Inside a function: its caller owns the interval's life.
    withHandles(`${poll}export function start() { return setInterval(tick, 1000); }\n`),
    withHandles(`${poll}export function start() { setInterval(tick, 1000); }\n`),
    // An overlap guard that catches failures.
    `${poll}let busy = false;\nexport const handle = setInterval(async () => {\n  if (busy) return;\n  busy = true;\n  try { await poll(); } catch (e) { console.error(e); } finally { busy = false; }\n}, 1000);\n`,
    // The package's entry file, and a file that starts a server: they own the process.
    { code: `${poll}setInterval(tick, 1000);\n`, filename: "main.ts", options: { checkDroppedHandles: true } },
    { code: `${poll}import http from "node:http";\nhttp.createServer().listen(3000);\nsetInterval(tick, 1000);\n`, options: { checkDroppedHandles: true } },
    // timers/promises' setInterval is an async iterator; a project function named setInterval is not Node's.
    `${poll}import { setInterval } from "node:timers/promises";\nexport async function run() { for await (const _ of setInterval(1000)) await poll(); }\n`,
    `${poll}function setInterval(f: () => Promise<void>, ms: number) { return { f, ms }; }\nsetInterval(poll, 1000);\n`,
    // Test files are skipped by default.
    { code: `${poll}setInterval(() => poll(), 1000);\n`, filename: "poll.test.ts" },
    // Callbacks that cannot reject: a .catch() chain, a try/catch around the awaits, a method of the file that catches.
    `${poll}export function start() { return setInterval(() => poll().catch(e => console.error(e)), 1000); }\n`,
    `${poll}export function start() {\n  return setInterval(async () => {\n    try { await poll(); } catch (e) { console.error(e); }\n  }, 1000);\n}\n`,
    `${poll}export class Reporter {\n  timer?: NodeJS.Timeout;\n  start() { this.timer = setInterval(() => this.flush(), 1000); }\n  flush() {\n    if (Math.random() > 2) return Promise.resolve();\n    return poll().then(() => undefined).catch(() => undefined);\n  }\n}\n`,
    `${poll}export class Reporter {\n  start() { return setInterval(this.flush.bind(this), 1000); }\n  async flush() { try { await poll(); } catch { /* logged elsewhere */ } }\n}\n`,
    // The shared may-reject summary follows calls into other files: a function there that catches everything.
    {
      code: `import { flushQuietly } from "./flush.js";\nexport function start() { return setInterval(flushQuietly, 1000); }\n`,
      files: { "flush.ts": `${poll}export async function flushQuietly() {\n  try { await poll(); } catch (e) { console.error(e); }\n}\n` },
    },
    {
      name: "round 49: a .then callback or an executor whose throw a catch that throws nothing handles is no evidence of rejection",
      code: caughtThrows("catch (e) {\n        console.error(e);\n      }"),
    },
    // Untyped callbacks are not evidence.
    `declare const handlers: any;\nexport function start() { return setInterval(handlers.run, 1000); }\n`,
  ],
  invalid: [
    {
      name: "an async callback",
      code: `${poll}export function start() {\n  return setInterval(async () => {\n    await poll();\n  }, 1000);\n}\n`,
      errors: [
        {
          line: 4,
          column: 22,
          messageId: "asyncCallback",
          message: "setInterval() runs an async callback",
          suggestions: [
            {
              title: "Skip a run while the last one is still busy, and catch its failure (logged)",
              output: `${poll}export function start() {\n  let busy = false;\n  return setInterval(async () => {\n    if (busy) return;\n    busy = true;\n    try {\n      await poll();\n    } catch (err) {\n      console.error(err);\n    } finally {\n      busy = false;\n    }\n  }, 1000);\n}\n`,
            },
          ],
        },
      ],
    },
    {
      name: "the suggestion at the top level, in a file without semicolons and a flag name already taken; none in a field initializer",
      code: `declare function poll(): Promise<void>\nconst busy = 1\nsetInterval(async function () {\n  await poll()\n}, busy * 1000)\nexport class Poller {\n  timer = setInterval(async () => {\n    await poll()\n  }, 1000)\n}\n`,
      errors: [
        {
          line: 3,
          column: 13,
          messageId: "asyncCallback",
          suggestions: [
            {
              output: `declare function poll(): Promise<void>\nconst busy = 1\nlet running = false\nsetInterval(async function () {\n  if (running) return\n  running = true\n  try {\n    await poll()\n  } catch (err) {\n    console.error(err)\n  } finally {\n    running = false\n  }\n}, busy * 1000)\nexport class Poller {\n  timer = setInterval(async () => {\n    await poll()\n  }, 1000)\n}\n`,
            },
          ],
        },
        { line: 7, column: 23, messageId: "asyncCallback", suggestions: [] },
      ],
    },
    {
      name: "a promise-returning function passed by name, through node:timers",
      code: `${poll}import timers from "node:timers";\nexport function start() { return timers.setInterval(poll, 5000); }\n`,
      errors: [{ line: 4, column: 53, messageId: "asyncCallback" }],
    },
    {
      name: "the summary follows calls into other files: a function there that rethrows",
      code: `import { flush } from "./flush.js";\nexport function start() { return setInterval(() => flush(), 1000); }\n`,
      files: {
        "flush.ts": `${poll}export async function flush() {\n  try { await poll(); } catch (e) { throw new Error("flush failed", { cause: e }); }\n}\n`,
      },
      errors: [{ line: 2, column: 46, messageId: "asyncCallback" }],
    },
    {
      name: "a catch that rethrows does not stop the rejection; a method of the file that can reject",
      code: `${poll}export class Reporter {\n  a() { return setInterval(async () => { try { await poll(); } catch (e) { throw new Error("poll failed"); } }, 1000); }\n  b() { return setInterval(() => this.flush(), 1000); }\n  async flush() { await poll(); }\n}\n`,
      errors: [
        { line: 4, column: 28, messageId: "asyncCallback" },
        { line: 5, column: 28, messageId: "asyncCallback" },
      ],
    },
    {
      name: "round 49 boundary: a catch that throws again passes the throw on, and a throw in a finally block leaves the callback and the executor",
      code: `${caughtThrows('catch (e) {\n        throw new Error("failed", { cause: e });\n      }')}${caughtThrows('finally {\n        if (Math.random() > 2) throw new Error("late");\n      }').replace("Reporter", "Late")}`,
      errors: [
        { line: 2, column: 28, messageId: "asyncCallback" },
        { line: 3, column: 28, messageId: "asyncCallback" },
        { line: 25, column: 28, messageId: "asyncCallback" },
        { line: 26, column: 28, messageId: "asyncCallback" },
      ],
    },
    {
      name: "a handle dropped at module load: .unref() offered as a suggestion only",
      options: { checkDroppedHandles: true },
      code: `${poll}setInterval(tick, 60_000);\n`,
      errors: [{ line: 3, column: 1, messageId: "droppedHandle", message: "started when the module loads", fixes: ["Call .unref() on the interval"] }],
    },
    {
      name: "a handle dropped in a constructor, with an async callback",
      options: { checkDroppedHandles: true },
      code: `${poll}export class Cache {\n  constructor() {\n    setInterval(() => poll(), 1000);\n  }\n}\n`,
      errors: [
        { line: 5, column: 5, messageId: "droppedHandle", message: "started in a constructor" },
        { line: 5, column: 17, messageId: "asyncCallback" },
      ],
    },
    {
      name: "a field initializer nothing reads",
      options: { checkDroppedHandles: true },
      code: `${poll}export class Cache {\n  private sweeper = setInterval(tick, 1000);\n}\n`,
      errors: [{ line: 4, column: 21, messageId: "unusedHandle", message: "started in a constructor" }],
    },
    {
      name: "a field nothing reads",
      options: { checkDroppedHandles: true },
      code: `${poll}export class Cache {\n  constructor() {\n    this.sweeper = setInterval(tick, 1000);\n  }\n  sweeper: NodeJS.Timeout;\n}\n`,
      errors: [{ line: 5, column: 20, messageId: "unusedHandle", message: "is stored in `sweeper`, which nothing reads" }],
    },
  ],
};

ruleTester<MessageId>("timer-lifecycle", { valid: cases.valid.map(asPackage), invalid: cases.invalid.map(asPackage) });

test("timer-lifecycle is off by default", () => {
  assert.equal(timerLifecycle.meta.enabledByDefault, false);
});

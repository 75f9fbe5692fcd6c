import { test } from "node:test";
import assert from "node:assert/strict";
import { ruleTester, type CaseBase, type InvalidCase, type ValidCase } from "./rule-tester";
import { allRules } from "../../server/src/rules/registry";
import { missingTimeout, type MessageId } from "../../server/src/rules/missing-timeout";
import { toSettingsOverride } from "../../server/src/lsp/settings";

// Every case is its own package (a package.json beside it): the rule treats files under a
// package's test/ folder as tests, and the tester's scratch folder sits under this repo's test/.
const ownPackage = { "package.json": `{"name":"case","type":"module"}` };
function asPackage<T extends ValidCase | InvalidCase>(c: T): T {
  const base: CaseBase = typeof c === "string" ? { code: c } : c;
  return { ...base, files: { ...ownPackage, ...base.files } } as unknown as T;
}

const shFile = {
  "sh.ts": `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport function sh(cmd: string, opts?: { cwd?: string; timeout?: number }) { return execAsync(cmd, opts); }\nexport function git(args: string, opts?: { cwd?: string; timeout?: number }) { return sh(\`git \${args}\`, opts); }\nexport function shSafe(cmd: string, opts?: { cwd?: string }) { return execAsync(cmd, { timeout: 30000, ...opts }); }\n`,
};
// A wrapper of a promisified execFile that takes the file and its arguments from its caller.
const runFile = {
  "run.ts": `import { execFile } from "node:child_process";\nimport { promisify } from "node:util";\nconst execFileAsync = promisify(execFile);\nexport async function run(file: string, args: string[], opts: { cwd?: string; timeout?: number }) { const { stdout } = await execFileAsync(file, args, opts); return stdout.trim(); }\n`,
};
// A request whose function's promise is awaited by callers that each bound the wait: one races it
// with a timer it clears; the other awaits it twice in a function that a project helper races the
// same way.
const pagesCode = `export async function loadPage(url: string) {\n  const res = await fetch(url);\n  return res.text();\n}\n`;
const pagesOutput = `export async function loadPage(url: string) {\n  const res = await fetch(url, { signal: AbortSignal.timeout(10000) });\n  return res.text();\n}\n`;
const deadlineFile = {
  "deadline.ts": `export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<T> {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  const expired = new Promise<never>((_, reject) => {\n    timer = setTimeout(() => reject(new Error("timed out")), ms);\n  });\n  try {\n    return await Promise.race([work, expired]);\n  } finally {\n    clearTimeout(timer);\n  }\n}\n`,
  "crawl.ts": `import { loadPage } from "./pages.js";\nimport { settleWithin } from "./deadline.js";\nasync function crawlOne(url: string) {\n  await loadPage(\`\${url}/robots.txt\`);\n  return loadPage(url);\n}\nexport async function crawl(urls: string[]) {\n  for (const url of urls) await settleWithin(crawlOne(url), 5000);\n}\n`,
  "probe.ts": `import { loadPage } from "./pages.js";\nexport async function probe(url: string) {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  const expired = new Promise<never>((_, reject) => {\n    timer = setTimeout(() => reject(new Error("timed out")), 2000);\n  });\n  try {\n    return await Promise.race([loadPage(url), expired]);\n  } finally {\n    clearTimeout(timer);\n  }\n}\n`,
};
const getFile = {
  "http-get.ts": `export async function getJson(url: string, init?: RequestInit) { return (await fetch(url, { ...init, method: "GET" })).json(); }\n`,
};
const openFile = { "open.ts": `import http from "node:http";\nexport function open(url: string) { return http.get(url); }\n` };

// Round 39's boundaries: ticks of a timer that must stay reported, and downloads someone waits for.
const intervalTicksCode = `let busy = false;\nexport function startAll(url: string, urls: string[]) {\n  setInterval(async () => {\n    if (busy) return;\n    busy = true;\n    await fetch(url);\n    busy = false;\n  }, 1000);\n  const timer = setInterval(async () => {\n    clearInterval(timer);\n    await fetch(url);\n  }, 1000);\n  setInterval(async () => {\n    const res = await fetch(url);\n    await fetch(\`\${url}/ack\`, { method: "POST", body: await res.text() });\n  }, 1000);\n  setInterval(async () => {\n    for (const u of urls) await fetch(u);\n  }, 1000);\n  setTimeout(async () => {\n    const res = await fetch(url);\n    console.log(res.status);\n  }, 1000);\n}\n`;
const heldDownloadCode = `import https from "node:https";\nimport fs from "node:fs";\nexport function download(url: string, dest: string) {\n  return new Promise<void>((resolve, reject) => {\n    const file = fs.createWriteStream(dest);\n    https.get(url, res => res.pipe(file)).on("error", reject);\n    file.on("finish", () => resolve());\n  });\n}\nexport function relay(url: string, out: NodeJS.WritableStream) {\n  https.get(url, res => res.pipe(out));\n}\n`;

// A helper module whose one request is in a function nothing imports (the package's entry imports
// and re-exports only its sibling), and packages that close their modules or do not.
const helperCode = `export async function download(url: string) {\n  const res = await fetch(url);\n  return res.arrayBuffer();\n}\nexport function isValidUrl(u: string) {\n  return u.startsWith("https://");\n}\n`;
const helperOutput = helperCode.replace("fetch(url)", "fetch(url, { signal: AbortSignal.timeout(10000) })");
const helperEntry = {
  "index.ts": `import { isValidUrl } from "./helper.js";\nexport { isValidUrl } from "./helper.js";\nexport function check(u: string) {\n  return isValidUrl(u);\n}\n`,
};
const closedPackage = {
  "package.json": `{"name":"case","type":"module","exports":{".":{"types":"./index.d.ts","default":"./index.js"},"./package.json":"./package.json"}}`,
};

// Round 44: a package that gives browsers its own entry (`lib/browser.js`, built from
// `src/browser.ts`) in place of Node's (`lib/index.js`), and a fetcher only that entry exports.
const browserEntryPackage = {
  "package.json": `{"name":"case","type":"module","exports":{".":{"node":{"types":"./lib/index.d.ts","import":"./lib/index.js"},"browser":{"types":"./lib/browser.d.ts","default":"./lib/browser.js"},"default":"./lib/index.js"},"./browser":{"types":"./lib/browser.d.ts","default":"./lib/browser.js"}}}`,
  "src/index.ts": `export { FileFetcher } from "./FileFetcher.js";\n`,
  "src/FileFetcher.ts": `import { readFile } from "node:fs/promises";\nexport class FileFetcher {\n  read(path: string) {\n    return readFile(path, "utf8");\n  }\n}\n`,
  "src/browser.ts": `export { PageFetcher } from "./PageFetcher.js";\n`,
};
// Round 48: an isomorphic package split by platform folders, whose browser build the package.json
// names only by its built file (`"browser": "dist/index.es.js"`): `src/browser/index.ts` connects
// the page's platform, `src/node/index.ts` Node's.
const platformFoldersPackage = {
  "package.json": `{"name":"case","main":"dist/index.cjs.js","browser":"dist/index.es.js"}`,
  "src/platform.ts": `export let platform: { post(url: string): Promise<string> };\nexport function connect(p: typeof platform) {\n  platform = p;\n}\n`,
  "src/browser/index.ts": `import { pagePlatform } from "./pagePlatform";\nimport { connect } from "../platform";\nconnect(pagePlatform);\nexport * from "../platform";\n`,
  "src/node/index.ts": `import { connect } from "../platform";\nimport { request } from "node:https";\nconnect({ post: url => new Promise(resolve => request(url, { timeout: 5000 }, () => resolve("")).end()) });\nexport * from "../platform";\n`,
};
const pagePlatformCode = `export const pagePlatform = {\n  async post(url: string) {\n    const res = await fetch(url, { method: "POST" });\n    return res.text();\n  },\n};\n`;
const pagePlatformOutput = pagePlatformCode.replace(`method: "POST" }`, `method: "POST", signal: AbortSignal.timeout(10000) }`);
const pageFetcherCode = `export class PageFetcher {\n  async fetch(uri: string) {\n    const response = await fetch(uri, { method: "GET", mode: "cors" });\n    return response.text();\n  }\n}\n`;
const pageFetcherOutput = pageFetcherCode.replace(`mode: "cors" }`, `mode: "cors", signal: AbortSignal.timeout(10000) }`);

// Round 50: a React Native package (it needs `react-native` to run) and a helper of it that
// imports nothing of React Native: the app's JavaScript engine runs it on a phone, not Node.
const reactNativePackage = (fields: string) => ({ "package.json": `{"name":"case","main":"lib/index.js",${fields}}` });
const nativeHelperCode = `export async function resolveShortLink(url: string) {\n  const res = await fetch("https://example.com/resolve", { method: "POST", body: url });\n  return res.json();\n}\n`;
const nativeHelperOutput = nativeHelperCode.replace(`body: url }`, `body: url, signal: AbortSignal.timeout(10000) }`);
const nativeHelperError = [{ line: 2, column: 21, messageId: "fetch" as const }];

// A command-line program (only `bin`) whose entry's source is in the project: a module nothing
// imports (a tool left from a removed command) and what only such modules call never run.
const cliPackage = {
  "package.json": `{"name":"case","type":"module","bin":{"case":"cli.js"}}`,
  "cli.ts": `import { isValidUrl } from "./helper.js";\nconsole.log(isValidUrl(process.argv[2] ?? ""));\n`,
};
const oldToolCode = `import { download } from "./helper.js";\n// import { save } from "./store.js";\nexport async function convert(url: string) {\n  return Buffer.from(await download(url)).toString("base64");\n}\n`;
const leftoverCode = `export async function ping(url: string) {\n  const res = await fetch(url);\n  return res.ok;\n}\n`;
const leftoverOutput = leftoverCode.replace("fetch(url)", "fetch(url, { signal: AbortSignal.timeout(10000) })");
// A static method of a class in a command-line program, and the class's other uses.
const oauthCode = `export class OAuth {\n  static authUrl(clientId: string) {\n    return \`https://auth.example.com/?client_id=\${clientId}\`;\n  }\n  static async exchangeCode(code: string) {\n    const res = await fetch("https://auth.example.com/token", { method: "POST", body: code });\n    return res.json();\n  }\n}\n`;
const oauthOutput = oauthCode.replace(`body: code }`, `body: code, signal: AbortSignal.timeout(10000) }`);
// Round 29: a package whose only entry (`main`) starts the program when it is loaded, as an
// ioBroker adapter's does; a helper class whose instance method and static method nothing calls.
const startedPackage = { "package.json": `{"name":"case","type":"module","main":"main.js"}` };
const startedMain = `import { Cookie } from "./cookie.js";\nexport class Adapter {\n  cookie = new Cookie();\n  async poll() {\n    // await this.cookie.improve();\n    return this.cookie.send();\n  }\n}\n(() => new Adapter())();\n`;
const cookieCode = `export class Cookie {\n  async send() {\n    const res = await fetch("https://example.com/a", { headers: { Cookie: "a=b" }, signal: AbortSignal.timeout(5000) });\n    return res.json();\n  }\n  async improve() {\n    const res = await fetch("https://example.com/b");\n    return res.ok;\n  }\n  static async refresh() {\n    return (await fetch("https://example.com/c")).ok;\n  }\n}\n`;
const cookieOutput = cookieCode
  .replace(`fetch("https://example.com/b")`, `fetch("https://example.com/b", { signal: AbortSignal.timeout(10000) })`)
  .replace(`fetch("https://example.com/c")`, `fetch("https://example.com/c", { signal: AbortSignal.timeout(10000) })`);
// A CommonJS helper whose one method nothing calls, in a program whose entry (`main.js`) is given.
function cjsHelperCase(name: string, main: string): InvalidCase<MessageId> {
  return {
    name,
    code: `class Cookie {\n  async improve() {\n    const res = await fetch("https://example.com/b");\n    return res.ok;\n  }\n}\nmodule.exports = { Cookie };\n`,
    filename: "lib/cookie.js",
    compilerOptions: { strict: false },
    files: { "package.json": `{"name":"case","main":"main.js"}`, "main.js": main },
    errors: [{ line: 3, column: 23, messageId: "fetch" }],
    output: `class Cookie {\n  async improve() {\n    const res = await fetch("https://example.com/b", { signal: AbortSignal.timeout(10000) });\n    return res.ok;\n  }\n}\nmodule.exports = { Cookie };\n`,
  };
}
const cookieErrors = [
  { line: 7, column: 23, messageId: "fetch" as const },
  { line: 11, column: 19, messageId: "fetch" as const },
];
// Round 26: a command-line program's own API client (a class, an object literal) with one
// member nothing names.
const clientCode = `export class Client {\n  async get(url: string) {\n    return (await fetch(url, { signal: AbortSignal.timeout(5000) })).json();\n  }\n  async remove(url: string) {\n    return fetch(url, { method: "DELETE" });\n  }\n}\n`;
const clientOutput = clientCode.replace(`method: "DELETE" }`, `method: "DELETE", signal: AbortSignal.timeout(10000) }`);
// Round 41: the same client with a wrapper method that nothing calls, the one reader of `remove`.
const wrappedClientCode = clientCode.replace(
  "\n}\n",
  "\n  async tryRemove(url: string) {\n    try {\n      return await this.remove(url);\n    } catch {\n      return undefined;\n    }\n  }\n}\n",
);
const wrappedClientOutput = wrappedClientCode.replace(`method: "DELETE" }`, `method: "DELETE", signal: AbortSignal.timeout(10000) }`);
// Round 54: a one-flow sign-in server made in a promise executor whose timer settles the promise
// and closes the server; its request listener exchanges the code and settles the promise (round
// 38 had left this shape reported, on the listener's own wait).
const timedFlow = `import http from "node:http";\nexport function login(tokenUrl: string) {\n  return new Promise<{ ok: boolean }>(resolve => {\n    const server = http.createServer(async (req, res) => {\n      const token = await fetch(tokenUrl, { method: "POST" });\n      res.end("signed in");\n      resolve({ ok: token.ok });\n    });\n    setTimeout(() => {\n      server.close();\n      resolve({ ok: false });\n    }, 300000);\n    server.listen(8111);\n  });\n}\n`;
// The same with a stored timer, a local clean-up that clears it and closes the server, guards that
// clean up and leave before the request, and the exchange chained to settle (a named import).
const guardedFlow = `import { createServer } from "node:http";\nexport function signIn(tokenUrl: string, state: string) {\n  return new Promise<string>((resolve, reject) => {\n    const server = createServer((req, res) => {\n      const url = new URL(req.url ?? "/", "http://localhost");\n      const error = url.searchParams.get("error");\n      if (error) {\n        res.end("failed");\n        cleanup();\n        reject(new Error(error));\n        return;\n      }\n      if (url.searchParams.get("state") !== state) {\n        cleanup();\n        return reject(new Error("state"));\n      }\n      fetch(tokenUrl, { method: "POST", body: url.searchParams.get("code") ?? "" })\n        .then(async r => {\n          res.end("ok");\n          cleanup();\n          resolve(await r.text());\n        })\n        .catch(err => {\n          cleanup();\n          reject(err);\n        });\n    });\n    const timer = setTimeout(() => {\n      cleanup();\n      reject(new Error("sign-in timed out"));\n    }, 120_000);\n    function cleanup() {\n      clearTimeout(timer);\n      server.close();\n    }\n    server.listen(0, "127.0.0.1");\n  });\n}\n`;
// A listener that clears the timer (through \`finish\`) before its request: the flow then waits for the request alone.
const clearingFlow = `import http from "node:http";\nexport function login(tokenUrl: string) {\n  return new Promise<boolean>(resolve => {\n    let server: http.Server | undefined;\n    const timeout = setTimeout(() => {\n      server?.close();\n      resolve(false);\n    }, 300000);\n    const stop = () => clearTimeout(timeout);\n    server = http.createServer(async (req, res) => {\n      stop();\n      const token = await fetch(tokenUrl, { method: "POST" });\n      res.end("done");\n      resolve(token.ok);\n    });\n    server.listen(8111);\n  });\n}\n`;
// A request in a callback nested in the listener, and a flow whose timer may not start.
const nestedFlow = `import http from "node:http";\nexport function login(tokenUrl: string) {\n  return new Promise<boolean>(resolve => {\n    const server = http.createServer((req, res) => {\n      req.on("end", async () => {\n        const token = await fetch(tokenUrl, { method: "POST" });\n        res.end("done");\n        resolve(token.ok);\n      });\n    });\n    setTimeout(() => { server.close(); resolve(false); }, 300000);\n  });\n}\nexport function maybe(tokenUrl: string, ms?: number) {\n  return new Promise<boolean>(resolve => {\n    const server = http.createServer(async (req, res) => {\n      const token = await fetch(tokenUrl, { method: "POST" });\n      res.end("done");\n      resolve(token.ok);\n    });\n    if (ms) setTimeout(() => { server.close(); resolve(false); }, ms);\n  });\n}\n`;
// Untyped JavaScript: a server assigned to a `let`, a flag-guarded timer callback, a local finish that clears the timer.
const flaggedFlow = `import http from "http";\nimport axios from "axios";\nexport function startAuthServer() {\n  return new Promise(resolve => {\n    let server;\n    let resolved = false;\n    const timeout = setTimeout(() => {\n      if (!resolved) {\n        resolved = true;\n        server?.close();\n        resolve({ success: false, message: "timed out" });\n      }\n    }, 5 * 60 * 1000);\n    const finish = result => {\n      if (!resolved) {\n        resolved = true;\n        clearTimeout(timeout);\n        resolve(result);\n      }\n    };\n    server = http.createServer(async (req, res) => {\n      const url = new URL(req.url || "/", "http://localhost:8111");\n      if (url.pathname === "/callback") {\n        const code = url.searchParams.get("code");\n        if (!code) {\n          res.end("no code");\n          finish({ success: false });\n          return;\n        }\n        try {\n          const r = await axios.post("https://auth.example.com/oauth/token", { code });\n          res.end("ok");\n          finish({ success: true, token: r.data.access_token });\n        } catch (err) {\n          finish({ success: false, message: err.message });\n        }\n      }\n    });\n    server.listen(8111);\n  });\n}\n`;
// Round 41: timeout helpers written by hand, without `Promise.race`: the returned promise settles
// on a timer its executor starts whatever happens, and the parameter is only chained there.
const byHandDeadline = `export function settleWithin<T>(work: Promise<T>, ms: number): Promise<T> {\n  return new Promise<T>((resolve, reject) => {\n    const timer = setTimeout(() => reject(new Error("timed out")), ms);\n    work\n      .then(value => {\n        clearTimeout(timer);\n        resolve(value);\n      })\n      .catch(error => {\n        clearTimeout(timer);\n        reject(error);\n      });\n  });\n}\n`;
// Its caller, in another file.
const settleCrawl = `import { loadPage } from "./pages.js";\nimport { settleWithin } from "./deadline.js";\nexport async function crawl(url: string) {\n  return settleWithin(loadPage(url), 5000);\n}\n`;
const byHandArrow = `export const within = <T,>(work: Promise<T>, ms: number) =>\n  new Promise<T>((resolve, reject) => {\n    setTimeout(reject, ms, new Error("timed out"));\n    work.then(resolve, reject);\n  });\n`;
// Round 41: a processor's method that the project calls only on receivers the checker cannot tie to
// it (a parameter typed `any`, an interface), each call handed to such a helper.
const processorCode = `export class Processor {\n  async verify(id: string) {\n    const res = await fetch(\`https://pay.example.com/\${id}\`);\n    return res.ok;\n  }\n}\n`;
const processorOutput = processorCode.replace("${id}`)", "${id}`, { signal: AbortSignal.timeout(10000) })");
const untypedGate = `import { settleWithin } from "./deadline.js";\nexport async function gate(options: any, id: string) {\n  const processor = options.processors[0];\n  return settleWithin(processor.verify(id), 5000);\n}\n`;
const apiCode = `const base = "https://api.example.com";\nexport const api = {\n  things: {\n    list: async () => (await fetch(\`\${base}/things\`, { signal: AbortSignal.timeout(5000) })).json(),\n    create: async (name: string) => {\n      const body = JSON.stringify({ name });\n      return fetch(\`\${base}/things\`, { method: "POST", body });\n    },\n  },\n};\n`;
const apiOutput = apiCode.replace(`method: "POST", body }`, `method: "POST", body, signal: AbortSignal.timeout(10000) }`);
// Round 28: an analytics module whose sender every caller fires and forgets, also listed in the
// module's object of functions that the rest of the package calls by other names.
const analyticsCode = (member = "sendEvent") =>
  `async function sendEvent(name: string) {\n  await fetch("https://events.example.com/e", { method: "POST", body: name });\n}\nfunction trackAction(action: string) {\n  sendEvent(action).catch(() => {});\n}\nexport const Analytics = {\n  identifier: "",\n  ${member},\n  trackAction,\n};\n`;
const analyticsOutput = (member = "sendEvent") => analyticsCode(member).replace(`body: name }`, `body: name, signal: AbortSignal.timeout(10000) }`);
const analyticsUser = `import { Analytics } from "./analytics.js";\nexport function createAccount(id: string) {\n  Analytics.identifier = id;\n  Analytics.trackAction("create");\n  return id;\n}\n`;
const analyticsEntry = { "index.ts": `export { createAccount } from "./accounts.js";\n`, "accounts.ts": analyticsUser };
// ... and a function nothing calls, listed only in such an object.
const toolsCode = `async function ping(url: string) {\n  const res = await fetch(url);\n  return res.ok;\n}\nfunction list() {\n  return ["status"];\n}\nexport const tools = { list, ping };\n`;
const toolsOutput = toolsCode.replace("fetch(url)", "fetch(url, { signal: AbortSignal.timeout(10000) })");
const toolsEntry = { "index.ts": `import { tools } from "./tools.js";\nexport function names() {\n  return tools.list();\n}\n` };
// A provider whose method the caller races against a timer, through an interface whose
// signature, and a sibling provider's method, carry the same name.
const providersCode = (extraCall: string) =>
  `export interface Provider {\n  create(prompt: string): Promise<string>;\n}\nexport class Manager {\n  constructor(private provider: Provider, private ms: number) {}\n  async create(prompt: string) {\n    return this.callWithTimeout(this.provider.create(prompt), this.ms);\n  }\n  private callWithTimeout<T>(work: Promise<T>, ms: number): Promise<T> {\n    return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);\n  }\n}\nexport function mockProvider(): Provider {\n  return {\n    async create(prompt: string) {\n      return prompt;\n    },\n  };\n}\nexport function remoteProvider(key: string): Provider {\n  return {\n    async create(prompt: string) {\n      const res = await fetch("https://api.example.com/v1/messages", { method: "POST", headers: { "x-api-key": key }, body: prompt });\n      return res.text();\n    },\n  };\n}\n${extraCall}`;

// Round 35: functions that begin by leaving when `window` is absent (browser-only client code).
const browserClientCode = `class WrongClientUsage extends Error {}\nexport async function refresh(base: string) {\n  if (typeof window === "undefined") {\n    throw new WrongClientUsage();\n  }\n  const res = await fetch(\`\${base}/session/refresh\`);\n  return res.json();\n}\nexport async function getClientSession(base: string) {\n  if (typeof document === "undefined" || !base) throw new Error("browser only");\n  return (await fetch(\`\${base}/session\`)).json();\n}\nexport async function whoAmI(base: string) {\n  if (typeof window === "undefined") return undefined;\n  return (await fetch(\`\${base}/me\`)).json();\n}\nexport async function logo(base: string) {\n  if (typeof window !== "undefined") {\n    return (await fetch(\`\${base}/logo\`)).blob();\n  }\n  return undefined;\n}\n`;
// Its boundary: the check only logs, comes after the request, guards another branch, tests a global
// Node also has (navigator, since Node 21), or `&&`-joins the absence with another condition; a
// function with no check (a server-side twin) and one whose caller checks.
const browserBoundaryCode = `export async function getSession(base: string, headers: HeadersInit) {\n  return (await fetch(\`\${base}/session\`, { headers })).json();\n}\nexport async function warnOnly(base: string) {\n  if (typeof window === "undefined") console.warn("meant for the browser");\n  return (await fetch(\`\${base}/a\`)).json();\n}\nexport async function checkAfter(base: string) {\n  const res = await fetch(\`\${base}/b\`);\n  if (typeof window === "undefined") throw new Error("browser only");\n  return res.json();\n}\nexport async function otherBranch(base: string, fast: boolean) {\n  if (fast) {\n    if (typeof window === "undefined") throw new Error("browser only");\n  }\n  return (await fetch(\`\${base}/c\`)).json();\n}\nexport async function nodeHasIt(base: string) {\n  if (typeof navigator === "undefined") throw new Error("no navigator");\n  return (await fetch(\`\${base}/d\`)).json();\n}\nexport async function both(base: string, strict: boolean) {\n  if (typeof window === "undefined" && strict) throw new Error("browser only");\n  return (await fetch(\`\${base}/e\`)).json();\n}\nexport async function viaCaller(base: string) {\n  if (typeof window === "undefined") throw new Error("browser only");\n  return load(base);\n}\nasync function load(base: string) {\n  return (await fetch(\`\${base}/f\`)).json();\n}\nexport async function afterTry(base: string) {\n  try {\n    if (typeof window === "undefined") throw new Error("browser only");\n  } catch {}\n  return (await fetch(\`\${base}/g\`)).json();\n}\n`;
// Round 35: an axios client made without a default timeout whose every request passes one: in a
// variable its module keeps, and in a property of \`this\` (configured, tested, reset).
const timedClientCode = `import axios from "axios";\nconst api = axios.create({ baseURL: "https://api.example.com" });\nexport async function user(id: string) {\n  return (await api.get(\`/users/\${id}\`, { timeout: 5000 })).data;\n}\nexport async function save(body: unknown) {\n  return api.post("/things", body, { timeout: 5000 });\n}\nexport async function any(url: string) {\n  return api.request({ url, signal: AbortSignal.timeout(5000) });\n}\nexport async function called(url: string) {\n  return api({ url, timeout: 5000 });\n}\n`;
const timedThisClientCode = `import axios, { type AxiosInstance } from "axios";\nexport class Controller {\n  private _instance: AxiosInstance | undefined;\n  constructor(private opts: { timeout: number }) {}\n  async init() {\n    if (typeof this._instance !== "undefined") return;\n    this._instance = axios.create({ baseURL: "https://unifi.example.com" });\n    this._instance.defaults.headers.common["x-csrf-token"] = "t";\n    this._instance.interceptors.request.use(r => r);\n    await this._instance.get("/", { timeout: this.opts.timeout, maxRedirects: 0 });\n  }\n  async request(url: string) {\n    if (!this._instance) await this.init();\n    return this._instance!.request({ url, method: "GET", timeout: this.opts.timeout });\n  }\n  logout() {\n    this._instance = undefined;\n  }\n}\n`;
// Round 47: a client kept in a (static) field of its class, whose requests pass a constant of
// options with a timeout, or a private method's parameter that every call of the method fills with one.
const timedFieldClientCode = `import axios, { type AxiosInstance, type AxiosRequestConfig } from "axios";\nexport class Services {\n  private static client: AxiosInstance = axios.create({ baseURL: "https://dev.example.com" });\n  static async getItem(url: string) {\n    const config: AxiosRequestConfig = { method: "GET", timeout: 10000 };\n    return this.send(url, config);\n  }\n  static async getImage(url: string) {\n    return this.send(url, { method: "GET", responseType: "arraybuffer", timeout: 8000 });\n  }\n  static async post(url: string, data: unknown) {\n    const config: AxiosRequestConfig = { url, method: "POST", data, timeout: 10000 };\n    return (await this.client.request(config)).data;\n  }\n  private static async send(url: string, config: AxiosRequestConfig) {\n    for (let i = 0; ; i++) {\n      try {\n        return (await this.client.request({ ...config, url })).data;\n      } catch (e) {\n        if (i > 2) throw e;\n      }\n    }\n  }\n}\n`;

/** tsc's CommonJS output for `const execAsync = promisify(exec)` with `promisify` named `promisifyCallee`, then `git fetch` through `run`. */
const compiledPromisify = (promisifyCallee: string, promisified: string, run: string) =>
  `"use strict";\nconst child_process_1 = require("child_process");\nconst util_1 = require("util");\nfunction note() {}\nconst execAsync = ${promisifyCallee}(${promisified});\nasync function pull(conn) { return ${run}; }\nmodule.exports = { pull };\n`;

// Round 52: a package that needs `typescript` at run time, whose code runs its compiler through npx.
const npxPackage = (fields: string) => ({ "package.json": `{"name":"case","type":"module",${fields}}` });
const npxCode = `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport async function compile(config: string, dir: string) {\n  await execAsync(\`npx tsc -p "\${config}"\`, { cwd: dir });\n}\n`;
const npxOutput = npxCode.replace("{ cwd: dir }", "{ cwd: dir, timeout: 10000 }");
// Round 52: Fastify's own types, as the package declares them (the property's declaration is in `fastify`).
const fastifyTypes = {
  "node_modules/fastify/package.json": `{"name":"fastify","type":"module","main":"index.js","types":"index.d.ts"}`,
  "node_modules/fastify/index.d.ts": `export interface FastifyInstance {\n  listeningOrigin: string;\n  prefix: string;\n  get(path: string, handler: () => unknown): void;\n  listen(options?: { port?: number }): Promise<string>;\n}\ndeclare function fastify(): FastifyInstance;\nexport default fastify;\n`,
};
const ownOriginCode = `import Fastify, { type FastifyInstance } from "fastify";\nexport function routes(app: FastifyInstance) {\n  app.get("/info", async () => {\n    const base = new URL(app.prefix, app.listeningOrigin);\n    if (!base.href.endsWith("/")) base.href += "/";\n    const url = new URL(\`\${PREFIX}/list.json\`, base);\n    const res = await fetch(url);\n    if (!res.ok) throw new Error(\`no list at \${url}\`, { cause: url });\n    return res.json();\n  });\n  app.get("/a", async () => (await fetch(\`\${app.listeningOrigin}/b?x=1\`)).json());\n}\nconst PREFIX = "items";\nexport async function start() {\n  const app = Fastify();\n  routes(app);\n  await app.listen({ port: 0 });\n  const res = await fetch(app.listeningOrigin + "/health");\n  return res.ok;\n}\n`;
// Round 52: a client's request builder that merges each request's options over its defaults.
const mergingClientCode = `const axios = require("axios");\nclass Client {\n  constructor(settings) {\n    this.settings = settings;\n    this.defaultHeader = { Accept: "application/json" };\n  }\n  get(path, params = {}, timeout = null) {\n    const options = this.withDefaults({ method: "get", url: this.settings.base + path, params, timeout: timeout * 1000 });\n    return axios(options).then(res => res.data);\n  }\n  async download(url) {\n    const options = this.withDefaults({ url, timeout: this.settings.fetchSeconds * 1000, responseType: "stream" });\n    return axios(options);\n  }\n  upload(stream) {\n    return axios(this.withDefaults({ method: "post", url: this.settings.base + "upload", data: stream, timeout: this.settings.sendSeconds * 1000 }));\n  }\n  withDefaults(options) {\n    return Object.assign({ headers: this.defaultHeader, maxBodyLength: Infinity }, options);\n  }\n}\nmodule.exports = { Client };\n`;

const cases: { valid: ValidCase[]; invalid: InvalidCase<MessageId>[] } = {
  valid: [
    // A command the caller writes whole, with no sign of the network, run by a wrapper that hands
    // both its command and its options to exec: judged like the same command written at exec.
    { code: `import { sh } from "./sh.js";\nexport async function user() { return sh("whoami", { cwd: "." }); }\n`, files: shFile },
    // A signal, from any source.
    `export async function get(url: string) { return fetch(url, { signal: AbortSignal.timeout(5000) }); }\n`,
    `export async function get(url: string, signal: AbortSignal) { return fetch(url, { method: "GET", signal }); }\n`,
    `export async function get(url: string) {\n  const controller = new AbortController();\n  setTimeout(() => controller.abort(), 1000);\n  return fetch(url, { signal: controller.signal });\n}\n`,
    // Options the analysis can't see: a parameter, a spread.
    `export async function get(url: string, init: RequestInit) { return fetch(url, init); }\n`,
    `export async function get(url: string, init: RequestInit) { return fetch(url, { ...init, method: "POST" }); }\n`,
    // A request destroyed when a signal aborts: the same as handing it the signal (here a
    // controller a timer in the outer function aborts).
    `import https from "node:https";\nexport async function body(host: string) {\n  const controller = new AbortController();\n  const timer = setTimeout(() => controller.abort(), 5000);\n  return new Promise<string>(resolve => {\n    const req = https.request({ host, path: "/" }, res => { clearTimeout(timer); res.resume(); res.on("end", () => resolve("ok")); });\n    controller.signal.addEventListener("abort", () => { req.destroy(); resolve(""); }, { once: true });\n    req.end();\n  });\n}\n`,
    // A Request object carries its own signal.
    `export async function get(req: Request) { return fetch(req); }\n`,
    // An untyped argument may be a Request: a string method called on the same name in another
    // function says nothing about this one's.
    {
      code: `export function isRemote(source) { return source.startsWith("http"); }\nexport async function send(source) { return fetch(source); }\n`,
      filename: "send.js",
    },
    // ... and a module variable may hold anything its assignments put there (a generated loader's
    // `data:` URL): only an untyped parameter is taken as a string by its use.
    {
      code: `var wasm;\nwasm = load();\nfunction load() { return globalThis.wasmUrl; }\nexport function get() { return wasm.startsWith("data:") ? undefined : fetch(wasm); }\n`,
      filename: "loader.js",
    },
    // A local options object that has the signal.
    `export async function get(url: string) {\n  const init = { headers: { accept: "application/json" }, signal: AbortSignal.timeout(3000) };\n  return fetch(url, init);\n}\n`,
    // The user's own function called fetch.
    `async function fetch(id: number) { return id; }\nexport async function load() { return fetch(1); }\n`,
    // Raced against a timer: the caller does not wait forever.
    `declare function timeout(ms: number): Promise<never>;\nexport async function get(url: string) { return Promise.race([fetch(url), timeout(1000)]); }\n`,
    // http with a timeout option, a setTimeout on the request, or a signal.
    `import http from "node:http";\nexport function ping(url: string) { http.get(url, { timeout: 2000 }, res => res.resume()); }\n`,
    `import https from "node:https";\nexport function ping(url: string) {\n  const req = https.request(url, res => res.resume());\n  req.setTimeout(2000, () => req.destroy());\n  req.end();\n}\n`,
    `import { get } from "node:https";\nexport function ping(url: string) { get(url, res => res.resume()).setTimeout(1000); }\n`,
    `import http from "node:http";\nexport function ping(url: string) {\n  const req = http.get(url);\n  const timer = setTimeout(() => req.destroy(new Error("timed out")), 5000);\n  req.on("close", () => clearTimeout(timer));\n}\n`,
    // The request leaves the function: its caller may set the timeout.
    `import http from "node:http";\nexport function open(url: string) { return http.request(url); }\n`,
    // http options passed in from outside.
    `import http from "node:http";\nexport function send(opts: http.RequestOptions) { http.request(opts).end(); }\n`,
    // net with a timeout.
    `import net from "node:net";\nexport function dial(port: number) {\n  const socket = net.connect({ port, timeout: 3000 });\n  socket.on("timeout", () => socket.destroy());\n}\n`,
    `import net from "node:net";\nexport function dial(port: number) {\n  const socket = net.createConnection(port, "localhost");\n  socket.setTimeout(3000);\n  socket.on("timeout", () => socket.destroy());\n}\n`,
    // child_process with a timeout (callback and promisified forms).
    `import { exec } from "node:child_process";\nexport function run() { exec("git status", { timeout: 5000 }, () => {}); }\n`,
    `import { execFile } from "node:child_process";\nimport { promisify } from "node:util";\nconst run = promisify(execFile);\nexport async function head() { return run("git", ["rev-parse", "HEAD"], { timeout: 5000 }); }\n`,
    // spawn is not checked (long-running by nature).
    `import { spawn } from "node:child_process";\nexport function start() { return spawn("node", ["server.js"]); }\n`,
    // A timer that kills the child is a timeout.
    `import { exec } from "node:child_process";\nexport function run(cmd: string) {\n  const child = exec(cmd, () => {});\n  setTimeout(() => child.kill(), 5000);\n}\n`,
    // Wrapped in a timeout helper (p-timeout style).
    `declare function pTimeout<T>(p: Promise<T>, o: { milliseconds: number }): Promise<T>;\nexport async function get(url: string) { return pTimeout(fetch(url), { milliseconds: 1000 }); }\n`,
    // Browser code: out of scope for a Node linter.
    `export async function load(url: string) {\n  const res = await fetch(url);\n  document.body.append(await res.text());\n}\n`,
    // Test folders inside the package.
    {
      code: `export async function get(url: string) { return fetch(url); }\n`,
      filename: "tests/helpers.ts",
      files: { "tests/placeholder.ts": "export {};\n" },
    },
    // Test files are skipped by default.
    { code: `export async function get(url: string) { return fetch(url); }\n`, filename: "api.test.ts" },
    // Session 13: a backup copy of a source file kept beside it is not the program.
    { code: `export async function get(url: string) { return fetch(url); }\n`, filename: "src/index.backup.ts" },
    { code: `export async function get(url) { return fetch(url); }\n`, filename: "client.bak.js" },
    { code: `export async function get(url) { return fetch(url); }\n`, filename: "directives/WebRequest_old.js" },
    // A family switched off.
    { code: `export async function get(url: string) { return fetch(url); }\n`, options: { check: ["http"] } },
    // axios with a timeout; instances carry their config from where they were made.
    `import axios from "axios";\nexport async function get(url: string) { return axios.get(url, { timeout: 5000 }); }\n`,
    `import axios from "axios";\nconst api = axios.create({ baseURL: "https://api.example.com", timeout: 5000 });\nexport async function get(path: string) { return api.get(path); }\n`,
    `import type { AxiosInstance } from "axios";\nexport async function get(api: AxiosInstance, path: string) { return api.get(path); }\n`,
    `import axios from "axios";\naxios.defaults.timeout = 5000;\nexport async function get(url: string) { return axios.get(url); }\n`,
    // got with a timeout.
    `import got from "got";\nexport async function get(url: string) { return got(url, { timeout: { request: 5000 } }).json(); }\n`,
    // Options followed into the project's own wrappers: the caller passes a timeout, the wrapper
    // sets one itself, or the caller hands on its own parameter (its callers decide).
    { code: `import { sh } from "./sh.js";\nexport async function status() { return sh("git status", { cwd: ".", timeout: 5000 }); }\n`, files: shFile },
    { code: `import { shSafe } from "./sh.js";\nexport async function status() { return shSafe("git status", { cwd: "." }); }\n`, files: shFile },
    { code: `import { sh } from "./sh.js";\nexport async function run(cmd: string, o: { cwd?: string }) { return sh(cmd, o); }\n`, files: shFile },
    // An execFile wrapper's caller writes a command that stays local (git's subcommand written
    // here): judged like the same words written at execFile itself.
    {
      code: `import { run } from "./run.js";\nexport async function branch(dir: string, name: string) {\n  await run("git", ["config", "user.name", name], { cwd: dir });\n  await run("git", ["checkout", "-b", name], { cwd: dir });\n}\n`,
      files: runFile,
    },
    // A returned request whose caller sets the timeout.
    {
      code: `import { open } from "./open.js";\nexport function ping(url: string) { const req = open(url); req.setTimeout(1000, () => req.destroy()); }\n`,
      files: openFile,
    },
    // A request handed out as an object literal's first shorthand property: whoever receives the
    // object may set its timeout (as with `{ close, req }` or `{ req: req }`).
    {
      code: `import { open } from "./open.js";\nexport function session(url: string) {\n  const req = open(url);\n  req.on("error", () => undefined);\n  return { req, close: () => req.destroy() };\n}\n`,
      files: openFile,
    },
    `import http from "node:http";\nexport function start(url: string) {\n  const req = http.get(url);\n  const handle = { req };\n  return handle;\n}\n`,
    // URLs no server answers; a dispatcher that carries the caller's connection settings.
    `export function probe() { return fetch("about:blank"); }\n`,
    // URLs relative to a page (round 46): Node's fetch has no base URL and rejects them at once.
    {
      name: "a fetch of a URL written relative to a page (a path, a template or a concatenation starting so, an empty string)",
      code: `export async function probe(id: string, q: string) {\n  try {\n    await fetch("", { keepalive: true });\n  } catch {}\n  await fetch("/api/users");\n  await fetch(\`/items/\${id}\`);\n  await fetch("./data.json?" + q);\n  await fetch(\`api/\${id}\`);\n  return fetch("?q=" + q, { method: "POST" });\n}\n`,
    },
    `import type { Dispatcher } from "undici";\nexport async function get(url: string, dispatcher: Dispatcher) { return fetch(url, { dispatcher } as RequestInit); }\n`,
    // A function serialized into a page script: it runs in the browser, not here.
    `function inPage() { return fetch("/api/ping"); }\nexport const script = \`(\${inPage.toString()})()\`;\n`,
    // Functions written in place for a browser automation library's page (round 27): the library
    // serializes them and the page runs them, not Node.
    {
      name: "a function a browser automation library runs in the page (evaluate, $eval, addInitScript, waitForFunction)",
      files: { "package.json": `{"name":"case","type":"module","dependencies":{"playwright":"^1.50.0"}}` },
      code: `type Page = {\n  evaluate<T>(fn: (...a: any[]) => T, ...args: unknown[]): Promise<T>;\n  $eval<T>(selector: string, fn: (el: any) => T): Promise<T>;\n  waitForFunction(fn: () => unknown): Promise<unknown>;\n};\ntype Context = { addInitScript(fn: () => void): Promise<void> };\nexport async function probe(page: Page, context: Context, url: string) {\n  await context.addInitScript(() => { void fetch("/api/hello"); });\n  const status = await page.evaluate(async (u: string) => (await fetch(u)).status, url);\n  const size = await page.$eval("a", async el => (await fetch(el.href)).headers.get("content-length"));\n  await page.waitForFunction(async () => (await fetch("/ready")).ok);\n  return { status, size };\n}\n`,
    },
    // A poll given to a waiting helper with a timeout: whoever awaits the helper cannot wait forever.
    {
      name: "the function that fetches is given to a poller with a timeout option",
      code: `declare function pWaitFor(check: () => Promise<boolean>, options: { interval: number; timeout: number }): Promise<void>;\nexport async function waitReady(url: string) {\n  const isReady = async () => { const res = await fetch(url); return res.ok; };\n  await pWaitFor(isReady, { interval: 500, timeout: 60000 });\n}\n`,
    },
    {
      name: "an inline poll given to a waiting helper with a timeout option",
      code: `declare function pWaitFor(check: () => Promise<boolean>, options: { interval: number; timeout: { milliseconds: number } }): Promise<void>;\nexport async function waitReady(url: string) {\n  await pWaitFor(async () => (await fetch(url)).ok, { interval: 500, timeout: { milliseconds: 60000 } });\n}\n`,
    },
    // Every caller in the file races the function that waits with a timer (which it clears).
    {
      name: "the function that fetches is raced with a timer by every caller",
      code: `export class Fetcher {\n  async fetchResource(url: string, ms: number) { return this.withTimeout(this.fetchText(url), ms); }\n  async fetchText(url: string) { const res = await fetch(url); return res.text(); }\n  async withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {\n    let timer: NodeJS.Timeout | undefined;\n    try {\n      return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error("timeout")), ms); })]);\n    } finally {\n      clearTimeout(timer);\n    }\n  }\n}\n`,
    },
    // Raced against a timer that is cleared when the race ends.
    `export async function get(url: string) {\n  let timer: NodeJS.Timeout | undefined;\n  try {\n    return await Promise.race([fetch(url), new Promise<never>((_, reject) => { timer = setTimeout(reject, 1000); })]);\n  } finally {\n    clearTimeout(timer);\n  }\n}\n`,
    // Raced against a timer that is never cleared: the caller still waits at most 1 s (the timer
    // left running is race-timeout-leak's concern, off by default). Session 15.
    `export async function get(url: string) {\n  return Promise.race([fetch(url), new Promise<never>((_, reject) => setTimeout(reject, 1000))]);\n}\n`,
    // Every caller races the function that fetches through a helper whose timer is never cleared.
    `export class Fetcher {\n  async fetchResource(url: string, ms: number) { return this.withTimeout(this.fetchText(url), ms); }\n  async fetchText(url: string) { const res = await fetch(url); return res.text(); }\n  async withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {\n    return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);\n  }\n}\n`,
    // A race written by hand: the request is made in a promise's executor whose timer rejects the
    // promise (cleared on success or not), so whoever awaits it waits at most 5 s.
    `import net from "node:net";\nexport async function reach(host: string) {\n  await new Promise<void>((resolve, reject) => {\n    const timer = setTimeout(() => reject(new Error("no connection after 5s")), 5000);\n    net.connect({ host, port: 443 }, () => {\n      clearTimeout(timer);\n      resolve();\n    });\n  });\n}\n`,
    `export function get(url: string) {\n  return new Promise((resolve, reject) => {\n    setTimeout(reject, 5000, new Error("timed out"));\n    fetch(url).then(resolve, reject);\n  });\n}\n`,
    // A loopback service the program itself starts: a child process handed a port the program
    // picked as free just before (here through a field, in another method), ...
    `import { spawn, type ChildProcess } from "node:child_process";\nasync function getPort(): Promise<number> { return 41234; }\nexport async function startDaemon(bin: string) {\n  const port = await getPort();\n  const child = spawn(bin, ["--port", String(port)], { stdio: "ignore" });\n  for (let i = 0; i < 50; i++) {\n    try {\n      const res = await fetch(\`http://127.0.0.1:\${port}/info\`);\n      if (res.ok) return { child, info: await res.json() };\n    } catch {}\n    await new Promise(r => setTimeout(r, 200));\n  }\n  child.kill();\n}\n`,
    {
      code: `import { fork, type ChildProcess } from "node:child_process";\nimport { findFreePort } from "./ports.js";\nconst LOCAL_HOST = "localhost";\nexport class Worker {\n  port = 0;\n  child?: ChildProcess;\n  async start(script: string) {\n    this.port = await findFreePort();\n    const env = { ...process.env, PORT: String(this.port) };\n    this.child = fork(script, [], { env });\n  }\n  async stop() {\n    await fetch(\`http://\${LOCAL_HOST}:\${this.port}/shutdown\`, { method: "POST" });\n  }\n}\n`,
      files: { "ports.ts": `export async function findFreePort(): Promise<number> {\n  return 41234;\n}\n` },
    },
    // ... compiled JavaScript, the arguments built in a variable and the URL by concatenation, ...
    {
      code: `const { spawn } = require("child_process");\nconst axios = require("axios");\nconst portfinder = require("portfinder");\nfunction Tunnel(bin) { this.bin = bin; }\nTunnel.prototype.start = async function () {\n  this.infoPort = await portfinder.getPortPromise();\n  const args = ["--daemon"];\n  args.push("--infoAPIPort", this.infoPort);\n  this.proc = spawn(this.bin, args);\n};\nTunnel.prototype.info = async function () {\n  const res = await axios.get("http://127.0.0.1:" + this.infoPort + "/api/v1/info");\n  return res.data;\n};\nmodule.exports = Tunnel;\n`,
      filename: "tunnel.js",
      files: {
        "node_modules/axios/package.json": `{"name":"axios","main":"index.js","types":"index.d.ts"}`,
        "node_modules/axios/index.d.ts": `declare const axios: { get(url: string, config?: { timeout?: number }): Promise<{ data: unknown }> };\nexport = axios;\n`,
      },
    },
    // ... a server this module listens on, on a configured port or on one the system gave it
    // (a test helper's `listen(0)`).
    `import http from "node:http";\nexport async function serveAndWarm(port: number) {\n  const server = http.createServer((_, res) => res.end("ok"));\n  server.listen(port);\n  await fetch(\`http://localhost:\${port}/warm\`);\n  return server;\n}\n`,
    `import http from "node:http";\nimport type { AddressInfo } from "node:net";\nexport async function withServer(handler: http.RequestListener) {\n  const server = http.createServer(handler);\n  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));\n  const { port } = server.address() as AddressInfo;\n  const res = await fetch(\`http://127.0.0.1:\${port}/\`);\n  server.close();\n  return res.status;\n}\n`,
    // ... and a port parameter of a function other modules cannot call, whose every call (all in
    // this file) hands it the port of a server listening there before the call: a private method's
    // destructured parameter, the server's listen awaited in a promise executor (round 37) ...
    {
      filename: "app.js",
      code: `const http = require("http");\nclass App {\n  async _getLocalFile({ serverPort, assetPath }) {\n    const res = await fetch(\`http://localhost:\${serverPort}\${assetPath}\`);\n    return Buffer.from(await res.arrayBuffer());\n  }\n  async run(events) {\n    const serverPort = 30123;\n    const server = http.createServer((req, res) => res.end("ok"));\n    await new Promise((resolve, reject) => {\n      server.listen(serverPort, err => (err ? reject(err) : resolve()));\n    });\n    events.on("getFile", ({ path }, callback) => {\n      this._getLocalFile({ serverPort, assetPath: path }).then(body => callback(null, body), callback);\n    });\n  }\n}\nmodule.exports = App;\n`,
    },
    // ... a module's own function given the port as an argument, the server listening in the caller.
    `import http from "node:http";\nasync function warm(port: number) {\n  await fetch(\`http://127.0.0.1:\${port}/warm\`);\n}\nexport async function serve(port: number) {\n  const server = http.createServer((_, res) => res.end("ok"));\n  server.listen(port);\n  await warm(port);\n  return server;\n}\n`,
    // ... a server's handler proxying to the API server the same block starts on that host and port,
    // through a function of this file (a dev command serving the web side and its API, round 45) ...
    `import http from "node:http";\nfunction startApi(host: string, port: number) {\n  return http.createServer((_req, res) => res.end("api")).listen(port, host);\n}\nexport function serveBoth(webPort: number) {\n  const apiPort = Number(process.env.API_PORT ?? 8911);\n  const apiHost = process.env.API_HOST ?? "127.0.0.1";\n  const apiTarget = \`http://\${apiHost.includes(":") ? \`[\${apiHost}]\` : apiHost}:\${apiPort}\`;\n  const web = http.createServer(async (req, res) => {\n    const upstream = await fetch(\`\${apiTarget}\${req.url}\`, { method: req.method });\n    res.end(await upstream.text());\n  });\n  web.listen(webPort);\n  startApi(apiHost, apiPort);\n}\n`,
    // ... or directly, a loopback URL and a server start given an options object (srvx, Hono's node server).
    {
      code: `import { serve } from "srvx";\nexport async function dev() {\n  const apiPort = 8911;\n  const web = serve({\n    port: 8910,\n    middleware: [async req => fetch(\`http://localhost:\${apiPort}\${new URL(req.url).pathname}\`, { method: req.method })],\n    fetch: () => new Response("not found", { status: 404 }),\n  });\n  const api = serve({ port: apiPort, fetch: () => new Response("ok") });\n  await Promise.all([web.ready(), api.ready()]);\n}\n`,
      files: {
        "node_modules/srvx/package.json": `{"name":"srvx","type":"module","types":"index.d.ts","main":"index.js"}`,
        "node_modules/srvx/index.d.ts": `export interface Server { ready(): Promise<Server> }\nexport declare function serve(options: { port?: number; hostname?: string; fetch: (req: Request) => Response | Promise<Response>; middleware?: ((req: Request) => Response | Promise<Response>)[] }): Server;\n`,
      },
    },
    // The process's own inspector (node:inspector), opened by this process and answered by its
    // own thread: in place, through a const of the function, or through the named export.
    `import inspector from "node:inspector";\nexport async function devtoolsUrl() {\n  inspector.open(0);\n  const url = new URL(inspector.url()!);\n  url.protocol = "http";\n  url.pathname = "/json/list";\n  const res = await fetch(url);\n  return res.json();\n}\n`,
    `import { url as inspectorUrl } from "node:inspector";\nexport async function targets() {\n  return (await fetch(new URL(inspectorUrl()!))).status;\n}\n`,
    // Client bundles: a browser build by its file name, or a module that imports bundler assets (`?url`).
    { code: `export async function load(url: string) { return (await fetch(url)).arrayBuffer(); }\n`, filename: "binding.wasi-browser.ts" },
    { code: `export async function load(url: string) { return (await fetch(url)).arrayBuffer(); }\n`, filename: "index.browser.ts" },
    { code: `// @ts-ignore\nimport wasmUrl from "./app.wasm?url";\nexport const bytes = await fetch(wasmUrl).then(r => r.arrayBuffer());\n` },
    // Commands written in the code that end on their own: version probes, signals, local git reads.
    `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport async function hasTool() { return (await execAsync("snapcraft --version")).stdout; }\n`,
    `import { exec, execFile } from "node:child_process";\nexport function stop(pid: number, sig: string) {\n  exec(\`kill -\${sig} \${pid}\`, () => {});\n  exec("taskkill /pid " + pid + " /T /F");\n  execFile("git", ["rev-parse", "--abbrev-ref", "HEAD"], () => {});\n}\n`,
    {
      filename: "case.cjs",
      code: `const exec = require("child_process").exec;\nfunction head(cb) { exec("git rev-parse HEAD", { cwd: __dirname }, cb); }\nmodule.exports = { head };\n`,
    },
    // An agent made elsewhere, or made here with a timeout, brings the caller's connection settings.
    `import https from "node:https";\nexport function ping(host: string, agent: https.Agent) { https.get({ host, agent }, res => res.resume()); }\n`,
    `import https from "node:https";\nexport function ping(host: string) { https.get({ host, agent: new https.Agent({ keepAlive: true, timeout: 5000 }) }, res => res.resume()); }\n`,
    // By default a child process is reported on evidence that it waits on a remote: a command that
    // is data, chains others, or runs a local program is not (childProcessCommands: "all" reports them).
    `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport async function run(cmd: string) { return execAsync(cmd); }\nexport async function build() { return execAsync("make", { cwd: "/src" }); }\nexport async function listed() { return execAsync("npm list --depth=0"); }\nexport async function chained() { return execAsync("git rev-parse HEAD && git push"); }\n`,
    // undici with its own timeouts.
    `import { request } from "undici";\nexport async function get(url: string) { return request(url, { headersTimeout: 5000, bodyTimeout: 5000 }); }\n`,
    // ... also through CommonJS's require and a renamed import.
    {
      code: `const { request } = require("undici");\nconst { makeDispatcher: timed } = require("./net.js");\nasync function get(url) {\n  const { body } = await request(url, { dispatcher: timed() });\n  return body.json();\n}\nmodule.exports = { get };\n`,
      filename: "get.js",
      compilerOptions: { strict: false },
      files: {
        "package.json": `{"name":"case"}`,
        "net.js": `const { Agent } = require("undici");\nfunction makeDispatcher() {\n  return new Agent({ bodyTimeout: 60000 });\n}\nmodule.exports = { makeDispatcher };\n`,
      },
    },
    // ... also when the options reach undici's request() through the project's own wrapper.
    {
      code: `import { getDispatcher, send } from "./net.js";\nexport async function get(url: string) {\n  return send(url, { method: "GET", dispatcher: getDispatcher() });\n}\n`,
      files: {
        "net.ts": `import { Agent, request, type Dispatcher } from "undici";\nexport function getDispatcher() {\n  return new Agent({ headersTimeout: 120000, bodyTimeout: 120000 });\n}\nexport async function send(url: string, options: { method: "GET" | "POST"; dispatcher?: Dispatcher }) {\n  const { body } = await request(url, options);\n  return body.json();\n}\n`,
      },
    },
    // A dispatcher the rule sees set a timeout: made right there, or returned by a project function
    // (here in another file, behind `.compose(...)` interceptors).
    `import { Agent, request } from "undici";\nexport async function get(url: string) {\n  const { body } = await request(url, { dispatcher: new Agent({ headersTimeout: 30000 }) });\n  return body.json();\n}\n`,
    {
      code: `import { request } from "undici";\nimport { getDispatcher } from "./net.js";\nexport async function get(url: string) {\n  const { body } = await request(url, { method: "GET", dispatcher: getDispatcher() });\n  return body.json();\n}\n`,
      files: {
        "net.ts": `import { Agent, interceptors } from "undici";\nexport const getDispatcher = (ms?: number) => {\n  return new Agent({ headersTimeout: ms ?? 120000, bodyTimeout: 120000 }).compose(interceptors.retry({ maxRetries: 2 }));\n};\n`,
      },
    },
    // A dispatcher's own request takes its options first: a transport that forwards its caller's
    // signal there leaves the deadline to the caller, who can abort it.
    `import type { Dispatcher } from "undici";\nexport async function send(dispatcher: Dispatcher, origin: string, path: string, signal: AbortSignal) {\n  const options = { origin, path, method: "GET" as const };\n  return dispatcher.request({ ...options, signal });\n}\n`,
    // A Unix socket or named pipe (a path, as a string or the \`path\` option) whose replies the
    // code does not read: a local peer refuses at once or closes the socket when it dies, and no
    // network can leave it half-open.
    `import net from "node:net";\nexport function attach(socketPath: string) {\n  const socket = net.connect(socketPath);\n  socket.unref();\n  return socket.write("hello");\n}\n`,
    `import net from "node:net";\nexport function attach() {\n  const socket = net.createConnection(process.env.CONTROL_SOCKET!);\n  socket.end("ping");\n}\n`,
    `import { connect } from "node:net";\nexport function attach(dir: string) {\n  const socket = connect({ path: \`\${dir}/daemon.sock\` });\n  socket.end("ping");\n}\n`,
    `import net from "node:net";\nconst pipe = { path: "\\\\\\\\.\\\\pipe\\\\app" };\nexport function attach() {\n  net.connect(pipe).end("ping");\n}\n`,
    // Nobody waits for the request: every caller, in two files, drops the promise of the function
    // that awaits it last (a telemetry beacon); a stall holds a socket and nothing else.
    {
      code: `export async function capture(event: string) {\n  try {\n    await fetch("https://telemetry.example.com/e", { method: "POST", body: event });\n  } catch {}\n}\n`,
      files: {
        "run.ts": `import { capture } from "./telemetry.js";\nexport function run() {\n  capture("run");\n  return 1;\n}\n`,
        "other.ts": `import * as telemetry from "./telemetry.js";\nexport function stop() {\n  void telemetry.capture("stop");\n  telemetry.capture("bye").catch(() => {});\n}\n`,
      },
      filename: "telemetry.ts",
    },
    // A request dropped where it is made, in a function whose only caller is known.
    `function ping(url: string) {\n  fetch(url, { method: "POST" }).catch(() => {});\n}\nexport function start() {\n  ping("https://example.com/beacon");\n}\n`,
    // A response nobody reads (no callback, no response listener: Node discards it), the request only written and ended.
    `import http from "node:http";\nexport function notify(body: string) {\n  return new Promise<void>((resolve, reject) => {\n    const req = http.request({ host: "localhost", port: 8080, method: "POST" });\n    req.on("error", reject);\n    req.write(body);\n    req.end();\n    resolve();\n  });\n}\n`,
    // A response only drained (resumed, or its chunks given to a listener that does nothing), the
    // request kept by nothing but its set-up: no caller can wait for it, whoever calls the function.
    `import https from "node:https";\nfunction ping(url: string) {\n  https.get(url, res => res.resume()).on("error", () => {});\n}\nexport function start() {\n  ping("https://example.com/ping");\n}\n`,
    `import https from "node:https";\nexport function report(host: string, body: string) {\n  const req = https.request({ host, method: "POST" }, res => {\n    res.on("data", () => {});\n  });\n  req.on("error", () => {});\n  req.write(body);\n  req.end();\n}\nexport const logger = { log: (host: string) => report(host, "x") };\n`,
    // Every wait is bounded further up, in two other files: one caller races the function with a
    // timer, the other awaits it in a function whose only caller hands it to a timeout helper.
    { code: pagesCode, filename: "pages.ts", files: deadlineFile },
    // Across files, a caller that races the function with a timer it never clears, or with
    // timers/promises' setTimeout chained to reject, or calls it in an executor whose timer rejects.
    {
      code: pagesCode,
      filename: "pages.ts",
      files: {
        "probe.ts": `import { loadPage } from "./pages.js";\nexport async function probe(url: string) {\n  return Promise.race([loadPage(url), new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), 2000))]);\n}\n`,
        "sleepy.ts": `import { setTimeout as sleep } from "node:timers/promises";\nimport { loadPage } from "./pages.js";\nexport async function check(url: string) {\n  return Promise.race([loadPage(url), sleep(2000).then(() => { throw new Error("timed out"); })]);\n}\n`,
        "by-hand.ts": `import { loadPage } from "./pages.js";\nexport function within(url: string) {\n  return new Promise<string>((resolve, reject) => {\n    setTimeout(() => reject(new Error("timed out")), 2000);\n    loadPage(url).then(resolve, reject);\n  });\n}\n`,
      },
    },
    // Round 41: the caller hands the function's promise, in another file, to a timeout helper written
    // by hand (no `Promise.race`: a `new Promise` settled by a timer, the parameter only chained).
    {
      code: pagesCode,
      filename: "pages.ts",
      files: {
        "deadline.ts": byHandDeadline,
        "crawl.ts": settleCrawl,
        "arrow.ts": byHandArrow,
        "probe.ts": `import { loadPage } from "./pages.js";\nimport { within } from "./arrow.js";\nexport async function probe(url: string) {\n  await within(loadPage(url), 2000);\n}\n`,
      },
    },
    // Round 41: a method the checker ties no call to (called on a parameter typed `any`, or through
    // an interface), whose every call by its name in the project is handed to a timeout helper.
    { code: processorCode, filename: "processor.ts", files: { "deadline.ts": byHandDeadline, "gate.ts": untypedGate } },
    {
      code: processorCode,
      filename: "processor.ts",
      files: {
        "deadline.ts": byHandDeadline,
        "gate.ts": `import { settleWithin } from "./deadline.js";\nexport interface Verifier {\n  verify(id: string): Promise<boolean>;\n}\nexport async function gate(verifier: Verifier, id: string) {\n  return settleWithin(verifier.verify(id), 5000);\n}\n`,
      },
    },
    // A socket opened in a promise's executor, the promise awaited by a function every caller races.
    {
      code: `import net from "node:net";\nasync function reach(host: string) {\n  await new Promise<void>((resolve, reject) => {\n    const socket = net.connect({ host, port: 443 }, () => resolve());\n    socket.on("error", reject);\n  });\n}\nexport async function check(host: string) {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  const expired = new Promise<never>((_, reject) => {\n    timer = setTimeout(() => reject(new Error("timed out")), 2000);\n  });\n  try {\n    await Promise.race([reach(host), expired]);\n  } finally {\n    clearTimeout(timer);\n  }\n}\n`,
    },
    // A TCP connect probe of this machine (a loopback host written in the call) whose replies the
    // code does not read: nobody listening refuses at once, a listener's kernel completes the
    // handshake, and no network lies in between.
    `import net from "node:net";\nexport function portOpen(port: number) {\n  return new Promise<void>((resolve, reject) => {\n    const socket = net.connect(port, "localhost", () => resolve());\n    socket.on("error", reject);\n    socket.end();\n  });\n}\n`,
    `import net from "node:net";\nexport function portOpen() {\n  return new Promise<void>((resolve, reject) => {\n    net.connect({ port: 5432, host: "127.0.0.1" }, () => resolve()).on("error", reject).end();\n  });\n}\n`,
    // A helper that only browser code calls (UI components import it): it runs in the page, not in Node.
    {
      code: `export async function loadSourceMap(url: string) {\n  const response = await fetch(url);\n  return response.json();\n}\n`,
      filename: "source-map.ts",
      files: {
        "frame.ts": `import { createResource } from "solid-js";\nimport { loadSourceMap } from "./source-map.js";\nexport function useFrame(url: string) {\n  return createResource(() => url, async u => (await loadSourceMap(u)).mappings);\n}\n`,
        "overlay.ts": `import { loadSourceMap } from "./source-map.js";\nexport async function show(url: string) {\n  document.body.append(String(await loadSourceMap(url)));\n}\n`,
      },
    },
    // Round 44: a module only the package's browser entry imports (`exports` maps `.` to
    // `lib/browser.js` for browsers and to `lib/index.js` otherwise; `./browser` names the same
    // build): the bundle for a page, which Node never loads ...
    { code: pageFetcherCode, filename: "src/PageFetcher.ts", files: browserEntryPackage },
    // ... the browser entry itself ...
    {
      code: `export async function ping(url: string) {\n  return (await fetch(url)).ok;\n}\n`,
      filename: "src/browser.ts",
      files: { ...browserEntryPackage, "src/browser.ts": "" },
    },
    // Round 50: a helper of a React Native library (a required peer) ...
    { code: nativeHelperCode, filename: "src/api/resolveShortLink.ts", files: reactNativePackage(`"peerDependencies":{"react-native":">=0.72"}`) },
    // ... and of an app that depends on it.
    { code: nativeHelperCode, filename: "src/api/resolveShortLink.ts", files: reactNativePackage(`"dependencies":{"react-native":"0.76.0"}`) },
    // Round 48: the browser platform of a package split into `browser/` and `node/` folders, which
    // only the browser folder's `index` imports (the package declares a browser build) ...
    { code: pagePlatformCode, filename: "src/browser/pagePlatform.ts", files: platformFoldersPackage },
    // ... and that `index` itself.
    {
      code: `export async function ping(url: string) {\n  return (await fetch(url)).ok;\n}\n`,
      filename: "src/browser/index.ts",
      files: platformFoldersPackage,
    },
    // ... and the `browser` field beside `main` (the module browsers get instead of `main`).
    {
      code: `export async function ping(url: string) {\n  return (await fetch(url)).ok;\n}\n`,
      filename: "browser.ts",
      files: { "package.json": `{"name":"case","type":"module","main":"index.js","browser":"browser.js"}`, "index.ts": `export const version = 1;\n` },
    },
    // The same helper handed to the UI framework as a value (its callers unknown): only browser files import its module.
    {
      code: `export async function loadSourceMap(url: string) {\n  const response = await fetch(url);\n  return response.json();\n}\n`,
      filename: "source-map.ts",
      files: {
        "frame.ts": `import { createResource } from "solid-js";\nimport { loadSourceMap } from "./source-map.js";\nexport function useFrame(url: string) {\n  return createResource(() => url, loadSourceMap);\n}\n`,
      },
    },
    // A request dropped where it is made waits for no one, whoever calls the function (here nobody
    // in the project: a transport's method called through its interface).
    `export class PostTransport {\n  send(url: string, body: string): boolean {\n    fetch(url, { method: "POST", body }).catch(err => console.error(err));\n    return true;\n  }\n}\n`,
    // A promise kept only to be tested (always truthy), and a retry below \`if (!sent)\`, which never
    // runs: nobody waits for the request, whose function only returns a constant after it.
    `class Session {\n  constructor(private url: string) {}\n  async refresh(token: string) {\n    const sent = this.push(token);\n    if (!sent) {\n      await new Promise(resolve => setTimeout(() => resolve(this.push(token)), 1000));\n    }\n  }\n  private async push(token: string) {\n    try {\n      await fetch(this.url, { method: "POST", body: token });\n      return true;\n    } catch {\n      return false;\n    }\n  }\n}\nexport const session = new Session("https://example.com/token");\nexport const refresh = (t: string) => session.refresh(t);\n`,
    // Untyped JavaScript (corpora are not strict: a `let` without a type is `any`), where axios and
    // got take an argument they cannot see as an object for a URL: a `let` or `var` given one
    // options literal or another before the call, each with a timeout ...
    {
      code: `const axios = require("axios");\nasync function login(config) {\n  let req;\n  while (true) {\n    if (config.token) {\n      req = { method: "GET", url: config.tokenUrl, timeout: 40000 };\n    } else if (config.password) {\n      req = { method: "POST", url: config.loginUrl, data: { password: config.password }, timeout: 3 * 40000 };\n    } else {\n      return undefined;\n    }\n    req.headers = { "user-agent": "client" };\n    try {\n      return (await axios(req)).data;\n    } catch (error) {\n      if (error.code !== "ECONNRESET") throw error;\n    }\n  }\n}\nmodule.exports = { login };\n`,
      filename: "login.js",
      compilerOptions: { strict: false },
    },
    {
      code: `const got = require("got");\nasync function fetchFeed(url, etag) {\n  var options;\n  if (etag) options = { url, headers: { "if-none-match": etag }, timeout: { request: 10000 } };\n  else options = { url, timeout: { request: 10000 } };\n  return got(options).json();\n}\nmodule.exports = { fetchFeed };\n`,
      filename: "feed.js",
      compilerOptions: { strict: false },
    },
    // ... and a literal spreading first a client's defaults, which its constructor sets with a
    // timeout (options a caller adds after the timeout are the caller's choice), with nothing after
    // the spread that may bring another.
    {
      code: `const axios = require("axios");\nclass RestClient {\n  requestDefaults;\n  constructor(options = {}, requestOptions = {}) {\n    this.baseUrl = options.baseUrl;\n    this.requestDefaults = {\n      timeout: 1000 * 60 * 5,\n      ...requestOptions,\n    };\n    if (!this.requestDefaults.headers) this.requestDefaults.headers = {};\n    this.requestDefaults.headers["Accept"] = "application/json";\n  }\n  async call(method, endpoint, params) {\n    const options = { ...this.requestDefaults, url: this.baseUrl + endpoint, method };\n    if (method === "GET") options.params = params;\n    else options.data = params;\n    return axios(options).then(res => res.data);\n  }\n}\nmodule.exports = { RestClient };\n`,
      filename: "rest-client.js",
      compilerOptions: { strict: false },
    },
    // ... also when a method of the class builds the options (a request builder whose every
    // return is such a literal, directly or through a variable of the method), called in place or
    // kept in a variable (round 43).
    {
      code: `const axios = require("axios");\nclass BaseRestClient {\n  globalRequestOptions;\n  constructor(options = {}, networkOptions = {}) {\n    this.globalRequestOptions = {\n      timeout: 1000 * 60 * 5,\n      ...networkOptions,\n      headers: { "Content-Type": "application/json" },\n    };\n    if (options.keepAlive) this.globalRequestOptions.httpsAgent = options.agent;\n  }\n  async _call(method, url, params, isPublic) {\n    const options = await this.buildRequest(method, url, params, isPublic);\n    return axios(options).then(res => res.data);\n  }\n  async _callAgain(method, url, params) {\n    return axios(await this.buildRequest(method, url, params, true));\n  }\n  async buildRequest(method, url, params, isPublic) {\n    const options = {\n      ...this.globalRequestOptions,\n      url,\n      method,\n      headers: { ...params?.headers, ...this.globalRequestOptions.headers },\n    };\n    if (isPublic) return { ...options, params };\n    const sign = await this.sign(params);\n    if (method === "GET") return { ...options, url: url + "?" + sign };\n    return options;\n  }\n  async sign(params) {\n    return JSON.stringify(params);\n  }\n}\nmodule.exports = { BaseRestClient };\n`,
      filename: "base-rest-client.js",
      compilerOptions: { strict: false },
    },
    // A fan-out nobody waits for: each callback's request goes into a `Promise.all` dropped as a
    // statement, or into a `forEach` (which ignores what its callback returns).
    `export function notifyAll(urls: string[], body: string) {\n  Promise.all(urls.map(url => fetch(url, { method: "POST", body }).catch(() => undefined)));\n  return urls.length;\n}\n`,
    `export function pingAll(urls: string[]) {\n  urls.forEach(async url => {\n    await fetch(url, { method: "POST" });\n  });\n}\n`,
    // ... also through a project method returned from the callback, whose request chain only logs
    // the response and the error: the method's promise is the request's, and its one caller drops it.
    `export class Hub {\n  subs: { url: string }[] = [];\n  private debug(x: unknown) {\n    console.log(x);\n  }\n  send(event: string, url: string) {\n    return fetch(url, { method: "POST", body: event })\n      .then(res => this.debug(res))\n      .catch(err => this.debug(err));\n  }\n  publish(event: string) {\n    Promise.all(\n      this.subs.map(sub => {\n        if (!sub.url) return;\n        return this.send(event, sub.url);\n      }),\n    );\n    return { ok: true };\n  }\n}\n`,
    // A module-level function its module neither exports nor uses, in a package that does not close
    // its modules: no module can reach it. A same-named method called in the file is not a use.
    {
      code: `const axios = require("axios");\nfunction myRequest(url) {\n  return axios.get(url);\n}\nclass Client {\n  myRequest(url) {\n    return axios.get(url, { timeout: 5000 });\n  }\n  async load(url) {\n    return this.myRequest(url);\n  }\n}\nmodule.exports = { Client, options: { myRequest: true } };\n`,
      filename: "client.js",
      compilerOptions: { strict: false },
    },
    // A function nothing in the package imports or calls, in a package whose `exports` names each
    // subpath (its users reach only the entry): it never runs.
    { code: helperCode, filename: "helper.ts", files: { ...closedPackage, ...helperEntry } },
    // ... also carried whole by an `export *` module whose importers import only a type; and in a
    // command-line program (only `bin`), in compiled CommonJS.
    {
      code: helperCode,
      filename: "lib/helper.ts",
      files: {
        ...closedPackage,
        "lib/index.ts": `export * from "./helper.js";\nexport type Reply = { status: number };\n`,
        "index.ts": `import type { Reply } from "./lib/index.js";\nexport function ok(r: Reply) {\n  return r.status === 200;\n}\n`,
      },
    },
    {
      code: `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.isValidUrl = exports.download = void 0;\nconst download = async (url) => {\n  const res = await fetch(url);\n  return res.arrayBuffer();\n};\nexports.download = download;\nconst isValidUrl = (u) => u.startsWith("https://");\nexports.isValidUrl = isValidUrl;\n`,
      filename: "lib/helper.js",
      files: {
        "package.json": `{"name":"case","bin":{"case":"cli.js"}}`,
        "cli.js": `"use strict";\nconst helper_1 = require("./lib/helper.js");\nconsole.log(helper_1.isValidUrl(process.argv[2]));\n`,
      },
    },
    // A command-line program whose entry is in the project: a function only a module nothing
    // imports calls (a commented-out import is no import), and a request in such a module.
    { code: helperCode, filename: "helper.ts", files: { ...cliPackage, "old-tool.ts": oldToolCode } },
    { code: leftoverCode, filename: "tools/leftover.ts", files: { ...cliPackage, "helper.ts": helperCode } },
    // ... also a module whose file name holds characters that mean something in a regular
    // expression, named in another file's comment (not a path the code loads).
    {
      code: leftoverCode,
      filename: "tools/c++.ts",
      files: { ...cliPackage, "helper.ts": helperCode, "notes.ts": `// c++ was the old tool\nexport const kept = 1;\n` },
    },
    // ... also where `bin` names built output (dist/) and the project holds its source under src/.
    {
      code: leftoverCode,
      filename: "src/leftover.ts",
      files: { "package.json": `{"name":"case","type":"module","bin":{"case":"dist/cli.js"}}`, "src/cli.ts": `console.log(process.argv[2]);\n` },
    },
    // ... also two modules deep: the module that imports it is imported only by one nothing imports.
    {
      code: helperCode,
      filename: "helper.ts",
      files: {
        ...cliPackage,
        "old-tool.ts": oldToolCode,
        "old-command.ts": `import { convert } from "./old-tool.js";\nexport async function run(u: string) {\n  console.log(await convert(u));\n}\n`,
      },
    },
    // Round 51: a program that is also a library (`bin` and `main`, no `exports`): a module that no
    // entry reaches is a leftover, also where the entries name built output (dist/) of src/ sources
    // and scripts name only the entries and the top source folder.
    {
      code: leftoverCode,
      filename: "leftover.ts",
      files: {
        ...cliPackage,
        "package.json": `{"name":"case","type":"module","main":"index.js","bin":{"case":"cli.js"}}`,
        "helper.ts": helperCode,
        ...helperEntry,
      },
    },
    // The URL of a host named like the module (`https://leftover.example/`) is no path that loads it.
    {
      code: leftoverCode,
      filename: "leftover.ts",
      files: {
        ...cliPackage,
        "package.json": `{"name":"case","type":"module","main":"index.js","bin":{"case":"cli.js"}}`,
        "helper.ts": `${helperCode}export const home = "https://leftover.example/api";\n`,
        ...helperEntry,
      },
    },
    {
      code: leftoverCode,
      filename: "src/core/leftover.ts",
      files: {
        "package.json": `{"name":"case","type":"module","main":"dist/index.js","bin":{"case":"dist/cli/index.js"},"scripts":{"build":"tsc -p src","start":"node dist/cli/index.js"}}`,
        "src/index.ts": `export { isValidUrl } from "./core/helper.js";\n`,
        "src/core/helper.ts": helperCode,
        "src/cli/index.ts": `import { isValidUrl } from "../core/helper.js";\nconsole.log(isValidUrl(process.argv[2] ?? ""));\n`,
      },
    },
    // A static method nothing names, in a command-line program: called by its class's name or not at all.
    {
      code: oauthCode,
      filename: "oauth.ts",
      files: { ...cliPackage, "cli.ts": `import { OAuth } from "./oauth.js";\nconsole.log(OAuth.authUrl(process.argv[2] ?? ""));\n` },
    },
    // Round 26: in a command-line program, an instance method of the program's own class that nothing
    // names (the other file's `delete` is read on a package's value and a runtime `Map`)...
    {
      code: clientCode,
      filename: "client.ts",
      files: {
        "package.json": `{"name":"case","type":"module","bin":{"case":"cli.js"},"dependencies":{"web-kit":"1.0.0"}}`,
        "cli.ts": `import { Client } from "./client.js";\nimport web from "web-kit";\nconst app = web();\napp.remove("/cache", () => {});\nconst seen = new Map<string, number>() as unknown as { remove(key: string): void };\nseen.remove("x");\nconsole.log(await new Client().get(process.argv[2] ?? ""));\n`,
      },
    },
    // Round 41: ... also when its one reader is another method of the class that nothing names (a
    // wrapper left uncalled: what it would call never runs either).
    {
      code: wrappedClientCode,
      filename: "client.ts",
      files: { ...cliPackage, "cli.ts": `import { Client } from "./client.js";\nconsole.log(await new Client().get(process.argv[2] ?? ""));\n` },
    },
    // ... and a property of a module-level object literal that no chain of reads reaches.
    {
      code: apiCode,
      filename: "api.ts",
      files: { ...cliPackage, "cli.ts": `import { api } from "./api.js";\nconsole.log(await api.things.list());\nexport const create = (x: string) => x;\n` },
    },
    // Round 28: a function whose callers all drop its promise, also put in a module-level object
    // whose property no code reads (`Analytics.trackAction(...)` and `Analytics.identifier` leave
    // it), in a library whose `exports` closes its modules and whose entry does not hand the object
    // out: the object gives the function to nobody, and nobody waits for the request...
    { code: analyticsCode(), filename: "analytics.ts", files: { ...closedPackage, ...analyticsEntry } },
    // ... the same as a property's value (`sendEvent: sendEvent`), in a command-line program.
    {
      code: analyticsCode("sendEvent: sendEvent"),
      filename: "analytics.ts",
      files: { ...cliPackage, "cli.ts": `import { Analytics } from "./analytics.js";\nAnalytics.trackAction("start");\n` },
    },
    // ... and a function nothing calls, whose only other mention is such a property: it never runs.
    {
      code: toolsCode,
      filename: "tools.ts",
      files: { ...closedPackage, "index.ts": `export { names } from "./names.js";\n`, "names.ts": toolsEntry["index.ts"] },
    },
    // A provider's method whose only call in its file is raced with a timer: the interface's
    // signature and the other providers' methods of the same name are declarations, not calls.
    { code: providersCode(""), filename: "providers.ts" },
    // Round 25: callers that chain handlers doing nothing (`.then()` written to quiet a lint, an
    // empty `.then`/`.finally` handler, `.then(undefined, onError)`) drop the promise like `.catch`.
    {
      code: `export const capture = async (event: string) => {\n  try {\n    await fetch("https://telemetry.example.com/e", { method: "POST", body: event });\n  } catch {}\n};\n`,
      filename: "telemetry.ts",
      files: {
        "run.ts": `import { capture } from "./telemetry.js";\nexport function run() {\n  capture("run").then();\n  capture("step").then(() => {});\n  capture("stop").then(undefined, err => console.error(err));\n  capture("bye").finally(() => {});\n  return 1;\n}\n`,
      },
    },
    // Round 25: a caller's `.then` handler that only logs the result (reading its body to log it),
    // the chain dropped as a statement in a `.finally` callback: nobody waits for the request.
    {
      code: `export class Api {\n  constructor(private host: string) {}\n  async postResult(body: string) {\n    return fetch(\`\${this.host}/result\`, { method: "POST", body });\n  }\n}\nexport class Agent {\n  constructor(private api: Api, private logger: Console) {}\n  handle(work: Promise<string>) {\n    work\n      .catch(() => "failed")\n      .finally(() => {\n        this.api\n          .postResult("done")\n          .then(async res => {\n            this.logger.debug("posted", res.status, await res.text());\n          })\n          .catch(err => this.logger.error(err));\n      });\n    return "continue";\n  }\n}\n`,
    },
    // Round 39: what the function does after the request only reads the response into its result
    // (a `.then` that parses the body, `return data.items`), and its one caller drops the promise
    // (a vote fired when a game ends): nobody reads the result, nobody waits for the request.
    {
      code: `const fetch = require("node-fetch");\nclass Game {\n  async vote(id, option) {\n    return await fetch(\`https://api.example.com/vote?id=\${id}&option=\${option}\`).then(res => res.json()).catch(e => {\n      return {};\n    });\n  }\n  async gameOver(msg, result) {\n    this.vote(this.id, result);\n    return await msg.edit("done");\n  }\n}\nmodule.exports = Game;\n`,
      filename: "game.js",
      compilerOptions: { strict: false },
    },
    {
      code: `export async function sendEvent(event: string) {\n  const response = await fetch("https://analytics.example.com/o", { method: "POST", body: event });\n  if (!response.ok) throw new Error("failed");\n  const data = await response.json();\n  return data?.id;\n}\nexport function load(url: string) {\n  return fetch(url).then(res => {\n    return res.json();\n  });\n}\n`,
      filename: "analytics.ts",
      files: {
        "run.ts": `import { sendEvent, load } from "./analytics.js";\nexport function run() {\n  sendEvent("b");\n  void load("https://example.com/warm");\n}\n`,
      },
    },
    // Round 39: a poll run by \`setInterval\` whose one wait is the request (the tick written in
    // place, or a local function whose only use is that argument): nobody awaits a tick, and a
    // stalled request holds no later tick, which polls again.
    `export function waitForUi(url: string, open: (u: string) => void) {\n  let isOpen = false;\n  const interval = setInterval(async () => {\n    let response;\n    try {\n      response = await fetch(url);\n    } catch (e) {\n      return;\n    }\n    if (response.status < 400 && !isOpen) {\n      clearInterval(interval);\n      isOpen = true;\n      open(url);\n    }\n  }, 2000);\n}\n`,
    `export class Monitor {\n  up = false;\n  start(url: string) {\n    const poll = async () => {\n      const res = await fetch(url);\n      this.up = res.ok;\n    };\n    return setInterval(poll, 5000);\n  }\n}\n`,
    // Round 39: a download into a file stream made in the response callback, kept by nobody: no
    // code can learn when it ends, so nobody waits for it (the code sleeps and goes on).
    `import https from "node:https";\nimport fs from "node:fs";\nexport async function fetchCompose(url: string) {\n  https.get(url, resp => resp.pipe(fs.createWriteStream("docker-compose.yml")));\n  await new Promise(r => setTimeout(r, 2000));\n}\n`,
    // Round 25: a request whose response is only checked, to throw on failure, before the function
    // ends: the function's promise settles as the request does, and every caller drops it.
    {
      code: `export async function sendEvent(event: string) {\n  const body = JSON.stringify({ event });\n  const response = await fetch("https://analytics.example.com/e", { method: "POST", body });\n  if (!response.ok) {\n    throw new Error(\`HTTP error! status: \${response.status}\`);\n  }\n}\n`,
      filename: "analytics.ts",
      files: {
        "provider.ts": `import { sendEvent } from "./analytics.js";\nexport class Provider {\n  track() {\n    try {\n      sendEvent("init");\n    } catch (error) {\n      console.warn(error);\n    }\n  }\n}\n`,
      },
    },
    // Round 25: a network program's subcommands that only read or write its local configuration
    // (`gh auth setup-git`, `gh config set`, `kubectl config use-context`, `aws configure get`).
    {
      code: `import { run } from "./run.js";\nexport async function setUp(dir: string) {\n  await run("gh", ["auth", "setup-git"], { cwd: dir });\n  await run("gh", ["config", "set", "git_protocol", "https"], { cwd: dir });\n  await run("kubectl", ["config", "use-context", "dev"], { cwd: dir });\n  await run("aws", ["configure", "get", "region"], { cwd: dir });\n}\n`,
      files: runFile,
    },
    `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport async function project() {\n  return (await execAsync("gcloud config get-value project")).stdout.trim();\n}\n`,
    // Round 29: in a package whose entry starts the program when it is loaded (`(() => new
    // Adapter())()`, or compact mode's `if (require.main !== module) ... else new Adapter()`), an
    // instance method and a static method of a helper class that nothing calls never run.
    { code: cookieCode, filename: "cookie.ts", files: { ...startedPackage, "main.ts": startedMain } },
    {
      code: cookieCode,
      filename: "cookie.ts",
      files: {
        ...startedPackage,
        "main.ts": startedMain.replace(
          "(() => new Adapter())();",
          "declare const require: { main: unknown };\ndeclare const module: { exports: unknown };\nif (require.main !== module) {\n  module.exports = (options: object) => new Adapter();\n} else {\n  new Adapter();\n}",
        ),
      },
    },
    // ... also in CommonJS: the helper exported and required by name, the entry in compact mode.
    {
      code: `class Cookie {\n  async send() {\n    const res = await fetch("https://example.com/a", { signal: AbortSignal.timeout(5000) });\n    return res.json();\n  }\n  async improve() {\n    const res = await fetch("https://example.com/b");\n    return res.ok;\n  }\n}\nmodule.exports = { Cookie };\n`,
      filename: "lib/cookie.js",
      compilerOptions: { strict: false },
      files: {
        "package.json": `{"name":"case","main":"main.js"}`,
        "main.js": `const { Cookie } = require("./lib/cookie.js");\nclass Adapter {\n  constructor() {\n    this.cookie = new Cookie();\n  }\n  poll() {\n    return this.cookie.send();\n  }\n}\nif (require.main !== module) {\n  module.exports = options => new Adapter(options);\n} else {\n  new Adapter();\n}\n`,
      },
    },
    // ... and a property of a module-level object literal that no chain of reads reaches.
    {
      code: apiCode,
      filename: "api.ts",
      files: {
        ...startedPackage,
        "main.ts": `import { api } from "./api.js";\nclass Program {\n  async run() {\n    console.log(await api.things.list());\n  }\n}\nnew Program().run();\n`,
      },
    },
    // Round 29: a package manager's own init with no initializer, told not to ask (`npm init -y`,
    // `yarn init --yes`, also through execFile and a wrapper): it writes a package.json and ends.
    {
      code: `import { exec, execFile } from "node:child_process";\nimport { promisify } from "node:util";\nimport { run } from "./run.js";\nconst execAsync = promisify(exec);\nconst execFileAsync = promisify(execFile);\nexport async function scaffold(dir: string) {\n  await execAsync("npm init -y", { cwd: dir });\n  await execAsync("yarn init --yes --private", { cwd: dir });\n  await execFileAsync("npm", ["init", "--yes", "--scope=@acme"], { cwd: dir });\n  await run("npm", ["init", "-y", "-f"], { cwd: dir });\n}\n`,
      files: runFile,
    },
    // Round 35: a function that first leaves when `window` (or `document`) is absent never makes its
    // request in Node; nor does a request in the branch of a check that it is there.
    browserClientCode,
    // Round 35: an axios client without a default timeout whose every request passes one.
    timedClientCode,
    timedThisClientCode,
    // Round 47: the same, kept in a static field, with options in a constant or a private method's parameter.
    timedFieldClientCode,

    // Round 52: npx runs a program of a package the package needs at run time (installed with it,
    // found in node_modules/.bin without the registry): judged like the same words without npx.
    { code: npxCode, files: npxPackage(`"dependencies":{"typescript":"^5.4.0"}`) },
    {
      code: `import { exec, execFile } from "node:child_process";\nimport { promisify } from "node:util";\nimport { sh } from "./sh.js";\nconst execAsync = promisify(exec);\nconst execFileAsync = promisify(execFile);\nexport async function check(dir: string) {\n  await execAsync("npx --no-install eslint .", { cwd: dir });\n  await execFileAsync("npx", ["tsc", "--noEmit", "-p", dir]);\n  await sh("npx -y tsc --showConfig", { cwd: dir });\n}\n`,
      files: { ...shFile, ...npxPackage(`"dependencies":{"eslint":"^9.0.0"},"peerDependencies":{"typescript":">=4.3"}`) },
    },
    // Round 52: a request to the origin the program's own Fastify server listens on: a route asking
    // another route, through `new URL(relative, base)`, a template or `+` with a path.
    { code: ownOriginCode, files: fastifyTypes },
    // ... in JavaScript with no types, in a package that depends on fastify.
    {
      code: `export async function plugin(fastify) {\n  fastify.get("/info", async () => {\n    const res = await fetch(new URL("/items/list.json", fastify.listeningOrigin));\n    return res.json();\n  });\n}\n`,
      filename: "maps.js",
      compilerOptions: { strict: false },
      files: { "package.json": `{"name":"case","type":"module","dependencies":{"fastify":"^5.0.0"}}` },
    },
    // Round 52: a request builder that merges the request's options over the client's defaults
    // (`Object.assign({ ...defaults }, options)`, or spreads them): the literal's timeout is the request's.
    {
      code: mergingClientCode.replace(/  get\(path[^]*?\n  }\n  async download/, "  async download"),
      filename: "client.js",
      compilerOptions: { strict: false },
    },
    {
      code: `const axios = require("axios");\nclass Api {\n  constructor(defaults) {\n    this.defaults = defaults;\n  }\n  list(kind) {\n    return axios(this.merge({ url: "https://api.example.com/" + kind, timeout: 30000 }));\n  }\n  merge(options) {\n    return { ...this.defaults, ...options, headers: { Accept: "application/json" } };\n  }\n}\nmodule.exports = { Api };\n`,
      filename: "api.js",
      compilerOptions: { strict: false },
    },

    // Session 25, round 36: compiled CommonJS's `(0, util_1.promisify)(child_process_1.exec)` is
    // promisify; the boundaries: a comma whose left side runs code is no compiled call, and a
    // promisified method of some object is no module's export.
    {
      name: "round 36 boundary: (note(), util_1.promisify)(child_process_1.exec) is no compiled call: not known to be exec",
      filename: "case.cjs",
      code: compiledPromisify("(note(), util_1.promisify)", "child_process_1.exec", `execAsync("git fetch origin")`),
    },
    {
      name: "round 36 boundary: (0, util_1.promisify)(conn.exec)(sql), a promisified method of an object, is no module's export",
      filename: "case.cjs",
      code: compiledPromisify("(0, util_1.promisify)", "child_process_1.exec", `(0, util_1.promisify)(conn.exec).call(conn, "git fetch origin")`),
    },
    // Round 53: a request dropped where it is made whose \`.then\` handler only picks which debug
    // line to write (\`if (response.status != 200) debug(...) else debug(...)\`, a test that only
    // reads): a crash report nobody waits for, like round 25's handler that only logs at debug level.
    {
      code: `const DEBUG = process.env.REPORT_DEBUG === "1";\nconst debug = (text: string) => {\n  if (DEBUG) console.info(text);\n};\nexport class CrashReporter {\n  constructor(private url: string) {}\n  upload(error: Error) {\n    try {\n      fetch(this.url, { method: "POST", body: JSON.stringify({ error: String(error) }) })\n        .then(response => {\n          if (response.status >= 400) {\n            debug(\`upload failed: \${response.status}\`);\n          } else if (response.status === 202) debug("accepted");\n          else {\n            debug(\`uploaded: \${JSON.stringify({ status: response.status })}\`);\n          }\n        })\n        .catch(err => debug(\`upload failed: \${err}\`));\n    } catch (e) {\n      debug(\`could not upload: \${e}\`);\n    }\n  }\n}\nexport function ping(url: string, log: { trace(m: string): void }) {\n  fetch(url).then(res => {\n    if (res.ok) log.trace("up");\n  });\n}\n`,
      filename: "crash.ts",
    },
    // Round 53: a request returned through a \`.then\` whose \`if\` only logs, every caller dropping it.
    {
      code: `export function send(url: string) {\n  return fetch(url, { method: "POST" }).then(res => {\n    if (!res.ok) console.error("send failed", res.status);\n  });\n}\n`,
      filename: "send.ts",
      files: { "run.ts": `import { send } from "./send.js";\nexport function run() {\n  send("https://telemetry.example.com/e");\n  return 1;\n}\n` },
    },
    // Round 55: update checks nobody waits for, whose answer only decides whether to warn: a
    // chain dropped where it is made (the body read into a second dropped chain, the version read
    // with \`require\` of a written path), and an async function whose await is followed only by
    // declarations that read values and an \`if\` that warns, which its one caller drops.
    {
      name: "round 55: a dropped update check whose handlers read the body and only decide whether to warn",
      filename: "db.cjs",
      code: `module.exports = {\n  setOptions(options) {\n    this.options = options;\n    if (options.checkUpdates) {\n      try {\n        fetch("https://registry.npmjs.org/some-db/latest").then(async (res) => {\n          res.json().then((data) => {\n            if (require("../package.json").version !== data.version) {\n              console.warn(this.messages.errors.oldVersion);\n            }\n          });\n        });\n      } catch (err) {}\n    }\n  },\n};\n`,
    },
    {
      name: "round 55: an update check awaited last, followed by declarations and a warning, every caller dropping it",
      code: `import { name, version } from "./version.js";\nexport const checkPackageUpdates = async (packageName?: string, packageVersion?: string): Promise<void> => {\n  try {\n    const pkgName = packageName ?? name;\n    const response = await fetch(\`https://registry.npmjs.org/\${pkgName}/latest\`);\n    const body = await response.json();\n    const latest = body.version;\n    const current = packageVersion ?? version;\n    if (latest > current) {\n      console.warn(\`\${pkgName}: a new version is out: \${current} -> \${latest}\`);\n    }\n  } catch (_error) {\n    // no network: say nothing\n  }\n};\n`,
      filename: "updates.ts",
      files: {
        "version.ts": `export const name = "some-sdk";\nexport const version = "1.0.0";\n`,
        "client.ts": `import { checkPackageUpdates } from "./updates.js";\nimport { name, version } from "./version.js";\nexport function createClient(options: { checkVersion?: boolean }) {\n  if (options.checkVersion) {\n    checkPackageUpdates(name, version);\n  }\n  return { options };\n}\n`,
      },
    },
    {
      name: "round 55: a dropped request whose expression-bodied handler only warns, with a .catch",
      code: `export function ping(url: string) {\n  fetch(url).then(res => console.warn("status", res.status)).catch(() => {});\n}\n`,
    },
    // Round 54: a one-flow sign-in server's request listener (see \`timedFlow\`): the timer settles
    // the promise and closes the server, the listener settles it; whoever awaits the flow waits at
    // most the timer's delay, and nothing but the browser's callback page waits on the listener.
    // Was round 38's boundary (reported); judged false in two code bases.
    { name: "round 54: a sign-in server's listener in a promise executor whose timer settles the promise and closes the server", code: timedFlow },
    {
      name: "round 54: the same with a stored timer, a local clean-up, guards that clean up and leave, and a chained exchange",
      code: guardedFlow,
    },
    {
      name: "round 54: untyped JavaScript, a server assigned to a `let`, a flag-guarded timer callback and a local finish that clears the timer",
      filename: "auth.js",
      compilerOptions: { strict: false },
      code: flaggedFlow,
    },
  ],
  invalid: [
    {
      name: "the boundary of page-relative URLs: a template or concatenation that may start with a scheme, a written host, and a project that sets undici's global origin",
      code: `export async function load(base: string, id: string) {\n  await fetch(\`\${base}/items/\${id}\`);\n  await fetch(base + "/items");\n  await fetch("localhost:3000/items");\n  return fetch(\`https://\${base}/x\`);\n}\n`,
      errors: [
        { line: 2, column: 9, messageId: "fetch" },
        { line: 3, column: 9, messageId: "fetch" },
        { line: 4, column: 9, messageId: "fetch" },
        { line: 5, column: 10, messageId: "fetch" },
      ],
      output: `export async function load(base: string, id: string) {\n  await fetch(\`\${base}/items/\${id}\`, { signal: AbortSignal.timeout(10000) });\n  await fetch(base + "/items", { signal: AbortSignal.timeout(10000) });\n  await fetch("localhost:3000/items", { signal: AbortSignal.timeout(10000) });\n  return fetch(\`https://\${base}/x\`, { signal: AbortSignal.timeout(10000) });\n}\n`,
    },
    {
      name: "a page-relative URL in a project that gives Node's fetch a base with undici's setGlobalOrigin",
      files: { "origin.ts": `import { setGlobalOrigin } from "undici";\nsetGlobalOrigin("http://localhost:3000");\n` },
      code: `export async function users() {\n  return (await fetch("/api/users")).json();\n}\n`,
      errors: [{ line: 2, column: 17, messageId: "fetch" }],
      output: `export async function users() {\n  return (await fetch("/api/users", { signal: AbortSignal.timeout(10000) })).json();\n}\n`,
    },
    {
      name: "an evaluate method in a package without a browser automation library runs its function in Node",
      code: `type Engine = { evaluate<T>(fn: () => T): Promise<T> };\nexport async function run(engine: Engine, url: string) {\n  return engine.evaluate(async () => (await fetch(url)).status);\n}\n`,
      errors: [{ line: 3, column: 45, messageId: "fetch" }],
      output: `type Engine = { evaluate<T>(fn: () => T): Promise<T> };\nexport async function run(engine: Engine, url: string) {\n  return engine.evaluate(async () => (await fetch(url, { signal: AbortSignal.timeout(10000) })).status);\n}\n`,
    },
    // The boundary of round 27's page functions: a function the page calls back into Node
    // (`exposeFunction`), a function only named in `evaluate` (it may run in Node too), and a request
    // Node makes beside an `evaluate`.
    {
      name: "a function exposed to the page runs in Node; a named function given to evaluate and a request beside it are not the page's",
      files: { "package.json": `{"name":"case","type":"module","dependencies":{"playwright":"^1.50.0"}}` },
      code: `type Page = { evaluate<T>(fn: () => T): Promise<T>; exposeFunction(name: string, fn: (...a: any[]) => unknown): Promise<void> };\nexport async function check(url: string) { return (await fetch(url)).ok; }\nexport async function wire(page: Page, url: string) {\n  await page.exposeFunction("report", async (body: string) => (await fetch(url, { method: "POST", body })).ok);\n  await page.evaluate(() => document.title);\n  await page.evaluate(check as unknown as () => boolean);\n  return (await fetch(url)).status;\n}\n`,
      errors: [
        { line: 2, column: 58, messageId: "fetch" },
        { line: 4, column: 70, messageId: "fetch" },
        { line: 7, column: 17, messageId: "fetch" },
      ],
      output: `type Page = { evaluate<T>(fn: () => T): Promise<T>; exposeFunction(name: string, fn: (...a: any[]) => unknown): Promise<void> };\nexport async function check(url: string) { return (await fetch(url, { signal: AbortSignal.timeout(10000) })).ok; }\nexport async function wire(page: Page, url: string) {\n  await page.exposeFunction("report", async (body: string) => (await fetch(url, { method: "POST", body, signal: AbortSignal.timeout(10000) })).ok);\n  await page.evaluate(() => document.title);\n  await page.evaluate(check as unknown as () => boolean);\n  return (await fetch(url, { signal: AbortSignal.timeout(10000) })).status;\n}\n`,
    },
    {
      name: "a module-level function its module exports, passes on, or that sits in a script (whose functions are globals): still reported",
      code: `const axios = require("axios");\nfunction exported(url) {\n  return axios.get(url);\n}\nfunction passedOn(url) {\n  return axios.get(url);\n}\nsetTimeout(passedOn, 10, "https://example.com");\nmodule.exports = { exported };\n`,
      filename: "requests.js",
      compilerOptions: { strict: false },
      errors: [
        { line: 3, column: 10, messageId: "axios" },
        { line: 6, column: 10, messageId: "axios" },
      ],
      output: `const axios = require("axios");\nfunction exported(url) {\n  return axios.get(url, { timeout: 10000 });\n}\nfunction passedOn(url) {\n  return axios.get(url, { timeout: 10000 });\n}\nsetTimeout(passedOn, 10, "https://example.com");\nmodule.exports = { exported };\n`,
    },
    {
      // (With `module: "nodenext"` the compiler takes every file Node runs as a module, as Node does.)
      name: "a script's top-level function (no module syntax): a global other scripts may call, still reported",
      code: `async function ping(url) {\n  await fetch(url);\n}\n`,
      filename: "ping.js",
      compilerOptions: { strict: false, module: "preserve", moduleResolution: "bundler" },
      files: { "package.json": `{"name":"case"}` },
      errors: [{ line: 2, column: 9, messageId: "fetch" }],
      output: `async function ping(url) {\n  await fetch(url, { signal: AbortSignal.timeout(10000) });\n}\n`,
    },
    {
      // No fix: `axios(x)` with x untyped may be the whole config, and axios ignores a second argument then.
      name: "an untyped options variable one of whose assignments has no timeout: still reported",
      code: `const axios = require("axios");\nasync function login(config) {\n  let req;\n  if (config.token) {\n    req = { method: "GET", url: config.tokenUrl, timeout: 40000 };\n  } else {\n    req = { method: "POST", url: config.loginUrl, data: { password: config.password } };\n  }\n  return (await axios(req)).data;\n}\nmodule.exports = { login };\n`,
      filename: "login.js",
      compilerOptions: { strict: false },
      errors: [{ line: 9, column: 17, messageId: "axios" }],
    },
    {
      name: "an untyped options variable also given a value the rule cannot see, or whose timeout is deleted: still reported",
      code: `const axios = require("axios");\nasync function send(config) {\n  let req;\n  if (config.url) req = { url: config.url, timeout: 40000 };\n  else req = config.request;\n  await axios(req);\n  let other;\n  other = { url: config.url, timeout: 40000 };\n  delete other.timeout;\n  await axios(other);\n}\nmodule.exports = { send };\n`,
      filename: "send.js",
      compilerOptions: { strict: false },
      errors: [
        { line: 6, column: 9, messageId: "axios" },
        { line: 10, column: 9, messageId: "axios" },
      ],
    },
    {
      name: "a client's defaults without a timeout, set again from a parameter, or followed by options that may bring their own: still reported",
      code: `const axios = require("axios");\nclass NoTimeout {\n  sharedOptions;\n  constructor(requestOptions = {}) {\n    this.sharedOptions = { headers: {}, ...requestOptions };\n  }\n  async call(url) {\n    const options = { ...this.sharedOptions, url };\n    return axios(options);\n  }\n}\nclass Replaced {\n  baseOptions;\n  constructor() {\n    this.baseOptions = { timeout: 30000 };\n  }\n  configure(options) {\n    this.baseOptions = options;\n  }\n  async call(url) {\n    const options = { ...this.baseOptions, url };\n    return axios(options);\n  }\n}\nclass Overridden {\n  clientOptions;\n  constructor() {\n    this.clientOptions = { timeout: 30000 };\n  }\n  async call(url, extra) {\n    const options = { ...this.clientOptions, ...extra, url };\n    return axios(options);\n  }\n}\nmodule.exports = { NoTimeout, Replaced, Overridden };\n`,
      filename: "clients.js",
      compilerOptions: { strict: false },
      errors: [
        { line: 9, column: 12, messageId: "axios" },
        { line: 22, column: 12, messageId: "axios" },
        { line: 32, column: 12, messageId: "axios" },
      ],
    },
    {
      name: "round 43: a request builder that a subclass in the file replaces: still reported",
      code: `const axios = require("axios");
class BaseRestClient {
  globalRequestOptions;
  constructor(options = {}, networkOptions = {}) {
    this.globalRequestOptions = {
      timeout: 1000 * 60 * 5,
      ...networkOptions,
      headers: { "Content-Type": "application/json" },
    };
    if (options.keepAlive) this.globalRequestOptions.httpsAgent = options.agent;
  }
  async _call(method, url, params, isPublic) {
    const options = await this.buildRequest(method, url, params, isPublic);
    return axios(options).then(res => res.data);
  }
  async _callAgain(method, url, params) {
    return axios(await this.buildRequest(method, url, params, true));
  }
  async buildRequest(method, url, params, isPublic) {
    const options = {
      ...this.globalRequestOptions,
      url,
      method,
      headers: { ...params?.headers, ...this.globalRequestOptions.headers },
    };
    if (isPublic) return { ...options, params };
    const sign = await this.sign(params);
    if (method === "GET") return { ...options, url: url + "?" + sign };
    return options;
  }
  async sign(params) {
    return JSON.stringify(params);
  }
}
class PublicClient extends BaseRestClient {
  async buildRequest(method, url, params) {
    return { url, method, params, headers: { ...params?.headers } };
  }
}
module.exports = { BaseRestClient, PublicClient };
`,
      filename: "clients.js",
      compilerOptions: { strict: false },
      errors: [
        { line: 14, column: 12, messageId: "axios" },
        { line: 17, column: 12, messageId: "axios" },
      ],
    },
    {
      name: "round 43: a request builder with a return the rule cannot see (a parameter), one whose defaults have no timeout, and a static one: still reported",
      code: `const axios = require("axios");\nclass Client {\n  globalRequestOptions;\n  bareOptions;\n  constructor(options = {}, networkOptions = {}) {\n    this.globalRequestOptions = { timeout: 30000, ...networkOptions };\n    this.bareOptions = { ...networkOptions, headers: {} };\n  }\n  async call(method, url, extra) {\n    const options = await this.build(method, url, extra);\n    return axios(options);\n  }\n  async callBare(method, url, params) {\n    return axios(await this.bare(method, url, params));\n  }\n  async callStatic(method, url, params) {\n    const options = Client.make(method, url, params);\n    return axios(options);\n  }\n  build(method, url, extra) {\n    if (extra) return extra;\n    return { ...this.globalRequestOptions, url, method };\n  }\n  bare(method, url, params) {\n    return { ...this.bareOptions, url, method, headers: { ...params?.headers } };\n  }\n  static make(method, url, params) {\n    return { ...params, timeout: 1000, url, method };\n  }\n}\nmodule.exports = { Client };\n`,
      filename: "client.js",
      compilerOptions: { strict: false },
      errors: [
        { line: 11, column: 12, messageId: "axios" },
        { line: 14, column: 12, messageId: "axios" },
        { line: 18, column: 12, messageId: "axios" },
      ],
    },
    {
      name: "an untyped argument its function calls a string method on is a URL string, not a Request",
      code: `export async function load(filePath) {\n  if (filePath.startsWith("http")) return (await fetch(filePath)).text();\n  return "";\n}\n`,
      filename: "load.js",
      errors: [{ line: 2, column: 50, messageId: "fetch", message: "fetch() has no timeout" }],
      output: `export async function load(filePath) {\n  if (filePath.startsWith("http")) return (await fetch(filePath, { signal: AbortSignal.timeout(10000) })).text();\n  return "";\n}\n`,
    },
    {
      name: "one caller of the function awaits it with no timer around it: that caller can wait forever",
      code: pagesCode,
      filename: "pages.ts",
      files: {
        ...deadlineFile,
        "report.ts": `import { loadPage } from "./pages.js";\nexport async function report(url: string) {\n  console.log(await loadPage(url));\n}\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch", message: "fetch() has no timeout" }],
      output: pagesOutput,
    },
    {
      name: "every project caller bounds the wait, but the package's entry exports the function: its users call it too",
      code: pagesCode,
      filename: "pages.ts",
      files: { ...deadlineFile, "package.json": `{"name":"case","type":"module","main":"pages.js"}` },
      errors: [{ line: 2, column: 21, messageId: "fetch", message: "fetch() has no timeout" }],
      output: pagesOutput,
    },
    {
      name: "a race whose other arm only waits (resolves with nothing): a grace period, not a timeout",
      code: pagesCode,
      filename: "pages.ts",
      files: {
        "probe.ts": `import { loadPage } from "./pages.js";\nexport async function probe(url: string) {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  const grace = new Promise<void>(resolve => {\n    timer = setTimeout(resolve, 2000);\n  });\n  try {\n    return await Promise.race([loadPage(url), grace]);\n  } finally {\n    clearTimeout(timer);\n  }\n}\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch", message: "fetch() has no timeout" }],
      output: pagesOutput,
    },
    {
      name: "round 41: a hand-written timeout helper whose timer may not start (under an if) bounds nothing",
      code: pagesCode,
      filename: "pages.ts",
      files: {
        "deadline.ts": `export function settleWithin<T>(work: Promise<T>, ms?: number): Promise<T> {\n  return new Promise<T>((resolve, reject) => {\n    if (ms) setTimeout(() => reject(new Error("timed out")), ms);\n    work.then(resolve, reject);\n  });\n}\n`,
        "crawl.ts": settleCrawl,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: pagesOutput,
    },
    {
      name: "round 41: a hand-written timeout helper that also hands its parameter on: whoever gets it may wait for it",
      code: pagesCode,
      filename: "pages.ts",
      files: {
        "deadline.ts": `const pending = new Set<Promise<unknown>>();\nexport function settleWithin<T>(work: Promise<T>, ms: number): Promise<T> {\n  pending.add(work);\n  return new Promise<T>((resolve, reject) => {\n    setTimeout(() => reject(new Error("timed out")), ms);\n    work.then(resolve, reject);\n  });\n}\nexport const drain = () => Promise.all(pending);\n`,
        "crawl.ts": settleCrawl,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: pagesOutput,
    },
    {
      name: "round 41: a method called by name on untyped receivers, one of which waits with no timer",
      code: processorCode,
      filename: "processor.ts",
      files: {
        "deadline.ts": byHandDeadline,
        "gate.ts": untypedGate,
        "audit.ts": `export async function audit(processor: any, id: string) {\n  return processor.verify(id);\n}\n`,
      },
      errors: [{ line: 3, column: 23, messageId: "fetch" }],
      output: processorOutput,
    },
    {
      name: "round 41: a method called by name on untyped receivers and also read as a value: whoever gets it may await it",
      code: processorCode,
      filename: "processor.ts",
      files: { "deadline.ts": byHandDeadline, "gate.ts": untypedGate, "audit.ts": `export const verifierOf = (processor: any) => processor.verify;\n` },
      errors: [{ line: 3, column: 23, messageId: "fetch" }],
      output: processorOutput,
    },
    {
      name: "round 41: a function nothing ties a call to: its callers are unknown, whatever other functions of the name do",
      code: `export async function verify(id: string) {\n  const res = await fetch(\`https://pay.example.com/\${id}\`);\n  return res.ok;\n}\n`,
      filename: "processor.ts",
      files: { "deadline.ts": byHandDeadline, "gate.ts": untypedGate },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: `export async function verify(id: string) {\n  const res = await fetch(\`https://pay.example.com/\${id}\`, { signal: AbortSignal.timeout(10000) });\n  return res.ok;\n}\n`,
    },
    {
      name: "a URL that arrives awaited (`fetch(await urlOf(id))`) is a URL: its type decides",
      code: `export async function get(id: string, urlOf: (id: string) => Promise<string>) {\n  return fetch((await urlOf(id))!);\n}\n`,
      errors: [{ line: 2, column: 10, messageId: "fetch", message: "fetch() has no timeout" }],
      output: `export async function get(id: string, urlOf: (id: string) => Promise<string>) {\n  return fetch((await urlOf(id))!, { signal: AbortSignal.timeout(10000) });\n}\n`,
    },
    {
      name: "an executor whose timer only may start (under an if), only resolves with nothing, or does not settle the promise: no bound",
      code: `import net from "node:net";\nexport function reach(host: string, ms?: number) {\n  return new Promise<void>((resolve, reject) => {\n    if (ms) setTimeout(() => reject(new Error("timed out")), ms);\n    net.connect({ host, port: 443 }, () => resolve()).on("error", reject);\n  });\n}\nexport function settle(host: string) {\n  return new Promise<void>(resolve => {\n    setTimeout(() => resolve(), 1000);\n    net.connect({ host, port: 443 }, () => resolve());\n  });\n}\nexport function logged(host: string) {\n  return new Promise<void>(resolve => {\n    setTimeout(() => console.log("still waiting"), 1000);\n    net.connect({ host, port: 443 }, () => resolve());\n  });\n}\n`,
      errors: [
        { line: 5, column: 5, messageId: "net" },
        { line: 11, column: 5, messageId: "net" },
        { line: 17, column: 5, messageId: "net" },
      ],
    },
    {
      name: "a timer started only once connected bounds the greeting, not the connect",
      code: `import net from "node:net";\nexport function greet(host: string) {\n  return new Promise<void>((resolve, reject) => {\n    const socket = net.connect({ host, port: 443 }, () => {\n      setTimeout(() => reject(new Error("no greeting")), 1000);\n    });\n    socket.on("data", () => resolve());\n  });\n}\n`,
      errors: [{ line: 4, column: 20, messageId: "net" }],
    },
    // Round 54 boundaries: a one-flow server's request listener stays reported when the timer does
    // not close the server, the listener does not settle the promise, the listener clears the timer
    // before its request, or the request sits in a function nested in the listener.
    {
      name: "round 54 boundary: the timer settles the promise but leaves the server open",
      code: timedFlow.replace("      server.close();\n", ""),
      errors: [{ line: 5, column: 27, messageId: "fetch" }],
      output: timedFlow.replace("      server.close();\n", "").replace(`{ method: "POST" }`, `{ method: "POST", signal: AbortSignal.timeout(10000) }`),
    },
    {
      name: "round 54 boundary: untyped JavaScript whose timer does not close the server",
      filename: "auth.js",
      compilerOptions: { strict: false },
      code: flaggedFlow.replace("        server?.close();\n", ""),
      errors: [{ line: 30, column: 27, messageId: "axios" }],
      output: flaggedFlow.replace("        server?.close();\n", "").replace(`{ code })`, `{ code }, { timeout: 10000 })`),
    },
    {
      name: "round 54 boundary: the listener never settles the promise",
      code: timedFlow.replace("      resolve({ ok: token.ok });\n", ""),
      errors: [{ line: 5, column: 27, messageId: "fetch" }],
      output: timedFlow
        .replace("      resolve({ ok: token.ok });\n", "")
        .replace(`{ method: "POST" }`, `{ method: "POST", signal: AbortSignal.timeout(10000) }`),
    },
    {
      name: "round 54 boundary: the listener clears the timer before its request (through a local function)",
      code: clearingFlow,
      errors: [{ line: 12, column: 27, messageId: "fetch" }],
      output: clearingFlow.replace(`{ method: "POST" }`, `{ method: "POST", signal: AbortSignal.timeout(10000) }`),
    },
    {
      name: "round 54 boundary: a request in a callback inside the listener, and a timer under a condition",
      code: nestedFlow,
      errors: [
        { line: 6, column: 29, messageId: "fetch" },
        { line: 17, column: 27, messageId: "fetch" },
      ],
      output: nestedFlow.replaceAll(`{ method: "POST" }`, `{ method: "POST", signal: AbortSignal.timeout(10000) }`),
    },
    {
      name: "another process's inspector (a URL given, a variable that is not the inspector's, a project function named url)",
      code: `import inspector from "node:inspector";\nconst debuggee = { url: () => "http://127.0.0.1:9229" };\nexport async function list(target: string) {\n  let url = new URL(inspector.url()!);\n  url = new URL(target);\n  await fetch(url);\n  return fetch(new URL(debuggee.url()));\n}\n`,
      errors: [
        { line: 6, column: 9, messageId: "fetch" },
        { line: 7, column: 10, messageId: "fetch" },
      ],
      output: `import inspector from "node:inspector";\nconst debuggee = { url: () => "http://127.0.0.1:9229" };\nexport async function list(target: string) {\n  let url = new URL(inspector.url()!);\n  url = new URL(target);\n  await fetch(url, { signal: AbortSignal.timeout(10000) });\n  return fetch(new URL(debuggee.url()), { signal: AbortSignal.timeout(10000) });\n}\n`,
    },
    {
      name: "a poll given to a waiting helper with no timeout (or timeout: 0) still waits forever",
      code: `declare function pWaitFor(check: () => Promise<boolean>, options: { interval: number; timeout?: number }): Promise<void>;\nexport async function waitReady(url: string) {\n  const isReady = async () => { const res = await fetch(url); return res.ok; };\n  await pWaitFor(isReady, { interval: 500 });\n  await pWaitFor(async () => (await fetch(url)).ok, { interval: 500, timeout: 0 });\n}\n`,
      errors: [
        { line: 3, column: 51, messageId: "fetch" },
        { line: 5, column: 37, messageId: "fetch" },
      ],
      output: `declare function pWaitFor(check: () => Promise<boolean>, options: { interval: number; timeout?: number }): Promise<void>;\nexport async function waitReady(url: string) {\n  const isReady = async () => { const res = await fetch(url, { signal: AbortSignal.timeout(10000) }); return res.ok; };\n  await pWaitFor(isReady, { interval: 500 });\n  await pWaitFor(async () => (await fetch(url, { signal: AbortSignal.timeout(10000) })).ok, { interval: 500, timeout: 0 });\n}\n`,
    },
    {
      name: "one caller races the function that fetches, another does not",
      code: `export class Fetcher {\n  async fetchResource(url: string, ms: number) { return this.withTimeout(this.fetchText(url), ms); }\n  async preload(url: string) { return this.fetchText(url); }\n  async fetchText(url: string) { const res = await fetch(url); return res.text(); }\n  async withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {\n    return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);\n  }\n}\n`,
      errors: [{ line: 4, column: 52, messageId: "fetch", message: "fetch() has no timeout" }],
      output: `export class Fetcher {\n  async fetchResource(url: string, ms: number) { return this.withTimeout(this.fetchText(url), ms); }\n  async preload(url: string) { return this.fetchText(url); }\n  async fetchText(url: string) { const res = await fetch(url, { signal: AbortSignal.timeout(10000) }); return res.text(); }\n  async withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {\n    return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);\n  }\n}\n`,
    },
    {
      name: "the timeout is written in the file's numeric style (10_000 where the file uses separators)",
      code: `const retryAfterMs = 30_000;\nexport async function get(url: string) { return [retryAfterMs, await fetch(url)]; }\n`,
      errors: [{ line: 2, column: 70, messageId: "fetch", fixes: ["Add signal: AbortSignal.timeout(10_000)"] }],
      output: `const retryAfterMs = 30_000;\nexport async function get(url: string) { return [retryAfterMs, await fetch(url, { signal: AbortSignal.timeout(10_000) })]; }\n`,
    },
    {
      name: "fetch without options: adds a signal",
      code: `export async function getUser(id: string) {\n  const res = await fetch(\`https://api.example.com/users/\${id}\`);\n  return res.json();\n}\n`,
      errors: [{ line: 2, column: 21, messageId: "fetch", message: "fetch() has no timeout", fixes: ["Add signal: AbortSignal.timeout(10000)"] }],
      output: `export async function getUser(id: string) {\n  const res = await fetch(\`https://api.example.com/users/\${id}\`, { signal: AbortSignal.timeout(10000) });\n  return res.json();\n}\n`,
    },
    {
      name: "fetch with options: merges into the object, multi-line layout kept, timeout from the option",
      code: `export async function post(url: string, body: unknown) {\n  return fetch(url, {\n    method: "POST",\n    body: JSON.stringify(body),\n  });\n}\n`,
      options: { defaultTimeoutMs: 3000 },
      errors: [{ line: 2, column: 10, messageId: "fetch" }],
      output: `export async function post(url: string, body: unknown) {\n  return fetch(url, {\n    method: "POST",\n    body: JSON.stringify(body),\n    signal: AbortSignal.timeout(3000),\n  });\n}\n`,
    },
    {
      name: "fetch with a local options object: the fix goes into its literal",
      code: `export async function get(url: string) {\n  const init = { headers: { accept: "application/json" } };\n  return fetch(url, init);\n}\n`,
      errors: [{ line: 3, column: 10, messageId: "fetch" }],
      output: `export async function get(url: string) {\n  const init = { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10000) };\n  return fetch(url, init);\n}\n`,
    },
    {
      name: "globalThis.fetch",
      code: `export async function get(url: URL) { return globalThis.fetch(url); }\n`,
      errors: [{ line: 1, column: 46, messageId: "fetch" }],
      output: `export async function get(url: URL) { return globalThis.fetch(url, { signal: AbortSignal.timeout(10000) }); }\n`,
    },
    {
      name: "https.get with a callback: the signal goes before the callback",
      code: `import https from "node:https";\nexport function ping(url: string) {\n  https.get(url, res => console.log(res.statusCode));\n}\n`,
      errors: [{ line: 3, column: 3, messageId: "http", message: "https.get() has no timeout" }],
      output: `import https from "node:https";\nexport function ping(url: string) {\n  https.get(url, { signal: AbortSignal.timeout(10000) }, res => console.log(res.statusCode));\n}\n`,
    },
    {
      name: "a response whose chunks a listener keeps is read: reported even when the request is otherwise dropped",
      code: `import https from "node:https";\nexport function report(host: string) {\n  let text = "";\n  https.get({ host }, res => {\n    res.on("data", chunk => { text += chunk; });\n  });\n}\n`,
      errors: [{ line: 4, column: 3, messageId: "http" }],
      output: `import https from "node:https";\nexport function report(host: string) {\n  let text = "";\n  https.get({ host, signal: AbortSignal.timeout(10000) }, res => {\n    res.on("data", chunk => { text += chunk; });\n  });\n}\n`,
    },
    {
      name: "an abort listener that does not destroy the request leaves it waiting",
      code: `import http from "node:http";\nexport function post(body: string, signal: AbortSignal) {\n  return new Promise<number>((resolve, reject) => {\n    const req = http.request({ host: "example.com", method: "POST" }, res => resolve(res.statusCode ?? 0));\n    signal.addEventListener("abort", () => console.log("aborted"));\n    req.on("error", reject);\n    req.end(body);\n  });\n}\n`,
      errors: [{ line: 4, column: 17, messageId: "http" }],
      output: `import http from "node:http";\nexport function post(body: string, signal: AbortSignal) {\n  return new Promise<number>((resolve, reject) => {\n    const req = http.request({ host: "example.com", method: "POST", signal: AbortSignal.timeout(10000) }, res => resolve(res.statusCode ?? 0));\n    signal.addEventListener("abort", () => console.log("aborted"));\n    req.on("error", reject);\n    req.end(body);\n  });\n}\n`,
    },
    {
      name: "http.request with an options literal, inside a Promise executor",
      code: `import http from "node:http";\nexport function post(body: string) {\n  return new Promise<number>((resolve, reject) => {\n    const req = http.request({ host: "localhost", port: 8080, method: "POST" }, res => resolve(res.statusCode ?? 0));\n    req.on("error", reject);\n    req.end(body);\n  });\n}\n`,
      errors: [{ line: 4, column: 17, messageId: "http" }],
      output: `import http from "node:http";\nexport function post(body: string) {\n  return new Promise<number>((resolve, reject) => {\n    const req = http.request({ host: "localhost", port: 8080, method: "POST", signal: AbortSignal.timeout(10000) }, res => resolve(res.statusCode ?? 0));\n    req.on("error", reject);\n    req.end(body);\n  });\n}\n`,
    },
    {
      name: "net.connect with options: no automatic fix (what to do on 'timeout' depends on the protocol)",
      code: `import net from "node:net";\nexport function dial(port: number) {\n  const socket = net.connect({ port, host: "db.internal" });\n  socket.on("error", () => {});\n}\n`,
      errors: [{ line: 3, column: 18, messageId: "net", message: "net.connect() has no timeout", fixes: [] }],
    },
    {
      name: "a local socket whose replies the code reads: a live peer that stops answering keeps it waiting",
      code: `import net from "node:net";\nexport function ask(socketPath: string, question: string) {\n  const socket = net.connect(socketPath);\n  socket.on("data", answer => console.log(String(answer)));\n  socket.write(question);\n}\n`,
      errors: [{ line: 3, column: 18, messageId: "net", message: "net.connect() has no timeout", fixes: [] }],
    },
    {
      name: "a local socket read in its connect callback",
      code: `import net from "node:net";\nconst socket = net.connect(process.argv[2]!, () => {\n  socket.on("data", answer => console.log(String(answer)));\n  socket.write("ask\\n");\n});\n`,
      errors: [{ line: 2, column: 16, messageId: "net" }],
    },
    {
      name: "net.connect to a port written as a string of digits is a network address, not a pipe",
      code: `import net from "node:net";\nexport function dial() {\n  net.connect("6379").end("PING");\n}\n`,
      errors: [{ line: 3, column: 3, messageId: "net", message: "net.connect() has no timeout" }],
    },
    {
      name: "net.connect to a host and port in options (no path) is reported",
      code: `import net from "node:net";\nexport function dial(host: string) {\n  net.connect({ host, port: 6379 }).end("PING");\n}\n`,
      errors: [{ line: 3, column: 3, messageId: "net" }],
    },
    {
      name: "a dispatcher's own request without a signal or timeouts: its options come first",
      code: `import type { Dispatcher } from "undici";\nexport async function send(dispatcher: Dispatcher, origin: string) {\n  return dispatcher.request({ origin, path: "/", method: "GET" });\n}\n`,
      errors: [{ line: 3, column: 10, messageId: "undici", message: "undici waits up to 5 minutes" }],
      output: `import type { Dispatcher } from "undici";\nexport async function send(dispatcher: Dispatcher, origin: string) {\n  return dispatcher.request({ origin, path: "/", method: "GET", signal: AbortSignal.timeout(10000) });\n}\n`,
    },
    {
      name: "exec with a callback: the options object goes before it",
      code: `import { exec } from "node:child_process";\nexport function status(done: (out: string) => void) {\n  exec("git pull --ff-only", (error, stdout) => done(stdout));\n}\n`,
      errors: [{ line: 3, column: 3, messageId: "child_process", message: "exec() has no timeout" }],
      output: `import { exec } from "node:child_process";\nexport function status(done: (out: string) => void) {\n  exec("git pull --ff-only", { timeout: 10000 }, (error, stdout) => done(stdout));\n}\n`,
    },
    {
      name: "promisified execFile, declared in the file",
      code: `import { execFile } from "node:child_process";\nimport { promisify } from "node:util";\nconst execFileAsync = promisify(execFile);\nexport async function head() {\n  const { stdout } = await execFileAsync("git", ["ls-remote", "origin"]);\n  return stdout.trim();\n}\n`,
      errors: [{ line: 5, column: 28, messageId: "child_process", message: "execFileAsync() has no timeout" }],
      output: `import { execFile } from "node:child_process";\nimport { promisify } from "node:util";\nconst execFileAsync = promisify(execFile);\nexport async function head() {\n  const { stdout } = await execFileAsync("git", ["ls-remote", "origin"], { timeout: 10000 });\n  return stdout.trim();\n}\n`,
    },
    {
      name: "promisified exec from another file of the project",
      code: `import { sh } from "./sh.js";\nexport async function list() {\n  return (await sh("npm install")).stdout;\n}\n`,
      files: { "sh.ts": `import cp from "node:child_process";\nimport util from "node:util";\nexport const sh = util.promisify(cp.exec);\n` },
      errors: [{ line: 3, column: 17, messageId: "child_process" }],
      output: `import { sh } from "./sh.js";\nexport async function list() {\n  return (await sh("npm install", { timeout: 10000 })).stdout;\n}\n`,
    },
    {
      name: "inline promisify(exec)(cmd) with require",
      filename: "case.cjs",
      code: `const { exec } = require("child_process");\nconst { promisify } = require("util");\nasync function df() { return (await promisify(exec)("curl -sS https://example.com")).stdout; }\nmodule.exports = { df };\n`,
      errors: [{ line: 3, column: 37, messageId: "child_process" }],
      output: `const { exec } = require("child_process");\nconst { promisify } = require("util");\nasync function df() { return (await promisify(exec)("curl -sS https://example.com", { timeout: 10000 })).stdout; }\nmodule.exports = { df };\n`,
    },
    {
      name: "round 36: compiled CommonJS's const execAsync = (0, util_1.promisify)(child_process_1.exec), then execAsync(cmd)",
      filename: "case.cjs",
      code: compiledPromisify("(0, util_1.promisify)", "child_process_1.exec", `execAsync("git fetch origin")`),
      errors: [{ line: 6, column: 36, messageId: "child_process" }],
      output: compiledPromisify("(0, util_1.promisify)", "child_process_1.exec", `execAsync("git fetch origin", { timeout: 10000 })`),
    },
    {
      name: "round 36: compiled CommonJS's inline (0, util_1.promisify)(child_process_1.exec)(cmd)",
      filename: "case.cjs",
      code: compiledPromisify("(0, util_1.promisify)", "child_process_1.exec", `(0, util_1.promisify)(child_process_1.exec)("git fetch origin")`),
      errors: [{ line: 6, column: 36, messageId: "child_process" }],
      output: compiledPromisify(
        "(0, util_1.promisify)",
        "child_process_1.exec",
        `(0, util_1.promisify)(child_process_1.exec)("git fetch origin", { timeout: 10000 })`,
      ),
    },
    {
      name: "exec read into a local name from require(...).exec, and from the module's binding",
      filename: "case.cjs",
      code: `const exec = require("child_process").exec;\nvar cp = require("child_process");\nvar execFile = cp.execFile;\nfunction install(name, done) { exec("npm install " + name, { cwd: __dirname }, done); }\nfunction clone(url, done) { execFile("git", ["clone", url], err => done(err)); }\nmodule.exports = { install, clone };\n`,
      errors: [
        { line: 4, column: 32, messageId: "child_process", message: "exec() has no timeout" },
        { line: 5, column: 29, messageId: "child_process", message: "execFile() has no timeout" },
      ],
      output: `const exec = require("child_process").exec;\nvar cp = require("child_process");\nvar execFile = cp.execFile;\nfunction install(name, done) { exec("npm install " + name, { cwd: __dirname, timeout: 10000 }, done); }\nfunction clone(url, done) { execFile("git", ["clone", url], { timeout: 10000 }, err => done(err)); }\nmodule.exports = { install, clone };\n`,
    },
    {
      name: "commands that may wait on the network or a prompt stay reported (a store's whoami, a fetch from a remote)",
      code: `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport async function who() { return execAsync("snapcraft whoami"); }\nexport async function pull() { return execAsync("git fetch origin"); }\n`,
      errors: [
        { line: 4, column: 38, messageId: "child_process" },
        { line: 5, column: 39, messageId: "child_process" },
      ],
      output: `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport async function who() { return execAsync("snapcraft whoami", { timeout: 10000 }); }\nexport async function pull() { return execAsync("git fetch origin", { timeout: 10000 }); }\n`,
    },
    {
      name: "childProcessCommands: all also reports commands that are data, chained, or local programs",
      options: { childProcessCommands: "all" },
      code: `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport async function run(cmd: string) { return execAsync(cmd); }\nexport async function chained() { return execAsync("git rev-parse HEAD && git push"); }\nexport async function build() { return execAsync("make"); }\nexport async function version() { return execAsync("node --version"); }\n`,
      errors: [
        { line: 4, column: 49, messageId: "child_process" },
        { line: 5, column: 42, messageId: "child_process" },
        { line: 6, column: 40, messageId: "child_process" },
      ],
      output: `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport async function run(cmd: string) { return execAsync(cmd, { timeout: 10000 }); }\nexport async function chained() { return execAsync("git rev-parse HEAD && git push", { timeout: 10000 }); }\nexport async function build() { return execAsync("make", { timeout: 10000 }); }\nexport async function version() { return execAsync("node --version"); }\n`,
    },
    {
      name: "an agent made right here with no timeout (a proxy agent on one branch, a keep-alive agent) brings none",
      code: `import https from "node:https";\ndeclare class ProxyAgent extends https.Agent { constructor(proxyUrl: string); }\nexport function list(url: string) {\n  const options: https.RequestOptions = {};\n  if (process.env.HTTPS_PROXY) options.agent = new ProxyAgent(process.env.HTTPS_PROXY);\n  https.get(url, options, res => console.log(res.statusCode));\n}\nexport function ping(host: string) { https.get({ host, agent: new https.Agent({ keepAlive: true }) }, res => console.log(res.statusCode)); }\n`,
      errors: [
        { line: 6, column: 3, messageId: "http" },
        { line: 8, column: 38, messageId: "http" },
      ],
      output: `import https from "node:https";\ndeclare class ProxyAgent extends https.Agent { constructor(proxyUrl: string); }\nexport function list(url: string) {\n  const options: https.RequestOptions = { signal: AbortSignal.timeout(10000) };\n  if (process.env.HTTPS_PROXY) options.agent = new ProxyAgent(process.env.HTTPS_PROXY);\n  https.get(url, options, res => console.log(res.statusCode));\n}\nexport function ping(host: string) { https.get({ host, agent: new https.Agent({ keepAlive: true }), signal: AbortSignal.timeout(10000) }, res => console.log(res.statusCode)); }\n`,
    },
    {
      name: "compiled CommonJS calls imports as (0, module_1.fn)(...): checked directly and through the project's wrapper",
      filename: "case.cjs",
      code: `"use strict";\nconst child_process_1 = require("child_process");\nfunction execFileAsync(file, args, execOptions) {\n  return new Promise((res, rej) => { (0, child_process_1.execFile)(file, args, { ...execOptions, windowsHide: true }, err => err ? rej(err) : res()); });\n}\nasync function clone(url) { await execFileAsync("git", ["clone", url], { cwd: "/tmp" }); }\nfunction install(done) { (0, child_process_1.exec)("npm install", { cwd: "/srv" }, () => done()); }\nmodule.exports = { clone, install };\n`,
      errors: [
        { line: 6, column: 35, messageId: "forwarded", message: "execFileAsync() hands its options on to child_process_1.execFile()" },
        { line: 7, column: 26, messageId: "child_process", message: "child_process_1.exec() has no timeout" },
      ],
      output: `"use strict";\nconst child_process_1 = require("child_process");\nfunction execFileAsync(file, args, execOptions) {\n  return new Promise((res, rej) => { (0, child_process_1.execFile)(file, args, { ...execOptions, windowsHide: true }, err => err ? rej(err) : res()); });\n}\nasync function clone(url) { await execFileAsync("git", ["clone", url], { cwd: "/tmp" }); }\nfunction install(done) { (0, child_process_1.exec)("npm install", { cwd: "/srv", timeout: 10000 }, () => done()); }\nmodule.exports = { clone, install };\n`,
    },
    {
      name: "got.stream without a timeout, also when a wrapper returns the stream",
      code: `import got from "got";\nimport { createWriteStream } from "node:fs";\nexport function download(url: string) { return got.stream(url); }\nexport function save(url: string, file: string) { got.stream(url).pipe(createWriteStream(file)); }\n`,
      errors: [
        { line: 3, column: 48, messageId: "got" },
        { line: 4, column: 51, messageId: "got" },
      ],
      output: `import got from "got";\nimport { createWriteStream } from "node:fs";\nexport function download(url: string) { return got.stream(url, { timeout: { request: 10000 } }); }\nexport function save(url: string, file: string) { got.stream(url, { timeout: { request: 10000 } }).pipe(createWriteStream(file)); }\n`,
    },
    {
      name: "axios.get without config, and axios.create without a timeout",
      code: `import axios from "axios";\nexport const api = axios.create({ baseURL: "https://api.example.com" });\nexport async function user(id: string) {\n  const { data } = await axios.get(\`https://api.example.com/users/\${id}\`);\n  return data;\n}\n`,
      errors: [
        { line: 2, column: 20, messageId: "axiosCreate", message: "creates a client without a timeout" },
        { line: 4, column: 26, messageId: "axios", message: "axios waits forever by default" },
      ],
      output: `import axios from "axios";\nexport const api = axios.create({ baseURL: "https://api.example.com", timeout: 10000 });\nexport async function user(id: string) {\n  const { data } = await axios.get(\`https://api.example.com/users/\${id}\`, { timeout: 10000 });\n  return data;\n}\n`,
    },
    {
      name: "axios.post config is the third argument",
      code: `import axios from "axios";\nexport async function send(url: string, body: object) {\n  return axios.post(url, body, { headers: { "x-key": "1" } });\n}\n`,
      errors: [{ line: 3, column: 10, messageId: "axios" }],
      output: `import axios from "axios";\nexport async function send(url: string, body: object) {\n  return axios.post(url, body, { headers: { "x-key": "1" }, timeout: 10000 });\n}\n`,
    },
    {
      name: "got without a timeout",
      code: `import got from "got";\nexport async function get(url: string) {\n  return got(url).json();\n}\n`,
      errors: [{ line: 3, column: 10, messageId: "got", message: "got waits forever by default" }],
      output: `import got from "got";\nexport async function get(url: string) {\n  return got(url, { timeout: { request: 10000 } }).json();\n}\n`,
    },
    {
      name: "undici request without timeouts",
      code: `import { request } from "undici";\nexport async function get(url: string) {\n  const { body } = await request(url, { method: "GET" });\n  return body.json();\n}\n`,
      errors: [{ line: 3, column: 26, messageId: "undici", message: "undici waits up to 5 minutes" }],
      output: `import { request } from "undici";\nexport async function get(url: string) {\n  const { body } = await request(url, { method: "GET", signal: AbortSignal.timeout(10000) });\n  return body.json();\n}\n`,
    },
    {
      name: "the global fetch from Node's typings (no DOM lib)",
      compilerOptions: { lib: ["es2022"] },
      code: `export async function get(url: string) { return (await fetch(url)).json(); }\n`,
      errors: [{ line: 1, column: 56, messageId: "fetch" }],
      output: `export async function get(url: string) { return (await fetch(url, { signal: AbortSignal.timeout(10000) })).json(); }\n`,
    },
    {
      name: "https.request with a local options object: the signal goes into its literal",
      code: `import https from "node:https";\nexport function cert(host: string) {\n  const options = { host, port: 443, method: "GET" };\n  const req = https.request(options, res => console.log(res.statusCode));\n  req.end();\n}\n`,
      errors: [{ line: 4, column: 15, messageId: "http", message: "https.request() has no timeout" }],
      output: `import https from "node:https";\nexport function cert(host: string) {\n  const options = { host, port: 443, method: "GET", signal: AbortSignal.timeout(10000) };\n  const req = https.request(options, res => console.log(res.statusCode));\n  req.end();\n}\n`,
    },
    {
      name: "axios called as a function, exec with an options literal, got.extend",
      code: `import axios from "axios";\nimport got from "got";\nimport { exec } from "node:child_process";\nexport const client = got.extend({ prefixUrl: "https://api.example.com" });\nexport async function ping(url: string) { return axios(url); }\nexport function build(done: () => void) { exec("npm ci", { cwd: "/src" }, () => done()); }\n`,
      errors: [
        { line: 4, column: 23, messageId: "gotExtend", message: "creates a client without a timeout" },
        { line: 5, column: 50, messageId: "axios" },
        { line: 6, column: 43, messageId: "child_process" },
      ],
      output: `import axios from "axios";\nimport got from "got";\nimport { exec } from "node:child_process";\nexport const client = got.extend({ prefixUrl: "https://api.example.com", timeout: { request: 10000 } });\nexport async function ping(url: string) { return axios(url, { timeout: 10000 }); }\nexport function build(done: () => void) { exec("npm ci", { cwd: "/src", timeout: 10000 }, () => done()); }\n`,
    },
    {
      name: "an empty options object and a trailing comma on one line",
      code: `export async function a(u: string) { return fetch(u, {}); }\nexport async function b(u: string) { return fetch(u, { method: "HEAD", }); }\n`,
      errors: [
        { line: 1, column: 45, messageId: "fetch" },
        { line: 2, column: 45, messageId: "fetch" },
      ],
      output: `export async function a(u: string) { return fetch(u, { signal: AbortSignal.timeout(10000) }); }\nexport async function b(u: string) { return fetch(u, { method: "HEAD", signal: AbortSignal.timeout(10000), }); }\n`,
    },
    {
      name: "test files are checked when asked",
      filename: "api.test.ts",
      options: { ignoreTestFiles: false },
      code: `export async function get(url: string) { return fetch(url); }\n`,
      errors: [{ line: 1, column: 49, messageId: "fetch" }],
      output: `export async function get(url: string) { return fetch(url, { signal: AbortSignal.timeout(10000) }); }\n`,
    },
    {
      name: "exec through a promisified wrapper whose options arrive as a parameter: reported where the options are made",
      files: shFile,
      code: `import { sh, git } from "./sh.js";\nexport async function status() { return sh("git pull", { cwd: "." }); }\nexport async function bare() { return sh("npm install"); }\nexport async function log() { return git("log", { cwd: "." }); }\nexport async function data(cmd: string) { return sh(\`\${cmd} --json\`, { cwd: "." }); }\n`,
      errors: [
        {
          line: 2,
          column: 41,
          messageId: "forwarded",
          message: "sh() hands its options on to execAsync() (sh() → execAsync() at sh.ts:4), which then runs with no `signal` or `timeout`",
        },
        { line: 3, column: 39, messageId: "forwarded", message: "sh() gives no options to execAsync()" },
        { line: 4, column: 38, messageId: "forwarded", message: "(git() → sh() → execAsync() at sh.ts:4)" },
        { line: 5, column: 50, messageId: "forwarded", message: "sh() hands its options on to execAsync()" },
      ],
    },
    {
      name: "an execFile wrapper's caller: a command that reaches the network, or whose file or argument list is data, stays reported",
      files: runFile,
      code: `import { run } from "./run.js";\nexport async function sync(dir: string, tool: string, args: string[]) {\n  await run("git", ["fetch", "origin"], { cwd: dir });\n  await run(tool, ["checkout", "main"], { cwd: dir });\n  await run("git", args, { cwd: dir });\n  await run("curl", ["-s"], { cwd: dir });\n}\n`,
      errors: [
        { line: 3, column: 9, messageId: "forwarded", message: "run() hands its options on to execFileAsync()" },
        { line: 4, column: 9, messageId: "forwarded" },
        { line: 5, column: 9, messageId: "forwarded" },
        { line: 6, column: 9, messageId: "forwarded" },
      ],
    },
    {
      name: "options from a constant of another project file, directly and spread: reported without a fix (the literal is elsewhere)",
      files: {
        "defaults.ts": `export const shellDefaults = { cwd: "/srv", env: { LANG: "C" } };\nexport const safeDefaults = { cwd: "/srv", timeout: 5000 };\n`,
      },
      code: `import { exec } from "node:child_process";\nimport { shellDefaults, safeDefaults } from "./defaults.js";\nexport function a() { exec("git pull", shellDefaults, () => {}); }\nexport function b() { exec("git pull", { ...shellDefaults, windowsHide: true }, () => {}); }\nexport function c() { exec("git pull", { ...safeDefaults, windowsHide: true }, () => {}); }\n`,
      errors: [
        { line: 3, column: 23, messageId: "child_process", message: "exec() has no timeout", fixes: [] },
        { line: 4, column: 23, messageId: "child_process", message: "exec() has no timeout" },
      ],
      output: `import { exec } from "node:child_process";\nimport { shellDefaults, safeDefaults } from "./defaults.js";\nexport function a() { exec("git pull", shellDefaults, () => {}); }\nexport function b() { exec("git pull", { ...shellDefaults, windowsHide: true, timeout: 10000 }, () => {}); }\nexport function c() { exec("git pull", { ...safeDefaults, windowsHide: true }, () => {}); }\n`,
    },
    {
      name: "fetch options spread from a parameter",
      files: getFile,
      code: `import { getJson } from "./http-get.js";\nexport async function user(id: string) { return getJson(\`https://api.example.com/users/\${id}\`, { headers: { accept: "application/json" } }); }\n`,
      errors: [
        {
          line: 2,
          column: 49,
          messageId: "forwarded",
          message: "getJson() hands its options on to fetch() (getJson() → fetch() at http-get.ts:1), which then runs with no `signal`:",
        },
      ],
    },
    {
      name: "an object handed out without the request (a closer, a name that only starts like it, a template of it): the request stays here",
      files: openFile,
      code: `import { open } from "./open.js";\nexport function session(url: string) {\n  const req = open(url);\n  req.on("response", res => res.resume());\n  const request = \`\${req}\`;\n  return { request, close: () => req.destroy() };\n}\n`,
      errors: [{ line: 3, column: 15, messageId: "returned", message: "open() returns the result of http.get() (open.ts:2) with no timeout" }],
    },
    {
      name: "an http request returned by a wrapper and piped without a timeout",
      files: openFile,
      code: `import { open } from "./open.js";\nimport { createWriteStream } from "node:fs";\nexport function save(url: string, file: string) { open(url).on("response", res => res.pipe(createWriteStream(file))); }\n`,
      errors: [{ line: 3, column: 51, messageId: "returned", message: "open() returns the result of http.get() (open.ts:2) with no timeout" }],
    },
    {
      name: "every caller drops the function's promise, but the function waits again after the request (a later await, a loop): reported",
      code: `export async function sync(event: string) {\n  const res = await fetch("https://example.com/e", { method: "POST", body: event });\n  await res.text();\n}\nexport async function drain(urls: string[]) {\n  for (const url of urls) {\n    await fetch(url);\n  }\n}\n`,
      filename: "sync.ts",
      files: {
        "run.ts": `import { sync, drain } from "./sync.js";\nexport function run() {\n  sync("run");\n  drain(["https://example.com/a"]);\n}\n`,
      },
      errors: [
        { line: 2, column: 21, messageId: "fetch" },
        { line: 7, column: 11, messageId: "fetch" },
      ],
      output: `export async function sync(event: string) {\n  const res = await fetch("https://example.com/e", { method: "POST", body: event, signal: AbortSignal.timeout(10000) });\n  await res.text();\n}\nexport async function drain(urls: string[]) {\n  for (const url of urls) {\n    await fetch(url, { signal: AbortSignal.timeout(10000) });\n  }\n}\n`,
    },
    {
      name: "undici's request with a dispatcher made right there with no timeout: reported",
      code: `import { Agent, request } from "undici";\nexport async function get(url: string) {\n  const { body } = await request(url, { dispatcher: new Agent({ connections: 4 }) });\n  return body.json();\n}\n`,
      errors: [{ line: 3, column: 26, messageId: "undici" }],
      output: `import { Agent, request } from "undici";\nexport async function get(url: string) {\n  const { body } = await request(url, { dispatcher: new Agent({ connections: 4 }), signal: AbortSignal.timeout(10000) });\n  return body.json();\n}\n`,
    },
    {
      name: "undici's request with a dispatcher from a field, or from a helper whose Agent sets no timeout (or a timeout of 0): reported",
      code: `import { Agent, request } from "undici";\nfunction plainDispatcher() {\n  return new Agent({ connections: 8 });\n}\nconst unbounded = () => new Agent({ headersTimeout: 0 });\nexport class Scheduler {\n  constructor(private dispatcher: Agent) {}\n  async run(url: string) {\n    await request(url, { dispatcher: this.dispatcher });\n    await request(url, { dispatcher: plainDispatcher() });\n    await request(url, { dispatcher: unbounded() });\n  }\n}\n`,
      errors: [
        { line: 9, column: 11, messageId: "undici" },
        { line: 10, column: 11, messageId: "undici" },
        { line: 11, column: 11, messageId: "undici" },
      ],
      output: `import { Agent, request } from "undici";\nfunction plainDispatcher() {\n  return new Agent({ connections: 8 });\n}\nconst unbounded = () => new Agent({ headersTimeout: 0 });\nexport class Scheduler {\n  constructor(private dispatcher: Agent) {}\n  async run(url: string) {\n    await request(url, { dispatcher: this.dispatcher, signal: AbortSignal.timeout(10000) });\n    await request(url, { dispatcher: plainDispatcher(), signal: AbortSignal.timeout(10000) });\n    await request(url, { dispatcher: unbounded(), signal: AbortSignal.timeout(10000) });\n  }\n}\n`,
    },
    {
      name: "one caller awaits the function that awaits the request: it can wait forever",
      code: `export async function capture(event: string) {\n  try {\n    await fetch("https://telemetry.example.com/e", { method: "POST", body: event });\n  } catch {}\n}\n`,
      files: {
        "run.ts": `import { capture } from "./case.js";\nexport function run() {\n  capture("run");\n}\n`,
        "stop.ts": `import { capture } from "./case.js";\nexport async function stop() {\n  await capture("stop");\n}\n`,
      },
      errors: [{ line: 3, column: 11, messageId: "fetch" }],
      output: `export async function capture(event: string) {\n  try {\n    await fetch("https://telemetry.example.com/e", { method: "POST", body: event, signal: AbortSignal.timeout(10000) });\n  } catch {}\n}\n`,
    },
    {
      name: "every project caller drops the promise, but the function lives in the package's entry: its users may await it",
      code: `export async function capture(event: string) {\n  try {\n    await fetch("https://telemetry.example.com/e", { method: "POST", body: event });\n  } catch {}\n}\n`,
      filename: "telemetry.ts",
      files: {
        "package.json": `{"name":"case","type":"module","main":"telemetry.js"}`,
        "run.ts": `import { capture } from "./telemetry.js";\nexport function run() {\n  capture("run");\n  return 1;\n}\n`,
      },
      errors: [{ line: 3, column: 11, messageId: "fetch" }],
      output: `export async function capture(event: string) {\n  try {\n    await fetch("https://telemetry.example.com/e", { method: "POST", body: event, signal: AbortSignal.timeout(10000) });\n  } catch {}\n}\n`,
    },
    {
      name: "exported and never called in the project: a user of the library may await it",
      code: `export async function capture(event: string) {\n  try {\n    await fetch("https://telemetry.example.com/e", { method: "POST", body: event });\n  } catch {}\n}\n`,
      errors: [{ line: 3, column: 11, messageId: "fetch" }],
      output: `export async function capture(event: string) {\n  try {\n    await fetch("https://telemetry.example.com/e", { method: "POST", body: event, signal: AbortSignal.timeout(10000) });\n  } catch {}\n}\n`,
    },
    {
      name: "a function handed on as a value: whoever receives it may await it",
      code: `async function ping(url: string) {\n  await fetch(url, { method: "POST" });\n}\nexport const handlers = [ping];\nexport function start() {\n  void ping("https://example.com/beacon");\n}\n`,
      errors: [{ line: 2, column: 9, messageId: "fetch" }],
      output: `async function ping(url: string) {\n  await fetch(url, { method: "POST", signal: AbortSignal.timeout(10000) });\n}\nexport const handlers = [ping];\nexport function start() {\n  void ping("https://example.com/beacon");\n}\n`,
    },
    {
      name: "a response read by a listener: the program waits for it",
      code: `import http from "node:http";\nexport function notify(body: string) {\n  const req = http.request({ host: "localhost", port: 8080, method: "POST" });\n  req.on("response", res => console.log(res.statusCode));\n  req.end(body);\n}\n`,
      errors: [{ line: 3, column: 15, messageId: "http" }],
      output: `import http from "node:http";\nexport function notify(body: string) {\n  const req = http.request({ host: "localhost", port: 8080, method: "POST", signal: AbortSignal.timeout(10000) });\n  req.on("response", res => console.log(res.statusCode));\n  req.end(body);\n}\n`,
    },
    {
      name: "a loopback socket whose replies the code reads: a live local peer that stops answering keeps it waiting",
      code: `import net from "node:net";\nexport function ask(port: number, question: string) {\n  const socket = net.connect(port, "127.0.0.1");\n  socket.on("data", answer => console.log(String(answer)));\n  socket.write(question);\n}\n`,
      errors: [{ line: 3, column: 18, messageId: "net", message: "net.connect() has no timeout", fixes: [] }],
    },
    {
      name: "a loopback daemon the program does not start (a spawn of something else in the module): any process may hold the port",
      code: `import { spawn } from "node:child_process";\nexport async function containers() {\n  spawn("docker", ["ps"], { stdio: "inherit" });\n  const res = await fetch("http://localhost:2375/containers/json");\n  return res.json();\n}\n`,
      errors: [{ line: 4, column: 21, messageId: "fetch" }],
      output: `import { spawn } from "node:child_process";\nexport async function containers() {\n  spawn("docker", ["ps"], { stdio: "inherit" });\n  const res = await fetch("http://localhost:2375/containers/json", { signal: AbortSignal.timeout(10000) });\n  return res.json();\n}\n`,
    },
    {
      name: "a request outside a server's handler, before the program's own server on that port starts (another program may hold it)",
      code: `import http from "node:http";\nfunction startApi(host: string, port: number) {\n  return http.createServer((_req, res) => res.end("api")).listen(port, host);\n}\nexport async function serveApi() {\n  const apiPort = Number(process.env.API_PORT ?? 8911);\n  const apiHost = process.env.API_HOST ?? "127.0.0.1";\n  const running = await fetch(\`http://\${apiHost}:\${apiPort}/health\`);\n  startApi(apiHost, apiPort);\n  return running.ok;\n}\n`,
      errors: [{ line: 8, column: 25, messageId: "fetch" }],
      output: `import http from "node:http";\nfunction startApi(host: string, port: number) {\n  return http.createServer((_req, res) => res.end("api")).listen(port, host);\n}\nexport async function serveApi() {\n  const apiPort = Number(process.env.API_PORT ?? 8911);\n  const apiHost = process.env.API_HOST ?? "127.0.0.1";\n  const running = await fetch(\`http://\${apiHost}:\${apiPort}/health\`, { signal: AbortSignal.timeout(10000) });\n  startApi(apiHost, apiPort);\n  return running.ok;\n}\n`,
    },
    {
      name: "a request in a listen callback (it runs once the server is up, not per request) to the port the block starts next",
      code: `import http from "node:http";\nexport function serveBoth(webPort: number) {\n  const apiPort = 8911;\n  const web = http.createServer((_req, res) => res.end("web"));\n  web.listen(webPort, async () => {\n    await fetch(\`http://localhost:\${apiPort}/warm\`);\n  });\n  http.createServer((_req, res) => res.end("api")).listen(apiPort);\n}\n`,
      errors: [{ line: 6, column: 11, messageId: "fetch" }],
      output: `import http from "node:http";\nexport function serveBoth(webPort: number) {\n  const apiPort = 8911;\n  const web = http.createServer((_req, res) => res.end("web"));\n  web.listen(webPort, async () => {\n    await fetch(\`http://localhost:\${apiPort}/warm\`, { signal: AbortSignal.timeout(10000) });\n  });\n  http.createServer((_req, res) => res.end("api")).listen(apiPort);\n}\n`,
    },
    {
      name: "a server's handler proxying to a host and port nothing in its block starts a server on",
      code: `import http from "node:http";\nexport function serveWeb(webPort: number) {\n  const apiPort = Number(process.env.API_PORT ?? 8911);\n  const apiHost = process.env.API_HOST ?? "127.0.0.1";\n  const web = http.createServer(async (req, res) => {\n    const upstream = await fetch(\`http://\${apiHost}:\${apiPort}\${req.url}\`, { method: req.method });\n    res.end(await upstream.text());\n  });\n  web.listen(webPort);\n  http.createServer((_req, res) => res.end("api")).listen(apiPort + 1, apiHost);\n}\n`,
      errors: [{ line: 6, column: 28, messageId: "fetch" }],
      output: `import http from "node:http";\nexport function serveWeb(webPort: number) {\n  const apiPort = Number(process.env.API_PORT ?? 8911);\n  const apiHost = process.env.API_HOST ?? "127.0.0.1";\n  const web = http.createServer(async (req, res) => {\n    const upstream = await fetch(\`http://\${apiHost}:\${apiPort}\${req.url}\`, { method: req.method, signal: AbortSignal.timeout(10000) });\n    res.end(await upstream.text());\n  });\n  web.listen(webPort);\n  http.createServer((_req, res) => res.end("api")).listen(apiPort + 1, apiHost);\n}\n`,
    },
    {
      name: "a loopback port from the environment or configuration, with no spawn or listen of it",
      code: `import { spawn } from "node:child_process";\nconst port = Number(process.env.DEV_PORT ?? 3000);\nexport function build(bin: string) {\n  return spawn(bin, ["build"]);\n}\nexport async function reload() {\n  await fetch(\`http://127.0.0.1:\${port}/reload\`, { method: "POST" });\n}\n`,
      errors: [{ line: 7, column: 9, messageId: "fetch" }],
      output: `import { spawn } from "node:child_process";\nconst port = Number(process.env.DEV_PORT ?? 3000);\nexport function build(bin: string) {\n  return spawn(bin, ["build"]);\n}\nexport async function reload() {\n  await fetch(\`http://127.0.0.1:\${port}/reload\`, { method: "POST", signal: AbortSignal.timeout(10000) });\n}\n`,
    },
    {
      name: "a child handed a port the caller or a configuration may choose (another program may already hold it, and answer)",
      code: `import { spawn } from "node:child_process";\nasync function findFreePort(): Promise<number> { return 41234; }\nexport class Browser {\n  constructor(private options: { port?: number; bin: string }) {}\n  async launch() {\n    const port = this.options.port || (await findFreePort());\n    this.options.port = port;\n    spawn(this.options.bin, ["serve", "--port", String(port)]);\n  }\n  async version() {\n    const res = await fetch(\`http://127.0.0.1:\${this.options.port}/json/version\`);\n    return res.json();\n  }\n}\n`,
      errors: [{ line: 11, column: 23, messageId: "fetch" }],
      output: `import { spawn } from "node:child_process";\nasync function findFreePort(): Promise<number> { return 41234; }\nexport class Browser {\n  constructor(private options: { port?: number; bin: string }) {}\n  async launch() {\n    const port = this.options.port || (await findFreePort());\n    this.options.port = port;\n    spawn(this.options.bin, ["serve", "--port", String(port)]);\n  }\n  async version() {\n    const res = await fetch(\`http://127.0.0.1:\${this.options.port}/json/version\`, { signal: AbortSignal.timeout(10000) });\n    return res.json();\n  }\n}\n`,
    },
    {
      name: "a port parameter put in a child's environment: the caller chose it",
      code: `import { spawn } from "node:child_process";\nexport function serve(bin: string, port: number) {\n  const child = spawn(bin, [], { env: { ...process.env, PORT: String(port) } });\n  return async () => {\n    await fetch(\`http://localhost:\${port}/quit\`);\n    child.kill();\n  };\n}\n`,
      errors: [{ line: 5, column: 11, messageId: "fetch" }],
      output: `import { spawn } from "node:child_process";\nexport function serve(bin: string, port: number) {\n  const child = spawn(bin, [], { env: { ...process.env, PORT: String(port) } });\n  return async () => {\n    await fetch(\`http://localhost:\${port}/quit\`, { signal: AbortSignal.timeout(10000) });\n    child.kill();\n  };\n}\n`,
    },
    {
      name: "a picked port handed to a child, asked on a host that is not loopback; a server listening on another port",
      code: `import http from "node:http";\nimport { spawn } from "node:child_process";\nasync function getPort(): Promise<number> { return 41234; }\nexport async function remote(host: string, adminPort: number) {\n  const port = await getPort();\n  spawn("agent", ["--port", String(port)]);\n  await fetch(\`http://\${host}:\${port}/ready\`);\n  http.createServer().listen(port);\n  await fetch(\`http://127.0.0.1:\${adminPort}/ready\`);\n}\n`,
      errors: [
        { line: 7, column: 9, messageId: "fetch" },
        { line: 9, column: 9, messageId: "fetch" },
      ],
      output: `import http from "node:http";\nimport { spawn } from "node:child_process";\nasync function getPort(): Promise<number> { return 41234; }\nexport async function remote(host: string, adminPort: number) {\n  const port = await getPort();\n  spawn("agent", ["--port", String(port)]);\n  await fetch(\`http://\${host}:\${port}/ready\`, { signal: AbortSignal.timeout(10000) });\n  http.createServer().listen(port);\n  await fetch(\`http://127.0.0.1:\${adminPort}/ready\`, { signal: AbortSignal.timeout(10000) });\n}\n`,
    },
    {
      name: "a probe of a port before the program's own listen on it: another instance, or another program, may hold it",
      code: `import http from "node:http";\nexport async function startOnce(port: number) {\n  try {\n    const res = await fetch(\`http://127.0.0.1:\${port}/status\`);\n    if (res.ok) return "already running";\n  } catch {}\n  http.createServer((_, res) => res.end("ok")).listen(port);\n  return "started";\n}\n`,
      errors: [{ line: 4, column: 23, messageId: "fetch" }],
      output: `import http from "node:http";\nexport async function startOnce(port: number) {\n  try {\n    const res = await fetch(\`http://127.0.0.1:\${port}/status\`, { signal: AbortSignal.timeout(10000) });\n    if (res.ok) return "already running";\n  } catch {}\n  http.createServer((_, res) => res.end("ok")).listen(port);\n  return "started";\n}\n`,
    },
    {
      // Round 37: the port is a parameter; one of its callers hands it a configured port, not the
      // port of a server listening before the call.
      name: "a port parameter one of whose callers hands it a port nothing here listens on",
      code: `import http from "node:http";\nasync function warm(port: number) {\n  await fetch(\`http://127.0.0.1:\${port}/warm\`);\n}\nexport async function serve(port: number) {\n  http.createServer((_, res) => res.end("ok")).listen(port);\n  await warm(port);\n}\nexport async function rewarm(config: { port: number }) {\n  await warm(config.port);\n}\n`,
      errors: [{ line: 3, column: 9, messageId: "fetch" }],
      output: `import http from "node:http";\nasync function warm(port: number) {\n  await fetch(\`http://127.0.0.1:\${port}/warm\`, { signal: AbortSignal.timeout(10000) });\n}\nexport async function serve(port: number) {\n  http.createServer((_, res) => res.end("ok")).listen(port);\n  await warm(port);\n}\nexport async function rewarm(config: { port: number }) {\n  await warm(config.port);\n}\n`,
    },
    {
      // Round 37: an exported function's users call it with any port; the project's own call does not decide.
      name: "a port parameter of an exported function, though the project's one call hands it its own server's port",
      code: `import http from "node:http";\nexport async function warm(port: number) {\n  await fetch(\`http://127.0.0.1:\${port}/warm\`);\n}\nexport async function serve(port: number) {\n  http.createServer((_, res) => res.end("ok")).listen(port);\n  await warm(port);\n}\n`,
      errors: [{ line: 3, column: 9, messageId: "fetch" }],
      output: `import http from "node:http";\nexport async function warm(port: number) {\n  await fetch(\`http://127.0.0.1:\${port}/warm\`, { signal: AbortSignal.timeout(10000) });\n}\nexport async function serve(port: number) {\n  http.createServer((_, res) => res.end("ok")).listen(port);\n  await warm(port);\n}\n`,
    },
    {
      // Round 37: a private method handed on as a value may be called by whoever receives it.
      name: "a port parameter of a private method also handed on as a value: its callers are not all known",
      filename: "app.js",
      code: `const http = require("http");\nclass App {\n  async _get({ port }) {\n    return fetch(\`http://localhost:\${port}/\`);\n  }\n  async run(events) {\n    const port = 30123;\n    await new Promise(resolve => http.createServer().listen(port, resolve));\n    await this._get({ port });\n    events.on("get", this._get.bind(this));\n  }\n}\nmodule.exports = App;\n`,
      errors: [{ line: 4, column: 12, messageId: "fetch" }],
      output: `const http = require("http");\nclass App {\n  async _get({ port }) {\n    return fetch(\`http://localhost:\${port}/\`, { signal: AbortSignal.timeout(10000) });\n  }\n  async run(events) {\n    const port = 30123;\n    await new Promise(resolve => http.createServer().listen(port, resolve));\n    await this._get({ port });\n    events.on("get", this._get.bind(this));\n  }\n}\nmodule.exports = App;\n`,
    },
    {
      // Round 37: the listen in a promise executor counts from the promise on, not before it.
      name: "a request made before the promise whose executor starts the server's listen",
      code: `import http from "node:http";\nexport async function startOnce(port: number) {\n  const up = await fetch(\`http://127.0.0.1:\${port}/status\`).then(r => r.ok, () => false);\n  if (up) return;\n  await new Promise<void>(resolve => http.createServer().listen(port, resolve));\n}\n`,
      errors: [{ line: 3, column: 20, messageId: "fetch" }],
      output: `import http from "node:http";\nexport async function startOnce(port: number) {\n  const up = await fetch(\`http://127.0.0.1:\${port}/status\`, { signal: AbortSignal.timeout(10000) }).then(r => r.ok, () => false);\n  if (up) return;\n  await new Promise<void>(resolve => http.createServer().listen(port, resolve));\n}\n`,
    },
    {
      name: "a port a configuration's getter returns is no free port the program picked",
      code: `import { spawn } from "node:child_process";\nexport async function run(config: { getPort(): number; bin: string }) {\n  const port = config.getPort();\n  spawn(config.bin, ["--port", String(port)]);\n  await fetch(\`http://127.0.0.1:\${port}/ready\`);\n}\n`,
      errors: [{ line: 5, column: 9, messageId: "fetch" }],
      output: `import { spawn } from "node:child_process";\nexport async function run(config: { getPort(): number; bin: string }) {\n  const port = config.getPort();\n  spawn(config.bin, ["--port", String(port)]);\n  await fetch(\`http://127.0.0.1:\${port}/ready\`, { signal: AbortSignal.timeout(10000) });\n}\n`,
    },
    {
      // Round 31: the tuning labels judge this shape both ways (a readiness poll of a spawned
      // localnet on its fixed port true, a detector's fixed port false): nothing shows the child
      // holds the port, and another program (or an earlier instance) may hold it and answer.
      name: "a fixed loopback port of a child the same class spawns: the port is not known to be the child's",
      code: `import { spawn, type ChildProcess } from "node:child_process";\nexport class Detector {\n  proc?: ChildProcess;\n  start() {\n    this.proc = spawn("python3", ["detector.py"], { cwd: "detector" });\n  }\n  async detect(body: string) {\n    const res = await fetch("http://127.0.0.1:5050", { method: "POST", body });\n    return res.json();\n  }\n}\n`,
      errors: [{ line: 8, column: 23, messageId: "fetch" }],
      output: `import { spawn, type ChildProcess } from "node:child_process";\nexport class Detector {\n  proc?: ChildProcess;\n  start() {\n    this.proc = spawn("python3", ["detector.py"], { cwd: "detector" });\n  }\n  async detect(body: string) {\n    const res = await fetch("http://127.0.0.1:5050", { method: "POST", body, signal: AbortSignal.timeout(10000) });\n    return res.json();\n  }\n}\n`,
    },
    {
      // Round 31: a URL the spawned child reports (its IPC message) is the child's own only if no
      // other write sets the field; here a restored copy sets it from saved state too.
      name: "a URL a spawned child reported, in a field that saved state also sets",
      code: `import { spawn } from "node:child_process";\nimport { once } from "node:events";\nexport class MockIssuer {\n  issuer?: string;\n  static restore(saved: { issuer: string }) {\n    const mock = new MockIssuer();\n    mock.issuer = saved.issuer;\n    return mock;\n  }\n  static async start(script: string) {\n    const mock = new MockIssuer();\n    const proc = spawn(process.execPath, [script], { stdio: ["inherit", "inherit", "inherit", "ipc"] });\n    const [msg] = await once(proc, "message");\n    mock.issuer = msg.issuer;\n    return mock;\n  }\n  async close() {\n    if (this.issuer) await fetch(new URL("/shutdown", this.issuer));\n  }\n}\n`,
      errors: [{ line: 18, column: 28, messageId: "fetch" }],
      output: `import { spawn } from "node:child_process";\nimport { once } from "node:events";\nexport class MockIssuer {\n  issuer?: string;\n  static restore(saved: { issuer: string }) {\n    const mock = new MockIssuer();\n    mock.issuer = saved.issuer;\n    return mock;\n  }\n  static async start(script: string) {\n    const mock = new MockIssuer();\n    const proc = spawn(process.execPath, [script], { stdio: ["inherit", "inherit", "inherit", "ipc"] });\n    const [msg] = await once(proc, "message");\n    mock.issuer = msg.issuer;\n    return mock;\n  }\n  async close() {\n    if (this.issuer) await fetch(new URL("/shutdown", this.issuer), { signal: AbortSignal.timeout(10000) });\n  }\n}\n`,
    },
    {
      name: "a socket to a host that is a variable is not known to be local",
      code: `import net from "node:net";\nexport function portOpen(host: string) {\n  return new Promise<void>(resolve => {\n    net.connect(5432, host, () => resolve()).end();\n  });\n}\n`,
      errors: [{ line: 4, column: 5, messageId: "net", message: "net.connect() has no timeout", fixes: [] }],
    },
    {
      name: "a helper that browser code calls and Node code calls too: the Node caller can wait forever",
      code: `export async function loadSourceMap(url: string) {\n  const response = await fetch(url);\n  return response.json();\n}\n`,
      filename: "source-map.ts",
      files: {
        "frame.ts": `import { createResource } from "solid-js";\nimport { loadSourceMap } from "./source-map.js";\nexport function useFrame(url: string) {\n  return createResource(() => url, async u => (await loadSourceMap(u)).mappings);\n}\n`,
        "server.ts": `import { loadSourceMap } from "./source-map.js";\nexport async function mapError(url: string) {\n  return loadSourceMap(url);\n}\n`,
      },
      errors: [{ line: 2, column: 26, messageId: "fetch" }],
      output: `export async function loadSourceMap(url: string) {\n  const response = await fetch(url, { signal: AbortSignal.timeout(10000) });\n  return response.json();\n}\n`,
    },
    {
      name: "a promise kept and later awaited: its caller waits for the request",
      code: `export async function push(url: string, token: string) {\n  try {\n    await fetch(url, { method: "POST", body: token });\n    return true;\n  } catch {\n    return false;\n  }\n}\nexport async function refresh(url: string, token: string) {\n  const sent = push(url, token);\n  if (!sent) return;\n  await sent;\n}\n`,
      errors: [{ line: 3, column: 11, messageId: "fetch" }],
      output: `export async function push(url: string, token: string) {\n  try {\n    await fetch(url, { method: "POST", body: token, signal: AbortSignal.timeout(10000) });\n    return true;\n  } catch {\n    return false;\n  }\n}\nexport async function refresh(url: string, token: string) {\n  const sent = push(url, token);\n  if (!sent) return;\n  await sent;\n}\n`,
    },
    {
      name: "a fan-out whose Promise.all is awaited: the caller waits for every request",
      code: `export async function notifyAll(urls: string[]) {\n  await Promise.all(urls.map(url => fetch(url)));\n}\n`,
      errors: [{ line: 2, column: 37, messageId: "fetch" }],
      output: `export async function notifyAll(urls: string[]) {\n  await Promise.all(urls.map(url => fetch(url, { signal: AbortSignal.timeout(10000) })));\n}\n`,
    },
    {
      name: "a fan-out whose Promise.all is chained: the handler waits for every request",
      code: `export function notifyAll(urls: string[], done: () => void) {\n  Promise.all(urls.map(url => fetch(url))).then(done);\n}\n`,
      errors: [{ line: 2, column: 31, messageId: "fetch" }],
      output: `export function notifyAll(urls: string[], done: () => void) {\n  Promise.all(urls.map(url => fetch(url, { signal: AbortSignal.timeout(10000) }))).then(done);\n}\n`,
    },
    {
      name: "an array of requests kept by map: whoever gets it may wait",
      code: `export function startAll(urls: string[]) {\n  const pending = urls.map(url => fetch(url));\n  return pending;\n}\n`,
      errors: [{ line: 2, column: 35, messageId: "fetch" }],
      output: `export function startAll(urls: string[]) {\n  const pending = urls.map(url => fetch(url, { signal: AbortSignal.timeout(10000) }));\n  return pending;\n}\n`,
    },
    {
      name: "a chain whose handler uses the response: the work after it waits, even when the caller drops the promise",
      code: `export class Feed {\n  items: unknown[] = [];\n  load(url: string) {\n    return fetch(url)\n      .then(async res => {\n        this.items = await res.json();\n      })\n      .catch(err => console.error(err));\n  }\n  refresh(url: string) {\n    this.load(url);\n  }\n}\n`,
      errors: [{ line: 4, column: 12, messageId: "fetch" }],
      output: `export class Feed {\n  items: unknown[] = [];\n  load(url: string) {\n    return fetch(url, { signal: AbortSignal.timeout(10000) })\n      .then(async res => {\n        this.items = await res.json();\n      })\n      .catch(err => console.error(err));\n  }\n  refresh(url: string) {\n    this.load(url);\n  }\n}\n`,
    },
    {
      name: "a chain whose finally handler does work: that work waits for the request",
      code: `export class Loader {\n  pending = 0;\n  load(url: string) {\n    this.pending++;\n    return fetch(url)\n      .catch(err => console.error(err))\n      .finally(() => {\n        this.pending--;\n      });\n  }\n  refresh(url: string) {\n    this.load(url);\n  }\n}\n`,
      errors: [{ line: 5, column: 12, messageId: "fetch" }],
      output: `export class Loader {\n  pending = 0;\n  load(url: string) {\n    this.pending++;\n    return fetch(url, { signal: AbortSignal.timeout(10000) })\n      .catch(err => console.error(err))\n      .finally(() => {\n        this.pending--;\n      });\n  }\n  refresh(url: string) {\n    this.load(url);\n  }\n}\n`,
    },
    {
      name: "round 48 boundary: a browser folder's module that Node's folder imports too runs in Node",
      code: pagePlatformCode,
      filename: "src/browser/pagePlatform.ts",
      files: {
        ...platformFoldersPackage,
        "src/node/index.ts": `import { pagePlatform } from "../browser/pagePlatform";\nimport { connect } from "../platform";\nconnect(pagePlatform);\n`,
      },
      errors: [{ line: 3, column: 23, messageId: "fetch" }],
      output: pagePlatformOutput,
    },
    {
      name: "round 50 boundary: `react-native` only in devDependencies is no React Native package",
      code: nativeHelperCode,
      filename: "src/api/resolveShortLink.ts",
      files: reactNativePackage(`"devDependencies":{"react-native":"0.76.0"}`),
      errors: nativeHelperError,
      output: nativeHelperOutput,
    },
    {
      name: "round 50 boundary: nor an optional peer (a package that also runs elsewhere)",
      code: nativeHelperCode,
      filename: "src/api/resolveShortLink.ts",
      files: reactNativePackage(`"peerDependencies":{"react-native":"*"},"peerDependenciesMeta":{"react-native":{"optional":true}}`),
      errors: nativeHelperError,
      output: nativeHelperOutput,
    },
    {
      name: "round 50 boundary: a React Native package with commands (`bin`) has Node code",
      code: nativeHelperCode,
      filename: "src/api/resolveShortLink.ts",
      files: reactNativePackage(`"bin":{"case":"lib/cli.js"},"peerDependencies":{"react-native":"*"}`),
      errors: nativeHelperError,
      output: nativeHelperOutput,
    },
    {
      name: "round 50 boundary: a module of it that imports a Node built-in is a build script",
      code: `import { writeFileSync } from "node:fs";\n${nativeHelperCode}`,
      filename: "scripts/resolve.ts",
      files: reactNativePackage(`"dependencies":{"react-native":"0.76.0"}`),
      errors: [{ line: 3, column: 21, messageId: "fetch" }],
      output: `import { writeFileSync } from "node:fs";\n${nativeHelperOutput}`,
    },
    {
      name: "round 48 boundary: a `browser` folder with no `node` folder beside it is no platform split",
      code: pagePlatformCode,
      filename: "src/browser/pagePlatform.ts",
      files: {
        "package.json": platformFoldersPackage["package.json"],
        "src/platform.ts": platformFoldersPackage["src/platform.ts"],
        "src/browser/index.ts": platformFoldersPackage["src/browser/index.ts"],
        "src/server/index.ts": platformFoldersPackage["src/node/index.ts"],
      },
      errors: [{ line: 3, column: 23, messageId: "fetch" }],
      output: pagePlatformOutput,
    },
    {
      name: "round 48 boundary: nor is it in a package that declares no browser build",
      code: pagePlatformCode,
      filename: "src/browser/pagePlatform.ts",
      files: { ...platformFoldersPackage, "package.json": `{"name":"case","main":"dist/index.cjs.js"}` },
      errors: [{ line: 3, column: 23, messageId: "fetch" }],
      output: pagePlatformOutput,
    },
    {
      name: "round 44 boundary: a module the browser entry and Node's entry both import runs in Node too",
      code: pageFetcherCode,
      filename: "src/PageFetcher.ts",
      files: { ...browserEntryPackage, "src/index.ts": `export { FileFetcher } from "./FileFetcher.js";\nexport { PageFetcher } from "./PageFetcher.js";\n` },
      errors: [{ line: 3, column: 28, messageId: "fetch" }],
      output: pageFetcherOutput,
    },
    {
      name: "round 44 boundary: a browser entry that Node's entry re-exports runs in Node too",
      code: `export async function ping(url: string) {\n  return (await fetch(url)).ok;\n}\n`,
      filename: "src/browser.ts",
      files: { ...browserEntryPackage, "src/index.ts": `export * from "./browser.js";\nexport { FileFetcher } from "./FileFetcher.js";\n` },
      errors: [{ line: 2, column: 17, messageId: "fetch" }],
      output: `export async function ping(url: string) {\n  return (await fetch(url, { signal: AbortSignal.timeout(10000) })).ok;\n}\n`,
    },
    {
      name: "round 44 boundary: nor is a helper only such an entry imports browser code",
      code: pageFetcherCode,
      filename: "src/PageFetcher.ts",
      files: { ...browserEntryPackage, "src/index.ts": `export * from "./browser.js";\nexport { FileFetcher } from "./FileFetcher.js";\n` },
      errors: [{ line: 3, column: 28, messageId: "fetch" }],
      output: pageFetcherOutput,
    },
    {
      name: "round 44 boundary: a `browser` condition that names another build of Node's module (dist/esm beside dist/cjs, both from src/index) is no browser entry",
      code: `export { PageFetcher } from "./PageFetcher.js";\nexport async function ping(url: string) {\n  return (await fetch(url)).ok;\n}\n`,
      filename: "src/index.ts",
      files: {
        "package.json": `{"name":"case","type":"module","exports":{".":{"browser":"./dist/esm/index.js","import":"./dist/esm/index.js","require":"./dist/cjs/index.js"}}}`,
        "src/PageFetcher.ts": pageFetcherCode,
      },
      errors: [{ line: 3, column: 17, messageId: "fetch" }],
      output: `export { PageFetcher } from "./PageFetcher.js";\nexport async function ping(url: string) {\n  return (await fetch(url, { signal: AbortSignal.timeout(10000) })).ok;\n}\n`,
    },
    {
      name: "round 44 boundary: a browser build that the package's root also gives Node (`main`) is Node's entry too",
      code: `export async function ping(url: string) {\n  return (await fetch(url)).ok;\n}\n`,
      filename: "src/browser.ts",
      files: {
        "package.json": `{"name":"case","type":"module","main":"./lib/browser.js","exports":{"./web":{"browser":"./lib/browser.js","default":"./lib/web-node.js"}}}`,
      },
      errors: [{ line: 2, column: 17, messageId: "fetch" }],
      output: `export async function ping(url: string) {\n  return (await fetch(url, { signal: AbortSignal.timeout(10000) })).ok;\n}\n`,
    },
    {
      name: "a function nothing in the package calls, in a package without `exports`: its users may import the module itself",
      code: helperCode,
      filename: "helper.ts",
      files: { "package.json": `{"name":"case","type":"module","main":"index.js"}`, ...helperEntry },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: helperOutput,
    },
    {
      name: "an `exports` pattern opens every module to the package's users",
      code: helperCode,
      filename: "helper.ts",
      files: { "package.json": `{"name":"case","type":"module","exports":{".":"./index.js","./*":"./*.js"}}`, ...helperEntry },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: helperOutput,
    },
    {
      name: "a closed package's module that nothing imports may be loaded by path, or be an entry by its source",
      code: helperCode,
      filename: "helper.ts",
      files: { ...closedPackage },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: helperOutput,
    },
    {
      name: "an `export *` module that nothing imports may be the entry (its source, which `exports` does not name)",
      code: helperCode,
      filename: "lib/helper.ts",
      files: { ...closedPackage, "lib/index.ts": `export * from "./helper.js";\n` },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: helperOutput,
    },
    {
      name: "a namespace indexed by a name the code computes: any export may be called",
      code: helperCode,
      filename: "helper.ts",
      files: {
        ...closedPackage,
        "index.ts": `import * as helper from "./helper.js";\nexport function run(name: "download" | "isValidUrl", u: string) {\n  return helper[name](u);\n}\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: helperOutput,
    },
    {
      name: "a module imported through a path alias too (`@/helper`): which names that import reads is not known",
      code: helperCode,
      filename: "helper.ts",
      files: {
        ...closedPackage,
        ...helperEntry,
        "app.ts": `import { download } from "@/helper";\nexport async function main(u: string) {\n  await download(u);\n}\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: helperOutput,
    },
    {
      name: "a function its own module calls, in a closed package",
      code: `${helperCode}export async function save(url: string) {\n  return isValidUrl(url) ? download(url) : undefined;\n}\n`,
      filename: "helper.ts",
      files: { ...closedPackage, "index.ts": `import { save } from "./helper.js";\nexport async function main(u: string) {\n  await save(u);\n}\n` },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: `${helperOutput}export async function save(url: string) {\n  return isValidUrl(url) ? download(url) : undefined;\n}\n`,
    },
    {
      name: "a name that merely ends in a backup word (`scaffold.js`): not a backup copy",
      code: `export async function get(url) { return fetch(url); }\n`,
      filename: "scaffold.js",
      errors: [{ line: 1, column: 41, messageId: "fetch" }],
      output: `export async function get(url) { return fetch(url, { signal: AbortSignal.timeout(10000) }); }\n`,
    },
    {
      name: "a module nothing imports, where the program loads modules by a path it computes: it may be loaded",
      code: leftoverCode,
      filename: "tools/leftover.ts",
      files: {
        ...cliPackage,
        "helper.ts": helperCode,
        "cli.ts": `const name = process.argv[2] ?? "leftover";\nconst tool = await import(\`./tools/\${name}.js\`);\nconsole.log(await tool.ping("https://example.com"));\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a module nothing imports that is a script run by path (a `#!` line, or a main-module check): its own entry",
      code: `#!/usr/bin/env node\n${leftoverCode}await ping(process.env.HEALTH_URL ?? "");\n`,
      filename: "health-check.ts",
      files: { ...cliPackage, "helper.ts": helperCode },
      errors: [{ line: 3, column: 21, messageId: "fetch" }],
      output: `#!/usr/bin/env node\n${leftoverOutput}await ping(process.env.HEALTH_URL ?? "");\n`,
    },
    {
      name: "a module nothing imports that checks it is the main module",
      code: `const axios = require("axios");\nasync function check(url) {\n  return axios.get(url);\n}\nif (require.main === module) check(process.argv[2]).then(res => console.log(res.status));\nmodule.exports = { check };\n`,
      filename: "check.cjs",
      compilerOptions: { strict: false },
      files: { ...cliPackage, "helper.ts": helperCode },
      errors: [{ line: 3, column: 10, messageId: "axios" }],
      output: `const axios = require("axios");\nasync function check(url) {\n  return axios.get(url, { timeout: 10000 });\n}\nif (require.main === module) check(process.argv[2]).then(res => console.log(res.status));\nmodule.exports = { check };\n`,
    },
    {
      name: "a module nothing imports whose name another module writes in a string (a path to load or fork)",
      code: leftoverCode,
      filename: "tools/leftover.ts",
      files: {
        ...cliPackage,
        "helper.ts": helperCode,
        "spawner.ts": `import { fork } from "node:child_process";\nimport { join } from "node:path";\nexport function start(dir: string) {\n  return fork(join(dir, "tools", "leftover.js"));\n}\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a command-line program whose entry's source the rule does not find (`bin` names dist/, the sources are not under src/): a module nothing imports may be it",
      code: leftoverCode,
      filename: "app/leftover.ts",
      files: { "package.json": `{"name":"case","type":"module","bin":{"case":"dist/cli.js"}}`, "app/cli.ts": `console.log(process.argv[2]);\n` },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a library with only `main` (no `bin`): a module nothing imports may be imported by its path, or loaded by a framework",
      code: leftoverCode,
      filename: "tools/leftover.ts",
      files: { "package.json": `{"name":"case","type":"module","main":"index.js"}`, "helper.ts": helperCode, ...helperEntry },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a program that is also a library whose `exports` opens subpaths by pattern: another package may import the module by its path",
      code: leftoverCode,
      filename: "leftover.ts",
      files: {
        ...cliPackage,
        "package.json": `{"name":"case","type":"module","bin":{"case":"cli.js"},"exports":{".":"./index.js","./*":"./*.js"}}`,
        "helper.ts": helperCode,
        ...helperEntry,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a program that is also a library whose package.json names the module's folder for a framework (oclif's commands): loaded by folder",
      code: leftoverCode,
      filename: "src/commands/ping.ts",
      files: {
        "package.json": `{"name":"case","type":"module","main":"dist/index.js","bin":{"case":"dist/cli/index.js"},"oclif":{"commands":"./dist/commands"}}`,
        "src/index.ts": `export { isValidUrl } from "./core/helper.js";\nexport { BaseCommand } from "./commands/base.js";\n`,
        "src/commands/base.ts": `export class BaseCommand {}\n`,
        "src/core/helper.ts": helperCode,
        "src/cli/index.ts": `import { isValidUrl } from "../core/helper.js";\nconsole.log(isValidUrl(process.argv[2] ?? ""));\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a module that a package.json script runs by path (`node leftover.js`), in a program that is also a library",
      code: leftoverCode,
      filename: "leftover.ts",
      files: {
        ...cliPackage,
        "package.json": `{"name":"case","type":"module","main":"index.js","bin":{"case":"cli.js"},"scripts":{"ping":"node leftover.js --all"}}`,
        "helper.ts": helperCode,
        ...helperEntry,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a program that is also a library: a folder of modules nothing imports (commands a framework loads by folder), with no package.json naming it",
      code: leftoverCode,
      filename: "src/commands/ping.ts",
      files: {
        "package.json": `{"name":"case","type":"module","main":"dist/index.js","bin":{"case":"dist/cli/index.js"}}`,
        "src/index.ts": `export { isValidUrl } from "./core/helper.js";\n`,
        "src/core/helper.ts": helperCode,
        "src/cli/index.ts": `import { isValidUrl } from "../core/helper.js";\nconsole.log(isValidUrl(process.argv[2] ?? ""));\n`,
        "src/commands/list.ts": `export default async function list() {\n  return [];\n}\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a program that is also a library: a module nothing imports beside only the helpers it imports itself (one command's folder)",
      code: `import { isValidUrl } from "./util.js";\n${leftoverCode}`,
      filename: "src/commands/ping/index.ts",
      files: {
        "package.json": `{"name":"case","type":"module","main":"dist/index.js","bin":{"case":"dist/cli/index.js"}}`,
        "src/index.ts": `export { isValidUrl } from "./core/helper.js";\n`,
        "src/core/helper.ts": helperCode,
        "src/cli/index.ts": `import { isValidUrl } from "../core/helper.js";\nconsole.log(isValidUrl(process.argv[2] ?? ""));\n`,
        "src/commands/ping/util.ts": `export function isValidUrl(u: string) {\n  return u.startsWith("https://");\n}\n`,
      },
      errors: [{ line: 3, column: 21, messageId: "fetch" }],
      output: `import { isValidUrl } from "./util.js";\n${leftoverOutput}`,
    },
    {
      name: "a program that is also a library: a module alone in its folder, which nothing else in the folder shows to be used",
      code: leftoverCode,
      filename: "tools/leftover.ts",
      files: {
        ...cliPackage,
        "package.json": `{"name":"case","type":"module","main":"index.js","bin":{"case":"cli.js"}}`,
        "helper.ts": helperCode,
        ...helperEntry,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a program that is also a library, whose `main` the rule does not find (the sources are not under src/): a module nothing imports may be it",
      code: leftoverCode,
      filename: "app/leftover.ts",
      files: { ...cliPackage, "package.json": `{"name":"case","type":"module","main":"dist/index.js","bin":{"case":"cli.js"}}`, "helper.ts": helperCode },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a library whose `exports` names each entry, all in the project: a module nothing imports may be loaded by a framework, by folder",
      code: leftoverCode,
      filename: "src/component/lib.ts",
      files: {
        "package.json": `{"name":"case","type":"module","exports":{".":"./dist/client/index.js","./component.config":"./dist/component/component.config.js"}}`,
        "src/client/index.ts": `export const name = "client";\n`,
        "src/component/component.config.ts": `export default { name: "component" };\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: leftoverOutput,
    },
    {
      name: "a function a module the entry imports calls, besides one nothing imports: it runs",
      code: helperCode,
      filename: "helper.ts",
      files: {
        ...cliPackage,
        "old-tool.ts": oldToolCode,
        "cli.ts": `import { isValidUrl, download } from "./helper.js";\nconst u = process.argv[2] ?? "";\nif (isValidUrl(u)) await download(u);\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: helperOutput,
    },
    {
      name: "a static method the program calls: it runs",
      code: oauthCode,
      filename: "oauth.ts",
      files: { ...cliPackage, "cli.ts": `import { OAuth } from "./oauth.js";\nconsole.log(await OAuth.exchangeCode(process.argv[2] ?? ""));\n` },
      errors: [{ line: 6, column: 23, messageId: "fetch" }],
      output: oauthOutput,
    },
    {
      name: "an uncalled static method in a package others can import (`main`, no `exports`): its users may call it",
      code: oauthCode,
      filename: "oauth.ts",
      files: { "package.json": `{"name":"case","type":"module","main":"index.js"}`, "index.ts": `export { OAuth } from "./oauth.js";\n` },
      errors: [{ line: 6, column: 23, messageId: "fetch" }],
      output: oauthOutput,
    },
    {
      name: "an uncalled static method of a class a library's entry hands to its users (`exports` closed): they may call it",
      code: oauthCode,
      filename: "oauth.ts",
      files: { ...closedPackage, "index.ts": `export { OAuth } from "./oauth.js";\n` },
      errors: [{ line: 6, column: 23, messageId: "fetch" }],
      output: oauthOutput,
    },
    {
      name: "round 26: an uncalled instance method in a package others can import (`main`): its users may call it on an instance",
      code: clientCode,
      filename: "client.ts",
      files: { "package.json": `{"name":"case","type":"module","main":"index.js"}`, "index.ts": `export { Client } from "./client.js";\n` },
      errors: [{ line: 6, column: 12, messageId: "fetch" }],
      output: clientOutput,
    },
    {
      name: "round 26: an instance method another file names, on a receiver of any type: it may be this one's",
      code: clientCode,
      filename: "client.ts",
      files: {
        ...cliPackage,
        "cli.ts": `import { Client } from "./client.js";\nconsole.log(await new Client().get(process.argv[2] ?? ""));\n`,
        "clean.ts": `export async function clean(store: { remove(url: string): Promise<unknown> }, url: string) {\n  await store.remove(url);\n}\n`,
      },
      errors: [{ line: 6, column: 12, messageId: "fetch" }],
      output: clientOutput,
    },
    {
      name: "round 26: an instance handed to a package's function where it is made: the package may call its methods by name",
      code: clientCode,
      filename: "client.ts",
      files: {
        "package.json": `{"name":"case","type":"module","bin":{"case":"cli.js"},"dependencies":{"store-kit":"1.0.0"}}`,
        "cli.ts": `import { Client } from "./client.js";\nimport { mount } from "store-kit";\nconst client = new Client();\nmount(client);\nconsole.log(await client.get(process.argv[2] ?? ""));\n`,
      },
      errors: [{ line: 6, column: 12, messageId: "fetch" }],
      output: clientOutput,
    },
    {
      name: "round 41: a method whose one reader is a wrapper method the program calls: it runs",
      code: wrappedClientCode,
      filename: "client.ts",
      files: { ...cliPackage, "cli.ts": `import { Client } from "./client.js";\nconsole.log(await new Client().tryRemove(process.argv[2] ?? ""));\n` },
      errors: [{ line: 6, column: 12, messageId: "fetch" }],
      output: wrappedClientOutput,
    },
    {
      name: "round 26: an uncalled method of a class that extends another: the base class may call it",
      code: `class Base {}\n${clientCode.replace("export class Client {", "export class Client extends Base {")}`,
      filename: "client.ts",
      files: { ...cliPackage, "cli.ts": `import { Client } from "./client.js";\nconsole.log(await new Client().get(process.argv[2] ?? ""));\n` },
      errors: [{ line: 7, column: 12, messageId: "fetch" }],
      output: `class Base {}\n${clientOutput.replace("export class Client {", "export class Client extends Base {")}`,
    },
    {
      name: "round 26: a property of the program's API object read by a computed name: any property may run",
      code: apiCode,
      filename: "api.ts",
      files: {
        ...cliPackage,
        "cli.ts": `import { api } from "./api.js";\nconst kind = process.argv[2] as "list" | "create";\nconsole.log(await api.things[kind]("x"));\n`,
      },
      errors: [{ line: 7, column: 14, messageId: "fetch" }],
      output: apiOutput,
    },
    {
      name: "round 26: a property of the program's API object whose objects are iterated or spread: each property may run",
      code: apiCode,
      filename: "api.ts",
      files: {
        ...cliPackage,
        "cli.ts": `import { api } from "./api.js";\nfor (const op of Object.values(api.things)) console.log(await op("x"));\n`,
        "more.ts": `import { api } from "./api.js";\nexport const all = { ...api };\n`,
      },
      errors: [{ line: 7, column: 14, messageId: "fetch" }],
      output: apiOutput,
    },
    {
      name: "round 26: a property of the program's API object the program calls: it runs",
      code: apiCode,
      filename: "api.ts",
      files: { ...cliPackage, "cli.ts": `import { api } from "./api.js";\nconsole.log(await api.things.list(), await api.things.create("x"));\n` },
      errors: [{ line: 7, column: 14, messageId: "fetch" }],
      output: apiOutput,
    },
    {
      name: "round 26: an uncalled method of a class another class extends, whose instance is handed to a package: the package may call it on the subclass's instance",
      code: clientCode,
      filename: "client.ts",
      files: {
        "package.json": `{"name":"case","type":"module","bin":{"case":"cli.js"},"dependencies":{"store-kit":"1.0.0"}}`,
        "cli.ts": `import { Client } from "./client.js";\nimport { mount } from "store-kit";\nclass CachedClient extends Client {}\nmount(new CachedClient());\nconsole.log(await new Client().get(process.argv[2] ?? ""));\n`,
      },
      errors: [{ line: 6, column: 12, messageId: "fetch" }],
      output: clientOutput,
    },
    {
      name: "round 26: a property of the program's API object whose name more files mention than are read: taken as named",
      code: apiCode,
      filename: "api.ts",
      files: {
        ...cliPackage,
        "cli.ts": `import { api } from "./api.js";\nconsole.log(await api.things.list());\n`,
        ...Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`form${i}.ts`, `export const form${i} = { create: ${i} };\n`])),
      },
      errors: [{ line: 7, column: 14, messageId: "fetch" }],
      output: apiOutput,
    },
    {
      name: "round 26: an uncalled property of an API object in a library (`exports` closed): its users may call it",
      code: apiCode,
      filename: "api.ts",
      files: { ...closedPackage, "index.ts": `export { api } from "./api.js";\n` },
      errors: [{ line: 7, column: 14, messageId: "fetch" }],
      output: apiOutput,
    },
    {
      name: "round 28: an unread property of an analytics object in a package whose users may import any module (`main`): they may call it",
      code: analyticsCode(),
      filename: "analytics.ts",
      files: { "package.json": `{"name":"case","type":"module","main":"index.js"}`, ...analyticsEntry },
      errors: [{ line: 2, column: 9, messageId: "fetch" }],
      output: analyticsOutput(),
    },
    {
      name: "round 28: the library's entry re-exports the analytics object: its users may await its `sendEvent`",
      code: analyticsCode(),
      filename: "analytics.ts",
      files: {
        ...closedPackage,
        ...analyticsEntry,
        "index.ts": `export { createAccount } from "./accounts.js";\nexport { Analytics } from "./analytics.js";\n`,
      },
      errors: [{ line: 2, column: 9, messageId: "fetch" }],
      output: analyticsOutput(),
    },
    {
      name: "round 28: the analytics module carried whole by an `export *`, or nothing importing it (it may be an entry by its source): reported",
      code: analyticsCode(),
      filename: "analytics.ts",
      files: { ...closedPackage, "index.ts": `export * from "./analytics.js";\n` },
      errors: [{ line: 2, column: 9, messageId: "fetch" }],
      output: analyticsOutput(),
    },
    {
      name: "round 28: a file reads the property (`await Analytics.sendEvent(...)`), or hands the object on: a caller may wait",
      code: analyticsCode(),
      filename: "analytics.ts",
      files: {
        ...closedPackage,
        ...analyticsEntry,
        "index.ts": `export { createAccount } from "./accounts.js";\nexport { flush } from "./flush.js";\n`,
        "flush.ts": `import { Analytics } from "./analytics.js";\nexport async function flush() {\n  await Analytics.sendEvent("flush");\n}\n`,
      },
      errors: [{ line: 2, column: 9, messageId: "fetch" }],
      output: analyticsOutput(),
    },
    {
      name: "round 28: the analytics object handed to another function: whoever receives it may call and await `sendEvent`",
      code: analyticsCode(),
      filename: "analytics.ts",
      files: {
        ...closedPackage,
        ...analyticsEntry,
        "index.ts": `export { createAccount } from "./accounts.js";\nexport { plugins } from "./plugins.js";\n`,
        "plugins.ts": `import { Analytics } from "./analytics.js";\nexport const plugins = [Analytics];\n`,
      },
      errors: [{ line: 2, column: 9, messageId: "fetch" }],
      output: analyticsOutput(),
    },
    {
      name: "round 28: an uncalled function listed in an object the entry module itself declares, or in a package whose users may import any module: reported",
      code: toolsCode,
      filename: "tools.ts",
      files: { "package.json": `{"name":"case","type":"module","main":"index.js"}`, ...toolsEntry },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: toolsOutput,
    },
    {
      name: "round 28: an object of tools read by a computed name in a closed library: any of them may run",
      code: toolsCode,
      filename: "tools.ts",
      files: {
        ...closedPackage,
        "index.ts": `import { tools } from "./tools.js";\nexport function run(kind: "list" | "ping") {\n  return tools[kind]("https://example.com");\n}\n`,
      },
      errors: [{ line: 2, column: 21, messageId: "fetch" }],
      output: toolsOutput,
    },
    {
      name: "a provider's method also called in its file without a race: that caller may wait forever",
      code: providersCode(`export async function draft(p: Provider) {\n  return p.create("draft");\n}\n`),
      filename: "providers.ts",
      errors: [{ line: 23, column: 25, messageId: "fetch" }],
      output: providersCode(`export async function draft(p: Provider) {\n  return p.create("draft");\n}\n`).replace(
        `body: prompt }`,
        `body: prompt, signal: AbortSignal.timeout(10000) }`,
      ),
    },
    {
      name: "round 25: a caller whose `.then` handler uses the result, or prints it (the program's output), waits for it (and the empty-handler chain of another caller does not make up for it)",
      code: `export const capture = async (event: string) => {\n  try {\n    await fetch("https://telemetry.example.com/e", { method: "POST", body: event });\n  } catch {}\n};\n`,
      filename: "telemetry.ts",
      files: {
        "run.ts": `import { capture } from "./telemetry.js";\nexport let done = false;\nexport function run() {\n  capture("run").then();\n  capture("stop").then(() => {\n    done = true;\n  });\n}\nexport function report() {\n  capture("report").then(() => console.log("reported"));\n}\n`,
      },
      errors: [{ line: 3, column: 11, messageId: "fetch" }],
      output: `export const capture = async (event: string) => {\n  try {\n    await fetch("https://telemetry.example.com/e", { method: "POST", body: event, signal: AbortSignal.timeout(10000) });\n  } catch {}\n};\n`,
    },
    {
      name: "round 25: after the request the function awaits the body in the check's message, or does more than return (an `else` that prints): reported though every caller drops it (round 39 takes `return response.json()`, a read into the result, below)",
      code: `export async function sendEvent(event: string) {\n  const response = await fetch("https://analytics.example.com/e", { method: "POST", body: event });\n  if (!response.ok) throw new Error(await response.text());\n}\nexport async function sendLast(event: string) {\n  const response = await fetch("https://analytics.example.com/l", { method: "POST", body: event });\n  if (!response.ok) throw new Error("failed");\n  else console.log("sent");\n}\n`,
      filename: "analytics.ts",
      files: {
        "run.ts": `import { sendEvent, sendLast } from "./analytics.js";\nexport function run() {\n  sendEvent("a");\n  sendLast("c");\n}\n`,
      },
      errors: [
        { line: 2, column: 26, messageId: "fetch" },
        { line: 6, column: 26, messageId: "fetch" },
      ],
      output: `export async function sendEvent(event: string) {\n  const response = await fetch("https://analytics.example.com/e", { method: "POST", body: event, signal: AbortSignal.timeout(10000) });\n  if (!response.ok) throw new Error(await response.text());\n}\nexport async function sendLast(event: string) {\n  const response = await fetch("https://analytics.example.com/l", { method: "POST", body: event, signal: AbortSignal.timeout(10000) });\n  if (!response.ok) throw new Error("failed");\n  else console.log("sent");\n}\n`,
    },
    {
      name: "round 25: a response only checked to throw, but one caller awaits the function: reported",
      code: `export async function sendEvent(event: string) {\n  const response = await fetch("https://analytics.example.com/e", { method: "POST", body: event });\n  if (!response.ok) throw new Error("failed");\n}\n`,
      filename: "analytics.ts",
      files: {
        "run.ts": `import { sendEvent } from "./analytics.js";\nexport async function run() {\n  sendEvent("a");\n  await sendEvent("b");\n}\n`,
      },
      errors: [{ line: 2, column: 26, messageId: "fetch" }],
      output: `export async function sendEvent(event: string) {\n  const response = await fetch("https://analytics.example.com/e", { method: "POST", body: event, signal: AbortSignal.timeout(10000) });\n  if (!response.ok) throw new Error("failed");\n}\n`,
    },
    {
      name: "round 25: a network program's other subcommands, and its configuration subcommand's neighbours, still reach the network",
      files: runFile,
      code: `import { run } from "./run.js";\nexport async function setUp(dir: string) {\n  await run("gh", ["auth", "status"], { cwd: dir });\n  await run("gh", ["api", "user"], { cwd: dir });\n  await run("aws", ["configure", "sso"], { cwd: dir });\n  await run("kubectl", ["get", "pods"], { cwd: dir });\n}\n`,
      errors: [
        { line: 3, column: 9, messageId: "forwarded" },
        { line: 4, column: 9, messageId: "forwarded" },
        { line: 5, column: 9, messageId: "forwarded" },
        { line: 6, column: 9, messageId: "forwarded" },
      ],
    },
    {
      name: "round 29: an entry that only calls a function when loaded (a library's set-up does too), or starts nothing: the helper's uncalled methods stay reported",
      code: cookieCode,
      filename: "cookie.ts",
      files: { ...startedPackage, "main.ts": startedMain.replace("(() => new Adapter())();", "function main() {\n  return new Adapter();\n}\nmain();") },
      errors: cookieErrors,
      output: cookieOutput,
    },
    {
      name: "round 29: a program's entry that exports the helper class: whoever loads it may call its methods",
      code: cookieCode,
      filename: "cookie.ts",
      files: { ...startedPackage, "main.ts": `${startedMain}export { Cookie } from "./cookie.js";\n` },
      errors: cookieErrors,
      output: cookieOutput,
    },
    {
      name: "round 29: a program whose other entry (`exports`) starts nothing: a library's users may reach the class",
      code: cookieCode,
      filename: "cookie.ts",
      files: {
        "package.json": `{"name":"case","type":"module","main":"main.js","exports":{".":"./main.js","./lib":"./lib.js"}}`,
        "main.ts": startedMain,
        "lib.ts": `export { Cookie } from "./cookie.js";\n`,
      },
      errors: cookieErrors,
      output: cookieOutput,
    },
    {
      name: "round 29: members read by a computed name (on the field that holds the instance, on the class): any method may run",
      code: cookieCode,
      filename: "cookie.ts",
      files: {
        ...startedPackage,
        "main.ts": startedMain.replace(
          "return this.cookie.send();",
          'const step = process.env.STEP ?? "send";\n    await (Cookie as unknown as Record<string, () => Promise<void>>)[step]!();\n    return (this.cookie as unknown as Record<string, () => Promise<unknown>>)[step]!();',
        ),
      },
      errors: cookieErrors,
      output: cookieOutput,
    },
    {
      name: "round 29: a program's entry that exports the object: whoever loads it may read its properties",
      code: apiCode,
      filename: "api.ts",
      files: {
        ...startedPackage,
        "main.ts": `import { api } from "./api.js";\nexport { api };\nclass Program {\n  async run() {\n    console.log(await api.things.list());\n  }\n}\nnew Program().run();\n`,
      },
      errors: [{ line: 7, column: 14, messageId: "fetch" }],
      output: apiOutput,
    },
    cjsHelperCase(
      "round 29: in CommonJS, a helper required under another name (its uses are not followed): still reported",
      `const { Cookie: Jar } = require("./lib/cookie.js");\nclass Adapter {\n  constructor() {\n    this.jar = new Jar();\n  }\n}\nnew Adapter();\n`,
    ),
    cjsHelperCase(
      "round 29: in CommonJS, a helper the entry exports: still reported",
      `const { Cookie } = require("./lib/cookie.js");\nclass Adapter {\n  constructor() {\n    this.cookie = new Cookie();\n  }\n}\nnew Adapter();\nmodule.exports = { Cookie };\n`,
    ),
    {
      name: "round 29: a method the class itself calls by a computed name",
      code: cookieCode.replace(
        "  async send() {\n",
        "  async run(step: string) {\n    return (this as unknown as Record<string, () => Promise<unknown>>)[step]!();\n  }\n  async send() {\n",
      ),
      filename: "cookie.ts",
      files: { ...startedPackage, "main.ts": startedMain.replace("this.cookie.send()", 'this.cookie.run(process.env.STEP ?? "send")') },
      errors: [
        { line: 10, column: 23, messageId: "fetch" },
        { line: 14, column: 19, messageId: "fetch" },
      ],
      output: cookieOutput.replace(
        "  async send() {\n",
        "  async run(step: string) {\n    return (this as unknown as Record<string, () => Promise<unknown>>)[step]!();\n  }\n  async send() {\n",
      ),
    },
    {
      name: "round 29: an init that runs an initializer (npx), asks its questions, adds a workspace, fetches a yarn release, or whose words the code computes: still reported",
      code: `import { exec, execFile } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nconst execFileAsync = promisify(execFile);\nexport async function scaffold(dir: string, name: string) {\n  await execAsync("npm init vite -y", { cwd: dir });\n  await execAsync("npm init", { cwd: dir });\n  await execAsync("npm init -y -w packages/a", { cwd: dir });\n  await execAsync("yarn init -2 -y", { cwd: dir });\n  await execAsync(\`npm init -y \${name}\`, { cwd: dir });\n  await execFileAsync("npm", ["init", "-y", name], { cwd: dir });\n  await execAsync("npm install --save left-pad", { cwd: dir });\n}\n`,
      errors: [
        { line: 6, column: 9, messageId: "child_process" },
        { line: 7, column: 9, messageId: "child_process" },
        { line: 8, column: 9, messageId: "child_process" },
        { line: 9, column: 9, messageId: "child_process" },
        { line: 10, column: 9, messageId: "child_process" },
        { line: 11, column: 9, messageId: "child_process" },
        { line: 12, column: 9, messageId: "child_process" },
      ],
      output: `import { exec, execFile } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nconst execFileAsync = promisify(execFile);\nexport async function scaffold(dir: string, name: string) {\n  await execAsync("npm init vite -y", { cwd: dir, timeout: 10000 });\n  await execAsync("npm init", { cwd: dir, timeout: 10000 });\n  await execAsync("npm init -y -w packages/a", { cwd: dir, timeout: 10000 });\n  await execAsync("yarn init -2 -y", { cwd: dir, timeout: 10000 });\n  await execAsync(\`npm init -y \${name}\`, { cwd: dir, timeout: 10000 });\n  await execFileAsync("npm", ["init", "-y", name], { cwd: dir, timeout: 10000 });\n  await execAsync("npm install --save left-pad", { cwd: dir, timeout: 10000 });\n}\n`,
    },
    {
      name: "round 35: a window check that only logs, comes after the request, guards another branch, tests navigator (Node 21 has it) or is joined by &&; a function without the check, or whose caller checks: still reported",
      code: browserBoundaryCode,
      errors: [2, 6, 9, 17, 21, 25, 32, 38].map(line => ({ line, column: line === 9 ? 21 : 17, messageId: "fetch" as const })),
      output: browserBoundaryCode
        .replace(/fetch\((`\$\{base\}\/[a-g]`)\)/g, "fetch($1, { signal: AbortSignal.timeout(10000) })")
        .replace("{ headers }", "{ headers, signal: AbortSignal.timeout(10000) }"),
    },
    {
      name: "round 35: a client whose one request passes no timeout, or options the rule cannot see, or that is handed on, exported or assigned again: axios.create stays reported",
      code: `import axios from "axios";\nconst api = axios.create({ baseURL: "https://api.example.com" });\nexport async function user(id: string) {\n  return (await api.get(\`/users/\${id}\`, { timeout: 5000 })).data;\n}\nexport async function list() {\n  return (await api.get("/users")).data;\n}\n`,
      errors: [{ line: 2, column: 13, messageId: "axiosCreate" }],
      output: `import axios from "axios";\nconst api = axios.create({ baseURL: "https://api.example.com", timeout: 10000 });\nexport async function user(id: string) {\n  return (await api.get(\`/users/\${id}\`, { timeout: 5000 })).data;\n}\nexport async function list() {\n  return (await api.get("/users")).data;\n}\n`,
    },
    {
      name: "round 35: the client's uses the rule cannot follow keep axios.create reported",
      code: `import axios, { type AxiosRequestConfig } from "axios";\nconst a = axios.create({ baseURL: "https://a.example.com" });\nexport async function viaOptions(options: AxiosRequestConfig) {\n  return a.get("/", options);\n}\nconst b = axios.create({ baseURL: "https://b.example.com" });\nexport function handOn() {\n  return b;\n}\nexport const c = axios.create({ baseURL: "https://c.example.com" });\nexport async function getC() {\n  return c.get("/", { timeout: 5000 });\n}\nlet d = axios.create({ baseURL: "https://d.example.com" });\nexport function reset(next: typeof d) {\n  d = next;\n}\nexport async function getD() {\n  return d.get("/", { timeout: 5000 });\n}\n`,
      errors: [
        { line: 2, column: 11, messageId: "axiosCreate" },
        { line: 6, column: 11, messageId: "axiosCreate" },
        { line: 10, column: 18, messageId: "axiosCreate" },
        { line: 14, column: 9, messageId: "axiosCreate" },
      ],
      output: `import axios, { type AxiosRequestConfig } from "axios";\nconst a = axios.create({ baseURL: "https://a.example.com", timeout: 10000 });\nexport async function viaOptions(options: AxiosRequestConfig) {\n  return a.get("/", options);\n}\nconst b = axios.create({ baseURL: "https://b.example.com", timeout: 10000 });\nexport function handOn() {\n  return b;\n}\nexport const c = axios.create({ baseURL: "https://c.example.com", timeout: 10000 });\nexport async function getC() {\n  return c.get("/", { timeout: 5000 });\n}\nlet d = axios.create({ baseURL: "https://d.example.com", timeout: 10000 });\nexport function reset(next: typeof d) {\n  d = next;\n}\nexport async function getD() {\n  return d.get("/", { timeout: 5000 });\n}\n`,
    },
    {
      name: "round 35: a client kept on this whose one request passes no timeout, or that another module reads: still reported",
      code: timedThisClientCode.replace(
        `return this._instance!.request({ url, method: "GET", timeout: this.opts.timeout });`,
        `return this._instance!.request({ url, method: "GET" });`,
      ),
      errors: [{ line: 7, column: 22, messageId: "axiosCreate" }],
      output: timedThisClientCode
        .replace(
          `return this._instance!.request({ url, method: "GET", timeout: this.opts.timeout });`,
          `return this._instance!.request({ url, method: "GET" });`,
        )
        .replace(`baseURL: "https://unifi.example.com" }`, `baseURL: "https://unifi.example.com", timeout: 10000 }`),
    },
    // Round 47 boundaries: one call of the private method without a timeout, a public forwarding
    // method (callers outside the project may pass none), the parameter reassigned before the
    // request, a constant of options without a timeout: axios.create stays reported.
    ...(
      [
        [
          "one call of the private method passes no timeout",
          `return this.send(url, { method: "GET", responseType: "arraybuffer", timeout: 8000 });`,
          `return this.send(url, { method: "GET", responseType: "arraybuffer" });`,
        ],
        ["the forwarding method is public", "private static async send(", "static async send("],
        [
          "the private method changes its options before the request",
          "    for (let i = 0; ; i++) {\n",
          '    config = { method: "GET" };\n    for (let i = 0; ; i++) {\n',
        ],
        ["a constant of options without a timeout", `{ url, method: "POST", data, timeout: 10000 }`, `{ url, method: "POST", data }`],
      ] as const
    ).map(([what, from, to]) => ({
      name: `round 47 boundary: a client in a static field, ${what}: still reported`,
      code: timedFieldClientCode.replace(from, to),
      errors: [{ line: 3, column: 42, messageId: "axiosCreate" as const }],
      output: timedFieldClientCode.replace(from, to).replace(`baseURL: "https://dev.example.com" }`, `baseURL: "https://dev.example.com", timeout: 10000 }`),
    })),
    {
      name: "round 35: a client kept on this whose property another module of the project reads: still reported",
      code: timedThisClientCode,
      filename: "controller.ts",
      files: {
        "status.ts": `import type { Controller } from "./controller.js";\nexport async function status(c: Controller) {\n  return (c as unknown as { _instance: { get(u: string): Promise<unknown> } })._instance.get("/status");\n}\n`,
      },
      errors: [{ line: 7, column: 22, messageId: "axiosCreate" }],
      output: timedThisClientCode.replace(`baseURL: "https://unifi.example.com" }`, `baseURL: "https://unifi.example.com", timeout: 10000 }`),
    },
    {
      name: "round 52 boundary: npx of a program the package needs only in devDependencies (not installed where its users run it): reported",
      code: npxCode,
      files: npxPackage(`"devDependencies":{"typescript":"^5.4.0"}`),
      errors: [{ line: 5, column: 9, messageId: "child_process" }],
      output: npxOutput,
    },
    {
      name: "round 52 boundary: npx of a program no dependency provides, a version, another package (-p), or installed words that reach the network: reported",
      code: `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport async function run(dir: string) {\n  await execAsync("npx create-vite app", { cwd: dir });\n  await execAsync("npx tsc@5.4 -p .", { cwd: dir });\n  await execAsync("npx -p typescript tsc -p .", { cwd: dir });\n  await execAsync("npx vercel login", { cwd: dir });\n}\n`,
      files: npxPackage(`"dependencies":{"typescript":"^5.4.0","vercel":"^39.0.0"}`),
      errors: [5, 6, 7, 8].map(line => ({ line, column: 9, messageId: "child_process" as const })),
      output: `import { exec } from "node:child_process";\nimport { promisify } from "node:util";\nconst execAsync = promisify(exec);\nexport async function run(dir: string) {\n  await execAsync("npx create-vite app", { cwd: dir, timeout: 10000 });\n  await execAsync("npx tsc@5.4 -p .", { cwd: dir, timeout: 10000 });\n  await execAsync("npx -p typescript tsc -p .", { cwd: dir, timeout: 10000 });\n  await execAsync("npx vercel login", { cwd: dir, timeout: 10000 });\n}\n`,
    },
    {
      name: "round 52 boundary: a `listeningOrigin` that is not Fastify's, a scheme-relative or unknown path on it, or a URL object given another host: reported",
      code: `import type { FastifyInstance } from "fastify";\ninterface Config {\n  listeningOrigin: string;\n}\nexport function routes(app: FastifyInstance, config: Config, path: string, host: string) {\n  app.get("/a", async () => (await fetch(\`\${config.listeningOrigin}/a\`)).json());\n  app.get("/b", async () => (await fetch(new URL("//cdn.example.com/b.json", app.listeningOrigin))).json());\n  app.get("/c", async () => (await fetch(new URL(path, app.listeningOrigin))).json());\n  app.get("/d", async () => (await fetch(\`\${app.listeningOrigin}\${path}\`)).json());\n  app.get("/e", async () => {\n    const url = new URL("/e", app.listeningOrigin);\n    url.host = host;\n    return (await fetch(url)).json();\n  });\n}\n`,
      files: fastifyTypes,
      errors: [
        { line: 6, column: 36, messageId: "fetch" },
        { line: 7, column: 36, messageId: "fetch" },
        { line: 8, column: 36, messageId: "fetch" },
        { line: 9, column: 36, messageId: "fetch" },
        { line: 13, column: 19, messageId: "fetch" },
      ],
      output: `import type { FastifyInstance } from "fastify";\ninterface Config {\n  listeningOrigin: string;\n}\nexport function routes(app: FastifyInstance, config: Config, path: string, host: string) {\n  app.get("/a", async () => (await fetch(\`\${config.listeningOrigin}/a\`, { signal: AbortSignal.timeout(10000) })).json());\n  app.get("/b", async () => (await fetch(new URL("//cdn.example.com/b.json", app.listeningOrigin), { signal: AbortSignal.timeout(10000) })).json());\n  app.get("/c", async () => (await fetch(new URL(path, app.listeningOrigin), { signal: AbortSignal.timeout(10000) })).json());\n  app.get("/d", async () => (await fetch(\`\${app.listeningOrigin}\${path}\`, { signal: AbortSignal.timeout(10000) })).json());\n  app.get("/e", async () => {\n    const url = new URL("/e", app.listeningOrigin);\n    url.host = host;\n    return (await fetch(url, { signal: AbortSignal.timeout(10000) })).json();\n  });\n}\n`,
    },
    {
      name: "round 52 boundary: in JavaScript with no types, a `listeningOrigin` in a package that does not depend on fastify: reported",
      code: `export async function plugin(server) {\n  server.get("/info", async () => {\n    const res = await fetch(new URL("/items/list.json", server.listeningOrigin));\n    return res.json();\n  });\n}\n`,
      filename: "maps.js",
      compilerOptions: { strict: false },
      errors: [{ line: 3, column: 23, messageId: "fetch" }],
      output: `export async function plugin(server) {\n  server.get("/info", async () => {\n    const res = await fetch(new URL("/items/list.json", server.listeningOrigin), { signal: AbortSignal.timeout(10000) });\n    return res.json();\n  });\n}\n`,
    },
    {
      name: "round 52 boundary: a merging builder's request whose timeout reads its function's parameter (`timeout = null`: 0 when not given): reported",
      code: mergingClientCode,
      filename: "client.js",
      compilerOptions: { strict: false },
      errors: [{ line: 9, column: 12, messageId: "axios" }],
    },
    {
      name: "round 52 boundary: a merging builder given no timeout, `timeout: 0`, a builder that changes its parameter, or merges an unknown value after it: reported",
      code: `const axios = require("axios");\nclass Client {\n  constructor(overrides) {\n    this.overrides = overrides;\n  }\n  remove(url) {\n    return axios(this.withDefaults({ method: "delete", url }));\n  }\n  forever(url) {\n    return axios(this.withDefaults({ url, timeout: 0 }));\n  }\n  changed(url) {\n    return axios(this.strip({ url, timeout: 5000 }));\n  }\n  overridden(url) {\n    return axios(this.override({ url, timeout: 5000 }));\n  }\n  withDefaults(options) {\n    return Object.assign({ headers: {} }, options);\n  }\n  strip(options) {\n    delete options.timeout;\n    return Object.assign({}, options);\n  }\n  override(options) {\n    return Object.assign({}, options, this.overrides);\n  }\n}\nmodule.exports = { Client };\n`,
      filename: "client.js",
      compilerOptions: { strict: false },
      errors: [
        { line: 7, column: 12, messageId: "axios" },
        { line: 10, column: 12, messageId: "axios" },
        { line: 13, column: 12, messageId: "axios" },
        { line: 16, column: 12, messageId: "axios" },
      ],
    },
    {
      name: "round 39: a read of the response into the result, but a caller awaits the function, or the handler does more than read (hands the response on): reported",
      code: `export async function question() {\n  return await fetch("https://api.example.com/q").then(res => res.json()).catch(() => ({}));\n}\nexport async function vote(id: string) {\n  return fetch(\`https://api.example.com/v?id=\${id}\`).then(res => save(res.json()));\n}\nexport async function total(id: string) {\n  const res = await fetch(\`https://api.example.com/t?id=\${id}\`);\n  const data = await res.json();\n  return data.count + offset(id);\n}\nfunction save(x: unknown) {\n  return x;\n}\nfunction offset(id: string) {\n  return id.length;\n}\n`,
      filename: "api.ts",
      files: {
        "run.ts": `import { question, vote, total } from "./api.js";\nexport async function play() {\n  const q = await question();\n  vote("a");\n  total("b");\n  return q;\n}\n`,
      },
      errors: [
        { line: 2, column: 16, messageId: "fetch" },
        { line: 5, column: 10, messageId: "fetch" },
        { line: 8, column: 21, messageId: "fetch" },
      ],
      output: `export async function question() {\n  return await fetch("https://api.example.com/q", { signal: AbortSignal.timeout(10000) }).then(res => res.json()).catch(() => ({}));\n}\nexport async function vote(id: string) {\n  return fetch(\`https://api.example.com/v?id=\${id}\`, { signal: AbortSignal.timeout(10000) }).then(res => save(res.json()));\n}\nexport async function total(id: string) {\n  const res = await fetch(\`https://api.example.com/t?id=\${id}\`, { signal: AbortSignal.timeout(10000) });\n  const data = await res.json();\n  return data.count + offset(id);\n}\nfunction save(x: unknown) {\n  return x;\n}\nfunction offset(id: string) {\n  return id.length;\n}\n`,
    },
    {
      name: "round 39: an interval's tick that sets a busy flag or pauses the timer before its request, waits for more than the request, or requests in a loop; a one-shot timer: reported",
      code: intervalTicksCode,
      errors: [
        { line: 6, column: 11, messageId: "fetch" },
        { line: 11, column: 11, messageId: "fetch" },
        { line: 14, column: 23, messageId: "fetch" },
        { line: 15, column: 11, messageId: "fetch" },
        { line: 18, column: 33, messageId: "fetch" },
        { line: 21, column: 23, messageId: "fetch" },
      ],
      output: intervalTicksCode
        .replaceAll("fetch(url)", "fetch(url, { signal: AbortSignal.timeout(10000) })")
        .replace("fetch(u)", "fetch(u, { signal: AbortSignal.timeout(10000) })")
        .replace("body: await res.text() }", "body: await res.text(), signal: AbortSignal.timeout(10000) }"),
    },
    {
      name: "round 39: a download into a file stream someone listens to (its `finish` settles a promise), or piped to another stream: reported",
      code: heldDownloadCode,
      errors: [
        { line: 6, column: 5, messageId: "http" },
        { line: 11, column: 3, messageId: "http" },
      ],
      output: heldDownloadCode.replaceAll("https.get(url, res", "https.get(url, { signal: AbortSignal.timeout(10000) }, res"),
    },
    {
      name: "round 53: a dropped request whose \`.then\` branch prints a line (the program's output; round 55: a warning is not), changes state, or whose test calls a function; a returned chain that a caller awaits: reported",
      code: `const debug = (text: string) => console.debug(text);\nexport let failed = 0;\nexport function checkUpdate(url: string) {\n  fetch(url).then(res => {\n    if (res.status === 200) console.log("a new version is out");\n  });\n}\nexport function report(url: string) {\n  fetch(url, { method: "POST" }).then(res => {\n    if (res.ok) debug("sent");\n    else failed++;\n  });\n}\nexport function probe(url: string, ok: (s: number) => boolean) {\n  fetch(url).then(res => {\n    if (ok(res.status)) debug("up");\n  });\n}\nexport function send(url: string) {\n  return fetch(url, { method: "POST" }).then(res => {\n    if (!res.ok) console.error("send failed", res.status);\n  });\n}\n`,
      filename: "checks.ts",
      files: { "run.ts": `import { send } from "./checks.js";\nexport async function run() {\n  await send("https://api.example.com/e");\n}\n` },
      errors: [
        { line: 4, column: 3, messageId: "fetch" },
        { line: 9, column: 3, messageId: "fetch" },
        { line: 15, column: 3, messageId: "fetch" },
        { line: 20, column: 10, messageId: "fetch" },
      ],
      output: `const debug = (text: string) => console.debug(text);\nexport let failed = 0;\nexport function checkUpdate(url: string) {\n  fetch(url, { signal: AbortSignal.timeout(10000) }).then(res => {\n    if (res.status === 200) console.log("a new version is out");\n  });\n}\nexport function report(url: string) {\n  fetch(url, { method: "POST", signal: AbortSignal.timeout(10000) }).then(res => {\n    if (res.ok) debug("sent");\n    else failed++;\n  });\n}\nexport function probe(url: string, ok: (s: number) => boolean) {\n  fetch(url, { signal: AbortSignal.timeout(10000) }).then(res => {\n    if (ok(res.status)) debug("up");\n  });\n}\nexport function send(url: string) {\n  return fetch(url, { method: "POST", signal: AbortSignal.timeout(10000) }).then(res => {\n    if (!res.ok) console.error("send failed", res.status);\n  });\n}\n`,
    },
    {
      name: "round 55: update checks that print the answer, warn from a test that calls, store the answer, read the body into work, or that a caller awaits: reported",
      code: `import { version } from "./version.js";\nexport let latest = "";\nexport function printLatest(url: string) {\n  fetch(url).then(res => {\n    res.json().then(data => {\n      console.log(data.version);\n    });\n  });\n}\nexport function warnIfNewer(url: string, newer: (v: string) => boolean) {\n  fetch(url).then(res => {\n    res.json().then(data => {\n      if (newer(data.version)) console.warn("update");\n    });\n  });\n}\nexport async function storeLatest(url: string) {\n  const res = await fetch(url);\n  const data = await res.json();\n  latest = data.version;\n  if (latest !== version) console.warn("update");\n}\nexport function saveBody(url: string, save: (t: string) => void) {\n  fetch(url).then(res => {\n    res.text().then(save);\n  });\n}\nexport async function checkNow(url: string) {\n  const res = await fetch(url);\n  const data = await res.json();\n  if (data.version !== version) console.warn("update");\n}\n`,
      filename: "checks.ts",
      files: {
        "version.ts": `export const version = "1.0.0";\n`,
        "run.ts": `import { storeLatest, checkNow } from "./checks.js";\nexport async function run(url: string) {\n  storeLatest(url);\n  await checkNow(url);\n}\n`,
      },
      errors: [
        { line: 4, column: 3, messageId: "fetch" },
        { line: 11, column: 3, messageId: "fetch" },
        { line: 18, column: 21, messageId: "fetch" },
        { line: 24, column: 3, messageId: "fetch" },
        { line: 29, column: 21, messageId: "fetch" },
      ],
      output: `import { version } from "./version.js";\nexport let latest = "";\nexport function printLatest(url: string) {\n  fetch(url, { signal: AbortSignal.timeout(10000) }).then(res => {\n    res.json().then(data => {\n      console.log(data.version);\n    });\n  });\n}\nexport function warnIfNewer(url: string, newer: (v: string) => boolean) {\n  fetch(url, { signal: AbortSignal.timeout(10000) }).then(res => {\n    res.json().then(data => {\n      if (newer(data.version)) console.warn("update");\n    });\n  });\n}\nexport async function storeLatest(url: string) {\n  const res = await fetch(url, { signal: AbortSignal.timeout(10000) });\n  const data = await res.json();\n  latest = data.version;\n  if (latest !== version) console.warn("update");\n}\nexport function saveBody(url: string, save: (t: string) => void) {\n  fetch(url, { signal: AbortSignal.timeout(10000) }).then(res => {\n    res.text().then(save);\n  });\n}\nexport async function checkNow(url: string) {\n  const res = await fetch(url, { signal: AbortSignal.timeout(10000) });\n  const data = await res.json();\n  if (data.version !== version) console.warn("update");\n}\n`,
    },
    {
      name: "round 55: a delivery (a POST with a body) whose handler or tail only warns, dropped where it is made or by every caller: reported",
      code: `export function flush(url: string, spans: string[]) {\n  fetch(url, { method: "post", body: JSON.stringify(spans) }).then(res => {\n    if (res.status >= 400) console.warn(\`upload failed: \${res.status}\`);\n  });\n}\nexport async function upload(url: string, spans: string[]) {\n  const res = await fetch(url, { method: "POST", body: JSON.stringify(spans) });\n  if (!res.ok) console.warn("upload failed");\n}\n`,
      filename: "export.ts",
      files: { "run.ts": `import { upload } from "./export.js";\nexport function run(url: string) {\n  upload(url, []);\n}\n` },
      errors: [
        { line: 2, column: 3, messageId: "fetch" },
        { line: 7, column: 21, messageId: "fetch" },
      ],
      output: `export function flush(url: string, spans: string[]) {\n  fetch(url, { method: "post", body: JSON.stringify(spans), signal: AbortSignal.timeout(10000) }).then(res => {\n    if (res.status >= 400) console.warn(\`upload failed: \${res.status}\`);\n  });\n}\nexport async function upload(url: string, spans: string[]) {\n  const res = await fetch(url, { method: "POST", body: JSON.stringify(spans), signal: AbortSignal.timeout(10000) });\n  if (!res.ok) console.warn("upload failed");\n}\n`,
    },
  ],
};

ruleTester<MessageId>("missing-timeout", { valid: cases.valid.map(asPackage), invalid: cases.invalid.map(asPackage) });

test("the editor setting loopscope.defaultTimeoutMs becomes this rule's defaultTimeoutMs option", () => {
  const shapes = allRules.map(r => ({ id: r.meta.id, defaultOptions: r.defaultOptions as Record<string, unknown> }));
  const override = toSettingsOverride({ defaultTimeoutMs: 2500 }, shapes);
  assert.deepEqual(override.rules?.["missing-timeout"], { options: { defaultTimeoutMs: 2500 } });
  assert.equal(override.rules?.["unbounded-concurrency"], undefined, "only rules with that option get it");
  assert.deepEqual(missingTimeout.validateOptions({ defaultTimeoutMs: 2500 }), []);
  assert.notDeepEqual(missingTimeout.validateOptions({ defaultTimeoutMs: 0 }), []);
  assert.notDeepEqual(missingTimeout.validateOptions({ check: ["ftp"] }), []);
});

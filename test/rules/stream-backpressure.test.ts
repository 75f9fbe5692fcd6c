import { test } from "node:test";
import assert from "node:assert/strict";
import { ruleTester, type CaseBase, type InvalidCase, type ValidCase } from "./rule-tester";
import { streamBackpressure, type MessageId } from "../../server/src/rules/stream-backpressure";

const ownPackage = { "package.json": `{"name":"case","type":"module"}` };
function asPackage<T extends ValidCase | InvalidCase>(c: T): T {
  const base: CaseBase = typeof c === "string" ? { code: c } : c;
  return { ...base, files: { ...ownPackage, ...base.files } } as unknown as T;
}

const rows = `declare function rows(): AsyncIterable<string>;\n`;

/** Declarations of the event-to-promise packages (session 36) and of rxjs's fromEvent, which is not one. */
const eventPromisePackages = {
  "node_modules/promise-toolbox/package.json": `{"name":"promise-toolbox","exports":{".":{"types":"./index.d.ts","default":"./index.js"},"./fromEvent":{"types":"./fromEvent.d.ts","default":"./fromEvent.js"}}}`,
  "node_modules/promise-toolbox/index.d.ts": `export declare function fromEvent(emitter: NodeJS.EventEmitter, event: string, opts?: { ignoreErrors?: boolean; error?: string }): Promise<unknown>;\n`,
  "node_modules/promise-toolbox/fromEvent.d.ts": `declare function fromEvent(emitter: NodeJS.EventEmitter, event: string, opts?: { ignoreErrors?: boolean; error?: string }): Promise<unknown>;\nexport = fromEvent;\n`,
  "node_modules/p-event/package.json": `{"name":"p-event","main":"index.js","types":"index.d.ts"}`,
  "node_modules/p-event/index.d.ts": `export declare function pEvent(emitter: NodeJS.EventEmitter, event: string, options?: { rejectionEvents?: string[] }): Promise<unknown>;\n`,
  "node_modules/rxjs/package.json": `{"name":"rxjs","main":"index.js","types":"index.d.ts"}`,
  "node_modules/rxjs/index.d.ts": `export declare function fromEvent(target: NodeJS.EventEmitter, event: string): PromiseLike<unknown>;\n`,
};

/**
 * execa 9's layout (session 37): the subprocess's stdio declared in execa's own
 * `types/subprocess/subprocess.d.ts`; and execa 5's, whose subprocess is Node's `ChildProcess`.
 */
const execa9 = {
  "node_modules/execa/package.json": `{"name":"execa","version":"9.6.1","type":"module","exports":{"types":"./index.d.ts"},"types":"index.d.ts"}`,
  "node_modules/execa/index.d.ts": `import type { Subprocess } from "./types/subprocess/subprocess.js";\nexport type ResultPromise = Subprocess & Promise<{ exitCode: number }>;\nexport declare function execa(file: string, args?: readonly string[]): ResultPromise;\n`,
  "node_modules/execa/types/subprocess/subprocess.d.ts": `import type { ChildProcess } from "node:child_process";\nimport type { Readable, Writable } from "node:stream";\ntype ExecaCustomSubprocess = { stdin: Writable; stdout: Readable; stderr: Readable; all: Readable; kill(): boolean };\nexport type Subprocess = Omit<ChildProcess, keyof ExecaCustomSubprocess> & ExecaCustomSubprocess;\n`,
};
const execa5 = {
  "node_modules/execa/package.json": `{"name":"execa","version":"5.1.1","main":"index.js","types":"index.d.ts"}`,
  "node_modules/execa/index.d.ts": `import type { ChildProcess } from "node:child_process";\nexport interface ExecaChildProcess extends ChildProcess, Promise<{ exitCode: number }> {}\nexport declare function execa(file: string, args?: readonly string[]): ExecaChildProcess;\n`,
};

const cases: { valid: ValidCase[]; invalid: InvalidCase<MessageId>[] } = {
  valid: [
    // Waits for 'drain' when write returns false.
    `import { once } from "node:events";\nimport type { Writable } from "node:stream";\n${rows}export async function dump(out: Writable) {\n  for await (const row of rows()) {\n    if (!out.write(row)) await once(out, "drain");\n  }\n  out.end();\n}\n`,
    // A plain loop over a collection already in memory (a page of a few lines).
    `import type { ServerResponse } from "node:http";\nexport function send(res: ServerResponse, items: string[]) {\n  for (const item of items) res.write(\`<li>\${item}</li>\`);\n  res.end();\n}\n`,
    // The result is used.
    `import type { Writable } from "node:stream";\nexport function fill(out: Writable, lines: string[]) {\n  for (const line of lines) {\n    const ok = out.write(line);\n    if (!ok) break;\n  }\n}\n`,
    // stdout and stderr are exempt.
    `export function print(lines: string[]) {\n  for (const line of lines) process.stdout.write(line + "\\n");\n}\n`,
    `export function print(lines: string[]) {\n  const out = process.stderr;\n  for (const line of lines) out.write(line + "\\n");\n}\n`,
    // A write outside any loop or listener.
    `import type { Writable } from "node:stream";\nexport function hello(out: Writable) {\n  out.write("hello");\n}\n`,
    // A 'data' listener that pauses the source.
    `import { createReadStream, createWriteStream } from "node:fs";\nexport function copy(a: string, b: string) {\n  const src = createReadStream(a);\n  const dst = createWriteStream(b);\n  src.on("data", chunk => {\n    if (!dst.write(chunk)) {\n      src.pause();\n      dst.once("drain", () => src.resume());\n    }\n  });\n}\n`,
    // A project class with its own write() is not a Node stream.
    `class Buffer2 { parts: string[] = []; write(s: string): boolean { this.parts.push(s); return true; } }\nexport function fill(b: Buffer2, lines: string[]) {\n  for (const line of lines) b.write(line);\n}\n`,
    // pipe with 'error' listeners on both ends.
    `import { createReadStream, createWriteStream } from "node:fs";\nexport function copy(a: string, b: string) {\n  const src = createReadStream(a);\n  const dst = createWriteStream(b);\n  src.on("error", e => dst.destroy(e));\n  dst.on("error", e => console.error(e));\n  src.pipe(dst);\n}\n`,
    // Chained listeners.
    `import { createReadStream, createWriteStream } from "node:fs";\nexport function copy(a: string, b: string, onError: (e: Error) => void) {\n  createReadStream(a).on("error", onError).pipe(createWriteStream(b)).on("error", onError);\n}\n`,
    // stdio ends.
    `export function echo() {\n  process.stdin.pipe(process.stdout);\n}\n`,
    // The destination is read with for await, which rejects with its errors; the source is handled.
    `import { createReadStream } from "node:fs";\nimport { createGunzip } from "node:zlib";\nexport async function lines(path: string) {\n  const src = createReadStream(path);\n  src.on("error", () => {});\n  const out = src.pipe(createGunzip());\n  let n = 0;\n  for await (const chunk of out) n += (chunk as Buffer).length;\n  for await (const chunk of src.pipe(createGunzip())) n += (chunk as Buffer).length;\n  return n;\n}\n`,
    // A child's output forwarded to ours.
    `import { spawn } from "node:child_process";\nexport function run(cmd: string) {\n  const child = spawn(cmd);\n  child.stdout.pipe(process.stdout);\n  child.stderr?.pipe(process.stderr);\n  return child;\n}\n`,
    // The destination is kept in a name that gets an 'error' listener.
    `import { createGunzip } from "node:zlib";\nimport type { Readable } from "node:stream";\nexport function decode(res: Readable, onError: (e: Error) => void) {\n  let stream: Readable = res;\n  stream.on("error", onError);\n  stream = stream.pipe(createGunzip());\n  stream.once("error", onError);\n  return stream;\n}\n`,
    // A compressor (gzip, deflate, brotli) of the program's own bytes: any input compresses, so
    // neither end fails; the request it goes into has its own 'error' listener.
    `import http from "node:http";\nimport { Readable } from "node:stream";\nimport { createGzip } from "node:zlib";\nfunction streamFromBody(body: Uint8Array | string) {\n  return new Readable({\n    read() {\n      this.push(body);\n      this.push(null);\n    },\n  });\n}\nexport function send(payload: string, options: http.RequestOptions) {\n  return new Promise((resolve, reject) => {\n    let body = streamFromBody(payload);\n    if (payload.length > 1024) body = body.pipe(createGzip());\n    const req = http.request(options, res => resolve(res.statusCode));\n    req.on("error", reject);\n    body.pipe(req);\n  });\n}\n`,
    `import zlib from "node:zlib";\nimport { Readable } from "node:stream";\nexport function compressed(data: Buffer) {\n  const gzip = zlib.createBrotliCompress();\n  Readable.from([data]).pipe(gzip);\n  return gzip;\n}\n`,
    // In-memory ends: Readable.from over data already made, a PassThrough, the project's own transform.
    `import { PassThrough, Readable, Transform } from "node:stream";\nclass Lines extends Transform {\n  override _transform(chunk: Buffer, _enc: string, done: () => void) { this.push(chunk); done(); }\n}\nexport function frame(payload: Buffer[]) {\n  const out = new PassThrough();\n  Readable.from(payload).pipe(out);\n  const lines = new Lines();\n  out.pipe(lines);\n  return lines;\n}\n`,
    // A hash, and a terminal reached through another name.
    `import { createHash } from "node:crypto";\nimport { stdout } from "node:process";\nimport type { Readable } from "node:stream";\nexport function digest(body: Readable, log: Readable) {\n  body.on("error", () => {});\n  log.on("error", () => {});\n  const hash = createHash("sha256");\n  body.pipe(hash);\n  log.pipe(stdout);\n  return hash;\n}\n`,
    // An override of pipe that delegates to the base class.
    `import { PassThrough, type Writable } from "node:stream";\nexport class Events extends PassThrough {\n  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {\n    return super.pipe(destination, options);\n  }\n}\nexport type W = Writable;\n`,
    // A hash consumes each chunk as it is written.
    `import { createHash } from "node:crypto";\nimport { createReadStream } from "node:fs";\nexport function hashOf(path: string) {\n  const hash = createHash("sha256");\n  return new Promise<string>((resolve, reject) => {\n    createReadStream(path).on("data", chunk => {\n      hash.write(chunk);\n    }).on("end", () => resolve(hash.digest("hex"))).on("error", reject);\n  });\n}\n`,
    // Batches paced by the last write's callback.
    `import type { Writable } from "node:stream";\nexport function writeAll(stream: Writable, chunks: Buffer[], done: () => void) {\n  let i = 0;\n  const batch = () => {\n    if (i >= chunks.length) return done();\n    const end = Math.min(i + 16, chunks.length);\n    while (i < end - 1) stream.write(chunks[i++]);\n    stream.write(chunks[i++], batch);\n  };\n  batch();\n}\n`,
    // A reply on the connection the data came in on, paced by the peer's requests.
    `import { createServer } from "node:net";\nexport function serve(port: number) {\n  createServer(socket => {\n    socket.on("data", line => {\n      socket.write(\`ok \${String(line).length}\\n\`);\n    });\n  }).listen(port);\n}\n`,
    // 'error' listeners where the streams live: in the function that declares them, around a callback that pipes.
    `import { connect } from "node:net";\nexport function tunnel(port: number, host: string, onError: (e: Error) => void) {\n  const a = connect(port, host);\n  const b = connect(port + 1, host, () => {\n    a.pipe(b);\n    b.pipe(a);\n  });\n  a.on("error", onError);\n  b.once("error", onError);\n}\n`,
    // A name that holds one of several listened streams (the socket, or the decompressor it is piped into).
    `import { connect } from "node:net";\nimport { createGunzip } from "node:zlib";\nexport function receive(port: number, gzip: boolean, out: NodeJS.WritableStream) {\n  const socket = connect(port);\n  socket.on("error", () => socket.destroy());\n  const gunzip = createGunzip();\n  gunzip.prependListener("error", () => socket.destroy());\n  let s: NodeJS.ReadableStream = socket;\n  if (gzip) s = socket.pipe(gunzip);\n  s.pipe(out);\n}\n`,
    // A stream kept on a shared object by a callback that listens to it, piped later through another name.
    `import { get, type IncomingMessage, type ServerResponse } from "node:http";\ninterface Exchange { upstream?: IncomingMessage }\nexport function relay(ex: Exchange, url: string, res: ServerResponse) {\n  get(url, upstream => {\n    upstream.on("error", () => res.destroy());\n    ex.upstream = upstream;\n    send();\n  });\n  function send() {\n    const body = ex.upstream!;\n    body.pipe(res);\n  }\n  res.on("error", () => ex.upstream?.destroy());\n}\n`,
    // The 'error' listener chained after other listeners registered on the name.
    `import { connect } from "node:net";\nexport function forward(port: number, out: NodeJS.WritableStream, log: (s: string) => void) {\n  const socket = connect(port);\n  socket\n    .on("connect", () => log("connected"))\n    .once("close", () => log("closed"))\n    .on("error", e => log(String(e)));\n  socket.pipe(out);\n}\n`,
    // A field that holds a stream or null: the null is not an end to judge.
    `import { Transform } from "node:stream";\nimport type { Socket } from "node:net";\nclass Decoder extends Transform {}\nexport class Link {\n  decoder: Decoder | null = null;\n  constructor(private socket: Socket) {\n    this.socket.on("error", () => this.close());\n  }\n  compress() {\n    this.decoder = new Decoder();\n    this.socket.pipe(this.decoder);\n  }\n  close() {\n    this.decoder = null;\n  }\n}\n`,
    // Another name of the stream gets the listener.
    `import { createReadStream } from "node:fs";\nexport function show(path: string, out: NodeJS.WritableStream) {\n  const file = createReadStream(path);\n  const input = file;\n  input.on("error", () => out.end());\n  file.pipe(out);\n}\n`,
    // A helper of the same file adds the listener to the stream handed to it.
    `import { createReadStream } from "node:fs";\nfunction watch(stream: NodeJS.ReadableStream, onError: (e: Error) => void) {\n  stream.on("error", onError);\n}\nexport function show(path: string, out: NodeJS.WritableStream, onError: (e: Error) => void) {\n  const file = createReadStream(path);\n  watch(file, onError);\n  file.pipe(out);\n}\n`,
    // A method of the class adds the listener to the field's stream handed to it.
    `import { connect, type Socket } from "node:net";\nexport class Client {\n  private conn: Socket | undefined;\n  open(port: number, out: NodeJS.WritableStream) {\n    this.conn = connect(port);\n    this.listen(this.conn);\n    this.conn.pipe(out);\n  }\n  private listen(conn: Socket) {\n    conn.on("error", () => conn.destroy());\n  }\n}\n`,
    // The stream is the function's result: its caller listens.
    `import { createReadStream, createWriteStream } from "node:fs";\nexport function copyTo(path: string, target: string) {\n  const src = createReadStream(path).on("error", () => {});\n  const file = createWriteStream(target);\n  src.pipe(file);\n  return file;\n}\nexport function through(path: string, out: NodeJS.WritableStream) {\n  return createReadStream(path).on("error", () => {}).pipe(out);\n}\n`,
    // Returned inside an object, or as a branch of a returned conditional.
    `import { createReadStream, createWriteStream } from "node:fs";\nimport { createGzip } from "node:zlib";\nexport function open(path: string, target: string) {\n  const file = createWriteStream(target);\n  createReadStream(path).on("error", () => {}).pipe(file);\n  return { target: file };\n}\nexport function read(path: string, gzip: boolean) {\n  const src = createReadStream(path).on("error", () => {});\n  return gzip ? src.pipe(createGzip()) : src;\n}\n`,
    // Both ends built by the module with Node's stream classes, their implementations never failing.
    `import { Transform, Writable } from "node:stream";\nexport function collect(sink: string[]) {\n  const upper = new Transform({\n    transform(chunk, _enc, done) {\n      done(null, String(chunk).toUpperCase());\n    },\n  });\n  const store = new Writable({\n    write(chunk, _enc, done) {\n      sink.push(String(chunk));\n      done();\n    },\n  });\n  upper.pipe(store);\n  return upper;\n}\n`,
    // Session 13: the project's own transform whose callbacks never carry an error stays in memory,
    // and a same-named variable of a sibling branch does not lend it its values.
    `import { Transform } from "node:stream";\nimport { createGzip } from "node:zlib";\nclass Json extends Transform {\n  override _transform(chunk: object, _enc: string, cb: (err?: Error | null) => void) { this.push(JSON.stringify(chunk)); cb(null); }\n  override _flush(cb: () => void) { this.push("]"); cb(); }\n}\nclass Failing extends Transform {\n  override _flush(cb: (err?: Error) => void) { cb(new Error("empty")); }\n}\nexport function print(parse: boolean) {\n  if (parse) {\n    let out: NodeJS.ReadableStream = new Json();\n    out = out.pipe(createGzip());\n    out.pipe(process.stdout);\n  } else {\n    const out = new Failing();\n    out.on("error", e => console.error(e));\n    out.pipe(process.stdout);\n  }\n}\n`,
    // A factory of the module that builds an in-memory transform, and an in-memory collector package through compiled CommonJS.
    `import { Transform } from "node:stream";\nimport { spawn } from "node:child_process";\nconst strip = () =>\n  new Transform({\n    transform(chunk, _enc, done) {\n      done(null, String(chunk).trim());\n    },\n  });\nexport function run(cmd: string) {\n  const child = spawn(cmd);\n  child.stdout.pipe(strip()).on("data", d => console.log(String(d)));\n}\n`,
    {
      code: `"use strict";\nvar __importDefault = (this && this.__importDefault) || function (mod) { return mod && mod.__esModule ? mod : { default: mod }; };\nconst concat_stream_1 = __importDefault(require("concat-stream"));\nconst net = require("net");\nfunction collect(port, done) {\n  const socket = net.connect(port);\n  socket.on("error", done);\n  socket.pipe((0, concat_stream_1.default)(data => done(null, data)));\n}\nmodule.exports = { collect };\n`,
      filename: "collect.js",
    },
    // Session 15: a child's extra output pipe (its fd 3) forwarded to ours.
    `import { spawn } from "node:child_process";\nexport function profile(node: string) {\n  const proc = spawn(node, ["--prof"], { stdio: ["inherit", "pipe", "inherit", "pipe"] });\n  proc.stdio[3]!.pipe(process.stdout);\n  return proc;\n}\n`,
    // A child's output, from a spawner whose own typings declare `stdout` (not Node's ChildProcess).
    {
      code: `import { execa } from "execa";\nimport { createWriteStream } from "node:fs";\nexport function run(cmd: string, log: string) {\n  const child = execa(cmd);\n  child.stdout.pipe(process.stdout);\n  const file = createWriteStream(log).on("error", () => child.kill());\n  child.stderr.pipe(file);\n  return child;\n}\n`,
      files: {
        "node_modules/execa/package.json": `{"name":"execa","type":"module","exports":{"types":"./index.d.ts"},"types":"index.d.ts"}`,
        "node_modules/execa/index.d.ts": `import type { Readable } from "node:stream";\nexport interface Subprocess extends Promise<{ exitCode: number }> { stdout: Readable; stderr: Readable; kill(): boolean }\nexport declare function execa(file: string): Subprocess;\n`,
      },
    },
    // A CLI printing a file it ships: the path is the module's own folder and constants.
    `import { createReadStream } from "node:fs";\nimport { join } from "node:path";\nimport { fileURLToPath } from "node:url";\nconst usage = join(__dirname, "usage.txt");\nexport function help() {\n  createReadStream(usage).pipe(process.stdout);\n  createReadStream(fileURLToPath(new URL("../LICENSE", import.meta.url))).pipe(process.stderr);\n}\n`,
    // Session 33: a dev server serving one of its own files found by `require.resolve` (which
    // throws for a file that does not exist), inline or through a `const`.
    `import fs from "node:fs";\nimport type { IncomingMessage, ServerResponse } from "node:http";\nexport function serve(req: IncomingMessage, res: ServerResponse) {\n  try {\n    const sourcePath = require.resolve(\`.\${req.url}\`);\n    fs.createReadStream(sourcePath).pipe(res);\n    fs.createReadStream(require.resolve("./client.js")).pipe(res);\n    return true;\n  } catch {\n    return false;\n  }\n}\n`,
    // Session 15: a TLS socket the program makes with `new tls.TLSSocket(socket)` (here through a
    // helper of another file) keeps Node's own 'error' listener, which turns errors into '_tlsError';
    // the field is piped right after a straight-line assignment gives it that socket.
    {
      code: `import type { Socket } from "node:net";\nimport { PassThrough } from "node:stream";\nimport { upgrade } from "./ssl.js";\nexport class Service {\n  private encoder = new PassThrough();\n  private decoder = new PassThrough();\n  constructor(private socket: Socket) {\n    socket.on("error", () => socket.destroy());\n  }\n  enableTls(key: string) {\n    this.socket = upgrade(this.socket, key);\n    this.encoder.pipe(this.socket);\n    this.socket.pipe(this.decoder);\n  }\n}\n`,
      files: {
        "ssl.ts": `import tls from "node:tls";\nimport type { Socket } from "node:net";\nexport function upgrade(socket: Socket, key: string) {\n  return new tls.TLSSocket(socket, { key });\n}\n`,
      },
    },
    `import { TLSSocket } from "node:tls";\nimport type { Socket } from "node:net";\nimport { PassThrough } from "node:stream";\nexport function secure(raw: Socket) {\n  const secure = new TLSSocket(raw, { isServer: false });\n  secure.on("_tlsError", () => raw.destroy());\n  const parser = new PassThrough();\n  secure.pipe(parser);\n  return parser;\n}\n`,
    // Session 16: a `this.x` socket whose 'error' listener the project's base class adds in its
    // constructor (two levels up, in another file).
    {
      code: `import type { Socket } from "node:net";\nimport { PassThrough } from "node:stream";\nimport { Framed } from "./framed.js";\nexport class Mux extends Framed {\n  private decoder = new PassThrough();\n  constructor(socket: Socket) {\n    super(socket);\n    this.decoder.on("error", () => {});\n    this.socket.pipe(this.decoder);\n  }\n}\n`,
      files: {
        "framed.ts": `import { Service } from "./service.js";\nexport class Framed extends Service {}\n`,
        "service.ts": `import { EventEmitter } from "node:events";\nimport type { Socket } from "node:net";\nexport class Service extends EventEmitter {\n  protected socket: Socket;\n  constructor(socket: Socket) {\n    super();\n    this.socket = socket;\n    this.socket.on("error", err => this.emit("error", err));\n  }\n}\n`,
      },
    },
    // Session 15: a file the code has just finished writing, read again: a temp file copied over the
    // output in the 'finish' listener of its own write stream (the output created at the top when
    // missing), and a path written with an awaited writeFile by every caller of a module-private helper.
    `import fs from "node:fs";\nimport type { Readable } from "node:stream";\nexport function rewrite(body: Readable, opts: { target: string; tmp: string }, done: () => void) {\n  if (!fs.existsSync(opts.target)) fs.writeFileSync(opts.target, "");\n  body.on("error", done);\n  body.pipe(fs.createWriteStream(opts.tmp).on("error", done)).on("finish", () => {\n    fs.createReadStream(opts.tmp).pipe(fs.createWriteStream(opts.target)).on("finish", done);\n  });\n}\n`,
    `import { createReadStream } from "node:fs";\nimport { writeFile } from "node:fs/promises";\nimport { createGunzip } from "node:zlib";\nfunction unpack(archive: string) {\n  return new Promise<void>((resolve, reject) => {\n    createReadStream(archive)\n      .pipe(createGunzip())\n      .on("finish", resolve)\n      .on("error", reject);\n  });\n}\nexport async function install(archive: string, content: string) {\n  await writeFile(archive, content, "base64");\n  await unpack(archive);\n}\n`,
    // Session 35 (round 51): the file just written, named again by the same `path.join()` of the same
    // names: a download's temp file extracted from the 'close' listener of its write stream, through
    // a module-private helper given the folder and the name (the path held in a `const` on the
    // writer's side), and a path joined with a constant after an awaited writeFile.
    `import fs from "node:fs";\nimport path from "node:path";\nimport { createGunzip } from "node:zlib";\nimport type { Readable } from "node:stream";\nconst extract = (dir: string, name: string) =>\n  new Promise<void>((resolve, reject) => {\n    fs.createReadStream(path.join(dir, name))\n      .pipe(createGunzip())\n      .on("finish", resolve)\n      .on("error", reject);\n  });\nexport function download(body: Readable, dir: string, name: string) {\n  const tmp = path.join(dir, name);\n  const out = fs.createWriteStream(tmp);\n  body.on("error", () => out.destroy());\n  out.on("error", () => {});\n  body.pipe(out);\n  out.on("close", async () => {\n    await extract(dir, name);\n  });\n}\n`,
    `import { createReadStream } from "node:fs";\nimport { writeFile } from "node:fs/promises";\nimport { join } from "node:path";\nimport type { Writable } from "node:stream";\nexport async function stage(dir: string, data: string, out: Writable) {\n  await writeFile(join(dir, "bundle.js"), data);\n  out.on("error", () => {});\n  createReadStream(join(dir, "bundle.js")).pipe(out);\n}\n`,
    // Session 15: a child's output into a stream the caller hands in on an object: destructured from
    // a parameter, or an option after `opts = { ...defaults, ...opts }`.
    `import { spawn } from "node:child_process";\nexport async function release(context: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; cwd: string }) {\n  const { stdout, stderr, cwd } = context;\n  const child = spawn("tool", ["run"], { cwd });\n  child.stdout.pipe(stdout, { end: false });\n  child.stderr.pipe(stderr, { end: false });\n}\n`,
    `import { spawn } from "node:child_process";\nconst defaults = { out: process.stdout as NodeJS.WritableStream };\nexport function run(cmd: string, opts: { out?: NodeJS.WritableStream } = {}) {\n  opts = { ...defaults, ...opts };\n  const child = spawn(cmd);\n  if (opts.out) {\n    child.stdout.pipe(opts.out);\n    child.stderr.pipe(opts.out);\n  }\n  return child;\n}\n`,
    // Session 15: a log file whose opening was awaited, fed by a child's output waited for to its end.
    `import { spawn } from "node:child_process";\nimport { once } from "node:events";\nimport { createWriteStream } from "node:fs";\nexport async function start(cmd: string, logFile: string) {\n  const proc = spawn(cmd, { stdio: ["inherit", "pipe", "pipe"] });\n  await once(proc, "spawn");\n  const { stdout, stderr } = proc;\n  const out = createWriteStream(logFile);\n  await once(out, "open");\n  stdout.pipe(out, { end: false });\n  stderr.pipe(out, { end: false });\n  void Promise.allSettled([once(stdout, "end"), once(stderr, "end")]).then(() => out.end());\n  return proc;\n}\n`,
    // Session 15: add-stream's stream is its own PassThrough.
    {
      code: `import { createReadStream } from "node:fs";\nimport addStream from "add-stream";\nexport function prepend(path: string, body: NodeJS.ReadableStream, reject: (e: Error) => void) {\n  const file = createReadStream(path).on("error", reject);\n  return file.pipe(addStream(body));\n}\nexport function append(path: string, body: NodeJS.ReadableStream, reject: (e: Error) => void) {\n  const file = createReadStream(path).on("error", reject);\n  const out = file.pipe(addStream(body));\n  out.on("data", () => {});\n}\n`,
      files: {
        "node_modules/add-stream/package.json": `{"name":"add-stream","main":"index.js","types":"index.d.ts"}`,
        "node_modules/add-stream/index.js": `module.exports = function addStream() {};\n`,
        "node_modules/add-stream/index.d.ts": `import type { Transform } from "node:stream";\ndeclare function addStream(stream: NodeJS.ReadableStream): Transform;\nexport = addStream;\n`,
      },
    },
    // Session 20: the fallback branch for a Node without an API every supported Node has (its
    // member is declared in Node's typings): it never runs.
    `import * as tls from "node:tls";\nimport { connect } from "node:net";\nimport { createWriteStream } from "node:fs";\nexport function open(port: number, log: string) {\n  const socket = connect(port);\n  if (!tls.TLSSocket) {\n    // Node before 0.11\n    socket.pipe(createWriteStream(log));\n  }\n  return socket;\n}\n`,
    `import * as stream from "node:stream";\nimport { connect } from "node:net";\nimport { createWriteStream } from "node:fs";\nexport function open(port: number, log: string) {\n  const socket = connect(port);\n  socket.on("error", () => {});\n  if (typeof stream.finished === "function") socket.on("close", () => {});\n  else socket.pipe(createWriteStream(log));\n  return socket;\n}\n`,
    // Session 20: the last write, the stream ended by the next statement: the loop cannot write to it again.
    `import type { Writable } from "node:stream";\ndeclare function replies(): AsyncIterable<number>;\nexport async function store(dest: Writable, input: Buffer) {\n  for await (const code of replies()) {\n    if (code === 150) {\n      dest.write(input);\n      dest.end();\n    }\n  }\n}\n`,
    // Session 20: both ends' \`emit\` replaced by one that takes 'error' itself.
    `import { connect } from "node:net";\nimport { createInflate } from "node:zlib";\nexport function get(port: number, onError: (e: Error) => void) {\n  const sock = connect(port);\n  const source = createInflate();\n  sock.pipe(source);\n  const emit = sock.emit.bind(sock) as (ev: string | symbol, ...args: any[]) => boolean;\n  sock.emit = (ev: string | symbol, ...args: any[]) => {\n    if (ev === "error") {\n      onError(args[0]);\n      return true;\n    }\n    return emit(ev, ...args);\n  };\n  const emit2 = source.emit.bind(source) as (ev: string | symbol, ...args: any[]) => boolean;\n  source.emit = (ev: string | symbol, ...args: any[]) => (ev === "error" ? (onError(args[0]), true) : emit2(ev, ...args));\n  return new Promise(r => source.on("end", r));\n}\n`,
    // Session 20: a chain built with reduce: the accumulator holds the first stream and each
    // transform the callback returns, all listened to.
    `import { createReadStream, createWriteStream } from "node:fs";\nimport type { Transform } from "node:stream";\nexport function copy(from: string, to: string, transforms: (() => Transform)[], onError: (e: Error) => void) {\n  const reader = createReadStream(from);\n  const writer = createWriteStream(to);\n  reader.on("error", onError);\n  writer.on("error", onError);\n  const piped = transforms.reduce((input: NodeJS.ReadableStream, make) => {\n    const t = make();\n    t.on("error", onError);\n    return input.pipe(t);\n  }, reader);\n  piped.pipe(writer);\n}\n`,
    // Session 20: the project's own PassThrough class behind compiled CommonJS's interop helper
    // (`_interopRequireDefault(require("./message.cjs")).default`), whose type the checker loses.
    {
      filename: "case.cjs",
      code: `"use strict";\nvar _stream = require("stream");\nvar _net = require("net");\nvar _message = _interopRequireDefault(require("./message.cjs"));\nfunction _interopRequireDefault(e) { return e && e.__esModule ? e : { default: e }; }\nconst queue = [];\nfunction relay(port, payload) {\n  const socket = _net.connect(port);\n  socket.on("error", () => {});\n  const message = new _message.default(1);\n  queue.push(message);\n  socket.pipe(message);\n  _stream.Readable.from(payload).pipe(new _message.default(2));\n}\nmodule.exports = { relay, queue };\n`,
      files: {
        "message.cjs": `"use strict";\nvar _stream = require("stream");\nclass Message extends _stream.PassThrough {\n  constructor(type) {\n    super();\n    this.type = type;\n  }\n}\nmodule.exports = Message;\n`,
      },
    },
    // Session 34 (round 50): stream classes of older JavaScript, constructor functions given a Node
    // stream base with `util.inherits` (the legacy `Stream` of `require("stream").Stream`, a
    // `Transform` destructured from the module), whose methods never fail the stream.
    {
      filename: "case.cjs",
      code: `"use strict";\nvar net = require("net");\nvar Protocol = require("./protocol.cjs");\nvar framing = require("./framing.cjs");\nfunction relay(port) {\n  var socket = net.connect(port);\n  socket.on("error", function () {});\n  socket.pipe(new Protocol({}));\n  socket.pipe(new framing.Framer());\n}\nmodule.exports = { relay: relay };\n`,
      files: {
        "protocol.cjs": `var Stream = require("stream").Stream;\nvar Util = require("util");\nmodule.exports = Protocol;\nUtil.inherits(Protocol, Stream);\nfunction Protocol(options) {\n  Stream.call(this);\n  this.writable = true;\n  this._options = options;\n}\nProtocol.prototype.write = function (buffer) {\n  var self = this;\n  try {\n    self.emit("data", buffer);\n  } catch (err) {\n    self.emit("unhandledError", err);\n  }\n  return true;\n};\nProtocol.prototype.end = function () {\n  this.emit("end");\n};\n`,
        "framing.cjs": `const util = require("util");\nconst { Transform } = require("stream");\nfunction Framer(options) {\n  Transform.call(this, options);\n}\nutil.inherits(Framer, Transform);\nFramer.prototype._transform = function (chunk, encoding, callback) {\n  this.push(chunk);\n  callback();\n};\nexports.Framer = Framer;\n`,
      },
    },
    // Session 20: a package of in-memory transforms behind esbuild's `__toESM(require("split2"))`.
    {
      filename: "case.cjs",
      code: `"use strict";\nvar __toESM = (m) => m;\nvar import_split2 = __toESM(require("split2"));\nconst input = process.stdin;\ninput.pipe((0, import_split2.default)()).pipe(process.stdout);\n`,
    },
    // Session 21: a stream a method of the project builds in memory and returns (`this.stream()`,
    // `target.stream()`), found by symbol.
    `import { Duplex } from \"node:stream\";\nexport class Channel {\n  private lines: string[] = [];\n  say(line: string) {\n    this.lines.push(line);\n  }\n  stream(): Duplex {\n    const stream = new Duplex({\n      objectMode: true,\n      write: (chunk, _enc, next) => {\n        this.say(String(chunk));\n        next();\n      },\n      read() {},\n    });\n    return stream;\n  }\n  relay(target: Channel) {\n    const mine = this.stream();\n    mine.pipe(target.stream());\n  }\n}\n`,
    // Session 21: a factory in another file of the project that listens for the stream's errors
    // before it returns it.
    {
      code: `import { createReadStream } from \"node:fs\";\nimport { open } from \"./connection.js\";\nexport function upload(path: string, port: number) {\n  const file = createReadStream(path);\n  file.on(\"error\", () => {});\n  file.pipe(open(port, e => console.error(e)));\n}\n`,
      files: {
        "connection.ts": `import { connect, type Socket } from \"node:net\";\nexport function open(port: number, onError: (e: Error) => void): Socket {\n  const socket = connect(port);\n  socket.on(\"error\", onError);\n  return socket;\n}\n`,
      },
    },
    // Session 21: a memoizing method's stream: the cache holds only the PassThrough it made.
    `import { PassThrough, type Duplex } from \"node:stream\";\nimport { connect } from \"node:net\";\nclass Records {\n  private streams: { [type: string]: Duplex } = {};\n  stream(type: string): Duplex {\n    if (this.streams[type]) return this.streams[type];\n    const data = new PassThrough();\n    this.streams[type] = data;\n    return data;\n  }\n}\nexport function upload(records: Records, port: number) {\n  const socket = connect(port);\n  socket.on(\"error\", () => {});\n  records.stream(\"csv\").pipe(socket);\n}\n`,
    // Session 21: a child's output from the file's own wrapper of execa, into a bundler's alias
    // (`var logger_default = Logger`) of a factory of an in-memory transform.
    {
      code: `import { execa } from \"execa\";\nimport { Transform } from \"node:stream\";\nconst children = new Set<unknown>();\nfunction Logger(tag: string) {\n  return new Transform({\n    transform(chunk, _enc, done) {\n      done(null, \`\${tag} \${chunk}\`);\n    },\n  });\n}\nconst logger_default = Logger;\nfunction spawnProcess(cmd: string) {\n  const child = execa(cmd);\n  children.add(child);\n  return child;\n}\nexport function stream(cmd: string) {\n  const spawned = spawnProcess(cmd);\n  spawned.stdout.pipe(logger_default(\"out\")).pipe(process.stdout);\n  return spawned;\n}\n`,
      files: {
        "node_modules/execa/package.json": `{"name":"execa","type":"module","exports":{"types":"./index.d.ts"},"types":"index.d.ts"}`,
        "node_modules/execa/index.d.ts": `import type { Readable } from "node:stream";\nexport interface Subprocess extends Promise<{ exitCode: number }> { stdout: Readable; stderr: Readable; kill(): boolean }\nexport declare function execa(file: string): Subprocess;\n`,
      },
    },
    // Session 21: ends handed to a helper imported from another file, which hands them on to a
    // constructor that listens for their errors.
    {
      code: `import { createGunzip } from \"node:zlib\";\nimport { connect } from \"node:net\";\nimport { join } from \"./duplex.js\";\nexport function inflated(port: number) {\n  const socket = connect(port);\n  const gunzip = createGunzip();\n  socket.pipe(gunzip);\n  return join(socket, gunzip);\n}\n`,
      files: {
        "duplex.ts": `import { Duplex, type Readable, type Writable } from \"node:stream\";\nclass Joined extends Duplex {\n  constructor(\n    readonly ws: Writable,\n    readonly rs: Readable,\n  ) {\n    super();\n    ws.on(\"error\", e => this.destroy(e));\n    rs.on(\"error\", e => this.destroy(e));\n  }\n}\nexport function join(ws: Writable, rs: Readable): Duplex {\n  return new Joined(ws, rs);\n}\n`,
      },
    },
    // Session 22: a field reached through a name for `this` (`var self = this`), given an in-memory
    // stream where the object is made (`this._stream = new Transform(...)` in the constructor).
    {
      filename: "case.cjs",
      code: `"use strict";\nconst { Transform } = require("stream");\nconst { createWriteStream } = require("fs");\nclass Results {\n  constructor() {\n    this._stream = new Transform({ transform(chunk, enc, done) { done(null, chunk); } });\n  }\n  createStream(path) {\n    var self = this;\n    const out = createWriteStream(path);\n    out.on("error", () => {});\n    self._stream.pipe(out);\n    return out;\n  }\n}\nmodule.exports = Results;\n`,
    },
    // Session 22: `@ljharb/through`, the maintained fork of `through`, is an in-memory transform like it.
    {
      filename: "case.cjs",
      code: `"use strict";\nconst through = require("@ljharb/through");\nconst { createWriteStream } = require("fs");\nexports.save = function (path) {\n  const out = createWriteStream(path);\n  out.on("error", () => {});\n  through().pipe(out);\n  return out;\n};\n`,
      files: {
        "node_modules/@ljharb/through/package.json": `{"name":"@ljharb/through","main":"index.js","types":"index.d.ts"}`,
        "node_modules/@ljharb/through/index.d.ts": `import type { Duplex } from "stream";\ndeclare function through(): Duplex;\nexport = through;\n`,
      },
    },
    // Session 23: a wrapper of the project that returns the stream it is handed, or an in-memory
    // transform piped into it: judged by the argument, here the caller's stream (a property of a
    // parameter of the function around the helper that pipes, a helper it runs itself).
    {
      code: `import { spawn } from "node:child_process";\nimport type { Writable } from "node:stream";\nimport { label } from "./label.js";\nexport function run(cmd: string, options: { stdout: Writable | null; labels: boolean }) {\n  async function start() {\n    const stdout = label(cmd, options.stdout, options.labels);\n    const child = spawn(cmd, { stdio: "pipe" });\n    if (stdout) child.stdout.pipe(stdout, { end: false });\n    return child;\n  }\n  return start();\n}\n`,
      files: {
        "label.ts": `import { Transform, type Writable } from "node:stream";\nclass Prefix extends Transform {\n  constructor(private prefix: string) {\n    super();\n  }\n  override _transform(chunk: Buffer, _enc: string, done: (e?: Error | null, data?: string) => void) {\n    done(null, this.prefix + String(chunk));\n  }\n}\nexport function label(name: string, out: Writable | null, on: boolean): Writable | null {\n  if (out == null || !on) return out;\n  const prefixer = new Prefix(\`[\${name}] \`);\n  prefixer.pipe(out);\n  return prefixer;\n}\n`,
      },
    },
    // Session 23: the same wrapper in JavaScript whose factory is declared in a \`.d.ts\` beside its
    // \`.js\` (a published package): the factory is read in the \`.js\`, and its stream is the
    // project's own in-memory class by its type.
    {
      filename: "case.js",
      code: `import { spawn } from "node:child_process";\nimport createPrefixTransform from "./prefix.js";\nfunction wrap(name, out) {\n  if (!out) return out;\n  const stream = createPrefixTransform(\`[\${name}] \`);\n  stream.pipe(out);\n  return stream;\n}\nexport function run(cmd, options) {\n  const stdout = wrap(cmd, options.stdout);\n  const child = spawn(cmd, [], { stdio: "pipe" });\n  child.stdout.pipe(stdout, { end: false });\n  return child;\n}\n`,
      files: {
        "prefix.js": `import stream from "node:stream";\nclass PrefixTransform extends stream.Transform {\n  constructor(prefix) {\n    super();\n    this.prefix = prefix;\n  }\n  _transform(chunk, _enc, callback) {\n    callback(null, this.prefix + chunk);\n  }\n}\nexport default function createPrefixTransform(prefix) {\n  return new PrefixTransform(prefix);\n}\n`,
        "prefix.d.ts": `import type { Transform } from "node:stream";\nexport default function createPrefixTransform(prefix: string): Transform;\n`,
      },
    },
    // Session 24, push source: the loop reads the class's own async iterator, whose items come only
    // from a queue its WebSocket's onmessage fills; nothing the loop does can pace that source.
    `import { createWriteStream } from "node:fs";\ninterface Socket { onmessage: ((event: { data: Buffer }) => void) | null; close(): void }\nclass Inbox {\n  private items: Buffer[] = [];\n  private waiting: ((b: Buffer | null) => void)[] = [];\n  push(b: Buffer) { const w = this.waiting.shift(); if (w) w(b); else this.items.push(b); }\n  async next(): Promise<Buffer | null> { if (this.items.length) return this.items.shift()!; return new Promise(r => this.waiting.push(r)); }\n}\nexport class Session {\n  private inbox = new Inbox();\n  constructor(private socket: Socket) { this.socket.onmessage = this.onMessage.bind(this); }\n  private onMessage(event: { data: Buffer }) { this.inbox.push(event.data); }\n  async *[Symbol.asyncIterator]() {\n    while (true) {\n      const b = await this.inbox.next();\n      if (b === null) return;\n      yield b;\n    }\n  }\n  async saveTo(path: string) {\n    const out = createWriteStream(path);\n    for await (const chunk of this) {\n      out.write(chunk);\n      console.log(chunk.length);\n    }\n    out.end();\n  }\n}\n`,
    // The same through an async generator of the project: a function whose port's 'message' listener
    // fills a local queue (handing an item to a parked reader first), and a class's generator method.
    `import { createWriteStream } from "node:fs";\nimport type { MessagePort } from "node:worker_threads";\nasync function* frames(port: MessagePort) {\n  const queue: Buffer[] = [];\n  const waiting: ((b: Buffer) => void)[] = [];\n  port.on("message", (data: Buffer) => {\n    const next = waiting.shift();\n    if (next) next(data);\n    else queue.push(data);\n  });\n  for (;;) yield queue.shift() ?? (await new Promise<Buffer>(r => waiting.push(r)));\n}\ninterface Socket { onmessage: ((event: { data: Buffer }) => void) | null }\nclass Client {\n  private inbox: Buffer[] = [];\n  constructor(socket: Socket) {\n    socket.onmessage = event => this.inbox.push(event.data);\n  }\n  async *messages() {\n    for (;;) yield this.inbox.shift() ?? (await new Promise<Buffer>(r => setTimeout(() => r(Buffer.alloc(0)), 10)));\n  }\n}\nexport async function record(port: MessagePort, client: Client, path: string) {\n  const out = createWriteStream(path);\n  for await (const frame of frames(port)) {\n    out.write(frame);\n    console.log(frame.length);\n  }\n  for await (const message of client.messages()) {\n    out.write(message);\n    console.log(message.length);\n  }\n}\n`,
    // The same, by type from another file: a worker's 'message' listener fills a private queue that a private generator drains.
    {
      code: `import type { Writable } from "node:stream";\nimport type { Feed } from "./feed.js";\nexport async function record(feed: Feed, out: Writable) {\n  for await (const frame of feed) {\n    out.write(frame);\n    console.log(frame.length);\n  }\n}\n`,
      files: {
        "feed.ts": `import type { Worker } from "node:worker_threads";\nexport class Feed {\n  #queue: Buffer[] = [];\n  #wake: (() => void) | undefined;\n  constructor(worker: Worker) {\n    worker.on("message", (data: Buffer) => {\n      this.#queue.push(data);\n      this.#wake?.();\n    });\n  }\n  [Symbol.asyncIterator](): AsyncIterator<Buffer> {\n    return this.#drain();\n  }\n  async *#drain() {\n    for (;;) {\n      const next = this.#queue.shift();\n      if (next) yield next;\n      else await new Promise<void>(r => (this.#wake = r));\n    }\n  }\n}\n`,
      },
    },
    // Session 25: a parameter of a function only this file calls (a private method, a function the
    // module does not export) holds what its calls pass: every call passes a stream listened to where
    // it was made (a recursive retry passes the same parameter on).
    `import { connect, type Socket } from "node:net";\nimport type { Duplex } from "node:stream";\nexport class Client {\n  private attach(port: number, target: Duplex): Socket {\n    const socket = connect(port);\n    socket.on("error", () => this.retry(port, target));\n    socket.on("connect", () => {\n      target.pipe(socket);\n      socket.pipe(target, { end: false });\n    });\n    return socket;\n  }\n  private retry(port: number, target: Duplex) {\n    this.attach(port, target);\n  }\n  open(port: number) {\n    const target = connect(port + 1);\n    target.on("error", e => console.error(e));\n    this.attach(port, target);\n  }\n}\n`,
    `import { PassThrough } from "node:stream";\nimport type { ClientHttp2Stream } from "node:http2";\nfunction relay(stream: ClientHttp2Stream) {\n  const body = new PassThrough();\n  stream.pipe(body, { end: false });\n  stream.once("end", () => body.end());\n  return body;\n}\nexport function start(stream: ClientHttp2Stream, onBody: (b: PassThrough) => void, onError: (e: Error) => void) {\n  stream.on("response", () => onBody(relay(stream)));\n  stream.on("error", onError);\n}\n`,
    // Session 25: a name destructured from the object a project function returns is judged by the
    // value of that property there (listened to before it is returned).
    `import { createReadStream } from "node:fs";\nimport { connect } from "node:net";\nexport class Links {\n  open(port: number) {\n    const writable = connect(port);\n    writable.on("error", e => console.error(e));\n    const readable = connect(port + 1).on("error", () => {});\n    return { readable, writable, other: readable };\n  }\n}\nexport function feed(links: Links, path: string) {\n  const { writable } = links.open(80);\n  const { other: input } = links.open(81);\n  const file = createReadStream(path);\n  file.on("error", () => {});\n  file.pipe(writable);\n  input.pipe(process.stdout);\n}\n`,
    // Session 26: a CSV serializer (fast-csv's `format`, csv-stringify's `stringify`) fed the program's own
    // rows fails only on the program's own values, like a compressor: an in-memory end (also made by a method).
    {
      code: `import { createWriteStream } from \"node:fs\";\nimport { format } from \"@fast-csv/format\";\nimport * as csv from \"csv-stringify\";\nexport class Export {\n  private make() {\n    const rows = format({ headers: true });\n    return rows;\n  }\n  save(path: string, rows: object[]) {\n    const out = createWriteStream(path);\n    out.on(\"error\", e => console.error(e));\n    const formatter = this.make();\n    formatter.pipe(out);\n    const stringifier = csv.stringify({ header: true });\n    stringifier.pipe(out);\n    for (const row of rows) {\n      formatter.write(row);\n      stringifier.write(row);\n    }\n  }\n}\n`,
      files: {
        "node_modules/@fast-csv/format/package.json": `{"name":"@fast-csv/format","types":"index.d.ts"}`,
        "node_modules/@fast-csv/format/index.d.ts": `import type { Transform } from "node:stream";\nexport declare function format(options?: object): Transform;\nexport declare function parse(options?: object): Transform;\n`,
        "node_modules/csv-stringify/package.json": `{"name":"csv-stringify","types":"index.d.ts"}`,
        "node_modules/csv-stringify/index.d.ts": `import type { Transform } from "node:stream";\nexport declare function stringify(options?: object): Transform;\n`,
      },
    },
    // Session 26: a 'data' listener that also keeps every chunk it writes (appended to a string or an
    // array declared outside it and never shortened): the buffer can hold no more than the program keeps.
    `import { spawn } from \"node:child_process\";\nimport { createWriteStream } from \"node:fs\";\nexport function run(cmd: string, logFile: string) {\n  const log = createWriteStream(logFile);\n  log.on(\"error\", () => {});\n  return new Promise<string>(resolve => {\n    const child = spawn(cmd);\n    let data = \"\";\n    const chunks: Buffer[] = [];\n    child.stdout.on(\"data\", chunk => {\n      const output = chunk.toString();\n      data += output;\n      log.write(output);\n    });\n    child.stderr.on(\"data\", (chunk: Buffer) => {\n      log.write(chunk);\n      chunks.push(chunk);\n    });\n    child.on(\"close\", () => resolve(data + Buffer.concat(chunks).toString()));\n  });\n}\n`,
    // Session 28: a pipe between the legs of an HTTP proxy tied both ways. The upstream's response
    // into the client's response (the request's 'error' listener ends it, its 'close' destroys the
    // request), and the client's request into the upstream request (the response's 'close' destroys
    // it, its 'error' listener ends the response): an IncomingMessage emits 'error' only when it has
    // a listener, and neither leg stays open when the other fails.
    `import http from "node:http";\nexport function serve(port: number) {\n  http.createServer((req, res) => {\n    const upstream = http.request({ host: "example.com", path: req.url, method: req.method, headers: req.headers }, response => {\n      res.writeHead(response.statusCode ?? 502, response.headers);\n      response.pipe(res);\n    });\n    upstream.on("error", () => {\n      if (!res.headersSent) res.writeHead(502);\n      res.end();\n    });\n    res.on("close", () => upstream.destroy());\n    req.pipe(upstream);\n  }).listen(port);\n}\n`,
    // The same through a named function of the file (`res.once("close", abort)`), the error passed on
    // to the response, a pipe chain whose last stream is the response, and a 'response' listener.
    `import http, { type IncomingMessage, type ServerResponse } from "node:http";\nimport { createGunzip } from "node:zlib";\nexport function forward(req: IncomingMessage, res: ServerResponse, port: number, unzip: boolean) {\n  let destroyed = false;\n  const abort = function () {\n    if (!destroyed) {\n      destroyed = true;\n      client.destroy();\n    }\n  };\n  const client = http.request({ port, path: req.url, headers: req.headers }, up => {\n    res.writeHead(up.statusCode ?? 502, up.headers);\n    if (unzip) {\n      const gunzip = createGunzip();\n      gunzip.on("error", abort);\n      up.pipe(gunzip).pipe(res);\n    } else up.pipe(res);\n  });\n  req.on("error", abort);\n  res.on("error", abort);\n  res.once("close", abort);\n  client.on("error", err => {\n    abort();\n    res.emit("error", err);\n  });\n  req.pipe(client);\n  return client;\n}\nexport function relay(res: ServerResponse, port: number) {\n  const r = http.request({ port });\n  r.on("response", up => up.pipe(res));\n  r.on("error", () => res.destroy());\n  res.on("close", () => r.abort());\n  r.end();\n}\n`,
    // Session 29: an upload piped into a parser, tied both ways: the request's 'close' destroys the
    // parser, and the parser's 'error' listener resumes the request (reads the rest of the body to its
    // end), through a function of the file; the request typed as a `Pick` of Node's IncomingMessage.
    {
      code: `import type { IncomingMessage, ServerResponse } from "node:http";\nimport { parser as makeParser } from "multipart";\nexport type Req = Pick<IncomingMessage, "headers" | "pipe" | "unpipe" | "once" | "resume" | "readableEnded"> & { body?: string };\nexport function upload(request: Req, response: Pick<ServerResponse, "once">) {\n  return new Promise<void>((resolve, reject) => {\n    const parser = makeParser(request.headers);\n    function exit(error: Error) {\n      parser.destroy(error);\n      request.unpipe(parser);\n      setImmediate(() => request.resume());\n      reject(error);\n    }\n    parser.on("error", exit);\n    parser.on("finish", resolve);\n    response.once("close", () => {});\n    request.once("close", () => {\n      if (!request.readableEnded) exit(new Error("disconnected"));\n    });\n    request.pipe(parser);\n  });\n}\n`,
      files: {
        "node_modules/multipart/package.json": `{"name":"multipart","types":"index.d.ts"}`,
        "node_modules/multipart/index.d.ts": `import type { Writable } from "node:stream";\nexport declare function parser(headers: object): Writable;\n`,
      },
    },
    // Session 31: a listener chained on an end before the pipe (`child.stdout.on("end", f).pipe(out)`):
    // the chain evaluates to the stream it is on, judged as that stream (a child's output, a name
    // with an 'error' listener), also in JavaScript whose child comes from child_process's spawn.
    `import { spawn } from "node:child_process";\nimport { createWriteStream } from "node:fs";\nimport type { Readable } from "node:stream";\nexport function exec(cmd: string, log: string, input: Readable) {\n  const out = createWriteStream(log);\n  out.on("error", () => {});\n  let open = 2;\n  const ended = () => {\n    if (--open === 0) out.end();\n  };\n  const proc = spawn(cmd, [], { stdio: ["pipe", "pipe", "pipe"] });\n  proc.on("error", e => out.destroy(e));\n  proc.stdout.on("end", ended).pipe(out, { end: false });\n  proc.stderr.once("end", ended).on("close", () => {}).pipe(out, { end: false });\n  input.on("end", () => {}).pipe(proc.stdin);\n  input.on("error", () => proc.kill());\n  proc.stdin.on("error", () => {});\n  return proc;\n}\n`,
    {
      filename: "exec.js",
      code: `const { spawn } = require("child_process");\nexports.exec = function exec(command, out) {\n  let end = 1;\n  const ended = () => end-- || out.end();\n  const proc = spawn(command, [], { stdio: ["pipe", "pipe", "pipe"] });\n  proc.on("error", e => out.destroy(e));\n  proc.stdout.on("end", () => ended()).pipe(out, { end: false });\n  proc.stderr.on("end", () => ended()).pipe(out, { end: false });\n  return out;\n};\n`,
      compilerOptions: { allowJs: true, checkJs: false, module: "commonjs", moduleResolution: "node10" },
    },
    // Session 32: a watcher under another name the file gives it: a promisified `finished` of a
    // renamed import (`await streamFinished(writer)`), and compiled CommonJS's `pipelineAsync`.
    `import { finished as finishedCallback, Readable } from "node:stream";\nimport { createWriteStream } from "node:fs";\nimport { promisify } from "node:util";\nconst streamFinished = promisify(finishedCallback);\nexport async function archive(path: string, data: AsyncIterable<Uint8Array>) {\n  const writer = createWriteStream(path);\n  const reader = Readable.from(data);\n  reader.pipe(writer);\n  await streamFinished(writer);\n}\n`,
    {
      filename: "save.js",
      code: `"use strict";\nconst fs_1 = require("fs");\nconst stream_1 = require("stream");\nconst util_1 = require("util");\nconst pipelineAsync = (0, util_1.promisify)(stream_1.pipeline);\nasync function save(url, path) {\n  const res = await fetch(url);\n  const body = stream_1.Readable.fromWeb(res.body);\n  body.on("error", () => {});\n  const out = (0, fs_1.createWriteStream)(path);\n  body.pipe(out);\n  await pipelineAsync(body, out);\n}\nexports.save = save;\n`,
      compilerOptions: { allowJs: true, checkJs: false, module: "commonjs", moduleResolution: "node10" },
    },
    // Session 32: a child's output with `setEncoding` chained before the pipe is still the child's output.
    `import { spawn } from "node:child_process";\nimport { createWriteStream } from "node:fs";\nexport function run(cmd: string, log: string) {\n  const out = createWriteStream(log);\n  out.on("error", () => {});\n  const child = spawn(cmd);\n  child.stdout.setEncoding("utf8").pipe(out);\n  return child;\n}\n`,
    // Session 32: the pipe's result delegated to with `yield*` in an async generator (its iterator
    // rejects with the destination's errors), by name or directly, and read with `for await` after
    // `setEncoding`, which returns the same stream.
    `import { Readable } from "node:stream";\nimport { createGunzip } from "node:zlib";\nexport async function* unzip(compressed: Buffer) {\n  const reader = Readable.from([compressed]);\n  const unzipped = reader.pipe(createGunzip());\n  yield* unzipped;\n}\nexport async function* unzipAgain(compressed: Buffer) {\n  yield* Readable.from([compressed]).pipe(createGunzip());\n}\nexport async function count(compressed: Buffer) {\n  let n = 0;\n  const lines = Readable.from([compressed]).pipe(createGunzip()).setEncoding("utf8");\n  for await (const line of lines) n += line.length;\n  for await (const line of Readable.from([compressed]).pipe(createGunzip()).setEncoding("utf8")) n += line.length;\n  return n;\n}\n`,
    // Session 33: the writes between awaited pipeline() copies into the same stream (a multipart
    // body's part header and terminator around each file): the only awaits are the copies, which wait
    // for the stream's 'drain' themselves, so the loop is over data already in memory. Node's promise
    // pipeline by its import, a namespace of `stream/promises`, `stream.promises.pipeline`, a
    // promisified copy, and compiled CommonJS.
    `import { createReadStream } from "node:fs";\nimport { PassThrough } from "node:stream";\nimport { pipeline } from "node:stream/promises";\nexport function multipart(files: { name: string; path: string }[]) {\n  const out = new PassThrough();\n  void (async () => {\n    for (const file of files) {\n      out.write(\`--b\\r\\nContent-Disposition: form-data; name="\${file.name}"\\r\\n\\r\\n\`);\n      await pipeline(createReadStream(file.path), out, { end: false });\n      out.write("\\r\\n");\n    }\n    out.end("--b--\\r\\n");\n  })();\n  return out;\n}\n`,
    `import { createReadStream } from "node:fs";\nimport * as stream from "node:stream";\nimport * as sp from "node:stream/promises";\nimport { promisify } from "node:util";\nconst pipeAsync = promisify(stream.pipeline);\nexport async function bundle(paths: string[], out: stream.Writable) {\n  for (const p of paths) {\n    out.write(\`# \${p}\\n\`);\n    await sp.pipeline(createReadStream(p), out, { end: false });\n  }\n  for (const p of paths) {\n    out.write(\`# \${p}\\n\`);\n    await stream.promises.pipeline(createReadStream(p), out, { end: false });\n  }\n  for (const p of paths) {\n    out.write(\`# \${p}\\n\`);\n    await pipeAsync(createReadStream(p), out);\n  }\n}\n`,
    {
      filename: "concat.js",
      code: `"use strict";\nconst fs_1 = require("fs");\nconst promises_1 = require("stream/promises");\nasync function concat(paths, target) {\n  const out = (0, fs_1.createWriteStream)(target);\n  for (const p of paths) {\n    out.write(\`# \${p}\\n\`);\n    await (0, promises_1.pipeline)((0, fs_1.createReadStream)(p), out, { end: false });\n  }\n  out.end();\n}\nexports.concat = concat;\n`,
      compilerOptions: { allowJs: true, checkJs: false, module: "commonjs", moduleResolution: "node10" },
    },
    // Session 34: a parameter piped in a function that runs where it is written, before the call
    // returns (a promise's executor, an array method's callback): the caller's stream, as if piped
    // in the function itself.
    `import { exec } from "node:child_process";\nimport type { Readable } from "node:stream";\nexport function runScript(script: string, output: NodeJS.WritableStream = process.stdout) {\n  return new Promise<void>((resolve, reject) => {\n    const cp = exec(script);\n    cp.stdout!.pipe(output, { end: false });\n    cp.on("error", reject);\n    cp.on("close", code => (code === 0 ? resolve() : reject(new Error(String(code)))));\n  });\n}\nexport function fanOut(sources: Readable[], sink: NodeJS.WritableStream) {\n  sources.forEach(s => s.on("error", () => {}).pipe(sink, { end: false }));\n}\n`,
    // Session 37: the stdio of a subprocess of execa 9, which waits for each of them with
    // `finished()` from the `execa()` call on, ignores an EPIPE on stdin and rejects the
    // subprocess's promise with any other error (execa's own types declare them).
    {
      files: execa9,
      code: `import { execa } from "execa";\nexport async function login(user: string, password: string) {\n  const echo = execa("echo", [password]);\n  const docker = execa("docker", ["login", "-u", user, "--password-stdin"]);\n  echo.stdout.pipe(docker.stdin);\n  await docker;\n}\nexport async function interactive(cmd: string) {\n  const child = execa(cmd);\n  process.stdin.pipe(child.stdin);\n  await child;\n}\n`,
    },
    // Session 36: both ends waited for to their 'close' with a package's event-to-promise function
    // that rejects on the stream's 'error' (promise-toolbox's fromEvent, p-event's pEvent, also in
    // compiled CommonJS), awaited or in Promise.all, like `events.once(x, "close")`.
    {
      files: eventPromisePackages,
      code: `import fs from "node:fs";\nimport fromEvent from "promise-toolbox/fromEvent";\nexport async function install(from: string, to: string) {\n  const readStream = fs.createReadStream(from);\n  const writeStream = fs.createWriteStream(to);\n  readStream.pipe(writeStream);\n  return await Promise.all([fromEvent(readStream, "close"), fromEvent(writeStream, "close")]);\n}\n`,
    },

    {
      files: eventPromisePackages,
      code: `import { createReadStream, createWriteStream } from "node:fs";\nimport { pEvent } from "p-event";\nimport { fromEvent } from "promise-toolbox";\nexport async function copy(a: string, b: string) {\n  const src = createReadStream(a);\n  const dst = createWriteStream(b);\n  src.pipe(dst);\n  await Promise.all([pEvent(src, "end"), fromEvent(dst, "finish")]);\n}\n`,
    },

    {
      filename: "copy.js",
      code: `"use strict";\nconst fs_1 = require("fs");\nconst p_event_1 = require("p-event");\nasync function copy(a, b) {\n  const src = (0, fs_1.createReadStream)(a);\n  const dst = (0, fs_1.createWriteStream)(b);\n  src.pipe(dst);\n  await Promise.all([(0, p_event_1.pEvent)(src, "end"), (0, p_event_1.pEvent)(dst, "close")]);\n}\nexports.copy = copy;\n`,
      compilerOptions: { allowJs: true, checkJs: false, module: "commonjs", moduleResolution: "node10" },
    },
  ],
  invalid: [
    {
      name: "session 33: a file whose path comes from path.resolve or a resolve of the file's own (not require.resolve) is still judged",
      code: `import fs from "node:fs";\nimport path from "node:path";\nimport type { IncomingMessage, ServerResponse } from "node:http";\nconst loader = { resolve: (p: string) => p };\nexport function serve(req: IncomingMessage, res: ServerResponse) {\n  fs.createReadStream(path.resolve(\`.\${req.url}\`)).pipe(res);\n  fs.createReadStream(loader.resolve(\`.\${req.url}\`)).pipe(res);\n}\n`,
      errors: [
        { line: 6, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`fs.createReadStream(path.resolve(" },
        { line: 7, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`fs.createReadStream(loader.resolve(" },
      ],
    },
    {
      name: "session 33: a loop that awaits a copy into another stream, or awaits data besides the copy, still writes as it goes",
      code: `import { createReadStream } from "node:fs";\nimport { stat } from "node:fs/promises";\nimport type { Writable } from "node:stream";\nimport { pipeline } from "node:stream/promises";\nexport async function bundle(paths: string[], out: Writable, log: Writable) {\n  for (const p of paths) {\n    out.write(\`# \${p}\\n\`);\n    await pipeline(createReadStream(p), log, { end: false });\n  }\n  for (const p of paths) {\n    const { size } = await stat(p);\n    out.write(\`# \${size}\\n\`);\n    await pipeline(createReadStream(p), out, { end: false });\n  }\n}\n`,
      errors: [
        { line: 7, column: 5, messageId: "writeInLoop" },
        { line: 12, column: 5, messageId: "writeInLoop" },
      ],
      output: `import { createReadStream } from "node:fs";\nimport { stat } from "node:fs/promises";\nimport type { Writable } from "node:stream";\nimport { pipeline } from "node:stream/promises";\nimport { once } from "node:events";\nexport async function bundle(paths: string[], out: Writable, log: Writable) {\n  for (const p of paths) {\n    if (!out.write(\`# \${p}\\n\`)) await once(out, "drain");\n    await pipeline(createReadStream(p), log, { end: false });\n  }\n  for (const p of paths) {\n    const { size } = await stat(p);\n    if (!out.write(\`# \${size}\\n\`)) await once(out, "drain");\n    await pipeline(createReadStream(p), out, { end: false });\n  }\n}\n`,
    },
    {
      name: "a watcher's name imported from a module of the project, a stream yielded (not delegated to), a pipe's result after setEncoding kept in a name nobody reads, and a file read stream with setEncoding chained: still reported",
      code: `import { Readable } from "node:stream";\nimport { createReadStream, createWriteStream } from "node:fs";\nimport { createGunzip } from "node:zlib";\nimport { promisify } from "node:util";\nimport { finished as settle } from "./settle";\nconst settled = promisify(settle);\nexport async function archive(path: string, data: AsyncIterable<Uint8Array>) {\n  const writer = createWriteStream(path);\n  Readable.from(data).pipe(writer);\n  await settled(writer);\n}\nexport async function* unzip(compressed: Buffer) {\n  const unzipped = Readable.from([compressed]).pipe(createGunzip());\n  yield unzipped;\n}\nexport function text(compressed: Buffer) {\n  const lines = Readable.from([compressed]).pipe(createGunzip()).setEncoding("utf8");\n  return typeof lines;\n}\nexport function copy(path: string, out: import("node:stream").Writable) {\n  createReadStream(path).setEncoding("utf8").pipe(out);\n}\n`,
      files: { "settle.ts": `export function finished(s: unknown, cb: (e?: Error) => void) {\n  cb();\n}\n` },
      errors: [
        { line: 9, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`writer`) has no 'error' listener" },
        { line: 13, column: 20, messageId: "pipeWithoutErrorHandling", message: "the destination (`createGunzip()`) has no 'error' listener" },
        { line: 17, column: 17, messageId: "pipeWithoutErrorHandling", message: "the destination (`createGunzip()`) has no 'error' listener" },
        { line: 21, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`createReadStream(path).setEncoding(" },
      ],
    },
    {
      name: "an upload into a parser without the tie both ways: no 'close' listener destroys the parser, a parser 'error' listener that neither resumes nor ends the request, a Pick of another type",
      code: `import type { IncomingMessage } from "node:http";\nimport type { Readable } from "node:stream";\nimport { parser as makeParser } from "multipart";\nexport function a(req: IncomingMessage, res: unknown) {\n  const parser = makeParser(req.headers);\n  parser.on("error", () => req.resume());\n  req.pipe(parser);\n}\nexport function b(req: IncomingMessage, res: unknown, done: (e: Error) => void) {\n  const parser = makeParser(req.headers);\n  parser.on("error", done);\n  req.once("close", () => parser.destroy());\n  req.pipe(parser);\n}\nexport function c(req: Pick<Readable, "pipe" | "once" | "resume">, res: unknown) {\n  const parser = makeParser({});\n  parser.on("error", () => req.resume());\n  req.once("close", () => parser.destroy());\n  req.pipe(parser);\n}\n`,
      files: {
        "node_modules/multipart/package.json": `{"name":"multipart","types":"index.d.ts"}`,
        "node_modules/multipart/index.d.ts": `import type { Writable } from "node:stream";\nexport declare function parser(headers: object): Writable;\n`,
      },
      errors: [
        {
          line: 7,
          column: 3,
          messageId: "pipeWithoutErrorHandling",
          message: "the source (`req`) has no 'error' listener: an HTTP message emits no 'error' without a listener",
        },
        {
          line: 13,
          column: 3,
          messageId: "pipeWithoutErrorHandling",
          message: "the source (`req`) has no 'error' listener: an HTTP message emits no 'error' without a listener",
        },
        // Not Node's IncomingMessage by type: a Readable's unhandled 'error' does crash.
        {
          line: 19,
          column: 3,
          messageId: "pipeWithoutErrorHandling",
          message: "the source (`req`) has no 'error' listener: an error there crashes the process",
        },
      ],
    },
    {
      name: "a download piped into a file whose errors are handled: the response, an HTTP message, crashes nothing on a reset but leaves the file open",
      code: `import { get } from "node:https";\nimport { createWriteStream } from "node:fs";\nexport function download(url: string, path: string): Promise<void> {\n  return new Promise((resolve, reject) => {\n    get(url, response => {\n      const file = createWriteStream(path);\n      file.on("error", reject);\n      file.on("finish", () => resolve());\n      response.pipe(file);\n    }).on("error", reject);\n  });\n}\n`,
      errors: [
        {
          line: 9,
          column: 7,
          messageId: "pipeWithoutErrorHandling",
          message:
            "the source (`response`) has no 'error' listener: an HTTP message emits no 'error' without a listener, so a connection reset mid-body ends it without 'end', and the destination is never ended or closed",
        },
      ],
    },
    {
      name: "a proxy leg without the tie both ways: no 'close' listener destroys the upstream, the error listener ends the response only before its headers, a server request whose upstream's 'error' listener does not end the response, a 'close' listener on another stream",
      code: `import http from "node:http";\nexport function serve(port: number) {\n  http.createServer((req, res) => {\n    const upstream = http.request({ host: "example.com", path: req.url }, response => {\n      res.writeHead(response.statusCode ?? 502, response.headers);\n      response.pipe(res);\n    });\n    upstream.on("error", () => res.end());\n    req.pipe(upstream);\n  }).listen(port);\n  http.createServer((req, res) => {\n    const upstream = http.request({ host: "example.com", path: req.url }, response => {\n      res.writeHead(response.statusCode ?? 502, response.headers);\n      response.pipe(res);\n    });\n    upstream.on("error", () => {\n      if (!res.headersSent) {\n        res.writeHead(502);\n        res.end();\n      }\n    });\n    res.on("close", () => upstream.destroy());\n    req.pipe(upstream);\n  }).listen(port + 1);\n  http.createServer((req, res) => {\n    const upstream = http.request({ host: "example.com", path: req.url }, response => {\n      response.pipe(res);\n    });\n    upstream.on("error", e => console.error(e));\n    res.on("close", () => upstream.destroy());\n    req.pipe(upstream);\n  }).listen(port + 2);\n}\nexport function tunnel(res: import("node:net").Socket, other: import("node:net").Socket) {\n  const request = http.request({ host: "example.com" });\n  request.on("error", () => res.destroy());\n  request.on("response", up => {\n    up.pipe(res);\n  });\n  other.on("close", () => request.destroy());\n}\n`,
      errors: [
        { line: 6, column: 7, messageId: "pipeWithoutErrorHandling", message: "neither the source nor the destination has an 'error' listener" },
        { line: 9, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`req`) has no 'error' listener" },
        { line: 14, column: 7, messageId: "pipeWithoutErrorHandling", message: "neither the source nor the destination has an 'error' listener" },
        { line: 23, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`req`) has no 'error' listener" },
        { line: 27, column: 7, messageId: "pipeWithoutErrorHandling", message: "neither the source nor the destination has an 'error' listener" },
        { line: 31, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`req`) has no 'error' listener" },
        { line: 38, column: 5, messageId: "pipeWithoutErrorHandling", message: "neither the source nor the destination has an 'error' listener" },
      ],
    },
    {
      name: "a download tied both ways into a socket: the response is not reported, the socket without an 'error' listener still is",
      code: `import https from "node:https";\nimport { connect } from "node:net";\nexport function relay(url: string, port: number) {\n  const sock = connect(port);\n  const request = https.get(url, res => {\n    res.pipe(sock);\n  });\n  request.on("error", () => sock.destroy());\n  sock.on("close", () => request.destroy());\n}\n`,
      errors: [{ line: 6, column: 5, messageId: "pipeWithoutErrorHandling", message: "the destination (`sock`) has no 'error' listener" }],
    },
    {
      name: "write in a for await loop, the fix waits for 'drain'",
      code: `import type { Writable } from "node:stream";\n${rows}export async function dump(out: Writable) {\n  for await (const row of rows()) {\n    out.write(row);\n  }\n  out.end();\n}\n`,
      errors: [{ line: 5, column: 5, messageId: "writeInLoop", message: "`out.write()` runs in a loop", related: ["the loop that writes"] }],
      output: `import type { Writable } from "node:stream";\nimport { once } from "node:events";\n${rows}export async function dump(out: Writable) {\n  for await (const row of rows()) {\n    if (!out.write(row)) await once(out, "drain");\n  }\n  out.end();\n}\n`,
    },
    {
      name: "an HTTP response written per row fetched (a Writable by its base class)",
      code: `import type { ServerResponse } from "node:http";\ndeclare function load(id: string): Promise<string>;\nexport async function send(res: ServerResponse, ids: string[]) {\n  for (const id of ids) res.write(JSON.stringify(await load(id)) + "\\n");\n  res.end();\n}\n`,
      errors: [{ line: 4, column: 25, messageId: "writeInLoop" }],
      output: `import type { ServerResponse } from "node:http";\nimport { once } from "node:events";\ndeclare function load(id: string): Promise<string>;\nexport async function send(res: ServerResponse, ids: string[]) {\n  for (const id of ids) if (!res.write(JSON.stringify(await load(id)) + "\\n")) await once(res, "drain");\n  res.end();\n}\n`,
    },
    {
      name: "a socket written in a while loop",
      code: `import type { Socket } from "node:net";\nexport function flood(socket: Socket, next: () => string | undefined) {\n  let chunk: string | undefined;\n  while ((chunk = next()) !== undefined) {\n    socket.write(chunk);\n  }\n}\n`,
      errors: [{ line: 5, column: 5, messageId: "writeInLoop" }],
    },
    {
      name: "write in a 'data' listener",
      code: `import { createReadStream, createWriteStream } from "node:fs";\nexport function copy(a: string, b: string) {\n  const src = createReadStream(a);\n  const dst = createWriteStream(b);\n  src.on("data", chunk => {\n    dst.write(chunk);\n  });\n  src.on("end", () => dst.end());\n}\n`,
      errors: [{ line: 6, column: 5, messageId: "writeInDataListener", message: "Pause the source" }],
    },
    {
      name: "pipe with no error listener (the pipeline fix is a suggestion)",
      code: `import { createReadStream } from "node:fs";\nimport type { ServerResponse } from "node:http";\nexport async function serve(path: string, res: ServerResponse) {\n  createReadStream(path).pipe(res);\n}\n`,
      errors: [
        {
          line: 4,
          column: 3,
          messageId: "pipeWithoutErrorHandling",
          message: "the source (`createReadStream(path)`) has no 'error' listener",
          fixes: ["Use await pipeline() from node:stream/promises"],
        },
      ],
    },
    {
      name: "a `this.x` socket whose base class listens for other events only is still reported",
      code: `import type { Socket } from "node:net";\nimport { PassThrough } from "node:stream";\nimport { Service } from "./service.js";\nexport class Mux extends Service {\n  private decoder = new PassThrough();\n  constructor(socket: Socket) {\n    super(socket);\n    this.decoder.on("error", () => {});\n    this.socket.pipe(this.decoder);\n  }\n}\n`,
      files: {
        "service.ts": `import type { Socket } from "node:net";\nexport class Service {\n  protected socket: Socket;\n  constructor(socket: Socket) {\n    this.socket = socket;\n    this.socket.on("close", () => {});\n  }\n}\n`,
      },
      errors: [{ line: 9, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`this.socket`) has no 'error' listener" }],
    },
    {
      name: "an array pattern with a hole declared before the ends (a binding element without a name) is read, not a crash",
      code: `import { createReadStream, createWriteStream } from "node:fs";\nexport function copy(a: string, b: string) {\n  const [, stop] = [0, () => {}];\n  const src = createReadStream(a);\n  const dst = createWriteStream(b);\n  src.pipe(dst);\n  return stop;\n}\n`,
      errors: [{ line: 6, column: 3, messageId: "pipeWithoutErrorHandling", message: "neither the source nor the destination has an 'error' listener" }],
    },
    {
      name: "a file into a compressor, a download into a decompressor: the file and the download (and the decompressor) are still reported",
      code: `import { createReadStream } from "node:fs";\nimport type { IncomingMessage } from "node:http";\nimport { createGunzip, createGzip } from "node:zlib";\nexport function pack(path: string) {\n  const gzip = createGzip();\n  createReadStream(path).pipe(gzip);\n  return gzip;\n}\nexport function unpack(res: IncomingMessage) {\n  const gunzip = createGunzip();\n  res.pipe(gunzip);\n  gunzip.on("data", () => {});\n}\n`,
      errors: [
        { line: 6, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`createReadStream(path)`) has no 'error' listener" },
        { line: 11, column: 3, messageId: "pipeWithoutErrorHandling", message: "neither the source nor the destination has an 'error' listener" },
      ],
    },
    {
      name: "a file into the project's own transform: the file's end is still reported; Readable.from over a generator call too",
      code: `import { createReadStream } from "node:fs";\nimport { Readable, Transform } from "node:stream";\nclass Tap extends Transform {}\nasync function* rows() { yield "a"; }\nexport function read(path: string) {\n  const tap = new Tap();\n  createReadStream(path).pipe(tap);\n  Readable.from(rows()).pipe(tap);\n  return tap;\n}\n`,
      errors: [
        { line: 7, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`createReadStream(path)`) has no 'error' listener" },
        { line: 8, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`Readable.from(rows())`) has no 'error' listener" },
      ],
    },
    // Session 13, round 11: the project's own stream that fails by its own hand is not in memory.
    {
      name: "the project's own transform that ends with an error (cb(new Error)) piped to a compressor and to stdout",
      code: `import { Transform } from "node:stream";\nimport { createGzip } from "node:zlib";\nclass EmptyError extends Error {}\nclass Sitemap extends Transform {\n  private started = false;\n  override _transform(chunk: Buffer, _enc: string, done: () => void) { this.started = true; this.push(chunk); done(); }\n  override _flush(cb: (err?: Error) => void) { if (!this.started) cb(new EmptyError()); else cb(); }\n}\nexport function print(gzip: boolean) {\n  const out = new Sitemap();\n  if (gzip) out.pipe(createGzip()).pipe(process.stdout);\n  else out.pipe(process.stdout);\n  return (line: string) => out.write(line);\n}\n`,
      errors: [
        { line: 11, column: 13, messageId: "pipeWithoutErrorHandling", message: "the source (`out`) has no 'error' listener" },
        { line: 12, column: 8, messageId: "pipeWithoutErrorHandling", message: "the source (`out`) has no 'error' listener" },
      ],
    },
    {
      name: "a name declared in one branch is not the same-named variable of a sibling branch",
      code: `import { PassThrough, Transform } from "node:stream";\nclass Failing extends Transform {\n  override _transform(chunk: Buffer, _enc: string, done: (err?: Error | null) => void) { done(chunk.length ? null : new Error("empty")); }\n}\nexport function route(kind: string) {\n  if (kind === "a") {\n    const out = new PassThrough();\n    out.pipe(process.stdout);\n  } else {\n    const out = new Failing();\n    out.pipe(process.stdout);\n  }\n}\n`,
      errors: [{ line: 11, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`out`) has no 'error' listener" }],
    },
    {
      name: "a source that may be a terminal or another stream is judged",
      code: `import { PassThrough } from "node:stream";\nexport function part(body: NodeJS.ReadStream | NodeJS.ReadableStream) {\n  const out = new PassThrough();\n  body.pipe(out);\n  return out;\n}\n`,
      errors: [{ line: 4, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`body`) has no 'error' listener" }],
    },
    {
      name: "a name that may hold a stream nobody listens to is still reported",
      code: `import { connect } from "node:net";\nimport { createGunzip } from "node:zlib";\nimport { createWriteStream } from "node:fs";\nexport function receive(port: number, gzip: boolean, path: string) {\n  const socket = connect(port);\n  const gunzip = createGunzip();\n  gunzip.on("error", () => socket.destroy());\n  let s: NodeJS.ReadableStream = socket;\n  if (gzip) s = socket.pipe(gunzip);\n  const file = createWriteStream(path);\n  file.on("error", () => socket.destroy());\n  s.pipe(file);\n}\n`,
      errors: [
        { line: 9, column: 17, messageId: "pipeWithoutErrorHandling", message: "the source (`socket`) has no 'error' listener" },
        { line: 12, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`s`) has no 'error' listener" },
      ],
    },
    {
      name: "a file named by the caller printed to stdout, and a stream the module builds over file I/O",
      code: `import { createReadStream, write } from "node:fs";\nimport { Writable } from "node:stream";\nexport function cat(file: string, fd: number) {\n  createReadStream(file).pipe(process.stdout);\n  const out = new Writable({\n    write(chunk, _enc, done) {\n      write(fd, chunk, done);\n    },\n  });\n  process.stdin.pipe(out);\n}\n`,
      errors: [
        { line: 4, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`createReadStream(file)`) has no 'error' listener" },
        { line: 10, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`out`) has no 'error' listener" },
      ],
    },
    {
      name: "a factory of the module that opens a file is not in memory",
      code: `import { createWriteStream } from "node:fs";\nconst open = (path: string) => createWriteStream(path);\nexport function save(path: string) {\n  process.stdin.pipe(open(path));\n}\n`,
      errors: [{ line: 4, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`open(path)`) has no 'error' listener" }],
    },
    {
      name: "pipe with neither end listening",
      code: `import { createReadStream, createWriteStream } from "node:fs";\nexport function copy(a: string, b: string) {\n  createReadStream(a).pipe(createWriteStream(b));\n}\n`,
      errors: [
        {
          line: 3,
          column: 3,
          messageId: "pipeWithoutErrorHandling",
          message: "`pipe()` does not forward errors, and neither the source nor the destination has an 'error' listener:",
        },
      ],
    },
    {
      name: "pipe whose destination has no error listener",
      code: `import { createReadStream, createWriteStream } from "node:fs";\nexport function copy(a: string, b: string) {\n  const src = createReadStream(a);\n  src.on("error", e => console.error(e));\n  src.pipe(createWriteStream(b));\n}\n`,
      errors: [{ line: 5, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`createWriteStream(b)`) has no 'error' listener" }],
    },
    // Session 15: the boundaries of the round's classes.
    {
      name: "a TLS socket from tls.connect() (Node releases its listener), and a field the base class set, piped in the constructor",
      code: `import tls from "node:tls";\nimport { PassThrough } from "node:stream";\nimport { Base } from "./base.js";\nexport function open(host: string) {\n  const socket = tls.connect({ host, port: 443 });\n  const parser = new PassThrough();\n  socket.pipe(parser);\n  return parser;\n}\nexport class Service extends Base {\n  private decoder = new PassThrough();\n  constructor(socket: import("node:net").Socket) {\n    super(socket);\n    this.conn.pipe(this.decoder);\n  }\n  secure() {\n    this.conn = new tls.TLSSocket(this.conn);\n  }\n}\n`,
      files: {
        "base.ts": `import type { Socket } from "node:net";\nexport class Base {\n  conn: Socket;\n  constructor(socket: Socket) {\n    this.conn = socket;\n  }\n}\n`,
      },
      errors: [
        { line: 7, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`socket`) has no 'error' listener" },
        { line: 14, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`this.conn`) has no 'error' listener" },
      ],
    },
    {
      name: "a file written without waiting, a file of an exported helper's parameter, an open not awaited",
      code: `import { createReadStream, createWriteStream, writeFile } from "node:fs";\nimport { once } from "node:events";\nimport type { Writable } from "node:stream";\nexport function send(path: string, data: string, out: Writable) {\n  writeFile(path, data, () => {});\n  out.on("error", () => {});\n  createReadStream(path).pipe(out);\n}\nexport function unpack(archive: string, out: Writable) {\n  out.on("error", () => {});\n  createReadStream(archive).pipe(out);\n}\nexport async function log(input: NodeJS.ReadableStream, file: string) {\n  input.on("error", () => {});\n  const out = createWriteStream(file);\n  void once(out, "open");\n  input.pipe(out);\n}\n`,
      errors: [
        { line: 7, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`createReadStream(path)`) has no 'error' listener" },
        { line: 11, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`createReadStream(archive)`) has no 'error' listener" },
        { line: 17, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`out`) has no 'error' listener" },
      ],
    },
    {
      name: "a joined path the code did not just write: another file's write stream, another name passed, an exported helper, a part of the helper's own",
      code: `import fs from "node:fs";\nimport path from "node:path";\nimport { createGunzip } from "node:zlib";\nimport type { Readable } from "node:stream";\nconst extract = (dir: string, name: string) =>\n  new Promise<void>((resolve, reject) => {\n    fs.createReadStream(path.join(dir, name))\n      .pipe(createGunzip())\n      .on("finish", resolve)\n      .on("error", reject);\n  });\nexport function download(body: Readable, dir: string, name: string, other: string) {\n  const out = fs.createWriteStream(path.join(dir, "partial"));\n  body.on("error", () => out.destroy());\n  out.on("error", () => {});\n  body.pipe(out);\n  out.on("close", async () => {\n    await extract(dir, name);\n  });\n  const second = fs.createWriteStream(path.join(dir, name));\n  second.on("error", () => {});\n  second.on("close", () => void extract(dir, other));\n}\nexport function unpack(dir: string, name: string) {\n  const gunzip = createGunzip().on("error", () => {});\n  fs.createReadStream(path.join(dir, name)).pipe(gunzip);\n}\nconst unpackLatest = (dir: string) => {\n  const name = fs.readdirSync(dir)[0]!;\n  const gunzip = createGunzip().on("error", () => {});\n  fs.createReadStream(path.join(dir, name)).pipe(gunzip);\n};\nexport function fetchLatest(body: Readable, dir: string) {\n  const out = fs.createWriteStream(path.join(dir, "latest"));\n  out.on("error", () => {});\n  body.on("error", () => {});\n  body.pipe(out);\n  out.on("close", () => unpackLatest(dir));\n}\n`,
      errors: [
        {
          line: 7,
          column: 5,
          messageId: "pipeWithoutErrorHandling",
          message: "the source (`fs.createReadStream(path.join(dir, na...`) has no 'error' listener",
        },
        {
          line: 26,
          column: 3,
          messageId: "pipeWithoutErrorHandling",
          message: "the source (`fs.createReadStream(path.join(dir, na...`) has no 'error' listener",
        },
        {
          line: 31,
          column: 3,
          messageId: "pipeWithoutErrorHandling",
          message: "the source (`fs.createReadStream(path.join(dir, na...`) has no 'error' listener",
        },
      ],
    },
    {
      name: "a listener chained on a file read stream, or on a socket, before the pipe: judged as the stream it is on",
      code: `import { createReadStream } from "node:fs";\nimport { connect } from "node:net";\nimport { PassThrough } from "node:stream";\nexport function read(path: string, port: number) {\n  const out = new PassThrough();\n  createReadStream(path).on("end", () => console.log("read")).pipe(out);\n  const socket = connect(port);\n  socket.once("connect", () => {}).pipe(out);\n  return out;\n}\n`,
      errors: [
        {
          line: 6,
          column: 3,
          messageId: "pipeWithoutErrorHandling",
          message: "the source (`createReadStream(path).on(\"end\", () =...`) has no 'error' listener",
        },
        { line: 8, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`socket.once(\"connect\", () => {})`) has no 'error' listener" },
      ],
    },
    {
      name: "a stream piped into a child's stdin through stdio[0]",
      code: `import { spawn } from "node:child_process";\nimport { createReadStream } from "node:fs";\nexport function feed(cmd: string, input: string) {\n  const proc = spawn(cmd, { stdio: ["pipe", "inherit", "inherit"] });\n  const file = createReadStream(input).on("error", () => proc.kill());\n  file.pipe(proc.stdio[0]!);\n  return proc;\n}\n`,
      errors: [{ line: 6, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`proc.stdio[0]!`) has no 'error' listener" }],
    },
    {
      name: "an option the function replaces with its own file stream, and a socket whose connect was awaited",
      code: `import { spawn } from "node:child_process";\nimport { createWriteStream } from "node:fs";\nimport { once } from "node:events";\nimport { connect } from "node:net";\nexport function run(cmd: string, opts: { out?: NodeJS.WritableStream; log: string }) {\n  opts.out = createWriteStream(opts.log);\n  const child = spawn(cmd);\n  child.stdout.pipe(opts.out);\n  return child;\n}\nexport async function forward(port: number, input: NodeJS.ReadableStream) {\n  input.on("error", () => {});\n  const socket = connect(port);\n  await once(socket, "connect");\n  input.pipe(socket);\n}\n`,
      errors: [
        { line: 8, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`opts.out`) has no 'error' listener" },
        { line: 15, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`socket`) has no 'error' listener" },
      ],
    },
    {
      name: "the branch that runs when the Node API exists, and a test of the project's own option",
      code: `import * as tls from "node:tls";\nimport { connect } from "node:net";\nimport { createWriteStream } from "node:fs";\nconst options: { tls?: boolean } = {};\nexport function open(port: number, log: string) {\n  const socket = connect(port);\n  if (tls.TLSSocket) socket.pipe(createWriteStream(log));\n  if (!options.tls) socket.pipe(createWriteStream(log));\n  return socket;\n}\n`,
      errors: [
        { line: 7, column: 22, messageId: "pipeWithoutErrorHandling", message: "the destination (`createWriteStream(log)`) has no 'error' listener" },
        { line: 8, column: 21, messageId: "pipeWithoutErrorHandling", message: "the destination (`createWriteStream(log)`) has no 'error' listener" },
      ],
    },
    {
      name: "a write followed by the end of another stream",
      code: `import type { Writable } from "node:stream";\ndeclare function replies(): AsyncIterable<number>;\nexport async function store(dest: Writable, log: Writable, input: Buffer) {\n  for await (const code of replies()) {\n    dest.write(input);\n    log.end();\n  }\n}\n`,
      errors: [{ line: 5, column: 5, messageId: "writeInLoop", message: "`dest.write()` runs in a loop", related: ["the loop that writes"] }],
      output: `import type { Writable } from "node:stream";\nimport { once } from "node:events";\ndeclare function replies(): AsyncIterable<number>;\nexport async function store(dest: Writable, log: Writable, input: Buffer) {\n  for await (const code of replies()) {\n    if (!dest.write(input)) await once(dest, "drain");\n    log.end();\n  }\n}\n`,
    },
    {
      name: "a value of a Node module is a switch between two branches that both run, not a feature test",
      code: `import * as threads from "node:worker_threads";\nimport { connect } from "node:net";\nimport { createWriteStream } from "node:fs";\nexport function open(port: number, log: string) {\n  const socket = connect(port);\n  socket.on("error", () => {});\n  if (threads.isMainThread) socket.on("close", () => {});\n  else socket.pipe(createWriteStream(log));\n}\n`,
      errors: [{ line: 8, column: 8, messageId: "pipeWithoutErrorHandling", message: "the destination (`createWriteStream(log)`) has no 'error' listener" }],
    },
    {
      name: "an emit replaced by one that only counts events",
      code: `import { connect } from "node:net";\nimport { createWriteStream } from "node:fs";\nexport function get(port: number, log: string) {\n  const sock = connect(port);\n  let events = 0;\n  const emit = sock.emit.bind(sock) as (ev: string | symbol, ...args: any[]) => boolean;\n  sock.emit = (ev: string | symbol, ...args: any[]) => {\n    events++;\n    return emit(ev, ...args);\n  };\n  const out = createWriteStream(log);\n  out.on("error", () => sock.destroy());\n  sock.pipe(out);\n  return () => events;\n}\n`,
      errors: [{ line: 13, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`sock`) has no 'error' listener" }],
    },
    {
      name: "a reduce chain whose transforms have no 'error' listener",
      code: `import { createReadStream, createWriteStream } from "node:fs";\nimport type { Transform } from "node:stream";\nexport function copy(from: string, to: string, transforms: (() => Transform)[], onError: (e: Error) => void) {\n  const reader = createReadStream(from);\n  const writer = createWriteStream(to);\n  reader.on("error", onError);\n  writer.on("error", onError);\n  const piped = transforms.reduce((input: NodeJS.ReadableStream, make) => input.pipe(make()), reader);\n  piped.pipe(writer);\n}\n`,
      errors: [
        { line: 8, column: 75, messageId: "pipeWithoutErrorHandling", message: "the source (`input`) has no 'error' listener" },
        { line: 9, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`piped`) has no 'error' listener" },
      ],
    },
    {
      name: "the project's own parser class behind the interop helper fails on its input",
      filename: "case.cjs",
      code: `"use strict";\nvar _net = require("net");\nvar _parser = _interopRequireDefault(require("./parser.cjs"));\nfunction _interopRequireDefault(e) { return e && e.__esModule ? e : { default: e }; }\nconst queue = [];\nfunction relay(port) {\n  const socket = _net.connect(port);\n  socket.on("error", () => {});\n  const parser = new _parser.default();\n  queue.push(parser);\n  socket.pipe(parser);\n}\nmodule.exports = { relay, queue };\n`,
      files: {
        "parser.cjs": `"use strict";\nvar _stream = require("stream");\nclass Parser extends _stream.Transform {\n  _transform(chunk, enc, cb) {\n    try {\n      cb(null, JSON.parse(String(chunk)));\n    } catch (e) {\n      cb(e);\n    }\n  }\n}\nmodule.exports = Parser;\n`,
      },
      errors: [{ line: 11, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`parser`) has no 'error' listener" }],
    },
    {
      name: "stream classes of older JavaScript that fail the stream: a parser's callback with an error, an 'error' emitted through an alias of this, a prototype given whole",
      filename: "case.cjs",
      code: `"use strict";\nvar net = require("net");\nvar streams = require("./streams.cjs");\nvar Whole = require("./whole.cjs");\nfunction relay(port) {\n  var socket = net.connect(port);\n  socket.on("error", function () {});\n  socket.pipe(new streams.Parser());\n  socket.pipe(new streams.Checker());\n  socket.pipe(new Whole());\n}\nmodule.exports = { relay: relay };\n`,
      files: {
        "streams.cjs": `const util = require("util");\nconst { Transform, Writable } = require("stream");\nfunction Parser(options) {\n  Transform.call(this, options);\n}\nutil.inherits(Parser, Transform);\nParser.prototype._transform = function (chunk, encoding, callback) {\n  let error = null;\n  try {\n    this.push(JSON.parse(String(chunk)));\n  } catch (err) {\n    error = err;\n  }\n  callback(error);\n};\nfunction Checker() {\n  Writable.call(this);\n}\nutil.inherits(Checker, Writable);\nChecker.prototype._write = function (chunk, encoding, callback) {\n  var self = this;\n  if (chunk.length > 512) self.emit("error", new Error("too long"));\n  callback();\n};\nexports.Parser = Parser;\nexports.Checker = Checker;\n`,
        "whole.cjs": `const util = require("util");\nconst { Transform } = require("stream");\nfunction Whole() {\n  Transform.call(this);\n}\nutil.inherits(Whole, Transform);\nWhole.prototype = Object.create(Transform.prototype, {});\nmodule.exports = Whole;\n`,
      },
      errors: [
        { line: 8, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`new streams.Parser()`) has no 'error' listener" },
        { line: 9, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`new streams.Checker()`) has no 'error' listener" },
        { line: 10, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`new Whole()`) has no 'error' listener" },
      ],
    },
    {
      name: "a project factory that does not listen, a helper that listens for something else, and a method's stream that fails",
      code: `import { createReadStream } from \"node:fs\";\nimport { Duplex } from \"node:stream\";\nimport { open, watch } from \"./connection.js\";\nclass Channel {\n  stream(): Duplex {\n    return new Duplex({\n      write: (chunk, _enc, next) => next(chunk.length > 512 ? new Error(\"too long\") : null),\n      read() {},\n    });\n  }\n}\nexport function upload(path: string, port: number, channel: Channel) {\n  const file = createReadStream(path);\n  file.on(\"error\", () => {});\n  file.pipe(open(port));\n  const other = createReadStream(path);\n  watch(other);\n  other.pipe(channel.stream());\n}\n`,
      files: {
        "connection.ts": `import { connect, type Socket } from \"node:net\";\nimport type { Readable } from \"node:stream\";\nexport function open(port: number): Socket {\n  const socket = connect(port);\n  socket.on(\"close\", () => {});\n  return socket;\n}\nexport function watch(stream: Readable) {\n  stream.on(\"end\", () => {});\n}\n`,
      },
      errors: [
        { line: 15, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`open(port)`) has no 'error' listener" },
        { line: 18, column: 3, messageId: "pipeWithoutErrorHandling", message: "neither the source nor the destination has an 'error' listener" },
      ],
    },
    {
      name: "a memoizing method whose cache holds a socket it connects",
      code: `import { createReadStream } from \"node:fs\";\nimport { connect, type Socket } from \"node:net\";\nclass Pool {\n  private sockets: { [host: string]: Socket } = {};\n  get(host: string): Socket {\n    if (!this.sockets[host]) this.sockets[host] = connect(80, host);\n    return this.sockets[host];\n  }\n}\nexport function send(pool: Pool, path: string, host: string) {\n  const file = createReadStream(path);\n  file.on(\"error\", () => {});\n  file.pipe(pool.get(host));\n}\n`,
      errors: [{ line: 13, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`pool.get(host)`) has no 'error' listener" }],
    },
    {
      name: "a wrapper whose child may be another value, and an alias of a parser that fails",
      code: `import { execa, type Subprocess } from \"execa\";\nimport { Transform } from \"node:stream\";\nconst reuse: Subprocess[] = [];\nfunction spawnOrReuse(cmd: string) {\n  let child = execa(cmd);\n  if (reuse.length) child = reuse[0]!;\n  return child;\n}\nfunction parse() {\n  return new Transform({\n    readableObjectMode: true,\n    transform(chunk, _enc, done) {\n      try {\n        done(null, JSON.parse(String(chunk)));\n      } catch (err) {\n        done(err as Error);\n      }\n    },\n  });\n}\nconst parse_default = parse;\nexport function run(cmd: string) {\n  const p = spawnOrReuse(cmd);\n  p.stdout.pipe(process.stdout);\n  const q = execa(cmd);\n  q.stdout.pipe(parse_default());\n}\n`,
      files: {
        "node_modules/execa/package.json": `{"name":"execa","type":"module","exports":{"types":"./index.d.ts"},"types":"index.d.ts"}`,
        "node_modules/execa/index.d.ts": `import type { Readable } from "node:stream";\nexport interface Subprocess extends Promise<{ exitCode: number }> { stdout: Readable; stderr: Readable; kill(): boolean }\nexport declare function execa(file: string): Subprocess;\n`,
      },
      errors: [
        { line: 24, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`p.stdout`) has no 'error' listener" },
        { line: 26, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`parse_default()`) has no 'error' listener" },
      ],
    },
    {
      name: "a field reached through a name for `this` that holds a file, or through a name given `this` and then another object",
      filename: "case.cjs",
      code: `"use strict";\nconst { Transform } = require("stream");\nconst { createReadStream, createWriteStream } = require("fs");\nclass Results {\n  constructor(path) {\n    this._stream = createReadStream(path);\n    this._other = new Transform({ transform(chunk, enc, done) { done(null, chunk); } });\n  }\n  /** @param {string} path @param {Results} other */\n  createStream(path, other) {\n    var self = this;\n    const out = createWriteStream(path);\n    out.on("error", () => {});\n    self._stream.pipe(out);\n    var that = this;\n    if (path) that = other;\n    that._other.pipe(out);\n    return out;\n  }\n}\nmodule.exports = Results;\n`,
      errors: [
        { line: 14, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`self._stream`) has no 'error' listener" },
        { line: 17, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`that._other`) has no 'error' listener" },
      ],
    },
    {
      name: "a parameter of an outer function piped in a callback (an emitter's listener) is not the caller's to listen to",
      code: `import { connect } from "node:net";\nimport type { Duplex } from "node:stream";\nexport function attach(port: number, target: Duplex) {\n  const socket = connect(port);\n  socket.on("error", () => socket.destroy());\n  socket.on("connect", () => {\n    socket.pipe(target, { end: false });\n  });\n}\n`,
      errors: [{ line: 7, column: 5, messageId: "pipeWithoutErrorHandling", message: "the destination (`target`) has no 'error' listener" }],
    },
    {
      name: "a wrapper whose other result, read beside its .d.ts, is the project's parser that fails on its input",
      filename: "case.js",
      code: `import { spawn } from "node:child_process";\nimport createParser from "./parser.js";\nfunction wrap(out) {\n  if (!out) return out;\n  const stream = createParser();\n  stream.pipe(out);\n  return stream;\n}\nexport function run(cmd, options) {\n  const parsed = wrap(options.stdout);\n  const child = spawn(cmd, [], { stdio: "pipe" });\n  child.stdout.pipe(parsed);\n  return child;\n}\n`,
      files: {
        "parser.js": `import stream from "node:stream";\nclass LineParser extends stream.Transform {\n  _transform(chunk, _enc, callback) {\n    try {\n      callback(null, JSON.parse(String(chunk)));\n    } catch (e) {\n      callback(e);\n    }\n  }\n}\nexport default function createParser() {\n  return new LineParser();\n}\n`,
        "parser.d.ts": `import type { Transform } from "node:stream";\nexport default function createParser(): Transform;\n`,
      },
      errors: [{ line: 12, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`parsed`) has no 'error' listener" }],
    },
    {
      name: "a wrapper handed a file it may return as given, and a source that is an outer function's parameter",
      code: `import { spawn } from "node:child_process";\nimport { createWriteStream } from "node:fs";\nimport type { Readable, Writable } from "node:stream";\nimport { label } from "./label.js";\nexport function toFile(cmd: string, path: string) {\n  const out = label(cmd, createWriteStream(path), true);\n  const child = spawn(cmd, { stdio: "pipe" });\n  if (out) child.stdout.pipe(out);\n  return child;\n}\nexport function from(input: Readable, dest: Writable) {\n  dest.on("error", () => {});\n  setImmediate(() => {\n    input.pipe(dest);\n  });\n}\n`,
      files: {
        "label.ts": `import { Transform, type Writable } from "node:stream";\nclass Prefix extends Transform {\n  constructor(private prefix: string) {\n    super();\n  }\n  override _transform(chunk: Buffer, _enc: string, done: (e?: Error | null, data?: string) => void) {\n    done(null, this.prefix + String(chunk));\n  }\n}\nexport function label(name: string, out: Writable | null, on: boolean): Writable | null {\n  if (out == null || !on) return out;\n  const prefixer = new Prefix(\`[\${name}] \`);\n  prefixer.pipe(out);\n  return prefixer;\n}\n`,
      },
      errors: [
        { line: 8, column: 12, messageId: "pipeWithoutErrorHandling", message: "the destination (`out`) has no 'error' listener" },
        { line: 14, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`input`) has no 'error' listener" },
      ],
    },
    {
      name: "a push-fed iterator's boundary: a queue filled from a Readable's 'data' (which can be paused)",
      code: `import type { Writable } from "node:stream";\nimport type { Feed } from "./feed.js";\nexport async function record(feed: Feed, out: Writable) {\n  for await (const frame of feed) {\n    out.write(frame);\n    console.log(frame.length);\n  }\n}\n`,
      output: `import type { Writable } from "node:stream";\nimport type { Feed } from "./feed.js";\nimport { once } from "node:events";\nexport async function record(feed: Feed, out: Writable) {\n  for await (const frame of feed) {\n    if (!out.write(frame)) await once(out, "drain");\n    console.log(frame.length);\n  }\n}\n`,
      files: {
        "feed.ts": `import type { Readable } from "node:stream";\nexport class Feed {\n  #queue: Buffer[] = [];\n  #wake: (() => void) | undefined;\n  constructor(source: Readable) {\n    source.on("data", (data: Buffer) => {\n      this.#queue.push(data);\n      this.#wake?.();\n    });\n  }\n  [Symbol.asyncIterator](): AsyncIterator<Buffer> {\n    return this.#drain();\n  }\n  async *#drain() {\n    for (;;) {\n      const next = this.#queue.shift();\n      if (next) yield next;\n      else await new Promise<void>(r => (this.#wake = r));\n    }\n  }\n}\n`,
      },
      errors: [{ line: 5, column: 5, messageId: "writeInLoop" }],
    },
    {
      name: "a push-fed generator's boundary: a local queue filled from a Readable's 'data'",
      code: `import type { Writable } from "node:stream";\nimport type { Readable } from "node:stream";\nasync function* chunks(source: Readable) {\n  const queue: Buffer[] = [];\n  source.on("data", (d: Buffer) => queue.push(d));\n  for (;;) yield queue.shift() ?? (await new Promise<Buffer>(r => source.once("data", r)));\n}\nexport async function copy(source: Readable, out: Writable) {\n  for await (const chunk of chunks(source)) {\n    out.write(chunk);\n    console.log(chunk.length);\n  }\n}\n`,
      output: `import type { Writable } from "node:stream";\nimport type { Readable } from "node:stream";\nimport { once } from "node:events";\nasync function* chunks(source: Readable) {\n  const queue: Buffer[] = [];\n  source.on("data", (d: Buffer) => queue.push(d));\n  for (;;) yield queue.shift() ?? (await new Promise<Buffer>(r => source.once("data", r)));\n}\nexport async function copy(source: Readable, out: Writable) {\n  for await (const chunk of chunks(source)) {\n    if (!out.write(chunk)) await once(out, "drain");\n    console.log(chunk.length);\n  }\n}\n`,
      errors: [{ line: 10, column: 5, messageId: "writeInLoop" }],
    },
    {
      name: "a push-fed iterator's boundary: the class pauses its socket, and an iterator that pulls from a cursor",
      code: `import { createWriteStream } from "node:fs";\ninterface Socket { on(event: "message", listener: (data: Buffer) => void): void; pause(): void; resume(): void }\ninterface Cursor { next(): Promise<Buffer | null> }\nexport class Paced {\n  private queue: Buffer[] = [];\n  constructor(private socket: Socket) {\n    socket.on("message", data => {\n      this.queue.push(data);\n      if (this.queue.length > 64) this.socket.pause();\n    });\n  }\n  async *[Symbol.asyncIterator]() {\n    for (;;) {\n      const b = this.queue.shift();\n      if (b) yield b;\n      else await new Promise(r => setTimeout(r, 10));\n      if (this.queue.length < 16) this.socket.resume();\n    }\n  }\n  async saveTo(path: string) {\n    const out = createWriteStream(path);\n    for await (const chunk of this) {\n      out.write(chunk);\n      console.log(chunk.length);\n    }\n  }\n}\nexport class Rows {\n  private notices: string[] = [];\n  constructor(private cursor: Cursor, socket: Socket) {\n    socket.on("message", data => this.notices.push(String(data)));\n  }\n  async *[Symbol.asyncIterator]() {\n    for (let row = await this.cursor.next(); row; row = await this.cursor.next()) yield row;\n  }\n  async saveTo(path: string) {\n    const out = createWriteStream(path);\n    for await (const row of this) {\n      out.write(row);\n      console.log(this.notices.length);\n    }\n  }\n}\n`,
      output: `import { createWriteStream } from "node:fs";\nimport { once } from "node:events";\ninterface Socket { on(event: "message", listener: (data: Buffer) => void): void; pause(): void; resume(): void }\ninterface Cursor { next(): Promise<Buffer | null> }\nexport class Paced {\n  private queue: Buffer[] = [];\n  constructor(private socket: Socket) {\n    socket.on("message", data => {\n      this.queue.push(data);\n      if (this.queue.length > 64) this.socket.pause();\n    });\n  }\n  async *[Symbol.asyncIterator]() {\n    for (;;) {\n      const b = this.queue.shift();\n      if (b) yield b;\n      else await new Promise(r => setTimeout(r, 10));\n      if (this.queue.length < 16) this.socket.resume();\n    }\n  }\n  async saveTo(path: string) {\n    const out = createWriteStream(path);\n    for await (const chunk of this) {\n      if (!out.write(chunk)) await once(out, "drain");\n      console.log(chunk.length);\n    }\n  }\n}\nexport class Rows {\n  private notices: string[] = [];\n  constructor(private cursor: Cursor, socket: Socket) {\n    socket.on("message", data => this.notices.push(String(data)));\n  }\n  async *[Symbol.asyncIterator]() {\n    for (let row = await this.cursor.next(); row; row = await this.cursor.next()) yield row;\n  }\n  async saveTo(path: string) {\n    const out = createWriteStream(path);\n    for await (const row of this) {\n      if (!out.write(row)) await once(out, "drain");\n      console.log(this.notices.length);\n    }\n  }\n}\n`,
      errors: [
        { line: 23, column: 7, messageId: "writeInLoop" },
        { line: 39, column: 7, messageId: "writeInLoop" },
      ],
    },
    {
      name: "a private function's parameter whose caller does not listen, a function handed on as a listener, and an exported function",
      code: `import { connect, type Socket } from "node:net";\nimport { EventEmitter } from "node:events";\nimport type { Readable } from "node:stream";\nfunction forward(port: number, source: Readable): Socket {\n  const socket = connect(port);\n  socket.on("error", () => {});\n  source.pipe(socket);\n  return socket;\n}\nexport function forwardFile(port: number, file: Readable) {\n  file.on("error", () => {});\n  forward(port, file);\n}\nexport function forwardRaw(port: number, raw: Readable) {\n  forward(port + 1, connect(port + 2));\n  raw.on("error", () => {});\n}\nfunction tee(source: Readable): Socket {\n  const socket = connect(9);\n  socket.on("error", () => {});\n  source.pipe(socket);\n  return socket;\n}\nexport const events = new EventEmitter();\nevents.on("source", tee);\nexport function teeFile(file: Readable) {\n  file.on("error", () => {});\n  tee(file);\n}\nexport function exported(port: number, source: Readable) {\n  const socket = connect(port);\n  socket.on("error", () => {});\n  source.pipe(socket);\n}\n`,
      errors: [
        { line: 7, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`source`) has no 'error' listener" },
        { line: 21, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`source`) has no 'error' listener" },
        { line: 33, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`source`) has no 'error' listener" },
      ],
    },
    {
      name: "a destructured property whose stream nobody listens to, and a function that returns an object it built elsewhere",
      code: `import { createReadStream } from "node:fs";\nimport { connect, type Socket } from "node:net";\nfunction open(port: number) {\n  const writable = connect(port);\n  return { writable };\n}\nfunction either(port: number): { writable: Socket } {\n  const made = { writable: connect(port) };\n  made.writable.on("error", () => {});\n  return made;\n}\nexport function feed(path: string) {\n  const { writable } = open(80);\n  const file = createReadStream(path);\n  file.on("error", () => {});\n  file.pipe(writable);\n  const { writable: out } = either(81);\n  file.pipe(out);\n}\n`,
      errors: [
        { line: 16, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`writable`) has no 'error' listener" },
        { line: 18, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`out`) has no 'error' listener" },
      ],
    },
    {
      name: "a protected method (a subclass elsewhere may call it) and a method private only by its _name keep their parameter the caller's",
      code: `import { connect } from "node:net";\nimport type { Readable } from "node:stream";\nexport class Base {\n  protected send(port: number, source: Readable) {\n    const socket = connect(port);\n    socket.on("error", () => {});\n    source.pipe(socket);\n  }\n  _relay(port: number, source: Readable) {\n    const socket = connect(port);\n    socket.on("error", () => {});\n    source.pipe(socket);\n  }\n  run(port: number, file: Readable) {\n    file.on("error", () => {});\n    this.send(port, file);\n    this._relay(port, file);\n  }\n}\n`,
      errors: [
        { line: 7, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`source`) has no 'error' listener" },
        { line: 12, column: 5, messageId: "pipeWithoutErrorHandling", message: "the source (`source`) has no 'error' listener" },
      ],
    },
    {
      name: "the same package's CSV parser, which fails on malformed input, stays an end that can fail",
      code: `import { createReadStream } from \"node:fs\";\nimport { parse } from \"@fast-csv/format\";\nimport type { Writable } from \"node:stream\";\nexport function load(path: string, rows: Writable) {\n  const file = createReadStream(path);\n  file.on(\"error\", e => rows.destroy(e));\n  rows.on(\"error\", () => {});\n  const parser = parse({ headers: true });\n  file.pipe(parser);\n  parser.pipe(rows);\n}\n`,
      files: {
        "node_modules/@fast-csv/format/package.json": `{"name":"@fast-csv/format","types":"index.d.ts"}`,
        "node_modules/@fast-csv/format/index.d.ts": `import type { Transform } from "node:stream";\nexport declare function format(options?: object): Transform;\nexport declare function parse(options?: object): Transform;\n`,
        "node_modules/csv-stringify/package.json": `{"name":"csv-stringify","types":"index.d.ts"}`,
        "node_modules/csv-stringify/index.d.ts": `import type { Transform } from "node:stream";\nexport declare function stringify(options?: object): Transform;\n`,
      },
      errors: [
        { line: 9, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`parser`) has no 'error' listener" },
        { line: 10, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`parser`) has no 'error' listener" },
      ],
    },
    {
      name: "a listener that only writes, keeps a bounded tail, appends on one branch, counts bytes, drops old chunks, keeps its own copy, or may return before it appends",
      code: `import { spawn } from \"node:child_process\";\nimport { createWriteStream } from \"node:fs\";\nexport function run(cmd: string, logFile: string, keep: boolean) {\n  const log = createWriteStream(logFile);\n  log.on(\"error\", () => {});\n  const child = spawn(cmd);\n  let tail = \"\";\n  let kept = \"\";\n  let bytes = 0;\n  const recent: Buffer[] = [];\n  child.stdout.on(\"data\", (chunk: Buffer) => {\n    log.write(chunk);\n  });\n  child.stdout.on(\"data\", (chunk: Buffer) => {\n    tail += chunk.toString();\n    if (tail.length > 1000) tail = tail.slice(-1000);\n    log.write(chunk);\n  });\n  child.stdout.on(\"data\", (chunk: Buffer) => {\n    if (keep) kept += chunk.toString();\n    log.write(chunk);\n  });\n  child.stdout.on(\"data\", (chunk: Buffer) => {\n    bytes += chunk.length;\n    log.write(chunk);\n  });\n  child.stderr.on(\"data\", (chunk: Buffer) => {\n    recent.push(chunk);\n    if (recent.length > 10) recent.shift();\n    log.write(chunk);\n  });\n  child.stderr.on(\"data\", (chunk: Buffer) => {\n    let mine = \"\";\n    mine += chunk.toString();\n    log.write(mine);\n  });\n  child.stderr.on(\"data\", (chunk: Buffer) => {\n    log.write(chunk);\n    if (bytes > 1e6) return;\n    kept += chunk.toString();\n  });\n  child.on(\"close\", () => console.log(tail, kept, bytes, recent.length));\n}\n`,
      errors: [
        { line: 12, column: 5, messageId: "writeInDataListener" },
        { line: 17, column: 5, messageId: "writeInDataListener" },
        { line: 21, column: 5, messageId: "writeInDataListener" },
        { line: 25, column: 5, messageId: "writeInDataListener" },
        { line: 30, column: 5, messageId: "writeInDataListener" },
        { line: 35, column: 5, messageId: "writeInDataListener" },
        { line: 38, column: 5, messageId: "writeInDataListener" },
      ],
    },
    {
      name: "a parameter piped in a listener inside a promise's executor runs after the call returned: not the caller's",
      code: `import { connect } from "node:net";\nimport type { Writable } from "node:stream";\nexport function relay(port: number, output: Writable) {\n  return new Promise<void>((resolve, reject) => {\n    const socket = connect(port);\n    socket.on("error", reject);\n    socket.on("connect", () => {\n      socket.pipe(output);\n      resolve();\n    });\n  });\n}\n`,
      errors: [{ line: 8, column: 7, messageId: "pipeWithoutErrorHandling", message: "the destination (`output`) has no 'error' listener" }],
    },
    {
      name: "session 37: the stdin of a subprocess of execa 5 (its subprocess is Node's ChildProcess, nothing attached to it) stays reported",
      files: execa5,
      code: `import { execa } from "execa";\nexport async function interactive(cmd: string) {\n  const child = execa(cmd);\n  process.stdin.pipe(child.stdin!);\n  await child;\n}\n`,
      errors: [{ line: 4, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`child.stdin!`) has no 'error' listener" }],
    },
    {
      name: "session 36: rxjs's fromEvent (no 'error' listener), an event-to-promise call given options (which may turn its 'error' listener off), one waiting for 'open' (its listener goes then) and one nobody waits for are not watchers",
      files: eventPromisePackages,
      code: `import fs from "node:fs";\nimport { fromEvent as fromRx } from "rxjs";\nimport fromEvent from "promise-toolbox/fromEvent";\nimport { pEvent } from "p-event";\nexport async function copies(a: string, b: string) {\n  const r1 = fs.createReadStream(a);\n  r1.pipe(process.stdout);\n  await Promise.all([fromRx(r1, "close")]);\n  const r2 = fs.createReadStream(a);\n  r2.pipe(process.stdout);\n  await fromEvent(r2, "close", { ignoreErrors: true });\n  const w1 = fs.createWriteStream(b);\n  process.stdin.pipe(w1);\n  await pEvent(w1, "finish", { rejectionEvents: [] });\n  const w2 = fs.createWriteStream(b);\n  process.stdin.pipe(w2);\n  await fromEvent(w2, "open");\n  const w3 = fs.createWriteStream(b);\n  process.stdin.pipe(w3);\n  void pEvent(w3, "close");\n}\n`,
      errors: [
        { line: 7, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`r1`) has no 'error' listener" },
        { line: 10, column: 3, messageId: "pipeWithoutErrorHandling", message: "the source (`r2`) has no 'error' listener" },
        { line: 13, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`w1`) has no 'error' listener" },
        { line: 16, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`w2`) has no 'error' listener" },
        { line: 19, column: 3, messageId: "pipeWithoutErrorHandling", message: "the destination (`w3`) has no 'error' listener" },
      ],
    },
  ],
};

ruleTester<MessageId>("stream-backpressure", { valid: cases.valid.map(asPackage), invalid: cases.invalid.map(asPackage) });

test("stream-backpressure is off by default", () => {
  assert.equal(streamBackpressure.meta.enabledByDefault, false);
});

// A JavaScript class property the checker infers from its assignments, one of which reads it
// back (`tls.connect({ socket: this.conn })` assigned to `this.conn`), is typed by whichever
// question reaches it first. One rule's finding came and went with another rule being on (a
// pipe from such a property on a real code base). FileQueries asks every JavaScript file's
// properties before anything else about the file (js-property-order.ts), so the answers no
// longer depend on what else was asked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { FileQueries, SnapshotCache, SyntaxKind, TsService, type Node, type SourceFile } from "../../server/src/analysis/typescript";
import { propertyUsesToAskFirst } from "../../server/src/analysis/typescript/js-property-order";
import { scratchFolder } from "../helpers/scratch";

const { write } = scratchFolder("js-property-order");

const connection = `const net = require("net");
const tls = require("tls");

class Connection {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.conn = null;
    this.inflater = null;
  }

  connect() {
    process.nextTick(() => {
      this.conn = net.connect({ port: this.port, host: this.host }, () => {
        this.timer = setTimeout(() => {}, 5000);
      });
      this.conn.setNoDelay(true);
      this.listen(this.conn);
    });
  }

  listen(conn) {
    conn.on("error", () => {});
  }

  startTLS(callback) {
    const options = { socket: this.conn, rejectUnauthorized: true };
    let tlsConn = tls.connect(options, () => {
      this.conn = tlsConn;
      callback();
    });
    this.listen(tlsConn);
  }

  /** @param {import("stream").Transform} inflater */
  startCompression(inflater) {
    this.inflater = inflater;
    this.conn.pipe(this.inflater);
  }
}

module.exports = Connection;
`;

const tsconfig = JSON.stringify({
  include: ["lib/**/*.js"],
  compilerOptions: {
    noEmit: true,
    allowJs: true,
    checkJs: false,
    strict: false,
    module: "preserve",
    moduleResolution: "bundler",
    target: "es2022",
    types: ["node"],
  },
});

function nodesOf(sourceFile: SourceFile): Node[] {
  const all: Node[] = [];
  const stack: Node[] = [sourceFile];
  while (stack.length) {
    const n = stack.pop()!;
    all.push(n);
    n.forEachChild(child => {
      stack.push(child);
      return undefined;
    });
  }
  return all.sort((a, b) => a.pos - b.pos);
}

/** A fresh compiler on the project; `first` asks its question before the pipe's symbol is asked; the symbol's declaration file. */
function pipeSymbolAfter(dir: string, first: "nothing" | "the tls call's type", through: "checker" | "FileQueries"): string {
  const file = `${dir}/lib/connection.js`;
  const service = new TsService({ cwd: dir, log: () => {} });
  try {
    const project = service.projectFor(file)!;
    const sourceFile = project.program.getSourceFile(file)!;
    const all = nodesOf(sourceFile);
    const pipe = all.find(n => n.kind === SyntaxKind.Identifier && n.getText() === "pipe")!;
    const tlsCall = all.find(n => n.kind === SyntaxKind.CallExpression && n.getText().startsWith("tls.connect"))!;
    if (through === "checker") {
      if (first !== "nothing") project.checker.getTypeAtLocation(tlsCall);
      const symbol = project.checker.getSymbolAtLocation(pipe);
      return symbol?.declarations[0]?.path.split("/").pop() ?? "no symbol";
    }
    const cache = new SnapshotCache(project);
    // Another analysis of the file (a call graph's collector) asks about the call first.
    if (first !== "nothing") {
      const earlier = new FileQueries(sourceFile, cache);
      earlier.needType(tlsCall);
      earlier.resolve();
    }
    const queries = new FileQueries(sourceFile, cache);
    queries.needSymbol(pipe);
    queries.resolve();
    const symbol = queries.symbolOf(pipe);
    return symbol ? (queries.declarationOf(symbol)?.fileName.split("/").pop() ?? "no file") : "no symbol";
  } finally {
    service.close();
  }
}

test("the compiler's answer about such a property depends on the order of the questions (why the properties are asked first)", () => {
  const dir = dirname(dirname(write("checker/lib/connection.js", connection)));
  write("checker/tsconfig.json", tsconfig);
  const alone = pipeSymbolAfter(dir, "nothing", "checker");
  const after = pipeSymbolAfter(dir, "the tls call's type", "checker");
  // When this fails the compiler no longer depends on the order: js-property-order.ts can go.
  assert.notEqual(alone, after, `the same answer (${alone}) whatever was asked first`);
});

test("through FileQueries the answer is the same whatever another analysis of the file asked first", () => {
  const dir = dirname(dirname(write("queries/lib/connection.js", connection)));
  write("queries/tsconfig.json", tsconfig);
  assert.equal(pipeSymbolAfter(dir, "the tls call's type", "FileQueries"), pipeSymbolAfter(dir, "nothing", "FileQueries"));
});

test("one use of each property of each class of a JavaScript file, from a function that does not assign it, in source order", () => {
  const dir = dirname(dirname(write("names/lib/connection.js", connection)));
  write("names/tsconfig.json", tsconfig.replace("lib/**/*.js", "lib/**/*"));
  write(
    "names/lib/two.js",
    [
      "class A {",
      "  constructor() { this.a = 1; this.b = 2; this.a.first(); }", // assigned here: not this use
      "  m() { this.a.second(); this.a.third(); this.b.fourth; }",
      "  n() { const B = class { k() { this.a.fifth(); } }; this.c.sixth = this.d; }",
      "  o() { this.e.seventh(); const f = () => { this.e = 1; }; }", // assigned in a nested function only
      "}",
      "function notAClass() { this.x = 1; this.x.eighth(); }",
      "",
    ].join("\n"),
  );
  write("names/lib/typed.ts", "export class T { x = { y: 0 }; m() { this.x = { y: 1 }; return this.x.y; } }\n");
  const service = new TsService({ cwd: dir, log: () => {} });
  try {
    const program = service.projectFor(`${dir}/lib/two.js`)!.program;
    const names = (file: string) => propertyUsesToAskFirst(program.getSourceFile(`${dir}/lib/${file}`)!).map(n => n.getText());
    assert.deepEqual(names("two.js"), ["second", "fourth", "fifth", "sixth", "seventh"]);
    assert.deepEqual(names("connection.js"), ["pipe"], "this.conn: connect() assigns it, startCompression() only uses it");
    assert.deepEqual(names("typed.ts"), [], "TypeScript declares its properties");
  } finally {
    service.close();
  }
});

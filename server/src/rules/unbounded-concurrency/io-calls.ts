// "Does this call do I/O, and of which kind?": the project's own functions are followed through
// call-graph facts (a function does I/O when something it calls does), Node's modules by API
// tables, packages by the module their declarations come from. Two phases like a rule: `prepare`
// asks for symbols, `classify` answers after the batch.
//
// Unknown asynchronous calls (a package in no table, a declaration without a body: an interface
// method, `declare function`) whose declared result is a promise count as "async": they may do
// I/O, and rules treat them as doing it (most asynchronous APIs are asynchronous because they
// wait on I/O), but name no resource. Calls the checker cannot resolve at all (untyped
// JavaScript) count as "async" where they are awaited work of an async function.
import { SyntaxKind, nodeIndex, type CallExpression, type NewExpression, type Node, type SourceFile } from "../../analysis/typescript";
import { forEachFunction, isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { functionKey, type CallGraph, type Chain, type FileFacts, type FunctionFacts, type FunctionKey, type Site } from "../../analysis/call-graph";
import { declaringNode, functionName } from "../../analysis/blocking-calls";
import { packageOfPath } from "../../analysis/blocking-apis";
import { rangeOf } from "../../analysis/positions";
import { ApiResolver } from "../../analysis/api-calls";
import { calleeParts, declaringKinds, skipOuterExpressions, textOf, type CalleeParts } from "../../analysis/syntax";
import type { FileAnalysis } from "../rule";
import { lockWait } from "./limited-resource";

/** The capacity-limited resource a call uses; `async`: an asynchronous call that may do I/O. */
export type IoKind = "http" | "network" | "database" | "file" | "process" | "worker" | "async";

export interface IoEffect {
  kind: IoKind;
  label: string;
  chain?: Chain;
  /** The call is of a function the caller passed in: what it does is up to the caller. */
  viaParameter?: boolean;
}

/** What one use of each resource is, for messages: "opens one HTTP request". */
export const ioResource: Record<IoKind, string> = {
  http: "opens one HTTP request",
  network: "opens one network connection",
  database: "runs one database query",
  file: "does one file-system operation",
  process: "starts one child process",
  worker: "starts one worker thread",
  async: "starts one asynchronous call that may do I/O",
};

const fsModules = new Set(["fs", "fs/promises"]);
const dnsCalls = /^(lookup|lookupService|resolve\w*|reverse)$/;

/** Node's own I/O by module (without `node:`) and export; undefined: the export does no I/O. */
export function nodeIoKind(module: string, name: string): IoKind | undefined {
  // Synchronous I/O runs one call at a time: it blocks (blocking-call-in-async), it holds nothing open concurrently.
  if (name.endsWith("Sync")) return undefined;
  if (fsModules.has(module)) return name === "constants" ? undefined : "file";
  switch (module) {
    case "http":
    case "https":
      return name === "request" || name === "get" ? "http" : undefined;
    case "http2":
      return name === "connect" ? "http" : undefined;
    case "net":
    case "tls":
      return name === "connect" || name === "createConnection" ? "network" : undefined;
    case "dgram":
      return name === "createSocket" ? "network" : undefined;
    case "dns":
    case "dns/promises":
      return dnsCalls.test(name) ? "network" : undefined;
    case "child_process":
      return /^(spawn|exec|execFile|fork)$/.test(name) ? "process" : undefined;
    case "cluster":
      return name === "fork" ? "process" : undefined;
    case "worker_threads":
      return name === "Worker" ? "worker" : undefined;
  }
  return undefined;
}

/** Node's built-in modules: their exports not in `nodeIoKind` do no I/O of a limited resource. */
const nodeBuiltins = new Set([
  "assert",
  "assert/strict",
  "async_hooks",
  "buffer",
  "child_process",
  "cluster",
  "console",
  "crypto",
  "dgram",
  "diagnostics_channel",
  "dns",
  "dns/promises",
  "events",
  "fs",
  "fs/promises",
  "http",
  "http2",
  "https",
  "inspector",
  "module",
  "net",
  "os",
  "path",
  "path/posix",
  "path/win32",
  "perf_hooks",
  "process",
  "punycode",
  "querystring",
  "readline",
  "readline/promises",
  "repl",
  "stream",
  "stream/promises",
  "stream/web",
  "string_decoder",
  "timers",
  "timers/promises",
  "tls",
  "tty",
  "url",
  "util",
  "util/types",
  "v8",
  "vm",
  "worker_threads",
  "zlib",
  "test",
  "sqlite",
]);

/**
 * Packages whose asynchronous calls reach a capacity-limited resource, by kind. Matched by the
 * package a call's declaration comes from (or the module the file imports it from).
 */
const packageKinds: [RegExp, IoKind][] = [
  [
    /^(axios|got|node-fetch|undici|cross-fetch|isomorphic-fetch|ky|superagent|request|request-promise(-native)?|needle|phin|make-fetch-happen|minipass-fetch|npm-registry-fetch|pacote|graphql-request|@apollo\/client|ofetch|wretch)$/,
    "http",
  ],
  [
    /^(pg|pg-promise|postgres|mysql|mysql2|mariadb|mongodb|mongoose|redis|ioredis|@redis\/.*|knex|sequelize|typeorm|@prisma\/client|\.prisma\/client|drizzle-orm|@mikro-orm\/.*|objection|kysely|sqlite3?|better-sqlite3|cassandra-driver|@elastic\/elasticsearch|@opensearch-project\/opensearch|neo4j-driver|mssql|tedious|oracledb|@supabase\/supabase-js|@planetscale\/database|@neondatabase\/serverless|@libsql\/client|@vercel\/postgres|@upstash\/redis|couchbase|nano|@clickhouse\/client|@google-cloud\/(firestore|bigquery|spanner|datastore)|firebase-admin|dynamoose)$/,
    "database",
  ],
  [
    /^(fs-extra|graceful-fs|fast-glob|glob|globby|tinyglobby|tar|archiver|unzipper|yauzl|yazl|sharp|jimp|rimraf|mkdirp|make-dir|del|cpy|write-file-atomic|proper-lockfile|@npmcli\/fs|fs-jetpack|find-up|read-pkg|load-json-file|write-json-file)$/,
    "file",
  ],
  [/^(execa|cross-spawn|tinyexec|zx|puppeteer(-core)?|playwright(-core)?|@playwright\/test|simple-git|nano-spawn)$/, "process"],
  [/^(piscina|tinypool|threads|workerpool)$/, "worker"],
  [
    /^(ws|socket\.io-client|nodemailer|amqplib|amqp-connection-manager|kafkajs|nats|mqtt|@grpc\/grpc-js|ssh2|ssh2-sftp-client|basic-ftp|ftp|ldapjs|@aws-sdk\/.*|aws-sdk|@azure\/.*|@google-cloud\/.*|googleapis|@octokit\/.*|octokit|openai|@anthropic-ai\/sdk|stripe|twilio|@slack\/.*|@sendgrid\/.*|mailgun\.js|@sentry\/node|dockerode|@kubernetes\/client-node|minio|@smithy\/.*)$/,
    "network",
  ],
];

export function packageIoKind(pkg: string): IoKind | undefined {
  for (const [pattern, kind] of packageKinds) if (pattern.test(pkg)) return kind;
  return undefined;
}

/** What one call is, for I/O. */
export type IoClass =
  | { kind: "effect"; effect: IoEffect }
  | { kind: "target"; key: FunctionKey; label: string }
  /** A function given as a parameter: inside a summary its effects belong to the caller's argument. */
  | { kind: "parameter"; label: string }
  | { kind: "none" };

const none: IoClass = { kind: "none" };

/** Receivers that are JavaScript's own objects: nothing to ask the checker. */
const builtinReceivers = /^(Promise|console|Object|Reflect|JSON|Math|Array|Number|String|Symbol|Date|Buffer|Error|Map|Set|BigInt|Intl|path|process)$/;
const promiseMethods = /^(then|catch|finally|resolve|reject)$/;

type CallNode = CallExpression | NewExpression;

/** Classifies calls of one file by the I/O they do; the same questions for a rule and for the call-graph collector. */
export class IoClassifier {
  private readonly resolver: ApiResolver;

  /**
   * @param checkBodies look at the declarations of project functions, so that one without a body
   * (`declare function`, an overload) counts by its declared result; loads their files' trees, so
   * only for the few calls a rule asks about.
   */
  constructor(
    private readonly fa: FileAnalysis,
    private readonly checkBodies = false,
  ) {
    this.resolver = new ApiResolver(fa);
  }

  /** Phase 1: the symbols `classify` needs (nothing for calls settled by syntax). */
  prepare(call: CallNode | Node): void {
    const parts = this.partsOf(call);
    if (!parts || this.settledBySyntax(parts)) return;
    this.fa.queries.needSymbol(parts.nameNode);
    if (parts.receiver) this.fa.queries.needSymbol(parts.receiver);
  }

  /**
   * Phase 2. `call` is a call or `new`, or a function reference given as a callback
   * (`ids.map(load)`), classified as the call it stands for.
   */
  classify(call: CallNode | Node): IoClass | "unresolved" {
    const parts = this.partsOf(call);
    if (!parts) return (call.kind === SyntaxKind.CallExpression && this.inlinePromisify(call as CallExpression)) || "unresolved";
    if (this.settledBySyntax(parts)) return none;
    const { queries, bindings } = this.fa;
    const name = parts.nameNode.text;
    const label = `${labelOf(call, parts)}`;
    // 1. Through the file's imports (works without types).
    const binding = bindings.forLocalName(parts.receiver?.text ?? name);
    const bindingTrusted =
      binding &&
      (!queries.localSymbolOf(parts.receiver ?? parts.nameNode) ||
        queries.declarationHandle(queries.localSymbolOf(parts.receiver ?? parts.nameNode)!)?.fileName === this.fa.sourceFile.path);
    if (binding && bindingTrusted && !binding.module.startsWith(".") && !binding.module.startsWith("/")) {
      const module = binding.module.replace(/^node:/, "");
      const exported = parts.receiver ? name : binding.imported === "*" ? "default" : binding.imported;
      if (parts.receiver && binding.imported !== "*") {
        // `client.query()` with `client` imported as a named export: the package decides.
        const kind = packageIoKind(module);
        if (kind) return effect(kind, label);
      } else {
        const kind = nodeBuiltins.has(module) ? nodeIoKind(module, exported) : packageIoKind(module);
        if (kind) return effect(kind, label);
        if (nodeBuiltins.has(module)) return none;
      }
    }
    const symbol = queries.symbolOf(parts.nameNode);
    if (!symbol) {
      if (!parts.receiverExpression && name === "fetch") return effect("http", label);
      return "unresolved";
    }
    // 2. Node's typings declare functions inside `declare module "fs"`.
    const parent = queries.parentName(symbol);
    if (parent && nodeBuiltins.has(parent)) {
      const kind = nodeIoKind(parent, symbol.name);
      return kind ? effect(kind, label) : none;
    }
    const handle = queries.declarationHandle(symbol);
    if (!handle) return "unresolved";
    // A function the caller passed in (`hook(target)`, `computer()`): what it does, and how many
    // times it is worth calling at once, is the caller's business; the caller's own fan-out is
    // where a finding belongs.
    if (handle.kind === SyntaxKind.Parameter && !parts.receiverExpression) return { kind: "parameter", label };
    const declarationFile = /\.d\.[cm]?ts$/.test(handle.fileName);
    const external = queries.isExternalPath(handle.fileName);
    // 3. The project's own functions: followed through the call graph.
    if (!external && !declarationFile && declaringKinds.has(handle.kind)) {
      if (handle.kind === SyntaxKind.VariableDeclaration && !parts.receiverExpression) {
        // `const run = promisify(exec)`
        const target = this.resolver.resolve(parts);
        if (target?.promisified) {
          const kind = nodeIoKind(target.module, target.name) ?? packageIoKind(target.module);
          if (kind) return effect(kind, label);
        }
      }
      if (this.checkBodies && (handle.kind === SyntaxKind.FunctionDeclaration || handle.kind === SyntaxKind.MethodDeclaration)) {
        const decl = queries.declarationNode(symbol);
        if (decl && !(decl as unknown as { body?: Node }).body) return declaredAsync(decl) ? effect("async", label) : none;
      }
      return { kind: "target", key: functionKey(handle.fileName, handle.index), label };
    }
    if (external) {
      const pkg = packageOfPath(handle.fileName);
      if (!pkg || pkg === "typescript" || /(^|\/)lib\.[\w.]*\.d\.ts$/.test(handle.fileName)) {
        // The default library: the global fetch is the only I/O in it.
        return name === "fetch" && !parts.receiverExpression ? effect("http", label) : none;
      }
      if (pkg === "node" || pkg === "undici-types")
        return name === "fetch" && !parts.receiverExpression ? effect("http", label) : pkg === "undici-types" ? effect("http", label) : none;
      const kind = packageIoKind(pkg);
      if (kind) return effect(kind, label);
    }
    // 4. A declaration without a body (a package not in the tables, an interface method, `declare function`).
    return declaredAsync(queries.declarationNode(symbol)) ? effect("async", label) : none;
  }

  private partsOf(node: Node): CalleeParts | undefined {
    return partsOf(node);
  }

  /** Calls decided by their syntax alone: promise plumbing, JavaScript's own objects. */
  private settledBySyntax(parts: CalleeParts): boolean {
    const receiver = parts.receiver?.text;
    if (receiver && builtinReceivers.test(receiver) && !this.fa.bindings.forLocalName(receiver)) return true;
    return !!parts.receiverExpression && promiseMethods.test(parts.nameNode.text);
  }

  private inlinePromisify(call: CallExpression): IoClass | undefined {
    const target = this.resolver.resolveInlinePromisify(call.expression);
    const kind = target ? (nodeIoKind(target.module, target.name) ?? packageIoKind(target.module)) : undefined;
    return kind ? effect(kind, `${labelOf(call, undefined)}`) : undefined;
  }
}

/** Callee parts of a call, `new`, or function reference; `this.#load()` included. */
function partsOf(node: Node): CalleeParts | undefined {
  const n = skipOuterExpressions(node);
  const callee = n.kind === SyntaxKind.CallExpression || n.kind === SyntaxKind.NewExpression ? (n as CallExpression).expression : n;
  const c = skipOuterExpressions(callee);
  if (c.kind === SyntaxKind.PropertyAccessExpression && (c as unknown as { name: Node }).name.kind === SyntaxKind.PrivateIdentifier) {
    const access = c as unknown as { expression: Node; name: CalleeParts["nameNode"] };
    const receiver = skipOuterExpressions(access.expression);
    return {
      nameNode: access.name,
      receiverExpression: receiver,
      ...(receiver.kind === SyntaxKind.Identifier ? { receiver: receiver as CalleeParts["nameNode"] } : {}),
    };
  }
  if (c.kind === SyntaxKind.Identifier || c.kind === SyntaxKind.PropertyAccessExpression) return calleeParts(c);
  return undefined;
}

function effect(kind: IoKind, label: string): IoClass {
  return { kind: "effect", effect: { kind, label } };
}

function labelOf(node: Node, parts: CalleeParts | undefined): string {
  const n = skipOuterExpressions(node);
  const callee = n.kind === SyntaxKind.CallExpression || n.kind === SyntaxKind.NewExpression ? (n as CallExpression).expression : n;
  const text = callee.getText().replace(/\s+/g, "");
  const short = text.length <= 40 ? text : (parts?.nameNode.text ?? "this call");
  return n.kind === SyntaxKind.NewExpression ? `new ${short}()` : `${short}()`;
}

/** Whether a declaration says it returns a promise (or holds a function that does). */
function declaredAsync(decl: Node | undefined): boolean {
  if (!decl) return false;
  if (isFunctionLike(decl) && isAsyncFunction(decl)) return true;
  const type = (decl as unknown as { type?: Node }).type;
  return !!type && /\b(Promise|PromiseLike|Thenable)\s*</.test(type.getText());
}

/** The nearest function around `node` that can be a call's target (anonymous callbacks belong to it). */
function namedOwner(node: Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    const decl = declaringNode(n as FunctionLike);
    if (decl !== n || (n.kind !== SyntaxKind.ArrowFunction && n.kind !== SyntaxKind.FunctionExpression)) return n as FunctionLike;
  }
  return undefined;
}

/**
 * Call-graph facts for I/O: a function's effects are the I/O calls it (or a callback inside it)
 * makes; its calls are the project functions it calls. For `context.callGraph(...)`.
 */
export class IoCallCollector {
  static readonly visitKinds: readonly SyntaxKind[] = [SyntaxKind.CallExpression, SyntaxKind.NewExpression];
  readonly visitKinds = IoCallCollector.visitKinds;
  private readonly classifier: IoClassifier;
  private readonly calls: { call: CallNode; owner: FunctionLike }[] = [];

  constructor(private readonly fa: FileAnalysis) {
    this.classifier = new IoClassifier(fa);
  }

  visit(node: Node): void {
    if (node.kind !== SyntaxKind.CallExpression && node.kind !== SyntaxKind.NewExpression) return;
    const owner = namedOwner(node);
    // A per-key memoized lookup does its I/O once per key and then answers from memory.
    if (!owner || memoizedPerKey(owner)) return;
    this.calls.push({ call: node as CallNode, owner });
    this.classifier.prepare(node);
  }

  finish(): { facts: FileFacts } {
    const { fileName, sourceFile } = this.fa;
    const functions = new Map<FunctionKey, FunctionFacts>();
    const dependsOn = new Set<string>();
    for (const { call, owner } of this.calls) {
      let c = this.classifier.classify(call);
      if (c !== "unresolved" && c.kind === "parameter") {
        // The caller's argument is the caller's work; noted so a caller can see which argument gets called.
        const index = parameterIndex(owner, call);
        if (index !== undefined) {
          const key = functionKey(fileName, nodeIndex(declaringNode(owner)));
          let facts = functions.get(key);
          if (!facts) {
            facts = { key, name: functionName(owner), isAsyncContext: isAsyncFunction(owner), effects: [], calls: [] };
            functions.set(key, facts);
          }
          facts.effects.push({ fileName, range: rangeOf(sourceFile, call), label: c.label, kind: "async", weak: true, parameter: index });
        }
        continue;
      }
      if (c === "unresolved" || (c.kind === "none" && callsBackFromExecutor(call))) {
        // Untyped code: an awaited call of an async function may be anything.
        if (c === "unresolved" && (!isAsyncFunction(owner) || !isAwaited(call))) continue;
        if (c === "unresolved" && computesByName(call)) continue;
        c = effect("async", labelOf(call, partsOf(call)));
      }
      if (c.kind === "none" || c.kind === "parameter") continue;
      const key = functionKey(fileName, nodeIndex(declaringNode(owner)));
      let facts = functions.get(key);
      if (!facts) {
        facts = { key, name: functionName(owner), isAsyncContext: isAsyncFunction(owner), effects: [], calls: [] };
        functions.set(key, facts);
      }
      const range = rangeOf(sourceFile, call);
      if (c.kind === "effect")
        facts.effects.push({ fileName, range, label: c.effect.label, kind: c.effect.kind, ...(c.effect.kind === "async" ? { weak: true } : {}) });
      else {
        if (c.key === key) continue; // recursion adds nothing
        facts.calls.push({ fileName, range, label: c.label, target: c.key });
        dependsOn.add(c.key.slice(0, c.key.lastIndexOf(":")));
      }
    }
    // Known resources first: a function that queries the database and logs through an unknown
    // async call is summarised by the query.
    for (const f of functions.values()) {
      // A function that waits on a lock (`await this.lock.acquire()`) runs one call at a time,
      // whatever it reaches after: the lock is its summary, and fan-out over it is not reported.
      const lock = f.effects.find(e => lockWait.test(e.label)) ?? f.calls.find(c => lockWait.test(c.label));
      if (lock) {
        f.effects = [{ fileName: lock.fileName, range: lock.range, label: lock.label, kind: "async", weak: true }];
        f.calls = [];
        continue;
      }
      f.effects.sort((a, b) => Number(!!a.weak) - Number(!!b.weak));
    }
    return { facts: { fileName, functions, dependsOn } };
  }
}

/** The call's promise is what its function waits on or gives back: awaited, returned, an arrow's body, chained with then/catch. */
function isAwaited(node: Node): boolean {
  let n = node;
  for (;;) {
    const p = n.parent;
    if (!p) return false;
    if (p.kind === SyntaxKind.ParenthesizedExpression || p.kind === SyntaxKind.AsExpression || p.kind === SyntaxKind.NonNullExpression) {
      n = p;
      continue;
    }
    // `send(x).catch(log)`: the chain's promise is the call's.
    if (
      p.kind === SyntaxKind.PropertyAccessExpression &&
      promiseMethods.test(textOf((p as unknown as { name: Node }).name) ?? "") &&
      p.parent?.kind === SyntaxKind.CallExpression
    ) {
      n = p.parent;
      continue;
    }
    if (p.kind === SyntaxKind.AwaitExpression) return true;
    if (p.kind === SyntaxKind.ArrowFunction) return !isSyncCallback(p);
    if (p.kind !== SyntaxKind.ReturnStatement) return false;
    for (let f = p.parent; f; f = f.parent) if (isFunctionLike(f)) return !isSyncCallback(f);
    return true;
  }
}

/** Array methods whose callback's result is a test, a key or an accumulator, never awaited work. */
const syncCallbackMethods = /^(filter|some|every|find|findIndex|findLast|findLastIndex|sort|toSorted|forEach|reduce|reduceRight|includes|indexOf)$/;

/**
 * A non-async function handed to one of those methods (`cols.filter(c => other.some(...))`): what
 * it returns is a boolean or a value, so an unknown call it returns is not the item's promise.
 */
function isSyncCallback(fn: Node): boolean {
  if (isAsyncFunction(fn as FunctionLike)) return false;
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (call?.kind !== SyntaxKind.CallExpression) return false;
  const name = calleeParts((call as CallExpression).expression)?.nameNode.text;
  return !!name && syncCallbackMethods.test(name) && (call as CallExpression).arguments.includes(outer as never);
}

/**
 * The I/O that some work (a callback, an expression) starts, following the project's functions:
 * a known resource before an unknown async call. Phase 1 `prepare`, phase 2 `of`.
 */
export class WorkIo {
  private readonly classifier: IoClassifier;

  constructor(
    private readonly fa: FileAnalysis,
    private readonly graph: CallGraph,
  ) {
    this.classifier = new IoClassifier(fa, true);
  }

  /**
   * Untyped JavaScript: `fileList.removeFile(p)` on a value the checker knows nothing of (an
   * injected dependency, a parameter without a type). When exactly one function or method of the
   * project has that name, the call is taken to be it, and its summary says what it reaches
   * (possibly nothing). Asked only for the calls of a fan-out's work, not per node.
   */
  private uniqueProjectFunction(call: Node): { key: FunctionKey; fn: FunctionLike } | undefined {
    const project = this.fa.project;
    const name = call.kind === SyntaxKind.CallExpression ? partsOf(call)?.nameNode.text : undefined;
    if (!project || !name || name.length < 4) return undefined;
    const files = project.filesMentioning(name);
    if (files.length > maxNameFiles) return undefined;
    let found: { key: FunctionKey; fn: FunctionLike } | undefined;
    for (const fileName of files) {
      const home = fileName === this.fa.fileName;
      const fa = home ? this.fa : project.analysisOf(fileName);
      if (!fa) continue;
      for (const fn of functionsNamed(fa.sourceFile, name)) {
        if (found) return undefined;
        found = { key: functionKey(fa.fileName, nodeIndex(declaringNode(fn))), fn };
      }
    }
    return found;
  }

  prepare(work: Node): void {
    for (const call of callsIn(work)) this.classifier.prepare(call);
  }

  /**
   * The first I/O the work reaches (a named resource preferred), or undefined when it reaches
   * none. A call nothing is known about counts when its result is the work's result (awaited,
   * returned, the work itself): untyped code gets the benefit of the doubt only there.
   */
  of(work: Node): IoEffect | undefined {
    let unknown: IoEffect | undefined;
    const w = skipOuterExpressions(work);
    for (const call of callsIn(work)) {
      const c = this.classifier.classify(call);
      let found: IoEffect | undefined;
      const unique = c === "unresolved" ? this.uniqueProjectFunction(call) : undefined;
      const chain = unique ? this.graph.reachOf(unique.key) : undefined;
      const reached = chain?.[chain.length - 1]!.kind as IoKind | undefined;
      // Only a known resource decides: a possible one (an unknown call, a hook runner) says no more
      // than the unresolved call itself.
      if (chain && reached && reached !== "async") found = { kind: reached, label: labelOf(call, this.partsOf(call)), chain };
      // The project's only function of that name reaches nothing and waits on nothing: it is done
      // before the next item starts. (Reaching nothing in untyped code is not enough: the summaries
      // miss what they cannot resolve.)
      else if (unique && finishesSynchronously(unique.fn)) continue;
      else if (c === "unresolved" || (c.kind === "none" && callsBackFromExecutor(call))) {
        if ((call === w || isAwaited(call) || callsBackFromExecutor(call)) && !computesByName(call))
          found = { kind: "async", label: labelOf(call, this.partsOf(call)) };
      } else if (c.kind === "parameter") {
        // `resolve()`, `l(e)`: a parameter of a function inside the work is plumbing or the item itself.
        if (outerParameter(call, w)) found = { kind: "async", label: c.label, viaParameter: true };
      } else if (c.kind === "effect") found = c.effect;
      else if (c.kind === "target") {
        const chain = this.graph.reachOf(c.key);
        if (chain) {
          const last = chain[chain.length - 1]!;
          found = { kind: (last.kind as IoKind | undefined) ?? "async", label: c.label, chain };
        }
      }
      // `fetchFromURL(readResource, ...)`: the callee calls the function it is given, and what is
      // given is a function the caller of this code passed in.
      if (!found && c !== "unresolved" && c.kind === "target" && call.kind === SyntaxKind.CallExpression) {
        const called =
          this.graph
            .factsOfFile(c.key.slice(0, c.key.lastIndexOf(":")))
            ?.functions.get(c.key)
            ?.effects.filter(e => e.parameter !== undefined) ?? [];
        const args = (call as CallExpression).arguments;
        const passed = called
          .map(e => args[e.parameter!])
          .find(arg => !!arg && skipOuterExpressions(arg).kind === SyntaxKind.Identifier && outerParameter(skipOuterExpressions(arg), w));
        if (passed) found = { kind: "async", label: `${textOf(skipOuterExpressions(passed))}()`, viaParameter: true };
      }
      // `el.getId()` on the item itself: an accessor of what the item holds, not a request for it.
      if (found?.kind === "async" && !found.chain && itemAccessor(call, w)) found = undefined;
      if (!found) continue;
      if (found.kind !== "async") return found;
      unknown ??= found;
    }
    return unknown;
  }

  private partsOf(node: Node): CalleeParts | undefined {
    const n = skipOuterExpressions(node);
    return calleeParts(n.kind === SyntaxKind.CallExpression || n.kind === SyntaxKind.NewExpression ? (n as CallExpression).expression : n);
  }
}

/**
 * A function that neither awaits nor yields, and returns no call's result and no promise: it runs
 * to its end when called (`async removeFile(p) { this.files.delete(p); return this.files }`).
 */
function finishesSynchronously(fn: FunctionLike): boolean {
  const body = fn.body;
  if (!body || body.kind !== SyntaxKind.Block) return false;
  let waits = false;
  forEachNode(body, n => {
    if (waits || n === body) return;
    if (n.kind === SyntaxKind.AwaitExpression || n.kind === SyntaxKind.YieldExpression || n.kind === SyntaxKind.NewExpression) waits = true;
    else if (n.kind === SyntaxKind.ReturnStatement) {
      const e = (n as unknown as { expression?: Node }).expression;
      if (e && skipOuterExpressions(e).kind === SyntaxKind.CallExpression) waits = true;
    }
  });
  return !waits;
}

/** More project files than this mention a name: too common to take an untyped call of it for the one declaration. */
const maxNameFiles = 40;

const functionIndexes = new WeakMap<Node, Map<string, FunctionLike[]>>();
/** The functions a file declares with a body, by name (methods, function declarations, functions held by a variable or property); indexed once per file. */
function functionsNamed(sourceFile: Node, name: string): FunctionLike[] {
  let index = functionIndexes.get(sourceFile);
  if (!index) {
    index = new Map();
    forEachFunction(sourceFile as SourceFile, n => {
      if (!(n as unknown as { body?: Node }).body) return;
      const decl = declaringNode(n as FunctionLike);
      const fnName = textOf((decl as unknown as { name?: Node }).name);
      if (!fnName) return;
      let list = index!.get(fnName);
      if (!list) index!.set(fnName, (list = []));
      list.push(n as FunctionLike);
    });
    functionIndexes.set(sourceFile, index);
  }
  return index.get(name) ?? [];
}

/**
 * The calls some work makes, nested callbacks included (they run per item too); a function
 * reference counts as its call. Catch clauses are left out: error handling runs when an item
 * fails, it is not the work started per item.
 */
function callsIn(work: Node): Node[] {
  const w = skipOuterExpressions(work);
  if (w.kind === SyntaxKind.Identifier || w.kind === SyntaxKind.PropertyAccessExpression) return [w];
  const out: Node[] = [];
  if (w.kind === SyntaxKind.CallExpression || w.kind === SyntaxKind.NewExpression) out.push(w);
  const stack: Node[] = [w];
  while (stack.length) {
    const n = stack.pop()!;
    n.forEachChild(c => {
      if (c.kind === SyntaxKind.CatchClause) return;
      if (c.kind === SyntaxKind.CallExpression || c.kind === SyntaxKind.NewExpression) out.push(c);
      stack.push(c);
    });
  }
  return out.sort((a, b) => a.pos - b.pos);
}

const memoCache = new WeakMap<Node, boolean>();

/**
 * The function starts by answering from a cache: `if (cache.has(k)) return cache.get(k)`,
 * `if (k in cache) return cache[k]`, `const hit = cache.get(k); if (hit) return hit`.
 */
export function memoizedPerKey(fn: FunctionLike): boolean {
  let known = memoCache.get(fn);
  if (known !== undefined) return known;
  known = false;
  const statements = (fn.body as unknown as { statements?: readonly Node[] } | undefined)?.statements ?? [];
  const [first, second] = statements;
  const returnsFrom = (stmt: Node | undefined, text: RegExp): boolean => {
    if (stmt?.kind !== SyntaxKind.IfStatement) return false;
    const then = (stmt as unknown as { thenStatement: Node }).thenStatement;
    const ret = then.kind === SyntaxKind.ReturnStatement ? then : (then as unknown as { statements?: readonly Node[] }).statements?.[0];
    return (
      ret?.kind === SyntaxKind.ReturnStatement &&
      text.test((stmt as unknown as { expression: Node }).expression.getText()) &&
      !!(ret as unknown as { expression?: Node }).expression
    );
  };
  if (returnsFrom(first, /^[\w$.#\[\]'"]+\.has\([^()]*\)$|^[\w$'"]+ in [\w$.#]+$/)) known = true;
  else if (first?.kind === SyntaxKind.VariableStatement && second) {
    const decl = (first as unknown as { declarationList: { declarations: readonly { name: Node; initializer?: Node }[] } }).declarationList.declarations[0];
    const name = textOf(decl?.name);
    if (name && decl?.initializer && /\.get\([^()]*\)$|\[[^\]]+\]$/.test(decl.initializer.getText())) {
      known = returnsFrom(second, new RegExp(`^(${name}|${name}\\s*!==?\\s*(undefined|null))$`));
    }
  }
  memoCache.set(fn, known);
  return known;
}

/** A zero-argument `getX()` called on a parameter of the work itself (the item): reads what the item holds. */
function itemAccessor(call: Node, work: Node): boolean {
  if (call.kind !== SyntaxKind.CallExpression || (call as CallExpression).arguments.length) return false;
  const parts = partsOf(call);
  if (!parts?.receiver || !/^get[A-Z]\w*$/.test(parts.nameNode.text) || !isFunctionLike(work)) return false;
  return (work as unknown as { parameters: readonly { name: Node }[] }).parameters.some(p => textOf(p.name) === parts.receiver!.text);
}

/** Which parameter of `owner` the call calls (`computer()` in `providePromise(id, etag, computer)`). */
function parameterIndex(owner: FunctionLike, call: Node): number | undefined {
  const name = textOf(skipOuterExpressions((call as CallExpression).expression));
  const index = (owner as unknown as { parameters: readonly { name: Node }[] }).parameters.findIndex(p => textOf(p.name) === name);
  return index >= 0 ? index : undefined;
}

/** Whether the callee or reference names a parameter of a function around the work, not one inside it. */
function outerParameter(node: Node, work: Node): boolean {
  const n = skipOuterExpressions(node);
  const name =
    n.kind === SyntaxKind.Identifier
      ? textOf(n)
      : n.kind === SyntaxKind.CallExpression
        ? textOf(skipOuterExpressions((n as CallExpression).expression))
        : undefined;
  if (!name) return false;
  let inside = true;
  for (let p = n.parent; p; p = p.parent) {
    if (isFunctionLike(p) && (p as unknown as { parameters: readonly { name: Node }[] }).parameters.some(param => textOf(param.name) === name)) return !inside;
    if (p === work) inside = false;
  }
  return false;
}

/** Names that say the call computes (`parseTypeName`, `formatDate`): for calls nothing else is known about. */
const computeName =
  /^(parse|decode|encode|serialize|deserialize|stringify|format|validate|compile|render|normalize|sanitize|hash|compare|clone|merge|build|create|to)([A-Z_]\w*)?$/;
function computesByName(call: Node): boolean {
  const name = partsOf(call)?.nameNode.text;
  return !!name && computeName.test(name);
}

/**
 * `new Promise((resolve, reject) => api(x, (err) => err ? reject(err) : resolve()))`: a callback
 * API wrapped in a promise, whatever its declared type says, is asynchronous work.
 */
function callsBackFromExecutor(call: Node): boolean {
  if (call.kind !== SyntaxKind.CallExpression) return false;
  let executor: Node | undefined;
  for (let n = call.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    let outer: Node = n;
    while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
    if (outer.parent?.kind === SyntaxKind.NewExpression && textOf((outer.parent as unknown as { expression: Node }).expression) === "Promise") executor = n;
    break;
  }
  if (!executor) return false;
  const settle = (executor as unknown as { parameters: readonly { name: Node }[] }).parameters.map(p => textOf(p.name)).filter((t): t is string => !!t);
  if (!settle.length) return false;
  return (call as CallExpression).arguments.some(arg => {
    const a = skipOuterExpressions(arg);
    if (!isFunctionLike(a)) return settle.includes(textOf(a) ?? "");
    let uses = false;
    forEachNode(a, n => {
      if (n.kind === SyntaxKind.Identifier && settle.includes(textOf(n)!)) uses = true;
    });
    return uses;
  });
}

function forEachNode(root: Node, visit: (n: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    n.forEachChild(c => {
      stack.push(c);
    });
  }
}

/** Describes a chain for a message: ` via load() → db.query()`. */
export function viaText(e: IoEffect): string {
  if (!e.chain || !e.chain.length) return `\`${e.label}\``;
  const last = e.chain[e.chain.length - 1]!;
  return `\`${e.label}\` → ${e.chain.length > 1 ? "… → " : ""}\`${last.label}\``;
}

export type { Site };
export { textOf };

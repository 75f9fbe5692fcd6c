// Start-up paths: async code that runs once while the program starts, not per request.
// DESIGN section 2 leaves module top level alone because nothing else runs yet; the same holds
// for the async functions that start the program (`main()`, `start()`, `init()`, loading the
// configuration) and for what only they run. A blocking call there delays start-up by its
// duration, once; it cannot stall a request that is not being served yet.
//
// Everything here is decided from one file's syntax (and names), so the CLI and the language
// server give the same answer for a file whatever else they have loaded. A function is a
// start-up function when
//   1. its name, or `Class.method`, matches a start-up pattern (the defaults below, or the
//      rule's `startupFunctions` option): `main`, `start`, `init`, `bootstrap`, `load*Config*`,
//      every method of a `*Config` class, ...;
//   2. it builds or starts the application: its own body calls `createApp`/`createServer`/
//      `buildApp`/`startServer`/`bootstrap` or `.listen(...)`, or registers routes and plugins
//      (`app.get("/path", (req, res) => ...)` with an inline handler, `app.use(...)`,
//      `fastify.register(...)`): handlers are registered before they serve anything, and a
//      request handler does neither;
//   3. it runs once where it is written, inside start-up code or at module top level: an
//      immediately invoked function, a `.then/.catch/.finally` or `forEach/map` callback, a
//      `new Promise` executor, a callback given to `process.nextTick`, `setImmediate`,
//      `setTimeout`, `queueMicrotask`, `.listen` or `.once`;
//   4. it is file-private (not exported, or a `private`/`#` method) and every reference to it in
//      the file is a call from start-up code or module top level, or a call that runs at most
//      once (its result cached, or behind a "done" flag: see memoized-load.ts);
//   5. other files may call it (exported, a public method) and every call of it in the project
//      is such a call (startup-callers.ts: the call graph, by name and syntax, across files);
//   6. it is one command of a command-line program: a method of a class that extends a
//      `*Command` base class and declares its options statically (`static flags`, `args`,
//      `params`, `usage`: oclif, npm-style commands), or a callback given to `.action(...)`
//      (commander, sade, caporal): the process runs one command and exits;
//   7. it is shutdown code: a callback given to `process.on("SIGTERM" | "exit" | ...)`, or a
//      shutdown hook by name (`shutdown`, `onApplicationShutdown`, ...): the process is stopping.
// Anything else (callbacks given to `app.get`, `on`, `setInterval`, exported functions that
// other files call per request, or that nothing in the project calls) is not start-up.
//
// Rules 1 to 4, 6 and 7 are decided from one file's syntax; rule 5 reads the files that mention
// the function's name. The CLI and the language server read the same files, so they agree.
import { ModifierFlags, SyntaxKind, type Node, type SourceFile } from "../../analysis/typescript";
import { calleeMethodName, invocationOf, isFunctionLike, type AsyncContext, type FunctionLike } from "../../analysis/async-context";
import { walk, walkPruned } from "../../analysis/walk";
import { indirectCallTarget } from "../../analysis/syntax";
import { isMemoizedLoad, isOnceGuarded } from "../../analysis/memoized-load";
import { isOwnBodyEvidence, isPublicApiMethod, uncalledWhy, type StartupCallers } from "./startup-callers";
import { isRegisteredHandler, servingKindBetween, servingKindOf } from "./serving-evidence";

/** Names of start-up functions; `*` matches any characters, `Class.method` matches methods of that class. */
export const defaultStartupFunctions: readonly string[] = [
  // Entry points and lifecycle
  "main",
  "start",
  "restart",
  "startServer",
  "startApp",
  "bootstrap",
  "boot",
  "init",
  "initialize",
  "initialise",
  "setup",
  "setUp",
  "configure",
  "createApp",
  "createServer",
  "buildApp",
  "buildServer",
  // NestJS lifecycle hooks: run once while the application starts
  "onModuleInit",
  "onApplicationBootstrap",
  // Shutdown: runs once while the process stops (NestJS hooks, the usual names)
  "shutdown",
  "gracefulShutdown",
  "onShutdown",
  "onApplicationShutdown",
  "beforeApplicationShutdown",
  "onModuleDestroy",
  // Build-tool plugin hooks (Rollup/Vite plugin API) that run once per start or per build, not per module
  "buildStart",
  "buildEnd",
  "renderStart",
  "generateBundle",
  "writeBundle",
  "closeBundle",
  "configResolved",
  "configureServer",
  "configurePreviewServer",
  // Configuration loaders
  ...["load", "read", "resolve", "find", "parse", "require"].flatMap(verb => [`${verb}*Config*`, `${verb}*Settings`]),
  "create*Config",
  "build*Config",
  "create*Settings",
  "build*Settings",
  // Configuration classes and readers of configuration files
  "*Config.*",
  "*Configuration.*",
  "Config*.*",
  "*OptionsReader.*",
  "*OptionsLoader.*",
];

/**
 * Which serving evidence counts (the rule's `callerEvidence` option): "all" kinds, in the code
 * they are found in and for every function that code calls; or the "measured" ones (see
 * StartupPaths.countsForCallees): no callback of `map` inside `Promise.all` that is not async
 * (0 of 1 true at the call, 4 of 5 through callers), and through callers only the kinds below.
 */
export type CallerEvidence = "measured" | "all";

const measuredThroughCallers = new Set(["fan-out:limiter", "handler:job"]);
/** Request handlers: for the functions they call themselves (4/4), not for what those call (9/12). */
const oneCallThroughCallers = new Set(["request-params", "handler:route", "handler:createServer"]);

/** Calls that build or start the application: a function making one is start-up code. */
const appBuilderCalls = new Set(["createApp", "createServer", "buildApp", "buildServer", "startServer", "bootstrap"]);
const appBuilderMethods = new Set(["listen", "register", "use"]);
/** Route registration: `app.get("/path", (req, res) => ...)`, `router.post(\`/x/${id}\`, auth, async (req) => ...)`. */
const routeMethods = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options", "route"]);

/** Call a callback once, later: `process.nextTick(cb)`, `server.listen(port, cb)`, `emitter.once("ready", cb)`. */
const onceSchedulers = new Set(["nextTick", "setImmediate", "setTimeout", "queueMicrotask"]);
const onceMethods = new Set(["nextTick", "listen", "once"]);

export interface StartupMatcher {
  test(name: string, className: string | undefined): boolean;
}

/** Checks start-up patterns; returns a problem sentence for an invalid one. */
export function startupPatternProblem(pattern: string): string | undefined {
  if (!/^[\w$*]+(\.[\w$*]+)?$/.test(pattern)) return `startupFunctions: '${pattern}' must be a name or 'Class.method', with * as a wildcard`;
  return undefined;
}

/**
 * Names are compared the way people read them: case and `_` do not matter (`load_svelte_config`
 * is `loadSvelteConfig`), nor does an `Async` suffix (`setupAsync` is `setup`).
 */
function normalizeName(name: string): string {
  return name
    .replace(/_?async$/i, "")
    .replace(/_/g, "")
    .toLowerCase();
}

export function startupMatcher(patterns: readonly string[]): StartupMatcher {
  const exact = new Set<string>();
  const globs: RegExp[] = [];
  for (const p of patterns) {
    const normal = p
      .split(".")
      .map(part => (part.includes("*") ? part.replace(/_/g, "").toLowerCase() : normalizeName(part)))
      .join(".");
    if (p.includes("*"))
      globs.push(
        new RegExp(
          `^${normal
            .split("*")
            .map(s => s.replace(/[.$]/g, "\\$&"))
            .join("[\\w$]*")}$`,
        ),
      );
    else exact.add(normal);
  }
  const one = (candidate: string) => exact.has(candidate) || globs.some(g => g.test(candidate));
  return {
    test: (name, className) => {
      const n = normalizeName(name);
      return one(n) || (className !== undefined && one(`${normalizeName(className)}.${n}`));
    },
  };
}

const text = (node: Node | undefined): string | undefined => (node as unknown as { text?: string } | undefined)?.text;

/** One function's pending answer: known, the same as another owner's, or every call's owner's (with exceptions). */
type Question =
  | { kind: "known"; fn: FunctionLike; value: boolean; why?: string }
  | { kind: "same-as"; fn: FunctionLike; owner: FunctionLike | SourceFile }
  | { kind: "calls"; fn: FunctionLike; calls: Node[]; next: number };

export class StartupPaths {
  private readonly memo = new Map<Node, boolean>();
  /** Evidence mode: which evidence showed that a function serves (see evidenceAt). */
  private readonly why = new Map<Node, string>();
  private references: Map<string, Node[]> | undefined;

  constructor(
    private readonly sourceFile: SourceFile,
    private readonly asyncContext: AsyncContext,
    private readonly matcher: StartupMatcher,
    /** Answers rule 5 (callers in other files); without it, only this file decides. */
    private readonly callers?: StartupCallers,
    /**
     * "Quiet unless shown to serve": code counts as start-up (quiet) unless the path to it starts at
     * code that serves concurrent work (serving-evidence.ts) or at a public entry point nothing in
     * the project calls. Without it, code is start-up only when shown to be (the rules above).
     */
    readonly evidence = false,
    /** Evidence mode: an exported function (not only a class's public method) that nothing in the project calls serves its callers. */
    private readonly uncalledFunctionsServe = false,
    /** Evidence mode: which kinds of evidence count (see CallerEvidence). */
    private readonly callerEvidence: CallerEvidence = "all",
  ) {}

  /** Whether code at `node` runs only in start-up code, or (evidence mode) in nothing shown to serve concurrent work. */
  isQuietAt(node: Node): boolean {
    const owner = this.ownerOf(node);
    if (this.evidence && this.counts(servingKindBetween(node, owner))) return false;
    return this.isStartup(owner);
  }

  /** Evidence mode, after isQuietAt(node) said no: the kind of evidence that the code serves. */
  evidenceAt(node: Node): string | undefined {
    const owner = this.ownerOf(node);
    const between = servingKindBetween(node, owner);
    return (this.counts(between) ? between : undefined) ?? this.why.get(owner);
  }

  /** The function (or top level) that code at `node` runs as part of. */
  ownerOf(node: Node): FunctionLike | SourceFile {
    return this.asyncContext.ownerOf(node);
  }

  /**
   * Every identifier of the file with this text, found from the text (the places where the
   * word occurs, then the node there) so that only those nodes and their ancestors are built.
   */
  identifiersNamed(name: string): readonly Node[] {
    return identifiersNamedIn(this.sourceFile, name);
  }

  /** Whether code owned by `owner` (a function, or the file's top level) runs only while the program starts. */
  isStartup(owner: FunctionLike | SourceFile): boolean {
    const known = this.known(owner);
    if (known !== undefined) return known;
    // A function's answer can depend on its enclosing function's or its callers' answers, and
    // theirs on others: nested functions thousands deep would overflow a recursive descent, so
    // the pending questions are kept on a stack of our own.
    const stack: Question[] = [];
    const ask = (fn: FunctionLike) => {
      // A cycle (recursion) proves nothing: while a function's answer is pending, a call from it is
      // taken as the quieter answer, start-up ("not reported"), in evidence mode too. (Taken as
      // serving, it made every recursion on a caller's path evidence, whatever started the path:
      // 1 of 21 such findings was false, a CLI's stop step.)
      this.memo.set(fn, this.evidence);
      stack.push(this.question(fn));
    };
    ask(owner as FunctionLike);
    let answer = false;
    let answered = false;
    while (stack.length) {
      const q = stack[stack.length - 1]!;
      let result: boolean | undefined;
      if (q.kind === "known") {
        result = q.value;
        if (q.why) this.noteWhy(q.fn, q.why);
      } else if (q.kind === "same-as") {
        // Runs once where it is written: start-up exactly when the code around it is.
        const value: boolean | undefined = answered ? answer : this.known(q.owner);
        answered = false;
        if (value === undefined) {
          ask(q.owner as FunctionLike);
          continue;
        }
        result = value;
        if (!value) this.noteWhy(q.fn, this.why.get(q.owner));
      } else {
        // Every call must come from start-up code (or run at most once).
        if (answered) {
          answered = false;
          const call = q.calls[q.next]!;
          if (!answer && !this.isWeak(this.asyncContext.ownerOf(call)) && !isMemoizedLoad(call) && !isOnceGuarded(call)) {
            result = false;
            this.noteWhy(q.fn, this.why.get(this.asyncContext.ownerOf(call)), "<");
          } else q.next++;
        }
        while (result === undefined && q.next < q.calls.length) {
          const call = q.calls[q.next]!;
          const between = this.evidence ? servingKindBetween(call, this.asyncContext.ownerOf(call)) : undefined;
          if (between && this.countsForCallees(between)) {
            result = false;
            this.noteWhy(q.fn, between, "<");
            break;
          }
          const value: boolean | undefined = this.known(this.asyncContext.ownerOf(call));
          if (value === undefined) break;
          if (!value && !this.isWeak(this.asyncContext.ownerOf(call)) && !isMemoizedLoad(call) && !isOnceGuarded(call)) {
            result = false;
            this.noteWhy(q.fn, this.why.get(this.asyncContext.ownerOf(call)), "<");
          } else q.next++;
        }
        if (result === undefined && q.next < q.calls.length) {
          ask(this.asyncContext.ownerOf(q.calls[q.next]!) as FunctionLike);
          continue;
        }
        result ??= q.calls.length > 0;
        if (this.evidence) {
          // A caller here serves: decided. Quiet so far: callers in other files (exported, also by assignment) may serve.
          if (result) {
            result = this.onlyStartupCallsInProject(q.fn);
            if (!result) this.noteWhy(q.fn, this.callers?.lastWhy ?? uncalledWhy(q.fn));
          }
        } else if (!result) {
          // Not decided by this file's calls: callers in other files may still all be start-up code.
          result = this.onlyStartupCallsInProject(q.fn);
        }
      }
      stack.pop();
      this.memo.set(q.fn, result!);
      answer = result!;
      answered = true;
    }
    return answer;
  }

  /**
   * A caller that serves only because nothing in the project calls it (a public method the
   * project's users call) does not make its callees serve: on the tuning set, blocking calls
   * reached through such a method's callees were the steps of one long operation (an install's
   * clean-up, a run's artifact saving), 0 of 7 true, while blocking calls in the public method's
   * own body were 7 of 7. Nor, by default, does a caller whose evidence is of a kind that was
   * wrong too often through callers (countsForCallees).
   */
  isWeak(owner: Node): boolean {
    return !this.countsForCallees(this.why.get(owner));
  }

  /** Evidence mode: whether evidence of this kind, found around code, shows that the code serves. */
  counts(kind: string | undefined): boolean {
    return kind !== undefined && (this.callerEvidence === "all" || kind !== "fan-out:combinator");
  }

  /**
   * Whether a caller's evidence (`why`: its kind, after one "<" per call and "x<" per file on the
   * way) also makes the functions it calls serve. "measured" keeps the kinds that were right at
   * least 9 times in 10 through callers on both halves of the tuning set (session 7): a
   * concurrency limiter's or queue's task (3/3) and a job queue's processor (the same shape, no
   * finding) for everything they reach, a request handler for the functions it calls itself
   * (4/4). Request handlers further away (9/12), event listeners (7/9), file watchers (1/2) and
   * fan-out callbacks (13/17) were not: what such code reaches several calls away is as often a
   * one-time step (a shutdown, a cached plugin load, an error path that disables a daemon once,
   * a child's one message) as per-request work.
   */
  countsForCallees(why: string | undefined): boolean {
    if (!this.evidence) return true;
    if (isOwnBodyEvidence(why)) return false;
    if (this.callerEvidence === "all") return true;
    const kind = (why ?? "?").replace(/^[x<]+/, "");
    return measuredThroughCallers.has(kind) || (oneCallThroughCallers.has(kind) && kind === why);
  }

  private noteWhy(fn: Node, why: string | undefined, prefix = ""): void {
    if (this.evidence) this.why.set(fn, prefix + (why ?? "?"));
  }

  /** Exported, or kept in the file but exported by assignment (`exports.f = f`): every call in the project is from start-up code. */
  private onlyStartupCallsInProject(fn: FunctionLike): boolean {
    if (this.evidence) {
      // Without the project (one file alone), a function others may call is a public entry point.
      if (!this.callers) return !(isCallableFromOtherFiles(fn) && (this.uncalledFunctionsServe || isPublicApiMethod(fn)));
      return this.callers.quietInProject(fn, isCallableFromOtherFiles(fn), this.uncalledFunctionsServe);
    }
    return (isCallableFromOtherFiles(fn) || !!fileLocalName(fn)) && !!this.callers?.onlyStartupCalls(fn);
  }

  /** The answer when it needs no other function's: the top level, or decided (or being decided) already. */
  private known(owner: FunctionLike | SourceFile): boolean | undefined {
    if (owner.kind === SyntaxKind.SourceFile) return true;
    return this.memo.get(owner);
  }

  /** What a function's answer depends on (see the file comment). */
  private question(fn: FunctionLike): Question {
    // Positive evidence first: a request handler named `init` still serves requests.
    const serving = this.evidence ? servingKindOf(fn) : undefined;
    if (serving && this.counts(serving)) return { kind: "known", fn, value: false, why: serving };
    const name = functionNameOf(fn);
    if (name && this.matcher.test(name, classNameOf(fn))) return { kind: "known", fn, value: true };
    if (setsUpTheApplication(fn)) return { kind: "known", fn, value: true };
    if (isCliCommand(fn) || isShutdownHandler(fn)) return { kind: "known", fn, value: true };
    if (runsOnceWhereWritten(fn)) return { kind: "same-as", fn, owner: this.enclosing(fn) };
    if (this.evidence) {
      const through = this.callsThroughWrapper(fn);
      if (through === "serves") return { kind: "known", fn, value: false, why: "wrapper-registered" };
      if (through === "once") return { kind: "known", fn, value: true };
      if (through?.length) return { kind: "calls", fn, calls: through, next: 0 };
    }
    const calls = this.callsFromOutside(fn);
    if (calls === "serves") return { kind: "known", fn, value: false, why: "registered-by-reference" };
    if (calls?.length) return { kind: "calls", fn, calls, next: 0 };
    const value = this.onlyStartupCallsInProject(fn);
    return { kind: "known", fn, value, why: value ? undefined : (this.callers?.lastWhy ?? uncalledWhy(fn)) };
  }

  /** The function (or top level) whose code `fn` is part of: the owner of the place where it is written. */
  private enclosing(fn: FunctionLike): FunctionLike | SourceFile {
    return fn.parent ? this.asyncContext.ownerOf(fn.parent) : this.sourceFile;
  }

  /**
   * The calls of a file-private function from outside its own body, or undefined when it is not
   * file-private or is referenced other than by a call (passed on, stored or exported: it may run at any time).
   */
  private callsFromOutside(fn: FunctionLike): Node[] | "serves" | undefined {
    const declared = fileLocalName(fn);
    if (!declared) return undefined;
    const calls: Node[] = [];
    for (const ref of this.referencesOf(declared.name, declared.viaThis)) {
      if (ref === declared.nameNode) continue;
      const call = calledBy(ref);
      // Evidence mode: a reference that is not a call shows nothing, unless it registers the function
      // as a handler, or hands it to a wrapper whose result is called (`const g = debounce(f)`).
      if (!call && this.evidence) {
        if (isRegisteredHandler(ref.parent?.kind === SyntaxKind.PropertyAccessExpression && isPropertyName(ref) ? ref.parent : ref)) return "serves";
        const through = this.callsThroughWrapper(ref);
        if (through === "serves") return "serves";
        if (through === "once") continue;
        calls.push(...(through ?? []).filter(c => !(c.pos >= fn.pos && c.end <= fn.end)));
        continue;
      }
      if (!call) return undefined;
      if (call.pos >= fn.pos && call.end <= fn.end) continue; // recursion decides nothing
      calls.push(call);
    }
    return calls;
  }

  /**
   * `const g = debounce(f, 100)`, `const g = wrap(async () => ...)`: `f` runs when `g` is called,
   * so the calls of `g` in this file are its calls ("once" when the wrapper runs it at most once:
   * `once(f)`, `memoize(f)`); undefined when `value` is not wrapped that way.
   */
  private callsThroughWrapper(value: Node): Node[] | "serves" | "once" | undefined {
    let outer = value;
    while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
    const call = outer.parent;
    if (call?.kind !== SyntaxKind.CallExpression || !(call as unknown as { arguments: readonly Node[] }).arguments.includes(outer)) return undefined;
    const holder = call.parent;
    if (holder?.kind !== SyntaxKind.VariableDeclaration || (holder as unknown as { initializer?: Node }).initializer !== call) return undefined;
    const nameNode = (holder as unknown as { name: Node }).name;
    const name = text(nameNode);
    if (nameNode.kind !== SyntaxKind.Identifier || !name) return undefined;
    if (/once|memo|cache/i.test((call as unknown as { expression: Node }).expression.getText())) return "once";
    const calls: Node[] = [];
    for (const ref of this.referencesOf(name, false)) {
      if (ref === nameNode) continue;
      const c = calledBy(ref);
      if (c) calls.push(c);
      else if (isRegisteredHandler(ref)) return "serves";
    }
    return calls;
  }

  /** Identifiers named `name` (or `this.name` accesses), found by one walk of the file on first need. */
  private referencesOf(name: string, viaThis: boolean): Node[] {
    const all = this.allReferences().get(name) ?? [];
    // Methods are reached through `x.name` (`this.name`, or another instance of the class:
    // same-named methods of other classes count too, which only errs towards reporting);
    // a function through its plain name.
    return all.filter(n => (viaThis ? n.parent?.kind === SyntaxKind.PropertyAccessExpression && isPropertyName(n) : !isPropertyName(n)));
  }

  private allReferences(): Map<string, Node[]> {
    if (!this.references) {
      const refs = new Map<string, Node[]>();
      walk(this.sourceFile, node => {
        if (node.kind !== SyntaxKind.Identifier && node.kind !== SyntaxKind.PrivateIdentifier) return;
        const key = text(node);
        if (!key) return;
        let list = refs.get(key);
        if (!list) refs.set(key, (list = []));
        list.push(node);
      });
      this.references = refs;
    }
    return this.references;
  }
}

/**
 * Every identifier of the file with this text, found from the text (the places where the word
 * occurs, then the node there) so that only those nodes and their ancestors are built.
 */
export function identifiersNamedIn(sourceFile: SourceFile, name: string): Node[] {
  const found: Node[] = [];
  const word = new RegExp(`(?<![\\w$#])${name.replace(/\$/g, "\\$")}(?![\\w$])`, "g");
  for (const m of sourceFile.text.matchAll(word)) {
    const node = deepestNodeAt(sourceFile, m.index!);
    if (node && (node.kind === SyntaxKind.Identifier || node.kind === SyntaxKind.PrivateIdentifier) && node.getStart(sourceFile) === m.index) found.push(node);
  }
  return found;
}

const topLevelStatements = new WeakMap<SourceFile, Node[]>();

/**
 * The statements in text order, without those that lie inside another one. In a JavaScript file
 * TypeScript 7 turns JSDoc type tags (`@typedef`, `@callback`) into statements of the file, listed
 * before the statement whose comment holds them but placed where the comment is: inside a class,
 * say. Left in, they break the order the binary search needs, and every name after them was not
 * found (a method called from a class with such a comment looked uncalled).
 */
function outermostInOrder(statements: readonly Node[]): Node[] {
  const sorted = [...statements].sort((a, b) => a.pos - b.pos || b.end - a.end);
  const kept: Node[] = [];
  for (const s of sorted) if (!kept.length || s.pos >= kept[kept.length - 1]!.end) kept.push(s);
  return kept;
}

/** The innermost node whose text covers `position` (descending builds only the nodes on the way). */
function deepestNodeAt(sourceFile: SourceFile, position: number): Node | undefined {
  // The top level can hold thousands of statements: find the one by binary search, not a scan,
  // in a plain array read once per file (the compiler's node arrays walk to reach an index).
  let statements = topLevelStatements.get(sourceFile);
  if (!statements) topLevelStatements.set(sourceFile, (statements = outermostInOrder((sourceFile as unknown as { statements: readonly Node[] }).statements)));
  let low = 0;
  let high = statements.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (statements[mid]!.pos <= position) low = mid;
    else high = mid - 1;
  }
  const top = statements[low];
  if (!top || !(top.pos <= position && position < top.end)) return undefined;
  let node: Node = top;
  for (;;) {
    let next: Node | undefined;
    node.forEachChild(child => {
      if (child.pos <= position && position < child.end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (!next) return node;
    node = next;
  }
}

function functionNameOf(fn: FunctionLike): string | undefined {
  const own = text((fn as unknown as { name?: Node }).name);
  // A plugin hook in object form, `writeBundle: { sequential: true, async handler() {} }`, is the hook.
  if (own === "handler" && fn.parent?.kind === SyntaxKind.ObjectLiteralExpression && fn.parent.parent?.kind === SyntaxKind.PropertyAssignment) {
    return text((fn.parent.parent as unknown as { name: Node }).name);
  }
  if (own) return own.replace(/^#/, "");
  const parent = fn.parent;
  if (
    parent &&
    (parent.kind === SyntaxKind.VariableDeclaration || parent.kind === SyntaxKind.PropertyAssignment || parent.kind === SyntaxKind.PropertyDeclaration)
  ) {
    return text((parent as unknown as { name?: Node }).name)?.replace(/^#/, "");
  }
  // `exports.start = async () => {}`, `module.exports.init = function () {}`
  if (parent && parent.kind === SyntaxKind.BinaryExpression && (parent as unknown as { right: Node }).right === fn) {
    const left = (parent as unknown as { left: Node }).left;
    if (left.kind === SyntaxKind.PropertyAccessExpression) return text((left as unknown as { name: Node }).name);
  }
  return undefined;
}

/** The name of the class a method (or class field's function) belongs to. */
export function classNameOf(fn: FunctionLike): string | undefined {
  let container = fn.parent;
  if (fn.parent?.kind === SyntaxKind.PropertyDeclaration) container = fn.parent.parent; // `load = async () => {}` class fields
  if (!container || (container.kind !== SyntaxKind.ClassDeclaration && container.kind !== SyntaxKind.ClassExpression)) return undefined;
  const own = text((container as unknown as { name?: Node }).name);
  if (own) return own;
  const holder = container.parent;
  return holder?.kind === SyntaxKind.VariableDeclaration ? text((holder as unknown as { name: Node }).name) : undefined;
}

/** Process events after which the process stops: their handlers run once, at shutdown. */
const shutdownEvents = new Set(["exit", "beforeExit", "SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGBREAK", "uncaughtException"]);

/** Shutdown code: a callback given to `process.on/once/addListener("SIGTERM" | "exit" | ...)`. */
function isShutdownHandler(fn: FunctionLike): boolean {
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (call?.kind !== SyntaxKind.CallExpression) return false;
  const { expression, arguments: args } = call as unknown as { expression: Node; arguments: readonly Node[] };
  if (args[1] !== outer || expression.kind !== SyntaxKind.PropertyAccessExpression) return false;
  const receiver = (expression as unknown as { expression: Node }).expression;
  const method = calleeMethodName(expression);
  const event = args[0]!;
  return (
    receiver.getText() === "process" &&
    (method === "on" || method === "once" || method === "addListener" || method === "prependListener") &&
    (event.kind === SyntaxKind.StringLiteral || event.kind === SyntaxKind.NoSubstitutionTemplateLiteral) &&
    shutdownEvents.has(text(event) ?? "")
  );
}

/** Rule 6: a method of a class extending a `*Command` base, or a callback given to `.action(...)`. */
function isCliCommand(fn: FunctionLike): boolean {
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent;
  if (parent?.kind === SyntaxKind.CallExpression) {
    const { expression, arguments: args } = parent as unknown as { expression: Node; arguments: readonly Node[] };
    return args.includes(outer) && calleeMethodName(expression) === "action";
  }
  let container = fn.parent;
  if (container?.kind === SyntaxKind.PropertyDeclaration) container = container.parent;
  if (!container || (container.kind !== SyntaxKind.ClassDeclaration && container.kind !== SyntaxKind.ClassExpression)) return false;
  const clauses =
    (container as unknown as { heritageClauses?: readonly { token: SyntaxKind; types: readonly { expression: Node }[] }[] }).heritageClauses ?? [];
  if (!clauses.some(c => c.token === SyntaxKind.ExtendsKeyword && c.types.some(t => /Command$/.test(t.expression.getText())))) return false;
  // A command-line command declares its options statically (oclif `flags`/`args`, npm `params`/`usage`);
  // a chat bot's command class, run per message, does not.
  const members = (container as unknown as { members: readonly Node[] }).members;
  return members.some(
    m =>
      m.kind === SyntaxKind.PropertyDeclaration &&
      ((m as FunctionLike).modifierFlags ?? 0) & ModifierFlags.Static &&
      cliCommandStatics.has(text((m as unknown as { name: Node }).name) ?? ""),
  );
}

/** Static members that describe a command line's options and usage. */
const cliCommandStatics = new Set(["flags", "args", "params", "usage", "examples", "argv", "strict"]);

/** Exported functions, `exports.f = ...`, object-literal and public class methods: rule 5 judges them. */
export function isCallableFromOtherFiles(fn: FunctionLike): boolean {
  const flags = fn.modifierFlags ?? 0;
  if (fn.kind === SyntaxKind.MethodDeclaration || fn.kind === SyntaxKind.PropertyDeclaration)
    return (flags & (ModifierFlags.Private | ModifierFlags.Protected)) === 0;
  if (fn.kind === SyntaxKind.FunctionDeclaration) return (flags & ModifierFlags.Export) !== 0 && (flags & ModifierFlags.Default) === 0;
  const parent = fn.parent;
  if (!parent) return false;
  if (parent.kind === SyntaxKind.VariableDeclaration) {
    const statement = parent.parent?.parent;
    return !!statement && (((statement as unknown as { modifierFlags?: number }).modifierFlags ?? 0) & ModifierFlags.Export) !== 0;
  }
  if (parent.kind === SyntaxKind.BinaryExpression) return /^(module\.)?exports\./.test((parent as unknown as { left: Node }).left.getText());
  if (parent.kind === SyntaxKind.PropertyAssignment) return true;
  if (parent.kind === SyntaxKind.PropertyDeclaration)
    return (((parent as unknown as { modifierFlags?: number }).modifierFlags ?? 0) & (ModifierFlags.Private | ModifierFlags.Protected)) === 0;
  return false;
}

/** Its own body (not nested functions) builds or starts the application, or registers routes or plugins. */
function setsUpTheApplication(fn: FunctionLike): boolean {
  if (!fn.body) return false;
  let found = false;
  walkPruned(fn.body, node => {
    if (isFunctionLike(node)) return false;
    if (node.kind === SyntaxKind.CallExpression) {
      let callee = (node as unknown as { expression: Node }).expression;
      while (callee.kind === SyntaxKind.ParenthesizedExpression) callee = (callee as unknown as { expression: Node }).expression;
      if (callee.kind === SyntaxKind.Identifier && appBuilderCalls.has(text(callee)!)) {
        found = true;
        return "stop";
      }
      const args = (node as unknown as { arguments: readonly Node[] }).arguments;
      const method = calleeMethodName(callee);
      if (method && (appBuilderMethods.has(method) || appBuilderCalls.has(method)) && args.length > 0) {
        found = true;
        return "stop";
      }
      // An inline handler after the path: `api.get("/users", { params })` is an HTTP client call.
      if (method && routeMethods.has(method) && isRoutePath(args[0]) && args.slice(1).some(isInlineFunction)) {
        found = true;
        return "stop";
      }
    }
    return true;
  });
  return found;
}

/** `"/users"`, `\`/users/${x}\``, `"/" + name`: a URL path, not a cache key. */
function isRoutePath(arg: Node | undefined): boolean {
  if (!arg) return false;
  let n = arg;
  while (n.kind === SyntaxKind.BinaryExpression) n = (n as unknown as { left: Node }).left;
  if (n.kind === SyntaxKind.StringLiteral || n.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return /^[/*]/.test(text(n) ?? "");
  if (n.kind === SyntaxKind.TemplateExpression) return /^[/*]/.test(text((n as unknown as { head: Node }).head) ?? "");
  return false;
}

function isInlineFunction(arg: Node): boolean {
  return arg.kind === SyntaxKind.ArrowFunction || arg.kind === SyntaxKind.FunctionExpression;
}

/** Invoked once, where it is written: see the file comment, point 3. */
function runsOnceWhereWritten(fn: FunctionLike): boolean {
  const how = invocationOf(fn);
  if (how !== "other") return true; // IIFE, sync callback (map, forEach, Promise executor), promise callback
  let outer: Node = fn;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const call = outer.parent;
  if (!call || call.kind !== SyntaxKind.CallExpression) return false;
  const { expression, arguments: args } = call as unknown as { expression: Node; arguments: readonly Node[] };
  if (!args.includes(outer)) return false;
  if (expression.kind === SyntaxKind.Identifier) return onceSchedulers.has(text(expression)!);
  const method = calleeMethodName(expression);
  return !!method && onceMethods.has(method);
}

/** The declared name of a function that only this file can call, or undefined. */
function fileLocalName(fn: FunctionLike): { name: string; nameNode: Node | undefined; viaThis: boolean } | undefined {
  const flags = fn.modifierFlags ?? 0;
  if (fn.kind === SyntaxKind.MethodDeclaration) {
    const nameNode = (fn as unknown as { name: Node }).name;
    const isPrivate = nameNode.kind === SyntaxKind.PrivateIdentifier || (flags & ModifierFlags.Private) !== 0;
    const name = text(nameNode);
    return isPrivate && name ? { name, nameNode, viaThis: true } : undefined;
  }
  if (fn.kind === SyntaxKind.FunctionDeclaration) {
    if (flags & (ModifierFlags.Export | ModifierFlags.Default)) return undefined;
    const nameNode = (fn as unknown as { name?: Node }).name;
    const name = text(nameNode);
    return name ? { name, nameNode, viaThis: false } : undefined;
  }
  // const load = async () => {} / function () {}
  const parent = fn.parent;
  if (parent?.kind === SyntaxKind.VariableDeclaration && (parent as unknown as { initializer?: Node }).initializer === fn) {
    const statement = parent.parent?.parent;
    if (statement && ((statement as unknown as { modifierFlags?: number }).modifierFlags ?? 0) & ModifierFlags.Export) return undefined;
    const nameNode = (parent as unknown as { name: Node }).name;
    if (nameNode.kind !== SyntaxKind.Identifier) return undefined;
    return { name: text(nameNode)!, nameNode, viaThis: false };
  }
  return undefined;
}

function isPropertyName(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (parent.kind === SyntaxKind.PropertyAccessExpression) return (parent as unknown as { name: Node }).name === id;
  if (parent.kind === SyntaxKind.PropertyAssignment || parent.kind === SyntaxKind.MethodDeclaration || parent.kind === SyntaxKind.PropertyDeclaration) {
    return (parent as unknown as { name: Node }).name === id;
  }
  return false;
}

/** The call that `ref` is the callee of (`f(...)`, `this.f(...)`), or undefined. */
function calledBy(ref: Node): Node | undefined {
  let callee: Node = ref.parent?.kind === SyntaxKind.PropertyAccessExpression && isPropertyName(ref) ? ref.parent : ref;
  while (callee.parent?.kind === SyntaxKind.ParenthesizedExpression || (callee.parent && indirectCallTarget(callee.parent) === callee)) callee = callee.parent;
  const parent = callee.parent;
  return parent?.kind === SyntaxKind.CallExpression && (parent as unknown as { expression: Node }).expression === callee ? parent : undefined;
}

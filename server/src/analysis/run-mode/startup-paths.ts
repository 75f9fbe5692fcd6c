// Start-up paths: async code that runs once while the program starts, not per request.
// DESIGN section 2 leaves module top level alone because nothing else runs yet; the same holds
// for the async functions that start the program (`main()`, `start()`, `init()`, loading the
// configuration) and for what only they run. A blocking call there delays start-up by its
// duration, once; it cannot stall a request that is not being served yet.
//
// Everything here is decided from one file's syntax (and names), so the CLI and the language
// server give the same answer for a file whatever else they have loaded. A function is a
// start-up function when
//   1. its name, or `Class.method`, matches a start-up pattern (the defaults in startup-names.ts,
//      or the rule's `startupFunctions` option): `main`, `start`, `init`, `bootstrap`, `load*Config*`,
//      every method of a `*Config` class, ...;
//   2. it builds or starts the application: its own body calls `createApp`/`createServer`/
//      `buildApp`/`startServer`/`bootstrap` or `.listen(...)`, or registers routes and plugins
//      (`app.get("/path", (req, res) => ...)` with an inline handler, `app.use(...)`,
//      `fastify.register(...)`): handlers are registered before they serve anything, and a
//      request handler does neither (application-setup.ts);
//   3. it runs once where it is written, inside start-up code or at module top level: an
//      immediately invoked function, a `.then/.catch/.finally` or `forEach/map` callback, a
//      `new Promise` executor, a callback given to `process.nextTick`, `setImmediate`,
//      `setTimeout`, `queueMicrotask`, `.listen` or `.once` (runs-once-where-written.ts);
//   4. it is file-private (not exported, or a `private`/`#` method) and every reference to it in
//      the file is a call from start-up code or module top level, or a call that runs at most
//      once (its result cached, or behind a "done" flag: see memoized-load.ts) (file-local-calls.ts);
//   5. other files may call it (exported, a public method) and every call of it in the project
//      is such a call (startup-callers.ts: the call graph, by name and syntax, across files;
//      callable-from-other-files.ts);
//   6. it is one command of a command-line program: a method of a class that extends a
//      `*Command` base class and declares its options statically (`static flags`, `args`,
//      `params`, `usage`: oclif, npm-style commands), a callback given to `.action(...)`
//      (commander, sade, caporal), or a yargs command's handler (a module's `handler` exported
//      beside `desc`/`describe`/`builder`, the same in an object literal, or the function after
//      `.command(name, "description", ...)`): the process runs one command and exits (cli-commands.ts);
//   7. it is shutdown code: a callback given to `process.on("SIGTERM" | "exit" | "uncaughtException"
//      | "unhandledRejection" | ...)`, or a
//      shutdown hook by name (`shutdown`, `onApplicationShutdown`, ...): the process is stopping
//      (shutdown-handlers.ts).
// Anything else (callbacks given to `app.get`, `on`, `setInterval`, exported functions that
// other files call per request, or that nothing in the project calls) is not start-up.
// Evidence is asked per call (isQuietAt): a fan-out item that awaits nothing on the path through
// the call, or a one-shot server's handler that closes its server after it, shows no concurrent
// work there, and the code around the `map` or the registration decides (one-pass-paths.ts); so
// does a Mocha reporter's listener of its runner's events up to its first `await`, which runs
// between two tests inside the runner's `emit` (mocha-runner-events.ts).
//
// Rules 1 to 4, 6 and 7 are decided from one file's syntax; rule 5 reads the files that mention
// the function's name. The CLI and the language server read the same files, so they agree.
import { SyntaxKind, type Node, type SourceFile } from "../typescript";
import { invocationOf, isFunctionLike, type AsyncContext, type FunctionLike } from "../async-context";
import { isMemoizedLoad, isOnceGuarded } from "../memoized-load";
import { isPublicApiMethod, uncalledWhy, type StartupCallers } from "./startup-callers";
import { isFanOutKind, servingBetween, servingKindBetween, servingKindOf } from "./serving-evidence";
import { countsThroughCallers, countsWhereFound, type CallerEvidence } from "./caller-evidence";
import type { StartupMatcher } from "./startup-names";
import { classNameOf, functionNameOf } from "./function-names";
import { setsUpTheApplication } from "./application-setup";
import { runsOnceWhereWritten } from "./runs-once-where-written";
import { FileLocalCalls, fileLocalName } from "./file-local-calls";
import { isCallableFromOtherFiles } from "./callable-from-other-files";
import { isCliCommand } from "./cli-commands";
import { isKeptForTests } from "./kept-for-tests";
import { loadsConfiguration } from "./configuration-loaders";
import { isShutdownHandler } from "./shutdown-handlers";
import { identifiersNamedIn } from "../identifiers-by-text";
import { runsPerItem } from "../promise-syntax";
import { awaitingFunction } from "../promise-use";
import {
  callTaking,
  endsInItsCallersTurn,
  handlerEndsItsServingAfter,
  handlerExitsTheProcessAfter,
  itemRunsThroughWithoutWaiting,
  pollsUntilItSettles,
} from "./one-pass-paths";
import { runsInMochaRunnersTurn } from "./mocha-runner-events";

/** One function's pending answer: known, the same as another owner's, or every call's owner's (with exceptions). */
type Question =
  | { kind: "known"; fn: FunctionLike; value: boolean; why?: string; at?: Node }
  | { kind: "same-as"; fn: FunctionLike; owner: FunctionLike | SourceFile }
  | { kind: "calls"; fn: FunctionLike; calls: Node[]; next: number };

export class StartupPaths {
  private readonly memo = new Map<Node, boolean>();
  /** Evidence mode: which evidence showed that a function serves (see evidenceAt). */
  private readonly why = new Map<Node, string>();
  /** Evidence mode: where that evidence is (the handler, the registration, the uncalled method), for the message. */
  private readonly place = new Map<Node, Node>();
  private readonly localCalls: FileLocalCalls;
  /** One-at-a-time mode: the function asked about by runsOneAtATime, whose own name shows nothing. */
  private root: FunctionLike | undefined;

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
    /** The file's package is a command-line program only (FileAnalysis.inCommandLineOnlyPackage). */
    private readonly inCommandLineOnlyPackage = false,
    /**
     * Evidence mode, the rule's `requireConcurrencyEvidence`: only a root of concurrent work shows
     * that code serves (a request handler, a listener, a job processor, a watcher, a repeating
     * timer, a function registered as one). A fan-out item serves when the code around the fan-out
     * does, and a public method nothing in the project calls shows nothing (unless
     * `uncalledFunctionsServe`, the rule's `uncalledExports: "all"`, asks for such code).
     */
    private readonly rootsOnly = false,
    /**
     * "One at a time" (outside evidence mode; check-then-act-across-await's question, one-at-a-time.ts):
     * code counts as start-up only when no two of its runs can overlap. A fan-out item or a handler
     * is not; a call is start-up code's only when its function waits for it (`await f()`, `return f()`)
     * outside any per-item callback, or it runs at most once (memoized, behind a "done" flag); and
     * a function other files may call counts only in a command-line program (whose modules no other
     * package imports).
     */
    readonly oneAtATime = false,
  ) {
    this.localCalls = new FileLocalCalls(sourceFile, evidence);
  }

  /**
   * One-at-a-time mode: whether no two runs of `fn` can overlap, because it runs only on start-up
   * paths (a start-up function, a command, code that runs once where it is written) and every call
   * on the way waits for the one before (callRunsAlone). Its own name is no evidence: a function
   * that caches what it makes is written to be called again (`init()` called from every method).
   */
  runsOneAtATime(fn: FunctionLike): boolean {
    if (!this.oneAtATime) return false;
    this.memo.delete(fn);
    this.root = fn;
    try {
      return this.isStartup(fn);
    } finally {
      this.root = undefined;
    }
  }

  /**
   * One-at-a-time mode: whether this call of a function cannot overlap another call made on the
   * same path: no fan-out item or handler lies between it and its owner, and the owner waits for it
   * (awaits or returns it, promise-use.ts awaitingFunction), or at module top level it runs once.
   * Outside that mode every call does.
   */
  callRunsAlone(call: Node): boolean {
    if (!this.oneAtATime) return true;
    const owner = this.ownerOf(call);
    if (servingBetween(call, owner)) return false;
    if (owner.kind === SyntaxKind.SourceFile) return !runsPerItem(call);
    return awaitingFunction(call) === owner;
  }

  /** Whether code at `node` runs only in start-up code, or (evidence mode) in nothing shown to serve concurrent work. */
  isQuietAt(node: Node): boolean {
    const owner = this.ownerOf(node);
    const around = this.evidence ? this.onePassAround(node, owner) : undefined;
    if (around) return this.isQuietAt(around);
    if (this.evidence && this.counts(servingKindBetween(node, owner))) return false;
    return this.isStartup(owner);
  }

  /** Evidence mode, after isQuietAt(node) said no: the kind of evidence that the code serves. */
  evidenceAt(node: Node): string | undefined {
    const owner = this.ownerOf(node);
    const around = this.evidence ? this.onePassAround(node, owner) : undefined;
    if (around) return this.evidenceAt(around);
    const between = servingKindBetween(node, owner);
    return (this.counts(between) ? between : undefined) ?? this.why.get(owner);
  }

  /** Evidence mode, beside evidenceAt: where that evidence is (a handler, a registration, a task's dispatch), when known. */
  evidencePlaceAt(node: Node): Node | undefined {
    const owner = this.ownerOf(node);
    const around = this.evidence ? this.onePassAround(node, owner) : undefined;
    if (around) return this.evidencePlaceAt(around);
    const between = servingBetween(node, owner);
    return (between && this.counts(between.kind) ? between.at : undefined) ?? this.place.get(owner);
  }

  /**
   * The nearest serving code around `node` (up to its owner) shows no concurrent work on the
   * path through `node` (one-pass-paths.ts): a fan-out item that waits for nothing on it, a
   * handler that closes its one-shot server after it, a polling timer that settles the promise it
   * is made in. Then the call that takes that code (the `map`, the registration, the `setInterval`)
   * is where the answer is decided; otherwise undefined.
   */
  private onePassAround(node: Node, owner: FunctionLike | SourceFile): Node | undefined {
    // (Session 36) Whether the walk left a promise callback on its way out (see below).
    let chained = false;
    for (let n = node.parent; n; n = n.parent) {
      if (isFunctionLike(n)) {
        const kind = servingKindOf(n);
        if (kind) {
          const fn = n as FunctionLike;
          // Through a promise callback only the handler's own end counts: the callback runs after
          // the handler's turn, so a Mocha listener's "before its first await" says nothing there,
          // and a fan-out item's chain leaves work in flight anyway.
          const onePass = chained
            ? kind === "handler:listener" || kind === "handler:createServer"
              ? handlerEndsItsServingAfter(node, fn)
              : kind === "handler:route" && handlerExitsTheProcessAfter(node, fn)
            : kind === "fan-out:async-map" || kind === "fan-out:combinator"
              ? itemRunsThroughWithoutWaiting(node, fn)
              : kind === "handler:listener"
                ? handlerEndsItsServingAfter(node, fn) || runsInMochaRunnersTurn(node, fn)
                : kind === "handler:createServer"
                  ? handlerEndsItsServingAfter(node, fn)
                  : kind === "handler:route"
                    ? handlerExitsTheProcessAfter(node, fn)
                    : kind === "handler:setInterval"
                      ? pollsUntilItSettles(fn)
                      : false;
          return onePass ? callTaking(fn) : undefined;
        }
      }
      if (n === owner) {
        // (Session 36) A promise callback (`.then(tokens => ...)`) runs once per run of the code
        // around it, and is start-up code exactly when that code is (rule 3): a one-shot
        // server's handler that chains it, and closes its server in it after the call, serves
        // that one request there too. Found on unseen code: an SDK's browser sign-in server
        // storing the tokens of its code exchange in `fetch(...).then(...)`.
        if (owner.kind === SyntaxKind.SourceFile || invocationOf(owner as FunctionLike) !== "promise-callback" || !owner.parent) return undefined;
        chained = true;
        owner = this.ownerOf(owner.parent);
      }
    }
    return undefined;
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

  /**
   * Whether `fn` never runs: its package is a command-line program only (package-dependencies.ts
   * isCommandLineOnly: no other package can import its modules), and nothing in the project calls
   * it or hands it on (startup-callers.ts isUnreferenced). What its own signature shows (request
   * parameters) is then no evidence. Found on unseen code: an exported `(req, res, rule)` helper
   * of a command-line tool's emulator that no module imports, only its sibling export.
   */
  neverRuns(fn: FunctionLike): boolean {
    return this.inCommandLineOnlyPackage && !!this.callers?.isUnreferenced(fn);
  }

  /** The project's callers of the file's functions (rule 5), when the project is known. */
  callersInProject(): StartupCallers | undefined {
    return this.callers;
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
        if (q.why) this.noteWhy(q.fn, q.why, "", q.at);
      } else if (q.kind === "same-as") {
        // Runs once where it is written: start-up exactly when the code around it is.
        const value: boolean | undefined = answered ? answer : this.known(q.owner);
        answered = false;
        if (value === undefined) {
          ask(q.owner as FunctionLike);
          continue;
        }
        result = value;
        if (!value) this.noteWhy(q.fn, this.why.get(q.owner), "", this.place.get(q.owner));
      } else {
        // Every call must come from start-up code (or run at most once).
        if (answered) {
          answered = false;
          const call = q.calls[q.next]!;
          if (!answer && !this.isWeak(this.asyncContext.ownerOf(call)) && !isMemoizedLoad(call) && !isOnceGuarded(call)) {
            result = false;
            this.noteWhy(q.fn, this.why.get(this.asyncContext.ownerOf(call)), "<", this.place.get(this.asyncContext.ownerOf(call)));
          } else q.next++;
        }
        while (result === undefined && q.next < q.calls.length) {
          const call = q.calls[q.next]!;
          if (this.oneAtATime && !this.callRunsAlone(call) && !isMemoizedLoad(call) && !isOnceGuarded(call)) {
            result = false;
            break;
          }
          const between = this.evidence ? servingBetween(call, this.asyncContext.ownerOf(call)) : undefined;
          if (between && this.countsForCallees(between.kind)) {
            result = false;
            this.noteWhy(q.fn, between.kind, "<", between.at);
            break;
          }
          const value: boolean | undefined = this.known(this.asyncContext.ownerOf(call));
          if (value === undefined) break;
          if (!value && !this.isWeak(this.asyncContext.ownerOf(call)) && !isMemoizedLoad(call) && !isOnceGuarded(call)) {
            result = false;
            this.noteWhy(q.fn, this.why.get(this.asyncContext.ownerOf(call)), "<", this.place.get(this.asyncContext.ownerOf(call)));
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
            if (!result) this.noteWhy(q.fn, this.callers?.lastWhy ?? uncalledWhy(q.fn), "", this.callers?.lastWhy ? this.callers.lastPlace : q.fn);
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
    return countsWhereFound(kind, this.callerEvidence) && !(this.rootsOnly && isFanOutKind(kind));
  }

  /** Whether a caller's evidence also makes the functions it calls serve (caller-evidence.ts); outside evidence mode, any caller does. */
  countsForCallees(why: string | undefined): boolean {
    if (!this.evidence) return true;
    if (this.rootsOnly && isFanOutKind(why)) return false;
    return countsThroughCallers(why, this.callerEvidence);
  }

  private noteWhy(fn: Node, why: string | undefined, prefix: string, at: Node | undefined): void {
    if (!this.evidence) return;
    this.why.set(fn, prefix + (why ?? "?"));
    if (at) this.place.set(fn, at);
    else this.place.delete(fn);
  }

  /** Exported, or kept in the file but exported by assignment (`exports.f = f`): every call in the project is from start-up code. */
  private onlyStartupCallsInProject(fn: FunctionLike): boolean {
    if (this.evidence) {
      // Without the project (one file alone), a function others may call is a public entry point.
      // With roots required, only `uncalledExports: "all"` makes code nothing in the project calls serve.
      const uncalledCounts = !this.rootsOnly || this.uncalledFunctionsServe;
      if (!this.callers)
        return (
          !uncalledCounts ||
          !(isCallableFromOtherFiles(fn) && (this.uncalledFunctionsServe || (isPublicApiMethod(fn) && !endsInItsCallersTurn(fn))) && !isKeptForTests(fn))
        );
      return this.callers.quietInProject(fn, isCallableFromOtherFiles(fn), this.uncalledFunctionsServe, uncalledCounts);
    }
    // One at a time: other packages' code may call what its package lets them import, in any way.
    // (Here a file-private name is one exported another way: `export { f }`, `exports.f = f`.)
    if (this.oneAtATime && !this.inCommandLineOnlyPackage) return false;
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
    // A fan-out item written in a loader of the configuration or plugins: the loader decides (configuration-loaders.ts).
    if (serving && this.evidence && isFanOutKind(serving) && this.loaderAround(fn)) return { kind: "same-as", fn, owner: this.enclosing(fn) };
    if (serving && this.counts(serving) && !(serving === "request-params" && this.neverRuns(fn)))
      return { kind: "known", fn, value: false, why: serving, at: fn };
    // One item of a fan-out, with roots required: the code around the `map` or the limiter decides,
    // as for code written in it (its items run while that code's other work is in flight, or not).
    if (serving && this.rootsOnly && isFanOutKind(serving)) return { kind: "same-as", fn, owner: this.enclosing(fn) };
    // One at a time: a handler's or a fan-out item's runs overlap, whatever the code around it.
    if (this.oneAtATime && servingKindOf(fn)) return { kind: "known", fn, value: false };
    const name = functionNameOf(fn);
    if (name && fn !== this.root && this.matcher.test(name, classNameOf(fn))) return { kind: "known", fn, value: true };
    if (setsUpTheApplication(fn)) return { kind: "known", fn, value: true };
    if (isCliCommand(fn) || isShutdownHandler(fn)) return { kind: "known", fn, value: true };
    if (runsOnceWhereWritten(fn)) return { kind: "same-as", fn, owner: this.enclosing(fn) };
    if (this.evidence) {
      const through = this.localCalls.callsThroughWrapper(fn);
      if (through === "serves") return { kind: "known", fn, value: false, why: "wrapper-registered", at: fn };
      if (through === "once") return { kind: "known", fn, value: true };
      if (through?.length) return { kind: "calls", fn, calls: through, next: 0 };
    }
    const calls = this.localCalls.callsFromOutside(fn);
    if (calls === "serves") return { kind: "known", fn, value: false, why: "registered-by-reference", at: fn };
    if (calls?.length) return { kind: "calls", fn, calls, next: 0 };
    if (this.evidence && this.localCalls.registeredThroughThis(fn)) return { kind: "known", fn, value: false, why: "registered-by-reference", at: fn };
    const value = this.onlyStartupCallsInProject(fn);
    return {
      kind: "known",
      fn,
      value,
      why: value ? undefined : (this.callers?.lastWhy ?? uncalledWhy(fn)),
      at: this.callers?.lastWhy ? this.callers.lastPlace : fn,
    };
  }

  /** Whether the function `fn` is written in (its code's owner) loads the configuration or plugins by its name. */
  private loaderAround(fn: FunctionLike): boolean {
    const around = this.enclosing(fn);
    if (around.kind === SyntaxKind.SourceFile) return false;
    const name = functionNameOf(around as FunctionLike);
    return !!name && loadsConfiguration(name, classNameOf(around as FunctionLike));
  }

  /** The function (or top level) whose code `fn` is part of: the owner of the place where it is written. */
  private enclosing(fn: FunctionLike): FunctionLike | SourceFile {
    return fn.parent ? this.asyncContext.ownerOf(fn.parent) : this.sourceFile;
  }
}

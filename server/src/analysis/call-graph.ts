// Per-function summaries of the project's own code, for rules that follow calls through
// helpers ("readConfig() → fs.readFileSync (config.ts:12)"). Facts are plain data (keys,
// ranges, labels), computed once per file and kept across snapshots until that file, or a
// file it calls into, changes.
import type { Range } from "./findings";

/** `fileName:index` of the node that declares a function (see `declaringNode`). */
export type FunctionKey = string;

export interface Site {
  fileName: string;
  range: Range;
  label: string;
  /** What kind of effect this is, for graphs whose effects come in kinds (e.g. which I/O resource). */
  kind?: string;
  /** A possible effect rather than a certain one: a certain one further down the calls is preferred. */
  weak?: boolean;
  /**
   * The effect happens only through the function the caller passes as this parameter: not the
   * function's own (chains skip it), for callers that look at their arguments.
   */
  parameter?: number;
  /** An effect that matters less (reported at a lower severity): `majorChainOf` looks past it. */
  minor?: boolean;
  /** What the effect is made of, for graphs that tell effects apart (may-reject: the identities of the error a throw throws, error-filters.ts). */
  errors?: readonly string[];
}

export interface FunctionFacts {
  key: FunctionKey;
  name: string;
  /** Async functions and promise callbacks: their own effects are reported where they stand. */
  isAsyncContext: boolean;
  /** Effects this function has itself (e.g. blocking calls), in source order. */
  effects: Site[];
  /**
   * Calls to other project functions, in source order. `unlessError`: the caller handles the
   * target's effects made of these (may-reject: a catch that handles those errors, error-filters.ts).
   */
  calls: (Site & { target: FunctionKey; unlessError?: readonly string[] })[];
}

export interface FileFacts {
  fileName: string;
  functions: Map<FunctionKey, FunctionFacts>;
  /** Files whose functions these facts point into. */
  dependsOn: Set<string>;
}

/**
 * The facts of a file's functions, each computed when it is first asked for (a file analysed
 * apart in bulk, whose collector says which functions may have facts: see `AnalysisApart`). Most
 * of such a file's functions are never asked about, and each asked one costs only its own calls'
 * questions. `get` and `has` compute the one function; anything that lists the functions
 * computes them all first.
 */
export class FunctionFactsOnDemand extends Map<FunctionKey, FunctionFacts> {
  private readonly asked = new Set<FunctionKey>();
  private readonly candidateSet: ReadonlySet<FunctionKey>;

  /**
   * @param candidates the keys that may have facts (the others have none)
   * @param compute one function's facts; undefined when it has none
   * @param begin several functions' facts: puts and sends their questions now, and returns what
   * reads the answers and computes the facts (so that several files' questions travel together)
   */
  constructor(
    private readonly candidates: readonly FunctionKey[],
    private readonly compute: (key: FunctionKey) => FunctionFacts | undefined,
    private readonly beginMany?: (keys: readonly FunctionKey[]) => () => ReadonlyMap<FunctionKey, FunctionFacts>,
  ) {
    super();
    this.candidateSet = new Set(candidates);
  }

  /** Whether a function's facts are still to be computed. */
  get pending(): boolean {
    return this.candidates.some(key => !this.asked.has(key));
  }

  private ensure(key: FunctionKey): void {
    if (this.asked.has(key)) return;
    this.asked.add(key);
    if (!this.candidateSet.has(key)) return;
    const facts = this.compute(key);
    if (facts) super.set(key, facts);
  }

  /**
   * Starts computing the facts of those of `keys` not asked yet, together: their questions go
   * out now (with other files' questions: one key each is worth it), and the function returned
   * reads the answers and keeps the facts. Undefined when there is nothing to compute, or the
   * collector computes one function at a time only.
   */
  begin(keys: Iterable<FunctionKey>): (() => void) | undefined {
    if (!this.beginMany) return undefined;
    const todo = [...new Set(keys)].filter(key => !this.asked.has(key) && this.candidateSet.has(key));
    if (!todo.length) return undefined;
    for (const key of todo) this.asked.add(key);
    const finish = this.beginMany(todo);
    return () => {
      for (const [key, facts] of finish()) super.set(key, facts);
    };
  }

  /** Computes every function's facts (before the snapshot they are asked in goes away). */
  computeAll(): void {
    this.begin(this.candidates)?.();
    for (const key of this.candidates) this.ensure(key);
  }

  override get(key: FunctionKey): FunctionFacts | undefined {
    this.ensure(key);
    return super.get(key);
  }

  override has(key: FunctionKey): boolean {
    this.ensure(key);
    return super.has(key);
  }

  override get size(): number {
    this.computeAll();
    return super.size;
  }

  override keys(): MapIterator<FunctionKey> {
    this.computeAll();
    return super.keys();
  }

  override values(): MapIterator<FunctionFacts> {
    this.computeAll();
    return super.values();
  }

  override entries(): MapIterator<[FunctionKey, FunctionFacts]> {
    this.computeAll();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[FunctionKey, FunctionFacts]> {
    return this.entries();
  }

  override forEach(callback: (value: FunctionFacts, key: FunctionKey, map: Map<FunctionKey, FunctionFacts>) => void, thisArg?: unknown): void {
    this.computeAll();
    super.forEach(callback, thisArg);
  }
}

/** A path from a call to the effect that makes it matter: each step is a call, the last the effect. */
export type Chain = Site[];

export function functionKey(fileName: string, nodeIndex: number): FunctionKey {
  return `${fileName}:${nodeIndex}`;
}

function fileOfKey(key: FunctionKey): string {
  return key.slice(0, key.lastIndexOf(":"));
}

const maxDepth = 25;

/** Answers per function, forgotten file by file (see `CallGraph.forgetSummaries`). */
class MemoByFile<V> {
  private readonly answers = new Map<FunctionKey, V>();
  private readonly keysByFile = new Map<string, FunctionKey[]>();

  get(key: FunctionKey): V | undefined {
    return this.answers.get(key);
  }

  set(key: FunctionKey, value: V): void {
    if (!this.answers.has(key)) {
      const file = fileOfKey(key);
      (this.keysByFile.get(file) ?? this.keysByFile.set(file, []).get(file)!).push(key);
    }
    this.answers.set(key, value);
  }

  forget(files: ReadonlySet<string>): void {
    for (const file of files) {
      for (const key of this.keysByFile.get(file) ?? []) this.answers.delete(key);
      this.keysByFile.delete(file);
    }
  }

  clear(): void {
    this.answers.clear();
    this.keysByFile.clear();
  }
}
const noKinds: ReadonlySet<string> = new Set();
const anyKind: ReadonlySet<string> = new Set(["async"]);

/**
 * Finds declarations again after their file changed (declaration-signatures.ts), in the snapshot
 * current when it is asked: `signatureOf` before the change reaches the compiler, `keysOf` after.
 */
export interface DeclarationLocator {
  /** What the declaration at `key` is (kind, container, name, header); undefined when unknown. */
  signatureOf(key: FunctionKey): string | undefined;
  /** For each signature, the keys of the declarations of `fileName` that have it now. */
  keysOf(fileName: string, signatures: ReadonlySet<string>): Map<string, FunctionKey[]>;
  /**
   * What the file's tree is now (opaque), taken with the signatures: after an edit that moved its
   * indices by a known shift, `movedKey` finds a declaration at its new index without a search.
   */
  treeOf?(fileName: string): unknown;
  /** The key now of the declaration `key` named in the tree `before`, when the edit's shift tells it and the signature there is the same; else undefined (`keysOf` searches). */
  movedKey?(key: FunctionKey, signature: string, before: unknown): FunctionKey | undefined;
}

/** A callee in a changed file: what its declaration was (signature) and the tree its key was taken in. */
interface MovedCallee {
  signature: string;
  before: unknown;
}

export class CallGraph {
  private readonly files = new Map<string, FileFacts>();
  private readonly summaries = new MemoByFile<Chain | null>();
  private readonly majorSummaries = new MemoByFile<Chain | null>();
  private readonly reaches = new MemoByFile<Chain | null>();
  private readonly kindSets = new MemoByFile<ReadonlySet<string>>();
  /** For each file, the files whose summaries were computed from its facts (through a call into it). */
  private readonly readers = new Map<string, Set<string>>();
  /** Files whose facts a change dropped, not computed since: likely asked again soon (the file in the editor). */
  private readonly dropped = new Set<string>();
  /** Kept facts whose calls point into a changed file: the old keys there and their declarations' signatures. */
  private readonly moved = new Map<string, Map<FunctionKey, MovedCallee>>();

  /**
   * @param compute computes the facts of a project file, or undefined when it is not one.
   * @param locator lets the facts of a changed file's callers follow its declarations to their new keys.
   */
  constructor(
    private readonly compute: (fileName: string) => FileFacts | undefined,
    private readonly locator?: DeclarationLocator,
    /** Computes several files' facts, their questions sent together (`compute`'s answers, in order). */
    private readonly computeMany?: (fileNames: readonly string[]) => (FileFacts | undefined)[],
  ) {}

  /** Stores facts computed while linting a file (saves computing them again). */
  put(facts: FileFacts): void {
    this.files.set(facts.fileName, facts);
    this.moved.delete(facts.fileName);
    this.dropped.delete(facts.fileName);
    this.forgetSummaries([facts.fileName]);
  }

  /**
   * Drops the facts of changed files and of the files that point into them. Not of the files
   * that point into those: facts point into another file only through keys (the node indices of
   * its declarations), and an edit moves the indices of the changed file alone. The callers'
   * callers keep keys into files whose text did not change, so their facts stand; the chains
   * through them are summaries, recomputed from the facts on demand. (Dropping the whole chain of
   * callers made one keystroke in a file many files call into re-analyse most of the project.)
   */
  invalidate(changed: Iterable<string>): void {
    const changedFiles = new Set(changed);
    const dirty = new Set(changedFiles);
    for (const [fileName, facts] of [...this.files]) {
      if (dirty.has(fileName)) continue;
      if (![...facts.dependsOn].some(dep => changedFiles.has(dep))) continue;
      // A caller's facts depend on the changed file only through the keys of the declarations
      // they call there: kept when each of those can be found again after the change.
      if (!this.keepMoving(fileName, changedFiles)) dirty.add(fileName);
    }
    // Before the dirty facts go: their `dependsOn` says who reached the changed files through them.
    this.forgetSummaries(changedFiles);
    for (const f of dirty) {
      if (this.files.delete(f)) this.dropped.add(f);
      this.moved.delete(f);
    }
  }

  /**
   * The summaries are computed from the facts on demand. A function's summary reads only the facts
   * of the files its calls reach, so a change of `changed` drops the summaries of those files and
   * of every file whose summaries read them, directly or through others; the rest stand (a
   * keystroke in one file no longer makes every question about the project's helpers start over).
   */
  private forgetSummaries(changed: Iterable<string>): void {
    const reached = new Set<string>(changed);
    const todo = [...reached];
    for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
      for (const reader of this.readers.get(file) ?? []) {
        if (reached.has(reader)) continue;
        reached.add(reader);
        todo.push(reader);
      }
      // Its readers' summaries go now; those asked again note their reads again.
      this.readers.delete(file);
    }
    for (const memo of [this.summaries, this.majorSummaries, this.reaches, this.kindSets]) memo.forget(reached);
  }

  /** Notes that the summaries of `key`'s file follow its calls into other files (see `forgetSummaries`). */
  private noteReads(key: FunctionKey, calls: FunctionFacts["calls"]): void {
    const from = fileOfKey(key);
    for (const call of calls) {
      const to = fileOfKey(call.target);
      if (to === from) continue;
      const readers = this.readers.get(to);
      if (readers) readers.add(from);
      else this.readers.set(to, new Set([from]));
    }
  }

  clear(): void {
    this.files.clear();
    this.moved.clear();
    this.dropped.clear();
    for (const memo of [this.summaries, this.majorSummaries, this.reaches, this.kindSets]) memo.clear();
    this.readers.clear();
  }

  /** One function's facts, by its key (its file's facts computed as `factsOfFile` does). */
  factsOfFunction(key: FunctionKey): FunctionFacts | undefined {
    return this.factsOfFile(fileOfKey(key))?.functions.get(key);
  }

  factsOfFile(fileName: string): FileFacts | undefined {
    if (this.moved.has(fileName)) this.follow(fileName);
    let facts = this.files.get(fileName);
    if (!facts) {
      facts = this.compute(fileName);
      if (facts) {
        this.files.set(fileName, facts);
        this.dropped.delete(fileName);
      }
    }
    return facts;
  }

  /** Whether the graph holds the file's facts (computed, offered or put). */
  hasFactsOf(fileName: string): boolean {
    return this.files.has(fileName);
  }

  /** Whether a change dropped the file's facts and nobody computed them since (see `offer`). */
  wantsAgain(fileName: string): boolean {
    return this.dropped.has(fileName) && !this.files.has(fileName);
  }

  /**
   * Facts computed during a lint of their own file (in its pass and batch, instead of a separate
   * analysis when a rule first asks): stored unless the file's facts are there already.
   */
  offer(facts: FileFacts): void {
    if (this.files.has(facts.fileName)) return;
    this.put(facts);
  }

  /**
   * Before `changed` reach the compiler: notes the signatures of the declarations the file's
   * facts call in them. False when the facts cannot follow (no locator, a declaration unknown).
   */
  private keepMoving(fileName: string, changed: ReadonlySet<string>): boolean {
    if (!this.locator) return false;
    // Keys noted at an earlier change are resolved first, in the snapshot they were meant for.
    if (this.moved.has(fileName) && !this.follow(fileName)) return false;
    const facts = this.files.get(fileName)!;
    const moved = new Map<FunctionKey, MovedCallee>();
    const trees = new Map<string, unknown>();
    for (const fn of facts.functions.values()) {
      for (const call of fn.calls) {
        const file = fileOfKey(call.target);
        if (!changed.has(file) || moved.has(call.target)) continue;
        const signature = this.locator.signatureOf(call.target);
        if (signature === undefined) return false;
        if (!trees.has(file)) trees.set(file, this.locator.treeOf?.(file));
        moved.set(call.target, { signature, before: trees.get(file) });
      }
    }
    if (moved.size) this.moved.set(fileName, moved);
    return true;
  }

  /**
   * Rewrites the kept facts of a file to the new keys of the declarations they call; drops them
   * (to be computed again) when a declaration is gone, changed its header, or is not the only one
   * with its signature (unless the edit's shift names it: `movedKey`). Returns whether the facts were kept.
   */
  private follow(fileName: string): boolean {
    const moved = this.moved.get(fileName)!;
    this.moved.delete(fileName);
    const facts = this.files.get(fileName);
    if (!facts) return false;
    const newKeyOf = new Map<FunctionKey, FunctionKey>();
    // Where the edit's shift tells (the declarations outside the edited function), no search.
    if (this.locator!.movedKey) {
      for (const [key, { signature, before }] of moved) {
        const now = this.locator!.movedKey(key, signature, before);
        if (now !== undefined) newKeyOf.set(key, now);
      }
    }
    const byFile = new Map<string, Set<string>>();
    for (const [key, { signature }] of moved) {
      if (newKeyOf.has(key)) continue;
      const file = fileOfKey(key);
      (byFile.get(file) ?? byFile.set(file, new Set()).get(file)!).add(signature);
    }
    for (const [file, signatures] of byFile) {
      const found = this.locator!.keysOf(file, signatures);
      for (const [key, { signature }] of moved) {
        if (fileOfKey(key) !== file || newKeyOf.has(key)) continue;
        const keys = found.get(signature);
        if (keys?.length !== 1) {
          this.files.delete(fileName);
          return false;
        }
        newKeyOf.set(key, keys[0]!);
      }
    }
    const functions = new Map<FunctionKey, FunctionFacts>();
    for (const [key, fn] of facts.functions) {
      functions.set(key, { ...fn, calls: fn.calls.map(c => (newKeyOf.has(c.target) ? { ...c, target: newKeyOf.get(c.target)! } : c)) });
    }
    this.files.set(fileName, { ...facts, functions });
    return true;
  }

  /**
   * Before a function's calls are followed one by one: their files are analysed (the trees
   * requested together), and the facts those files compute as asked (files analysed apart,
   * `FunctionFactsOnDemand`) are computed for all the callees at once, each file's questions sent
   * before any answer is read. One by one, each callee was a round trip or two of its own.
   */
  private computeAhead(calls: FunctionFacts["calls"]): void {
    if (calls.length < 2) return;
    // Callees in files not analysed yet: analysed together.
    const unseen = [...new Set(calls.map(call => fileOfKey(call.target)))].filter(file => !this.files.has(file) && !this.moved.has(file));
    if (unseen.length > 1 && this.computeMany) {
      this.computeMany(unseen).forEach((facts, i) => {
        if (!facts || this.files.has(unseen[i]!)) return;
        this.files.set(unseen[i]!, facts);
        this.dropped.delete(unseen[i]!);
      });
    } else for (const file of unseen) this.factsOfFile(file);
    const byFile = new Map<string, FunctionKey[]>();
    for (const call of calls) {
      const file = fileOfKey(call.target);
      if (!(this.files.get(file)?.functions instanceof FunctionFactsOnDemand)) continue;
      (byFile.get(file) ?? byFile.set(file, []).get(file)!).push(call.target);
    }
    const finishers: (() => void)[] = [];
    for (const [file, keys] of byFile) {
      const finish = (this.files.get(file)!.functions as FunctionFactsOnDemand).begin(keys);
      if (finish) finishers.push(finish);
    }
    for (const finish of finishers) finish();
  }

  /**
   * The chain from calling `key` to an effect, if calling it (synchronously) has one.
   * Functions that are async context themselves have none: their effects are reported inside them.
   */
  chainOf(key: FunctionKey): Chain | undefined {
    return this.visit(key, new Set(), 0) ?? undefined;
  }

  /**
   * The chain from calling `key` to an effect anywhere below it, async functions included: for
   * questions like "does calling this do I/O?", where an async callee's effects count too.
   */
  reachOf(key: FunctionKey): Chain | undefined {
    return this.visitReach(key, new Map(), 0).chain ?? undefined;
  }

  /**
   * `low`: the smallest depth of a function on the path the search ran into below `key` (a cycle
   * cut short), -1 when it stopped at the depth limit. A "reaches nothing" found with no such cut
   * (`low >= depth`) holds whatever the path: kept, so that a graph full of cycles that reach
   * nothing is searched once, not once per question.
   */
  private visitReach(key: FunctionKey, onPath: Map<FunctionKey, number>, depth: number): { chain: Chain | null; low: number } {
    const memo = this.reaches.get(key);
    if (memo !== undefined) return { chain: memo, low: Infinity };
    const onPathAt = onPath.get(key);
    if (onPathAt !== undefined) return { chain: null, low: onPathAt };
    if (depth > maxDepth) return { chain: null, low: -1 };
    const facts = this.factsOfFile(fileOfKey(key))?.functions.get(key);
    if (!facts) {
      this.reaches.set(key, null);
      return { chain: null, low: Infinity };
    }
    const own = facts.effects.find(e => e.parameter === undefined);
    let chain: Chain | null = own ? [own] : null;
    let low = Infinity;
    onPath.set(key, depth);
    // A certain effect further down beats a possible one here.
    if (!chain || chain[0]!.weak) {
      this.noteReads(key, facts.calls);
      this.computeAhead(facts.calls);
      for (const call of facts.calls) {
        const below = this.visitReach(call.target, onPath, depth + 1);
        low = Math.min(low, below.low);
        const rest = below.chain;
        if (!rest || (chain && rest[rest.length - 1]!.weak)) continue;
        chain = [call, ...rest];
        if (!rest[rest.length - 1]!.weak) break;
      }
    }
    onPath.delete(key);
    if (chain || onPath.size === 0 || low >= depth) this.reaches.set(key, chain);
    return { chain, low };
  }

  /**
   * Every kind of effect calling `key` can reach, async callees included: for questions like "does
   * this work touch only the file system?", which one other kind anywhere below answers no. A
   * possible effect, a call of what the caller passes in and calls past the depth limit count as
   * "async" (anything). A function the graph has no facts of reaches nothing.
   */
  kindsReached(key: FunctionKey): ReadonlySet<string> {
    return this.visitKinds(key, new Set(), 0, new Map()).kinds;
  }

  /**
   * `scratch` holds, for this one question, the sets found while a cycle was open or below the depth
   * limit's cut: each function is visited once per question (a class whose methods call each other
   * would otherwise be walked once per path). Such a set may miss the kinds of the functions on the path above it, which the
   * question's own function gathers anyway; only complete sets are kept across questions.
   */
  private visitKinds(
    key: FunctionKey,
    onPath: Set<FunctionKey>,
    depth: number,
    scratch: Map<FunctionKey, ReadonlySet<string>>,
  ): { kinds: ReadonlySet<string>; partial: boolean } {
    const memo = this.kindSets.get(key);
    if (memo) return { kinds: memo, partial: false };
    const seen = scratch.get(key);
    if (seen) return { kinds: seen, partial: true };
    // Cut by the depth limit: an answer of this path, not of the function (asked first, it may see
    // to the end), so the sets above it are not remembered across questions.
    if (depth > maxDepth) return { kinds: anyKind, partial: true };
    // Recursion: the kinds of the rest of the cycle are added where it opened.
    if (onPath.has(key)) return { kinds: noKinds, partial: true };
    const facts = this.factsOfFile(fileOfKey(key))?.functions.get(key);
    if (!facts) {
      this.kindSets.set(key, noKinds);
      return { kinds: noKinds, partial: false };
    }
    const kinds = new Set<string>();
    for (const e of facts.effects) kinds.add(e.parameter === undefined && e.kind ? e.kind : "async");
    let partial = false;
    onPath.add(key);
    this.noteReads(key, facts.calls);
    this.computeAhead(facts.calls);
    for (const call of facts.calls) {
      const below = this.visitKinds(call.target, onPath, depth + 1, scratch);
      for (const k of below.kinds) kinds.add(k);
      partial ||= below.partial;
    }
    onPath.delete(key);
    if (!partial || onPath.size === 0) this.kindSets.set(key, kinds);
    else scratch.set(key, kinds);
    return { kinds, partial: partial && onPath.size > 0 };
  }

  /** Like `chainOf`, to an effect that is not `minor` (a helper may do both: the costlier one names it). */
  majorChainOf(key: FunctionKey): Chain | undefined {
    return this.visit(key, new Set(), 0, true) ?? undefined;
  }

  private visit(key: FunctionKey, onPath: Set<FunctionKey>, depth: number, majorOnly = false): Chain | null {
    const summaries = majorOnly ? this.majorSummaries : this.summaries;
    const memo = summaries.get(key);
    if (memo !== undefined) return memo;
    if (onPath.has(key) || depth > maxDepth) return null; // recursion: the rest of the cycle decides
    const facts = this.factsOfFile(fileOfKey(key))?.functions.get(key);
    if (!facts || facts.isAsyncContext) {
      summaries.set(key, null);
      return null;
    }
    const effect = majorOnly ? facts.effects.find(e => !e.minor) : facts.effects[0];
    let chain: Chain | null = effect ? [effect] : null;
    if (!chain) {
      onPath.add(key);
      this.noteReads(key, facts.calls);
      this.computeAhead(facts.calls);
      for (const call of facts.calls) {
        const rest = this.visit(call.target, onPath, depth + 1, majorOnly);
        if (rest) {
          chain = [call, ...rest];
          break;
        }
      }
      onPath.delete(key);
    }
    // A null found while a cycle was open may be incomplete; only memoise at the cycle's root.
    if (chain || onPath.size === 0) summaries.set(key, chain);
    return chain;
  }
}

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
}

export interface FunctionFacts {
  key: FunctionKey;
  name: string;
  /** Async functions and promise callbacks: their own effects are reported where they stand. */
  isAsyncContext: boolean;
  /** Effects this function has itself (e.g. blocking calls), in source order. */
  effects: Site[];
  /** Calls to other project functions, in source order. */
  calls: (Site & { target: FunctionKey })[];
}

export interface FileFacts {
  fileName: string;
  functions: Map<FunctionKey, FunctionFacts>;
  /** Files whose functions these facts point into. */
  dependsOn: Set<string>;
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

export class CallGraph {
  private readonly files = new Map<string, FileFacts>();
  private readonly summaries = new Map<FunctionKey, Chain | null>();
  private readonly majorSummaries = new Map<FunctionKey, Chain | null>();
  private readonly reaches = new Map<FunctionKey, Chain | null>();

  /** @param compute computes the facts of a project file, or undefined when it is not one. */
  constructor(private readonly compute: (fileName: string) => FileFacts | undefined) {}

  /** Stores facts computed while linting a file (saves computing them again). */
  put(facts: FileFacts): void {
    this.files.set(facts.fileName, facts);
    this.summaries.clear();
    this.majorSummaries.clear();
    this.reaches.clear();
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
    for (const [fileName, facts] of this.files) {
      if (dirty.has(fileName)) continue;
      for (const dep of facts.dependsOn) if (changedFiles.has(dep)) { dirty.add(fileName); break; }
    }
    for (const f of dirty) this.files.delete(f);
    this.summaries.clear();
    this.majorSummaries.clear();
    this.reaches.clear();
  }

  clear(): void {
    this.files.clear();
    this.summaries.clear();
    this.majorSummaries.clear();
    this.reaches.clear();
  }

  factsOfFile(fileName: string): FileFacts | undefined {
    let facts = this.files.get(fileName);
    if (!facts) {
      facts = this.compute(fileName);
      if (facts) this.files.set(fileName, facts);
    }
    return facts;
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
    return this.visitReach(key, new Set(), 0) ?? undefined;
  }

  private visitReach(key: FunctionKey, onPath: Set<FunctionKey>, depth: number): Chain | null {
    const memo = this.reaches.get(key);
    if (memo !== undefined) return memo;
    if (onPath.has(key) || depth > maxDepth) return null;
    const facts = this.factsOfFile(fileOfKey(key))?.functions.get(key);
    if (!facts) {
      this.reaches.set(key, null);
      return null;
    }
    const own = facts.effects.find(e => e.parameter === undefined);
    let chain: Chain | null = own ? [own] : null;
    onPath.add(key);
    // A certain effect further down beats a possible one here.
    if (!chain || chain[0]!.weak) {
      for (const call of facts.calls) {
        const rest = this.visitReach(call.target, onPath, depth + 1);
        if (!rest || (chain && rest[rest.length - 1]!.weak)) continue;
        chain = [call, ...rest];
        if (!rest[rest.length - 1]!.weak) break;
      }
    }
    onPath.delete(key);
    if (chain || onPath.size === 0) this.reaches.set(key, chain);
    return chain;
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
      for (const call of facts.calls) {
        const rest = this.visit(call.target, onPath, depth + 1, majorOnly);
        if (rest) { chain = [call, ...rest]; break; }
      }
      onPath.delete(key);
    }
    // A null found while a cycle was open may be incomplete; only memoise at the cycle's root.
    if (chain || onPath.size === 0) summaries.set(key, chain);
    return chain;
  }
}

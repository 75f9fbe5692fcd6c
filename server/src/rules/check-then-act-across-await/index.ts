// check-then-act-across-await: in an async function, a shared location (a field of `this`, a
// module variable, an entry of a Map or object held in one) is found absent, the function awaits,
// and then it fills the location. Calls that overlap all find it absent and all do the work; the
// last write wins. Reported only when that work reaches a resource whose second use costs
// something (a request, a connection, a query, a process): a duplicate computed in memory or read
// from the same file is harmless. Docs: docs/rules/check-then-act-across-await.md
import { SyntaxKind, type Node } from "../../analysis/typescript";
import { isAsyncFunction, isFunctionLike, type FunctionLike } from "../../analysis/async-context";
import { isBrowserFile, isTestFile } from "../../analysis/file-kinds";
import { rangeOf } from "../../analysis/positions";
import { skipOuterExpressions } from "../../analysis/syntax";
import type { FileAnalysis, Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { racesIn, serializedPrivateMethods, type Race } from "./races";
import { needPendingTypes, pendingFix, pendingShape, type PendingShape } from "./pending-fix";
import type { Location } from "./locations";
import { WorkIo } from "../../analysis/io/work-io";
import { collectIoCalls, ioCallsSummary } from "../../analysis/io/io-call-collector";
import type { IoKind } from "../../analysis/io/io-kinds";
import { inUncalledCode } from "../../analysis/uncalled-code";
import { OneAtATime } from "../../analysis/run-mode/one-at-a-time";
import { isWordCharCode } from "../../analysis/comment-starts";

const optionsSchema = {
  checkEntries: option.boolean(
    "Also report entries of a Map or object held in a field or a module variable (`if (!cache.has(k)) cache.set(k, await load(k))`).",
    true,
  ),
  ignoreTestFiles: option.boolean("Skip test files (`*.test.ts`, `__tests__/`, `test/`).", true),
};

export type CheckThenActAcrossAwaitOptions = OptionsOf<typeof optionsSchema>;
export type MessageId = "lazyInit" | "entry";

const functionKinds = [
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.MethodDeclaration,
  SyntaxKind.GetAccessor,
] as const;

/** Map's own methods, declared by the compiler's default library. */
const mapOwners = new Set(["Map", "WeakMap"]);
const defaultLibrary = /\/lib\.[\w.]*\.d\.ts$|\/typescript\/lib\//;

export const checkThenActAcrossAwait: Rule<CheckThenActAcrossAwaitOptions, MessageId> = {
  meta: {
    id: "check-then-act-across-await",
    description:
      "A shared field, module variable or cache entry found absent, then filled after an await: calls that overlap all find it absent, all do the work, and the last write wins.",
    defaultSeverity: "warning",
    enabledByDefault: false,
    fixable: true,
    messages: {
      lazyInit:
        "`{{location}}` is found absent, and filled only after an `await`: a second call that arrives meanwhile finds it absent too and does the same work (a second connection, a duplicate load), and the last write wins. Keep the call in flight beside it, so that later calls share it and a failure lets the next one try again: `{{location}}Pending ??= connect().finally(() => { {{location}}Pending = undefined })`, then `{{location}} = await {{location}}Pending` (the quick-fix writes this where it can).",
      entry:
        "The entry `{{location}}` is found absent, and set only after an `await`: a second call for the same key that arrives meanwhile finds it absent too and does the same work, and the last write wins. Keep the call in flight in a second map with the same keys (set at once, deleted when it settles), so that later calls for the key wait for the first and a failure lets the next one try again (the quick-fix writes this where it can).",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions: options => validateAgainst(optionsSchema, options),
  // A race is found in one async function's own body, and reported there; what is shared is
  // decided by the declaration of the name (a module variable: the file outside functions).
  scope: "function",
  create(context) {
    const found: Race[] = [];
    // The async function each race is in (asked in decide whether its runs can overlap).
    const functionOf = new Map<Race, FunctionLike>();
    // The races whose write the fix can rewrite (pending-fix.ts).
    const shapes = new Map<Race, PendingShape>();
    // What the awaited work reaches, through the project's functions' I/O summaries. The graph is
    // asked for only when some work calls a project function (the rule then runs on the whole
    // file: see Rule.scope); work that calls an API directly is decided by its symbol alone.
    const graph = () => context.callGraph(collectIoCalls, ioCallsSummary);
    const io = new WorkIo(context, graph);
    const skipFile = (context.options.ignoreTestFiles && isTestFile(context)) || isBrowserFile(context);
    // Private methods run only inside their class's lock or promise chain: read from the other
    // methods of the class, so they are part of the whole-file key (see Rule.scope).
    const serialized = skipFile ? new Map<Node, string>() : serializedPrivateMethods(context.sourceFile);
    return {
      // Whether the file is browser code reads its whole text (see Rule.scope); so does the fix's
      // choice of a free name for the pending location (the names of that form the file uses).
      wholeFileKey: `${skipFile}|${[...serialized.values()].join(",")}|${skipFile ? "" : pendingNamesUsed(context.sourceFile.text)}`,
      visitKinds: functionKinds,
      visit(node) {
        if (skipFile || !isFunctionLike(node) || !isAsyncFunction(node)) return;
        for (const race of racesIn(node as FunctionLike, serialized)) {
          const { location } = race.write;
          if (location.kind === "entry" && !context.options.checkEntries) continue;
          if (location.name) context.queries.needSymbol(location.name);
          if (location.mapMethod) context.queries.needSymbol(location.mapMethod);
          for (const judged of race.judged) io.prepare(judged);
          found.push(race);
          functionOf.set(race, node as FunctionLike);
          const shape = pendingShape(race, node as FunctionLike);
          if (shape) {
            needPendingTypes(context, shape);
            shapes.set(race, shape);
          }
        }
      },
      decide() {
        let oneAtATime: OneAtATime | undefined; // built on the first race that reaches a costly resource
        for (const race of found) {
          const { location } = race.write;
          if (!isShared(context, location)) continue;
          const resource = costlyResourceOf(io, race);
          if (!resource) continue;
          // Code nothing can call (analysis/uncalled-code.ts, shared with missing-timeout,
          // retry-without-backoff and blocking-call-in-async): no call of it can overlap another.
          // The answer reads the module's other functions and its importers, so the rule then
          // runs whole: asking for the graph says so to the engine (Rule.scope).
          graph();
          if (inUncalledCode(context, race.write.node)) continue;
          // Calls that cannot overlap (analysis/run-mode/one-at-a-time.ts, the start-up paths
          // blocking-call-in-async asks too): the function runs only on start-up or one-shot paths,
          // each call awaited before the next (a command's steps, a start-up check), so no second
          // call finds the location absent while the first awaits.
          if ((oneAtATime ??= new OneAtATime(context)).runsOneAtATime(functionOf.get(race)!)) continue;
          const entry = location.kind === "entry";
          const shape = shapes.get(race);
          const fix = shape && pendingFix(context, shape);
          context.report({
            node: race.write.node,
            messageId: entry ? "entry" : "lazyInit",
            data: { location: location.text, map: location.text.replace(/\.get\(.*$|\[.*$/, "") },
            related: [
              { fileName: context.fileName, range: rangeOf(context.sourceFile, race.test), message: "found absent here" },
              { fileName: context.fileName, range: rangeOf(context.sourceFile, race.wait), message: "other calls run while this awaits" },
            ],
            // Precision per resource the duplicated work reaches (http, network, database, process, worker).
            basis: resource,
            ...(fix ? { fixes: [fix] } : {}),
          });
        }
      },
    };
  },
};

/**
 * The names of the form the fix gives a pending location (`connPending`, `connInFlight`) that the
 * file already uses, sorted: the words (runs of `[\w$]`) ending in such a suffix after at least one
 * character, what `/[\w$]+(?:Pending|InFlight)(?![\w$])/g` matches. Found from the suffixes: that
 * regex retried every position of every word of the file, on every keystroke (part of the key).
 */
function pendingNamesUsed(text: string): string {
  const names = new Set<string>();
  for (const suffix of ["Pending", "InFlight"]) {
    for (let at = text.indexOf(suffix); at >= 0; at = text.indexOf(suffix, at + 1)) {
      const end = at + suffix.length;
      if (end < text.length && isWordCharCode(text.charCodeAt(end))) continue;
      let start = at;
      while (start > 0 && isWordCharCode(text.charCodeAt(start - 1))) start--;
      if (start < at) names.add(text.slice(start, end));
    }
  }
  return [...names].sort().join(",");
}

/** Phase 2: names are module-level (not locals or parameters), Map entries use Map's own methods. */
function isShared(fa: FileAnalysis, location: Location): boolean {
  if (location.mapMethod) {
    const symbol = fa.queries.symbolOf(location.mapMethod);
    const declaration = symbol && fa.queries.declarationOf(symbol);
    const owner = symbol && fa.queries.parentName(symbol);
    if (!declaration || !owner || !mapOwners.has(owner) || !defaultLibrary.test(declaration.fileName)) return false;
  }
  if (!location.name) return true;
  const symbol = fa.queries.symbolOf(location.name);
  const declaration = symbol && fa.queries.declarationNode(symbol);
  if (!declaration || declaration.getSourceFile().fileName !== fa.fileName) return false;
  return location.staticField ? isModuleClass(declaration) : isModuleVariable(declaration);
}

/** A class of the module itself (`class C` or `const C = class`), not inside any function: its static fields are shared. */
function isModuleClass(declaration: Node): boolean {
  let cls: Node | undefined = declaration;
  if (declaration.kind === SyntaxKind.VariableDeclaration) {
    const init = (declaration as unknown as { initializer?: Node }).initializer;
    cls = init && skipOuterExpressions(init);
    if (!isModuleVariable(declaration)) return false;
  } else for (let n = declaration.parent; n; n = n.parent) if (isFunctionLike(n)) return false;
  return !!cls && (cls.kind === SyntaxKind.ClassDeclaration || cls.kind === SyntaxKind.ClassExpression);
}

/** A `let`/`var`/`const` of the module itself, not inside any function. */
function isModuleVariable(declaration: Node): boolean {
  if (declaration.kind !== SyntaxKind.VariableDeclaration) return false;
  for (let n = declaration.parent; n; n = n.parent) if (isFunctionLike(n) || n.kind === SyntaxKind.ClassDeclaration) return false;
  return true;
}

/**
 * Resources whose use a second call repeats at a cost: a request sent again, a connection, a
 * database query or a process started again (and the lost one leaked or its work done twice).
 * Not "file" (a second read of the same file gives the same bytes: on the tuning set, memoized
 * reads of a package.json or a config file), not an asynchronous call of unknown effect
 * (a module load through a helper, a hash, an object built in memory: 9 true of 54 there), and
 * not "dns" (a name looked up again: the system's resolver answers it, nothing is opened or
 * held, and the same address is stored; session 27, round 38: 3 false of 3 on the tuning set).
 */
const costlyResources: ReadonlySet<IoKind> = new Set<IoKind>(["http", "network", "database", "process", "worker"]);

/**
 * The first costly resource the work between the test and the write reaches, if any (or, when
 * the stored value is not made from that work's results, the resource its own making reaches).
 * Work whose first resource is a DNS lookup is judged by everything else it reaches: a request
 * or a connection to the address looked up still counts.
 */
function costlyResourceOf(io: WorkIo, race: Race): IoKind | undefined {
  for (const judged of race.judged) {
    const kind = io.of(judged)?.kind;
    if (kind && costlyResources.has(kind)) return kind;
    if (kind === "dns") {
      const beyond = [...io.kindsOf(judged)].find(k => costlyResources.has(k as IoKind));
      if (beyond) return beyond as IoKind;
    }
  }
  return undefined;
}

// blocking-call-in-async: synchronous, blocking calls in async context, directly or through
// the project's own helper functions. Docs: docs/rules/blocking-call-in-async.md
import { SyntaxKind, nodeAtIndex, type CallExpression, type Node, type ObjectLiteralExpression } from "../../analysis/typescript";
import { BlockingCallCollector, functionNodeOf, type ClassifiedCall } from "../../analysis/blocking-calls";
import { blockingCostOf, defaultExtraApis, fsPromiseTwins, parseExtraApi, type ExtraApi } from "../../analysis/blocking-apis";
import { isAsyncFunction } from "../../analysis/async-context";
import { syncHandlerKindOf } from "../../analysis/run-mode/serving-evidence";
import { handlerEndsItsServingAfter } from "../../analysis/run-mode/one-pass-paths";
import { StartupPaths } from "../../analysis/run-mode/startup-paths";
import { defaultStartupFunctions, startupMatcher, startupPatternProblem, type StartupMatcher } from "../../analysis/run-mode/startup-names";
import { StartupCallers } from "../../analysis/run-mode/startup-callers";
import { ensureNamedImport, needsParensForAwait } from "../../analysis/edits";
import { lineMapOf, rangeOf, shortLocation, spanRange } from "../../analysis/positions";
import { fileStyleOf, formatNumber } from "../../analysis/file-style";
import { addPropertyEdit } from "../../analysis/options-object";
import { contains, enclosingFunction, memberName, objectMembers, skipOuterExpressions } from "../../analysis/syntax";
import { runsPerItem } from "../../analysis/promise-syntax";
import { FanOutItems } from "./fan-out-items";
import { runsOnlyWithoutArgument } from "./absent-argument";
import { blocksOnlyWithOmittedArgument } from "./omitted-argument";
import { runsOnlyWithOptionCallersLeaveOut } from "./option-left-out";
import { isWorkerThreadFile } from "../../analysis/idle-worker-wait";
import { runsInCiStep } from "./ci-step-files";
import { pluginLoaderPatterns } from "../../analysis/run-mode/configuration-loaders";
import { basisOfEvidence, basisOfSyncHandler, evidencePhrase, isOffByDefault, offByDefaultEvidence } from "./evidence-basis";
import type { Fix, TextEdit } from "../../analysis/findings";
import type { FileAnalysis, Rule } from "../rule";
import { defaultsOf, option, validateAgainst, type OptionsOf } from "../option-schema";
import { inUncalledCode } from "../../analysis/uncalled-code";

const optionsSchema = {
  extraBlockingApis: option.strings('More blocking APIs: "package#Container.member" or "package#function".', []),
  replaceDefaultExtraApis: option.boolean("Replaces the default extra APIs (sync database drivers) instead of adding to them.", false),
  workerThreadFiles: option.enum(["same", "info", "off"], "Severity in files that run as worker threads, where blocking stalls only that worker.", "info"),
  testFiles: option.enum(
    ["same", "off"],
    "Test files (`*.test.ts`, `*.spec.js`, `__tests__/`): a test's set-up blocking the loop delays only that test.",
    "off",
  ),
  scriptFiles: option.enum(["same", "off"], "Files in a `scripts/` folder: one-shot build and maintenance programs, nothing else in flight.", "off"),
  startupFunctions: option.strings("More start-up functions (names, `Class.method`, `*` wildcards): async code that runs once while the program starts.", []),
  replaceDefaultStartupFunctions: option.boolean("Replaces the default start-up names instead of adding to them.", false),
  startupCode: option.enum(["same", "off"], 'Start-up code: not reported ("off") or reported like the rest ("same").', "off"),
  metadataCalls: option.enum(
    ["info", "same", "off"],
    'File-system metadata calls (existsSync, statSync, accessSync, lstatSync, realpathSync): one system call, microseconds on a local disk. "info" reports them at info severity with their own message, "same" like every other blocking call, "off" not at all.',
    "info",
  ),
  callerEvidence: option.enum(
    ["measured", "all"],
    'Which evidence of serving concurrent work counts beyond the code it is found in. "measured": a limiter\'s or queue\'s task, a job processor and a file watcher\'s callback for every function they reach, a request handler for the functions it calls itself, and nothing else (the kinds right 9 times in 10 on the tuning set). "all": also listeners and fan-out callbacks, and request handlers, for everything they reach, and a synchronous `map` callback inside `Promise.all`.',
    "measured",
  ),
  moreEvidence: option.strings(
    'Kinds of serving evidence that are off by default, each right less than 9 times in 10 on the tuning set, to report too: "sync:watcher" (a synchronous `fs.watch`/`fs.watchFile` callback, where it is written: a one-shot command tailing a file registers one too).',
    [],
    { values: Object.keys(offByDefaultEvidence), noun: "kind of evidence" },
  ),
  requireConcurrencyEvidence: option.boolean(
    "Report only code reached from a root of concurrent work: a request handler, a listener of repeated events, a job processor, a file watcher, a repeating timer. A fan-out item (an async `map` callback, a limiter's task) counts when the code around the fan-out is reached from one, and code nothing in the project calls counts only with `uncalledExports: \"all\"`. Off by default: on the tuning set it kept 2 of 3 true findings (the fan-out items of builds and deployments, and a client library's public methods, judged true, are reached from no such root).",
    false,
  ),
  uncalledExports: option.enum(
    ["classMethods", "all"],
    'Code that nothing in the project calls: with `requireConcurrencyEvidence: false`, reported when it is a public method of an exported class that does not extend another package\'s class ("classMethods": the project\'s users call it per session or job); "all" counts exported functions, object methods and the methods of plugin classes too (entry points of serverless handlers, say, but also of one-shot commands, build steps and a test runner\'s helpers), also with `requireConcurrencyEvidence` on.',
    "classMethods",
  ),
};

export type BlockingCallOptions = OptionsOf<typeof optionsSchema>;

/** Async twins reached through `util.promisify`. */
const promisifyTwins: Record<string, Record<string, string>> = {
  zlib: Object.fromEntries(
    ["gzip", "gunzip", "deflate", "inflate", "deflateRaw", "inflateRaw", "unzip", "brotliCompress", "brotliDecompress"].map(n => [`${n}Sync`, n]),
  ),
  crypto: { pbkdf2Sync: "pbkdf2", scryptSync: "scrypt", generateKeyPairSync: "generateKeyPair" },
  child_process: { execSync: "exec", execFileSync: "execFile" },
};

/** The keys of `meta.messages`: a report with any other id does not compile. */
export type MessageId = "direct" | "transitive" | "worker" | "metadata" | "transitiveMetadata" | "handler" | "transitiveHandler";

export const blockingCallInAsync: Rule<BlockingCallOptions, MessageId> = {
  meta: {
    id: "blocking-call-in-async",
    description:
      "Synchronous blocking calls (fs/child_process/zlib/crypto *Sync, Atomics.wait, sync database drivers) inside async code, directly or through the project's own functions.",
    defaultSeverity: "warning",
    enabledByDefault: false,
    fixable: true,
    messages: {
      direct: "{{api}} blocks the event loop inside async code: every other request and timer waits until it returns.{{evidence}} {{advice}}",
      transitive:
        "{{call}} blocks the event loop inside async code: it calls {{api}} ({{where}}){{via}}.{{evidence}} Make that path asynchronous, or move the work to a worker thread.",
      worker: "{{api}} blocks this worker thread's event loop while it runs; its messages wait.{{evidence}} {{advice}}",
      metadata:
        "{{api}} is a synchronous file-system metadata call inside async code: usually microseconds, but every other request waits while it does (longer on a network file system or a busy disk).{{evidence}} {{advice}}",
      transitiveMetadata:
        "{{call}} makes a synchronous file-system metadata call inside async code: it calls {{api}} ({{where}}){{via}}.{{evidence}} Usually microseconds; make that path asynchronous if it runs per request.",
      handler: "{{api}} blocks the event loop in a handler of {{work}}: the other {{work}} in flight wait until it returns. {{advice}}",
      transitiveHandler:
        "{{call}} blocks the event loop in a handler of {{work}}: it calls {{api}} ({{where}}){{via}}. The other {{work}} in flight wait; make that path asynchronous.",
    },
  },
  optionsSchema,
  defaultOptions: defaultsOf(optionsSchema),
  validateOptions(options) {
    const problems = validateAgainst(optionsSchema, options);
    if (!problems.length && Array.isArray(options.extraBlockingApis)) {
      for (const spec of options.extraBlockingApis as string[]) {
        const r = parseExtraApi(spec);
        if (typeof r === "string") problems.push(r);
      }
    }
    if (!problems.length && Array.isArray(options.startupFunctions)) {
      for (const pattern of options.startupFunctions as string[]) {
        const p = startupPatternProblem(pattern);
        if (p) problems.push(p);
      }
    }
    return problems;
  },
  create(context) {
    const extras = extraApisOf(context.options);
    const collector = new BlockingCallCollector(context, extras);
    // This file's facts come from `collector` (put in `decide`, before any chain is read).
    const graph = context.callGraph(fa => new BlockingCallCollector(fa, extras), undefined, { putsOwnFacts: true });
    return {
      visitKinds: BlockingCallCollector.visitKinds,
      visit: node => collector.visit(node),
      decide() {
        const { calls, facts } = collector.finish();
        graph.put(facts);
        const worker = isWorkerFile(context);
        if (worker && context.options.workerThreadFiles === "off") return;
        if (context.options.testFiles === "off" && isTestFileName(context.fileName, context.packageDir)) return;
        if (context.options.scriptFiles === "off" && isScriptFileName(context.fileName, context.packageDir)) return;
        let startup: StartupPaths | undefined; // built on the first finding only: most files have none
        let fanOut: FanOutItems | undefined; // built on the first fix only
        const isStartup = (call: ClassifiedCall) => context.options.startupCode === "off" && (startup ??= startupPathsOf(context)).isQuietAt(call.call);
        const metadata = context.options.metadataCalls;
        /** The report's basis (evidence-basis.ts): the evidence isQuietAt found, asked after it said no. */
        const basisOf = (call: ClassifiedCall, handler: string | undefined): string =>
          call.intent === "suppressed"
            ? "suppressed"
            : handler
              ? basisOfSyncHandler(handler)
              : context.options.startupCode === "off"
                ? basisOfEvidence(startup?.evidenceAt(call.call))
                : "async";
        /** The evidence in words, with its place (evidence-basis.ts evidencePhrase); a handler's own code says it in its own message. */
        const evidenceOf = (call: ClassifiedCall, basis: string): string =>
          call.intent === "suppressed" || context.options.startupCode !== "off" ? "" : evidencePhrase(basis, startup?.evidencePlaceAt(call.call));
        const moreEvidence = new Set(context.options.moreEvidence);
        /** A kind of evidence off by default (evidence-basis.ts) and not asked for: not reported. Suppressions still count as used. */
        // A public method nothing calls shows nothing in a command-line program, or in a file that
        // runs in a CI job's step (ci-step-files.ts): a command or an action calls it, once.
        const commandLine =
          context.options.uncalledExports !== "all" &&
          (isCommandLineFileName(context.fileName, context.packageDir) ||
            !!context.inCommandLineOnlyPackage ||
            runsInCiStep(context.sourceFile, context.bindings));
        // Code nothing can call, not even the package's users (analysis/uncalled-code.ts, round 30): it never runs.
        // `uncalledExports: "all"` asks for code nothing in the project calls, and keeps it.
        const uncalled = (call: ClassifiedCall) => context.options.uncalledExports !== "all" && inUncalledCode(context, call.call);
        // Evidence found through callers, whose every serving call leaves out the option the call needs (option-left-out.ts).
        const optionLeftOut = (call: ClassifiedCall, basis: string) =>
          basis.includes("@") &&
          context.options.uncalledExports !== "all" &&
          runsOnlyWithOptionCallersLeaveOut(call.call, call.owner!, (startup ??= startupPathsOf(context)));
        const muted = (call: ClassifiedCall, basis: string, handler?: string) =>
          call.intent !== "suppressed" &&
          (isOffByDefault(basis, moreEvidence) ||
            (commandLine && basis === "public-class-method") ||
            uncalled(call) ||
            (!handler && optionLeftOut(call, basis)));
        const severityOf = (minor: boolean) =>
          (worker && context.options.workerThreadFiles === "info") || (minor && metadata === "info") ? { severity: "info" as const } : {};
        /** Per synchronous function, what kind of handler it is (asked for each of its calls otherwise). */
        const handlerKinds = new Map<ClassifiedCall["owner"] & object, string | undefined>();
        for (const call of calls) {
          // A loopscope-ignore comment on a blocking call: reported so that the comment hides it and
          // counts as used, also in a helper that only other code calls in async context.
          if (call.intent === "suppressed" && call.blocking) {
            reportDirect(call, false);
            continue;
          }
          if (call.intent === "suppressed" && call.target) {
            reportTransitive(call, call.target, false);
            continue;
          }
          if (call.intent) continue;
          if (!call.owner) continue;
          if (!context.asyncContext.isAsyncOwner(call.owner)) {
            // A synchronous handler of requests, messages or file changes stalls the others just the same.
            let handler = handlerKinds.get(call.owner);
            if (!handlerKinds.has(call.owner)) {
              handler = syncHandlerKindOf(call.owner);
              // Request parameters in a command-line program's function that nothing uses: it never runs.
              if (handler === "request-params" && context.inCommandLineOnlyPackage && (startup ??= startupPathsOf(context)).neverRuns(call.owner))
                handler = undefined;
              handlerKinds.set(call.owner, handler);
            }
            if (!handler) continue;
            // A handler that closes its one-shot server or ends the process after the call serves one request (one-pass-paths.ts).
            if (handlerEndsItsServingAfter(call.call, call.owner)) continue;
            if (call.blocking) {
              const minor = metadata !== "same" && blockingCostOf(call.blocking) === "metadata";
              if (!(minor && metadata === "off")) reportDirect(call, minor, handler);
            } else if (call.target) reportTransitive(call, call.target, false, handler);
            continue;
          }
          // Start-up code (asked only about calls that block: it may read other files) runs once
          // while the program starts: nothing else is in flight yet (like module top level).
          if (call.blocking) {
            const minor = metadata !== "same" && blockingCostOf(call.blocking) === "metadata";
            if ((minor && metadata === "off") || isStartup(call) || runsOnlyWithoutArgument(call.call, context.fileName, context.project)) continue;
            reportDirect(call, minor);
          } else if (call.target) {
            if (!reportTransitive(call, call.target, true)) continue;
          }
        }

        /** Whether the function of this call-graph key is declared in this file and blocks only with an argument `call` leaves out. */
        function leavesOutWhatBlocks(call: ClassifiedCall, key: string): boolean {
          const at = key.lastIndexOf(":");
          if (key.slice(0, at) !== context.fileName) return false;
          const callee = functionNodeOf(nodeAtIndex(context.sourceFile, Number(key.slice(at + 1))));
          return !!callee && blocksOnlyWithOmittedArgument(call.call, callee, calls);
        }

        /** Whether the function of this call-graph key is declared in this file inside `owner`. */
        function declaredWithin(key: string, owner: Node | undefined): boolean {
          const at = key.lastIndexOf(":");
          if (!owner || key.slice(0, at) !== context.fileName) return false;
          const declaration = nodeAtIndex(context.sourceFile, Number(key.slice(at + 1)));
          return !!declaration && contains(owner, declaration);
        }

        /** Reports a call of a project function that blocks; false when it does not block (in reach). */
        function reportTransitive(call: ClassifiedCall, target: NonNullable<ClassifiedCall["target"]>, unlessStartup: boolean, handler?: string): boolean {
          const major = graph.majorChainOf(target.key);
          const chain = major ?? (metadata === "off" ? undefined : graph.chainOf(target.key));
          if (!chain || (unlessStartup && isStartup(call))) return false;
          // A call that leaves out the argument whose branch alone blocks in the callee (omitted-argument.ts).
          if (!call.intent && leavesOutWhatBlocks(call, target.key)) return false;
          const basis = basisOf(call, handler);
          if (muted(call, basis, handler)) return false;
          // A public method that nothing in the project calls is evidence for its own body, not for
          // the steps it calls (startup-paths.ts isWeak): a call of a synchronous project function
          // that blocks is such a step. Session 13, tuning set: 0 of 4 such reports true (a
          // deployment call, a development-time code generator, a scaffolder composing its
          // generators, a CLI's credential store); its 3 true ones were request handlers registered
          // through `this`, found as such now (file-local-calls.ts registeredThroughThis).
          // A helper written in the method's own body (`const prepare = dst => { ... }`) is its own code.
          if (
            basis === "public-class-method" &&
            call.intent !== "suppressed" &&
            context.options.uncalledExports !== "all" &&
            !declaredWithin(target.key, call.owner)
          )
            return false;
          const minor = !major && metadata !== "same";
          const effect = chain[chain.length - 1]!;
          const steps = [target.label, ...chain.slice(0, -1).map(s => s.label), effect.label];
          context.report({
            node: call.call,
            messageId: handler ? "transitiveHandler" : minor ? "transitiveMetadata" : "transitive",
            data: {
              call: target.label,
              api: effect.label,
              where: shortLocation(effect.fileName, effect.range.start.line),
              via: chain.length > 1 ? ` via ${steps.join(" → ")}` : "",
              ...(handler ? { work: workOf(handler) } : { evidence: evidenceOf(call, basis) }),
            },
            related: chain.map((site, i) => ({
              fileName: site.fileName,
              range: site.range,
              message: i === chain.length - 1 ? `${site.label} blocks here` : `calls ${site.label}`,
            })),
            ...severityOf(minor),
            basis,
          });
          return true;
        }

        function reportDirect(call: ClassifiedCall, minor: boolean, handler?: string): void {
          const basis = basisOf(call, handler);
          if (muted(call, basis, handler)) return;
          const api = call.blocking!;
          // A synchronous handler cannot await: the fix would change what its caller sees.
          const fix = handler
            ? undefined
            : promiseApiFix(context, call, () => runsPerItem(call.call) || (fanOut ??= new FanOutItems(context)).runsAsItem(call.owner!));
          context.report({
            node: call.call,
            messageId: worker ? "worker" : handler ? "handler" : minor ? "metadata" : "direct",
            data: {
              api: api.label,
              advice: adviceFor(api.module, api.name),
              ...(handler ? { work: workOf(handler) } : { evidence: evidenceOf(call, basis) }),
            },
            fixes: fix ? [fix] : [],
            ...severityOf(minor),
            basis,
          });
        }
      },
    };
  },
};

/** What a synchronous handler of this kind (serving-evidence.ts syncHandlerKindOf) handles, in words. */
function workOf(kind: string): string {
  if (kind === "listener:message") return "messages";
  if (kind === "listener:connection") return "connections";
  if (kind === "watch" || kind === "watchFile" || kind.startsWith("listener:")) return kind === "listener:request" ? "requests" : "file changes";
  return "requests";
}

/** Per options object: the settings are resolved once per config file, rules are created per linted file. */
const extraApisByOptions = new WeakMap<BlockingCallOptions, readonly ExtraApi[]>();
function extraApisOf(options: BlockingCallOptions): readonly ExtraApi[] {
  let extras = extraApisByOptions.get(options);
  if (!extras) {
    const specs = [...(options.replaceDefaultExtraApis ? [] : defaultExtraApis), ...options.extraBlockingApis];
    extras = specs.map(parseExtraApi).filter((e): e is ExtraApi => typeof e !== "string");
    extraApisByOptions.set(options, extras);
  }
  return extras;
}

const matchers = new Map<string, StartupMatcher>();

function startupPathsOf(context: FileAnalysis & { options: BlockingCallOptions }): StartupPaths {
  const { startupFunctions, replaceDefaultStartupFunctions } = context.options;
  const key = JSON.stringify([replaceDefaultStartupFunctions, startupFunctions]);
  let matcher = matchers.get(key);
  if (!matcher) {
    // Plugin loaders (`load*Plugins`) are start-up code here too (configuration-loaders.ts, round 50).
    matcher = startupMatcher([...(replaceDefaultStartupFunctions ? [] : [...defaultStartupFunctions, ...pluginLoaderPatterns]), ...startupFunctions]);
    matchers.set(key, matcher);
  }
  const functionsServe = context.options.uncalledExports === "all";
  const callerEvidence = context.options.callerEvidence;
  const rootsOnly = context.options.requireConcurrencyEvidence;
  if (!context.project)
    return new StartupPaths(context.sourceFile, context.asyncContext, matcher, undefined, true, functionsServe, callerEvidence, false, rootsOnly);
  const callers = new StartupCallers(
    context.project,
    context,
    (fa, shared) =>
      new StartupPaths(fa.sourceFile, fa.asyncContext, matcher!, shared, true, functionsServe, callerEvidence, !!fa.inCommandLineOnlyPackage, rootsOnly),
    fileName => isTestFileName(fileName, context.packageDir),
    fileName => isScriptFileName(fileName, context.packageDir),
  );
  return callers.pathsOf(context.fileName)!;
}

function adviceFor(module: string, name: string): string {
  const base = name.replace(/Sync$/, "");
  if (module === "fs") {
    if (name === "existsSync") return "Use fs.promises.access (or stat) and await it.";
    return fsPromiseTwins.has(base) ? `Use fs.promises.${base} and await it.` : "Use the fs.promises API (a FileHandle) and await it.";
  }
  const twin = promisifyTwins[module]?.[name];
  if (twin) return `Use ${module}.${twin} with util.promisify and await it${module === "crypto" ? ", so the work runs on the libuv thread pool" : ""}.`;
  if (module === "child_process") return "Use child_process.spawn and wait for its 'close' event.";
  if (module === "Atomics") return "Use Atomics.waitAsync, or wait in a worker thread.";
  return "Use the library's asynchronous API, or move the work to a worker thread.";
}

/**
 * Test files by name, and files in a test folder of their package (in one real code base 192
 * of 201 findings were test set-up and test helpers reading the config).
 */
function isTestFileName(fileName: string, packageDir: string | undefined): boolean {
  if (/\.(test|spec|e2e)\.[cm]?[jt]sx?$/.test(fileName) || /(^|[\\/])__tests__[\\/]/.test(fileName)) return true;
  // Folder names that are tests in practice (`test/` alone is too common a name for a checkout).
  const inPackage = packageDir && fileName.startsWith(packageDir) ? fileName.slice(packageDir.length) : fileName;
  return /(^|[\\/])(tests|e2e|__fixtures__)[\\/]/.test(inPackage);
}

/**
 * Files in a `scripts/` folder of their package: build, release, data-generation and maintenance
 * programs run one at a time from a shell (e.g. a data generator).
 */
function isScriptFileName(fileName: string, packageDir: string | undefined): boolean {
  const inPackage = packageDir && fileName.startsWith(packageDir) ? fileName.slice(packageDir.length) : fileName;
  return /(^|[\\/])scripts[\\/]/.test(inPackage);
}

/**
 * Files in a `cli/`, `bin/` or `commands/` folder of their package: the program's command-line
 * layer. A public method of a class there is called by the program's command dispatcher once per
 * invocation, for the one person at the terminal, not by a library's users per session or job:
 * nothing in the project calling it shows no concurrent work (found on unseen code: a migration
 * command's class, reported as public API).
 */
function isCommandLineFileName(fileName: string, packageDir: string | undefined): boolean {
  const inPackage = packageDir && fileName.startsWith(packageDir) ? fileName.slice(packageDir.length) : fileName;
  return /(^|[\\/])(cli|bin|commands)[\\/]/.test(inPackage);
}

/** Files that run as worker threads: they read `parentPort`/`workerData` from worker_threads. */
function isWorkerFile(fa: FileAnalysis): boolean {
  return isWorkerThreadFile(fa.bindings, fa.sourceFile);
}

/**
 * "Use the promise API and await it", when the result compiles: the call sits directly in an
 * async function (or a promise callback we can make async). It reuses the file's imports, and a
 * child process it starts gets the timeout missing-timeout asks for; a fix that cannot promise
 * both (options it cannot see) is a suggestion only.
 */
/**
 * `perItem`: whether the call runs per item of a loop or map callback, in its function or through
 * the function's callers (fan-out-items.ts), where the awaited version starts one operation per
 * item (a fan-out unbounded-concurrency would report): then offered, never in "fix all". Asked
 * only of a fix that would otherwise be preferred.
 */
function promiseApiFix(fa: FileAnalysis, call: ClassifiedCall, perItem: () => boolean): Fix | undefined {
  const api = call.blocking!;
  const binding = api.binding;
  if (!binding || !call.owner) return undefined;
  const enclosing = enclosingFunction(call.call);
  if (enclosing !== call.owner) return undefined; // a sync callback (forEach, map) sits between: await is not allowed there
  const edits: TextEdit[] = [];
  const sf = fa.sourceFile;
  const namespace = call.receiver ? call.receiver.text : undefined;
  let callee: string;
  let title: string;
  let suffix = "";
  let suggestion = false;
  let timeout: TextEdit | undefined;
  const base = api.name.replace(/Sync$/, "");
  if (api.module === "fs") {
    const twin = api.name === "existsSync" ? "access" : fsPromiseTwins.has(base) ? base : undefined;
    if (!twin) return undefined;
    // The file's own promise API first (`fsp` from fs/promises, `promises` from fs), then `fs.promises`.
    const promises = fa.bindings.all.find(b => b.module === "fs" && b.imported === "promises");
    const hasPromisesModule = fa.bindings.all.some(b => b.module === "fs/promises");
    if (promises) callee = `${promises.localName}.${twin}`;
    else if (namespace && !hasPromisesModule) callee = `${namespace}.promises.${twin}`;
    else {
      const imported = ensureNamedImport(fa, "fs/promises", twin);
      if (!imported) return undefined;
      edits.push(...imported.edits);
      callee = imported.localName;
    }
    if (api.name === "existsSync") suffix = ".then(() => true, () => false)";
    title = `Use ${callee.includes(".") ? callee : twin} and await it`;
  } else {
    const twin = promisifyTwins[api.module]?.[api.name];
    if (!twin) return undefined;
    const promisify = ensureNamedImport(fa, "util", "promisify");
    if (!promisify) return undefined;
    edits.push(...promisify.edits);
    let target: string;
    if (namespace) target = `${namespace}.${twin}`;
    else {
      const imported = ensureNamedImport(fa, api.module, twin);
      if (!imported) return undefined;
      edits.push(...imported.edits);
      target = imported.localName;
    }
    callee = `${promisify.localName}(${target})`;
    title = `Use promisify(${target}) and await it`;
    if (api.module === "child_process") {
      const edit = childTimeoutEdit(fa, call.call, api.name);
      if (edit === "unknown") suggestion = true;
      else if (edit) {
        timeout = edit;
        title += ", with a timeout";
      }
      suffix = ".stdout";
    }
  }
  // `(await x(args)).stdout`, `await x(args).then(...)`: one replacement of the call (readable in SARIF and diffs).
  const wrap = suffix === ".stdout" || (suffix === "" && needsParensForAwait(call.call));
  let args = sf.text.slice(call.call.expression.end, call.call.end);
  if (timeout) {
    const lines = lineMapOf(sf.text);
    const [from, to] = [lines.offsetAt(timeout.range.start), lines.offsetAt(timeout.range.end)].map(o => o - call.call.expression.end);
    args = args.slice(0, from) + timeout.newText + args.slice(to);
  }
  edits.push({ fileName: fa.fileName, range: rangeOf(sf, call.call), newText: `${wrap ? "(" : ""}await ${callee}${args}${wrap ? ")" : ""}${suffix}` });
  if (!isAsyncFunction(call.owner)) {
    // A promise callback: making it async keeps its meaning (then/catch/finally await what it returns).
    const ownerStart = call.owner.getStart(sf);
    edits.push({ fileName: fa.fileName, range: spanRange(sf, ownerStart, ownerStart), newText: "async " });
    title += " (makes the callback async)";
  }
  suggestion ||= perItem();
  // The import of the blocking API (`execSync`, or `fs` when `fsp` replaced it) goes once nothing mentions it.
  return {
    title,
    edits,
    ...(suggestion ? { suggestion: true } : { isPreferred: true }),
    mayLeaveUnused: [{ module: binding.module, localName: binding.localName }],
  };
}

/** The timeout missing-timeout's default asks for. */
const childProcessTimeoutMs = 10000;

/**
 * `exec(cmd)` → `exec(cmd, { timeout })`, or the property added to an options object written
 * at the call. "unknown": options the fix cannot see or that a sync call only knows (input, stdio).
 */
function childTimeoutEdit(fa: FileAnalysis, call: CallExpression, name: string): TextEdit | "unknown" | undefined {
  const sf = fa.sourceFile;
  const args = call.arguments;
  const style = fileStyleOf(sf, sf.text);
  const property = `timeout: ${formatNumber(childProcessTimeoutMs, style)}`;
  const optionsIndex = name === "execFileSync" && args[1] && skipOuterExpressions(args[1]).kind === SyntaxKind.ArrayLiteralExpression ? 2 : 1;
  if (args.length > optionsIndex + 1 || args.some(a => a.kind === SyntaxKind.SpreadElement)) return "unknown";
  const options = args[optionsIndex];
  if (!options) {
    const last = args[args.length - 1];
    if (!last || optionsIndex > args.length) return "unknown";
    return { fileName: fa.fileName, range: spanRange(sf, last.end, last.end), newText: `, { ${property} }` };
  }
  const literal = skipOuterExpressions(options);
  if (literal.kind !== SyntaxKind.ObjectLiteralExpression) return "unknown";
  const names = objectMembers(literal as ObjectLiteralExpression).map(memberName);
  if (names.some(n => n === undefined || n === "input" || n === "stdio")) return "unknown";
  if (names.includes("timeout") || names.includes("signal")) return undefined;
  return addPropertyEdit(fa, literal as ObjectLiteralExpression, property);
}

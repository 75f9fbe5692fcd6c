// The rules' two phases over one file (DESIGN section 1). Phase 1: every rule's instance is
// created and one pass over the syntax tree feeds every rule's `visit` (and the call graphs'
// collectors that need this file's facts again); rules only read syntax and say which types
// and symbols they need. Then one batched query per kind answers them all, and phase 2 runs each
// rule's `decide`, which reports findings; suppression comments apply, then one rule's finding
// replaces another's about the same construct (superseded-findings.ts).
import type { ResolvedConfig } from "../../config/config";
import { formatMessage, type FactsCollectorFactory, type FileAnalysis, type Rule, type RuleContext, type RuleInstance } from "../../rules/rule";
import type { CallGraph } from "../call-graph";
import { fixesInFileEol } from "../edits";
import type { FileProblem, FileResult, Finding } from "../findings";
import { checkLintBudget, LintTooSlow } from "../lint-budget";
import { rangeOf } from "../positions";
import { applySuppressions } from "../suppressions";
import { dropSuperseded } from "../superseded-findings";
import type { Project, SourceFile, TsService } from "../typescript";
import { visitNodes } from "../visit-nodes";
import type { LintFileOptions } from "./lint-options";
import type { FunctionReuse, ReusePlan } from "./function-reuse";
import { functionUnitsOf, unitHolding } from "./function-units";
import { DeclaredDependencies } from "../package-dependencies";

/** What the phases need from the engine. */
export interface PhaseHost {
  readonly rules: readonly Rule<object>[];
  /** Times a phase (see phase-times.ts). */
  phase<T>(name: string, work: () => T): T;
  /** Runs rule code; a throw becomes a problem on the file (see Linter.guard). */
  guard<T>(rule: Rule<object>, problems: FileProblem[], run: () => T): T | undefined;
  callGraphFor(id: string, collect: FactsCollectorFactory): CallGraph;
  /** Per-function reuse of function-scoped rules' findings (the editor only; see function-reuse.ts). */
  reuse?: {
    store: FunctionReuse;
    /** The current snapshot's generation, and the files changed since an earlier one (undefined: more than texts changed). */
    generation(): number;
    changedSince(generation: number): ReadonlySet<string> | undefined;
  };
}

interface RunningRule {
  rule: Rule<object>;
  instance: RuleInstance;
  severity: Finding["severity"];
  /**
   * A function-scoped rule in the editor: its key for `FunctionReuse`, what this lint reuses, and
   * how to run it whole instead (when it asks for a call graph after all, see `runPhaseTwo`).
   */
  reuse?: { key: string; plan: ReusePlan | undefined; readsCallGraph(): boolean; createWhole(): RuleInstance | undefined };
}

/** A call graph's collector run over the linted file in its own pass (see `runPhaseOne`). */
interface InPassCollector {
  graph: CallGraph;
  collector: ReturnType<FactsCollectorFactory>;
  failed?: boolean;
}

/** A file between phase 1 and its batch (bulk linting keeps many: see bulk-lint.ts). */
export interface StartedFile {
  result: FileResult;
  project: Project;
  sourceFile: SourceFile;
  analysis: FileAnalysis;
  running: RunningRule[];
  findings: Finding[];
  collectors: InPassCollector[];
}

/** Creates the file's rules and runs phase 1: one pass over the tree for every rule. */
export function runPhaseOne(
  host: PhaseHost,
  file: { result: FileResult; project: Project; sourceFile: SourceFile; analysis: FileAnalysis; config: ResolvedConfig; interactive: boolean },
): StartedFile {
  const { result, project, sourceFile, analysis, config, interactive } = file;
  const fileName = result.fileName;
  const findings: Finding[] = [];
  const running: RunningRule[] = [];
  // In the editor, the graphs whose facts of this file an edit dropped get them from this
  // file's own pass and batch: a rule asking for them would otherwise start a second analysis
  // of the file (its own walk and round trips) per graph, on every keystroke. In bulk (the CLI),
  // the graphs whose rule says their questions are its own (`factsInOwnPass`) get every linted
  // file's facts this way: files are linted after the files they import (dependency-order.ts).
  const collectors: InPassCollector[] = [];
  const collectInPass = (graph: CallGraph, collect: FactsCollectorFactory, inBulk: boolean) => {
    const wanted = interactive ? graph.wantsAgain(fileName) : inBulk && !graph.hasFactsOf(fileName);
    if (!wanted || collectors.some(c => c.graph === graph)) return;
    try {
      collectors.push({ graph, collector: collect(analysis) });
    } catch {
      // Computed on demand instead.
    }
  };
  // Per-function reuse: TypeScript files only (JavaScript infers a class's fields from what its
  // methods assign). A text with syntax errors may reuse (most keystrokes are mid-statement): the
  // parser's recovery stays inside the edited function exactly when the skeleton and the other
  // functions come out the same, which is what `FunctionReuse.plan` compares.
  const reuseHost = interactive && host.reuse && /\.(ts|tsx|mts|cts)$/.test(fileName) && !/\.d\.[cm]?ts$/.test(fileName) ? host.reuse : undefined;
  for (const rule of host.rules) {
    const setting = config.rules.get(rule.meta.id);
    if (!setting || setting.severity === "off") continue;
    const severity = setting.severity;
    let readsCallGraph = false;
    const create = () =>
      host.guard(rule, result.problems, () =>
        host.phase(`${rule.meta.id}: create`, () =>
          // Object.assign, not a spread: a spread of the analysis (a dozen fields, one per rule per
          // file) took V8's generic copy, ~10x slower (~120 ms of a 3,000-file run).
          rule.create(
            Object.assign({}, analysis, {
              options: setting.options as object,
              callGraph: (collect, summary, graphOptions) => {
                readsCallGraph = true;
                const graph = host.callGraphFor(summary ? `summary:${summary}` : `${rule.meta.id}:${JSON.stringify(setting.options)}`, collect);
                // The rule's own pass computes this file's facts (and `put`s them before reading
                // the graph): a second collector over the whole file would only repeat it.
                if (!graphOptions?.putsOwnFacts) collectInPass(graph, collect, graphOptions?.factsInOwnPass ?? false);
                return graph;
              },
              // Phase 2 is the rules' own loops: each finding is a place to see that time is up.
              report: r => {
                checkLintBudget();
                findings.push({
                  ruleId: rule.meta.id,
                  messageId: r.messageId,
                  severity: r.severity ?? severity,
                  fileName,
                  message: formatMessage(rule.meta.messages[r.messageId] ?? r.messageId, r.data),
                  range: rangeOf(sourceFile, r.node),
                  related: r.related ?? [],
                  fixes: r.fixes?.length ? fixesInFileEol(r.fixes, name => (name === fileName ? sourceFile : project.program.getSourceFile(name))?.text) : [],
                  ...(r.subject ? { subject: r.subject } : {}),
                  ...(r.basis ? { basis: r.basis } : {}),
                  ...(r.about ? { about: rangeOf(sourceFile, r.about) } : {}),
                });
              },
            } satisfies Pick<RuleContext<object>, "options" | "callGraph" | "report">),
          ),
        ),
      );
    const instance = create();
    if (!instance) continue;
    let reuse: RunningRule["reuse"];
    if (reuseHost && rule.scope === "function") {
      const key = [rule.meta.id, severity, JSON.stringify(setting.options), analysisKey(analysis), instance.wholeFileKey ?? ""].join("\0");
      // Summaries of the edited function may change what callers find: such a rule runs whole.
      if (readsCallGraph) reuseHost.store.forget(fileName, key);
      else
        reuse = {
          key,
          plan: reuseHost.store.plan(fileName, key, functionUnitsOf(sourceFile), g => reuseHost.changedSince(g)),
          readsCallGraph: () => readsCallGraph,
          createWhole: create,
        };
    }
    running.push({ rule, instance, severity, ...(reuse ? { reuse } : {}) });
  }

  // Phase 1: one pass for every rule, over the node kinds they visit.
  const visitors = running.filter(r => r.instance.visit);
  host.phase("visit", () =>
    visitNodes(sourceFile, [...visitors.map(r => r.instance), ...collectors.map(c => c.collector)], (node, i) => {
      if (i >= visitors.length) {
        const c = collectors[i - visitors.length]!;
        try {
          c.collector.visit(node);
          return true;
        } catch (error) {
          if (error instanceof LintTooSlow) throw error;
          c.failed = true; // computed on demand instead
          return false;
        }
      }
      const r = visitors[i]!;
      // A unit whose findings this lint reuses: the rule does not see its nodes.
      const skip = r.reuse?.plan?.skip;
      if (skip?.length && unitHolding(skip, node.pos, node.end) >= 0) return true;
      // Called per node and rule: no closure for `host.guard` unless the rule threw (then the
      // guard records the same throw as if it had run the visit itself).
      try {
        r.instance.visit!(node);
        return true;
      } catch (error) {
        host.guard(r.rule, result.problems, () => {
          throw error;
        });
        running.splice(running.indexOf(r), 1);
        return false;
      }
    }),
  );
  return { result, project, sourceFile, analysis, running, findings, collectors };
}

/** The batch, phase 2 and suppressions. Undefined: cancelled. */
export function runPhaseTwo(host: PhaseHost, started: StartedFile, pipeline: TsService["pipeline"], options: LintFileOptions): FileResult | undefined {
  const { result, sourceFile, analysis, running, findings, collectors } = started;
  const fileName = result.fileName;
  if (options.isCancelled?.()) return undefined;
  // The batch: every rule's questions in one round trip per kind.
  // Import aliases are asked together through the pipeline (see FileQueries.resolve).
  host.phase("type batches", () => analysis.queries.resolve(pipeline));
  if (options.isCancelled?.()) return undefined;
  for (const c of collectors) {
    if (c.failed) continue;
    try {
      c.graph.offer(c.collector.finish().facts);
    } catch (error) {
      if (error instanceof LintTooSlow) throw error;
      // Computed on demand instead.
    }
  }
  // Phase 2.
  for (const r of running) {
    checkLintBudget(true);
    host.guard(r.rule, result.problems, () => {
      host.phase(`${r.rule.meta.id}: decide`, () => r.instance.decide());
      return true;
    });
    if (r.reuse?.plan?.skip.length && r.reuse.readsCallGraph()) runWhole(host, started, r, pipeline);
  }

  for (const r of running) if (r.reuse?.plan) findings.push(...r.reuse.plan.reused);
  recordForReuse(host, started);

  const active = new Set(running.map(r => r.rule.meta.id));
  const supersededBy = new Map(running.flatMap(r => (r.rule.meta.supersededBy?.length ? [[r.rule.meta.id, r.rule.meta.supersededBy] as const] : [])));
  result.findings = host.phase("suppressions", () =>
    dropSuperseded(applySuppressions(fileName, sourceFile.text, findings, active, options.reportUnusedSuppressions ?? true), supersededBy).sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    ),
  );
  return result;
}

/**
 * What the file's analysis says about its package, beyond its text: part of a function-scoped
 * rule's reuse key (a changed package.json must not leave findings of the earlier one).
 */
function analysisKey(analysis: FileAnalysis): string {
  return JSON.stringify([
    analysis.packageDir ?? "",
    analysis.isPackageEntry ?? false,
    analysis.inCommandLineOnlyPackage ?? false,
    analysis.inClosedPackage ?? false,
    analysis.packageEntries ?? [],
    analysis.browserEntries ?? [],
    [...(analysis.dependencies ?? [])].sort(),
    analysis.dependencies instanceof DeclaredDependencies
      ? [
          analysis.dependencies.runtimeNames(),
          analysis.dependencies.hasCommands,
          analysis.dependencies.opensDeepImports,
          [...analysis.dependencies.configPathNames].sort(),
        ]
      : [],
  ]);
}

/**
 * A function-scoped rule that asked for a call graph only in phase 2: the summaries it read may
 * have changed with the edited function, so what it found with the other functions skipped is
 * dropped, and it runs again on the whole file (a new instance, its own pass and batch).
 */
function runWhole(host: PhaseHost, started: StartedFile, r: RunningRule, pipeline: TsService["pipeline"]): void {
  const { result, sourceFile, analysis, findings } = started;
  const id = r.rule.meta.id;
  const createWhole = r.reuse!.createWhole;
  r.reuse = undefined; // neither reused nor recorded
  for (let i = findings.length - 1; i >= 0; i--) if (findings[i]!.ruleId === id) findings.splice(i, 1);
  const instance = createWhole();
  if (!instance) return;
  r.instance = instance;
  // Its visit asks its questions again; those the first pass asked are answered already.
  analysis.queries.reopen();
  const visit = instance.visit?.bind(instance);
  if (visit) visitNodes(sourceFile, [instance], node => host.guard(r.rule, result.problems, () => (visit(node), true)) ?? false);
  host.phase("type batches", () => analysis.queries.resolve(pipeline));
  host.guard(r.rule, result.problems, () => host.phase(`${id}: decide`, () => instance.decide()));
}

/** Keeps the function-scoped rules' findings of this lint by unit, for the next one (see function-reuse.ts). */
function recordForReuse(host: PhaseHost, started: StartedFile): void {
  const reuse = host.reuse;
  // Only rules that ran with `reuse` set (a TypeScript file, in the editor).
  if (!reuse) return;
  const { result, sourceFile, running, findings } = started;
  for (const r of running) {
    if (!r.reuse) continue;
    // A rule that crashed on this file keeps no record (its findings are not all there).
    if (result.problems.some(p => p.kind === "rule-crashed" && p.ruleId === r.rule.meta.id)) {
      reuse.store.forget(result.fileName, r.reuse.key);
      continue;
    }
    const own = findings.filter(f => f.ruleId === r.rule.meta.id);
    reuse.store.record(result.fileName, r.reuse.key, functionUnitsOf(sourceFile), reuse.generation(), own);
  }
}

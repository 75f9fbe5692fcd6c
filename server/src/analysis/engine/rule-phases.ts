// The rules' two phases over one file (DESIGN section 1). Phase 1: every rule's instance is
// created and one pass over the syntax tree feeds every rule's `visit` (and the call graphs'
// collectors that need this file's facts again); rules only read syntax and say which types
// and symbols they need. Then one batched query per kind answers them all, and phase 2 runs each
// rule's `decide`, which reports findings; suppression comments apply last.
import type { ResolvedConfig } from "../../config/config";
import { formatMessage, type FactsCollectorFactory, type FileAnalysis, type Rule, type RuleInstance } from "../../rules/rule";
import type { CallGraph } from "../call-graph";
import { fixesInFileEol } from "../edits";
import type { FileProblem, FileResult, Finding } from "../findings";
import { checkLintBudget, LintTooSlow } from "../lint-budget";
import { rangeOf } from "../positions";
import { applySuppressions } from "../suppressions";
import type { Project, SourceFile, TsService } from "../typescript";
import { visitNodes } from "../visit-nodes";
import type { LintFileOptions } from "./lint-options";

/** What the phases need from the engine. */
export interface PhaseHost {
  readonly rules: readonly Rule<object>[];
  /** Times a phase (see phase-times.ts). */
  phase<T>(name: string, work: () => T): T;
  /** Runs rule code; a throw becomes a problem on the file (see Linter.guard). */
  guard<T>(rule: Rule<object>, problems: FileProblem[], run: () => T): T | undefined;
  callGraphFor(id: string, collect: FactsCollectorFactory): CallGraph;
}

interface RunningRule {
  rule: Rule<object>;
  instance: RuleInstance;
  severity: Finding["severity"];
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
  // of the file (its own walk and round trips) per graph, on every keystroke.
  const collectors: InPassCollector[] = [];
  const collectInPass = (graph: CallGraph, collect: FactsCollectorFactory) => {
    if (!interactive || !graph.wantsAgain(fileName) || collectors.some(c => c.graph === graph)) return;
    try {
      collectors.push({ graph, collector: collect(analysis) });
    } catch {
      // Computed on demand instead.
    }
  };
  for (const rule of host.rules) {
    const setting = config.rules.get(rule.meta.id);
    if (!setting || setting.severity === "off") continue;
    const severity = setting.severity;
    const instance = host.guard(rule, result.problems, () =>
      host.phase(`${rule.meta.id}: create`, () =>
        rule.create({
          ...analysis,
          options: setting.options as object,
          callGraph: (collect, summary) => {
            const graph = host.callGraphFor(summary ? `summary:${summary}` : `${rule.meta.id}:${JSON.stringify(setting.options)}`, collect);
            collectInPass(graph, collect);
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
            });
          },
        }),
      ),
    );
    if (instance) running.push({ rule, instance, severity });
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
      if (
        host.guard(r.rule, result.problems, () => {
          r.instance.visit!(node);
          return true;
        }) === undefined
      ) {
        running.splice(running.indexOf(r), 1);
        return false;
      }
      return true;
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
  }

  const active = new Set(running.map(r => r.rule.meta.id));
  result.findings = host.phase("suppressions", () =>
    applySuppressions(fileName, sourceFile.text, findings, active, options.reportUnusedSuppressions ?? true).sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    ),
  );
  return result;
}

// The shape of a rule. A rule is a pure function of (file, types, options): it does no I/O.
// It runs in two phases per file (DESIGN section 1): `visit` sees every node of the syntax walk
// and asks for the types/symbols it needs; after one batched query `decide` reports findings.
import type { FindingSubject, Fix, RelatedInfo, Severity } from "../analysis/findings";
import type { AsyncContext } from "../analysis/async-context";
import type { ModuleBindings } from "../analysis/module-bindings";
import type { CallGraph, FileFacts } from "../analysis/call-graph";
import type { ProjectFiles } from "../analysis/project-files";
import type { InstalledPackages } from "../analysis/package-emitters";
import type { UnitCarryAccess } from "../analysis/engine/unit-carry";
import type { FileQueries, Node, SourceFile, SyntaxKind } from "../analysis/typescript";
import type { OptionsSchema } from "./option-schema";

export interface RuleMeta<MessageId extends string = string> {
  /** kebab-case; also the name of the rule's doc (docs/rules/<id>.md) and test file. */
  id: string;
  /** One line, shown in rule lists and SARIF. */
  description: string;
  defaultSeverity: Severity;
  /**
   * False: the rule runs only where the configuration turns it on (`defaultSeverity` is then its
   * findings' severity). A rule ships on by default only once it is right at least 9 times in 10
   * on held-out code (bench/precision/, issue 14).
   */
  enabledByDefault?: boolean;
  /** Whether findings carry quick-fixes. */
  fixable: boolean;
  /** Message templates by id; `{{name}}` placeholders are filled from report data. */
  messages: Record<MessageId, string>;
  /**
   * Ids of other rules whose finding about the same construct replaces this rule's there: when
   * both report a construct (the same `Report.about`, given by both), only theirs is shown
   * (engine: superseded-findings.ts, after suppression comments). A rule that is off for the file,
   * reports nothing there, or whose finding a suppression comment hides, supersedes nothing.
   */
  supersededBy?: readonly string[];
}

/** `MessageId`: the rule's message ids, so a report naming an id the rule lacks does not compile. */
export interface Report<MessageId extends string = string> {
  node: Node;
  /**
   * The construct the finding is about, where another rule may report the same one at another
   * node (the `forEach` call, for one rule's finding on its name and another's on its callback):
   * findings of two rules with the same `about` are one problem (see RuleMeta.supersededBy).
   * Not shown; the engine drops it from the findings it returns.
   */
  about?: Node;
  messageId: MessageId;
  data?: Record<string, string | number>;
  related?: RelatedInfo[];
  fixes?: Fix[];
  /** Overrides the configured severity (e.g. downgraded in worker files). */
  severity?: Severity;
  /** What repeated findings share (see FindingSubject). */
  subject?: FindingSubject;
  /**
   * The basis of the report: a short, stable tag for the kind of evidence that made the rule report (e.g. `library-io`,
   * `request-handler`): not shown to users; the precision benchmark measures precision per tag,
   * which is how a kind of evidence earns its place among the default reports.
   */
  basis?: string;
}

/** What a rule sees of one file. */
export interface FileAnalysis {
  fileName: string;
  sourceFile: SourceFile;
  queries: FileQueries;
  asyncContext: AsyncContext;
  bindings: ModuleBindings;
  /** Packages the nearest package.json declares (all dependency kinds); empty when there is none. */
  dependencies?: ReadonlySet<string>;
  /** The folder of the nearest package.json (the package root), to judge paths inside the package. */
  packageDir?: string;
  /** The file is its package's `main` or a `bin` file: the module a process starts with. */
  isPackageEntry?: boolean;
  /**
   * The file's package is a command-line program only (package-dependencies.ts isCommandLineOnly):
   * it names `bin` files and no other module another package can import.
   */
  inCommandLineOnlyPackage?: boolean;
  /**
   * Other packages can import only the entries of the file's package (package-dependencies.ts
   * closesDeepImports): a command-line program, or an `exports` field that names each subpath.
   */
  inClosedPackage?: boolean;
  /**
   * The modules the file's package starts with or lets other packages import (package-dependencies.ts
   * entryModules: `main`, `module`, `bin`, the targets of `exports`), absolute, without extension.
   */
  packageEntries?: readonly string[];
  /**
   * The modules the file's package gives browsers in place of Node's (package-dependencies.ts
   * browserEntries: a `browser` condition of `exports`, the `browser` field), absolute, without extension.
   */
  browserEntries?: readonly string[];
  /**
   * One file linted on its own (the editor, after each edit) rather than many in a row (the
   * CLI). Rules may then ask questions the checker answers quickly one by one rather than
   * ones that batch well; the findings must be the same either way (the rule tests check).
   */
  interactive: boolean;
  /** The file's project: the other files, for the rare questions this file cannot answer alone. */
  project?: ProjectFiles;
  /**
   * Facts read from installed packages' JavaScript, which their type declarations do not carry
   * (package-emitters.ts: the classes that make their emitter with `captureRejections`).
   */
  installedPackages?: Pick<InstalledPackages, "capturingClasses">;
  /**
   * The editor's lint of a TypeScript file: what a collector recorded per function at the last
   * lint, for the functions an edit did not touch (engine/unit-carry.ts).
   */
  unitCarry?: UnitCarryAccess;
}

export interface RuleContext<Options, MessageId extends string = string> extends FileAnalysis {
  options: Options;
  /**
   * Summaries of the project's functions, for rules that follow calls across files. The
   * collector computes one file's facts; the graph runs it on other files when asked.
   * Facts that do not depend on the rule's options name a `summary` (e.g. "may-reject"): every
   * rule asking for it shares one graph. Without it the graph is the rule's own, per options.
   * `putsOwnFacts`: the rule runs the same collector over this file itself and `put`s its facts
   * in `decide`; the engine then does not collect them a second time in its own pass.
   * `factsInOwnPass`: the collector asks the compiler little beyond what the rule asks itself, so
   * when many files are linted (the CLI) the engine collects each linted file's facts in the
   * file's own pass and batch, ready for the files that import it (linted after it).
   */
  callGraph(collect: FactsCollectorFactory, summary?: string, options?: { putsOwnFacts?: boolean; factsInOwnPass?: boolean }): CallGraph;
  report(report: Report<MessageId>): void;
}

/**
 * Computes one file's call-graph facts in two phases, like a rule. `apart`: the file is analysed
 * apart from its own lint, in bulk (the CLI), where a summary mostly asks about few of its
 * functions: the collector may leave its questions out of `visit` and return facts computed per
 * function as they are asked for (`FunctionFactsOnDemand`), asking each function's questions
 * in a batch of their own (`queries.reopen()`, the `need*` calls, then `apart.resolve()`).
 */
export type FactsCollectorFactory = (
  analysis: FileAnalysis,
  apart?: AnalysisApart,
) => { visit(node: Node): void; visitKinds?: readonly SyntaxKind[]; finish(): { facts: FileFacts } };

/** See FactsCollectorFactory. */
export interface AnalysisApart {
  /** Asks the questions put since `queries.reopen()` (one round trip per kind). */
  resolve(): void;
  /** Sends the questions put since `queries.reopen()` without waiting; `resolve` then reads their answers. */
  sendAhead(): void;
}

export interface RuleInstance {
  /**
   * Phase 1: the file's nodes, parents first, in document order: all of them, or with
   * `visitKinds` only those kinds. Only syntax and `queries.need*` here.
   */
  visit?(node: Node): void;
  /**
   * The node kinds `visit` acts on. When every rule of a file declares them, the engine finds
   * those nodes without walking the whole tree (typescript/node-scan.ts), much faster.
   */
  visitKinds?: readonly SyntaxKind[];
  /** Phase 2: after the batch; read `queries.typeOf/symbolOf` and report. */
  decide(): void;
  /**
   * A function-scoped rule (`Rule.scope`): what it read of the whole text beyond the file outside
   * every function (e.g. whether the file uses browser globals anywhere), known by `create`.
   * Findings are reused only while it stays the same.
   */
  wholeFileKey?: string;
}

export interface Rule<Options extends object = Record<string, unknown>, MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  /**
   * The options, described once (option-schema.ts): every registered rule has one, and its
   * `defaultOptions`, its `validateOptions` and its doc table come from it (test/rules/meta.test.ts).
   */
  optionsSchema?: OptionsSchema;
  defaultOptions: Options;
  /** Problems with user-given options, as sentences; empty when valid. */
  validateOptions(options: Record<string, unknown>): string[];
  create(context: RuleContext<Options, MessageId>): RuleInstance;
  /**
   * "function": the rule's findings inside an outermost function follow from that function's own
   * nodes, the file outside every function, and the types of declarations: its `visit` keeps no
   * state that crosses from one function to another, a finding lies in the function whose nodes
   * produced it, and no message or fix text holds a position. The editor then runs it, after a
   * keystroke, on the edited function only and reuses its findings in the others
   * (engine/function-reuse.ts). A rule that asks for a call graph is run whole. Default "file".
   */
  scope?: "function" | "file";
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

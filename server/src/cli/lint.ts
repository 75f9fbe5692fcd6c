// `loopscope lint`: lint files and print findings in the chosen format (DESIGN section 4).
import { resolve } from "node:path";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Linter } from "../analysis/linter";
import type { FileResult, Finding } from "../analysis/findings";
import { fixAllInText, fixForFixAll } from "../lsp/fixAll";
import { unifiedDiff } from "./unified-diff";
import { loopscopeVersion } from "../package-root";
import { collectFiles, sourceExtensions, type SkippedPath } from "./collect-files";
import { lintUsage, parseLintArgs, type LintArgs } from "./lint-args";
import { usageExit } from "./command-line";
import { toFileReport } from "./formatters/report";
import { displayPath } from "./formatters/display-path";
import { outputFormats } from "./formatters";
import { Progress } from "./progress";
import { realPathOf, uniqueByRealPath } from "../config/real-path";
import { loadEvidence, type LoadedEvidence } from "../evidence/read-evidence";
import { observedBlockMeta, resultWithEvidence } from "../evidence/cli-evidence";
import { groupByProject, type ProjectGroup } from "./project-groups";
import { Timing } from "./timing";
import { allRules } from "../rules/registry";
import { noRuleOnAdvice } from "../config/no-rule-on";

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is an interactive terminal (progress and colours). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** Synchronous, unless a trace is read for `--evidence` (it is read as a stream first). */
export function lintCommand(argv: readonly string[], io: CliIo): number | Promise<number> {
  const args = parseLintArgs(argv);
  if (typeof args === "string" || args.help) return usageExit("loopscope lint", lintUsage, typeof args === "string" ? args : undefined, io);
  if (args.evidence === undefined) return lintWith(args, io, undefined);
  return loadEvidence(resolve(io.cwd, args.evidence)).then(load => {
    if (!load.ok) {
      io.stderr(`loopscope lint: --evidence: ${load.error}\n`);
      return 2;
    }
    for (const note of load.evidence.notes) io.stderr(`loopscope lint: --evidence: ${note}\n`);
    return lintWith(args, io, load.evidence);
  });
}

function lintWith(args: LintArgs, io: CliIo, evidence: LoadedEvidence | undefined): number {
  // One short run: the compiler may trade memory for speed (see TsServiceOptions.gcPercent).
  const linter = new Linter({
    cwd: io.cwd,
    editorBuffers: false,
    compilerGcPercent: 400,
    log: line => io.stderr(`loopscope: ${line}\n`),
    timePhases: !!io.env.LOOPSCOPE_TIMING,
  });
  try {
    return runLint(linter, args, io, evidence);
  } catch (error) {
    io.stderr(`loopscope lint: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  } finally {
    linter.close();
  }
}

function runLint(linter: Linter, args: LintArgs, io: CliIo, evidence: LoadedEvidence | undefined): number {
  let files: string[];
  let skipped: SkippedPath[] = [];
  // The project by its real path: the compiler names its files from it, and the files found under
  // the given paths are compared by theirs (either may go through a symlink the other does not).
  const project = args.project ? realPathOf(resolve(io.cwd, args.project)) : undefined;
  if (project) {
    if (!existsSync(project)) {
      io.stderr(`loopscope lint: --project ${args.project}: no such file\n`);
      return 2;
    }
    let projectFiles: string[];
    try {
      projectFiles = linter.projectFileNames(project).filter(f => !/\.d\.[cm]?ts$/.test(f) && !f.includes("/node_modules/"));
    } catch (error) {
      io.stderr(`loopscope lint: --project ${args.project}: ${(error as Error).message}\n`);
      return 2;
    }
    if (args.paths.length) {
      const wanted = collectFiles(args.paths, io.cwd);
      if (wanted.missing.length) return missingPaths(wanted.missing, io);
      noteLinkedFolders(wanted.linkedFolders, io);
      skipped = wanted.skipped;
      const inProject = new Set(projectFiles.map(realPathOf));
      const wantedFiles = wanted.files.map(realPathOf);
      files = wantedFiles.filter(f => inProject.has(f));
      const outside = wantedFiles.filter(f => !inProject.has(f));
      // Never dropped silently: the tsconfig decides what --project lints (README, "Command line").
      if (outside.length) {
        io.stderr(
          `loopscope lint: ${outside.length} ${outside.length === 1 ? "file" : "files"} under the given paths ${outside.length === 1 ? "is" : "are"} not in ${args.project}'s project and ${outside.length === 1 ? "was" : "were"} not linted: ${listSome(outside, io.cwd)} (lint ${outside.length === 1 ? "it" : "them"} without --project, or add ${outside.length === 1 ? "it" : "them"} to the tsconfig's "include")\n`,
        );
      }
    } else {
      files = projectFiles;
    }
  } else {
    const collected = collectFiles(args.paths.length ? args.paths : ["."], io.cwd);
    if (collected.missing.length) return missingPaths(collected.missing, io);
    noteLinkedFolders(collected.linkedFolders, io);
    skipped = collected.skipped;
    // A folder named twice, once through a symlink, is linted once.
    files = uniqueByRealPath(collected.files);
  }
  if (!files.length) {
    for (const s of skipped) io.stderr(`loopscope lint: skipped ${displayPath(s.path, io.cwd)}: ${s.reason}\n`);
    io.stderr(`loopscope lint: no files to lint (looked for ${sourceExtensions})\n`);
    return 2;
  }

  const settings = { rules: args.rules };
  const named = new Set(args.paths.map(p => realPathOf(resolve(io.cwd, p))));
  const configErrors = new Set(linter.resolveConfig(files[0]!, settings).errors);
  if (configErrors.size) {
    for (const e of configErrors) io.stderr(`loopscope lint: ${e}\n`);
    return 2;
  }
  const toLint: string[] = [];
  const ignoredBy = new Set<string>();
  let anyRuleOn = false;
  for (const file of files) {
    const config = linter.resolveConfig(file, settings);
    for (const rule of config.rules.values()) if (rule.severity !== "off") anyRuleOn = true;
    for (const e of config.errors)
      if (!configErrors.has(e)) {
        configErrors.add(e);
        io.stderr(`loopscope lint: ${e}\n`);
      }
    if (config.ignored && !named.has(realPathOf(file))) {
      ignoredBy.add(config.configFile ?? "the configuration");
      continue;
    }
    toLint.push(file);
  }
  if (!toLint.length) {
    io.stderr(
      `loopscope lint: no files to lint: ${files.length === 1 ? "the one file found is" : `all ${files.length} files found are`} ignored by the "ignore" globs of ${[...ignoredBy].map(f => displayPath(f, io.cwd)).join(", ")}\n`,
    );
    return 2;
  }
  if (!anyRuleOn) {
    // A rule is on by default only when it is right 9 times in 10 on code it was never tuned on
    // (README, "Rules"): say so rather than report nothing as if the code were clean. The run goes on
    // (an empty report in the asked format, exit 0) so that scripts reading the output still work.
    io.stderr(
      `loopscope lint: no rule is on for ${toLint.length === 1 ? "this file" : `these ${toLint.length} files`}, so nothing was checked: ${noRuleOnAdvice(allRules, 'with --rule <id>=warning or in loopscope.config.json ("rules": { ... })')}\n`,
    );
  }
  const progress = new Progress(toLint.length, io);
  progress.phase("opening the TypeScript project");
  const timing = io.env.LOOPSCOPE_TIMING ? new Timing(linter, io) : undefined;
  // Without --project, each group of files is linted in its own config's project (see project-groups.ts).
  const groups: ProjectGroup[] = project
    ? [{ config: project, files: toLint }]
    : groupByProject(toLint, config => linter.projectFileNames(config).filter(f => !/\.d\.[cm]?ts$/.test(f)));
  timing?.mark(
    `grouped ${toLint.length} files: ${groups.map(g => `${g.files.length} in ${g.config ? displayPath(g.config, io.cwd) : "the projects the compiler picks"}`).join(", ")}`,
  );
  const projectOf = new Map<string, string>();
  for (const g of groups) if (g.config) for (const f of g.files) projectOf.set(f, g.config);
  // Results in the order of `toLint`, whatever the groups' order.
  const position = new Map(toLint.map((f, i) => [f, i]));
  const slots: (FileResult | undefined)[] = new Array(toLint.length);
  let internalErrors = 0;
  let done = 0;
  const projectErrors = new Set<string>();
  progress.update(0, toLint[0] ?? "");
  for (const group of groups) {
    if (group.config) linter.openProject(group.config);
    else linter.openFiles(group.files, settings);
    timing?.mark(`opened ${group.config ? displayPath(group.config, io.cwd) : `${group.files.length} files one by one`}`);
    linter.lintFiles(group.files, { settings, ...(group.config ? { project: group.config } : {}) }, (result, i) => {
      progress.update(++done, group.files[i + 1] ?? result.fileName);
      for (const p of result.problems) {
        if (p.kind === "rule-crashed" || p.kind === "failed") {
          internalErrors++;
          io.stderr(`loopscope lint: ${result.fileName}: ${p.message}\n`);
        }
        if (p.kind === "config" && !projectErrors.has(p.message)) {
          projectErrors.add(p.message);
          io.stderr(`loopscope lint: ${p.message}\n`);
        }
      }
      // Config problems belong to the project, not to each of its files: printed once above.
      result.problems = result.problems.filter(p => p.kind !== "config");
      slots[position.get(group.files[i]!)!] = result;
    });
    timing?.mark(`linted ${group.files.length} files`);
  }
  timing?.requests();
  timing?.phases();
  const results = slots.filter((r): r is FileResult => r !== undefined);
  progress.done();
  if (args.fix) {
    const fixed = fixFiles(linter, results, { settings, projectOf }, io);
    if (args.fix === "dry-run") {
      for (const [file, { before, after }] of fixed) io.stdout(unifiedDiff(displayPath(file, io.cwd), before, after));
    } else {
      for (const [file, { after }] of fixed) writeFileSync(file, after);
    }
    io.stderr(`loopscope lint: ${args.fix === "dry-run" ? "would fix" : "fixed"} ${fixed.size} ${fixed.size === 1 ? "file" : "files"}\n`);
  }
  const vanished = results.filter(r => r.problems.some(p => p.kind === "skipped") && !existsSync(r.fileName));
  if (vanished.length) {
    // One line for all of them (a build cleaning its output folder can remove thousands).
    io.stderr(
      `loopscope lint: ${vanished.length} ${vanished.length === 1 ? "file" : "files"} disappeared while linting (deleted or moved) and ${vanished.length === 1 ? "was" : "were"} not checked: ${listSome(
        vanished.map(r => r.fileName),
        io.cwd,
      )}\n`,
    );
  }
  const checked = vanished.length ? results.filter(r => !vanished.includes(r)) : results;
  const skippedResults: FileResult[] = skipped.map(s => ({ fileName: s.path, findings: [], problems: [{ kind: "skipped", message: s.reason }] }));

  const reports = [...(evidence ? checked.map(r => resultWithEvidence(r, evidence)) : checked), ...skippedResults].map(toFileReport);
  const rules = [...linter.rules.map(r => r.meta), ...(evidence ? [observedBlockMeta] : [])];
  const output = outputFormats[args.format].format(reports, {
    cwd: io.cwd,
    color: (io.isTTY && !io.env.NO_COLOR) || !!io.env.FORCE_COLOR,
    version: loopscopeVersion,
    rules,
  });
  // A dry run's stdout is the diff alone (for `git apply` or `patch`).
  if (output && args.fix !== "dry-run") io.stdout(output.endsWith("\n") ? output : `${output}\n`);

  if (internalErrors || configErrors.size || projectErrors.size) return 2;
  const errors = reports.reduce((n, r) => n + r.errorCount, 0);
  const warnings = reports.reduce((n, r) => n + r.messages.filter(m => m.level === "warning").length, 0);
  if (errors > 0) return 1;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    io.stderr(`loopscope lint: ${warnings} warnings, more than --max-warnings ${args.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** Rounds of "fix, re-lint" at most: a fix that keeps producing fixable findings must not loop. */
export const maxFixRounds = 10;

/**
 * Applies each finding's safe fix (preferred, not a suggestion, this file only) in rounds until no
 * file changes, through the compiler's overlays (nothing is written here). `results` are
 * replaced by the fixed files' results. Returns the changed files' texts.
 */
function fixFiles(
  linter: Linter,
  results: FileResult[],
  options: { settings: { rules: LintArgs["rules"] }; projectOf: ReadonlyMap<string, string> },
  io: CliIo,
): Map<string, { before: string; after: string }> {
  const pick = (finding: Finding) => {
    const fix = fixForFixAll(finding);
    return fix?.isPreferred ? fix : undefined;
  };
  const changed = new Map<string, { before: string; after: string }>();
  const lint = (file: string): FileResult | undefined => {
    const project = options.projectOf.get(file);
    return linter.lintFile(file, { settings: options.settings, ...(project ? { project } : {}) });
  };
  let pending = results.map((result, index) => ({ result, index })).filter(({ result }) => result.findings.some(pick));
  try {
    for (let round = 0; round < maxFixRounds && pending.length; round++) {
      const next: typeof pending = [];
      for (const { result, index } of pending) {
        const file = result.fileName;
        const current = changed.get(file)?.after ?? readFileSync(file, "utf8");
        const relint = (text: string) => {
          linter.setOverlay(file, text);
          return lint(file);
        };
        const after = fixAllInText(current, result, pick, relint);
        if (after === current) continue;
        changed.set(file, { before: changed.get(file)?.before ?? current, after });
        linter.setOverlay(file, after);
        const fresh = lint(file);
        if (!fresh) continue;
        results[index] = { ...fresh, problems: fresh.problems.filter(p => p.kind !== "config") };
        if (fresh.findings.some(pick)) next.push({ result: fresh, index });
      }
      if (round === maxFixRounds - 1 && next.length)
        io.stderr(`loopscope lint: fixes still changed ${next.length} ${next.length === 1 ? "file" : "files"} after ${maxFixRounds} rounds; stopped\n`);
      pending = next;
    }
  } finally {
    for (const file of changed.keys()) linter.setOverlay(file, undefined);
  }
  return changed;
}

/** The first few paths (relative), and how many more. */
function listSome(paths: readonly string[], cwd: string, few = 5): string {
  const shown = paths
    .slice(0, few)
    .map(p => displayPath(p, cwd))
    .join(", ");
  return paths.length > few ? `${shown} and ${paths.length - few} more` : shown;
}

function noteLinkedFolders(folders: readonly string[], io: CliIo): void {
  if (!folders.length) return;
  io.stderr(
    `loopscope lint: not followed: ${folders.length === 1 ? "a symbolic link" : `${folders.length} symbolic links`} to a folder (${listSome(folders, io.cwd)}); name ${folders.length === 1 ? "it" : "them"} on the command line to lint ${folders.length === 1 ? "its" : "their"} files\n`,
  );
}

function missingPaths(missing: string[], io: CliIo): number {
  for (const m of missing) io.stderr(`loopscope lint: no such file or directory: ${m}\n`);
  return 2;
}

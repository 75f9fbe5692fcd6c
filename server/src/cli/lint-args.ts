// `loopscope lint` arguments (DESIGN section 4). Parsing is pure; errors are sentences.
import { parseRuleSetting, type RuleSetting } from "../config/config";
import { lastValue, parseCommandLine, type OptionSpec } from "./command-line";
import { formatNames, formatNamesInWords, isFormat, outputFormats, type Format } from "./formatters";

export type { Format };

export interface LintArgs {
  paths: string[];
  project?: string;
  format: Format;
  maxWarnings?: number;
  rules: Record<string, RuleSetting>;
  /** Apply the safe fixes (`--fix`), or print them as a unified diff without writing (`--fix-dry-run`). */
  fix?: "write" | "dry-run";
  /** A trace of a run (`loopscope run --out`): its observed blocks join the findings (DESIGN section 7). */
  evidence?: string;
  help: boolean;
}

export const lintUsage = `usage: loopscope lint [paths...] [--project tsconfig.json] [--format ${formatNames.join("|")}]
                      [--max-warnings N] [--rule id=setting]... [--fix | --fix-dry-run]
                      [--evidence trace.json]

  paths             files or folders to lint (default: the project's files with --project, else .);
                    in folders, what .gitignore ignores is skipped; after --, every argument is a path
  --project FILE    lint with this tsconfig.json/jsconfig.json (default: each file's nearest one)
  --format F        ${formatNames.map(name => `${name} (${outputFormats[name].summary})`).join(", ")}
  --max-warnings N  exit with 1 when there are more than N warnings
  --rule id=sev     set a rule's severity: off, info, warning or error (repeatable); or its
                    severity and options as in a config file, in JSON:
                    --rule 'floating-promise=["warning",{"reportDeepEvidence":true}]'
  --fix             apply the safe fixes (each finding's preferred fix, as the editor's "fix all"),
                    re-lint and repeat until nothing changes (at most 10 rounds); then report what is left
  --fix-dry-run     the same, without writing: print the changes as a unified diff
  --evidence TRACE  join a traced run (loopscope run --out TRACE; .json or .json.gz): lines that
                    blocked the event loop are reported (observed-block, info), and findings say
                    whether their code blocked during a request or only at start-up

exit codes: 0 no errors (warnings within --max-warnings), 1 findings over the limit,
            2 usage, configuration or internal error, or no files to lint
            (a closed output pipe ends the command quietly with 141, as SIGPIPE would)`;

const lintOptions = {
  project: { type: "string", short: "p" },
  format: { type: "string", short: "f" },
  "max-warnings": { type: "string" },
  rule: { type: "string" },
  fix: { type: "boolean" },
  "fix-dry-run": { type: "boolean" },
  evidence: { type: "string" },
} as const satisfies Record<string, OptionSpec>;

export function parseLintArgs(argv: readonly string[]): LintArgs | string {
  const line = parseCommandLine(argv, lintOptions);
  if (typeof line === "string") return line;
  const args: LintArgs = { paths: line.positionals, format: "stylish", rules: {}, help: line.help };
  const fix = line.options.fix !== undefined,
    dryRun = line.options["fix-dry-run"] !== undefined;
  if (fix && dryRun) return "--fix and --fix-dry-run exclude each other";
  if (fix || dryRun) args.fix = fix ? "write" : "dry-run";
  const evidence = lastValue(line, "evidence");
  if (typeof evidence === "string") {
    if (!evidence) return "--evidence needs a trace file (loopscope run --out trace.json)";
    args.evidence = evidence;
  }
  const project = lastValue(line, "project");
  if (typeof project === "string") args.project = project;
  const format = lastValue(line, "format");
  if (format !== undefined) {
    if (typeof format !== "string" || !isFormat(format)) return `--format must be ${formatNamesInWords()} (got ${format})`;
    args.format = format;
  }
  const maxWarnings = lastValue(line, "max-warnings");
  if (typeof maxWarnings === "string") {
    const n = Number(maxWarnings);
    if (!/^\d+$/.test(maxWarnings) || !Number.isSafeInteger(n)) return `--max-warnings needs a whole number (got ${maxWarnings})`;
    args.maxWarnings = n;
  }
  for (const rule of line.options.rule ?? []) {
    const m = typeof rule === "string" ? /^([\w-]+)=(.+)$/.exec(rule) : null;
    if (!m) return `--rule needs id=severity, e.g. --rule floating-promise=error (got ${rule})`;
    const value = settingValue(m[2]!);
    if (value instanceof Error) return `--rule ${m[1]}: ${value.message}`;
    const setting = parseRuleSetting(value);
    if (typeof setting === "string") return `--rule ${m[1]}: ${setting}`;
    args.rules[m[1]!] = setting;
  }
  return args;
}

/** A severity as it is, or a setting in JSON (`["warning", {...}]`, `{"options": {...}}`) as a config file spells it. */
function settingValue(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return new Error(`the setting is not valid JSON (${(error as Error).message})`);
  }
}

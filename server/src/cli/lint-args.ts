// `loopscope lint` arguments (DESIGN section 4). Parsing is pure; errors are sentences.
import { parseRuleSetting, type RuleSetting } from "../config/config";

export type Format = "stylish" | "json" | "sarif";

export interface LintArgs {
  paths: string[];
  project?: string;
  format: Format;
  maxWarnings?: number;
  rules: Record<string, RuleSetting>;
  /** Apply the safe fixes (`--fix`), or print them as a unified diff without writing (`--fix-dry-run`). */
  fix?: "write" | "dry-run";
  help: boolean;
}

export const lintUsage = `usage: loopscope lint [paths...] [--project tsconfig.json] [--format stylish|json|sarif]
                      [--max-warnings N] [--rule id=severity]... [--fix | --fix-dry-run]

  paths             files or folders to lint (default: the project's files with --project, else .);
                    after --, every argument is a path
  --project FILE    lint with this tsconfig.json/jsconfig.json (default: each file's nearest one)
  --format F        stylish (default), json (ESLint's JSON shape), sarif (SARIF 2.1.0)
  --max-warnings N  exit with 1 when there are more than N warnings
  --rule id=sev     set a rule's severity: off, info, warning or error (repeatable)
  --fix             apply the safe fixes (each finding's preferred fix, as the editor's "fix all"),
                    re-lint and repeat until nothing changes (at most 10 rounds); then report what is left
  --fix-dry-run     the same, without writing: print the changes as a unified diff

exit codes: 0 no errors (warnings within --max-warnings), 1 findings over the limit,
            2 usage, configuration or internal error, or no files to lint
            (a closed output pipe ends the command quietly with 141, as SIGPIPE would)`;

export function parseLintArgs(argv: readonly string[]): LintArgs | string {
  const args: LintArgs = { paths: [], format: "stylish", rules: {}, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // Everything after `--` is a path, even when it starts with a dash.
    if (arg === "--") { args.paths.push(...argv.slice(i + 1)); break; }
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case "-h": case "--help": args.help = true; break;
      case "--fix": case "--fix-dry-run": {
        const mode = flag === "--fix" ? "write" : "dry-run";
        if (args.fix && args.fix !== mode) return "--fix and --fix-dry-run exclude each other";
        args.fix = mode;
        break;
      }
      case "--project": case "-p": {
        const v = value();
        if (!v) return `${flag} needs a tsconfig.json path`;
        args.project = v;
        break;
      }
      case "--format": case "-f": {
        const v = value();
        if (v !== "stylish" && v !== "json" && v !== "sarif") return `--format must be stylish, json or sarif (got ${v ?? "nothing"})`;
        args.format = v;
        break;
      }
      case "--max-warnings": {
        const v = value();
        const n = Number(v);
        if (v === undefined || !/^\d+$/.test(v) || !Number.isSafeInteger(n)) return `--max-warnings needs a whole number (got ${v ?? "nothing"})`;
        args.maxWarnings = n;
        break;
      }
      case "--rule": {
        const v = value();
        const m = v ? /^([\w-]+)=(.+)$/.exec(v) : null;
        if (!m) return `--rule needs id=severity, e.g. --rule floating-promise=error (got ${v ?? "nothing"})`;
        const setting = parseRuleSetting(m[2]);
        if (typeof setting === "string") return `--rule ${m[1]}: ${setting}`;
        args.rules[m[1]!] = setting;
        break;
      }
      default:
        if (arg.startsWith("-") && arg !== "-") return `unknown option ${arg}`;
        args.paths.push(arg);
    }
  }
  return args;
}

// The one argument parser of every `loopscope` command: node:util's parseArgs, read token by token
// so that each mistake becomes a sentence naming the option (`--out needs a value`, `unknown option
// '--bogus'`), `--help`/`-h` means the same everywhere, and `loopscope run` can stop at the
// command it starts (whose own options are not ours).
import { parseArgs } from "node:util";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** A boolean option that may carry a value inline only (`--live=2`): a separate word would be a path or a command. */
  inlineValue?: boolean;
}

export interface CommandLine<Name extends string> {
  /** Each option's values in the order given: a string, or `true` for a boolean given without one. */
  options: Partial<Record<Name, (string | true)[]>>;
  /** Operands: after `--`, every argument is one, even when it starts with `-`. */
  positionals: string[];
  /** `--help` or `-h` was given. */
  help: boolean;
  /** With `stopAtPositional`: the first operand and everything after it, untouched. */
  rest: string[];
}

/**
 * Parses `argv` against `spec` (`--help`/`-h` is added). Returns the command line or a usage
 * error (a sentence). `stopAtPositional`: options end at the first operand (`loopscope run`).
 */
export function parseCommandLine<Name extends string>(
  argv: readonly string[],
  spec: Record<Name, OptionSpec>,
  settings: { stopAtPositional?: boolean } = {},
): CommandLine<Name> | string {
  const known = new Map<string, OptionSpec>(Object.entries<OptionSpec>(spec));
  const { tokens } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries([...known].map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }])),
      help: { type: "boolean", short: "h" },
    },
    // Not strict: unknown options and missing values come back as tokens, and become our own sentences below.
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const result: CommandLine<Name> = { options: {}, positionals: [], help: false, rest: [] };
  for (const token of tokens) {
    if (token.kind === "option-terminator") {
      if (settings.stopAtPositional) {
        result.rest = argv.slice(token.index + 1);
        break;
      }
      continue;
    }
    if (token.kind === "positional") {
      if (settings.stopAtPositional) {
        result.rest = argv.slice(token.index);
        break;
      }
      result.positionals.push(token.value);
      continue;
    }
    const { name, rawName, value, inlineValue } = token;
    if (name === "help") {
      if (value !== undefined) return `${rawName} takes no value`;
      result.help = true;
      continue;
    }
    const option = known.get(name);
    if (!option) return `unknown option '${rawName}'`;
    if (option.type === "string" && (value === undefined || value === "")) return `${rawName} needs a value`;
    if (option.type === "boolean" && value !== undefined && !(option.inlineValue && inlineValue)) return `${rawName} takes no value`;
    (result.options[name as Name] ??= []).push(value ?? true);
  }
  return result;
}

/** The last value given for an option (later ones win, as in most tools). */
export function lastValue<Name extends string>(line: CommandLine<Name>, name: Name): string | true | undefined {
  return line.options[name]?.at(-1);
}

/** How every command answers a usage error (stderr, exit 2) or `--help` (stdout, exit 0). */
export function usageExit(
  command: string,
  usage: string,
  error: string | undefined,
  write: { stdout: (text: string) => void; stderr: (text: string) => void },
): number {
  const text = usage.endsWith("\n") ? usage : `${usage}\n`;
  if (error === undefined) {
    write.stdout(text);
    return 0;
  }
  write.stderr(`${command}: ${error}\n\n${text}`);
  return 2;
}

/** Where `run` and `report` write (lint writes through its CliIo, which tests replace). */
export const processIo = {
  stdout: (text: string) => {
    process.stdout.write(text);
  },
  stderr: (text: string) => {
    process.stderr.write(text);
  },
};

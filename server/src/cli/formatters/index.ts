// The output formats of `loopscope lint`, one entry each. `--format`'s accepted values, its help
// line and its error message come from this table, and test/cli/output-formats.test.ts checks
// that each one parses, runs and is named in the README. To add a format: its file in this
// folder, one entry below, and a line in the README's `--format` list.
import type { RuleMeta } from "../../rules/rule";
import type { FileReport } from "./report";
import { formatJson } from "./json";
import { formatSarif } from "./sarif";
import { formatStylish } from "./stylish";

/** What a format may need besides the reports. */
export interface FormatContext {
  cwd: string;
  /** Colours for a terminal (stylish). */
  color: boolean;
  /** Loopscope's version, read only by the formats that print it. */
  version: () => string;
  /** Every rule that ran (and `observed-block` with --evidence), for formats that describe them. */
  rules: readonly RuleMeta[];
}

export interface OutputFormat {
  /** Shown after the name in `--help` (e.g. "ESLint's JSON shape"). */
  summary: string;
  format(reports: readonly FileReport[], context: FormatContext): string;
}

export const outputFormats = {
  stylish: { summary: "default", format: (reports, { color, cwd }) => formatStylish(reports, { color, cwd }) },
  json: { summary: "ESLint's JSON shape", format: reports => formatJson(reports) },
  sarif: { summary: "SARIF 2.1.0", format: (reports, { cwd, version, rules }) => formatSarif(reports, { cwd, version: version(), rules }) },
} satisfies Record<string, OutputFormat>;

export type Format = keyof typeof outputFormats;

export const formatNames = Object.keys(outputFormats) as Format[];

export function isFormat(name: string): name is Format {
  return Object.hasOwn(outputFormats, name);
}

/** "a, b or c". */
export function formatNamesInWords(): string {
  return `${formatNames.slice(0, -1).join(", ")} or ${formatNames.at(-1)}`;
}

// Human output in the style of ESLint's default formatter.
import { displayPath } from "./display-path";
import type { FileReport } from "./report";
import { describeGroup, repeatedGroups } from "./repeated";

export interface StylishOptions {
  color: boolean;
  cwd: string;
}

export function formatStylish(reports: readonly FileReport[], { color, cwd }: StylishOptions): string {
  const c = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  let errors = 0,
    warnings = 0,
    infos = 0;
  for (const r of reports) {
    if (!r.messages.length) continue;
    lines.push("", c("4", displayPath(r.filePath, cwd)));
    const rows = r.messages.map(m => [`${m.line}:${m.column}`, m.level, m.message, m.ruleId ?? ""] as const);
    const w0 = Math.max(...rows.map(x => x[0].length));
    const w1 = Math.max(...rows.map(x => x[1].length));
    for (const [pos, level, message, rule] of rows) {
      const tint = level === "error" ? "31" : level === "warning" ? "33" : "36";
      lines.push(`  ${c("2", pos.padEnd(w0))}  ${c(tint, level.padEnd(w1))}  ${message}  ${c("2", rule)}`);
      if (level === "error") errors++;
      else if (level === "warning") warnings++;
      else infos++;
    }
  }
  const total = errors + warnings + infos;
  if (total === 0) return "";
  const summary = `✖ ${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${infos ? `, ${infos} info` : ""})`;
  const groups = repeatedGroups(reports, cwd);
  if (groups.length) lines.push("", ...groups.map(g => `${c("1", "↻")} ${describeGroup(g)}`));
  lines.push("", c(errors ? "31;1" : "33;1", summary), "");
  return lines.join("\n");
}

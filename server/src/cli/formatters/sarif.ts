// SARIF 2.1.0, for code-scanning dashboards (GitHub, Azure DevOps): rule metadata with helpUri,
// results with regions, related locations for call chains, and fixes.
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { ArtifactLocation, Fix, Location, Log, Region, ReportingDescriptor, Result } from "sarif";
import type { RuleMeta } from "../../rules/rule";
import type { FileReport } from "./report";
import { ruleDocUri } from "../../package-root";
import { observedBlockId } from "../../evidence/annotate";
import { sarifRank } from "../../evidence/cli-evidence";

export interface SarifOptions {
  cwd: string;
  version: string;
  rules: readonly RuleMeta[];
}

const level = (l: "info" | "warning" | "error"): Result.level => (l === "info" ? "note" : l);

/** SARIF regions are 1-based; ours (LSP) are 0-based lines and UTF-16 characters. */
function regionOf(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Region {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

export function formatSarif(reports: readonly FileReport[], { cwd, version, rules }: SarifOptions): string {
  const uriOf = (file: string): ArtifactLocation => {
    const rel = relative(cwd, file);
    return rel.startsWith("..") || rel === ""
      ? { uri: pathToFileURL(file).href }
      : { uri: rel.split(sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
  };
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = [];
  for (const r of reports) {
    for (const m of r.messages) {
      const region: Region = { startLine: m.line, startColumn: m.column, ...(m.endLine !== undefined ? { endLine: m.endLine, endColumn: m.endColumn } : {}) };
      const f = m.finding;
      const rank = sarifRank(f);
      results.push({
        ...(m.ruleId ? { ruleId: m.ruleId, ...(ruleIndex.has(m.ruleId) ? { ruleIndex: ruleIndex.get(m.ruleId) } : {}) } : { ruleId: "loopscope-problem" }),
        level: level(m.level),
        message: { text: m.message },
        ...(rank !== undefined ? { rank } : {}),
        locations: [{ physicalLocation: { artifactLocation: uriOf(r.filePath), region } }],
        ...(f?.related.length
          ? {
              relatedLocations: f.related.map(
                (rel, id): Location => ({
                  id,
                  message: { text: rel.message },
                  physicalLocation: { artifactLocation: uriOf(rel.fileName), region: regionOf(rel.range) },
                }),
              ),
            }
          : {}),
        ...(f?.fixes.length
          ? {
              fixes: f.fixes.map(
                (fix): Fix => ({
                  description: { text: fix.title },
                  artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
                    artifactLocation: uriOf(file),
                    replacements: edits.map(e => ({
                      deletedRegion: regionOf(e.range),
                      insertedContent: { text: e.newText },
                    })),
                  })),
                }),
              ),
            }
          : {}),
      });
    }
  }
  const sarif: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "Loopscope",
            version,
            semanticVersion: version,
            rules: rules.map((rule): ReportingDescriptor => {
              // Runtime evidence is no rule of its own: it has no rule page.
              const help = rule.id === observedBlockId ? undefined : ruleDocUri(rule.id);
              return {
                id: rule.id,
                name: rule.id,
                shortDescription: { text: rule.description },
                fullDescription: { text: rule.description },
                ...(help ? { helpUri: help } : {}),
                defaultConfiguration: { level: level(rule.defaultSeverity), ...(rule.enabledByDefault === false ? { enabled: false } : {}) },
                properties: { fixable: rule.fixable },
              };
            }),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
        columnKind: "utf16CodeUnits",
        // Lines as the editor counts them (positions.ts); SARIF's default is only "\r\n" and "\n".
        newlineSequences: ["\r\n", "\n", "\r"],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

function groupByFile<T extends { fileName: string }>(edits: readonly T[]): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const e of edits) {
    const list = map.get(e.fileName) ?? [];
    list.push(e);
    map.set(e.fileName, list);
  }
  return [...map];
}

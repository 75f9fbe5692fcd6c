// The name the compiler sees an editor document under. The compiler takes a file's script kind
// from its extension only; a JavaScript or TypeScript document without one of its extensions
// (an extensionless `#!/usr/bin/env node` script, `.es6`, `.pac`) is linted under a name next to
// it that has the right extension, and its results are mapped back to the document.
import { existsSync } from "node:fs";
import type { FileResult } from "../analysis/findings";

const scriptExtension = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

const extensionOf: Record<string, string> = {
  javascript: ".js",
  javascriptreact: ".jsx",
  typescript: ".ts",
  typescriptreact: ".tsx",
};

export type LintName =
  | { kind: "file"; name: string }
  /** Not a JavaScript or TypeScript document: not ours, nothing to say. */
  | { kind: "other" }
  /** Ours, but it cannot be linted; the message says why. */
  | { kind: "unlintable"; message: string };

export function lintNameOf(fileName: string, languageId: string | undefined): LintName {
  if (scriptExtension.test(fileName)) return { kind: "file", name: fileName };
  // (An editor's language id is any string: `constructor` must not find Object's.)
  const extension = languageId !== undefined && Object.hasOwn(extensionOf, languageId) ? extensionOf[languageId] : undefined;
  if (!extension) return { kind: "other" };
  const name = `${fileName}.loopscope${extension}`;
  // A real file of that name would be hidden from the compiler by the document's text.
  if (existsSync(name))
    return {
      kind: "unlintable",
      message: `not checked: the TypeScript compiler needs a file name ending in ${extension} for this ${languageId} document, and ${name} is taken`,
    };
  return { kind: "file", name };
}

/** The result of linting `lintName`, as the result for `fileName`. */
export function resultForDocument(result: FileResult, lintName: string, fileName: string): FileResult {
  if (lintName === fileName) return result;
  const rename = (name: string) => (name === lintName ? fileName : name);
  return {
    ...result,
    fileName,
    findings: result.findings.map(finding => ({
      ...finding,
      fileName: rename(finding.fileName),
      related: finding.related.map(info => ({ ...info, fileName: rename(info.fileName) })),
      fixes: finding.fixes.map(fix => ({ ...fix, edits: fix.edits.map(edit => ({ ...edit, fileName: rename(edit.fileName) })) })),
    })),
  };
}

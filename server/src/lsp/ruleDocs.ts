// Where a rule's documentation is: the `docs/rules/<id>.md` shipped next to the server bundle
// (the .vsix and the npm package carry docs/rules), so the link works offline in any editor.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

let docsDir: string | null | undefined;

function findDocsDir(): string | null {
  // dist/server.mjs in a package or the .vsix; server/src/lsp/ruleDocs.ts when tests run the sources.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++) {
    const candidate = join(dir, "docs", "rules");
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}

/** A URI for the rule's documentation, or undefined when the rule has no page here. */
export function ruleDocsHref(ruleId: string): string | undefined {
  if (docsDir === undefined) docsDir = findDocsDir();
  if (!docsDir || !/^[a-z0-9-]+$/.test(ruleId)) return undefined;
  const file = join(docsDir, `${ruleId}.md`);
  return existsSync(file) ? pathToFileURL(file).href : undefined;
}

// Where a rule's documentation is, for `codeDescription`: the docs/rules/<id>.md shipped next to
// the server bundle (package-root.ts finds it), so the link works offline in any editor.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ruleDocUri } from "../package-root";

/** Rule id → its page's URI, or null: the shipped pages do not change while the server runs. */
const known = new Map<string, string | null>();

/** A URI for the rule's documentation, or undefined when the rule has no page here. */
export function ruleDocsHref(ruleId: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(ruleId)) return undefined;
  // Looked up once per rule, not once per finding: a file can have thousands, and every pull maps them all.
  let href = known.get(ruleId);
  if (href === undefined) {
    href = shippedPage(ruleId);
    known.set(ruleId, href);
  }
  return href ?? undefined;
}

function shippedPage(ruleId: string): string | null {
  const uri = ruleDocUri(ruleId);
  return uri && existsSync(fileURLToPath(uri)) ? uri : null;
}

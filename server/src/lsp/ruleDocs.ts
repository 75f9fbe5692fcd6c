// Where a rule's documentation is, for `codeDescription`: the docs/rules/<id>.md shipped next to
// the server bundle (package-root.ts finds it), so the link works offline in any editor.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ruleDocUri } from "../package-root";

/** A URI for the rule's documentation, or undefined when the rule has no page here. */
export function ruleDocsHref(ruleId: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(ruleId)) return undefined;
  const uri = ruleDocUri(ruleId);
  return uri && existsSync(fileURLToPath(uri)) ? uri : undefined;
}

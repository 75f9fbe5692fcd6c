// Writes what the rules' option schemas describe: loopscope.config.schema.json (the config file's
// JSON Schema, registered in package.json `jsonValidation`) and the option table of each rule's
// doc, between its markers. test/rules/meta.test.ts fails when either is stale.
// usage: node --import tsx scripts/config-schema.ts
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { allRules } from "../server/src/rules/registry";
import { configSchemaFileName, configSchemaText, docWithOptionsTable } from "../server/src/config/config-schema";

const root = fileURLToPath(new URL("..", import.meta.url));
writeFileSync(`${root}${configSchemaFileName}`, configSchemaText(allRules));
for (const { meta, optionsSchema } of allRules) {
  const path = `${root}docs/rules/${meta.id}.md`;
  const doc = readFileSync(path, "utf8");
  const next = optionsSchema && docWithOptionsTable(doc, optionsSchema);
  if (next === undefined) {
    console.error(`${path}: no optionsSchema, or no option-table markers under "## Options"`);
    process.exitCode = 1;
    continue;
  }
  if (next !== doc) writeFileSync(path, next);
}
console.log(`${configSchemaFileName} and the rule docs' option tables written (${allRules.length} rules)`);

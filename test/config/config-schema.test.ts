// The rules' option schemas: validation messages, and the generated JSON Schema of
// loopscope.config.json agreeing with what config.ts accepts (VS Code completes and checks the
// file with it, so a schema stricter or looser than the resolver would mislead).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { allRules } from "../../server/src/rules/registry";
import { defaultsOf, option, validateAgainst } from "../../server/src/rules/option-schema";
import { configJsonSchema } from "../../server/src/config/config-schema";
import { ConfigResolver } from "../../server/src/config/config";

const root = fileURLToPath(new URL("../..", import.meta.url));
const validate = new Ajv({ allErrors: true, strict: false }).compile(configJsonSchema(allRules));
const scratch = mkdtempSync(join(tmpdir(), "loopscope-config-schema-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The resolver's errors for a config file with this content (what the CLI and the server say). */
function resolverErrors(config: unknown): string[] {
  const dir = mkdtempSync(join(scratch, "c-"));
  writeFileSync(join(dir, "loopscope.config.json"), JSON.stringify(config));
  const resolver = new ConfigResolver(
    allRules.map(r => ({
      id: r.meta.id,
      defaultSeverity: r.meta.defaultSeverity,
      defaultOptions: r.defaultOptions as Record<string, unknown>,
      validateOptions: o => r.validateOptions(o),
    })),
  );
  return resolver.resolve(join(dir, "a.ts")).errors;
}

const schemaAccepts = (config: unknown) => validate(config) === true;

test("option schema: the defaults and the inferred messages", () => {
  const schema = {
    flag: option.boolean("A flag.", true),
    width: option.number("A width.", 8, { positiveInteger: true }),
    mode: option.enum(["a", "b"], "A mode.", "a"),
    names: option.strings("Names.", ["x"]),
    kinds: option.strings("Kinds.", ["k1"], { values: ["k1", "k2"], noun: "kind" }),
  };
  const defaults = defaultsOf(schema);
  assert.deepEqual(defaults, { flag: true, width: 8, mode: "a", names: ["x"], kinds: ["k1"] });
  assert.notEqual(defaults.names, schema.names.default, "a rule's options never share the schema's arrays");
  assert.deepEqual(validateAgainst(schema, defaults), []);
  assert.deepEqual(validateAgainst(schema, { flag: "yes", width: 2.5, mode: "c", names: [1], kinds: ["k3"], other: 1 }), [
    "option 'flag' must be a boolean",
    "option 'width' must be a positive integer",
    "option 'mode' must be one of a, b",
    "option 'names' must be an array of strings",
    "option 'kinds': unknown kind 'k3' (known: k1, k2)",
    "unknown option 'other' (known: flag, width, mode, names, kinds)",
  ]);
  assert.deepEqual(validateAgainst(schema, { width: "8" }), ["option 'width' must be a number"]);
  assert.deepEqual(validateAgainst(schema, { toString: 1 }), ["unknown option 'toString' (known: flag, width, mode, names, kinds)"]);
});

test("every rule's defaults pass its validation and the config schema, in each form a rule setting takes", () => {
  for (const rule of allRules) {
    const id = rule.meta.id;
    assert.ok(rule.optionsSchema, `${id} describes its options with an optionsSchema`);
    assert.deepEqual(rule.defaultOptions, defaultsOf(rule.optionsSchema!), `${id}: defaults come from the schema`);
    for (const setting of [["warning", rule.defaultOptions], { severity: "error", options: rule.defaultOptions }, "off", ["info"]]) {
      const config = { rules: { [id]: setting } };
      assert.ok(schemaAccepts(config), `${id}: ${JSON.stringify(setting)}: ${JSON.stringify(validate.errors)}`);
      assert.deepEqual(resolverErrors(config), [], `${id}: ${JSON.stringify(setting)}`);
    }
  }
});

test("wrong option types: rejected by the schema and by the resolver, with a message naming the option", () => {
  const wrong: Array<[string, Record<string, unknown>, RegExp]> = [
    ["missing-timeout", { defaultTimeoutMs: "10s" }, /rules\.missing-timeout|option 'defaultTimeoutMs' must be a number/],
    ["missing-timeout", { defaultTimeoutMs: 0 }, /option 'defaultTimeoutMs' must be a positive integer/],
    ["missing-timeout", { check: ["ftp"] }, /option 'check': unknown family 'ftp' \(known: fetch, http/],
    ["unbounded-concurrency", { limiters: "pLimit" }, /option 'limiters' must be an array of strings/],
    ["blocking-call-in-async", { workerThreadFiles: "warning" }, /option 'workerThreadFiles' must be one of same, info, off/],
    ["floating-promise", { ignoreVoid: 1 }, /option 'ignoreVoid' must be a boolean/],
    ["floating-promise", { ignoreVoids: true }, /unknown option 'ignoreVoids' \(known: ignoreVoid, /],
  ];
  for (const [id, options, message] of wrong) {
    const config = { rules: { [id]: ["warning", options] } };
    assert.equal(schemaAccepts(config), false, `the schema rejects ${id} ${JSON.stringify(options)}`);
    const errors = resolverErrors(config);
    assert.equal(errors.length, 1, `${id} ${JSON.stringify(options)}: ${errors.join("; ")}`);
    assert.match(errors[0]!, message);
  }
});

test("the config schema accepts what the resolver accepts and rejects what it rejects", () => {
  const configs: unknown[] = [
    {},
    { $schema: "./node_modules/loopscope/loopscope.config.schema.json", ignore: ["dist/**", "!dist/keep.js"], maxFileSizeBytes: 500000 },
    { rules: { "missing-timeout": ["error", { check: ["fetch"], defaultTimeoutMs: 5000 }], "floating-promise": "off" } },
    { rules: { "unbounded-concurrency": { severity: "info" } } },
    { rules: { "unbounded-concurrency": { options: { defaultConcurrency: 4 } } } },
    { rules: { "no-such-rule": "warning" } },
    { rules: { "floating-promise": "loud" } },
    { rules: { "floating-promise": ["warning", []] } },
    { rules: [] },
    { ignore: "dist" },
    { ignore: [1] },
    { maxFileSizeBytes: 0 },
    { maxFileSizeBytes: "1MB" },
    { rule: {} },
  ];
  for (const config of configs) {
    const errors = resolverErrors(config);
    assert.equal(
      schemaAccepts(config),
      errors.length === 0,
      `${JSON.stringify(config)}: resolver says ${JSON.stringify(errors)}, schema says ${JSON.stringify(validate.errors)}`,
    );
  }
});

test("the configs the rule docs show are valid against the config schema", () => {
  for (const { meta } of allRules) {
    const doc = readFileSync(join(root, "docs/rules", `${meta.id}.md`), "utf8");
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)]
      .map(m => JSON.parse(m[1]!) as unknown)
      .filter(j => j && typeof j === "object" && "rules" in j);
    assert.ok(examples.length > 0, `${meta.id}.md shows a config`);
    for (const example of examples) {
      assert.ok(schemaAccepts(example), `${meta.id}.md: ${JSON.stringify(validate.errors)}`);
      assert.deepEqual(resolverErrors(example), [], `${meta.id}.md`);
    }
  }
});

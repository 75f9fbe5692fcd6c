// Settings per resource over real JSON-RPC: workspace/configuration answers per folder change
// severities; a configuration change re-checks open documents (push) or asks for a refresh (pull).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DiagnosticSeverity, type FullDocumentDiagnosticReport } from "vscode-languageserver-protocol/node";
import { allRules } from "../../server/src/rules/registry";
import { ensureServerBuilt, makeProject, repoRoot, TestLspClient } from "./lspClient";
import { blockingOnConfig, blockingOnSettings } from "../helpers/blocking-on";

const blocking = `import { readFileSync } from "node:fs";
export async function h(req, res) {
  return readFileSync("x", "utf8");
}
`;

let project: ReturnType<typeof makeProject>;
before(() => {
  ensureServerBuilt();
  project = makeProject({
    "strict/a.ts": blocking,
    "relaxed/a.ts": blocking,
    "plain/a.ts": blocking,
    "configured/a.ts": blocking,
    "configured/loopscope.config.json": blockingOnConfig,
  });
});
after(() => project.dispose());

test("loopscope.rules.<id> per resource: error in one folder, off in another, the project's setting or the rule's default elsewhere", async () => {
  const asked: (string | undefined)[] = [];
  const severityFor = (scopeUri: string | undefined) => {
    asked.push(scopeUri);
    if (scopeUri?.includes("/strict/")) return { rules: { "blocking-call-in-async": "error" } };
    if (scopeUri?.includes("/relaxed/")) return { rules: { "blocking-call-in-async": "off" } };
    return { rules: { "blocking-call-in-async": "default" } };
  };
  const client = await TestLspClient.start({ pull: true, settings: severityFor });
  try {
    const pull = async (name: string) => {
      await client.open(project.uri(name), blocking);
      return ((await client.pull(project.uri(name))) as FullDocumentDiagnosticReport).items;
    };
    assert.deepEqual(
      (await pull("strict/a.ts")).map(d => d.severity),
      [DiagnosticSeverity.Error],
    );
    assert.deepEqual(await pull("relaxed/a.ts"), []);
    assert.deepEqual(await pull("plain/a.ts"), [], "the rule's default: off (issue 10)");
    assert.deepEqual(
      (await pull("configured/a.ts")).map(d => d.severity),
      [DiagnosticSeverity.Warning],
      "the project's loopscope.config.json",
    );
    assert.ok(asked.includes(project.uri("strict/a.ts")), "settings are asked for with the document as scope");
  } finally {
    await client.stop();
  }
});

test("push: a configuration change re-lints open documents with the new settings", async () => {
  let severity = "warning";
  const client = await TestLspClient.start({ settings: () => ({ rules: { "blocking-call-in-async": severity } }) });
  try {
    const uri = project.uri("plain/a.ts");
    await client.open(uri, blocking);
    const first = await client.waitForPublish(uri);
    assert.equal(first.diagnostics[0]?.severity, DiagnosticSeverity.Warning);
    severity = "info";
    const from = client.published.length;
    await client.configurationChanged({ loopscope: {} });
    const second = await client.waitForPublish(uri, () => true, from);
    assert.equal(second.diagnostics[0]?.severity, DiagnosticSeverity.Information);
  } finally {
    await client.stop();
  }
});

test("pull: a configuration change asks the client to refresh, and the next pull uses the new settings", async () => {
  let severity = "warning";
  const client = await TestLspClient.start({ pull: true, settings: () => ({ rules: { "blocking-call-in-async": severity } }) });
  try {
    const uri = project.uri("plain/a.ts");
    await client.open(uri, blocking);
    assert.equal(((await client.pull(uri)) as FullDocumentDiagnosticReport).items[0]?.severity, DiagnosticSeverity.Warning);
    severity = "error";
    await client.configurationChanged(null);
    await client.waitFor(() => client.refreshRequests > 0 || undefined, "workspace/diagnostic/refresh");
    assert.equal(((await client.pull(uri)) as FullDocumentDiagnosticReport).items[0]?.severity, DiagnosticSeverity.Error);
  } finally {
    await client.stop();
  }
});

test("without workspace/configuration the pushed didChangeConfiguration settings apply to every document", async () => {
  const client = await TestLspClient.start({});
  try {
    const uri = project.uri("strict/a.ts");
    const other = project.uri("configured/a.ts");
    await client.open(uri, blocking);
    await client.open(other, blocking);
    assert.deepEqual((await client.waitForPublish(uri)).diagnostics, [], "off by default");
    assert.equal((await client.waitForPublish(other)).diagnostics[0]?.severity, DiagnosticSeverity.Warning, "on in the project's config");
    let from = client.published.length;
    await client.configurationChanged({ loopscope: { rules: { "blocking-call-in-async": "error" } } });
    assert.equal((await client.waitForPublish(uri, () => true, from)).diagnostics[0]?.severity, DiagnosticSeverity.Error);
    assert.equal((await client.waitForPublish(other, () => true, from)).diagnostics[0]?.severity, DiagnosticSeverity.Error);
    from = client.published.length;
    await client.configurationChanged({ loopscope: { rules: { "blocking-call-in-async": "off" } } });
    assert.deepEqual((await client.waitForPublish(uri, () => true, from)).diagnostics, []);
    assert.deepEqual((await client.waitForPublish(other, () => true, from)).diagnostics, [], "the setting overrides the project's config");
  } finally {
    await client.stop();
  }
});

test("blocking-call-in-async is off by default (issue 10): no config, no setting, nothing; the project's config or the setting turns it on", async () => {
  const pullWith = async (settings: ((scopeUri: string | undefined) => unknown) | undefined, name: string) => {
    const client = await TestLspClient.start({ pull: true, ...(settings ? { settings } : {}) });
    try {
      await client.open(project.uri(name), blocking);
      return ((await client.pull(project.uri(name))) as FullDocumentDiagnosticReport).items.map(d => `${d.code}:${d.severity}`);
    } finally {
      await client.stop();
    }
  };
  const found = [`blocking-call-in-async:${DiagnosticSeverity.Warning}`];
  assert.deepEqual(await pullWith(undefined, "plain/a.ts"), [], "no configuration at all");
  assert.deepEqual(await pullWith(() => ({}), "plain/a.ts"), [], "settings without the rule");
  assert.deepEqual(await pullWith(() => blockingOnSettings, "plain/a.ts"), found, "loopscope.rules.blocking-call-in-async");
  assert.deepEqual(await pullWith(() => ({}), "configured/a.ts"), found, "loopscope.config.json");
});

test("the extension contributes a setting with a description for every rule, and the shared settings", () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const properties = manifest.contributes.configuration.properties as Record<
    string,
    { enum?: string[]; enumDescriptions?: string[]; markdownDescription?: string; description?: string; scope?: string }
  >;
  const regenerate = "run `node --import tsx scripts/rule-settings.ts` to regenerate the rule settings";
  for (const rule of allRules) {
    const setting = properties[`loopscope.rules.${rule.meta.id}`];
    assert.ok(setting, `loopscope.rules.${rule.meta.id} is not contributed: ${regenerate}`);
    assert.deepEqual(setting.enum, ["default", "off", "info", "warning", "error"]);
    assert.equal(setting.scope, "resource");
    assert.ok(setting.markdownDescription?.includes(rule.meta.description), `loopscope.rules.${rule.meta.id}'s description is outdated: ${regenerate}`);
    const onDefault = rule.meta.enabledByDefault === false ? "off" : rule.meta.defaultSeverity;
    assert.ok(
      setting.enumDescriptions?.[0]?.endsWith(`else the rule's default (${onDefault}).`),
      `loopscope.rules.${rule.meta.id}'s default is outdated: ${regenerate}`,
    );
  }
  const ruleSettings = Object.keys(properties).filter(name => name.startsWith("loopscope.rules."));
  assert.deepEqual(ruleSettings.sort(), allRules.map(r => `loopscope.rules.${r.meta.id}`).sort(), `settings for rules that do not exist: ${regenerate}`);
  for (const name of ["loopscope.defaultTimeoutMs", "loopscope.extraBlockingApis"]) assert.equal(properties[name]?.scope, "resource", name);
  for (const [name, p] of Object.entries(properties)) assert.ok((p.markdownDescription ?? p.description ?? "").length > 20, `${name} has a description`);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, "limited");
});

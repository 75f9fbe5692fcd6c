// The extension manifest's timeline commands and Workspace Trust contract.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../tracer/helpers";

const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

test("the timeline commands are contributed with their titles", () => {
  const titles = new Map<string, string>(
    manifest.contributes.commands.map((c: { command: string; title: string; category?: string }) => [
      c.command,
      `${c.category ? c.category + ": " : ""}${c.title}`,
    ]),
  );
  assert.equal(titles.get("loopscope.runFileWithTimeline"), "Loopscope: Run Current File with Timeline");
  assert.equal(titles.get("loopscope.runScriptWithTimeline"), "Loopscope: Run npm Script with Timeline");
  assert.equal(titles.get("loopscope.openTrace"), "Loopscope: Open Trace File...");
  assert.equal(titles.get("loopscope.saveTraceAs"), "Loopscope: Save Trace As...");
  assert.ok(manifest.activationEvents.includes("onWebviewPanel:loopscope.timeline"), "the serializer can restore the panel after a reload");
  // The page's sources ship in the .vsix (allowlist).
  const ignore = readFileSync(join(root, ".vscodeignore"), "utf8");
  for (const f of ["dist/tracer.cjs", "dist/webview/timeline.js", "dist/webview/timeline.css"]) assert.ok(ignore.includes(`!${f}`), f);
});

test("commands that run the program are limited to trusted workspaces; linting is not", () => {
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, "limited");
  assert.match(trust.description, /Linting works/);
  assert.match(trust.description, /Run Current File with Timeline/);
  assert.deepEqual(trust.restrictedConfigurations, ["loopscope.timeline.nodePath"]);
  const runs = new Set(["loopscope.runFileWithTimeline", "loopscope.runScriptWithTimeline"]);
  const entries = Object.values(manifest.contributes.menus as Record<string, Array<{ command: string; when?: string }>>)
    .flat()
    .filter(e => runs.has(e.command));
  assert.ok(entries.length >= 3);
  for (const e of entries) assert.match(e.when ?? "", /\bisWorkspaceTrusted\b/, `${e.command} menu entry`);
  // No `enablement` on the run commands: VS Code would hide them from the Command Palette, where
  // they explain instead that Restricted Mode disables them (client/src/trust.ts).
  for (const c of manifest.contributes.commands) if (runs.has(c.command)) assert.equal(c.enablement, undefined);
});

test("the version written into traces is package.json's version", async () => {
  const { LOOPSCOPE_VERSION } = await import("../../protocol/src/version");
  assert.equal(LOOPSCOPE_VERSION, manifest.version);
});

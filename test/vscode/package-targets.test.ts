// `npm run package -- --all-targets`: six platform .vsix files, each carrying its own platform's
// TypeScript 7 compiler binary (checked from the binary's header), and the npm tarball, from which
// `npx loopscope lint` works in a clean folder. Platform packages come from the npm registry
// (cached in .cache/typescript-native); without the registry the test skips and says so.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, realpathSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { executableFormat } from "../helpers/executable-format";
import { ensureBuilt, repoRoot } from "../helpers/built";
import { readZip } from "../helpers/zip";

const targets = [
  { target: "linux-x64", format: "ELF", arch: "x64" },
  { target: "linux-arm64", format: "ELF", arch: "arm64" },
  { target: "darwin-x64", format: "Mach-O", arch: "x64" },
  { target: "darwin-arm64", format: "Mach-O", arch: "arm64" },
  { target: "win32-x64", format: "PE", arch: "x64" },
  { target: "win32-arm64", format: "PE", arch: "arm64" },
] as const;
const version = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).version as string;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let out: string;
let skip: string | undefined;

before(
  () => {
    for (const t of ["server", "cli", "client", "tracer", "webview"] as const) ensureBuilt(t);
    out = mkdtempSync(join(tmpdir(), "loopscope-targets-"));
    const r = spawnSync(process.execPath, [join(repoRoot, "scripts/package.mjs"), "--all-targets", "--out-dir", out], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 540_000,
    });
    if (r.error) throw new Error(`package --all-targets did not finish within 540 s: ${r.error.message}`);
    if (r.status === 3) skip = `the npm registry is unreachable for TypeScript 7's platform packages: ${r.stderr.trim()}`;
    else assert.equal(r.status, 0, `package --all-targets failed:\n${r.stdout.slice(-2000)}${r.stderr}`);
    if (skip) console.log(`# skipping the platform package tests: ${skip}`);
  },
  { timeout: 560_000 },
);
after(() => rmSync(out, { recursive: true, force: true }));

describe("platform .vsix files", () => {
  for (const { target, format, arch } of targets) {
    it(`${target}: targets ${target} and ships a ${format} ${arch} compiler`, t => {
      if (skip) return t.skip(skip);
      const zip = readZip(join(out, `loopscope-${target}-${version}.vsix`));
      assert.match(zip.read("extension.vsixmanifest").toString("utf8"), new RegExp(`TargetPlatform="${target}"`));
      const compilers = zip.entries.map(e => e.name).filter(n => /^extension\/node_modules\/@typescript\/[^/]+\/lib\/tsc(\.exe)?$/.test(n));
      const exe = `extension/node_modules/@typescript/typescript-${target}/lib/tsc${target.startsWith("win32") ? ".exe" : ""}`;
      assert.deepEqual(compilers, [exe], "exactly this platform's compiler");
      assert.deepEqual(executableFormat(zip.read(exe).subarray(0, 4096)), { format, arch });
      if (!target.startsWith("win32")) assert.equal(zip.entries.find(e => e.name === exe)!.unixMode & 0o111, 0o111, "the compiler is executable");
      // typescript's getExePath resolves @typescript/typescript-<platform>-<arch>/lib/ next to it.
      assert.ok(zip.entries.some(e => e.name === "extension/node_modules/typescript/lib/getExePath.js"));
      assert.ok(
        zip.entries.some(e => e.name === `extension/node_modules/@typescript/typescript-${target}/lib/lib.es5.d.ts`),
        "the compiler's lib files",
      );
    });
  }

  it("the extension page: icon, user README with its images embedded, changelog", t => {
    if (skip) return t.skip(skip);
    const zip = readZip(join(out, `loopscope-linux-x64-${version}.vsix`));
    const names = new Set(zip.entries.map(e => e.name));
    const manifest = JSON.parse(zip.read("extension/package.json").toString("utf8"));
    assert.ok(names.has(`extension/${manifest.icon}`), "the icon is shipped");
    assert.ok(manifest.keywords.length >= 5 && manifest.categories.includes("Linters"));
    const readme = zip.read("extension/readme.md").toString("utf8");
    assert.match(readme, /## Install/);
    assert.doesNotMatch(readme, /npm ci/, "the user README, not the contributor one");
    // VS Code's extension page loads README images only from https: or data: URLs: they are embedded.
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map(m => m[1]!);
    assert.ok(images.length >= 4, "the README shows screenshots");
    for (const image of images) {
      assert.match(image.slice(0, 30), /^data:image\/png;base64,/, "embedded in the package's README");
      assert.equal(
        Buffer.from(image.slice(image.indexOf(",") + 1), "base64")
          .subarray(0, 8)
          .toString("hex"),
        "89504e470d0a1a0a",
        "a PNG",
      );
    }
    for (const link of [...readme.matchAll(/\]\(((?:docs|CHANGELOG)[^)#]*)\)/g)].map(m => m[1])) {
      assert.ok(names.has(`extension/${link}`) || names.has(`extension/${link.toLowerCase()}`), `${link} is inside the package`);
    }
  });
});

describe("npm package", () => {
  it("`npx loopscope lint examples/` works from the tarball in a clean folder", { timeout: 300_000 }, t => {
    if (skip) return t.skip(skip);
    const tarball = join(out, `loopscope-${version}.tgz`);
    assert.ok(existsSync(tarball), "the npm tarball is built with the .vsix files");
    const dir = mkdtempSync(join(tmpdir(), "loopscope-npx-"));
    try {
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "clean", version: "1.0.0", private: true }));
      cpSync(join(repoRoot, "examples"), join(dir, "examples"), { recursive: true });
      const install = spawnSync(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], { cwd: dir, encoding: "utf8", timeout: 240_000 });
      if (install.error) throw new Error(`npm install of the tarball did not finish within 240 s: ${install.error.message}`);
      if (install.status !== 0 && /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(install.stderr))
        return t.skip(`the npm registry is unreachable: ${install.stderr.trim().split("\n").at(-1)}`);
      assert.equal(install.status, 0, install.stderr);
      const lint = spawnSync(npm, ["exec", "--no", "--", "loopscope", "lint", "examples/", "--format", "json", "--max-warnings", "0"], {
        cwd: dir,
        encoding: "utf8",
        timeout: 120_000,
      });
      if (lint.error) throw new Error(`npx loopscope lint did not finish within 120 s: ${lint.error.message}`);
      assert.equal(lint.status, 1, `warnings over --max-warnings 0 make exit code 1:\n${lint.stderr}`);
      // The same findings as the repository's build reports on its own examples/.
      const findings = (json: string, base: string) =>
        (JSON.parse(json) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number }> }>)
          .flatMap(r => r.messages.map(m => `${r.filePath.slice(base.length)}:${m.line} ${m.ruleId}`))
          .sort();
      const here = spawnSync(process.execPath, [join(repoRoot, "dist/cli.mjs"), "lint", "examples/", "--format", "json"], {
        cwd: repoRoot,
        encoding: "utf8",
        timeout: 120_000,
      });
      const expected = findings(here.stdout, repoRoot.replace(/[\\/]$/, ""));
      assert.ok(expected.length >= 3, "examples/ has findings");
      assert.deepEqual(findings(lint.stdout, realpathSync(dir)), expected);
      const manifest = JSON.parse(readFileSync(join(dir, "node_modules/loopscope/package.json"), "utf8"));
      assert.equal(manifest.private, undefined, "the published manifest is not private");
      assert.equal(manifest.contributes, undefined, "the npm package is not the extension's manifest");
      assert.equal(manifest.devDependencies, undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// `npm run package`: builds loopscope-<version>.vsix with @vscode/vsce.
// usage: node scripts/package.mjs [--out file.vsix]
// The .vsix carries this platform's TypeScript 7 compiler binary, so it is platform-specific
// (vsce --target). .vscodeignore is an allowlist; this script checks the result against it and
// fails if tests, sources, source maps or dev dependencies would ship.
import { createVSIX, listFiles, PackageManager } from "@vscode/vsce";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const outArg = process.argv.indexOf("--out");
const packagePath = outArg > 0 && process.argv[outArg + 1] ? resolve(process.argv[outArg + 1]) : join(root, `loopscope-${pkg.version}.vsix`);
// VS Code's platform names for the platforms TypeScript 7 publishes native packages for.
const target = { "linux-x64": "linux-x64", "linux-arm64": "linux-arm64", "darwin-x64": "darwin-x64", "darwin-arm64": "darwin-arm64", "win32-x64": "win32-x64", "win32-arm64": "win32-arm64" }[`${process.platform}-${process.arch}`];

const shipped = [
  /^package\.json$/, /^README\.md$/, /^LICENSE$/,
  /^dist\/(server\.mjs|cli\.mjs|tracer\.cjs|client\/(extension|trace-snapshot-worker)\.cjs|webview\/timeline\.(js|css))$/,
  /^docs\/rules\/[a-z0-9-]+\.md$/,
  /^node_modules\/typescript\/(package\.json|LICENSE|NOTICE\.txt|bin\/tsc|.*\.c?js)$/,
  /^node_modules\/@typescript\/typescript-[a-z0-9]+-[a-z0-9]+\//,
];

// vsce walks every file under its folder before applying .vscodeignore; the repository holds
// benchmark corpora and test scratch space, so it works on a copy of the candidates instead.
const stage = mkdtempSync(join(tmpdir(), "loopscope-package-"));
process.on("exit", () => rmSync(stage, { recursive: true, force: true }));
const nativeCompilers = existsSync(join(root, "node_modules/@typescript")) ? readdirSync(join(root, "node_modules/@typescript")).filter(d => d.startsWith("typescript-")).map(d => `node_modules/@typescript/${d}`) : [];
for (const entry of ["package.json", "README.md", "LICENSE", ".vscodeignore", "dist", "docs", "node_modules/typescript", ...nativeCompilers]) {
  if (existsSync(join(root, entry))) cpSync(join(root, entry), join(stage, entry), { recursive: true, dereference: true });
}

const files = (await listFiles({ cwd: stage, packageManager: PackageManager.Npm })).map(f => f.replace(/\\/g, "/")).sort();
const unexpected = files.filter(f => !shipped.some(re => re.test(f)));
const missing = ["package.json", "dist/client/extension.cjs", "dist/client/trace-snapshot-worker.cjs", "dist/server.mjs", "node_modules/typescript/package.json"]
  .filter(f => !files.includes(f));
if (!files.some(f => f.startsWith("node_modules/@typescript/typescript-"))) missing.push("node_modules/@typescript/typescript-<platform> (the native compiler)");
if (unexpected.length || missing.length) {
  if (unexpected.length) console.error(`package: refusing to ship files outside the allowlist:\n  ${unexpected.join("\n  ")}`);
  if (missing.length) console.error(`package: missing (run \`npm run build\` first):\n  ${missing.join("\n  ")}`);
  process.exit(1);
}

await createVSIX({
  cwd: stage,
  packagePath,
  ...(target ? { target } : {}),
  dependencies: true,
  // No repository yet; without this vsce stops to ask.
  allowMissingRepository: true,
  // README links such as docs/rules/<id>.md stay relative: those files are inside the .vsix.
  rewriteRelativeLinks: false,
});

const size = statSync(packagePath).size;
const groups = new Map();
for (const f of files) {
  const group = f.startsWith("node_modules/") ? f.split("/").slice(0, f.startsWith("node_modules/@") ? 3 : 2).join("/") : f.split("/").slice(0, 2).join("/");
  groups.set(group, (groups.get(group) ?? 0) + statSync(join(stage, f)).size);
}
console.log(`\n${relative(process.cwd(), packagePath)}: ${(size / 1048576).toFixed(1)} MB (${size} bytes), ${files.length} files${target ? `, target ${target}` : ""}`);
for (const [group, bytes] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${(bytes / 1048576).toFixed(2).padStart(7)} MB  ${group}`);

// `npm run package`: builds the VS Code extension (.vsix, with @vscode/vsce) and the npm package.
// usage: node scripts/package.mjs [--out file.vsix] [--target <platform>]
//        node scripts/package.mjs --all-targets [--out-dir dir]   (six .vsix files + the npm tarball)
//        node scripts/package.mjs --npm [--out-dir dir]            (the npm tarball only)
// A .vsix carries one platform's TypeScript 7 compiler binary, so it is platform-specific
// (vsce --target); without --target it is the build machine's. .vscodeignore is an allowlist;
// this script checks the result against it and fails if tests, sources, source maps or dev
// dependencies would ship.
import { createVSIX, listFiles, PackageManager } from "@vscode/vsce";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { allTargets, nativeCompilerPackage, RegistryUnreachableError } from "./packaging/native-compiler.mjs";
import { packNpm } from "./packaging/npm-package.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const option = name => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : undefined;
};
const outDir = resolve(option("--out-dir") ?? root);
const hostTarget = `${process.platform}-${process.arch}`;
const baseImagesUrl = option("--base-images-url");

const shipped = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
  /^loopscope\.config\.schema\.json$/,
  /^dist\/(server\.mjs|cli(-[A-Za-z0-9_-]+)?\.mjs|tracer\.cjs|client\/(extension|trace-snapshot-worker)\.cjs|webview\/timeline\.(js|css))$/,
  /^docs\/rules\/[a-z0-9-]+\.md$/,
  /^docs\/images\/icon\.png$/,
  /^node_modules\/typescript\/(package\.json|LICENSE|NOTICE\.txt|bin\/tsc|.*\.c?js)$/,
  /^node_modules\/@typescript\/typescript-[a-z0-9]+-[a-z0-9]+\//,
];

/**
 * VS Code's extension page shows README images only from https: or data: URLs (its
 * Content-Security-Policy), never from files of the installed extension. With --base-images-url
 * (a public copy of docs/images/, for the Marketplace) vsce rewrites them to that; without, the
 * README's images are embedded as data: URLs so that an installed .vsix shows them.
 */
function readmeForPackage(markdown) {
  if (baseImagesUrl) return markdown;
  return markdown.replace(
    /!\[([^\]]*)\]\((docs\/images\/[a-z0-9-]+\.png)\)/g,
    (_, alt, path) => `![${alt}](data:image/png;base64,${readFileSync(join(root, path)).toString("base64")})`,
  );
}

async function buildVsix(target, packagePath) {
  // vsce walks every file under its folder before applying .vscodeignore; the repository holds
  // benchmark corpora and test scratch space, so it works on a copy of the candidates instead.
  const stage = mkdtempSync(join(tmpdir(), "loopscope-package-"));
  try {
    // The repository's README.md is for contributors; the extension page shows README.extension.md.
    const copies = [
      ["README.extension.md", "README.md"],
      ...["package.json", "CHANGELOG.md", "LICENSE", ".vscodeignore", "loopscope.config.schema.json", "dist", "docs", "node_modules/typescript"].map(e => [
        e,
        e,
      ]),
    ];
    for (const [from, to] of copies) {
      if (existsSync(join(root, from))) cpSync(join(root, from), join(stage, to), { recursive: true, dereference: true });
    }
    writeFileSync(join(stage, "README.md"), readmeForPackage(readFileSync(join(root, "README.extension.md"), "utf8")));
    cpSync(nativeCompilerPackage(root, target), join(stage, "node_modules/@typescript", `typescript-${target}`), { recursive: true, dereference: true });

    const files = (await listFiles({ cwd: stage, packageManager: PackageManager.Npm })).map(f => f.replace(/\\/g, "/")).sort();
    const unexpected = files.filter(f => !shipped.some(re => re.test(f)));
    const missing = [
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "loopscope.config.schema.json",
      "docs/images/icon.png",
      "dist/client/extension.cjs",
      "dist/client/trace-snapshot-worker.cjs",
      "dist/server.mjs",
      "node_modules/typescript/package.json",
    ].filter(f => !files.includes(f));
    if (!files.some(f => f.startsWith(`node_modules/@typescript/typescript-${target}/lib/tsc`)))
      missing.push(`node_modules/@typescript/typescript-${target}/lib/tsc (the native compiler)`);
    if (unexpected.length || missing.length) {
      if (unexpected.length) console.error(`package: refusing to ship files outside the allowlist:\n  ${unexpected.join("\n  ")}`);
      if (missing.length) console.error(`package: missing (run \`npm run build\` first):\n  ${missing.join("\n  ")}`);
      process.exit(1);
    }

    await createVSIX({
      cwd: stage,
      packagePath,
      target,
      dependencies: true,
      // No repository yet; without this vsce stops to ask.
      allowMissingRepository: true,
      // README links (docs/rules/<id>.md) stay relative: those files are inside the .vsix. Images: see readmeForPackage.
      ...(baseImagesUrl ? { baseImagesUrl, rewriteRelativeLinks: true } : { rewriteRelativeLinks: false }),
    });

    const size = statSync(packagePath).size;
    const groups = new Map();
    for (const f of files) {
      const group = f.startsWith("node_modules/")
        ? f
            .split("/")
            .slice(0, f.startsWith("node_modules/@") ? 3 : 2)
            .join("/")
        : f.split("/").slice(0, 2).join("/");
      groups.set(group, (groups.get(group) ?? 0) + statSync(join(stage, f)).size);
    }
    console.log(`\n${relative(process.cwd(), packagePath)}: ${(size / 1048576).toFixed(1)} MB (${size} bytes), ${files.length} files, target ${target}`);
    for (const [group, bytes] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`  ${(bytes / 1048576).toFixed(2).padStart(7)} MB  ${group}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

try {
  if (process.argv.includes("--all-targets")) {
    mkdirSync(outDir, { recursive: true });
    for (const target of allTargets) await buildVsix(target, join(outDir, `loopscope-${target}-${pkg.version}.vsix`));
  }
  if (process.argv.includes("--all-targets") || process.argv.includes("--npm")) {
    const tarball = packNpm(root, outDir);
    console.log(`\n${relative(process.cwd(), tarball.path)}: npm package, ${(tarball.size / 1048576).toFixed(1)} MB, ${tarball.files.length} files`);
  }
  if (!process.argv.includes("--all-targets") && !process.argv.includes("--npm")) {
    const target = option("--target") ?? hostTarget;
    if (!allTargets.includes(target)) throw new Error(`no TypeScript 7 native compiler for ${target}; targets: ${allTargets.join(", ")}`);
    const out = option("--out");
    await buildVsix(target, out ? resolve(out) : join(outDir, `loopscope-${pkg.version}.vsix`));
  }
} catch (error) {
  console.error(`package: ${error.message}`);
  // 3: the registry could not be reached (tests skip on it); 1: anything else.
  process.exit(error instanceof RegistryUnreachableError ? 3 : 1);
}

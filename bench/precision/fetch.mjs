// Fetches and installs the precision benchmark's code bases (corpora.json), reproducibly and
// outside the repository: npm tarball at a pinned version, checked against the pinned integrity;
// only the sources kept (built output, tests, docs removed); a generated tsconfig.json that
// TypeScript 7 opens; dependencies installed with --ignore-scripts, resolved as of a fixed date.
// Idempotent: a corpus whose ready-marker matches its pin is left alone.
// usage: node bench/precision/fetch.mjs [--set tuning|heldout|all] [--corpus slug ...] [--dir DIR] [--force] [--entries-only]
//   --entries-only: only write the package's entry points (main, bin, exports, browser) into the package.json
//   of corpora installed before it kept them (from the cached tarball; nothing is fetched or installed)
//   DIR defaults to $LOOPSCOPE_PRECISION_DIR, else /work/precision-corpora if it exists, else bench/.work/precision
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { packAndExtract, run } from "../corpus.mjs";
import { corporaRoot, corpusDir, manifest, parseFlags, selectCorpora } from "./corpora.mjs";

const typesNode = "22.20.5";
/** Node's types and their one dependency, for corpora that install nothing (exact pins). */
const bundledTypes = [
  [`@types/node@${typesNode}`, "@types/node"],
  ["undici-types@6.21.0", "undici-types"],
];

/** The tsconfig every corpus gets: types for the rules, no emit, nothing TypeScript 7 rejects. */
export function generatedTsconfig(c) {
  return {
    include: c.tsconfig.include,
    exclude: ["node_modules", ...c.tsconfig.exclude],
    compilerOptions: {
      noEmit: true,
      allowJs: true,
      checkJs: false,
      strict: c.language === "typescript",
      // The most permissive resolution that reads both CommonJS require() and extensionless ESM imports.
      module: "preserve",
      moduleResolution: "bundler",
      resolveJsonModule: true,
      esModuleInterop: true,
      target: "es2022",
      lib: ["es2023", "dom", "dom.iterable"],
      types: ["node"],
      skipLibCheck: true,
    },
  };
}

/**
 * The package's entry points as its own package.json names them (`main`, `bin`, `exports`, and
 * `browser`, the build it gives bundlers for a page): the linter reads them as a user's project has
 * them (a CLI's entry module, the modules a package offers, the modules Node never loads), and
 * judges read them to know what other code can call.
 */
export function entryFields(pkg) {
  const fields = {};
  if (typeof pkg.main === "string") fields.main = pkg.main;
  if (typeof pkg.bin === "string" || (pkg.bin && typeof pkg.bin === "object")) fields.bin = pkg.bin;
  if (pkg.exports !== undefined && pkg.exports !== null) fields.exports = pkg.exports;
  if (typeof pkg.browser === "string" || (pkg.browser && typeof pkg.browser === "object")) fields.browser = pkg.browser;
  return fields;
}

/** The package.json the corpus is installed with: its entry points, runtime dependencies and required peers. */
export function installManifest(c, pkg) {
  const optionalPeers = new Set(
    Object.entries(pkg.peerDependenciesMeta ?? {})
      .filter(([, m]) => m?.optional)
      .map(([k]) => k),
  );
  const peers = Object.fromEntries(Object.entries(pkg.peerDependencies ?? {}).filter(([k]) => !optionalPeers.has(k)));
  return {
    name: `${c.slug}-precision-corpus`,
    private: true,
    ...(pkg.type ? { type: pkg.type } : {}),
    ...entryFields(pkg),
    dependencies: { ...peers, ...pkg.dependencies },
    devDependencies: { "@types/node": typesNode, ...c.extraDevDependencies },
  };
}

function integrityOf(file) {
  return "sha512-" + createHash("sha512").update(readFileSync(file)).digest("base64");
}

export function ensurePrecisionCorpus(root, c, { force = false, log = s => process.stderr.write(s + "\n") } = {}) {
  const dir = corpusDir(root, c);
  const marker = join(dir, ".loopscope-precision-ready");
  const stamp = `${c.name}@${c.version} ${c.integrity} ${JSON.stringify(c.tsconfig)} ${manifest.dependenciesBefore}`;
  if (!force && existsSync(marker) && readFileSync(marker, "utf8").trim() === stamp) return dir;
  log(`precision: fetching ${c.name}@${c.version} -> ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  const tgz = packAndExtract(`${c.name}@${c.version}`, join(root, "tarballs"), dir);
  const actual = integrityOf(tgz);
  if (actual !== c.integrity) throw new Error(`${c.name}@${c.version}: tarball integrity ${actual} differs from the pinned ${c.integrity}`);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const keep = new Set([...c.keep, "package.json"]);
  for (const entry of readdirSync(dir)) if (!keep.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify(installManifest(c, pkg), null, 2) + "\n");
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(generatedTsconfig(c), null, 2) + "\n");
  if (c.install === "bundled") {
    // The tarball carries its dependencies; `npm install` would re-resolve (and prune) them.
    log(`precision: ${c.slug}: bundled dependencies kept; adding @types/node@${typesNode}`);
    for (const [spec, where] of bundledTypes) packAndExtract(spec, join(root, "tarballs"), join(dir, "node_modules", where));
  } else {
    log(`precision: npm install (${c.slug}: dependencies as of ${manifest.dependenciesBefore}, --ignore-scripts)`);
    run(
      "npm",
      ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--legacy-peer-deps", "--loglevel=error", "--before", manifest.dependenciesBefore],
      dir,
    );
  }
  writeFileSync(marker, stamp + "\n");
  return dir;
}

/** The file name `npm pack` gives the package's tarball. */
function tarballName(c) {
  return `${c.name.replace(/^@/, "").replace("/", "-")}-${c.version}.tgz`;
}

/**
 * A corpus installed before its package.json kept the entry points (session 14) gets them from its
 * cached tarball, without installing again. Returns whether package.json changed; undefined when the
 * corpus is not installed or its tarball is not cached.
 */
export function refreshEntryFields(root, c) {
  const dir = corpusDir(root, c);
  const tgz = join(root, "tarballs", tarballName(c));
  if (!existsSync(join(dir, ".loopscope-precision-ready")) || !existsSync(tgz)) return undefined;
  // Most tarballs keep the package under package/, some under another top folder.
  const top = run("tar", ["-tzf", tgz], dir).split("\n")[0].split("/")[0];
  const original = JSON.parse(run("tar", ["-xzf", tgz, "-O", `${top}/package.json`], dir));
  const before = readFileSync(join(dir, "package.json"), "utf8");
  // The fields in the order installManifest writes them; the installed dependencies stay as they are.
  const { name, private: isPrivate, type, main, bin, exports, browser, ...dependencies } = JSON.parse(before);
  const text = JSON.stringify({ name, private: isPrivate, type, ...entryFields(original), ...dependencies }, null, 2) + "\n";
  if (text === before) return false;
  writeFileSync(join(dir, "package.json"), text);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flags = parseFlags(process.argv.slice(2), { booleans: ["force", "entries-only"], repeatable: ["corpus"] });
  const root = corporaRoot(flags.dir);
  let failed = 0;
  if (flags["entries-only"]) {
    let changed = 0,
      skipped = 0;
    for (const c of selectCorpora({ set: flags.set ?? "all", names: flags.corpus ?? [] })) {
      try {
        const result = refreshEntryFields(root, c);
        if (result === undefined) skipped++;
        else if (result) changed++;
      } catch (error) {
        failed++;
        console.error(`precision: ${c.slug}: entry points not written: ${error.message.split("\n")[0]}`);
      }
    }
    console.log(
      `precision: entry points written into ${changed} installed package.json files (${skipped} corpora not installed or without a cached tarball: left alone)`,
    );
    process.exit(failed ? 1 : 0);
  }
  for (const c of selectCorpora({ set: flags.set ?? "all", names: flags.corpus ?? [] })) {
    try {
      console.log(`${c.set}\t${c.slug}@${c.version}\t${ensurePrecisionCorpus(root, c, { force: !!flags.force })}`);
    } catch (error) {
      failed++;
      console.error(`precision: ${c.name}@${c.version} failed: ${error.message}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

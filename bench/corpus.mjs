// Gets the real code base the lint benchmarks run on, reproducibly, from the npm registry only.
// viem ships its TypeScript sources beside its builds; we keep only the sources, add a tsconfig
// equal to viem's own repository settings (its published tsconfig extends a file it does not
// ship) and install its exact dependency pins. Everything lands in bench/.work/ (not committed).
// usage: node bench/corpus.mjs [viem|mongodb ...]   -> prints each corpus directory and its size
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = fileURLToPath(new URL(".", import.meta.url));
export const workDir = join(benchDir, ".work");

export const corpora = {
  // The main corpus: >= 1,000 files and >= 100k lines; speed targets are measured on it.
  viem: {
    name: "viem",
    version: "2.57.20",
    // ~2,100 lines, async actions calling the client: the file the per-edit latency bench edits.
    latencyFile: "tempo/actions/zone.ts",
    builtDirs: ["_cjs", "_esm", "_types"],
    // What a user would type without --project (the bench checks it finds what --project finds).
    lintPaths: ["."],
    // The published tsconfig extends a file the package does not ship: use the repository's options.
    tsconfig: "viem",
    // Its repository's package.json says "type": "module" (the published one does not).
    type: "module",
    // @types/node is not a dependency of the published package (its repo has it as a dev dependency).
    extraDevDependencies: { "@types/node": "22.20.5" },
  },
  // A Node.js driver (sockets, pools, timeouts): a second, smaller code base for comparing findings.
  mongodb: {
    name: "mongodb",
    version: "7.9.0",
    builtDirs: ["lib", "mongodb.d.ts"],
    lintPaths: ["src"],
    // A connection pool: timers, queues and sockets in async code.
    latencyFile: "src/cmap/connection_pool.ts",
    tsconfig: "shipped",
    // TypeScript 7 refuses `esModuleInterop: false` (TS5108); the bench-only copy drops it so that
    // every tool, the tsc floor included, reads one tsconfig.
    tsconfigEdit: text => text.replace(/\n\s*"esModuleInterop": false,/, ""),
    type: "commonjs",
    // The published package.json uses ranges: these are the versions the bench was first run with.
    pinnedDependencies: { "@mongodb-js/saslprep": "1.6.3", bson: "7.3.4", "mongodb-connection-string-url": "7.0.2" },
    // Optional peers whose types the sources import (native ones install without building: --ignore-scripts).
    extraDevDependencies: { "@types/node": "22.20.5", "mongodb-client-encryption": "7.2.1", kerberos: "7.0.0", "gcp-metadata": "7.0.1" },
  },
  // An ORM (src + test, 3,244 files, ~286k lines): the code base issue 15 found slow. Its npm
  // package ships only built JavaScript, so it comes from its repository at a pinned commit.
  typeorm: {
    name: "typeorm",
    version: "1.1.0-281bfba",
    git: {
      // LOOPSCOPE_TYPEORM_GIT may name a local clone or mirror (offline machines).
      url: process.env.LOOPSCOPE_TYPEORM_GIT ?? "https://github.com/typeorm/typeorm.git",
      commit: "281bfba42a5813b106bcf5ba79bc7f7251bd1e73",
      paths: ["src", "test", "tsconfig.json", "package.json"],
    },
    // Its test files (`*.test.ts`) are part of what is linted, as a user of `lint src test` would.
    keepTests: true,
    // The file the issue's keystroke latency was measured on (4,671 lines).
    latencyFile: "src/query-builder/SelectQueryBuilder.ts",
    builtDirs: [],
    lintPaths: ["src", "test"],
    tsconfig: "repository",
    // TypeScript 7 removed `moduleResolution: "node"` (TS5108; the tsc floor stopped at once with
    // that one error, and oxlint's type-aware run saw no types) and refuses `module: "commonjs"`
    // with bundler resolution: the bench-only copy says what Loopscope's own tsconfig translation
    // uses, so that every tool reads one working tsconfig.
    tsconfigEdit: text =>
      text.replace(/"moduleResolution":\s*"node"/, '"moduleResolution": "bundler"').replace(/"module":\s*"commonjs"/, '"module": "preserve"'),
    type: "commonjs",
    // The repository's pnpm-lock.yaml versions of what its sources' types need (runtime dependencies,
    // the tsconfig it extends, test libraries, the drivers with types; not the ~1 GB of Spanner/HANA/Oracle clients).
    pinnedDependencies: {
      "@sqltools/formatter": "1.2.5",
      ansis: "4.3.1",
      dayjs: "1.11.21",
      debug: "4.4.3",
      dedent: "1.7.2",
      ioredis: "5.11.1",
      "reflect-metadata": "0.2.2",
      "sql-highlight": "6.1.0",
      tinyglobby: "0.2.17",
      tslib: "2.8.1",
      yargs: "18.0.0",
    },
    extraDevDependencies: {
      "@tsconfig/node20": "20.1.9",
      "@types/chai": "5.2.3",
      "@types/chai-as-promised": "8.0.2",
      "@types/debug": "4.1.13",
      "@types/mocha": "10.0.10",
      "@types/node": "20.19.43",
      "@types/sinon": "22.0.0",
      "@types/sinon-chai": "4.0.0",
      "@types/source-map-support": "0.5.10",
      "@types/yargs": "17.0.35",
      chai: "6.2.2",
      "chai-as-promised": "8.0.2",
      sinon: "22.0.0",
      "sinon-chai": "4.0.1",
      "class-transformer": "0.5.1",
      mongodb: "7.5.0",
      mssql: "12.7.0",
      mysql2: "3.22.6",
      pg: "8.22.0",
      "pg-query-stream": "4.16.0",
      redis: "6.1.0",
      "sql.js": "1.14.1",
      "better-sqlite3": "12.11.1",
      "source-map-support": "0.5.21",
    },
  },
};
/** The default corpus. */
export const corpus = corpora.viem;

// viem's repository tsconfig.base.json (MIT), minus incremental/composite (we never emit).
const viemTsconfig = {
  include: ["./**/*.ts"],
  exclude: ["node_modules", "./**/*.test.ts", "./**/*.test-d.ts", "./**/*.bench.ts", "./**/*.bench-d.ts"],
  compilerOptions: {
    noEmit: true,
    strict: true,
    useDefineForClassFields: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    useUnknownInCatchVariables: true,
    noImplicitOverride: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    allowJs: false,
    checkJs: false,
    forceConsistentCasingInFileNames: true,
    verbatimModuleSyntax: true,
    moduleResolution: "NodeNext",
    module: "NodeNext",
    target: "ES2021",
    types: ["node"],
    lib: ["ES2022", "DOM"],
    skipLibCheck: true,
  },
};

export const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

/**
 * Downloads `name@version` from the npm registry into `tarballsDir` and extracts it into `dir`
 * (the package root, without the tarball's `package/` prefix). Returns the tarball's path.
 * `npm pack` checks the tarball's integrity against the registry.
 */
export function packAndExtract(spec, tarballsDir, dir) {
  mkdirSync(tarballsDir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  const tgz = run("npm", ["pack", spec, "--pack-destination", tarballsDir, "--silent"], tarballsDir).trim().split("\n").pop();
  run("tar", ["xzf", join(tarballsDir, tgz), "-C", dir, "--strip-components=1"], tarballsDir);
  return join(tarballsDir, tgz);
}

/** Extracts `paths` of one commit of a git repository (a URL, or a local clone or bare mirror) into `dir`. */
function gitExport({ url, commit, paths }, dir) {
  mkdirSync(dir, { recursive: true });
  let gitDir = url;
  if (!existsSync(url)) {
    gitDir = join(workDir, "git", commit);
    if (!existsSync(join(gitDir, "HEAD"))) {
      mkdirSync(gitDir, { recursive: true });
      run("git", ["init", "-q", "--bare", "."], gitDir);
      run("git", ["fetch", "-q", "--depth", "1", url, commit], gitDir);
    }
  }
  const tar = join(workDir, `${commit}.tar`);
  run("git", [`--git-dir=${existsSync(join(gitDir, ".git")) ? join(gitDir, ".git") : gitDir}`, "archive", "-o", tar, commit, ...paths], dir);
  run("tar", ["xf", tar, "-C", dir], dir);
  rmSync(tar);
}

/** Returns the corpus directory, downloading and installing it on first use. */
export function ensureCorpus({ log = s => process.stderr.write(s + "\n"), corpus = corpora.viem } = {}) {
  const dir = join(workDir, "corpus", `${corpus.name}-${corpus.version}`);
  const marker = join(dir, ".loopscope-bench-ready");
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  if (corpus.git) {
    log(`corpus: ${corpus.name} at ${corpus.git.commit} from ${corpus.git.url}`);
    gitExport(corpus.git, dir);
  } else {
    log(`corpus: downloading ${corpus.name}@${corpus.version} from the npm registry`);
    packAndExtract(`${corpus.name}@${corpus.version}`, join(workDir, "tarballs"), dir);
  }
  for (const built of corpus.builtDirs) rmSync(join(dir, built), { recursive: true, force: true });
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  // Only what installing needs; peers are all optional (installed with --legacy-peer-deps: not at all).
  const benchPkg = {
    name: `${corpus.name}-bench-corpus`,
    private: true,
    type: corpus.type,
    dependencies: corpus.pinnedDependencies ?? pkg.dependencies,
    devDependencies: corpus.extraDevDependencies,
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify(benchPkg, null, 2) + "\n");
  if (corpus.tsconfigEdit) writeFileSync(join(dir, "tsconfig.json"), corpus.tsconfigEdit(readFileSync(join(dir, "tsconfig.json"), "utf8")));
  if (corpus.tsconfig === "viem") writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(viemTsconfig, null, 2) + "\n");
  // Its own git root: tools that honour .gitignore (oxlint) would otherwise skip the whole corpus,
  // because bench/.work/ is ignored by this repository.
  writeFileSync(join(dir, ".gitignore"), "node_modules/\n");
  run("git", ["init", "-q", "."], dir);
  log(
    `corpus: npm install (exact pins: ${Object.entries(benchPkg.dependencies)
      .map(([k, v]) => `${k}@${v}`)
      .join(", ")})`,
  );
  run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--legacy-peer-deps", "--loglevel=error"], dir);
  writeFileSync(marker, new Date().toISOString() + "\n");
  return dir;
}

/** Project source files (what the linters are asked to check): .ts outside node_modules, not .d.ts, not tests. */
export function sourceFiles(dir, corpus) {
  const out = [];
  const walk = d => {
    for (const name of readdirSync(d)) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.[cm]?tsx?$/.test(name) && !/\.d\.[cm]?ts$/.test(name) && (corpus?.keepTests || !/\.(test|bench)(-d)?\.ts$/.test(name))) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

export function corpusStats(dir, corpus = corpora.viem) {
  const files = sourceFiles(dir, corpus);
  let lines = 0;
  for (const f of files) lines += readFileSync(f, "utf8").split("\n").length;
  const latencyLines = corpus.latencyFile ? readFileSync(join(dir, corpus.latencyFile), "utf8").split("\n").length : undefined;
  return { files: files.length, lines, latencyLines };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(corpora);
  for (const name of names) {
    const c = corpora[name];
    if (!c) {
      console.error(`corpus: unknown '${name}' (known: ${Object.keys(corpora).join(", ")})`);
      process.exit(2);
    }
    const dir = ensureCorpus({ corpus: c });
    const s = corpusStats(dir, c);
    console.log(
      `${c.name}@${c.version}: ${dir}\n  ${s.files} TypeScript source files, ${s.lines} lines` +
        (c.latencyFile ? `; latency file ${c.latencyFile} (${s.latencyLines} lines)` : ""),
    );
  }
}

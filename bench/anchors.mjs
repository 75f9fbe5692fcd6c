// Installs the anchor tools (the tools Loopscope's lint speed is compared with) at bench time into
// bench/.work/anchors, with their own package.json and exact versions, never into the project.
// usage: node bench/anchors.mjs   -> prints the installed versions
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { workDir } from "./corpus.mjs";

export const anchorsDir = join(workDir, "anchors");

// typescript-eslint needs TypeScript's classic JS API (<6.1), which TypeScript 7 no longer has.
export const anchorVersions = {
  eslint: "10.15.0",
  "typescript-eslint": "8.73.0",
  typescript: "6.0.3",
  oxlint: "1.94.0",
  "oxlint-tsgolint": "7.0.2007",
};

export function ensureAnchors({ log = s => process.stderr.write(s + "\n") } = {}) {
  const pkgFile = join(anchorsDir, "package.json");
  const pkg = { name: "loopscope-bench-anchors", private: true, type: "module", dependencies: anchorVersions };
  const wanted = JSON.stringify(pkg, null, 2) + "\n";
  const marker = join(anchorsDir, ".loopscope-bench-ready");
  if (existsSync(marker) && existsSync(pkgFile) && readFileSync(pkgFile, "utf8") === wanted) return anchorsDir;
  mkdirSync(anchorsDir, { recursive: true });
  writeFileSync(pkgFile, wanted);
  log(
    `anchors: npm install ${Object.entries(anchorVersions)
      .map(([k, v]) => `${k}@${v}`)
      .join(" ")}`,
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: anchorsDir, stdio: ["ignore", "inherit", "inherit"] });
  writeFileSync(marker, new Date().toISOString() + "\n");
  return anchorsDir;
}

export const anchorBin = name => join(anchorsDir, "node_modules", ".bin", name);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureAnchors();
  for (const name of Object.keys(anchorVersions)) {
    const v = JSON.parse(readFileSync(join(anchorsDir, "node_modules", name, "package.json"), "utf8")).version;
    console.log(`${name}@${v}`);
  }
}

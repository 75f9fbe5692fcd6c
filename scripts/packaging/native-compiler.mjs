// TypeScript 7's native compiler comes as one npm package per platform
// (@typescript/typescript-<os>-<cpu>, an optionalDependency of `typescript`; typescript's
// lib/getExePath.js resolves it by process.platform and process.arch). npm installs only the
// build machine's; the others are fetched with `npm pack` into a gitignored cache, once.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/** VS Code's platform targets for which TypeScript 7 publishes a native compiler package. */
export const allTargets = ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64", "win32-arm64"];

export function typescriptVersion(root) {
  return JSON.parse(readFileSync(join(root, "node_modules/typescript/package.json"), "utf8")).version;
}

export class RegistryUnreachableError extends Error {}

/**
 * The folder of @typescript/typescript-<target> at the version `typescript` has: the installed
 * one when npm put it in node_modules, else a copy unpacked from the registry under .cache/.
 */
export function nativeCompilerPackage(root, target) {
  const version = typescriptVersion(root);
  const name = `@typescript/typescript-${target}`;
  const installed = join(root, "node_modules", name);
  if (existsSync(join(installed, "package.json")) && JSON.parse(readFileSync(join(installed, "package.json"), "utf8")).version === version) return installed;

  const cache = join(root, ".cache", "typescript-native");
  const unpacked = join(cache, `typescript-${target}-${version}`);
  if (existsSync(join(unpacked, "package.json"))) return unpacked;
  mkdirSync(cache, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const pack = spawnSync(npm, ["pack", `${name}@${version}`, "--pack-destination", cache, "--json", "--silent"], {
    cwd: cache,
    encoding: "utf8",
    timeout: 180_000,
    shell: process.platform === "win32",
  });
  if (pack.error || pack.status !== 0) {
    throw new RegistryUnreachableError(
      `npm pack ${name}@${version} failed${pack.error ? ` (${pack.error.message})` : ""}: ${(pack.stderr || pack.stdout || "").trim().split("\n").slice(-3).join(" ")}`,
    );
  }
  const tarball = join(cache, JSON.parse(pack.stdout)[0].filename);
  // Unpack next to the final folder, then rename: an interrupted run never leaves half a package.
  const partial = `${unpacked}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const tar = spawnSync("tar", ["-xzf", tarball, "-C", partial, "--strip-components=1"], { encoding: "utf8", timeout: 120_000 });
  if (tar.error || tar.status !== 0) throw new Error(`unpacking ${tarball} failed: ${tar.error?.message ?? tar.stderr}`);
  rmSync(tarball, { force: true });
  renameSync(partial, unpacked);
  return unpacked;
}

// The texts a session starts from: a small committed sample of Loopscope's own code (seeds/,
// copied from examples/ and server/src/, stored as .seed so nothing type-checks or lints them)
// plus generated files dense with findings, fixes and suppression comments.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Rng } from "./prng";

const seedDir = fileURLToPath(new URL("./seeds/", import.meta.url));

export interface SeedText {
  name: string;
  text: string;
}

export function committedSeeds(): SeedText[] {
  return readdirSync(seedDir)
    .filter(f => f.endsWith(".seed"))
    .sort()
    .map(f => ({ name: f.replace(/\.seed$/, ""), text: readFileSync(join(seedDir, f), "utf8") }));
}

// Each template has a finding with a fix, or a suppression (used or not), or correct code.
const templates: ((id: string) => string)[] = [
  id => `export async function read${id}(path: string): Promise<string> {\n  return fs.readFileSync(path, "utf8");\n}\n`,
  id => `export async function get${id}(url: string): Promise<number> {\n  const response = await fetch(url);\n  return response.status;\n}\n`,
  id =>
    `export async function all${id}(urls: string[]): Promise<Response[]> {\n  return Promise.all(urls.map(async url => fetch(url, { signal: AbortSignal.timeout(1000) })));\n}\n`,
  id => `export async function save${id}(path: string, data: string): Promise<void> {\n  fs.promises.writeFile(path, data);\n}\n`,
  id => `export async function run${id}(): Promise<void> {\n  // loopscope-ignore-next-line blocking-call-in-async -- fixture\n  execSync("true");\n}\n`,
  id =>
    `export async function quiet${id}(): Promise<void> {\n  // loopscope-ignore-next-line missing-timeout -- nothing to ignore here\n  await Promise.resolve(1);\n}\n`,
  id => `export function later${id}(done: Promise<void>): Promise<string> {\n  return done.then(() => execSync("echo ${id}").toString());\n}\n`,
  id =>
    `export async function loop${id}(items: string[]): Promise<void> {\n  const pending: Promise<string>[] = [];\n  for (const item of items) pending.push(fs.promises.readFile(item, "utf8"));\n  await Promise.all(pending);\n}\n`,
  id => `export async function ok${id}(path: string): Promise<string> {\n  return fs.promises.readFile(path, "utf8");\n}\n`,
  id => `export const value${id} = ${JSON.stringify(id)}.length * 2;\n`,
];

const header = `import fs from "node:fs";\nimport { execSync } from "node:child_process";\n\n`;

/** A generated file of 3 to 40 templates. */
export function generatedSeed(rng: Rng): SeedText {
  const count = rng.int(3, 40);
  let text = header;
  for (let i = 0; i < count; i++) text += rng.pick(templates)(`${String.fromCharCode(65 + (i % 26))}${i}`) + "\n";
  return { name: `generated-${count}`, text };
}

export function pickSeed(rng: Rng, committed: SeedText[]): SeedText {
  return rng.chance(0.4) ? generatedSeed(rng) : rng.pick(committed);
}

import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

export interface ServiceConfig {
  greeting: string;
  reportDir: string;
}

const defaults: ServiceConfig = { greeting: "hello", reportDir: "." };

// Mistake (reached from request handlers): a synchronous read hidden in a helper.
export function loadConfigSync(path: string): ServiceConfig {
  return parseConfig(readFileSync(path, "utf8"));
}

// Correct: the same helper, asynchronous.
export async function loadConfig(path: string): Promise<ServiceConfig> {
  return parseConfig(await readFile(path, "utf8"));
}

function parseConfig(text: string): ServiceConfig {
  try {
    return { ...defaults, ...(JSON.parse(text) as Partial<ServiceConfig>) };
  } catch {
    return defaults;
  }
}

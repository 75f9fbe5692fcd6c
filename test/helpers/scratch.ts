// A scratch folder under test/.tmp for one test file (inside the repository, so the project's
// node_modules and @types resolve), created before its tests and removed after them.
import { after, before } from "node:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./built";

export function scratchFolder(prefix: string): { write(rel: string, text: string): string; readonly root: string } {
  let root = "";
  before(() => {
    mkdirSync(join(repoRoot, "test/.tmp"), { recursive: true });
    root = mkdtempSync(join(repoRoot, "test/.tmp", `${prefix}-`));
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  return {
    get root() {
      return root;
    },
    write(rel, text) {
      mkdirSync(join(root, rel, ".."), { recursive: true });
      writeFileSync(join(root, rel), text);
      return join(root, rel);
    },
  };
}

// Removing the imports a fix left unused: named lists (ESM and require), whole-module names,
// in every shape; anything still mentioning the name keeps the import.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withoutUnusedImports } from "../../server/src/analysis/unused-imports";

const execSync = [{ module: "child_process", localName: "execSync" }];
const fs = [{ module: "fs", localName: "fs" }];

test("a named import goes from its list; the statement goes with its last name", () => {
  assert.equal(
    withoutUnusedImports(`import { execSync, exec } from "node:child_process";\nexec;\n`, execSync),
    `import { exec } from "node:child_process";\nexec;\n`,
  );
  assert.equal(withoutUnusedImports(`import { execSync } from 'child_process'\nimport { x } from 'y'\nx\n`, execSync), `import { x } from 'y'\nx\n`);
  assert.equal(
    withoutUnusedImports(`const {\n  execSync,\n  exec,\n} = require("child_process");\nexec;\n`, execSync),
    `const {\n  exec,\n} = require("child_process");\nexec;\n`,
  );
  assert.equal(withoutUnusedImports(`import cp, { execSync } from "child_process";\ncp;\n`, execSync), `import cp from "child_process";\ncp;\n`);
  assert.equal(
    withoutUnusedImports(`import { exec, execSync as run } from "node:child_process";\nexec;\n`, [{ module: "child_process", localName: "run" }]),
    `import { exec } from "node:child_process";\nexec;\n`,
  );
  assert.equal(withoutUnusedImports(`import { execSync } from "child_process";\r\nx;\r\n`, execSync), `x;\r\n`);
});

test("a whole-module name goes (default, namespace, import =, require); a default next to a list leaves the list", () => {
  for (const statement of [`import fs from "node:fs";`, `import * as fs from 'fs'`, `const fs = require("fs");`, `import fs = require("fs");`]) {
    assert.equal(
      withoutUnusedImports(`${statement}\nimport fsp from "node:fs/promises";\nfsp.x;\n`, fs),
      `import fsp from "node:fs/promises";\nfsp.x;\n`,
      statement,
    );
  }
  assert.equal(withoutUnusedImports(`import fs, { x } from "fs";\nx;\n`, fs), `import { x } from "fs";\nx;\n`);
});

test("any other mention keeps the import (code, property shorthand, comment); another module's import of the name is not touched", () => {
  assert.equal(withoutUnusedImports(`import fs from "fs";\nfs.x;\n`, fs), `import fs from "fs";\nfs.x;\n`);
  assert.equal(
    withoutUnusedImports(`import { execSync } from "child_process";\nexport default { execSync };\n`, execSync),
    `import { execSync } from "child_process";\nexport default { execSync };\n`,
  );
  assert.equal(
    withoutUnusedImports(`import { execSync } from "child_process";\n// execSync was here\n`, execSync),
    `import { execSync } from "child_process";\n// execSync was here\n`,
  );
  assert.equal(withoutUnusedImports(`import { execSync } from "./my-child-process";\n`, execSync), `import { execSync } from "./my-child-process";\n`);
});

// `npm run demo`: lints the bundled example service (examples/) and prints the findings.
// (The runtime half of the demo, recording the service under load, is added with the timeline.)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
console.log("$ loopscope lint examples\n");
const lint = spawnSync(process.execPath, ["dist/cli.mjs", "lint", "examples"], { cwd: root, stdio: "inherit" });
if (lint.status !== 0 && lint.status !== 1) process.exit(lint.status ?? 2);

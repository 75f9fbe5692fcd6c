// Runs a traced program many times, each with a timeout, and counts the runs that hang
// (a worker's terminate() that never resolves). Load is up to the caller (e.g. busy loops).
// usage: node bench/terminate-stress.mjs <runs> <timeoutMs> <parallel> -- <command...>
// Prints one line per hang (with the tail of its stdout) and "runs N hangs H failures F".
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sep = process.argv.indexOf("--");
const [runs, timeoutMs, parallel] = process.argv.slice(2, sep).map(Number);
const command = process.argv.slice(sep + 1);
const cli = join(root, "dist", "cli.mjs");

function once(i) {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [cli, "run", "--out", `/tmp/terminate-stress-${process.pid}-${i % parallel}.json`, "--", ...command], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let out = "";
    child.stdout.on("data", d => (out += d));
    child.stderr.on("data", d => (out += d));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      // With STRESS_GDB=<dir>: every thread's native stack of the hung processes, for the post-mortem.
      if (process.env.STRESS_GDB) dumpStacks(child.pid, `${process.env.STRESS_GDB}/hang-${process.pid}-${i}`);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, timeoutMs);
    child.on("close", code => {
      clearTimeout(timer);
      resolve({ hung, code, out });
    });
  });
}

function dumpStacks(rootPid, prefix) {
  const pids = execFileSync("pgrep", ["-g", String(rootPid)], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
  for (const pid of pids) {
    const bt = spawnSync("gdb", ["-batch", "-p", pid, "-ex", "thread apply all bt 30"], { encoding: "utf8", timeout: 60_000 });
    writeFileSync(`${prefix}-${pid}.txt`, `${readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ")}\n${bt.stdout}\n${bt.stderr}`);
  }
}

let next = 0;
let hangs = 0;
let failures = 0;
async function lane() {
  while (next < runs) {
    const i = next++;
    const r = await once(i);
    if (r.hung) {
      hangs++;
      console.log(`run ${i}: HUNG after ${timeoutMs} ms; output: ${JSON.stringify(r.out.slice(-300))}`);
    } else if (r.code !== 0) {
      failures++;
      console.log(`run ${i}: exit ${r.code}: ${JSON.stringify(r.out.slice(-300))}`);
    }
  }
}
await Promise.all(Array.from({ length: parallel }, lane));
console.log(`runs ${runs} hangs ${hangs} failures ${failures}`);

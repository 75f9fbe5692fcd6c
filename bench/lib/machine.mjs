// What the numbers were measured on: printed under every benchmark table.
import os from "node:os";
import { readFileSync } from "node:fs";

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg(),
    kernelOvercommit: safeRead("/proc/sys/vm/overcommit_memory"),
  };
}

const safeRead = file => {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
};

/** info: machineInfo() taken when the benchmark started; the load at the end is read now. */
export function formatMachine(info = machineInfo()) {
  const load = xs => xs.map(n => n.toFixed(2)).join(" / ");
  return [
    `machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGiB.toFixed(1)} GiB RAM, node ${info.node}, ${info.os}`,
    `load average (1/5/15 min) at start ${load(info.loadAverage)}, at end ${load(os.loadavg())}` +
      ` (shared machine: other helpers' builds and tests may run at the same time; a load above ${info.cores} means queueing for the CPU)`,
  ].join("\n");
}

// Child processes and raw sockets: deploy hooks, health probes, git helpers.
import { exec, execFile } from "node:child_process";
import { promisify } from "node:util";
import net from "node:net";
import tls from "node:tls";
import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "../_lib/web.js";

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

export async function currentCommit() {
  const { stdout } = await execFileAsync("git", ["rev-parse", "HEAD"]); // ok: missing-timeout (a local read of the repository ends on its own)
  return stdout.trim();
}

export async function currentCommitV2() {
  const { stdout } = await execFileAsync("git", ["rev-parse", "HEAD"], { timeout: 10_000 }); // ok: missing-timeout
  return stdout.trim();
}

export async function diskUsage(path: string) {
  return (await execAsync(`du -sh ${JSON.stringify(path)}`)).stdout; // expect: missing-timeout -- known-miss: a local program is reported only with childProcessCommands: "all" (no evidence of a remote; a hung network mount would be one)
}

export async function diskUsageV2(path: string) {
  return (await execAsync(`du -sh ${JSON.stringify(path)}`, { timeout: 30_000 })).stdout; // ok: missing-timeout
}

export function runHook(script: string, done: (error: Error | null) => void) {
  exec(script, error => done(error)); // expect: missing-timeout -- known-miss: a command that is data is reported only with childProcessCommands: "all"
}

export function runHookV2(script: string, done: (error: Error | null) => void) {
  exec(script, { timeout: 60_000 }, error => done(error)); // ok: missing-timeout
}

export function probe(port: number, host: string): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ port, host }); // expect: missing-timeout
    socket.once("connect", () => { socket.end(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

export function probeV2(port: number, host: string): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ port, host, timeout: 2000 }); // ok: missing-timeout
    socket.once("timeout", () => { socket.destroy(); resolve(false); });
    socket.once("connect", () => { socket.end(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

export function certificateOf(host: string): Promise<tls.PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port: 443, servername: host }, () => { // expect: missing-timeout
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.on("error", reject);
  });
}

export function certificateOfV2(host: string): Promise<tls.PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port: 443, servername: host }, () => { // ok: missing-timeout
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.setTimeout(5000, () => socket.destroy(new Error("TLS handshake timed out")));
    socket.on("error", reject);
  });
}

export async function fetchWithRetry(url: string, attempts = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(5000) }); // ok: missing-timeout // expect: retry-without-backoff
    } catch (error) {
      if (attempt >= attempts) throw error;
      logger.info("retrying", { url, attempt });
      await sleep(200 * 2 ** attempt);
    }
  }
}

export async function fetchWithDeadline(url: string) {
  const deadline = sleep(5000).then(() => { throw new Error("deadline exceeded"); });
  // The deadline still ends the wait (a timeout for missing-timeout since session 15), but its
  // timer is never cancelled and the fetch runs on after it: race-timeout-leak's concern.
  return Promise.race([fetch(url), deadline]); // expect: race-timeout-leak // ok: missing-timeout
}

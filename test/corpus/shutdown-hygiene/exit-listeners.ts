// Process shutdown: clean-up in 'exit' listeners, signal handlers of a server module.
import { writeFileSync, rmSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";

interface Pool {
  end(): Promise<void>;
  endSync(): void;
}
declare const pool: Pool;
declare const metrics: { flush(): Promise<void>; snapshot(): string };

process.on("exit", async () => {
  await pool.end(); // expect: shutdown-hygiene
  console.log("pool closed");
});

process.on("exit", () => {
  pool.endSync(); // ok: shutdown-hygiene
  writeFileSync("metrics.json", metrics.snapshot()); // ok: shutdown-hygiene
});

process.once("exit", () => {
  void writeFile("metrics.json", metrics.snapshot()); // expect: shutdown-hygiene
  rmSync("tmp", { recursive: true, force: true }); // ok: shutdown-hygiene
});

process.on("exit", () => {
  setTimeout(() => rmSync("tmp", { force: true }), 0); // expect: shutdown-hygiene
});

async function flushAll() {
  await metrics.flush();
  await rm("tmp", { recursive: true, force: true });
}
process.on("exit", flushAll); // expect: shutdown-hygiene

process.on("beforeExit", async () => { // expect: promise-in-void-callback
  await metrics.flush(); // ok: shutdown-hygiene (the event loop still runs on 'beforeExit')
});

process.once("SIGTERM", async () => {
  await pool.end(); // ok: shutdown-hygiene
  process.exit(0);
});

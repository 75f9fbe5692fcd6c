import crypto from "node:crypto";
import { promisify } from "node:util";

const pbkdf2 = promisify(crypto.pbkdf2);

// Mistake: 100,000 PBKDF2 iterations on the event loop take ~50 ms per call.
export async function hashPasswordBlocking(password: string, salt: string): Promise<string> {
  return crypto.pbkdf2Sync(password, salt, 100_000, 32, "sha256").toString("hex");
}

// Correct: the callback form runs on libuv's thread pool.
export async function hashPassword(password: string, salt: string): Promise<string> {
  return (await pbkdf2(password, salt, 100_000, 32, "sha256")).toString("hex");
}

// Which calls block the event loop: Node's synchronous APIs, and the extra APIs a user
// configures ("better-sqlite3#Statement.run"). Pure tables and matching; no compiler access.

export interface BlockingApi {
  module: string;
  name: string;
  /** How users know it: `fs.readFileSync`. */
  label: string;
}

/** fs functions whose fs/promises twin takes the same arguments and resolves to the same value. */
export const fsPromiseTwins = new Set([
  "readFile",
  "writeFile",
  "appendFile",
  "readdir",
  "stat",
  "lstat",
  "mkdir",
  "rm",
  "rmdir",
  "unlink",
  "rename",
  "copyFile",
  "access",
  "chmod",
  "chown",
  "lchown",
  "realpath",
  "readlink",
  "symlink",
  "link",
  "mkdtemp",
  "truncate",
  "utimes",
  "lutimes",
  "cp",
  "opendir",
  "statfs",
]);

const childProcessBlocking = new Set(["execSync", "execFileSync", "spawnSync"]);
/**
 * crypto functions whose cost is a work factor or a search: key stretching (`pbkdf2Sync`,
 * `scryptSync`: milliseconds by design), key-pair and prime generation. Not `hkdfSync`: HKDF is
 * a few HMACs over a fixed-size output (tens of microseconds, like `createHmac(...).digest()`,
 * which no one calls blocking), and its async twin's thread-pool round trip costs about as much.
 */
const cryptoBlocking = new Set(["pbkdf2Sync", "scryptSync", "generateKeyPairSync", "generatePrimeSync", "checkPrimeSync"]);
// Not `generateKeySync` either: it makes HMAC and AES keys only, a fixed number of random bytes.

/**
 * Key-pair types whose generation has a fixed, small cost: elliptic-curve and Edwards keys are one
 * scalar multiplication (well under a millisecond), not a search for primes like RSA, DSA or DH
 * keys (tens to hundreds of milliseconds).
 */
const fixedCostKeyPairTypes = new Set(["ec", "ed25519", "ed448", "x25519", "x448"]);

/**
 * Whether a call of a blocking API costs a fixed few microseconds for these arguments (`typeArg`:
 * the first argument when it is a string literal), like `crypto.hkdfSync`: the rule reports work
 * whose cost grows with the data, a work factor or the outside world, not fixed-cost CPU work.
 */
export function isFixedCostCall(api: Pick<BlockingApi, "module" | "name">, typeArg: string | undefined): boolean {
  return api.module === "crypto" && api.name === "generateKeyPairSync" && typeArg !== undefined && fixedCostKeyPairTypes.has(typeArg);
}

/** Node's own blocking functions, by module (without `node:`) and export name. */
export function nodeBlockingApi(module: string, name: string): BlockingApi | undefined {
  const label = `${module}.${name}`;
  switch (module) {
    case "fs":
      return name.endsWith("Sync") ? { module, name, label } : undefined;
    case "child_process":
      return childProcessBlocking.has(name) ? { module, name, label } : undefined;
    case "zlib":
      return name.endsWith("Sync") ? { module, name, label } : undefined;
    case "crypto":
      return cryptoBlocking.has(name) ? { module, name, label } : undefined;
    case "Atomics":
      return name === "wait" ? { module, name, label: "Atomics.wait" } : undefined;
    default:
      return undefined;
  }
}

/**
 * Metadata calls: one system call that the kernel answers from its inode and directory caches,
 * microseconds on a local disk. Their cost does not grow with the data, unlike reading or
 * writing a file, running a process, deriving a key or compressing (the "work" class).
 */
const metadataCalls = new Set(["existsSync", "statSync", "accessSync", "lstatSync", "realpathSync"]);

export type BlockingCost = "metadata" | "work";

/** How much a blocking call costs: see `metadataCalls`. */
export function blockingCostOf(api: Pick<BlockingApi, "module" | "name">): BlockingCost {
  return api.module === "fs" && metadataCalls.has(api.name) ? "metadata" : "work";
}

/** Cheap name test before any symbol is looked at. */
export function mayBeNodeBlockingName(name: string): boolean {
  return name.endsWith("Sync") || name === "wait";
}

export interface ExtraApi {
  /** npm package (types may come from @types/<package>). */
  pkg: string;
  /** Interface/class/namespace that declares the member; undefined for a module-level function. */
  container?: string;
  member: string;
  spec: string;
}

/** `package#Container.member` or `package#function`. */
export function parseExtraApi(spec: string): ExtraApi | string {
  const m = /^((?:@[\w.-]+\/)?[\w.-]+)#(?:([\w$]+)\.)?([\w$]+)$/.exec(spec.trim());
  if (!m) return `'${spec}' is not of the form "package#Container.member" or "package#function"`;
  return { pkg: m[1]!, ...(m[2] ? { container: m[2] } : {}), member: m[3]!, spec };
}

/**
 * Default extra APIs: synchronous database drivers. `node#...` is Node's own `node:sqlite`
 * (declared in @types/node 22+): `DatabaseSync` runs SQL and `StatementSync` steps through rows
 * on the calling thread.
 */
export const defaultExtraApis = [
  "better-sqlite3#Statement.run",
  "better-sqlite3#Statement.get",
  "better-sqlite3#Statement.all",
  "better-sqlite3#Statement.iterate",
  "better-sqlite3#Database.exec",
  "better-sqlite3#Database.pragma",
  "node#DatabaseSync.exec",
  "node#StatementSync.run",
  "node#StatementSync.get",
  "node#StatementSync.all",
  "node#StatementSync.iterate",
];

/** The npm package a declaration file belongs to, from its path (`@types/x` → `x`). */
export function packageOfPath(fileName: string): string | undefined {
  const i = fileName.lastIndexOf("/node_modules/");
  if (i < 0) return undefined;
  const rest = fileName.slice(i + "/node_modules/".length).split("/");
  let pkg = rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  if (pkg.startsWith("@types/")) {
    const inner = pkg.slice("@types/".length);
    pkg = inner.includes("__") ? `@${inner.replace("__", "/")}` : inner;
  }
  return pkg;
}

// Which npm packages the unbounded-concurrency rule knows by name: the capacity-limited resource
// their asynchronous calls use, the ones that bound concurrency, and the archive readers. Data
// only; the lookups at the end are the only code.
//
// How an entry is chosen:
// - A package goes under a resource when each asynchronous call of its API, as users write it,
//   holds one of that resource until it settles: an HTTP client opens a request (`http`), a
//   database driver or ORM runs a query on one of a pool's connections (`database`), a file
//   helper opens a file or walks a tree (`file`), a process runner starts a child (`process`), a
//   thread pool occupies a worker (`worker`), any other client of a service holds a socket
//   (`network`: message brokers, cloud SDKs, mail, SSH). A client that sends every call as a
//   command over the one connection it keeps open (Redis pipelines them) is `command`: a fan-out
//   of its calls queues messages on that connection and opens nothing per item. Packages whose calls only compute, or
//   whose resource depends on how they are configured, are left out: their calls fall back to
//   the interprocedural summaries and the declared types.
// - `limiter`: packages whose exports bound how many calls run at once (a queue, a pool, a
//   semaphore). A variable made from one is a limiter, and work through it is not a fan-out.
// - `archive`: readers whose entries are as many as the archive holds (input, not configuration).
// - Names as published on npm (the folder under node_modules/ a declaration comes from, or the
//   specifier a file imports). `@scope/*` stands for every package of a scope. The resources are
//   tried in the order below and the first match wins, so a scope's specific packages
//   (`@google-cloud/firestore` is a database) come before its wildcard (`@google-cloud/*`).
import type { IoKind } from "./io-kinds";

/** A capacity-limited resource a package's calls use (`async`, "unknown I/O", is never a table's answer). */
export type PackageResource = Exclude<IoKind, "async">;

export const packagesByResource: Readonly<Record<PackageResource, readonly string[]>> = {
  command: ["redis", "ioredis", "@redis/*"],
  http: [
    "axios",
    "got",
    "node-fetch",
    "undici",
    "cross-fetch",
    "isomorphic-fetch",
    "ky",
    "superagent",
    "request",
    "request-promise",
    "request-promise-native",
    "needle",
    "phin",
    "make-fetch-happen",
    "minipass-fetch",
    "npm-registry-fetch",
    "pacote",
    "graphql-request",
    "@apollo/client",
    "ofetch",
    "wretch",
  ],
  database: [
    "pg",
    "pg-promise",
    "postgres",
    "mysql",
    "mysql2",
    "mariadb",
    "mongodb",
    "mongoose",
    "knex",
    "sequelize",
    "typeorm",
    "@prisma/client",
    // the client Prisma generates into node_modules/.prisma/
    ".prisma/client",
    "drizzle-orm",
    "@mikro-orm/*",
    "objection",
    "kysely",
    "sqlite",
    "sqlite3",
    "better-sqlite3",
    "cassandra-driver",
    "@elastic/elasticsearch",
    "@opensearch-project/opensearch",
    "neo4j-driver",
    "mssql",
    "tedious",
    "oracledb",
    "@supabase/supabase-js",
    "@planetscale/database",
    "@neondatabase/serverless",
    "@libsql/client",
    "@vercel/postgres",
    "@upstash/redis",
    "couchbase",
    "nano",
    "@clickhouse/client",
    "@google-cloud/firestore",
    "@google-cloud/bigquery",
    "@google-cloud/spanner",
    "@google-cloud/datastore",
    "firebase-admin",
    "dynamoose",
  ],
  file: [
    "fs-extra",
    "graceful-fs",
    "fast-glob",
    "glob",
    "globby",
    "tinyglobby",
    "tar",
    "archiver",
    "unzipper",
    "yauzl",
    "yazl",
    "sharp",
    "jimp",
    "rimraf",
    "mkdirp",
    "make-dir",
    "del",
    "cpy",
    "write-file-atomic",
    "proper-lockfile",
    "@npmcli/fs",
    "fs-jetpack",
    "find-up",
    "read-pkg",
    "load-json-file",
    "write-json-file",
  ],
  process: [
    "execa",
    "cross-spawn",
    "tinyexec",
    "zx",
    "puppeteer",
    "puppeteer-core",
    "playwright",
    "playwright-core",
    "@playwright/test",
    "simple-git",
    "nano-spawn",
  ],
  worker: ["piscina", "tinypool", "threads", "workerpool"],
  // Names looked up: Node's own `dns` module (node-io-apis.ts); no package is listed.
  dns: [],
  network: [
    "ws",
    "socket.io-client",
    "nodemailer",
    "amqplib",
    "amqp-connection-manager",
    "kafkajs",
    "nats",
    "mqtt",
    "@grpc/grpc-js",
    "ssh2",
    "ssh2-sftp-client",
    "basic-ftp",
    "ftp",
    "ldapjs",
    "@aws-sdk/*",
    "aws-sdk",
    "@azure/*",
    "@google-cloud/*",
    "googleapis",
    "@octokit/*",
    "octokit",
    "openai",
    "@anthropic-ai/sdk",
    "stripe",
    "twilio",
    "@slack/*",
    "@sendgrid/*",
    "mailgun.js",
    "@sentry/node",
    "dockerode",
    "@kubernetes/client-node",
    "minio",
    "@smithy/*",
  ],
};

/** Packages whose exports limit concurrency; variables made from them are limiters. */
export const limiterPackages: ReadonlySet<string> = new Set([
  "p-limit",
  "p-queue",
  "p-throttle",
  "p-map",
  "bottleneck",
  "async-sema",
  "async-mutex",
  "piscina",
  "tinypool",
  "limiter",
  "@supercharge/promise-pool",
  "promise-pool",
  "es6-promise-pool",
  "queue",
  "fastq",
  "bullmq",
  "bull",
  "bee-queue",
]);

/** Archive readers: their entries are as many as the archive holds. */
export const archivePackages: ReadonlySet<string> = new Set([
  "jszip",
  "adm-zip",
  "yauzl",
  "yauzl-promise",
  "unzipper",
  "decompress",
  "tar",
  "tar-stream",
  "tar-fs",
  "node-stream-zip",
  "extract-zip",
]);

/** Whether a table entry names the package: exactly, or `@scope/*` for any package of the scope. */
function entryMatches(entry: string, pkg: string): boolean {
  return entry.endsWith("/*") ? pkg.startsWith(entry.slice(0, -1)) : entry === pkg;
}

/** The resource a package's asynchronous calls use, or undefined when the tables do not list it. */
export function packageIoKind(pkg: string): PackageResource | undefined {
  for (const [resource, names] of Object.entries(packagesByResource) as [PackageResource, readonly string[]][])
    if (names.some(entry => entryMatches(entry, pkg))) return resource;
  return undefined;
}

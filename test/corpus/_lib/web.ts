// Minimal stand-ins for the libraries real services use (express, fastify, a SQL client, a job
// queue, a Redis-like cache, an ODM), typed like the real ones where it matters to the rules:
// which calls return promises, which objects are thenables. Not linted; not scored.
import { EventEmitter } from "node:events";

export interface Request { params: Record<string, string>; body: any; query: Record<string, string | undefined>; user?: { id: string } }
export interface Response {
  status(code: number): Response;
  json(body: unknown): Response;
  send(body?: unknown): Response;
  end(): void;
}
export type Handler = (req: Request, res: Response, next: (error?: unknown) => void) => unknown;
export interface Router {
  get(path: string, ...handlers: Handler[]): Router;
  post(path: string, ...handlers: Handler[]): Router;
  use(handler: Handler): Router;
}
export declare function createRouter(): Router;

/** fastify's reply is itself a thenable: `await reply.send(x)` waits for the send. */
export interface FastifyReply extends PromiseLike<void> {
  code(status: number): FastifyReply;
  header(name: string, value: string): FastifyReply;
  send(payload?: unknown): FastifyReply;
}
export interface FastifyRequest { params: Record<string, string>; body: any }
export interface FastifyInstance {
  get(path: string, handler: (req: FastifyRequest, reply: FastifyReply) => unknown): FastifyInstance;
  post(path: string, handler: (req: FastifyRequest, reply: FastifyReply) => unknown): FastifyInstance;
  addHook(name: "onClose", hook: () => Promise<void>): FastifyInstance;
  listen(opts: { port: number }): Promise<string>;
  close(): Promise<void>;
}
export declare function fastify(): FastifyInstance;

export interface Db {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T[]>;
  insert(table: string, row: object): Promise<{ id: string }>;
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}
export declare const db: Db;

export interface Cache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds?: number): Promise<"OK">;
  del(key: string): Promise<number>;
  quit(): Promise<"OK">;
}
export declare const cache: Cache;

export interface Job<T = unknown> { id: string; data: T; attemptsMade: number; updateProgress(progress: number): Promise<void>; log(line: string): Promise<number> }
export interface Queue<T = unknown> {
  add(name: string, data: T, opts?: { delay?: number; attempts?: number }): Promise<Job<T>>;
  close(): Promise<void>;
}
export declare function createQueue<T>(name: string): Queue<T>;
export declare class Worker<T = unknown> extends EventEmitter {
  constructor(name: string, processor: (job: Job<T>) => Promise<unknown>, opts?: { concurrency?: number });
  close(): Promise<void>;
}

/** An ODM query (mongoose-style): a thenable that runs when awaited or `.exec()`-ed. */
export interface Query<T> extends PromiseLike<T> {
  where(field: string, value: unknown): Query<T>;
  sort(field: string): Query<T>;
  exec(): Promise<T>;
}
export interface Model<T> {
  find(filter: Partial<T>): Query<T[]>;
  updateOne(filter: Partial<T>, update: Partial<T>): Query<{ modifiedCount: number }>;
  deleteMany(filter: Partial<T>): Query<{ deletedCount: number }>;
}
export declare const Users: Model<{ id: string; email: string; lastSeen: Date; active: boolean }>;

export interface Mailer { send(to: string, subject: string, body: string): Promise<void> }
export declare const mailer: Mailer;

export interface Logger { info(msg: string, extra?: object): void; error(msg: string, extra?: object): void }
export declare const logger: Logger;

export interface Metrics { increment(name: string): void; flush(): Promise<void> }
export declare const metrics: Metrics;

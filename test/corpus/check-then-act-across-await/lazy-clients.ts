// Clients and caches filled on first use: the racy fill beside the stored pending promise.
interface Conn { query(sql: string): Promise<unknown[]>; close(): Promise<void> }
interface User { id: string; name: string }
declare function sessionOf(url: string, session: string): Conn;

/** Opens a session on the database's HTTP API: one request per call. */
async function openConnection(url: string): Promise<Conn> {
  const res = await fetch(`${url}/sessions`, { method: "POST", signal: AbortSignal.timeout(10_000) });
  return sessionOf(url, await res.text());
}

async function fetchUser(id: string): Promise<User> {
  const res = await fetch(`https://users.example/${encodeURIComponent(id)}`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as User;
}

/** Derived in memory: a second overlapping call computes the same value, nothing is sent. */
async function fingerprint(user: User): Promise<string> {
  return `${user.id}:${user.name.length}`;
}

export class Database {
  private conn?: Conn;
  private pending?: Promise<Conn>;

  constructor(private readonly url: string) {}

  async connection(): Promise<Conn> {
    if (!this.conn) {
      this.conn = await openConnection(this.url); // expect: check-then-act-across-await
    }
    return this.conn;
  }

  shared(): Promise<Conn> {
    this.pending ??= openConnection(this.url).catch(err => { // ok: check-then-act-across-await (the pending promise is stored at once)
      this.pending = undefined;
      throw err;
    });
    return this.pending;
  }
}

const users = new Map<string, User>();

export async function userById(id: string): Promise<User> {
  const hit = users.get(id);
  if (hit) return hit;
  const user = await fetchUser(id);
  users.set(id, user); // expect: check-then-act-across-await
  return user;
}

const pendingUsers = new Map<string, Promise<User>>();

export function userOnce(id: string): Promise<User> {
  let user = pendingUsers.get(id);
  if (!user) {
    user = fetchUser(id);
    pendingUsers.set(id, user); // ok: check-then-act-across-await
    user.catch(() => pendingUsers.delete(id));
  }
  return user;
}

let started = false;
export async function startOnce(db: Database): Promise<void> {
  if (started) return;
  started = true; // ok: check-then-act-across-await (a busy flag set before the first await)
  await db.connection();
}

const fingerprints = new Map<string, string>();

export async function fingerprintOf(user: User): Promise<string> {
  const hit = fingerprints.get(user.id);
  if (hit) return hit;
  const value = await fingerprint(user);
  fingerprints.set(user.id, value); // ok: check-then-act-across-await (cheap, in memory: the duplicate gives the same value)
  return value;
}

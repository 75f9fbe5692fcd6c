// Clients and caches filled on first use: the racy fill beside the stored pending promise.
interface Conn { query(sql: string): Promise<unknown[]>; close(): Promise<void> }
interface User { id: string; name: string }
declare function openConnection(url: string): Promise<Conn>;
declare function fetchUser(id: string): Promise<User>;

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

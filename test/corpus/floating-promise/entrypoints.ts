// Process entry points and one-off scripts.
import { db, logger, Users } from "../_lib/web.js";

async function migrate() {
  await db.query("create table if not exists users (id text primary key)");
}

async function main() {
  await migrate();
  logger.info("migrated");
}

main(); // expect: floating-promise

main().catch(error => { // ok: floating-promise
  logger.error("startup failed", { error });
  process.exitCode = 1;
});

(async () => { // expect: floating-promise
  await migrate();
})();

export async function deactivateStale(cutoff: Date) {
  Users.updateOne({ active: true }, { active: false }); // expect: floating-promise
  await Users.updateOne({ lastSeen: cutoff }, { active: false }); // ok: floating-promise
  const query = Users.find({ active: true }).where("lastSeen", cutoff); // ok: floating-promise
  query.sort("email"); // ok: floating-promise
  return query.exec();
}

export function legacy(client: any) {
  client.save(); // expect: floating-promise -- known-miss: the value is typed any, so the analysis cannot see a promise
}

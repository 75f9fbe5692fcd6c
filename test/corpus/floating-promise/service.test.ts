// A node:test file: describe/it return promises the runner tracks itself; subtests do not.
import { describe, it, test } from "node:test";
import assert from "node:assert/strict";
import { db } from "../_lib/web.js";

describe("orders", () => { // ok: floating-promise
  it("inserts", async () => { // ok: floating-promise
    const row = await db.insert("orders", { total: 1 });
    assert.ok(row.id);
  });
  it.skip("later", async () => {}); // ok: floating-promise
});

test("cleanup", async t => { // ok: floating-promise
  t.test("drops the table", async () => { // expect: floating-promise -- known-miss: node:test's t.test is a library promise API, evidence only with reportLibraryPromises (its type says promise, nothing shows how it fails)
    await db.query("drop table orders");
  });
  await t.test("recreates it", async () => { // ok: floating-promise
    await db.query("create table orders (id text)");
  });
  assert.rejects(db.query("select * from missing")); // expect: floating-promise -- known-miss: Node's assert.rejects is a library promise API, evidence only with reportLibraryPromises
  await assert.rejects(db.query("select * from missing")); // ok: floating-promise
});

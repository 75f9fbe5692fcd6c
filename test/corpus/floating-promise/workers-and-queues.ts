// Queue producers and workers (BullMQ-style), graceful shutdown.
import { createQueue, db, logger, mailer, Worker, type Job } from "../_lib/web.js";

interface EmailJob { to: string; subject: string; body: string }
const emails = createQueue<EmailJob>("emails");

export const worker = new Worker<EmailJob>("emails", async (job: Job<EmailJob>) => {
  job.updateProgress(10); // expect: floating-promise
  await mailer.send(job.data.to, job.data.subject, job.data.body);
  await job.updateProgress(100); // ok: floating-promise
  job.log(`sent to ${job.data.to}`).catch(() => {}); // ok: floating-promise
}, { concurrency: 5 });

worker.on("failed", (job: Job<EmailJob> | undefined, error: Error) => {
  db.insert("failed_jobs", { id: job?.id, error: error.message }); // expect: floating-promise
});

worker.on("completed", (job: Job<EmailJob>) => {
  db.insert("sent_emails", { id: job.id }).catch(error => logger.error("bookkeeping failed", { error })); // ok: floating-promise
});

export async function enqueueWelcome(to: string) {
  emails.add("welcome", { to, subject: "Welcome", body: "Hi" }, { attempts: 3 }); // expect: floating-promise
}

export async function enqueueWelcomeV2(to: string) {
  const job = await emails.add("welcome", { to, subject: "Welcome", body: "Hi" }, { attempts: 3 }); // ok: floating-promise
  return job.id;
}

export async function enqueueAll(recipients: string[]) {
  const pending: Promise<unknown>[] = [];
  for (const to of recipients) pending.push(emails.add("digest", { to, subject: "Digest", body: "..." })); // ok: floating-promise // expect: unbounded-concurrency -- known-miss: a parameter of a function nothing in the project calls is weak evidence, reported only with the weakSources option (see the rule's Precision section)
  await Promise.all(pending);
}

export async function enqueueAllV2(recipients: string[]) {
  Promise.all(recipients.map(to => emails.add("digest", { to, subject: "Digest", body: "..." }))); // expect: floating-promise // expect: unbounded-concurrency -- known-miss: a parameter of a function nothing in the project calls is weak evidence, reported only with the weakSources option (see the rule's Precision section)
}

process.on("SIGTERM", () => {
  worker.close().finally(() => process.exit(0)); // expect: floating-promise -- known-miss: a library's teardown (close/destroy/end...) is no evidence that it rejects (see the rule's Precision section)
});

process.on("SIGINT", () => {
  worker.close().then(() => process.exit(0), error => { logger.error("close failed", { error }); process.exit(1); }); // ok: floating-promise
});

export class Shutdown {
  private closing: Promise<void> | undefined;
  begin() {
    this.closing = emails.close(); // ok: floating-promise
    this.flushLogs(); // expect: floating-promise -- known-miss: a library's teardown (close/destroy/end...) is no evidence that it rejects (see the rule's Precision section)
  }
  async flushLogs() { await db.end(); }
  async wait() { await this.closing; }
}

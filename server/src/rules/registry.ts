// Every built-in rule. A meta-test keeps this list, docs/rules/ and test/rules/ in step.
import type { Rule } from "./rule";
import { blockingCallInAsync } from "./blocking-call-in-async";
import { shutdownHygiene } from "./shutdown-hygiene";
import { timerLifecycle } from "./timer-lifecycle";
import { raceTimeoutLeak } from "./race-timeout-leak";
import { promiseInVoidCallback } from "./promise-in-void-callback";
import { checkThenActAcrossAwait } from "./check-then-act-across-await";
import { missingTimeout } from "./missing-timeout";
import { unboundedConcurrency } from "./unbounded-concurrency";
import { floatingPromise } from "./floating-promise";
import { retryWithoutBackoff } from "./retry-without-backoff";
import { streamBackpressure } from "./stream-backpressure";
import { abortSignalNotForwarded } from "./abort-signal-not-forwarded";

export const allRules: readonly Rule<object>[] = [
  blockingCallInAsync as unknown as Rule<object>,
  missingTimeout as unknown as Rule<object>,
  unboundedConcurrency as unknown as Rule<object>,
  floatingPromise as unknown as Rule<object>,
  shutdownHygiene as unknown as Rule<object>,
  timerLifecycle as unknown as Rule<object>,
  raceTimeoutLeak as unknown as Rule<object>,
  promiseInVoidCallback as unknown as Rule<object>,
  checkThenActAcrossAwait as unknown as Rule<object>,
  retryWithoutBackoff as unknown as Rule<object>,
  streamBackpressure as unknown as Rule<object>,
  abortSignalNotForwarded as unknown as Rule<object>,
];

export function ruleById(id: string): Rule<object> | undefined {
  return allRules.find(r => r.meta.id === id);
}

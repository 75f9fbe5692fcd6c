// blocking-call-in-async is off by default (issue 10: 38 of its 58 findings right on held-out
// code, under the 9-in-10 bar). Tests that need its findings turn it on the way a user does: a
// loopscope.config.json in the workspace, `--rule` on the command line, or the editor's setting.

/** A loopscope.config.json that turns blocking-call-in-async on at its severity when on (warning). */
export const blockingOnConfig = JSON.stringify({ rules: { "blocking-call-in-async": "warning" } });

/** The CLI's flag for the same. */
export const blockingOnFlag = ["--rule", "blocking-call-in-async=warning"] as const;

/** `loopscope.*` settings (workspace/configuration) that turn it on. */
export const blockingOnSettings = { rules: { "blocking-call-in-async": "warning" } } as const;

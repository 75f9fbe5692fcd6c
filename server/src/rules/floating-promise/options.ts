// floating-promise's options, described once (../option-schema.ts): the type, the defaults, the
// validation, the config file's JSON Schema and the doc's table all come from here.
import { option, type OptionsOf } from "../option-schema";

/** node:test's `describe`/`it` run their body themselves and report its failures: awaiting them is optional. */
export const defaultKnownSafeCalls = ["node:test#describe", "node:test#it", "node:test#test", "node:test#suite"];

export const optionsSchema = {
  ignoreVoid: option.boolean("`void promise` marks a promise as deliberately not awaited (typescript-eslint's default).", true),
  ignoreIIFE: option.boolean("Immediately invoked function expressions (`(async () => { ... })()`) are not reported.", false),
  checkThenables: option.boolean("Thenables other than the built-in Promise whose `then` takes a rejection callback are checked too.", true),
  allowForKnownSafeCalls: option.strings(
    "Calls whose promise is safe to drop: `name` (any callee of that name) or `module#name` (an export of that module).",
    defaultKnownSafeCalls,
  ),
  respectEslintDisable: option.boolean(
    "Statements that an `eslint-disable(-next)-line` comment exempts from no-floating-promises are not reported either.",
    true,
  ),
  reportLibraryPromises: option.boolean(
    "Also report dropped promises whose only evidence of a rejection is the promise type of a package's, Node's or the default library's API (nothing shows how it fails), also when the same file handles that API's rejection at another call (`.catch`, `then(ok, onRejected)`, an await in a `try` with a `catch`). Off by default: on the tuning set the library evidence without a handler elsewhere was right 10 times in 13 (I/O calls alone 2 in 4), and the one with a handler elsewhere 14 in 14 but in one code base only, short of the many code bases a kind needs to be reported by default.",
    false,
  ),
  reportDeclaredApis: option.boolean(
    "Also report dropped promises whose evidence is a method of an interface or type the project declares in its own sources (a client it is handed, taken as I/O that can reject). Off by default: on the tuning set 12 such findings in 17 were true, in 3 code bases (interfaces whose implementations the project itself holds and which catch their failures). Ambient declarations (`declare function`, `declare class`) stay evidence.",
    false,
  ),
  reportDeepEvidence: option.boolean(
    "Also report dropped promises whose rejection the may-reject summary finds two or more project functions below the dropped call. Off by default: on the tuning set 13 such findings in 19 were true (4 code bases): the deeper the chain, the likelier a path the summary does not distinguish (a branch not taken, a catch on the way).",
    false,
  ),
  reportCalleeThrows: option.boolean(
    "Also report dropped promises whose only evidence is a `throw` or a rejecting `new Promise` executor in the called project function itself (not one below it). Off by default: on code the rule had not been tuned on (the 5th to 7th held-out draws) such findings were right 6 times in 13; most of the false ones were checks of a state or value the caller had already made true (`if (!this.ready) throw`, `throw` in a `default:` that the caller's value never reaches) or a reject on a path the call does not take. An executor that rejects with the error an API reports to it (in a node-style callback's error branch, from an `'error'` listener; `executor-reported-error`) waits behind this option too: over every installed tuning code base it was right 12 times in 18 (session 36).",
    false,
  ),
  reportInBrowser: option.boolean(
    'Also report dropped promises in code that runs in a browser (message `floatingInBrowser`): a file that imports UI code, is a browser build, or uses browser-only globals or constructors (`window.x`, `new RTCPeerConnection()`), and statements under `typeof window !== "undefined"`. Off by default: there an unhandled rejection only reaches the console, and on the tuning set 3 such findings in 11 were true, all 3 in server files that a text match took for browser code (the syntax check now clears them); the other 8 were browser-only code.',
    false,
  ),
  reportUnproven: option.boolean(
    "Also report dropped promises that the analysis cannot show to reject (message `floatingUnproven`): typescript-eslint's behaviour. Off by default: without evidence most are false.",
    false,
  ),
};

export type FloatingPromiseOptions = OptionsOf<typeof optionsSchema>;

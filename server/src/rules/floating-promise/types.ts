// The floating-promise types that its fix module shares with the rule (apart, so the fix
// module does not import the rule that imports it).
import type { Node, PromiseLikeInfo } from "../../analysis/typescript";

export interface FloatingPromiseOptions {
  /** `void promise` marks a promise as deliberately not awaited (typescript-eslint's default). */
  ignoreVoid: boolean;
  /** Immediately invoked function expressions (`(async () => { ... })()`) are not reported. */
  ignoreIIFE: boolean;
  /** Thenables other than the built-in Promise whose `then` takes a rejection callback are checked too. */
  checkThenables: boolean;
  /** Calls whose promise is safe to drop: `name` (any callee of that name) or `module#name` (an export of that module). */
  allowForKnownSafeCalls: string[];
  /** Statements that an `eslint-disable(-next)-line` comment exempts from no-floating-promises are not reported either. */
  respectEslintDisable: boolean;
  /**
   * Also report dropped promises that the analysis cannot show to reject (message
   * `floatingUnproven`): typescript-eslint's behaviour. Off by default: without evidence most are false.
   */
  reportUnproven: boolean;
}

export type Kind = "promise" | "thenable" | "array" | "uselessHandler";

export interface Unhandled { node: Node; kind: Kind; info: PromiseLikeInfo }

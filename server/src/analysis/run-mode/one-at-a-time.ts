// "Can two runs of this function overlap?", answered from how its callers run it: no, when it runs
// only on start-up paths (startup-paths.ts outside evidence mode: a start-up function such as
// `main()` or `loadConfig()`, a command of a command-line program, code that runs once where it is
// written, the application's set-up, or a function every call of which in the project is such
// code's) and every call on the way waits for the one before: awaited or returned where it is made,
// in no fan-out item and no handler of requests, events or jobs (StartupPaths.callRunsAlone). A
// function nothing in the project calls, a public method the project's users call, one a handler
// or a fan-out reaches, or one whose promise is kept or dropped may overlap itself.
//
// The same start-up paths blocking-call-in-async asks in evidence mode; here the default start-up
// names, calls from test files not counted. The answers are cached per linted file.
import type { FunctionLike } from "../async-context";
import { isTestFile } from "../file-kinds";
import type { FileAnalysis } from "../../rules/rule";
import { StartupCallers } from "./startup-callers";
import { defaultStartupFunctions, startupMatcher, type StartupMatcher } from "./startup-names";
import { StartupPaths } from "./startup-paths";

let matcher: StartupMatcher | undefined;

/** Whether no two runs of `fn` (a function of the file `fa` lints) can overlap: see the file comment. */
export class OneAtATime {
  private paths: StartupPaths | undefined;

  constructor(private readonly fa: FileAnalysis) {}

  runsOneAtATime(fn: FunctionLike): boolean {
    return (this.paths ??= this.make()).runsOneAtATime(fn);
  }

  private make(): StartupPaths {
    const fa = this.fa;
    matcher ??= startupMatcher(defaultStartupFunctions);
    const m = matcher;
    const paths = (file: FileAnalysis, callers: StartupCallers | undefined) =>
      new StartupPaths(file.sourceFile, file.asyncContext, m, callers, false, false, "all", !!file.inCommandLineOnlyPackage, false, true);
    if (!fa.project) return paths(fa, undefined);
    const callers = new StartupCallers(
      fa.project,
      fa,
      (file, shared) => paths(file, shared),
      fileName => isTestFile({ fileName, packageDir: fa.packageDir }),
    );
    return callers.pathsOf(fa.fileName)!;
  }
}

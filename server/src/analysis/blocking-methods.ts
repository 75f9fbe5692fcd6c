// Which member calls (`ctx.error(e)`, `store.save()`) are worth following into the project's
// own methods. Asking the checker for the symbol of every member call would make it compute
// every receiver's type (too slow per keystroke on large typed code), so only calls of a method
// NAME that some project file declares next to a blocking call are asked about: the files that
// import a blocking module (fs, child_process, zlib, crypto, node:sqlite, a configured driver's
// package) and call a `...Sync(` function or `Atomics.wait`, and the methods they declare. The symbol then decides, as for any call. This finds a method that
// blocks itself or through other code of its own file (`this.#format()` → `readFileSync`); a
// method whose blocking call sits in yet another file is not found through a member call.
import type { ProjectFiles } from "./project-files";

const keywords = new Set([
  "if",
  "for",
  "while",
  "switch",
  "catch",
  "function",
  "return",
  "with",
  "constructor",
  "super",
  "typeof",
  "await",
  "new",
  "do",
  "else",
]);

/** `name(...) {`, `async name(...) {`, `name: function (`, `name = (...) =>`, `get name() {`. */
const methodDeclarations = [
  // Bounded repetitions, and names that start where an identifier starts: these run over every
  // project file, generated one-line files of 100 KB included, and must stay linear there.
  /^[ \t]*(?:(?:public|private|protected|static|async|override|readonly|get|set)\s{1,20}){0,6}\*?\s{0,20}([A-Za-z_$][\w$]{0,80})\s{0,20}(?:<[^>\n]{0,200}>)?\s{0,20}\([^)]{0,400}\)\s{0,20}(?::[^{\n]{0,200})?\{/gm,
  /(?<![\w$])([A-Za-z_$][\w$]{0,80})\s{0,20}[:=]\s{0,20}(?:async\s{1,20})?(?:function\b|\([^)]{0,400}\)\s{0,20}(?::[^=\n]{0,200})?=>|[A-Za-z_$][\w$]{0,80}\s{0,20}=>)/g,
];

/** Per file, kept while its text is the same (the editor asks again after every edit of any file). */
const perText = new Map<string, { text: string; pattern: string; names: string[] }>();

/** Method names declared in `text` when it mentions a blocking API (a superset: only a symbol lookup follows from it). */
function declaredNames(fileName: string, text: string, mentionsBlocking: { source: string; test(text: string): boolean }): string[] {
  const known = perText.get(fileName);
  if (known && known.text === text && known.pattern === mentionsBlocking.source) return known.names;
  const names = new Set<string>();
  if (mentionsBlocking.test(text)) {
    for (const pattern of methodDeclarations) {
      for (const m of text.matchAll(pattern)) if (!keywords.has(m[1]!)) names.add(m[1]!);
    }
  }
  const list = [...names];
  perText.set(fileName, { text, pattern: mentionsBlocking.source, names: list });
  return list;
}

/** What `blockingMethodNames` asks the project for, by its extra packages: made once, not per linted file. */
const questions = new Map<
  string,
  { key: string; part: (fileName: string, text: string) => string[]; combine: (parts: Iterable<string[]>) => ReadonlySet<string> }
>();

/** Names of methods declared in the project files that mention a blocking API (see the file comment). */
export function blockingMethodNames(project: ProjectFiles, extraPackages: readonly string[]): ReadonlySet<string> {
  const packages = extraPackages.join(",");
  let question = questions.get(packages);
  if (!question) {
    // A file that imports a blocking module and calls something `...Sync(`, or calls Atomics.wait, or
    // imports a configured driver's package. (Naming alone is not enough: some libraries name async
    // functions `...Sync`.)
    const escape = (p: string) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const importsBlocking = new RegExp(String.raw`(['"\`])(node:)?(fs|child_process|zlib|crypto|sqlite)\1`);
    const importsDriver = extraPackages.length ? new RegExp(String.raw`(['"\`])(${extraPackages.map(escape).join("|")})\1`) : undefined;
    const mentionsBlocking = {
      source: `blocking:${packages}`,
      test: (text: string) => /\bAtomics\.wait\b/.test(text) || (importsBlocking.test(text) && /\wSync\s*\(/.test(text)) || !!importsDriver?.test(text),
    };
    question = {
      key: `blocking-method-names:${packages}`,
      part: (fileName, text) => declaredNames(fileName, text, mentionsBlocking),
      combine: parts => {
        const names = new Set<string>();
        for (const part of parts) for (const n of part) names.add(n);
        return names;
      },
    };
    questions.set(packages, question);
  }
  return project.derived(question.key, question.part, question.combine);
}

// What a file is, judged from its path and imports: tests (runners bound their time, data is
// fixtures) and browser code (browsers bound connections per host; the rules are about Node).
import { basename, dirname, join, relative, resolve } from "node:path";
import type { FileAnalysis } from "../rules/rule";
import { SyntaxKind, type Node, type SourceFile } from "./typescript";
import { isFunctionLike } from "./async-context";
import { textOf } from "./syntax";
import { textMatchesCarried } from "./carried-text-test";
import { builtSourceOf, withoutExtension } from "./module-paths";
import { builtinModules } from "node:module";
import { DeclaredDependencies } from "./package-dependencies";

/** `*.test.ts`, `*.spec.js`, `__tests__/`, `test/` or `tests/` inside the package, test doubles (`fake-store.ts`). */
export function isTestFile(fa: Pick<FileAnalysis, "fileName" | "packageDir">): boolean {
  const { fileName } = fa;
  if (/\.(test|spec|e2e|bench|stories)\.[cm]?[jt]sx?$/.test(fileName) || /(^|\/)(__tests__|__mocks__|__fixtures__)\//.test(fileName)) return true;
  if (/(^|\/)(fake|mock|stub)[-_.][^/]*$|[-_.](fake|mock|stub)s?\.[cm]?[jt]sx?$/i.test(fileName)) return true;
  // Test folders count only inside the package (a checkout under /home/me/tests/ is not a test).
  const inPackage = pathInPackage(fa);
  return !!inPackage && !inPackage.startsWith("..") && /(^|\/)(test|tests|spec|e2e|fixtures|__fixtures__|testing|test-utils)\//.test(inPackage);
}

/**
 * The file's path from its package's folder (`relative`, which is slow enough to count: rules
 * ask it of every file, some several times), or undefined outside a package.
 */
function pathInPackage(fa: Pick<FileAnalysis, "fileName" | "packageDir">): string | undefined {
  if (!fa.packageDir) return undefined;
  const key = `${fa.packageDir}\0${fa.fileName}`;
  let path = pathsInPackage.get(key);
  if (path === undefined) {
    if (pathsInPackage.size >= 10_000) pathsInPackage.clear();
    path = relative(fa.packageDir, fa.fileName);
    pathsInPackage.set(key, path);
  }
  return path;
}

const pathsInPackage = new Map<string, string>();

/**
 * A backup copy of a source file kept beside it (`index.backup.ts`, `client.bak.js`, `app.orig.ts`,
 * `server.old.js`, `request_old.js`, `client-backup.ts`): not the program, whatever it calls
 * (session 13: an SDK's stale `index.backup.ts`, which no module imports, 2 false missing-timeout
 * findings; session 21: a directive's `_old.js` copy that nothing requires, 1).
 */
export function isBackupCopy(fileName: string): boolean {
  return /[._-](backup|bak|orig|old)\.[cm]?[jt]sx?$/i.test(fileName);
}

const browserModules =
  /^(react|react-dom|preact|vue|svelte|solid-js|@angular\/|prosemirror-|@tiptap\/|mobx-react|@emotion\/|styled-components|@remix-run\/react|next\/(router|navigation|link|image|head))/;

/** UI components and Svelte's rune modules (`./Button.svelte`, `./state.svelte.js`): a file that imports them is UI code. */
const componentModule = /\.(svelte|vue)(\.[cm]?[jt]s)?$/;

/** Bundler asset imports (`./app.wasm?url`, `./shader.glsl?raw`, `./w.js?worker`): Node cannot load these specifiers, a client bundler can. */
const bundlerAssetImport = /\?(url|raw|worker|sharedworker|inline)$/;

/** A build for browsers by its file name (`index.browser.js`, `binding.wasi-browser.js`), not `Browser.ts` or `browser-launcher.js`. */
const browserBuildFile = /[.-]browser\.[cm]?[jt]sx?$/;

/** Code that runs in a browser: imports a UI framework or editor, or touches browser-only globals. */
export function isBrowserFile(fa: FileAnalysis): boolean {
  return isBrowserBuildOrUi(fa) || usesBrowserGlobals(fa.sourceFile);
}

/**
 * A helper module that only browser code imports: at least one browser file (see `isBrowserFile`,
 * or a browser entry: `isBrowserEntry`) imports it by a relative path, and every other file whose
 * text names the module (its file name without the extension) is browser code too. The module is
 * bundled for the page, not run by Node. Not the package's entry (its users import it), nor an
 * `index` (imported by its folder).
 */
export function importedOnlyByBrowser(fa: Pick<FileAnalysis, "fileName" | "isPackageEntry" | "project">): boolean {
  if (fa.isPackageEntry || !fa.project) return false;
  const stripped = withoutExtension(fa.fileName);
  const word = basename(stripped);
  if (word === "index" || !/^[\w$.-]+$/.test(word)) return false;
  let importers = 0;
  for (const file of fa.project.filesMentioning(word)) {
    if (file === fa.fileName) continue;
    const other = fa.project.analysisOf(file);
    if (!other || !(isBrowserFile(other) || isBrowserEntry(other))) return false;
    if (importsModule(other, stripped)) importers++;
  }
  return importers > 0;
}

/**
 * The module a package gives browsers in place of Node's, by its package.json (browser-entries.ts:
 * `".": { "node": "./lib/index.js", "browser": "./lib/browser.js" }`), or its source under `src/`
 * for a path into built output (`lib/browser.js` → `src/browser.ts`), or, in such a package, the
 * `index` of a `browser` folder beside a `node` one (`isBrowserPlatformIndex`). A bundler builds it
 * for a page; Node loads the other module. Not when a module that is not browser code imports it (Node's
 * entry re-exporting the browser one, `export * from "./browser.js"`, and adding its own): it runs
 * in Node too.
 */
export function isBrowserEntry(fa: Pick<FileAnalysis, "fileName" | "packageDir" | "browserEntries" | "project">): boolean {
  if (!fa.browserEntries?.length || !fa.packageDir || !fa.project) return false;
  const stripped = withoutExtension(fa.fileName);
  if (!fa.browserEntries.some(e => e === stripped || builtSourceOf(e, fa.packageDir!) === stripped) && !isBrowserPlatformIndex(fa.project, stripped))
    return false;
  const name = basename(stripped);
  const word = name === "index" ? basename(dirname(stripped)) : name;
  if (!/^[\w$.-]+$/.test(word)) return false;
  for (const file of fa.project.filesMentioning(word)) {
    if (file === fa.fileName) continue;
    const other = fa.project.analysisOf(file);
    if (!other || (importsModule(other, stripped) && !isBrowserFile(other))) return false;
  }
  return true;
}

/**
 * The `index` of a `browser` folder beside a `node` folder with an `index` of its own, in a package
 * that declares a browser build (`browserEntries`): the platform split of an isomorphic package
 * (`src/browser/index.ts` connects the page's platform, `src/node/index.ts` Node's), whose browser
 * entry the package.json names only by its built file (`"browser": "dist/index.es.js"`, no source
 * path to map it to). The caller still checks that no module other than browser code imports it.
 */
function isBrowserPlatformIndex(project: NonNullable<FileAnalysis["project"]>, stripped: string): boolean {
  if (basename(stripped) !== "index" || basename(dirname(stripped)) !== "browser") return false;
  const modules = project.derived(
    "file-kinds:modules",
    fileName => withoutExtension(fileName),
    parts => new Set(parts),
  );
  return modules.has(join(dirname(dirname(stripped)), "node", "index"));
}

/** The file imports or re-exports the module (a file name without its extension) by a relative path, or its folder for an `index`. */
function importsModule(fa: Pick<FileAnalysis, "fileName" | "bindings" | "sourceFile">, stripped: string): boolean {
  const dir = dirname(fa.fileName);
  const names = (spec: string) => {
    if (!spec.startsWith(".")) return false;
    const resolved = withoutExtension(resolve(dir, spec));
    return resolved === stripped || `${resolved}/index` === stripped;
  };
  return fa.bindings.all.some(b => names(b.module)) || reExportedModules(fa.sourceFile).some(names);
}

/** The modules a file re-exports from (`export { PageFetcher } from "./PageFetcher.js"`, `export * from "./a"`): an entry's usual import. */
function reExportedModules(sourceFile: SourceFile): string[] {
  const specs: string[] = [];
  for (const statement of sourceFile.statements) {
    if (statement.kind !== SyntaxKind.ExportDeclaration) continue;
    const spec = (statement as unknown as { moduleSpecifier?: Node }).moduleSpecifier;
    if (spec?.kind === SyntaxKind.StringLiteral) specs.push((spec as unknown as { text: string }).text);
  }
  return specs;
}

const nodeBuiltins: ReadonlySet<string> = new Set(builtinModules);

/**
 * A module of a React Native package: its package.json needs `react-native` to run (in
 * `dependencies`, or a peer `peerDependenciesMeta` does not mark optional; not only in
 * `devDependencies`), names no `bin` (commands are Node's), and the module imports no Node
 * built-in (`fs`, `node:path`: a build script, an Expo config plugin). Such a package runs in an
 * app's JavaScript engine on a phone, where `react-native` resolves; Node cannot load it, and its
 * helpers that import nothing of React Native (`api/resolveShortLink.ts`, reached from a hook and
 * from a handler another React Native library calls) run there too (session 34, round 50).
 */
export function isReactNativeModule(fa: Pick<FileAnalysis, "dependencies" | "bindings">): boolean {
  const deps = fa.dependencies;
  if (!(deps instanceof DeclaredDependencies) || !deps.requiredAtRunTime("react-native") || deps.hasCommands) return false;
  return !fa.bindings.all.some(b => b.module.startsWith("node:") || nodeBuiltins.has(b.module));
}

/** The part of isBrowserFile that reads imports and the file name (not the text's globals). */
export function isBrowserBuildOrUi(fa: Pick<FileAnalysis, "bindings" | "fileName">): boolean {
  if (fa.bindings.all.some(b => browserModules.test(b.module) || componentModule.test(b.module) || bundlerAssetImport.test(b.module))) return true;
  return browserBuildFile.test(fa.fileName);
}

/** Asked by several rules per lint: the text is read once per syntax tree. */
const browserGlobalsOf = new WeakMap<object, boolean>();
/**
 * Every way of `browserGlobals` names one of these: a text without them is not read by the
 * expression. Carried over edits (words of at most 19 characters): after a keystroke only the
 * text near the edit is searched again (0.8-2 ms on a 4,700-line file otherwise).
 */
const browserWords = /window|navigator|localStorage|sessionStorage|document|URL\.createObjectURL|FileReader/;
const browserGlobals =
  /(?<![\w$.])(window|navigator|localStorage|sessionStorage)\s*\.\s*\w|(?<![\w$.])document\s*\.\s*(createElement|querySelector|getElementById|body|addEventListener)\b|URL\.createObjectURL|new\s+FileReader\b/;

function usesBrowserGlobals(sourceFile: { text: string; fileName: string }): boolean {
  let known = browserGlobalsOf.get(sourceFile);
  if (known === undefined) {
    const text = sourceFile.text;
    known = /^\s*["']use client["']/.test(text) || (textMatchesCarried(sourceFile.fileName, text, browserWords, 32) && browserGlobals.test(text));
    browserGlobalsOf.set(sourceFile, known);
  }
  return known;
}

const typeTestModules = new Set(["tsd", "tsd-lite", "expect-type", "@tsd/typescript"]);

/** Type tests (`*.test-d.ts`, `__tests_dts__/`, files importing tsd or expect-type): compiled to check types, never run. */
export function isTypeTestFile(fa: Pick<FileAnalysis, "fileName" | "bindings">): boolean {
  if (/\.test-d\.[cm]?[jt]sx?$/.test(fa.fileName) || /(^|\/)__tests?_dts__\//.test(fa.fileName)) return true;
  return fa.bindings.all.some(b => typeTestModules.has(b.module));
}

/**
 * Test fixtures and bundler runtime templates (below). Fixtures (`__fixtures__/`, or `fixtures/`
 * in a test folder, inside the package or above a fixture's own package): inputs that the tool
 * under test reads (a bundler, a compiler), not code the project runs.
 */
export function isBundlerFixture(fa: Pick<FileAnalysis, "fileName" | "packageDir"> & { sourceFile?: { text: string } }): boolean {
  if (fa.sourceFile && isRuntimeTemplate(fa.sourceFile.text)) return true;
  // `__fixtures__/`, `test-fixtures/`, or `fixtures/` under a test folder (a `src/db/fixtures/`
  // seed loader is code the project runs).
  const fixtureFolder = /(^|\/)(__fixtures__|test-fixtures)\/|(^|\/)(test|tests|__tests__|spec|e2e)\/(.*\/)?fixtures?\//;
  const inPackage = pathInPackage(fa);
  if (inPackage !== undefined && !inPackage.startsWith("..") && fixtureFolder.test(inPackage)) return true;
  // A fixture with its own package.json: the folders above the package say what it is.
  return !!fa.packageDir && fixtureFolder.test(`${fa.packageDir}/`);
}

/**
 * A runtime template that a bundler fills in and injects into its output: `$placeholder$`
 * identifiers (`$hmrDownloadManifest$`, `$moduleCache$`) stand for code generated later, so the
 * file is not run as written.
 */
export function isRuntimeTemplate(text: string): boolean {
  if (!text.includes("$")) return false;
  const placeholders = new Set(text.match(/(?<![\w$])\$[A-Za-z][A-Za-z0-9_]*\$(?![\w$])/g) ?? []);
  return placeholders.size >= 2;
}

/**
 * Code inside a function that the program turns into text (`fn.toString()`, `${fn}`,
 * `String(fn)`) to run somewhere else, typically a browser page: Node never runs it here.
 */
export function isSerializedFunction(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    // Asked for every call of a file (missing-timeout's forwarded options): each function around
    // them is judged once.
    let serialized = serializedFunctions.get(n);
    if (serialized === undefined) {
      serialized = isSerializedItself(n);
      serializedFunctions.set(n, serialized);
    }
    if (serialized) return true;
  }
  return false;
}

const serializedFunctions = new WeakMap<Node, boolean>();

/** Methods of browser automation libraries (Puppeteer, Playwright) whose function argument runs in the page. */
const pageFunctionMethods = new Set(["evaluate", "evaluateHandle", "evaluateOnNewDocument", "addInitScript", "$eval", "$$eval", "waitForFunction"]);
/** The browser automation packages whose pages have those methods. */
const browserAutomationPackages = [
  "puppeteer",
  "puppeteer-core",
  "playwright",
  "playwright-core",
  "@playwright/test",
  "playwright-chromium",
  "playwright-firefox",
  "playwright-webkit",
];

/**
 * Code inside a function written in place as the first argument of `x.evaluate(...)`,
 * `x.addInitScript(...)`, `x.$eval(selector, ...)` and the like, in a package that depends on a
 * browser automation library: the library serializes it and the browser page runs it, not Node.
 * `page.exposeFunction(name, fn)` is not among them (its function runs in Node), nor is a function
 * only named there (`page.evaluate(helper)`), nor a method of that name in a package without such a
 * library (an expression engine's `evaluate(fn)` runs `fn` in Node).
 */
export function isPageFunction(node: Node, dependencies: ReadonlySet<string> | undefined): boolean {
  if (!browserAutomationPackages.some(p => dependencies?.has(p))) return false;
  for (let n = node.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    let outer: Node = n;
    while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
    const call = outer.parent;
    if (call?.kind !== SyntaxKind.CallExpression) continue;
    const callee = (call as unknown as { expression: Node }).expression;
    if (callee.kind !== SyntaxKind.PropertyAccessExpression) continue;
    const method = textOf((callee as unknown as { name: Node }).name) ?? "";
    if (!pageFunctionMethods.has(method)) continue;
    const args = (call as unknown as { arguments: readonly Node[] }).arguments;
    if (args[method.endsWith("$eval") ? 1 : 0] === outer) return true;
  }
  return false;
}

/** This function (not one around it) is turned into text. */
function isSerializedItself(n: Node): boolean {
  let outer: Node = n;
  while (outer.parent?.kind === SyntaxKind.ParenthesizedExpression) outer = outer.parent;
  const parent = outer.parent;
  if (parent?.kind === SyntaxKind.PropertyAccessExpression && textOf((parent as unknown as { name: Node }).name) === "toString") return true;
  if (
    parent?.kind === SyntaxKind.TemplateSpan ||
    (parent?.kind === SyntaxKind.CallExpression && textOf((parent as unknown as { expression: Node }).expression) === "String")
  )
    return true;
  const nameNode =
    (n as unknown as { name?: Node }).name ?? (parent?.kind === SyntaxKind.VariableDeclaration ? (parent as unknown as { name: Node }).name : undefined);
  const name = textOf(nameNode);
  if (!name) return false;
  return serializedNames(n.getSourceFile()).has(name);
}

/**
 * Names the text turns into source (`name.toString(`, `${name}`, `String(name)`), found in one
 * scan per syntax tree: a search per function would read a big file once per function. Each
 * form is searched from its literal part (`${`, `String(`, `toString`): one expression that
 * tried every identifier of a 4,700-line file took 4 ms a keystroke. No match of one form can
 * contain or hide a match of another, so the names are those the single expression found.
 */
const serializedOf = new WeakMap<object, Set<string>>();
const id = "[A-Za-z_$][\\w$]*";
const templateForm = new RegExp(`\\$\\{\\s*(${id})\\s*\\}`, "g");
const stringForm = new RegExp(`(?<![\\w$.])String\\s*\\(\\s*(${id})\\s*\\)`, "g");
export function serializedNames(sourceFile: { text: string }): Set<string> {
  let names = serializedOf.get(sourceFile);
  if (names) return names;
  names = new Set<string>();
  const text = sourceFile.text;
  for (const pattern of [templateForm, stringForm]) for (const m of text.matchAll(pattern)) names.add(m[1]!);
  for (const name of toStringReceivers(text)) names.add(name);
  serializedOf.set(sourceFile, names);
  return names;
}

const whitespace = /\s/;
const identifierPart = /[\w$]/;
const identifierStart = /[A-Za-z_$]/;

/**
 * The identifiers `(?<![\w$.])([A-Za-z_$][\w$]*)\s*\.\s*toString\s*\(` captures, found from each
 * `toString` backwards: the whole identifier before the dot, not itself after a dot.
 */
function* toStringReceivers(text: string): Iterable<string> {
  for (let at = text.indexOf("toString"); at >= 0; at = text.indexOf("toString", at + 8)) {
    let after = at + 8;
    while (after < text.length && whitespace.test(text[after]!)) after++;
    if (text[after] !== "(") continue;
    let i = at - 1;
    while (i >= 0 && whitespace.test(text[i]!)) i--;
    if (text[i] !== ".") continue;
    i--;
    while (i >= 0 && whitespace.test(text[i]!)) i--;
    const end = i + 1;
    while (i >= 0 && identifierPart.test(text[i]!)) i--;
    const start = i + 1;
    if (start === end || !identifierStart.test(text[start]!) || (i >= 0 && text[i] === ".")) continue;
    yield text.slice(start, end);
  }
}

// What a child process's command, as written in the code, says about waiting. Child processes that end on their own. A child can wait forever when it talks to the network or
// waits for input (a registry, a remote, a prompt, a lock held by another process); a command that
// only asks a program for its version, signals a process, or reads the local git repository does
// neither. Only commands written in the code are judged: a command that is data (a variable, a
// user's setting) could be anything, and stays reported.
import { SyntaxKind, type CallExpression, type Node } from "../../analysis/typescript";
import { callArguments, skipOuterExpressions } from "../../analysis/syntax";
import { installedProgramWords } from "./installed-programs";

/** Arguments that only ask a program to describe itself (`snapcraft --version`). Short flags vary by program (`-v` is verbose for curl, `-h` human-readable for df). */
const probeArguments = new Set(["--version", "--help"]);

/** Programs that send a signal to a process and return (`kill -TERM 42`, `taskkill /pid 42 /T /F`). */
const signalPrograms = new Set(["kill", "taskkill", "pkill"]);

/** git plumbing that reads the local repository and never contacts a remote. */
const gitLocalReads = new Set([
  "rev-parse",
  "rev-list",
  "ls-files",
  "cat-file",
  "symbolic-ref",
  "merge-base",
  "hash-object",
  "show-ref",
  "for-each-ref",
  "write-tree",
]);

/**
 * The words of a command written in the code, as far as they are literal: a string, or a
 * template's text up to its first substitution (only whole words: `kill -${sig}` gives `kill`).
 * Undefined when the command is data, or chains or redirects other commands (`a && b`, `a | b`).
 */
function literalWords(command: Node | undefined): string[] | undefined {
  if (!command) return undefined;
  const c = skipOuterExpressions(command);
  let text: string;
  if (c.kind === SyntaxKind.StringLiteral || c.kind === SyntaxKind.NoSubstitutionTemplateLiteral) text = (c as unknown as { text: string }).text;
  else {
    const head = literalHead(c);
    const lastSpace = head ? head.lastIndexOf(" ") : -1;
    if (lastSpace < 0) return undefined;
    text = head!.slice(0, lastSpace);
  }
  if (/[;&|<>`]|\$\(/.test(text)) return undefined;
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length ? words : undefined;
}

/** The literal text a command starts with: a template's head, or the leftmost string of `"kill " + pid`. */
function literalHead(node: Node): string | undefined {
  if (node.kind === SyntaxKind.TemplateExpression) return (node as unknown as { head: { text: string } }).head.text;
  if (node.kind === SyntaxKind.StringLiteral || node.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return (node as unknown as { text: string }).text;
  if (node.kind === SyntaxKind.BinaryExpression && (node as unknown as { operatorToken: Node }).operatorToken.kind === SyntaxKind.PlusToken) {
    return literalHead(skipOuterExpressions((node as unknown as { left: Node }).left));
  }
  return undefined;
}

function programName(word: string): string {
  return word
    .replace(/^.*[\\/]/, "")
    .replace(/\.(exe|cmd|bat)$/i, "")
    .toLowerCase();
}

/** `exec("git rev-parse HEAD")`, `execFile("node", ["--version"])`: a command that cannot hang in practice. */
export function endsOnItsOwn(call: CallExpression, api: "exec" | "execFile"): boolean {
  const args = callArguments(call);
  let words = literalWords(args[0]);
  if (!words) return false;
  if (api === "execFile") {
    if (words.length !== 1) return false;
    const list = args[1] ? skipOuterExpressions(args[1]) : undefined;
    if (list && list.kind === SyntaxKind.ArrayLiteralExpression) {
      const elements = (list as unknown as { elements: readonly Node[] }).elements;
      const literal = elements.map(e => literalWords(e));
      // Only the leading literal arguments count; a non-literal one ends what we know.
      const known: string[] = [];
      for (const w of literal) {
        if (!w || w.length !== 1) break;
        known.push(w[0]!);
      }
      if (known.length === 0 && elements.length > 0) return false;
      words = [...words, ...known];
      if (known.length < elements.length && !isClassifiedByPrefix(words)) return false;
    }
  }
  const program = programName(words[0]!);
  if (signalPrograms.has(program)) return true;
  const rest = words.slice(1);
  if (rest.length > 0 && rest.every(w => probeArguments.has(w))) return true;
  return program === "git" && gitLocalReads.has(rest.find(w => !w.startsWith("-")) ?? "");
}

/** Commands whose first words decide, whatever follows (a pid, a ref). */
function isClassifiedByPrefix(words: readonly string[]): boolean {
  const program = programName(words[0]!);
  return signalPrograms.has(program) || (program === "git" && words.length >= 2 && gitLocalReads.has(words[1]!));
}

/** Package managers: their network subcommands (and `yarn` alone, which installs). */
const packageManagers = new Set([
  "npm",
  "yarn",
  "pnpm",
  "bun",
  "pip",
  "pip3",
  "gem",
  "cargo",
  "composer",
  "brew",
  "apt",
  "apt-get",
  "yum",
  "dnf",
  "apk",
  "snap",
  "choco",
  "winget",
  "go",
]);
const packageNetworkSubcommands = new Set([
  "install",
  "i",
  "add",
  "ci",
  "update",
  "upgrade",
  "up",
  "publish",
  "unpublish",
  "view",
  "show",
  "info",
  "outdated",
  "audit",
  "download",
  "fetch",
  "get",
  "pull",
  "search",
  "dist-tag",
  "dlx",
  "exec",
  "create",
  "init",
  "login",
  "whoami",
  "refresh",
  "mod",
]);
/** Programs whose job is talking to another machine. */
const networkPrograms = new Set(["curl", "wget", "ssh", "scp", "sftp", "rsync", "ftp", "nc", "telnet", "npx", "gh", "aws", "gcloud", "az", "kubectl", "helm"]);
const gitNetworkSubcommands = new Set(["clone", "fetch", "pull", "push", "ls-remote", "submodule"]);
const containerNetworkSubcommands = new Set(["pull", "push", "login", "search"]);
/** Any tool's account questions go to its service (`snapcraft whoami`, `vercel login`). */
const accountSubcommands = new Set(["whoami", "login"]);
/**
 * What a network program does on this machine only: reads or writes its own configuration
 * (`gh config set`, `kubectl config use-context`, `gcloud config get-value`, `aws configure get`),
 * or installs its credential helper into git's (`gh auth setup-git`). No remote is asked (round 25).
 */
const localConfigurationSubcommands: ReadonlyMap<string, readonly (readonly string[])[]> = new Map([
  ["gh", [["config"], ["auth", "setup-git"]]],
  ["gcloud", [["config"]]],
  ["kubectl", [["config"]]],
  ["az", [["config"]]],
  [
    "aws",
    [
      ["configure", "get"],
      ["configure", "set"],
      ["configure", "list"],
    ],
  ],
]);

/** `gh auth setup-git ...`: the program's words (flags left out) start with one of its local configuration subcommands. */
function configuresLocally(program: string, words: readonly string[]): boolean {
  const paths = localConfigurationSubcommands.get(program);
  if (!paths) return false;
  const subs = words.slice(1).filter(w => !w.startsWith("-"));
  return paths.some(path => path.length <= subs.length && path.every((w, i) => subs[i] === w));
}

/**
 * The command written in the code talks to the network (an install, `git fetch`, `curl`) or to an
 * account service: positive evidence that the child can wait on a remote that never answers.
 */
export function reachesNetwork(call: CallExpression, api: "exec" | "execFile", dependencies?: ReadonlySet<string>): boolean {
  const command = commandWords(call, api);
  return !!command && wordsReachNetwork(command.words, command.whole, dependencies);
}

/**
 * A command written whole as one string (`"whoami"`, not a template with substitutions, no
 * chained commands) that shows no sign of the network: for a wrapper's caller that writes the
 * command its wrapper hands to `exec`.
 */
export function isLocalCommandText(command: Node | undefined, dependencies?: ReadonlySet<string>): boolean {
  const c = command ? skipOuterExpressions(command) : undefined;
  if (!c || (c.kind !== SyntaxKind.StringLiteral && c.kind !== SyntaxKind.NoSubstitutionTemplateLiteral)) return false;
  const words = literalWords(c);
  return !!words && !wordsReachNetwork(words, true, dependencies);
}

/**
 * `npm init -y`, `yarn init --yes`: the package manager's own (legacy) init with no initializer,
 * told not to ask: it writes a default package.json in the folder and ends, without the registry
 * (npm's docs: "If the initializer is omitted (by just calling npm init), init will fall back to
 * legacy init behavior ... Generate it without having it ask any questions: npm init -y"; yarn's:
 * "all it is doing is creating this file"). Only the whole command, written in the code: a word
 * that is not one of these flags may be an initializer (`npm init vite -y` runs `npx create-vite`),
 * a workspace (`-w dir`, whose init installs), or yarn's `-2`/`--install` (which fetch a release);
 * without `-y` the questions wait on stdin, which exec leaves open.
 */
function initializesLocally(program: string, words: readonly string[]): boolean {
  if ((program !== "npm" && program !== "yarn") || words[1] !== "init") return false;
  const flags = words.slice(2);
  return flags.some(w => w === "-y" || w === "--yes") && flags.every(w => localInitFlags.has(w) || /^--scope=@[\w.-]+$/.test(w));
}

/** Flags of `npm init` / `yarn init` that neither choose an initializer nor reach the network. */
const localInitFlags: ReadonlySet<string> = new Set(["-y", "--yes", "-f", "--force", "-p", "--private"]);

/**
 * `whole`: `words` are the whole command (nothing follows that the code computes). `dependencies`:
 * the package's, for `npx` running a program installed with it (round 52, installed-programs.ts).
 */
function wordsReachNetwork(words: readonly string[], whole: boolean, dependencies?: ReadonlySet<string>): boolean {
  const program = programName(words[0]!);
  const installed = program === "npx" ? installedProgramWords(words, dependencies) : undefined;
  if (installed) return wordsReachNetwork(installed, whole, dependencies);
  const sub = words.slice(1).find(w => !w.startsWith("-"));
  if (networkPrograms.has(program)) return !configuresLocally(program, words);
  if (sub && accountSubcommands.has(sub)) return true;
  if (packageManagers.has(program)) return !!sub && packageNetworkSubcommands.has(sub) && !(whole && initializesLocally(program, words));
  if (program === "git") return !!sub && gitNetworkSubcommands.has(sub);
  if (program === "docker" || program === "podman") return !!sub && containerNetworkSubcommands.has(sub);
  return false;
}

/**
 * The literal words of an exec command, or of execFile's file and its leading literal arguments;
 * `whole` when they are the whole command (a string, a list of strings), not its first words.
 */
function commandWords(call: CallExpression, api: "exec" | "execFile"): { words: string[]; whole: boolean } | undefined {
  const args = callArguments(call);
  if (api === "execFile") return fileCommandWords(args[0], args[1]);
  const words = literalWords(args[0]);
  return words && { words, whole: isStringLiteral(args[0]) };
}

/** A string written whole: no substitution, no concatenation. */
function isStringLiteral(node: Node | undefined): boolean {
  const c = node && skipOuterExpressions(node);
  return !!c && (c.kind === SyntaxKind.StringLiteral || c.kind === SyntaxKind.NoSubstitutionTemplateLiteral);
}

/** execFile's file, as one literal word, and the leading literal words of its argument list (`whole`: every element is one). */
function fileCommandWords(file: Node | undefined, argumentList: Node | undefined): { words: string[]; whole: boolean } | undefined {
  const words = literalWords(file);
  if (!words || words.length !== 1) return undefined;
  const list = argumentList ? skipOuterExpressions(argumentList) : undefined;
  if (!list || list.kind !== SyntaxKind.ArrayLiteralExpression) return { words, whole: false };
  const known: string[] = [];
  const elements = (list as unknown as { elements: readonly Node[] }).elements;
  for (const element of elements) {
    const w = literalWords(element);
    if (!w || w.length !== 1) break;
    known.push(w[0]!);
  }
  return { words: [...words, ...known], whole: known.length === elements.length && [file, ...elements].every(isStringLiteral) };
}

/**
 * A wrapper of `execFile` whose caller writes the file and the argument list
 * (`run("git", ["checkout", branch], opts)`): judged like the same words written at `execFile`.
 * The list must be written here, so that its first word (git's subcommand) is known.
 */
export function isLocalFileCommand(file: Node | undefined, argumentList: Node | undefined, dependencies?: ReadonlySet<string>): boolean {
  const list = argumentList ? skipOuterExpressions(argumentList) : undefined;
  if (!list || list.kind !== SyntaxKind.ArrayLiteralExpression) return false;
  const command = fileCommandWords(file, list);
  return !!command && command.words.length >= 2 && !wordsReachNetwork(command.words, command.whole, dependencies);
}

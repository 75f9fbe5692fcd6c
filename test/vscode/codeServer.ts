// A real VS Code for tests: code-server (VS Code 1.100.3 with a Node extension host, installed
// offline by ../shared/tools/vscode-web/setup.sh) driven through Debian's Chromium with
// playwright-core. Every write stays in one run folder; every process started here is killed.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const chromiumPath = "/usr/bin/chromium";

/** Why the code-server test cannot run here, or undefined when it can. */
export function codeServerSkipReason(): string | undefined {
  const entry = process.env.LOOPSCOPE_CODE_SERVER_ENTRY;
  const enable =
    "run `bash ../shared/tools/vscode-web/setup.sh ~/.cache/loopscope-vscode-web` and set LOOPSCOPE_CODE_SERVER_ENTRY to the entry.js path it prints last (.ci/run does both)";
  if (!entry) return `LOOPSCOPE_CODE_SERVER_ENTRY is not set: ${enable}`;
  if (!existsSync(entry)) return `LOOPSCOPE_CODE_SERVER_ENTRY=${entry} does not exist: ${enable}`;
  if (!existsSync(chromiumPath)) return `${chromiumPath} is missing: apt-get install chromium`;
  return undefined;
}

/**
 * Packages the extension (from the current dist/) into `out` with the project's own script.
 * Packaging takes 10-20 s and six test files need a .vsix: the first to ask packages it into
 * test/.tmp/vsix/<hash of everything the package is made of>.vsix and the others copy that file
 * (written under a temporary name and renamed, so a concurrent test file never reads half a zip).
 */
export function packageVsix(out: string): void {
  for (const bundle of ["dist/server.mjs", "dist/client/extension.cjs"]) {
    if (!existsSync(join(repoRoot, bundle))) {
      const build = spawnSync(process.execPath, [join(repoRoot, "scripts/build.mjs")], { cwd: repoRoot, encoding: "utf8" });
      if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
      break;
    }
  }
  const cacheDir = join(repoRoot, "test/.tmp/vsix");
  const cached = join(cacheDir, `${packageInputsHash()}.vsix`);
  if (!existsSync(cached)) {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}.partial`;
    const result = spawnSync(process.execPath, [join(repoRoot, "scripts/package.mjs"), "--out", partial], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (result.status !== 0 || !existsSync(partial)) throw new Error(`npm run package failed:\n${result.stdout}${result.stderr}`);
    renameSync(partial, cached);
    // Packages of earlier builds (an hour old: a concurrent run of another build may still copy its own).
    for (const name of readdirSync(cacheDir)) {
      const file = join(cacheDir, name);
      if (file !== cached && Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true });
    }
  }
  copyFileSync(cached, out);
}

/** What a .vsix is made of: the packaging scripts, the manifest and docs it ships, dist/, and the compiler's version. */
function packageInputsHash(): string {
  const hash = createHash("sha256");
  const add = (path: string) => {
    const full = join(repoRoot, path);
    if (!existsSync(full)) return void hash.update(`${path}: absent\n`);
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) add(join(path, name));
      return;
    }
    hash.update(`${path}\n`);
    hash.update(readFileSync(full));
  };
  for (const path of [
    "scripts/package.mjs",
    "scripts/packaging",
    "package.json",
    ".vscodeignore",
    "README.md",
    "README.extension.md",
    "CHANGELOG.md",
    "LICENSE",
    "loopscope.config.schema.json",
    "docs",
    "dist",
    "node_modules/typescript/package.json",
  ])
    add(path);
  return hash.digest("hex").slice(0, 16);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  entry: string;
  /** Everything code-server and Chromium write goes below this folder. */
  runDir: string;
  folder: string;
  vsix: string;
  userSettings: Record<string, unknown>;
  /** Keep Workspace Trust on (the folder then opens in Restricted Mode unless trusted). */
  workspaceTrust: boolean;
}

export class CodeServer {
  readonly output: string[] = [];
  private browser: Browser | undefined;

  private constructor(
    readonly process: ChildProcess,
    readonly url: string,
    private readonly options: CodeServerOptions,
  ) {}

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const { entry, runDir } = options;
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: join(runDir, "xdg/config"),
      XDG_DATA_HOME: join(runDir, "xdg/data"),
      XDG_CACHE_HOME: join(runDir, "xdg/cache"),
    };
    const common = ["--config", join(runDir, "config.yaml"), "--user-data-dir", join(runDir, "ud"), "--extensions-dir", join(runDir, "exts")];
    const install = spawnSync(process.execPath, [entry, ...common, "--install-extension", options.vsix], { env, encoding: "utf8", timeout: 120_000 });
    if (install.status !== 0 || !/successfully installed/.test(install.stdout))
      throw new Error(`installing ${options.vsix} failed:\n${install.stdout}${install.stderr}`);
    mkdirSync(join(runDir, "ud/User"), { recursive: true });
    writeFileSync(join(runDir, "ud/User/settings.json"), JSON.stringify(options.userSettings, null, 2));

    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        entry,
        ...common,
        "--bind-addr",
        `127.0.0.1:${port}`,
        "--auth",
        "none",
        "--disable-telemetry",
        "--disable-update-check",
        ...(options.workspaceTrust ? [] : ["--disable-workspace-trust"]),
        options.folder,
      ],
      { env, stdio: ["ignore", "pipe", "pipe"], detached: true },
    ); // own process group: stop() ends the extension host and language server too
    const server = new CodeServer(child, `http://127.0.0.1:${port}`, options);
    child.stdout!.on("data", chunk => server.output.push(String(chunk)));
    child.stderr!.on("data", chunk => server.output.push(String(chunk)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${server.output.join("")}`);
      try {
        if ((await fetch(`${server.url}/healthz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`code-server did not answer /healthz in 60 s:\n${server.output.join("")}`);
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    return server;
  }

  /** A fresh headless Chromium page showing the workbench with the folder open. */
  async openWorkbench(): Promise<Page> {
    this.browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      env: {
        ...process.env,
        HOME: join(this.options.runDir, "chromium-home"),
        XDG_CONFIG_HOME: join(this.options.runDir, "xdg/config"),
        XDG_CACHE_HOME: join(this.options.runDir, "xdg/cache"),
      },
    });
    const page = await this.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${this.url}/?folder=${encodeURIComponent(this.options.folder)}`);
    await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
    return page;
  }

  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    const pid = this.process.pid;
    if (pid === undefined || this.process.exitCode !== null) return;
    const exited = new Promise<void>(resolve => this.process.once("exit", () => resolve()));
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      /* already gone */
    }
    const timeout = new Promise<boolean>(resolve => setTimeout(() => resolve(false), 5000));
    if ((await Promise.race([exited.then(() => true), timeout])) === false) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        /* already gone */
      }
      await exited;
    }
    // Children that outlived the main process (extension host, language server) are in its group.
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* none left */
    }
  }
}

// The timeline commands: run the current file or an npm script under the tracer (output in a
// terminal, events live in the panel), open a trace file, save the shown trace, stop the run; and
// the serializer that brings the panel back after a window reload.
import * as vscode from "vscode";
import { execFile } from "node:child_process";
import { copyFile, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { basename, dirname } from "node:path";
import { writeTraceFile } from "../../../tracer/src/recorder/write-trace";
import { formatSummary } from "../../../tracer/src/recorder/summary";
import { ensureTrusted } from "../trust";
import { LiveRun } from "./liveRun";
import { LiveView } from "./liveView";
import { LiveEventLog } from "./liveEventLog";
import { scriptChoices } from "./npmScripts";
import { findTsx, runTarget } from "./runTarget";
import { RunTerminal } from "./terminal";
import { TimelinePanel, timelineViewType, webviewOptions, type PanelHost } from "./panel";
import { TraceStore } from "./traceStore";

export const timelineCommands = {
  runFile: "loopscope.runFileWithTimeline",
  runScript: "loopscope.runScriptWithTimeline",
  openTrace: "loopscope.openTrace",
  saveTrace: "loopscope.saveTraceAs",
  stopRun: "loopscope.stopTimelineRun",
} as const;

const knownTracesKey = "loopscope.timeline.knownTraces";
const lastShownKey = "loopscope.timeline.lastShown";
const runningContextKey = "loopscope.timelineRunning";

interface Launch {
  command: string;
  args: string[];
  cwd: string;
  label: string;
}

/**
 * `traceShown`: a trace of a run is in the timeline now (a run's trace was written, or a trace
 * file was opened): the language server shows its runtime evidence in the editor.
 */
export function registerTimeline(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, traceShown: (path: string) => void = () => undefined): void {
  const storeDir = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, "traces").fsPath;
  const store = new TraceStore(storeDir, context.workspaceState.get<string[]>(knownTracesKey, []));
  const host: PanelHost = {
    extensionUri: context.extensionUri,
    store,
    log,
    remembered: () => void context.workspaceState.update(knownTracesKey, store.knownPaths()),
    lastShown: {
      get: () => context.workspaceState.get<string>(lastShownKey),
      set: path => {
        store.remember(path);
        void context.workspaceState.update(lastShownKey, path);
      },
    },
  };
  let active: { run: LiveRun; terminal: RunTerminal; label: string } | undefined;
  /** The last run's view: its events file stays while its page may still ask for them (until the next run, or the window closes). */
  let lastView: LiveView | undefined;
  context.subscriptions.push({ dispose: () => lastView?.dispose() });

  const setRunning = (running: boolean) => void vscode.commands.executeCommand("setContext", runningContextKey, running);

  async function launch(launch: Launch): Promise<void> {
    if (active?.run.running) {
      const stop = "Stop It and Run";
      const choice = await vscode.window.showWarningMessage(`Loopscope: ${active.label} is still running with the timeline.`, stop);
      if (choice !== stop) return;
      active.run.signal("SIGTERM");
      await active.run.done;
    }
    const settings = vscode.workspace.getConfiguration("loopscope.timeline");
    const blockThresholdMs = Math.max(1, settings.get<number>("blockThresholdMs", 50));
    const tracerPath = context.asAbsolutePath("dist/tracer.cjs");
    const panel = TimelinePanel.show(host);
    const tracePath = store.pathFor(launch.label);
    // The live view is named after the file its trace will be written to: the page keeps that name
    // in its saved state, so a window reload after the run brings this trace back.
    const shown = tracePath;
    let terminal: RunTerminal | undefined;
    let run: LiveRun;
    // The run's growing trace and model, shown in the panel as it grows; its events in a file, so
    // a run of hours does not grow the extension host's memory.
    let events: LiveEventLog;
    try {
      events = new LiveEventLog();
    } catch (error) {
      void vscode.window.showErrorMessage(`Loopscope: could not create the live run's events file: ${(error as Error).message}`);
      return;
    }
    lastView?.dispose();
    const view = new LiveView(shown, blockThresholdMs, undefined, undefined, events);
    lastView = view;
    try {
      run = await LiveRun.start({
        command: launch.command,
        args: launch.args,
        cwd: launch.cwd,
        tracerPath,
        blockThresholdMs,
        tracePath,
        onOutput: text => terminal?.write(text),
        onEvents: events => view.add(events),
        onDrops: drops => view.setDrops(drops.total, drops.byStream),
      });
    } catch (error) {
      view.dispose();
      void vscode.window.showErrorMessage(`Loopscope: could not start the recorder: ${(error as Error).message}`);
      return;
    }
    panel.showLive(view);
    terminal = new RunTerminal(`Loopscope: ${launch.label}`, {
      send: text => run.write(text),
      endInput: () => run.endInput(),
      interrupt: () => run.signal("SIGINT"),
      close: () => run.signal("SIGTERM"),
    });
    terminal.terminal.show(true);
    terminal.write(`\x1b[2m$ ${[launch.command, ...launch.args].join(" ")}   (traced by Loopscope, pid ${run.pid ?? "?"})\x1b[0m\n`);
    const current = { run, terminal, label: launch.label };
    active = current;
    setRunning(true);
    log.info(`timeline: running ${[launch.command, ...launch.args].join(" ")} in ${launch.cwd}`);

    const result = await run.done;
    if (active === current) {
      active = undefined;
      setRunning(false);
    }
    const meta = result.metadata;
    let written: string | undefined = result.written;
    if (result.writeError !== undefined) log.error(`timeline: could not write ${tracePath}: ${result.writeError}`);
    else if (!written && result.trace) {
      try {
        // Written synchronously on purpose: the run has ended and the panel shows this file next.
        writeTraceFile(tracePath, result.trace);
        written = tracePath;
      } catch (error) {
        log.error(`timeline: could not write ${tracePath}: ${(error as Error).message}`);
      }
    }
    if (written) {
      traceShown(written);
      store.remember(tracePath);
      // A synchronous listing is fine here: one folder of at most a few dozen traces, once per run.
      store.prune();
      host.remembered();
    }
    const ended = result.error ?? (result.signal ? `killed by ${result.signal}` : `exited with code ${result.exitCode}`);
    terminal.finish(
      `[Loopscope] ${launch.label} ${ended}. ${result.summary.blocks} block(s) over ${blockThresholdMs} ms.${written ? ` Trace: ${written}` : ""}`,
    );
    log.info(formatSummary(meta, result.summary, written, launch.cwd).trimEnd());
    view.end({ loopscope: result.metadata }, `${launch.label} ${ended}`);
    TimelinePanel.active?.endLive(view, written);
    // The written file replaces the run in the panel: its events file is no longer asked for.
    if (written) view.dispose();
    if (result.error) void vscode.window.showErrorMessage(`Loopscope: ${result.error}`);
  }

  async function runFile(uri?: vscode.Uri): Promise<void> {
    if (!ensureTrusted("Run Current File with Timeline")) return;
    const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage("Loopscope: open a JavaScript or TypeScript file to run it with the timeline.");
      return;
    }
    if (document.uri.scheme !== "file") {
      void vscode.window.showInformationMessage("Loopscope: save the file first; only files on disk can run.");
      return;
    }
    if (document.isDirty && !(await document.save())) return;
    const file = document.uri.fsPath;
    const node = nodeCommand();
    // Synchronous existence checks are fine here: a few, once per user command.
    const tsx = findTsx(file);
    const target = runTarget(file, node, /\.[mc]?ts$/i.test(file) && !tsx ? await nodeVersion(node) : undefined, tsx);
    if (!target.ok) {
      void vscode.window.showWarningMessage(`Loopscope: ${target.reason}`);
      return;
    }
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    await launch({ command: target.command, args: target.args, cwd: folder?.uri.fsPath ?? dirname(file), label: basename(file) });
  }

  async function runScript(uri?: vscode.Uri): Promise<void> {
    if (!ensureTrusted("Run npm Script with Timeline")) return;
    const manifests =
      uri instanceof vscode.Uri && basename(uri.fsPath) === "package.json"
        ? [uri]
        : // loopscope-ignore-next-line blocking-call-in-async -- once per user command: one existsSync per workspace folder
          (vscode.workspace.workspaceFolders ?? []).map(f => vscode.Uri.joinPath(f.uri, "package.json")).filter(u => existsSync(u.fsPath));
    const packages = [];
    for (const m of manifests) {
      try {
        packages.push({ dir: dirname(m.fsPath), label: vscode.workspace.asRelativePath(m), text: await readFile(m.fsPath, "utf8") });
      } catch {
        /* unreadable: no scripts from it */
      }
    }
    const choices = scriptChoices(packages);
    if (!choices.length) {
      void vscode.window.showInformationMessage("Loopscope: no npm scripts found in the workspace's package.json.");
      return;
    }
    const picked = await vscode.window.showQuickPick(
      choices.map(c => ({ label: c.name, description: c.command, detail: c.where, choice: c })),
      {
        title: "Run npm Script with Timeline",
        placeHolder: "The script runs with the Loopscope tracer; its output goes to a terminal",
      },
    );
    if (!picked) return;
    await launch({
      command: process.platform === "win32" ? "npm.cmd" : "npm",
      args: ["run", picked.choice.name],
      cwd: picked.choice.dir,
      label: `npm run ${picked.choice.name}`,
    });
  }

  async function openTrace(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      title: "Open Trace File",
      canSelectMany: false,
      openLabel: "Open Trace",
      filters: { "Trace files": ["json", "gz"], "All files": ["*"] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    const file = picked?.[0];
    if (!file) return;
    await TimelinePanel.show(host).showFile(file.fsPath);
    traceShown(file.fsPath);
  }

  async function saveTrace(): Promise<void> {
    const panel = TimelinePanel.active;
    const shown = panel?.showing;
    if (!shown || shown.kind === "none") {
      void vscode.window.showInformationMessage("Loopscope: there is no trace in the timeline to save.");
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = shown.kind === "file" ? basename(shown.path) : "loopscope-trace.json";
    const target = await vscode.window.showSaveDialog({
      title: "Save Trace As",
      saveLabel: "Save Trace",
      filters: { "Chrome trace (JSON)": ["json"] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return;
    try {
      if (shown.kind === "file") await copyFile(shown.path, target.fsPath);
      // Written synchronously on purpose: the user asked to save and waits for it; the trace is already in memory.
      else if (active) writeTraceFile(target.fsPath, active.run.snapshot());
      else throw new Error("the run is over and its trace was not written");
      store.remember(target.fsPath);
      host.remembered();
      void vscode.window.showInformationMessage(
        `Loopscope: trace saved to ${vscode.workspace.asRelativePath(target)} (Chrome Trace Event Format: opens in Perfetto and Chrome DevTools).`,
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`Loopscope: could not save the trace: ${(error as Error).message}`);
    }
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(timelineCommands.runFile, runFile),
    vscode.commands.registerCommand(timelineCommands.runScript, runScript),
    vscode.commands.registerCommand(timelineCommands.openTrace, openTrace),
    vscode.commands.registerCommand(timelineCommands.saveTrace, saveTrace),
    vscode.commands.registerCommand(timelineCommands.stopRun, () => {
      if (active?.run.running) active.run.signal("SIGTERM");
      else void vscode.window.showInformationMessage("Loopscope: no run in progress.");
    }),
    vscode.window.registerWebviewPanelSerializer(timelineViewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, _state: unknown) {
        // The page reads its own saved state and names the trace it showed in `ready`.
        panel.webview.options = webviewOptions(context.extensionUri);
        TimelinePanel.restore(panel, host);
      },
    }),
    {
      dispose: () => {
        if (active?.run.running) active.run.signal("SIGTERM");
      },
    },
  );
}

/** The `node` to run programs with: the setting, else the one on PATH. */
function nodeCommand(): string {
  return vscode.workspace.getConfiguration("loopscope.timeline").get<string>("nodePath")?.trim() || "node";
}

function nodeVersion(node: string): Promise<string | undefined> {
  return new Promise(resolve => {
    execFile(node, ["--version"], { timeout: 5000 }, (error, stdout) => resolve(error ? undefined : stdout.trim()));
  });
}

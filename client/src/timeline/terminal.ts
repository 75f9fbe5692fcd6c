// The terminal a run's output goes to: a Pseudoterminal fed from the program's pipes. Typing
// reaches the program's stdin line by line; Ctrl+C interrupts it; closing the terminal stops it.
import * as vscode from "vscode";
import { LineDiscipline, toTerminalText } from "./terminalText";

export interface RunTerminalHandlers {
  send(text: string): void;
  endInput(): void;
  interrupt(): void;
  close(): void;
}

export class RunTerminal implements vscode.Disposable {
  readonly terminal: vscode.Terminal;
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  private opened = false;
  private buffered: string[] = [];
  private finished = false;

  constructor(name: string, handlers: RunTerminalHandlers) {
    const discipline = new LineDiscipline();
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writeEmitter.event,
      onDidClose: this.closeEmitter.event,
      open: () => {
        this.opened = true;
        for (const text of this.buffered) this.writeEmitter.fire(text);
        this.buffered = [];
      },
      close: () => {
        if (!this.finished) handlers.close();
      },
      handleInput: data => {
        if (this.finished) return;
        for (const action of discipline.input(data)) {
          if (action.kind === "echo") this.writeEmitter.fire(action.text);
          else if (action.kind === "send") handlers.send(action.text);
          else if (action.kind === "interrupt") handlers.interrupt();
          else handlers.endInput();
        }
      },
    };
    this.terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon("pulse") });
  }

  /** The program's output (kept until the terminal has opened). */
  write(text: string): void {
    const converted = toTerminalText(text);
    if (this.opened) this.writeEmitter.fire(converted);
    else this.buffered.push(converted);
  }

  /** The run is over: says so in the terminal, which stays open for reading. */
  finish(line: string): void {
    this.write(`\n\x1b[2m${line}\x1b[0m\n`);
    this.finished = true;
  }

  dispose(): void {
    this.terminal.dispose();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

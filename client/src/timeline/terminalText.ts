// What a terminal needs that a pipe does not give: CRLF line ends for the program's output, and a
// minimal line discipline for typed input (echo, backspace, Enter sends the line, Ctrl+C/Ctrl+D),
// since the program reads a pipe, not a TTY. No vscode import: tested under Node.

/** Output for a terminal: every lone `\n` becomes `\r\n`. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

export type InputAction = { kind: "echo"; text: string } | { kind: "send"; text: string } | { kind: "interrupt" } | { kind: "endOfInput" };

/** Typed keys in, what to echo and what to send to the program's stdin out. */
export class LineDiscipline {
  private line = "";

  input(data: string): InputAction[] {
    const actions: InputAction[] = [];
    // Arrow keys and other escape sequences: not line editing this offers; drop them whole.
    for (const ch of data.replace(/\x1b(\[[0-9;?]*[ -\/]*[@-~]|O.|.)?/g, "")) {
      if (ch === "\x03") {
        this.line = "";
        actions.push({ kind: "echo", text: "^C\r\n" }, { kind: "interrupt" });
      } else if (ch === "\x04") {
        if (this.line) {
          actions.push({ kind: "send", text: this.line });
          this.line = "";
        } else actions.push({ kind: "endOfInput" });
      } else if (ch === "\r" || ch === "\n") {
        actions.push({ kind: "echo", text: "\r\n" }, { kind: "send", text: this.line + "\n" });
        this.line = "";
      } else if (ch === "\x7f" || ch === "\b") {
        if (this.line) {
          this.line = [...this.line].slice(0, -1).join("");
          actions.push({ kind: "echo", text: "\b \b" });
        }
      } else if (ch >= " " || ch === "\t") {
        this.line += ch;
        actions.push({ kind: "echo", text: ch });
      }
    }
    return merge(actions);
  }
}

function merge(actions: InputAction[]): InputAction[] {
  const out: InputAction[] = [];
  for (const a of actions) {
    const last = out[out.length - 1];
    if (last && last.kind === a.kind && (a.kind === "echo" || a.kind === "send") && (last.kind === "echo" || last.kind === "send")) last.text += a.text;
    else out.push({ ...a });
  }
  return out;
}

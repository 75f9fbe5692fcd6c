// Progress on stderr for long runs in a terminal; silent when piped (CI logs stay clean).
import { relative } from "node:path";

export class Progress {
  private lastDraw = 0;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(
    private readonly total: number,
    private readonly io: { isTTY: boolean; cwd: string; stderr: (text: string) => void },
  ) {
    this.enabled = io.isTTY && total >= 20;
  }

  phase(text: string): void {
    if (!this.enabled) return;
    this.draw(`${text}…`);
  }

  update(done: number, file: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.draw(`linting ${done}/${this.total} files  ${relative(this.io.cwd, file)}`);
  }

  done(): void {
    if (this.drawn) this.io.stderr("\r\u001b[2K");
  }

  private draw(text: string): void {
    this.drawn = true;
    this.io.stderr(`\r\u001b[2K${text.slice(0, 118)}`);
  }
}

/** A progress line for long jobs: a bar with rate and ETA on a terminal, a line every 5 s elsewhere. */
export class Progress {
  private readonly started = Date.now();
  private lastLine = 0;
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit = "rows",
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, extra = ""): void {
    const now = Date.now();
    const tty = this.out.isTTY;
    if (!tty && now - this.lastLine < 5000 && done < this.total) return;
    this.lastLine = now;
    const secs = Math.max(0.001, (now - this.started) / 1000);
    const rate = done / secs;
    const frac = Math.min(1, done / this.total);
    const eta = rate > 0 ? Math.max(0, (this.total - done) / rate) : 0;
    const width = 28;
    const bar = "█".repeat(Math.round(frac * width)).padEnd(width, "░");
    const line = `${this.label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}%  ${fmt(done)} ${this.unit}  ${fmt(rate)}/s  ETA ${eta.toFixed(0)} s ${extra}`;
    this.out.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  done(): void {
    if (this.out.isTTY) this.out.write("\n");
  }
}

export function fmt(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

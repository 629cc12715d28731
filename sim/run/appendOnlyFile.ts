import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";

/**
 * A file written line by line and never rewritten: each line goes to the OS before the
 * call returns, so a run that is interrupted or crashes keeps every line already written.
 */
export class AppendOnlyFile {
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, "a");
  }

  appendLine(line: string): void {
    if (this.fd === undefined) throw new Error(`append to closed file ${this.path}`);
    writeSync(this.fd, line + "\n");
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}

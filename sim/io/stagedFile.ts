import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { UserError } from "../../src/errors.ts";
import { EXIT } from "../exitCodes.ts";
import { errnoOf, errnoReason } from "./errnoReason.ts";
import { refusedWrite } from "./refusedFileOperation.ts";

/** Characters gathered before each write: a write per row would cost a system call per row of a million-step file. */
const BATCH_CHARS = 256 * 1024;

/**
 * A file written under a temporary name beside its target and renamed into place only
 * when committed: the target keeps its old bytes (or stays absent) until then, and a
 * writer that fails or is stopped discards the temporary. Text is appended in batches,
 * so a file too long to hold as one string (a golden file at the step limit is 640 MB)
 * is written with one batch in memory. Only a SIGKILL between open and commit or
 * discard can leave the temporary behind; its owner finds it by its name.
 */
export class StagedFile {
  private fd: number | undefined;
  private pending = "";
  private written = 0;
  private state: "writing" | "closed" | "gone" = "writing";

  /**
   * Opens `temporary` (a name nobody else uses), to be renamed to `target` by commit;
   * `shown` names the target in messages (a file the system refuses to write is a user
   * error naming it, never the temporary).
   */
  constructor(
    readonly target: string,
    readonly temporary: string,
    private readonly shown: string = target,
  ) {
    try {
      this.fd = openSync(temporary, "w");
    } catch (error) {
      throw this.refused(error);
    }
  }

  /** Appends `text`. */
  write(text: string): void {
    if (this.state !== "writing") throw new Error(`StagedFile ${this.target}: write after close`);
    this.pending += text;
    if (this.pending.length >= BATCH_CHARS) this.flush();
  }

  /** Bytes written so far (all of the file's, once closed). */
  get bytes(): number {
    return this.written + Buffer.byteLength(this.pending);
  }

  /** Writes what is pending, syncs and closes the temporary: it is then complete, to be read back, committed or discarded. */
  close(): void {
    if (this.state !== "writing") return;
    try {
      this.flush();
      fsyncSync(this.fd as number);
    } catch (error) {
      this.discard();
      throw this.refused(error);
    }
    closeSync(this.fd as number);
    this.fd = undefined;
    this.state = "closed";
  }

  /** Closes the temporary and renames it over the target, in one step that a reader or a crash sees whole or not at all. */
  commit(): void {
    this.close();
    if (this.state === "gone") throw new Error(`StagedFile ${this.target}: commit after discard`);
    try {
      renameSync(this.temporary, this.target);
    } catch (error) {
      this.discard();
      throw this.refused(error);
    }
    this.state = "gone";
  }

  /** Removes the temporary (closing it first); the target is untouched. Safe to call at any time, and again. */
  discard(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    if (this.state === "gone") return;
    this.state = "gone";
    this.pending = "";
    rmSync(this.temporary, { force: true });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending, "utf8");
    this.pending = "";
    let at = 0;
    // A regular file takes a write whole, short of a full disk; the loop is for the rare partial write all the same.
    while (at < bytes.length) at += writeSync(this.fd as number, bytes, at, bytes.length - at);
    this.written += bytes.length;
  }

  /** A refused write as the user error it is (the target unchanged), any other error as it is. */
  private refused(error: unknown): unknown {
    if (refusedWrite(this.target, error) === undefined) return error;
    const code = errnoOf(error);
    return new UserError(`cannot write ${this.shown}: ${errnoReason(code)} (${code}); ${this.shown} keeps its previous contents`, EXIT.badInput);
  }
}

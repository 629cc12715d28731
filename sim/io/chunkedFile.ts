import { assert } from "../../src/errors.ts";
import { DiskFile } from "./diskFile.ts";

/**
 * Records are framed into a chunk of this size and handed to the OS when it is full: a
 * write per step cost as much as encoding the step.
 */
const CHUNK_BYTES = 64 * 1024;

/**
 * A binary file written once from its start, record by record, through one reused chunk:
 * a writer reserves room for a record, frames it in place at `used` and advances `used`;
 * the chunk reaches the OS when the next record does not fit, and on `close()`, which also
 * syncs. Only whole records are ever written, so a killed process leaves a file that ends
 * on a record boundary, short of at most one chunk. The TensorBoard event file and the
 * `.wandb` file are such files; each keeps its own framing.
 */
export class ChunkedFile {
  private file: DiskFile | undefined;
  /** The chunk being filled: its first `used` bytes are framed and not written yet. */
  chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  used = 0;
  /** The file offset of `chunk[0]`: the bytes already handed to the OS. */
  flushedBytes = 0;

  constructor(
    readonly path: string,
    /** What the file is, for the assertion on appending after close ("event file"). */
    private readonly what: string,
  ) {
    this.file = new DiskFile(path, "w");
  }

  /** Makes room for `bytes` more at `used`: writes the chunk out first if they do not fit. */
  reserve(bytes: number): void {
    if (this.file === undefined) assert(false, `append to closed ${this.what} ${this.path}`);
    if (this.used + bytes <= this.chunk.length) return;
    this.flush();
    if (bytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(bytes);
  }

  close(): void {
    if (this.file === undefined) return;
    this.flush();
    this.file.close();
    this.file = undefined;
  }

  private flush(): void {
    if (this.used === 0) return;
    (this.file as DiskFile).write(this.chunk, 0, this.used);
    this.flushedBytes += this.used;
    this.used = 0;
  }
}

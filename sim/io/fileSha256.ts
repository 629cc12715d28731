import { closeSync, openSync, readSync } from "node:fs";
import { createHash } from "node:crypto";
import { type RegularFileOptions, requireRegularFile } from "./regularFile.ts";
import { cannotReadError } from "./readTextFile.ts";

/** Bytes hashed per read: one buffer, reused, so a file of any size hashes in flat memory. */
const CHUNK_BYTES = 1024 * 1024;
/** The read buffer, made once: allocating a megabyte per file cost more than hashing a small file (10,000 configs' status). */
let chunk: Buffer | undefined;

/** The sha256 (hex) of a regular file's bytes, read a chunk at a time. */
export function fileSha256(file: string, options: RegularFileOptions): string {
  requireRegularFile(file, options);
  const hash = createHash("sha256");
  chunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
  const buffer = chunk;
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    throw cannotReadError(file, error, options);
  }
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } catch (error) {
    throw cannotReadError(file, error, options);
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

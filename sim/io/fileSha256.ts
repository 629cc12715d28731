import { closeSync, openSync, readFileSync, readSync } from "node:fs";
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

/**
 * fileSha256 of a file, and its text as well when it is at most `maxTextBytes` long: such
 * a file is read whole, once, for both (`sim sweep status` hashes each run's metrics and
 * then summarises them: one read of each instead of two). A longer file is hashed a chunk
 * at a time, as fileSha256 does, and its text is not kept.
 */
export function fileSha256AndText(file: string, options: RegularFileOptions, maxTextBytes: number): { sha256: string; text?: string } {
  if (requireRegularFile(file, options).size > maxTextBytes) return { sha256: fileSha256(file, options) };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw cannotReadError(file, error, options);
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  // A file that grew past the bound since it was looked at is hashed, not kept.
  return bytes.length > maxTextBytes ? { sha256 } : { sha256, text: bytes.toString("utf8") };
}

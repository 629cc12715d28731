import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/errors.ts";
import { AppendOnlyFile } from "../../../sim/execute/run/appendOnlyFile.ts";
import { ChunkedFile } from "../../../sim/io/chunkedFile.ts";
import { refusedOperation, refusedWrite } from "../../../sim/io/refusedFileOperation.ts";

/** A system error as node throws one. */
function systemError(code: string, fields: { syscall?: string; path?: string } = {}): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: from the system`), { code, ...fields });
}

// /dev/full takes every open and refuses every write with ENOSPC: a full disk without filling one.
const FULL_DEVICE = "/dev/full";

describe("refusedWrite", () => {
  it("names the file and the reason for a full disk, a used-up quota, a read-only file system and a permission, with exit 2", () => {
    for (const [code, reason] of [
      ["ENOSPC", "no space left on the device"],
      ["EDQUOT", "the disk quota is used up"],
      ["EROFS", "the file system is read-only"],
      ["EACCES", "permission denied"],
      ["EIO", "an input/output error of the device"],
    ] as const) {
      const error = refusedWrite("/runs/a/metrics.jsonl", systemError(code));
      expect(error).toBeInstanceOf(UserError);
      expect(error?.exitCode).toBe(2);
      expect(error?.message).toContain(`cannot write /runs/a/metrics.jsonl: ${reason} (${code})`);
    }
  });

  it("leaves any other error as it is: a bug stays a bug", () => {
    expect(refusedWrite("/x", new TypeError("undefined is not a function"))).toBeUndefined();
    expect(refusedWrite("/x", systemError("EBADF"))).toBeUndefined();
  });
});

describe("refusedOperation", () => {
  it("says the operation and the path the system error carries", () => {
    expect(refusedOperation(systemError("ENOSPC", { syscall: "open", path: "/runs/a/x" }))?.message).toBe("open /runs/a/x failed: no space left on the device (ENOSPC)");
    expect(refusedOperation(systemError("EROFS", { syscall: "write" }))?.message).toBe("write failed: the file system is read-only (EROFS)");
    expect(refusedOperation(new Error("plain"))).toBeUndefined();
  });
});

describe.runIf(existsSync(FULL_DEVICE))("the run's file writers on a full disk", () => {
  it("AppendOnlyFile reports the file it could not write, as a user error", () => {
    const file = new AppendOnlyFile(FULL_DEVICE);
    file.appendLine("a line");
    expect(() => file.flush()).toThrow(
      new UserError(`cannot write ${FULL_DEVICE}: no space left on the device (ENOSPC); what was written before it is kept, up to its last whole line or record`),
    );
  });

  it("ChunkedFile (event files, .wandb files) reports the file it could not write, as a user error", () => {
    const file = new ChunkedFile(FULL_DEVICE, "event file");
    file.reserve(8);
    file.used = 8;
    expect(() => file.close()).toThrow(UserError);
    expect(() => file.close()).toThrow(/cannot write \/dev\/full: no space left on the device \(ENOSPC\)/);
  });
});

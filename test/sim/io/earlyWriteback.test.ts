import { closeSync, openSync, readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EarlyWriteback, WRITEBACK_EVERY_BYTES } from "../../../sim/io/earlyWriteback.ts";

describe("EarlyWriteback", () => {
  it("asks for a writeback of its file once every WRITEBACK_EVERY_BYTES written, and not before", () => {
    const requests: number[] = [];
    const writeback = new EarlyWriteback(7, (fd) => requests.push(fd));
    writeback.wrote(WRITEBACK_EVERY_BYTES / 2);
    writeback.wrote(WRITEBACK_EVERY_BYTES / 2 - 1);
    expect(requests).toEqual([]);
    writeback.wrote(1);
    expect(requests).toEqual([7]);
    writeback.wrote(WRITEBACK_EVERY_BYTES - 1);
    expect(requests).toEqual([7]);
    writeback.wrote(3 * WRITEBACK_EVERY_BYTES);
    expect(requests).toEqual([7, 7]);
  });

  it("leaves the file's bytes as written: the real request runs beside the writes and the file is whole after close", () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-writeback-"));
    try {
      const path = join(dir, "f");
      const fd = openSync(path, "w");
      const writeback = new EarlyWriteback(fd);
      writeback.wrote(WRITEBACK_EVERY_BYTES);
      closeSync(fd);
      expect(readFileSync(path).length).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

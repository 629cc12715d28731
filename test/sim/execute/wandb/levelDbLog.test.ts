import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { framedLength, LEVELDB_LOG_BLOCK_BYTES } from "../../../../sim/execute/wandb/levelDbLog.ts";
import { WandbLogFile } from "../../../../sim/execute/wandb/wandbLogFile.ts";
import { tempDirsPerTest } from "../../../helpers/runCli.ts";
import { readWandbRecords } from "../../../helpers/wandbFileReader.ts";

const tempDir = tempDirsPerTest("sim-wandb-log-");

describe("the .wandb file's LevelDB-log framing", () => {
  it("reads back any records, split over 32 KiB blocks or not, through the tests' own reader (CRCs, chunk types, padding)", () => {
    const dir = tempDir();
    let n = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 2 * LEVELDB_LOG_BLOCK_BYTES })), { maxLength: 8 }),
        fc.integer({ min: 0, max: 255 }),
        (sizes, fill) => {
          const records = sizes.map((size, i) => Buffer.alloc(size, (fill + i) % 256));
          const file = new WandbLogFile(join(dir, `f${n++}.wandb`));
          for (const record of records) file.append(record);
          file.close();
          const bytes = readFileSync(file.path);
          const read = readWandbRecords(bytes);
          expect(read.length).toBe(records.length);
          read.forEach((r, i) => expect(Buffer.from(r).equals(records[i] as Buffer)).toBe(true));
          let offset = 7;
          for (const record of records) offset += framedLength(offset, record.length);
          expect(bytes.length).toBe(offset);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("cuts a record at a block's last 7 bytes with an empty FIRST chunk, as LevelDB's writer does", () => {
    const file = new WandbLogFile(join(tempDir(), "edge.wandb"));
    const first = LEVELDB_LOG_BLOCK_BYTES - 7 - 7 - 7;
    file.append(Buffer.alloc(first, 1));
    file.append(Buffer.alloc(10, 2));
    file.close();
    const bytes = readFileSync(file.path);
    expect(bytes[LEVELDB_LOG_BLOCK_BYTES - 7 + 4]).toBe(0);
    expect(bytes[LEVELDB_LOG_BLOCK_BYTES - 7 + 6]).toBe(2);
    expect(readWandbRecords(bytes).map((r) => r.length)).toEqual([first, 10]);
  });
});

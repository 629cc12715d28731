import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linkOrCopyTree } from "../../../sim/io/linkOrCopyTree.ts";
import { tempDirsPerTest } from "../../helpers/runCli.ts";

const tempDir = tempDirsPerTest("sim-link-tree-");

/** A run directory's shape: files at the top, nested directories, a relative symbolic link. */
function makeTree(root: string): string {
  const tree = join(root, "run");
  mkdirSync(join(tree, "wandb/offline-run-1/files"), { recursive: true });
  writeFileSync(join(tree, "metrics.jsonl"), '{"step":1}\n');
  writeFileSync(join(tree, "wandb/offline-run-1/files/table.json"), "[]\n");
  symlinkSync("offline-run-1", join(tree, "wandb/latest-run"));
  return tree;
}

describe("linkOrCopyTree", () => {
  it("hard-links the files on one filesystem, makes directories and symbolic links anew, and leaves the source as it was", () => {
    const root = tempDir();
    const tree = makeTree(root);
    const counts = linkOrCopyTree(tree, join(root, "copy"));
    expect(counts).toEqual({ linked: 2, copied: 0 });
    expect(statSync(join(root, "copy/metrics.jsonl")).ino).toBe(statSync(join(tree, "metrics.jsonl")).ino);
    expect(readFileSync(join(root, "copy/wandb/offline-run-1/files/table.json"), "utf8")).toBe("[]\n");
    expect(readlinkSync(join(root, "copy/wandb/latest-run"))).toBe("offline-run-1");
    // Removing the copy (as a rerun clears a run directory's files) leaves the source whole.
    rmSync(join(root, "copy"), { recursive: true });
    expect(readFileSync(join(tree, "metrics.jsonl"), "utf8")).toBe('{"step":1}\n');
  });

  it("refuses a destination that exists rather than mixing two trees", () => {
    const root = tempDir();
    const tree = makeTree(root);
    mkdirSync(join(root, "copy"));
    expect(() => linkOrCopyTree(tree, join(root, "copy"))).toThrow(/EEXIST/);
  });

  // /dev/shm is a tmpfs, another filesystem than the temporary directory's: link(2) says EXDEV there.
  it.skipIf(!existsSync("/dev/shm") || statSync("/dev/shm").dev === statSync(tmpdir()).dev)("copies the files across filesystems", () => {
    const tree = makeTree(tempDir());
    const other = mkdtempSync("/dev/shm/sim-link-tree-");
    try {
      const counts = linkOrCopyTree(tree, join(other, "copy"));
      expect(counts).toEqual({ linked: 0, copied: 2 });
      expect(statSync(join(other, "copy/metrics.jsonl")).ino).not.toBe(statSync(join(tree, "metrics.jsonl")).ino);
      expect(readFileSync(join(other, "copy/metrics.jsonl"), "utf8")).toBe('{"step":1}\n');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

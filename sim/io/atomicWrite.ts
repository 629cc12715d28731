import writeFileAtomic from "write-file-atomic";

/**
 * Writes a whole file under a temporary name and renames it into place, so a reader
 * (or a crash) never sees half of it and a refused command never clobbers it.
 */
export async function writeFileAtomically(path: string, contents: string): Promise<void> {
  await writeFileAtomic(path, contents, { encoding: "utf8" });
}

export function writeFileAtomicallySync(path: string, contents: string): void {
  writeFileAtomic.sync(path, contents, { encoding: "utf8" });
}

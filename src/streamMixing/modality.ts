/**
 * The modality of a DIRECT stream: the name of the directory holding it
 * (`data/rna/shard-000.zarr` -> `rna`). Undefined when the path has no directory. Empty
 * segments are not directories: a trailing slash (`data/rna/shard-000.zarr/`, as
 * directory-shaped stores are often written) and doubled slashes (`data/rna//x.zarr`)
 * name the same store as without them.
 */
export function modalityOfPath(path: string): string | undefined {
  const parts = path.split("/").filter((part) => part !== "");
  if (parts.length < 2) return undefined;
  const dir = parts[parts.length - 2];
  return dir === undefined || dir === "" || dir === "." || dir === ".." ? undefined : dir;
}

/**
 * The plan's `_modality_for_reader` (FR6): NESTED streams take their group's modality,
 * DIRECT streams the directory holding them. Both are resolved once when the streams are
 * built, so this is a field read on the hot path. The reader is typed by the one field it
 * reads, so that this file and streamSpec.ts (which calls modalityOfPath) do not import
 * each other.
 */
export function modalityForReader(reader: { readonly stream: { readonly modality: string } }): string {
  return reader.stream.modality;
}

import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { describeValue, UserError } from "../../../src/errors.ts";
import { KeyProvenance } from "./keyProvenance.ts";
import { mergeTables } from "./mergeTables.ts";
import type { FileIntegralFloat } from "./integralFloatProblems.ts";
import { integralFloatsOf, readTomlFile } from "./readTomlFile.ts";
import { singleBracketHint } from "./structureHints.ts";
import type { TomlTable } from "./tomlValue.ts";

/** A scenario file with its `extends` chain merged in. */
export interface ExtendedDocument {
  /** The merged tables, without any `extends` key. */
  readonly merged: TomlTable;
  /** The files of the chain, the given file first, each as the path the user can open. */
  readonly chain: readonly string[];
  readonly provenance: KeyProvenance;
  /** Floats with integral values (`10.0`) in the chain's files, for the loader to refuse where integers are meant. */
  readonly integralFloats?: readonly FileIntegralFloat[];
}

/** Links in one `extends` chain at most; a longer chain is surely a mistake, and the limit bounds the recursion. */
const MAX_CHAIN_LENGTH = 32;

/**
 * Reads `file` and, recursively, the file its `extends` names (relative to the file
 * that names it), then merges each child over its parent. A target that is missing,
 * or a chain that comes back to a file already in it, is a user error that shows the
 * chain (`a.toml -> b.toml -> a.toml`). Relative paths are read from `cwd` (default the
 * process's directory) and shown as written.
 */
export function resolveExtends(file: string, cwd?: string): ExtendedDocument {
  const pathOf = (path: string): string => (cwd === undefined ? resolve(path) : resolve(cwd, path));
  const chain: string[] = [];
  const merged: TomlTable = {};
  const provenance = new KeyProvenance(file);
  const documents: { file: string; table: TomlTable }[] = [];
  const integralFloats: FileIntegralFloat[] = [];

  let current: string | undefined = file;
  let readBy: string | undefined;
  while (current !== undefined) {
    const seenAt = chain.findIndex((earlier) => pathOf(earlier) === pathOf(current as string));
    if (seenAt >= 0) {
      throw new UserError(`${file}: extends forms a cycle: ${[...chain, current].join(" -> ")}`);
    }
    if (chain.length >= MAX_CHAIN_LENGTH) {
      throw new UserError(`${file}: the extends chain is longer than ${MAX_CHAIN_LENGTH} files: ${chain.join(" -> ")} -> ...`);
    }
    chain.push(current);
    const table = withStructureHint(current, pathOf(current), () => readTomlFile(pathOf(current as string), { shown: current, readBy }));
    documents.push({ file: current, table });
    for (const float of integralFloatsOf(table)) integralFloats.push({ ...float, file: current });

    const target = table.extends;
    delete table.extends;
    if (target === undefined) {
      current = undefined;
    } else if (typeof target !== "string" || target.length === 0) {
      throw new UserError(`${current}: extends = ${describeValue(target)}: expected the path of the scenario file to extend (a non-empty string, relative to this file)`);
    } else {
      // An absolute path is used as it is; a relative one is relative to the file that names it.
      const next: string = isAbsolute(target) ? target : join(dirname(current), target);
      readBy = `extends chain: ${[...chain, next].join(" -> ")}`;
      current = next;
    }
  }

  // The root ancestor goes first, so that every child overrides what it inherits.
  for (const document of documents.reverse()) mergeTables(merged, document.table, document.file, provenance);
  return { merged, chain, provenance, integralFloats };
}

/**
 * Reads one file of the chain; a TOML parse error at a single-bracket header of an array
 * of tables (`[dataset.streams]` written a second time: "Can't redefine existing key")
 * gets the hint to write the double brackets.
 */
function withStructureHint(shown: string, path: string, read: () => TomlTable): TomlTable {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const at = new RegExp(`^${escapeRegExp(shown)}:(\\d+):\\d+: TOML parse error`).exec(error.message);
    if (at === null) throw error;
    let lineText: string | undefined;
    try {
      lineText = readFileSync(path, "utf8").split("\n")[Number(at[1]) - 1];
    } catch {
      throw error;
    }
    const hint = lineText === undefined ? undefined : singleBracketHint(lineText);
    if (hint === undefined) throw error;
    const [first, ...rest] = error.message.split("\n");
    throw new UserError([`${first}; ${hint}`, ...rest].join("\n"));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

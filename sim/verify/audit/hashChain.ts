import { createHash } from "node:crypto";
import { formatRow } from "../../format/jsonl.ts";

/** The chain's value before the first row. */
export const HASH_CHAIN_START = "";

/** hash_n = sha256(hash_{n-1} + formatRow(row_n)), hex; one link per row. */
export function nextChainHash(previous: string, row: Readonly<Record<string, number>>): string {
  return createHash("sha256")
    .update(previous + formatRow(row), "utf8")
    .digest("hex");
}

/** The chain over a run's rows: element i is the hash after row i. */
export function hashChain(rows: Iterable<Readonly<Record<string, number>>>): string[] {
  const chain: string[] = [];
  let hash = HASH_CHAIN_START;
  for (const row of rows) {
    hash = nextChainHash(hash, row);
    chain.push(hash);
  }
  return chain;
}

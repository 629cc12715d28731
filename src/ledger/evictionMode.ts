/** Why a ledger entry was evicted. A full wipe is not an eviction (FR10). */
export const EVICTION_MODES = ["lru", "stale"] as const;
export type EvictionMode = (typeof EVICTION_MODES)[number];

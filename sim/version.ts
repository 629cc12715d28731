import pkg from "../package.json" with { type: "json" };

/** The harness version, recorded in run artifacts and snapshots. */
export const HARNESS_VERSION: string = pkg.version;

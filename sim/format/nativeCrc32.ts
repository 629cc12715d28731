import { createRequire } from "node:module";
import type * as Crc32Package from "@node-rs/crc32";

/**
 * @node-rs/crc32's CRC-32 and CRC-32C (native code), loaded with require() rather than
 * imported. The package is CommonJS, and its loader (which picks the platform's addon) is
 * 28 KB of source: an `import` of it has Node scan that source for the names it exports
 * (cjs-module-lexer, itself JavaScript), long enough for V8 to optimise the scanner twice,
 * which took 15 to 30 ms of CPU from every process that writes a run's TensorBoard or W&B
 * files (every sweep and swarm worker among them) against 4 ms through require(), which
 * takes module.exports as it is.
 */
const crc32Package = createRequire(import.meta.url)("@node-rs/crc32") as typeof Crc32Package;

export const crc32: typeof Crc32Package.crc32 = crc32Package.crc32;
export const crc32c: typeof Crc32Package.crc32c = crc32Package.crc32c;

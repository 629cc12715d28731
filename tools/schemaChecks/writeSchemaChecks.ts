import { join } from "node:path";
import { writeFileAtomicallySync } from "../../sim/io/atomicWrite.ts";
import { SCHEMA_CHECKS_FILE, schemaChecksModule } from "./schemaChecksModule.ts";

/**
 * `npm run schema` (after the published schemas): writes the checks ajv compiles from
 * every file format's schema into sim/input/schemaChecks.generated.ts. Run it after
 * changing a schema; a test fails until the committed file matches.
 */
writeFileAtomicallySync(join(import.meta.dirname, "..", "..", SCHEMA_CHECKS_FILE), schemaChecksModule());
console.log(`wrote ${SCHEMA_CHECKS_FILE}`);

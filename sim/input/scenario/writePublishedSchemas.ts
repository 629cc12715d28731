import { join } from "node:path";
import { writeFileAtomicallySync } from "../../io/atomicWrite.ts";
import { makeDirectory } from "../../io/makeDirectory.ts";
import { publishedSchemaFiles, SCHEMA_DIRECTORY } from "./publishedSchema.ts";

/**
 * `npm run schema`: writes the published JSON Schemas (publishedSchema.ts) into
 * schema/ at the repository's root, where the package ships them and every scenario's
 * `#:schema` directive points. Run it after changing scenarioSchema.ts; a test fails
 * until the committed files match.
 */
const root = join(import.meta.dirname, "..", "..", "..");
makeDirectory(join(root, SCHEMA_DIRECTORY), "the schema directory");
for (const [name, text] of publishedSchemaFiles()) {
  writeFileAtomicallySync(join(root, SCHEMA_DIRECTORY, name), text);
  console.log(`wrote ${SCHEMA_DIRECTORY}/${name}`);
}

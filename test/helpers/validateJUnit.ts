import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateXML } from "xmllint-wasm";
import { PROJECT_ROOT } from "./runCli.ts";

const SCHEMA = readFileSync(join(PROJECT_ROOT, "test/fixtures/junit/junit.xsd"), "utf8");

/** libxml2's XSD validation (xmllint compiled to WebAssembly: no native build, no apt package) of a JUnit report. */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: "report.xml", contents: xml }], schema: [{ fileName: "junit.xsd", contents: SCHEMA }] });
  return result.valid ? [] : result.errors.map((error) => error.message);
}

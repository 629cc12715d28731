import { cpSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./runCli.ts";

/** The small project the check and report tests run in: scenarios/ (tiny_healthy and the others) and their golden/ files. */
export const FIXTURE_PROJECT = join(PROJECT_ROOT, "test/fixtures/golden");

/** Copies the fixture project's scenarios/ and golden/ into `dir`, making it a project sim check and sim report run in; returns `dir`. */
export function copyFixtureProject(dir: string): string {
  cpSync(join(FIXTURE_PROJECT, "scenarios"), join(dir, "scenarios"), { recursive: true });
  cpSync(join(FIXTURE_PROJECT, "golden"), join(dir, "golden"), { recursive: true });
  return dir;
}

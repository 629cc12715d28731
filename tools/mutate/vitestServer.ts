import { resolve } from "node:path";
import { createVitest, JsonReporter, type Vitest } from "vitest/node";
import type { VitestRequest, VitestResponse } from "./vitestProtocol.ts";

/**
 * A vitest kept warm in one project copy, for `sim mutate`'s test killers: started as a
 * child process in the copy (tools/mutate/vitestSession.ts), it runs one killer per request
 * and answers with vitest's own JSON report, the same text `vitest run --reporter=json`
 * writes, so the verdicts come from the same classifier as before. The copy's files
 * change between requests (a mutant applied, then reverted); each request names them, and
 * they are invalidated before the run, while every other module stays transformed.
 * Test files still run in fresh workers (vitest's isolation), so no module state
 * survives from one killer to the next.
 */

/** vitest's JSON reporter, keeping the report in memory instead of writing a file. */
class InMemoryJsonReporter extends JsonReporter {
  report: string | undefined;
  override async writeReport(report: string): Promise<void> {
    this.report = report;
  }
}

const reporter = new InMemoryJsonReporter({});
let vitest: Promise<Vitest> | undefined;

async function serve(request: VitestRequest): Promise<VitestResponse> {
  // Isolated whatever the project's config says: a killer must import the mutated source
  // afresh, not a module an earlier run left in a reused worker.
  vitest ??= createVitest("test", { watch: false, reporters: [reporter], maxWorkers: 1, color: false, isolate: true }).then((ctx) => {
    // `vitest run` initialises its reporters in start(); a run through the Node API does not.
    reporter.onInit(ctx);
    return ctx;
  });
  const ctx = await vitest;
  for (const file of request.changed) ctx.invalidateFile(resolve(file));
  if (request.name === undefined) ctx.resetGlobalTestNamePattern();
  else ctx.setGlobalTestNamePattern(request.name);
  reporter.report = undefined;
  // The file is a filter, as on `vitest run <file>`'s command line.
  const result = await ctx.runTestSpecifications(await ctx.globTestSpecifications([request.file]), false);
  const failed = result.unhandledErrors.length > 0 || result.testModules.some((module) => !module.ok());
  return { id: request.id, report: reporter.report, exitCode: failed ? 1 : 0 };
}

process.on("message", (request: VitestRequest) => {
  serve(request).then(
    (response) => process.send?.(response),
    (error: unknown) =>
      process.send?.({ id: request.id, report: undefined, exitCode: 1, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies VitestResponse),
  );
});
// The session that started this server is gone (it ended, or was killed): so is the server.
process.on("disconnect", () => process.exit(0));

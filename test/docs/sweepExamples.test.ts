import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { parseShard } from "../../sim/execute/pool/shard.ts";
import { PROJECT_ROOT, runCli } from "../helpers/runCli.ts";

/** The options `sim sweep <sub> --help` lists, read from the real CLI. */
function optionsOf(subcommand: string[]): Set<string> {
  const help = runCli(["sweep", ...subcommand, "--help"]);
  expect(help.status).toBe(0);
  return new Set([...help.stdout.matchAll(/--([a-z-]+)/g)].map((m) => m[1] as string));
}

/** Every `sim sweep ...` command line in a text, with the engines' shard expressions replaced by `sample`. */
function sweepCommands(text: string, sample: string): string[][] {
  const flat = text.replace(/>-\n/g, "").replace(/\n\s+(?=--)/g, " ");
  return [...flat.matchAll(/npx sim sweep ([^\n"\]]+)/g)].map((m) =>
    (m[1] as string)
      .replace(/\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/g, sample)
      .replace(/\$\{\{ matrix\.shard \}\}/g, sample)
      .trim()
      .split(/\s+/),
  );
}

function checkCommand(args: string[]): void {
  const sub = args[0] === "status" || args[0] === "merge" ? [args[0]] : [];
  const known = optionsOf(sub);
  for (const arg of args.filter((a) => a.startsWith("--"))) expect(known, `${args.join(" ")}: ${arg}`).toContain(arg.slice(2));
  if (sub.length === 0) expect(existsSync(join(PROJECT_ROOT, args[0] as string)), args[0]).toBe(true);
  const shardAt = args.indexOf("--shard");
  if (shardAt >= 0) parseShard(args[shardAt + 1] as string);
}

describe("docs/examples", () => {
  it("github-actions-sweep.yml parses, runs one shard per matrix entry, merges and checks", () => {
    const text = readFileSync(join(PROJECT_ROOT, "docs/examples/github-actions-sweep.yml"), "utf8");
    const workflow = parseAllDocuments(text)[0]?.toJS() as {
      jobs: { shard: { strategy: { matrix: { shard: number[] } }; steps: { run?: string }[] }; merge: { needs: string; steps: { run?: string }[] } };
    };
    const shards = workflow.jobs.shard.strategy.matrix.shard;
    expect(shards).toEqual(shards.map((_, i) => i + 1));
    const shardRun = workflow.jobs.shard.steps.map((s) => s.run ?? "").join("\n");
    expect(shardRun).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
    expect(workflow.jobs.merge.needs).toBe("shard");
    const mergeRun = workflow.jobs.merge.steps.map((s) => s.run ?? "").join("\n");
    expect(mergeRun).toContain(`npx sim sweep merge ${shards.map((i) => `shards/sweep-shard-${i}`).join(" ")} --out sweep`);
    expect(mergeRun).toContain("npx sim sweep status sweep");
    const commands = sweepCommands(text, "1");
    expect(commands.map((c) => c[0])).toEqual(["sweeps/stale_threshold_x_capacity.toml", "merge", "status"]);
    for (const command of commands) checkCommand(command);
  });
});

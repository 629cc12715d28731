import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { packedPackage } from "../helpers/packedPackage.ts";
import { PROJECT_ROOT, tempDirsPerTest } from "../helpers/runCli.ts";

const EXAMPLE = join(PROJECT_ROOT, "docs/examples/k8s");
const tempDir = tempDirsPerTest("sim-k8s-image-");

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false", npm_config_prefer_offline: "true", ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} in ${cwd} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * The image of docs/examples/k8s without a container engine: the Dockerfile's
 * instructions played in a temporary directory standing for its WORKDIR, against the
 * packed package (`npm run build:package`, then `npm pack`): COPY from the build
 * context, RUN through sh. Then the entry point runs a pod's shard, as the Indexed
 * Job's pod 0 of 4 would (JOB_COMPLETION_INDEX=0).
 */
describe("docs/examples/k8s/Dockerfile", () => {
  // npm installs the tarball with its dependencies, after waiting for another file's pack perhaps: minutes on a loaded machine.
  it("installs the harness from the packed tarball with its RUN lines, and the image's sim runs pod 0's shard", () => {
    const temp = tempDir();
    const context = join(temp, "context");
    const workdir = join(temp, "workdir");
    cpSync(EXAMPLE, context, { recursive: true });
    // The published build (lib/), packed once for the whole suite (packedPackage.ts), into the build context.
    const { tarball } = packedPackage();
    copyFileSync(tarball, join(context, basename(tarball)));
    mkdirSync(workdir);

    const instructions = readFileSync(join(context, "Dockerfile"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"));
    expect(instructions.map((line) => line.split(" ")[0])).toEqual(["FROM", "WORKDIR", "COPY", "RUN", "COPY", "RUN", "ENV", "ENTRYPOINT"]);
    for (const line of instructions) {
      const [instruction, ...rest] = line.split(" ");
      // COPY SRC DEST: a DEST ending in / is a directory the source goes into (a file keeps its name).
      if (instruction === "COPY") {
        const [source, dest] = rest as [string, string];
        const into = dest.endsWith("/") && !source.endsWith("/") ? join(workdir, dest, source) : join(workdir, dest);
        cpSync(join(context, source), into, { recursive: true });
      }
      if (instruction === "RUN") run("sh", ["-c", rest.join(" ")], workdir);
    }
    expect(instructions.at(-1)).toBe('ENTRYPOINT ["sim"]');

    const job = readFileSync(join(context, "sweep-job.yaml"), "utf8");
    const args =
      /- name: shard\n\s+image: .*\n\s+args:\n((?:\s+- .*\n)+)/
        .exec(job)?.[1]
        ?.split("\n")
        .map((line) =>
          line
            .trim()
            .replace(/^- /, "")
            .replace(/^"(.*)"$/, "$1"),
        )
        .filter((arg) => arg !== "") ?? [];
    expect(args.slice(0, 2)).toEqual(["sweep", "sweep/sweeps/stale_threshold_x_capacity.toml"]);
    const podArgs = args.map((arg) => (arg.startsWith("/results/") ? join(temp, arg) : arg));
    const out = run(join(workdir, "node_modules/.bin/sim"), podArgs, workdir, { JOB_COMPLETION_INDEX: "0", CI: "true" });
    expect(out).toMatch(
      /^shard 1\/4 \(--shard auto: JOB_COMPLETION_INDEX=0 of --shards 4\)\nsweep diag_stale_false_evict shard 1\/4: 6 configs, 0 already complete, 6 run, 0 failed/,
    );
    expect(out).toContain("complete: all 6 configs have exactly one completed run in place");
  }, 300_000);
});

import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { writeFileAtomicallySync } from "../../../io/atomicWrite.ts";
import { shownPath } from "../../../io/shownPath.ts";
import { resolveExtends } from "../../../input/scenario/resolveExtends.ts";
import { HARNESS_VERSION } from "../../../version.ts";
import type { LoadedSweep } from "../loadSweep.ts";
import { manifestOf, writeManifest } from "../sweepManifest.ts";
import { dockerfile, IMAGE_SWEEP_DIR, packedTarballName } from "./dockerfile.ts";
import { k8sManifests, RWX_NOTE } from "./k8sManifests.ts";
import { yamlText } from "./yamlText.ts";

/** The directory, under the sweep directory, that is the image's build context and holds the manifests. */
export const K8S_DIR = "k8s";
export const K8S_MANIFEST_FILE = "sweep-job.yaml";

export interface K8sLaunchOptions {
  readonly outDir: string;
  readonly shards: number;
  readonly jobs?: number;
  readonly cwd: string;
}

/** A DNS label (RFC 1123) from the scenario's name: what Kubernetes accepts as a Job's name. */
function dnsLabel(text: string): string {
  const label = `sim-sweep-${text}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-");
  return label.slice(0, 52).replace(/-+$/, "");
}

/** Every file loading the sweep reads: its extends chain and any baseline (with its chain), which the image must hold. */
function filesOfSweep(sweep: LoadedSweep): string[] {
  const files = new Set(resolveExtends(sweep.file).chain.map((file) => resolve(file)));
  const baseline = sweep.configs[0]?.scenario.baselineFile;
  if (baseline !== undefined) for (const file of resolveExtends(resolve(baseline)).chain) files.add(resolve(file));
  return [...files].sort();
}

function commonDirectory(files: readonly string[]): string {
  let common = dirname(files[0] as string);
  while (!files.every((file) => file.startsWith(common.endsWith(sep) ? common : common + sep))) common = dirname(common);
  return common;
}

/**
 * `sim sweep FILE --launcher k8s --dry-run`: writes sweep.json and, in DIR/k8s/, the
 * build context of the harness image (a Dockerfile installing the packed package, and
 * the sweep's files in their layout) and the manifests (a ReadWriteMany claim, the
 * Indexed Job, the status Job). Returns what to run next, in words.
 */
export function writeK8sLaunch(sweep: LoadedSweep, options: K8sLaunchOptions): { summary: string } {
  mkdirSync(options.outDir, { recursive: true });
  writeManifest(options.outDir, manifestOf(sweep));
  const context = join(options.outDir, K8S_DIR);
  const files = filesOfSweep(sweep);
  const root = commonDirectory(files);
  for (const file of files) {
    const target = join(context, IMAGE_SWEEP_DIR, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    writeFileAtomicallySync(target, readFileSync(file, "utf8"));
  }
  writeFileAtomicallySync(join(context, "Dockerfile"), dockerfile());

  const name = dnsLabel(sweep.scenarioName);
  const image = `stream-mixing-sim:${HARNESS_VERSION}`;
  const shards = Math.max(1, Math.min(options.shards, sweep.configs.length));
  const sweepFile = `${IMAGE_SWEEP_DIR}/${relative(root, resolve(sweep.file)).split(sep).join("/")}`;
  const manifests = k8sManifests({ name, image, sweepFile, shards, jobs: options.jobs ?? 2, storage: "1Gi" });
  const header = [
    `# ${sweep.scenarioName}: ${sweep.configs.length} configs as a Kubernetes Indexed Job of ${shards} pods, written by`,
    `# \`sim sweep --launcher k8s --dry-run\` (docs/sweeps.md). Pod k runs shard k+1 of ${shards} (\`--shard auto\``,
    "# reads JOB_COMPLETION_INDEX) into the one shared directory; the status Job checks it.",
    "#",
    ...RWX_NOTE.map((line) => `# ${line}`),
    "#",
    "# The image: `npm pack` the harness into this directory, then build it from here (the Dockerfile).",
  ];
  const yaml = header.join("\n") + "\n" + manifests.map((manifest) => yamlText(manifest)).join("---\n");
  const manifestFile = join(context, K8S_MANIFEST_FILE);
  writeFileAtomicallySync(manifestFile, yaml);

  const shown = (path: string): string => shownPath(options.cwd, path);
  const summary = [
    `wrote ${shown(context)}/: Dockerfile, ${K8S_MANIFEST_FILE} (an Indexed Job of ${shards} pods for ${sweep.configs.length} configs, a ReadWriteMany claim, a status Job) and the sweep's ${files.length} file${files.length === 1 ? "" : "s"}`,
    "build the image and run the sweep with:",
    `  npm pack --pack-destination ${shown(context)}        # in the harness's checkout: ${packedTarballName()}`,
    `  docker build -t ${image} ${shown(context)}           # then push it where the cluster pulls from, and set image:`,
    `  kubectl apply -f ${shown(manifestFile)} -l step=shards`,
    `  kubectl wait --for=condition=complete job/${name} --timeout=24h`,
    `  kubectl apply -f ${shown(manifestFile)} -l step=status && kubectl logs -f job/${name}-status`,
    ...RWX_NOTE.map((line) => `note: ${line}`),
    "",
  ];
  return { summary: summary.join("\n") };
}

import type { YamlValue } from "./yamlText.ts";

export interface K8sSweepOptions {
  /** Names the Job, the claim and the results directory: a DNS label. */
  readonly name: string;
  readonly image: string;
  /** The sweep file inside the image, relative to its working directory. */
  readonly sweepFile: string;
  readonly shards: number;
  readonly jobs: number;
  readonly storage: string;
}

/** Where the pods mount the shared volume; the sweep directory is `RESULTS_MOUNT/<name>`. */
export const RESULTS_MOUNT = "/results";

/** Which storage gives a ReadWriteMany volume (said beside the claim and by `sim sweep --launcher k8s`). */
export const RWX_NOTE = [
  "The claim must be ReadWriteMany: every pod of the Indexed Job mounts it at once (a",
  "ReadWriteOnce volume, most clouds' default block storage, binds to one node and the",
  "other pods stay Pending). RWX storage: NFS (e.g. the nfs-subdir-external-provisioner),",
  "CephFS (Rook), GlusterFS, AWS EFS (efs.csi.aws.com), Azure Files (file.csi.azure.com),",
  "Google Filestore (filestore.csi.storage.gke.io). Set storageClassName to such a class,",
  "or use one volume per pod and `sim sweep merge` their directories.",
];

function labels(options: K8sSweepOptions, step: string): YamlValue {
  return { "app.kubernetes.io/name": "sim-sweep", "sim-sweep": options.name, step };
}

function resultsVolume(options: K8sSweepOptions): YamlValue {
  return { name: "results", persistentVolumeClaim: { claimName: `${options.name}-results` } };
}

/**
 * The manifests of a sweep on Kubernetes, in the order kubectl applies them:
 * - a ReadWriteMany claim for the one shared sweep directory;
 * - an Indexed Job: `completions` pods, pod k running `sim sweep FILE --out DIR
 *   --shard auto --shards n` (the shard from JOB_COMPLETION_INDEX), a retried pod
 *   resuming its shard (configs complete are skipped);
 * - a Job that runs `sim sweep status DIR` once the first has completed.
 */
export function k8sManifests(options: K8sSweepOptions): YamlValue[] {
  const outDir = `${RESULTS_MOUNT}/${options.name}`;
  const mount = [{ name: "results", mountPath: RESULTS_MOUNT }];
  const claim: YamlValue = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: `${options.name}-results`, labels: labels(options, "shards") },
    spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: options.storage } } },
  };
  const shards: YamlValue = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: options.name, labels: labels(options, "shards") },
    spec: {
      completionMode: "Indexed",
      completions: options.shards,
      parallelism: options.shards,
      backoffLimit: 2 * options.shards,
      template: {
        metadata: { labels: labels(options, "shards") },
        spec: {
          restartPolicy: "OnFailure",
          containers: [
            {
              name: "shard",
              image: options.image,
              args: ["sweep", options.sweepFile, "--out", outDir, "--shard", "auto", "--shards", String(options.shards), "--jobs", String(options.jobs)],
              resources: { requests: { cpu: String(options.jobs) } },
              volumeMounts: mount,
            },
          ],
          volumes: [resultsVolume(options)],
        },
      },
    },
  };
  const status: YamlValue = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: `${options.name}-status`, labels: labels(options, "status") },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels: labels(options, "status") },
        spec: {
          restartPolicy: "Never",
          containers: [{ name: "status", image: options.image, args: ["sweep", "status", outDir], volumeMounts: mount }],
          volumes: [resultsVolume(options)],
        },
      },
    },
  };
  return [claim, shards, status];
}

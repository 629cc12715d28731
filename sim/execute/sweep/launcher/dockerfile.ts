import { HARNESS_VERSION } from "../../../version.ts";

/** Where the image holds the sweep's files, relative to its working directory. */
export const IMAGE_SWEEP_DIR = "sweep";
/** The image's working directory, where the package is installed. */
export const IMAGE_WORKDIR = "/opt/sim";

/** The file `npm pack` writes for this version of the harness. */
export function packedTarballName(): string {
  return `stream-mixing-sim-${HARNESS_VERSION}.tgz`;
}

/**
 * The harness image's Dockerfile: Node 20, the packed package (`npm pack`) installed
 * with its runtime dependencies only, the sweep's files, and `sim` as the entry point.
 * Every RUN line works in the working directory with relative paths, so a test can run
 * them in a temporary directory without a container engine.
 */
export function dockerfile(): string {
  const tarball = packedTarballName();
  return [
    "# The harness image for `sim sweep --launcher k8s` (docs/sweeps.md), built from the packed",
    "# package: run `npm pack` in the harness's checkout with this directory as --pack-destination.",
    "FROM node:20-bookworm-slim",
    `WORKDIR ${IMAGE_WORKDIR}`,
    `COPY ${tarball} ./`,
    `RUN npm install --omit=dev --no-audit --no-fund --no-package-lock ./${tarball} && rm ${tarball}`,
    `COPY ${IMAGE_SWEEP_DIR}/ ./${IMAGE_SWEEP_DIR}/`,
    `RUN ./node_modules/.bin/sim --version`,
    `ENV PATH=${IMAGE_WORKDIR}/node_modules/.bin:$PATH`,
    `ENTRYPOINT ["sim"]`,
    "",
  ].join("\n");
}

/** The machine-readable reports `sim check --reporter` writes beside the console report. */
export const CHECK_REPORTERS = ["junit", "json"] as const;
export type CheckReporter = (typeof CHECK_REPORTERS)[number];

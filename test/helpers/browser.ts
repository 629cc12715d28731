import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's chromium, which .ci/run installs when it is missing. */
export const CHROMIUM_PATH = process.env.SIM_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Launches headless Chromium with nothing that phones home; playwright gives every
 * launch a fresh temporary profile (it refuses a --user-data-dir argument). A
 * missing browser is a test failure that says how to install it, never a skip: the
 * browser tests are the report's only proof that its page works.
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM_PATH}; install it with \`apt-get update && apt-get install -y --no-install-recommends chromium\` (or set SIM_CHROMIUM)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

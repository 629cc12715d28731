import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findChromium, launchChromium } from "./browser.ts";
import { PROJECT_ROOT } from "./runCli.ts";

/** The browser tests' launcher: the packaged Chromium unless SIM_CHROMIUM says otherwise, and clear refusals. */
describe("launchChromium", () => {
  it("starts the Chromium packaged in @sparticuz/chromium when SIM_CHROMIUM is unset, whatever browser the system has", async () => {
    const packaged = (JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules/@sparticuz/chromium/package.json"), "utf8")) as { version: string }).version;
    const { browser, close, source } = await launchChromium({ PATH: process.env.PATH });
    try {
      expect(source).toBe(`@sparticuz/chromium ${packaged}`);
      // The package's major version is its Chromium's.
      expect(browser.version().split(".")[0]).toBe(packaged.split(".")[0]);
      const page = await browser.newPage();
      await page.setContent("<p>drawn</p>");
      expect(await page.textContent("p")).toBe("drawn");
    } finally {
      await close();
    }
  });

  it("has the packaged Chromium rasterize on the CPU, as a Chrome without a GPU does, not in its software GL", async () => {
    const { args } = await findChromium({ PATH: process.env.PATH });
    expect(args).toContain("--disable-gpu-rasterization");
    expect(args).toContain("--use-angle=swiftshader");
    expect(args).not.toContain("--single-process");
  });

  it("names SIM_CHROMIUM when it points at nothing", async () => {
    await expect(findChromium({ SIM_CHROMIUM: "/nowhere/chromium" })).rejects.toThrow("SIM_CHROMIUM names /nowhere/chromium, which does not exist");
  });

  it("says to set SIM_CHROMIUM on a platform the package does not serve", async () => {
    await expect(findChromium({}, "darwin-arm64")).rejects.toThrow("serves Linux on x64 only, and this is darwin-arm64: set SIM_CHROMIUM");
  });
});

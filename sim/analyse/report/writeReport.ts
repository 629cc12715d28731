import { join } from "node:path";
import { writeOutputFileAsync } from "../../io/atomicWrite.ts";
import { makeDirectory } from "../../io/makeDirectory.ts";
import { checkOutputDirectory, checkOutputFile, type OutputTarget } from "../../io/outputDestination.ts";
import type { ReportDocument } from "./reportDocument.ts";
import { renderReportPage } from "./renderReportPage.ts";

/** Where a report goes: the page (--out or --report) and, with --images, the directory of its SVGs. */
export interface ReportTargets {
  readonly page: OutputTarget;
  readonly images?: OutputTarget | undefined;
}

/** Checks both destinations of a report before any work, so that neither is written when the other cannot be. */
export function checkReportTargets(targets: ReportTargets): void {
  checkOutputFile(targets.page);
  if (targets.images !== undefined) checkOutputDirectory(targets.images);
}

export interface WrittenReport {
  readonly page: string;
  readonly images: readonly string[];
}

/**
 * Renders the whole report first, then writes it: both destinations checked before
 * anything is written (an --images that names a file leaves no page behind), the page
 * under a temporary name renamed into place (never half an HTML file), and with
 * `images` one SVG per chart (prefixed by its block when the report has several).
 * Missing directories are made, as `sim run --out` makes its own.
 */
export async function writeReport(document: ReportDocument, targets: ReportTargets): Promise<WrittenReport> {
  checkReportTargets(targets);
  const page = renderReportPage(document);
  const svgs: { file: string; svg: string }[] = [];
  const images = targets.images;
  if (images !== undefined) {
    // ECharts (the SVG renderer) is loaded only for --images: its ES modules, several
    // hundred files, cost about 0.35 s of CPU a process, most of a `sim report` without it.
    const { renderChartSvg, svgFileName } = await import("./renderChartSvg.ts");
    for (const block of document.blocks) {
      for (const chart of block.charts) {
        const view = chart.views[0];
        if (view === undefined) continue;
        svgs.push({ file: join(images.path, svgFileName(chart.id, document.blocks.length > 1 ? block.id : undefined)), svg: renderChartSvg(view) });
      }
    }
  }
  await writeOutputFileAsync(targets.page, page);
  if (images !== undefined) makeDirectory(images.path, images.option);
  for (const { file, svg } of svgs) await writeOutputFileAsync({ option: images?.option ?? "--images", path: file }, svg);
  return { page: targets.page.path, images: svgs.map((entry) => entry.file) };
}

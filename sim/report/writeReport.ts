import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomically } from "../io/atomicWrite.ts";
import { renderChartSvg, svgFileName } from "./renderChartSvg.ts";
import type { ReportDocument } from "./reportDocument.ts";
import { renderReportPage } from "./renderReportPage.ts";

export interface WrittenReport {
  readonly page: string;
  readonly images: readonly string[];
}

/**
 * Renders the whole report first, then writes it: the page under a temporary name
 * renamed into place (never half an HTML file), and with `imagesDir` one SVG per chart
 * (prefixed by its block when the report has several).
 */
export async function writeReport(document: ReportDocument, pagePath: string, imagesDir?: string): Promise<WrittenReport> {
  const page = renderReportPage(document);
  const svgs: { file: string; svg: string }[] = [];
  if (imagesDir !== undefined) {
    for (const block of document.blocks) {
      for (const chart of block.charts) {
        const view = chart.views[0];
        if (view === undefined) continue;
        svgs.push({ file: join(imagesDir, svgFileName(chart.id, document.blocks.length > 1 ? block.id : undefined)), svg: renderChartSvg(view) });
      }
    }
  }
  await writeFileAtomically(pagePath, page);
  if (imagesDir !== undefined) mkdirSync(imagesDir, { recursive: true });
  for (const { file, svg } of svgs) await writeFileAtomically(file, svg);
  return { page: pagePath, images: svgs.map((entry) => entry.file) };
}

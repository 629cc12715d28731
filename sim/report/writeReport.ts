import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../../src/errors.ts";
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
 * (prefixed by its block when the report has several). Missing directories are made,
 * as `sim run --out` makes its own; a place that cannot be written is the user's error.
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
  await writeOrRefuse(pagePath, page);
  for (const { file, svg } of svgs) await writeOrRefuse(file, svg);
  return { page: pagePath, images: svgs.map((entry) => entry.file) };
}

async function writeOrRefuse(path: string, contents: string): Promise<void> {
  try {
    mkdirSync(dirname(path), { recursive: true });
    await writeFileAtomically(path, contents);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new UserError(`cannot write ${path} (${code}: ${(error as Error).message})`);
  }
}

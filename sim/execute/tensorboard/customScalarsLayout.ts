import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { groupMetricKeys, type ChartGroup } from "../../format/chartGroups.ts";

/**
 * The Custom Scalars dashboard's layout, as TensorBoard's `custom_scalars` plugin reads
 * it: a summary value tagged `custom_scalars__config__` whose metadata names the plugin
 * and whose string tensor holds a serialized `Layout`
 * (tensorboard/plugins/custom_scalar/layout.proto):
 *   Layout { int32 version = 1; repeated Category category = 2; }
 *   Category { string title = 1; repeated Chart chart = 2; }
 *   Chart { string title = 1; MultilineChartContent multiline = 2; }
 *   MultilineChartContent { repeated string tag = 1; }   (each tag a regular expression)
 * and the summary fields around it (summary.proto, tensor.proto):
 *   Value { string tag = 1; TensorProto tensor = 8; SummaryMetadata metadata = 9; }
 *   SummaryMetadata { PluginData plugin_data = 1; }  PluginData { string plugin_name = 1; }
 *   TensorProto { DataType dtype = 1 (DT_STRING = 7); TensorShapeProto tensor_shape = 2; repeated bytes string_val = 8; }
 */
export const CUSTOM_SCALARS_TAG = "custom_scalars__config__";
const PLUGIN_NAME = "custom_scalars";
const DT_STRING = 7;

/** One multiline chart per metric family (the report's charts of several lines), in a category per section. */
export interface LayoutCategory {
  readonly title: string;
  readonly charts: readonly { readonly title: string; readonly tagRegex: string }[];
}

/**
 * The layout's categories: each family of the report (chartGroups.ts: the modality
 * fan-out, evictions and false evictions by mode, remaining and remaining fraction
 * min/max, the wipe count with its `_max`) is a multiline chart, in the category of its
 * section; `ledger_wipe_count` has no `ledger/` prefix but sits in the ledger category,
 * as the report puts it. The tags stay the plan's keys; only the layout groups them.
 * A family's regular expression matches its keys by pattern, so a key that appears later
 * (another modality) joins its chart.
 */
export function customScalarsCategories(keys: Iterable<string>): LayoutCategory[] {
  const categories = new Map<string, { title: string; tagRegex: string }[]>();
  for (const group of groupMetricKeys(keys)) {
    if (group.members.length < 2) continue;
    const charts = categories.get(group.section) ?? [];
    charts.push({ title: group.id, tagRegex: tagRegexOf(group) });
    categories.set(group.section, charts);
  }
  return [...categories.entries()].map(([title, charts]) => ({ title, charts }));
}

function tagRegexOf(group: ChartGroup): string {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (group.id.endsWith("*")) return `^${escape(group.id.slice(0, -1))}.*$`;
  if (group.id.endsWith("_{min,max}")) return `^${escape(group.id.slice(0, -"{min,max}".length))}(min|max)$`;
  return `^${escape(group.id)}(_max)?$`;
}

/** The layout as one Event (wall_time, step and a summary holding the layout value). */
export function encodeCustomScalarsEvent(wallTimeS: number, step: number, categories: readonly LayoutCategory[]): Uint8Array {
  const layout = new BinaryWriter().tag(1, WireType.Varint).int32(0);
  for (const category of categories) {
    layout.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(category.title);
    for (const chart of category.charts) {
      layout.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(chart.title);
      layout.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(chart.tagRegex).join();
      layout.join();
    }
    layout.join();
  }
  const layoutBytes = layout.finish();
  const event = new BinaryWriter().tag(1, WireType.Bit64).double(wallTimeS);
  if (step !== 0) event.tag(2, WireType.Varint).int64(step);
  event.tag(5, WireType.LengthDelimited).fork();
  event.tag(1, WireType.LengthDelimited).fork();
  event.tag(1, WireType.LengthDelimited).string(CUSTOM_SCALARS_TAG);
  event
    .tag(8, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.Varint)
    .int32(DT_STRING)
    .tag(2, WireType.LengthDelimited)
    .bytes(new Uint8Array(0))
    .tag(8, WireType.LengthDelimited)
    .bytes(layoutBytes)
    .join();
  event.tag(9, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(PLUGIN_NAME).join().join();
  event.join().join();
  return event.finish();
}

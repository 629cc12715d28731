// ECharts' one-file ES module build (renderChartSvg.ts loads it): the package ships no types
// for it, and it exports what the package's main entry does.
declare module "echarts/dist/echarts.esm.min" {
  export * from "echarts";
}

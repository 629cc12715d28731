/** The formats `sim export` writes: TensorBoard event files, W&B history JSONL. */
export const EXPORT_FORMATS = ["tensorboard", "wandb-history"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export { toBase64 } from "./base64";
export {
  type BinaryEvaluation,
  type BinaryEvaluationOptions,
  evaluateBinary,
  evaluationForReport,
  type MetricWithInterval,
} from "./binary-evaluation";
export { escapeHtml, jsonForScript } from "./escape";
export { packReportPayload, type ReportPayload } from "./payload";
export { renderReport } from "./render-report";
export { makeThumbnail, type ThumbnailOptions } from "./thumbnail";
export type {
  CellThumbnail,
  ReportCell,
  ReportEvaluation,
  ReportInput,
  ReportModel,
} from "./types";

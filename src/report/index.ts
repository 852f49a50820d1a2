export { toBase64 } from "./base64";
export { escapeHtml, jsonForScript } from "./escape";
export { packReportPayload, type ReportPayload } from "./payload";
export { renderReport } from "./render-report";
export type {
  CellThumbnail,
  ReportCell,
  ReportEvaluation,
  ReportInput,
  ReportModel,
} from "./types";

/** Small 8-bit pictures of one cell for the report: a false-colour composite and one gray plane per channel. */
export interface CellThumbnail {
  /** Edge length in pixels (thumbnails are square). */
  readonly size: number;
  /** size x size x 3 RGB bytes of the false-colour composite. */
  readonly rgb: Uint8Array;
  /** Channel names of `planes`, in order. */
  readonly channels: readonly string[];
  /** channels x size x size gray bytes, one plane per channel. */
  readonly planes: Uint8Array;
  /** Optional size x size occlusion heat map (0 = no influence, 255 = most), drawn over the composite. */
  readonly heatmap?: Uint8Array;
}

/** One classified cell as the report shows it. */
export interface ReportCell {
  /** Stable identifier (used to key review decisions). */
  readonly id: string;
  /** File (or archive entry) the cell came from. */
  readonly source: string;
  /** Index of the cell within its source (tile index for montages). */
  readonly index: number;
  /** Probability of the positive (CTC) class. */
  readonly positiveProbability: number;
  /** Probabilities of all classes, in the model's class order. */
  readonly probabilities: readonly number[];
  /** True class name, when labels were given. */
  readonly truth?: string;
  /** Pictures of the cell. */
  readonly thumbnail: CellThumbnail;
}

/** The model as the report's summary describes it. */
export interface ReportModel {
  /** Model name. */
  readonly name: string;
  /** Model version. */
  readonly version: string;
  /** Class names in output order. */
  readonly classNames: readonly string[];
  /** Name of the positive (CTC) class. */
  readonly positiveClass: string;
  /** Free-form model card lines (data, recipe, figures, intended use). */
  readonly card?: Readonly<Record<string, string>>;
}

/** Evaluation against labels: metric rows and SVG plots. */
export interface ReportEvaluation {
  /** Rows of the metrics table: name, value and optional interval text. */
  readonly metrics: readonly {
    /** Metric name. */
    readonly name: string;
    /** Formatted value. */
    readonly value: string;
    /** Formatted interval, when there is one. */
    readonly interval?: string;
  }[];
  /** Titled SVG strings (ROC, PR, calibration, confusion matrix). */
  readonly plots: readonly {
    /** Caption. */
    readonly title: string;
    /** Standalone SVG markup. */
    readonly svg: string;
  }[];
}

/** Everything {@link renderReport} needs. */
export interface ReportInput {
  /** Page title. */
  readonly title: string;
  /** Unique run identifier: review decisions are stored under it in the browser. */
  readonly runId: string;
  /** ISO time of the run. */
  readonly createdAt: string;
  /** The model used. */
  readonly model: ReportModel;
  /** Decision threshold on the positive-class probability the slider starts at. */
  readonly threshold: number;
  /** Run settings shown in the summary (inputs, TTA, batch size, threads ...). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /** Timings in seconds shown in the summary. */
  readonly timings: Readonly<Record<string, number>>;
  /** The cells. */
  readonly cells: readonly ReportCell[];
  /** Evaluation against labels, when labels were given. */
  readonly evaluation?: ReportEvaluation;
}

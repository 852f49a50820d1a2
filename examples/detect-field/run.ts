/**
 * The acceptance run of field detection on simulated paper-like fields: default detection, candidates
 * scored against the simulator's truth, classification with the bundled default model, end-to-end CTC
 * precision and recall, COCO detection AP, a large field streamed window by window, and a picture.
 *
 *     node --import tsx examples/detect-field/run.ts [edge] [seeds] [large edge] [large seed]
 *
 * Defaults: three 2048 x 2048 fields of seeds 1, 2, 3, and a 4096 x 4096 field of seed 4 that is never
 * held in memory. Writes examples/detect-field/out/detection-field.png (the first field, a third of its edge).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  annotationCentre,
  averagePrecision,
  type Candidate,
  classifyCells,
  describeCells,
  detectField,
  type FieldSource,
  matchDetections,
  stackSource,
  toCocoResults,
} from "../../src/detect/index";
import { writeRgbPng } from "../../src/io/index";
import { createNodeClassifier } from "../../src/node/index";
import {
  type FieldLayout,
  fieldLayout,
  fieldToCoco,
  renderFieldWindow,
  resolveConfig,
} from "../../src/synth/index";
import { type DrawnBox, drawBoxes, shrunkComposite } from "./picture";
import { ANUCLEATE_TYPES, candidateObjects, objectLabels, scoreCandidates, scoreCtc } from "./truth";

const here = dirname(fileURLToPath(import.meta.url));
const [edgeArg, seedsArg, largeArg, largeSeedArg] = process.argv.slice(2);
const edge = Number(edgeArg ?? 2048);
const seeds = (seedsArg ?? "1,2,3").split(",").map(Number);
const largeEdge = Number(largeArg ?? 4096);
const largeSeed = Number(largeSeedArg ?? 4);

const config = resolveConfig({ preset: "paper-like" });
const classifier = await createNodeClassifier(join(here, "../../models/default.ctcmodel.zip"), {
  threads: 2,
  batchSize: 64,
});
const CATEGORY_IDS = { CTC: 1, "non-CTC": 2 }; // as fieldToCoco's binary categories

/** A field rendered window by window on request, as a reader of a huge TIFF would serve it. */
function streamedSource(layout: FieldLayout, peak: { rss: number }): FieldSource {
  return {
    channels: config.channels.map((c) => c.name),
    height: layout.height,
    width: layout.width,
    pixelSizeUm: config.pixelSizeUm,
    readRegion(x, y, width, height, channels) {
      peak.rss = Math.max(peak.rss, process.memoryUsage().rss);
      const window = renderFieldWindow(layout, config, { x, y, width, height });
      return stackSource(window).readRegion(0, 0, width, height, channels);
    },
  };
}

interface FieldRun {
  readonly name: string;
  readonly layout: FieldLayout;
  readonly candidates: Candidate[];
  readonly hits: Int32Array;
  readonly calledCtc: boolean[];
  readonly detectS: number;
  readonly classifyS: number;
  readonly ap: number;
  readonly centroid: { recall: number; precision: number };
  readonly iou: { recall: number; precision: number };
}

async function run(
  name: string,
  layout: FieldLayout,
  source: FieldSource,
  tileSize?: number,
): Promise<FieldRun> {
  const t0 = performance.now();
  const candidates = detectField(source, tileSize === undefined ? {} : { tileSize });
  const t1 = performance.now();
  const classified = await classifyCells(describeCells(source, candidates), classifier);
  const t2 = performance.now();
  // classifyCells ranks by probability; the prediction's index puts each call back in candidate order.
  const calledCtc = new Array<boolean>(candidates.length);
  for (const cell of classified) calledCtc[cell.prediction.index] = cell.prediction.label === "CTC";
  const labels = objectLabels(layout);
  const hits = candidateObjects(labels, layout.width, candidates);
  const coco = fieldToCoco(layout, { segmentation: "polygon" });
  const scored = candidates.map((c) => ({ ...c, score: 1 }));
  const centres = coco.annotations.map((a) => ({ bbox: a.bbox, ...annotationCentre(a) }));
  // 8 pixels (5 um): a nucleus sits off its cell's centre by at most a few pixels.
  const centroid = matchDetections(scored, centres, { by: "centroid", threshold: 8 });
  const iou = matchDetections(scored, coco.annotations, { by: "iou", threshold: 0.5 });
  const { ap } = averagePrecision(
    coco.annotations,
    toCocoResults(1, classified, { categoryIds: CATEGORY_IDS }),
    { maxDetections: Number.POSITIVE_INFINITY },
  );
  return {
    name,
    layout,
    candidates,
    hits,
    calledCtc,
    detectS: (t1 - t0) / 1000,
    classifyS: (t2 - t1) / 1000,
    ap,
    centroid,
    iou,
  };
}

const runs: FieldRun[] = [];
let picture: { stack: ReturnType<typeof renderFieldWindow>; run: FieldRun } | undefined;
for (const seed of seeds) {
  const layout = fieldLayout(seed, config, { width: edge, height: edge });
  const stack = renderFieldWindow(layout, config, { x: 0, y: 0, width: edge, height: edge });
  const result = await run(`${edge} x ${edge}, seed ${seed}`, layout, stackSource(stack));
  runs.push(result);
  picture ??= { stack, run: result };
  console.error(`done ${result.name}`);
}
const peak = { rss: 0 };
const large = fieldLayout(largeSeed, config, { width: largeEdge, height: largeEdge });
runs.push(
  await run(
    `${largeEdge} x ${largeEdge}, seed ${largeSeed}, streamed`,
    large,
    streamedSource(large, peak),
    1024,
  ),
);

const pct = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(3) : "-");
console.log(
  "| field | objects | cells | candidates | recall (cells) | recall (all) | outside | extra | centroid R / P | IoU 0.5 R / P | detect MP/s | CTC objects | CTC P | CTC R | CTC F1 | AP@0.5 | cells/s end to end |",
);
console.log(
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
);
for (const r of runs) {
  const s = scoreCandidates(r.layout, r.hits);
  const c = scoreCtc(r.layout, r.hits, r.calledCtc);
  const precision = c.found / Math.max(1, c.found + c.falsePositives);
  const recall = c.found / Math.max(1, c.ctcObjects);
  const f1 = (2 * precision * recall) / Math.max(1e-12, precision + recall);
  const mp = (r.layout.width * r.layout.height) / 1e6;
  console.log(
    `| ${r.name} | ${r.layout.cells.length} | ${s.cells} | ${s.candidates} | ${pct(s.cellsFound, s.cells)} | ${pct(s.cellsFound + s.anucleateFound, s.cells + s.anucleate)} | ${s.outside} | ${s.extra} | ${r.centroid.recall.toFixed(3)} / ${r.centroid.precision.toFixed(3)} | ${r.iou.recall.toFixed(3)} / ${r.iou.precision.toFixed(3)} | ${(mp / r.detectS).toFixed(2)} | ${c.ctcObjects} | ${precision.toFixed(3)} | ${recall.toFixed(3)} | ${f1.toFixed(3)} | ${r.ap.toFixed(3)} | ${(s.candidates / (r.detectS + r.classifyS)).toFixed(0)} |`,
  );
}
console.log(`\nAnucleate objects (${ANUCLEATE_TYPES.join(", ")}) are left out of "recall (cells)".`);
console.log(
  `Streamed field: peak RSS while reading ${(peak.rss / 2 ** 20).toFixed(0)} MiB (the whole field would be ${((largeEdge * largeEdge * config.channels.length * 2) / 2 ** 20).toFixed(0)} MiB of pixels).`,
);

// The picture: green, a CTC called CTC; red, a CTC missed; yellow, a CTC call on anything else; white,
// a nucleated object without any candidate.
if (picture !== undefined) {
  const { stack, run: r } = picture;
  const factor = 3;
  const image = shrunkComposite(stack, factor, {
    DAPI: [60, 90, 255],
    CK: [255, 0, 255],
    CD45: [0, 190, 190],
  });
  const coco = fieldToCoco(r.layout, { segmentation: "none" });
  const calledObjects = new Set<number>();
  r.hits.forEach((k, i) => {
    if (k >= 0 && r.calledCtc[i]) calledObjects.add(k);
  });
  const anyCandidate = new Set(r.hits);
  const boxes: DrawnBox[] = [];
  r.layout.cells.forEach((cell, k) => {
    const { bbox } = coco.annotations[k];
    if (cell.truth.label === "CTC")
      boxes.push({ bbox, colour: calledObjects.has(k) ? [0, 255, 0] : [255, 0, 0] });
    else if (calledObjects.has(k)) boxes.push({ bbox, colour: [255, 255, 0] });
    else if (!anyCandidate.has(k) && !ANUCLEATE_TYPES.includes(cell.truth.type))
      boxes.push({ bbox, colour: [255, 255, 255] });
  });
  r.candidates.forEach((c, i) => {
    if (r.hits[i] < 0 && r.calledCtc[i]) boxes.push({ bbox: c.bbox, colour: [255, 255, 0] });
  });
  drawBoxes(image, factor, boxes);
  const out = join(here, "out");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "detection-field.png"), writeRgbPng(image));
  console.log(`Picture: ${join(out, "detection-field.png")} (${r.name}, shrunk ${factor}x)`);
}

// Runs the esbuild browser bundle in Node with onnxruntime-web (the app's dependency, left external).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import * as ort from "onnxruntime-web";
import { model, samples } from "./files.mjs";
import { classifyFiles, exportNames } from "./out/browser.bundle.mjs";

const files = samples.map((path) => ({ name: basename(path), bytes: new Uint8Array(readFileSync(path)) }));
const probabilities = await classifyFiles(ort, new Uint8Array(readFileSync(model)), files);
console.log(JSON.stringify({ exports: { "@persist/ctc/web": exportNames }, probabilities }));

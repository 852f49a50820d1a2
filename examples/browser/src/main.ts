import { defaultModel, samples } from "virtual:ctc-app-files";
import type { Backend, CellResult, InputFile, Reply, Request } from "./protocol";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const gallery = $<HTMLOListElement>("gallery");
const skipped = $<HTMLUListElement>("skipped");
const progress = $<HTMLProgressElement>("progress");
const status = $<HTMLSpanElement>("status");

/** `?backend=wasm|webgpu|auto&threads=N`: the end-to-end test and the benchmark pin these. */
const params = new URLSearchParams(location.search);
const backend = (params.get("backend") ?? "auto") as Backend;
const threads = params.has("threads") ? Number(params.get("threads")) : undefined;
const thumbnails = params.get("thumbnails") !== "0";

const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });

function send(request: Request, transfer: Transferable[] = []): void {
  worker.postMessage(request, transfer);
}

function setState(state: "ready" | "running" | "done" | "error", text: string): void {
  document.body.dataset.state = state;
  status.textContent = text;
}

function percent(p: number): string {
  return `${(100 * p).toFixed(1)}%`;
}

function addCell(cell: CellResult): void {
  const item = document.createElement("li");
  item.className = cell.positive ? "positive" : "negative";
  item.dataset.name = cell.name;
  item.dataset.label = cell.label;
  item.dataset.probabilities = JSON.stringify(cell.probabilities);
  if (cell.thumbnail !== undefined) {
    const { width, height, rgba } = cell.thumbnail;
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    canvas.getContext("2d")?.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
    item.append(canvas);
  }
  const label = document.createElement("div");
  label.className = "label";
  label.textContent = `${cell.label} · ${percent(cell.positiveProbability)}`;
  const name = document.createElement("div");
  name.textContent = cell.renamed ? `${cell.name} (channels named in the model's order)` : cell.name;
  item.append(label, name);
  gallery.append(item);
}

worker.addEventListener("message", (event: MessageEvent<Reply>) => {
  const reply = event.data;
  switch (reply.type) {
    case "ready":
      $("backend").textContent =
        `Execution providers: ${reply.providers.join(", ")}; wasm threads: ${reply.threads}` +
        (reply.isolated ? " (cross-origin isolated)" : " (not cross-origin isolated: one thread)");
      break;
    case "model":
      $("model-name").textContent =
        `${reply.name} ${reply.version}: classes ${reply.classes.join(" / ")}, ` +
        `channels ${reply.channels.join(", ")}, threshold ${reply.threshold.toFixed(3)}`;
      setState("ready", "Ready: drop cells.");
      break;
    case "progress":
      progress.max = Math.max(1, reply.total);
      progress.value = reply.done;
      status.textContent = `Classified ${reply.done} of ${reply.total} cells…`;
      break;
    case "cells":
      reply.cells.forEach(addCell);
      break;
    case "skipped": {
      const item = document.createElement("li");
      item.textContent = `Skipped ${reply.name}: ${reply.message}`;
      skipped.append(item);
      break;
    }
    case "done": {
      const rate = reply.count / (reply.milliseconds / 1000);
      document.body.dataset.milliseconds = String(reply.milliseconds);
      setState(
        "done",
        `Classified ${reply.count} cells in ${(reply.milliseconds / 1000).toFixed(2)} s (${rate.toFixed(1)} cells/s).`,
      );
      break;
    }
    case "error":
      setState("error", `Error: ${reply.message}`);
      break;
  }
});

async function loadModel(name: string, bytes: ArrayBuffer): Promise<void> {
  $("model-name").textContent = `loading ${name}…`;
  send({ type: "model", name, bytes }, [bytes]);
}

async function classify(files: readonly File[]): Promise<void> {
  const model = files.find((f) => /\.zip$/i.test(f.name));
  if (model !== undefined) await loadModel(model.name, await model.arrayBuffer());
  const cells = files.filter((f) => !/\.zip$/i.test(f.name) && !f.name.startsWith("."));
  if (cells.length === 0) return;
  gallery.replaceChildren();
  skipped.replaceChildren();
  setState("running", `Reading ${cells.length} files…`);
  const inputs: InputFile[] = await Promise.all(
    cells.map(async (f) => ({ name: f.webkitRelativePath || f.name, bytes: await f.arrayBuffer() })),
  );
  send(
    { type: "classify", files: inputs, thumbnails },
    inputs.map((f) => f.bytes),
  );
}

/** Every file under a dropped folder. */
async function filesOf(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    return [await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail))];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const entries: FileSystemEntry[] = [];
  // readEntries returns the entries in chunks, then an empty list.
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (chunk.length === 0) break;
    entries.push(...chunk);
  }
  return (await Promise.all(entries.map(filesOf))).flat();
}

const drop = $("drop");
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", async (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  const entries = [...(event.dataTransfer?.items ?? [])]
    .map((item) => item.webkitGetAsEntry())
    .filter((e): e is FileSystemEntry => e !== null);
  const files =
    entries.length > 0
      ? (await Promise.all(entries.map(filesOf))).flat()
      : [...(event.dataTransfer?.files ?? [])];
  await classify(files);
});
for (const id of ["cells-input", "folder-input", "model-input"]) {
  const input = $<HTMLInputElement>(id);
  input.addEventListener("change", async () => {
    const files = [...(input.files ?? [])];
    // Cleared, so choosing the same files again is a new change.
    input.value = "";
    await classify(files);
  });
}
$("samples").addEventListener("click", async () => {
  const files = await Promise.all(
    samples.map(
      async (path) => new File([await (await fetch(path)).arrayBuffer()], path.replace(/^samples\//, "")),
    ),
  );
  await classify(files);
});

send({ type: "init", wasmPrefix: new URL("ort/", document.baseURI).href, backend, threads });
if (defaultModel === undefined) {
  setState("ready", "No bundled model: choose a model bundle (.zip).");
} else {
  const response = await fetch(defaultModel);
  await loadModel(defaultModel.replace(/^models\//, ""), await response.arrayBuffer());
}

#!/bin/sh
# Run the classification benchmark (node backend) on a machine without Node, such as the lent GPU
# machine, whose 16 cores leave the two threads measured free of this machine's other jobs.
#
#   sh bench/classify/device.sh pack                    # here: Node, onnxruntime-node, a bundle -> .devcarry/
#   sh bench/classify/device.sh run THREADS OUT [ARGS]  # there, .devcarry carried: writes OUT/RESULTS.md
#
# THREADS is a list such as 2 or 1,2; ARGS go on to run.ts (`--cells 384`, say). The interpreter is the
# first python3 on PATH (there, the one with torch); it exports the model (make_models.py) when
# bench/classify/out/ has none.
set -e
case "$1" in
pack)
  sh training/device-pack.sh
  npx esbuild bench/classify/run.ts --bundle --platform=node --format=esm --target=node20 \
    --outfile=.devcarry/bench-classify.mjs --external:onnxruntime-node --external:onnxruntime-web \
    --log-level=warning
  ;;
run)
  RT=/tmp/ctc-rt
  mkdir -p "$RT" node_modules
  [ -x "$RT/node" ] || { xz -d < .devcarry/node.xz > "$RT/node"; chmod +x "$RT/node"; }
  [ -d node_modules/onnxruntime-node ] || tar -xJf .devcarry/ort.tar.xz -C node_modules
  # The bundle finds the model and reference.py beside itself.
  cp .devcarry/bench-classify.mjs bench/classify/run.device.mjs
  threads=$2 out=$3
  shift 3
  CTC_BENCH_PYTHON="$(command -v python3)" "$RT/node" bench/classify/run.device.mjs \
    --backends node --threads "$threads" --out "$out/RESULTS.md" "$@"
  ;;
*)
  echo "usage: sh bench/classify/device.sh pack | run THREADS OUT [ARGS]" >&2
  exit 2
  ;;
esac

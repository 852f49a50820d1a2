#!/bin/sh
# Pack what a Node-less GPU machine needs to run the streamer: a stripped Node binary, the CPU build of
# onnxruntime-node for linux-x64, and an esbuild bundle of training/stream.ts. Writes .devcarry/
# (list it in .git/info/exclude; carry it with the device tool together with training/data).
set -e
mkdir -p .devcarry
if [ ! -f .devcarry/node.xz ]; then
  cp "$(command -v node)" /tmp/node-strip && strip /tmp/node-strip
  xz -T2 -9 < /tmp/node-strip > .devcarry/node.xz
fi
if [ ! -f .devcarry/ort.tar.xz ]; then
  (cd node_modules && tar -cf - onnxruntime-node/package.json onnxruntime-node/dist onnxruntime-node/lib \
    onnxruntime-node/bin/napi-v6/linux/x64 onnxruntime-common/package.json onnxruntime-common/dist) |
    xz -T2 -6 > .devcarry/ort.tar.xz
fi
npx esbuild training/stream.ts --bundle --platform=node --format=cjs --target=node20 \
  --outfile=.devcarry/stream.cjs --external:onnxruntime-node --log-level=warning

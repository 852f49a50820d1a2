#!/bin/sh
# Unpack the carried Node runtime, onnxruntime-node and the streamer bundle on a machine without Node
# (the GPU machine), and point the trainer at them. Source it: `. training/device-setup.sh`.
# Build what it unpacks with `sh training/device-pack.sh` first.
set -e
RT=/tmp/ctc-rt
mkdir -p "$RT"
[ -x "$RT/node" ] || { xz -d < .devcarry/node.xz > "$RT/node"; chmod +x "$RT/node"; }
[ -d "$RT/node_modules/onnxruntime-node" ] || { mkdir -p "$RT/node_modules"; tar -xJf .devcarry/ort.tar.xz -C "$RT/node_modules"; }
cp .devcarry/stream.cjs "$RT/stream.cjs"
export CTC_STREAMER="$RT/node $RT/stream.cjs"
set +e

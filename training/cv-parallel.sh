#!/bin/bash
# Cross-validate several configurations at once on one machine: every (config, fold) pair runs as its
# own trainer + streamer pair (one fold per process), JOBS at a time, then each configuration is
# summarized (CV figures into the bundles, ensemble.json, cv.json).
#
#   cd training && bash cv-parallel.sh OUT_ROOT JOBS configs/a.json configs/b.json ...
#
# Environment: DEVICE (default auto), DEADLINE seconds for the training stage (default none),
# CTC_STREAMER and CTC_ORT_THREADS as for the trainer. Folds that fail are reported and skipped.
set -u
out=$1
jobs=$2
shift 2
mkdir -p "$out"
for config in "$@"; do
  name=$(basename "$config" .json)
  folds=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("cv", {}).get("folds", 5))' "$config")
  for ((fold = 0; fold < folds; fold++)); do echo "$config $out/$name $fold"; done
done | timeout "${DEADLINE:-0}" xargs -P "$jobs" -L 1 sh -c \
  'python3 -m ctc_train train --config "$0" --out "$1" --folds "$2" --no-summary --device "${DEVICE:-auto}" \
     --threads 1 > "$1.fold$2.log" 2>&1 || echo "FAILED $0 fold $2 (see $1.fold$2.log)"'
for config in "$@"; do
  name=$(basename "$config" .json)
  done_folds=$(ls -d "$out/$name"/fold-*/evaluation.json 2>/dev/null | sed 's|.*/fold-\([0-9]*\)/.*|\1|' | sort -n | paste -sd, -)
  [ -n "$done_folds" ] || { echo "no finished fold for $name"; continue; }
  python3 -m ctc_train summarize --config "$config" --out "$out/$name" --folds "$done_folds" \
    > "$out/$name.summary.json" 2> "$out/$name.summary.log" || echo "summary of $name failed"
done

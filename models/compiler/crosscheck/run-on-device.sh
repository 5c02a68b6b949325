#!/usr/bin/env bash
# The device-machine side of the cross-check, as one command (see README.md here):
#   bash models/compiler/crosscheck/run-on-device.sh
# Needs the carried .crosscheck/kit and .crosscheck/upstream (npm run crosscheck:prepare made them) and a
# Python with torch, numpy and onnxruntime (transformers for the image encoder). Writes the log, the JSON
# summary and upstream's outputs into $OUT. Exit status is crosscheck.py's: 0 pass, 1 fail, 2 setup.
set -uo pipefail
cd "$(dirname "$0")/../../.."
OUT=${OUT:-.crosscheck/out}
mkdir -p "$OUT"
for f in .crosscheck/kit/kit.json .crosscheck/upstream/UPSTREAM.json; do
  if [ ! -f "$f" ]; then
    echo "CROSSCHECK SETUP ERROR: $f is missing: run npm run crosscheck:prepare here, then carry .crosscheck/kit and .crosscheck/upstream" | tee "$OUT/crosscheck.log"
    exit 2
  fi
done
PY=""
for p in python3 python; do
  if command -v "$p" >/dev/null && "$p" -c "import torch, numpy" 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
  echo "CROSSCHECK SETUP ERROR: no python3/python here imports torch and numpy" | tee "$OUT/crosscheck.log"
  exit 2
fi
# Well inside the device tool's 10-minute limit: the whole run takes well under a minute there.
PYTHONUNBUFFERED=1 timeout 420 "$PY" models/compiler/crosscheck/crosscheck.py --out "$OUT" "$@" 2>&1 | tee "$OUT/crosscheck.log"
exit "${PIPESTATUS[0]}"

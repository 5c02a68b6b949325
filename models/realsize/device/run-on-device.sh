#!/usr/bin/env bash
# One call of the device tool: the DINOv2/DiT/VAE cross-check against upstream, then the size-faithful
# stand-ins generated there and timed with onnxruntime's CUDA provider (Python) and onnxruntime-node's
# WebGPU provider. Run from a kit folder that make-kit.sh filled (see README.md here):
#   bash .gpu/run-on-device.sh          (SMALL=1 for a dry run on toy widths)
# Writes at most 8 files into $OUT: run.log, crosscheck.log, crosscheck-summary.json, cc-upstream.tar,
# ort-cuda.json (or ort-cpu.json where the Python binding has no CUDA provider), ort-webgpu.json.
set -uo pipefail
KIT=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$KIT/.." && pwd)
OUT=${OUT:-/tmp/realsize-out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/run.log") 2>&1
SMALL=${SMALL:-}
say() { echo "== $(date +%T) $*"; }

say "machine"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1 | head -3
python3 -m pip show onnxruntime onnxruntime-gpu 2>/dev/null | grep -E '^(Name|Version)'

say "unpack node, onnxruntime-node, the Vulkan loader"
python3 - "$KIT" <<'EOF'
import lzma, shutil, sys, tarfile, os
kit = sys.argv[1]
with lzma.open(f"{kit}/node.xz") as src, open("/tmp/node", "wb") as dst:
    shutil.copyfileobj(src, dst)
os.chmod("/tmp/node", 0o755)
tarfile.open(f"{kit}/ort.tar.xz").extractall("/tmp/ortpkg")
EOF
# Only on the (disposable) device machine: never unpack into / elsewhere.
if command -v nvidia-smi >/dev/null; then
  for f in "$KIT"/gl/*.deb; do dpkg -x "$f" / 2>/dev/null || echo "could not unpack $f"; done
  ldconfig 2>/dev/null
fi
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  if [ -f "$icd" ]; then export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd; echo "Vulkan ICD $icd"; break; fi
done
/tmp/node --version

say "cross-check against upstream (in the background)"
# The kit carries this branch's cross-check scripts (models/compiler/crosscheck) beside its data, so the
# check runs as committed here whatever the checkout it lands in holds.
CC_OUT=/tmp/cc-out
mkdir -p "$CC_OUT"
(OUT=$CC_OUT timeout 240 bash "$KIT/models/compiler/crosscheck/run-on-device.sh" >/dev/null 2>&1; echo "crosscheck exit $?" >>"$CC_OUT/crosscheck.log") &
CC=$!

say "generate the stand-ins"
G=/tmp/standins
timeout 120 /tmp/node "$KIT/generate.mjs" --out "$G" ${SMALL:+--small}
df -h /tmp | tail -1

say "onnxruntime (Python), CUDA"
if ! PYTHONUNBUFFERED=1 timeout 140 python3 "$KIT/time_ort.py" "$G" "$OUT/ort-cuda.json" --provider cuda --chunk 262144; then
  say "no CUDA execution provider: every graph on the CPU execution provider (16 cores), VAE queries from 4 chunks"
  PYTHONUNBUFFERED=1 timeout 150 python3 "$KIT/time_ort.py" "$G" "$OUT/ort-cpu.json" --provider cpu --chunk 16384 --max-chunks 4 --runs 1
fi

say "Vulkan for Dawn"
ls /usr/local/nvidia/lib64 2>/dev/null | grep -i -E "glx_nvidia|vulkan|glvk" | head -5
for lib in /usr/local/nvidia/lib64/libGLX_nvidia.so.0 $(ldconfig -p | awk '/libGLX_nvidia.so.0/ {print $NF; exit}'); do
  [ -f "$lib" ] && { ldd "$lib" | grep -i "not found"; echo "ldd $lib done"; break; }
done
export LD_LIBRARY_PATH=/usr/local/nvidia/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

say "onnxruntime-node, WebGPU"
ORT_NODE_MODULES=/tmp/ortpkg/node_modules timeout 150 /tmp/node "$KIT/time-webgpu.mjs" "$G" "$OUT/ort-webgpu.json" --provider webgpu --chunk 65536 2>&1 | grep -v MergeShapeInfo

say "waiting for the cross-check"
wait $CC
cp "$CC_OUT/crosscheck.log" "$CC_OUT/crosscheck-summary.json" "$OUT/" 2>/dev/null
(cd "$CC_OUT" && tar -cf "$OUT/cc-upstream.tar" upstream 2>/dev/null)
tail -3 "$OUT/crosscheck.log"
say "done"

#!/usr/bin/env bash
# The part of the cross-check this CPU-only machine can run: upstream's DiT and VAE (PartCrafter's code
# on diffusers v0.34.0) on Debian's PyTorch 1.13, compared with the kit's onnxruntime-node outputs and
# the TS reference. No transformers (so no image encoder) and no Python onnxruntime here; site/ fills in
# what torch 1.13 and Debian lack (see its files). The real check is crosscheck.py on the device.
#
#   models/compiler/crosscheck/dev/dry-run.sh [MIRRORS]   (default /work/.mirror; needs the
#   huggingface+huggingface_hub mirror besides those copy-upstream.sh needs)
set -euo pipefail
cd "$(dirname "$0")/../../../.."
MIRRORS=${1:-/work/.mirror}
PY=/usr/bin/python3
if ! "$PY" -c "import torch, numpy" 2>/dev/null; then
  echo "dry-run: needs Debian's PyTorch for $PY:" >&2
  echo "  apt-get install -y --no-install-recommends python3-torch python3-numpy python3-filelock python3-fsspec python3-yaml python3-tqdm python3-packaging python3-typing-extensions python3-requests python3-regex python3-pil" >&2
  exit 2
fi
SITE=.crosscheck/dry-run-site
rm -rf "$SITE"
mkdir -p "$SITE"
# huggingface_hub (pure Python; diffusers imports it): the 0.x line, which runs on Debian's requests.
git --git-dir="$MIRRORS/huggingface+huggingface_hub/repo" archive v0.36.2 src/huggingface_hub 2> >(grep -v '^error: invalid object' >&2) \
  | tar -x -C "$SITE" --strip-components=1
cp -r models/compiler/crosscheck/dev/site/. "$SITE/"
[ -f .crosscheck/kit/kit.json ] || npm run crosscheck:kit
[ -f .crosscheck/upstream/UPSTREAM.json ] || models/compiler/crosscheck/copy-upstream.sh "$MIRRORS"
PYTHONPATH="$SITE" PYTHONUNBUFFERED=1 "$PY" models/compiler/crosscheck/crosscheck.py \
  --diffusers v0.34.0 --skip image_encoder --no-ort --out .crosscheck/dry-run "$@"

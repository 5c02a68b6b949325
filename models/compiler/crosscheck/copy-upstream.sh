#!/usr/bin/env bash
# Copies the upstream Python sources crosscheck.py runs from local read-only git mirrors into the
# ignored folder .crosscheck/upstream, so they can travel to the PyTorch machine with `carry`. Upstream
# code is read and run, never committed here: this script only names what to take.
#
#   models/compiler/crosscheck/copy-upstream.sh [MIRRORS]   (default /work/.mirror)
#
# MIRRORS holds <owner>+<name>/repo git directories (what the session's `fetch` tool makes for
# github:wgsxm/PartCrafter, github:huggingface/diffusers and github:arogozhnikov/einops).
#
# What is taken, and why (read from the import lines of the files themselves):
# - PartCrafter @ 269bd41, src/models only: partcrafter_transformer.py (the DiT), attention_processor.py
#   (TripoSG and PartCrafter processors), autoencoders/{autoencoder_kl_triposg,vae}.py (the VAE),
#   embeddings.py (the point embedding) and the two package __init__ files. The pipeline, schedulers and
#   utils are not needed: crosscheck.py calls the modules the way the pipeline does.
# - diffusers src/diffusers without pipelines/ and modular_pipelines/ (14–17 MB of pipeline code that
#   nothing on the model import path loads; diffusers' own __init__ files import them lazily).
#   v0.34.0 is the version the released checkpoint was saved with (model_index.json); v0.40.0 is the
#   newest release, for a machine whose huggingface_hub/torch no longer suit 0.34. The Attention,
#   RMSNorm, FP32LayerNorm, FeedForward and Timesteps code PartCrafter uses is the same in both
#   (compared with git diff); crosscheck.py uses the first one that imports and says which.
#   Version range the imports need: >= v0.30.0, the first release with Attention(qk_norm="rms_norm")
#   and normalization.FP32LayerNorm (git log -S in the mirror: 27637a5402, 2261510bbc; PeftAdapterMixin
#   is from v0.26.0, models/autoencoders/vae.py DecoderOutput from v0.25.0), through v0.40.0.
# - einops v0.8.2 (pure Python): attention_processor.py imports rearrange, and the global blocks use it.
set -euo pipefail
cd "$(dirname "$0")/../../.."
MIRRORS=${1:-/work/.mirror}
OUT=.crosscheck/upstream

PARTCRAFTER_COMMIT=269bd4164fbe35b17a6e58f8d6934262822082eb
DIFFUSERS_TAGS=(v0.34.0 v0.40.0)
EINOPS_TAG=v0.8.2

mirror() {
  local dir="$MIRRORS/$1/repo"
  if ! git --git-dir="$dir" rev-parse --verify -q HEAD >/dev/null; then
    echo "copy-upstream: no git mirror at $dir (fetch github:${1/+//} first)" >&2
    exit 1
  fi
  echo "$dir"
}

# extract <git dir> <ref> <dest> <paths...>: the paths at that ref, under dest.
extract() {
  local git_dir=$1 ref=$2 dest=$3
  shift 3
  if ! git --git-dir="$git_dir" rev-parse --verify -q "$ref^{commit}" >/dev/null; then
    echo "copy-upstream: $ref is not in $git_dir (fetch a newer snapshot)" >&2
    exit 1
  fi
  mkdir -p "$dest"
  # A snapshot mirror may lack its largest blobs (binary assets); git archive names them on stderr
  # even when they are outside the requested paths, and still exits 0 with the paths intact.
  git --git-dir="$git_dir" archive --format=tar "$ref" -- "$@" 2> >(grep -v '^error: invalid object' >&2) | tar -x -C "$dest"
}

rm -rf "$OUT"
mkdir -p "$OUT"

pc=$(mirror wgsxm+PartCrafter)
extract "$pc" "$PARTCRAFTER_COMMIT" "$OUT/partcrafter" LICENSE \
  src/models/attention_processor.py src/models/embeddings.py \
  src/models/autoencoders/__init__.py src/models/autoencoders/autoencoder_kl_triposg.py src/models/autoencoders/vae.py \
  src/models/transformers/__init__.py src/models/transformers/partcrafter_transformer.py src/models/transformers/modeling_outputs.py

# Upstream imports these as the package `src.models` but ships no __init__.py for `src` or `src/models`
# (namespace packages). Empty markers make them regular packages, so an unrelated installed package
# named `src` cannot shadow them (a regular package anywhere on sys.path beats a namespace one).
touch "$OUT/partcrafter/src/__init__.py" "$OUT/partcrafter/src/models/__init__.py"

df=$(mirror huggingface+diffusers)
for tag in "${DIFFUSERS_TAGS[@]}"; do
  extract "$df" "$tag" "$OUT/diffusers-$tag" LICENSE src/diffusers
  rm -rf "$OUT/diffusers-$tag/src/diffusers/pipelines" "$OUT/diffusers-$tag/src/diffusers/modular_pipelines"
done

ei=$(mirror arogozhnikov+einops)
extract "$ei" "$EINOPS_TAG" "$OUT/einops" LICENSE einops
rm -rf "$OUT/einops/einops/tests"

# What was copied, for the report crosscheck.py prints.
{
  echo '{'
  echo "  \"partcrafter\": {\"repo\": \"wgsxm/PartCrafter\", \"commit\": \"$PARTCRAFTER_COMMIT\", \"path\": \"partcrafter\"},"
  echo '  "diffusers": ['
  sep=''
  for tag in "${DIFFUSERS_TAGS[@]}"; do
    commit=$(git --git-dir="$df" rev-parse "$tag^{commit}")
    printf '%s    {"tag": "%s", "commit": "%s", "path": "diffusers-%s/src"}' "$sep" "$tag" "$commit" "$tag"
    sep=$',\n'
  done
  printf '\n  ],\n'
  echo "  \"einops\": {\"tag\": \"$EINOPS_TAG\", \"commit\": \"$(git --git-dir="$ei" rev-parse "$EINOPS_TAG^{commit}")\", \"path\": \"einops\"}"
  echo '}'
} >"$OUT/UPSTREAM.json"

echo "copy-upstream: $(du -sh "$OUT" | cut -f1) in $OUT"

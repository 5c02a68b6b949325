#!/usr/bin/env bash
# Fills the kit the device call carries (default .gpu, which must be git-ignored): the stand-in
# generator bundled into one file, the timing scripts, Node and onnxruntime-node's Linux x64 build
# (xz), Debian's Vulkan loader for Dawn, and the cross-check kit when `npm run crosscheck:prepare` made
# it. About 55 MB, under the device tool's 64 MiB.
#   bash models/realsize/device/make-kit.sh [kit dir]
set -euo pipefail
cd "$(dirname "$0")/../../.."
KIT=${1:-.gpu}
mkdir -p "$KIT/gl" "$KIT/.crosscheck" "$KIT/models/compiler"
npx esbuild models/realsize/generate.ts --bundle --platform=node --format=esm --target=node20 --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" --outfile="$KIT/generate.mjs"
cp models/realsize/device/{time_ort.py,time-webgpu.mjs,feeds.json,run-on-device.sh} "$KIT/"
[ -f "$KIT/node.xz" ] || xz -T2 -6 -c "$(readlink -f "$(command -v node)")" >"$KIT/node.xz"
if [ ! -f "$KIT/ort.tar.xz" ]; then
  tmp=$(mktemp -d)
  pkg=$tmp/node_modules/onnxruntime-node
  mkdir -p "$pkg/bin/napi-v6/linux"
  cp -r node_modules/onnxruntime-node/{dist,package.json} "$pkg/"
  cp -r node_modules/onnxruntime-node/bin/napi-v6/linux/x64 "$pkg/bin/napi-v6/linux/"
  cp -r node_modules/onnxruntime-common "$tmp/node_modules/"
  tar -C "$tmp" -cf - node_modules | xz -T2 -6 >"$KIT/ort.tar.xz"
  rm -rf "$tmp"
fi
if ! ls "$KIT"/gl/*.deb >/dev/null 2>&1; then
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  mkdir -p /tmp/amd64/partial
  apt-get $o update >/dev/null && (cd "$KIT/gl" && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
# The cross-check's scripts and data, laid out as in the repository (its run-on-device.sh finds the
# data relative to itself).
rm -rf "$KIT/models/compiler/crosscheck"
cp -r models/compiler/crosscheck "$KIT/models/compiler/"
if [ -d .crosscheck/kit ] && [ -d .crosscheck/upstream ]; then
  rm -rf "$KIT/.crosscheck/kit" "$KIT/.crosscheck/upstream"
  cp -r .crosscheck/kit .crosscheck/upstream "$KIT/.crosscheck/"
fi
du -sh "$KIT"

#!/bin/sh
# Runs `npm run bench:gpu` (its options: scripts/bench-gpu.args, or those given here instead) from a copy of
# the repository that carries .gpu-kit/ (scripts/gpu-kit.sh), on a machine with no Node: the kit's
# Node, Vulkan loader and packages, and the NVIDIA Vulkan driver where the machine mounts it outside
# the loader's search path. Prints the table; with OUT set, also writes it to $OUT/bench-gpu.txt.
set -eu
cd "$(dirname "$0")/.."
kit=/tmp/deltascope-gpu-kit
mkdir -p "$kit" && tar -C "$kit" -xJf .gpu-kit/kit.tar.xz
[ -e node_modules ] || ln -s "$kit/node_modules" node_modules
export LD_LIBRARY_PATH="$kit/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && [ -f "$nvidia_icd" ]; then export VK_DRIVER_FILES="$nvidia_icd"; fi
export DELTASCOPE_WEBGPU=dawn
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader || true
[ $# -gt 0 ] || set -- $(cat scripts/bench-gpu.args)
"$kit/bin/node" node_modules/tsx/dist/cli.mjs src/cli/bench.ts "$@" | tee "${OUT:-/tmp}/bench-gpu.txt"

#!/bin/sh
# Packs what `npm run bench:gpu` needs on a machine with a GPU but without Node or network (the
# device machine of README "A real GPU"): this Node binary, the Vulkan loader, and the few packages
# the bench imports at run time (tsx with esbuild, Dawn's linux-x64 binding), into .gpu-kit/
# (git-ignored, about 40 MB). scripts/bench-gpu-device.sh unpacks and runs it there.
set -eu
cd "$(dirname "$0")/.."
kit=.gpu-kit
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/lib" "$stage/node_modules/@esbuild" "$stage/node_modules/webgpu/dist"
cp "$(node -p process.execPath)" "$stage/bin/node"
cp -L /usr/lib/x86_64-linux-gnu/libvulkan.so.1 "$stage/lib/libvulkan.so.1"
for p in tsx esbuild; do cp -R "node_modules/$p" "$stage/node_modules/$p"; done
cp -R node_modules/@esbuild/linux-x64 "$stage/node_modules/@esbuild/linux-x64"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$stage/node_modules/webgpu/"
cp -R node_modules/webgpu/dist/linux-x64 "$stage/node_modules/webgpu/dist/linux-x64"
rm -rf "$kit" && mkdir -p "$kit"
tar -C "$stage" -cJf "$kit/kit.tar.xz" .
du -sh "$kit/kit.tar.xz"

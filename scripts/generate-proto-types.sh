#!/usr/bin/env bash
# Regenerates the TypeScript types of proto/*.proto (used with @grpc/proto-loader at run time). Run after
# editing a .proto file; the output is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=packages/hub/src/auth/grpc/generated
rm -rf "$out"
npx proto-loader-gen-types --grpcLib=@grpc/grpc-js --keepCase --longs=String --enums=String --oneofs \
  --outDir="$out" proto/auth.proto
# NodeNext resolution wants explicit extensions on relative imports.
find "$out" -name '*.ts' -exec sed -i -E "s#(from '\.{1,2}/[^']*)';#\1.js';#" {} +

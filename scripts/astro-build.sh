#!/bin/sh
# `astro build` with the two process settings that keep its memory small while Pagefind's indexer runs
# beside it at the end of the build (src/integrations/build-output.ts). Both must be set before node
# starts, so they live here, and `npm run build` and `npm run bench:build` both build through this file.
# Measured at 1,000 articles, node's resident size at the build's peak (the sum with Pagefind's), two to
# five runs each:
#   neither                      264-276 MB
#   MALLOC_MMAP_THRESHOLD_ only  244-258 MB
#   --max-semi-space-size=8 only 229-254 MB
#   both                         211-217 MB
# and the same wall and CPU time within the noise of a shared machine (14.7-16.9 s, 22.1-25.8 s of CPU
# at load 2-4, any of the four).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)

# glibc raises its mmap threshold each time a large block is freed, up to 32 MB, after which large
# blocks (compression states, parser buffers) come from its heaps and stay resident there once freed.
# A fixed threshold keeps blocks of 128 KB and more in their own mappings, handed back when freed. (Each
# is mapped and faulted in anew, so nothing should allocate them per file: see precompress.ts.)
export MALLOC_MMAP_THRESHOLD_=131072
export ASTRO_TELEMETRY_DISABLED=1

# V8 lets the young generation grow to two 16 MB semi-spaces and never shrinks it in a build: ~33 MB kept
# resident through the end of the build. 8 MB semi-spaces cost no measurable CPU here.
exec node --max-semi-space-size=8 "$root/node_modules/astro/astro.js" build "$@"

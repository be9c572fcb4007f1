#!/usr/bin/env bash
# Folders are layers: common <- raster, species <- scenarios <- sim <- report <- app; common <- mpi <- app.
# Fails, naming the file, line and include, when a file includes a folder above its own.
# Usage: layering.sh SOURCE_DIR
set -euo pipefail
cd "$1"
declare -A allowed=(
  [common]="common"
  [raster]="common raster"
  [species]="common species"
  [scenarios]="common raster species scenarios"
  [sim]="common raster species scenarios sim"
  [report]="common raster species scenarios sim report"
  [mpi]="common mpi"
  [app]="common raster species scenarios sim report mpi app"
)
bad=0
checked=0
for folder in "${!allowed[@]}"; do
  while IFS= read -r file; do
    checked=$((checked + 1))
    while IFS=: read -r line include; do
      target=${include#*\"}; target=${target%%/*}
      [ -n "${allowed[$target]+x}" ] || continue  # not a project folder (e.g. a same-folder header)
      if [[ " ${allowed[$folder]} " != *" $target "* ]]; then
        echo "$file:$line: includes $target/ ($include); $folder/ may include only: ${allowed[$folder]}"
        bad=1
      fi
    done < <(grep -n '^#include "' "$file" | sed 's/^\([0-9]*\):#include /\1:/')
  done < <(find "$folder" -name '*.h' -o -name '*.cpp' | sort)
done
echo "layering: $checked files checked"
exit $bad

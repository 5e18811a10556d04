#!/bin/sh
# Draws images/icon.png (128x128), the extension's Marketplace icon: a page of a brief with
# text lines and a red-starred seal, under a magnifying lens. Needs ImageMagick 6
# (Debian: apt-get install -y imagemagick). Not shipped: .vscodeignore keeps only icon.png.
#   sh images/make-icon.sh
set -eu
cd "$(dirname "$0")"
CONVERT=${CONVERT:-/usr/bin/convert}
"$CONVERT" -size 512x512 xc:none \
  -fill '#12324a' -draw 'roundrectangle 16,16 496,496 96,96' \
  -fill '#f4efe3' -draw 'polygon 120,88 312,88 380,156 380,424 120,424' \
  -fill '#d9d0bb' -draw 'polygon 312,88 312,156 380,156' \
  -stroke '#8a99a6' -strokewidth 14 -draw 'line 160,190 320,190' -draw 'line 160,236 300,236' \
  -draw 'line 160,282 250,282' -draw 'line 160,328 230,328' -stroke none \
  -fill '#da251d' -draw 'circle 178,382 178,358' \
  -fill '#ffcd00' -draw 'polygon 178,366 182,377 194,377 184,384 188,396 178,389 168,396 172,384 162,377 174,377' \
  -fill 'rgba(120,200,255,0.28)' -stroke '#ffcd00' -strokewidth 30 -draw 'circle 318,318 318,228' \
  -stroke '#ffcd00' -strokewidth 44 -draw 'line 384,384 452,452' \
  -resize 128x128 -strip PNG32:icon.png
echo "wrote $(pwd)/icon.png"

#!/usr/bin/env bash
# Remakes the studio's icons from the drawing below (needs ImageMagick's convert and xxd):
#   detection-studio.png   256x256, Linux (jpackage --icon, the .desktop entry)
#   detection-studio.ico   16-256 px, Windows (jpackage --icon for .msi/.exe)
#   detection-studio.icns  128/256/512 px PNGs, macOS (jpackage --icon for .dmg/.pkg)
# The drawing: a yellow toy duck inside a labelled detection box, on a dark rounded square.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

convert -size 512x512 xc:none \
  -fill '#1d3447' -draw 'roundrectangle 16,16 495,495 96,96' \
  -fill '#f6c33b' -draw 'ellipse 270,330 140,95 0,360' \
  -fill '#f6c33b' -draw 'circle 200,205 200,130' \
  -fill '#f29a2e' -draw 'polygon 120,200 60,222 122,236' \
  -fill '#1d3447' -draw 'circle 190,190 190,174' \
  -fill '#e3a92a' -draw 'ellipse 300,320 80,45 200,340' \
  -fill none -stroke '#4fd1ff' -strokewidth 14 -draw 'rectangle 52,112 438,446' \
  -stroke none -fill '#4fd1ff' -draw 'rectangle 52,72 236,112' \
  -depth 8 -strip "$tmp/512.png"
convert "$tmp/512.png" -resize 256x256 -depth 8 -strip detection-studio.png
convert "$tmp/512.png" -resize 128x128 -depth 8 -strip "$tmp/128.png"
convert "$tmp/512.png" -depth 8 -define icon:auto-resize=256,128,64,48,32,16 detection-studio.ico

# ICNS: "icns" + total length, then (type, length incl. 8-byte header, PNG) per size; big-endian lengths.
be32() { printf '%08x' "$1" | xxd -r -p; }
{
  for entry in ic07:128 ic08:256 ic09:512; do
    type=${entry%%:*} size=${entry##*:}
    png="$tmp/$size.png"
    [ -f "$png" ] || png=detection-studio.png
    printf '%s' "$type"; be32 $(( $(stat -c %s "$png") + 8 )); cat "$png"
  done
} > "$tmp/body"
{ printf 'icns'; be32 $(( $(stat -c %s "$tmp/body") + 8 )); cat "$tmp/body"; } > detection-studio.icns
ls -l detection-studio.png detection-studio.ico detection-studio.icns

#!/bin/sh
# report_screenshot.sh — scaleahead-sim's HTML report as a reader sees it,
# in headless Chromium: builds a fleet that has to move (datagen's realistic
# profile, 14 days at 5 minutes, demand cpu x 5, --min 2 --max 12, a
# 10-minute warm-up), trains a small original model with a 2-step horizon
# on another seed of the same profile, writes two reports — every policy
# (--policy all --quantile 0.9 with the calendar) and the quantile sweep —
# and screenshots each: the first screen (1400 x 900, what a reader sees
# before scrolling) and the whole page (1400 x 6000).
#
# Usage: sh tools/report_screenshot.sh [DIR]    (make report-screenshot)
#   DIR receives the data, model, all.html, sweep.html and
#   {all,sweep}_{top,full}.png (default: plots/report). BIN points at the
#   tools (default bin). Needs Debian's chromium (apt-get install chromium;
#   make deps does not install it: the tests do not need it).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-bin}
DIR=${1:-plots/report}
mkdir -p "$DIR"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "report_screenshot.sh: chromium not found (apt-get install chromium)" >&2
    exit 1
fi

"$BIN/scaleahead-datagen" --profile realistic --days 14 --seed 7 -o "$DIR/fleet_train.csv" 2>/dev/null
"$BIN/scaleahead-datagen" --profile realistic --days 14 --seed 8 -o "$DIR/fleet.csv" \
    --calendar-out "$DIR/fleet_calendar.csv" 2>/dev/null
[ -s "$DIR/fleet_h2.h5" ] ||
    "$BIN/scaleahead-train" -q --data "$DIR/fleet_train.csv" --arch original --horizon 2 \
        --epochs 8 --threads 2 -o "$DIR/fleet_h2.h5" >/dev/null
FLEET="--base-instances 5 --min 2 --max 12 --warmup 600"
# shellcheck disable=SC2086
"$BIN/scaleahead-sim" -q --policy all --quantile 0.9 $FLEET --model "$DIR/fleet_h2.h5" \
    --calendar "$DIR/fleet_calendar.csv" --html "$DIR/all.html" "$DIR/fleet.csv" >/dev/null
# shellcheck disable=SC2086
"$BIN/scaleahead-sim" -q --sweep-quantile 0.5,0.6,0.7,0.8,0.9 $FLEET --model "$DIR/fleet_h2.h5" \
    --html "$DIR/sweep.html" "$DIR/fleet.csv" >/dev/null

# shot PAGE PNG HEIGHT: PAGE rendered at 1400 x HEIGHT into PNG, in a
# fresh profile, with nothing fetched from the network (the page needs
# nothing: it is self-contained).
shot() {
    profile=$(mktemp -d)
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --window-size="1400,$3" \
        --screenshot="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")" \
        "file://$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" >/dev/null 2>&1
    rm -rf "$profile"
    [ -s "$2" ] || { echo "report_screenshot.sh: chromium wrote no $2" >&2; exit 1; }
}
for page in all sweep; do
    shot "$DIR/$page.html" "$DIR/${page}_top.png" 900
    shot "$DIR/$page.html" "$DIR/${page}_full.png" 6000
done
echo "report_screenshot.sh: $DIR/{all,sweep}.html and {all,sweep}_{top,full}.png (from $TOP)"

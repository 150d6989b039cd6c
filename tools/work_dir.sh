# work_dir.sh — sourced by the bench and tools scripts after they set TOP:
# DIR becomes the script's first argument (created if missing), or, with
# no argument, a temporary folder removed when the script exits.
# Usage (at the top level of the script, so that $1 is the script's own):
#   . "$TOP/tools/work_dir.sh"
if [ $# -ge 1 ]; then
    DIR=$1
    mkdir -p "$DIR"
else
    DIR=$(mktemp -d)
    trap 'rm -rf "$DIR"' EXIT
fi

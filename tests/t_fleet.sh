# t_fleet.sh — scaleahead-train --fleet (issue 24): one model per series of
# a directory or a list, the fleet table and report, a bad series that does
# not stop the others, the same models as one-series runs whatever the
# thread count, and --resume OUTDIR after a stop.
. "$TOP/tests/lib.sh"

T="$BIN/scaleahead-train"
mkdir -p "$WORK/fleet"
for s in 1 2 3; do
    "$BIN/scaleahead-datagen" --days 3 --seed $s -o "$WORK/fleet/web-$s.csv" 2>/dev/null
done
printf 'timestamp,cpu_utilization\n2025-01-06 00:00:00,5\n2025-01-06 00:05:00,6\n' >"$WORK/fleet/tiny.csv"
quick="--epochs 2 -q"

expect_exit "fleet: a bad series fails its row and the run exits 1" 1 \
    '1 of 4 series failed \(status failed in .*/models/fleet.csv\)' \
    "$T" --fleet "$WORK/fleet" -o "$WORK/models" $quick --threads 2
check "fleet: the table has a header and a row per series, by name" \
    [ "$(cut -d, -f1 "$WORK/models/fleet.csv" | tr '\n' ' ')" = "series tiny web-1 web-2 web-3 " ]
check "fleet: the bad series' row is failed and says why" \
    grep -qE '^tiny,0,,,,,,,[0-9.]+,failed,.*tiny.csv: 2 rows are too few' "$WORK/models/fleet.csv"
check "fleet: the good series are ok, with a chosen model and finite measures" \
    [ "$(grep -cE '^web-[123],864,[a-z_-]+,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+,-?[0-9.e-]+,[0-9.]+,[0-9.]+,ok,$' "$WORK/models/fleet.csv")" -eq 3 ]
check "fleet: a model file per good series, none for the bad one" \
    sh -c "[ -s '$WORK/models/web-1.h5' ] && [ -s '$WORK/models/web-3.h5' ] && [ ! -e '$WORK/models/tiny.h5' ]"
check "fleet: the report lists the failed series first" \
    sh -c "grep -A2 'worst first' '$WORK/models/report.txt' | tail -1 | grep -q '^tiny .*failed'"
check "fleet: the report has the skill distribution and its plot script" \
    sh -c "grep -q '^skill (1 - test MAE / persistence MAE) over 3 series' '$WORK/models/report.txt' && [ -s '$WORK/models/skill.gp' ]"
check "fleet: the models forecast" \
    sh -c "'$BIN/scaleahead-predict' -q --model '$WORK/models/web-2.h5' --last '$WORK/fleet/web-2.csv' | grep -q '^2025-01-09 00:00:00,'"

# The model of a series is the one a single run on one thread trains.
"$T" --data "$WORK/fleet/web-1.csv" --arch auto $quick --threads 1 -o "$WORK/one.h5" >/dev/null
content "$WORK/one.h5" | grep -v data_file >"$WORK/a"
content "$WORK/models/web-1.h5" | grep -v data_file >"$WORK/b"
check "fleet: a series' model equals scaleahead-train --threads 1 on its file" cmp -s "$WORK/a" "$WORK/b"

# predict --fleet: every series by its own model, a series column first.
P="$BIN/scaleahead-predict"
"$P" -q --fleet "$WORK/models" --last "$WORK/fleet" >"$WORK/last.csv" 2>"$WORK/last.err"
rc=$?
check "predict --fleet --last: exits 1 when a series has no model" [ $rc -eq 1 ]
check "predict --fleet --last: says which series was left out" \
    grep -q 'tiny: left out: .*tiny.h5' "$WORK/last.err"
check "predict --fleet --last: a header and one row per series with a model, by name" \
    [ "$(cut -d, -f1,2 "$WORK/last.csv" | tr '\n' ' ')" = "series,timestamp web-1,2025-01-09 00:00:00 web-2,2025-01-09 00:00:00 web-3,2025-01-09 00:00:00 " ]
for s in 1 2 3; do
    "$P" -q --model "$WORK/models/web-$s.h5" --last "$WORK/fleet/web-$s.csv" | tail -1 | sed "s/^/web-$s,/"
done >"$WORK/each.csv"
check "predict --fleet --last: each row is predict --last of that series' model" \
    sh -c "tail -n +2 '$WORK/last.csv' | cmp -s - '$WORK/each.csv'"
rm "$WORK/fleet/tiny.csv"
"$P" --fleet "$WORK/models" --threads 1 "$WORK/fleet" >"$WORK/all1.csv" 2>/dev/null
rc=$?
"$P" --fleet "$WORK/models" --threads 2 "$WORK/fleet" >"$WORK/all2.csv" 2>/dev/null
one=$("$P" -q --model "$WORK/models/web-2.h5" "$WORK/fleet/web-2.csv" | tail -n +2 | sed 's/^/web-2,/' | md5sum)
check "predict --fleet: every window of every series as predict gives it, exit 0" \
    sh -c "[ $rc -eq 0 ] && [ \"\$(grep '^web-2,' '$WORK/all1.csv' | md5sum)\" = '$one' ]"
check "predict --fleet: the same output on one thread or two" cmp -s "$WORK/all1.csv" "$WORK/all2.csv"
"$P" -q --fleet "$WORK/models" --last --format json "$WORK/fleet" >"$WORK/last.json"
check "predict --fleet --format json: a series key on each line" \
    [ "$(grep -c '^{"series": "web-[123]", "timestamp": ' "$WORK/last.json")" -eq 3 ]
expect_exit "predict --fleet: --model too is refused" 2 'give no --model' \
    "$P" --fleet "$WORK/models" --model "$WORK/models/web-1.h5" "$WORK/fleet"
printf 'timestamp,cpu_utilization\n2025-01-06 00:00:00,5\n2025-01-06 00:05:00,6\n' >"$WORK/fleet/tiny.csv"

# A list file, relative to its own directory; one thread: the same table
# (but for the seconds) and the same models.
mkdir -p "$WORK/lists"
printf '# the web tier\n../fleet/web-1.csv\n\n%s/fleet/web-3.csv\n../fleet/tiny.csv\n../fleet/web-2.csv\n' \
    "$WORK" >"$WORK/lists/web.txt"
"$T" --fleet "$WORK/lists/web.txt" -o "$WORK/models1" $quick --threads 1 >/dev/null 2>&1
cut -d, -f1-8,10 "$WORK/models/fleet.csv" >"$WORK/a"
cut -d, -f1-8,10 "$WORK/models1/fleet.csv" >"$WORK/b"
check "fleet: a list file, one thread: the same table but for the seconds" cmp -s "$WORK/a" "$WORK/b"
content "$WORK/models/web-3.h5" >"$WORK/a"
content "$WORK/models1/web-3.h5" >"$WORK/b"
check "fleet: one thread or two, the same model" cmp -s "$WORK/a" "$WORK/b"

# --resume: the finished series are kept, the missing, failed or changed
# ones trained again.
touch -d '2000-01-01' "$WORK/models/web-1.h5"
rm "$WORK/models/web-2.h5"
"$BIN/scaleahead-datagen" --days 3 --seed 9 -o "$WORK/fleet/web-3.csv" 2>/dev/null
"$T" --resume "$WORK/models" --threads 2 >"$WORK/resume.out" 2>"$WORK/resume.err"
rc=$?
check "fleet --resume: exits 1 (tiny still fails)" [ $rc -eq 1 ]
check "fleet --resume: keeps the one finished series, trains the other three" \
    grep -q 'fleet: 1 of 4 series finished before, kept; 3 to train' "$WORK/resume.err"
check "fleet --resume: the kept model is untouched" \
    [ "$(date -r "$WORK/models/web-1.h5" +%Y)" = 2000 ]
check "fleet --resume: the removed model is back" [ -s "$WORK/models/web-2.h5" ]
hash_of() { h5dump -a /config/data_hash "$1" | grep '(0)'; }
new=$(hash_of "$WORK/models/web-3.h5")
old=$(hash_of "$WORK/models1/web-3.h5")
check "fleet --resume: the changed series is trained on its new data" \
    sh -c "[ -n '$new' ] && [ -n '$old' ] && [ '$new' != '$old' ]"

# A stop (Ctrl-C) abandons the series in flight: pending rows, exit 130,
# and --resume finishes them.
rm -f "$WORK/fleet/tiny.csv"
for s in 4 5 6; do
    "$BIN/scaleahead-datagen" --days 6 --seed $s -o "$WORK/fleet/db-$s.csv" 2>/dev/null
done
"$T" --fleet "$WORK/fleet" -o "$WORK/stop" --epochs 30 --threads 1 >"$WORK/stop.out" 2>"$WORK/stop.err" &
pid=$!
signal_when_seen $pid "$WORK/stop.err" 'fleet 1/6' INT
wait $pid
rc=$?
check "fleet: Ctrl-C exits 130" [ $rc -eq 130 ]
check "fleet: Ctrl-C says how to go on" grep -q "scaleahead-train --resume $WORK/stop" "$WORK/stop.err"
check "fleet: the series not finished are pending in the table" \
    sh -c "grep -q ',pending,' '$WORK/stop/fleet.csv' && [ \$(grep -c ',failed,' '$WORK/stop/fleet.csv') -eq 0 ]"
"$T" --resume "$WORK/stop" --epochs 2 >/dev/null 2>"$WORK/stop2.err"
check "fleet --resume: refuses settings of its own" \
    grep -q 'give only --threads and -q, not --epochs' "$WORK/stop2.err"
"$T" --resume "$WORK/stop" -q --threads 2 >/dev/null 2>&1
check "fleet --resume: finishes every series" \
    sh -c "[ \$(grep -c ',ok,' '$WORK/stop/fleet.csv') -eq 6 ] && ! grep -q pending '$WORK/stop/fleet.csv'"

# Usage and data errors.
expect_exit "fleet: --fleet and --data exclude each other" 2 'give no --data' \
    "$T" --fleet "$WORK/fleet" --data "$WORK/fleet/web-1.csv"
printf '%s\n%s\n' "$WORK/fleet/web-1.csv" "$WORK/models1/../fleet/web-1.csv" >"$WORK/twice.txt"
expect_exit "fleet: two series of one name are refused" 1 'two series are called web-1' \
    "$T" --fleet "$WORK/twice.txt" -o "$WORK/x"
printf 'missing.csv\n' >"$WORK/missing.txt"
expect_exit "fleet: a list naming a missing file says which line" 1 'missing.txt:1: .*missing.csv: No such file' \
    "$T" --fleet "$WORK/missing.txt" -o "$WORK/x"
mkdir -p "$WORK/empty"
expect_exit "fleet: a directory without CSV files" 1 'no series' "$T" --fleet "$WORK/empty" -o "$WORK/x"
expect_exit "fleet: --resume of a directory no fleet wrote" 1 'not the output of scaleahead-train --fleet' \
    "$T" --resume "$WORK/empty"

# --global: one network on every series, scale-free (window_scale), in
# OUTDIR/global.h5, offered to each series; it forecasts a series it never
# saw from the file alone, and an affine copy of a series (10 x + 5) gets
# exactly the affine copy of its forecasts.
rm -f "$WORK/fleet/tiny.csv"
"$T" --fleet "$WORK/fleet" --global -o "$WORK/glob" --epochs 2 --threads 2 -q >/dev/null 2>&1
rc=$?
check "fleet --global: exit 0, every series ok" \
    sh -c "[ $rc -eq 0 ] && [ \$(grep -c ',ok,' '$WORK/glob/fleet.csv') -eq 6 ]"
check "fleet --global: global.h5 is written, arch global, window-scaled, calibrated" \
    sh -c "h5dump -a /config/arch '$WORK/glob/global.h5' | grep -q '\"global\"' &&
           h5dump -a /config/window_scale '$WORK/glob/global.h5' | grep -q '(0): 1' &&
           h5dump -a /calibration/score '$WORK/glob/global.h5' | grep -qE '\"(normalised|absolute)\"'"
"$BIN/scaleahead-datagen" --days 2 --seed 77 -o "$WORK/new.csv" 2>/dev/null
awk -F, 'NR == 1 { print; next } { $2 = 10 * $2 + 5; print }' OFS=, "$WORK/new.csv" >"$WORK/new10.csv"
"$P" -q --model "$WORK/glob/global.h5" "$WORK/new.csv" >"$WORK/cold.csv"
"$P" -q --model "$WORK/glob/global.h5" "$WORK/new10.csv" >"$WORK/cold10.csv"
check "global: a series it never saw is forecast, with intervals" \
    sh -c "head -1 '$WORK/cold.csv' | grep -q '^timestamp,actual,predicted,lower,upper,decision' &&
           [ \$(wc -l <'$WORK/cold.csv') -gt 500 ]"
check "global: 10 x + 5 of a series is forecast as 10 x + 5 of its forecasts (scale-free)" \
    sh -c "paste -d, '$WORK/cold.csv' '$WORK/cold10.csv' | tail -n +2 | awk -F, '
        { d = \$9 - (10 * \$3 + 5); if (d < 0) d = -d; if (d > 1e-3 * (1 + \$9)) bad++ }
        END { exit bad > 0 }'"
"$P" -q --fleet "$WORK/glob" "$WORK/fleet" >"$WORK/glob.csv"
check "predict --fleet: models of every kind (ensemble, network, baseline), one column set" \
    sh -c "head -1 '$WORK/glob.csv' | grep -qx 'series,timestamp,actual,predicted,lower,upper,decision' &&
           [ \$(awk -F, 'NF != 7' '$WORK/glob.csv' | wc -l) -eq 0 ] && [ \$(cut -d, -f1 '$WORK/glob.csv' | sort -u | wc -l) -eq 7 ]"
awk -F, 'NR == 1 { print "timestamp,cpu_utilization"; next } NR <= 200 { print $1 ",2.35" }' \
    "$WORK/new.csv" >"$WORK/flat.csv"
"$P" -q --model "$WORK/glob/global.h5" "$WORK/flat.csv" >"$WORK/flat.out"
check "global: a window that holds still is forecast as its value, exactly" \
    sh -c "[ \$(tail -n +2 '$WORK/flat.out' | cut -d, -f3 | sort -u) = 2.35 ]"
expect_exit "fleet: --global needs --fleet" 2 '--global trains a fleet' \
    "$T" --data "$WORK/fleet/web-1.csv" --global

# datagen --fleet: a synthetic fleet, each series its own seed, shape and
# length; the same seed gives the same bytes.
"$BIN/scaleahead-datagen" -q --fleet 4 --days 5 --seed 3 -o "$WORK/syn"
"$BIN/scaleahead-datagen" -q --fleet 4 --days 5 --seed 3 -o "$WORK/syn2"
check "datagen --fleet: four series of 5, 4, 3 and 2 days" \
    [ "$(for f in "$WORK"/syn/svc-00[0-3].csv; do echo $(($(wc -l <"$f") - 1)); done | tr '\n' ' ')" = "1440 1152 864 576 " ]
check "datagen --fleet: the same seed, the same files" \
    [ "$(cat "$WORK"/syn/*.csv | md5sum)" = "$(cat "$WORK"/syn2/*.csv | md5sum)" ]
check "datagen --fleet: the series differ" \
    sh -c "! cmp -s '$WORK/syn/svc-000.csv' '$WORK/syn/svc-001.csv'"
expect_exit "datagen --fleet needs -o DIR" 2 'give -o DIR' "$BIN/scaleahead-datagen" --fleet 3

# --candidates: auto's networks named on the command line.
"$T" -q --data "$WORK/syn/svc-000.csv" --arch auto --candidates linear --epochs 2 \
    -o "$WORK/cand.h5" >"$WORK/cand.out"
check "--candidates linear: auto trains the linear network alone beside the baselines" \
    sh -c "[ \$(grep -c ',network,' '$WORK/cand.out') -eq 1 ] && grep -q '^[0-9],linear,network,' '$WORK/cand.out'"
expect_exit "--candidates needs --arch auto" 2 'give --arch auto' \
    "$T" --data "$WORK/syn/svc-000.csv" --arch robust --candidates linear
expect_exit "--candidates: an unknown preset" 2 "'nope' is not a preset" \
    "$T" --data "$WORK/syn/svc-000.csv" --arch auto --candidates linear,nope

# --steps: every series forecasts a path; predict --fleet --last gives one
# row per series and step, with origin and step columns.
"$T" -q --fleet "$WORK/syn" --steps 3 --epochs 2 -o "$WORK/paths" >/dev/null 2>&1
rc=$?
"$P" -q --fleet "$WORK/paths" --last "$WORK/syn" >"$WORK/paths.csv"
check "fleet --steps 3: every series ok, and predict --fleet --last gives 3 rows a series" \
    sh -c "[ $rc -eq 0 ] && [ \$(grep -c ',ok,' '$WORK/paths/fleet.csv') -eq 4 ] &&
           head -1 '$WORK/paths.csv' | grep -q '^series,timestamp,origin,step,actual,predicted,lower,upper,decision' &&
           [ \$(tail -n +2 '$WORK/paths.csv' | wc -l) -eq 12 ] &&
           [ \$(grep -c '^svc-002,.*,3,' '$WORK/paths.csv') -eq 1 ]"
# --global --steps: the global model forecasts a path too, every series
# keeps a path model (its own, global, or a blend), and a series the fleet
# never saw gets a path with an interval at every step.
"$T" -q --fleet "$WORK/syn" --global --steps 3 --epochs 2 -o "$WORK/gpaths" >/dev/null 2>&1
rc=$?
"$P" -q --fleet "$WORK/gpaths" --last "$WORK/syn" >"$WORK/gpaths.csv"
"$P" -q --model "$WORK/gpaths/global.h5" --last "$WORK/new.csv" >"$WORK/gcold.csv"
check "fleet --global --steps 3: every series ok, global.h5 a path of 3, 3 rows a series" \
    sh -c "[ $rc -eq 0 ] && [ \$(grep -c ',ok,' '$WORK/gpaths/fleet.csv') -eq 4 ] &&
           h5dump -a /config/steps '$WORK/gpaths/global.h5' | grep -q '(0): 3' &&
           h5dump -a /config/window_scale '$WORK/gpaths/global.h5' | grep -q '(0): 1' &&
           [ \$(tail -n +2 '$WORK/gpaths.csv' | wc -l) -eq 12 ]"
check "fleet --global --steps 3: the global model forecasts a new series' path, an interval at every step" \
    awk -F, 'NR > 1 { n++; if (!($6 <= $5 && $5 <= $7)) bad++; steps[$3] = 1 }
        END { exit !(n == 3 && bad == 0 && (1 in steps) && (3 in steps)) }' "$WORK/gcold.csv"

#!/usr/bin/env bash
# Builds the app-image (mvn -Pdist package) and uses it the way an installed studio is used: through its own
# launcher, with no JDK on PATH, no JAVA_HOME and an empty home directory.
#   1. `validate` on the sample datasets inside the image (and on ../shared's ducky set when it is there)
#   2. `train --steps 5` on the toy-duck sample, which must start from the pretrained run inside the image
#   3. the home directory is still empty: nothing unpacked into ~/.javacpp or ~/.openjfx
#   4. the studio window under Xvfb: once with no argument (the start screen), once on the toy-duck sample;
#      a screenshot of each
# Exit code 0 when every check passes. Needs Maven, a JDK 17+ to build, Xvfb, xwininfo and ImageMagick's import.
#
#   packaging/smoke-test.sh                       builds into target/
#   BUILD_DIR=target-dist packaging/smoke-test.sh  builds into another folder (two builds can share a checkout)
#   SKIP_BUILD=1 packaging/smoke-test.sh           checks an app-image built before
#   MVN_ARGS=-o packaging/smoke-test.sh            passes options to Maven (here: offline)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
build_dir=${BUILD_DIR:-target}
case "$build_dir" in /*) ;; *) build_dir=$repo/$build_dir ;; esac
app=$build_dir/dist/detection-studio
launcher=$app/bin/detection-studio
out=$build_dir/smoke
failures=0

say() { printf '%s\n' "smoke-test: $*"; }
fail() { say "FAIL: $*"; failures=$((failures + 1)); }
pass() { say "ok: $*"; }

if [ -z "${SKIP_BUILD:-}" ]; then
    say "building the app-image (mvn -Pdist package)"
    start=$(date +%s)
    # shellcheck disable=SC2086
    mvn -B -ntp -q ${MVN_ARGS:-} -Pdist -DskipTests -DbuildDir="$build_dir" package
    say "built in $(( $(date +%s) - start )) s"
fi
[ -x "$launcher" ] || { say "FAIL: no launcher at $launcher"; exit 1; }
say "app-image: $app ($(du -sh "$app" | cut -f1))"

rm -rf "$out"
mkdir -p "$out"
home=$(mktemp -d)
tmp=$(mktemp -d)
xvfb_pid=
app_pid=
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
    rm -rf "$home" "$tmp"
}
trap cleanup EXIT

# The launcher with nothing from this machine's Java: PATH has no java, no JAVA_HOME, an empty home. Java takes
# user.home from the password database, not from $HOME, so JAVA_TOOL_OPTIONS points it (and java.io.tmpdir)
# at empty folders too; the JVM then prints one "Picked up JAVA_TOOL_OPTIONS" line.
java_tool_options="-Duser.home=$home -Djava.io.tmpdir=$tmp"
run() {
    env -i HOME="$home" PATH=/nonexistent LANG=C.UTF-8 JAVA_TOOL_OPTIONS="$java_tool_options" "$launcher" "$@"
}
samples=$app/lib/app/sample-datasets

# 1. validate
for dataset in "$samples/toy-ducks/annotations.coco.json" "$samples/toy-figures/annotations.coco.json" \
               "$repo/../shared/datasets/ducky/train/annotations.coco.json"; do
    if [ ! -f "$dataset" ]; then
        say "skipped: validate $dataset (not here)"
        continue
    fi
    start=$(date +%s%N)
    if run validate --dataset "$dataset" > "$out/validate.txt" 2>&1 && grep -q "No problems found." "$out/validate.txt"; then
        pass "validate ${dataset#"$app"/lib/app/} in $(( ($(date +%s%N) - start) / 1000000 )) ms: $(grep '^Images:' "$out/validate.txt" | tr -s ' ')"
    else
        fail "validate $dataset"; cat "$out/validate.txt"
    fi
done

# 2. train, 5 steps, from the pretrained run shipped in the image
start=$(date +%s)
if run train --dataset "$samples/toy-ducks/annotations.coco.json" --out "$out/run" --steps 5 > "$out/train.txt" 2>&1 \
        && [ -f "$out/run/checkpoint/ckpt.index" ]; then
    if grep -q "Starting from $app/lib/app/assets/pretrained/toy-ducks" "$out/train.txt"; then
        pass "train --steps 5 in $(( $(date +%s) - start )) s, from the pretrained run inside the image"
    else
        fail "train did not start from the image's pretrained run"; cat "$out/train.txt"
    fi
else
    fail "train --steps 5"; cat "$out/train.txt"
fi

# 3. nothing written under the home directory (or the temporary folder) by the command line
still_empty() { # folder, what it stands for
    if [ -z "$(ls -A "$1")" ]; then
        pass "the command line wrote nothing under $2"
    else
        fail "the command line wrote under $2:"; (cd "$1" && find . | sed 's/^/    /')
    fi
}
still_empty "$home" "the home directory"
still_empty "$tmp" "java.io.tmpdir"

# 4. the window, under Xvfb
if ! command -v Xvfb >/dev/null || ! command -v xwininfo >/dev/null || ! command -v import >/dev/null; then
    fail "the window check needs Xvfb, xwininfo and ImageMagick's import"
else
    display=
    for n in $(seq 90 130); do
        if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=:$n; break; fi
    done
    Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp > "$out/xvfb.log" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 50); do xwininfo -root -display "$display" > /dev/null 2>&1 && break; sleep 0.2; done

    window() { # name, seconds to wait before the screenshot, then the launcher's arguments
        local name=$1 delay=$2 shown=
        shift 2
        local start
        start=$(date +%s%N)
        # env execs the launcher, which runs the JVM in its own process: $! is the studio's process.
        env -i HOME="$home" PATH=/nonexistent LANG=C.UTF-8 JAVA_TOOL_OPTIONS="$java_tool_options" DISPLAY="$display" \
            "$launcher" "$@" > "$out/$name.log" 2>&1 &
        app_pid=$!
        for _ in $(seq 150); do
            if xwininfo -root -tree -display "$display" 2>/dev/null | grep -q '"Detection Studio"'; then shown=1; break; fi
            kill -0 "$app_pid" 2>/dev/null || break
            sleep 0.2
        done
        if [ -n "$shown" ]; then
            local ms=$(( ($(date +%s%N) - start) / 1000000 ))
            sleep "$delay" # let it lay out, open the dataset and decode the first image
            if kill -0 "$app_pid" 2>/dev/null && import -display "$display" -window root "$out/$name.png"; then
                pass "window ($name) shown after $ms ms; screenshot $out/$name.png"
            else
                fail "window ($name) closed before the screenshot"; cat "$out/$name.log"
            fi
        else
            fail "no window ($name) within 30 s"; cat "$out/$name.log"
        fi
        kill "$app_pid" 2>/dev/null || true
        wait "$app_pid" 2>/dev/null || true
        app_pid=
        for _ in $(seq 50); do # the next window must not be mistaken for this one
            xwininfo -root -tree -display "$display" 2>/dev/null | grep -q '"Detection Studio"' || break
            sleep 0.2
        done
    }
    window studio-start 3
    window studio-toy-ducks 10 "$samples/toy-ducks"
fi

# The window may write its own settings (GTK's ~/.cache/dconf, the studio's ~/.detection-studio); what must
# never appear are the native-library caches.
for cache in .javacpp .openjfx; do
    if [ -e "$home/$cache" ]; then fail "~/$cache was created"; fi
done
say "the home directory after the windows: $(cd "$home" && find . -mindepth 1 -maxdepth 2 | sort | tr '\n' ' ')"

if [ "$failures" -eq 0 ]; then
    say "PASS"
else
    say "$failures check(s) failed"
    exit 1
fi

#!/bin/sh
# The steps of speclint's GitHub Action (action.yml), kept here so that they can be run and
# tested outside GitHub. Inputs come as INPUT_* variables, the rest from GitHub's own:
#
#   action-run.sh install   find or build speclint; writes `speclint=PATH` to $GITHUB_OUTPUT
#     INPUT_INSTALL   auto (the speclint on PATH, else build), path (only PATH) or build
#     ACTION_PATH     the action's checkout, which `build` builds (${{ github.action_path }})
#   action-run.sh check     run speclint in $GITHUB_WORKSPACE; its exit status is the step's
#     SPECLINT        the binary (the install step's output)
#     INPUT_PATH      the spec's root, relative to the workspace (default .)
#     INPUT_FORMAT    what the log shows: github (annotations and the job summary), text, ...
#     INPUT_FAIL_ON   error, warning, note or never
#     INPUT_BASELINE  a baseline file, relative to the root; empty for none
#     INPUT_CHANGED   true: on a pull request, report only findings that touch changed files
#     INPUT_SARIF_UPLOAD  true: also write SARIF, for the upload step
#   and writes `exit-code=N` and, when SARIF was written, `sarif-file=PATH` to $GITHUB_OUTPUT.
set -eu

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >>"$GITHUB_OUTPUT"; fi
}

install() {
  mode=${INPUT_INSTALL:-auto}
  case $mode in
    auto | path | build) ;;
    *)
      echo "::error title=speclint::install must be auto, path or build, not \`$mode\`"
      exit 2
      ;;
  esac
  if [ "$mode" != build ] && found=$(command -v speclint); then
    echo "speclint: using $found ($("$found" --version))"
    output "speclint=$found"
    return
  fi
  if [ "$mode" = path ]; then
    echo "::error title=speclint::no speclint on PATH (install the Debian package, or use install: build)"
    exit 1
  fi
  : "${ACTION_PATH:?must name the action checkout}"
  temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
  if [ "$(id -u)" = 0 ]; then
    sh "$ACTION_PATH/scripts/install-deps.sh"
  else
    sudo sh "$ACTION_PATH/scripts/install-deps.sh"
  fi
  cmake -S "$ACTION_PATH" -B "$temp/speclint-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DSPECLINT_BUILD_TESTS=OFF -DSPECLINT_BUILD_BENCH=OFF
  cmake --build "$temp/speclint-build"
  cmake --install "$temp/speclint-build" --prefix "$temp/speclint"
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$temp/speclint/bin" >>"$GITHUB_PATH"; fi
  echo "speclint: built $("$temp/speclint/bin/speclint" --version)"
  output "speclint=$temp/speclint/bin/speclint"
}

check() {
  speclint=${SPECLINT:-speclint}
  temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
  cd "${GITHUB_WORKSPACE:-.}"
  cd "${INPUT_PATH:-.}"
  # Each --output goes with the --format at its position: SARIF to its file, the log's format
  # to standard output.
  sarif=""
  set -- check
  if [ "${INPUT_SARIF_UPLOAD:-true}" = true ]; then
    sarif=$temp/speclint.sarif
    rm -f "$sarif"
    set -- "$@" --format sarif --output "$sarif"
  fi
  set -- "$@" --format "${INPUT_FORMAT:-github}" --fail-on "${INPUT_FAIL_ON:-error}"
  if [ -n "${INPUT_BASELINE:-}" ]; then set -- "$@" --baseline "$INPUT_BASELINE"; fi
  if [ "${INPUT_CHANGED:-false}" = true ]; then
    if [ -n "${GITHUB_BASE_REF:-}" ]; then
      # actions/checkout names the base branch origin/BASE; a local branch serves as well.
      base=origin/$GITHUB_BASE_REF
      git rev-parse -q --verify "$base^{commit}" >/dev/null || base=$GITHUB_BASE_REF
      set -- "$@" --changed --base "$base"
    else
      echo "::notice title=speclint::not a pull request: the whole spec is reported"
    fi
  fi
  # The job summary, whatever the log's format; --summary truncates its file, the step
  # summary is appended to.
  summary=""
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    summary=$temp/speclint-summary.md
    rm -f "$summary"
    set -- "$@" --summary "$summary"
  fi
  status=0
  "$speclint" "$@" || status=$?
  if [ -n "$summary" ] && [ -f "$summary" ]; then
    cat "$summary" >>"$GITHUB_STEP_SUMMARY"
    rm -f "$summary"
  fi
  output "exit-code=$status"
  if [ -n "$sarif" ] && [ -f "$sarif" ]; then output "sarif-file=$sarif"; fi
  exit "$status"
}

case ${1:-} in
  install) install ;;
  check) check ;;
  *)
    echo "usage: action-run.sh install|check" >&2
    exit 2
    ;;
esac

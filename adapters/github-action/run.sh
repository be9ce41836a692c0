#!/usr/bin/env bash
# Runs the elytra command the action's `command` input names and turns its
# failures into GitHub annotations and a step summary.
#   ELYTRA_ACTION_COMMAND  contract-check | publish | check
#   ELYTRA_ACTION_CONFIG, ELYTRA_ACTION_URL, ELYTRA_ACTION_MAX_AGE,
#   ELYTRA_ACTION_STATE_FILE, ELYTRA_ACTION_AGAINST, ELYTRA_ACTION_ARGS: the inputs
# The alert webhook arrives as ELYTRA_STATUS_ALERT_WEBHOOK and stays there:
# elytra reads it from the environment, so it is never on a command line.
set -euo pipefail

# Workflow command values: % and line breaks escaped; properties also : and ,.
escape_data() {
  local s=$1
  s=${s//'%'/'%25'}
  s=${s//$'\r'/'%0D'}
  s=${s//$'\n'/'%0A'}
  printf '%s' "$s"
}

escape_property() {
  local s
  s=$(escape_data "$1")
  s=${s//':'/'%3A'}
  s=${s//','/'%2C'}
  printf '%s' "$s"
}

annotate() {
  printf '::error title=%s::%s\n' "$(escape_property "$1")" "$(escape_data "$2")"
}

summary() {
  if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
    printf '%s\n' "$@" >>"$GITHUB_STEP_SUMMARY"
  fi
}

command=${ELYTRA_ACTION_COMMAND:-}
extra=()
if [[ -n ${ELYTRA_ACTION_ARGS:-} ]]; then
  read -r -a extra <<<"$ELYTRA_ACTION_ARGS"
fi

case $command in
  contract-check)
    argv=(contract check --format github)
    [[ -n ${ELYTRA_ACTION_AGAINST:-} ]] && argv+=(--against "$ELYTRA_ACTION_AGAINST")
    ;;
  publish)
    argv=(status publish)
    [[ -n ${ELYTRA_ACTION_CONFIG:-} ]] && argv+=(--config "$ELYTRA_ACTION_CONFIG")
    ;;
  check)
    if [[ -z ${ELYTRA_ACTION_URL:-} ]]; then
      annotate "elytra-status action" "the check command needs the url input"
      exit 2
    fi
    argv=(status check "$ELYTRA_ACTION_URL" --max-age "${ELYTRA_ACTION_MAX_AGE:-30m}")
    [[ -n ${ELYTRA_ACTION_STATE_FILE:-} ]] && argv+=(--state-file "$ELYTRA_ACTION_STATE_FILE")
    ;;
  *)
    annotate "elytra-status action" "command must be contract-check, publish or check, got '$command'"
    exit 2
    ;;
esac

stdout=$(mktemp "${RUNNER_TEMP:-/tmp}/elytra-out.XXXXXX")
stderr=$(mktemp "${RUNNER_TEMP:-/tmp}/elytra-err.XXXXXX")
trap 'rm -f "$stdout" "$stderr"' EXIT

echo "elytra ${argv[*]}${extra[*]+ ${extra[*]}}"
rc=0
elytra "${argv[@]}" ${extra[@]+"${extra[@]}"} >"$stdout" 2>"$stderr" || rc=$?
cat "$stdout"
cat "$stderr" >&2

case $command in
  check)
    summary "### status.json check" "" '| result | check | detail |' '|---|---|---|'
    while read -r status name detail; do
      [[ -n $status ]] || continue
      summary "| $status | $name | ${detail//|/\\|} |"
      if [[ $status == FAIL ]]; then
        annotate "status.json check failed: $name" "$detail"
      fi
    done <"$stdout"
    ;;
  publish)
    summary "### elytra status publish" ""
    while IFS= read -r line; do
      summary "- ${line}"
    done <"$stdout"
    ;;
esac

# elytra logs "<time> error   <message>" on stderr; the contract check prints
# its own annotations with --format github.
if [[ $rc -ne 0 && $command != contract-check ]]; then
  found=0
  while IFS= read -r message; do
    annotate "elytra ${argv[0]} ${argv[1]} failed" "$message"
    found=1
  done < <(sed -n -E 's/^[0-9TZ:-]+ +(error|critical) +//p' "$stderr")
  if [[ $found -eq 0 ]]; then
    annotate "elytra ${argv[0]} ${argv[1]} failed" "exit code $rc"
  fi
fi
exit "$rc"

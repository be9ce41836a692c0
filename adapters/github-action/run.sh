#!/usr/bin/env bash
# Runs the elytra command the action's `command` input names and turns its
# outcome into GitHub annotations, step outputs and a step summary.
#   ELYTRA_ACTION_COMMAND  contract-check | publish | check
#   ELYTRA_ACTION_CONFIG, ELYTRA_ACTION_URL, ELYTRA_ACTION_MAX_AGE,
#   ELYTRA_ACTION_STATE_FILE, ELYTRA_ACTION_FAIL_ON, ELYTRA_ACTION_AGAINST,
#   ELYTRA_ACTION_ARGS: the inputs
# The alert webhook arrives as ELYTRA_STATUS_ALERT_WEBHOOK and stays there:
# elytra reads it from the environment, so it is never on a command line.
#
# The step summary shows what the command did and, when the step fails, the
# exit code and the errors elytra logged (the same as the annotations).
#
# check with fail-on `newly-failing` (and a state file) fails the step only on
# the run that finds the document failing after a healthy run. While it stays
# failing, later runs pass with warnings, so a schedule every 5 minutes
# reports an incident once instead of failing every run.
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

# annotate LEVEL TITLE MESSAGE, LEVEL being error or warning.
annotate() {
  printf '::%s title=%s::%s\n' "$1" "$(escape_property "$2")" "$(escape_data "$3")"
}

summary() {
  if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
    printf '%s\n' "$@" >>"$GITHUB_STEP_SUMMARY"
  fi
}

output() {
  if [[ -n ${GITHUB_OUTPUT:-} ]]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
}

# Text for the <pre> block of the summary: no markdown is read inside it,
# and with &, < and > escaped no HTML either.
html_escape() {
  local s=$1
  s=${s//'&'/'&amp;'}
  s=${s//'<'/'&lt;'}
  s=${s//'>'/'&gt;'}
  printf '%s' "$s"
}

# summary_block LINE...: the lines as preformatted text.
summary_block() {
  local line
  summary "<pre>"
  for line in "$@"; do
    summary "$(html_escape "$line")"
  done
  summary "</pre>"
}

# summary_failure CODE MESSAGE...: the end of the summary of a failed step.
summary_failure() {
  local code=$1
  shift
  summary "" "**Failed** with exit code $code:" ""
  if [[ $# -gt 0 ]]; then
    summary_block "$@"
  else
    summary_block "exit code $code"
  fi
}

# A mistake in the inputs: annotation, summary, exit 2.
reject() {
  annotate error "elytra-status action" "$1"
  summary "### elytra-status action"
  summary_failure 2 "$1"
  exit 2
}

command=${ELYTRA_ACTION_COMMAND:-}
fail_on=${ELYTRA_ACTION_FAIL_ON:-failing}
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
    [[ -n ${ELYTRA_ACTION_URL:-} ]] || reject "the check command needs the url input"
    case $fail_on in
      failing) ;;
      newly-failing)
        [[ -n ${ELYTRA_ACTION_STATE_FILE:-} ]] ||
          reject "fail-on newly-failing needs the state-file input: the previous outcome is kept there"
        ;;
      *) reject "fail-on must be failing or newly-failing, got '$fail_on'" ;;
    esac
    argv=(status check "$ELYTRA_ACTION_URL" --max-age "${ELYTRA_ACTION_MAX_AGE:-30m}")
    [[ -n ${ELYTRA_ACTION_STATE_FILE:-} ]] && argv+=(--state-file "$ELYTRA_ACTION_STATE_FILE")
    # The JSON report carries the previous outcome; it is printed as lines below.
    argv+=(--json)
    ;;
  *)
    reject "command must be contract-check, publish or check, got '$command'"
    ;;
esac

stdout=$(mktemp "${RUNNER_TEMP:-/tmp}/elytra-out.XXXXXX")
stderr=$(mktemp "${RUNNER_TEMP:-/tmp}/elytra-err.XXXXXX")
trap 'rm -f "$stdout" "$stderr"' EXIT

echo "elytra ${argv[*]}${extra[*]+ ${extra[*]}}"
rc=0
elytra "${argv[@]}" ${extra[@]+"${extra[@]}"} >"$stdout" 2>"$stderr" || rc=$?
output exit-code "$rc"

# The check's JSON report as tab-separated lines: first "healthy previous
# alert", then "status name detail" per check. Nothing when it is no report.
check_report() {
  python - "$stdout" <<'PYTHON' || true
import json
import sys

try:
    with open(sys.argv[1], encoding="utf-8") as file:
        report = json.load(file)
    head = ["true" if report["healthy"] is True else "false", report.get("previous") or "-", report.get("alert") or "-"]
    rows = [[str(c["status"]), str(c["name"]), " ".join(str(c["detail"]).split()) or "-"] for c in report["checks"]]
except (OSError, ValueError, LookupError, TypeError, AttributeError):
    sys.exit(0)
for row in [head, *rows]:
    print("\t".join(row))
PYTHON
}

level=error
exit_code=$rc
case $command in
  check)
    report=$(check_report)
    healthy=
    previous=-
    alert=-
    rows=()
    if [[ -n $report ]]; then
      {
        IFS=$'\t' read -r healthy previous alert
        while IFS= read -r row; do
          rows+=("$row")
        done
      } <<<"$report"
    else
      cat "$stdout"
    fi
    output healthy "$healthy"
    output previous "${previous#-}"
    output alert "${alert#-}"
    if [[ $fail_on == newly-failing && $rc -eq 1 && $healthy == false && $previous == failing && $alert != failed ]]; then
      # Failing already on the previous run, which failed the step: no new incident.
      level=warning
      exit_code=0
    fi
    summary "### status.json check" ""
    if [[ ${#rows[@]} -gt 0 ]]; then
      summary '| result | check | detail |' '|---|---|---|'
    fi
    for row in ${rows[@]+"${rows[@]}"}; do
      IFS=$'\t' read -r status name detail <<<"$row"
      detail=${detail#-}
      printf '%-4s  %-13s  %s\n' "${status^^}" "$name" "$detail"
      summary "| ${status^^} | $name | ${detail//|/\\|} |"
      if [[ $status == fail ]]; then
        if [[ $level == error ]]; then
          annotate error "status.json check failed: $name" "$detail"
        else
          annotate warning "status.json check still failing: $name" "$detail"
        fi
      fi
    done
    if [[ $level == warning ]]; then
      summary "" "Still failing since an earlier run, which failed the step; this run passes (fail-on: newly-failing)."
    fi
    ;;
  publish)
    cat "$stdout"
    summary "### elytra status publish" ""
    while IFS= read -r line; do
      summary "- ${line}"
    done <"$stdout"
    ;;
  contract-check)
    # --format github: the findings are workflow commands, annotations as printed.
    cat "$stdout"
    summary "### status.json contract check" ""
    findings=()
    while IFS= read -r line; do
      [[ $line == ::* ]] || continue
      line=${line#::*::}
      line=${line//'%0D'/' '}
      line=${line//'%0A'/' '}
      findings+=("${line//'%25'/'%'}")
    done <"$stdout"
    if [[ $rc -eq 0 ]]; then
      summary "Compatible with every released schema."
    fi
    if [[ ${#findings[@]} -gt 0 ]]; then
      summary_block "${findings[@]}"
    fi
    ;;
esac
cat "$stderr" >&2

# elytra logs "<time> error   <message>" on stderr; a usage error is
# "elytra COMMAND: error: <message>".
errors=()
while IFS= read -r message; do
  errors+=("$message")
done < <(sed -n -E -e 's/^[0-9TZ:-]+ +(error|critical) +//p' -e 's/^elytra( [a-z-]+)*: error: //p' "$stderr")
if [[ $rc -ne 0 && $command != contract-check ]]; then
  # The contract check has annotated its findings already.
  for message in ${errors[@]+"${errors[@]}"}; do
    annotate "$level" "elytra ${argv[0]} ${argv[1]} failed" "$message"
  done
  if [[ ${#errors[@]} -eq 0 ]]; then
    annotate "$level" "elytra ${argv[0]} ${argv[1]} failed" "exit code $rc"
  fi
fi
if [[ $exit_code -ne 0 ]]; then
  summary_failure "$rc" ${errors[@]+"${errors[@]}"}
fi
exit "$exit_code"

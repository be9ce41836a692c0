#!/usr/bin/env bash
# Installs elytra-status into the Python that actions/setup-python put on PATH.
#   ELYTRA_ACTION_PACKAGES         pip requirements to install instead (space separated)
#   ELYTRA_ACTION_PACKAGE_VERSION  release of elytra-status-core to install (empty: newest)
set -euo pipefail

if [[ -n ${ELYTRA_ACTION_PACKAGES:-} ]]; then
  read -r -a requirements <<<"$ELYTRA_ACTION_PACKAGES"
elif [[ -n ${ELYTRA_ACTION_PACKAGE_VERSION:-} ]]; then
  version=${ELYTRA_ACTION_PACKAGE_VERSION#v}
  if [[ ! $version =~ ^[0-9][0-9A-Za-z.+!-]*$ ]]; then
    echo "::error title=elytra-status action::package-version must be a version like 1.2.0, got '$version'"
    exit 2
  fi
  requirements=("elytra-status-core==$version")
else
  requirements=(elytra-status-core)
fi

echo "::group::pip install ${requirements[*]}"
python -m pip install --disable-pip-version-check --no-input --quiet "${requirements[@]}"
echo "::endgroup::"
elytra --version

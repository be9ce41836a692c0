#!/usr/bin/env bash
# Installs elytra-status into the Python that actions/setup-python put on PATH.
#   ELYTRA_ACTION_PACKAGES         pip requirements to install instead (space separated)
#   ELYTRA_ACTION_PACKAGE_VERSION  a release of elytra-status-core from the package index
# With neither, it installs the packages of the action's own checkout (the ref in `uses:`).
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
  source_tree=$(cd "$GITHUB_ACTION_PATH/../.." && pwd)
  if [[ ! -f $source_tree/packages/elytra-status-core/pyproject.toml ]]; then
    echo "::error title=elytra-status action::no packages/ next to the action in $source_tree; set packages or package-version"
    exit 2
  fi
  requirements=("$source_tree/packages/elytra-status-contract" "$source_tree/packages/elytra-status-core")
fi

echo "::group::pip install ${requirements[*]}"
python -m pip install --disable-pip-version-check --no-input --quiet "${requirements[@]}"
echo "::endgroup::"
elytra --version

"""The composite GitHub Action: schema-valid, shellcheck-clean, and its shell steps run for real.

The steps are taken from ``action.yml`` itself, their ``${{ ... }}`` expressions
filled in the way the runner does, and run with the runner's bash options and
environment variables. ``actions/setup-python`` is the one step that cannot
run here; a fresh virtual environment on ``PATH`` stands in for what it
leaves behind. Packages are installed offline from wheels of this checkout;
their dependencies come from the test environment.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest

from elytra_status_contract import decode
from tests._integration import require_program, unavailable
from tests.conftest import ROOT, S3Server

ACTION_DIR = ROOT / "adapters" / "github-action"
ACTION = ACTION_DIR / "action.yml"
WORKFLOWS = sorted((ACTION_DIR / "examples").glob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def load_yaml(path: Path) -> dict[str, Any]:
    yaml: Any = importlib.import_module("ruamel.yaml")
    return cast(dict[str, Any], yaml.YAML(typ="safe").load(path.read_text(encoding="utf-8")))


def action() -> dict[str, Any]:
    return load_yaml(ACTION)


def validate(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- static checks ------------------------------------------------------------------


def test_action_matches_the_github_actions_schema() -> None:
    done = validate("vendor.github-actions", ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_example_workflows_match_the_github_workflows_schema() -> None:
    assert {p.name for p in WORKFLOWS} == {"contract-check.yml", "publish.yml", "meta-monitor.yml"}
    done = validate("vendor.github-workflows", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_does_catch_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / "action.yml"
    broken.write_text(
        ACTION.read_text(encoding="utf-8").replace("using: composite", "using: compost"), encoding="utf-8"
    )
    assert validate("vendor.github-actions", broken).returncode != 0
    workflow = tmp_path / "wf.yml"
    workflow.write_text(WORKFLOWS[0].read_text(encoding="utf-8").replace("runs-on:", "run-on:"), encoding="utf-8")
    assert validate("vendor.github-workflows", workflow).returncode != 0


def test_action_inputs_and_steps() -> None:
    spec = action()
    inputs = cast(dict[str, dict[str, Any]], spec["inputs"])
    assert {"command", "config", "python-version", "package-version"} <= set(inputs)
    assert inputs["command"]["required"] is True
    assert "contract-check | publish | check" in inputs["command"]["description"]
    steps = cast(list[dict[str, Any]], spec["runs"]["steps"])
    assert spec["runs"]["using"] == "composite"
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert steps[0]["with"]["python-version"] == "${{ inputs.python-version }}"
    for step in steps[1:]:
        assert step["shell"] == "bash"
        # Inputs reach the scripts through env, never pasted into the script text.
        assert "${{" not in step["run"]


def test_workflows_use_the_action_as_documented() -> None:
    commands: dict[str, dict[str, Any]] = {}
    for path in WORKFLOWS:
        workflow = load_yaml(path)
        for job in cast(dict[str, dict[str, Any]], workflow["jobs"]).values():
            for step in cast(list[dict[str, Any]], job["steps"]):
                if step.get("uses") == "./adapters/github-action":
                    commands[path.name] = step
    assert commands["contract-check.yml"]["with"]["command"] == "contract-check"
    publish = commands["publish.yml"]
    assert publish["with"]["command"] == "publish"
    assert publish["env"]["AWS_ACCESS_KEY_ID"] == "${{ secrets.SPACES_ACCESS_KEY_ID }}"
    assert publish["env"]["AWS_SECRET_ACCESS_KEY"] == "${{ secrets.SPACES_SECRET_ACCESS_KEY }}"
    assert commands["meta-monitor.yml"]["with"]["command"] == "check"
    assert commands["meta-monitor.yml"]["with"]["alert-webhook"] == "${{ secrets.STATUS_ALERT_WEBHOOK }}"
    triggers = load_yaml(ACTION_DIR / "examples" / "contract-check.yml")["on"]
    assert "packages/elytra-status-contract/**" in triggers["pull_request"]["paths"]
    for name in ("publish.yml", "meta-monitor.yml"):
        assert "schedule" in load_yaml(ACTION_DIR / "examples" / name)["on"]


def test_scripts_pass_shellcheck() -> None:
    shellcheck = require_program("shellcheck")
    scripts = [ACTION_DIR / "install.sh", ACTION_DIR / "run.sh"]
    done = subprocess.run([shellcheck, "--severity=style", *map(str, scripts)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for script in scripts:
        assert os.access(script, os.X_OK)


# --- the steps, run like the runner runs them ---------------------------------------------


def _uv() -> str:
    for candidate in (os.environ.get("UV"), shutil.which("uv"), str(ROOT / ".tools" / "bin" / "uv")):
        if candidate and Path(candidate).exists():
            return candidate
    unavailable("uv is needed to build the wheels the action installs")
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Runner:
    """A scratch runner: the Python setup-python would leave, and the runner's files."""

    root: Path
    python_bin: Path

    def environ(self, workspace: Path, extra: Mapping[str, str] = {}) -> dict[str, str]:
        files = self.root / "files"
        files.mkdir(exist_ok=True)
        for name in ("output", "env", "path", "summary", "state"):
            (files / name).touch()
        return {
            "PATH": f"{self.python_bin}:/usr/bin:/bin",
            "HOME": str(self.root / "home"),
            "LANG": "C.UTF-8",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_ACTION_PATH": str(ACTION_DIR),
            "GITHUB_ACTION_REPOSITORY": "",
            "GITHUB_ACTION": "__run_2",
            "GITHUB_REPOSITORY": "elytracloud/elytra-status",
            "GITHUB_EVENT_NAME": "schedule",
            "GITHUB_RUN_ID": "1",
            "GITHUB_RUN_ATTEMPT": "1",
            "GITHUB_SHA": "0" * 40,
            "GITHUB_OUTPUT": str(files / "output"),
            "GITHUB_ENV": str(files / "env"),
            "GITHUB_PATH": str(files / "path"),
            "GITHUB_STATE": str(files / "state"),
            "GITHUB_STEP_SUMMARY": str(files / "summary"),
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64",
            "RUNNER_TEMP": str(self.root / "temp"),
            "RUNNER_TOOL_CACHE": str(self.root / "toolcache"),
            # Offline: the wheels are local, the dependencies already installed.
            "PIP_NO_INDEX": "1",
            "PIP_CONFIG_FILE": os.devnull,
            **extra,
        }

    def summary(self) -> str:
        return (self.root / "files" / "summary").read_text(encoding="utf-8")


def _expand(text: str, inputs: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        if expression == "github.action_path":
            return str(ACTION_DIR)
        raise AssertionError(f"the test does not know the expression {expression!r}")

    return EXPRESSION.sub(value, text)


def run_steps(
    runner: Runner,
    workspace: Path,
    given: Mapping[str, str],
    env: Mapping[str, str] = {},
    only: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the action's shell steps in order; stop at the first failing step and return it."""
    spec = action()
    defaults = {name: str(i.get("default", "")) for name, i in cast(dict[str, dict[str, Any]], spec["inputs"]).items()}
    unknown = set(given) - set(defaults)
    assert not unknown, f"not inputs of the action: {unknown}"
    inputs = defaults | dict(given)
    done: subprocess.CompletedProcess[str] | None = None
    for index, step in enumerate(cast(list[dict[str, Any]], spec["runs"]["steps"])):
        if "uses" in step:
            assert str(step["uses"]).startswith("actions/setup-python@")
            continue
        name = _expand(str(step["name"]), inputs)
        if only is not None and not name.startswith(only):
            continue
        step_env = {k: _expand(str(v), inputs) for k, v in cast(dict[str, Any], step.get("env", {})).items()}
        script = runner.root / "temp" / f"step-{index}.sh"
        script.parent.mkdir(exist_ok=True)
        script.write_text(_expand(str(step["run"]), inputs) + "\n", encoding="utf-8")
        # The runner's template for `shell: bash`.
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=runner.environ(workspace, {**env, **step_env}),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            return done
    assert done is not None
    return done


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    root = tmp_path_factory.mktemp("runner")
    wheels = root / "wheels"
    for package in ("elytra-status-contract", "elytra-status-core"):
        built = subprocess.run(
            [
                _uv(),
                "build",
                "--offline",
                "--quiet",
                "--wheel",
                "--out-dir",
                str(wheels),
                str(ROOT / "packages" / package),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if built.returncode != 0:
            unavailable(f"cannot build the {package} wheel offline: {built.stderr.strip()[-300:]}")
    # What setup-python leaves behind: a Python of its own on PATH. Its
    # dependencies come from this test environment, minus elytra-status itself.
    python = root / "python"
    subprocess.run([sys.executable, "-m", "venv", str(python)], check=True, timeout=300)
    deps = root / "deps"
    deps.mkdir()
    site = Path(next(p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()))
    for entry in site.iterdir():
        if entry.name.startswith(("elytra_status", "_editable_impl_elytra", "__pycache__")) or entry.suffix == ".pth":
            continue
        (deps / entry.name).symlink_to(entry)
    own_site = next((python / "lib").glob("python3*/site-packages"))
    (own_site / "zz-test-deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    (root / "home").mkdir()
    made = Runner(root, python / "bin")
    specs = " ".join(str(p) for p in sorted(wheels.glob("*.whl")))
    done = run_steps(made, root, {"command": "publish", "packages": specs}, only="Install")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (python / "bin" / "elytra").exists()
    assert done.stdout.strip().endswith("elytra 1.0.0")
    return made


@pytest.fixture
def workspace(tmp_path: Path, s3_server: S3Server) -> tuple[Path, str]:
    bucket = f"action-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=bucket)
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    (deploy / "elytra-status.toml").write_text(
        f'[[publish]]\nurl = "s3://{bucket}/status.json"\nendpoint_url = "{s3_server.endpoint}"\n', encoding="utf-8"
    )
    return tmp_path, bucket


SECRETS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


def test_publish_then_check_against_moto(runner: Runner, workspace: tuple[Path, str], s3_server: S3Server) -> None:
    ws, bucket = workspace
    done = run_steps(runner, ws, {"command": "publish", "config": "deploy/elytra-status.toml"}, SECRETS, only="Run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"wrote s3://{bucket}/status.json" in done.stdout
    obj: Any = s3_server.client().get_object(Bucket=bucket, Key="status.json")
    assert decode(obj["Body"].read()).platform_status == "unknown"
    assert f"- wrote s3://{bucket}/status.json" in runner.summary()

    url = f"{s3_server.endpoint}/{bucket}/status.json"
    done = run_steps(runner, ws, {"command": "check", "url": url, "max-age": "10m"}, only="Run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout
    assert "| OK | freshness |" in runner.summary()


def test_failing_check_fails_the_step_with_annotations(
    runner: Runner, workspace: tuple[Path, str], s3_server: S3Server
) -> None:
    ws, bucket = workspace
    url = f"{s3_server.endpoint}/{bucket}/status.json"
    done = run_steps(runner, ws, {"command": "check", "url": url, "state-file": ".state/check.json"}, only="Run")
    assert done.returncode == 1
    assert "::error title=status.json check failed%3A fetch::HTTP 404" in done.stdout
    assert (ws / ".state" / "check.json").exists()


def test_failing_publish_fails_the_step_with_annotations(runner: Runner, workspace: tuple[Path, str]) -> None:
    ws, bucket = workspace
    config = ws / "deploy" / "elytra-status.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(bucket, "missing-bucket"), encoding="utf-8")
    done = run_steps(runner, ws, {"command": "publish", "config": "deploy/elytra-status.toml"}, SECRETS, only="Run")
    assert done.returncode == 1
    annotations = [
        line for line in done.stdout.splitlines() if line.startswith("::error title=elytra status publish failed::")
    ]
    assert annotations, done.stdout
    assert "missing-bucket" in annotations[0]


def test_missing_secrets_fail_the_publish(runner: Runner, workspace: tuple[Path, str]) -> None:
    ws, _ = workspace
    done = run_steps(runner, ws, {"command": "publish", "config": "deploy/elytra-status.toml"}, only="Run")
    assert done.returncode == 1
    assert "::error title=elytra status publish failed::" in done.stdout


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"command": "deploy"}, "command must be contract-check, publish or check"),
        ({"command": "check"}, "the check command needs the url input"),
    ],
)
def test_bad_inputs_are_annotated(runner: Runner, tmp_path: Path, given: dict[str, str], message: str) -> None:
    done = run_steps(runner, tmp_path, given, only="Run")
    assert done.returncode == 2
    assert f"::error title=elytra-status action::{message}" in done.stdout


def test_contract_check_runs_with_github_format(runner: Runner) -> None:
    done = run_steps(runner, ROOT, {"command": "contract-check", "against": "contract/versions"}, only="Run")
    assert "elytra contract check --format github --against contract/versions" in done.stdout
    assert done.returncode == 0, done.stdout + done.stderr

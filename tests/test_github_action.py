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
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest

from elytra_status_contract import decode, json_schema
from tests._integration import require_program, unavailable
from tests.conftest import ROOT, S3Server
from tests.servers import ReplayServer, Reply

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


def action_step(workflow: str) -> dict[str, Any]:
    """The step of an example workflow that uses the action."""
    jobs = cast(dict[str, dict[str, Any]], load_yaml(ACTION_DIR / "examples" / workflow)["jobs"])
    steps = [step for job in jobs.values() for step in cast(list[dict[str, Any]], job["steps"])]
    return next(step for step in steps if step.get("uses") == "./adapters/github-action")


def workflow_inputs(workflow: str, context: Mapping[str, str]) -> dict[str, str]:
    """The ``with:`` of the workflow's action step, its ``${{ ... }}`` expressions taken from ``context``."""

    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        assert expression in context, f"the test does not know the expression {expression!r}"
        return context[expression]

    given = cast(dict[str, Any], action_step(workflow)["with"])
    return {name: EXPRESSION.sub(value, str(v)) for name, v in given.items()}


# --- static checks ------------------------------------------------------------------


def test_action_matches_the_github_actions_schema() -> None:
    done = validate("vendor.github-actions", ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_example_workflows_match_the_github_workflows_schema() -> None:
    assert {p.name for p in WORKFLOWS} == {"contract-check.yml", "publish.yml", "meta-monitor.yml", "notices.yml"}
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
    notices = commands["notices.yml"]
    assert notices["with"]["command"] == "publish"
    triggers = load_yaml(ACTION_DIR / "examples" / "notices.yml")["on"]
    assert "deploy/notices/**" in triggers["push"]["paths"]
    assert commands["meta-monitor.yml"]["with"]["alert-webhook"] == "${{ secrets.STATUS_ALERT_WEBHOOK }}"
    triggers = load_yaml(ACTION_DIR / "examples" / "contract-check.yml")["on"]
    assert "packages/elytra-status-contract/**" in triggers["pull_request"]["paths"]
    for name in ("publish.yml", "meta-monitor.yml"):
        assert "schedule" in load_yaml(ACTION_DIR / "examples" / name)["on"]


def test_meta_monitor_carries_the_state_in_a_rolling_cache() -> None:
    (job,) = cast(dict[str, dict[str, Any]], load_yaml(ACTION_DIR / "examples" / "meta-monitor.yml")["jobs"]).values()
    steps = cast(list[dict[str, Any]], job["steps"])
    uses = [str(step.get("uses", "")) for step in steps]
    restore = steps[next(i for i, u in enumerate(uses) if u.startswith("actions/cache/restore@"))]
    save = steps[next(i for i, u in enumerate(uses) if u.startswith("actions/cache/save@"))]
    check = action_step("meta-monitor.yml")
    assert steps.index(restore) < steps.index(check) < steps.index(save)
    state = check["with"]["state-file"]
    assert restore["with"]["path"] == save["with"]["path"] == state
    # A cache entry is never overwritten: each run saves under a key of its own
    # and restores the newest entry under the common prefix.
    key = restore["with"]["key"]
    assert save["with"]["key"] == key
    assert "${{ github.run_id }}" in key
    prefix = restore["with"]["restore-keys"]
    assert isinstance(prefix, str) and "${{" not in prefix
    assert key.startswith(prefix) and key != prefix
    # A failing run's outcome is saved too, or the next run would alert again.
    assert save["if"] == "always()"
    assert check["with"]["fail-on"] == "newly-failing"


def test_readme_documents_every_input_and_output() -> None:
    readme = (ACTION_DIR / "README.md").read_text(encoding="utf-8")
    spec = action()
    names = [*cast(dict[str, Any], spec["inputs"]), *cast(dict[str, Any], spec["outputs"])]
    missing = [name for name in names if f"| `{name}` |" not in readme]
    assert missing == []


def test_readme_shows_how_to_pass_the_options_of_the_commands() -> None:
    """Options the inputs do not cover go through ``args``; the README names them."""
    readme = (ACTION_DIR / "README.md").read_text(encoding="utf-8")
    elytra = Path(sys.executable).parent / "elytra"
    covered = {"--format", "--against", "--config", "--max-age", "--state-file", "--alert-webhook", "--log-format"}
    for command in (("contract", "check"), ("status", "check")):
        done = subprocess.run([str(elytra), *command, "--help"], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        usage = done.stdout.split("\n\n", 1)[0]
        for option in set(re.findall(r"\[(--[a-z][a-z-]*)", usage)) - covered - {"--json", "--verbose"}:
            assert f"{option} " in readme, option


def test_the_licence_file_matches_the_declared_licence() -> None:
    """The action is used straight from this repository, under the licence the packages declare."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 Elytracloud\n")
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text
    pyprojects = sorted((ROOT / "packages").glob("*/pyproject.toml"))
    assert len(pyprojects) == 2
    for pyproject in pyprojects:
        assert tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["license"] == "MIT"


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
        for name in ("env", "path", "state"):
            (files / name).touch()
        # Like the runner, every step starts with an empty summary and outputs file.
        for name in ("output", "summary"):
            (files / name).write_text("", encoding="utf-8")
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
        """The step summary the last step wrote."""
        return (self.root / "files" / "summary").read_text(encoding="utf-8")

    def outputs(self) -> dict[str, str]:
        """The outputs the last step set (``name=value`` lines)."""
        text = (self.root / "files" / "output").read_text(encoding="utf-8")
        return dict(line.split("=", 1) for line in text.splitlines())


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
        '[infrastructure]\nmodel = "Dedicated droplet per client."\n\n'
        f'[[publish]]\nurl = "s3://{bucket}/status.json"\nendpoint_url = "{s3_server.endpoint}"\n',
        encoding="utf-8",
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
    given = {"command": "check", "url": url, "state-file": ".state/check.json"}
    done = run_steps(runner, ws, given, only="Run")
    assert done.returncode == 1
    assert "::error title=status.json check failed%3A fetch::HTTP 404" in done.stdout
    assert "FAIL  fetch          HTTP 404" in done.stdout
    assert (ws / ".state" / "check.json").exists()
    summary = runner.summary()
    assert "| FAIL | fetch | HTTP 404" in summary
    assert "**Failed** with exit code 1:" in summary
    assert f"{url} is failing: fetch" in summary
    assert runner.outputs() == {"exit-code": "1", "healthy": "false", "previous": "", "alert": "disabled"}
    # By default every failing run fails the step, the state file notwithstanding.
    again = run_steps(runner, ws, given, only="Run")
    assert again.returncode == 1
    assert "::error title=status.json check failed%3A fetch::HTTP 404" in again.stdout
    assert runner.outputs()["previous"] == "failing"


WEBHOOK_PATH = "/hooks/meta-monitor"


def test_meta_monitor_fails_once_per_incident(runner: Runner, workspace: tuple[Path, str], s3_server: S3Server) -> None:
    """The meta-monitor's own inputs, run after run: one failed job and one alert per incident."""
    ws, bucket = workspace
    url = f"{s3_server.endpoint}/{bucket}/status.json"
    with ReplayServer({WEBHOOK_PATH: Reply(200, b"ok", {"Content-Type": "text/plain"})}) as hook:
        given = workflow_inputs(
            "meta-monitor.yml",
            {"vars.STATUS_JSON_URL": url, "secrets.STATUS_ALERT_WEBHOOK": f"{hook.url}{WEBHOOK_PATH}"},
        )

        def check() -> subprocess.CompletedProcess[str]:
            return run_steps(runner, ws, given, only="Run")

        def alerts() -> int:
            return sum(request.method == "POST" for request in hook.requests)

        begins = check()  # nothing published: the incident begins
        assert begins.returncode == 1, begins.stdout + begins.stderr
        assert "::error title=status.json check failed%3A fetch::HTTP 404" in begins.stdout
        assert runner.outputs() == {"exit-code": "1", "healthy": "false", "previous": "", "alert": "sent"}
        assert "**Failed** with exit code 1:" in runner.summary()
        assert alerts() == 1

        for _ in range(2):  # the next runs, 5 minutes apart: still failing, reported already
            again = check()
            assert again.returncode == 0, again.stdout + again.stderr
            assert "::error" not in again.stdout
            assert "::warning title=status.json check still failing%3A fetch::HTTP 404" in again.stdout
            assert runner.outputs() == {
                "exit-code": "1",
                "healthy": "false",
                "previous": "failing",
                "alert": "not-needed",
            }
            assert "| FAIL | fetch | HTTP 404" in runner.summary()
            assert "Still failing since an earlier run" in runner.summary()
            assert "**Failed**" not in runner.summary()
            assert alerts() == 1

        published = run_steps(
            runner, ws, {"command": "publish", "config": "deploy/elytra-status.toml"}, SECRETS, only="Run"
        )
        assert published.returncode == 0, published.stdout + published.stderr
        recovered = check()
        assert recovered.returncode == 0, recovered.stdout + recovered.stderr
        assert runner.outputs() == {"exit-code": "0", "healthy": "true", "previous": "failing", "alert": "sent"}
        assert alerts() == 2

        s3_server.client().delete_object(Bucket=bucket, Key="status.json")
        next_incident = check()
        assert next_incident.returncode == 1, next_incident.stdout + next_incident.stderr
        assert runner.outputs()["previous"] == "healthy"
        assert alerts() == 3


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
    summary = runner.summary()
    assert summary.startswith("### elytra status publish\n")
    assert "**Failed** with exit code 1:" in summary
    (block,) = re.findall(r"<pre>\n(.*?)</pre>", summary, re.S)
    assert "missing-bucket" in block


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
        (
            {"command": "check", "url": "https://status.example.com/status.json", "fail-on": "newly-failing"},
            "fail-on newly-failing needs the state-file input",
        ),
        (
            {"command": "check", "url": "https://status.example.com/status.json", "fail-on": "sometimes"},
            "fail-on must be failing or newly-failing, got 'sometimes'",
        ),
    ],
)
def test_bad_inputs_are_annotated(runner: Runner, tmp_path: Path, given: dict[str, str], message: str) -> None:
    done = run_steps(runner, tmp_path, given, only="Run")
    assert done.returncode == 2
    assert f"::error title=elytra-status action::{message}" in done.stdout
    summary = runner.summary()
    assert "**Failed** with exit code 2:" in summary
    assert message in summary


def test_a_usage_error_of_elytra_is_annotated_and_summarised(runner: Runner, tmp_path: Path) -> None:
    given = {"command": "check", "url": "https://status.example.com/status.json", "max-age": "soon"}
    done = run_steps(runner, tmp_path, given, only="Run")
    assert done.returncode == 2
    message = "argument --max-age: invalid duration 'soon'"
    assert f"::error title=elytra status check failed::{message}" in done.stdout
    summary = runner.summary()
    assert "**Failed** with exit code 2:" in summary
    assert message in summary
    assert "| result |" not in summary  # no table without a report
    assert runner.outputs()["healthy"] == ""


def test_contract_check_runs_with_github_format(runner: Runner) -> None:
    done = run_steps(runner, ROOT, {"command": "contract-check", "against": "contract/versions"}, only="Run")
    assert "elytra contract check --format github --against contract/versions" in done.stdout
    assert done.returncode == 0, done.stdout + done.stderr
    summary = runner.summary()
    assert summary.startswith("### status.json contract check\n\nCompatible with every released schema.\n")
    # What 1.1 added to 1.0 is listed too, as compatible additions.
    assert "PROPERTY_ADDED #/properties/components" in summary and "breaking" not in summary


def test_breaking_schema_is_annotated_and_summarised(runner: Runner, tmp_path: Path) -> None:
    schema = json_schema()
    schema["properties"]["platform_status"] = {"type": "integer"}
    (tmp_path / "breaking.json").write_text(json.dumps(schema), encoding="utf-8")
    versions = str(ROOT / "contract" / "versions")
    given = {"command": "contract-check", "against": versions, "args": "--schema breaking.json"}
    done = run_steps(runner, tmp_path, given, only="Run")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"::error file={versions}/1.0.json,title=TYPE_CHANGED::TYPE_CHANGED" in done.stdout
    summary = runner.summary()
    assert 'TYPE_CHANGED #/properties/platform_status/type: type changed from ["string"] to ["integer"]' in summary
    assert "**Failed** with exit code 1:" in summary
    assert "breaking finding(s)" in summary


def test_contract_check_without_released_schemas_says_why_in_the_summary(runner: Runner, tmp_path: Path) -> None:
    done = run_steps(runner, tmp_path, {"command": "contract-check", "against": "no/such/folder"}, only="Run")
    assert done.returncode == 2
    summary = runner.summary()
    assert "**Failed** with exit code 2:" in summary
    assert "no released schemas at no/such/folder" in summary

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff if ruff.exists() else shutil.which("ruff")), "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:]


# ------------------------------------------------------------------ layers (import-linter)

LAYERS_CONTRACT_ID = "layers"


def _lint_imports(*args: str) -> subprocess.CompletedProcess:
    tool = Path(sys.executable).parent / "lint-imports"
    return subprocess.run(
        [str(tool if tool.exists() else shutil.which("lint-imports")), "--no-cache", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def _importlinter_config() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_apps_depend_downward_only():
    """The contracts in pyproject.toml ([tool.importlinter]) hold: no app imports a layer above it,
    independent siblings import neither way, so there is no import circle between apps."""
    result = _lint_imports()
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_every_package_of_ours_has_a_layer():
    """A new app (or package) must be placed in a layer before it can be merged: every top-level
    package of the project except tests and bench is a root package and in the layers contract."""
    config = _importlinter_config()
    contract = next(c for c in config["contracts"] if c["id"] == LAYERS_CONTRACT_ID)
    in_layers = {name.strip() for layer in contract["layers"] for name in layer.replace(":", "|").split("|")}
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(config["root_packages"]) == in_layers


def test_a_broken_layer_contract_fails(tmp_path):
    """The check can fail: the same layers with cases placed above hearings (hearings imports cases)
    is reported broken, with the offending import named."""
    config = _importlinter_config()
    contract = next(c for c in config["contracts"] if c["id"] == LAYERS_CONTRACT_ID)
    layers = [layer for layer in contract["layers"] if layer != "cases"]
    case_types = next(layer for layer in layers if "hearings" in layer.split(" | "))  # the case-type apps' layer
    layers.insert(layers.index(case_types), "cases")
    planted = tmp_path / "importlinter.toml"
    roots = ", ".join(f'"{p}"' for p in config["root_packages"])
    listed = ", ".join(f'"{layer}"' for layer in layers)
    planted.write_text(
        f"[tool.importlinter]\nroot_packages = [{roots}]\n\n"
        f'[[tool.importlinter.contracts]]\nname = "planted"\ntype = "layers"\nlayers = [{listed}]\n'
    )
    result = _lint_imports("--config", str(planted))
    assert result.returncode != 0
    assert "planted BROKEN" in result.stdout
    assert "hearings." in result.stdout and "-> cases." in result.stdout

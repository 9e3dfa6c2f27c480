"""Stored versions of the content classifier under `VAR_DIR/models`, and which one is current.

Each training writes `classifier-<YYYYmmddHHMMSS>.json` (what it was trained on, its
held-out figures, whether it was accepted); an accepted version also writes the model itself
beside it (`.joblib`). A rejected version keeps only its figures: nothing can load it.

"Current" is the version named in the file `current`, replaced atomically (written beside it,
then renamed over it), so a reader sees the old name or the new one, never half of either.
Training makes its version current when accepted; a rollback points back at an earlier one.
An install from before the pointer existed has no `current`: the newest model by name is
current until the next training or rollback writes the pointer.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import joblib

from xinfang.insight.classifier_model import TextClassifier
from xinfang.lib import timesource

log = logging.getLogger(__name__)

KEEP_VERSIONS = 5  # models kept besides the current one; as many rejected figures
POINTER = "current"


class Accepted:
    """Values of a version's `status`."""

    ACCEPTED = "accepted"  # scored at least as well as the current one on the held-out split
    FORCED = "forced"  # made current by `--force` although it scored worse
    REJECTED = "rejected"  # scored worse: figures kept, model not saved


@dataclass(frozen=True)
class Version:
    """One stored version: its name, its metadata, whether its model file exists."""

    name: str
    meta: dict
    has_model: bool
    is_current: bool

    @property
    def status(self) -> str:
        return self.meta.get("status", Accepted.ACCEPTED)

    @property
    def trained_at(self) -> dt.datetime | None:
        stamp = self.meta.get("trained_at")
        return dt.datetime.fromisoformat(stamp) if stamp else None

    @property
    def may_become_current(self) -> bool:
        return self.has_model and self.status != Accepted.REJECTED and not self.is_current


def models_dir(var_dir: Path) -> Path:
    return Path(var_dir) / "models"


def save(model: TextClassifier, var_dir: Path, *, status: str = Accepted.ACCEPTED) -> Path:
    """Write a new version named by the training time (one second later if taken).

    The metadata is written first and the model moved in last, so a reader never sees half a
    model; an accepted (or forced) version then becomes current. A rejected one keeps its
    metadata only. Returns the metadata file of a rejected version, else the model file.
    """
    folder = models_dir(var_dir)
    folder.mkdir(parents=True, exist_ok=True)
    moment = timesource.now()
    while True:
        name = f"classifier-{moment:%Y%m%d%H%M%S}"
        if not (folder / f"{name}.json").exists() and not (folder / f"{name}.joblib").exists():
            break
        moment += dt.timedelta(seconds=1)
    model.meta = {**model.meta, "version": name, "status": status}
    _write(folder / f"{name}.json", json.dumps(model.meta, ensure_ascii=False, indent=2) + "\n")
    if status == Accepted.REJECTED:
        _prune(folder)
        return folder / f"{name}.json"
    partial = folder / f".{name}.joblib.partial"
    joblib.dump(model, partial, compress=3)
    os.replace(partial, folder / f"{name}.joblib")
    make_current(var_dir, name)
    _prune(folder)
    return folder / f"{name}.joblib"


def make_current(var_dir: Path, name: str) -> None:
    """Point `current` at `name` (which must have a model), atomically."""
    folder = models_dir(var_dir)
    if not (folder / f"{name}.joblib").is_file():
        raise FileNotFoundError(f"no model {name}")
    _write(folder / POINTER, name + "\n")


def current_name(var_dir: Path) -> str | None:
    """The current version's name: the pointer's, else (older installs) the newest model."""
    folder = models_dir(var_dir)
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        name = ""
    if name and (folder / f"{name}.joblib").is_file():
        return name
    models = sorted(folder.glob("classifier-*.joblib"))
    return models[-1].stem if models else None


def versions(var_dir: Path) -> list[Version]:
    """Every stored version, oldest first."""
    folder = models_dir(var_dir)
    current = current_name(var_dir)
    names = sorted({p.stem for p in folder.glob("classifier-*.json")}
                   | {p.stem for p in folder.glob("classifier-*.joblib")})  # fmt: skip
    found = []
    for name in names:
        try:
            meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {"version": name}
        has_model = (folder / f"{name}.joblib").is_file()
        found.append(Version(name, meta, has_model, name == current))
    return found


def load(var_dir: Path, name: str) -> TextClassifier | None:
    """The stored model `name`, or None when it is missing or does not load."""
    path = models_dir(var_dir) / f"{name}.joblib"
    try:
        model = joblib.load(path)  # files come only from `save` (trusted)
    except Exception:  # written by an older release, or damaged
        log.warning("cannot load classifier %s", path, exc_info=True)
        return None
    return model if isinstance(model, TextClassifier) else None


def load_current(var_dir: Path) -> TextClassifier | None:
    """The current model; if it does not load, the newest earlier one that does, or None."""
    current = current_name(var_dir)
    if current is None:
        return None
    earlier = [v.name for v in versions(var_dir) if v.has_model and v.name < current]
    for name in [current, *reversed(earlier)]:
        model = load(var_dir, name)
        if model is not None:
            return model
    return None


def previous(var_dir: Path) -> Version | None:
    """The version a rollback returns to: the newest accepted model older than the current."""
    current = current_name(var_dir)
    earlier = [
        v
        for v in versions(var_dir)
        if v.may_become_current and (current is None or v.name < current)
    ]
    return earlier[-1] if earlier else None


def _prune(folder: Path) -> None:
    """Keep the current version, the newest KEEP_VERSIONS models and rejected figures."""
    current = current_name(folder.parent)
    models = sorted(p.stem for p in folder.glob("classifier-*.joblib"))
    rejected = sorted(p.stem for p in folder.glob("classifier-*.json") if p.stem not in set(models))
    for name in [*models[:-KEEP_VERSIONS], *rejected[:-KEEP_VERSIONS]]:
        if name == current:
            continue
        (folder / f"{name}.joblib").unlink(missing_ok=True)
        (folder / f"{name}.json").unlink(missing_ok=True)


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)

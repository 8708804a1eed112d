"""app.models loads its names on first use: every exported name is there, from the module it lives
in, and naming the vocabularies does not build the pydantic models (the login dialog's speed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import app.models as models

ROOT = Path(__file__).resolve().parent.parent


def test_every_exported_name_loads() -> None:
    for name in models.__all__:
        assert getattr(models, name) is not None, name
    assert set(models.__all__) == {"BY_ENTITY", "LISTS_FILES", "RECORD_TYPES", *models._MODULE_OF}
    assert models.BY_ENTITY["households"] is models.Household


def test_the_vocabularies_load_without_the_models() -> None:
    probe = (
        "import sys; from app.models import Role; print('app.models.registry' in sys.modules, Role.WORKER.zh)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "网格员"]

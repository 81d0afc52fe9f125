"""The DGII kit's own validator (`validate.py --rules`), run in this process.

The kit documents this use (`from validate import SchemaStore, validate_file`). Loading it once
and keeping its compiled schemas saves a Python start and a schema compile per checked document.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from django.conf import settings


@functools.cache
def _kit() -> tuple[ModuleType, Any]:
    folder = Path(settings.ECF_RULES_DIR)
    spec = importlib.util.spec_from_file_location("dgii_ecf_kit", folder / "validate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, module.SchemaStore(str(folder / "schemas"))


def ecf_kit_report(document: bytes, tmp_path: Path, *, env: str = "ecf") -> dict[str, Any]:
    """The kit's report on `document` with its business rules, as `--json` prints it per file."""
    module, store = _kit()
    path = tmp_path / "document.xml"
    path.write_bytes(document)
    result = module.validate_file(str(path), store, rules=True, unsigned=False, force_type=None, env=env)
    return dict(result.as_dict())

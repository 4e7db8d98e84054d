"""Reading the bundled YAML data files: one way to read them and one way to word a schema error.

Pure Python (PyYAML, pydantic), shared by the pillars' engines, which must not import Django. Each engine
keeps its own error class, so a caller still catches "an indicator file is wrong" or "a rule file is wrong".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError


def describe(exc: ValidationError) -> str:
    """Every problem pydantic found, as "field a.b.0: reason; ..." (the path names the entry and the field)."""
    return "; ".join(
        f"field {'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}" for err in exc.errors()
    )


def read_yaml(path: Path, error: type[Exception]) -> Any:
    """The file's YAML, or ERROR naming the file and why it could not be read."""
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML: {exc}") from exc
    except OSError as exc:
        raise error(f"{path}: cannot be read: {exc.strerror}") from exc

"""What `jes up` loads into the observatory: the report's figures always, and the public data sets if beside.

The CTDC and GLOTIP files are not part of this repository (their publishers' terms; see ../shared/data/*/
SOURCES.md). Where a checkout has them beside it (../shared/data, or JES_SHARED_DATA), the demo imports them
once, recognised by their sha256, so the dashboard has real data to show.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from jes.files import file_sha256

from .figures import import_glotip, load_seed_figures
from .importer import import_file
from .models import ImportBatch


def shared_data_dir() -> Path:
    return Path(os.environ.get("JES_SHARED_DATA", Path(settings.BASE_DIR).parent / "shared" / "data"))


def _new(path: Path) -> bool:
    return path.is_file() and not ImportBatch.objects.filter(sha256=file_sha256(path)).exists()


def ensure_demo_data() -> list[str]:
    """Load what is missing; return one line per thing done, for the console."""
    done = [f"Observatory: {load_seed_figures()} figures of the joint report loaded."]
    shared = shared_data_dir()
    ctdc = shared / "ctdc" / "CTDC_VPsynthetic_condensed.csv"
    if _new(ctdc):
        batch = import_file(ctdc, "ctdc")
        done.append(f"Observatory: {batch.rows_imported} CTDC synthetic case records imported from {ctdc}.")
    glotip = shared / "unodc_glotip" / "glotip_europe.csv"
    if _new(glotip):
        batch = import_glotip(glotip)
        done.append(f"Observatory: {batch.rows_imported} UNODC GLOTIP figures (Europe) imported from {glotip}.")
    return done

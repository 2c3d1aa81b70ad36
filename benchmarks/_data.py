"""Where the development data lives (../shared/data beside the project)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITREP_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"


def require(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"{path} not found: the development data is in ../shared/data (set SITREP_SHARED)")
    return path

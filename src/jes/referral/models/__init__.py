"""Referral models: the case workspace (workspace.py) and anonymous reports (reports.py)."""

from .reports import *  # noqa: F403
from .workspace import *  # noqa: F403

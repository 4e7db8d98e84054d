"""The observatory's pages: the public dashboard and API, published figures, early warning, staff entry."""

from .dashboard import dashboard, stats_api
from .entry import case_new
from .figures import figures
from .upload import upload
from .warning import early_warning, early_warning_api

__all__ = ["case_new", "dashboard", "early_warning", "early_warning_api", "figures", "stats_api", "upload"]

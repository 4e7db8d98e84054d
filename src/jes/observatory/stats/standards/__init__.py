"""HTCDS as data, its mapping to CTDC, and the translation of one HTCDS row into a case record.

Pure Python (no Django). The data are data/observatory/htcds/: fields.yaml (the HTCDS fields the observatory
reads, and the identity fields it never reads), ctdc_mapping.csv (HTCDS field and value -> CTDC variable and
value -> the case record's field and value) and countries.csv (ISO 3166-1 alpha-2 -> alpha-3 and CTDC region).
The mapping is checked against both sides' values when it is loaded, and a bad row refuses the whole mapping,
naming the row: a half-checked mapping would silently miscount victims.

`Standard.translate` turns one row (column -> text) into the dict the observatory importer writes, the same
keys as `ctdc_case` returns plus `citizenship`, `country_of_exploitation` and the boolean column of every form
of exploitation (CTDC's file has two forms; HTCDS has more), or None with (column, value, reason) problems.
Columns are matched by the standard's field name, with or without its table prefix (prs_, vic_ ...), ignoring
case, spaces and underscores. Identity columns are dropped unread (their non-empty cells are counted); other
columns the observatory does not use are ignored.

The package: `vocabulary` (CTDC's values and the observatory's names), `records` (the parsed rows and the error),
`files` (loading fields.yaml, ctdc_mapping.csv and countries.csv), `checks` (the mapping checked against both
standards) and `translate` (the `Standard`: columns, values and one row into a case dict).
"""

from __future__ import annotations

from .files import DEFAULT_DIR, default_standard, load_standard
from .records import StandardsError
from .translate import Standard
from .vocabulary import CTDC_REGIONS, CTDC_VALUES, FORM_COLUMNS, MAPPING_COLUMNS, ROLES

__all__ = [
    "CTDC_REGIONS",
    "CTDC_VALUES",
    "DEFAULT_DIR",
    "FORM_COLUMNS",
    "MAPPING_COLUMNS",
    "ROLES",
    "Standard",
    "StandardsError",
    "default_standard",
    "load_standard",
]

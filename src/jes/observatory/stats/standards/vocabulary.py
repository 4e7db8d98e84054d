"""The names both standards and the observatory use: CTDC's variables and values, the case record's fields."""

from __future__ import annotations

from typing import Literal

# CTDC's variables and their published values (CTDC_VPsynthetic_dict_20221201.xlsx, sheets Main and TabStat).
# An empty set: free values (yearRegister is a year or a band, checked by the importer).
CTDC_REGIONS = frozenset({"Africa", "Americas/Oceania", "Asia", "Europe"})
CTDC_GENDERS = frozenset({"Female", "Male"})
CTDC_FLAG = frozenset({"1"})
CTDC_VALUES: dict[str, frozenset[str]] = {
    "yearRegister": frozenset(),
    "gender": CTDC_GENDERS,
    "majorityStatus": frozenset({"Adult", "Minor"}),
    "isForcedLabour": CTDC_FLAG,
    "isSexualExploit": CTDC_FLAG,
    "UN_COO_Region": CTDC_REGIONS,
    "UN_COE_Region": CTDC_REGIONS,
    "IP_Exploiter": CTDC_FLAG,
    "IP_Gender": CTDC_GENDERS,
    "IP_ageBroad": frozenset({"0--29", "30--38", "39--47", "48+"}),
    "IP_citizen_UNRegion": CTDC_REGIONS,
    "IP_Relation": frozenset({"FamilyIntimatePartner", "FriendAcquaintance", "StrangerUnknownOther"}),
    "IP_PayMoney": frozenset({"Yes", "No"}),
    "IP_RecruiterBroker": CTDC_FLAG,
    "IP_TransactionProcess": CTDC_FLAG,
    "IP_ControlAbuseKidnap": CTDC_FLAG,
}

# The observatory's forms of exploitation and their boolean columns (models.FORM_FIELDS), and perpetrator roles
# (importer.ROLE_COLUMNS), in the order the models and the CTDC import list them.
FORM_COLUMNS: dict[str, str] = {
    "forced_labour": "is_forced_labour",
    "sexual_exploitation": "is_sexual_exploitation",
    "forced_criminality": "is_forced_criminality",
    "forced_begging": "is_forced_begging",
    "domestic_servitude": "is_domestic_servitude",
    "forced_marriage": "is_forced_marriage",
    "illegal_adoption": "is_illegal_adoption",
    "organ_removal": "is_organ_removal",
    "other": "is_other_exploitation",
}
FORMS: tuple[str, ...] = tuple(FORM_COLUMNS)
ROLES: tuple[str, ...] = ("exploiter", "recruiter_broker", "transaction", "control_abuse_kidnap")
# A CTDC flag and what the observatory stores for it: mapping rows must agree with the CTDC import.
CTDC_FLAG_CASE: dict[str, tuple[str, str]] = {
    "isForcedLabour": ("forms", "forced_labour"),
    "isSexualExploit": ("forms", "sexual_exploitation"),
    "IP_Exploiter": ("details.perpetrator_roles", "exploiter"),
    "IP_RecruiterBroker": ("details.perpetrator_roles", "recruiter_broker"),
    "IP_TransactionProcess": ("details.perpetrator_roles", "transaction"),
    "IP_ControlAbuseKidnap": ("details.perpetrator_roles", "control_abuse_kidnap"),
}
# Case fields a mapping row may fill, and the values it may give (None: any value of the HTCDS field).
CASE_VALUES: dict[str, frozenset[str] | None] = {
    "gender": CTDC_GENDERS,
    "forms": frozenset(FORMS),
    "means_of_control": None,
    "details.perpetrator_roles": frozenset(ROLES),
    "citizenship": frozenset({"*"}),
    "citizenship_region": frozenset({"*"}),
    "country_of_exploitation": frozenset({"*"}),
    "exploitation_region": frozenset({"*"}),
    # Named in rows without an HTCDS counterpart, so a reader sees which record field stays empty.
    "year_label": frozenset(),
    "age_band": frozenset(),
    "recruiter_relation": frozenset(),
}
LIST_FIELDS = frozenset({"forms", "means_of_control", "details.perpetrator_roles"})
COUNTRY_FIELDS: dict[str, Literal["iso3", "ctdc_region"]] = {
    "citizenship": "iso3",
    "country_of_exploitation": "iso3",
    "citizenship_region": "ctdc_region",
    "exploitation_region": "ctdc_region",
}
# A CTDC region variable and the case field its value goes to.
REGION_FIELDS: dict[str, str] = {"UN_COO_Region": "citizenship_region", "UN_COE_Region": "exploitation_region"}
MATCHES = frozenset({"exact", "approximate", "broader", "none"})
MAPPING_COLUMNS: tuple[str, ...] = (
    "htcds_field",
    "htcds_value",
    "ctdc_variable",
    "ctdc_value",
    "case_field",
    "case_value",
    "match",
    "note",
    "htcds_source",
    "ctdc_source",
)
ANY = "*"
MAX_LISTED_VALUES = 12

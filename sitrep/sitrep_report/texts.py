"""Wording of the situation report, as gettext msgids (English); Arabic lives in locale/ar."""

from __future__ import annotations

from typing import ClassVar

from sitrep.i18n import N_, N_plural
from sitrep.problems import Problem

SITREP = N_("Situation report")
DEFAULT_TITLE = N_("Attacks on health care and civil defence")
PERIOD = N_("Period: {start} to {end}")
AREA = N_("Area: {area}")
ALL_AREAS = N_("All areas")
PROFILE = N_("Profile: {profile}")
CONTENTS = N_("Contents")
KEY_FIGURES = N_("Key figures")
BREAKDOWNS = N_("Breakdowns")
BY_GOVERNORATE = N_("By governorate")
BY_ATTACK_TYPE = N_("By type of attack")
BY_FACILITY_KIND = N_("By kind of facility")
BY_CERTAINTY = N_("By certainty")
BY_DAY = N_("Over time, per day")
BY_WEEK = N_("Over time, per week (weeks start on Monday)")
BY_MONTH = N_("Over time, per month")
BY_YEAR = N_("Over time, per year")
BY_YEAR_WITH_DATA = N_("Over time, per year (years with incidents only)")
WEEK_OF = N_("week of {date}")
UNKNOWN_GOVERNORATE = N_("Governorate not recorded")
INCIDENTS = N_("Incidents")
FACILITIES = N_("Facilities")
ANNEX = N_("Annex: incidents in the period")
DETAILS = N_("Incident details")
DATE = N_("Date")
PLACE = N_("Place")
FACILITY = N_("Facility")
ATTACK = N_("Attack")
CERTAINTY = N_("Certainty")
INCIDENT_ID = N_("ID")
NO_INCIDENTS_IN_BREAKDOWN = N_("Nothing to count.")
TOC_HINT = N_("Incidents are listed by date in the annex; each detail section is headed by its date and ID.")
GENERATED_NOTE = N_("Generated from the incidents recorded for the period:")

# Key-figure boxes: the number is printed large above the label.
BOX_INCIDENTS = N_plural("incident", "incidents")
BOX_FACILITIES = N_plural("facility affected", "facilities affected")
BOX_HEALTH_WORKERS_KILLED = N_plural("health worker killed", "health workers killed")
BOX_CIVIL_DEFENCE_KILLED = N_plural("civil-defence member killed", "civil-defence members killed")

# Counted noun phrases. Arabic needs all six forms: the number goes away for 1 and 2
# (مرفق صحي واحد، مرفقان صحيان), the noun is plural for 3-10, accusative singular with
# tanween for 11-99 (مرفقًا صحيًا) and genitive singular from 100 (مرفق صحي).
N_HEALTH_FACILITIES = N_plural("{count} health facility", "{count} health facilities")
N_CIVIL_DEFENCE_FACILITIES = N_plural("{count} civil-defence facility", "{count} civil-defence facilities")
N_INCIDENTS = N_plural("{count} incident", "{count} incidents")
N_PEOPLE = N_plural("{count} person", "{count} people")
N_HEALTH_WORKERS = N_plural("{count} health worker", "{count} health workers")
N_CIVIL_DEFENCE_MEMBERS = N_plural("{count} civil-defence member", "{count} civil-defence members")

# Key-figure sentences, built from the phrases above: {what} is a counted phrase, and
# the verb agrees with the count, so each sentence is a plural message of its own.
S_INCIDENTS = N_plural("{what} was recorded in the period.", "{what} were recorded in the period.")
S_HEALTH_ATTACKED = N_plural("{what} was attacked", "{what} were attacked")
S_CIVIL_DEFENCE_ATTACKED = N_plural("{what} was hit", "{what} were hit")  # Arabic: feminine verb
S_OUT_OF_SERVICE = N_plural("{count} of them put out of service", "{count} of them put out of service")
S_KILLED = N_plural("{what} was killed", "{what} were killed")
S_INJURED = N_plural("{what} was injured", "{what} were injured")
S_AMONG_THE_DEAD = N_plural("{what} was among the dead", "{what} were among the dead")
S_NO_INCIDENTS = N_("No incident was recorded in the period.")
# On the cover when drafts were asked for.
DRAFTS_INCLUDED = N_plural("Includes {count} draft incident, not yet verified for publication; it is marked "
                           "as a draft in the annex.",
                           "Includes {count} draft incidents, not yet verified for publication; they are "
                           "marked as drafts in the annex.")

# Problems with the request, in both languages (sitrep.problems does not know them).
MESSAGES = {
    "report_period_reversed": N_("The period starts ({start}) after it ends ({end})."),
    "report_period_empty": N_("No stored incident falls between {start} and {end}{area}; nothing was written."),
    "report_only_drafts": N_("No final incident falls between {start} and {end}{area}, only drafts ({count}); "
                             "nothing was written. Include drafts to report them."),
    "report_unknown_area": N_("No stored incident is in the governorate {area}. Known governorates: {known}."),
    "report_bad_date": N_("{value!r} is not a date written YYYY-MM-DD."),
    "report_too_many": N_("The period holds {count} incidents; a report can hold at most {limit}."),
    "report_process_stopped": N_("The report process stopped before it finished (the computer may be out of "
                                 "memory); nothing was written."),
}


class ReportProblem(Problem):
    """A Problem whose messages live in this module."""

    messages: ClassVar[dict] = MESSAGES
    translated_params: ClassVar[dict] = {}

"""Wording of the situation report, as gettext msgids (English); Arabic lives in locale/ar."""

from __future__ import annotations

from typing import ClassVar

from sitrep.render import labels
from sitrep.i18n import N_, N_plural
from sitrep.contract.problems import Problem

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
BY_PERPETRATOR = N_("By perpetrator (as reported)")
BY_GROUP = N_("People affected, by group")
PERPETRATOR_NOT_RECORDED = N_("Perpetrator not recorded")
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

# Counts of people that may be unknown (model.Tally), in boxes and tables.
AT_LEAST = labels.AT_LEAST_ABOVE  # shared with the flash update: one wording for both
NOT_KNOWN = labels.NOT_KNOWN
UNKNOWN_LEGEND = N_("{at_least}: at least {count} (some counts are not known); {unknown}: not known.")

# Context of the key figures.
CHANGE_LEGEND = N_("↑ ↓ Change against the previous period, {start} to {end}.")
SINCE_LEGEND = N_("Total: since {date}, to the end of this period.")
PREVIOUS_BOX = N_("previous: {value}")
TOTAL_BOX = N_("total: {value}")
NO_CHANGE = N_("no change")
S_HIT_AGAIN = N_("{facility} was hit for the {nth} time since {date}.")
S_HIT_AGAIN_OTHERS = N_plural("{count} other facility was also hit more than once since {date}.",
                              "{count} other facilities were also hit more than once since {date}.")

# Back matter, on the last page.
ABOUT = N_("About this report")
METHOD_TITLE = N_("Method")
METHOD = N_(
    "Each attack on a health facility, an ambulance or a civil-defence centre or vehicle is recorded as one "
    "incident: when and where it happened, what was hit, the type of attack, who was reported responsible, "
    "and the people killed, injured, kidnapped, arrested, detained or missing. Each incident is checked "
    "against the sources available and given a certainty. Figures count what was recorded in the period; "
    "a count that was not known is shown as not known, never as zero, so totals are a minimum.")
# The annex prints certainty after the attack's name ("Air strike · Confirmed incident"). A bare
# Arabic adjective there (مؤكد) would agree with the attack's gender half the time (غارة is feminine,
# قصف masculine), so it names its noun: حادثة مؤكدة.
ANNEX_CERTAINTY = {
    "confirmed": N_("Confirmed incident"),
    "probable": N_("Probable incident"),
    "possible": N_("Possible incident"),
    "rumour": N_("Rumour"),
}
CERTAINTY_TITLE = N_("Certainty")
CERTAINTY_MEANING = {
    "confirmed": N_("at least two independent sources, one of them direct (staff, eyewitness or civil "
                    "defence), agree on the attack and the facility."),
    "probable": N_("one direct source, or several indirect ones that agree; no source contradicts them."),
    "possible": N_("one indirect source, not yet corroborated."),
    "rumour": N_("reported but unverified, or contradicted by other sources; listed so that it can be "
                 "followed up, not counted as fact."),
}
SOURCES_TITLE = N_("Sources by type")
SOURCES_NOTE = N_("Sources of the incidents in this report, counted by type. Sources are confidential: they "
                  "are never named.")
CONTACT = N_("Contact: {contact}")
DATA_LINK = N_("Data: {url}")
DISCLAIMER = N_("The boundaries and names shown and the designations used in this report do not imply "
                "official endorsement or acceptance.")

# Key-figure boxes: the number is printed large above the label.
BOX_INCIDENTS = N_plural("incident", "incidents")
BOX_FACILITIES = N_plural("facility affected", "facilities affected")
BOX_HEALTH_WORKERS_KILLED = labels.HW_KILLED_N
BOX_CIVIL_DEFENCE_KILLED = N_plural("civil-defence member killed", "civil-defence members killed")
BOX_HEALTH_WORKERS_INJURED = labels.HW_INJURED_N
BOX_HEALTH_WORKERS_KIDNAPPED = labels.HW_KIDNAPPED_N
BOX_HEALTH_WORKERS_ARRESTED = labels.HW_ARRESTED_N
BOX_VEHICLES = labels.VEHICLES_N
N_SOURCES = N_plural("{count} source", "{count} sources")

# Counted noun phrases. Arabic needs all six forms: the number goes away for 1 and 2
# (منشأة صحية واحدة، منشأتان صحيتان), the noun is plural for 3-10, singular for 11-99
# (accusative, written without tanween: ١١ شخصا) and from 100 (١٠٠ منشأة صحية).
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
S_ALL_OUT_OF_SERVICE = N_plural("and it was put out of service", "all of them put out of service")
S_ONE_OF_TWO_OUT_OF_SERVICE = N_("one of them put out of service")
# Arabic: «لقي ٣ أشخاص حتفهم», which cannot be read as "he killed" the way an
# unvowelled قتل can. A known 0 has a sentence of its own ("No one was killed").
S_KILLED = N_plural("{what} was killed", "{what} were killed")
S_KILLED_AT_LEAST = N_plural("At least {what} was killed", "At least {what} were killed")
S_NO_ONE_KILLED = labels.NO_ONE_KILLED
S_KILLED_UNKNOWN = labels.KILLED_NOT_KNOWN_SENTENCE
S_INJURED = N_plural("{what} was injured", "{what} were injured")
S_INJURED_AT_LEAST = N_plural("At least {what} was injured", "At least {what} were injured")
S_NO_ONE_INJURED = labels.NO_ONE_INJURED
S_INJURED_UNKNOWN = labels.INJURED_NOT_KNOWN_SENTENCE
S_CASUALTIES_UNKNOWN = labels.CASUALTIES_NOT_KNOWN
S_AMONG_THE_DEAD = N_plural("{what} was among the dead", "{what} were among the dead")
S_AMONG_THE_DEAD_AT_LEAST = N_plural("At least {what} was among the dead", "At least {what} were among the dead")
S_AMONG_THE_INJURED = N_plural("{what} was among the injured", "{what} were among the injured")
S_AMONG_THE_INJURED_AT_LEAST = N_plural("At least {what} was among the injured",
                                        "At least {what} were among the injured")
# Arabic: «تعرض ٣ عاملين صحيين للخطف» keeps the counted phrase in the nominative.
S_KIDNAPPED = N_plural("{what} was kidnapped", "{what} were kidnapped")
S_KIDNAPPED_AT_LEAST = N_plural("At least {what} was kidnapped", "At least {what} were kidnapped")
S_ARRESTED = N_plural("{what} was arrested", "{what} were arrested")
S_ARRESTED_AT_LEAST = N_plural("At least {what} was arrested", "At least {what} were arrested")
S_NO_INCIDENTS = N_("No incident was recorded in the period.")
# On the cover when drafts were asked for.
DRAFTS_INCLUDED = N_plural("Includes {count} draft incident, not yet verified for publication; it is marked "
                           "as a draft in the annex.",
                           "Includes {count} draft incidents, not yet verified for publication; they are "
                           "marked as drafts in the annex.")

# Problems with the request, in both languages (sitrep.contract.problems does not know them).
MESSAGES = {
    "report_period_reversed": N_("The period starts ({start}) after it ends ({end})."),
    "report_period_empty": N_("No stored incident falls between {start} and {end}{area}; nothing was written."),
    "report_only_drafts": N_("No final incident falls between {start} and {end}{area}, only drafts ({count}); "
                             "nothing was written. Include drafts to report them."),
    "report_unknown_area": N_("No stored incident is in the governorate {area}. Known governorates: {known}."),
    "report_bad_date": N_("{value!r} is not a date written YYYY-MM-DD."),
    "report_since_after_start": N_("The total since {since} must start on or before the period ({start})."),
    "report_bad_url": N_("{value!r} is not a web address starting with http:// or https://."),
    "report_too_many": N_("The period holds {count} incidents; a report can hold at most {limit}."),
    "report_process_stopped": N_("The report process stopped before it finished (the computer may be out of "
                                 "memory); nothing was written."),
}


class ReportProblem(Problem):
    """A Problem whose messages live in this module."""

    messages: ClassVar[dict] = MESSAGES
    translated_params: ClassVar[dict] = {}

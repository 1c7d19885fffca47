"""Grading response timelines: reading timelines, scoring against rubrics, comparisons, reports."""

from drillsim.grading.score import COUNT_MEASURES, Criterion, Grade, antidote_chemicals, grade, parse_rating
from drillsim.grading.timeline import TimelineDoc, TimelineEvent, load_timeline_file, parse_timeline

__all__ = [
    "COUNT_MEASURES",
    "Criterion",
    "Grade",
    "TimelineDoc",
    "TimelineEvent",
    "antidote_chemicals",
    "grade",
    "load_timeline_file",
    "parse_rating",
    "parse_timeline",
]

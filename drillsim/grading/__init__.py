"""Grading response timelines: reading timelines, scoring against rubrics, comparisons, reports."""

from drillsim.grading.score import Criterion, Grade, grade, parse_rating
from drillsim.grading.timeline import TimelineDoc, TimelineEvent, load_timeline_file, parse_timeline

__all__ = [
    "Criterion",
    "Grade",
    "TimelineDoc",
    "TimelineEvent",
    "grade",
    "load_timeline_file",
    "parse_rating",
    "parse_timeline",
]

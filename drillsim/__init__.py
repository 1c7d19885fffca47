"""drillsim: hazardous-chemical handover boxes, search, unscripted drills and grading (core, no UI)."""

__version__ = "0.1.0"

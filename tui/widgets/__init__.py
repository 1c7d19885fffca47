"""Reusable widgets: site-plan canvas, gauges, risk and triage badges, the EXERCISE banner."""

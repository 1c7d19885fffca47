"""Renderers of the core: SVG drawings and HTML documents built from model objects (no UI)."""

"""drillsim terminal UI (Textual). Imports drillsim; the core never imports this package."""

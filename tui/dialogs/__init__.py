"""Modal dialogs: help, prompts, decisions, choices."""

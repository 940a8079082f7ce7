"""Adapters that plug the engine into other systems (optional extras, imported on demand)."""

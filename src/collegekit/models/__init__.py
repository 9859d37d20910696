"""Pydantic models of the records, one module a record kind."""

"""Bulk data connectors: GDELT 1.0/2.0 event files, UN General Assembly votes, indicator CSV tables."""

from __future__ import annotations

from .report import ImportReport

__all__ = ["ImportReport"]

"""Assessment: monthly relationship scores per dimension, drivers vs constraints, explanations, snapshots."""

from .assessment import Assessment, assess, parse_month
from .score import ModelParams

__all__ = ["Assessment", "ModelParams", "assess", "parse_month"]

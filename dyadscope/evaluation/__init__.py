"""Evaluation against the hand-annotated development gold set (``make eval``).

``dyadscope.evaluation.extraction`` scores events and indicators; the assessment stage may add
``dyadscope.evaluation.assessment`` (run after it when present).
"""

"""Intake (登记): the orchestration layer that registers petitions from every channel.

It sits above the case core (petitions, events) and the features (insight, workflow,
statistics): registration asks each of them for its part, in one transaction.
"""

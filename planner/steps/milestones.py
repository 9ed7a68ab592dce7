"""Steps on a plan's milestones (dated events of the review year)."""

from __future__ import annotations

from planner.model import Milestone
from planner.steps.lists import InsertItem, ListStep, MoveItem, RemoveItem, SetItemFields
from planner.store.schema import MilestoneRow

MILESTONE_FIELDS = ("month", "day", "title", "unit_id")


class MilestoneList(ListStep):
    """The milestones of a plan, in order."""

    model = MilestoneRow
    attr = "milestones"
    fields = MILESTONE_FIELDS

    def _make(self, data: dict) -> Milestone:
        return Milestone(data["id"], data["month"], data["title"], data.get("day"), data.get("unit_id"))


class InsertMilestone(MilestoneList, InsertItem):
    """Insert a milestone at an index."""


class RemoveMilestone(MilestoneList, RemoveItem):
    """Remove a milestone."""


class MoveMilestone(MilestoneList, MoveItem):
    """Move a milestone to a final index."""


class SetMilestoneFields(MilestoneList, SetItemFields):
    """Change a milestone's month, day, title or unit."""

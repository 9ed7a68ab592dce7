"""Primitive, reversible edits, by what they touch: nodes, plans and sections, milestones, units, progress.

Operations compose steps inside Workspace.edit(); the history (planner/history.py) stores them.
Every step receives the WorkspaceState (planner/state.py), never the Workspace façade.
"""

from planner.steps.base import Step
from planner.steps.bulk import SetMethodLists
from planner.steps.milestones import (
    InsertMilestone,
    MoveMilestone,
    RemoveMilestone,
    SetMilestoneFields,
)
from planner.steps.nodes import InsertNodes, MoveNode, RemoveNode, SetNodeFields, node_snapshot
from planner.steps.plans import (
    InsertPlan,
    InsertSection,
    MoveSection,
    RemovePlan,
    RemoveSection,
    SetPlanFields,
    SetSectionFields,
    plan_snapshot,
)
from planner.steps.progress import SetPeriodLock, SetProgress
from planner.steps.units import InsertUnit, MoveUnit, RemoveUnit, SetSetting, SetUnitFields

__all__ = [
    "InsertMilestone",
    "InsertNodes",
    "InsertPlan",
    "InsertSection",
    "InsertUnit",
    "MoveMilestone",
    "MoveNode",
    "MoveSection",
    "MoveUnit",
    "RemoveMilestone",
    "RemoveNode",
    "RemovePlan",
    "RemoveSection",
    "RemoveUnit",
    "SetMethodLists",
    "SetMilestoneFields",
    "SetNodeFields",
    "SetPeriodLock",
    "SetPlanFields",
    "SetProgress",
    "SetSectionFields",
    "SetSetting",
    "SetUnitFields",
    "Step",
    "node_snapshot",
    "plan_snapshot",
]

"""Activities, success criteria with their measurements, and milestones.

Everything here belongs to one plan through a delaftale, a focus area or the plan itself, and
is reached through `activities.selectors`, scoped by `plans.selectors.plan_access_get`.

One module per topic; every model is importable from `activities.models`:

- `activity`: core activities, activities, their goals, target groups and indicators
- `criteria`: success criteria, their groups, comparison and per-estate values
- `progress`: measurements and milestones
- `budget`: the activities' budget lines and amounts
"""

from simple_history import register

from plans.history import ChangedOnlyHistory

from .activity import (
    Activity,
    ActivityGoal,
    CoreActivity,
    Indicator,
    IndicatorValue,
    TargetGroup,
)
from .budget import (
    BudgetAmount,
    BudgetLine,
)
from .criteria import (
    ComparisonValue,
    CriterionEstateValue,
    CriterionGroup,
    SuccessCriterion,
)
from .progress import (
    Measurement,
    Milestone,
    evidence_path,
)

__all__ = [
    "CoreActivity",
    "Activity",
    "ActivityGoal",
    "TargetGroup",
    "Indicator",
    "IndicatorValue",
    "CriterionGroup",
    "SuccessCriterion",
    "ComparisonValue",
    "CriterionEstateValue",
    "evidence_path",
    "Measurement",
    "Milestone",
    "BudgetLine",
    "BudgetAmount",
    "HISTORY_MODELS",
]

# Kept with who and when for the plan's history page (see plans.models.HISTORY_MODELS).
HISTORY_MODELS = (
    Activity,
    ActivityGoal,
    TargetGroup,
    CriterionGroup,
    SuccessCriterion,
    ComparisonValue,
    CriterionEstateValue,
    Measurement,
    Milestone,
    BudgetLine,
    BudgetAmount,
    Indicator,
    IndicatorValue,
)
# app=: the historical models live in `activities.models`, as when the models were one module.
for _model in HISTORY_MODELS:
    register(_model, app="activities", records_class=ChangedOnlyHistory)

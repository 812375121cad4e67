"""The plan and everything the strategic agreement and the delaftaler say.

Reference data (organisations, boligafdelinger, rule sets with their indsatsområder) is shared
between plans; everything else belongs to exactly one plan and is reached only through
`plans.selectors`, which scope it to the user's memberships.

One module per topic; every model is importable from `plans.models`:

- `base`: the shared field helpers and the `Ordered` base class
- `reference`: organisations, boligafdelinger, rule sets with their areas and deadlines
- `plan`: the plan, its parties, estates, memberships, invitations and deadlines
- `agreement`: approval state, the strategic agreement, focus areas, delaftaler, sections
- `organisation`: the plan's fora and staff, and the estates' shares
- `budget`: the financing frame, budget groups and locked years
- `versions`: the frozen approved versions
"""

from simple_history import register

from ..history import ChangedOnlyHistory
from .agreement import (
    AGREEMENT_CONTENT,
    DELAFTALE_CONTENT,
    Approvable,
    ApprovalState,
    Delaftale,
    DelaftaleParty,
    DocumentKind,
    FocusArea,
    Goal,
    Section,
    SectionContent,
    SectionTemplate,
    Signature,
    StaffResource,
    StrategicAgreement,
)
from .base import (
    PROSE_HELP,
    Ordered,
    prose,
    require_someone,
)
from .budget import (
    MAX_KRONER,
    BudgetGroup,
    FinancingAmount,
    FinancingLine,
    YearLock,
    kroner_validators,
)
from .organisation import (
    EstateShare,
    Forum,
    ForumMember,
    StaffMember,
)
from .plan import (
    INVITATION_DAYS,
    MAX_PLAN_YEARS,
    Invitation,
    Membership,
    Plan,
    PlanDeadline,
    PlanEstate,
    PlanParty,
    SentReminder,
)
from .reference import (
    DeadlinePage,
    HousingEstate,
    Organisation,
    RuleSet,
    RuleSetArea,
    RuleSetDeadline,
    lbf_financing_sources,
)
from .versions import (
    DocumentVersion,
    FrozenQuerySet,
    VersionFrozen,
    version_path,
)

__all__ = [
    "PROSE_HELP",
    "prose",
    "require_someone",
    "Ordered",
    "Organisation",
    "HousingEstate",
    "lbf_financing_sources",
    "RuleSet",
    "RuleSetArea",
    "DeadlinePage",
    "RuleSetDeadline",
    "MAX_PLAN_YEARS",
    "Plan",
    "PlanParty",
    "PlanEstate",
    "Membership",
    "INVITATION_DAYS",
    "Invitation",
    "PlanDeadline",
    "SentReminder",
    "ApprovalState",
    "Approvable",
    "StrategicAgreement",
    "Signature",
    "FocusArea",
    "Goal",
    "Delaftale",
    "DelaftaleParty",
    "SectionContent",
    "AGREEMENT_CONTENT",
    "DELAFTALE_CONTENT",
    "DocumentKind",
    "SectionTemplate",
    "Section",
    "StaffResource",
    "Forum",
    "ForumMember",
    "StaffMember",
    "EstateShare",
    "MAX_KRONER",
    "kroner_validators",
    "FinancingLine",
    "BudgetGroup",
    "FinancingAmount",
    "YearLock",
    "VersionFrozen",
    "FrozenQuerySet",
    "version_path",
    "DocumentVersion",
    "HISTORY_MODELS",
]

# Every change to plan data is kept with who and when (django-simple-history), for the
# history page. Reference data, memberships and invitations (people, and a secret) and the
# frozen versions are not; nor is who submitted a document (a user that may later be deleted).
HISTORY_MODELS = (
    Plan,
    PlanParty,
    PlanEstate,
    EstateShare,
    StrategicAgreement,
    Signature,
    FocusArea,
    Goal,
    Delaftale,
    DelaftaleParty,
    Section,
    StaffResource,
    Forum,
    ForumMember,
    StaffMember,
    FinancingLine,
    FinancingAmount,
    BudgetGroup,
    YearLock,
    PlanDeadline,
)
# app=: the historical models live in `plans.models`, as when the models were one module.
for _model in HISTORY_MODELS:
    register(_model, app="plans", records_class=ChangedOnlyHistory,
             excluded_fields=["submitted_by"] if issubclass(_model, Approvable) else None)

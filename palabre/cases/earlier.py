"""The team's answer about an earlier case found at intake (docs/adr/0027).

When a new case (or a referral about to become one) looks like an earlier case of the service —
same address or residence, a party of the same name and telephone, or a record merged with one
of its parties — its team says whether it is the same conflict (the new case is then linked to
the earlier one, ``cases.earlier_actions``) or a new one. The answer is kept per pair, so the
question is not asked again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel


class Answer(models.TextChoices):
    SAME = "SAME", _("Même conflit")
    NEW = "NEW", _("Nouveau conflit")


class EarlierAnswerBase(BaseModel):
    """An answer about one earlier case, kept per pair (here a case, or a referral before it is
    accepted: ``referrals.earlier``)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    earlier_case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("réponse"), max_length=10, choices=Answer)
    answered_by = models.ForeignKey(
        "organisations.Membership", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("répondu le"))

    class Meta:
        abstract = True
        verbose_name = _("réponse sur un dossier antérieur")

    def __str__(self):
        return self.get_answer_display()


class EarlierCaseAnswer(EarlierAnswerBase):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="earlier_answers")

    class Meta(EarlierAnswerBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["case", "earlier_case"], name="one_answer_per_earlier_case"
            ),
            models.CheckConstraint(
                condition=~models.Q(case=models.F("earlier_case")),
                name="earlier_case_is_another_case",
            ),
        ]

"""A referral's earlier cases (docs/adr/0027): before accepting, the coordination sees the
service's earlier cases of the person or the address and says whether it is the same conflict
(the referral is then accepted as a case linked to the earlier one) or a new one (the answer is
kept, and carried to the case the referral becomes, so the question is not asked again)."""

from django.db import models

from palabre.cases.earlier import EarlierAnswerBase


class ReferralEarlierAnswer(EarlierAnswerBase):
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, related_name="earlier_answers"
    )

    class Meta(EarlierAnswerBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "earlier_case"], name="one_answer_per_referral_earlier_case"
            )
        ]

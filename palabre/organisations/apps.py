from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "palabre.organisations"
    label = "organisations"

    def ready(self):
        from palabre.accounts import policy
        from palabre.organisations import security

        policy.add_login_check(security.login_refusal)
        policy.add_journal_scope(security.journal_organisations)

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "palabre.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from palabre.accounts import checks  # noqa: F401  (registers the settings check)
        from palabre.accounts.middleware import stamp_session_at_login

        user_logged_in.connect(stamp_session_at_login, dispatch_uid="palabre-session-stamp")

from django.urls import path

from palabre.accounts.views import login, mfa, password, session

app_name = "accounts"
urlpatterns = [
    path("connexion/", login.LoginView.as_view(), name="login"),
    path("connexion/code/", login.login_code, name="login_code"),
    path("deconnexion/", login.LogoutView.as_view(), name="logout"),
    path("mot-de-passe-oublie/", password.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        password.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/enregistre/",
        password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("double-authentification/", mfa.overview, name="mfa"),
    path("double-authentification/codes/", mfa.regenerate, name="mfa_regenerate"),
    path("double-authentification/desactiver/", mfa.disable, name="mfa_disable"),
    path("session/", session.status, name="session_status"),
    path("session/prolonger/", session.stay, name="session_stay"),
]

from django.urls import path

from palabre.accounts.views import login, mfa, session

app_name = "accounts"
urlpatterns = [
    path("connexion/", login.LoginView.as_view(), name="login"),
    path("connexion/code/", login.login_code, name="login_code"),
    path("deconnexion/", login.LogoutView.as_view(), name="logout"),
    path("double-authentification/", mfa.overview, name="mfa"),
    path("double-authentification/codes/", mfa.regenerate, name="mfa_regenerate"),
    path("double-authentification/desactiver/", mfa.disable, name="mfa_disable"),
    path("session/", session.status, name="session_status"),
    path("session/prolonger/", session.stay, name="session_stay"),
]

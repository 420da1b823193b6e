"""People who log in. Login is by e-mail; what a person may do depends on their memberships."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.models import BaseModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        """E-mail addresses are stored lower-cased; people type them as they like."""
        return self.get(email__iexact=username)

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=80, blank=True)
    last_name = models.CharField(_("nom"), max_length=80, blank=True)
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("utilisateur")

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class TotpDevice(BaseModel):
    """The authenticator app of a person (one at most), for the second step of the login.

    ``secret`` is the shared key, encrypted (``accounts/totp.py``): a copy of the database alone
    does not give the codes. ``last_used_step`` is the 30-second step of the last code accepted:
    a code of that step or an earlier one is refused, so a code seen over a shoulder or caught
    on the way cannot be played again. A device counts once ``confirmed_at`` is set, after the
    person typed a first code from the app.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.TextField(_("clé partagée (chiffrée)"))
    confirmed_at = models.DateTimeField(_("activée le"), null=True, blank=True)
    last_used_step = models.BigIntegerField(_("dernier pas de temps utilisé"), default=0)

    class Meta:
        verbose_name = _("application d'authentification")

    def __str__(self):
        return f"{self.user} — TOTP"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class RecoveryCode(BaseModel):
    """A single-use code for a person who no longer has their phone.

    Never stored in clear: ``selector`` (the first group of four characters) finds the row,
    ``code_hash`` is the whole code through Django's password hasher, so one check costs one
    hash whatever the number of codes.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    selector = models.CharField(max_length=4)
    code_hash = models.CharField(max_length=256)
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("code de secours")
        verbose_name_plural = _("codes de secours")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "selector"], name="recovery_code_selector_unique_per_user"
            )
        ]

    def __str__(self):
        return _("%(user)s — code de secours") % {"user": self.user}

"""The account pages and e-mails speak to the person as "tú", like the rest of the site.

allauth's Spanish catalogue says "usted" ("Por favor, confirme su dirección…"); the project's
catalogue gives the same msgids "tú" wording, and Django prefers the project's catalogue.
"""

import re
from html import unescape

from django.core import mail
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import translation

from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from accounts.tests.factories import UserFactory

PASSWORD = "correct-horse-battery"

# Forms only "usted" takes: the pronoun, "su" before what belongs to the reader, usted imperatives
# and questions. "vete a" is "tú" but reads as "go away": the site says "abre" or "ve a".
USTED = re.compile(
    r"\b(?:usted(?:es)?|su (?:contraseña|cuenta|correo|dirección|usuario|navegador|código|aplicación)|"
    r"sus (?:códigos|cuentas)|confirme|introduzca|introdúzcalo|ingrese|haga clic|compruebe|póngase|"
    r"inténtelo|utilice|regístrese|inicie|solicite|escanee|verifique|contáctenos|le hemos|le enviaremos|"
    r"ha olvidado|olvidó|está seguro|desea|recibirá|puede (?:iniciar|ignorar|guardar|registrarse)|vete)\b",
    re.IGNORECASE,
)


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


class TuRegisterChecks:
    def assertTu(self, text, where):
        self.assertEqual(USTED.findall(text), [], f"{where}: {text[:300]}")

    def assertPageInTu(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        self.assertIn('lang="es"', response.content.decode())
        self.assertTu(visible_text(response.content.decode()), url)


class UstedMarkersTests(TestCase):
    def test_the_markers_catch_allauths_own_spanish(self):
        for usted in [
            "Por favor, confirme su dirección de correo electrónico",
            "¿Ha olvidado su contraseña?",
            "Para confirmar que esto es correcto, vete a http://x",
            "Usted está recibiendo este correo",
        ]:
            self.assertTrue(USTED.search(usted), usted)
        for tu in ["Confirma tu dirección de correo", "¿Has olvidado tu contraseña?", "Iniciar sesión"]:
            self.assertIsNone(USTED.search(tu), tu)


class AccountPagesInSpanishTests(TuRegisterChecks, TestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"

    def test_pages_for_someone_not_logged_in(self):
        for name in [
            "account_login",
            "account_signup",
            "account_reset_password",
            "account_reset_password_done",
            "account_email_verification_sent",
            "socialaccount_login_cancelled",
        ]:
            self.assertPageInTu(reverse(name))
        self.assertPageInTu(reverse("socialaccount_login_error"), status=401)
        self.assertPageInTu(reverse("account_confirm_email", args=["not-a-key"]))
        self.assertPageInTu(reverse("account_reset_password_from_key", args=["1", "not-a-key"]))

    def test_a_form_with_errors(self):
        response = self.client.post(reverse("account_login"), {"login": "nadie@example.com", "password": "x" * 12})
        self.assertContains(response, "no son correctas")
        self.assertTu(visible_text(response.content.decode()), "login with a wrong password")
        response = self.client.post(reverse("account_signup"), {"email": "a@example.com", "password1": PASSWORD})
        self.assertTu(visible_text(response.content.decode()), "signup with errors")

    def test_pages_of_a_logged_in_member_including_the_second_factor(self):
        user = UserFactory(email="marta@example.com", password=PASSWORD)
        self.client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        for name in [
            "account_email",
            "account_change_password",
            "account_reauthenticate",
            "account_logout",
            "mfa_index",
            "socialaccount_connections",
        ]:
            self.assertPageInTu(reverse(name))
        self.client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        self.assertPageInTu(reverse("mfa_activate_totp"))
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        RecoveryCodes.activate(user)
        for name in ["mfa_deactivate_totp", "mfa_generate_recovery_codes", "mfa_view_recovery_codes"]:
            self.assertPageInTu(reverse(name))

    def test_the_second_factor_step_of_the_login(self):
        user = UserFactory(email="elena@example.com", password=PASSWORD)
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        response = self.client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True)
        self.assertEqual(response.redirect_chain[-1][0], reverse("mfa_authenticate"))
        self.assertContains(response, "Tu cuenta está protegida")
        self.assertTu(visible_text(response.content.decode()), "mfa_authenticate")


class AccountEmailsInSpanishTests(TuRegisterChecks, TestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"

    def sent(self, url, data):
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, data)
        self.assertEqual(len(mail.outbox), 1, url)
        message = mail.outbox[0]
        self.assertTu(message.subject + " " + message.body, f"e-mail after {url}")
        return message

    def test_sign_up_confirmation(self):
        message = self.sent(
            reverse("account_signup"), {"email": "nuevo@example.com", "password1": PASSWORD, "password2": PASSWORD}
        )
        self.assertIn("Confirma tu dirección de correo", message.subject)
        self.assertIn("Para confirmar que es correcto, abre", message.body)

    def test_password_reset_for_a_known_and_an_unknown_address(self):
        user = UserFactory(email="marta@example.com", password=PASSWORD)
        message = self.sent(reverse("account_reset_password"), {"email": user.email})
        self.assertIn("restablecer tu contraseña", message.body)
        self.sent(reverse("account_reset_password"), {"email": "nadie@example.com"})

    def test_signing_up_again_with_a_taken_address(self):
        user = UserFactory(email="marta@example.com", password=PASSWORD)
        self.sent(reverse("account_signup"), {"email": user.email, "password1": PASSWORD, "password2": PASSWORD})

    def test_every_notification_allauth_can_send(self):
        """Notifications (e-mail changed, password changed, second factor…) rendered as allauth sends them."""
        user = UserFactory(email="marta@example.com")
        request = RequestFactory().get("/", HTTP_USER_AGENT="Firefox")
        request.user = user
        context = {
            "user": user,
            "email": user.email,
            "from_email": "antes@example.com",
            "to_email": user.email,
            "deleted_email": "antes@example.com",
            "code": "ABC123",
            "password_reset_url": "https://lumino.example/accounts/password/reset/",
            "signup_url": "https://lumino.example/accounts/signup/",
            "activate_url": "https://lumino.example/accounts/confirm-email/k/",
            "provider": "GitHub",
            "ip": "203.0.113.9",
            "user_agent": "Firefox",
            "timestamp": "30 de noviembre de 2026",
        }
        prefixes = [
            "account/email/account_already_exists",
            "account/email/email_changed",
            "account/email/email_confirm",
            "account/email/email_confirmation",
            "account/email/email_confirmation_signup",
            "account/email/email_deleted",
            "account/email/login_code",
            "account/email/password_changed",
            "account/email/password_reset",
            "account/email/password_reset_code",
            "account/email/password_reset_key",
            "account/email/password_set",
            "account/email/unknown_account",
            "mfa/email/recovery_codes_generated",
            "mfa/email/totp_activated",
            "mfa/email/totp_deactivated",
            "socialaccount/email/account_connected",
            "socialaccount/email/account_disconnected",
        ]
        with translation.override("es"), allauth_context.request_context(request):
            for prefix in prefixes:
                message = get_adapter().render_mail(prefix, user.email, context)
                self.assertTu(message.subject + " " + message.body, prefix)
                self.assertNotIn("Please", message.body, prefix)

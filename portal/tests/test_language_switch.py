from django.test import TestCase
from django.urls import reverse


class LanguageSwitchTests(TestCase):
    def switch(self, code, next_url=None, **extra):
        url = reverse("switch_language", args=[code])
        return self.client.get(url, {"next": next_url} if next_url is not None else {}, **extra)

    def test_sets_the_cookie_and_goes_back(self):
        response = self.switch("en", "/cursos/?page=2")
        self.assertRedirects(response, "/cursos/?page=2", fetch_redirect_response=False)
        cookie = response.cookies["django_language"]
        self.assertEqual(cookie.value, "en")
        self.assertEqual(cookie["samesite"], "Lax")
        self.assertGreater(int(cookie["max-age"]), 30 * 24 * 3600)

    def test_the_next_page_speaks_the_chosen_language(self):
        self.switch("en", "/")
        self.assertContains(self.client.get("/accounts/login/"), '<html lang="en">')
        self.switch("es", "/")
        self.assertContains(self.client.get("/accounts/login/"), '<html lang="es">')

    def test_refuses_offsite_next_urls(self):
        for next_url in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)", "http:\\\\evil.example"):
            with self.subTest(next_url=next_url):
                response = self.switch("en", next_url)
                self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_without_next_goes_home(self):
        self.assertRedirects(self.switch("es"), "/", fetch_redirect_response=False)

    def test_an_unknown_language_is_404(self):
        response = self.switch("fr", "/")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("django_language", response.cookies)

    def test_is_never_cached(self):
        # A cached redirect would hand one visitor's language cookie to the next.
        response = self.switch("en", "/")
        self.assertIn("private", response["Cache-Control"])
        self.assertIn("no-store", response["Cache-Control"])

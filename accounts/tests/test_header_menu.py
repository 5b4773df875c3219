"""The header every page shares: the logged-out menu is already there, and each search has its own name."""

from django.urls import reverse

from portal.testing import LuminoTestCase


class HeaderTests(LuminoTestCase):
    def test_the_page_arrives_with_the_visitor_menu_that_the_fragment_gives_a_visitor(self):
        page = self.client.get("/accounts/login/").content.decode()
        fragment = self.client.get(reverse("accounts:account_menu")).content.decode().strip()
        slot = page.split('class="site-account"', 1)[1].split("</div>", 1)[0]
        self.assertIn('href="/accounts/login/"', slot)
        self.assertIn('href="/accounts/signup/"', slot)
        self.assertEqual(" ".join(slot.split(">", 1)[1].split()), " ".join(fragment.split()))

    def test_each_search_landmark_has_its_own_name(self):
        page = self.client.get(reverse("search:search"), {"q": "python"}).content.decode()
        self.assertEqual(page.count('role="search"'), 2)
        self.assertIn('role="search" aria-label="Site search"', page)
        self.assertIn('role="search" aria-labelledby="search-page-label"', page)
        self.assertIn('id="search-page-label"', page)

"""The service desk in a real browser: a member opens a ticket (with a look-alike suggested while she
types), an agent answers it in the admin, and the member reads the answer."""

import re

from django.utils import translation
from django.utils.translation import gettext

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def spanish(text):
    with translation.override("es"):
        return gettext(text)


@pytest.fixture
def desk(member):
    from accounts.roles import Role
    from accounts.tests.factories import make_person
    from helpdesk import services
    from helpdesk.models import Queue

    agent = make_person("agente", Role.AGENT, first_name="Ángel", last_name="Soporte", language="es")
    queue = Queue.objects.create(name="Soporte técnico", slug="general")
    queue.agents.add(agent)
    earlier = services.open_ticket(
        requester=member, by=member, title="El vídeo de la lección 2 no carga", description="Pantalla negra."
    )
    return agent, earlier


def test_member_opens_a_ticket_and_reads_the_agents_answer(page, site_tree, member, desk, login_as, browser_context):
    from helpdesk.models import Ticket

    agent, earlier = desk
    login_as(member)
    page.goto("/helpdesk/new/")
    expect(page.locator("h1")).to_have_text(spanish("Open a ticket"))
    page.locator("input[name=title]").fill("El vídeo de la lección 3 no carga")
    # While she types, her open ticket that looks alike is suggested.
    expect(page.locator("#similar-tickets")).to_contain_text(earlier.reference)
    page.locator("textarea[name=description]").fill("Se queda en negro en Firefox y en Chrome.")
    page.get_by_role("button", name=spanish("Send the ticket")).click()
    expect(page.locator("h1")).to_have_text("El vídeo de la lección 3 no carga")
    ticket = Ticket.objects.exclude(pk=earlier.pk).get()
    expect(page).to_have_url(re.compile(re.escape(f"/helpdesk/{ticket.reference}/") + "$"))

    browser_context.clear_cookies()
    login_as(agent)
    page.goto(f"/admin/helpdesk/tickets/{ticket.pk}/")
    expect(page.get_by_text("Se queda en negro en Firefox y en Chrome.")).to_be_visible()
    page.locator("form:has(input[name=action][value=take]) button[type=submit]").click()
    page.locator("textarea[name=reply-body]").fill("Borra la caché del navegador y vuelve a probar, por favor.")
    page.locator("form:has(input[name=action][value=reply]) button[type=submit]").click()
    expect(page.get_by_text(spanish("Reply sent to the requester."))).to_be_visible()

    browser_context.clear_cookies()
    login_as(member)
    page.goto(f"/helpdesk/{ticket.reference}/")
    expect(page.get_by_text("Borra la caché del navegador y vuelve a probar, por favor.")).to_be_visible()
    expect(page.locator(".badge").first).to_have_text(spanish("Assigned"))

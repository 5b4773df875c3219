from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

from portal.testing import LuminoTestCase

from .factories import make_article, make_document, make_library_index, make_pdf, members_collection


class DocumentDownloadTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_library_index()
        cls.public_doc = make_document("Pública", data=make_pdf("Pública", ["hola"]), filename="publica.pdf")
        cls.collection_doc = make_document("Colección", filename="coleccion.pdf", collection=members_collection())
        cls.private_doc = make_document("Privada", filename="privada.pdf")
        cls.shared_doc = make_document("Compartida", filename="compartida.pdf")
        make_article(cls.index, "Pública", documents=[cls.public_doc, cls.shared_doc])
        make_article(cls.index, "Solo miembros", documents=[cls.private_doc, cls.shared_doc], members_only=True)

    def download(self, document):
        return self.client.get(document.url)

    def assertAsksToLogIn(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_documents_download_as_attachments_with_protective_headers(self):
        response = self.download(self.public_doc)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), self.public_doc.file.open("rb").read())
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))
        self.assertIn("publica.pdf", response["Content-Disposition"])
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'; sandbox")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("private", response["Cache-Control"])

    def test_members_only_collection_requires_a_login(self):
        self.assertAsksToLogIn(self.download(self.collection_doc))
        self.client.force_login(self.member)
        self.assertEqual(self.download(self.collection_doc).status_code, 200)

    def test_a_document_attached_only_to_members_only_articles_requires_a_login(self):
        self.assertAsksToLogIn(self.download(self.private_doc))
        self.client.force_login(self.member)
        response = self.download(self.private_doc)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'; sandbox")

    def test_a_document_also_attached_to_a_public_article_stays_public(self):
        self.assertEqual(self.download(self.shared_doc).status_code, 200)

    def test_a_member_outside_the_allowed_groups_is_refused(self):
        restriction = PageViewRestriction.objects.get()
        restriction.restriction_type = PageViewRestriction.GROUPS
        restriction.save()
        restriction.groups.set([Group.objects.create(name="Empresa Acme")])
        self.client.force_login(self.member)
        self.assertEqual(self.download(self.private_doc).status_code, 403)
        self.client.force_login(self.editor)  # staff with admin access may fetch what they manage
        self.assertEqual(self.download(self.private_doc).status_code, 200)

    def test_a_wrong_filename_is_not_found(self):
        self.assertEqual(self.client.get(f"/documents/{self.public_doc.pk}/otro.pdf").status_code, 404)

from django.test import SimpleTestCase

from modelsearch.query import And, Or, PlainText

from search.text import backend_query, clean_query, highlight, query_terms, variants


class QueryTextTests(SimpleTestCase):
    def test_query_terms_are_folded_deduplicated_and_skip_stopwords(self):
        self.assertEqual(query_terms("  Cursos de TECNOLOGÍA y cursos "), ["cursos", "tecnologia"])
        self.assertEqual(query_terms("de la"), ["de", "la"])  # only stopwords: keep them

    def test_variants_cover_spanish_singular_and_plural(self):
        self.assertEqual(variants("cursos"), ["curso", "cursos"])
        self.assertEqual(variants("curso"), ["curso", "cursos"])
        self.assertIn("luz", variants("luces"))
        self.assertIn("profesor", variants("profesores"))
        self.assertIn("clase", variants("clases"))

    def test_backend_query_requires_every_word_in_any_form(self):
        query = backend_query(["cursos", "python"])
        self.assertIsInstance(query, And)
        self.assertIsInstance(query.subqueries[0], Or)
        self.assertEqual([q.query_string for q in query.subqueries[0].subqueries], ["curso", "cursos"])
        self.assertIsInstance(backend_query(["de"]), PlainText)

    def test_clean_query_strips_and_collapses_spaces(self):
        self.assertEqual(clean_query("  hola \n  mundo  "), "hola mundo")
        self.assertEqual(clean_query(None), "")


class HighlightTests(SimpleTestCase):
    def test_escapes_the_text_before_marking_matches(self):
        snippet = highlight('<script>alert("x")</script> un curso & más', ["cursos", "alert"])
        self.assertEqual(
            snippet, "&lt;script&gt;<mark>alert</mark>(&quot;x&quot;)&lt;/script&gt; un <mark>curso</mark> &amp; más"
        )

    def test_matches_ignore_case_and_accents(self):
        self.assertEqual(highlight("La Tecnología avanza", ["tecnologia"]), "La <mark>Tecnología</mark> avanza")
        self.assertEqual(highlight("la tecnologia", ["tecnología"]), "la <mark>tecnologia</mark>")

    def test_the_snippet_is_built_around_the_first_match(self):
        text = " ".join(f"palabra{n}" for n in range(100)) + " objetivo final"
        snippet = highlight(text, ["objetivo"])
        self.assertTrue(snippet.startswith("… "))
        self.assertTrue(snippet.endswith("<mark>objetivo</mark> final"))
        self.assertEqual(len(snippet.split()), 31)  # 30 words and the ellipsis

    def test_without_a_match_the_snippet_is_the_beginning(self):
        text = " ".join(f"w{n}" for n in range(50))
        self.assertEqual(highlight(text, ["nada"]), " ".join(f"w{n}" for n in range(30)) + " …")

"""`{% fragment "name" [context=obj] [per_address=False] %}…{% endfragment %}`: a part of a page
cached for everyone who would see the same thing (home/fragments.py says for whom, and when it is
thrown away).

- `context=`: an object with `.context(request)` (a `Listing`, or a page's `page_context`), whose
  dict is computed, and pushed for the fragment, only when the fragment is not in the cache: a warm
  page runs none of those queries.
- `per_address=False`: the same fragment on every page (the footer); by default a fragment is kept
  per address, query string included.

Nothing personal goes inside a fragment: no CSRF token, no CSP nonce, nothing about the person
beyond the audience the key already holds (visitor, or a member's groups).
"""

from django import template

from ..fragments import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, options):
        self.nodelist = nodelist
        self.name = name
        self.options = options

    def render(self, context):
        request = context["request"]
        options = {key: value.resolve(context) for key, value in self.options.items()}
        provider = options.get("context")

        def render():
            if provider is None:
                return self.nodelist.render(context)
            with context.push(provider.context(request)):
                # Through Template._render, as any template: Django's test client then records
                # the fragment's context (response.context["items"]) like an included template's.
                inner = template.Template("")
                inner.nodelist = self.nodelist
                return inner._render(context)

        per_address = options.get("per_address", True)
        return cached_fragment(self.name.resolve(context), request, render, per_address=per_address)


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    usage = '{% fragment "name" [context=obj] [per_address=False] %}…{% endfragment %}'
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"Usage: {usage}")
    options = template.base.token_kwargs(bits[2:], parser)
    if len(options) != len(bits) - 2 or not set(options) <= {"context", "per_address"}:
        raise template.TemplateSyntaxError(f"Usage: {usage}")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), options)

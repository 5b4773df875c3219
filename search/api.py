"""/api/v1/search/ and /api/v1/search/autocomplete/: the site search as JSON.

Open to everyone (AllowAny); a session or JWT user also finds the members-only pages they may
open, exactly as on the HTML page, because both call `search.services`.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from portal.params import MAX_SLUG_LENGTH

from .registry import kind_label
from .services import MAX_PER_PAGE, PER_PAGE, autocomplete, search_site


class SearchParamsSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=True)
    type = serializers.CharField(required=False, allow_blank=True, default="")
    tag = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_SLUG_LENGTH)
    category = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_SLUG_LENGTH)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2200, allow_null=True, default=None)
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PER_PAGE, default=PER_PAGE)


class TagSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class HitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="page.pk")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField(source="page.title")
    url = serializers.CharField()
    snippet = serializers.CharField(help_text=_("HTML: the text is escaped, matched words are wrapped in <mark>."))
    date = serializers.DateField(allow_null=True)
    category = serializers.CharField()
    tags = TagSerializer(many=True)
    members_only = serializers.BooleanField()


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=_("Pass as the matching query parameter to filter."))
    label = serializers.CharField()
    count = serializers.IntegerField()
    active = serializers.BooleanField()


class FacetsSerializer(serializers.Serializer):
    type = FacetValueSerializer(many=True, required=False)
    tag = FacetValueSerializer(many=True, required=False)
    category = FacetValueSerializer(many=True, required=False)
    year = FacetValueSerializer(many=True, required=False)


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    count = serializers.IntegerField()
    count_is_partial = serializers.BooleanField(
        help_text=_("True when more pages matched than were ranked: `count` is then a lower bound.")
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HitSerializer(many=True)
    facets = FacetsSerializer()
    suggestions = serializers.DictField(allow_null=True, help_text=_("Only when nothing matched."))


class SuggestionSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()


class AutocompleteResponseSerializer(serializers.Serializer):
    results = SuggestionSerializer(many=True)


def _page_link(request, number):
    url = request.build_absolute_uri()
    return replace_query_param(url, "page", number) if number > 1 else remove_query_param(url, "page")


class SearchAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Search courses, news and the library",
        parameters=[SearchParamsSerializer],
        responses={200: SearchResponseSerializer},
        tags=["search"],
    )
    def get(self, request):
        params = SearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        outcome = search_site(
            data["q"],
            user=request.user,
            kind=data["type"],
            tag=data["tag"],
            category=data["category"],
            year=data["year"],
            page=data["page"],
            per_page=data["page_size"],
            request=request,
        )
        page_obj = outcome.page_obj
        for hit in outcome.hits:
            hit.url = hit.page.get_full_url(request)
        body = {
            "query": outcome.query,
            "count": outcome.total,
            "count_is_partial": outcome.partial,
            "next": _page_link(request, page_obj.next_page_number()) if page_obj and page_obj.has_next() else None,
            "previous": _page_link(request, page_obj.previous_page_number())
            if page_obj and page_obj.has_previous()
            else None,
            "results": outcome.hits,
            "facets": outcome.facets,
            "suggestions": outcome.suggestions,
        }
        return Response(SearchResponseSerializer(body).data)


class AutocompleteAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Titles that start like what is being typed (up to 8)",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="What has been typed so far.")],
        responses={200: AutocompleteResponseSerializer},
        tags=["search"],
    )
    def get(self, request):
        results = autocomplete(request.query_params.get("q", ""), user=request.user, request=request)
        for item in results:
            item["kind_label"] = str(kind_label(item["kind"]))
        return Response({"results": results})


urlpatterns = [
    path("search/", SearchAPIView.as_view(), name="search"),
    path("search/autocomplete/", AutocompleteAPIView.as_view(), name="search-autocomplete"),
]

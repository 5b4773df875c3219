"""Learning API: my enrolments with progress, my certificates. Staff use the admin."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from portal.site_url import absolute_url

from .models import Certificate, Enrolment
from .outline import outlines_for

ERROR = OpenApiResponse(description=_("The shared error body: success=false, message, errors, code."))


class ModuleProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="page.pk")
    title = serializers.CharField(source="page.title")
    lessons = serializers.IntegerField(source="total")
    completed = serializers.IntegerField(source="done")
    percent = serializers.IntegerField()


class EnrolmentSerializer(serializers.ModelSerializer):
    course = serializers.SerializerMethodField()
    session = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    resume_url = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = ["id", "course", "session", "status", "source", "enrolled_at", "progress", "resume_url"]

    def _outline(self, enrolment):
        return self.context["outlines"][enrolment.course_id]

    def get_course(self, enrolment) -> dict:
        return {"id": enrolment.course_id, "title": enrolment.course.title, "url": absolute_url(enrolment.course.url)}

    def get_session(self, enrolment) -> dict:
        return {
            "id": enrolment.session_id,
            "starts_at": enrolment.session.starts_at,
            "ends_at": enrolment.session.ends_at,
        }

    def get_progress(self, enrolment) -> dict:
        outline = self._outline(enrolment)
        return {
            "lessons": outline.total,
            "completed": outline.done,
            "percent": outline.percent,
            "modules": ModuleProgressSerializer(outline.modules, many=True).data,
        }

    def get_resume_url(self, enrolment) -> str | None:
        outline = self._outline(enrolment)
        outline.last_lesson_id = enrolment.last_lesson_id
        lesson = outline.resume
        return absolute_url(lesson.url) if lesson else None


class CertificateSerializer(serializers.ModelSerializer):
    course = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    state = serializers.CharField(source="public_state")

    class Meta:
        model = Certificate
        fields = [
            "id",
            "code",
            "course",
            "state",
            "hours",
            "grade",
            "issued_on",
            "expires_on",
            "revoked_at",
            "verify_url",
            "download_url",
        ]

    def get_course(self, certificate) -> dict:
        return {"id": certificate.course_id, "title": certificate.course_title}

    def get_verify_url(self, certificate) -> str:
        return absolute_url(certificate.get_verify_url())

    def get_download_url(self, certificate) -> str | None:
        return absolute_url(certificate.get_download_url()) if certificate.has_pdf else None


@extend_schema_view(
    list=extend_schema(summary="My enrolments, with progress per module and course"),
    retrieve=extend_schema(summary="One of my enrolments", responses={200: EnrolmentSerializer, 404: ERROR}),
)
class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Only the caller's own active enrolments, whatever their role."""

    serializer_class = EnrolmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        return (
            Enrolment.objects.active()
            .filter(member=self.request.user)
            .select_related("course", "session")
            .order_by("-enrolled_at", "-pk")
        )

    def get_serializer(self, *args, **kwargs):
        instance = args[0] if args else None
        items = list(instance) if isinstance(instance, list) else ([instance] if instance is not None else [])
        kwargs.setdefault("context", self.get_serializer_context())
        kwargs["context"]["outlines"] = outlines_for([e.course for e in items], self.request.user)
        return self.get_serializer_class()(*args, **kwargs)


@extend_schema_view(
    list=extend_schema(summary="My certificates"),
    retrieve=extend_schema(summary="One of my certificates", responses={200: CertificateSerializer, 404: ERROR}),
)
class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CertificateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Certificate.objects.none()
        return Certificate.objects.filter(member=self.request.user).order_by("-issued_on", "-pk")


routes = [
    ("enrolments", EnrolmentViewSet, "enrolment"),
    ("certificates", CertificateViewSet, "certificate"),
]

"""Production-safe settings. Every deployment choice is read from the environment.

`dev.py` and `test.py` build on this module; on its own it is what production runs:
DEBUG off, no secret in the repository, and a refusal to start without a real key.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from portal.log_filters import CLIENT_ERROR_LOGGERS

from .env import env_bool, env_int, env_list, env_secret, env_str, env_url, with_url_params
from .media import s3_media
from .providers import social_providers

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
if not DEBUG and (len(SECRET_KEY) < 40 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 40 characters when DEBUG is off. "
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
# Keys that still open data written under an earlier secret: when rotating DJANGO_SECRET_KEY, put the
# old value here, or encrypted personal fields (a mentor's phone and national id) become unreadable.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
# django-fernet-encrypted-fields derives its Fernet keys from SECRET_KEY (+ fallbacks) and these salts.
SALT_KEY = env_list("FIELD_ENCRYPTION_SALTS", ["lumino-personal-fields"])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_ID = 1

INSTALLED_APPS = [
    # Our apps first so their templates and static files win.
    "portal",
    "accounts",
    "home",
    "news",
    "library",
    "courses",
    "learning",
    "helpdesk",
    "mentors",
    "search",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "search.indexing_app.WagtailSearchConfig",  # wagtail.search, with index failures retried (search/)
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    # Background work
    "django_tasks",
    "django_tasks_db",
    # API
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    # Security headers
    "csp",
    "django_prometheus",
    "corsheaders",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "portal.observability.MetricsMiddleware",
    "portal.observability.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Stores what CacheHeadersMiddleware made public, keyed by the content version (portal/page_cache.py).
    "portal.page_cache.UpdatePageCacheMiddleware",
    # Outside everything that sets cookies or Vary (sessions, CSRF, messages, language), so it sees them.
    "portal.page_cache.CacheHeadersMiddleware",
    # A preflight OPTIONS is answered here, before any middleware that could answer it otherwise.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.AdminAccessMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
    # After authentication: a logged-in person's page sets the CSRF cookie before its fragments load.
    "accounts.middleware.MemberCsrfCookieMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.security.PrivateAPIResponseMiddleware",
    "portal.page_cache.FetchPageCacheMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.site_navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default (zero set-up); DATABASE_URL=postgres://… for production and CI.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two writers queue on the
    # busy timeout instead of failing mid-transaction with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 5),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# How long a service waits for a row lock before answering "busy, try again".
LUMINO_LOCK_TIMEOUT_MS = env_int("LOCK_TIMEOUT_MS", 3000)
# Courses: how long an unpaid order holds its seats, and the ways of paying (courses/payments.py).
# The IBAN and beneficiary are edited in the admin (Settings › Payments); these are the fallback.
LUMINO_ORDER_HOLD_MINUTES = env_int("ORDER_HOLD_MINUTES", 30)
# A transfer takes days to arrive: its orders hold their seats longer, and the buyer is reminded.
LUMINO_ORDER_HOLD_DAYS_BANK_TRANSFER = env_int("ORDER_HOLD_DAYS_BANK_TRANSFER", 5)
LUMINO_ORDER_REMINDER_HOURS_BEFORE = env_int("ORDER_REMINDER_HOURS_BEFORE", 24)
LUMINO_PAYMENT_PROVIDERS = ["courses.payments.FreeProvider", "courses.payments.BankTransferProvider"]
LUMINO_BANK_TRANSFER_IBAN = env_str("BANK_TRANSFER_IBAN")
LUMINO_BANK_TRANSFER_BENEFICIARY = env_str("BANK_TRANSFER_BENEFICIARY", "Lumino Formación")
# Mentors: advisory sessions are booked at least this long ahead, and at most this far ahead.
LUMINO_ADVISORY_MIN_NOTICE_HOURS = env_int("ADVISORY_MIN_NOTICE_HOURS", 24)
LUMINO_ADVISORY_HORIZON_DAYS = env_int("ADVISORY_HORIZON_DAYS", 28)

# --- Cache, sessions ------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A Redis outage degrades to cache misses instead of failing requests.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
            "KEY_PREFIX": "lumino",
        }
    }
    # Cache errors go to portal/outages.py: one warning when Redis goes, one when it is back.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "portal.outages.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lumino"}}
# Sessions live in the database so a cache outage never logs anyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Cached fragments of public pages (home/fragments.py): thrown away at once by any content change
# (a newer content version); the timeout bounds what only time changes ("next session", seats
# freed by an expired hold). Each process looks the content version up at most this often.
LUMINO_FRAGMENT_TIMEOUT = env_int("FRAGMENT_TIMEOUT_SECONDS", 300)
LUMINO_CONTENT_VERSION_TTL = env_int("CONTENT_VERSION_TTL_SECONDS", 2)
# Anonymous pages (portal/page_cache.py): how long browsers and proxies may keep them, and
# whether Django serves them from its cache too (an entry lives as long; a change empties it).
LUMINO_PUBLIC_MAX_AGE = env_int("PUBLIC_MAX_AGE_SECONDS", 10)
LUMINO_PAGE_CACHE = env_bool("PAGE_CACHE", True)
CACHE_MIDDLEWARE_SECONDS = LUMINO_PUBLIC_MAX_AGE
CACHE_MIDDLEWARE_KEY_PREFIX = "lumino-"

# --- Background work (Django Tasks API) -----------------------------------------------------
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "portal.task_backends.ResilientRQBackend", "QUEUES": ["default"]}}
    # A Redis that does not answer fails the enqueue within 2 s (the task then runs in-process).
    RQ_QUEUES = {"default": {"URL": with_url_params(REDIS_URL, socket_connect_timeout=2), "DEFAULT_TIMEOUT": 600}}
    # Provides the worker: `manage.py rqworker default --job-class django_tasks_rq.Job`.
    INSTALLED_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Search ---------------------------------------------------------------------------------
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
OPENSEARCH_URL = env_str("OPENSEARCH_URL")
if ELASTICSEARCH_URL:
    _search_backend = {
        "BACKEND": "modelsearch.backends.elasticsearch9",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX_PREFIX": env_str("SEARCH_INDEX_PREFIX", "lumino_"),
        "TIMEOUT": 5,
    }
elif OPENSEARCH_URL:
    _search_backend = {
        "BACKEND": "modelsearch.backends.opensearch3",
        "URLS": [OPENSEARCH_URL],
        "INDEX_PREFIX": env_str("SEARCH_INDEX_PREFIX", "lumino_"),
        "TIMEOUT": 5,
    }
else:
    _search_backend = {"BACKEND": "modelsearch.backends.database"}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Spanish stemming plus unaccent; the configuration is created by a migration in `search`.
        _search_backend["SEARCH_CONFIG"] = "lumino_es"
WAGTAILSEARCH_BACKENDS = {"default": _search_backend}
# Queries longer than this are cut before they reach the backend.
LUMINO_SEARCH_MAX_QUERY_LENGTH = 200

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/dashboard/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.models.display_name"  # the username is internal; people see names
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Per address (a whole office may share one), and per account from one address; then a budget
    # per account across addresses, after which each address gets a few tries an hour
    # (accounts/ratelimits.py).
    "login_failed": "20/5m/ip,5/5m/key",
    "login_failed_account": "20/h/key",
    "login_failed_under_attack": "3/h/key",
    "signup": "10/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "1/3m/key",
}
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
# A social login never takes over an existing account by e-mail alone.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
# GitHub and Google appear only when both their client id and secret are set.
_provider_apps, SOCIALACCOUNT_PROVIDERS = social_providers()
INSTALLED_APPS += _provider_apps
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff must have a second factor before entering the admin (see accounts.middleware).
LUMINO_REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)

# --- E-mail ---------------------------------------------------------------------------------
# Every message is written to the outbox table first and sent by a task, with retries.
EMAIL_BACKEND = "portal.mail.OutboxBackend"
_email = dj_email_url.parse(env_secret("EMAIL_URL") or "smtp://localhost:25")
LUMINO_DELIVERY_EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lumino <no-reply@lumino.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
LUMINO_EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 8)
# A database task RUNNING longer than this lost its worker: the sweep queues it again (portal/orphans.py).
LUMINO_TASK_ORPHAN_SECONDS = env_int("TASK_ORPHAN_SECONDS", 3600)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Madrid")
USE_I18N = True
USE_TZ = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# Files that only their owner or staff may read (certificates, ticket evidence); never under MEDIA_URL.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private_media")
# Public and static files are world-readable so nginx (another user) can serve them; private
# files keep FILE_UPLOAD_PERMISSIONS.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"file_permissions_mode": 0o644}},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "OPTIONS": {"file_permissions_mode": 0o644},
    },
}
# With AWS_STORAGE_BUCKET_NAME, public and private media live on S3 (portal/settings/media.py);
# private files still leave only through the views that check permission.
_s3_storages, MEDIA_IMAGE_ORIGINS = s3_media()
MEDIA_ON_S3 = _s3_storages is not None
if MEDIA_ON_S3:
    STORAGES.update(_s3_storages)
# Where `manage.py backup` writes when given no path (docker-compose mounts a volume there).
BACKUP_DIR = Path(env_str("BACKUP_DIR") or BASE_DIR / "backups")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Lumino"
# The public address, for links made without a request (e-mails, calendar files, tasks); `migrate`
# and `seed_demo` give the default Wagtail Site the same host and port (portal/site_url.py).
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = SITE_URL
# No avatars from Gravatar: no page, public or admin, loads anything from another site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Staff log in through allauth too, so rate limits and the second factor apply to them.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_DOCUMENT_MODEL = "library.LibraryDocument"  # adds extracted text for search
WAGTAILDOCS_DOCUMENT_FORM_BASE = "library.forms.LibraryDocumentForm"  # checks content matches the extension
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # downloads go through a view that checks privacy
WAGTAILDOCS_INLINE_CONTENT_TYPES = []  # every document downloads as an attachment
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt", "zip"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.ImageForm"  # an unreadable image is refused, not a 500
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # refuses decompression bombs
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Wagtail's responsive wrapper is an inline style the CSP refuses; lumino.css keeps frames 16:9.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
TAGGIT_CASE_INSENSITIVE = True
DJANGO_ADMIN_ENABLED = env_bool("DJANGO_ADMIN_ENABLED", False)

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "portal.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "60/min"),
        "user": env_str("API_USER_RATE", "600/min"),
        # Writes that can be abused, per person (portal/throttling.py); token requests per address.
        "auth": env_str("API_AUTH_RATE", "30/min"),
        "mentors": env_str("API_MENTORS_WRITE_RATE", "120/hour"),
        "bookings": env_str("API_BOOKINGS_RATE", "30/hour"),
        "hours": env_str("API_HOURS_RATE", "300/hour"),
    },
}
# Cross-origin API clients (django-cors-headers): only these origins ("https://app.example",
# comma-separated), only under /api/, and without cookies unless CORS_ALLOW_CREDENTIALS is set.
# Empty (the default): no other site's scripts may call the API.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = env_bool("CORS_ALLOW_CREDENTIALS", False)
# A client told to slow down (429) or to come back (503) can read when.
CORS_EXPOSE_HEADERS = ["Retry-After"]
SIMPLE_JWT = {
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    # Each refresh token is accepted once, even by parallel requests (accounts/tokens.py).
    "TOKEN_REFRESH_SERIALIZER": "accounts.tokens.SingleUseTokenRefreshSerializer",
    "UPDATE_LAST_LOGIN": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lumino API",
    "DESCRIPTION": "Courses, reservations, search, mentors, projects and hours of the Lumino portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from the online validator: the docs page loads nothing from other sites.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Only /api/v1/ is documented, and every error answer carries the shared body (portal/openapi.py).
    "PREPROCESSING_HOOKS": ["portal.openapi.public_endpoints"],
    "PARSER_WHITELIST": ["portal.api.JSONParser"],  # the API speaks JSON; forms are accepted, not advertised
    # Request bodies get their own components, where a text field that may not be empty says so.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portal.openapi.document_errors"],
    # Sessions and reservations both have a "status" field: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "SessionStatusEnum": "courses.models.Session.Status",
        "ReservationStatusEnum": "courses.models.Reservation.Status",
        "TicketStatusEnum": "helpdesk.models.Ticket.Status",
    },
}

# --- Security -------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 3600)
# Only once every subdomain serves HTTPS (and, for preload, the domain is submitted to the list).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"  # the site's 403 page (JSON under /api/)
X_FRAME_OPTIONS = "SAMEORIGIN"  # the admin previews pages in a frame
SILENCED_SYSTEM_CHECKS = [
    # security.W019 asks for X-Frame-Options DENY; the admin's live preview frames our own pages,
    # so SAMEORIGIN stays (the CSP's frame-ancestors 'self' says the same to modern browsers).
    "security.W019",
]
# Proxies in front of gunicorn (nginx in docker-compose: 1). Rate limits then count the visitor's
# address (the last X-Forwarded-For entry the proxy added), not the proxy's nor a spoofed one.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT

# --- Content-Security-Policy and Permissions-Policy (portal/security.py) ----------------------
# No inline script or style anywhere: styles and scripts come from static/, JSON-LD carries the
# request's nonce. Embedded media (YouTube, Vimeo) are the only third-party frames.
# Social login and card gateways answer a form POST with a redirect to their own site, which
# form-action must allow: the configured providers are added here, gateways through CSP_FORM_ACTION.
_EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"]
_SOCIAL_LOGIN_ORIGINS = {"github": "https://github.com", "google": "https://accounts.google.com"}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_IMAGE_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *env_list("CSP_FRAME_SRC", _EMBED_ORIGINS)],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [
            SELF,
            *(_SOCIAL_LOGIN_ORIGINS[provider] for provider in SOCIALACCOUNT_PROVIDERS),
            *env_list("CSP_FORM_ACTION"),
        ],
        "frame-ancestors": [SELF],
    }
}
# Wagtail's admin is not CSP-ready upstream (wagtail/wagtail#1288): its form widgets (date,
# page and image choosers) print inline <script> initialisers, its modals run the scripts of the
# HTML they load, and its templates write style="" attributes. So under /admin/ scripts and
# styles may be inline (no nonce there: a nonce would make browsers ignore 'unsafe-inline');
# everything else stays as strict as on the site. blob: shows images about to be uploaded.
LUMINO_ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *MEDIA_IMAGE_ORIGINS],
}
LUMINO_ADMIN_PATH_PREFIX = "/admin/"
# Every powerful feature is off for this site and for anything it frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Logging and error reporting ------------------------------------------------------------
# One JSON object per line in production (LOG_FORMAT=json, the default with DEBUG off), plain
# text on a developer's console; every line carries the request id (portal/observability.py).
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {
        "client_error": {"()": "portal.log_filters.ClientErrorAsWarning"},
        "request_id": {"()": "portal.observability.RequestIdFilter"},
        "cache_error": {"()": "portal.outages.CacheErrorFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "portal.outages.cache": {"filters": ["cache_error"]},
        **{name: {"filters": ["client_error"]} for name in CLIENT_ERROR_LOGGERS},
    },
}
# /metrics (portal/observability.py): Prometheus on these networks, or anyone with the token.
METRICS_TOKEN = env_secret("METRICS_TOKEN")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", ["127.0.0.1/32", "::1/128"])
SENTRY_DSN = env_secret("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, traces_sample_rate=0.0)

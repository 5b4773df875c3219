"""Media on an S3-compatible object store, when `AWS_STORAGE_BUCKET_NAME` is set.

Public media (images and their renditions, under `media/`) get plain, cacheable URLs from the
bucket or `AWS_S3_CUSTOM_DOMAIN`. Private files (certificates, ticket evidence: the "private"
storage, under `private/`, in `AWS_PRIVATE_STORAGE_BUCKET_NAME` when given) keep leaving only
through the Django views that check permission and stream them (`storage.open`), exactly as on
disk; their objects are private, and a URL, if anything ever asked for one, is signed and expires
in five minutes. Documents stay in the public storage as Wagtail keeps them, but are downloaded
through Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD): the bucket must let anonymous readers
get `media/images/*` only (README, "Media on S3").
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .env import env_secret, env_str

S3_BACKEND = "storages.backends.s3.S3Storage"
PUBLIC_PREFIX = "media"
PRIVATE_PREFIX = "private"
SIGNED_URL_SECONDS = 300
PUBLIC_CACHE_CONTROL = "public, max-age=604800"


def s3_media():
    """({"default": …, "private": …}, [image origins for the CSP]) from the environment, or
    (None, []) when no bucket is configured (media stay on the local disk)."""
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return None, []
    endpoint = env_str("AWS_S3_ENDPOINT_URL")
    if endpoint and urlsplit(endpoint).scheme not in {"http", "https"}:
        raise ImproperlyConfigured(f"AWS_S3_ENDPOINT_URL must be an http(s) address, not {endpoint!r}.")
    region = env_str("AWS_S3_REGION_NAME")
    custom_domain = env_str("AWS_S3_CUSTOM_DOMAIN")
    connection = {
        key: value
        for key, value in {
            "endpoint_url": endpoint,
            "region_name": region,
            "access_key": env_secret("AWS_ACCESS_KEY_ID"),
            "secret_key": env_secret("AWS_SECRET_ACCESS_KEY"),
        }.items()
        if value
    }
    public = {
        **connection,
        "bucket_name": bucket,
        "location": PUBLIC_PREFIX,
        "file_overwrite": False,  # a second "photo.jpg" gets its own name, as on disk
        "default_acl": None,  # readable through the bucket policy, not per-object ACLs
        "querystring_auth": False,
        "object_parameters": {"CacheControl": PUBLIC_CACHE_CONTROL},
    }
    if custom_domain:
        public["custom_domain"] = custom_domain
    private = {
        **connection,
        "bucket_name": env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME") or bucket,
        "location": PRIVATE_PREFIX,
        "file_overwrite": False,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": SIGNED_URL_SECONDS,
        "custom_domain": None,  # a custom domain would drop the signature
    }
    storages = {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": public},
        "private": {"BACKEND": S3_BACKEND, "OPTIONS": private},
    }
    return storages, _image_origins(bucket, endpoint, region, custom_domain)


def _image_origins(bucket, endpoint, region, custom_domain):
    """Where the browser fetches public images from, for the Content-Security-Policy's img-src."""
    if custom_domain:
        return [f"https://{custom_domain}"]
    if endpoint:
        parts = urlsplit(endpoint)
        # Path-style (endpoint/bucket/…) or virtual-hosted (bucket.endpoint/…), as the client chooses.
        return [f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://{bucket}.{parts.netloc}"]
    hosts = [f"{bucket}.s3.amazonaws.com"] + ([f"{bucket}.s3.{region}.amazonaws.com"] if region else [])
    return [f"https://{host}" for host in hosts]

from .site_url import sync_default_site


def sync_site_after_migrate(sender, using, **kwargs):
    """Every `migrate` leaves the default Wagtail Site at SITE_URL's host and port."""
    sync_default_site(using=using)

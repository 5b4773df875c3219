"""Which social login providers are on, decided from the environment alone.

A provider is enabled only when both its client id and its secret are set: a half-configured
provider would show a button that fails after the round trip to GitHub or Google.
"""

from .env import env_secret, env_str

# allauth provider id → prefix of its environment variables.
PROVIDERS = {"github": "GITHUB", "google": "GOOGLE"}
# Only what we need to know who someone is: never repositories or contacts.
SCOPES = {"github": ["read:user", "user:email"], "google": ["profile", "email"]}


def social_providers():
    """Return (apps to add to INSTALLED_APPS, SOCIALACCOUNT_PROVIDERS) for the configured providers."""
    apps, providers = [], {}
    for provider, prefix in PROVIDERS.items():
        client_id, secret = env_str(f"{prefix}_CLIENT_ID"), env_secret(f"{prefix}_CLIENT_SECRET")
        if not (client_id and secret):
            continue
        apps.append(f"allauth.socialaccount.providers.{provider}")
        providers[provider] = {
            "APPS": [{"client_id": client_id, "secret": secret, "key": ""}],
            "SCOPE": SCOPES[provider],
            # Never let a provider's e-mail log someone into an existing account (see DESIGN.md).
            "EMAIL_AUTHENTICATION": False,
        }
    return apps, providers

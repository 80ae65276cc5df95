"""Django settings. Every value that varies by deployment comes from `thucthi.env`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from thucthi import env

BASE_DIR = env.BASE_DIR
PRODUCTION = env.get_choice("THUCTHI_ENV", ("development", "production")) == "production"
VAR_DIR = env.var_dir()

SECRET_KEY = env.secret_key(PRODUCTION)
DEBUG = env.get_bool("THUCTHI_DEBUG") and not PRODUCTION
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "huey.contrib.djhuey",
    "thucthi.core",
    "thucthi.audit",
    "thucthi.orgs",
    "thucthi.accounts",
    "thucthi.council",
    "thucthi.workdays",
    "thucthi.tasks",
    "thucthi.notifications",
    "thucthi.accountability",
    "thucthi.indicators",
    "thucthi.follows",
    "thucthi.demo",
    "thucthi.web",
    "thucthi.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thucthi.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "thucthi.web.administration.middleware.PasswordChangeRequired",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "thucthi.urls"
WSGI_APPLICATION = "thucthi.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "thucthi.web.context.site",
            ],
        },
    },
]

DATABASES = {"default": env.database(VAR_DIR / "thucthi.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese first; English selectable. Formats: dd/mm/yyyy and 1.234,5 (see core/formats).
LANGUAGE_CODE = env.get_choice("THUCTHI_LANGUAGE", ("vi", "en"))
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "thucthi" / "locale"]
FORMAT_MODULE_PATH = ["thucthi.core.formats"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

_redis = env.get("REDIS_URL")
HUEY: dict[str, Any] = {
    "name": "thucthi",
    "immediate": False,
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
}
if _redis:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": _redis})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "jobs.sqlite3")})

CACHES: dict[str, Any] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis}
        if _redis
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
    )
}

globals().update(env.email(env.get("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL")

# The application clock's shift (tests prove with it that they do not depend on the day they run).
CLOCK_OFFSET_DAYS = env.get_int("THUCTHI_CLOCK_OFFSET_DAYS", minimum=-36500)
if PRODUCTION and CLOCK_OFFSET_DAYS:
    raise ImproperlyConfigured("THUCTHI_CLOCK_OFFSET_DAYS chỉ dùng khi phát triển và kiểm thử (not in production).")

# Task rules a province can change (see docs/configuration.md).
TASK_RETURN_DAYS = env.get_int("THUCTHI_TASK_RETURN_DAYS")
TASK_REMINDER_DAYS = env.get_int("THUCTHI_REMINDER_DAYS")
TASK_ESCALATION_DAYS = env.get_int("THUCTHI_ESCALATION_DAYS", minimum=1)
TASK_INACTIVITY_DAYS = env.get_int("THUCTHI_INACTIVITY_DAYS", minimum=1)
TASK_ATTACHMENT_MAX_MB = env.get_int("THUCTHI_ATTACHMENT_MAX_MB", minimum=1)
# Indicator status thresholds a province can change (see docs/indicators.md).
INDICATOR_THRESHOLDS = env.get_pairs("THUCTHI_INDICATOR_THRESHOLDS")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"huey": {"handlers": [], "propagate": False}, "thucthi": {"handlers": ["console"], "level": env.get("THUCTHI_LOG_LEVEL"), "propagate": False}},
}

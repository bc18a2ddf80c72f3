# The application image used by docker-compose.yml (web, worker, beat and the one-off setup).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --create-home --uid 10001 app && mkdir -p /app/var && chown -R app /app/var
USER app
RUN DEMO_MODE=1 DATABASE_URL=postgres://unused/unused REDIS_URL=redis://unused:6379/0 \
    python manage.py collectstatic --noinput -v 0
EXPOSE 8000
CMD ["gunicorn", "misconduct.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-"]

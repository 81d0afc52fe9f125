"""What every benchmark needs to manage its own database on the server of DATABASE_URL."""

from __future__ import annotations

import environ
import psycopg


def admin_conninfo(url: str) -> str:
    """Connection parameters for the server's `postgres` database: where databases are created and dropped."""
    config = environ.Env.db_url_config(url)
    host = config.get("OPTIONS", {}).get("host") or config["HOST"] or "127.0.0.1"
    return psycopg.conninfo.make_conninfo(
        host=host, port=config["PORT"] or 5432, user=config["USER"], password=config["PASSWORD"], dbname="postgres"
    )
